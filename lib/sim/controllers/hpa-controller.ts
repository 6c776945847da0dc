/**
 * HorizontalPodAutoscaler controller (autoscaling/v2), k8s-reference §1: 15 s sync, ratio of
 * sums with integer truncation, tolerance 0.1 (exactly 1.1 does not scale), ceil on ready pods,
 * missing/ignored pod rules, scale-up limit max(2x, 4), 5-minute down-scale stabilization,
 * behavior policies, SuccessfulRescale events and conditions.
 */
import { bytes, clone, isoTime, matchesSelector, milliCpu, parseIsoTime, type Obj } from "../util";
import { CM, setCondition, splitKey, type Ctx } from "./common";

/** --horizontal-pod-autoscaler-sync-period (§1.1). */
export const HPA_SYNC_MS = 15_000;
const TOLERANCE = 0.1;
const CPU_INIT_MS = 300_000;
const READINESS_DELAY_MS = 30_000;
const DOWNSCALE_WINDOW_MS = 300_000;
const FROM = `${CM}/horizontal-pod-autoscaler`;

export interface PodMetric {
  ts: number;
  window: number;
  containers: { name: string; cpu: number; mem: number }[];
}

/** Wire the HPA controller's periodic sync. */
export function registerHpaController(ctx: Ctx): void {
  const { k } = ctx;
  k.on("horizontalpodautoscalers", (t, h) => {
    if (t === "ADDED") k.schedule(0, "hpa-sync", `${h.metadata.namespace}/${h.metadata.name}`, true, true);
  });
  k.onTimer("hpa-sync", (key) => {
    const [ns, name] = splitKey(key);
    if (!k.get("horizontalpodautoscalers", ns, name)) return;
    syncHorizontalPodAutoscaler(ctx, key);
    k.schedule(HPA_SYNC_MS, "hpa-sync", key, false, true);
  });
}

function targetResource(kind: string): string | null {
  return ({ Deployment: "deployments", ReplicaSet: "replicasets", StatefulSet: "statefulsets", ReplicationController: "replicationcontrollers" } as Record<string, string>)[kind] ?? null;
}

interface Proposal {
  replicas: number;
  metricStatus: Obj;
  error?: string;
  reasonName: string;
}

