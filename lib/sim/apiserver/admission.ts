/**
 * Admission plugins the simulator runs (kube-apiserver default set, subset): NamespaceLifecycle,
 * LimitRanger, ServiceAccount (name only), DefaultTolerationSeconds, DefaultStorageClass,
 * PersistentVolumeClaimResize, ResourceQuota. Messages follow plugin/pkg/admission/* (k8s-reference §8.3).
 */
import type { Kernel } from "../core";
import { bytes, formatBytes, formatMilli, milliCpu, parseQuantity, type Obj } from "../util";

export interface AdmissionError {
  /** `forbidden` -> 403 `<res> "<name>" is forbidden: <msg>`; `nsNotFound` -> 404 namespaces "x" not found */
  kind: "forbidden" | "nsNotFound" | "nsTerminating";
  message: string;
}

const CLUSTER_CONTROLLED = new Set(["Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "StorageClass", "PriorityClass", "IngressClass"]);

/**
 * NamespaceLifecycle on delete: the namespaces the cluster itself needs may not be deleted
 * (plugin/pkg/admission/namespace/lifecycle/admission.go immortalNamespaces:
 * `namespaces "default" is forbidden: this namespace may not be deleted`).
 */
export const IMMORTAL_NAMESPACES = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);
export function namespaceDeletion(kind: string, name: string): AdmissionError | null {
  return kind === "Namespace" && IMMORTAL_NAMESPACES.has(name) ? { kind: "forbidden", message: "this namespace may not be deleted" } : null;
}

/** NamespaceLifecycle: the namespace must exist and not be terminating (for creates). */
export function namespaceLifecycle(k: Kernel, obj: Obj, isCreate: boolean): AdmissionError | null {
  if (CLUSTER_CONTROLLED.has(obj.kind)) return null;
  const ns = obj.metadata?.namespace;
  if (!ns) return null;
  const nsObj = k.get("namespaces", undefined, ns);
  if (!nsObj) return { kind: "nsNotFound", message: ns };
  if (isCreate && nsObj.status?.phase === "Terminating" && obj.kind !== "Event") {
    return { kind: "nsTerminating", message: `unable to create new content in namespace ${ns} because it is being terminated` };
  }
  return null;
}

function isQty(res: string): (q: unknown) => number {
  return res === "cpu" ? milliCpu : bytes;
}
function fmtQty(res: string, v: number): string {
  return res === "cpu" ? formatMilli(v) : formatBytes(v);
}

function podContainers(obj: Obj): Obj[] {
  return [...(obj.spec?.initContainers ?? []), ...(obj.spec?.containers ?? [])];
}

/** LimitRanger: fill default requests/limits from LimitRanges, then check min/max. Mutates `pod`. */
export function limitRanger(k: Kernel, pod: Obj): AdmissionError | null {
  const ranges = k.list("limitranges", pod.metadata.namespace);
  if (!ranges.length) return null;
  const errors: string[] = [];
  // mergePodResourceRequirements (plugin/pkg/admission/limitranger/admission.go): per container, the
  // names of the resources it set, sorted, as "cpu, memory request for container web"; containers
  // first, then init containers ("init container"); requests before limits; "; " between them.
  const set: string[] = [];
  const containers: [Obj, string][] = [...(pod.spec?.containers ?? []).map((c: Obj) => [c, "container"]), ...(pod.spec?.initContainers ?? []).map((c: Obj) => [c, "init container"])] as [Obj, string][];
  for (const [c, what] of containers) {
    const requests: string[] = [], limits: string[] = [];
    c.resources ??= {};
    for (const lr of ranges) {
      for (const item of lr.spec?.limits ?? []) {
        if (item.type !== "Container") continue;
        for (const [res, q] of Object.entries(item.default ?? {})) {
          c.resources.limits ??= {};
          if (c.resources.limits[res] === undefined) {
            c.resources.limits[res] = q;
            limits.push(res);
          }
        }
        for (const [res, q] of Object.entries(item.defaultRequest ?? {})) {
          c.resources.requests ??= {};
          if (c.resources.requests[res] === undefined) {
            c.resources.requests[res] = q;
            requests.push(res);
          }
        }
      }
    }
    if (requests.length) set.push(`${requests.sort().join(", ")} request for ${what} ${c.name}`);
    if (limits.length) set.push(`${limits.sort().join(", ")} limit for ${what} ${c.name}`);
  }
  if (set.length) {
    pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), "kubernetes.io/limit-ranger": `LimitRanger plugin set: ${set.join("; ")}` };
  }
  for (const lr of ranges) {
    for (const item of lr.spec?.limits ?? []) {
      if (item.type !== "Container") continue;
      for (const c of podContainers(pod)) {
        for (const [res, q] of Object.entries(item.max ?? {})) {
          const conv = isQty(res);
          const lim = c.resources?.limits?.[res];
          if (lim === undefined) errors.push(`maximum ${res} usage per Container is ${canon(res, q)}.  No limit is specified`);
          else if (conv(lim) > conv(q)) errors.push(`maximum ${res} usage per Container is ${canon(res, q)}, but limit is ${canon(res, lim)}`);
        }
        for (const [res, q] of Object.entries(item.min ?? {})) {
          const conv = isQty(res);
          const req = c.resources?.requests?.[res];
          if (req === undefined) errors.push(`minimum ${res} usage per Container is ${canon(res, q)}.  No request is specified`);
          else if (conv(req) < conv(q)) errors.push(`minimum ${res} usage per Container is ${canon(res, q)}, but request is ${canon(res, req)}`);
        }
      }
    }
  }
  if (errors.length) return { kind: "forbidden", message: errors.length === 1 ? errors[0] : `[${errors.join(", ")}]` };
  return null;
}

