/**
 * kube-scheduler: filter then score with the default plugins' behaviour (k8s-reference §3),
 * binding through the pods/binding subresource, FailedScheduling messages per FitError (§3.5).
 */
import type { ApiServer } from "./apiserver/apiserver";
import type { Kernel } from "./core";
import { schedulerActive } from "./controlplane";
import { bytes, clone, isoTime, matchesSelector, milliCpu, type Obj } from "./util";
import { setCondition } from "./controllers/common";

const FROM = "kube-scheduler";

interface NodeInfo {
  node: Obj;
  pods: number;
  allocCpu: number;
  allocMem: number;
  allocPods: number;
  ports: Set<string>;
  podList: Obj[];
  /** position in this pump's node list: indexes the per-owner counts and the static filter cache */
  idx: number;
}

/** Pod request: sum of containers, max with each init container (§3.2). */
export function podRequests(pod: Obj): { cpu: number; mem: number } {
  let cpu = 0, mem = 0;
  for (const c of pod.spec?.containers ?? []) {
    cpu += milliCpu(c.resources?.requests?.cpu ?? 0);
    mem += bytes(c.resources?.requests?.memory ?? 0);
  }
  for (const c of pod.spec?.initContainers ?? []) {
    cpu = Math.max(cpu, milliCpu(c.resources?.requests?.cpu ?? 0));
    mem = Math.max(mem, bytes(c.resources?.requests?.memory ?? 0));
  }
  return { cpu, mem };
}

export function tolerates(tols: Obj[] | undefined, taint: Obj): boolean {
  for (const t of tols ?? []) {
    if (t.effect && t.effect !== taint.effect) continue;
    if (!t.key) {
      if (t.operator === "Exists") return true;
      continue;
    }
    if (t.key !== taint.key) continue;
    if (t.operator === "Exists") return true;
    if ((t.value ?? "") === (taint.value ?? "")) return true;
  }
  return false;
}

function nodeSelectorTermMatches(term: Obj, node: Obj): boolean {
  const labels = node.metadata.labels ?? {};
  for (const e of term.matchExpressions ?? []) {
    const has = e.key in labels;
    const v = labels[e.key];
    switch (e.operator) {
      case "In": if (!has || !(e.values ?? []).includes(v)) return false; break;
      case "NotIn": if (has && (e.values ?? []).includes(v)) return false; break;
      case "Exists": if (!has) return false; break;
      case "DoesNotExist": if (has) return false; break;
      case "Gt": if (!has || !(Number(v) > Number(e.values?.[0]))) return false; break;
      case "Lt": if (!has || !(Number(v) < Number(e.values?.[0]))) return false; break;
      default: return false;
    }
  }
  for (const f of term.matchFields ?? []) {
    if (f.key === "metadata.name") {
      const ok = f.operator === "In" ? (f.values ?? []).includes(node.metadata.name) : f.operator === "NotIn" ? !(f.values ?? []).includes(node.metadata.name) : false;
      if (!ok) return false;
    }
  }
  return (term.matchExpressions?.length ?? 0) + (term.matchFields?.length ?? 0) > 0;
}

/** nodeSelector AND required node affinity (terms ORed, expressions ANDed) — §3.4. */
export function nodeAffinityMatches(pod: Obj, node: Obj): boolean {
  const labels = node.metadata.labels ?? {};
  const sel = pod.spec?.nodeSelector;
  if (sel) for (const k in sel) if (labels[k] !== sel[k]) return false;
  const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (req?.nodeSelectorTerms) return req.nodeSelectorTerms.some((t: Obj) => nodeSelectorTermMatches(t, node));
  return true;
}

function podMatchesTerm(term: Obj, candidate: Obj, podNs: string): boolean {
  const nss: string[] = term.namespaces?.length ? term.namespaces : [podNs];
  if (!term.namespaceSelector && !nss.includes(candidate.metadata.namespace)) return false;
  return matchesSelector(term.labelSelector, candidate.metadata.labels);
}

export class Scheduler {
  private antiPods = 0;
  private anyPreferNoSchedule = false;
  /** per-pump cache: pod template signature -> node -> static filter result */
  private staticCache = new Map<string, (string | null | undefined)[]>();
  /** per-pump: controller owner uid -> pods of that owner per node (by NodeInfo.idx); one Map lookup per pod, not per node */
  private ownerCounts = new Map<string, Int32Array>();
  private nodeCount = 0;
  /**
   * Requested cpu (millicores) and memory (bytes) of the pods on each node (by NodeInfo.idx). In typed arrays, not
   * NodeInfo fields: a memory sum outgrows a small integer as a node fills, and that field's change of representation
   * made V8 deoptimise scheduleOne on every NodeInfo ("wrong map", hundreds of times per pump) and run it unoptimised.
   */
  private cpuUsed = new Float64Array(0);
  private memUsed = new Float64Array(0);
  /** the requests of the pod being filtered, read once per pod (reqBuf) and each node's allocatable cpu/memory (by
   * NodeInfo.idx): read from the `req` object and the NodeInfo in the filter, each of the four numbers came through a
   * generic load that boxed a new heap number, per node per pod (~200 MB of bench:sim's scale run's 1.1 GB of allocation) */
  private reqOf: { cpu: number; mem: number } | null = null;
  private reqBuf = new Float64Array(2);
  private allocCpu = new Float64Array(0);
  private allocMem = new Float64Array(0);
  private feasibleBuf: NodeInfo[] = [];
  /** the pod being filtered asks for host ports / has no inter-pod (anti-)affinity or spread to check, nor does any placed pod */
  private podHostPorts = false;
  private podSimple = true;
  private prefsBuf = new Float64Array(0);
  private pnsBuf = new Float64Array(0);
  private lastSig = "";
  private lastCache: (string | null | undefined)[] | undefined;
  /** VolumeBinding state of the pod being scheduled (null: no PVC volumes) */
  private vol: VolumeState | null = null;

