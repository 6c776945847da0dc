/**
 * Node lifecycle controller + taint eviction (k8s-reference §5): every 5 s it checks node leases;
 * after the 50 s grace period Ready becomes Unknown, the node gets the unreachable NoSchedule and
 * NoExecute taints and its pods Ready=False; pods not tolerating NoExecute are evicted after their
 * tolerationSeconds (300 s by DefaultTolerationSeconds). Also PodGC for pods on missing nodes.
 */
import { clone, isoTime, parseIsoTime, type Obj } from "../util";
import { tolerates } from "../scheduler";
import { CM, setCondition, type Ctx } from "./common";

/** --node-monitor-period (§5). */
export const NODE_MONITOR_PERIOD_MS = 5_000;
/** --node-monitor-grace-period, 50 s since 1.32 (§5). */
export const NODE_MONITOR_GRACE_MS = 50_000;
const FROM = `${CM}/node-lifecycle-controller`;
const UNREACHABLE = "node.kubernetes.io/unreachable";
const NOT_READY = "node.kubernetes.io/not-ready";
const UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

/** Wire the node lifecycle controller, taint eviction and PodGC timers. */
export function registerNodeLifecycleController(ctx: Ctx): void {
  const { k } = ctx;
  k.onTimer("node-monitor", () => {
    monitorNodes(ctx);
    k.schedule(NODE_MONITOR_PERIOD_MS, "node-monitor", "", false);
  });
  k.onTimer("taint-evict", (key) => evictIfStillTainted(ctx, key));
  k.onTimer("podgc", (key) => podGC(ctx, key));
  k.on("nodes", (t, n) => {
    if (t === "DELETED") {
      // PodGC removes pods bound to a node that no longer exists.
      for (const p of k.list("pods")) if (p.spec.nodeName === n.metadata.name) k.schedule(40_000, "podgc", `${p.metadata.namespace}/${p.metadata.name}`, false, true);
      return;
    }
    scheduleEvictions(ctx, n);
    // TaintNodesByCondition: a cordoned node carries node.kubernetes.io/unschedulable:NoSchedule.
    const has = (n.spec?.taints ?? []).some((x: Obj) => x.key === UNSCHEDULABLE);
    if (!!n.spec?.unschedulable !== has) k.schedule(0, "node-unsched-taint", n.metadata.name, true, true);
  });
  k.onTimer("node-unsched-taint", (name) => {
    const n = k.get("nodes", undefined, name);
    if (!n) return;
    const c = clone(n);
    const rest = (c.spec.taints ?? []).filter((x: Obj) => x.key !== UNSCHEDULABLE);
    c.spec.taints = c.spec.unschedulable ? [...rest, { key: UNSCHEDULABLE, effect: "NoSchedule", timeAdded: isoTime(k.now) }] : rest;
    if (!c.spec.taints.length) delete c.spec.taints;
    ctx.api.writeStatus(c, FROM);
  });
  k.on("pods", (t, p) => {
    if (t === "DELETED" || !p.spec.nodeName) return;
    const n = k.get("nodes", undefined, p.spec.nodeName);
    if (!n) k.schedule(40_000, "podgc", `${p.metadata.namespace}/${p.metadata.name}`, false, true);
    else if ((n.spec?.taints ?? []).some((x: Obj) => x.effect === "NoExecute") && t === "ADDED") scheduleEvictions(ctx, n);
  });
}

/** Start the periodic node monitor (called once when the cluster boots). */
export function startNodeMonitor(ctx: Ctx): void {
  ctx.k.schedule(NODE_MONITOR_PERIOD_MS, "node-monitor", "", false, true);
}

