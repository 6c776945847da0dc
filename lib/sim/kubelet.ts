/**
 * kubelet (one logical instance per node) and its container runtime (containerd): pod sync,
 * image pulls with back-off, init containers, probes on their timers, restarts with crash
 * back-off, OOMKilled, volumes (ConfigMap/Secret/emptyDir/projected/PVC), env snapshots,
 * graceful termination, node lease heartbeats. k8s-reference §4, §5, §6.
 */
import type { ApiServer } from "./apiserver/apiserver";
import { b64decode } from "./apiserver/apiserver";
import type { Kernel } from "./core";
import { isPodReady, setCondition } from "./controllers/common";
import { listeningPorts, serveHttp, startupDelay, type HttpReply } from "./http";
import { pullMs, resolveImage, rootListing, startLogLines, type ImageSpec } from "./images";
import { runProgram, execCommand, LiveProgram, PROGRAMS, type AnswerLog, type ShellIO, type Timeline } from "./shell";
import { staticComponent, staticPodFault, type ControlPlane } from "./controlplane";
import { runInPodKubectl, serviceAccountFile, serviceAccountListing, type InPodKubectl, type InPodKubectlResult } from "./in-pod-kubectl";
import { bytes, clone, isoTime, parseIsoTime, type Obj } from "./util";
import { accessLogEvents, appendAccessLog, logFromEvents, type AccessLog, type ContainerLog } from "./container-logs";

/**
 * How far ahead of the clock a running program's lookups are answered: lookups it makes within this
 * window are answered together (a load generator's wget loop is one wake-up per second, not one per
 * request); a lookup later than that waits for the clock (LiveProgram).
 */
const PROGRAM_LOOKAHEAD_MS = 1000;
/**
 * A store change makes a waiting program's wake-up foreground work when it is at most this far off: a
 * settling cluster lets a short poll loop (the docs' `sleep 2`) see the change; a loop that sleeps longer
 * sees it when that time has passed, and a settle is not stretched to its next round.
 */
const PROGRAM_NUDGE_MS = 10_000;
const NUDGING = new Set(["services", "endpointslices", "endpoints", "networkpolicies", "ingresses", "configmaps", "secrets"]);

/** kubelet syncFrequency (§5, §6): volume contents refresh period. */
export const SYNC_FREQUENCY_MS = 60_000;
const LEASE_MS = 10_000;
const BACKOFF_BASE = 10_000;
const BACKOFF_MAX = 300_000;
/** waiting reasons of a container whose image could not be had */
const PULL_FAILURES = new Set(["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull"]);

export interface ContainerRt {
  name: string;
  init: boolean;
  sidecar: boolean;
  state: "waiting" | "running" | "terminated";
  reason?: string;
  message?: string;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  restartCount: number;
  ready: boolean;
  started: boolean;
  last?: { reason: string; exitCode: number; startedAt: number; finishedAt: number; message?: string };
  run: number;
  /** the crash back-off entry of this container (client-go flowcontrol.Backoff perItemBackoff) */
  bo?: { backoff: number; lastUpdate: number };
  /** the running attempt is being killed by the kubelet (probe failure, changed spec): it restarts in the same sync */
  killed?: "probe" | "spec";
  pullFails: number;
  /** the image of the last pull attempt and its error (the back-off is per pod and image) */
  pullImage?: string;
  pullErr?: string;
  liveFail: number;
  readyFail: number;
  readySucc: number;
  startupFail: number;
  /** env captured at start; never updated (§6) */
  env?: Record<string, string>;
  argv?: string[];
  server?: string;
  imageID?: string;
  hookFiles?: Record<string, string | null>;
  lastProbeMsg?: string;
  /** subPath mount contents captured at start */
  subPaths?: Record<string, string | null>;
  /** HTTP access log lines of the current run (ms since start), a ring of parallel arrays; the array form is an older checkpoint's */
  accessLog?: AccessLog | { t: number; line: string }[];
  /**
   * what the program's lookups (files, DNS, HTTP, kubectl) were answered, in call order, per run start
   * (current and last run): a recomputed timeline (after restore, logs --previous) replays them (LiveProgram)
   */
  answers?: Record<string, StoredAnswers>;
}

/** A run's answers as kept in the state: each distinct answer once (as JSON), then which one each lookup got. */
export interface StoredAnswers {
  v: string[];
  i: number[];
}

/**
 * The AnswerLog over a run's StoredAnswers: a poll loop asks the same thing again and again, so its
 * answers (a page body each time wget succeeds) are kept once, not once per request.
 */
class AnswerTable implements AnswerLog {
  private ids?: Map<string, number>;
  private parsed: unknown[] = [];
  constructor(private s: StoredAnswers) {}
  get length(): number {
    return this.s.i.length;
  }
  at(n: number): unknown {
    const k = this.s.i[n];
    return k in this.parsed ? this.parsed[k] : (this.parsed[k] = JSON.parse(this.s.v[k]));
  }
  push(answer: unknown): void {
    const json = JSON.stringify(answer) ?? "null";
    const ids = (this.ids ??= new Map(this.s.v.map((j, k) => [j, k])));
    let k = ids.get(json);
    if (k === undefined) {
      k = this.s.v.push(json) - 1;
      ids.set(json, k);
    }
    this.s.i.push(k);
  }
}

export interface PodRt {
  uid: string;
  ns: string;
  name: string;
  node: string;
  ip: string;
  startTime: number;
  /** init containers completed */
  initDone: number;
  cs: Record<string, ContainerRt>;
  /** projected files per volume name (ConfigMap/Secret as of the last kubelet sync) */
  vols: Record<string, Record<string, string>>;
  /** emptyDir contents written by finished containers */
  emptyDirs: Record<string, Record<string, string>>;
  mountError?: string;
  killing?: boolean;
  terminal?: boolean;
}

export interface NodeRt {
  up: boolean;
  images: string[];
  podIdx: number;
  nextIp: number;
  cidr: string;
}

/** Whether a pod references a ConfigMap/Secret by name: volumes (also projected), env, envFrom, imagePullSecrets. */
function podReferences(pod: Obj, kind: "ConfigMap" | "Secret", name: string): boolean {
  const cm = kind === "ConfigMap";
  for (const v of pod.spec.volumes ?? []) {
    if (cm ? v.configMap?.name === name : v.secret?.secretName === name) return true;
    for (const src of v.projected?.sources ?? []) if ((cm ? src.configMap : src.secret)?.name === name) return true;
  }
  for (const c of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])]) {
    for (const ef of c.envFrom ?? []) if ((cm ? ef.configMapRef : ef.secretRef)?.name === name) return true;
    for (const e of c.env ?? []) if ((cm ? e.valueFrom?.configMapKeyRef : e.valueFrom?.secretKeyRef)?.name === name) return true;
  }
  return !cm && (pod.spec.imagePullSecrets ?? []).some((r: Obj) => r.name === name);
}

function timelineKey(c: ContainerRt, pr: PodRt): string {
  return `${pr.uid}|${c.name}|${c.run}`;
}

/** The kubelets of all nodes. */
export class Kubelets {
  /** memo of container program timelines (derived data, recomputed after restore) */
  private timelines = new Map<string, Timeline>();
  /** InternalIP of each stored Node object (derived; a changed Node is a new object) */
  private nodeIPs = new WeakMap<Obj, string>();
  /** the running programs behind those timelines, suspended at their next lookup (derived: replayed from ContainerRt.answers) */
  private programs = new Map<string, LiveProgram>();
  customImages: ImageSpec[] = [];
  /** network hook for curl/wget inside containers, set by the cluster wiring */
  http?: (fromPod: PodRt | null, url: string, pure: boolean) => { code: number; body: string } | { error: string; exit?: number };
  dns?: (fromPod: PodRt | null, name: string) => string[] | null;

  /** control-plane component state, told about the static Pods' containers (cluster wiring) */
  cp?: ControlPlane;
  setControlPlane(cp: ControlPlane): void {
    this.cp = cp;
  }

  /** Set the network hooks (cluster wiring). */
  /** lib/kubectl's kubectl for images that have one (lib/sim/in-pod-kubectl.ts) */
  private inPodKubectl?: InPodKubectl;
  setInPodKubectl(runner: InPodKubectl): void {
    this.inPodKubectl = runner;
  }

  /** A container's `kubectl`: exec runs it as is; a container's own program only reads (its answers are memoised in ContainerRt.answers). */
  private containerKubectl(pod: Obj, env: Record<string, string>, args: string[], program: boolean): InPodKubectlResult {
    return runInPodKubectl(this.inPodKubectl!, this.k, pod, env, args, program);
  }

  setNetworkHooks(http: NonNullable<Kubelets["http"]>, dns: NonNullable<Kubelets["dns"]>): void {
    this.http = http;
    this.dns = dns;
  }

  constructor(private k: Kernel, private api: ApiServer) {
    k.on("pods", (t, p, old) => {
      const node = p.spec.nodeName;
      if (!node) return;
      if (t === "DELETED") {
        this.forget(p);
        // Static pods: the kubelet recreates the mirror pod from its manifest.
        if (p.metadata.annotations?.["kubernetes.io/config.mirror"] && this.nodes[node]?.up) {
          const mirror = { apiVersion: "v1", kind: "Pod", metadata: { name: p.metadata.name, namespace: p.metadata.namespace, labels: p.metadata.labels, annotations: p.metadata.annotations, ...(p.metadata.ownerReferences ? { ownerReferences: p.metadata.ownerReferences } : {}) }, spec: p.spec };
          (this.k.s.rt.mirrors ??= {})[`${p.metadata.namespace}/${p.metadata.name}`] = mirror;
          this.k.schedule(1000, "kl-mirror", `${p.metadata.namespace}/${p.metadata.name}`, true, true);
        }
        return;
      }
      const changed = !old || old.spec.nodeName !== node || !!p.metadata.deletionTimestamp !== !!old.metadata.deletionTimestamp || JSON.stringify(old.spec.containers.map((c: Obj) => c.image)) !== JSON.stringify(p.spec.containers.map((c: Obj) => c.image));
      if (changed) this.k.schedule(10, "kl-sync", `${p.metadata.uid}|${p.metadata.namespace}|${p.metadata.name}`, true, true);
    });
    const refs = (kind: "ConfigMap" | "Secret") => (t: string, o: Obj) => {
      // With the default configMapAndSecretChangeDetectionStrategy (Watch) each kubelet watches the
      // Secrets/ConfigMaps its pods reference (pkg/kubelet/util/manager/watch_based_manager.go; names
      // from podutil.VisitPodSecretNames/VisitPodConfigmapNames): only those nodes hear of a change.
      const heard = new Set<string>();
      for (const p of this.k.list("pods", o.metadata.namespace)) {
        const pr = this.podRt(p.metadata.uid);
        if (!pr) continue;
        if (!heard.has(pr.node) && this.nodes[pr.node]?.up && podReferences(p, kind, o.metadata.name)) {
          heard.add(pr.node);
          this.k.trace("kube-apiserver", this.from(pr.node), "watch", `${kind} ${o.metadata.namespace}/${o.metadata.name}`, t === "DELETED" ? "removed from cache" : "cache updated");
        }
        if (pr.mountError || Object.values(pr.cs).some((c) => c.reason === "CreateContainerConfigError")) this.k.schedule(1000, "kl-sync", p.metadata.uid, true, true);
      }
    };
    k.on("configmaps", refs("ConfigMap"));
    k.on("secrets", refs("Secret"));
    k.onTimer("kl-sync", (uid) => this.syncPod(uid));
    k.onTimer("kl-pulled", (key) => this.onPulled(key));
    k.onTimer("kl-exit", (key) => this.onExit(key));
    k.onTimer("kl-prog", (key) => this.onProgramWake(key));
    k.subscribe((_t, _o, resource) => this.onStoreChange(resource));
    k.onTimer("kl-probe", (key) => this.onProbe(key));
    k.onTimer("kl-restart", (key) => this.onRestart(key));
    k.onTimer("kl-killed", (uid) => this.onKilled(uid));
    k.onTimer("kl-lease", (node) => this.renewLease(node));
    k.onTimer("kl-volsync", (node) => this.volumeSync(node));
    k.onTimer("kl-retry", (uid) => this.syncPod(uid));
    k.onTimer("kl-mirror", (key) => {
      const m = this.k.s.rt.mirrors?.[key];
      if (!m) return;
      delete this.k.s.rt.mirrors[key];
      if (!this.k.get("pods", m.metadata.namespace, m.metadata.name)) this.api.create(clone(m), { from: `kubelet/${m.spec.nodeName}`, user: `system:node:${m.spec.nodeName}` });
    });
  }

