// kubeadm join (token discovery) and kubeadm reset on a worker host (cmd/kubeadm/app/cmd/join.go,
// phases/join/preflight.go + kubelet.go, preflight/checks.go JoinNodeChecks, discovery/token/token.go,
// util/errors/errors.go for the "error: …" line and exit code 1).
//
// Preflight runs upstream's checks in upstream's order and prints their [WARNING …] lines as it goes
// and the [ERROR …] lines together at the end; the ones that depend on host state are modelled:
// FileAvailable (kubelet.conf, bootstrap-kubelet.conf, pki/ca.crt), the CRI connection (a stopped
// containerd is only a klog warning: kubeadm cannot create its CRI client and skips the CRI check),
// Swap (a warning; the kubelet then refuses to start), Service-Kubelet, Port-10250 and
// FileContent--proc-sys-net-ipv4-ip_forward. Discovery then checks the token and the CA pin.
import { apiEndpoint, caCertHash, liveTokens, TOKEN_RE } from "./token";
import { hostOf, type HostRef } from "./host";
import type { CmdIO, ShellState } from "../shell/types";

const ERR_TAIL = "\nTo see the stack trace of this error execute with --v=5 or higher\n";
const KUBELET_HEALTHZ = "http://127.0.0.1:10248/healthz";

function fail(io: CmdIO, msg: string): number {
  io.err(`error: ${msg}${ERR_TAIL}`);
  return 1;
}

interface JoinFlags {
  endpoint: string;
  token: string;
  hashes: string[];
  unsafeSkip: boolean;
  ignore: Set<string>;
}

function parseFlags(argv: string[], io: CmdIO): JoinFlags | number {
  const f: JoinFlags = { endpoint: "", token: "", hashes: [], unsafeSkip: false, ignore: new Set() };
  let tls = "";
  let disc = "";
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const val = () => (eq > 0 ? a.slice(eq + 1) : (argv[++i] ?? ""));
    switch (flag) {
      case "--token":
        f.token = val();
        break;
      case "--discovery-token":
        disc = val();
        break;
      case "--tls-bootstrap-token":
        tls = val();
        break;
      case "--discovery-token-ca-cert-hash":
        f.hashes.push(val());
        break;
      case "--discovery-token-unsafe-skip-ca-verification":
        f.unsafeSkip = eq < 0 || a.slice(eq + 1) === "true";
        break;
      case "--ignore-preflight-errors":
        for (const x of val().split(",")) if (x) f.ignore.add(x.toLowerCase());
        break;
      case "--node-name":
      case "--cri-socket":
      case "--config":
      case "--apiserver-advertise-address":
        val();
        break;
      case "-v":
      case "--v":
        val();
        break;
      default:
        if (a.startsWith("-")) return fail(io, `unknown flag: ${flag}`);
        if (f.endpoint) return fail(io, `unknown command "${a}" for "kubeadm join"`);
        f.endpoint = a;
    }
  }
  if (!f.token) f.token = disc || tls;
  if (!f.endpoint || !f.token) {
    // join.go: with neither a token nor a discovery file there is nothing to discover with
    return fail(io, `discovery: Invalid value: "": bootstrapToken or file must be set`);
  }
  const errs: string[] = [];
  if (!TOKEN_RE.test(f.token)) {
    errs.push(`discovery.bootstrapToken.token: Invalid value: "${f.token}": the bootstrap token is invalid`);
    errs.push(`tlsBootstrapToken: Invalid value: "${f.token}": the bootstrap token is invalid`);
  }
  if (!f.hashes.length && !f.unsafeSkip) {
    errs.push(`discovery.bootstrapToken: Invalid value: "": using token-based discovery without caCertHashes can be unsafe. Set unsafeSkipCAVerification as true in your kubeadm config file or pass --discovery-token-unsafe-skip-ca-verification flag to continue`);
  }
  // apimachinery's aggregate error: one message bare, several in brackets
  if (errs.length) return fail(io, errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`);
  return f;
}

interface CheckResult {
  name: string;
  warnings: string[];
  errors: string[];
}

/** JoinNodeChecks in upstream order (checks.go; addCommonChecks; addIPv4Checks for an IPv4 endpoint). */
export function joinChecks(r: HostRef): { klog: string[]; checks: CheckResult[] } {
  const h = r.h;
  const klog: string[] = [];
  const checks: CheckResult[] = [];
  const add = (name: string, warnings: string[] = [], errors: string[] = []) => checks.push({ name, warnings, errors });
  add("FileAvailable--etc-kubernetes-kubelet.conf", [], h.joined ? ["/etc/kubernetes/kubelet.conf already exists"] : []);
  add("FileAvailable--etc-kubernetes-bootstrap-kubelet.conf");
  if (h.containerd !== "active") {
    // addCommonChecks: containerRuntime.Connect() fails -> klog warning, no CRI check
    klog.push(
      `[preflight] WARNING: Couldn't create the interface used for talking to the container runtime: failed to create new CRI runtime service: validate service connection: validate CRI v1 runtime API for endpoint "unix:///var/run/containerd/containerd.sock": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix /var/run/containerd/containerd.sock: connect: no such file or directory"`,
    );
  } else add("CRI");
  // SwapCheck returns a warning (checks.go), the kubelet itself refuses to run with swap on
  add("Swap", h.swap ? ["swap is supported for cgroup v2 only. The kubelet must be properly configured to use swap. Please refer to https://kubernetes.io/docs/concepts/architecture/nodes/#swap-memory, or disable swap on the node"] : []);
  for (const x of ["ip", "iptables", "mount", "nsenter", "ebtables", "ethtool", "socat", "tc", "touch"]) add(`FileExisting-${x}`);
  add("SystemVerification");
  add("Hostname");
  add("KubeletVersion");
  add("Service-Kubelet", h.kubeletEnabled ? [] : ["kubelet service is not enabled, please run 'systemctl enable kubelet.service'"]);
  add("Port-10250", [], h.joined && h.kubeletActive ? ["Port 10250 is in use"] : []);
  add("FileAvailable--etc-kubernetes-pki-ca.crt", [], h.kubeadmFiles ? ["/etc/kubernetes/pki/ca.crt already exists"] : []);
  add("HTTPProxy");
  const fwd = h.sysctl["net.ipv4.ip_forward"] ?? "0";
  add("FileContent--proc-sys-net-ipv4-ip_forward", [], fwd.startsWith("1") ? [] : ["/proc/sys/net/ipv4/ip_forward contents are not set to 1"]);
  return { klog, checks };
}

