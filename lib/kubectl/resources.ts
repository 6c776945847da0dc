// Discovery data of a kubeadm 1.35 cluster (kubectl api-resources), used as the default
// when a cluster does not provide its own, and to resolve names like `po`, `deploy`,
// `deployments.apps`, `Deployment`.
import type { ApiResource } from "./cluster-api";

const V = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

function r(name: string, singularName: string, shortNames: string[], group: string, version: string, namespaced: boolean, kind: string, verbs = V, categories?: string[]): ApiResource {
  return { name, singularName, shortNames, group, version, namespaced, kind, verbs, ...(categories ? { categories } : {}) };
}

export const DEFAULT_RESOURCES: ApiResource[] = [
  r("bindings", "binding", [], "", "v1", true, "Binding", ["create"]),
  r("componentstatuses", "componentstatus", ["cs"], "", "v1", false, "ComponentStatus", ["get", "list"]),
  r("configmaps", "configmap", ["cm"], "", "v1", true, "ConfigMap"),
  r("endpoints", "endpoints", ["ep"], "", "v1", true, "Endpoints"),
  r("events", "event", ["ev"], "", "v1", true, "Event"),
  r("limitranges", "limitrange", ["limits"], "", "v1", true, "LimitRange"),
  r("namespaces", "namespace", ["ns"], "", "v1", false, "Namespace", ["create", "delete", "get", "list", "patch", "update", "watch"]),
  r("nodes", "node", ["no"], "", "v1", false, "Node"),
  r("persistentvolumeclaims", "persistentvolumeclaim", ["pvc"], "", "v1", true, "PersistentVolumeClaim"),
  r("persistentvolumes", "persistentvolume", ["pv"], "", "v1", false, "PersistentVolume"),
  r("pods", "pod", ["po"], "", "v1", true, "Pod", V, ["all"]),
  r("podtemplates", "podtemplate", [], "", "v1", true, "PodTemplate"),
  r("replicationcontrollers", "replicationcontroller", ["rc"], "", "v1", true, "ReplicationController", V, ["all"]),
  r("resourcequotas", "resourcequota", ["quota"], "", "v1", true, "ResourceQuota"),
  r("secrets", "secret", [], "", "v1", true, "Secret"),
  r("serviceaccounts", "serviceaccount", ["sa"], "", "v1", true, "ServiceAccount"),
  r("services", "service", ["svc"], "", "v1", true, "Service", ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], ["all"]),
  r("mutatingwebhookconfigurations", "mutatingwebhookconfiguration", [], "admissionregistration.k8s.io", "v1", false, "MutatingWebhookConfiguration"),
  r("validatingwebhookconfigurations", "validatingwebhookconfiguration", [], "admissionregistration.k8s.io", "v1", false, "ValidatingWebhookConfiguration"),
  r("customresourcedefinitions", "customresourcedefinition", ["crd", "crds"], "apiextensions.k8s.io", "v1", false, "CustomResourceDefinition"),
  r("apiservices", "apiservice", [], "apiregistration.k8s.io", "v1", false, "APIService"),
  r("controllerrevisions", "controllerrevision", [], "apps", "v1", true, "ControllerRevision"),
  r("daemonsets", "daemonset", ["ds"], "apps", "v1", true, "DaemonSet", V, ["all"]),
  r("deployments", "deployment", ["deploy"], "apps", "v1", true, "Deployment", V, ["all"]),
  r("replicasets", "replicaset", ["rs"], "apps", "v1", true, "ReplicaSet", V, ["all"]),
  r("statefulsets", "statefulset", ["sts"], "apps", "v1", true, "StatefulSet", V, ["all"]),
  r("selfsubjectreviews", "selfsubjectreview", [], "authentication.k8s.io", "v1", false, "SelfSubjectReview", ["create"]),
  r("tokenreviews", "tokenreview", [], "authentication.k8s.io", "v1", false, "TokenReview", ["create"]),
  r("localsubjectaccessreviews", "localsubjectaccessreview", [], "authorization.k8s.io", "v1", true, "LocalSubjectAccessReview", ["create"]),
  r("selfsubjectaccessreviews", "selfsubjectaccessreview", [], "authorization.k8s.io", "v1", false, "SelfSubjectAccessReview", ["create"]),
  r("selfsubjectrulesreviews", "selfsubjectrulesreview", [], "authorization.k8s.io", "v1", false, "SelfSubjectRulesReview", ["create"]),
  r("subjectaccessreviews", "subjectaccessreview", [], "authorization.k8s.io", "v1", false, "SubjectAccessReview", ["create"]),
  r("horizontalpodautoscalers", "horizontalpodautoscaler", ["hpa"], "autoscaling", "v2", true, "HorizontalPodAutoscaler", V, ["all"]),
  r("cronjobs", "cronjob", ["cj"], "batch", "v1", true, "CronJob", V, ["all"]),
  r("jobs", "job", [], "batch", "v1", true, "Job", V, ["all"]),
  r("certificatesigningrequests", "certificatesigningrequest", ["csr"], "certificates.k8s.io", "v1", false, "CertificateSigningRequest"),
  r("certificatesigningrequests", "certificatesigningrequest", ["csr"], "certificates.k8s.io", "v1", false, "CertificateSigningRequest"),
  r("leases", "lease", [], "coordination.k8s.io", "v1", true, "Lease"),
  r("endpointslices", "endpointslice", [], "discovery.k8s.io", "v1", true, "EndpointSlice"),
  r("events", "event", ["ev"], "events.k8s.io", "v1", true, "Event"),
  r("flowschemas", "flowschema", [], "flowcontrol.apiserver.k8s.io", "v1", false, "FlowSchema"),
  r("prioritylevelconfigurations", "prioritylevelconfiguration", [], "flowcontrol.apiserver.k8s.io", "v1", false, "PriorityLevelConfiguration"),
  r("nodes", "", [], "metrics.k8s.io", "v1beta1", false, "NodeMetrics", ["get", "list"]),
  r("pods", "", [], "metrics.k8s.io", "v1beta1", true, "PodMetrics", ["get", "list"]),
  r("ingressclasses", "ingressclass", [], "networking.k8s.io", "v1", false, "IngressClass"),
  r("ingresses", "ingress", ["ing"], "networking.k8s.io", "v1", true, "Ingress"),
  r("ipaddresses", "ipaddress", ["ip"], "networking.k8s.io", "v1", false, "IPAddress"),
  r("networkpolicies", "networkpolicy", ["netpol"], "networking.k8s.io", "v1", true, "NetworkPolicy"),
  r("servicecidrs", "servicecidr", [], "networking.k8s.io", "v1", false, "ServiceCIDR"),
  r("runtimeclasses", "runtimeclass", [], "node.k8s.io", "v1", false, "RuntimeClass"),
  r("poddisruptionbudgets", "poddisruptionbudget", ["pdb"], "policy", "v1", true, "PodDisruptionBudget"),
  r("clusterrolebindings", "clusterrolebinding", [], "rbac.authorization.k8s.io", "v1", false, "ClusterRoleBinding"),
  r("clusterroles", "clusterrole", [], "rbac.authorization.k8s.io", "v1", false, "ClusterRole"),
  r("rolebindings", "rolebinding", [], "rbac.authorization.k8s.io", "v1", true, "RoleBinding"),
  r("roles", "role", [], "rbac.authorization.k8s.io", "v1", true, "Role"),
  r("priorityclasses", "priorityclass", ["pc"], "scheduling.k8s.io", "v1", false, "PriorityClass"),
  r("csidrivers", "csidriver", [], "storage.k8s.io", "v1", false, "CSIDriver"),
  r("csinodes", "csinode", [], "storage.k8s.io", "v1", false, "CSINode"),
  r("csistoragecapacities", "csistoragecapacity", [], "storage.k8s.io", "v1", true, "CSIStorageCapacity"),
  r("storageclasses", "storageclass", ["sc"], "storage.k8s.io", "v1", false, "StorageClass"),
  r("volumeattachments", "volumeattachment", [], "storage.k8s.io", "v1", false, "VolumeAttachment"),
];

