// The kubeadm control plane as files on the control-plane host: the four static Pod manifests,
// the certificates and kubeconfigs they name, the kubelet's config — and what a component does
// when its manifest is broken (a bad flag, a file it cannot open, a port nothing listens on), as
// the real binaries print it. lib/sim runs the containers (controlplane.ts); this module only reads
// the files and tells it what a container started from a manifest will do.
import type { Json, StaticPodFault } from "../cluster-api";
import { kubeadmStaticPod } from "../../sim/kubeadm";
import { toYaml } from "../kubectl/yaml";
import { rememberParsedManifest } from "./manifest-cache";
import type { ShellState } from "./types";

export const MANIFEST_DIR = "/etc/kubernetes/manifests";
export const COMPONENT_FILES: Record<string, string> = {
  "etcd.yaml": "etcd",
  "kube-apiserver.yaml": "kube-apiserver",
  "kube-controller-manager.yaml": "kube-controller-manager",
  "kube-scheduler.yaml": "kube-scheduler",
};

/** The manifest kubeadm writes for a component (YAML as kubeadm's marshaller prints it: keys sorted, `status: {}` last). */
export function kubeadmManifest(component: string, node: string, ip: string): string {
  return toYaml(kubeadmStaticPod(component, node, ip));
}

const PEM = (what: string, key: boolean) => `-----BEGIN ${key ? "RSA PRIVATE KEY" : "CERTIFICATE"}-----\n(simulated ${what})\n-----END ${key ? "RSA PRIVATE KEY" : "CERTIFICATE"}-----\n`;

/** kubeconfig files kubeadm writes under /etc/kubernetes (phases/kubeconfig). */
function kubeconfig(server: string, user: string): string {
  return `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t\n    server: ${server}\n  name: kubernetes\ncontexts:\n- context:\n    cluster: kubernetes\n    user: ${user}\n  name: ${user}@kubernetes\ncurrent-context: ${user}@kubernetes\nkind: Config\npreferences: {}\nusers:\n- name: ${user}\n  user:\n    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t\n    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ==\n`;
}

/** The kubelet's config file (kubeadm's KubeletConfiguration; staticPodPath is where the manifests live). */
export const KUBELET_CONFIG = `apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
cgroupDriver: systemd
clusterDNS:
- 10.96.0.10
clusterDomain: cluster.local
containerRuntimeEndpoint: ""
fileCheckFrequency: 0s
healthzBindAddress: 127.0.0.1
healthzPort: 10248
httpCheckFrequency: 0s
kind: KubeletConfiguration
logging: {}
memorySwap: {}
nodeStatusReportFrequency: 0s
nodeStatusUpdateFrequency: 0s
rotateCertificates: true
runtimeRequestTimeout: 0s
shutdownGracePeriod: 0s
shutdownGracePeriodCriticalPods: 0s
staticPodPath: /etc/kubernetes/manifests
streamingConnectionIdleTimeout: 0s
syncFrequency: 0s
volumeStatsAggPeriod: 0s
`;

/**
 * Write kubeadm's control-plane files into the shell's file system. `endpoint` is the controlPlaneEndpoint of an
 * HA control plane (its load balancer): admin.conf, super-admin.conf and kubelet.conf point there, while
 * controller-manager.conf and scheduler.conf keep the local API server (kubeadm phases/kubeconfig uses the
 * local advertise address for them).
 */
