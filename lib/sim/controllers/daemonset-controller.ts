/** DaemonSet controller: one pod per eligible node (scheduled by default-scheduler via node affinity), rolling update. */
import { clone, fnv32a, safeEncode, stableStringify, type Obj } from "../util";
import { nodeAffinityMatches, tolerates } from "../scheduler";
import { CM, controllerOf, isOwnedBy, isPodAvailable, isPodReady, podFromTemplate, splitKey, type Ctx } from "./common";

const FROM = `${CM}/daemonset-controller`;

/** Tolerations the DaemonSet controller adds to its pods (§3.3). */
const DS_TOLERATIONS = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
];

/** Wire the DaemonSet controller's informers; returns its sync function. */
export function registerDaemonSetController(ctx: Ctx): (key: string) => void {
  const { k } = ctx;
  k.on("daemonsets", (t, d) => { if (t !== "DELETED") k.enqueue("daemonset", `${d.metadata.namespace}/${d.metadata.name}`); });
  k.on("pods", (_t, p) => {
    const ref = controllerOf(p);
    if (ref?.kind === "DaemonSet") k.enqueue("daemonset", `${p.metadata.namespace}/${ref.name}`);
  });
  k.on("nodes", () => { for (const d of k.list("daemonsets")) k.enqueue("daemonset", `${d.metadata.namespace}/${d.metadata.name}`, 20); });
  return (key) => syncDaemonSet(ctx, key);
}

/** Reconcile one DaemonSet. */
export function syncDaemonSet(ctx: Ctx, key: string): void {
  const { k, api } = ctx;
  const [ns, name] = splitKey(key);
  const ds = k.get("daemonsets", ns, name);
  if (!ds || ds.metadata.deletionTimestamp) return;
  const hash = safeEncode(fnv32a(stableStringify(ds.spec.template)));
  const pods = k.list("pods", ns).filter((p) => isOwnedBy(p, ds) && !p.metadata.deletionTimestamp);
  const tolerations = [...(ds.spec.template.spec?.tolerations ?? []), ...DS_TOLERATIONS];
  const shouldRun = (n: Obj) => {
    const probe = { spec: { ...ds.spec.template.spec, tolerations } };
    if (!nodeAffinityMatches(probe, n)) return false;
    return (n.spec?.taints ?? []).every((t: Obj) => t.effect === "PreferNoSchedule" || tolerates(tolerations, t));
  };
  const nodeOf = (p: Obj) => p.spec.nodeName ?? p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0];
  const nodes = k.list("nodes").sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  let desired = 0, misscheduled = 0;
  const maxUnavailable = ds.spec.updateStrategy?.type === "RollingUpdate" ? Number(ds.spec.updateStrategy.rollingUpdate?.maxUnavailable ?? 1) || 1 : 0;
  let unavailable = pods.filter((p) => !isPodReady(p)).length;
  const byNode = new Map<string, Obj[]>();
  for (const p of pods) {
    const nn = nodeOf(p);
    const l = byNode.get(nn);
    if (l) l.push(p);
    else byNode.set(nn, [p]);
  }
  for (const n of nodes) {
    const here = byNode.get(n.metadata.name) ?? [];
    if (!shouldRun(n)) {
      misscheduled += here.length;
      for (const p of here) api.delete("pods", p.metadata.name, { namespace: ns, from: FROM });
      continue;
    }
    desired++;
    if (!here.length) {
      const pod = podFromTemplate(ds.spec.template, ds, `${name}-`);
      pod.metadata.labels = { ...pod.metadata.labels, "controller-revision-hash": hash, "pod-template-generation": String(ds.metadata.generation ?? 1) };
      pod.spec.tolerations = [...(pod.spec.tolerations ?? []), ...DS_TOLERATIONS.filter((t) => !(pod.spec.tolerations ?? []).some((x: Obj) => x.key === t.key && x.effect === t.effect))];
      pod.spec.affinity = { ...(pod.spec.affinity ?? {}), nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [n.metadata.name] }] }] } } };
      const r = api.create(pod, { from: FROM, user: "system:serviceaccount:kube-system:daemon-set-controller" });
      if (r.ok) k.event(ds, "Normal", "SuccessfulCreate", `Created pod: ${r.object.metadata.name}`, "daemonset-controller");
      else k.event(ds, "Warning", "FailedCreate", `Error creating: ${r.status.message}`, "daemonset-controller");
    } else {
      for (const extra of here.slice(1)) api.delete("pods", extra.metadata.name, { namespace: ns, from: FROM });
      const p = here[0];
      if (p.metadata.labels?.["controller-revision-hash"] !== hash && ds.spec.updateStrategy?.type !== "OnDelete" && (isPodReady(p) ? unavailable < maxUnavailable : true)) {
        if (isPodReady(p)) unavailable++;
        api.delete("pods", p.metadata.name, { namespace: ns, from: FROM });
        k.event(ds, "Normal", "SuccessfulDelete", `Deleted pod: ${p.metadata.name}`, "daemonset-controller");
      }
    }
  }
  const fresh = k.list("pods", ns).filter((p) => isOwnedBy(p, ds) && !p.metadata.deletionTimestamp);
  const st = clone(ds);
  st.status = {
    currentNumberScheduled: fresh.filter((p) => p.spec.nodeName).length,
    desiredNumberScheduled: desired,
    numberMisscheduled: misscheduled,
    numberReady: fresh.filter(isPodReady).length,
    numberAvailable: fresh.filter((p) => isPodAvailable(p, ds.spec.minReadySeconds ?? 0, k.now)).length,
    updatedNumberScheduled: fresh.filter((p) => p.metadata.labels?.["controller-revision-hash"] === hash).length,
    observedGeneration: ds.metadata.generation,
  };
  const unav = desired - st.status.numberAvailable;
  if (unav > 0) st.status.numberUnavailable = unav;
  api.writeStatus(st, FROM);
}
