/**
 * storage.k8s.io/v1 CSI API objects: CSIDriver, CSINode, CSIStorageCapacity, VolumeAttachment.
 * Defaults are pkg/apis/storage/v1/defaults.go SetDefaults_CSIDriver; validation texts are
 * pkg/apis/storage/validation/validation.go (ValidateCSIDriver, ValidateCSINode, ValidateVolumeAttachment[V1])
 * with core validation's ValidateCSIDriverName. The kubelet's CSINode is pkg/volume/csi/nodeinfomanager
 * CreateCSINode.
 *
 * What creates these objects on a real cluster, and why the presets have none but CSINodes:
 * - CSINode: every kubelet creates one for its node (name = node name, owned by the Node) when its CSI
 *   plugin initialises, even with no CSI driver installed (spec.drivers then stays empty).
 * - CSIDriver: a CSI driver's install manifest. The presets' only provisioner is rancher.io/local-path
 *   (the `cka` preset's default StorageClass), which is not a CSI driver, so none exists until a learner
 *   creates one.
 * - CSIStorageCapacity: a CSI driver's external-provisioner with storage capacity tracking; none without a driver.
 * - VolumeAttachment: the attach/detach controller, for a volume of a CSI driver whose CSIDriver says
 *   attachRequired. No preset has such a driver, so the list is empty unless a learner creates one (the
 *   simulator runs no external-attacher, so `status.attached` stays false).
 */
import type { FieldError } from "../errors";
import { deepEqual, fnv32a, parseQuantity, type Obj } from "../util";
import { DNS1123_SUBDOMAIN_MSG, dns1123Subdomain } from "./validation";

/**
 * The in-tree plugins the 1.35 kubelet reports as migrated to CSI (pkg/volume/csi/csi_plugin.go Init's
 * migratedPlugins: GCE PD, AWS EBS, Cinder, Azure Disk, Azure File, vSphere always; Portworx behind
 * CSIMigrationPortworx, on by default since 1.31), joined sorted by nodeinfomanager setMigrationAnnotation.
 */
export const MIGRATED_PLUGINS = [
  "kubernetes.io/aws-ebs", "kubernetes.io/azure-disk", "kubernetes.io/azure-file", "kubernetes.io/cinder",
  "kubernetes.io/gce-pd", "kubernetes.io/portworx-volume", "kubernetes.io/vsphere-volume",
].join(",");
export const MIGRATED_PLUGINS_ANNOTATION = "storage.alpha.kubernetes.io/migrated-plugins";

/**
 * A UID derived from the owner's (not drawn from the PRNG or the uid counter), so adding a kubelet-made
 * object leaves every other object's name, UID and IP as they were. Version-4 layout like the API server's.
 */