  /** Drop derived caches (after restore). */
  resetCaches(): void {
    this.timelines.clear();
    this.programs.clear();
  }

  /** Pod runtimes on a node that mount ConfigMaps/Secrets (derived, recomputed each sync). */
  private podsOnNode(node: string): PodRt[] {
    const out: PodRt[] = [];
    for (const uid in this.k.s.rt.nodePods?.[node] ?? {}) {
      const pr = this.pods[uid];
      if (pr && Object.keys(pr.vols).length) out.push(pr);
    }
    return out;
  }

  // --- state access --------------------------------------------------------------------------
  private get pods(): Record<string, PodRt> {
    return (this.k.s.rt.pods ??= {});
  }
  get nodes(): Record<string, NodeRt> {
    return (this.k.s.rt.nodes ??= {});
  }
  podRt(uid: string): PodRt | undefined {
    return this.pods[uid];
  }
  findPod(ns: string, name: string): { pod: Obj; rt: PodRt } | null {
    const pod = this.k.get("pods", ns, name);
    if (!pod) return null;
    const rt = this.pods[pod.metadata.uid];
    return rt ? { pod, rt } : null;
  }

  /** Register a node's kubelet: creates the Node object, lease heartbeats and volume sync. */
  registerNode(node: Obj, idx: number, preload: string[]): void {
    this.nodes[node.metadata.name] = { up: true, images: [...preload], podIdx: idx, nextIp: 2, cidr: `10.244.${idx}` };
    this.k.schedule(LEASE_MS, "kl-lease", node.metadata.name, false);
    this.k.schedule(SYNC_FREQUENCY_MS, "kl-volsync", node.metadata.name, false);
  }

  setKubeletUp(node: string, up: boolean): void {
    const n = this.nodes[node];
    if (!n || n.up === up) return;
    n.up = up;
    this.k.trace(`kubelet/${node}`, `kubelet/${node}`, up ? "start" : "stop", `Node ${node}`, up ? "kubelet started" : "kubelet stopped");
    if (up) {
      this.renewLease(node);
      this.postNodeReady(node);
      for (const p of this.k.list("pods")) if (p.spec.nodeName === node) this.k.schedule(10, "kl-sync", `${p.metadata.uid}|${p.metadata.namespace}|${p.metadata.name}`, true, true);
      // programs whose wake-up came while the kubelet was down go on from where they waited
      const waits: Record<string, [number, number]> = this.k.s.rt.progWaits ?? {};
      for (const key in waits) {
        const [at, n] = waits[key];
        if (at < this.k.now && this.pods[key.split("|")[0]]?.node === node) this.k.schedule(0, "kl-prog", `${key}|${n}`, true, true);
      }
    }
  }

