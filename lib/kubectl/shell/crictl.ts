// crictl on a node (the control-plane host the shell runs on, or a node reached with ssh): the
// containers and pod sandboxes the node's container runtime reports (lib/sim cri.ts), exited
// control-plane containers included, and their logs. Output as cri-tools' cmd/crictl prints it:
// display.go newDefaultTableDisplay (text/tabwriter minwidth 20, padding 3), container.go
// OutputContainers (columns, ids truncated to 13 characters, image ids without "sha256:",
// CREATED as go-units HumanDuration + " ago"), sandbox.go OutputPodSandboxes.
// Also the kubelet's journal lines about static pods and failing containers (journalctl -u kubelet).
import { goParseDuration, goParseRFC3339 } from "../kubectl/go-time";
import type { ClusterApi, CriContainer, CriSandbox } from "../cluster-api";
import { tabwrite } from "../kubectl/table";
import { manifestErrorsOf } from "./static-pods";
import type { CmdIO, ShellState } from "./types";

const TRUNC = 13;
const SOCKET = "unix:///run/containerd/containerd.sock";

/** github.com/docker/go-units HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return "Less than a second";
  if (seconds === 1) return "1 second";
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes === 1) return "About a minute";
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return "About an hour";
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(ms / 3_600_000 / 24 / 365)} years`;
}

const STATE: Record<string, string> = { CONTAINER_RUNNING: "Running", CONTAINER_EXITED: "Exited", CONTAINER_CREATED: "Created" };
const POD_STATE: Record<string, string> = { SANDBOX_READY: "Ready", SANDBOX_NOTREADY: "NotReady" };

function runtimeOf(state: ShellState): { cluster: ClusterApi; node: string } | null {
  const cluster = state.clusters.get(state.currentContext);
  const node = state.hostname;
  if (!cluster?.controlPlane || !cluster.kubeletRunning || cluster.kubeletRunning(node) === null) return null;
  return { cluster, node };
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, ".000000000Z");
}

interface Opts {
  all: boolean;
  quiet: boolean;
  noTrunc: boolean;
  output: string;
  name?: RegExp;
  namespace?: string;
  pod?: string;
  state?: string;
  tail?: number;
  /** `logs --since`, as given */
  since?: string;
  /** `logs --limit-bytes` */
  limitBytes?: number;
  timestamps: boolean;
  previous: boolean;
  latest: boolean;
  args: string[];
}

function parseOpts(argv: string[], sub: string): Opts | string {
  const o: Opts = { all: false, quiet: false, noTrunc: false, output: "table", timestamps: false, previous: false, latest: false, args: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i] ?? "";
    switch (flag) {
      case "-a": case "--all": o.all = true; break;
      case "-q": case "--quiet": o.quiet = true; break;
      case "--no-trunc": o.noTrunc = true; break;
      case "-l": case "--latest": o.latest = true; break;
      case "-p": if (sub === "ps") o.pod = value(); else o.previous = true; break;
      case "--previous": o.previous = true; break;
      case "-o": case "--output": o.output = value(); break;
      case "--name": try { o.name = new RegExp(value()); } catch { return `invalid --name regexp`; } break;
      case "--namespace": o.namespace = value(); break;
      case "--pod": o.pod = value(); break;
      case "-s": case "--state": o.state = value().toLowerCase(); break;
      case "--tail": o.tail = Number(value()); break;
      case "--since": o.since = value(); break;
      case "--limit-bytes": o.limitBytes = Number(value()); break;
      case "-t": case "--timestamps": o.timestamps = true; break;
      case "-f": case "--follow": case "-v": case "--verbose": case "-r": case "--resolve-image-path": break;
      default:
        if (a.startsWith("-") && a !== "-") return `flag provided but not defined: ${a.replace(/=.*$/, "")}`;
        o.args.push(a);
    }
  }
  return o;
}

/**
 * `crictl logs --since` (cmd/crictl/logs.go parseTimestamp, docker's api/types/time GetTimestamp): a Go duration
 * before now, cut to whole seconds (`reference.Add(-d).Unix()`); else an RFC3339 time (the node's zone is UTC); else a
 * Unix timestamp `S[.NNNNNNNNN]`. Unix ms, or the error crictl exits with.
 */
