/** API validation (pkg/apis/<group>/validation), the subset learners hit, with real texts (§8.3). */
import type { FieldError } from "../errors";
import { canonicalQuantity, deepEqual, matchesSelector, parseQuantity, stableStringify, type Obj } from "../util";
import { validateCsiCreate, validateCsiUpdate } from "./csi";
import { validateCsrCreate } from "./csr";
import { goDiff, type GoValue } from "./go-diff";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Message texts from apimachinery pkg/util/validation (note the two spaces before "or"). */
export const DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
export const DNS1123_LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
export const DNS1035_LABEL_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

export function dns1123Subdomain(v: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (v.length > 253) errs.push({ type: "Invalid value", field, value: v, detail: "must be no more than 253 characters" });
  if (!DNS1123_SUBDOMAIN.test(v)) errs.push({ type: "Invalid value", field, value: v, detail: DNS1123_SUBDOMAIN_MSG });
  return errs;
}
export function dns1123Label(v: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (v.length > 63) errs.push({ type: "Invalid value", field, value: v, detail: "must be no more than 63 characters" });
  if (!DNS1123_LABEL.test(v)) errs.push({ type: "Invalid value", field, value: v, detail: DNS1123_LABEL_MSG });
  return errs;
}
export function dns1035Label(v: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (v.length > 63) errs.push({ type: "Invalid value", field, value: v, detail: "must be no more than 63 characters" });
  if (!DNS1035_LABEL.test(v)) errs.push({ type: "Invalid value", field, value: v, detail: DNS1035_LABEL_MSG });
  return errs;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

function validateLabels(labels: Obj | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    const name = k.includes("/") ? k.slice(k.indexOf("/") + 1) : k;
    if (!QUALIFIED_NAME.test(name) || name.length > 63) {
      errs.push({ type: "Invalid value", field, value: k, detail: "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')" });
    }
    if (typeof v !== "string" || !LABEL_VALUE.test(v) || v.length > 63) {
      errs.push({ type: "Invalid value", field: `${field}`, value: v, detail: "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')" });
    }
  }
  return errs;
}

/** Which name rule each kind uses (ValidateObjectMeta nameFn). */
function nameRule(kind: string): "subdomain" | "label" | "dns1035" | "path" {
  if (kind === "Namespace") return "label";
  if (kind === "Service") return "dns1035";
  if (["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"].includes(kind)) return "path";
  return "subdomain";
}

export function validateMeta(obj: Obj): FieldError[] {
  const m = obj.metadata ?? {};
  const errs: FieldError[] = [];
  if (!m.name) {
    errs.push({ type: "Required value", field: "metadata.name", detail: "name or generateName is required" });
  } else {
    const rule = nameRule(obj.kind);
    if (rule === "subdomain") errs.push(...dns1123Subdomain(m.name, "metadata.name"));
    else if (rule === "label") errs.push(...dns1123Label(m.name, "metadata.name"));
    else if (rule === "dns1035") errs.push(...dns1035Label(m.name, "metadata.name"));
    else if (m.name === "." || m.name === ".." || /[/%]/.test(m.name)) errs.push({ type: "Invalid value", field: "metadata.name", value: m.name, detail: "may not contain '/'" });
  }
  errs.push(...validateLabels(m.labels, "metadata.labels"));
  return errs;
}

const RESTART = ["Always", "OnFailure", "Never"];

function validateProbe(p: Obj | undefined, field: string, kind: "liveness" | "readiness" | "startup"): FieldError[] {
  if (!p) return [];
  const errs: FieldError[] = [];
  const handlers = ["exec", "httpGet", "tcpSocket", "grpc"].filter((h) => p[h]);
  if (handlers.length === 0) errs.push({ type: "Required value", field, detail: "must specify a handler type" });
  if (handlers.length > 1) errs.push({ type: "Forbidden", field: `${field}.${handlers[1]}`, detail: "may not specify more than 1 handler type" });
  if (kind !== "readiness" && p.successThreshold !== undefined && p.successThreshold !== 1) {
    errs.push({ type: "Invalid value", field: `${field}.successThreshold`, value: p.successThreshold, detail: "must be 1" });
  }
  for (const f of ["periodSeconds", "timeoutSeconds", "successThreshold", "failureThreshold"]) {
    if (p[f] !== undefined && p[f] < 1) errs.push({ type: "Invalid value", field: `${field}.${f}`, value: p[f], detail: "must be greater than or equal to 1" });
  }
  return errs;
}

