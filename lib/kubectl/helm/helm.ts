// The simulated `helm` (v3.21 texts, cmd/helm/*.go): repo add/list/update/remove against the
// built-in repository (charts.ts), search repo, install/upgrade (--install)/rollback/uninstall,
// list, status, history, get values|manifest|notes, template, show values|chart, version.
// Releases are stored as Helm stores them: Secrets `sh.helm.release.v1.<name>.v<revision>` of type
// `helm.sh/release.v1` labelled name/owner/status/version in the release namespace, whose
// `release` key holds the release record (base64 JSON here; Helm gzips it first). Charts render
// with a Go template subset (template.ts) and the objects are created in the cluster like Helm
// does (kind install order, `meta.helm.sh/release-*` annotations, `app.kubernetes.io/managed-by:
// Helm`, the ownership check on objects that already exist).
import { b64decode, b64encode } from "../base64";
import type { ApiResource, ClusterApi, Json, Status } from "../cluster-api";
import { SimulationStopped } from "../cluster-api";
import { resourceForKind } from "../resources";
import { abs } from "../shell/builtins";
import type { CmdIO, ShellState } from "../shell/types";
import { parseManifests, toYaml } from "../kubectl/yaml";
import { REPOSITORIES, type Chart } from "./charts";
import { renderChart } from "./template";

export const HELM_VERSION = "v3.21.4";
const REPO_FILE = ".config/helm/repositories.yaml";

class HelmError extends Error {}

type FlagType = "bool" | "string" | "strings";
const GLOBAL: Record<string, { t: FlagType; s?: string }> = {
  namespace: { t: "string", s: "n" }, "kube-context": { t: "string" }, debug: { t: "bool" }, help: { t: "bool", s: "h" }, kubeconfig: { t: "string" },
};
const VALUES: Record<string, { t: FlagType; s?: string }> = { values: { t: "strings", s: "f" }, set: { t: "strings" }, "set-string": { t: "strings" } };
const COMMANDS: Record<string, Record<string, { t: FlagType; s?: string }>> = {
  "repo add": { "force-update": { t: "bool" } },
  "repo list": { output: { t: "string", s: "o" } },
  "repo update": {},
  "repo remove": {},
  "search repo": { versions: { t: "bool" }, version: { t: "string" }, output: { t: "string", s: "o" } },
  install: { ...VALUES, "create-namespace": { t: "bool" }, version: { t: "string" }, "generate-name": { t: "bool", s: "g" }, wait: { t: "bool" }, timeout: { t: "string" }, atomic: { t: "bool" }, "dry-run": { t: "string" }, description: { t: "string" }, output: { t: "string", s: "o" } },
  upgrade: { ...VALUES, install: { t: "bool", s: "i" }, "create-namespace": { t: "bool" }, version: { t: "string" }, "reuse-values": { t: "bool" }, "reset-values": { t: "bool" }, "reset-then-reuse-values": { t: "bool" }, wait: { t: "bool" }, timeout: { t: "string" }, atomic: { t: "bool" }, description: { t: "string" }, output: { t: "string", s: "o" } },
  rollback: { wait: { t: "bool" }, timeout: { t: "string" } },
  uninstall: { "keep-history": { t: "bool" }, wait: { t: "bool" }, timeout: { t: "string" } },
  list: { "all-namespaces": { t: "bool", s: "A" }, all: { t: "bool", s: "a" }, short: { t: "bool", s: "q" }, output: { t: "string", s: "o" }, filter: { t: "string" }, "no-headers": { t: "bool" } },
  status: { revision: { t: "string" }, "show-desc": { t: "bool" }, output: { t: "string", s: "o" } },
  history: { max: { t: "string" }, output: { t: "string", s: "o" } },
  "get values": { all: { t: "bool", s: "a" }, revision: { t: "string" }, output: { t: "string", s: "o" } },
  "get manifest": { revision: { t: "string" } },
  "get notes": { revision: { t: "string" } },
  template: { ...VALUES, version: { t: "string" }, "show-only": { t: "strings", s: "s" }, "generate-name": { t: "bool", s: "g" } },
  "show values": { version: { t: "string" } },
  "show chart": { version: { t: "string" } },
  version: { short: { t: "bool" } },
};
const ALIASES: Record<string, string> = { un: "uninstall", del: "uninstall", delete: "uninstall", ls: "list", hist: "history", inspect: "show", "search repository": "search repo", "repo ls": "repo list", "repo rm": "repo remove" };
const GROUPS = ["repo", "search", "get", "show"];

interface Parsed {
  cmd: string;
  args: string[];
  flags: Map<string, string | boolean | string[]>;
}

