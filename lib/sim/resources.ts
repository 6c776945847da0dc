/** The API resources the simulated API server serves (discovery), with their Go schema type. */

export interface ResourceInfo {
  kind: string;
  /** plural resource name, e.g. "deployments" */
  resource: string;
  singular: string;
  group: string;
  version: string;
  namespaced: boolean;
  shortNames: string[];
  /** schema type key in SCHEMA, e.g. "apps/v1.Deployment" */
  schema: string;
  verbs: string[];
}

const V = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
function r(kind: string, resource: string, group: string, version: string, namespaced: boolean, shortNames: string[] = [], schemaMod?: string, verbs = V): ResourceInfo {
  const mod = schemaMod ?? `${group === "" ? "core" : group.split(".")[0]}/${version}`;
  return { kind, resource, singular: kind.toLowerCase(), group, version, namespaced, shortNames, schema: `${mod}.${kind}`, verbs };
}

/** Served resources (Kubernetes 1.35 names, groups and short names). */
export const RESOURCES: ResourceInfo[] = [
  r("Binding", "bindings", "", "v1", true, [], undefined, ["create"]),
  r("ComponentStatus", "componentstatuses", "", "v1", false, ["cs"], undefined, ["get", "list"]),
  r("ConfigMap", "configmaps", "", "v1", true, ["cm"]),
  r("Endpoints", "endpoints", "", "v1", true, ["ep"]),
  r("Event", "events", "", "v1", true, ["ev"]),
  r("LimitRange", "limitranges", "", "v1", true, ["limits"]),
  r("Namespace", "namespaces", "", "v1", false, ["ns"]),
  r("Node", "nodes", "", "v1", false, ["no"]),
  r("PersistentVolumeClaim", "persistentvolumeclaims", "", "v1", true, ["pvc"]),
  r("PersistentVolume", "persistentvolumes", "", "v1", false, ["pv"]),
  r("Pod", "pods", "", "v1", true, ["po"]),
  r("PodTemplate", "podtemplates", "", "v1", true),
  r("ReplicationController", "replicationcontrollers", "", "v1", true, ["rc"]),
  r("ResourceQuota", "resourcequotas", "", "v1", true, ["quota"]),
  r("Secret", "secrets", "", "v1", true),
  r("ServiceAccount", "serviceaccounts", "", "v1", true, ["sa"]),
  r("Service", "services", "", "v1", true, ["svc"]),
  r("ControllerRevision", "controllerrevisions", "apps", "v1", true),
  r("DaemonSet", "daemonsets", "apps", "v1", true, ["ds"]),
  r("Deployment", "deployments", "apps", "v1", true, ["deploy"]),
  r("ReplicaSet", "replicasets", "apps", "v1", true, ["rs"]),
  r("StatefulSet", "statefulsets", "apps", "v1", true, ["sts"]),
  r("HorizontalPodAutoscaler", "horizontalpodautoscalers", "autoscaling", "v2", true, ["hpa"]),
  r("CronJob", "cronjobs", "batch", "v1", true, ["cj"]),
  r("Job", "jobs", "batch", "v1", true),
  r("CertificateSigningRequest", "certificatesigningrequests", "certificates.k8s.io", "v1", false, ["csr"]),
  r("Lease", "leases", "coordination.k8s.io", "v1", true),
  r("EndpointSlice", "endpointslices", "discovery.k8s.io", "v1", true),
  r("IngressClass", "ingressclasses", "networking.k8s.io", "v1", false),
  r("Ingress", "ingresses", "networking.k8s.io", "v1", true, ["ing"]),
  r("NetworkPolicy", "networkpolicies", "networking.k8s.io", "v1", true, ["netpol"]),
  r("PodDisruptionBudget", "poddisruptionbudgets", "policy", "v1", true, ["pdb"]),
  r("ClusterRoleBinding", "clusterrolebindings", "rbac.authorization.k8s.io", "v1", false),
  r("ClusterRole", "clusterroles", "rbac.authorization.k8s.io", "v1", false),
  r("RoleBinding", "rolebindings", "rbac.authorization.k8s.io", "v1", true),
  r("Role", "roles", "rbac.authorization.k8s.io", "v1", true),
  r("PriorityClass", "priorityclasses", "scheduling.k8s.io", "v1", false, ["pc"]),
  r("CSIDriver", "csidrivers", "storage.k8s.io", "v1", false),
  r("CSINode", "csinodes", "storage.k8s.io", "v1", false),
  r("CSIStorageCapacity", "csistoragecapacities", "storage.k8s.io", "v1", true),
  r("StorageClass", "storageclasses", "storage.k8s.io", "v1", false, ["sc"]),
  r("VolumeAttachment", "volumeattachments", "storage.k8s.io", "v1", false),
];

/** Other served versions that map onto a stored resource (decoded with their own schema). */
const EXTRA_VERSIONS: Record<string, string> = { "autoscaling/v1/HorizontalPodAutoscaler": "autoscaling/v1.HorizontalPodAutoscaler" };

const byKind = new Map<string, ResourceInfo>();
const byName = new Map<string, ResourceInfo>();
for (const ri of RESOURCES) {
  byKind.set(`${ri.group}/${ri.kind}`, ri);
  for (const n of [ri.resource, ri.singular, ...ri.shortNames, `${ri.resource}.${ri.group}`, `${ri.singular}.${ri.group}`]) {
    if (!byName.has(n)) byName.set(n, ri);
  }
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf("/");
  return i < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** Resource for an (apiVersion, kind) the server serves, with the schema for that version; null if not served. */
export function resourceForKind(apiVersion: string, kind: string): { info: ResourceInfo; schema: string } | null {
  const { group, version } = splitApiVersion(apiVersion);
  const info = byKind.get(`${group}/${kind}`);
  if (!info) return null;
  if (info.version === version) return { info, schema: info.schema };
  const extra = EXTRA_VERSIONS[`${group}/${version}/${kind}`];
  return extra ? { info, schema: extra } : null;
}

/** Look a resource up by plural, singular, short name or `name.group` (case-insensitive). */
export function findResource(name: string): ResourceInfo | null {
  return byName.get(name.toLowerCase()) ?? null;
}

export function resourceByKind(kind: string, group?: string): ResourceInfo | null {
  if (group !== undefined) return byKind.get(`${group}/${kind}`) ?? null;
  return RESOURCES.find((x) => x.kind === kind) ?? null;
}

/** "deployments.apps" / "pods": the resource string used in Status messages. */
export function qualifiedResource(ri: ResourceInfo): string {
  return ri.group ? `${ri.resource}.${ri.group}` : ri.resource;
}

export function apiVersionOf(ri: ResourceInfo): string {
  return ri.group ? `${ri.group}/${ri.version}` : ri.version;
}