function validateContainer(c: Obj, field: string, volumes: Set<string>, isInit: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push({ type: "Required value", field: `${field}.name` });
  else errs.push(...dns1123Label(c.name, `${field}.name`));
  if (!c.image) errs.push({ type: "Required value", field: `${field}.image` });
  for (const [i, p] of (c.ports ?? []).entries()) {
    if (typeof p.containerPort !== "number" || p.containerPort < 1 || p.containerPort > 65535) {
      errs.push({ type: "Invalid value", field: `${field}.ports[${i}].containerPort`, value: p.containerPort, detail: "must be between 1 and 65535, inclusive" });
    }
    if (p.protocol && !["TCP", "UDP", "SCTP"].includes(p.protocol)) errs.push({ type: "Unsupported value", field: `${field}.ports[${i}].protocol`, value: p.protocol, detail: 'supported values: "SCTP", "TCP", "UDP"' });
  }
  for (const [i, m] of (c.volumeMounts ?? []).entries()) {
    if (!volumes.has(m.name)) errs.push({ type: "Not found", field: `${field}.volumeMounts[${i}].name`, value: m.name });
    if (!m.mountPath) errs.push({ type: "Required value", field: `${field}.volumeMounts[${i}].mountPath` });
  }
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  for (const [res, q] of Object.entries({ ...req, ...lim })) {
    if (!Number.isFinite(parseQuantity(q))) {
      errs.push({ type: "Invalid value", field: `${field}.resources`, value: q, detail: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'" });
    } else if (res in req && res in lim && parseQuantity(req[res]) > parseQuantity(lim[res])) {
      errs.push({ type: "Invalid value", field: `${field}.resources.requests`, value: req[res], detail: `must be less than or equal to ${res} limit of ${lim[res]}` });
    }
  }
  if (!isInit || c.restartPolicy !== "Always") {
    errs.push(...validateProbe(c.livenessProbe, `${field}.livenessProbe`, "liveness"));
    errs.push(...validateProbe(c.readinessProbe, `${field}.readinessProbe`, "readiness"));
    errs.push(...validateProbe(c.startupProbe, `${field}.startupProbe`, "startup"));
  }
  if (isInit && c.restartPolicy !== "Always") {
    for (const p of ["livenessProbe", "readinessProbe", "startupProbe"]) {
      if (c[p]) errs.push({ type: "Forbidden", field: `${field}.${p}`, detail: "may not be set for init containers without restartPolicy=Always" });
    }
  }
  return errs;
}

export function validatePodSpec(spec: Obj | undefined, field: string, allowedRestart = RESTART, extraVolumes: string[] = []): FieldError[] {
  const errs: FieldError[] = [];
  if (!spec) return [{ type: "Required value", field }];
  const volumes = new Set<string>(extraVolumes);
  for (const [i, v] of (spec.volumes ?? []).entries()) {
    if (!v.name) errs.push({ type: "Required value", field: `${field}.volumes[${i}].name` });
    else {
      errs.push(...dns1123Label(v.name, `${field}.volumes[${i}].name`));
      if (volumes.has(v.name)) errs.push({ type: "Duplicate value", field: `${field}.volumes[${i}].name`, value: v.name });
      volumes.add(v.name);
    }
    const sources = Object.keys(v).filter((k) => k !== "name");
    if (sources.length === 0) errs.push({ type: "Required value", field: `${field}.volumes[${i}]`, detail: "must specify a volume type" });
  }
  if (!spec.containers || spec.containers.length === 0) errs.push({ type: "Required value", field: `${field}.containers` });
  const names = new Set<string>();
  for (const [i, c] of (spec.initContainers ?? []).entries()) {
    errs.push(...validateContainer(c, `${field}.initContainers[${i}]`, volumes, true));
    names.add(c.name);
  }
  for (const [i, c] of (spec.containers ?? []).entries()) {
    errs.push(...validateContainer(c, `${field}.containers[${i}]`, volumes, false));
    if (c.name && names.has(c.name)) errs.push({ type: "Duplicate value", field: `${field}.containers[${i}].name`, value: c.name });
    names.add(c.name);
  }
  if (spec.restartPolicy && !allowedRestart.includes(spec.restartPolicy)) {
    errs.push({ type: "Unsupported value", field: `${field}.restartPolicy`, value: spec.restartPolicy, detail: `supported values: ${allowedRestart.map((x) => `"${x}"`).join(", ")}` });
  }
  for (const [i, t] of (spec.tolerations ?? []).entries()) {
    if (t.operator && t.operator !== "Equal" && t.operator !== "Exists") {
      errs.push({ type: "Unsupported value", field: `${field}.tolerations[${i}].operator`, value: t.operator, detail: 'supported values: "Equal", "Exists"' });
    }
    if (t.operator === "Exists" && t.value) errs.push({ type: "Invalid value", field: `${field}.tolerations[${i}].operator`, value: t.value, detail: "value must be empty when `operator` is 'Exists'" });
    if (t.effect && !["NoSchedule", "PreferNoSchedule", "NoExecute"].includes(t.effect)) {
      errs.push({ type: "Unsupported value", field: `${field}.tolerations[${i}].effect`, value: t.effect, detail: 'supported values: "NoExecute", "NoSchedule", "PreferNoSchedule"' });
    }
  }
  if (spec.dnsPolicy && !["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"].includes(spec.dnsPolicy)) {
    errs.push({ type: "Unsupported value", field: `${field}.dnsPolicy`, value: spec.dnsPolicy, detail: 'supported values: "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"' });
  }
  return errs;
}

function validateSelectorTemplate(spec: Obj, field = "spec"): FieldError[] {
  const errs: FieldError[] = [];
  const sel = spec.selector;
  if (!sel) errs.push({ type: "Required value", field: `${field}.selector` });
  else if (!sel.matchLabels && !sel.matchExpressions) {
    errs.push({ type: "Invalid value", field: `${field}.selector`, value: sel, detail: "empty selector is invalid for deployment" });
  }
  const labels = spec.template?.metadata?.labels;
  if (sel && (sel.matchLabels || sel.matchExpressions) && !matchesSelector(sel, labels)) {
    errs.push({ type: "Invalid value", field: `${field}.template.metadata.labels`, value: labels ?? {}, detail: "`selector` does not match template `labels`" });
  }
  return errs;
}

function nonNeg(v: unknown, field: string): FieldError[] {
  return typeof v === "number" && v < 0 ? [{ type: "Invalid value", field, value: v, detail: "must be greater than or equal to 0" }] : [];
}

/** Validate a new object (ValidateXxx). */
export function validateCreate(obj: Obj): FieldError[] {
  const errs = validateMeta(obj);
  const spec = obj.spec;
  switch (obj.kind) {
    case "Pod":
      errs.push(...validatePodSpec(spec, "spec"));
      break;
    case "Deployment": {
      if (!spec) return [...errs, { type: "Required value", field: "spec" }];
      errs.push(...nonNeg(spec.replicas, "spec.replicas"));
      errs.push(...validateSelectorTemplate(spec));
      errs.push(...validatePodSpec(spec.template?.spec, "spec.template.spec", ["Always"]));
      const ru = spec.strategy?.rollingUpdate;
      if (spec.strategy?.type === "RollingUpdate" && ru) {
        const zero = (x: unknown) => x === 0 || x === "0%";
        if (zero(ru.maxSurge) && zero(ru.maxUnavailable)) {
          errs.push({ type: "Invalid value", field: "spec.strategy.rollingUpdate.maxUnavailable", value: ru.maxUnavailable, detail: "may not be 0 when `maxSurge` is 0" });
        }
      }
      if (spec.strategy?.type === "Recreate" && spec.strategy.rollingUpdate) {
        errs.push({ type: "Forbidden", field: "spec.strategy.rollingUpdate", detail: "may not be specified when strategy `type` is 'Recreate'" });
      }
      if (spec.strategy?.type && !["RollingUpdate", "Recreate"].includes(spec.strategy.type)) {
        errs.push({ type: "Unsupported value", field: "spec.strategy.type", value: spec.strategy.type, detail: 'supported values: "Recreate", "RollingUpdate"' });
      }
      break;
    }
    case "ReplicaSet":
    case "DaemonSet":
    case "StatefulSet":
      if (!spec) return [...errs, { type: "Required value", field: "spec" }];
      errs.push(...nonNeg(spec.replicas, "spec.replicas"));
      errs.push(...validateSelectorTemplate(spec));
      errs.push(...validatePodSpec(spec.template?.spec, "spec.template.spec", ["Always"], (spec.volumeClaimTemplates ?? []).map((t: Obj) => t.metadata?.name)));
      break;
    case "Job":
      if (!spec) return [...errs, { type: "Required value", field: "spec" }];
      errs.push(...validatePodSpec(spec.template?.spec, "spec.template.spec", ["OnFailure", "Never"]));
      if (spec.template?.spec && !spec.template.spec.restartPolicy) errs.push({ type: "Required value", field: "spec.template.spec.restartPolicy" });
      errs.push(...nonNeg(spec.parallelism, "spec.parallelism"), ...nonNeg(spec.completions, "spec.completions"), ...nonNeg(spec.backoffLimit, "spec.backoffLimit"));
      break;
    case "CronJob":
      if (!spec) return [...errs, { type: "Required value", field: "spec" }];
      if (!spec.schedule) errs.push({ type: "Required value", field: "spec.schedule" });
      else if (!parseCronValid(spec.schedule)) errs.push({ type: "Invalid value", field: "spec.schedule", value: spec.schedule, detail: `unparseable schedule: ${spec.schedule}` });
      errs.push(...validatePodSpec(spec.jobTemplate?.spec?.template?.spec, "spec.jobTemplate.spec.template.spec", ["OnFailure", "Never"]));
      if (obj.metadata?.name && obj.metadata.name.length > 52) errs.push({ type: "Invalid value", field: "metadata.name", value: obj.metadata.name, detail: "must be no more than 52 characters" });
      break;
    case "Service": {
      if (!spec) return [...errs, { type: "Required value", field: "spec" }];
      const type = spec.type ?? "ClusterIP";
      if (!["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"].includes(type)) {
        errs.push({ type: "Unsupported value", field: "spec.type", value: type, detail: 'supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"' });
      }
      if (type !== "ExternalName" && !(spec.ports?.length) && spec.clusterIP !== "None") errs.push({ type: "Required value", field: "spec.ports" });
      if (type === "ExternalName" && !spec.externalName) errs.push({ type: "Required value", field: "spec.externalName" });
      const seen = new Set<string>();
      for (const [i, p] of (spec.ports ?? []).entries()) {
        if (typeof p.port !== "number" || p.port < 1 || p.port > 65535) errs.push({ type: "Invalid value", field: `spec.ports[${i}].port`, value: p.port, detail: "must be between 1 and 65535, inclusive" });
        if ((spec.ports.length > 1) && !p.name) errs.push({ type: "Required value", field: `spec.ports[${i}].name` });
        const key = `${p.port}/${p.protocol ?? "TCP"}`;
        if (seen.has(key)) errs.push({ type: "Duplicate value", field: `spec.ports[${i}]`, value: { port: p.port, protocol: p.protocol ?? "TCP" }, hasValue: true });
        seen.add(key);
        if (p.nodePort !== undefined) {
          if (type === "ClusterIP") errs.push({ type: "Forbidden", field: `spec.ports[${i}].nodePort`, detail: "may not be used when `type` is 'ClusterIP'" });
          else if (p.nodePort < 30000 || p.nodePort > 32767) errs.push({ type: "Invalid value", field: `spec.ports[${i}].nodePort`, value: p.nodePort, detail: "provided port is not in the valid range. The range of valid ports is 30000-32767" });
        }
      }
      break;
    }
    case "ConfigMap":
    case "Secret":
      for (const k of [...Object.keys(obj.data ?? {}), ...Object.keys(obj.binaryData ?? {}), ...Object.keys(obj.stringData ?? {})]) {
        if (!CONFIG_KEY.test(k)) errs.push({ type: "Invalid value", field: `data[${k}]`, value: k, detail: "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')" });
      }
      if (obj.kind === "Secret" && obj.type === "kubernetes.io/tls") {
        for (const k of ["tls.crt", "tls.key"]) if (!(k in (obj.data ?? {}))) errs.push({ type: "Required value", field: `data[${k}]` });
      }
      if (obj.kind === "Secret" && obj.type === "kubernetes.io/basic-auth" && !("username" in (obj.data ?? {})) && !("password" in (obj.data ?? {}))) {
        errs.push({ type: "Required value", field: "data[username]", detail: "either username or password must be specified" });
      }
      break;
    case "HorizontalPodAutoscaler":
      if (!spec?.scaleTargetRef?.name) errs.push({ type: "Required value", field: "spec.scaleTargetRef.name" });
      if (spec && (spec.maxReplicas === undefined || spec.maxReplicas < 1)) errs.push({ type: "Invalid value", field: "spec.maxReplicas", value: spec.maxReplicas ?? 0, detail: "must be greater than or equal to 1" });
      if (spec && spec.minReplicas !== undefined && spec.maxReplicas !== undefined && spec.minReplicas > spec.maxReplicas) {
        errs.push({ type: "Invalid value", field: "spec.maxReplicas", value: spec.maxReplicas, detail: "must be greater than or equal to `minReplicas`" });
      }
      break;
    case "PersistentVolumeClaim":
      if (!spec?.accessModes?.length) errs.push({ type: "Required value", field: "spec.accessModes", detail: "at least 1 access mode is required" });
      if (!spec?.resources?.requests?.storage && !spec?.volumeName) errs.push({ type: "Required value", field: "spec.resources[storage]" });
      break;
    case "Ingress":
      for (const [i, rule] of (spec?.rules ?? []).entries()) {
        for (const [j, p] of (rule.http?.paths ?? []).entries()) {
          if (!p.pathType) errs.push({ type: "Required value", field: `spec.rules[${i}].http.paths[${j}].pathType`, detail: "pathType must be specified" });
          else if (!["Exact", "Prefix", "ImplementationSpecific"].includes(p.pathType)) errs.push({ type: "Unsupported value", field: `spec.rules[${i}].http.paths[${j}].pathType`, value: p.pathType, detail: 'supported values: "Exact", "ImplementationSpecific", "Prefix"' });
          else errs.push(...ingressPathErrors(p.pathType, p.path ?? "", `spec.rules[${i}].http.paths[${j}].path`));
        }
      }
      break;
    case "PriorityClass":
      // scheduling/validation ValidatePriorityClass: above HighestUserDefinablePriority (1e9) only the built-in
      // system- classes may go
      if (!String(obj.metadata?.name ?? "").startsWith("system-") && typeof obj.value === "number" && obj.value > 1_000_000_000) {
        errs.push({ type: "Forbidden", field: "value", detail: "maximum allowed value of a user defined priority is 1000000000" });
      }
      break;
    case "CSIDriver":
    case "CSINode":
    case "CSIStorageCapacity":
    case "VolumeAttachment":
      errs.push(...validateCsiCreate(obj));
      break;
    case "CertificateSigningRequest":
      errs.push(...validateCsrCreate(obj));
      break;
  }
  return errs;
}

function parseCronValid(s: string): boolean {
  if (/^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/.test(s.trim())) return true;
  const parts = s.trim().split(/\s+/);
  return parts.length === 5 && parts.every((p) => /^[\d*/,\-A-Za-z?]+$/.test(p));
}

const POD_UPDATE_MSG = "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

/** Validate an update against the stored object: immutable fields (ValidateXxxUpdate). */
export function validateUpdate(obj: Obj, old: Obj): FieldError[] {
  const errs = validateCreate(obj);
  const same = (a: unknown, b: unknown) => deepEqual(a ?? null, b ?? null);
  switch (obj.kind) {
    case "Deployment":
    case "ReplicaSet":
    case "DaemonSet":
    case "StatefulSet":
      if (!same(obj.spec?.selector, old.spec?.selector)) errs.push({ type: "Invalid value", field: "spec.selector", value: obj.spec?.selector, detail: "field is immutable" });
      if (obj.kind === "StatefulSet") {
        const strip = (s: Obj) => ({ ...s, replicas: 0, template: 0, updateStrategy: 0, persistentVolumeClaimRetentionPolicy: 0, minReadySeconds: 0, ordinals: 0, revisionHistoryLimit: 0 });
        if (!same(strip(obj.spec ?? {}), strip(old.spec ?? {}))) errs.push({ type: "Forbidden", field: "spec", detail: "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden" });
      }
      break;
    case "Job":
      if (!same(obj.spec?.template, old.spec?.template)) errs.push({ type: "Invalid value", field: "spec.template", value: obj.spec?.template, detail: "field is immutable" });
      if (!same(obj.spec?.completions, old.spec?.completions)) errs.push({ type: "Invalid value", field: "spec.completions", value: obj.spec?.completions, detail: "field is immutable" });
      break;
    case "Pod": {
      const strip = (s: Obj | undefined) => {
        const c = JSON.parse(JSON.stringify(s ?? {}));
        for (const x of c.containers ?? []) delete x.image;
        for (const x of c.initContainers ?? []) delete x.image;
        delete c.activeDeadlineSeconds;
        delete c.tolerations;
        delete c.terminationGracePeriodSeconds;
        return c;
      };
      if (!same(strip(obj.spec), strip(old.spec))) errs.push({ type: "Forbidden", field: "spec", detail: POD_UPDATE_MSG });
      break;
    }
    case "Service":
      if (old.spec?.clusterIP && obj.spec?.clusterIP && obj.spec.clusterIP !== old.spec.clusterIP && old.spec.type === obj.spec.type) {
        errs.push({ type: "Invalid value", field: "spec.clusterIPs[0]", value: obj.spec.clusterIP, detail: "field is immutable" });
      }
      break;
    case "ConfigMap":
    case "Secret":
      if (old.immutable === true) {
        if (obj.immutable !== true) errs.push({ type: "Forbidden", field: "immutable", detail: "field is immutable when `immutable` is set" });
        if (!same(obj.data, old.data)) errs.push({ type: "Forbidden", field: "data", detail: "field is immutable when `immutable` is set" });
        if (!same(obj.binaryData, old.binaryData) && obj.kind === "ConfigMap") errs.push({ type: "Forbidden", field: "binaryData", detail: "field is immutable when `immutable` is set" });
      }
      if (obj.kind === "Secret" && (obj.type ?? "Opaque") !== (old.type ?? "Opaque")) errs.push({ type: "Invalid value", field: "type", value: obj.type, detail: "field is immutable" });
      break;
    case "PersistentVolumeClaim":
      errs.push(...validatePvcUpdate(obj, old));
      break;
    case "CSIDriver":
    case "CSINode":
    case "CSIStorageCapacity":
    case "VolumeAttachment":
      errs.push(...validateCsiUpdate(obj, old));
      break;
  }
  return errs;
}

const BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

/**
 * The internal core.PersistentVolumeClaimSpec as json.Marshal prints it: Go field names, every
 * field present (internal types have no json tags), nil as null. `q` renders a Quantity.
 */
function pvcSpecGo(spec: Obj, q: (v: unknown) => GoValue): GoValue {
  const str = (v: unknown): GoValue => (v === undefined || v === null ? null : String(v));
  const strs = (v: unknown): GoValue => (Array.isArray(v) ? v.map(String) : null);
  const quantities = (v: unknown): GoValue => (v && typeof v === "object" ? new Map(Object.entries(v).map(([k, x]) => [k, q(x)])) : null);
  const ref = (r: Obj | undefined, namespaced: boolean): GoValue => {
    if (!r) return null;
    const o: Record<string, GoValue> = { APIGroup: str(r.apiGroup), Kind: String(r.kind ?? ""), Name: String(r.name ?? "") };
    if (namespaced) o.Namespace = str(r.namespace);
    return o;
  };
  // metav1.LabelSelector keeps its json tags (omitempty)
  const selector = (s: Obj | undefined): GoValue => {
    if (!s) return null;
    const o: Record<string, GoValue> = {};
    if (s.matchLabels && Object.keys(s.matchLabels).length) o.matchLabels = new Map(Object.entries(s.matchLabels).map(([k, v]) => [k, String(v)]));
    if (s.matchExpressions?.length) {
      o.matchExpressions = s.matchExpressions.map((e: Obj) => ({ key: String(e.key ?? ""), operator: String(e.operator ?? ""), ...(e.values?.length ? { values: e.values.map(String) } : {}) }));
    }
    return o;
  };
  return {
    AccessModes: strs(spec.accessModes),
    Selector: selector(spec.selector),
    Resources: spec.resources ? { Limits: quantities(spec.resources.limits), Requests: quantities(spec.resources.requests) } : { Limits: null, Requests: null },
    VolumeName: String(spec.volumeName ?? ""),
    StorageClassName: str(spec.storageClassName),
    VolumeMode: str(spec.volumeMode),
    DataSource: ref(spec.dataSource, false),
    DataSourceRef: ref(spec.dataSourceRef, true),
    VolumeAttributesClassName: str(spec.volumeAttributesClassName),
  };
}

/** apiequality.Semantic.DeepEqual of two PVC specs: nil and empty slices/maps are equal, quantities by value. */
function pvcSpecsEqual(a: Obj, b: Obj): boolean {
  const norm = (v: GoValue): unknown => {
    if (v instanceof Map) return v.size ? Object.fromEntries([...v].map(([k, x]) => [k, norm(x)])) : null;
    if (Array.isArray(v)) return v.length ? v.map(norm) : null;
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, norm(x)]));
    return v;
  };
  const key = (s: Obj) => stableStringify(norm(pvcSpecGo(s, (x) => parseQuantity(x))));
  return key(a) === key(b);
}