  constructor(private k: Kernel, private api: ApiServer) {
    k.on("pods", (t, p, old) => {
      // An update that changes only the status (the scheduler's own PodScheduled condition) does not
      // requeue an unschedulable pod (scheduling_queue.go isPodUpdated ignores status and resourceVersion).
      if (t !== "DELETED" && !p.spec.nodeName && !p.metadata.deletionTimestamp && this.mine(p) && !(t === "MODIFIED" && old && sameSpecAndMeta(old, p))) this.enqueue(`${p.metadata.namespace}/${p.metadata.name}`, 1);
      if (t === "DELETED" && p.spec.nodeName) this.retryUnschedulable();
    });
    k.on("nodes", (t, n, old) => {
      if (t === "ADDED" || stableNode(n) !== stableNode(old)) this.retryUnschedulable();
    });
    k.on("persistentvolumeclaims", (t, pvc, old) => {
      if (t === "ADDED" || (pvc.status?.phase === "Bound" && old?.status?.phase !== "Bound")) this.retryUnschedulable();
    });
    // VolumeBinding's cluster events: a new PV or StorageClass can make a pending pod schedulable.
    k.on("persistentvolumes", (t) => { if (t === "ADDED") this.retryUnschedulable(); });
    k.on("storageclasses", (t) => { if (t === "ADDED") this.retryUnschedulable(); });
    k.onTimer("sched-pump", () => this.pump());
    k.onTimer("sched-flush", () => this.retryUnschedulable());
  }

  private mine(p: Obj): boolean {
    return (p.spec.schedulerName ?? "default-scheduler") === "default-scheduler";
  }

  private enqueue(key: string, delay: number) {
    const rt = (this.k.s.rt.sched ??= { queue: {} as Record<string, 1>, unschedulable: {} as Record<string, 1> });
    rt.queue[key] = 1;
    this.k.schedule(delay, "sched-pump", "", true, true);
  }

  private retryUnschedulable() {
    const rt = this.k.s.rt.sched;
    if (!rt) return;
    const keys = Object.keys(rt.unschedulable);
    if (!keys.length) return;
    rt.unschedulable = {};
    for (const key of keys) this.enqueue(key, 10);
  }

  private buildNodeInfos(): Map<string, NodeInfo> {
    const infos = new Map<string, NodeInfo>();
    this.antiPods = 0;
    this.ownerCounts.clear();
    const all = this.k.list("nodes");
    this.nodeCount = all.length;
    this.cpuUsed = new Float64Array(all.length);
    this.memUsed = new Float64Array(all.length);
    this.allocCpu = new Float64Array(all.length);
    this.allocMem = new Float64Array(all.length);
    for (const n of all) {
      const a = n.status?.allocatable ?? {};
      infos.set(n.metadata.name, {
        node: n, pods: 0, ports: new Set(), podList: [], idx: infos.size,
        allocCpu: milliCpu(a.cpu ?? 0), allocMem: bytes(a.memory ?? 0), allocPods: Number(a.pods ?? 110),
      });
      this.allocCpu[infos.size - 1] = milliCpu(a.cpu ?? 0);
      this.allocMem[infos.size - 1] = bytes(a.memory ?? 0);
    }
    for (const p of this.k.list("pods")) {
      const ni = p.spec.nodeName && infos.get(p.spec.nodeName);
      if (!ni || p.status?.phase === "Succeeded" || p.status?.phase === "Failed") continue;
      this.addPod(ni, p);
    }
    return infos;
  }

  private addPod(ni: NodeInfo, p: Obj) {
    const r = podRequests(p);
    this.cpuUsed[ni.idx] += r.cpu;
    this.memUsed[ni.idx] += r.mem;
    ni.pods += 1;
    ni.podList.push(p);
    const ref = (p.metadata.ownerReferences ?? []).find((r: Obj) => r.controller);
    if (ref) {
      let counts = this.ownerCounts.get(ref.uid);
      if (!counts) this.ownerCounts.set(ref.uid, (counts = new Int32Array(this.nodeCount)));
      counts[ni.idx]++;
    }
    if (p.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length) this.antiPods++;
    for (const c of p.spec.containers ?? []) for (const port of c.ports ?? []) if (port.hostPort) ni.ports.add(`${port.protocol ?? "TCP"}/${port.hostPort}`);
  }