export function crictlSince(value: string, now: number): { ms: number } | { error: string } {
  const d = goParseDuration(value);
  if (value !== "0" && "ms" in d) return { ms: Math.floor((now - d.ms) / 1000) * 1000 };
  // a fraction of a second, `.NNNNNNNNN`, in ms
  const fracMs = (digits: string | undefined) => (digits ? Math.floor(Number(`0.${digits}`) * 1000) : 0);
  if (value.includes("-")) {
    // no zone given: the node's local time, UTC here; missing minutes and seconds are 0, a date alone is its midnight
    const zoned = /[zZ+]/.test(value) || (value.match(/-/g) ?? []).length === 3;
    const time = value.split("T")[1];
    const full = zoned ? value : time === undefined ? `${value}T00:00:00Z` : `${value}${[":00:00", ":00", ""][Math.min((time.match(/:/g) ?? []).length, 2)]}Z`;
    const t = goParseRFC3339(full.replace(/\.\d+(?=Z|[+-]\d\d:\d\d$)/, ""));
    return "error" in t ? t : { ms: t.ms + fracMs(/\.(\d+)/.exec(full)?.[1]) };
  }
  const m = /^(\d+)(?:\.(\d{1,9}))?$/.exec(value);
  if (!m) return { error: `failed to parse value as time or duration: ${JSON.stringify(value)}` };
  return { ms: Number(m[1]) * 1000 + fracMs(m[2]) };
}

function findContainer(list: CriContainer[], id: string): CriContainer | null | "ambiguous" {
  const hits = list.filter((c) => c.id.startsWith(id));
  if (hits.length > 1) return "ambiguous";
  return hits[0] ?? null;
}

function notFound(io: CmdIO, id: string, what: string): number {
  io.err(`E0000 00:00:00.000000    4182 log.go:32] "${what} from runtime service failed" err="rpc error: code = NotFound desc = an error occurred when try to find container \\"${id}\\": not found" containerID="${id}"\n`);
  io.err(`FATA[0000] rpc error: code = NotFound desc = an error occurred when try to find container "${id}": not found\n`);
  return 1;
}

/** crictl [ps|pods|logs|inspect|inspectp|info|version] on the current host. */
export function crictl(argv: string[], io: CmdIO, state: ShellState): number {
  const sub = argv[1];
  const rt = runtimeOf(state);
  if (!sub || sub === "-h" || sub === "--help" || sub === "help") {
    io.out("NAME:\n   crictl - client for CRI\n\nUSAGE:\n   crictl [global options] command [command options]\n\nCOMMANDS (simulated):\n   info      Display information of the container runtime\n   inspect   Display the status of one or more containers\n   inspectp  Display the status of one or more pods\n   logs      Fetch the logs of a container\n   pods      List pods\n   ps        List containers\n   version   Display runtime version information\n");
    return 0;
  }
  if (sub === "version" && rt) {
    io.out("Version:  0.1.0\nRuntimeName:  containerd\nRuntimeVersion:  v2.1.4\nRuntimeApiVersion:  v1\n");
    return 0;
  }
  if (!rt) {
    io.err(`E0000 00:00:00.000000    4182 log.go:32] "validate service connection: validate CRI v1 runtime API for endpoint \\"${SOCKET}\\": rpc error: code = Unavailable desc = connection error: desc = \\"transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: no such file or directory\\""\n`);
    io.err(`FATA[0000] validate service connection: validate CRI v1 runtime API for endpoint "${SOCKET}": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: no such file or directory"\n`);
    return 1;
  }
  const o = parseOpts(argv.slice(2), sub);
  if (typeof o === "string") {
    io.err(`Incorrect Usage: ${o}\n\nFATA[0000] ${o}\n`);
    return 1;
  }
  const { cluster, node } = rt;
  const view = cluster.controlPlane!.cri(node);
  const now = cluster.now();
  const cp = cluster.controlPlane!;
  switch (sub) {
    case "ps": return ps(io, o, view.containers, now);
    case "pods": return pods(io, o, view.sandboxes, now);
    case "logs": {
      const id = o.args[0];
      if (!id) {
        io.err("FATA[0000] ID cannot be empty\n");
        return 1;
      }
      const c = findContainer(view.containers, id);
      if (c === "ambiguous") {
        io.err(`FATA[0000] multiple containers found for prefix "${id}"\n`);
        return 1;
      }
      if (!c) return notFound(io, id, "ContainerStatus");
      const since = o.since ? crictlSince(o.since, now) : null;
      if (since && "error" in since) {
        io.err(`FATA[0000] ${since.error}\n`);
        return 1;
      }
      // cri-tools cmd/crictl/logs.go reads the log file with the kubelet's kuberuntime/logs ReadLogs: --tail, --since,
      // --limit-bytes and -t (RFC3339NanoFixed times) as kubectl logs has them
      const r = cluster.logs?.(c.podNamespace, c.podName, {
        container: c.name, previous: c.previous, ...(o.tail !== undefined && o.tail >= 0 ? { tailLines: o.tail } : {}), timestamps: o.timestamps,
        ...(since ? { sinceTime: since.ms } : {}), ...(o.limitBytes !== undefined && o.limitBytes >= 0 ? { limitBytes: o.limitBytes } : {}),
      });
      const text = r?.ok ? r.value : "";
      // crictl logs writes the container's stdout to stdout and its stderr to stderr; the simulated log keeps one stream
      io.out(text);
      return 0;
    }
    case "inspect": {
      if (!o.args.length) {
        io.err("FATA[0000] ID cannot be empty\n");
        return 1;
      }
      const out: unknown[] = [];
      for (const id of o.args) {
        const c = findContainer(view.containers, id);
        if (!c || c === "ambiguous") return notFound(io, id, "ContainerStatus");
        out.push(inspectContainer(c));
      }
      io.out(out.map((x) => JSON.stringify(x, null, 2)).join("\n") + "\n");
      return 0;
    }
    case "inspectp": {
      const id = o.args[0] ?? "";
      const s = view.sandboxes.find((x) => id && x.id.startsWith(id));
      if (!s) {
        io.err(`FATA[0000] getting the pod sandbox status for "${id}": rpc error: code = NotFound desc = an error occurred when try to find sandbox "${id}": not found\n`);
        return 1;
      }
      io.out(JSON.stringify({ status: { id: s.id, metadata: { attempt: s.attempt, name: s.name, namespace: s.namespace, uid: s.uid }, state: s.state, createdAt: iso(s.createdAt), network: { additionalIps: [], ip: cp.nodeIP(node) }, labels: { "io.kubernetes.pod.name": s.name, "io.kubernetes.pod.namespace": s.namespace, "io.kubernetes.pod.uid": s.uid }, runtimeHandler: "" } }, null, 2) + "\n");
      return 0;
    }
    case "info":
      io.out(JSON.stringify({
        status: { conditions: [
          { type: "RuntimeReady", status: true, reason: "", message: "" },
          { type: "NetworkReady", status: true, reason: "", message: "" },
          { type: "ContainerdHasNoDeprecationWarnings", status: true, reason: "", message: "" },
        ] },
        cniconfig: { PluginDirs: ["/opt/cni/bin"], PluginConfDir: "/etc/cni/net.d", PluginMaxConfNum: 1, Prefix: "eth" },
        config: { containerd: { defaultRuntimeName: "runc", runtimes: { runc: { runtimeType: "io.containerd.runc.v2", options: { SystemdCgroup: true } } } }, cni: { binDir: "/opt/cni/bin", confDir: "/etc/cni/net.d" }, sandboxImage: "registry.k8s.io/pause:3.10", containerdRootDir: "/var/lib/containerd", stateDir: "/run/containerd/io.containerd.grpc.v1.cri" },
        golang: "go1.24.9",
        lastCNILoadStatus: "OK",
      }, null, 2) + "\n");
      return 0;
    default:
      io.err(`crictl: '${sub}' is not available in this simulated shell (ps, pods, logs, inspect, inspectp, info and version are)\n`);
      return 1;
  }
}