export function seedKubeadmFiles(state: ShellState, node: string, ip: string, endpoint?: string): void {
  const { fs } = state;
  for (const d of [MANIFEST_DIR, "/etc/kubernetes/pki/etcd", "/var/lib/etcd", "/var/lib/kubelet", "/etc/ssl/certs", "/etc/ca-certificates", "/usr/local/share/ca-certificates", "/usr/share/ca-certificates", "/usr/libexec/kubernetes/kubelet-plugins/volume/exec"]) fs.mkdirp(d);
  const pki = "/etc/kubernetes/pki";
  for (const f of ["ca", "server", "peer", "healthcheck-client"]) {
    fs.write(`${pki}/etcd/${f}.crt`, PEM(`etcd ${f}.crt`, false));
    fs.write(`${pki}/etcd/${f}.key`, PEM(`etcd ${f}.key`, true));
  }
  for (const f of ["ca", "apiserver", "apiserver-kubelet-client", "apiserver-etcd-client", "front-proxy-ca", "front-proxy-client"]) {
    fs.write(`${pki}/${f}.crt`, PEM(`${f}.crt`, false));
    fs.write(`${pki}/${f}.key`, PEM(`${f}.key`, true));
  }
  fs.write(`${pki}/sa.key`, PEM("sa.key", true));
  fs.write(`${pki}/sa.pub`, "-----BEGIN PUBLIC KEY-----\n(simulated sa.pub)\n-----END PUBLIC KEY-----\n");
  const server = `https://${ip}:6443`;
  const lb = endpoint ? `https://${endpoint}` : server;
  fs.write("/etc/kubernetes/admin.conf", kubeconfig(lb, "kubernetes-admin"));
  fs.write("/etc/kubernetes/super-admin.conf", kubeconfig(lb, "kubernetes-super-admin"));
  fs.write("/etc/kubernetes/controller-manager.conf", kubeconfig(server, "system:kube-controller-manager"));
  fs.write("/etc/kubernetes/scheduler.conf", kubeconfig(server, "system:kube-scheduler"));
  fs.write("/etc/kubernetes/kubelet.conf", kubeconfig(lb, `system:node:${node}`));
  fs.write("/var/lib/kubelet/config.yaml", KUBELET_CONFIG);
  for (const [file, component] of Object.entries(COMPONENT_FILES)) {
    const pod = kubeadmStaticPod(component, node, ip);
    const text = toYaml(pod);
    // the kubelet's first read of the file then needs no YAML parse (manifest-cache.ts)
    rememberParsedManifest(file, text, [pod]);
    fs.write(`${MANIFEST_DIR}/${file}`, text);
  }
}

// ---- what a component does with its command line -----------------------------------------