/** Canonical Quantity string as the API server prints it ("1.5" -> "1500m"). */
function canon(res: string, q: unknown): string {
  if (res === "cpu") return formatMilli(milliCpu(q));
  const b = bytes(q);
  const f = formatBytes(b);
  return f === String(b) ? String(q) : f;
}

/** LimitRange object defaulting (SetDefaults_LimitRangeItem): default from max, defaultRequest from default or min. */
export function defaultLimitRange(lr: Obj): void {
  for (const item of lr.spec?.limits ?? []) {
    if (item.type !== "Container") continue;
    for (const [res, v] of Object.entries(item.max ?? {})) {
      item.default ??= {};
      if (item.default[res] === undefined) item.default[res] = v;
    }
    for (const [res, v] of Object.entries(item.default ?? {})) {
      item.defaultRequest ??= {};
      if (item.defaultRequest[res] === undefined) item.defaultRequest[res] = v;
    }
    for (const [res, v] of Object.entries(item.min ?? {})) {
      item.defaultRequest ??= {};
      if (item.defaultRequest[res] === undefined) item.defaultRequest[res] = v;
    }
  }
}

/** DefaultTolerationSeconds: not-ready/unreachable NoExecute for 300 s (§5). */
export function defaultTolerations(pod: Obj): void {
  const spec = pod.spec;
  const tol: Obj[] = (spec.tolerations ??= []);
  for (const key of ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]) {
    const has = tol.some((t) => (t.key === key || (!t.key && t.operator === "Exists")) && (!t.effect || t.effect === "NoExecute"));
    if (!has) tol.push({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 });
  }
}

/** ServiceAccount admission (name defaulting only; token volumes are not modelled). */
export function serviceAccount(pod: Obj): void {
  pod.spec.serviceAccountName ??= pod.spec.serviceAccount ?? "default";
  pod.spec.serviceAccount = pod.spec.serviceAccountName;
}