export function derivedUid(ownerUid: string, salt: string): string {
  const h = (s: string) => fnv32a(s).toString(16).padStart(8, "0");
  const a = h(`${salt}/${ownerUid}`), b = h(`${ownerUid}/${salt}`), c = h(`${salt}${ownerUid}${salt}`), d = h(`${ownerUid}${salt}${ownerUid}`);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${"89ab"[parseInt(c[0], 16) & 3]}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

/**
 * The CSINode a kubelet creates for its Node (nodeinfomanager CreateCSINode): an owner reference to the
 * Node (not a controller reference), the migrated-plugins annotation and no drivers. The kubelet sends an
 * empty list; it comes back from etcd as `null` (protobuf has no empty list), as `kubectl get csinode -o yaml`
 * shows on a cluster without CSI drivers.
 */
export function kubeletCsiNode(node: Obj, creationTimestamp: string, salt = "csinode"): Obj {
  const name = node.metadata.name;
  return {
    apiVersion: "storage.k8s.io/v1", kind: "CSINode",
    metadata: {
      name, uid: derivedUid(node.metadata.uid, salt), creationTimestamp,
      annotations: { [MIGRATED_PLUGINS_ANNOTATION]: MIGRATED_PLUGINS },
      ownerReferences: [{ apiVersion: "v1", kind: "Node", name, uid: node.metadata.uid }],
    },
    spec: { drivers: null },
  };
}

/** SetDefaults_CSIDriver (1.35: SELinuxMountReadWriteOncePod is on, so seLinuxMount defaults too). */
export function defaultCsiDriver(obj: Obj): void {
  if (!obj.spec || typeof obj.spec !== "object") obj.spec = {};
  const s = obj.spec;
  s.attachRequired ??= true;
  s.podInfoOnMount ??= false;
  s.storageCapacity ??= false;
  s.fsGroupPolicy ??= "ReadWriteOnceWithFSType";
  if (!Array.isArray(s.volumeLifecycleModes) || s.volumeLifecycleModes.length === 0) s.volumeLifecycleModes = ["Persistent"];
  s.requiresRepublish ??= false;
  s.seLinuxMount ??= false;
}

/** core validation ValidateCSIDriverName: required, at most 63 bytes, a DNS-1123 subdomain once lower-cased. */
function csiDriverName(name: unknown, field: string): FieldError[] {
  const v = typeof name === "string" ? name : "";
  const errs: FieldError[] = [];
  if (!v) errs.push({ type: "Required value", field });
  if (v.length > 63) errs.push({ type: "Too long", field, value: v, detail: "may not be more than 63 bytes", hasValue: false });
  for (const e of dns1123Subdomain(v.toLowerCase(), field)) errs.push({ ...e, value: v });
  return errs;
}

/** IsDNS1123Subdomain as a bare check (ValidateNodeName, NameIsDNSSubdomain on a field that is not metadata.name). */
function subdomainField(v: string, field: string): FieldError[] {
  return dns1123Subdomain(v, field);
}

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const QUALIFIED_NAME_MSG = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/** apimachinery IsQualifiedName: an optional DNS-subdomain prefix, `/`, and a name part of at most 63 characters. */
function qualifiedName(key: string, field: string): FieldError[] {
  const parts = key.split("/");
  let name = key;
  const errs: FieldError[] = [];
  if (parts.length === 2) {
    name = parts[1];
    if (!parts[0]) errs.push({ type: "Invalid value", field, value: key, detail: "prefix part must be non-empty" });
    else if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(parts[0])) errs.push({ type: "Invalid value", field, value: key, detail: `prefix part ${DNS1123_SUBDOMAIN_MSG}` });
  } else if (parts.length > 2) {
    return [{ type: "Invalid value", field, value: key, detail: "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')" }];
  }
  if (!name) errs.push({ type: "Invalid value", field, value: key, detail: "name part must be non-empty" });
  else {
    if (name.length > 63) errs.push({ type: "Invalid value", field, value: key, detail: "name part must be no more than 63 characters" });
    if (!QUALIFIED_NAME.test(name)) errs.push({ type: "Invalid value", field, value: key, detail: QUALIFIED_NAME_MSG });
  }
  return errs;
}

const FS_GROUP_POLICIES = ["File", "None", "ReadWriteOnceWithFSType"];

function validateCsiDriverSpec(s: Obj): FieldError[] {
  const errs: FieldError[] = [];
  // the Go field is attachRequired, the path upstream reports is "attachedRequired"
  for (const [f, path] of [["attachRequired", "attachedRequired"], ["podInfoOnMount", "podInfoOnMount"], ["storageCapacity", "storageCapacity"]]) {
    if (s[f] === null || s[f] === undefined) errs.push({ type: "Required value", field: `spec.${path}` });
  }
  if (s.fsGroupPolicy != null && !FS_GROUP_POLICIES.includes(s.fsGroupPolicy)) {
    errs.push({ type: "Unsupported value", field: "spec.fsGroupPolicy", value: s.fsGroupPolicy, detail: `supported values: ${FS_GROUP_POLICIES.map((p) => `"${p}"`).join(", ")}` });
  }
  const audiences = new Set<string>();
  for (const [i, t] of ((s.tokenRequests ?? []) as Obj[]).entries()) {
    const aud = t?.audience ?? "";
    if (audiences.has(aud)) {
      errs.push({ type: "Duplicate value", field: `spec.tokenRequests[${i}].audience`, value: aud });
      continue;
    }
    audiences.add(aud);
    const exp = t?.expirationSeconds;
    if (typeof exp !== "number") continue;
    if (exp < 600) errs.push({ type: "Invalid value", field: `spec.tokenRequests[${i}].expirationSeconds`, value: exp, detail: "may not specify a duration less than 10 minutes" });
    if (exp > 2 ** 32) errs.push({ type: "Invalid value", field: `spec.tokenRequests[${i}].expirationSeconds`, value: exp, detail: "may not specify a duration larger than 2^32 seconds" });
  }
  for (const m of (s.volumeLifecycleModes ?? []) as unknown[]) {
    if (m !== "Persistent" && m !== "Ephemeral") errs.push({ type: "Unsupported value", field: "spec.volumeLifecycleModes", value: m, detail: 'supported values: "Persistent", "Ephemeral"' });
  }
  if (s.seLinuxMount === null || s.seLinuxMount === undefined) errs.push({ type: "Required value", field: "spec.seLinuxMount" });
  const period = s.nodeAllocatableUpdatePeriodSeconds;
  if (typeof period === "number" && period < 10) errs.push({ type: "Invalid value", field: "spec.nodeAllocatableUpdatePeriodSeconds", value: period, detail: "must be greater than or equal to 10 seconds" });
  return errs;
}

