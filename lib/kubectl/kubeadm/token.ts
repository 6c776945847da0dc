// kubeadm token create / list / delete (cmd/kubeadm/app/cmd/token.go): bootstrap tokens are Secrets
// of type bootstrap.kubernetes.io/token named bootstrap-token-<id> in kube-system
// (phases/bootstraptoken/node/token.go, apis/bootstraptoken/v1 BootstrapTokenToSecret). Expired tokens
// are deleted as the controller-manager's tokencleaner does, when kubeadm next looks at them.
import { b64decode, b64encode } from "../../sim/apiserver/apiserver";
import { fnv32a } from "../../sim/util";
import { parseGoDuration } from "../kubectl/drain-wait";
import { tabwrite as kubectlTabwrite } from "../kubectl/table";
import type { ApiResource, ClusterApi, Json } from "../cluster-api";
import type { CmdIO, ShellState } from "../shell/types";

export const TOKEN_RE = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
const ADMIN = { user: "kubernetes-admin", groups: ["kubeadm:cluster-admins", "system:authenticated"] };
/** kubeadm's default groups and usages for a node bootstrap token (constants.NodeBootstrapTokenAuthGroup). */
export const DEFAULT_GROUPS = ["system:bootstrappers:kubeadm:default-node-token"];
export const DEFAULT_USAGES = ["signing", "authentication"];
const ERR_TAIL = "\nTo see the stack trace of this error execute with --v=5 or higher\n";

export interface BootstrapToken {
  id: string;
  secret: string;
  /** epoch ms; null = never */
  expires: number | null;
  usages: string[];
  groups: string[];
  description: string;
}

function secretsRes(c: ClusterApi): ApiResource {
  const r = c.resources().find((x) => x.name === "secrets" && x.group === "");
  if (!r) throw new Error("secrets not served");
  return r;
}

const dec = (v: unknown) => (typeof v === "string" ? b64decode(v) : "");

/** The Secret kubeadm writes for a token (BootstrapTokenToSecret: data keys as bootstrapapi names them). */
export function tokenSecret(t: BootstrapToken): Json {
  const data: Record<string, string> = { "token-id": t.id, "token-secret": t.secret };
  if (t.description) data.description = t.description;
  if (t.expires !== null) data.expiration = new Date(t.expires).toISOString().replace(/\.\d{3}Z$/, "Z");
  for (const u of t.usages) data[`usage-bootstrap-${u}`] = "true";
  if (t.groups.length) data["auth-extra-groups"] = t.groups.join(",");
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: `bootstrap-token-${t.id}`, namespace: "kube-system" },
    type: "bootstrap.kubernetes.io/token",
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64encode(v)])),
  };
}

function fromSecret(s: Json): BootstrapToken | null {
  const d = (s.data ?? {}) as Record<string, string>;
  const id = dec(d["token-id"]);
  const secret = dec(d["token-secret"]);
  if (!id || !secret) return null;
  const exp = dec(d.expiration);
  return {
    id,
    secret,
    expires: exp ? Date.parse(exp) : null,
    usages: Object.keys(d).filter((k) => k.startsWith("usage-bootstrap-") && dec(d[k]) === "true").map((k) => k.slice(16)).sort(),
    groups: dec(d["auth-extra-groups"]).split(",").filter(Boolean),
    description: dec(d.description),
  };
}

/** The cluster's live bootstrap tokens; expired ones are removed first (tokencleaner). */
export function liveTokens(c: ClusterApi): BootstrapToken[] {
  const res = secretsRes(c);
  const r = c.list(res, "kube-system", ADMIN);
  if (!r.ok) return [];
  const out: BootstrapToken[] = [];
  for (const s of r.value) {
    if (s.type !== "bootstrap.kubernetes.io/token") continue;
    const t = fromSecret(s);
    if (!t) continue;
    if (t.expires !== null && t.expires <= c.now()) {
      c.delete(res, "kube-system", s.metadata.name, { ...ADMIN, gracePeriodSeconds: 0 });
      continue;
    }
    out.push(t);
  }
  return out;
}