/** One node-monitor pass over all nodes. */
export function monitorNodes(ctx: Ctx): void {
  const { k, api } = ctx;
  const renew: Record<string, number> = k.s.rt.leaseRenew ?? {};
  for (const n of k.list("nodes")) {
    const name = n.metadata.name;
    const last = renew[name] ?? parseIsoTime(n.metadata.creationTimestamp);
    const ready = (n.status?.conditions ?? []).find((c: Obj) => c.type === "Ready");
    if (k.now - last > NODE_MONITOR_GRACE_MS) {
      if (ready?.status === "Unknown") continue;
      const c = clone(n);
      for (const type of ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"]) {
        setCondition(c.status, { type, status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status.", lastHeartbeatTime: isoTime(last) }, k.now);
      }
      c.spec.taints = [...(c.spec.taints ?? []).filter((t: Obj) => t.key !== UNREACHABLE && t.key !== NOT_READY),
        { key: UNREACHABLE, effect: "NoSchedule", timeAdded: isoTime(k.now) },
        { key: UNREACHABLE, effect: "NoExecute", timeAdded: isoTime(k.now) }];
      k.trace(FROM, "kube-apiserver", "update", `Node ${name}`, "Ready=Unknown; taint node.kubernetes.io/unreachable");
      api.writeStatus(c, FROM);
      k.event(n, "Normal", "NodeNotReady", `Node ${name} status is now: NodeNotReady`, "node-controller");
      // Mark pods on the node not ready so they leave the Service endpoints.
      for (const p of k.list("pods")) {
        if (p.spec.nodeName !== name) continue;
        const pc = clone(p);
        setCondition(pc.status, { type: "Ready", status: "False", lastProbeTime: null }, k.now);
        setCondition(pc.status, { type: "ContainersReady", status: "False", lastProbeTime: null }, k.now);
        for (const cs of pc.status.containerStatuses ?? []) cs.ready = false;
        api.writeStatus(pc, FROM);
      }
    } else if (ready?.status === "Unknown" || (n.spec?.taints ?? []).some((t: Obj) => t.key === UNREACHABLE)) {
      const c = clone(n);
      setCondition(c.status, { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", lastHeartbeatTime: isoTime(last) }, k.now);
      for (const type of ["MemoryPressure", "DiskPressure", "PIDPressure"]) {
        const reason = { MemoryPressure: "KubeletHasSufficientMemory", DiskPressure: "KubeletHasNoDiskPressure", PIDPressure: "KubeletHasSufficientPID" }[type]!;
        setCondition(c.status, { type, status: "False", reason, message: "", lastHeartbeatTime: isoTime(last) }, k.now);
      }
      c.spec.taints = (c.spec.taints ?? []).filter((t: Obj) => t.key !== UNREACHABLE && t.key !== NOT_READY);
      if (!c.spec.taints.length) delete c.spec.taints;
      api.writeStatus(c, FROM);
      k.event(n, "Normal", "NodeReady", `Node ${name} status is now: NodeReady`, "node-controller");
    }
  }
}

/** Schedule NoExecute evictions for the pods on a tainted node (taint manager). */
function scheduleEvictions(ctx: Ctx, n: Obj): void {
  const { k } = ctx;
  const noExec: Obj[] = (n.spec?.taints ?? []).filter((t: Obj) => t.effect === "NoExecute");
  if (!noExec.length) return;
  for (const p of k.list("pods")) {
    if (p.spec.nodeName !== n.metadata.name || p.metadata.deletionTimestamp) continue;
    let wait = Infinity;
    let evictNow = false;
    for (const t of noExec) {
      const tol = (p.spec.tolerations ?? []).filter((x: Obj) => tolerates([x], t));
      if (!tol.length) { evictNow = true; break; }
      const secs = tol.map((x: Obj) => (x.tolerationSeconds === undefined ? Infinity : Math.max(0, x.tolerationSeconds)));
      const added = parseIsoTime(t.timeAdded) || k.now;
      const until = added + Math.min(...secs) * 1000 - k.now;
      wait = Math.min(wait, until);
    }
    const key = `${p.metadata.namespace}/${p.metadata.name}/${p.metadata.uid}`;
    if (evictNow) k.schedule(0, "taint-evict", key, true, true);
    else if (Number.isFinite(wait)) k.schedule(Math.max(0, wait), "taint-evict", key, false, true);
  }
}

function evictIfStillTainted(ctx: Ctx, key: string): void {
  const { k, api } = ctx;
  const [ns, name, uid] = key.split("/");
  const p = k.get("pods", ns, name);
  if (!p || p.metadata.uid !== uid || p.metadata.deletionTimestamp) return;
  const n = k.get("nodes", undefined, p.spec.nodeName);
  if (!n) return;
  const due = (n.spec?.taints ?? []).filter((t: Obj) => t.effect === "NoExecute").some((t: Obj) => {
    const tol = (p.spec.tolerations ?? []).filter((x: Obj) => tolerates([x], t));
    if (!tol.length) return true;
    const secs = Math.min(...tol.map((x: Obj) => (x.tolerationSeconds === undefined ? Infinity : x.tolerationSeconds)));
    return Number.isFinite(secs) && (parseIsoTime(t.timeAdded) || 0) + secs * 1000 <= k.now;
  });
  if (!due) return;
  k.event(p, "Normal", "TaintManagerEviction", `Marking for deletion Pod ${ns}/${name}`, "taint-eviction-controller");
  const c = clone(p);
  setCondition(c.status, { type: "DisruptionTarget", status: "True", reason: "DeletionByTaintManager", message: "Taint manager: deleting due to NoExecute taint" }, k.now);
  api.writeStatus(c, `${CM}/taint-eviction-controller`);
  api.delete("pods", name, { namespace: ns, from: `${CM}/taint-eviction-controller` });
}

/** PodGC: pods bound to a node that does not exist are deleted (§ corpus row 22). */
function podGC(ctx: Ctx, key: string): void {
  const { k, api } = ctx;
  const [ns, name] = key.split("/");
  const p = k.get("pods", ns, name);
  if (!p || !p.spec.nodeName || k.get("nodes", undefined, p.spec.nodeName)) return;
  const c = clone(p);
  c.status.phase = "Failed";
  setCondition(c.status, { type: "DisruptionTarget", status: "True", reason: "DeletionByPodGC", message: "PodGC: node no longer exists" }, k.now);
  api.writeStatus(c, `${CM}/pod-garbage-collector`);
  api.forceRemove("pods", ns, name, `${CM}/pod-garbage-collector`);
}
