/** StatefulSet controller: ordinal pods, OrderedReady/Parallel, volumeClaimTemplates, rolling update by ordinal. */
import { clone, fnv32a, safeEncode, stableStringify, type Obj } from "../util";
import { CM, controllerOf, isOwnedBy, isPodReady, ownerRef, podFromTemplate, splitKey, type Ctx } from "./common";

const FROM = `${CM}/statefulset-controller`;

/** Wire the StatefulSet controller's informers; returns its sync function. */
export function registerStatefulSetController(ctx: Ctx): (key: string) => void {
  const { k } = ctx;
  k.on("statefulsets", (t, s) => { if (t !== "DELETED") k.enqueue("statefulset", `${s.metadata.namespace}/${s.metadata.name}`); });
  k.on("pods", (_t, p) => {
    const ref = controllerOf(p);
    if (ref?.kind === "StatefulSet") k.enqueue("statefulset", `${p.metadata.namespace}/${ref.name}`);
  });
  return (key) => syncStatefulSet(ctx, key);
}

/** Reconcile one StatefulSet. */
export function syncStatefulSet(ctx: Ctx, key: string): void {
  const { k, api } = ctx;
  const [ns, name] = splitKey(key);
  const ss = k.get("statefulsets", ns, name);
  if (!ss || ss.metadata.deletionTimestamp) return;
  const rev = `${name}-${safeEncode(fnv32a(stableStringify(ss.spec.template)))}`;
  const replicas = ss.spec.replicas ?? 1;
  const parallel = ss.spec.podManagementPolicy === "Parallel";
  const pods = new Map<number, Obj>();
  for (const p of k.list("pods", ns)) {
    if (!isOwnedBy(p, ss)) continue;
    const m = new RegExp(`^${name}-(\\d+)$`).exec(p.metadata.name);
    if (m) pods.set(Number(m[1]), p);
  }
  let blocked = false;
  for (let i = 0; i < replicas; i++) {
    const p = pods.get(i);
    if (p) {
      if (p.status?.phase === "Failed" || p.status?.phase === "Succeeded") {
        api.delete("pods", p.metadata.name, { namespace: ns, from: FROM });
        blocked = true;
        continue;
      }
      if (!parallel && (!isPodReady(p) || p.metadata.deletionTimestamp)) { blocked = true; break; }
      continue;
    }
    if (blocked && !parallel) break;
    // PVCs from volumeClaimTemplates first.
    const podName = `${name}-${i}`;
    for (const t of ss.spec.volumeClaimTemplates ?? []) {
      const claim = `${t.metadata.name}-${podName}`;
      if (k.get("persistentvolumeclaims", ns, claim)) continue;
      const pvc: Obj = { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: claim, namespace: ns, labels: { ...(ss.spec.selector?.matchLabels ?? {}) } }, spec: clone(t.spec) };
      if (ss.spec.persistentVolumeClaimRetentionPolicy?.whenDeleted === "Delete") pvc.metadata.ownerReferences = [ownerRef(ss)];
      const r = api.create(pvc, { from: FROM, user: "system:serviceaccount:kube-system:statefulset-controller" });
      if (r.ok) k.event(ss, "Normal", "SuccessfulCreate", `create Claim ${claim} Pod ${podName} in StatefulSet ${name} success`, "statefulset-controller");
    }
    const pod = podFromTemplate(ss.spec.template, ss, "");
    delete pod.metadata.generateName;
    pod.metadata.name = podName;
    pod.metadata.labels = { ...pod.metadata.labels, "controller-revision-hash": rev, "statefulset.kubernetes.io/pod-name": podName, "apps.kubernetes.io/pod-index": String(i) };
    pod.spec.hostname = podName;
    if (ss.spec.serviceName) pod.spec.subdomain = ss.spec.serviceName;
    pod.spec.volumes = [...(pod.spec.volumes ?? []), ...(ss.spec.volumeClaimTemplates ?? []).filter((t: Obj) => !(pod.spec.volumes ?? []).some((v: Obj) => v.name === t.metadata.name)).map((t: Obj) => ({ name: t.metadata.name, persistentVolumeClaim: { claimName: `${t.metadata.name}-${podName}` } }))];
    const r = api.create(pod, { from: FROM, user: "system:serviceaccount:kube-system:statefulset-controller" });
    if (r.ok) k.event(ss, "Normal", "SuccessfulCreate", `create Pod ${podName} in StatefulSet ${name} successful`, "statefulset-controller");
    else k.event(ss, "Warning", "FailedCreate", `create Pod ${podName} in StatefulSet ${name} failed error: ${r.status.message}`, "statefulset-controller");
    if (!parallel) { blocked = true; break; }
  }
  // Scale down from the highest ordinal, one at a time (OrderedReady).
  const extra = [...pods.keys()].filter((i) => i >= replicas).sort((a, b) => b - a);
  for (const i of extra) {
    const p = pods.get(i)!;
    if (!p.metadata.deletionTimestamp) {
      api.delete("pods", p.metadata.name, { namespace: ns, from: FROM });
      k.event(ss, "Normal", "SuccessfulDelete", `delete Pod ${p.metadata.name} in StatefulSet ${name} successful`, "statefulset-controller");
    }
    if (!parallel) break;
  }
  // Rolling update: highest ordinal first, when all are ready.
  const partition = ss.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
  if (ss.spec.updateStrategy?.type !== "OnDelete" && !extra.length) {
    const all = [...pods.entries()].filter(([i]) => i < replicas);
    if (all.length === replicas && all.every(([, p]) => isPodReady(p) && !p.metadata.deletionTimestamp)) {
      const stale = all.filter(([i, p]) => i >= partition && p.metadata.labels?.["controller-revision-hash"] !== rev).sort((a, b) => b[0] - a[0]);
      if (stale.length) api.delete("pods", stale[0][1].metadata.name, { namespace: ns, from: FROM });
    }
  }
  const fresh = k.list("pods", ns).filter((p) => isOwnedBy(p, ss) && !p.metadata.deletionTimestamp);
  const st = clone(ss);
  const updated = fresh.filter((p) => p.metadata.labels?.["controller-revision-hash"] === rev).length;
  st.status = {
    ...(ss.status ?? {}),
    observedGeneration: ss.metadata.generation,
    replicas: fresh.length,
    readyReplicas: fresh.filter(isPodReady).length,
    currentReplicas: updated,
    updatedReplicas: updated,
    availableReplicas: fresh.filter(isPodReady).length,
    currentRevision: rev,
    updateRevision: rev,
    collisionCount: 0,
  };
  for (const kk of ["readyReplicas", "currentReplicas", "updatedReplicas"]) if (!st.status[kk]) delete st.status[kk];
  api.writeStatus(st, FROM);
}
