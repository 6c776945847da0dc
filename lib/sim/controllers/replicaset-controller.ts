/** ReplicaSet controller (pkg/controller/replicaset): keep `replicas` active pods matching the selector. */
import { clone, matchesSelector, type Obj } from "../util";
import {
  CM, controllerOf, isPodActive, isPodAvailable, isPodReady, ownerRef, podFromTemplate, rankForDeletion,
  removeCondition, setCondition, splitKey, type Ctx,
} from "./common";

const NAME = "replicaset";
const FROM = `${CM}/replicaset-controller`;
/** Controllers create at most this many pods per sync (slow-start batches, burstReplicas = 500). */
const BURST = 500;

/** Wire the ReplicaSet controller's informers; returns its sync function. */
export function registerReplicaSetController(ctx: Ctx): (key: string) => void {
  const { k } = ctx;
  k.on("replicasets", (_t, o) => k.enqueue(NAME, `${o.metadata.namespace}/${o.metadata.name}`));
  k.on("pods", (_t, p, old) => {
    const ref = controllerOf(p) ?? (old && controllerOf(old));
    if (ref?.kind === "ReplicaSet") k.enqueue(NAME, `${p.metadata.namespace}/${ref.name}`);
    else if (!ref) {
      // orphan: any ReplicaSet whose selector matches may adopt it
      for (const rs of k.list("replicasets", p.metadata.namespace)) {
        if (matchesSelector(rs.spec?.selector, p.metadata.labels)) k.enqueue(NAME, `${rs.metadata.namespace}/${rs.metadata.name}`);
      }
    }
  });
  return (key) => syncReplicaSet(ctx, key);
}

/** Reconcile one ReplicaSet. */
export function syncReplicaSet(ctx: Ctx, key: string): void {
  const { k, api } = ctx;
  const [ns, name] = splitKey(key);
  const rs = k.get("replicasets", ns, name);
  if (!rs || rs.metadata.deletionTimestamp) return;
  const sel = rs.spec.selector;
  // ClaimPods: our pods (via the owner index) plus matching orphans to adopt.
  const all = [...k.ownedBy(rs.metadata.uid, "pods").filter((p) => matchesSelector(sel, p.metadata.labels)), ...k.orphans(ns).filter((p) => matchesSelector(sel, p.metadata.labels))];
  const owned: Obj[] = [];
  for (const p of all) {
    const ref = controllerOf(p);
    if (ref && ref.uid !== rs.metadata.uid) continue;
    if (!ref) {
      if (p.metadata.deletionTimestamp) continue;
      const c = clone(p);
      c.metadata.ownerReferences = [...(c.metadata.ownerReferences ?? []), ownerRef(rs)];
      api.writeStatus(c, FROM);
      owned.push(k.get("pods", ns, p.metadata.name)!);
    } else owned.push(p);
  }
  const active = owned.filter(isPodActive);
  const want = rs.spec.replicas ?? 1;
  const diff = active.length - want;
  let failure: string | null = null;
  if (diff < 0) {
    const n = Math.min(-diff, BURST);
    for (let i = 0; i < n; i++) {
      const pod = podFromTemplate(rs.spec.template, rs, `${name}-`);
      const r = api.create(pod, { from: FROM, user: "system:serviceaccount:kube-system:replicaset-controller" });
      if (!r.ok) {
        failure = r.status.message;
        k.event(rs, "Warning", "FailedCreate", `Error creating: ${r.status.message}`, "replicaset-controller");
        break;
      }
      k.event(rs, "Normal", "SuccessfulCreate", `Created pod: ${r.object.metadata.name}`, "replicaset-controller");
    }
  } else if (diff > 0) {
    const nodeCounts: Record<string, number> = {};
    for (const p of active) if (p.spec.nodeName) nodeCounts[p.spec.nodeName] = (nodeCounts[p.spec.nodeName] ?? 0) + 1;
    for (const p of rankForDeletion(active, nodeCounts).slice(0, diff)) {
      const r = api.delete("pods", p.metadata.name, { namespace: ns, from: FROM, user: "system:serviceaccount:kube-system:replicaset-controller" });
      if (r.ok) k.event(rs, "Normal", "SuccessfulDelete", `Deleted pod: ${p.metadata.name}`, "replicaset-controller");
    }
  }
  // Status.
  const now = k.now;
  const fresh = k.ownedBy(rs.metadata.uid, "pods");
  const act = fresh.filter(isPodActive);
  const minReady = rs.spec.minReadySeconds ?? 0;
  const cur = k.get("replicasets", ns, name)!;
  // only status is replaced (and metadata gets the new resourceVersion): the rest is shared with the stored version,
  // which is never changed in place, instead of deep-copying the template on every sync
  const st: Obj = { ...cur, metadata: { ...cur.metadata } };
  st.status = {
    ...(cur.status ?? {}),
    replicas: act.length,
    fullyLabeledReplicas: act.filter((p) => Object.entries(rs.spec.template?.metadata?.labels ?? {}).every(([kk, v]) => p.metadata.labels?.[kk] === v)).length,
    readyReplicas: act.filter(isPodReady).length,
    availableReplicas: act.filter((p) => isPodAvailable(p, minReady, now)).length,
    terminatingReplicas: fresh.filter((p) => p.metadata.deletionTimestamp).length,
    observedGeneration: rs.metadata.generation,
  };
  // setCondition replaces an entry in place: the array is the stored version's, so it is copied first
  if (cur.status?.conditions) st.status.conditions = [...cur.status.conditions];
  // replica_set_utils.go calculateStatus: the ReplicaFailure condition is set when the sync failed and there is none
  // yet (a later failure, whose message names another generated pod, leaves the first one as it is: rewriting it
  // would be a status update per retry, and each update re-triggers the sync), and removed once a sync succeeds
  const hasFailure = (cur.status?.conditions ?? []).some((c: Obj) => c.type === "ReplicaFailure");
  if (failure && !hasFailure) setCondition(st.status, { type: "ReplicaFailure", status: "True", reason: "FailedCreate", message: failure }, now);
  else if (!failure && hasFailure) removeCondition(st.status, "ReplicaFailure");
  if (st.status.conditions && !st.status.conditions.length) delete st.status.conditions;
  for (const kk of ["readyReplicas", "availableReplicas", "terminatingReplicas", "fullyLabeledReplicas"]) if (!st.status[kk]) delete st.status[kk];
  if (!st.status.terminatingReplicas) delete st.status.terminatingReplicas;
  api.writeStatus(st, FROM);
  if (minReady && act.some((p) => isPodReady(p) && !isPodAvailable(p, minReady, now))) k.enqueue(NAME, key, minReady * 1000);
  if (failure) k.enqueue(NAME, key, 10_000);
}