function ps(io: CmdIO, o: Opts, list: CriContainer[], now: number): number {
  let cs = list.filter((c) => o.all || o.latest || c.state === "CONTAINER_RUNNING");
  if (o.state) cs = list.filter((c) => STATE[c.state].toLowerCase() === o.state);
  if (o.name) cs = cs.filter((c) => o.name!.test(c.name));
  if (o.pod) cs = cs.filter((c) => c.podSandboxId.startsWith(o.pod!));
  if (o.namespace) cs = cs.filter((c) => c.podNamespace.includes(o.namespace!));
  if (o.latest) cs = cs.slice(0, 1);
  if (o.output === "json" || o.output === "yaml") {
    io.out(JSON.stringify({ containers: cs.map((c) => inspectContainer(c).status) }, null, 2) + "\n");
    return 0;
  }
  if (o.quiet) {
    io.out(cs.map((c) => c.id + "\n").join(""));
    return 0;
  }
  const t = (s: string) => (o.noTrunc ? s : s.slice(0, TRUNC));
  const rows = [["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID", "POD", "NAMESPACE"]];
  for (const c of cs) rows.push([t(c.id), o.noTrunc ? c.imageRef : c.imageRef.replace(/^sha256:/, "").slice(0, TRUNC), `${humanDuration(now - c.createdAt)} ago`, STATE[c.state], c.name, String(c.attempt), t(c.podSandboxId), c.podName, c.podNamespace]);
  io.out(tabwrite(rows, 20, 3));
  return 0;
}