  /** The scheduler (or the API server) serves again: pick up the pods that waited. */
  wake(): void {
    if (this.k.s.rt.sched && Object.keys(this.k.s.rt.sched.queue).length) this.k.schedule(0, "sched-pump", "", true, true);
  }

  private pump() {
    const rt = this.k.s.rt.sched;
    if (!rt) return;
    // kube-scheduler down: pods stay Pending with no event at all (nobody tried to place them)
    if (!schedulerActive(this.k)) return;
    const keys = Object.keys(rt.queue);
    if (!keys.length) return;
    rt.queue = {};
    const infos = this.buildNodeInfos();
    this.staticCache.clear();
    this.lastSig = "";
    this.lastCache = undefined;
    this.anyPreferNoSchedule = [...infos.values()].some((ni) => (ni.node.spec?.taints ?? []).some((t: Obj) => t.effect === "PreferNoSchedule"));
    const nodes = [...infos.values()].sort((a, b) => (a.node.metadata.name < b.node.metadata.name ? -1 : 1));
    // PrioritySort: higher priority first, then FIFO.
    const pods = keys.map((key) => {
      const i = key.indexOf("/");
      return this.k.get("pods", key.slice(0, i), key.slice(i + 1));
    }).filter((p): p is Obj => !!p && !p.spec.nodeName && !p.metadata.deletionTimestamp);
    pods.sort((a, b) => (b.spec.priority ?? 0) - (a.spec.priority ?? 0));
    for (const pod of pods) this.scheduleOne(pod, nodes, infos);
    this.feasibleBuf.length = 0;
    this.reqOf = null;
  }

  private scheduleOne(pod: Obj, nodes: NodeInfo[], infos: Map<string, NodeInfo>) {
    const ns = pod.metadata.namespace, name = pod.metadata.name;
    const key = `${ns}/${name}`;
    if (pod.spec.schedulingGates?.length) {
      const c = clone(pod);
      setCondition(c.status, { type: "PodScheduled", status: "False", reason: "SchedulingGated", message: "Scheduling is blocked due to non-empty scheduling gates", lastProbeTime: null }, this.k.now);
      this.api.writeStatus(c, FROM);
      return;
    }
    this.k.trace("kube-apiserver", FROM, "watch", `Pod ${key}`, "unscheduled pod");
    // PreFilter: VolumeBinding.
    const pre = this.volumePreFilter(pod);
    const n = nodes.length;
    if (typeof pre === "string") return this.fail(pod, `0/${n} nodes are available: ${pre}. preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`);
    this.vol = pre;
    // what the per-node filters after the static ones have to look at, decided once per pod
    this.podHostPorts = (pod.spec.containers ?? []).some((c: Obj) => (c.ports ?? []).some((p: Obj) => p.hostPort));
    this.podSimple = !pod.spec.topologySpreadConstraints && !pod.spec.affinity?.podAffinity && !pod.spec.affinity?.podAntiAffinity && this.antiPods === 0;
    // A pod whose volumes were being bound for a node (PreBind) goes to that node once they are.
    const assumed = this.k.s.rt.sched.assumed?.[key] as string | undefined;
    if (assumed) {
      delete this.k.s.rt.sched.assumed[key];
      const ni = infos.get(assumed);
      if (ni && !this.filter(pod, ni, podRequests(pod), this.affinityContext(pod, nodes), "").length) return this.bindTo(pod, ni);
    }
    const req = podRequests(pod);
    const reasons: Record<string, number> = {};
    // per node (NodeInfo.idx): some filter failed it as UnschedulableAndUnresolvable (preemption cannot help there)
    const unresolvable = new Uint8Array(n);
    // scratch buffers reused by every pod of a pump (a new array grown to ~400 nodes per pod was most of the allocation)
    const feasible = this.feasibleBuf;
    let nFeasible = 0;
    const toFind = n < 100 ? n : Math.max(100, Math.floor((n * Math.max(5, 50 - Math.floor(n / 125))) / 100));
    const start = (this.k.s.rt.schedNext ?? 0) % Math.max(1, n);
    let processed = 0;
    const affinityCtx = this.affinityContext(pod, nodes);
    // NodeAffinity PreFilter: `matchFields metadata.name In [...]` (DaemonSet pods) narrows the nodes to evaluate.
    const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    const named = terms?.length === 1 && terms[0].matchFields?.length === 1 && terms[0].matchFields[0].key === "metadata.name" && terms[0].matchFields[0].operator === "In" ? terms[0].matchFields[0].values as string[] : null;
    if (named) {
      const cand = named.map((nn) => infos.get(nn)).filter((x): x is NodeInfo => !!x);
      const req0 = podRequests(pod);
      const ok = cand.filter((ni) => !this.filter(pod, ni, req0, affinityCtx, "").length);
      if (!ok.length) {
        const reasons0: Record<string, number> = {};
        for (const ni of cand) for (const [r] of this.filter(pod, ni, req0, affinityCtx, "")) reasons0[r] = (reasons0[r] ?? 0) + 1;
        reasons0["node(s) didn't match Pod's node affinity/selector"] = n - cand.length + (reasons0["node(s) didn't match Pod's node affinity/selector"] ?? 0);
        const hist0 = Object.entries(reasons0).filter(([, c]) => c > 0).map(([r, c]) => `${c} ${r}`).sort().join(", ");
        return this.fail(pod, `0/${n} nodes are available: ${hist0}. preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`);
      }
      return this.bindTo(pod, ok[0]);
    }
    const sig = JSON.stringify([pod.spec.tolerations, pod.spec.nodeSelector, pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution]);
    for (let i = 0; i < n && nFeasible < toFind; i++) {
      const ni = nodes[(start + i) % n];
      processed++;
      const rs = this.filter(pod, ni, req, affinityCtx, sig);
      if (!rs.length) feasible[nFeasible++] = ni;
      else this.countReasons(rs, ni, reasons, unresolvable);
    }
    this.k.s.rt.schedNext = (start + processed) % Math.max(1, n);
    if (!nFeasible) {
      const hist = Object.entries(reasons).map(([r, c]) => `${c} ${r}`).sort().join(", ");
      if (pod.spec.preemptionPolicy !== "Never" && this.preempt(pod, nodes, req, unresolvable, affinityCtx, sig)) {
        return this.fail(pod, `0/${n} nodes are available: ${hist}.`, true);
      }
      let post: string;
      if (pod.spec.preemptionPolicy === "Never") post = "preemption: not eligible due to preemptionPolicy=Never.";
      else {
        let notHelpful = 0;
        for (let i = 0; i < n; i++) notHelpful += unresolvable[i];
        const noVictims = n - notHelpful;
        const parts: string[] = [];
        if (notHelpful) parts.push(`${notHelpful} Preemption is not helpful for scheduling`);
        if (noVictims) parts.push(`${noVictims} No preemption victims found for incoming pod`);
        post = `preemption: 0/${n} nodes are available: ${parts.sort().join(", ")}.`;
      }
      return this.fail(pod, `0/${n} nodes are available: ${hist}. ${post}`);
    }
    this.bindTo(pod, this.selectHost(pod, req, nFeasible, nodes));
  }