/** Flags each component accepts (the ones kubeadm sets and the ones CKA tasks add; the full sets are longer). */
const FLAGS: Record<string, string[]> = {
  "kube-apiserver": [
    "admission-control-config-file", "advertise-address", "allow-privileged", "anonymous-auth", "api-audiences", "apiserver-count", "audit-log-compress", "audit-log-format",
    "audit-log-maxage", "audit-log-maxbackup", "audit-log-maxsize", "audit-log-mode", "audit-log-path", "audit-policy-file", "audit-webhook-config-file", "audit-webhook-mode",
    "authentication-config", "authentication-token-webhook-config-file", "authorization-config", "authorization-mode", "authorization-webhook-config-file", "bind-address",
    "cert-dir", "client-ca-file", "cors-allowed-origins", "default-not-ready-toleration-seconds", "default-unreachable-toleration-seconds", "delete-collection-workers",
    "disable-admission-plugins", "egress-selector-config-file", "enable-admission-plugins", "enable-aggregator-routing", "enable-bootstrap-token-auth", "enable-garbage-collector",
    "enable-priority-and-fairness", "encryption-provider-config", "encryption-provider-config-automatic-reload", "endpoint-reconciler-type", "etcd-cafile", "etcd-certfile",
    "etcd-compaction-interval", "etcd-count-metric-poll-period", "etcd-keyfile", "etcd-prefix", "etcd-servers", "etcd-servers-overrides", "event-ttl", "external-hostname",
    "feature-gates", "goaway-chance", "kubelet-certificate-authority", "kubelet-client-certificate", "kubelet-client-key", "kubelet-preferred-address-types", "kubelet-timeout",
    "livez-grace-period", "log-flush-frequency", "logging-format", "max-mutating-requests-inflight", "max-requests-inflight", "min-request-timeout", "oidc-ca-file",
    "oidc-client-id", "oidc-groups-claim", "oidc-groups-prefix", "oidc-issuer-url", "oidc-username-claim", "oidc-username-prefix", "permit-port-sharing", "profiling",
    "proxy-client-cert-file", "proxy-client-key-file", "request-timeout", "requestheader-allowed-names", "requestheader-client-ca-file", "requestheader-extra-headers-prefix",
    "requestheader-group-headers", "requestheader-username-headers", "runtime-config", "secure-port", "service-account-extend-token-expiration", "service-account-issuer",
    "service-account-key-file", "service-account-lookup", "service-account-max-token-expiration", "service-account-signing-key-file", "service-cluster-ip-range",
    "service-node-port-range", "shutdown-delay-duration", "shutdown-send-retry-after", "storage-backend", "storage-media-type", "strict-transport-security-directives",
    "tls-cert-file", "tls-cipher-suites", "tls-min-version", "tls-private-key-file", "tls-sni-cert-key", "token-auth-file", "tracing-config-file", "v", "vmodule", "watch-cache", "watch-cache-sizes",
  ],
  "kube-controller-manager": [
    "allocate-node-cidrs", "attach-detach-reconcile-sync-period", "authentication-kubeconfig", "authorization-kubeconfig", "bind-address", "cert-dir", "client-ca-file",
    "cluster-cidr", "cluster-name", "cluster-signing-cert-file", "cluster-signing-duration", "cluster-signing-key-file", "concurrent-deployment-syncs", "concurrent-endpoint-syncs",
    "concurrent-gc-syncs", "concurrent-namespace-syncs", "concurrent-replicaset-syncs", "concurrent-service-syncs", "concurrent-statefulset-syncs", "configure-cloud-routes",
    "controllers", "feature-gates", "horizontal-pod-autoscaler-cpu-initialization-period", "horizontal-pod-autoscaler-downscale-stabilization",
    "horizontal-pod-autoscaler-initial-readiness-delay", "horizontal-pod-autoscaler-sync-period", "horizontal-pod-autoscaler-tolerance", "kube-api-burst", "kube-api-qps",
    "kubeconfig", "leader-elect", "leader-elect-lease-duration", "leader-elect-renew-deadline", "leader-elect-resource-lock", "leader-elect-retry-period", "log-flush-frequency",
    "logging-format", "node-cidr-mask-size", "node-monitor-grace-period", "node-monitor-period", "profiling", "requestheader-client-ca-file", "root-ca-file",
    "secure-port", "service-account-private-key-file", "service-cluster-ip-range", "terminated-pod-gc-threshold", "tls-cert-file", "tls-private-key-file",
    "use-service-account-credentials", "v", "vmodule",
  ],
  "kube-scheduler": [
    "authentication-kubeconfig", "authorization-kubeconfig", "bind-address", "cert-dir", "config", "feature-gates", "kube-api-burst", "kube-api-qps", "kubeconfig",
    "leader-elect", "leader-elect-lease-duration", "leader-elect-renew-deadline", "leader-elect-resource-lock", "leader-elect-resource-name", "leader-elect-retry-period",
    "log-flush-frequency", "logging-format", "pod-max-in-unschedulable-pods-duration", "profiling", "secure-port", "tls-cert-file", "tls-private-key-file", "v", "vmodule",
  ],
  etcd: [
    "advertise-client-urls", "auto-compaction-mode", "auto-compaction-retention", "cert-file", "cipher-suites", "client-cert-auth", "data-dir", "election-timeout",
    "experimental-initial-corrupt-check", "experimental-watch-progress-notify-interval", "feature-gates", "heartbeat-interval", "initial-advertise-peer-urls", "initial-cluster",
    "initial-cluster-state", "initial-cluster-token", "key-file", "listen-client-urls", "listen-metrics-urls", "listen-peer-urls", "log-level", "logger", "max-request-bytes",
    "name", "peer-cert-file", "peer-client-cert-auth", "peer-key-file", "peer-trusted-ca-file", "quota-backend-bytes", "snapshot-count", "trusted-ca-file", "wal-dir",
  ],
};

