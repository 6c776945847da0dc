// Figure registry: <Figure name="..."> in a lesson looks its component up here.
import { ClusterArchitectureFigure } from "./cluster-architecture";
import { EtcdQuorumFigure } from "./etcd-quorum";
import { ApiserverRequestPathFigure } from "./apiserver-request-path";
import { ReconcileLoopFigure } from "./reconcile-loop";
import { SchedulerFilterScoreFigure } from "./scheduler-filter-score";
import { KubeletNodeFigure } from "./kubelet-node";
import { KubeProxyRulesFigure } from "./kube-proxy-rules";
import { PodAnatomyFigure } from "./pod-anatomy";
import { ProbeTimelineFigure } from "./probe-timeline";
import { RollingUpdateFigure } from "./rolling-update";

// lessons 11–20
import { WorkloadControllersFigure } from "./workload-controllers";
import { ServiceTypesFigure } from "./service-types";
import { IngressRoutingFigure } from "./ingress-routing";
import { SecretDeliveryFigure } from "./secret-delivery";
import { PvPvcBindingFigure } from "./pv-pvc-binding";
import { HpaLoopFigure } from "./hpa-loop";
import { TaintsTolerationsFigure } from "./taints-tolerations";
import { RbacBindingFigure } from "./rbac-binding";
import { ManifestAnatomyFigure } from "./manifest-anatomy";
import { EcosystemMapFigure } from "./ecosystem-map";

export const figures = {
  "cluster-architecture": ClusterArchitectureFigure,
  "etcd-quorum": EtcdQuorumFigure,
  "apiserver-request-path": ApiserverRequestPathFigure,
  "reconcile-loop": ReconcileLoopFigure,
  "scheduler-filter-score": SchedulerFilterScoreFigure,
  "kubelet-node": KubeletNodeFigure,
  "kube-proxy-rules": KubeProxyRulesFigure,
  "pod-anatomy": PodAnatomyFigure,
  "probe-timeline": ProbeTimelineFigure,
  "rolling-update": RollingUpdateFigure,
  // lessons 11–20
  "workload-controllers": WorkloadControllersFigure,
  "service-types": ServiceTypesFigure,
  "ingress-routing": IngressRoutingFigure,
  "secret-delivery": SecretDeliveryFigure,
  "pv-pvc-binding": PvPvcBindingFigure,
  "hpa-loop": HpaLoopFigure,
  "taints-tolerations": TaintsTolerationsFigure,
  "rbac-binding": RbacBindingFigure,
  "manifest-anatomy": ManifestAnatomyFigure,
  "ecosystem-map": EcosystemMapFigure,
};
