/** API defaulting (SetDefaults_* in pkg/apis/<group>/v1/defaults.go), per kind. */
import type { Obj } from "../util";
import { defaultCsiDriver } from "./csi";

function probeDefaults(p: Obj | undefined) {
  if (!p) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (p.httpGet) {
    p.httpGet.path ??= "/";
    p.httpGet.scheme ??= "HTTP";
  }
}

/** imagePullPolicy default: Always for `:latest` or no tag, else IfNotPresent (§4.2). */
export function defaultPullPolicy(image: string): string {
  const noDigest = !image.includes("@");
  const lastSeg = image.slice(image.lastIndexOf("/") + 1);
  const tag = lastSeg.includes(":") ? lastSeg.slice(lastSeg.indexOf(":") + 1) : "";
  return noDigest && (tag === "" || tag === "latest") ? "Always" : "IfNotPresent";
}

function containerDefaults(c: Obj) {
  if (typeof c.image === "string") c.imagePullPolicy ??= defaultPullPolicy(c.image);
  c.terminationMessagePath ??= "/dev/termination-log";
  c.terminationMessagePolicy ??= "File";
  c.resources ??= {};
  // Requests default to limits when only limits are set (§3.2).
  if (c.resources.limits) {
    c.resources.requests ??= {};
    for (const k of Object.keys(c.resources.limits)) c.resources.requests[k] ??= c.resources.limits[k];
  }
  for (const p of c.ports ?? []) p.protocol ??= "TCP";
  for (const e of c.env ?? []) if (e.valueFrom?.fieldRef) e.valueFrom.fieldRef.apiVersion ??= "v1";
  probeDefaults(c.livenessProbe);
  probeDefaults(c.readinessProbe);
  probeDefaults(c.startupProbe);
}

export function defaultPodSpec(spec: Obj | undefined) {
  if (!spec) return;
  spec.restartPolicy ??= "Always";
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= "ClusterFirst";
  spec.securityContext ??= {};
  spec.schedulerName ??= "default-scheduler";
  spec.enableServiceLinks ??= true;
  for (const c of spec.initContainers ?? []) containerDefaults(c);
  for (const c of spec.containers ?? []) containerDefaults(c);
  for (const v of spec.volumes ?? []) {
    if (v.configMap) v.configMap.defaultMode ??= 420;
    if (v.secret) v.secret.defaultMode ??= 420;
    if (v.projected) v.projected.defaultMode ??= 420;
    if (v.hostPath) v.hostPath.type ??= "";
  }
}

function templateDefaults(t: Obj | undefined) {
  if (!t) return;
  t.metadata ??= {};
  dropZeroTimestamp(t.metadata);
  defaultPodSpec(t.spec);
}

/**
 * A manifest's `creationTimestamp: null` (what kubectl printed before 1.34) decodes to the zero time, which the
 * API server no longer serializes since kubernetes#130989 (CHANGELOG-1.34): a template read back has no such key.
 */
function dropZeroTimestamp(meta: Obj | undefined) {
  if (meta && "creationTimestamp" in meta && meta.creationTimestamp == null) delete meta.creationTimestamp;
}

