// curl to the API server itself (https://<control-plane IP>:6443 or the `kubernetes` Service's
// 10.96.0.1:443): GET of REST paths, authenticated with a bearer token from `kubectl create token`
// (a ServiceAccount), answered as the API server answers: the object or list as JSON, or a
// metav1.Status (401 Unauthorized for a bad token; 403 Forbidden from RBAC or for the anonymous user,
// who may read only the health and version endpoints). The API server pretty-prints JSON for curl
// (apiserver/pkg/endpoints/handlers/responsewriters: user agents starting with "curl" get indented JSON).
import type { ClusterApi, HttpResult, Json, Status } from "../cluster-api";
import { b64decode, b64encode } from "../../sim/apiserver/apiserver";
import { fnv32a } from "../../sim/util";

function statusBody(s: Pick<Status, "message" | "reason" | "code" | "details">): string {
  const o: Json = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: s.message, reason: s.reason };
  // metav1.StatusDetails fields are omitempty
  const details = Object.fromEntries(Object.entries(s.details ?? {}).filter(([, v]) => v !== "" && v !== undefined));
  if (Object.keys(details).length) o.details = details;
  o.code = s.code;
  return JSON.stringify(o, null, 2) + "\n";
}

/** base64url("simulated-signature"), the signature part of `kubectl create token`'s tokens here */
const KUBECTL_SIGNATURE = "c2ltdWxhdGVkLXNpZ25hdHVyZQ";

/** The ServiceAccount user a token from `kubectl create token` stands for, or null when it is not valid now. */
function tokenUser(token: string, cluster: ClusterApi): string | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  let payload: Json;
  try {
    const b64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
    payload = JSON.parse(b64decode(b64 + "=".repeat((4 - (b64.length % 4)) % 4)));
  } catch {
    return null;
  }
  const b64url = (o: unknown) => b64encode(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  // signed by the simulated TokenRequest (lib/sim createToken) or by kubectl create token's simulated signature
  const signed = parts[2] === b64url({ s: fnv32a(JSON.stringify(payload)).toString(16) }).repeat(8).slice(0, 342) || parts[2] === KUBECTL_SIGNATURE;
  if (!signed || typeof payload?.exp !== "number" || payload.exp * 1000 <= cluster.now()) return null;
  const sub = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(String(payload.sub ?? ""));
  const saRes = cluster.resources().find((r) => r.name === "serviceaccounts" && r.group === "");
  const cur = saRes && sub ? cluster.get(saRes, sub[1], sub[2], { user: "kubernetes-admin", groups: ["system:masters"] }) : null;
  const uid = payload["kubernetes.io"]?.serviceaccount?.uid;
  if (!cur?.ok || (uid && cur.value.metadata?.uid !== uid)) return null;
  return String(payload.sub);
}

/**
 * Answer a curl to the API server, or null when the URL is not the API server (the network answers).
 * `argv` is curl's command line (for -k/--insecure and --cacert).
 */
export function apiServerRequest(cluster: ClusterApi, url: string, headers: string[], argv: string[]): HttpResult | null {
  const cp = cluster.controlPlane;
  if (!cp) return null;
  const m = /^(https?):\/\/([^/:]+)(?::(\d+))?(\/[^?#]*)?/.exec(url);
  if (!m) return null;
  const [, scheme, host, portS, path = "/"] = m;
  const ip = cp.server().replace(/^https:\/\//, "").split(":")[0];
  const port = Number(portS ?? (scheme === "https" ? 443 : 80));
  if (!((host === ip && port === 6443) || (host === "10.96.0.1" && port === 443))) return null;
  if (!cp.apiServing()) return { ok: false, code: 7, error: `Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server` };
  if (scheme === "http") return { ok: true, status: 400, body: "Client sent an HTTP request to an HTTPS server.\n" };
  const insecure = argv.some((a) => a === "-k" || a === "--insecure" || /^-[a-zA-Z]*k[a-zA-Z]*$/.test(a) || a === "--cacert" || a.startsWith("--cacert="));
  if (!insecure) return { ok: false, code: 60, error: "SSL certificate problem: unable to get local issuer certificate" };
  const auth = headers.map((h) => /^authorization:\s*bearer\s+(\S+)\s*$/i.exec(h)?.[1]).find(Boolean);
  let user: string | null = null;
  if (auth) {
    user = tokenUser(auth, cluster);
    if (!user) return { ok: true, status: 401, body: statusBody({ message: "Unauthorized", reason: "Unauthorized", code: 401 }) };
  }
  if (/^\/(livez|readyz|healthz)\/?$/.test(path)) return { ok: true, status: 200, body: "ok" };
  if (path === "/version" || path === "/version/") {
    // the API server's own version: its static Pod's image tag (lib/sim Cluster.version)
    const gv = cluster.version?.() ?? "v1.35.0";
    const minor = gv.split(".")[1] ?? "35";
    return { ok: true, status: 200, body: JSON.stringify({ major: "1", minor, emulationMajor: "1", emulationMinor: minor, minCompatibilityMajor: "1", minCompatibilityMinor: String(Number(minor) - 1), gitVersion: gv, gitCommit: "", gitTreeState: "clean", buildDate: "2025-12-17T00:00:00Z", goVersion: "go1.25.5", compiler: "gc", platform: "linux/amd64" }, null, 2) + "\n" };
  }
  // /api/v1/[namespaces/NS/]RESOURCE[/NAME] and /apis/GROUP/VERSION/[namespaces/NS/]RESOURCE[/NAME]
  const p = /^\/(?:api\/v1|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?\/?$/.exec(path);
  const group = p?.[1] ?? "";
  const res = p ? cluster.resources().find((r) => r.name === p[4] && r.group === group && (!p[2] || r.version === p[2])) : undefined;
  if (!p || !res) return { ok: true, status: 404, body: statusBody({ message: "the server could not find the requested resource", reason: "NotFound", code: 404, details: {} }) };
  const ns = p[3];
  const name = p[5];
  const verb = name ? "get" : "list";
  if (!user) {
    // kubeadm's API server allows anonymous requests; RBAC gives system:anonymous nothing but the public endpoints
    const scope = ns ? ` in the namespace "${ns}"` : " at the cluster scope";
    return { ok: true, status: 403, body: statusBody({ message: `${name ? `${res.name} "${name}"` : res.name} is forbidden: User "system:anonymous" cannot ${verb} resource "${res.name}" in API group "${group}"${scope}`, reason: "Forbidden", code: 403, details: { ...(name ? { name } : {}), ...(group ? { group } : {}), kind: res.name } }) };
  }
  const opts = { user, groups: ["system:serviceaccounts", `system:serviceaccounts:${user.split(":")[2]}`, "system:authenticated"] };
  const apiVersion = group ? `${group}/${res.version}` : "v1";
  if (name) {
    const r = cluster.get(res, ns, name, opts);
    if (!r.ok) return { ok: true, status: r.status.code, body: statusBody(r.status) };
    return { ok: true, status: 200, body: JSON.stringify(r.value, null, 2) + "\n" };
  }
  const r = cluster.list(res, ns, opts);
  if (!r.ok) return { ok: true, status: r.status.code, body: statusBody(r.status) };
  const items = r.value.map((o: Json) => {
    const c = { ...o };
    delete c.kind;
    delete c.apiVersion;
    return { ...c };
  });
  return { ok: true, status: 200, body: JSON.stringify({ kind: `${res.kind}List`, apiVersion, metadata: { resourceVersion: String(Math.max(0, ...r.value.map((o: Json) => Number(o.metadata?.resourceVersion ?? 0)))) }, items }, null, 2) + "\n" };
}