/** The replica calculation for one Resource metric (GetResourceReplicas). Exported for tests. */
export function resourceReplicas(args: {
  currentReplicas: number;
  pods: Obj[];
  metrics: Record<string, PodMetric | undefined>;
  resource: "cpu" | "memory";
  targetUtilization?: number;
  targetAverageValue?: number;
  now: number;
}): { replicas: number; utilization?: number; averageValue: number } | { error: string } {
  const { currentReplicas, pods, metrics, resource, now } = args;
  const conv = resource === "cpu" ? milliCpu : bytes;
  let ready = 0;
  const ignored = new Set<string>();
  const missing = new Set<string>();
  const usable: Obj[] = [];
  for (const p of pods) {
    if (p.metadata.deletionTimestamp || p.status?.phase === "Failed") continue;
    const key = p.metadata.name;
    if (p.status?.phase === "Pending") { ignored.add(key); continue; }
    const m = metrics[`${p.metadata.namespace}/${key}`];
    if (!m) { missing.add(key); continue; }
    if (resource === "cpu") {
      const rc = (p.status?.conditions ?? []).find((c: Obj) => c.type === "Ready");
      const start = parseIsoTime(p.status?.startTime);
      if (!rc || Number.isNaN(start)) { ignored.add(key); continue; }
      const readyT = parseIsoTime(rc.lastTransitionTime);
      if (now - start < CPU_INIT_MS) {
        if (rc.status !== "True" || m.ts - m.window < readyT) { ignored.add(key); continue; }
      } else if (rc.status !== "True" && readyT - start < READINESS_DELAY_MS) { ignored.add(key); continue; }
    }
    usable.push(p);
    ready++;
  }
  if (!usable.length && !missing.size) return { error: `did not receive metrics for any ready pods` };
  if (!usable.length) return { error: `unable to get metrics for resource ${resource}: no metrics returned from resource metrics API` };
  let usage = 0, request = 0;
  for (const p of usable) {
    const m = metrics[`${p.metadata.namespace}/${p.metadata.name}`]!;
    for (const c of p.spec.containers) {
      const req = c.resources?.requests?.[resource];
      if (req === undefined && args.targetUtilization !== undefined) return { error: `missing request for ${resource} in container ${c.name} of Pod ${p.metadata.name}` };
      request += conv(req ?? 0);
      usage += m.containers.find((x) => x.name === c.name)?.[resource === "cpu" ? "cpu" : "mem"] ?? 0;
    }
  }
  const averageValue = Math.floor(usage / usable.length);
  let ratio: number;
  let utilization: number | undefined;
  if (args.targetUtilization !== undefined) {
    utilization = Math.trunc((usage * 100) / request);
    ratio = utilization / args.targetUtilization;
  } else {
    ratio = averageValue / (args.targetAverageValue ?? 1);
  }
  const within = (r: number) => 1 - TOLERANCE <= r && r <= 1 + TOLERANCE;
  const rebalanceIgnored = ignored.size > 0 && ratio > 1;
  if (!rebalanceIgnored && missing.size === 0) {
    if (within(ratio)) return { replicas: currentReplicas, utilization, averageValue };
    return { replicas: Math.ceil(ratio * ready), utilization, averageValue };
  }
  // Conservative recompute: missing pods at 100% on scale-down, 0% on scale-up; ignored at 0% on scale-up.
  let u2 = usage, r2 = request, count = usable.length;
  const target = args.targetUtilization;
  const fill = (names: Set<string>, pct: number) => {
    for (const p of pods.filter((x) => names.has(x.metadata.name))) {
      const req = p.spec.containers.reduce((a: number, c: Obj) => a + conv(c.resources?.requests?.[resource] ?? 0), 0);
      r2 += req;
      u2 += target !== undefined ? (req * pct) / 100 : ((args.targetAverageValue ?? 0) * pct) / 100;
      count++;
    }
  };
  if (missing.size) fill(missing, ratio < 1 ? (target !== undefined ? 100 : 100) : 0);
  if (rebalanceIgnored) fill(ignored, 0);
  const newRatio = target !== undefined ? ((u2 * 100) / r2) / target : (u2 / count) / (args.targetAverageValue ?? 1);
  if (within(newRatio) || (ratio > 1 && newRatio < 1) || (ratio < 1 && newRatio > 1)) return { replicas: currentReplicas, utilization, averageValue };
  const n = Math.ceil(newRatio * count);
  if ((ratio > 1 && n < currentReplicas) || (ratio < 1 && n > currentReplicas)) return { replicas: currentReplicas, utilization, averageValue };
  return { replicas: n, utilization, averageValue };
}