/** Flags whose value is a file the component opens at start. */
const FILE_FLAGS: Record<string, string[]> = {
  "kube-apiserver": [
    "client-ca-file", "tls-cert-file", "tls-private-key-file", "etcd-cafile", "etcd-certfile", "etcd-keyfile", "kubelet-client-certificate", "kubelet-client-key",
    "proxy-client-cert-file", "proxy-client-key-file", "requestheader-client-ca-file", "service-account-key-file", "service-account-signing-key-file",
    "encryption-provider-config", "audit-policy-file", "admission-control-config-file", "authentication-config", "authorization-config", "token-auth-file", "oidc-ca-file",
  ],
  "kube-controller-manager": [
    "kubeconfig", "authentication-kubeconfig", "authorization-kubeconfig", "client-ca-file", "cluster-signing-cert-file", "cluster-signing-key-file",
    "requestheader-client-ca-file", "root-ca-file", "service-account-private-key-file",
  ],
  "kube-scheduler": ["kubeconfig", "authentication-kubeconfig", "authorization-kubeconfig", "config"],
  etcd: ["cert-file", "key-file", "trusted-ca-file", "peer-cert-file", "peer-key-file", "peer-trusted-ca-file"],
};

/** Integer flags (a value that does not parse fails like pflag's int flags). */
const INT_FLAGS = new Set(["secure-port", "v", "snapshot-count", "kube-api-burst", "node-cidr-mask-size", "max-requests-inflight", "max-mutating-requests-inflight", "audit-log-maxage", "audit-log-maxbackup", "audit-log-maxsize"]);

/** Boolean flags (pflag's ParseBool). */
const BOOL_FLAGS = new Set(["leader-elect", "allow-privileged", "enable-bootstrap-token-auth", "allocate-node-cidrs", "use-service-account-credentials", "anonymous-auth", "profiling", "enable-aggregator-routing", "client-cert-auth", "peer-client-cert-auth"]);

/** The result of reading a manifest as the kubelet and the component would. */
export type ManifestVerdict = { ok: true; pod: Json; fault: StaticPodFault | null } | { ok: false; error: string };

