/** PersistentVolume controller: binds PVCs to PVs, provisions dynamically from StorageClasses, reclaims. */
import { bytes, clone, type Obj } from "../util";
import { CM, splitKey, type Ctx } from "./common";

const FROM = `${CM}/persistentvolume-binder-controller`;
const PVC_PROTECTION_FROM = `${CM}/pvc-protection-controller`;
const PV_PROTECTION_FROM = `${CM}/pv-protection-controller`;
/** finalizers the StorageObjectInUseProtection admission plugin adds to every new PVC and PV */
export const PVC_PROTECTION = "kubernetes.io/pvc-protection";
export const PV_PROTECTION = "kubernetes.io/pv-protection";

/** Wire the PV binder's informers; returns its sync function. */
export function registerPersistentVolumeController(ctx: Ctx): (key: string) => void {
  const { k } = ctx;
  k.on("persistentvolumeclaims", (t, c) => {
    if (t === "DELETED") k.enqueue("pv", `released/${c.spec?.volumeName ?? ""}`, 10);
    else if (c.metadata.deletionTimestamp) k.enqueue("pv", `pvcprot/${c.metadata.namespace}/${c.metadata.name}`, 10);
    else k.enqueue("pv", `claim/${c.metadata.namespace}/${c.metadata.name}`, 10);
  });
  // pvc-protection: a pod that goes away (or stops being the last user) may free a claim being deleted
  k.on("pods", (t, p) => {
    if (t !== "DELETED") return;
    for (const v of p.spec.volumes ?? []) {
      const claim = v.persistentVolumeClaim?.claimName;
      if (claim && k.get("persistentvolumeclaims", p.metadata.namespace, claim)?.metadata.deletionTimestamp) k.enqueue("pv", `pvcprot/${p.metadata.namespace}/${claim}`, 10);
    }
  });
  k.on("persistentvolumes", (t, v) => {
    if (t === "DELETED") return;
    if (v.metadata.deletionTimestamp) k.enqueue("pv", `pvprot/${v.metadata.name}`, 10);
    for (const c of k.list("persistentvolumeclaims")) if (c.status?.phase === "Pending") k.enqueue("pv", `claim/${c.metadata.namespace}/${c.metadata.name}`, 10);
  });
  k.on("pods", (t, p) => {
    if (t !== "ADDED") return;
    for (const v of p.spec.volumes ?? []) if (v.persistentVolumeClaim) k.enqueue("pv", `claim/${p.metadata.namespace}/${v.persistentVolumeClaim.claimName}`, 10);
  });
  k.on("storageclasses", () => { for (const c of k.list("persistentvolumeclaims")) if (c.status?.phase === "Pending") k.enqueue("pv", `claim/${c.metadata.namespace}/${c.metadata.name}`, 10); });
  return (key) => syncPersistentVolume(ctx, key);
}

function bind(ctx: Ctx, pvc: Obj, pv: Obj) {
  const { api } = ctx;
  const v = clone(pv);
  v.spec.claimRef = { kind: "PersistentVolumeClaim", namespace: pvc.metadata.namespace, name: pvc.metadata.name, uid: pvc.metadata.uid, apiVersion: "v1", resourceVersion: pvc.metadata.resourceVersion };
  v.status = { phase: "Bound" };
  v.metadata.annotations = { ...(v.metadata.annotations ?? {}), "pv.kubernetes.io/bound-by-controller": "yes" };
  api.writeStatus(v, FROM);
  const c = clone(pvc);
  c.spec.volumeName = pv.metadata.name;
  c.metadata.annotations = { ...(c.metadata.annotations ?? {}), "pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes" };
  c.status = { phase: "Bound", accessModes: pv.spec.accessModes, capacity: { storage: pv.spec.capacity?.storage } };
  api.writeStatus(c, FROM);
}

