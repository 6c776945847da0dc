/**
 * Deployment controller (pkg/controller/deployment): ReplicaSets per pod template, RollingUpdate
 * with maxSurge/maxUnavailable arithmetic (k8s-reference §2.1–2.2), Recreate, revisions and
 * rollback by template match (§2.4), proportional scaling, status and conditions (§2.5).
 */
import { clone, deepEqual, fnv32a, matchesSelector, parseIsoTime, safeEncode, scaledValue, stableStringify, type Obj } from "../util";
import {
  CM, controllerOf, isOwnedBy, isPodActive, ownerRef, removeCondition, setCondition, splitKey, type Ctx,
} from "./common";

const NAME = "deployment";
const FROM = `${CM}/deployment-controller`;
const REV = "deployment.kubernetes.io/revision";
const REV_HISTORY = "deployment.kubernetes.io/revision-history";
const DESIRED = "deployment.kubernetes.io/desired-replicas";
const MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";

/**
 * deployment_util.go copyDeploymentAnnotationsToReplicaSet: every Deployment annotation but
 * skipCopyAnnotation's (last-applied, the controller's revision/replica bookkeeping); true if one changed.
 */
function copyDeploymentAnnotations(d: Obj, to: Record<string, string>): boolean {
  let changed = false;
  for (const [ak, av] of Object.entries((d.metadata.annotations ?? {}) as Record<string, string>)) {
    if (ak === "kubectl.kubernetes.io/last-applied-configuration" || ak.startsWith("deployment.kubernetes.io/") || to[ak] === av) continue;
    to[ak] = av;
    changed = true;
  }
  return changed;
}

/** Wire the Deployment controller's informers; returns its sync function. */
export function registerDeploymentController(ctx: Ctx): (key: string) => void {
  const { k } = ctx;
  k.on("deployments", (_t, o) => k.enqueue(NAME, `${o.metadata.namespace}/${o.metadata.name}`));
  k.on("replicasets", (_t, rs) => {
    const ref = controllerOf(rs);
    if (ref?.kind === "Deployment") k.enqueue(NAME, `${rs.metadata.namespace}/${ref.name}`);
  });
  k.on("pods", (t, p) => {
    // Recreate waits for old pods to disappear.
    if (t !== "DELETED") return;
    const ref = controllerOf(p);
    if (ref?.kind !== "ReplicaSet") return;
    const rs = k.get("replicasets", p.metadata.namespace, ref.name);
    const dref = rs && controllerOf(rs);
    if (dref?.kind === "Deployment") k.enqueue(NAME, `${p.metadata.namespace}/${dref.name}`);
  });
  return (key) => syncDeployment(ctx, key);
}

/** maxSurge rounds up, maxUnavailable rounds down; both 0 -> maxUnavailable 1 (ResolveFenceposts, §2.1). */
export function resolveFenceposts(replicas: number, maxSurge: number | string | undefined, maxUnavailable: number | string | undefined): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, replicas, true, "25%");
  let unavailable = scaledValue(maxUnavailable, replicas, false, "25%");
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** pod-template-hash: SafeEncodeString of fnv32a(template, collisionCount) (§2.3). */
export function templateHash(template: Obj, collisionCount?: number): string {
  // controller.ComputeHash hashes the decoded PodTemplateSpec struct: whether a manifest says
  // `creationTimestamp: null` (what kubectl printed before 1.34, kubernetes#130989) or nothing decodes to the
  // same zero time, so it cannot change the hash
  const meta = template?.metadata;
  let t = template;
  if (meta && "creationTimestamp" in meta && meta.creationTimestamp == null) {
    const rest = { ...meta };
    delete rest.creationTimestamp;
    t = { ...template, metadata: rest };
  }
  return safeEncode(fnv32a(stableStringify(t) + (collisionCount ? String(collisionCount) : "")));
}

/** Template without the pod-template-hash label (EqualIgnoreHash), shallow copies only. */
function stripHash(t: Obj): Obj {
  const tt = t ?? {};
  const labels = tt.metadata?.labels;
  if (!labels || !("pod-template-hash" in labels)) return tt;
  const rest = { ...labels };
  delete rest["pod-template-hash"];
  return { ...tt, metadata: { ...tt.metadata, labels: rest } };
}

function revisionOf(rs: Obj): number {
  return Number(rs.metadata.annotations?.[REV] ?? 0);
}