function validateCsiNodeSpec(spec: Obj | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  for (const [i, d] of ((spec?.drivers ?? []) as Obj[]).entries()) {
    const p = `spec.drivers[${i}]`;
    errs.push(...csiDriverName(d?.name, `${p}.name`));
    const nodeID = typeof d?.nodeID === "string" ? d.nodeID : "";
    if (!nodeID) errs.push({ type: "Required value", field: `${p}.nodeID` });
    if (nodeID.length > 192) errs.push({ type: "Invalid value", field: `${p}.nodeID`, value: nodeID, detail: "must be 192 characters or less" });
    const count = d?.allocatable?.count;
    if (typeof count === "number" && count < 0) errs.push({ type: "Invalid value", field: `${p}.allocatable.count`, value: count, detail: "must be greater than or equal to 0" });
    if (names.has(d?.name)) errs.push({ type: "Duplicate value", field: `${p}.name`, value: d.name });
    names.add(d?.name);
    const keys = new Set<string>();
    for (const key of (d?.topologyKeys ?? []) as string[]) {
      if (!key) errs.push({ type: "Required value", field: p });
      if (keys.has(key)) errs.push({ type: "Duplicate value", field: p, value: key });
      keys.add(key);
      errs.push(...qualifiedName(String(key ?? ""), p));
    }
  }
  return errs;
}

function validateVolumeAttachment(obj: Obj): FieldError[] {
  const spec: Obj = obj.spec ?? {};
  const src: Obj = spec.source ?? {};
  const errs: FieldError[] = [];
  if (!spec.attacher) errs.push({ type: "Required value", field: "spec.attacher" });
  const pv = src.persistentVolumeName, inline = src.inlineVolumeSpec;
  const exactlyOne = "must specify exactly one of inlineVolumeSpec and persistentVolumeName";
  if (inline == null && pv == null) errs.push({ type: "Required value", field: "spec.source", detail: exactlyOne });
  else if (inline != null && pv != null) errs.push({ type: "Forbidden", field: "spec.source", detail: exactlyOne });
  else if (pv === "") errs.push({ type: "Required value", field: "spec.source.persistentVolumeName", detail: "must specify non empty persistentVolumeName" });
  errs.push(...subdomainField(typeof spec.nodeName === "string" ? spec.nodeName : "", "spec.nodeName"));
  // ValidateVolumeAttachmentV1: storage.k8s.io/v1 also checks the attacher as a CSI driver name and the PV name
  errs.push(...csiDriverName(spec.attacher, "spec.attacher"));
  if (typeof pv === "string") errs.push(...subdomainField(pv, "spec.source.persistentVolumeName"));
  return errs;
}

/** ValidateCSIStorageCapacity past the metadata: the class name is a DNS-1123 subdomain, the capacity not negative. */
function validateStorageCapacity(obj: Obj): FieldError[] {
  const errs = subdomainField(typeof obj.storageClassName === "string" ? obj.storageClassName : "", "storageClassName");
  if (obj.capacity != null && parseQuantity(obj.capacity) < 0) errs.push({ type: "Invalid value", field: "capacity", value: obj.capacity, detail: "must be greater than or equal to 0" });
  return errs;
}