function pods(io: CmdIO, o: Opts, list: CriSandbox[], now: number): number {
  let ss = list;
  if (o.name) ss = ss.filter((s) => o.name!.test(s.name));
  if (o.namespace) ss = ss.filter((s) => s.namespace.includes(o.namespace!));
  if (o.state) ss = ss.filter((s) => POD_STATE[s.state].toLowerCase() === o.state);
  if (o.latest) ss = ss.slice(0, 1);
  if (o.quiet) {
    io.out(ss.map((s) => s.id + "\n").join(""));
    return 0;
  }
  const rows = [["POD ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME"]];
  for (const s of ss) rows.push([o.noTrunc ? s.id : s.id.slice(0, TRUNC), `${humanDuration(now - s.createdAt)} ago`, POD_STATE[s.state], s.name, s.namespace, String(s.attempt), "(default)"]);
  io.out(tabwrite(rows, 20, 3));
  return 0;
}

function inspectContainer(c: CriContainer): { status: Record<string, unknown>; info: Record<string, unknown> } {
  return {
    status: {
      id: c.id,
      metadata: { attempt: c.attempt, name: c.name },
      state: c.state,
      createdAt: iso(c.createdAt),
      startedAt: iso(c.startedAt),
      finishedAt: c.finishedAt !== undefined ? iso(c.finishedAt) : "0001-01-01T00:00:00Z",
      exitCode: c.exitCode ?? 0,
      image: { annotations: {}, image: c.image, runtimeHandler: "", userSpecifiedImage: "" },
      imageRef: c.imageRef,
      reason: c.reason ?? "",
      message: "",
      labels: { "io.kubernetes.container.name": c.name, "io.kubernetes.pod.name": c.podName, "io.kubernetes.pod.namespace": c.podNamespace, "io.kubernetes.pod.uid": c.podUid },
      annotations: { "io.kubernetes.container.restartCount": String(c.attempt), "io.kubernetes.container.terminationMessagePath": "/dev/termination-log", "io.kubernetes.container.terminationMessagePolicy": "File", "io.kubernetes.pod.terminationGracePeriod": "30" },
      mounts: [],
      logPath: `/var/log/pods/${c.podNamespace}_${c.podName}_${c.podUid}/${c.name}/${c.attempt}.log`,
    },
    info: { sandboxID: c.podSandboxId, runtimeType: "io.containerd.runc.v2", pid: c.state === "CONTAINER_RUNNING" ? 1000 + (parseInt(c.id.slice(0, 4), 16) % 30000) : 0 },
  };
}

/**
 * The kubelet's journal lines about what goes wrong on this node now: manifest files it cannot
 * process (pkg/kubelet/config/file.go), containers in back-off (pod_workers.go "Error syncing pod,
 * skipping"), and the API server it cannot reach (kubelet_node_status.go), each with its journal prefix.
 */
export function kubeletProblemLines(state: ShellState, prefix: (ms: number) => string): string[] {
  const cluster = state.clusters.get(state.currentContext);
  if (!cluster?.controlPlane) return [];
  const now = cluster.now();
  const node = state.hostname;
  const klog = (level: string, ms: number, where: string, msg: string) => {
    const d = new Date(ms);
    const p = (n: number, w = 2) => String(n).padStart(w, "0");
    return `${prefix(ms)}${level}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}000    2417 ${where}] ${msg}`;
  };
  const out: string[] = [];
  for (const [path, msg] of manifestErrorsOf(state, node)) out.push(klog("E", now, "file.go:187", `"Could not process manifest file" err=${JSON.stringify(msg)} path=${JSON.stringify(path)}`));
  const ip = cluster.controlPlane.nodeIP("controlplane") || "172.30.1.2";
  if (!cluster.controlPlane.apiServing()) {
    out.push(klog("E", now, "kubelet_node_status.go:548", `"Error updating node status, will retry" err=${JSON.stringify(`error getting node "${node}": Get "https://${ip}:6443/api/v1/nodes/${node}?timeout=10s": dial tcp ${ip}:6443: connect: connection refused`)}`));
  }
  const podsRes = cluster.resources().find((r) => r.name === "pods" && r.group === "");
  const { containers } = cluster.controlPlane.cri(node);
  const seen = new Set<string>();
  for (const c of containers) {
    if (c.state !== "CONTAINER_EXITED" || seen.has(c.podUid + c.name) || !podsRes) continue;
    seen.add(c.podUid + c.name);
    const pod = cluster.get(podsRes, c.podNamespace, c.podName, { user: "kubernetes-admin", groups: ["system:masters"] });
    const st = pod.ok ? (pod.value.status?.containerStatuses ?? []).find((s: { name: string }) => s.name === c.name) : undefined;
    const waiting = st?.state?.waiting;
    if (waiting?.reason !== "CrashLoopBackOff") continue;
    const err = `failed to "StartContainer" for "${c.name}" with CrashLoopBackOff: "${waiting.message ?? ""}"`;
    out.push(klog("E", c.finishedAt ?? now, "pod_workers.go:1301", `"Error syncing pod, skipping" err=${JSON.stringify(err)} pod="${c.podNamespace}/${c.podName}" podUID="${c.podUid}"`));
  }
  return out;
}
