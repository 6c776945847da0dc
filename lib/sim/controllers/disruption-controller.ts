/** Disruption controller: PodDisruptionBudget status (healthy pods, allowed disruptions). */
import { clone, isoTime, matchesSelector, scaledValue } from "../util";
import { CM, isPodReady, splitKey, type Ctx } from "./common";

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

/** Reconcile one PodDisruptionBudget's status. */
export function syncPodDisruptionBudget(ctx: Ctx, key: string): void {
  const { k, api } = ctx;
  const [ns, name] = splitKey(key);
  const pdb = k.get("poddisruptionbudgets", ns, name);
  if (!pdb) return;
  const pods = k.list("pods", ns).filter((p) => matchesSelector(pdb.spec?.selector, p.metadata.labels) && !p.metadata.deletionTimestamp);
  const expected = pods.length;
  const healthy = pods.filter(isPodReady).length;
  const desired = pdb.spec?.minAvailable !== undefined ? scaledValue(pdb.spec.minAvailable, expected, true, 0) : Math.max(0, expected - scaledValue(pdb.spec?.maxUnavailable, expected, true, 0));
  const allowed = Math.max(0, healthy - desired);
  const c = clone(pdb);
  c.status = {
    observedGeneration: pdb.metadata.generation, currentHealthy: healthy, desiredHealthy: desired, disruptionsAllowed: allowed, expectedPods: expected,
    conditions: [{ type: "DisruptionAllowed", status: allowed > 0 ? "True" : "False", reason: allowed > 0 ? "SufficientPods" : "InsufficientPods", message: "", observedGeneration: pdb.metadata.generation, lastTransitionTime: (pdb.status?.conditions?.[0]?.status === (allowed > 0 ? "True" : "False") ? pdb.status.conditions[0].lastTransitionTime : undefined) ?? isoTime(k.now) }],
  };
  api.writeStatus(c, `${CM}/disruption-controller`);
}