  /**
   * Score the first `nFeasible` nodes of feasibleBuf (each plugin's raw score computed once per feasible node, then
   * normalised) and pick the best, ties at random like selectHost. Its own small method so that V8 optimises this loop
   * early, not only once the whole of scheduleOne is hot.
   */
  private selectHost(pod: Obj, req: { cpu: number; mem: number }, nFeasible: number, nodes: NodeInfo[]): NodeInfo {
    const n = nodes.length;
    const feasible = this.feasibleBuf;
    const ownerUid = (pod.metadata.ownerReferences ?? []).find((r: Obj) => r.controller)?.uid;
    const owned = ownerUid ? this.ownerCounts.get(ownerUid) : undefined;
    const hasPref = !!pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    const anyPNS = this.anyPreferNoSchedule;
    let maxSame = 1, prefMax = 0, taintMax = 0;
    // each raw score once per feasible node (the normalising pass and the scoring pass share them)
    if (this.prefsBuf.length < nFeasible) {
      this.prefsBuf = new Float64Array(n);
      this.pnsBuf = new Float64Array(n);
    }
    const prefs = hasPref ? this.prefsBuf : null;
    const pns = anyPNS ? this.pnsBuf : null;
    for (let i = 0; i < nFeasible; i++) {
      const ni = feasible[i];
      if (owned) maxSame = Math.max(maxSame, owned[ni.idx]);
      if (prefs) prefMax = Math.max(prefMax, (prefs[i] = this.preferredAffinity(pod, ni.node)));
      if (pns) taintMax = Math.max(taintMax, (pns[i] = this.preferNoScheduleCount(pod, ni.node)));
    }
    const hasPodAff = !!(pod.spec.affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution || pod.spec.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    let best: NodeInfo | null = null, bestScore = -Infinity, ties = 0;
    const cpuUsed = this.cpuUsed, memUsed = this.memUsed;
    for (let i = 0; i < nFeasible; i++) {
      const ni = feasible[i];
      const same = owned ? owned[ni.idx] : 0;
      const pref = prefs ? prefs[i] : 0;
      const taints = pns ? pns[i] : 0;
      const cpuFrac = ni.allocCpu ? (cpuUsed[ni.idx] + (req.cpu || 100)) / ni.allocCpu : 1;
      const memFrac = ni.allocMem ? (memUsed[ni.idx] + (req.mem || 200 * 1024 * 1024)) / ni.allocMem : 1;
      const least = ((Math.max(0, 1 - cpuFrac) + Math.max(0, 1 - memFrac)) / 2) * 100;
      const balanced = (1 - Math.abs(cpuFrac - memFrac) / 2) * 100;
      const taint = taintMax ? (1 - taints / taintMax) * 100 : 100;
      const aff = prefMax ? (pref / prefMax) * 100 : 0;
      const spread = (1 - same / maxSame) * 100;
      const podAff = hasPodAff ? this.preferredPodAffinity(pod, ni, nodes) : 0;
      const score = Math.floor(least) + Math.floor(balanced) + 3 * Math.floor(taint) + 2 * Math.floor(aff) + 2 * Math.floor(spread) + 2 * podAff;
      if (score > bestScore) {
        best = ni; bestScore = score; ties = 1;
      } else if (score === bestScore) {
        ties++;
        if (this.k.random() * ties < 1) best = ni; // reservoir sampling like selectHost
      }
    }
    return best!;
  }

  private countReasons(rs: [string, boolean][], ni: NodeInfo, reasons: Record<string, number>, unresolvable: Uint8Array) {
    for (let j = 0; j < rs.length; j++) {
      const r = rs[j][0];
      reasons[r] = (reasons[r] ?? 0) + 1;
      if (rs[j][1]) unresolvable[ni.idx] = 1;
    }
  }

  /**
   * Reserve + PreBind + Bind. Unbound WaitForFirstConsumer claims are bound for the chosen node
   * first (a matching PV is pre-bound to the claim, or the claim gets the selected-node annotation
   * for the provisioner); the pod is bound to the node once they are (volumebinding/binder.go
   * AssumePodVolumes, BindPodVolumes).
   */
  private bindTo(pod: Obj, ni: NodeInfo) {
    const ns = pod.metadata.namespace, name = pod.metadata.name, node = ni.node.metadata.name;
    if (this.vol?.delayed.length) {
      for (const pvc of this.vol.delayed) {
        const pv = this.matchingPV(pvc, ni.node);
        if (pv) {
          const v = clone(pv);
          v.spec.claimRef = { kind: "PersistentVolumeClaim", namespace: pvc.metadata.namespace, name: pvc.metadata.name, uid: pvc.metadata.uid, apiVersion: "v1", resourceVersion: pvc.metadata.resourceVersion };
          v.metadata.annotations = { ...(v.metadata.annotations ?? {}), "pv.kubernetes.io/bound-by-controller": "yes" };
          this.api.writeStatus(v, FROM);
        } else if (pvc.metadata.annotations?.["volume.kubernetes.io/selected-node"] !== node) {
          const c = clone(pvc);
          c.metadata.annotations = { ...(c.metadata.annotations ?? {}), "volume.kubernetes.io/selected-node": node };
          this.api.writeStatus(c, FROM);
        }
      }
      // Waits for the PV controller (the PVC's Bound transition retries the pod).
      (this.k.s.rt.sched.assumed ??= {})[`${ns}/${name}`] = node;
      this.k.s.rt.sched.unschedulable[`${ns}/${name}`] = 1;
      this.k.schedule(300_000, "sched-flush", "", false, true);
      return;
    }
    if (!this.api.bind(ns, name, node, FROM)) return;
    this.addPod(ni, this.k.get("pods", ns, name) ?? pod);
    this.k.event(pod, "Normal", "Scheduled", `Successfully assigned ${ns}/${name} to ${node}`, "default-scheduler");
  }

  /** The smallest available PV that fits an unbound claim on this node (findMatchingVolumes). */
  private matchingPV(pvc: Obj, node: Obj): Obj | null {
    const want = bytes(pvc.spec.resources?.requests?.storage ?? 0);
    const modes: string[] = pvc.spec.accessModes ?? [];
    let best: Obj | null = null;
    for (const pv of this.k.list("persistentvolumes")) {
      const ref = pv.spec.claimRef;
      if (ref && !(ref.namespace === pvc.metadata.namespace && ref.name === pvc.metadata.name && (!ref.uid || ref.uid === pvc.metadata.uid))) continue;
      if (!ref && pv.status?.phase && pv.status.phase !== "Available") continue;
      if ((pv.spec.storageClassName ?? "") !== (pvc.spec.storageClassName ?? "")) continue;
      if ((pv.spec.volumeMode ?? "Filesystem") !== (pvc.spec.volumeMode ?? "Filesystem")) continue;
      if (!modes.every((m) => (pv.spec.accessModes ?? []).includes(m)) || bytes(pv.spec.capacity?.storage ?? 0) < want) continue;
      if (!pvNodeAffinityMatches(pv, node)) continue;
      if (ref) return pv;
      if (!best || bytes(pv.spec.capacity?.storage) < bytes(best.spec.capacity?.storage) || (bytes(pv.spec.capacity?.storage) === bytes(best.spec.capacity?.storage) && pv.metadata.name < best.metadata.name)) best = pv;
    }
    return best;
  }

  /** VolumeBinding Filter: bound PVs' node affinity, and whether unbound delayed claims can bind here. */
  private volumeFilter(node: Obj): [string, boolean][] {
    const v = this.vol!;
    let nodeConflict = false, bindConflict = false, pvMissing = false;
    for (const pv of v.bound) {
      if (!pv) pvMissing = true;
      else if (!pvNodeAffinityMatches(pv, node)) nodeConflict = true;
    }
    for (const pvc of v.delayed) {
      const sel = pvc.metadata.annotations?.["volume.kubernetes.io/selected-node"];
      if (sel && sel !== node.metadata.name) bindConflict = true;
      else if (!this.matchingPV(pvc, node)) {
        const sc = this.k.get("storageclasses", undefined, pvc.spec.storageClassName ?? "");
        if (!sc || sc.provisioner === "kubernetes.io/no-provisioner") bindConflict = true;
      }
    }
    // All of them are UnschedulableAndUnresolvable (volume_binding.go Filter).
    const out: [string, boolean][] = [];
    if (nodeConflict) out.push(["node(s) had volume node affinity conflict", true]);
    if (bindConflict) out.push(["node(s) didn't find available persistent volumes to bind", true]);
    if (pvMissing) out.push(["node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)", true]);
    return out;
  }

  /**
   * DefaultPreemption (PostFilter): on a node that fails only on resources, evict the fewest
   * lower-priority pods that make the pod fit; the pod is nominated to that node.
   */
  private preempt(pod: Obj, nodes: NodeInfo[], req: { cpu: number; mem: number }, unresolvable: Uint8Array, actx: AffinityCtx, sig: string): boolean {
    const prio = pod.spec.priority ?? 0;
    // Already nominated and the victims are still terminating: wait for them (no new victims).
    const nominated = this.k.get("pods", pod.metadata.namespace, pod.metadata.name)?.status?.nominatedNodeName;
    const nomNode: NodeInfo | undefined = nominated ? nodes.find((x) => x.node.metadata.name === nominated) : undefined;
    if (nomNode && nomNode.podList.some((p: Obj) => p.metadata.deletionTimestamp && (p.spec.priority ?? 0) < prio)) return true;
    let best: { ni: NodeInfo; victims: Obj[] } | null = null;
    for (const ni of nodes) {
      if (unresolvable[ni.idx]) continue;
      if (this.staticFilter(pod, ni.node)) continue;
      const lower = ni.podList.filter((p) => (p.spec.priority ?? 0) < prio && !p.metadata.deletionTimestamp).sort((a, b) => (a.spec.priority ?? 0) - (b.spec.priority ?? 0));
      if (!lower.length) continue;
      const victims: Obj[] = [];
      let cpu = this.cpuUsed[ni.idx], mem = this.memUsed[ni.idx], pods = ni.pods;
      const fits = () => (!req.cpu || cpu + req.cpu <= ni.allocCpu) && (!req.mem || mem + req.mem <= ni.allocMem) && pods + 1 <= ni.allocPods;
      for (const v of lower) {
        if (fits()) break;
        const r = podRequests(v);
        cpu -= r.cpu;
        mem -= r.mem;
        pods--;
        victims.push(v);
      }
      if (!fits()) continue;
      if (!best || victims.length < best.victims.length) best = { ni, victims };
    }
    void actx;
    void sig;
    if (!best) return false;
    const node = best.ni.node.metadata.name;
    for (const v of best.victims) {
      this.k.event(v, "Normal", "Preempted", `Preempted by pod ${pod.metadata.uid} on node ${node}`, "default-scheduler");
      this.api.delete("pods", v.metadata.name, { namespace: v.metadata.namespace, from: FROM });
    }
    const cur = this.k.get("pods", pod.metadata.namespace, pod.metadata.name);
    if (cur) this.api.writeStatus({ ...cur, status: { ...cur.status, nominatedNodeName: node } }, FROM);
    return true;
  }

  private fail(pod: Obj, msg: string, nominated = false) {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const cur = nominated ? this.k.get("pods", pod.metadata.namespace, pod.metadata.name) ?? pod : pod;
    const c = clone(cur);
    setCondition(c.status, { type: "PodScheduled", status: "False", reason: "Unschedulable", message: msg, lastProbeTime: null }, this.k.now);
    this.api.writeStatus(c, FROM);
    this.k.event(pod, "Warning", "FailedScheduling", msg, "default-scheduler");
    this.k.s.rt.sched.unschedulable[key] = 1;
    // podMaxInUnschedulablePodsDuration: retried at least every 5 minutes.
    this.k.schedule(300_000, "sched-flush", "", false, true);
  }

  /** VolumeBinding PreFilter: a message that fails every node, or the pod's bound PVs and delayed claims. */
  private volumePreFilter(pod: Obj): string | VolumeState | null {
    let st: VolumeState | null = null;
    for (const v of pod.spec.volumes ?? []) {
      if (!v.persistentVolumeClaim) continue;
      const pvc = this.k.get("persistentvolumeclaims", pod.metadata.namespace, v.persistentVolumeClaim.claimName);
      if (!pvc) return `persistentvolumeclaim "${v.persistentVolumeClaim.claimName}" not found`;
      st ??= { bound: [], delayed: [] };
      if (pvc.spec?.volumeName) {
        // Bound or pre-bound to a named PV: that PV's node affinity decides (checkBoundClaims).
        st.bound.push(this.k.get("persistentvolumes", undefined, pvc.spec.volumeName) ?? null);
        continue;
      }
      const sc = pvc.spec?.storageClassName ? this.k.get("storageclasses", undefined, pvc.spec.storageClassName) : undefined;
      if (sc?.volumeBindingMode === "WaitForFirstConsumer") st.delayed.push(pvc);
      else return "pod has unbound immediate PersistentVolumeClaims";
    }
    return st;
  }

  /** Filter plugins in the default order; returns [reason, unresolvable] pairs. */
  /** Node-static filters (unschedulable, taints, node affinity): cacheable per pod template within a pump. */
  private staticFilter(pod: Obj, node: Obj): string | null {
    const tols = pod.spec.tolerations;
    if (node.spec?.unschedulable && !tolerates(tols, { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" })) return "node(s) were unschedulable";
    for (const t of node.spec?.taints ?? []) {
      if (t.effect !== "NoSchedule" && t.effect !== "NoExecute") continue;
      if (!tolerates(tols, t)) return `node(s) had untolerated taint {${t.key}: ${t.value ?? ""}}`;
    }
    if (!nodeAffinityMatches(pod, node)) return "node(s) didn't match Pod's node affinity/selector";
    return null;
  }

  private filter(pod: Obj, ni: NodeInfo, req: { cpu: number; mem: number }, actx: AffinityCtx, sig: string): [string, boolean][] {
    const node = ni.node;
    // the same sig string for every node of one pod: compared by identity first, not hashed and compared per node
    let st: string | null | undefined;
    // sig "": a pod that is checked against one or a few named nodes (a DaemonSet pod, a pod whose volumes were bound
    // for a node) is not cached; before, those paths shared fixed keys across pods or made a node-sized entry per pod
    if (sig === "") st = this.staticFilter(pod, node);
    else {
      let cache = sig === this.lastSig ? this.lastCache : this.staticCache.get(sig);
      if (!cache) this.staticCache.set(sig, (cache = new Array(this.nodeCount)));
      this.lastSig = sig;
      this.lastCache = cache;
      st = cache[ni.idx];
      if (st === undefined) cache[ni.idx] = st = this.staticFilter(pod, node);
    }
    if (st) return reasonList(st, true);
    if (this.podHostPorts && ni.ports.size) for (const c of pod.spec.containers ?? []) for (const p of c.ports ?? []) {
      if (p.hostPort && ni.ports.has(`${p.protocol ?? "TCP"}/${p.hostPort}`)) return reasonList("node(s) didn't have free ports for the requested pod ports", false);
    }
    const tooMany = ni.pods + 1 > ni.allocPods;
    const rb = this.reqBuf;
    if (req !== this.reqOf) {
      this.reqOf = req;
      rb[0] = req.cpu;
      rb[1] = req.mem;
    }
    const reqCpu = rb[0], reqMem = rb[1];
    const noCpu = reqCpu > 0 && this.cpuUsed[ni.idx] + reqCpu > this.allocCpu[ni.idx];
    const noMem = reqMem > 0 && this.memUsed[ni.idx] + reqMem > this.allocMem[ni.idx];
    if (tooMany || noCpu || noMem) {
      const out: [string, boolean][] = [];
      if (tooMany) out.push(["Too many pods", false]);
      // #131345: a request larger than the node's allocatable is unresolvable.
      if (noCpu) out.push(["Insufficient cpu", reqCpu > ni.allocCpu]);
      if (noMem) out.push(["Insufficient memory", reqMem > ni.allocMem]);
      return out;
    }
    if (this.vol) {
      const vr = this.volumeFilter(node);
      if (vr.length) return vr;
    }
    if (this.podSimple) return NONE;
    for (const c of pod.spec.topologySpreadConstraints ?? []) {
      if (c.whenUnsatisfiable !== "DoNotSchedule") continue;
      const labels = node.metadata.labels ?? {};
      if (!(c.topologyKey in labels)) return [["node(s) didn't match pod topology spread constraints (missing required label)", true]];
      const counts = actx.spread.get(c) ?? new Map<string, number>();
      const min = counts.size ? Math.min(...counts.values()) : 0;
      const mine = counts.get(labels[c.topologyKey]) ?? 0;
      if (mine + 1 - min > (c.maxSkew ?? 1)) return [["node(s) didn't match pod topology spread constraints", false]];
    }
    const pa = pod.spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    for (const term of pa) {
      const domains = actx.affinityDomains.get(term)!;
      const v = node.metadata.labels?.[term.topologyKey];
      if (domains.size === 0 && podMatchesTerm(term, pod, pod.metadata.namespace) && v !== undefined) continue;
      if (v === undefined || !domains.has(v)) return [["node(s) didn't match pod affinity rules", true]];
    }
    const anti = pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    for (const term of anti) {
      const domains = actx.antiDomains.get(term)!;
      const v = node.metadata.labels?.[term.topologyKey];
      if (v !== undefined && domains.has(v)) return [["node(s) didn't match pod anti-affinity rules", false]];
    }
    for (const [term, domains] of actx.existingAnti) {
      const v = node.metadata.labels?.[term.topologyKey];
      if (v !== undefined && domains.has(v)) return [["node(s) didn't satisfy existing pods anti-affinity rules", false]];
    }
    return NONE;
  }

  private affinityContext(pod: Obj, nodes: NodeInfo[]): AffinityCtx {
    const aff = pod.spec.affinity ?? {};
    if (!aff.podAffinity && !aff.podAntiAffinity && !pod.spec.topologySpreadConstraints && this.antiPods === 0) return EMPTY_CTX;
    const ctx: AffinityCtx = { affinityDomains: new Map(), antiDomains: new Map(), existingAnti: new Map(), spread: new Map() };
    const reqAff: Obj[] = aff.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    const reqAnti: Obj[] = aff.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    const spread: Obj[] = (pod.spec.topologySpreadConstraints ?? []).filter((c: Obj) => c.whenUnsatisfiable === "DoNotSchedule");
    for (const t of reqAff) ctx.affinityDomains.set(t, new Set());
    for (const t of reqAnti) ctx.antiDomains.set(t, new Set());
    for (const c of spread) {
      const m = new Map<string, number>();
      for (const ni of nodes) {
        const v = ni.node.metadata.labels?.[c.topologyKey];
        if (v !== undefined && nodeAffinityMatches(pod, ni.node)) m.set(v, m.get(v) ?? 0);
      }
      ctx.spread.set(c, m);
    }
    const anyExistingAnti = this.antiPods > 0;
    if (!reqAff.length && !reqAnti.length && !spread.length && !anyExistingAnti) return ctx;
    for (const ni of nodes) {
      const labels = ni.node.metadata.labels ?? {};
      for (const p of ni.podList) {
        for (const t of reqAff) if (podMatchesTerm(t, p, pod.metadata.namespace) && labels[t.topologyKey] !== undefined) ctx.affinityDomains.get(t)!.add(labels[t.topologyKey]);
        for (const t of reqAnti) if (podMatchesTerm(t, p, pod.metadata.namespace) && labels[t.topologyKey] !== undefined) ctx.antiDomains.get(t)!.add(labels[t.topologyKey]);
        for (const c of spread) {
          const v = labels[c.topologyKey];
          if (v !== undefined && p.metadata.namespace === pod.metadata.namespace && matchesSelector(c.labelSelector, p.metadata.labels)) {
            const m = ctx.spread.get(c)!;
            if (m.has(v)) m.set(v, (m.get(v) ?? 0) + 1);
          }
        }
        for (const t of p.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
          if (podMatchesTerm(t, pod, p.metadata.namespace) && labels[t.topologyKey] !== undefined) {
            if (!ctx.existingAnti.has(t)) ctx.existingAnti.set(t, new Set());
            ctx.existingAnti.get(t)!.add(labels[t.topologyKey]);
          }
        }
      }
    }
    return ctx;
  }

  private preferredAffinity(pod: Obj, node: Obj): number {
    let s = 0;
    for (const t of pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
      if (t.preference && nodeSelectorTermMatches(t.preference, node)) s += t.weight ?? 0;
    }
    return s;
  }

  private preferredPodAffinity(pod: Obj, ni: NodeInfo, nodes: NodeInfo[]): number {
    const aff = pod.spec.affinity ?? {};
    const pref: Obj[] = aff.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    const anti: Obj[] = aff.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    if (!pref.length && !anti.length) return 0;
    let s = 0;
    for (const [list, sign] of [[pref, 1], [anti, -1]] as const) {
      for (const w of list) {
        const t = w.podAffinityTerm ?? {};
        const v = ni.node.metadata.labels?.[t.topologyKey];
        if (v === undefined) continue;
        const hit = nodes.some((o) => o.node.metadata.labels?.[t.topologyKey] === v && o.podList.some((p) => podMatchesTerm(t, p, pod.metadata.namespace)));
        if (hit) s += sign * (w.weight ?? 0);
      }
    }
    return s;
  }

  private preferNoScheduleCount(pod: Obj, node: Obj): number {
    return (node.spec?.taints ?? []).filter((t: Obj) => t.effect === "PreferNoSchedule" && !tolerates(pod.spec.tolerations, t)).length;
  }

}

const NONE: [string, boolean][] = [];
const EMPTY_CTX: AffinityCtx = { affinityDomains: new Map(), antiDomains: new Map(), existingAnti: new Map(), spread: new Map() };
const REASONS_U = new Map<string, [string, boolean][]>();
const REASONS_R = new Map<string, [string, boolean][]>();
/** Shared immutable single-reason lists (the filter runs millions of times in big clusters). */
function reasonList(reason: string, unresolvable: boolean): [string, boolean][] {
  const m = unresolvable ? REASONS_U : REASONS_R;
  let l = m.get(reason);
  if (!l) m.set(reason, (l = [[reason, unresolvable]]));
  return l;
}

interface VolumeState {
  /** PVs of the pod's bound claims (null: the PV does not exist) */
  bound: (Obj | null)[];
  /** unbound WaitForFirstConsumer claims */
  delayed: Obj[];
}

/** A PV's required node affinity (none: every node). */
function pvNodeAffinityMatches(pv: Obj, node: Obj): boolean {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  return !terms?.length || terms.some((t: Obj) => nodeSelectorTermMatches(t, node));
}

interface AffinityCtx {
  affinityDomains: Map<Obj, Set<string>>;
  antiDomains: Map<Obj, Set<string>>;
  existingAnti: Map<Obj, Set<string>>;
  spread: Map<Obj, Map<string, number>>;
}

function sameSpecAndMeta(a: Obj, b: Obj): boolean {
  return JSON.stringify([a.spec, a.metadata.labels, a.metadata.annotations]) === JSON.stringify([b.spec, b.metadata.labels, b.metadata.annotations]);
}

function stableNode(n: Obj | undefined): string {
  if (!n) return "";
  return JSON.stringify([n.metadata.labels, n.spec?.taints, n.spec?.unschedulable, n.status?.allocatable]);
}

export { isoTime };