/** Reconcile one HPA. */
export function syncHorizontalPodAutoscaler(ctx: Ctx, key: string): void {
  const { k, api } = ctx;
  const [ns, name] = splitKey(key);
  const hpa = k.get("horizontalpodautoscalers", ns, name);
  if (!hpa) return;
  const now = k.now;
  const spec = hpa.spec;
  const h = clone(hpa);
  const st: Obj = (h.status ??= {});
  const ref = spec.scaleTargetRef ?? {};
  const res = targetResource(ref.kind);
  const target = res ? k.get(res, ns, ref.name) : undefined;
  const minR = spec.minReplicas ?? 1, maxR = spec.maxReplicas;
  st.currentMetrics ??= null;
  if (!target) {
    const msg = `the HPA controller was unable to get the target's current scale: ${res ?? ref.kind?.toLowerCase() + "s"}${res === "deployments" || res === "replicasets" || res === "statefulsets" ? ".apps" : ""} "${ref.name}" not found`;
    setCondition(st, { type: "AbleToScale", status: "False", reason: "FailedGetScale", message: msg }, now);
    st.currentReplicas = 0;
    st.desiredReplicas = 0;
    k.event(hpa, "Warning", "FailedGetScale", msg.replace("the HPA controller was unable to get the target's current scale: ", ""), "horizontal-pod-autoscaler");
    api.writeStatus(h, FROM);
    return;
  }
  const current = target.spec.replicas ?? 1;
  st.currentReplicas = target.status?.replicas ?? current;
  if (current === 0 && minR > 0) {
    setCondition(st, { type: "ScalingActive", status: "False", reason: "ScalingDisabled", message: "scaling is disabled since the replica count of the target is zero" }, now);
    st.desiredReplicas = 0;
    api.writeStatus(h, FROM);
    return;
  }
  // A target outside [minReplicas, maxReplicas] is brought inside before any metric is read, so this
  // works without metrics-server (horizontal.go reconcileAutoscaler: the rescaleReason branches).
  if (current > maxR || current < minR) {
    const bound = current > maxR ? maxR : minR;
    st.currentMetrics = null;
    st.desiredReplicas = bound;
    rescale(ctx, hpa, h, target, current, bound, current > maxR ? "Current number of replicas above Spec.MaxReplicas" : "Current number of replicas below Spec.MinReplicas");
    api.writeStatus(h, FROM);
    return;
  }
  const pods = k.list("pods", ns).filter((p) => matchesSelector(target.spec.selector, p.metadata.labels));
  const metrics: Record<string, PodMetric> = k.s.rt.metrics?.pods ?? {};
  const proposals: Proposal[] = [];
  for (const m of spec.metrics ?? []) {
    if (m.type !== "Resource" || !m.resource) {
      proposals.push({ replicas: current, metricStatus: { type: m.type }, error: `unable to get ${m.type} metric: not supported by the simulator`, reasonName: m.type });
      continue;
    }
    const rname = m.resource.name as "cpu" | "memory";
    const t = m.resource.target ?? {};
    const r = resourceReplicas({
      currentReplicas: current, pods, metrics, resource: rname, now,
      targetUtilization: t.type === "Utilization" ? t.averageUtilization : undefined,
      targetAverageValue: t.type === "AverageValue" ? (rname === "cpu" ? milliCpu(t.averageValue) : bytes(t.averageValue)) : undefined,
    });
    const reasonName = t.type === "Utilization" ? `${rname} resource utilization (percentage of request)` : `${rname} resource`;
    if ("error" in r) proposals.push({ replicas: current, metricStatus: { type: "Resource", resource: { name: rname, current: {} } }, error: `failed to get ${rname} utilization: ${r.error}`, reasonName });
    else {
      const cur: Obj = { averageValue: rname === "cpu" ? `${r.averageValue}m` : String(r.averageValue) };
      if (r.utilization !== undefined) cur.averageUtilization = r.utilization;
      proposals.push({ replicas: r.replicas, metricStatus: { type: "Resource", resource: { name: rname, current: cur } }, reasonName });
    }
  }
  // The resource metrics come from metrics-server's metrics.k8s.io API (the REST client in
  // pkg/controller/podautoscaler/metrics); the detail is what the controller made of them.
  const read = proposals.filter((p) => p.metricStatus.type === "Resource").map((p) => {
    const r = p.metricStatus.resource;
    if (p.error) return `${r.name}: ${p.error.replace(/^failed to get \w+ utilization: /, "")}`;
    if (r.current.averageUtilization !== undefined) return `${r.name} ${r.current.averageUtilization}% of request`;
    return `${r.name} ${r.name === "memory" ? `${Math.round(Number(r.current.averageValue) / 1048576)}Mi` : r.current.averageValue} average`;
  });
  if (read.length) k.trace(FROM, "metrics-server", "get metrics", `HorizontalPodAutoscaler ${key}`, read.join(", "));
  const valid = proposals.filter((p) => !p.error);
  const invalid = proposals.filter((p) => p.error);
  let desired = current;
  let reason = "";
  if (valid.length) {
    const best = valid.reduce((a, b) => (b.replicas > a.replicas ? b : a));
    desired = best.replicas;
    reason = desired > current ? `${best.reasonName} above target` : "All metrics below target";
    if (invalid.length && desired < current) desired = current; // some metrics failed: never scale down
    st.currentMetrics = valid.map((p) => p.metricStatus);
    setCondition(st, { type: "ScalingActive", status: "True", reason: "ValidMetricFound", message: `the HPA was able to successfully calculate a replica count from ${valid[0].reasonName.split(" ")[0]} resource utilization (percentage of request)` }, now);
  } else {
    const first = invalid[0]?.error ?? "no metrics";
    setCondition(st, { type: "ScalingActive", status: "False", reason: "FailedGetResourceMetric", message: `the HPA was unable to compute the replica count: ${first}` }, now);
    k.event(hpa, "Warning", "FailedGetResourceMetric", first, "horizontal-pod-autoscaler");
    k.event(hpa, "Warning", "FailedComputeMetricsReplicas", `invalid metrics (${invalid.length} invalid out of ${proposals.length}), first error is: failed to get ${first.replace(/^failed to get /, "")}`, "horizontal-pod-autoscaler");
    st.currentMetrics = proposals.map((p) => p.metricStatus);
    setCondition(st, { type: "AbleToScale", status: "True", reason: "SucceededGetScale", message: "the HPA controller was able to get the target's current scale" }, now);
    st.desiredReplicas = current;
    api.writeStatus(h, FROM);
    return;
  }
  // Normalization (§1.3).
  const rt = ((k.s.rt.hpa ??= {})[key] ??= { recs: [] as { t: number; r: number }[], events: [] as { t: number; d: number }[] });
  rt.recs.push({ t: now, r: desired });
  let limited: { reason: string; message: string } | null = null;
  let final: number;
  if (!spec.behavior) {
    rt.recs = rt.recs.filter((x: { t: number }) => now - x.t <= DOWNSCALE_WINDOW_MS);
    // stabilizeRecommendation: the highest recommendation within the last 5 minutes
    let d = Math.max(...rt.recs.map((x: { r: number }) => x.r));
    const upLimit = Math.max(2 * current, 4);
    if (d > upLimit) { d = upLimit; limited = { reason: "ScaleUpLimit", message: "the desired replica count is increasing faster than the maximum scale rate" }; }
    if (d < minR) { d = minR; limited = { reason: "TooFewReplicas", message: "the desired replica count is less than the minimum replica count" }; }
    if (d > maxR) { d = maxR; limited = { reason: "TooManyReplicas", message: "the desired replica count is more than the maximum replica count" }; }
    final = d;
  } else {
    const b = spec.behavior;
    const up = b.scaleUp ?? {}, down = b.scaleDown ?? {};
    const upWin = (up.stabilizationWindowSeconds ?? 0) * 1000, downWin = (down.stabilizationWindowSeconds ?? 300) * 1000;
    const maxWin = Math.max(upWin, downWin);
    rt.recs = rt.recs.filter((x: { t: number }) => now - x.t <= maxWin);
    const upRecs = rt.recs.filter((x: { t: number }) => now - x.t <= upWin).map((x: { r: number }) => x.r);
    const downRecs = rt.recs.filter((x: { t: number }) => now - x.t <= downWin).map((x: { r: number }) => x.r);
    let d = desired;
    if (desired > current) d = Math.max(current, Math.min(desired, ...upRecs));
    else if (desired < current) d = Math.min(current, Math.max(desired, ...downRecs));
    const policyLimit = (dir: Obj, scaleUp: boolean): number => {
      if (dir.selectPolicy === "Disabled") return current;
      const policies: Obj[] = dir.policies ?? (scaleUp ? [{ type: "Percent", value: 100, periodSeconds: 15 }, { type: "Pods", value: 4, periodSeconds: 15 }] : [{ type: "Percent", value: 100, periodSeconds: 15 }]);
      const vals = policies.map((p) => {
        const changed = rt.events.filter((e: { t: number }) => now - e.t < p.periodSeconds * 1000).reduce((a: number, e: { d: number }) => a + (scaleUp ? Math.max(0, e.d) : Math.max(0, -e.d)), 0);
        const base = scaleUp ? current - changed : current + changed;
        if (p.type === "Pods") return scaleUp ? base + p.value : base - p.value;
        return scaleUp ? Math.ceil(base * (1 + p.value / 100)) : Math.ceil(base * (1 - p.value / 100));
      });
      const sel = dir.selectPolicy ?? "Max";
      return scaleUp ? (sel === "Min" ? Math.min(...vals) : Math.max(...vals)) : (sel === "Min" ? Math.max(...vals) : Math.min(...vals));
    };
    if (d > current) { const lim = policyLimit(up, true); if (d > lim) { d = lim; limited = { reason: "ScaleUpLimit", message: "the desired replica count is increasing faster than the maximum scale rate" }; } }
    if (d < current) { const lim = policyLimit(down, false); if (d < lim) { d = lim; limited = { reason: "ScaleDownLimit", message: "the desired replica count is decreasing faster than the maximum scale rate" }; } }
    if (d < minR) { d = minR; limited = { reason: "TooFewReplicas", message: "the desired replica count is less than the minimum replica count" }; }
    if (d > maxR) { d = maxR; limited = { reason: "TooManyReplicas", message: "the desired replica count is more than the maximum replica count" }; }
    final = d;
  }
  if (limited) setCondition(st, { type: "ScalingLimited", status: "True", ...limited }, now);
  else setCondition(st, { type: "ScalingLimited", status: "False", reason: "DesiredWithinRange", message: "the desired count is within the acceptable range" }, now);
  st.desiredReplicas = final;
  if (final !== current) rescale(ctx, hpa, h, target, current, final, reason);
  else setCondition(st, { type: "AbleToScale", status: "True", reason: "ReadyForNewScale", message: "recommended size matches current size" }, now);
  st.conditions.sort((a: Obj, b: Obj) => CONDITION_ORDER.indexOf(a.type) - CONDITION_ORDER.indexOf(b.type));
  api.writeStatus(h, FROM);
}