/** Apply the API defaults for `obj` (mutates). */
export function applyDefaults(obj: Obj): void {
  const spec = obj.spec;
  switch (obj.kind) {
    case "Pod":
      defaultPodSpec(spec);
      if (spec) {
        spec.priority ??= 0;
        spec.preemptionPolicy ??= "PreemptLowerPriority";
      }
      break;
    case "Deployment":
      if (!spec) return;
      spec.replicas ??= 1;
      spec.strategy ??= {};
      spec.strategy.type ??= "RollingUpdate";
      if (spec.strategy.type === "RollingUpdate") {
        spec.strategy.rollingUpdate ??= {};
        spec.strategy.rollingUpdate.maxUnavailable ??= "25%";
        spec.strategy.rollingUpdate.maxSurge ??= "25%";
      }
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      templateDefaults(spec.template);
      break;
    case "ReplicaSet":
    case "ReplicationController":
      if (!spec) return;
      spec.replicas ??= 1;
      templateDefaults(spec.template);
      break;
    case "DaemonSet":
      if (!spec) return;
      spec.updateStrategy ??= { type: "RollingUpdate" };
      if (spec.updateStrategy.type === "RollingUpdate") spec.updateStrategy.rollingUpdate ??= { maxUnavailable: 1, maxSurge: 0 };
      spec.revisionHistoryLimit ??= 10;
      templateDefaults(spec.template);
      break;
    case "StatefulSet":
      if (!spec) return;
      spec.replicas ??= 1;
      spec.podManagementPolicy ??= "OrderedReady";
      spec.updateStrategy ??= { type: "RollingUpdate", rollingUpdate: { partition: 0 } };
      spec.revisionHistoryLimit ??= 10;
      spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: "Retain", whenScaled: "Retain" };
      for (const t of spec.volumeClaimTemplates ?? []) {
        t.apiVersion ??= "v1";
        t.kind ??= "PersistentVolumeClaim";
        t.spec ??= {};
        t.spec.volumeMode ??= "Filesystem";
      }
      templateDefaults(spec.template);
      break;
    case "Job":
      if (!spec) return;
      if (spec.completions === undefined && spec.parallelism === undefined) {
        spec.completions = 1;
        spec.parallelism = 1;
      }
      spec.parallelism ??= 1;
      spec.backoffLimit ??= 6;
      spec.completionMode ??= "NonIndexed";
      spec.suspend ??= false;
      spec.podReplacementPolicy ??= "TerminatingOrFailed";
      spec.manualSelector ??= undefined;
      templateDefaults(spec.template);
      break;
    case "CronJob":
      if (!spec) return;
      spec.concurrencyPolicy ??= "Allow";
      spec.suspend ??= false;
      spec.successfulJobsHistoryLimit ??= 3;
      spec.failedJobsHistoryLimit ??= 1;
      dropZeroTimestamp(spec.jobTemplate?.metadata);
      if (spec.jobTemplate?.spec) {
        spec.jobTemplate.spec.backoffLimit ??= 6;
        templateDefaults(spec.jobTemplate.spec.template);
      }
      break;
    case "Service":
      if (!spec) return;
      spec.type ??= "ClusterIP";
      spec.sessionAffinity ??= "None";
      for (const p of spec.ports ?? []) {
        p.protocol ??= "TCP";
        if (spec.type !== "ExternalName") p.targetPort ??= p.port;
      }
      if (spec.type !== "ExternalName") {
        spec.ipFamilies ??= ["IPv4"];
        spec.ipFamilyPolicy ??= "SingleStack";
        spec.internalTrafficPolicy ??= "Cluster";
      }
      if (spec.type === "NodePort" || spec.type === "LoadBalancer") spec.externalTrafficPolicy ??= "Cluster";
      if (spec.type === "LoadBalancer") spec.allocateLoadBalancerNodePorts ??= true;
      break;
    case "Namespace":
      obj.spec ??= {};
      obj.spec.finalizers ??= ["kubernetes"];
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), "kubernetes.io/metadata.name": obj.metadata.name };
      break;
    case "Secret":
      obj.type ??= "Opaque";
      break;
    case "HorizontalPodAutoscaler":
      if (!spec) return;
      spec.minReplicas ??= 1;
      if (!spec.metrics || spec.metrics.length === 0) {
        spec.metrics = [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }];
      }
      // SetDefaults_HorizontalPodAutoscalerBehavior (pkg/apis/autoscaling/v2/defaults.go): a behavior that is
      // set at all gets both directions filled field by field; scale-down keeps no stabilization window (the
      // controller's --horizontal-pod-autoscaler-downscale-stabilization applies).
      if (spec.behavior && typeof spec.behavior === "object") {
        const b = spec.behavior;
        const fill = (from: Obj | undefined | null, to: Obj): Obj => {
          if (!from || typeof from !== "object") return to;
          for (const k of ["selectPolicy", "stabilizationWindowSeconds", "policies", "tolerance"]) if (from[k] !== undefined && from[k] !== null) to[k] = from[k];
          return to;
        };
        b.scaleUp = fill(b.scaleUp, { stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [{ type: "Pods", value: 4, periodSeconds: 15 }, { type: "Percent", value: 100, periodSeconds: 15 }] });
        b.scaleDown = fill(b.scaleDown, { selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] });
      }
      break;
    case "PersistentVolumeClaim":
      if (!spec) return;
      spec.volumeMode ??= "Filesystem";
      break;
    case "PersistentVolume":
      if (!spec) return;
      spec.persistentVolumeReclaimPolicy ??= spec.claimRef ? "Delete" : "Retain";
      spec.volumeMode ??= "Filesystem";
      break;
    case "Ingress":
      for (const rule of spec?.rules ?? []) for (const p of rule.http?.paths ?? []) p.path ??= p.pathType === "ImplementationSpecific" ? undefined : p.path;
      break;
    case "StorageClass":
      obj.reclaimPolicy ??= "Delete";
      obj.volumeBindingMode ??= "Immediate";
      break;
    case "CSIDriver":
      defaultCsiDriver(obj);
      break;
    case "PodDisruptionBudget":
      break;
    case "ServiceAccount":
    case "ConfigMap":
    default:
      break;
  }
}