/** Resolve what a learner typed (`po`, `pods`, `pod`, `deploy`, `deployments.apps`, `Deployment`) to a resource. */
export function resolveResource(list: ApiResource[], typed: string): ApiResource | null {
  const t = typed.toLowerCase();
  // fully qualified: name.group or name.version.group
  const dot = t.indexOf(".");
  const candidates = list.filter((x) => x.group !== "metrics.k8s.io" && !(x.group === "events.k8s.io"));
  if (dot > 0) {
    const base = t.slice(0, dot);
    const rest = t.slice(dot + 1);
    const hit = list.find(
      (x) =>
        (x.name === base || x.singularName === base || x.shortNames.includes(base) || x.kind.toLowerCase() === base) &&
        (x.group === rest || `${x.version}.${x.group}` === rest || (rest === x.version && x.group === "")),
    );
    if (hit) return hit;
  }
  return (
    candidates.find((x) => x.name === t) ??
    candidates.find((x) => x.singularName === t) ??
    candidates.find((x) => x.shortNames.includes(t)) ??
    candidates.find((x) => x.kind.toLowerCase() === t) ??
    null
  );
}

/** Find the resource serving a manifest's apiVersion + kind. */
export function resourceForKind(list: ApiResource[], apiVersion: string, kind: string): ApiResource | null {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return list.find((x) => x.kind === kind && x.group === group && (x.version === version || servedVersions(x).includes(version))) ?? null;
}

/** Extra versions still served for a few groups (autoscaling/v1 HPAs, for example). */
function servedVersions(res: ApiResource): string[] {
  if (res.group === "autoscaling" && res.kind === "HorizontalPodAutoscaler") return ["v1", "v2"];
  return [res.version];
}

/** `deployment.apps`, `pod`: the singular prefix kubectl prints in `<res>/<name> created`. */
export function singularRef(res: ApiResource): string {
  const s = res.singularName || res.kind.toLowerCase();
  return res.group ? `${s}.${res.group}` : s;
}