/** DefaultStorageClass admission for PVCs without storageClassName. */
export function defaultStorageClass(k: Kernel, pvc: Obj): void {
  if (pvc.spec?.storageClassName !== undefined) return;
  const def = k.list("storageclasses").find((sc) => sc.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true");
  if (def) pvc.spec.storageClassName = def.metadata.name;
}

/**
 * PersistentVolumeClaimResize admission (plugin/pkg/admission/storage/persistentvolume/resize): a
 * larger storage request needs a bound claim whose StorageClass (same before and after) sets
 * allowVolumeExpansion: true. Runs after validation, so an unbound claim's resize has already
 * failed there with "spec is immutable".
 */
export function persistentVolumeClaimResize(k: Kernel, pvc: Obj, old: Obj): AdmissionError | null {
  const size = (v: unknown) => (v === undefined ? 0 : parseQuantity(v));
  if (!(size(pvc.spec?.resources?.requests?.storage) > size(old.spec?.resources?.requests?.storage))) return null;
  if (old.status?.phase !== "Bound") return { kind: "forbidden", message: "Only bound persistent volume claims can be expanded" };
  // GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName
  const cls = (c: Obj): string => c.metadata?.annotations?.["volume.beta.kubernetes.io/storage-class"] ?? c.spec?.storageClassName ?? "";
  const sc = cls(pvc) && cls(pvc) === cls(old) ? k.get("storageclasses", undefined, cls(pvc)) : null;
  if (sc?.allowVolumeExpansion === true) return null;
  return { kind: "forbidden", message: "only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize" };
}

// --- ResourceQuota ----------------------------------------------------------------------------

function podUsage(pod: Obj): Record<string, number> {
  const u: Record<string, number> = { pods: 1, count_pods: 1 };
  const sum = (list: Obj[], kind: "requests" | "limits", res: string) => list.reduce((a, c) => a + isQty(res)(c.resources?.[kind]?.[res] ?? 0), 0);
  const maxInit = (kind: "requests" | "limits", res: string) => (pod.spec?.initContainers ?? []).reduce((a: number, c: Obj) => Math.max(a, isQty(res)(c.resources?.[kind]?.[res] ?? 0)), 0);
  for (const res of ["cpu", "memory"]) {
    for (const kind of ["requests", "limits"] as const) {
      u[`${kind}.${res}`] = Math.max(sum(pod.spec?.containers ?? [], kind, res), maxInit(kind, res));
    }
    u[res] = u[`requests.${res}`];
  }
  return u;
}

function objectUsage(k: Kernel, obj: Obj): Record<string, number> {
  switch (obj.kind) {
    case "Pod": return podUsage(obj);
    case "Service": {
      const u: Record<string, number> = { services: 1 };
      if (obj.spec?.type === "NodePort") u["services.nodeports"] = (obj.spec.ports ?? []).length;
      if (obj.spec?.type === "LoadBalancer") { u["services.loadbalancers"] = 1; u["services.nodeports"] = (obj.spec.ports ?? []).length; }
      return u;
    }
    case "PersistentVolumeClaim": return { persistentvolumeclaims: 1, "requests.storage": bytes(obj.spec?.resources?.requests?.storage ?? 0) };
    case "ConfigMap": return { configmaps: 1 };
    case "Secret": return { secrets: 1 };
    case "ReplicationController": return { replicationcontrollers: 1 };
    case "ResourceQuota": return { resourcequotas: 1 };
    default: void k; return {};
  }
}

const COUNT_ALIASES: Record<string, string> = { "count/pods": "pods", "count/services": "services", "count/configmaps": "configmaps", "count/secrets": "secrets", "count/persistentvolumeclaims": "persistentvolumeclaims" };

function isTerminalPod(p: Obj): boolean {
  return p.status?.phase === "Succeeded" || p.status?.phase === "Failed";
}

/** Current usage of every quota resource in a namespace (also used by the quota controller). */
export function namespaceUsage(k: Kernel, ns: string): Record<string, number> {
  const used: Record<string, number> = {};
  const add = (u: Record<string, number>) => { for (const [r, v] of Object.entries(u)) used[r] = (used[r] ?? 0) + v; };
  for (const p of k.list("pods", ns)) if (!isTerminalPod(p)) add(podUsage(p));
  for (const res of ["services", "persistentvolumeclaims", "configmaps", "secrets", "replicationcontrollers", "resourcequotas"]) {
    for (const o of k.list(res, ns)) add(objectUsage(k, o));
  }
  add({ "count/deployments.apps": k.list("deployments", ns).length, "count/replicasets.apps": k.list("replicasets", ns).length, "count/jobs.batch": k.list("jobs", ns).length });
  return used;
}

function quotaQty(res: string): (q: unknown) => number {
  if (/cpu/.test(res)) return milliCpu;
  if (/memory|storage/.test(res)) return bytes;
  return (q) => parseQuantity(q);
}
function quotaFmt(res: string, v: number): string {
  if (/cpu/.test(res)) return formatMilli(v);
  if (/memory|storage/.test(res)) return formatBytes(v);
  return String(v);
}

/** ResourceQuota admission: deny when a create would exceed a hard limit, or lacks a required request/limit. */
export function resourceQuota(k: Kernel, obj: Obj): AdmissionError | null {
  const ns = obj.metadata?.namespace;
  if (!ns) return null;
  const quotas = k.list("resourcequotas", ns);
  if (!quotas.length) return null;
  const req = objectUsage(k, obj);
  if (!Object.keys(req).length) return null;
  const used = namespaceUsage(k, ns);
  for (const q of [...quotas].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
    const hard: Record<string, string> = q.spec?.hard ?? {};
    if (obj.kind === "Pod") {
      const missing: string[] = [];
      for (const res of Object.keys(hard).sort()) {
        const m = /^(requests|limits)\.(cpu|memory)$/.exec(res) ?? (/^(cpu|memory)$/.test(res) ? [res, "requests", res] : null);
        if (!m) continue;
        const lacking = (obj.spec?.containers ?? []).filter((c: Obj) => c.resources?.[m[1]]?.[m[2]] === undefined).map((c: Obj) => c.name);
        if (lacking.length) missing.push(`${res} for: ${lacking.join(",")}`);
      }
      if (missing.length) return { kind: "forbidden", message: `failed quota: ${q.metadata.name}: must specify ${missing.join("; ")}` };
    }
    const over: string[] = [];
    const reqS: string[] = [], usedS: string[] = [], limS: string[] = [];
    for (const [res0, h] of Object.entries(hard).sort(([a], [b]) => a.localeCompare(b))) {
      const res = COUNT_ALIASES[res0] ?? res0;
      const r = req[res];
      if (!r) continue;
      const lim = quotaQty(res0)(h);
      const u = used[res] ?? 0;
      if (u + r > lim) {
        over.push(res0);
        reqS.push(`${res0}=${quotaFmt(res0, r)}`);
        usedS.push(`${res0}=${quotaFmt(res0, u)}`);
        limS.push(`${res0}=${h}`);
      }
    }
    if (over.length) {
      return { kind: "forbidden", message: `exceeded quota: ${q.metadata.name}, requested: ${reqS.join(",")}, used: ${usedS.join(",")}, limited: ${limS.join(",")}` };
    }
  }
  return null;
}

export { fmtQty };