/** Process one binder work item. */
export function syncPersistentVolume(ctx: Ctx, key: string): void {
  const { k, api } = ctx;
  if (key.startsWith("pvcprot/")) return syncPvcProtection(ctx, key.slice(8));
  if (key.startsWith("pvprot/")) return syncPvProtection(ctx, key.slice(7));
  if (key.startsWith("released/")) {
    const name = key.slice(9);
    const pv = name && k.get("persistentvolumes", undefined, name);
    if (!pv || !pv.spec.claimRef) return;
    if (k.get("persistentvolumeclaims", pv.spec.claimRef.namespace, pv.spec.claimRef.name)) return;
    // the claim is gone: Released (so pv-protection lets the PV go), then the Delete policy deletes it
    const v = clone(pv);
    v.status = { phase: "Released" };
    api.writeStatus(v, FROM);
    if (pv.spec.persistentVolumeReclaimPolicy === "Delete") api.delete("persistentvolumes", name, { from: FROM });
    return;
  }
  const [ns, name] = splitKey(key.slice(6));
  const pvc = k.get("persistentvolumeclaims", ns, name);
  if (!pvc || pvc.status?.phase === "Bound" || pvc.metadata.deletionTimestamp) return;
  const want = bytes(pvc.spec.resources?.requests?.storage ?? 0);
  const cls = pvc.spec.storageClassName ?? "";
  const modes: string[] = pvc.spec.accessModes ?? [];
  const sc = cls ? k.get("storageclasses", undefined, cls) : undefined;
  // WaitForFirstConsumer: the binder leaves the claim to the scheduler, which pre-binds a PV for the
  // chosen node or sets the selected-node annotation (pv_controller.go syncUnboundClaim, findMatchingVolume).
  const delayBinding = !pvc.spec.volumeName && sc?.volumeBindingMode === "WaitForFirstConsumer";
  const selectedNode: string | undefined = pvc.metadata.annotations?.["volume.kubernetes.io/selected-node"];
  const boundTo = (pv: Obj) => pv.spec.claimRef?.namespace === ns && pv.spec.claimRef?.name === name && (!pv.spec.claimRef.uid || pv.spec.claimRef.uid === pvc.metadata.uid);
  const candidates = k.list("persistentvolumes").filter((pv) =>
    (pv.status?.phase === "Available" || !pv.status?.phase) && (boundTo(pv) || (!delayBinding && !pv.spec.claimRef)) &&
    (pv.spec.storageClassName ?? "") === cls && modes.every((m) => (pv.spec.accessModes ?? []).includes(m)) &&
    bytes(pv.spec.capacity?.storage ?? 0) >= want && (pvc.spec.volumeName ? pv.metadata.name === pvc.spec.volumeName : true) &&
    (pv.spec.volumeMode ?? "Filesystem") === (pvc.spec.volumeMode ?? "Filesystem"));
  candidates.sort((a, b) => Number(boundTo(b)) - Number(boundTo(a)) || bytes(a.spec.capacity?.storage) - bytes(b.spec.capacity?.storage) || (a.metadata.name < b.metadata.name ? -1 : 1));
  if (candidates.length) return bind(ctx, pvc, candidates[0]);
  if (delayBinding && !selectedNode) {
    // emitEventForUnboundDelayBindingClaim: a pod that uses the claim and waits for a node is named.
    const waiting = k.list("pods", ns).filter((p) => !p.spec.nodeName && (p.spec.volumes ?? []).some((v: Obj) => v.persistentVolumeClaim?.claimName === name)).map((p) => p.metadata.name);
    if (!waiting.length) k.event(pvc, "Normal", "WaitForFirstConsumer", "waiting for first consumer to be created before binding", "persistentvolume-controller");
    else k.event(pvc, "Normal", "WaitForPodScheduled", waiting.length > 1 ? `waiting for pods ${waiting.join(",")} to be scheduled` : `waiting for pod ${waiting[0]} to be scheduled`, "persistentvolume-controller");
    return;
  }
  if (!cls) {
    k.event(pvc, "Normal", "FailedBinding", "no persistent volumes available for this claim and no storage class is set", "persistentvolume-controller");
    return;
  }
  if (!sc) {
    k.event(pvc, "Warning", "ProvisioningFailed", `storageclass.storage.k8s.io "${cls}" not found`, "persistentvolume-controller");
    return;
  }
  if (sc.provisioner === "kubernetes.io/no-provisioner") {
    k.event(pvc, "Normal", "FailedBinding", "no persistent volumes available for this claim and no storage class is set", "persistentvolume-controller");
    return;
  }
  k.event(pvc, "Normal", "ExternalProvisioning", `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`, "persistentvolume-controller");
  const pvName = `pvc-${pvc.metadata.uid}`;
  const pv: Obj = {
    apiVersion: "v1", kind: "PersistentVolume",
    metadata: { name: pvName, annotations: { "pv.kubernetes.io/provisioned-by": sc.provisioner } },
    spec: { accessModes: modes, capacity: { storage: pvc.spec.resources?.requests?.storage ?? "1Gi" }, persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? "Delete", storageClassName: cls, volumeMode: pvc.spec.volumeMode ?? "Filesystem", hostPath: { path: `/opt/local-path-provisioner/${pvName}_${ns}_${name}`, type: "DirectoryOrCreate" } },
  };
  // local-path provisions a directory on the selected node and pins the PV there (rancher/local-path-provisioner provisioner.go).
  if (selectedNode && sc.provisioner === "rancher.io/local-path") {
    pv.metadata.annotations["local.path.provisioner/selected-node"] = selectedNode;
    pv.spec.nodeAffinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [selectedNode] }] }] } };
  }
  const r = api.create(pv, { from: `${CM}/${sc.provisioner}` });
  if (r.ok) {
    k.event(pvc, "Normal", "ProvisioningSucceeded", `Successfully provisioned volume ${pvName}`, sc.provisioner);
    bind(ctx, k.get("persistentvolumeclaims", ns, name)!, r.object);
  }
}