  private postNodeReady(node: string) {
    const n = this.k.get("nodes", undefined, node);
    if (!n) return;
    const c = clone(n);
    setCondition(c.status, { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", lastHeartbeatTime: isoTime(this.k.now) }, this.k.now);
    this.api.writeStatus(c, `kubelet/${node}`);
  }

  private renewLease(node: string) {
    const n = this.nodes[node];
    if (!n) return;
    // A deleted Node is not re-registered (the simulator has no `kubeadm join` loop); its kubelet goes quiet.
    if (!this.k.get("nodes", undefined, node)) return;
    if (n.up) {
      const lease = this.k.get("leases", "kube-node-lease", node);
      const l = lease ? { ...lease, metadata: { ...lease.metadata }, spec: { ...lease.spec } } : { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: node, namespace: "kube-node-lease", uid: this.k.uid(), creationTimestamp: isoTime(this.k.now) }, spec: { holderIdentity: node, leaseDurationSeconds: 40 } };
      l.spec.renewTime = isoTime(this.k.now);
      (this.k.s.rt.leaseRenew ??= {})[node] = this.k.now;
      this.k.trace(`kubelet/${node}`, "kube-apiserver", "renew lease", `Lease kube-node-lease/${node}`);
      this.k.put("leases", l);
    }
    this.k.schedule(LEASE_MS, "kl-lease", node, false);
  }

  // --- pod sync --------------------------------------------------------------------------------
  private forget(p: Obj) {
    const pr = this.pods[p.metadata.uid];
    if (!pr) return;
    this.cp?.podRemoved(p);
    delete this.pods[p.metadata.uid];
    delete this.k.s.rt.nodePods?.[pr.node]?.[pr.uid];
    for (const c of Object.values(pr.cs)) {
      this.timelines.delete(timelineKey(c, pr));
      this.programs.delete(timelineKey(c, pr));
      delete this.k.s.rt.progWaits?.[timelineKey(c, pr)];
    }
  }

  /**
   * The container a kl-* timer was set for (key parts uid, name, run), if that run is still the current
   * one, on a node that is up, in a pod not being deleted (unless `evenIfDeleting`); else null.
   */
  private timerTarget(uid: string, name: string, run: string, opts: { evenIfDeleting?: boolean } = {}): { pr: PodRt; pod: Obj; c: ContainerRt; spec: Obj | undefined } | null {
    const pr = this.pods[uid];
    const pod = pr && this.podOf(pr);
    if (!pr || !pod || (!opts.evenIfDeleting && pod.metadata.deletionTimestamp) || !this.nodes[pr.node]?.up) return null;
    const c = pr.cs[name];
    if (!c || String(c.run) !== run) return null;
    const spec = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find((x: Obj) => x.name === name);
    return { pr, pod, c, spec };
  }

  private podOf(pr: PodRt): Obj | undefined {
    const p = this.k.get("pods", pr.ns, pr.name);
    return p && p.metadata.uid === pr.uid ? p : undefined;
  }

  private from(node: string): string {
    return `kubelet/${node}`;
  }

  /** A kubelet Event; container events carry involvedObject.fieldPath (describe shows it since 1.35, §4.2). */
  private event(pod: Obj, type: "Normal" | "Warning", reason: string, msg: string, container?: string) {
    const init = container !== undefined && (pod.spec.initContainers ?? []).some((c: Obj) => c.name === container);
    const fieldPath = container === undefined ? undefined : `spec.${init ? "initContainers" : "containers"}{${container}}`;
    this.k.event(pod, type, reason, msg, "kubelet", pod.spec.nodeName, fieldPath);
  }

  syncPod(key: string): void {
    const pod = this.findByUid(key);
    if (!pod) return;
    const uid = pod.metadata.uid;
    const node = pod.spec.nodeName;
    const nrt = this.nodes[node];
    if (!nrt || !nrt.up) return;
    let pr = this.pods[uid];
    const fresh = !pr;
    if (!pr) {
      this.k.trace("kube-apiserver", this.from(node), "watch", `Pod ${pod.metadata.namespace}/${pod.metadata.name}`, "pod bound to node");
      const ip = pod.spec.hostNetwork ? this.nodeIP(node) : `${nrt.cidr}.${nrt.nextIp}`;
      if (!pod.spec.hostNetwork) nrt.nextIp = nrt.nextIp >= 254 ? 2 : nrt.nextIp + 1;
      pr = this.pods[uid] = { uid, ns: pod.metadata.namespace, name: pod.metadata.name, node, ip, startTime: this.k.now, initDone: 0, cs: {}, vols: {}, emptyDirs: {} };
      ((this.k.s.rt.nodePods ??= {})[node] ??= {})[uid] = 1;
      for (const c of pod.spec.initContainers ?? []) pr.cs[c.name] = newCrt(c.name, true, c.restartPolicy === "Always");
      for (const c of pod.spec.containers ?? []) pr.cs[c.name] = newCrt(c.name, false, false);
    }
    if (pod.metadata.deletionTimestamp) {
      this.terminatePod(pod, pr);
      return;
    }
    if (pr.terminal) return;
    // Volumes.
    const mountErr = this.setupVolumes(pod, pr);
    if (mountErr) {
      if (pr.mountError !== mountErr) this.event(pod, "Warning", "FailedMount", mountErr);
      pr.mountError = mountErr;
      this.writeStatus(pod, pr);
      this.k.schedule(10_000, "kl-retry", uid, false, true);
      return;
    }
    // The sandbox comes after the volumes are mounted and before any image pull (kubelet SyncPod ->
    // kuberuntime createPodSandbox: RunPodSandbox over the CRI, the CNI ADD gives the Pod its IP).
    // Traced once: on the first sync, or on the first one after a FailedMount, before any container ran.
    if ((fresh || pr.mountError !== undefined) && Object.values(pr.cs).every((c) => c.run === 0 && c.restartCount === 0 && !c.last)) {
      this.k.trace(this.from(node), `containerd/${node}`, "run pod sandbox", `Pod ${pr.ns}/${pr.name}`, pod.spec.hostNetwork ? `hostNetwork: node IP ${pr.ip}` : `pod IP ${pr.ip}`);
    }
    delete pr.mountError;
    // A new image for a container waiting on a failed pull or in crash back-off: the back-off keys
    // are per pod and image (image_manager.go backOffKey "<podUID>_<image>") and per container spec
    // hash (kuberuntime_manager.go getStableKey), so the kubelet pulls/starts the new one at once.
    for (const c of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])]) {
      const cr = pr.cs[c.name];
      if (cr?.state === "waiting" && cr.run > 0 && PULL_FAILURES.has(cr.reason ?? "") && cr.pullImage !== c.image) {
        cr.pullFails = 0;
        cr.run++;
        this.startContainer(pod, pr, c, cr);
      } else if (cr?.state === "waiting" && cr.reason === "CrashLoopBackOff" && cr.imageID && cr.imageID !== imageIdOf(c.image)) {
        // a new spec hash is a new back-off key: doBackOff finds no entry and Next starts one at 10 s
        cr.bo = { backoff: BACKOFF_BASE, lastUpdate: this.k.now };
        cr.run++;
        cr.restartCount++;
        this.startContainerAgain(pod, pr, c, cr);
      }
    }
    // Images changed on a running container (kubectl set image on a bare pod): restart it.
    for (const c of pod.spec.containers ?? []) {
      const cr = pr.cs[c.name];
      if (cr?.state === "running" && cr.imageID && cr.imageID !== imageIdOf(c.image)) {
        this.event(pod, "Normal", "Killing", `Container ${c.name} definition changed, will be restarted`, c.name);
        cr.killed = "spec";
        delete cr.bo;
        this.stopContainer(pod, pr, cr, 0, "Completed", true);
      }
    }
    this.advancePod(pod, pr);
  }

  /** key: "uid" (known runtime) or "uid|ns|name" */
  private findByUid(key: string): Obj | undefined {
    const [uid, ns, name] = key.split("|");
    const pr = this.pods[uid];
    if (pr) return this.podOf(pr);
    if (ns === undefined) return undefined;
    const p = this.k.get("pods", ns, name);
    return p?.metadata.uid === uid ? p : undefined;
  }

  nodeIP(node: string): string {
    const n = this.k.get("nodes", undefined, node);
    if (!n) return "";
    // per stored Node version (a new status is a new object): every pod status write asks for its node's IP
    let ip = this.nodeIPs.get(n);
    if (ip === undefined) {
      ip = (n.status?.addresses?.find((a: Obj) => a.type === "InternalIP")?.address ?? "") as string;
      this.nodeIPs.set(n, ip);
    }
    return ip;
  }

  /** Start whatever can start next: init containers in order, then the app containers. */
  private advancePod(pod: Obj, pr: PodRt) {
    const inits: Obj[] = pod.spec.initContainers ?? [];
    while (pr.initDone < inits.length) {
      const spec = inits[pr.initDone];
      const c = pr.cs[spec.name];
      if (c.sidecar && c.state === "running" && c.started) { pr.initDone++; continue; }
      if (!c.sidecar && c.state === "terminated" && c.exitCode === 0) { pr.initDone++; continue; }
      if (c.state === "waiting" && (c.run === 0 || c.reason === "CreateContainerConfigError")) this.startContainer(pod, pr, spec, c);
      this.writeStatus(pod, pr);
      return;
    }
    for (const spec of pod.spec.containers ?? []) {
      const c = pr.cs[spec.name];
      if (c.state === "waiting" && (c.run === 0 || c.reason === "CreateContainerConfigError")) this.startContainer(pod, pr, spec, c);
    }
    this.writeStatus(pod, pr);
  }

  private imageFor(spec: Obj) {
    return resolveImage(spec.image, this.customImages);
  }

  private startContainer(pod: Obj, pr: PodRt, spec: Obj, c: ContainerRt) {
    const nrt = this.nodes[pr.node];
    const policy = spec.imagePullPolicy ?? "IfNotPresent";
    const res = this.imageFor(spec);
    const present = res.ok && nrt.images.includes(res.ref.full);
    c.pullImage = spec.image;
    c.state = "waiting";
    c.reason = c.init || (pod.spec.initContainers ?? []).length ? "PodInitializing" : "ContainerCreating";
    if (!res.ok && res.invalid) {
      c.reason = "InvalidImageName";
      c.message = res.error;
      this.event(pod, "Warning", "InspectFailed", res.error, spec.name);
      this.event(pod, "Warning", "Failed", "Error: InvalidImageName", spec.name);
      return;
    }
    if (policy === "Never" && !present) {
      c.reason = "ErrImageNeverPull";
      c.message = `Container image "${spec.image}" is not present with pull policy of Never`;
      this.event(pod, "Warning", "ErrImageNeverPull", c.message, spec.name);
      this.event(pod, "Warning", "Failed", "Error: ErrImageNeverPull", spec.name);
      return;
    }
    if (policy === "Always" || !present) {
      this.event(pod, "Normal", "Pulling", `Pulling image "${spec.image}"`, spec.name);
      this.k.trace(this.from(pr.node), `containerd/${pr.node}`, "pull image", `Pod ${pr.ns}/${pr.name}`, spec.image);
      const ms = res.ok ? (present ? 400 : pullMs(res.spec)) : 800;
      c.run++;
      this.k.schedule(ms, "kl-pulled", `${pr.uid}|${c.name}|${c.run}|${ms}`, true);
      return;
    }
    this.event(pod, "Normal", "Pulled", `Container image "${spec.image}" already present on machine`, spec.name);
    this.createAndStart(pod, pr, spec, c);
  }

  private onPulled(key: string) {
    const [uid, name, run, ms] = key.split("|");
    const t = this.timerTarget(uid, name, run);
    if (!t?.spec) return;
    const { pr, pod, c, spec } = t;
    const res = this.imageFor(spec);
    if (!res.ok) {
      c.pullFails++;
      c.pullErr = res.error;
      c.state = "waiting";
      c.reason = "ErrImagePull";
      c.message = res.error;
      this.k.trace(`containerd/${pr.node}`, this.from(pr.node), "pull failed", `Pod ${pr.ns}/${pr.name}`, spec.image);
      this.event(pod, "Warning", "Failed", `Failed to pull image "${spec.image}": ${res.error}`, spec.name);
      this.event(pod, "Warning", "Failed", "Error: ErrImagePull", spec.name);
      this.writeStatus(pod, pr);
      // Image pull back-off: 10 s doubling to 300 s (imageBackOffPeriod/MaxImageBackOff, §4.2).
      const delay = Math.min(BACKOFF_BASE * 2 ** (c.pullFails - 1), BACKOFF_MAX);
      this.k.schedule(1000, "kl-restart", `${uid}|${name}|${c.run}|pullbackoff|${delay}`, false);
      return;
    }
    const nrt = this.nodes[pr.node];
    if (!nrt.images.includes(res.ref.full)) nrt.images.push(res.ref.full);
    const secs = (Number(ms) / 1000).toFixed(3).replace(/\.?0+$/, "");
    this.event(pod, "Normal", "Pulled", `Successfully pulled image "${spec.image}" in ${secs}s (${secs}s including waiting). Image size: ${res.spec.sizeBytes} bytes.`, spec.name);
    c.pullFails = 0;
    this.createAndStart(pod, pr, spec, c);
    this.writeStatus(pod, pr);
  }

  /** Resolve env (snapshot at start), create and start the container. */
  private createAndStart(pod: Obj, pr: PodRt, spec: Obj, c: ContainerRt) {
    const env = this.buildEnv(pod, pr, spec);
    if (typeof env === "string") {
      c.state = "waiting";
      c.reason = "CreateContainerConfigError";
      c.message = env;
      this.event(pod, "Warning", "Failed", `Error: ${env}`, spec.name);
      this.k.schedule(10_000, "kl-retry", pr.uid, false, true);
      return;
    }
    const res = this.imageFor(spec);
    if (!res.ok) return;
    const img = res.spec;
    c.env = env;
    c.imageID = imageIdOf(spec.image);
    // argv: command replaces ENTRYPOINT, args replace CMD.
    let server: string | undefined;
    let argv: string[];
    if (img.kind === "server" && !spec.command) {
      server = img.http ?? "none";
      argv = spec.args ?? [];
    } else if (img.kind === "server") {
      argv = [...spec.command, ...(spec.args ?? [])];
    } else {
      argv = spec.command ? [...spec.command, ...(spec.args ?? [])] : spec.args ? [...(img.entrypoint ?? []), ...spec.args] : img.cmd;
    }
    c.argv = argv.map((a) => expandEnvRefs(a, env));
    if (server === undefined) delete c.server;
    else c.server = server;
    c.run++;
    c.state = "running";
    // Unset fields are deleted, not set to undefined: a snapshot drops undefined keys, so a restored runtime
    // would list a field set later in another order and hash differently (stateHash is the snapshot's text).
    delete c.reason;
    delete c.message;
    c.startedAt = this.k.now;
    c.started = !spec.startupProbe;
    c.ready = false;
    c.liveFail = c.readyFail = c.readySucc = c.startupFail = 0;
    delete c.hookFiles;
    delete c.accessLog;
    delete c.subPaths;
    for (const m of spec.volumeMounts ?? []) {
      if (m.subPath && pr.vols[m.name]) (c.subPaths ??= {})[m.mountPath] = pr.vols[m.name][m.subPath] ?? null;
    }
    if (c.restartCount > 0 || c.last) {
      // counted when the failed container comes back to running (§4.2)
    }
    const missing = this.missingExecutable(pod, pr, spec, c, img);
    if (missing) {
      // The runtime creates the container, then runc cannot exec its command: the kubelet's
      // "Error: <CRI message>" event, and the container ends as StartError with exit code 128.
      const msg = `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${missing}: unknown`;
      this.event(pod, "Normal", "Created", `Created container: ${spec.name}`, spec.name);
      this.event(pod, "Warning", "Failed", `Error: ${msg}`, spec.name);
      this.k.schedule(0, "kl-exit", `${pr.uid}|${c.name}|${c.run}|128|StartError|${msg}`, true);
      return;
    }
    this.event(pod, "Normal", "Created", `Created container: ${spec.name}`, spec.name);
    this.k.trace(this.from(pr.node), `containerd/${pr.node}`, "start container", `Pod ${pr.ns}/${pr.name}`, spec.name);
    this.event(pod, "Normal", "Started", `Started container ${spec.name}`, spec.name);
    this.cp?.containerStarted(pod, c.run);
    // postStart hook (exec): its file writes are visible in the container.
    const ps = spec.lifecycle?.postStart?.exec?.command;
    if (ps) {
      const r = runProgram(ps, this.shellIO(pod, pr, spec, c, 0));
      c.hookFiles = {};
      for (const e of r.events) if (e.file) c.hookFiles[e.file.path] = e.file.content;
    }
    // Program outcome: exit, OOM, crash.
    const tl = this.timeline(pod, pr, spec, c, true);
    const end = this.programEnd(spec, c, tl, img);
    let exitAt = end?.t, code = end?.code ?? 0, reason = end?.reason ?? "Completed";
    if (img.requireEnv && server && !img.requireEnv.anyOf.some((e) => env[e])) {
      exitAt = 500;
      code = 1;
      reason = "Error";
    }
    const fault = staticPodFault(this.k, pod);
    if (fault?.exitAfterMs !== undefined) {
      // a control-plane component started from a broken manifest fails as the real binary does
      exitAt = fault.exitAfterMs;
      code = fault.exitCode ?? 1;
      reason = "Error";
    }
    const crash = server === "demo" && env.DEMO_CRASH_AFTER_SECONDS ? Number(env.DEMO_CRASH_AFTER_SECONDS) * 1000 : undefined;
    if (crash !== undefined && (exitAt === undefined || crash < exitAt)) {
      exitAt = crash;
      code = 1;
      reason = "Error";
    }
    if (exitAt !== undefined) this.k.schedule(exitAt, "kl-exit", `${pr.uid}|${c.name}|${c.run}|${code}|${reason}`, exitAt <= 60_000);
    this.scheduleProbes(spec, pr, c);
    if (c.sidecar) {
      // A restartable init container (sidecar) unblocks the next containers once started.
      c.started = true;
      this.k.schedule(0, "kl-sync", `${pr.uid}|${pr.ns}|${pr.name}`, true, true);
    }
  }

  /**
   * The runc error when the container's command is not in the image ("executable file not found in
   * $PATH", or stat's error for a path), or null. A generic image's unknown command is its own
   * program: it keeps running.
   */
  private missingExecutable(pod: Obj, pr: PodRt, spec: Obj, c: ContainerRt, img: ImageSpec): string | null {
    const a0 = c.argv?.[0];
    if (c.server || !a0) return null;
    const missing = this.commandMissing(pod, pr, spec, c, img, a0);
    if (missing && img.generic && !img.missing?.includes(a0)) {
      c.server = "none";
      return null;
    }
    return missing;
  }

  /** runc's error when `a0` is not a program of the image (nor a script file in the container), or null. */
  private commandMissing(pod: Obj, pr: PodRt, spec: Obj, c: ContainerRt | undefined, img: ImageSpec, a0: string): string | null {
    const base = a0.replace(/^\/(usr\/)?(local\/)?(s?bin)\//, "");
    if (img.missing?.includes(base)) return `exec: "${a0}": executable file not found in $PATH`;
    if (PROGRAMS.has(base) || img.programs?.includes(base)) return null;
    const servers = this.shellIO(pod, pr, spec, c, this.k.now).servers ?? [];
    if (servers.includes(a0) || servers.includes(base)) return null;
    if (a0.includes("/") && this.readFile(pod, pr, spec, c, a0, this.k.now - (c?.startedAt ?? this.k.now)) !== null) return null;
    return a0.includes("/") ? `exec: "${a0}": stat ${a0}: no such file or directory` : `exec: "${a0}": executable file not found in $PATH`;
  }

  /**
   * A container's timeline so far. A program's lookups are answered only `live` (when it starts and on
   * its wake-ups, kl-prog): then it runs on to what it asks next after now (plus PROGRAM_LOOKAHEAD_MS)
   * and waits there; otherwise its stored answers are replayed, so reading never changes the state.
   */
  private timeline(pod: Obj, pr: PodRt, spec: Obj, c: ContainerRt, live = false): Timeline {
    const key = timelineKey(c, pr);
    const start = c.startedAt ?? this.k.now;
    // a run restored from a snapshot that kept no answers for it gets its list now, before any is added
    if (live && this.programs.has(key) && !c.answers?.[String(start)]) { this.timelines.delete(key); this.programs.delete(key); }
    let tl = this.timelines.get(key);
    if (!tl) {
      const fault = staticPodFault(this.k, pod);
      if (fault) tl = faultTimeline(fault);
      else if (c.server) tl = { events: this.serverLog(spec, c) };
      else if (!live && !c.answers?.[String(start)]) tl = this.legacyTimeline(pod, pr, spec, c, start);
      else {
        const p = new LiveProgram(c.argv ?? [], this.shellIO(pod, pr, spec, c, start, true), this.runAnswers(c, start, live)).advance(-1);
        this.programs.set(key, p);
        tl = p.timeline;
      }
      this.timelines.set(key, tl);
    }
    const p = live ? this.programs.get(key) : undefined;
    if (p) {
      p.advance(this.k.now - start + PROGRAM_LOOKAHEAD_MS);
      const waits: Record<string, [number, number]> = (this.k.s.rt.progWaits ??= {});
      if (p.waitAt === undefined) delete waits[key];
      else {
        // a wake-up when the clock reaches the lookup; a change in the store brings a foreground one (onStoreChange)
        const at = start + p.waitAt;
        waits[key] = [at, p.answered];
        this.k.schedule(at - this.k.now, "kl-prog", `${key}|${p.answered}`, false, true);
      }
    }
    return tl;
  }

  /**
   * A run restored from a snapshot taken before programs kept their answers (an older checkpoint): its
   * timeline is computed at once against the cluster as it is, as it was then; it gets no wake-ups.
   */
  private legacyTimeline(pod: Obj, pr: PodRt, spec: Obj, c: ContainerRt, start: number): Timeline {
    return runProgram(c.argv ?? [], this.shellIO(pod, pr, spec, c, start, true));
  }

  /** The answers of a run's lookups (runtime state); `create` makes the table of a starting run and drops those of runs before the last. */
  private runAnswers(c: ContainerRt, startMs: number, create: boolean): AnswerLog {
    if (!create) {
      const s = c.answers?.[String(startMs)];
      return s ? new AnswerTable(s) : [];
    }
    const a = (c.answers ??= {});
    for (const k of Object.keys(a)) if (k !== String(c.startedAt) && k !== String(c.last?.startedAt)) delete a[k];
    return new AnswerTable((a[String(startMs)] ??= { v: [], i: [] }));
  }

  /** How a program's run ends as far as its timeline is known: its exit, or OOMKilled when it outgrows its memory limit first. */
  private programEnd(spec: Obj, c: ContainerRt, tl: Timeline, img: ImageSpec): { t: number; code: number; reason: string } | undefined {
    let end = tl.exit ? { t: tl.exit.t, code: tl.exit.code, reason: tl.exit.code === 0 ? "Completed" : "Error" } : undefined;
    const limit = bytes(spec.resources?.limits?.memory ?? 0);
    if (limit && this.memAt(img, tl, Infinity, c.env ?? {}, c.server) > limit) {
      const oomT = tl.events.find((e) => e.mem !== undefined)?.t ?? 100;
      if (!end || oomT < end.t) end = { t: oomT, code: 137, reason: "OOMKilled" };
    }
    return end;
  }

  /** kl-prog: the clock reached the lookup a program waits to make; answer it and schedule the end it comes to. */
  private onProgramWake(key: string) {
    const [uid, name, run, n] = key.split("|");
    const t = this.timerTarget(uid, name, run);
    if (!t?.spec || t.c.state !== "running") return;
    const { pr, pod, c, spec } = t;
    const tl = this.timeline(pod, pr, spec, c);
    const p = this.programs.get(timelineKey(c, pr));
    // the other wake-up of a pair (background and foreground) already answered it
    if (!p || String(p.answered) !== n || p.waitAt === undefined) return;
    const res = this.imageFor(spec);
    if (!res.ok) return;
    const before = this.programEnd(spec, c, tl, res.spec);
    this.timeline(pod, pr, spec, c, true);
    const end = this.programEnd(spec, c, tl, res.spec);
    if (!end || (before && before.t === end.t && before.reason === end.reason)) return;
    const delay = Math.max(0, (c.startedAt ?? 0) + end.t - this.k.now);
    this.k.schedule(delay, "kl-exit", `${pr.uid}|${c.name}|${c.run}|${end.code}|${end.reason}`, delay <= 60_000);
  }

  /**
   * A change to what names and routes resolve through (a Service, its endpoints, a NetworkPolicy, an
   * Ingress, a ConfigMap or Secret) may change what a waiting program's next lookup gets: a wake-up
   * within PROGRAM_NUDGE_MS becomes foreground work, so a settling cluster lets the program see it (the
   * docs' init container loop ends once its Service exists). Pod churn is not counted (it is constant
   * while anything settles, and would stretch every settle to the next poll of every loop).
   */
  private onStoreChange(resource: string) {
    if (!NUDGING.has(resource)) return;
    const waits: Record<string, [number, number]> | undefined = this.k.s.rt.progWaits;
    if (!waits) return;
    for (const key in waits) {
      const [at, n] = waits[key];
      // a wake-up the clock passed while the node's kubelet was down: setKubeletUp schedules it again
      if (at < this.k.now) continue;
      if (at - this.k.now > PROGRAM_NUDGE_MS) continue;
      this.k.schedule(at - this.k.now, "kl-prog", `${key}|${n}|fg`, true, true);
    }
  }

  private serverLog(spec: Obj, c: ContainerRt): Timeline["events"] {
    const res = this.imageFor(spec);
    if (!res.ok) return [];
    const img = res.spec;
    if (img.requireEnv && !img.requireEnv.anyOf.some((e) => c.env?.[e])) return img.requireEnv.log.map((l) => ({ t: 100, err: l }));
    return startLogLines(img, res.ref.tag, (c.startedAt ?? 0) + img.startupMs).map((l) => ({ t: img.startupMs, out: l }));
  }

  private memAt(img: ImageSpec, tl: Timeline, at: number, env: Record<string, string>, server?: string): number {
    let m = img.memBytes;
    if (server === "demo" && env.DEMO_MEMORY_MI) m = Number(env.DEMO_MEMORY_MI) * 1024 * 1024;
    for (const e of tl.events) if (e.mem !== undefined && e.t <= at) m = Math.max(m, e.mem);
    return m;
  }

  /** Files as seen inside a container at `sinceStart` ms into its run. */
  readFile(pod: Obj, pr: PodRt, spec: Obj, c: ContainerRt | undefined, path: string, sinceStart: number): string | null {
    if (c?.hookFiles && path in c.hookFiles) return c.hookFiles[path];
    if (c && !c.server) {
      const tl = this.timelines.get(timelineKey(c, pr));
      if (tl) {
        let found: string | null | undefined;
        for (const e of tl.events) if (e.file && e.file.path === path && e.t <= sinceStart) found = e.file.content;
        if (found !== undefined) return found;
      }
    }
    if (c?.hookFiles && path in c.hookFiles) return c.hookFiles[path];
    for (const m of spec.volumeMounts ?? []) {
      const mp = m.mountPath.replace(/\/$/, "");
      if (path === mp || path.startsWith(mp + "/")) {
        const rel = path.slice(mp.length + 1);
        const vol = (pod.spec.volumes ?? []).find((v: Obj) => v.name === m.name);
        if (!vol) return null;
        if (vol.emptyDir) {
          const live = this.liveWrite(pod, pr, m.name, rel);
          return live !== undefined ? live : pr.emptyDirs[m.name]?.[rel] ?? null;
        }
        if (vol.hostPath) {
          const hp = vol.hostPath.path.replace(/\/$/, "") + (rel ? "/" + rel : "");
          return hp === "/etc/machine-id" ? `${pr.node.padEnd(32, "0").slice(0, 32)}\n` : null;
        }
        const files = pr.vols[m.name];
        if (files) {
          // subPath mounts are bind mounts of the file as it was at container start: never updated (§6).
          if (m.subPath) return c?.subPaths && m.mountPath in c.subPaths ? c.subPaths[m.mountPath] : files[m.subPath] ?? null;
          return files[rel] ?? null;
        }
        return null;
      }
    }
    const saFile = serviceAccountFile(this.k, pod, path);
    if (saFile !== null) return saFile;
    // containerd writes the sandbox's /etc/hostname as hostname + "\n" (internal/cri/server/podsandbox/sandbox_run_linux.go setupSandboxFiles)
    if (path === "/etc/hostname") return `${pod.spec.hostname ?? pod.metadata.name}\n`;
    if (path === "/etc/resolv.conf") return `search ${pod.metadata.namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`;
    if (path === "/etc/machine-id") return `${pr.node.padEnd(32, "0").slice(0, 32)}\n`;
    if (path === "/dev/termination-log") return "";
    if (path === "/etc/hosts") return `127.0.0.1\tlocalhost\n${pr.ip}\t${pod.metadata.name}\n`;
    const res = this.imageFor(spec);
    if (res.ok && res.spec.files?.[path] !== undefined) return res.spec.files[path];
    return null;
  }

  /**
   * The newest content a running container's program has written by now to `rel` in emptyDir `volume`
   * (one volume, every container that mounts it sees the same file), or undefined when none has.
   * Finished containers' writes are in PodRt.emptyDirs.
   */
  private liveWrite(pod: Obj, pr: PodRt, volume: string, rel: string): string | null | undefined {
    let found: string | null | undefined, when = -1;
    for (const s2 of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
      const c2 = pr.cs[s2.name];
      const m2 = (s2.volumeMounts ?? []).find((m: Obj) => m.name === volume);
      if (!m2 || !c2 || c2.state !== "running" || c2.server || c2.startedAt === undefined) continue;
      const p2 = `${m2.mountPath.replace(/\/$/, "")}/${rel}`;
      for (const e of this.timeline(pod, pr, s2, c2).events) {
        const at = c2.startedAt + e.t;
        if (at > this.k.now) break;
        if (e.file?.path === p2 && at >= when) { found = e.file.content; when = at; }
      }
    }
    return found;
  }

  private listDir(pod: Obj, pr: PodRt, spec: Obj, path: string): string[] | null {
    const p = path.replace(/\/$/, "");
    for (const m of spec.volumeMounts ?? []) {
      if (m.mountPath.replace(/\/$/, "") === p) {
        const vol = (pod.spec.volumes ?? []).find((v: Obj) => v.name === m.name);
        if (vol?.emptyDir) return Object.keys(pr.emptyDirs[m.name] ?? {});
        const files = pr.vols[m.name] ?? {};
        const names = Object.keys(files);
        return names.length || vol ? ["..data", ...names].filter((x) => x === "..data" ? names.length > 0 : true) : names;
      }
    }
    const saDir = serviceAccountListing(this.k, pod, p);
    if (saDir) return saDir;
    const res = this.imageFor(spec);
    const imgFiles = res.ok ? Object.keys(res.spec.files ?? {}) : [];
    if (!p && res.ok) {
      // the image's root filesystem plus the top directories of the volume mounts
      const tops = (spec.volumeMounts ?? []).map((m: Obj) => m.mountPath.split("/")[1]).filter(Boolean);
      return [...new Set([...rootListing(res.spec), ...tops])].sort();
    }
    const under = imgFiles.filter((f) => f.startsWith(p + "/")).map((f) => f.slice(p.length + 1).split("/")[0]);
    if (under.length) return [...new Set(under)];
    if (["/", "/etc", "/tmp", "/usr", "/var", "/bin", "/root", "/home"].includes(p || "/")) return [];
    return null;
  }

  shellIO(pod: Obj, pr: PodRt, spec: Obj, c: ContainerRt | undefined, startMs: number, program = false): ShellIO {
    const res = this.imageFor(spec);
    const servers = ["nginx", "httpd", "httpd-foreground", "redis-server", "mysqld", "postgres", "etcd", "apache2-foreground", "/agnhost", "agnhost"];
    if (res.ok && res.spec.cmd[0]) servers.push(res.spec.cmd[0], res.spec.cmd[0].replace(/^.*\//, ""));
    const since = () => (program ? Infinity : this.k.now - (c?.startedAt ?? this.k.now));
    const env = c?.env ?? (typeof this.buildEnv(pod, pr, spec) === "string" ? {} : (this.buildEnv(pod, pr, spec) as Record<string, string>));
    const hasKubectl = res.ok && !!res.spec.programs?.includes("kubectl") && !!this.inPodKubectl;
    return {
      env,
      ...(hasKubectl ? { kubectl: (args: string[]) => this.containerKubectl(pod, env, args, program) } : {}),
      hostname: pod.spec.hostname ?? pod.metadata.name,
      startMs,
      readFile: (path) => this.readFile(pod, pr, spec, program ? undefined : c, path, since()),
      listDir: (path) => this.listDir(pod, pr, spec, path),
      // A program's timeline is derived data: its traffic must not change state (it may be recomputed after restore).
      http: (url) => (this.http ? this.http(pr, url, program) : { error: "network unavailable" }),
      nslookup: (name) => (this.dns ? this.dns(pr, name) : null),
      servers,
      missing: res.ok ? res.spec.missing : undefined,
      mounts: () => (spec.volumeMounts ?? []).map((m: Obj) => {
        const v = (pod.spec.volumes ?? []).find((x: Obj) => x.name === m.name) ?? {};
        // Secret, projected and downwardAPI volumes wrap a memory-backed emptyDir; ConfigMaps are on disk (§6).
        const tmpfs = v.secret || v.projected || v.downwardAPI || v.emptyDir?.medium === "Memory";
        const ro = m.readOnly || v.secret || v.configMap || v.projected || v.downwardAPI ? "ro" : "rw";
        return tmpfs ? `tmpfs on ${m.mountPath} type tmpfs (${ro},relatime,size=4005940k)` : `/dev/sda1 on ${m.mountPath} type ext4 (${ro},relatime)`;
      }),
    };
  }

  // --- env and volumes ----------------------------------------------------------------------
  /** Container environment, or the CreateContainerConfigError message. */
  buildEnv(pod: Obj, pr: PodRt, spec: Obj): Record<string, string> | string {
    const ns = pod.metadata.namespace;
    const env: Record<string, string> = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", HOSTNAME: pod.spec.hostname ?? pod.metadata.name };
    if (pod.spec.enableServiceLinks !== false) {
      for (const s of this.k.list("services", ns)) {
        if (!s.spec.clusterIP || s.spec.clusterIP === "None") continue;
        const n = s.metadata.name.toUpperCase().replace(/-/g, "_");
        const p0 = s.spec.ports?.[0];
        env[`${n}_SERVICE_HOST`] = s.spec.clusterIP;
        if (p0) {
          env[`${n}_SERVICE_PORT`] = String(p0.port);
          env[`${n}_PORT`] = `${(p0.protocol ?? "TCP").toLowerCase()}://${s.spec.clusterIP}:${p0.port}`;
          for (const p of s.spec.ports) {
            const pre = `${n}_PORT_${p.port}_${(p.protocol ?? "TCP")}`;
            env[pre] = `${(p.protocol ?? "TCP").toLowerCase()}://${s.spec.clusterIP}:${p.port}`;
            env[`${pre}_PROTO`] = (p.protocol ?? "TCP").toLowerCase();
            env[`${pre}_PORT`] = String(p.port);
            env[`${pre}_ADDR`] = s.spec.clusterIP;
          }
        }
      }
    }
    env.KUBERNETES_SERVICE_HOST = "10.96.0.1";
    env.KUBERNETES_SERVICE_PORT = "443";
    env.KUBERNETES_SERVICE_PORT_HTTPS = "443";
    env.KUBERNETES_PORT = "tcp://10.96.0.1:443";
    env.KUBERNETES_PORT_443_TCP = "tcp://10.96.0.1:443";
    env.KUBERNETES_PORT_443_TCP_PROTO = "tcp";
    env.KUBERNETES_PORT_443_TCP_PORT = "443";
    env.KUBERNETES_PORT_443_TCP_ADDR = "10.96.0.1";
    for (const ef of spec.envFrom ?? []) {
      const ref = ef.configMapRef ?? ef.secretRef;
      const isCm = !!ef.configMapRef;
      const o = this.k.get(isCm ? "configmaps" : "secrets", ns, ref?.name ?? "");
      if (!o) {
        if (ref?.optional) continue;
        return `${isCm ? "configmap" : "secret"} "${ref?.name}" not found`;
      }
      for (const [key, v] of Object.entries(o.data ?? {})) env[(ef.prefix ?? "") + key] = isCm ? String(v) : b64decode(String(v));
    }
    for (const e of spec.env ?? []) {
      if (e.value !== undefined || !e.valueFrom) {
        env[e.name] = expandEnvRefs(e.value ?? "", env);
        continue;
      }
      const vf = e.valueFrom;
      if (vf.configMapKeyRef || vf.secretKeyRef) {
        const ref = vf.configMapKeyRef ?? vf.secretKeyRef;
        const isCm = !!vf.configMapKeyRef;
        const o = this.k.get(isCm ? "configmaps" : "secrets", ns, ref.name);
        if (!o) {
          if (ref.optional) continue;
          return `${isCm ? "configmap" : "secret"} "${ref.name}" not found`;
        }
        const v = o.data?.[ref.key];
        if (v === undefined) {
          if (ref.optional) continue;
          return `couldn't find key ${ref.key} in ${isCm ? "ConfigMap" : "Secret"} ${ns}/${ref.name}`;
        }
        env[e.name] = isCm ? String(v) : b64decode(String(v));
      } else if (vf.fieldRef) {
        const fp = vf.fieldRef.fieldPath;
        const map: Record<string, string> = {
          "metadata.name": pod.metadata.name, "metadata.namespace": ns, "metadata.uid": pod.metadata.uid,
          "spec.nodeName": pod.spec.nodeName, "spec.serviceAccountName": pod.spec.serviceAccountName ?? "default",
          "status.podIP": pr.ip, "status.hostIP": this.nodeIP(pr.node), "status.podIPs": pr.ip, "status.hostIPs": this.nodeIP(pr.node),
        };
        const lm = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fp);
        env[e.name] = lm ? String(pod.metadata[lm[1]]?.[lm[2]] ?? "") : map[fp] ?? "";
      } else if (vf.resourceFieldRef) {
        const r = vf.resourceFieldRef.resource as string;
        const [kind, res] = r.split(".");
        const c = vf.resourceFieldRef.containerName ? pod.spec.containers.find((x: Obj) => x.name === vf.resourceFieldRef.containerName) : spec;
        const q = c?.resources?.[kind]?.[res];
        env[e.name] = q === undefined ? (res === "cpu" ? "2" : String(4 * 1024 ** 3)) : res === "cpu" ? String(Math.ceil(Number(String(q).replace("m", "")) / (String(q).endsWith("m") ? 1000 : 1))) : String(bytes(q));
      }
    }
    return env;
  }

  /** Mount ConfigMap/Secret/projected/downwardAPI/PVC volumes; returns the FailedMount message on error. */
  private setupVolumes(pod: Obj, pr: PodRt): string | null {
    for (const v of pod.spec.volumes ?? []) {
      if (pr.vols[v.name] && !v.downwardAPI) continue;
      const files = this.volumeFiles(pod, v);
      if (typeof files === "string") return `MountVolume.SetUp failed for volume "${v.name}" : ${files}`;
      if (files) pr.vols[v.name] = files;
      if (v.emptyDir) pr.emptyDirs[v.name] ??= {};
    }
    return null;
  }

  private volumeFiles(pod: Obj, v: Obj): Record<string, string> | string | null {
    const ns = pod.metadata.namespace;
    const fromObj = (kind: "configmap" | "secret", name: string, items: Obj[] | undefined, optional: boolean): Record<string, string> | string => {
      const o = this.k.get(kind === "configmap" ? "configmaps" : "secrets", ns, name);
      if (!o) return optional ? {} : `${kind} "${name}" not found`;
      const data: Record<string, string> = {};
      for (const [key, val] of Object.entries(o.data ?? {})) data[key] = kind === "secret" ? b64decode(String(val)) : String(val);
      if (!items) return data;
      const out: Record<string, string> = {};
      for (const it of items) {
        if (!(it.key in data)) {
          if (optional) continue;
          return `configmap references non-existent config key: ${it.key}`;
        }
        out[it.path] = data[it.key];
      }
      return out;
    };
    if (v.configMap) return fromObj("configmap", v.configMap.name, v.configMap.items, !!v.configMap.optional);
    if (v.secret) return fromObj("secret", v.secret.secretName, v.secret.items, !!v.secret.optional);
    if (v.projected) {
      const out: Record<string, string> = {};
      for (const src of v.projected.sources ?? []) {
        if (src.configMap || src.secret) {
          const r = src.configMap ? fromObj("configmap", src.configMap.name, src.configMap.items, !!src.configMap.optional) : fromObj("secret", src.secret.name, src.secret.items, !!src.secret.optional);
          if (typeof r === "string") return r;
          Object.assign(out, r);
        }
        if (src.serviceAccountToken) out[src.serviceAccountToken.path ?? "token"] = "eyJhbGciOiJSUzI1NiJ9.simulated";
        if (src.downwardAPI) Object.assign(out, this.downward(pod, src.downwardAPI.items));
      }
      return out;
    }
    if (v.downwardAPI) return this.downward(pod, v.downwardAPI.items);
    if (v.persistentVolumeClaim) {
      const pvc = this.k.get("persistentvolumeclaims", ns, v.persistentVolumeClaim.claimName);
      if (!pvc) return `persistentvolumeclaim "${v.persistentVolumeClaim.claimName}" not found`;
      if (pvc.status?.phase !== "Bound") return `persistentvolumeclaim "${v.persistentVolumeClaim.claimName}" is not bound`;
      return {};
    }
    return null;
  }

  private downward(pod: Obj, items: Obj[] | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    for (const it of items ?? []) {
      const fp = it.fieldRef?.fieldPath ?? "";
      if (fp === "metadata.labels" || fp === "metadata.annotations") {
        out[it.path] = Object.entries(pod.metadata[fp.split(".")[1]] ?? {}).map(([k, v]) => `${k}="${v}"`).join("\n");
      } else if (fp === "metadata.name") out[it.path] = pod.metadata.name;
      else if (fp === "metadata.namespace") out[it.path] = pod.metadata.namespace;
    }
    return out;
  }

  /** Periodic sync (syncFrequency 1 m): ConfigMap/Secret volumes pick up changes; subPath and env do not (§6). */
  private volumeSync(node: string) {
    const nrt = this.nodes[node];
    if (nrt?.up) {
      for (const pr of this.podsOnNode(node)) {
        const pod = this.podOf(pr);
        if (!pod) continue;
        let changed = false;
        for (const v of pod.spec.volumes ?? []) {
          if (!(v.configMap || v.secret || v.projected || v.downwardAPI)) continue;
          const files = this.volumeFiles(pod, v);
          if (typeof files !== "object" || !files) continue;
          if (JSON.stringify(files) !== JSON.stringify(pr.vols[v.name])) {
            pr.vols[v.name] = files;
            changed = true;
          }
        }
        if (changed) this.k.trace(this.from(node), this.from(node), "sync volumes", `Pod ${pr.ns}/${pr.name}`, "ConfigMap/Secret volume contents updated");
      }
    }
    this.k.schedule(SYNC_FREQUENCY_MS, "kl-volsync", node, false);
  }

  // --- probes --------------------------------------------------------------------------------
  private scheduleProbes(spec: Obj, pr: PodRt, c: ContainerRt) {
    const key = (type: string) => `${pr.uid}|${c.name}|${c.run}|${type}`;
    if (spec.startupProbe) this.k.schedule((spec.startupProbe.initialDelaySeconds ?? 0) * 1000, "kl-probe", key("startup"), false);
    else this.scheduleLiveReady(spec, pr, c);
  }

  private scheduleLiveReady(spec: Obj, pr: PodRt, c: ContainerRt) {
    const key = (type: string) => `${pr.uid}|${c.name}|${c.run}|${type}`;
    if (spec.livenessProbe) this.k.schedule((spec.livenessProbe.initialDelaySeconds ?? 0) * 1000, "kl-probe", key("liveness"), false);
    if (spec.readinessProbe) this.k.schedule((spec.readinessProbe.initialDelaySeconds ?? 0) * 1000, "kl-probe", key("readiness"), (spec.readinessProbe.initialDelaySeconds ?? 0) <= 30);
    else {
      c.ready = true;
    }
  }

  /** Run a probe now: Success or the failure message, like the kubelet's prober. */
  runProbe(pod: Obj, pr: PodRt, spec: Obj, c: ContainerRt, probe: Obj): { ok: boolean; msg: string } {
    const since = this.k.now - (c.startedAt ?? 0);
    if (staticComponent(pod) && probe.httpGet) {
      // a control-plane component answers its health endpoints unless its manifest broke it
      if (!staticPodFault(this.k, pod)) return { ok: true, msg: "" };
      const h = probe.httpGet;
      return { ok: false, msg: `Get "${(h.scheme ?? "HTTP").toLowerCase()}://${h.host ?? pr.ip}:${h.port}${h.path ?? "/"}": dial tcp ${h.host ?? pr.ip}:${h.port}: connect: connection refused` };
    }
    if (probe.exec) {
      const r = execCommand(probe.exec.command ?? [], this.shellIO(pod, pr, spec, c, this.k.now));
      return r.exitCode === 0 ? { ok: true, msg: "" } : { ok: false, msg: (r.stdout + r.stderr).replace(/\n$/, "") };
    }
    const port = resolvePort(probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc?.port, spec);
    const host = probe.httpGet?.host ?? pr.ip;
    const ans = this.connect(pod, pr, spec, c, port, probe.httpGet?.path ?? "/", since);
    if (probe.httpGet) {
      const url = `${(probe.httpGet.scheme ?? "HTTP").toLowerCase()}://${host}:${port}${probe.httpGet.path ?? "/"}`;
      if (!ans) return { ok: false, msg: `Get "${url}": dial tcp ${host}:${port}: connect: connection refused` };
      if ((ans.delayMs ?? 0) > (probe.timeoutSeconds ?? 1) * 1000) return { ok: false, msg: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` };
      if (ans.code >= 200 && ans.code < 400) return { ok: true, msg: "" };
      return { ok: false, msg: `HTTP probe failed with statuscode: ${ans.code}` };
    }
    if (probe.tcpSocket || probe.grpc) {
      if (!ans) return { ok: false, msg: probe.grpc ? `timeout: failed to connect service "${host}:${port}" within 1s: context deadline exceeded` : `dial tcp ${host}:${port}: connect: connection refused` };
      return { ok: true, msg: "" };
    }
    return { ok: true, msg: "" };
  }

  /** Connect to a container port: the HTTP reply, or null when nothing listens. */
  connect(pod: Obj, pr: PodRt, spec: Obj, c: ContainerRt, port: number, path: string, since?: number): HttpReply | null {
    if (c.state !== "running") return null;
    const s = since ?? this.k.now - (c.startedAt ?? 0);
    const res = this.imageFor(spec);
    if (!res.ok) return null;
    let handler = c.server;
    if (!handler) {
      const tl = this.timelines.get(timelineKey(c, pr));
      const sv = tl?.events.find((e) => e.server !== undefined && e.t <= s);
      if (!sv) return null;
      handler = res.spec.http ?? "none";
    }
    const env = c.env ?? {};
    const ports = listeningPorts(handler, res.spec.ports, env, spec.args ?? [], (p) => this.readFile(pod, pr, spec, c, p, s));
    if (!ports.includes(port)) return null;
    if (s < startupDelay(handler, res.spec.startupMs, env)) return null;
    if (handler === "none") return { code: 200, body: "" };
    return serveHttp(handler, path, { sinceStart: s, env, args: spec.args ?? [], hostname: pod.spec.hostname ?? pod.metadata.name, readFile: (p) => this.readFile(pod, pr, spec, c, p, s) });
  }

  private onProbe(key: string) {
    const [uid, name, run, type] = key.split("|");
    const t = this.timerTarget(uid, name, run);
    if (!t || t.c.state !== "running") return;
    const { pr, pod, c, spec } = t;
    const probe = spec?.[`${type}Probe`];
    if (!probe) return;
    const r = this.runProbe(pod, pr, spec, c, probe);
    const period = (probe.periodSeconds ?? 10) * 1000;
    const label = type[0].toUpperCase() + type.slice(1);
    this.k.trace(this.from(pr.node), `Pod ${pr.ns}/${pr.name}`, `${type} probe`, `Pod ${pr.ns}/${pr.name}`, r.ok ? `${name}: success` : `${name}: ${r.msg}`);
    if (!r.ok) this.event(pod, "Warning", "Unhealthy", `${label} probe failed: ${r.msg}`, name);
    const threshold = probe.failureThreshold ?? 3;
    if (type === "startup") {
      if (r.ok) {
        c.started = true;
        this.scheduleLiveReady(spec, pr, c);
        this.writeStatus(pod, pr);
        return;
      }
      if (++c.startupFail >= threshold) {
        this.event(pod, "Normal", "Killing", `Container ${name} failed startup probe, will be restarted`, name);
        c.killed = "probe";
        this.stopContainer(pod, pr, c, 137, "Error", false, probe);
        return;
      }
    } else if (type === "liveness") {
      if (r.ok) c.liveFail = 0;
      else if (++c.liveFail >= threshold) {
        this.event(pod, "Normal", "Killing", `Container ${name} failed liveness probe, will be restarted`, name);
        c.killed = "probe";
        this.stopContainer(pod, pr, c, 137, "Error", false, probe);
        return;
      }
    } else {
      const before = c.ready;
      if (r.ok) {
        c.readyFail = 0;
        if (++c.readySucc >= (probe.successThreshold ?? 1)) c.ready = true;
      } else {
        c.readySucc = 0;
        if (++c.readyFail >= threshold || !c.ready) c.ready = false;
      }
      if (before !== c.ready) this.writeStatus(pod, pr);
    }
    // a healthy control-plane static Pod stays healthy until its manifest changes (which replaces the Pod):
    // its probes need not keep firing every second of virtual time
    if (r.ok && type !== "startup" && staticComponent(pod) && !staticPodFault(this.k, pod)) return;
    this.k.schedule(period, "kl-probe", key, type === "readiness" && !c.ready && this.k.now - (c.startedAt ?? 0) < 120_000);
  }

  // --- exits and restarts ------------------------------------------------------------------------
  /** Kill a running container (probe failure): it exits after a short grace, then restarts per policy. */
  private stopContainer(pod: Obj, pr: PodRt, c: ContainerRt, code: number, reason: string, immediate: boolean, probe?: Obj) {
    this.k.trace(this.from(pr.node), `containerd/${pr.node}`, "stop container", `Pod ${pr.ns}/${pr.name}`, c.name);
    // A probe kill sends the stop signal with the probe's terminationGracePeriodSeconds, else the
    // pod's (kuberuntime_container.go killContainer). A shell as PID 1 has no handler for SIGTERM, so
    // it is SIGKILLed when the grace period ends (the docs' exec liveness example restarts ~30 s after
    // the Killing event); a server process stops at once.
    const graceMs = (probe?.terminationGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30) * 1000;
    const delay = immediate ? 0 : c.server || !probe ? 500 : Math.max(500, graceMs);
    this.k.schedule(delay, "kl-exit", `${pr.uid}|${c.name}|${c.run}|${code}|${reason}`, delay <= 60_000);
    c.run += 0;
  }

  private onExit(key: string) {
    const [uid, name, run, codeS, reason, startError] = key.split("|");
    // Unlike the other timers, an exit is handled in a pod that is being deleted too.
    const t = this.timerTarget(uid, name, run, { evenIfDeleting: true });
    if (!t || t.c.state !== "running") return;
    const { pr, pod, c, spec } = t;
    const code = Number(codeS);
    const tl = spec ? this.timelines.get(timelineKey(c, pr)) : undefined;
    let msg: string | undefined;
    if (tl) for (const e of tl.events) if (e.file && e.file.path === (spec?.terminationMessagePath ?? "/dev/termination-log") && e.file.content) msg = e.file.content.replace(/\n$/, "");
    if (!msg && spec?.terminationMessagePolicy === "FallbackToLogsOnError" && code !== 0 && tl) msg = tl.events.filter((e) => e.out ?? e.err).slice(-80).map((e) => e.out ?? e.err).join("\n");
    if (startError) msg = startError;
    // init container writes into shared emptyDirs persist for the next containers
    if (tl && spec) {
      for (const e of tl.events) {
        if (!e.file) continue;
        for (const m of spec.volumeMounts ?? []) {
          const mp = m.mountPath.replace(/\/$/, "");
          const vol = (pod.spec.volumes ?? []).find((v: Obj) => v.name === m.name);
          if (vol?.emptyDir && e.file.path.startsWith(mp + "/")) {
            const dir = (pr.emptyDirs[m.name] ??= {});
            if (e.file.content === null) delete dir[e.file.path.slice(mp.length + 1)];
            else dir[e.file.path.slice(mp.length + 1)] = e.file.content;
          }
        }
      }
    }
    c.state = "terminated";
    c.exitCode = code;
    c.reason = reason;
    c.finishedAt = this.k.now;
    delete this.k.s.rt.progWaits?.[timelineKey(c, pr)];
    c.message = msg;
    c.ready = false;
    this.k.trace(`containerd/${pr.node}`, this.from(pr.node), "container exited", `Pod ${pr.ns}/${pr.name}`, `${name} exitCode=${code} reason=${reason}`);
    this.cp?.containerExited(pod);
    this.decideRestart(pod, pr, c);
  }

  private decideRestart(pod: Obj, pr: PodRt, c: ContainerRt) {
    const policy = c.sidecar ? "Always" : (pod.spec.restartPolicy ?? "Always");
    const code = c.exitCode ?? 0;
    const killed = c.killed;
    delete c.killed;
    const restart = policy === "Always" || (policy === "OnFailure" && code !== 0) || (c.init && !c.sidecar && code !== 0 && policy !== "Never");
    if (c.init && !c.sidecar && code === 0) {
      pr.initDone = Math.max(pr.initDone, 0);
      this.writeStatus(pod, pr);
      this.advancePod(pod, pr);
      return;
    }
    if (!restart) {
      this.writeStatus(pod, pr);
      return;
    }
    const now = this.k.now;
    const prev = c.last;
    c.last = { reason: c.reason ?? "Error", exitCode: code, startedAt: c.startedAt ?? 0, finishedAt: c.finishedAt ?? 0, message: c.message };
    // kuberuntime_manager.go doBackOff: the back-off is judged from the FinishedAt of the newest
    // exited attempt in the pod status the sync started from. A container that exits on its own is
    // that attempt; one the kubelet kills in this sync (failed liveness/startup probe, changed spec:
    // computePodActions puts it in ContainersToKill and ContainersToStart) is still running in that
    // status, so the attempt before it counts, and with none (the first kill) there is no back-off
    // and no entry yet. flowcontrol.Backoff: IsInBackOffSince = not expired (eventTime - lastUpdate
    // <= 2 x max) and now - eventTime < backoff; otherwise Next (a new or expired entry starts at 10 s,
    // else it doubles up to 300 s) and the container starts at once. kubelet.go backOffPeriod 10 s,
    // MaxContainerBackOff 300 s (ReduceDefaultCrashLoopBackOffDecay, KEP-4603, is alpha and off).
    const ts = killed ? prev?.finishedAt : c.finishedAt;
    let wait = 0;
    if (ts !== undefined) {
      const e = c.bo;
      if (e && ts - e.lastUpdate <= 2 * BACKOFF_MAX && now - ts < e.backoff) wait = ts + e.backoff - now;
      else this.nextBackoff(c, ts);
    }
    if (wait === 0) {
      this.writeStatus(pod, pr);
      this.k.schedule(0, "kl-restart", `${pr.uid}|${c.name}|${c.run}|crash|0`, true);
      return;
    }
    this.writeStatus(pod, pr);
    // the next sync after the exit (PLEG relist, 1 s) reports CrashLoopBackOff with the entry's back-off
    this.k.schedule(Math.min(1000, wait), "kl-restart", `${pr.uid}|${c.name}|${c.run}|backoff|${wait - Math.min(1000, wait)}|${c.bo!.backoff}`, false);
  }

  /** flowcontrol.Backoff.Next at the current time for an exit at eventTime. */
  private nextBackoff(c: ContainerRt, eventTime: number) {
    const e = c.bo;
    c.bo = !e || eventTime - e.lastUpdate > 2 * BACKOFF_MAX
      ? { backoff: BACKOFF_BASE, lastUpdate: this.k.now }
      : { backoff: Math.min(e.backoff * 2, BACKOFF_MAX), lastUpdate: this.k.now };
  }

  private onRestart(key: string) {
    const [uid, name, run, kind, delayS, shownS] = key.split("|");
    const t = this.timerTarget(uid, name, run);
    if (!t?.spec) return;
    const { pr, pod, c, spec } = t;
    const delay = Number(delayS);
    if (kind === "pullbackoff") {
      // ErrImagePull -> ImagePullBackOff while waiting, then retry (§4.2). Since 1.32 the waiting
      // message carries the last pull error (image_manager.go pullImage: prevPullErrMsg, "%s: %s"
      // of the ErrImagePull error and its message); the BackOff event does not.
      c.reason = "ImagePullBackOff";
      c.message = `Back-off pulling image "${spec.image}"${c.pullErr ? `: ErrImagePull: ${c.pullErr}` : ""}`;
      this.event(pod, "Normal", "BackOff", `Back-off pulling image "${spec.image}"`, name);
      this.event(pod, "Warning", "Failed", "Error: ImagePullBackOff", name);
      this.writeStatus(pod, pr);
      this.k.schedule(delay, "kl-restart", `${uid}|${name}|${run}|pull|0`, false);
      return;
    }
    if (kind === "pull") {
      c.run++;
      this.startContainerAgain(pod, pr, spec, c);
      return;
    }
    if (kind === "backoff") {
      c.state = "waiting";
      c.reason = "CrashLoopBackOff";
      c.message = `back-off ${goDuration(Number(shownS))} restarting failed container=${name} pod=${pr.name}_${pr.ns}(${uid})`;
      this.event(pod, "Warning", "BackOff", `Back-off restarting failed container ${name} in pod ${pr.name}_${pr.ns}(${uid})`, name);
      this.writeStatus(pod, pr);
      this.k.schedule(delay, "kl-restart", `${uid}|${name}|${run}|crash|next`, false);
      return;
    }
    // crash: restart now; after a back-off, the sync that starts it calls Next (doBackOff)
    if (delayS === "next" && c.last) this.nextBackoff(c, c.last.finishedAt);
    c.restartCount++;
    this.startContainerAgain(pod, pr, spec, c);
  }

  private startContainerAgain(pod: Obj, pr: PodRt, spec: Obj, c: ContainerRt) {
    c.state = "waiting";
    delete c.reason;
    const policy = spec.imagePullPolicy ?? "IfNotPresent";
    const res = this.imageFor(spec);
    const present = res.ok && this.nodes[pr.node].images.includes(res.ref.full);
    if (policy === "Always" || !present) this.startContainer(pod, pr, spec, c);
    else {
      this.event(pod, "Normal", "Pulled", `Container image "${spec.image}" already present on machine`, spec.name);
      this.createAndStart(pod, pr, spec, c);
    }
    this.writeStatus(pod, pr);
  }

  // --- termination ----------------------------------------------------------------------------
  private terminatePod(pod: Obj, pr: PodRt) {
    if (pr.killing) return;
    pr.killing = true;
    let wait = 0;
    const grace = (pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30) * 1000;
    for (const spec of [...(pod.spec.containers ?? [])]) {
      const c = pr.cs[spec.name];
      if (c?.state !== "running") continue;
      this.event(pod, "Normal", "Killing", `Stopping container ${spec.name}`, spec.name);
      if (spec.lifecycle?.preStop?.exec) execCommand(spec.lifecycle.preStop.exec.command ?? [], this.shellIO(pod, pr, spec, c, this.k.now));
      // A shell as PID 1 ignores SIGTERM and is killed at the end of the grace period.
      const t = c.server ? Math.min(grace, 200) : grace;
      wait = Math.max(wait, t);
    }
    this.k.schedule(wait, "kl-killed", pr.uid, wait <= 60_000);
  }

  private onKilled(uid: string) {
    const pr = this.pods[uid];
    const pod = pr && this.podOf(pr);
    if (!pr || !pod || !this.nodes[pr.node]?.up) return;
    for (const c of Object.values(pr.cs)) if (c.state === "running") {
      c.state = "terminated";
      c.exitCode = c.server ? 0 : 137;
      c.reason = c.server ? "Completed" : "Error";
      c.finishedAt = this.k.now;
    }
    this.api.forceRemove("pods", pr.ns, pr.name, this.from(pr.node));
  }

  // --- status ---------------------------------------------------------------------------------
  private writeStatus(pod: Obj, pr: PodRt) {
    const cur = this.podOf(pr);
    if (!cur) return;
    // Stored objects are never mutated in place, so the new version can share spec with the old one.
    const p = { ...cur, metadata: { ...cur.metadata }, status: this.computeStatus(cur, pr) };
    this.api.writeStatus(p, this.from(pr.node));
  }

  /** PodStatus from the runtime state (phase, conditions, container statuses). */
  computeStatus(pod: Obj, pr: PodRt): Obj {
    const now = this.k.now;
    // Shallow copy: every field we change is replaced, and conditions get a fresh array.
    const st: Obj = { ...(pod.status ?? {}), conditions: [...(pod.status?.conditions ?? [])] };
    const inits: Obj[] = pod.spec.initContainers ?? [];
    const cstat = (spec: Obj): Obj => {
      const c = pr.cs[spec.name];
      const res = this.imageFor(spec);
      // Once the runtime has created the container, the kubelet reports the CRI status's image (kuberuntime
      // toKubeContainerStatus: status.Image.Image), which containerd fills with the image's first repo tag as it
      // stores it, normalised (internal/cri/server/container_status.go: repoTags[0], docker.io/library/nginx:1.27);
      // before that the kubelet's default status carries the spec's image (kubelet_pods.go convertToAPIContainerStatuses).
      // A reference with a digest has no repo tag in containerd's store; it keeps the spec's words here.
      const created = c.state !== "waiting" || c.startedAt !== undefined || c.last !== undefined;
      const image = created && res.ok && !res.ref.digest ? `${res.ref.registry}/${res.ref.repo}:${res.ref.tag}` : spec.image;
      const s: Obj = { name: spec.name, image, imageID: c.imageID && res.ok ? `${res.ref.full.replace(/:[^:/]+$/, "")}@sha256:${c.imageID}` : "", ready: c.ready && c.state === "running", restartCount: c.restartCount, started: c.state === "running" ? c.started : false };
      if (c.state === "running") s.state = { running: { startedAt: isoTime(c.startedAt ?? now) } };
      else if (c.state === "terminated") s.state = { terminated: { exitCode: c.exitCode ?? 0, reason: c.reason, ...(c.message ? { message: c.message } : {}), startedAt: isoTime(c.startedAt ?? now), finishedAt: isoTime(c.finishedAt ?? now), containerID: `containerd://${(c.imageID ?? "").slice(0, 12)}${c.run}` } };
      else s.state = { waiting: { reason: c.reason ?? "ContainerCreating", ...(c.message ? { message: c.message } : {}) } };
      if (c.last) s.lastState = { terminated: { exitCode: c.last.exitCode, reason: c.last.reason, ...(c.last.message ? { message: c.last.message } : {}), startedAt: isoTime(c.last.startedAt), finishedAt: isoTime(c.last.finishedAt) } };
      else s.lastState = {};
      if (c.state === "running" || c.state === "terminated") s.containerID = `containerd://${pr.uid.replace(/-/g, "").slice(0, 16)}${spec.name.length}${c.run}`;
      return s;
    };
    const initDone = inits.every((spec) => {
      const c = pr.cs[spec.name];
      return c.sidecar ? c.state === "running" && c.started : c.state === "terminated" && c.exitCode === 0;
    });
    // Regular containers wait in PodInitializing while init containers run.
    for (const spec of pod.spec.containers) {
      const c = pr.cs[spec.name];
      if (c.state === "waiting" && c.run === 0 && !c.reason) c.reason = inits.length ? "PodInitializing" : "ContainerCreating";
    }
    for (const spec of inits) {
      const c = pr.cs[spec.name];
      if (c.state === "waiting" && c.run === 0 && !c.reason) c.reason = "PodInitializing";
    }
    st.hostIP = this.nodeIP(pr.node);
    st.hostIPs = [{ ip: st.hostIP }];
    st.podIP = pr.ip;
    st.podIPs = [{ ip: pr.ip }];
    st.startTime = st.startTime ?? isoTime(pr.startTime);
    if (inits.length) st.initContainerStatuses = inits.map(cstat);
    st.containerStatuses = pod.spec.containers.map(cstat);
    // phase
    const regular = pod.spec.containers.map((s: Obj) => pr.cs[s.name]);
    const policy = pod.spec.restartPolicy ?? "Always";
    let phase = "Pending";
    const initFailed = inits.some((spec) => {
      const c = pr.cs[spec.name];
      return !c.sidecar && c.state === "terminated" && c.exitCode !== 0 && policy === "Never";
    });
    if (initFailed) phase = "Failed";
    else if (initDone && regular.some((c: ContainerRt) => c.state === "running" || c.restartCount > 0 || c.last)) phase = "Running";
    if (initDone && regular.every((c: ContainerRt) => c.state === "terminated")) {
      const willRestart = regular.some((c: ContainerRt) => policy === "Always" || (policy === "OnFailure" && c.exitCode !== 0));
      if (!willRestart) phase = regular.every((c: ContainerRt) => c.exitCode === 0) ? "Succeeded" : "Failed";
      else phase = "Running";
    }
    if (phase === "Running" && regular.every((c: ContainerRt) => c.state === "waiting" && c.restartCount === 0 && !c.last)) phase = "Pending";
    st.phase = phase;
    if (phase === "Succeeded" || phase === "Failed") pr.terminal = true;
    const allReady = regular.every((c: ContainerRt) => c.state === "running" && c.ready) && initDone;
    const ts = now;
    const conds = st;
    const set = (type: string, ok: boolean, reason?: string, message?: string) => {
      // the same fields in the same order as spreading optional parts, without the temporary objects (per status write)
      const cond: Obj = { type, status: ok ? "True" : "False", lastProbeTime: null };
      if (reason && !ok) cond.reason = reason;
      if (message && !ok) cond.message = message;
      setCondition(conds, cond, ts);
    };
    // The sandbox is created only after the volumes are mounted.
    set("PodReadyToStartContainers", !pr.mountError);
    set("Initialized", initDone, "ContainersNotInitialized", `containers with incomplete status: [${inits.filter((s) => !(pr.cs[s.name].state === "terminated" && pr.cs[s.name].exitCode === 0)).map((s) => s.name).join(" ")}]`);
    const notReady = pod.spec.containers.filter((s: Obj) => !(pr.cs[s.name].state === "running" && pr.cs[s.name].ready)).map((s: Obj) => s.name);
    const terminalPhase = phase === "Succeeded" || phase === "Failed";
    set("ContainersReady", allReady, terminalPhase ? "PodCompleted" : "ContainersNotReady", terminalPhase ? undefined : `containers with unready status: [${notReady.join(" ")}]`);
    set("Ready", allReady, terminalPhase ? "PodCompleted" : "ContainersNotReady", terminalPhase ? undefined : `containers with unready status: [${notReady.join(" ")}]`);
    const order = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"];
    st.conditions = [...st.conditions].sort((a: Obj, b: Obj) => order.indexOf(a.type) - order.indexOf(b.type));
    return st;
  }

  // --- queries for the cluster API -------------------------------------------------------------
  /** Container logs at the current virtual time (previous = the last terminated run). */
  logs(pod: Obj, container: string, previous: boolean): ContainerLog | null {
    const pr = this.pods[pod.metadata.uid];
    if (!pr) return null;
    const c = pr.cs[container];
    if (!c || (c.run === 0 && !previous)) return null;
    const spec = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find((x: Obj) => x.name === container);
    if (previous) {
      if (!c.last) return null;
      const run = c.state === "running" || c.state === "waiting" ? c.run - 1 : c.run;
      const key = `${pr.uid}|${c.name}|${run}`;
      const fault = staticPodFault(this.k, pod);
      const tl = this.timelines.get(key) ?? (fault ? faultTimeline(fault) : c.server ? { events: this.serverLog(spec, c) } : !c.answers?.[String(c.last.startedAt)] ? this.legacyTimeline(pod, pr, spec, c, c.last.startedAt) : new LiveProgram(c.argv ?? [], this.shellIO(pod, pr, spec, c, c.last.startedAt, true), this.runAnswers(c, c.last.startedAt, false)).advance(-1).timeline);
      return logFromEvents(tl.events, c.last.finishedAt - c.last.startedAt, c.last.startedAt);
    }
    if (c.state === "waiting" && c.startedAt === undefined) return null;
    const tl = this.followed(pod, pr, spec, c, this.timeline(pod, pr, spec, c));
    const until = c.state === "terminated" ? (c.finishedAt ?? this.k.now) - (c.startedAt ?? 0) : this.k.now - (c.startedAt ?? this.k.now);
    const access = accessLogEvents(c.accessLog);
    if (!access.length) return logFromEvents(tl.events, until, c.startedAt ?? 0);
    const merged = [...tl.events, ...access].sort((a, b) => a.t - b.t);
    return logFromEvents(merged, until, c.startedAt ?? 0);
  }

  /**
   * `tail -f FILE` in a container whose FILE is on a volume another container of the Pod writes
   * (the sidecar logging pattern, an emptyDir shared by both): the lines the writer appends show up
   * in the follower's output when they are written, after the file's last 10 lines at the start.
   */
  private followed(pod: Obj, pr: PodRt, spec: Obj, c: ContainerRt, tl: Timeline): Timeline {
    const f = tl.events.find((e) => e.follow !== undefined);
    if (!f || c.startedAt === undefined) return tl;
    const path = f.follow!;
    const mount = (spec.volumeMounts ?? []).find((m: Obj) => path.startsWith(m.mountPath.replace(/\/$/, "") + "/"));
    if (!mount) return tl;
    const rel = path.slice(mount.mountPath.replace(/\/$/, "").length + 1);
    const writes: { t: number; content: string | null }[] = [];
    for (const s2 of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
      const c2 = pr.cs[s2.name];
      if (!c2 || c2 === c || c2.server || c2.startedAt === undefined || c2.state === "waiting") continue;
      const m2 = (s2.volumeMounts ?? []).find((m: Obj) => m.name === mount.name);
      if (!m2) continue;
      const p2 = `${m2.mountPath.replace(/\/$/, "")}/${rel}`;
      for (const e of this.timeline(pod, pr, s2, c2).events) if (e.file?.path === p2) writes.push({ t: c2.startedAt + e.t - c.startedAt, content: e.file.content });
    }
    if (!writes.length) return tl;
    writes.sort((a, b) => a.t - b.t);
    // tail read the file when it started (the lookup sees the other containers' writes by then): it printed
    // the last lines itself unless the file was not there yet
    const missing = tl.events.some((e) => e.t === f.t && e.err?.startsWith("tail: can't open"));
    const events = tl.events.filter((e) => !(e.t === f.t && e.err?.startsWith("tail: can't open")));
    let prev = "";
    for (const w of writes) {
      const content = w.content ?? "";
      if (w.t <= f.t) { prev = content; continue; }
      const added = content.startsWith(prev) ? content.slice(prev.length) : content;
      for (const line of added.replace(/\n$/, "").split("\n")) if (added) events.push({ t: w.t, out: line });
      prev = content;
    }
    if (missing && prev && writes[0].t <= f.t) {
      const before = writes.filter((w) => w.t <= f.t).pop()!.content ?? "";
      const last = before.replace(/\n$/, "").split("\n").slice(-10);
      if (before) events.push(...last.map((line) => ({ t: f.t, out: line })));
    }
    return { events: events.sort((a, b) => a.t - b.t), exit: tl.exit };
  }

  /** HTTP request rates a running container's program sends (e.g. a busybox wget loop), per URL. */
  programRequests(pod: Obj): { url: string; rps: number }[] {
    const pr = this.pods[pod.metadata.uid];
    if (!pr) return [];
    const out: { url: string; rps: number }[] = [];
    for (const spec of pod.spec.containers) {
      const c = pr.cs[spec.name];
      if (!c || c.state !== "running" || c.server) continue;
      const tl = this.timeline(pod, pr, spec, c);
      const byUrl = new Map<string, number[]>();
      for (const e of tl.events) if (e.http) (byUrl.get(e.http) ?? byUrl.set(e.http, []).get(e.http)!).push(e.t);
      for (const [url, ts] of byUrl) {
        if (ts.length < 5) continue;
        const span = Math.max(1, (ts[ts.length - 1] - ts[0]) / 1000);
        out.push({ url, rps: ts.length / span });
      }
    }
    return out;
  }

  /** CPU (millicores) and memory (bytes) in use by a container now (cAdvisor). */
  usage(pod: Obj, container: string, extraCpu: number): { cpu: number; mem: number } {
    const pr = this.pods[pod.metadata.uid];
    const c = pr?.cs[container];
    if (!pr || !c || c.state !== "running") return { cpu: 0, mem: 0 };
    const spec = pod.spec.containers.find((x: Obj) => x.name === container) ?? (pod.spec.initContainers ?? []).find((x: Obj) => x.name === container);
    const res = this.imageFor(spec);
    if (!res.ok) return { cpu: 0, mem: 0 };
    const tl = this.timeline(pod, pr, spec, c);
    const since = this.k.now - (c.startedAt ?? 0);
    let cpu = res.spec.cpuMilli + extraCpu;
    for (const e of tl.events) if (e.cpu !== undefined && e.t <= since) cpu = e.cpu;
    const lim = spec.resources?.limits?.cpu;
    if (lim !== undefined) cpu = Math.min(cpu, Math.round(Number(String(lim).replace(/m$/, "")) * (String(lim).endsWith("m") ? 1 : 1000)));
    return { cpu, mem: this.memAt(res.spec, tl, since, c.env ?? {}, c.server) };
  }

  /** `kubectl exec`: run a command in a running container. */
  exec(pod: Obj, container: string, argv: string[]): { stdout: string; stderr: string; exitCode: number; error?: string } | null {
    const pr = this.pods[pod.metadata.uid];
    const c = pr?.cs[container];
    if (!pr || !c || c.state !== "running") return null;
    const spec = pod.spec.containers.find((x: Obj) => x.name === container);
    const img = this.imageFor(spec);
    const missing = img.ok && argv[0] && !img.spec.generic ? this.commandMissing(pod, pr, spec, c, img.spec, argv[0]) : null;
    if (missing) {
      // the CRI's ExecSync error, as kubectl exec reports it (containerd: "failed to start exec <id>")
      const id = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => imageIdOf(`${pr.uid}/${container}/${argv.join(" ")}/${i}`).slice(-8)).join("");
      return { stdout: "", stderr: "", exitCode: 1, error: `error executing command in container: failed to exec in container: failed to start exec "${id}": OCI runtime exec failed: exec failed: unable to start container process: ${missing}: unknown` };
    }
    const tl = runProgram(argv, this.shellIO(pod, pr, spec, c, this.k.now), { horizonMs: 600_000 });
    // Files the command wrote persist in the container (or in a shared emptyDir).
    for (const e of tl.events) {
      if (!e.file) continue;
      const m = (spec.volumeMounts ?? []).find((vm: Obj) => e.file!.path.startsWith(vm.mountPath.replace(/\/$/, "") + "/"));
      const vol = m && (pod.spec.volumes ?? []).find((v: Obj) => v.name === m.name);
      if (m && vol?.emptyDir) {
        const rel = e.file.path.slice(m.mountPath.replace(/\/$/, "").length + 1);
        const dir = (pr.emptyDirs[m.name] ??= {});
        if (e.file.content === null) delete dir[rel];
        else dir[rel] = e.file.content;
      } else (c.hookFiles ??= {})[e.file.path] = e.file.content;
    }
    const stdout = tl.events.filter((e) => e.out !== undefined).map((e) => e.out + (e.nonl ? "" : "\n")).join("");
    const stderr = tl.events.filter((e) => e.err !== undefined).map((e) => e.err + "\n").join("");
    this.k.trace("kubectl", `kubelet/${pr.node}`, "exec", `Pod ${pr.ns}/${pr.name}`, argv.join(" "));
    return { stdout, stderr, exitCode: tl.exit?.code ?? 0 };
  }

  /** Whether any container of the pod answers on `port`, and its reply. */
  podHttp(pod: Obj, port: number, path: string, client = "10.244.0.1", agent = "curl/8.5.0", pure = false): HttpReply | null {
    const pr = this.pods[pod.metadata.uid];
    if (!pr) return null;
    for (const spec of pod.spec.containers) {
      const c = pr.cs[spec.name];
      const r = c && this.connect(pod, pr, spec, c, port, path);
      if (r) {
        if (!pure && (c.server === "nginx" || c.server === "httpd")) {
          // combined access log line, like the images write to stdout
          const d = new Date(Date.UTC(2026, 0, 1) + this.k.now);
          const mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
          const p2 = (n: number) => String(n).padStart(2, "0");
          const ts = `${p2(d.getUTCDate())}/${mon}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
          const line = `${client} - - [${ts}] "GET ${path} HTTP/1.1" ${r.code} ${r.body.length} "-" "${agent}"${c.server === "nginx" ? ' "-"' : ""}`;
          c.accessLog = appendAccessLog(c.accessLog, this.k.now - (c.startedAt ?? 0), line);
        }
        return r;
      }
    }
    return null;
  }

  isReady(pod: Obj): boolean {
    return isPodReady(pod);
  }
}

function newCrt(name: string, init: boolean, sidecar: boolean): ContainerRt {
  return { name, init, sidecar, state: "waiting", restartCount: 0, ready: false, started: false, run: 0, pullFails: 0, liveFail: 0, readyFail: 0, readySucc: 0, startupFail: 0 };
}

/** Go time.Duration.String() for whole seconds: 40s, 1m20s, 5m0s. */
export function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60}s`;
  return `${Math.floor(m / 60)}h${m % 60}m${s % 60}s`;
}

function imageIdOf(image: string): string {
  let h = 0;
  for (let i = 0; i < image.length; i++) h = (Math.imul(h, 31) + image.charCodeAt(i)) >>> 0;
  return h.toString(16).padStart(8, "0").repeat(8);
}

/** $(VAR) references in command/args/env are expanded from the container env. */
function expandEnvRefs(s: string, env: Record<string, string>): string {
  return s.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, n) => (n in env ? env[n] : m)).replace(/\$\$/g, "$");
}

/** A probe/Service port: number, or a named container port. */
export function resolvePort(port: unknown, spec: Obj): number {
  if (typeof port === "number") return port;
  const named = (spec.ports ?? []).find((p: Obj) => p.name === port);
  return named ? named.containerPort : Number(port);
}

export { parseIsoTime };

/** The timeline of a control-plane container started from a broken manifest: its error lines, then its exit. */
function faultTimeline(f: { log: string[]; exitAfterMs?: number; exitCode?: number }): Timeline {
  const events = f.log.map((l) => ({ t: Math.min(50, f.exitAfterMs ?? 50), err: l }));
  return f.exitAfterMs === undefined ? { events } : { events, exit: { t: f.exitAfterMs, code: f.exitCode ?? 1 } };
}