/** A stable sha256-shaped pin of the cluster's CA public key (what `openssl x509 -pubkey … | sha256sum` gives on a real cluster). */
export function caCertHash(c: ClusterApi): string {
  const nsRes = c.resources().find((x) => x.name === "namespaces" && x.group === "");
  const ns = nsRes ? c.get(nsRes, undefined, "kube-system", ADMIN) : null;
  const seed = ns && ns.ok ? String(ns.value.metadata?.uid ?? "") : "kubernetes";
  let hex = "";
  // chained so that the eight words do not repeat a pattern
  for (let i = 0; hex.length < 64; i++) hex += fnv32a(`ca.crt/${seed}/${i}/${hex}`).toString(16).padStart(8, "0");
  return `sha256:${hex.slice(0, 64)}`;
}

/** A fresh token from the cluster's state (deterministic per virtual time and count). */
function generate(c: ClusterApi, n: number): { id: string; secret: string } {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  let s = "";
  for (let i = 0; s.length < 22; i++) {
    let h = fnv32a(`${c.now()}/${n}/${i}`);
    for (let k = 0; k < 4 && s.length < 22; k++) {
      s += alphabet[h % 36];
      h = Math.floor(h / 36);
    }
  }
  return { id: s.slice(0, 6), secret: s.slice(6) };
}