function parseArgs(argv: string[]): Parsed {
  const raw = argv.slice(1);
  // the command words (`install`, `repo add`, ...): the first non-flag words; a global flag's value is skipped
  const words: string[] = [];
  let cmd = "";
  for (let i = 0; i < raw.length && (!cmd || (GROUPS.includes(cmd) && words.length === 1)); i++) {
    const a = raw[i];
    if (a.startsWith("-") && a !== "-") {
      const name = a.replace(/^-+/, "").split("=")[0];
      const g = GLOBAL[name] ?? Object.values(GLOBAL).find((x) => x.s === name);
      if (g && g.t !== "bool" && !a.includes("=")) i++;
      continue;
    }
    words.push(a);
    cmd = ALIASES[words.join(" ")] ?? words.join(" ");
  }
  const spec = { ...GLOBAL, ...(COMMANDS[cmd] ?? {}) };
  const flags = new Map<string, string | boolean | string[]>();
  const args: string[] = [];
  let skipWords = words.length;
  for (let j = 0; j < raw.length; j++) {
    const a = raw[j];
    if (a === "--") {
      args.push(...raw.slice(j + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const s = spec[name];
      if (!s) throw new HelmError(`unknown flag: --${name}`);
      const v = eq >= 0 ? a.slice(eq + 1) : s.t === "bool" ? true : raw[++j];
      if (v === undefined) throw new HelmError(`flag needs an argument: --${name}`);
      setFlag(flags, name, s.t, v);
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      const letters = a.slice(1);
      for (let k = 0; k < letters.length; k++) {
        const entry = Object.entries(spec).find(([, v]) => v.s === letters[k]);
        if (!entry) throw new HelmError(`unknown shorthand flag: '${letters[k]}' in ${a}`);
        const [name, s] = entry;
        if (s.t === "bool") {
          setFlag(flags, name, "bool", true);
          continue;
        }
        const v = letters.slice(k + 1).replace(/^=/, "") || raw[++j];
        if (v === undefined) throw new HelmError(`flag needs an argument: '${letters[k]}' in ${a}`);
        setFlag(flags, name, s.t, v);
        break;
      }
      continue;
    }
    if (skipWords > 0) {
      skipWords--;
      continue;
    }
    args.push(a);
  }
  return { cmd, args, flags };
}

function setFlag(flags: Parsed["flags"], name: string, t: FlagType, v: string | boolean | undefined): void {
  if (v === undefined) return;
  if (t === "strings") flags.set(name, [...((flags.get(name) as string[]) ?? []), ...String(v).split(/(?<!\\),/).filter((x) => name.startsWith("set") || x)]);
  else if (t === "bool") flags.set(name, v === true || v === "true");
  else flags.set(name, String(v));
}

interface Env {
  state: ShellState;
  io: CmdIO;
  p: Parsed;
  cluster: ClusterApi;
  user: string;
  namespace: string;
}

const str = (p: Parsed, k: string) => (typeof p.flags.get(k) === "string" ? (p.flags.get(k) as string) : "");
const bool = (p: Parsed, k: string) => p.flags.get(k) === true;
const list = (p: Parsed, k: string) => (p.flags.get(k) as string[] | undefined) ?? [];

/** `helm ...` in the learner's shell. */
export function helm(argv: string[], io: CmdIO, state: ShellState): number {
  try {
    const p = parseArgs(argv);
    if (!p.cmd || bool(p, "help")) {
      io.out(HELP);
      return 0;
    }
    if (!COMMANDS[p.cmd]) {
      if (GROUPS.includes(p.cmd)) {
        io.out(HELP);
        return 0;
      }
      io.err(`Error: unknown command "${p.cmd.split(" ")[0]}" for "helm"\nRun 'helm --help' for usage.\n`);
      return 1;
    }
    const ctxName = str(p, "kube-context") || state.currentContext;
    const kc = state.contexts.find((c) => c.name === ctxName);
    if (!kc) throw new HelmError(`kubernetes cluster unreachable: context "${ctxName}" does not exist`);
    const cluster = state.clusters.get(kc.name) as ClusterApi;
    const env: Env = { state, io, p, cluster, user: kc.user, namespace: str(p, "namespace") || kc.namespace || "default" };
    return RUN[p.cmd](env);
  } catch (e) {
    if (e instanceof SimulationStopped) throw e;
    if (e instanceof HelmError) {
      io.err(`Error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

// --- repositories --------------------------------------------------------------------------------
function repoPath(env: Env): string {
  return `${env.state.home}/${REPO_FILE}`;
}

function repos(env: Env): { name: string; url: string }[] {
  const r = env.state.fs.read(repoPath(env));
  if (!r.ok) return [];
  const parsed = parseManifests(r.value, "repositories.yaml");
  if (!parsed.ok || !parsed.docs[0]) return [];
  return ((parsed.docs[0].repositories ?? []) as Json[]).map((x) => ({ name: String(x.name), url: String(x.url) }));
}

function saveRepos(env: Env, list: { name: string; url: string }[]): void {
  const dir = repoPath(env).replace(/\/[^/]+$/, "");
  env.state.fs.mkdirp(dir);
  const doc = { apiVersion: "", generated: "0001-01-01T00:00:00Z", repositories: list.map((r) => ({ caFile: "", certFile: "", insecure_skip_tls_verify: false, keyFile: "", name: r.name, pass_credentials_all: false, password: "", url: r.url, username: "" })) };
  env.state.fs.write(repoPath(env), toYaml(doc));
}

/** uitable as Helm uses it: every cell padded to its column, columns joined by a tab. */
function table(rows: string[][]): string {
  const w: number[] = [];
  for (const r of rows) r.forEach((c, i) => (w[i] = Math.max(w[i] ?? 0, [...c].length)));
  return rows.map((r) => r.map((c, i) => c + " ".repeat(w[i] - [...c].length)).join("\t")).join("\n") + "\n";
}

function repoAdd(env: Env): number {
  const [name, url] = env.p.args;
  if (!name || !url) throw new HelmError(`"helm repo add" requires 2 arguments\n\nUsage:  helm repo add [NAME] [URL] [flags]`);
  if (name.includes("/")) throw new HelmError(`repository name (${name}) contains '/', please specify a different name without '/'`);
  const list = repos(env);
  const same = list.find((r) => r.name === name);
  const u = url.replace(/\/+$/, "");
  if (same && !bool(env.p, "force-update")) {
    if (same.url === u) {
      env.io.out(`"${name}" already exists with the same configuration, skipping\n`);
      return 0;
    }
    throw new HelmError(`repository name (${name}) already exists, please specify a different name`);
  }
  if (!REPOSITORIES[u]) {
    const host = u.replace(/^[a-z]+:\/\//, "").split("/")[0];
    throw new HelmError(`looks like "${url}" is not a valid chart repository or cannot be reached: Get "${u}/index.yaml": dial tcp: lookup ${host} on 10.96.0.10:53: no such host`);
  }
  saveRepos(env, [...list.filter((r) => r.name !== name), { name, url: u }]);
  env.io.out(`"${name}" has been added to your repositories\n`);
  return 0;
}

function repoList(env: Env): number {
  const list = repos(env);
  if (!list.length) throw new HelmError("no repositories to show");
  env.io.out(table([["NAME", "URL"], ...list.map((r) => [r.name, r.url])]));
  return 0;
}

function repoUpdate(env: Env): number {
  const list = repos(env);
  if (!list.length) throw new HelmError("no repositories found. You must add one before updating");
  const want = env.p.args;
  const chosen = want.length ? list.filter((r) => want.includes(r.name)) : list;
  for (const w of want) if (!list.some((r) => r.name === w)) throw new HelmError(`no repositories found matching '${w}'.  Nothing will be updated`);
  env.io.out("Hang tight while we grab the latest from your chart repositories...\n");
  for (const r of chosen) env.io.out(`...Successfully got an update from the "${r.name}" chart repository\n`);
  env.io.out("Update Complete. ⎈Happy Helming!⎈\n");
  return 0;
}

function repoRemove(env: Env): number {
  const list = repos(env);
  if (!env.p.args.length) throw new HelmError(`"helm repo remove" requires at least 1 argument\n\nUsage:  helm repo remove [REPO1 [REPO2 ...]] [flags]`);
  let left = list;
  for (const n of env.p.args) {
    if (!left.some((r) => r.name === n)) throw new HelmError(`no repo named "${n}" found`);
    left = left.filter((r) => r.name !== n);
    env.io.out(`"${n}" has been removed from your repositories\n`);
  }
  saveRepos(env, left);
  return 0;
}

function searchRepo(env: Env): number {
  const term = (env.p.args[0] ?? "").toLowerCase();
  const rows: string[][] = [];
  for (const r of repos(env)) {
    const seen = new Set<string>();
    for (const c of REPOSITORIES[r.url] ?? []) {
      if (!bool(env.p, "versions") && seen.has(c.name)) continue;
      seen.add(c.name);
      const full = `${r.name}/${c.name}`;
      if (term && !full.toLowerCase().includes(term) && !c.description.toLowerCase().includes(term)) continue;
      rows.push([full, c.version, c.appVersion, c.description]);
    }
  }
  if (!rows.length) {
    env.io.out("No results found\n");
    return 0;
  }
  env.io.out(table([["NAME", "CHART VERSION", "APP VERSION", "DESCRIPTION"], ...rows]));
  return 0;
}

// --- charts and values ---------------------------------------------------------------------------
function locateChart(env: Env, ref: string, failPrefix: string): Chart {
  const version = str(env.p, "version");
  const local = env.state.fs.isDir(abs(env.state, ref));
  if (local) return loadLocal(env, abs(env.state, ref), failPrefix);
  if (!ref.includes("/")) throw new HelmError(`${failPrefix}non-absolute URLs should be in form of repo_name/path_to_chart, got: ${ref}`);
  const [repo, name] = ref.split("/");
  const r = repos(env).find((x) => x.name === repo);
  if (!r) throw new HelmError(`${failPrefix}repo ${repo} not found`);
  const c = (REPOSITORIES[r.url] ?? []).find((x) => x.name === name && (!version || x.version === version));
  if (!c) throw new HelmError(`${failPrefix}chart "${name}" matching ${version} not found in ${repo} index. (try 'helm repo update'): ${version ? `no chart version found for ${name}-${version}` : "no chart name found"}`);
  return c;
}

function loadLocal(env: Env, dir: string, failPrefix: string): Chart {
  const fs = env.state.fs;
  const meta = fs.read(`${dir}/Chart.yaml`);
  if (!meta.ok) throw new HelmError(`${failPrefix}Chart.yaml file is missing`);
  const parsed = parseManifests(meta.value, "Chart.yaml");
  const m = parsed.ok ? (parsed.docs[0] ?? {}) : {};
  if (!m.name) throw new HelmError(`${failPrefix}validation: chart.metadata.name is required`);
  const templates: Record<string, string> = {};
  for (const f of fs.walk(`${dir}/templates`)) {
    if (!fs.isFile(f)) continue;
    const r = fs.read(f);
    if (r.ok) templates[f.slice(`${dir}/templates/`.length)] = r.value;
  }
  const values = fs.read(`${dir}/values.yaml`);
  return { name: String(m.name), version: String(m.version ?? "0.1.0"), appVersion: String(m.appVersion ?? ""), description: String(m.description ?? ""), values: values.ok ? values.value : "", templates };
}

function yamlDoc(text: string, source: string): Json {
  const r = parseManifests(text, source);
  if (!r.ok) throw new HelmError(r.error.replace(/^error: /, ""));
  return r.docs[0] ?? {};
}

function isObj(v: Json): boolean {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

/** chartutil.CoalesceTables: user values over defaults, maps merged deeply, null deletes. */
function coalesce(dst: Json, src: Json): Json {
  const out: Json = isObj(dst) ? { ...dst } : {};
  for (const [k, v] of Object.entries(src ?? {})) {
    if (v === null) delete out[k];
    else if (isObj(v) && isObj(out[k])) out[k] = coalesce(out[k], v);
    else out[k] = v;
  }
  return out;
}

/** strvals.Parse for --set / --set-string. */
function setValue(target: Json, expr: string, asString: boolean): void {
  const eq = expr.indexOf("=");
  if (eq < 0) throw new HelmError(`failed parsing --set data: key "${expr}" has no value`);
  const key = expr.slice(0, eq), raw = expr.slice(eq + 1).replace(/\\,/g, ",");
  let v: Json = raw;
  if (!asString) {
    if (/^\{.*\}$/.test(raw)) v = raw.slice(1, -1).split(",").filter(Boolean).map((x) => typed(x));
    else v = typed(raw);
  }
  const parts = key.split(/(?<!\\)\./).map((s) => s.replace(/\\\./g, "."));
  let cur = target;
  for (let i = 0; i < parts.length; i++) {
    const m = /^(.*)\[(\d+)\]$/.exec(parts[i]);
    const last = i === parts.length - 1;
    if (m) {
      const arr = (cur[m[1]] = Array.isArray(cur[m[1]]) ? cur[m[1]] : []);
      const idx = Number(m[2]);
      if (last) arr[idx] = v;
      else cur = arr[idx] = isObj(arr[idx]) ? arr[idx] : {};
    } else if (last) cur[parts[i]] = v;
    else cur = cur[parts[i]] = isObj(cur[parts[i]]) ? cur[parts[i]] : {};
  }
}

function typed(s: string): Json {
  if (s === "true" || s === "false") return s === "true";
  if (s === "null") return null;
  if (/^-?(0|[1-9]\d*)$/.test(s) && Math.abs(Number(s)) < 2 ** 53) return Number(s);
  return s;
}

/** The user-supplied values: -f files in order, then --set, then --set-string. */
function userValues(env: Env): Json {
  let vals: Json = {};
  for (const f of list(env.p, "values")) {
    const r = env.state.fs.read(abs(env.state, f));
    if (!r.ok) throw new HelmError(`open ${f}: no such file or directory`);
    vals = coalesce(vals, yamlDoc(r.value, f));
  }
  for (const s of list(env.p, "set")) setValue(vals, s, false);
  for (const s of list(env.p, "set-string")) setValue(vals, s, true);
  return vals;
}

const INSTALL_ORDER = ["PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService"];

interface Manifest {
  source: string;
  text: string;
  obj: Json;
}

/** Render a chart into sorted manifests and NOTES (action.renderResources). */
function render(chart: Chart, values: Json, name: string, namespace: string, revision: number, isUpgrade: boolean): { manifests: Manifest[]; notes: string; computed: Json } {
  const defaults = yamlDoc(chart.values, `${chart.name}/values.yaml`);
  const computed = coalesce(defaults, values);
  const top = {
    Values: computed,
    Release: { Name: name, Namespace: namespace, Revision: revision, IsInstall: !isUpgrade, IsUpgrade: isUpgrade, Service: "Helm" },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion, Description: chart.description },
    Capabilities: { KubeVersion: { Version: "v1.35.0", Major: "1", Minor: "35" } },
  };
  const r = renderChart(Object.fromEntries(Object.entries(chart.templates).map(([k, v]) => [`templates/${k}`, v])), top, chart.name);
  if (!r.ok) throw new HelmError(r.error);
  const manifests: Manifest[] = [];
  let notes = "";
  for (const [path, text] of Object.entries(r.out)) {
    if (path.endsWith("NOTES.txt")) {
      notes = text;
      continue;
    }
    for (const part of text.split(/^---\s*$/m)) {
      const t = part.trim();
      if (!t || t.split("\n").every((l) => l.trim().startsWith("#") || !l.trim())) continue;
      const obj = yamlDoc(t, `${chart.name}/${path}`);
      if (!obj.kind) throw new HelmError(`YAML parse error on ${chart.name}/${path}: error unmarshaling JSON: Object 'Kind' is missing`);
      manifests.push({ source: `${chart.name}/${path}`, text: t, obj });
    }
  }
  const rank = (k: string) => (INSTALL_ORDER.includes(k) ? INSTALL_ORDER.indexOf(k) : INSTALL_ORDER.length);
  manifests.sort((a, b) => rank(a.obj.kind) - rank(b.obj.kind) || a.source.localeCompare(b.source));
  return { manifests, notes, computed };
}

function manifestText(ms: Manifest[]): string {
  return ms.map((m) => `---\n# Source: ${m.source}\n${m.text}\n`).join("");
}

// --- releases ------------------------------------------------------------------------------------
interface Release {
  name: string;
  namespace: string;
  version: number;
  info: { first_deployed: string; last_deployed: string; deleted: string; description: string; status: string; notes?: string };
  chart: { metadata: { name: string; version: string; appVersion: string; description: string; apiVersion: string }; templates: Record<string, string>; values: string };
  config: Json;
  manifest: string;
}

function res(env: Env, apiVersion: string, kind: string): ApiResource {
  const r = resourceForKind(env.cluster.resources(), apiVersion, kind);
  if (!r) throw new HelmError(`resource mapping not found for name: "" namespace: "" from "": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`);
  return r;
}

function secretsRes(env: Env): ApiResource {
  return res(env, "v1", "Secret");
}

function opts(env: Env) {
  return { user: env.user };
}

function releases(env: Env, ns: string | undefined, name?: string): Release[] {
  const r = env.cluster.list(secretsRes(env), ns, opts(env));
  if (!r.ok) throw new HelmError(`list: failed to list: ${r.status.message}`);
  const out: Release[] = [];
  for (const s of r.value) {
    if (s.type !== "helm.sh/release.v1" || s.metadata?.labels?.owner !== "helm") continue;
    if (name && s.metadata.labels.name !== name) continue;
    try {
      out.push(JSON.parse(b64decode(b64decode(String(s.data?.release ?? "")))));
    } catch {
      // not a release record: skipped, as Helm's decode error would hide it
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.version - b.version);
}

function writeRelease(env: Env, rel: Release, create: boolean): Status | null {
  const secret = {
    apiVersion: "v1", kind: "Secret", type: "helm.sh/release.v1",
    metadata: {
      name: `sh.helm.release.v1.${rel.name}.v${rel.version}`, namespace: rel.namespace,
      labels: { modifiedAt: String(Math.floor(env.cluster.now() / 1000)), name: rel.name, owner: "helm", status: rel.info.status, version: String(rel.version) },
    },
    data: { release: b64encode(b64encode(JSON.stringify(rel))) },
  };
  const r = create ? env.cluster.create(secretsRes(env), rel.namespace, secret, opts(env)) : env.cluster.update(secretsRes(env), rel.namespace, secret, opts(env));
  return r.ok ? null : r.status;
}

function goAnsic(ms: number): string {
  const d = new Date(ms);
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"], months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** Go time.Time.String() in UTC: "2006-01-02 15:04:05.999999999 +0000 UTC". */
function goTimeString(ms: number): string {
  const iso = new Date(ms).toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, "");
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? "." + frac : ""} +0000 UTC`;
}

function printStatus(env: Env, rel: Release, showDesc = false): void {
  let s = `NAME: ${rel.name}\nLAST DEPLOYED: ${goAnsic(Date.parse(rel.info.last_deployed))}\nNAMESPACE: ${rel.namespace}\nSTATUS: ${rel.info.status}\nREVISION: ${rel.version}\n`;
  if (showDesc) s += `DESCRIPTION: ${rel.info.description}\n`;
  s += "TEST SUITE: None\n";
  if (rel.info.notes?.trim()) s += `NOTES:\n${rel.info.notes.trim()}\n`;
  env.io.out(s);
}

function withMeta(obj: Json, rel: { name: string; namespace: string }, namespaced: boolean): Json {
  const o = structuredClone(obj);
  o.metadata ??= {};
  if (namespaced) o.metadata.namespace ??= rel.namespace;
  o.metadata.labels = { ...(o.metadata.labels ?? {}), "app.kubernetes.io/managed-by": "Helm" };
  o.metadata.annotations = { ...(o.metadata.annotations ?? {}), "meta.helm.sh/release-name": rel.name, "meta.helm.sh/release-namespace": rel.namespace };
  return o;
}

function kindDesc(obj: Json): string {
  return obj.kind;
}

function items(env: Env, rel: Release, manifests: Manifest[]) {
  return manifests.map((m) => {
    const r = res(env, m.obj.apiVersion, m.obj.kind);
    const ns = r.namespaced ? (m.obj.metadata?.namespace ?? rel.namespace) : undefined;
    return { m, r, ns, obj: withMeta(m.obj, rel, r.namespaced) };
  });
}

/** action.existingResourceConflict: an object that exists must carry this release's ownership metadata (checked before the release is recorded). */
function checkOwnership(env: Env, rel: Release, manifests: Manifest[], prefix: string, install: boolean): void {
  for (const it of items(env, rel, manifests)) {
    const live = env.cluster.get(it.r, it.ns, it.obj.metadata.name, opts(env));
    if (!live.ok) continue;
    const a = live.value.metadata?.annotations ?? {}, l = live.value.metadata?.labels ?? {};
    const errs: string[] = [];
    if (l["app.kubernetes.io/managed-by"] !== "Helm") errs.push(`label validation error: missing key "app.kubernetes.io/managed-by": must be set to "Helm"`);
    if (a["meta.helm.sh/release-name"] !== rel.name) errs.push(`annotation validation error: ${a["meta.helm.sh/release-name"] === undefined ? 'missing key "meta.helm.sh/release-name"' : `key "meta.helm.sh/release-name" must equal "${rel.name}": current value is "${a["meta.helm.sh/release-name"]}"`}: must be set to "${rel.name}"`);
    if (a["meta.helm.sh/release-namespace"] !== rel.namespace) errs.push(`annotation validation error: missing key "meta.helm.sh/release-namespace": must be set to "${rel.namespace}"`);
    if (errs.length) {
      const where = it.ns ? ` in namespace "${it.ns}"` : "";
      throw new HelmError(`${prefix}${install ? "rendered manifests contain a resource that already exists. Unable to continue with install: " : "Unable to continue with update: "}${kindDesc(it.obj)} "${it.obj.metadata.name}"${where} exists and cannot be imported into the current release: invalid ownership metadata; ${errs.join("; ")}`);
    }
  }
}

/** Create or update the release's objects; objects of `previous` that are gone are deleted. */
function applyManifests(env: Env, rel: Release, manifests: Manifest[], previous: Manifest[] | null, prefix: string): void {
  const list = items(env, rel, manifests);
  for (const it of list) {
    const live = env.cluster.get(it.r, it.ns, it.obj.metadata.name, opts(env));
    const r = live.ok
      ? env.cluster.update(it.r, it.ns, { ...it.obj, metadata: { ...it.obj.metadata, resourceVersion: live.value.metadata.resourceVersion } }, opts(env))
      : env.cluster.create(it.r, it.ns, it.obj, opts(env));
    if (!r.ok) throw new HelmError(`${prefix}${r.status.message}`);
  }
  if (previous) {
    const keep = new Set(list.map((it) => `${it.obj.kind}/${it.ns ?? ""}/${it.obj.metadata.name}`));
    for (const m of [...previous].reverse()) {
      const r = res(env, m.obj.apiVersion, m.obj.kind);
      const ns = r.namespaced ? (m.obj.metadata?.namespace ?? rel.namespace) : undefined;
      if (!keep.has(`${m.obj.kind}/${ns ?? ""}/${m.obj.metadata.name}`)) env.cluster.delete(r, ns, m.obj.metadata.name, opts(env));
    }
  }
}

function parseManifestText(text: string): Manifest[] {
  const out: Manifest[] = [];
  for (const part of text.split(/^---\n/m)) {
    const m = /^# Source: (.*)\n([\s\S]*)$/.exec(part);
    if (!m) continue;
    const obj = yamlDoc(m[2], m[1]);
    if (obj.kind) out.push({ source: m[1], text: m[2].trim(), obj });
  }
  return out;
}

function chartRecord(c: Chart): Release["chart"] {
  return { metadata: { name: c.name, version: c.version, appVersion: c.appVersion, description: c.description, apiVersion: "v2" }, templates: c.templates, values: c.values };
}

/** Check ownership, record the pending release, write the objects; a failure is recorded as `failed`. */
function deploy(env: Env, rel: Release, manifests: Manifest[], previous: Manifest[] | null, prefix: string, failed: string): void {
  checkOwnership(env, rel, manifests, prefix, previous === null);
  const st = writeRelease(env, rel, true);
  if (st) throw new HelmError(`${prefix}create: failed to create: ${st.message}`);
  try {
    applyManifests(env, rel, manifests, previous, prefix);
  } catch (e) {
    if (e instanceof HelmError) {
      rel.info.status = "failed";
      rel.info.description = failed + e.message.replace(prefix, "");
      writeRelease(env, rel, false);
    }
    throw e;
  }
}

function nowIso(env: Env): string {
  return new Date(env.cluster.now()).toISOString();
}

function ensureNamespace(env: Env, ns: string, create: boolean, prefix: string): void {
  const nsRes = res(env, "v1", "Namespace");
  if (env.cluster.get(nsRes, undefined, ns, opts(env)).ok) return;
  if (!create) return;
  const r = env.cluster.create(nsRes, undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels: { name: ns } } }, opts(env));
  if (!r.ok) throw new HelmError(`${prefix}${r.status.message}`);
}

function install(env: Env, nameArg?: string, chartArg?: string): number {
  const prefix = "INSTALLATION FAILED: ";
  let [name, chartRef] = nameArg !== undefined ? [nameArg, chartArg] : env.p.args;
  if (bool(env.p, "generate-name")) {
    chartRef = name;
    name = "";
  }
  if (!chartRef) throw new HelmError(name ? `${prefix}must either provide a name or specify --generate-name` : `"helm install" requires at least 1 argument\n\nUsage:  helm install [NAME] [CHART] [flags]`);
  const chart = locateChart(env, chartRef, prefix);
  if (!name) name = `${chart.name}-${Math.floor(env.cluster.now() / 1000)}`;
  const ns = env.namespace;
  const live = releases(env, ns, name).filter((r) => r.info.status !== "uninstalled");
  if (live.length) throw new HelmError(`${prefix}cannot re-use a name that is still in use`);
  const uninstalled = releases(env, ns, name);
  const version = (uninstalled.at(-1)?.version ?? 0) + 1;
  ensureNamespace(env, ns, bool(env.p, "create-namespace"), prefix);
  const config = userValues(env);
  const { manifests, notes } = render(chart, config, name, ns, version, false);
  const now = nowIso(env);
  const rel: Release = {
    name, namespace: ns, version, config, manifest: manifestText(manifests), chart: chartRecord(chart),
    info: { first_deployed: now, last_deployed: now, deleted: "", description: "Initial install underway", status: "pending-install", notes },
  };
  deploy(env, rel, manifests, null, prefix, `Release "${name}" failed: `);
  rel.info.status = "deployed";
  rel.info.description = "Install complete";
  writeRelease(env, rel, false);
  printStatus(env, rel);
  return 0;
}

function upgrade(env: Env): number {
  const prefix = "UPGRADE FAILED: ";
  const [name, chartRef] = env.p.args;
  if (!name || !chartRef) throw new HelmError(`"helm upgrade" requires 2 arguments\n\nUsage:  helm upgrade [RELEASE] [CHART] [flags]`);
  const all = releases(env, env.namespace, name);
  const current = [...all].reverse().find((r) => r.info.status === "deployed");
  if (!current) {
    if (bool(env.p, "install") && !all.some((r) => r.info.status !== "uninstalled")) {
      env.io.out(`Release "${name}" does not exist. Installing it now.\n`);
      return install(env, name, chartRef);
    }
    throw new HelmError(`${prefix}"${name}" has no deployed releases`);
  }
  const chart = locateChart(env, chartRef, prefix);
  let config = userValues(env);
  if (bool(env.p, "reuse-values") || bool(env.p, "reset-then-reuse-values")) config = coalesce(current.config, config);
  else if (!bool(env.p, "reset-values") && !Object.keys(config).length) config = current.config;
  const version = Math.max(...all.map((r) => r.version)) + 1;
  const { manifests, notes } = render(chart, config, name, env.namespace, version, true);
  const now = nowIso(env);
  const rel: Release = {
    name, namespace: env.namespace, version, config, manifest: manifestText(manifests), chart: chartRecord(chart),
    info: { first_deployed: current.info.first_deployed, last_deployed: now, deleted: "", description: "Preparing upgrade", status: "pending-upgrade", notes },
  };
  deploy(env, rel, manifests, parseManifestText(current.manifest), prefix, `Upgrade "${name}" failed: `);
  current.info.status = "superseded";
  writeRelease(env, current, false);
  rel.info.status = "deployed";
  rel.info.description = "Upgrade complete";
  writeRelease(env, rel, false);
  env.io.out(`Release "${name}" has been upgraded. Happy Helming!\n`);
  printStatus(env, rel);
  return 0;
}

function rollback(env: Env): number {
  const [name, revArg] = env.p.args;
  if (!name) throw new HelmError(`"helm rollback" requires at least 1 argument\n\nUsage:  helm rollback <RELEASE> [REVISION] [flags]`);
  const all = releases(env, env.namespace, name);
  if (!all.length) throw new HelmError("release: not found");
  const current = all.at(-1)!;
  let target: Release | undefined;
  if (revArg !== undefined) {
    if (!/^\d+$/.test(revArg)) throw new HelmError(`could not convert revision to a number: strconv.Atoi: parsing "${revArg}": invalid syntax`);
    target = all.find((r) => r.version === Number(revArg));
    if (!target) throw new HelmError(`release has no ${revArg} version`);
  } else {
    target = all.length > 1 ? all[all.length - 2] : undefined;
    if (!target) throw new HelmError(`release has no ${current.version - 1} version`);
  }
  const version = current.version + 1;
  const manifests = parseManifestText(target.manifest);
  const now = nowIso(env);
  const rel: Release = { ...structuredClone(target), version, info: { ...target.info, first_deployed: current.info.first_deployed, last_deployed: now, status: "pending-rollback", description: `Rollback to ${target.version}` } };
  const st = writeRelease(env, rel, true);
  if (st) throw new HelmError(`create: failed to create: ${st.message}`);
  applyManifests(env, rel, manifests, parseManifestText(current.manifest), "");
  for (const r of all) {
    if (r.info.status === "deployed") {
      r.info.status = "superseded";
      writeRelease(env, r, false);
    }
  }
  rel.info.status = "deployed";
  writeRelease(env, rel, false);
  env.io.out("Rollback was a success! Happy Helming!\n");
  return 0;
}

function uninstall(env: Env): number {
  if (!env.p.args.length) throw new HelmError(`"helm uninstall" requires at least 1 argument\n\nUsage:  helm uninstall RELEASE_NAME [...] [flags]`);
  for (const name of env.p.args) {
    const all = releases(env, env.namespace, name);
    const last = all.at(-1);
    if (!last || last.info.status === "uninstalled") throw new HelmError(`uninstall: Release not loaded: ${name}: release: not found`);
    for (const m of parseManifestText(last.manifest).reverse()) {
      const r = resourceForKind(env.cluster.resources(), m.obj.apiVersion, m.obj.kind);
      if (!r) continue;
      env.cluster.delete(r, r.namespaced ? (m.obj.metadata?.namespace ?? last.namespace) : undefined, m.obj.metadata.name, opts(env));
    }
    if (bool(env.p, "keep-history")) {
      last.info.status = "uninstalled";
      last.info.deleted = nowIso(env);
      last.info.description = "Uninstallation complete";
      writeRelease(env, last, false);
    } else {
      for (const r of all) env.cluster.delete(secretsRes(env), last.namespace, `sh.helm.release.v1.${name}.v${r.version}`, opts(env));
    }
    env.io.out(`release "${name}" uninstalled\n`);
  }
  return 0;
}

function latest(env: Env, name: string | undefined, rev?: string): Release {
  if (!name) throw new HelmError(`release name is required`);
  const all = releases(env, env.namespace, name);
  const r = rev ? all.find((x) => x.version === Number(rev)) : all.at(-1);
  if (!r) throw new HelmError("release: not found");
  return r;
}

function listCmd(env: Env): number {
  const ns = bool(env.p, "all-namespaces") ? undefined : env.namespace;
  const byName = new Map<string, Release>();
  for (const r of releases(env, ns)) byName.set(`${r.namespace}/${r.name}`, r);
  let rels = [...byName.values()].filter((r) => (bool(env.p, "all") ? true : r.info.status === "deployed" || r.info.status === "failed"));
  const filter = str(env.p, "filter");
  if (filter) rels = rels.filter((r) => new RegExp(filter).test(r.name));
  rels.sort((a, b) => a.name.localeCompare(b.name));
  if (bool(env.p, "short")) {
    env.io.out(rels.map((r) => r.name + "\n").join(""));
    return 0;
  }
  const o = str(env.p, "output");
  const rows = rels.map((r) => ({ name: r.name, namespace: r.namespace, revision: String(r.version), updated: goTimeString(Date.parse(r.info.last_deployed)), status: r.info.status, chart: `${r.chart.metadata.name}-${r.chart.metadata.version}`, app_version: r.chart.metadata.appVersion }));
  if (o === "json") {
    env.io.out(JSON.stringify(rows) + "\n");
    return 0;
  }
  if (o === "yaml") {
    env.io.out(toYaml(rows));
    return 0;
  }
  const t = rows.map((r) => [r.name, r.namespace, r.revision, r.updated, r.status, r.chart, r.app_version]);
  env.io.out(table(bool(env.p, "no-headers") ? t : [["NAME", "NAMESPACE", "REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION"], ...t]));
  return 0;
}

function history(env: Env): number {
  const all = releases(env, env.namespace, env.p.args[0]);
  if (!env.p.args[0]) throw new HelmError(`"helm history" requires 1 argument\n\nUsage:  helm history RELEASE_NAME [flags]`);
  if (!all.length) throw new HelmError("release: not found");
  const max = Number(str(env.p, "max") || 256);
  const rows = all.slice(-max).map((r) => [String(r.version), goAnsic(Date.parse(r.info.last_deployed)), r.info.status, `${r.chart.metadata.name}-${r.chart.metadata.version}`, r.chart.metadata.appVersion, r.info.description]);
  env.io.out(table([["REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION", "DESCRIPTION"], ...rows]));
  return 0;
}

function getValues(env: Env): number {
  const rel = latest(env, env.p.args[0], str(env.p, "revision"));
  const all = bool(env.p, "all");
  const vals = all ? coalesce(yamlDoc(rel.chart.values, "values.yaml"), rel.config) : rel.config;
  const o = str(env.p, "output");
  if (o === "json") {
    env.io.out(JSON.stringify(Object.keys(vals).length ? vals : null) + "\n");
    return 0;
  }
  const body = Object.keys(vals).length ? toYaml(vals) : "null\n";
  env.io.out(o === "yaml" ? body : `${all ? "COMPUTED" : "USER-SUPPLIED"} VALUES:\n${body}`);
  return 0;
}

function template(env: Env): number {
  let [name, chartRef] = env.p.args;
  if (chartRef === undefined) {
    chartRef = name;
    name = "release-name";
  }
  if (!chartRef) throw new HelmError(`"helm template" requires at least 1 argument\n\nUsage:  helm template [NAME] [CHART] [flags]`);
  const chart = locateChart(env, chartRef, "");
  const { manifests } = render(chart, userValues(env), name, env.namespace, 1, false);
  const only = list(env.p, "show-only");
  const chosen = only.length ? manifests.filter((m) => only.some((s) => m.source === `${chart.name}/${s}`)) : manifests;
  if (only.length && !chosen.length) throw new HelmError(`could not find template ${only[0]} in chart`);
  env.io.out(manifestText(chosen));
  return 0;
}

const RUN: Record<string, (env: Env) => number> = {
  "repo add": repoAdd, "repo list": repoList, "repo update": repoUpdate, "repo remove": repoRemove, "search repo": searchRepo,
  install: (env) => install(env), upgrade, rollback, uninstall, list: listCmd, history,
  status: (env) => {
    printStatus(env, latest(env, env.p.args[0], str(env.p, "revision")), bool(env.p, "show-desc"));
    return 0;
  },
  "get values": getValues,
  "get manifest": (env) => {
    env.io.out(latest(env, env.p.args[0], str(env.p, "revision")).manifest);
    return 0;
  },
  "get notes": (env) => {
    const r = latest(env, env.p.args[0], str(env.p, "revision"));
    env.io.out(`NOTES:\n${(r.info.notes ?? "").trim()}\n`);
    return 0;
  },
  template,
  "show values": (env) => {
    env.io.out(locateChart(env, env.p.args[0] ?? "", "").values);
    return 0;
  },
  "show chart": (env) => {
    const c = locateChart(env, env.p.args[0] ?? "", "");
    env.io.out(toYaml({ apiVersion: "v2", appVersion: c.appVersion, description: c.description, name: c.name, type: "application", version: c.version }));
    return 0;
  },
  version: (env) => {
    env.io.out(bool(env.p, "short") ? `${HELM_VERSION}+g${"2b4a36e"}\n` : `version.BuildInfo{Version:"${HELM_VERSION}", GitCommit:"2b4a36e2ce5e7ed07f7b4c89b7b9e5e6c2d7a1f0", GitTreeState:"clean", GoVersion:"go1.25.5"}\n`);
    return 0;
  },
};

const HELP = `The Kubernetes package manager

Common actions for Helm:

- helm search:    search for charts
- helm pull:      download a chart to your local directory to view
- helm install:   upload the chart to Kubernetes
- helm list:      list releases of charts

Usage:
  helm [command]

Available Commands:
  get         download extended information of a named release
  history     fetch release history
  install     install a chart
  list        list releases
  repo        add, list, remove, update, and index chart repositories
  rollback    roll back a release to a previous revision
  search      search for a keyword in charts
  show        show information of a chart
  status      display the status of the named release
  template    locally render templates
  uninstall   uninstall a release
  upgrade     upgrade a release
  version     print the client version information

Flags:
  -h, --help                help for helm
      --kube-context string name of the kubeconfig context to use
  -n, --namespace string    namespace scope for this request

Use "helm [command] --help" for more information about a command.
`;