/** Reconcile one Deployment. */
export function syncDeployment(ctx: Ctx, key: string): void {
  const { k, api } = ctx;
  const [ns, name] = splitKey(key);
  const d = k.get("deployments", ns, name);
  if (!d || d.metadata.deletionTimestamp) return;
  const replicas = d.spec.replicas ?? 1;
  // Claim ReplicaSets.
  const rsList: Obj[] = [];
  for (const rs of k.list("replicasets", ns)) {
    const ref = controllerOf(rs);
    if (ref) {
      if (ref.uid === d.metadata.uid) rsList.push(rs);
    } else if (!rs.metadata.deletionTimestamp && matchesSelector(d.spec.selector, rs.metadata.labels)) {
      const c = clone(rs);
      c.metadata.ownerReferences = [...(c.metadata.ownerReferences ?? []), ownerRef(d)];
      rsList.push(api.writeStatus(c, FROM) ?? rs);
    }
  }
  const tpl = stripHash(d.spec.template);
  let newRS = rsList.find((rs) => deepEqual(stripHash(rs.spec.template), tpl));
  const olds = rsList.filter((rs) => rs !== newRS);
  const maxOldRev = olds.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
  const strategy = d.spec.strategy?.type ?? "RollingUpdate";
  const { surge, unavailable } = strategy === "RollingUpdate"
    ? resolveFenceposts(replicas, d.spec.strategy?.rollingUpdate?.maxSurge, d.spec.strategy?.rollingUpdate?.maxUnavailable)
    : { surge: 0, unavailable: 0 };
  const scaleRS = (rs: Obj, to: number): Obj => {
    const from = rs.spec.replicas ?? 0;
    const annoOk = rs.metadata.annotations?.[DESIRED] === String(replicas) && rs.metadata.annotations?.[MAX_REPLICAS] === String(replicas + surge);
    if (from === to && annoOk) return rs;
    const c = clone(rs);
    c.spec.replicas = to;
    c.metadata.annotations = { ...(c.metadata.annotations ?? {}), [DESIRED]: String(replicas), [MAX_REPLICAS]: String(replicas + surge) };
    const r = api.update(c, { from: FROM, user: "system:serviceaccount:kube-system:deployment-controller" });
    if (from !== to) {
      k.event(d, "Normal", "ScalingReplicaSet", `Scaled ${to > from ? "up" : "down"} replica set ${rs.metadata.name} to ${to} from ${from}`, "deployment-controller");
    }
    return r.ok ? k.get("replicasets", ns, rs.metadata.name)! : rs;
  };

  const paused = !!d.spec.paused;
  // New ReplicaSet: reuse a matching old one (rollback) with the next revision, or create one.
  if (!paused) {
    if (newRS) {
      const cur = revisionOf(newRS);
      // a shallow copy to compare annotations on; it is deep-copied only when it is written (rarely)
      const c: Obj = { ...newRS, metadata: { ...newRS.metadata, annotations: { ...(newRS.metadata.annotations ?? {}) } } };
      // getNewReplicaSet -> SetNewReplicaSetAnnotations on every sync: the Deployment's annotations
      // (a later `annotate ... kubernetes.io/change-cause`, `--record`) reach its current ReplicaSet
      let changed = copyDeploymentAnnotations(d, c.metadata.annotations);
      if (cur <= maxOldRev) {
        const hist = [c.metadata.annotations[REV_HISTORY], String(cur)].filter(Boolean).join(",");
        c.metadata.annotations = { ...c.metadata.annotations, [REV]: String(maxOldRev + 1), [REV_HISTORY]: hist };
        changed = true;
      }
      if (changed) {
        api.update(clone(c), { from: FROM, user: "system:serviceaccount:kube-system:deployment-controller" });
        newRS = k.get("replicasets", ns, newRS.metadata.name)!;
      }
    } else {
      const hash = templateHash(d.spec.template, d.status?.collisionCount);
      const template = clone(d.spec.template);
      template.metadata ??= {};
      template.metadata.labels = { ...(template.metadata.labels ?? {}), "pod-template-hash": hash };
      const selector = clone(d.spec.selector);
      selector.matchLabels = { ...(selector.matchLabels ?? {}), "pod-template-hash": hash };
      const activeOld = olds.reduce((a, rs) => a + (rs.spec.replicas ?? 0), 0);
      let initial = 0;
      if (strategy === "RollingUpdate") {
        const maxTotal = replicas + surge;
        initial = activeOld >= maxTotal ? 0 : Math.min(maxTotal - activeOld, replicas);
        if (olds.length === 0) initial = replicas;
      } else if (olds.every((rs) => (rs.spec.replicas ?? 0) === 0) && podsOf(k, ns, olds).length === 0) initial = replicas;
      const rs: Obj = {
        apiVersion: "apps/v1", kind: "ReplicaSet",
        metadata: {
          name: `${name}-${hash}`, namespace: ns,
          labels: { ...(d.spec.template?.metadata?.labels ?? {}), "pod-template-hash": hash },
          annotations: { [DESIRED]: String(replicas), [MAX_REPLICAS]: String(replicas + surge), [REV]: String(maxOldRev + 1) },
          ownerReferences: [ownerRef(d)],
        },
        spec: { replicas: initial, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
      };
      copyDeploymentAnnotations(d, rs.metadata.annotations);
      const r = api.create(rs, { from: FROM, user: "system:serviceaccount:kube-system:deployment-controller" });
      if (!r.ok) {
        const st = clone(d);
        setCondition((st.status ??= {}), { type: "Progressing", status: "False", reason: "ReplicaSetCreateError", message: `Failed to create new replica set "${rs.metadata.name}": ${r.status.message}` }, k.now, true);
        api.writeStatus(st, FROM);
        return;
      }
      newRS = r.object;
      if (initial > 0) k.event(d, "Normal", "ScalingReplicaSet", `Scaled up replica set ${rs.metadata.name} to ${initial}`, "deployment-controller");
      setProgress(ctx, d, "NewReplicaSetCreated", `Created new replica set "${rs.metadata.name}"`);
    }
  }
  const now = k.now;
  const minReady = d.spec.minReadySeconds ?? 0;
  const availableOf = (rs: Obj) => rs.status?.availableReplicas ?? 0;

  if (newRS && !paused) {
    if (isScalingEvent(d, [newRS, ...olds], replicas)) {
      proportionalScale(newRS, olds, replicas, surge, strategy, scaleRS);
    } else if (strategy === "Recreate") {
      for (const rs of olds) if ((rs.spec.replicas ?? 0) > 0) scaleRS(rs, 0);
      if (podsOf(k, ns, olds).length === 0 && (newRS.spec.replicas ?? 0) !== replicas) newRS = scaleRS(newRS, replicas);
    } else {
      // reconcileNewReplicaSet (NewRSNewReplicas)
      const all = [newRS, ...olds];
      const current = all.reduce((a, rs) => a + (rs.spec.replicas ?? 0), 0);
      const newReplicas = newRS.spec.replicas ?? 0;
      if (newReplicas > replicas) newRS = scaleRS(newRS, replicas);
      else if (newReplicas < replicas) {
        const maxTotal = replicas + surge;
        if (current < maxTotal) newRS = scaleRS(newRS, newReplicas + Math.min(maxTotal - current, replicas - newReplicas));
      }
      // reconcileOldReplicaSets
      const oldPods = olds.reduce((a, rs) => a + (rs.spec.replicas ?? 0), 0);
      if (oldPods > 0) {
        const allPods = (newRS.spec.replicas ?? 0) + oldPods;
        const minAvailable = replicas - unavailable;
        const newUnavailable = (newRS.spec.replicas ?? 0) - availableOf(newRS);
        let maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown > 0) {
          // cleanupUnhealthyReplicas: old RSes' unavailable pods go first, oldest RS first
          const sorted = [...olds].sort((a, b) => parseIsoTime(a.metadata.creationTimestamp) - parseIsoTime(b.metadata.creationTimestamp) || revisionOf(a) - revisionOf(b));
          for (const rs of sorted) {
            if (maxScaledDown <= 0) break;
            const unhealthy = (rs.spec.replicas ?? 0) - availableOf(rs);
            if (unhealthy <= 0) continue;
            const down = Math.min(maxScaledDown, unhealthy);
            scaleRS(rs, (rs.spec.replicas ?? 0) - down);
            maxScaledDown -= down;
          }
          // scaleDownOldReplicaSetsForRollingUpdate
          const fresh = sorted.map((rs) => k.get("replicasets", ns, rs.metadata.name) ?? rs);
          const allAvailable = availableOf(newRS) + fresh.reduce((a, rs) => a + availableOf(rs), 0);
          let total = allAvailable - minAvailable;
          for (const rs of fresh) {
            if (total <= 0) break;
            const r0 = rs.spec.replicas ?? 0;
            if (r0 === 0) continue;
            const down = Math.min(r0, total);
            scaleRS(rs, r0 - down);
            total -= down;
          }
        }
      }
    }
  } else if (paused && newRS && isScalingEvent(d, [newRS, ...olds], replicas)) {
    proportionalScale(newRS, olds, replicas, surge, strategy, scaleRS);
  }

  // Cleanup: old RSes with 0 replicas beyond revisionHistoryLimit, oldest first.
  const limit = d.spec.revisionHistoryLimit ?? 10;
  const deadOld = k.list("replicasets", ns).filter((rs) => isOwnedBy(rs, d) && rs !== newRS && rs.metadata.name !== newRS?.metadata.name && (rs.spec.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0)
    .sort((a, b) => revisionOf(a) - revisionOf(b));
  for (const rs of deadOld.slice(0, Math.max(0, deadOld.length - limit))) {
    api.delete("replicasets", rs.metadata.name, { namespace: ns, from: FROM, user: "system:serviceaccount:kube-system:deployment-controller" });
  }

  // Status and conditions.
  const owned = k.list("replicasets", ns).filter((rs) => isOwnedBy(rs, d));
  const nrs = newRS ? k.get("replicasets", ns, newRS.metadata.name) : undefined;
  const sum = (f: (rs: Obj) => number) => owned.reduce((a, rs) => a + f(rs), 0);
  const cur = k.get("deployments", ns, name)!;
  // status (its conditions array too: setCondition replaces entries) and metadata are copied; spec is shared with
  // the stored version, which is never changed in place, instead of deep-copying the template on every sync
  const st: Obj = { ...cur, metadata: { ...cur.metadata }, status: { ...(cur.status ?? {}) } };
  if (cur.status?.conditions) st.status.conditions = [...cur.status.conditions];
  const status: Obj = st.status;
  status.observedGeneration = d.metadata.generation;
  status.replicas = sum((rs) => rs.status?.replicas ?? 0);
  status.updatedReplicas = nrs?.status?.replicas ?? 0;
  status.readyReplicas = sum((rs) => rs.status?.readyReplicas ?? 0);
  status.availableReplicas = sum((rs) => rs.status?.availableReplicas ?? 0);
  status.unavailableReplicas = Math.max(0, replicas - status.availableReplicas);
  const terminating = sum((rs) => rs.status?.terminatingReplicas ?? 0);
  if (terminating) status.terminatingReplicas = terminating;
  else delete status.terminatingReplicas;
  for (const kk of ["readyReplicas", "availableReplicas", "unavailableReplicas", "updatedReplicas", "replicas"]) if (!status[kk]) delete status[kk];
  const minAvail = replicas - (strategy === "RollingUpdate" ? unavailable : 0);
  if ((status.availableReplicas ?? 0) >= minAvail) setCondition(status, { type: "Available", status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." }, now, true);
  else setCondition(status, { type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." }, now, true);
  const failure = owned.map((rs) => (rs.status?.conditions ?? []).find((c: Obj) => c.type === "ReplicaFailure" && c.status === "True")).find(Boolean);
  if (failure) setCondition(status, { type: "ReplicaFailure", status: "True", reason: "FailedCreate", message: failure.message }, now, true);
  else removeCondition(status, "ReplicaFailure");
  if (paused) {
    setCondition(status, { type: "Progressing", status: "Unknown", reason: "DeploymentPaused", message: "Deployment is paused" }, now, true);
  } else if (nrs) {
    const complete = (status.updatedReplicas ?? 0) === replicas && (status.replicas ?? 0) === replicas && (status.availableReplicas ?? 0) >= replicas && (nrs.status?.availableReplicas ?? 0) >= replicas;
    const prog = (status.conditions ?? []).find((c: Obj) => c.type === "Progressing");
    if (complete) {
      setCondition(status, { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", message: `ReplicaSet "${nrs.metadata.name}" has successfully progressed.` }, now, true);
    } else if (prog?.reason === "ProgressDeadlineExceeded") {
      // stays reported; Kubernetes does not roll back (§2.5)
    } else {
      const deadline = (d.spec.progressDeadlineSeconds ?? 600) * 1000;
      const last = parseIsoTime(prog?.lastUpdateTime) || now;
      const progressing = prog && prog.reason !== "NewReplicaSetAvailable";
      const changed = cur.status?.replicas !== status.replicas || cur.status?.updatedReplicas !== status.updatedReplicas || cur.status?.availableReplicas !== status.availableReplicas || cur.status?.readyReplicas !== status.readyReplicas;
      if (progressing && !changed && now - last >= deadline) {
        setCondition(status, { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: `ReplicaSet "${nrs.metadata.name}" has timed out progressing.` }, now, true);
        k.event(d, "Warning", "ProgressDeadlineExceeded", `Deployment "${name}" has timed out progressing.`, "deployment-controller");
      } else if (!progressing || changed || prog?.reason !== "NewReplicaSetCreated") {
        if (!(prog?.reason === "NewReplicaSetCreated" && !changed)) setCondition(status, { type: "Progressing", status: "True", reason: "ReplicaSetUpdated", message: `ReplicaSet "${nrs.metadata.name}" is progressing.` }, now, true);
        k.enqueue(NAME, key, deadline + 1000);
      }
    }
  }
  // Condition order like the controller: Progressing then Available when both exist? Keep Available first as kubectl shows it.
  status.conditions = sortConds(status.conditions ?? []);
  if (nrs) st.metadata.annotations = { ...(st.metadata.annotations ?? {}), [REV]: nrs.metadata.annotations?.[REV] ?? "1" };
  api.writeStatus(st, FROM);
  if (minReady && status.readyReplicas !== status.availableReplicas) k.enqueue(NAME, key, minReady * 1000);
}

function sortConds(c: Obj[]): Obj[] {
  const order = ["Available", "Progressing", "ReplicaFailure"];
  return [...c].sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
}

function setProgress(ctx: Ctx, d: Obj, reason: string, message: string) {
  const cur = ctx.k.get("deployments", d.metadata.namespace, d.metadata.name);
  if (!cur) return;
  const st = clone(cur);
  setCondition((st.status ??= {}), { type: "Progressing", status: "True", reason, message }, ctx.k.now, true);
  st.status.conditions = sortConds(st.status.conditions);
  ctx.api.writeStatus(st, FROM);
}

function podsOf(k: Ctx["k"], ns: string, rsList: Obj[]): Obj[] {
  const uids = new Set(rsList.map((rs) => rs.metadata.uid));
  return k.list("pods", ns).filter((p) => uids.has(controllerOf(p)?.uid) && (isPodActive(p) || p.metadata.deletionTimestamp));
}

function isScalingEvent(d: Obj, rsList: Obj[], replicas: number): boolean {
  return rsList.some((rs) => (rs.spec.replicas ?? 0) > 0 && rs.metadata.annotations?.[DESIRED] !== undefined && rs.metadata.annotations[DESIRED] !== String(replicas)) && !!d;
}

/** Proportional scaling of active ReplicaSets (sync.go scale(), §2.2). */
function proportionalScale(newRS: Obj, olds: Obj[], replicas: number, surge: number, strategy: string, scaleRS: (rs: Obj, to: number) => Obj) {
  const active = [newRS, ...olds].filter((rs) => (rs.spec.replicas ?? 0) > 0);
  if (active.length <= 1 || strategy !== "RollingUpdate") {
    const target = active[0] ?? newRS;
    scaleRS(target, replicas);
    for (const rs of active.slice(1)) scaleRS(rs, 0);
    return;
  }
  const allowed = replicas + surge;
  const current = active.reduce((a, rs) => a + (rs.spec.replicas ?? 0), 0);
  const toAdd = allowed - current;
  // Largest first (ties: newer first) gets the leftovers.
  const sorted = [...active].sort((a, b) => (b.spec.replicas ?? 0) - (a.spec.replicas ?? 0) || parseIsoTime(b.metadata.creationTimestamp) - parseIsoTime(a.metadata.creationTimestamp));
  let added = 0;
  const next = new Map<Obj, number>();
  for (const rs of sorted) {
    const r = rs.spec.replicas ?? 0;
    // getReplicaSetFraction: round(r * (replicas + surge) / max-replicas annotation) - r
    const annotated = Number(rs.metadata.annotations?.[MAX_REPLICAS] ?? current) || current;
    let share = replicas === 0 ? -r : Math.round((r * allowed) / annotated) - r;
    if (toAdd > 0) share = Math.min(share, toAdd - added);
    else share = Math.max(share, toAdd - added);
    next.set(rs, r + share);
    added += share;
  }
  if (added !== toAdd && sorted.length) next.set(sorted[0], (next.get(sorted[0]) ?? 0) + toAdd - added);
  for (const [rs, n] of next) scaleRS(rs, Math.max(0, n));
}