/** The API server endpoint a join command names (the control-plane's advertise address). */
export function apiEndpoint(c: ClusterApi): string {
  return (c.controlPlane?.server() ?? "https://172.30.1.2:6443").replace(/^https:\/\//, "");
}

/** duration.ShortHumanDuration (k8s.io/apimachinery/pkg/util/duration). */
export function shortHumanDuration(ms: number): string {
  const s = Math.trunc(ms / 1000);
  if (s < -1) return "<invalid>";
  if (s < 0) return "0s";
  if (s < 60) return `${s}s`;
  const m = Math.trunc(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.trunc(m / 60);
  if (h < 24) return `${h}h`;
  if (h < 24 * 365) return `${Math.trunc(h / 24)}d`;
  return `${Math.trunc(h / 24 / 365)}y`;
}

/** Go's text/tabwriter with kubeadm's settings (minwidth 10, padding 3): kubectl's table writer. */
export function tabwrite(rows: string[][]): string {
  return kubectlTabwrite(rows, 10, 3);
}

function usage(io: CmdIO, msg: string): number {
  io.err(`error: ${msg}${ERR_TAIL}`);
  return 1;
}

function create(argv: string[], io: CmdIO, c: ClusterApi): number {
  let print = false;
  let ttl = 24 * 3600_000;
  let usages = DEFAULT_USAGES;
  let groups = DEFAULT_GROUPS;
  let description = "";
  let given: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const val = () => inline ?? argv[++i] ?? "";
    if (flag === "--print-join-command") print = inline === undefined || inline === "true";
    else if (flag === "--ttl") {
      const v = val();
      const d = parseGoDuration(v);
      if (d === null) return usage(io, `invalid argument "${v}" for "--ttl" flag: time: invalid duration "${v}"`);
      ttl = d;
    } else if (flag === "--usages") usages = val().split(",").filter(Boolean);
    else if (flag === "--groups") groups = val().split(",").filter(Boolean);
    else if (flag === "--description") description = val();
    else if (flag === "--kubeconfig" || flag === "--config") val();
    else if (a.startsWith("-")) return usage(io, `unknown flag: ${flag}`);
    else if (given === undefined) given = a;
    else return usage(io, `unknown command "${a}" for "kubeadm token create"`);
  }
  const existing = liveTokens(c);
  let tok: { id: string; secret: string };
  if (given !== undefined) {
    const m = TOKEN_RE.exec(given);
    if (!m) return usage(io, `the bootstrap token "${given}" was not of the form "^([a-z0-9]{6})\\.([a-z0-9]{16})$"`);
    tok = { id: m[1], secret: m[2] };
  } else tok = generate(c, existing.length);
  for (const u of usages) {
    if (u !== "signing" && u !== "authentication") return usage(io, `invalid bootstrap token usage string: ${u}, valid usage options: signing, authentication`);
  }
  const t: BootstrapToken = { ...tok, expires: ttl > 0 ? c.now() + ttl : null, usages, groups, description };
  const r = c.create(secretsRes(c), "kube-system", tokenSecret(t), ADMIN);
  if (!r.ok) {
    if (r.status.reason === "AlreadyExists") return usage(io, `failed to create or update bootstrap token with name bootstrap-token-${t.id}: secrets "bootstrap-token-${t.id}" already exists`);
    return usage(io, r.status.message);
  }
  const token = `${t.id}.${t.secret}`;
  // token.go RunCreateToken: the join template's line breaks and tabs are removed, its trailing space stays
  io.out(print ? `kubeadm join ${apiEndpoint(c)} --token ${token} --discovery-token-ca-cert-hash ${caCertHash(c)} \n` : `${token}\n`);
  return 0;
}

function list(io: CmdIO, c: ClusterApi): number {
  const rows = [["TOKEN", "TTL", "EXPIRES", "USAGES", "DESCRIPTION", "EXTRA GROUPS"]];
  for (const t of liveTokens(c)) {
    const ttl = t.expires === null ? "<forever>" : shortHumanDuration(t.expires - c.now());
    const exp = t.expires === null ? "<never>" : new Date(t.expires).toISOString().replace(/\.\d{3}Z$/, "Z");
    rows.push([`${t.id}.${t.secret}`, ttl, exp, t.usages.join(",") || "<none>", t.description || "<none>", t.groups.join(",") || "<none>"]);
  }
  io.out(tabwrite(rows));
  return 0;
}

function del(args: string[], io: CmdIO, c: ClusterApi): number {
  if (!args.length) return usage(io, `missing argument; 'token delete' is missing token of form "^([a-z0-9]{6})$" or "^([a-z0-9]{6})\\.([a-z0-9]{16})$"`);
  const res = secretsRes(c);
  for (const a of args) {
    let id = a;
    if (!/^[a-z0-9]{6}$/.test(a)) {
      const m = TOKEN_RE.exec(a);
      if (!m) return usage(io, `given token didn't match pattern "^([a-z0-9]{6})$" or "^([a-z0-9]{6})\\.([a-z0-9]{16})$"`);
      id = m[1];
    }
    const r = c.delete(res, "kube-system", `bootstrap-token-${id}`, { ...ADMIN, gracePeriodSeconds: 0 });
    if (!r.ok) return usage(io, `failed to delete bootstrap token "${id}": ${r.status.message}`);
    io.out(`bootstrap token "${id}" deleted\n`);
  }
  return 0;
}

/** kubeadm token SUBCOMMAND (needs /etc/kubernetes/admin.conf: the control-plane host). */
export function kubeadmToken(argv: string[], io: CmdIO, state: ShellState): number {
  const c = state.clusters.get(state.currentContext);
  const sub = argv[2];
  if (sub === "generate") {
    const t = c ? generate(c, -1) : { id: "", secret: "" };
    io.out(`${t.id}.${t.secret}\n`);
    return 0;
  }
  if (!c || !state.fs.isFile("/etc/kubernetes/admin.conf")) {
    // only a control-plane host has admin.conf (every host has its own files: shell/host-fs.ts)
    return usage(io, `failed to load admin kubeconfig: open /etc/kubernetes/admin.conf: no such file or directory`);
  }
  const rest = argv.slice(3);
  if (sub === "create") return create(rest, io, c);
  if (sub === "list") return list(io, c);
  if (sub === "delete") return del(rest.filter((a) => !a.startsWith("-")), io, c);
  return usage(io, sub ? `unknown command "${sub}" for "kubeadm token"` : `missing subcommand; "token" is not meant to be run on its own`);
}

