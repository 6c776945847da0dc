/** Helpers shared by the kube-controller-manager reconcilers (pkg/controller/controller_utils.go). */
import type { ApiServer } from "../apiserver/apiserver";
import type { Kernel } from "../core";
import { clone, isoTime, parseIsoTime, type Obj } from "../util";

export interface Ctx {
  k: Kernel;
  api: ApiServer;
}

/** Trace name of kube-controller-manager. */
export const CM = "kube-controller-manager";

/** A controller ownerReference pointing at `owner`. */
export function ownerRef(owner: Obj, controller = true): Obj {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller, blockOwnerDeletion: true };
}

/** The controller ownerReference of an object, if any. */
export function controllerOf(o: Obj): Obj | undefined {
  return (o.metadata?.ownerReferences ?? []).find((r: Obj) => r.controller);
}

/** Whether `owner` is the controller of `o`. */
export function isOwnedBy(o: Obj, owner: Obj): boolean {
  return controllerOf(o)?.uid === owner.metadata.uid;
}

/** The pod's Ready condition. */
export function podReadyCond(p: Obj): Obj | undefined {
  return (p.status?.conditions ?? []).find((c: Obj) => c.type === "Ready");
}

/** Ready condition is True. */
export function isPodReady(p: Obj): boolean {
  return podReadyCond(p)?.status === "True";
}

/** Available = ready for at least minReadySeconds (podutil.IsPodAvailable). */
export function isPodAvailable(p: Obj, minReadySeconds: number, now: number): boolean {
  const c = podReadyCond(p);
  if (c?.status !== "True") return false;
  if (!minReadySeconds) return true;
  return parseIsoTime(c.lastTransitionTime) + minReadySeconds * 1000 <= now;
}

/** Not terminal and not being deleted (controller.IsPodActive). */
export function isPodActive(p: Obj): boolean {
  return p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed" && !p.metadata.deletionTimestamp;
}

/** Has a deletionTimestamp. */
export function isTerminating(p: Obj): boolean {
  return !!p.metadata.deletionTimestamp;
}

/** Build a pod from a template (controller.GetPodFromTemplate). */
export function podFromTemplate(template: Obj, owner: Obj, generateName: string): Obj {
  const t = clone(template ?? {});
  const meta = t.metadata ?? {};
  return {
    apiVersion: "v1", kind: "Pod",
    metadata: {
      generateName, namespace: owner.metadata.namespace,
      labels: meta.labels ?? {}, ...(meta.annotations ? { annotations: meta.annotations } : {}),
      ownerReferences: [ownerRef(owner)],
    },
    spec: t.spec ?? {},
  };
}

/** Set a condition on a status object, keeping lastTransitionTime if the status is unchanged. */
export function setCondition(status: Obj, cond: Obj, now: number, probe = false): void {
  const list: Obj[] = (status.conditions ??= []);
  const i = list.findIndex((c) => c.type === cond.type);
  const ts = isoTime(now);
  const next: Obj = { ...cond, lastTransitionTime: ts };
  if (probe) next.lastUpdateTime = ts;
  if (i >= 0) {
    const old = list[i];
    if (old.status === cond.status) next.lastTransitionTime = old.lastTransitionTime;
    if (probe && old.status === cond.status && old.reason === cond.reason && old.message === cond.message) next.lastUpdateTime = old.lastUpdateTime;
    list[i] = next;
  } else list.push(next);
}

/** Drop a condition type from a status. */
export function removeCondition(status: Obj, type: string): void {
  if (status.conditions) status.conditions = status.conditions.filter((c: Obj) => c.type !== type);
}

/** Deletion ranking for scale-down (ActivePodsWithRanks.Less, §2.2); the first ones go first. */
export function rankForDeletion(pods: Obj[], nodeCounts: Record<string, number>): Obj[] {
  const phaseRank = (p: Obj) => (p.status?.phase === "Pending" ? 0 : p.status?.phase === "Unknown" ? 1 : 2);
  const restarts = (p: Obj) => (p.status?.containerStatuses ?? []).reduce((a: number, c: Obj) => a + (c.restartCount ?? 0), 0);
  const readyTime = (p: Obj) => parseIsoTime(podReadyCond(p)?.lastTransitionTime) || 0;
  return [...pods].sort((a, b) => {
    const ua = a.spec.nodeName ? 1 : 0, ub = b.spec.nodeName ? 1 : 0;
    if (ua !== ub) return ua - ub;
    if (phaseRank(a) !== phaseRank(b)) return phaseRank(a) - phaseRank(b);
    const ra = isPodReady(a) ? 1 : 0, rb = isPodReady(b) ? 1 : 0;
    if (ra !== rb) return ra - rb;
    const ca = Number(a.metadata.annotations?.["controller.kubernetes.io/pod-deletion-cost"] ?? 0);
    const cb = Number(b.metadata.annotations?.["controller.kubernetes.io/pod-deletion-cost"] ?? 0);
    if (ca !== cb) return ca - cb;
    const da = nodeCounts[a.spec.nodeName] ?? 0, db = nodeCounts[b.spec.nodeName] ?? 0;
    if (da !== db) return db - da;
    if (ra && rb && readyTime(a) !== readyTime(b)) return readyTime(b) - readyTime(a);
    if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
    const ta = parseIsoTime(a.metadata.creationTimestamp), tb = parseIsoTime(b.metadata.creationTimestamp);
    if (ta !== tb) return tb - ta;
    return a.metadata.name < b.metadata.name ? 1 : -1;
  });
}

/** Enqueue the controller owner of `obj` (by kind) for a resync. */
export function enqueueOwner(k: Kernel, obj: Obj, kind: string, controller: string): void {
  const ref = controllerOf(obj);
  if (ref?.kind === kind) k.enqueue(controller, `${obj.metadata.namespace}/${ref.name}`);
}

/** Split a "namespace/name" work-queue key. */
export function splitKey(key: string): [string, string] {
  const i = key.indexOf("/");
  return i < 0 ? ["", key] : [key.slice(0, i), key.slice(i + 1)];
}