const CONDITION_ORDER = ["AbleToScale", "ScalingActive", "ScalingLimited"];

/** Update the target's scale; the event and AbleToScale condition go on the HPA copy `h`. */
function rescale(ctx: Ctx, hpa: Obj, h: Obj, target: Obj, current: number, final: number, reason: string) {
  const { k, api } = ctx;
  const now = k.now, st = h.status;
  const key = `${hpa.metadata.namespace}/${hpa.metadata.name}`;
  const rt = ((k.s.rt.hpa ??= {})[key] ??= { recs: [] as { t: number; r: number }[], events: [] as { t: number; d: number }[] });
  const t = clone(target);
  t.spec.replicas = final;
  const r = api.update(t, { from: FROM, user: "system:serviceaccount:kube-system:horizontal-pod-autoscaler" });
  if (r.ok) {
    rt.events.push({ t: now, d: final - current });
    rt.events = rt.events.filter((e: { t: number }) => now - e.t <= 1800_000);
    st.lastScaleTime = isoTime(now);
    k.event(hpa, "Normal", "SuccessfulRescale", `New size: ${final}; reason: ${reason}`, "horizontal-pod-autoscaler");
    setCondition(st, { type: "AbleToScale", status: "True", reason: "SucceededRescale", message: `the HPA controller was able to update the target scale to ${final}` }, now);
  } else {
    k.event(hpa, "Warning", "FailedRescale", `New size: ${final}; reason: ${reason}; error: ${r.status.message}`, "horizontal-pod-autoscaler");
  }
  st.conditions?.sort((a: Obj, b: Obj) => CONDITION_ORDER.indexOf(a.type) - CONDITION_ORDER.indexOf(b.type));
}
