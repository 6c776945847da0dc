/**
 * Disruption controller: PodDisruptionBudget status (healthy pods, allowed disruptions), as
 * pkg/controller/disruption/disruption.go computes it: trySync -> getExpectedPodCount,
 * buildDisruptedPodMap, countHealthyPods, updatePdbStatus.
 */
import { clone, isoTime, matchesSelector, parseIsoTime, scaledValue, type Obj } from "../util";
import { CM, controllerOf, isPodReady, splitKey, type Ctx } from "./common";

/** DeletionTimeout: an eviction's entry in status.disruptedPods expires after 2 minutes. */
const DELETION_TIMEOUT_MS = 2 * 60_000;

/** Wire the disruption controller's informers; returns its sync function. */
export function registerDisruptionController(ctx: Ctx): (key: string) => void {
  const { k } = ctx;
  k.on("poddisruptionbudgets", (t, pdb) => { if (t !== "DELETED") k.enqueue("disruption", `${pdb.metadata.namespace}/${pdb.metadata.name}`); });
  k.on("pods", (_t, p) => {
    for (const pdb of k.list("poddisruptionbudgets", p.metadata.namespace)) {
      if (matchesSelector(pdb.spec?.selector, p.metadata.labels)) k.enqueue("disruption", `${pdb.metadata.namespace}/${pdb.metadata.name}`, 20);
    }
  });
  return (key) => syncPodDisruptionBudget(ctx, key);
}

/**
 * getExpectedScale: the sum of the scales of the pods' controllers (a ReplicaSet owned by a Deployment
 * counts as the Deployment); pods without a controller are unmanaged and not counted.
 */
function expectedScale(ctx: Ctx, pods: Obj[]): number | string {
  const { k } = ctx;
  const scales = new Map<string, number>();
  for (const pod of pods) {
    const ref = controllerOf(pod);
    if (!ref) continue;
    const ns = pod.metadata.namespace;
    let owner: Obj | undefined;
    if (ref.kind === "ReplicaSet") {
      const rs = k.get("replicasets", ns, ref.name);
      const dref = rs && controllerOf(rs);
      owner = dref?.kind === "Deployment" ? k.get("deployments", ns, dref.name) : rs;
    } else if (ref.kind === "StatefulSet") owner = k.get("statefulsets", ns, ref.name);
    else if (ref.kind === "ReplicationController") owner = k.get("replicationcontrollers", ns, ref.name);
    if (!owner) return `found no controllers for pod "${pod.metadata.name}"`;
    scales.set(owner.metadata.uid, owner.spec?.replicas ?? 1);
  }
  let sum = 0;
  for (const v of scales.values()) sum += v;
  return sum;
}

/** Reconcile one PodDisruptionBudget's status. */
export function syncPodDisruptionBudget(ctx: Ctx, key: string): void {
  const { k, api } = ctx;
  const [ns, name] = splitKey(key);
  const pdb = k.get("poddisruptionbudgets", ns, name);
  if (!pdb) return;
  // getPodsForPdb: every matching pod, terminating ones included (they count in expectedPods).
  const pods = k.list("pods", ns).filter((p) => matchesSelector(pdb.spec?.selector, p.metadata.labels));
  const now = k.now;
  let expected: number, desired: number;
  const min = pdb.spec?.minAvailable;
  if (pdb.spec?.maxUnavailable !== undefined || typeof min === "string") {
    const scale = expectedScale(ctx, pods);
    if (typeof scale === "string") return failSafe(ctx, pdb, scale);
    expected = scale;
    desired = pdb.spec?.maxUnavailable !== undefined ? Math.max(0, expected - scaledValue(pdb.spec.maxUnavailable, expected, true, 0)) : scaledValue(min, expected, true, 0);
  } else {
    expected = pods.length;
    desired = typeof min === "number" ? min : 0;
  }
  // buildDisruptedPodMap: evictions not yet seen as deletions, for at most DeletionTimeout.
  const disrupted: Record<string, string> = {};
  let recheck = Infinity;
  for (const [pod, at] of Object.entries<string>(pdb.status?.disruptedPods ?? {})) {
    const p = pods.find((x) => x.metadata.name === pod);
    if (!p || p.metadata.deletionTimestamp) continue;
    const expires = parseIsoTime(at) + DELETION_TIMEOUT_MS;
    if (expires < now) continue;
    disrupted[pod] = at;
    recheck = Math.min(recheck, expires);
  }
  // countHealthyPods
  const healthy = pods.filter((p) => !p.metadata.deletionTimestamp && !disrupted[p.metadata.name] && isPodReady(p)).length;
  let allowed = healthy - desired;
  if (expected <= 0 || allowed <= 0) allowed = 0;
  const c = clone(pdb);
  c.status = {
    observedGeneration: pdb.metadata.generation, currentHealthy: healthy, desiredHealthy: desired, disruptionsAllowed: allowed, expectedPods: expected,
    ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
    conditions: [condition(pdb, allowed > 0 ? "True" : "False", allowed > 0 ? "SufficientPods" : "InsufficientPods", "", now)],
  };
  api.writeStatus(c, `${CM}/disruption-controller`);
  if (recheck !== Infinity) k.enqueue("disruption", key, recheck - now + 1);
}

/** The DisruptionAllowed condition, keeping lastTransitionTime while the status is unchanged. */
function condition(pdb: Obj, status: string, reason: string, message: string, now: number): Obj {
  const prev = (pdb.status?.conditions ?? []).find((x: Obj) => x.type === "DisruptionAllowed");
  return { type: "DisruptionAllowed", status, reason, message, observedGeneration: pdb.metadata.generation, lastTransitionTime: prev?.status === status ? prev.lastTransitionTime : isoTime(now) };
}

/** failSafe: a sync error allows no disruption (condition SyncFailed with the error). */
function failSafe(ctx: Ctx, pdb: Obj, err: string): void {
  const c = clone(pdb);
  c.status = { ...(pdb.status ?? {}), disruptionsAllowed: 0, conditions: [condition(pdb, "False", "SyncFailed", err, ctx.k.now)] };
  ctx.api.writeStatus(c, `${CM}/disruption-controller`);
}