function dropFinalizer(ctx: Ctx, obj: Obj, finalizer: string, from: string): void {
  const c = clone(obj);
  c.metadata.finalizers = (c.metadata.finalizers ?? []).filter((f: string) => f !== finalizer);
  ctx.api.update(c, { from, user: "system:serviceaccount:kube-system:pvc-protection-controller" });
}

/**
 * pvc_protection_controller.go: a claim being deleted keeps its finalizer while a scheduled Pod of its
 * namespace names it in a volume (podUsesPVC: spec.nodeName set; finished Pods count until they are deleted).
 */
function syncPvcProtection(ctx: Ctx, key: string): void {
  const [ns, name] = splitKey(key);
  const pvc = ctx.k.get("persistentvolumeclaims", ns, name);
  if (!pvc?.metadata.deletionTimestamp || !(pvc.metadata.finalizers ?? []).includes(PVC_PROTECTION)) return;
  if (ctx.k.list("pods", ns).some((p) => p.spec.nodeName && (p.spec.volumes ?? []).some((v: Obj) => v.persistentVolumeClaim?.claimName === name))) return;
  dropFinalizer(ctx, pvc, PVC_PROTECTION, PVC_PROTECTION_FROM);
}

/** pv_protection_controller.go isBeingUsed: a volume being deleted keeps its finalizer while it is Bound. */
function syncPvProtection(ctx: Ctx, name: string): void {
  const pv = ctx.k.get("persistentvolumes", undefined, name);
  if (!pv?.metadata.deletionTimestamp || !(pv.metadata.finalizers ?? []).includes(PV_PROTECTION)) return;
  if (pv.status?.phase === "Bound") return;
  dropFinalizer(ctx, pv, PV_PROTECTION, PV_PROTECTION_FROM);
}