/**
 * ValidatePersistentVolumeClaimUpdate (pkg/apis/core/validation/validation.go, 1.34+): after
 * creation only resources.requests and volumeAttributesClassName may change, and only on a bound
 * claim; volumeName may be set once, storageClassName may go from nil to a value. The Forbidden
 * detail carries diff.Diff of the two internal specs (old first), as kubectl prints it. With
 * RecoverVolumeExpansionFailure (GA in 1.34) the request may shrink, but not to status.capacity
 * or below. Growing is checked by the PersistentVolumeClaimResize admission plugin (admission.ts).
 */
function validatePvcUpdate(obj: Obj, old: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const spec: Obj = obj.spec ?? {};
  const oldSpec: Obj = old.spec ?? {};
  const next: Obj = JSON.parse(JSON.stringify(spec));
  const prev: Obj = JSON.parse(JSON.stringify(oldSpec));
  if (!oldSpec.volumeName) prev.volumeName = next.volumeName;
  const oldAnn: Obj = old.metadata?.annotations ?? {};
  const newAnn: Obj = obj.metadata?.annotations ?? {};
  const upgradeFromAnnotation = BETA_STORAGE_CLASS in oldAnn && oldSpec.storageClassName == null && spec.storageClassName != null &&
    spec.storageClassName === oldAnn[BETA_STORAGE_CLASS] && (!(BETA_STORAGE_CLASS in newAnn) || newAnn[BETA_STORAGE_CLASS] === oldAnn[BETA_STORAGE_CLASS]);
  if (upgradeFromAnnotation) delete next.storageClassName;
  else {
    if ((newAnn[BETA_STORAGE_CLASS] ?? "") !== (oldAnn[BETA_STORAGE_CLASS] ?? "")) {
      errs.push({ type: "Invalid value", field: `metadata.annotations.${BETA_STORAGE_CLASS}`, value: newAnn[BETA_STORAGE_CLASS] ?? "", detail: "field is immutable" });
    }
    // a claim without a class may get one (retroactive default StorageClass assignment)
    if (spec.storageClassName != null && oldSpec.storageClassName == null && (!(BETA_STORAGE_CLASS in oldAnn) || spec.storageClassName === oldAnn[BETA_STORAGE_CLASS])) {
      delete next.storageClassName;
    }
  }
  const bound = obj.status?.phase === "Bound";
  if (bound && next.resources?.requests) next.resources.requests.storage = oldSpec.resources?.requests?.storage ?? "0";
  if (bound && next.volumeAttributesClassName != null) next.volumeAttributesClassName = prev.volumeAttributesClassName;
  if (!pvcSpecsEqual(next, prev)) {
    const diff = goDiff(pvcSpecGo(prev, (x) => canonicalQuantity(String(x))), pvcSpecGo(next, (x) => canonicalQuantity(String(x))));
    errs.push({ type: "Forbidden", field: "spec", detail: `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${diff}` });
  }
  const size = (v: unknown) => (v === undefined ? 0 : parseQuantity(v));
  const newSize = size(spec.resources?.requests?.storage);
  if (newSize < size(oldSpec.resources?.requests?.storage) && newSize <= size(old.status?.capacity?.storage)) {
    errs.push({ type: "Forbidden", field: "spec.resources.requests.storage", detail: "field can not be less than status.capacity" });
  }
  // upstream uses the bare path "volumeMode" here
  if ((spec.volumeMode ?? null) !== (oldSpec.volumeMode ?? null)) errs.push({ type: "Invalid value", field: "volumeMode", value: spec.volumeMode ?? null, detail: "field is immutable" });
  if (oldSpec.volumeAttributesClassName != null && spec.volumeAttributesClassName !== oldSpec.volumeAttributesClassName) {
    if (spec.volumeAttributesClassName == null) errs.push({ type: "Forbidden", field: "spec.volumeAttributesClassName", detail: "update from non-nil value to nil is forbidden" });
    else if (spec.volumeAttributesClassName === "") errs.push({ type: "Forbidden", field: "spec.volumeAttributesClassName", detail: "update from non-nil value to an empty string is forbidden" });
  }
  return errs;
}

/**
 * networking/validation validateHTTPIngressPath: Exact and Prefix paths must be absolute and free of
 * `//`, `/./`, `/../`, `%2f`, `%2F` and of a `/..` or `/.` ending; an ImplementationSpecific path only absolute.
 */
function ingressPathErrors(pathType: string, path: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (pathType === "ImplementationSpecific") {
    if (path && !path.startsWith("/")) errs.push({ type: "Invalid value", field, value: path, detail: "must be an absolute path" });
    return errs;
  }
  if (!path.startsWith("/")) errs.push({ type: "Invalid value", field, value: path, detail: "must be an absolute path" });
  if (path) {
    for (const seq of ["//", "/./", "/../", "%2f", "%2F"]) if (path.includes(seq)) errs.push({ type: "Invalid value", field, value: path, detail: `must not contain '${seq}'` });
    for (const suf of ["/..", "/."]) if (path.endsWith(suf)) errs.push({ type: "Invalid value", field, value: path, detail: `cannot end with '${suf}'` });
  }
  return errs;
}