function klogStamp(now: number): string {
  const d = new Date(now);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}000`;
}

/** A Go component's fatal start-up error as component-base/cli.Run logs it once logging is set up. */
function commandFailed(now: number, err: string): string {
  return `E${klogStamp(now)}       1 run.go:72] "command failed" err=${JSON.stringify(err)}`;
}

/** Where a path named in a flag is inside the container: the host file behind a hostPath mount, or null when no mount covers it. */
function hostPathOf(pod: Json, container: Json, path: string): string | null {
  for (const m of container.volumeMounts ?? []) {
    const mp = String(m.mountPath ?? "").replace(/\/$/, "");
    if (!mp || (path !== mp && !path.startsWith(mp + "/"))) continue;
    const vol = (pod.spec?.volumes ?? []).find((v: Json) => v.name === m.name);
    if (!vol?.hostPath?.path) continue;
    return String(vol.hostPath.path).replace(/\/$/, "") + path.slice(mp.length);
  }
  return null;
}

/**
 * What the component started from this manifest does: nothing special (null), or the error it
 * prints and how it ends. `now` is the virtual time of the start (for the log stamps).
 */
export function componentFault(component: string, pod: Json, exists: (path: string) => boolean, now: number): StaticPodFault | null {
  const c = (pod.spec?.containers ?? [])[0];
  if (!c) return null;
  const argv: string[] = [...(c.command ?? []), ...(c.args ?? [])].map(String);
  const bin = argv[0] ?? "";
  if (bin !== component) {
    // containerd cannot start the process: the container never runs (StartError, exit 128)
    return { log: [], exitAfterMs: 0, exitCode: 128 };
  }
  const flags = new Map<string, string>();
  const known = new Set(FLAGS[component]);
  for (const a of argv.slice(1)) {
    const m = /^--?([^=]+)(?:=(.*))?$/.exec(a);
    if (!m) continue;
    const name = m[1];
    if (!known.has(name)) {
      if (component === "etcd") {
        // etcd parses its flags with Go's flag package: the error, then the usage, exit 2
        return { log: [`flag provided but not defined: -${name}`, "Usage:", "", "  etcd [flags]", "    Start an etcd server."], exitAfterMs: 100, exitCode: 2 };
      }
      // cobra prints the usage for a flag error, then component-base/cli.Run prints "Error: …" (logging is not set up yet)
      return { log: ["Usage:", `  ${component} [flags]`, "", "(flag reference omitted)", "", `Error: unknown flag: --${name}`], exitAfterMs: 100, exitCode: 1 };
    }
    const value = m[2] ?? "";
    if (INT_FLAGS.has(name) && !/^-?\d+$/.test(value)) {
      return { log: ["Usage:", `  ${component} [flags]`, "", "(flag reference omitted)", "", `Error: invalid argument ${JSON.stringify(value)} for "--${name}" flag: strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`], exitAfterMs: 100, exitCode: 1 };
    }
    if (BOOL_FLAGS.has(name) && m[2] !== undefined && !/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(value)) {
      if (component === "etcd") return { log: [`invalid boolean value ${JSON.stringify(value)} for -${name}: parse error`, "Usage:", "", "  etcd [flags]"], exitAfterMs: 100, exitCode: 2 };
      return { log: ["Usage:", `  ${component} [flags]`, "", "(flag reference omitted)", "", `Error: invalid argument ${JSON.stringify(value)} for "--${name}" flag: strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`], exitAfterMs: 100, exitCode: 1 };
    }
    flags.set(name, value);
  }
  // files: visible in the container only through a hostPath mount, and only if the host has them
  for (const name of FILE_FLAGS[component] ?? []) {
    const path = flags.get(name);
    if (!path) continue;
    const host = hostPathOf(pod, c, path);
    if (host !== null && exists(host)) continue;
    const err = `open ${path}: no such file or directory`;
    if (component === "etcd") {
      return { log: [`{"level":"fatal","ts":"${new Date(now).toISOString()}","caller":"etcdmain/etcd.go:183","msg":"discovery failed","error":${JSON.stringify(err)}}`], exitAfterMs: 200, exitCode: 1 };
    }
    const msg =
      name === "kubeconfig" || name.endsWith("-kubeconfig") ? `stat ${path}: no such file or directory`
      : name === "client-ca-file" ? `unable to load client CA provider: ${err}`
      : name === "tls-cert-file" || name === "tls-private-key-file" ? `unable to load server certificate: ${err}`
      : name === "service-account-key-file" ? `failed to parse service account key file: ${err}`
      : err;
    return { log: [commandFailed(now + 300, msg)], exitAfterMs: 400, exitCode: 1 };
  }
  if (component === "kube-apiserver") {
    const port = flags.get("secure-port") ?? "6443";
    if (port !== "6443") {
      // it serves on another port: nothing answers on 6443, so kubectl and the kubelet's probes are refused
      return { log: [`I${klogStamp(now + 2000)}       1 secure_serving.go:213] Serving securely on [::]:${port}`] };
    }
    const servers = (flags.get("etcd-servers") ?? "").split(",").filter(Boolean);
    const reachable = servers.some((u) => /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\]):2379\/?$/.test(u));
    if (!reachable) {
      const target = (servers[0] ?? "").replace(/^https?:\/\//, "").replace(/\/$/, "") || "127.0.0.1:2379";
      const dial = `W${klogStamp(now + 1000)}       1 logging.go:55] [core] [Channel #1 SubChannel #2]grpc: addrConn.createTransport failed to connect to {Addr: "${target}", ServerName: "${target}", }. Err: connection error: desc = "transport: Error while dialing: dial tcp ${target}: connect: connection refused"`;
      return { log: [dial, `F${klogStamp(now + 20_000)}       1 instance.go:232] Error creating leases: error creating storage factory: context deadline exceeded`], exitAfterMs: 20_000, exitCode: 1 };
    }
  }
  if (component === "etcd") {
    const client = (flags.get("listen-client-urls") ?? "").split(",");
    if (!client.some((u) => /^https?:\/\/(127\.0\.0\.1|localhost):2379\/?$/.test(u))) {
      // etcd runs, but not where the API server looks for it
      return { log: [`{"level":"info","ts":"${new Date(now + 500).toISOString()}","caller":"embed/serve.go:210","msg":"serving client traffic securely","traffic":"grpc+http","address":"${client[0]?.replace(/^https?:\/\//, "") ?? ""}"}`] };
    }
  }
  return null;
}

