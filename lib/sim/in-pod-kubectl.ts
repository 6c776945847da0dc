/**
 * The service-account files a container sees and the injected runner for a container's `kubectl`.
 *
 * lib/sim cannot import lib/kubectl (see README "Layout"): lib/kubectl registers the runner with
 * `Kubelets.setInPodKubectl` when it wraps a cluster (lib/kubectl/shell/in-pod-kubectl.ts). Without
 * a runner, `kubectl` in a container fails as a missing binary does.
 */
import type { Kernel } from "./core";
import type { Obj } from "./util";

/** Where the kubelet mounts the projected kube-api-access volume (pkg/serviceaccount, admission plugin). */
export const SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

export interface InPodKubectlCall {
  /** the namespace kubectl defaults to (in-cluster config: POD_NAMESPACE, else the namespace file) */
  namespace: string;
  /** the RBAC identity: system:serviceaccount:<saNamespace>:<serviceAccount> */
  saNamespace: string;
  serviceAccount: string;
  pod: string;
  /** the in-cluster server, host:port from KUBERNETES_SERVICE_HOST/_PORT (rest.InClusterConfig) */
  server: string;
  /** kubectl's arguments (without the program name) */
  args: string[];
  /** a container's own program (its timeline is derived data): only reads are modelled */
  readOnly: boolean;
}

export interface InPodKubectlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export type InPodKubectl = (call: InPodKubectlCall) => InPodKubectlResult;

/**
 * Whether the Pod gets the service-account token volume: the Pod's automountServiceAccountToken,
 * else its ServiceAccount's, else true (plugin/pkg/admission/serviceaccount/admission.go
 * shouldAutomount). The sim adds no volume at admission, so the ServiceAccount is read as it is now.
 */
export function automountsToken(k: Kernel, pod: Obj): boolean {
  if (pod.spec?.automountServiceAccountToken !== undefined) return pod.spec.automountServiceAccountToken !== false;
  const sa = k.get("serviceaccounts", pod.metadata.namespace, pod.spec?.serviceAccountName ?? "default");
  return sa?.automountServiceAccountToken !== false;
}

function b64url(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A bound service-account token in JWT form (claims as kube-apiserver issues them; the signature is not real). */
function token(pod: Obj): string {
  const ns = pod.metadata.namespace;
  const sa = pod.spec?.serviceAccountName ?? "default";
  const header = b64url(JSON.stringify({ alg: "RS256", kid: "kubeclass-sim" }));
  const claims = b64url(JSON.stringify({
    aud: ["https://kubernetes.default.svc.cluster.local"],
    iss: "https://kubernetes.default.svc.cluster.local",
    "kubernetes.io": { namespace: ns, pod: { name: pod.metadata.name, uid: pod.metadata.uid }, serviceaccount: { name: sa } },
    sub: `system:serviceaccount:${ns}:${sa}`,
  }));
  return `${header}.${claims}.${b64url(`sig:${pod.metadata.uid}`)}`;
}

const CA = "-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIa3ViZWNsYXNzMA0GCSqGSIb3DQEBCwUAMBUxEzARBgNV\nBAMTCmt1YmVybmV0ZXMwHhcNMjYxMTI3MDAwMDAwWhcNMzYxMTI1MDAwMDAwWjAV\n-----END CERTIFICATE-----\n";

/** The content of a file under the token volume, or null (no such file or automount off). */
export function serviceAccountFile(k: Kernel, pod: Obj, path: string): string | null {
  if (!path.startsWith(SA_DIR + "/") || !automountsToken(k, pod)) return null;
  switch (path.slice(SA_DIR.length + 1)) {
    case "namespace": return pod.metadata.namespace;
    case "token": return token(pod);
    case "ca.crt": return CA;
    default: return null;
  }
}

/** `ls` of the token volume and its parent directories, or null. */
export function serviceAccountListing(k: Kernel, pod: Obj, path: string): string[] | null {
  const p = path.replace(/\/$/, "");
  if (!SA_DIR.startsWith(p + "/") && p !== SA_DIR) return null;
  if (!p.startsWith("/var/run/secrets") || !automountsToken(k, pod)) return null;
  if (p === SA_DIR) return ["..data", "ca.crt", "namespace", "token"];
  return [SA_DIR.slice(p.length + 1).split("/")[0]];
}

/** kubectl without a usable config falls back to http://localhost:8080 (clientcmd's default cluster). */
export const NO_SERVER = "The connection to the server localhost:8080 was refused - did you specify the right host or port?\n";

/**
 * Run `kubectl` in a container: in-cluster config when clientcmd's inClusterClientConfig.Possible()
 * holds (KUBERNETES_SERVICE_HOST and _PORT set and the token file exists; client-go
 * tools/clientcmd/client_config.go), with the namespace from POD_NAMESPACE, else the namespace file,
 * else "default" (inClusterClientConfig.Namespace). Otherwise localhost:8080 is refused.
 */
export function runInPodKubectl(runner: InPodKubectl, k: Kernel, pod: Obj, env: Record<string, string>, args: string[], readOnly: boolean): InPodKubectlResult {
  const tokenFile = serviceAccountFile(k, pod, `${SA_DIR}/token`);
  if (!env.KUBERNETES_SERVICE_HOST || !env.KUBERNETES_SERVICE_PORT || tokenFile === null) return { stdout: "", stderr: NO_SERVER, exitCode: 1 };
  const nsFile = (serviceAccountFile(k, pod, `${SA_DIR}/namespace`) ?? "").trim();
  const namespace = env.POD_NAMESPACE || nsFile || "default";
  return runner({ namespace, server: `${env.KUBERNETES_SERVICE_HOST}:${env.KUBERNETES_SERVICE_PORT}`, saNamespace: pod.metadata.namespace, serviceAccount: pod.spec?.serviceAccountName ?? "default", pod: pod.metadata.name, args, readOnly });
}