/** klog's header for a warning line (virtual clock; the pid is the simulated kubeadm process's). */
function klogLine(now: number, file: string, msg: string): string {
  const d = new Date(now);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `W${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}000    4187 ${file}] ${msg}\n`;
}

/** The host's kubelet after kubeadm starts it: why it cannot become healthy, or null. */
function kubeletProblem(r: HostRef): string | null {
  if (r.h.swap) return "running with swap on is not supported, please disable swap or set --fail-swap-on flag to false";
  if (r.h.containerd !== "active") return "validate service connection: validate CRI v1 runtime API for endpoint \"unix:///var/run/containerd/containerd.sock\"";
  return null;
}

const JOIN_FAIL = (err: string) =>
  `\nUnfortunately, an error has occurred:\n\t${err}\n\nThis error is likely caused by:\n\t- The kubelet is not running\n\t- The kubelet is unhealthy due to a misconfiguration of the node in some way (required cgroups disabled)\n\nIf you are on a systemd-powered system, you can try to troubleshoot the error with the following commands:\n\t- 'systemctl status kubelet'\n\t- 'journalctl -xeu kubelet'\n`;

/** kubeadm join ENDPOINT --token T --discovery-token-ca-cert-hash sha256:H on the current host. */
export function kubeadmJoin(argv: string[], io: CmdIO, state: ShellState): number {
  const flags = parseFlags(argv, io);
  if (typeof flags === "number") return flags;
  const r = hostOf(state);
  if (!r) return fail(io, "kubeadm join: this simulated shell has no host to join");
  const c = r.cluster;
  io.out("[preflight] Running pre-flight checks\n");
  const { klog, checks } = joinChecks(r);
  for (const k of klog) io.err(klogLine(c.now(), "checks.go:1080", k));
  let errs = "";
  for (const ch of checks) {
    let { warnings, errors } = ch;
    if (flags.ignore.has("all") || flags.ignore.has(ch.name.toLowerCase())) {
      warnings = [...warnings, ...errors];
      errors = [];
    }
    for (const w of warnings) io.err(`\t[WARNING ${ch.name}]: ${w}\n`);
    for (const e of errors) errs += `\t[ERROR ${ch.name}]: ${e}\n`;
  }
  if (errs) {
    io.err(`[preflight] Some fatal errors occurred:\n${errs}[preflight] If you know what you are doing, you can make a check non-fatal with \`--ignore-preflight-errors=...\`\n`);
    return fail(io, "error execution phase preflight: preflight checks failed");
  }
  // discovery (token.go retrieveValidatedConfigInfo), inside the preflight phase when it reads the cluster's configuration
  const endpoint = apiEndpoint(c);
  const host = endpoint.replace(/:\d+$/, "");
  const given = flags.endpoint.replace(/^https:\/\//, "");
  const givenHost = given.replace(/:\d+$/, "");
  const port = /:(\d+)$/.exec(given)?.[1] ?? "6443";
  if ((givenHost !== host && givenHost !== "controlplane") || port !== endpoint.replace(/^.*:/, "")) {
    c.advance(5 * 60_000);
    return fail(io, `error execution phase preflight: couldn't validate the identity of the API Server: failed to request the cluster-info ConfigMap: Get "https://${given}/api/v1/namespaces/kube-public/configmaps/cluster-info?timeout=10s": dial tcp ${/:\d+$/.test(given) ? given : `${given}:443`}: connect: connection refused`);
  }
  const [id, secret] = flags.token.split(".");
  const tok = liveTokens(c).find((t) => t.id === id);
  if (!tok || !tok.usages.includes("signing")) {
    // getClusterInfo polls for the token's JWS signature until the discovery timeout (5m0s)
    c.advance(5 * 60_000);
    return fail(io, `error execution phase preflight: couldn't validate the identity of the API Server: could not find a JWS signature in the cluster-info ConfigMap for token ID "${id}"`);
  }
  if (tok.secret !== secret) {
    return fail(io, "error execution phase preflight: couldn't validate the identity of the API Server: failed to verify JWS signature of received cluster info object, can't trust this API Server");
  }
  if (!flags.unsafeSkip || flags.hashes.length) {
    const real = caCertHash(c);
    for (const hsh of flags.hashes) {
      const parts = hsh.split(":");
      if (parts.length !== 2) return fail(io, `error execution phase preflight: couldn't validate the identity of the API Server: invalid discovery token CA certificate hash: invalid public key hash, expected "format:value"`);
      if (parts[0].toLowerCase() !== "sha256") return fail(io, `error execution phase preflight: couldn't validate the identity of the API Server: invalid discovery token CA certificate hash: unknown hash format "${parts[0]}"`);
      if (parts[1].length !== 64) return fail(io, `error execution phase preflight: couldn't validate the identity of the API Server: invalid discovery token CA certificate hash: expected a 32 byte SHA-256 hash, found ${Math.floor(parts[1].length / 2)} bytes`);
    }
    if (!flags.hashes.some((x) => x.toLowerCase() === real)) {
      return fail(io, `error execution phase preflight: couldn't validate the identity of the API Server: cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "${real}" are pinned`);
    }
  }
  io.out(`[preflight] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...\n[preflight] Use 'kubeadm init phase upload-config --config your-config.yaml' to re-upload it.\n`);
  // kubelet-start refuses to take over the name of a Node that is Ready (phases/join/kubelet.go)
  const nodes = c.resources().find((x) => x.name === "nodes" && x.group === "");
  const existing = nodes ? c.get(nodes, undefined, r.name, { user: "kubernetes-admin", groups: ["system:masters"] }) : null;
  if (existing?.ok && (existing.value.status?.conditions ?? []).some((x: { type: string; status: string }) => x.type === "Ready" && x.status === "True")) {
    return fail(io, `error execution phase kubelet-start: a Node with name "${r.name}" and status "Ready" already exists in the cluster. You must delete the existing Node or change the name of this new joining Node`);
  }
  io.out(`[kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"\n[kubelet-start] Writing kubelet environment file with flags to file "/var/lib/kubelet/kubeadm-flags.env"\n[kubelet-start] Starting the kubelet\n[kubelet-check] Waiting for a healthy kubelet at ${KUBELET_HEALTHZ}. This can take up to 4m0s\n`);
  // from here on the host carries kubeadm's files (pki/ca.crt, the kubelet's config): a retry needs `kubeadm reset`
  r.h.kubeadmFiles = true;
  r.h.kubeletActive = true;
  const problem = kubeletProblem(r);
  if (problem) {
    c.hosts?.set(r.name, r.h);
    c.advance(4 * 60_000);
    const err = `The HTTP call equal to 'curl -sSL ${KUBELET_HEALTHZ}' returned error: Get "${KUBELET_HEALTHZ}": context deadline exceeded\n`;
    io.out(`[kubelet-check] The kubelet is not healthy after 4m0.000458712s\n${JOIN_FAIL(err)}`);
    return fail(io, `error execution phase kubelet-start: ${err.trimEnd()}`);
  }
  io.out("[kubelet-check] The kubelet is healthy after 501.202518ms\n[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap\n");
  c.hosts?.set(r.name, r.h);
  c.hosts?.join(r.name);
  c.advance(2000);
  c.settle();
  io.out("\nThis node has joined the cluster:\n* Certificate signing request was sent to apiserver and a response was received.\n* The Kubelet was informed of the new secure connection details.\n\nRun 'kubectl get nodes' on the control-plane to see this node join the cluster.\n\n");
  return 0;
}

/** kubeadm reset [-f] on a worker: stops the kubelet and removes what join wrote. */
export function kubeadmReset(argv: string[], io: CmdIO, state: ShellState): number {
  const r = hostOf(state);
  if (!r) return fail(io, "kubeadm reset: this simulated shell has no host to reset");
  if (state.hostname === "controlplane") {
    io.err("kubeadm reset: resetting the control-plane node would destroy the simulated cluster; it is not simulated\n");
    return 1;
  }
  const force = argv.includes("-f") || argv.includes("--force");
  if (!force) {
    io.err(`${klogLine(r.cluster.now(), "preflight.go:56", "[reset] WARNING: Changes made to this host by 'kubeadm init' or 'kubeadm join' will be reverted.")}`);
    io.out("[reset] Are you sure you want to proceed? [y/N]: ");
    // reset.go reads one line from stdin; anything but y/Y aborts
    if (!/^[yY]\s*$/.test(io.stdin.split("\n")[0] ?? "")) return fail(io, "aborted reset operation");
  }
  io.out("[preflight] Running pre-flight checks\n");
  io.err(klogLine(r.cluster.now(), "removeetcdmember.go:106", "[reset] No kubeadm config, using etcd pod spec to get data directory"));
  io.out(
    "[reset] No etcd config found. Assuming external etcd\n[reset] Please, manually reset etcd to prevent further issues\n[reset] Stopping the kubelet service\n" +
      `[reset] Unmounting mounted directories in "/var/lib/kubelet"\n[reset] Deleting contents of directories: [/etc/kubernetes/manifests /var/lib/kubelet /etc/kubernetes/pki]\n` +
      "[reset] Deleting files: [/etc/kubernetes/admin.conf /etc/kubernetes/super-admin.conf /etc/kubernetes/kubelet.conf /etc/kubernetes/bootstrap-kubelet.conf /etc/kubernetes/controller-manager.conf /etc/kubernetes/scheduler.conf]\n\n" +
      "The reset process does not perform cleanup of CNI plugin configuration,\nnetwork filtering rules and kubeconfig files.\n\nFor information on how to perform this cleanup manually, please see:\n    https://k8s.io/docs/reference/setup-tools/kubeadm/kubeadm-reset/\n\n",
  );
  const wasJoined = r.h.joined;
  r.h.kubeadmFiles = false;
  r.h.joined = false;
  // the unit stays enabled: systemd restarts it, and it exits for want of its config
  r.h.kubeletActive = false;
  r.cluster.hosts?.set(r.name, r.h);
  if (wasJoined) r.cluster.setKubeletRunning?.(r.name, false);
  return 0;
}