/** Parse a control-plane manifest as the kubelet's file source does, then judge it as the component would. */
export function judgeManifest(component: string, file: string, docs: unknown[] | null, parseError: string | null, exists: (path: string) => boolean, now: number): ManifestVerdict {
  if (parseError !== null || !docs) return { ok: false, error: `${file}: couldn't parse as pod(${parseError ?? "empty file"}), please check config file` };
  const pod = docs.find((d) => (d as Json)?.kind === "Pod") as Json | undefined;
  if (!pod || pod.apiVersion !== "v1" || !pod.metadata?.name) return { ok: false, error: `${file}: invalid pod: [metadata.name: Required value: name or generateName is required]` };
  if (!(pod.spec?.containers ?? []).length) return { ok: false, error: `${file}: invalid pod: [spec.containers: Required value]` };
  return { ok: true, pod, fault: componentFault(component, pod, exists, now) };
}

/** kubectl subcommands that never talk to the API server. */
const LOCAL_COMMANDS = new Set(["config", "completion", "help", "options", "kustomize", "plugin", "alpha"]);

/**
 * When the API server does not answer, every kubectl command that needs it fails before doing
 * anything, with client-go's message for a refused TCP connection (staging/src/k8s.io/client-go/
 * rest/request.go + kubectl's CheckErr: "The connection to the server <host:port> was refused -
 * did you specify the right host or port?"). `kubectl version` prints the client part first.
 * Returns null when kubectl can go ahead.
 */
export function apiRefusal(state: ShellState, argv: string[]): { out: string; err: string } | null {
  let ctxName = state.currentContext;
  const words: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--context") ctxName = argv[++i] ?? ctxName;
    else if (a.startsWith("--context=")) ctxName = a.slice(10);
    else if (a === "-h" || a === "--help" || a === "--client" || a === "--client=true") return null;
    else if (/^--dry-run(=client)?$/.test(a)) return null;
    else if (a === "-n" || a === "--namespace" || a === "-o" || a === "--output" || a === "--kubeconfig") i++;
    else if (!a.startsWith("-")) words.push(a);
  }
  if (!words.length || LOCAL_COMMANDS.has(words[0])) return null;
  const cp = state.clusters.get(ctxName)?.controlPlane;
  if (!cp || cp.apiServing()) return null;
  const host = cp.server().replace(/^https:\/\//, "");
  // Behind kubeadm's HAProxy (TCP mode, health-checked on /healthz) with no healthy API server left, the
  // load balancer accepts the connection and closes it: client-go's TLS handshake reads EOF.
  const err = cp.loadBalanced?.() ? "Unable to connect to the server: EOF\n" : `The connection to the server ${host} was refused - did you specify the right host or port?\n`;
  if (words[0] === "version") return { out: "Client Version: v1.35.0\nKustomize Version: v5.7.1\n", err };
  return { out: "", err };
}