/** Create validation past the metadata (validateMeta's: every name here is a DNS-1123 subdomain). */
export function validateCsiCreate(obj: Obj): FieldError[] {
  if (obj.kind === "CSIStorageCapacity") return validateStorageCapacity(obj);
  if (obj.kind === "CSIDriver") return validateCsiDriverSpec(obj.spec ?? {});
  if (obj.kind === "CSINode") return validateCsiNodeSpec(obj.spec);
  if (obj.kind === "VolumeAttachment") return validateVolumeAttachment(obj);
  return [];
}

/** The internal (Go field name) form the API server's immutable-field errors print since 1.34. */
function goVolumeAttachmentSpec(s: Obj | undefined): Obj {
  return { Attacher: s?.attacher ?? "", Source: { PersistentVolumeName: s?.source?.persistentVolumeName ?? null, InlineVolumeSpec: s?.source?.inlineVolumeSpec ?? null }, NodeName: s?.nodeName ?? "" };
}
function goCsiNodeDriver(d: Obj): Obj {
  return { Name: d.name ?? "", NodeID: d.nodeID ?? "", TopologyKeys: d.topologyKeys ?? null, Allocatable: d.allocatable ? { Count: d.allocatable.count ?? null } : null };
}

/** Update rules beyond create's: CSIDriver attachRequired and volumeLifecycleModes, a CSINode driver entry, a VolumeAttachment spec and a CSIStorageCapacity's topology and class are immutable. */
export function validateCsiUpdate(obj: Obj, old: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (obj.kind === "CSIDriver") {
    if (!deepEqual(obj.spec?.attachRequired ?? null, old.spec?.attachRequired ?? null)) errs.push({ type: "Invalid value", field: "spec.attachedRequired", value: obj.spec?.attachRequired ?? null, detail: "field is immutable" });
    if (!deepEqual(obj.spec?.volumeLifecycleModes ?? null, old.spec?.volumeLifecycleModes ?? null)) errs.push({ type: "Invalid value", field: "spec.volumeLifecycleModes", value: obj.spec?.volumeLifecycleModes ?? null, detail: "field is immutable" });
  } else if (obj.kind === "CSINode") {
    // MutableCSINodeAllocatableCount (beta, on in 1.35): a driver's allocatable count may change, nothing else
    for (const o of (old.spec?.drivers ?? []) as Obj[]) {
      for (const n of (obj.spec?.drivers ?? []) as Obj[]) {
        if (o.name !== n.name) continue;
        const a = goCsiNodeDriver(n), b = goCsiNodeDriver(o);
        a.Allocatable = b.Allocatable = null;
        if (!deepEqual(a, b)) errs.push({ type: "Invalid value", field: "spec.drivers", value: a, detail: "field is immutable" });
      }
    }
  } else if (obj.kind === "VolumeAttachment") {
    if (!deepEqual(goVolumeAttachmentSpec(obj.spec), goVolumeAttachmentSpec(old.spec))) errs.push({ type: "Invalid value", field: "spec", value: goVolumeAttachmentSpec(obj.spec), detail: "field is immutable" });
  } else if (obj.kind === "CSIStorageCapacity") {
    // ValidateCSIStorageCapacityUpdate: the inputs of CSI GetCapacity stay as they were
    if (!deepEqual(obj.nodeTopology ?? null, old.nodeTopology ?? null)) errs.push({ type: "Invalid value", field: "nodeTopology", value: obj.nodeTopology ?? null, detail: "field is immutable" });
    if ((obj.storageClassName ?? "") !== (old.storageClassName ?? "")) errs.push({ type: "Invalid value", field: "storageClassName", value: obj.storageClassName ?? "", detail: "field is immutable" });
  }
  return errs;
}

/** registry/storage/volumeattachment strategy PrepareForCreate: a new attachment starts with an empty status. */
export function initVolumeAttachmentStatus(obj: Obj): void {
  obj.status = { attached: false };
}
