/**
 * kube-apiserver: the only door to the store. Pipeline per request (DESIGN "The simulated cluster"):
 * authenticate -> authorize (RBAC) -> decode strictly -> default -> mutating admission ->
 * validate -> validating admission -> persist to etcd -> watchers notified.
 */
import { objKey, type Kernel } from "../core";
import {
  alreadyExists, badRequest, cannotBeHandled, conflict, forbidden, forbiddenRbac, internalError, invalid,
  namespaceNotFound, notFound, unauthorized, type FieldError, type Status,
} from "../errors";
import { apiVersionOf, findResource, qualifiedResource, resourceForKind, type ResourceInfo } from "../resources";
import { strictDecode } from "../schema/decode";
import { clone, deepEqual, isoTime, matchesSelector, parseSelectorString, sameObject, stableStringify, type LabelSelector, type Obj } from "../util";
import {
  namespaceDeletion,
  defaultLimitRange, defaultStorageClass, defaultTolerations, limitRanger, namespaceLifecycle, persistentVolumeClaimResize, resourceQuota, serviceAccount,
  type AdmissionError,
} from "./admission";
import { componentStatuses } from "./componentstatus";
import { CRD_INFO, CRD_RESOURCE, customByKind, customForKind, defaultCrd, ensureStore, isCustom, lookupResource, processCustomObject, validateCrd } from "./crd";
import { applyDefaults } from "./defaults";
import { jsonPatch, mergePatch, strategicMerge, threeWayPatch, type JsonPatchOp } from "./patch";
import { authenticate, authorize, type UserInfo } from "./rbac";
import { validateCreate, validateUpdate } from "./validation";
import { evictPod } from "./eviction";
import { initVolumeAttachmentStatus } from "./csi";
import { approvalUpdate, csrSubjectRestriction, prepareCsrCreate } from "./csr";

export interface RequestOptions {
  /** kubeconfig user; default "kubernetes-admin" (system:masters) */
  user?: string;
  /** groups the client's credential adds (a client certificate's O entries, --as-group), joined to the authenticator's */
  groups?: string[];
  /** namespace for namespaced objects without metadata.namespace (kubectl -n / context) */
  namespace?: string;
  dryRun?: boolean;
  /** server-side field validation, kubectl's default is Strict */
  fieldValidation?: "Strict" | "Warn" | "Ignore";
  /** component name for the trace (default "kubectl") */
  from?: string;
}

export type ApiResult<T = Obj> = { ok: true; object: T; warnings?: string[] } | { ok: false; status: Status };
export type ApplyResult = { ok: true; object: Obj; result: "created" | "configured" | "unchanged"; warnings?: string[] } | { ok: false; status: Status };

export interface DeleteOptions extends RequestOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: "Background" | "Foreground" | "Orphan";
}

export interface ListOptions extends RequestOptions {
  allNamespaces?: boolean;
  labelSelector?: string | LabelSelector;
  fieldSelector?: string;
  /** the caller only reads the items (kubectl's table printers): the stored objects, not copies */
  readOnly?: boolean;
}

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
const SERVICE_CIDR_BASE = [10, 96, 0, 0];

function fail(status: Status): { ok: false; status: Status } {
  return { ok: false, status };
}

/** Go base64.StdEncoding error offset, or -1 if valid. */
function base64Error(s: string): number {
  const clean = s.replace(/[\r\n]/g, "");
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i];
    if (/[A-Za-z0-9+/]/.test(c)) continue;
    if (c === "=" && i >= clean.length - 2 && clean.length % 4 === 0) continue;
    return i;
  }
  if (clean.length % 4 !== 0) return clean.length - (clean.length % 4);
  return -1;
}

export function b64encode(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function b64decode(s: string): string {
  try {
    const bin = atob(s);
    const arr = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) arr[i] = bin.charCodeAt(i);
    return new TextDecoder().decode(arr);
  } catch {
    return "";
  }
}

export class ApiServer {
  constructor(private k: Kernel) {}

  // --- helpers -------------------------------------------------------------------------------
  private actor(opts: RequestOptions | undefined): string {
    return opts?.from ?? "kubectl";
  }

  private auth(opts: RequestOptions | undefined, verb: string, ri: ResourceInfo, ns: string | undefined, name?: string, sub?: string): UserInfo | Status {
    const u = authenticate(opts?.user);
    if (!u) return unauthorized();
    for (const g of opts?.groups ?? []) if (!u.groups.includes(g)) u.groups.push(g);
    if (!authorize(this.k, u, { verb, group: ri.group, resource: ri.resource, subresource: sub, namespace: ri.namespaced ? ns : undefined, name })) {
      return forbiddenRbac(ri, name, u.name, verb, ri.namespaced ? ns : undefined, sub);
    }
    return u;
  }

  private traceReq(opts: RequestOptions | undefined, verb: string, ri: ResourceInfo, ns: string | undefined, name: string, detail = "") {
    this.k.trace(this.actor(opts), "kube-apiserver", verb, `${ri.kind} ${ns ? ns + "/" : ""}${name}`, detail);
  }

  private traceEtcd(op: string, ri: ResourceInfo, ns: string | undefined, name: string) {
    this.k.trace("kube-apiserver", "etcd", op, `${ri.kind} ${ns ? ns + "/" : ""}${name}`, `/registry/${ri.group && ri.group !== "apps" && ri.group !== "batch" ? ri.group + "/" : ""}${ri.resource}/${ns ? ns + "/" : ""}${name}`);
  }

  private admissionStatus(ri: ResourceInfo, name: string, e: AdmissionError): Status {
    if (e.kind === "nsNotFound") return namespaceNotFound(e.message);
    return forbidden(ri, name, e.message);
  }

  /** Decode a body: served kind/version, strict fields, base64, v1->v2 HPA conversion. */
  private decode(body: Obj, opts: RequestOptions | undefined): { obj: Obj; ri: ResourceInfo; warnings: string[] } | Status {
    if (!body || typeof body !== "object" || Array.isArray(body)) return badRequest("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf, application/cbor");
    const apiVersion = body.apiVersion, kind = body.kind;
    if (typeof kind !== "string" || !kind) return badRequest("Object 'Kind' is missing in '" + JSON.stringify(body) + "'");
    if (typeof apiVersion !== "string" || !apiVersion) return badRequest("Object 'apiVersion' is missing in '" + JSON.stringify(body) + "'");
    const m = resourceForKind(apiVersion, kind) ?? customForKind(this.k, apiVersion, kind);
    if (!m) return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason: "NotFound", code: 404, message: `no matches for kind "${kind}" in version "${apiVersion}"` };
    const version = apiVersion.includes("/") ? apiVersion.slice(apiVersion.indexOf("/") + 1) : apiVersion;
    // Control-plane components send well-formed objects; only client requests are strictly decoded.
    const dec = isInternal(opts) ? { unknown: [] as string[], typeError: undefined } : strictDecode(body, m.schema);
    if (dec.typeError) return cannotBeHandled(kind, version, dec.typeError);
    // Custom objects: structural defaulting and pruning; pruned fields are the unknown ones (crd.ts).
    let customErrors: FieldError[] = [];
    if (isCustom(m.info)) {
      body = clone(body);
      const r = processCustomObject(body, m.info.schemas[version]);
      dec.unknown.push(...r.unknown);
      customErrors = r.errors;
    }
    const warnings: string[] = [];
    const fv = opts?.fieldValidation ?? "Strict";
    if (dec.unknown.length && fv === "Strict") {
      return cannotBeHandled(kind, version, `strict decoding error: ${dec.unknown.map((u) => `unknown field "${u}"`).join(", ")}`);
    }
    if (dec.unknown.length && fv === "Warn") for (const u of dec.unknown) warnings.push(`unknown field "${u}"`);
    let obj = isInternal(opts) ? body : clone(body);
    if (fv !== "Strict") obj = dropUnknown(obj, dec.unknown);
    if (kind === "Secret") {
      // kubectl sends keys sorted; the first bad one is reported.
      for (const key of Object.keys(obj.data ?? {}).sort()) {
        const v = obj.data[key];
        const at = typeof v === "string" ? base64Error(v) : 0;
        if (at >= 0) return cannotBeHandled(kind, version, `illegal base64 data at input byte ${at}`);
      }
      mergeStringData(obj);
    }
    if (kind === "HorizontalPodAutoscaler" && version === "v1") obj = hpaV1toV2(obj);
    obj.apiVersion = apiVersionOf(m.info);
    obj.metadata ??= {};
    if (customErrors.length) this.customErrors.set(obj, customErrors);
    return { obj, ri: m.info, warnings };
  }

  /** Schema errors found while decoding a custom object, reported by validation (422, not 400). */
  private customErrors = new WeakMap<Obj, FieldError[]>();

  /** Built-in, CRD or custom resource by name (crd.ts). */
  lookup(resource: string): ResourceInfo | null {
    return lookupResource(this.k, resource);
  }

  /** Create/update hooks for CRDs and custom objects: defaults, extra validation (crd.ts). */
  private extensionChecks(ri: ResourceInfo, obj: Obj, old?: Obj): FieldError[] {
    if (ri === CRD_INFO) {
      if (!old) defaultCrd(obj);
      else obj.status = old.status;
      return validateCrd(obj, old);
    }
    if (isCustom(ri)) {
      ensureStore(this.k, ri.resource);
      return this.customErrors.get(obj) ?? [];
    }
    return [];
  }

  /** A custom object left the store: its dependents go to the garbage collector (built-in owners have informers). */
  private removedCustom(ri: ResourceInfo, obj: Obj): void {
    if (isCustom(ri)) this.k.enqueue("gc", `deleted/${obj.metadata.namespace ?? ""}/${obj.metadata.uid}`, 50);
  }

  private allocateClusterIP(svc: Obj): FieldError | null {
    if (svc.spec.type === "ExternalName") return null;
    const rt = (this.k.s.rt.ipam ??= { nextSvc: 11, used: {} as Record<string, string> });
    if (svc.spec.clusterIP === "None") {
      svc.spec.clusterIPs = ["None"];
      return null;
    }
    if (svc.spec.clusterIP) {
      if (rt.used[svc.spec.clusterIP]) return { type: "Invalid value", field: "spec.clusterIPs", value: [svc.spec.clusterIP], detail: `failed to allocate IP ${svc.spec.clusterIP}: provided IP is already allocated` };
    } else {
      // Random allocation from 10.96.0.0/12 like the bitmap allocator with a seeded offset.
      let ip = "";
      for (let tries = 0; tries < 1000; tries++) {
        const n = 11 + Math.floor(this.k.random() * 65000);
        ip = `${SERVICE_CIDR_BASE[0]}.${SERVICE_CIDR_BASE[1] + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
        if (!rt.used[ip] && (n & 255) !== 0 && (n & 255) !== 255) break;
      }
      svc.spec.clusterIP = ip;
    }
    svc.spec.clusterIPs = [svc.spec.clusterIP];
    rt.used[svc.spec.clusterIP] = objKey(svc.metadata.namespace, svc.metadata.name);
    return null;
  }

  private allocateNodePorts(svc: Obj, old?: Obj): FieldError | null {
    if (svc.spec.type !== "NodePort" && svc.spec.type !== "LoadBalancer") {
      for (const p of svc.spec.ports ?? []) delete p.nodePort;
      return null;
    }
    const rt = (this.k.s.rt.nodePorts ??= {} as Record<string, string>);
    const me = objKey(svc.metadata.namespace, svc.metadata.name);
    for (const [i, p] of (svc.spec.ports ?? []).entries()) {
      const prev = old?.spec?.ports?.find((x: Obj) => x.port === p.port)?.nodePort;
      if (p.nodePort) {
        if (rt[p.nodePort] && rt[p.nodePort] !== me) return { type: "Invalid value", field: `spec.ports[${i}].nodePort`, value: p.nodePort, detail: "provided port is already allocated" };
      } else if (prev) p.nodePort = prev;
      else {
        let port = 0;
        for (let tries = 0; tries < 5000; tries++) {
          port = 30000 + Math.floor(this.k.random() * 2768);
          if (!rt[port]) break;
        }
        p.nodePort = port;
      }
      rt[p.nodePort] = me;
    }
    return null;
  }

  private releaseService(svc: Obj) {
    const ipam = this.k.s.rt.ipam;
    if (ipam && svc.spec?.clusterIP) delete ipam.used[svc.spec.clusterIP];
    const np = this.k.s.rt.nodePorts;
    if (np) for (const p of svc.spec?.ports ?? []) if (p.nodePort && np[p.nodePort] === objKey(svc.metadata.namespace, svc.metadata.name)) delete np[p.nodePort];
  }

  /** Mutating admission for creates. Returns an admission error or null. */
  private admitCreate(obj: Obj): AdmissionError | null {
    const nsErr = namespaceLifecycle(this.k, obj, true);
    if (nsErr) return nsErr;
    if (obj.kind === "Pod") {
      // Priority admission: priorityClassName -> spec.priority (and preemptionPolicy).
      const pcName = obj.spec.priorityClassName;
      const pc = pcName ? this.k.get("priorityclasses", undefined, pcName) : this.k.list("priorityclasses").find((x) => x.globalDefault);
      if (pcName && !pc) return { kind: "forbidden", message: `no PriorityClass with name ${pcName} was found` };
      if (pc) {
        obj.spec.priority = pc.value;
        obj.spec.preemptionPolicy = pc.preemptionPolicy ?? "PreemptLowerPriority";
      }
      serviceAccount(obj);
      const lr = limitRanger(this.k, obj);
      if (lr) return lr;
      defaultTolerations(obj);
    }
    if (obj.kind === "PersistentVolumeClaim") defaultStorageClass(this.k, obj);
    // StorageObjectInUseProtection admission (plugin/pkg/admission/storage/storageobjectinuseprotection)
    if (obj.kind === "PersistentVolumeClaim" || obj.kind === "PersistentVolume") {
      const f = obj.kind === "PersistentVolume" ? "kubernetes.io/pv-protection" : "kubernetes.io/pvc-protection";
      if (!(obj.metadata.finalizers ?? []).includes(f)) obj.metadata.finalizers = [...(obj.metadata.finalizers ?? []), f];
    }
    if (obj.kind === "LimitRange") defaultLimitRange(obj);
    return null;
  }

  // --- verbs ---------------------------------------------------------------------------------
  /** POST: create an object. */
  create(body: Obj, opts?: RequestOptions): ApiResult {
    const d = this.decode(body, opts);
    if ("kind" in d && d.kind === "Status") return fail(d as Status);
    const { obj, ri, warnings } = d as { obj: Obj; ri: ResourceInfo; warnings: string[] };
    if (ri.namespaced) {
      const ns = obj.metadata.namespace || opts?.namespace || "default";
      if (opts?.namespace && obj.metadata.namespace && opts.namespace !== obj.metadata.namespace) {
        return fail(badRequest("the namespace of the provided object does not match the namespace sent on the request"));
      }
      obj.metadata.namespace = ns;
    } else delete obj.metadata.namespace;
    const ns = obj.metadata.namespace;
    const a = this.auth(opts, "create", ri, ns, undefined);
    if ("kind" in a) return fail(a);
    if (!obj.metadata.name && obj.metadata.generateName) {
      obj.metadata.name = obj.metadata.generateName.slice(0, 58) + this.k.suffix();
    }
    this.traceReq(opts, "create", ri, ns, obj.metadata.name ?? obj.metadata.generateName ?? "");
    applyDefaults(obj);
    if (obj.kind === "CertificateSigningRequest") prepareCsrCreate(obj, a);
    const adm = this.admitCreate(obj);
    if (adm) return fail(this.admissionStatus(ri, obj.metadata.name ?? "", adm));
    const csrAdm = obj.kind === "CertificateSigningRequest" ? csrSubjectRestriction(obj) : null;
    if (csrAdm) return fail(forbidden(ri, obj.metadata.name ?? "", csrAdm));
    const errs = validateCreate(obj);
    errs.push(...this.extensionChecks(ri, obj));
    if (errs.length) return fail(invalid(ri.kind, ri.group, obj.metadata.name ?? "", errs));
    if (isCustom(ri) && ri.terminating) return fail({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason: "MethodNotAllowed", code: 405, message: `create not allowed while custom resource definition is terminating` } as Status);
    if (ri === CRD_INFO) ensureStore(this.k, CRD_RESOURCE);
    if (this.k.get(ri.resource, ns, obj.metadata.name)) return fail(alreadyExists(ri, obj.metadata.name));
    const q = resourceQuota(this.k, obj);
    if (q) return fail(this.admissionStatus(ri, obj.metadata.name, q));
    if (obj.kind === "Service") {
      const e = this.allocateClusterIP(obj) ?? this.allocateNodePorts(obj);
      if (e) {
        this.releaseService(obj);
        return fail(invalid(ri.kind, ri.group, obj.metadata.name, [e]));
      }
      if (obj.spec.type === "LoadBalancer") obj.status = { loadBalancer: {} };
    }
    const m = obj.metadata;
    m.uid = this.k.uid();
    m.creationTimestamp = isoTime(this.k.now);
    if (hasGeneration(ri) || isCustom(ri) || ri === CRD_INFO) m.generation = 1;
    if (obj.kind === "Job" && !obj.spec.manualSelector) {
      // Job strategy PrepareForCreate: selector and labels from the server-generated uid.
      const labels = { "batch.kubernetes.io/controller-uid": m.uid, "batch.kubernetes.io/job-name": m.name, "controller-uid": m.uid, "job-name": m.name };
      obj.spec.selector ??= { matchLabels: { "batch.kubernetes.io/controller-uid": m.uid } };
      obj.spec.template.metadata = { ...(obj.spec.template.metadata ?? {}), labels: { ...labels, ...(obj.spec.template.metadata?.labels ?? {}) } };
    }
    delete m.resourceVersion;
    delete m.deletionTimestamp;
    initStatus(obj);
    if (opts?.dryRun) {
      if (obj.kind === "Service") this.releaseService(obj);
      return { ok: true, object: clone(obj), warnings };
    }
    this.traceEtcd("put", ri, ns, m.name);
    const stored = this.k.put(ri.resource, obj);
    return { ok: true, object: isInternal(opts) ? stored : clone(stored), warnings };
  }

  /** GET one object. */
  get(resource: string, name: string, opts?: RequestOptions): ApiResult {
    const ri = this.lookup(resource);
    if (!ri) return fail(notFoundResource(resource));
    const ns = ri.namespaced ? opts?.namespace || "default" : undefined;
    const a = this.auth(opts, "get", ri, ns, name);
    if ("kind" in a) return fail(a);
    const o = ri.resource === "componentstatuses" ? componentStatuses(this.k).find((c) => c.metadata.name === name) : this.k.get(ri.resource, ns, name);
    // componentstatus rest.go Get answers an unknown name with a plain error, which the API server sends as a 500
    if (!o && ri.resource === "componentstatuses") return fail(internalError(`Component not found: ${name}`));
    if (!o) return fail(notFound(ri, name));
    return { ok: true, object: clone(o) };
  }

  /** LIST objects (namespace, label selector, simple field selectors). */
  list(resource: string, opts?: ListOptions): ApiResult<Obj[]> {
    const ri = this.lookup(resource);
    if (!ri) return fail(notFoundResource(resource));
    const ns = ri.namespaced && !opts?.allNamespaces ? opts?.namespace || "default" : undefined;
    const a = this.auth(opts, "list", ri, ns);
    if ("kind" in a) return fail(a);
    let sel: LabelSelector | null | undefined;
    if (typeof opts?.labelSelector === "string") {
      sel = parseSelectorString(opts.labelSelector);
      if (!sel) return fail(badRequest(`unable to parse requirement: invalid label selector: "${opts.labelSelector}"`));
    } else sel = opts?.labelSelector;
    const fields = (opts?.fieldSelector ?? "").split(",").filter(Boolean).map((f) => {
      const m = /^([\w.]+)(==|=|!=)(.*)$/.exec(f);
      return m ? { path: m[1], neg: m[2] === "!=", value: m[3] } : null;
    });
    if (fields.some((f) => !f)) return fail(badRequest(`invalid selector: '${opts?.fieldSelector}'; can't understand '${opts?.fieldSelector}'`));
    const items = (ri.resource === "componentstatuses" ? componentStatuses(this.k) : this.k.list(ri.resource, ns)).filter((o) => {
      if (sel && !matchesSelector(sel, o.metadata.labels)) return false;
      for (const f of fields) {
        const v = String(f!.path.split(".").reduce((x: Obj | undefined, p) => (x == null ? undefined : x[p]), o) ?? "");
        if ((v === f!.value) === f!.neg) return false;
      }
      return true;
    });
    items.sort((x, y) => (x.metadata.namespace ?? "").localeCompare(y.metadata.namespace ?? "") || x.metadata.name.localeCompare(y.metadata.name));
    return { ok: true, object: opts?.readOnly ? items : items.map(clone) };
  }

  /** PUT: replace an object (optimistic concurrency on metadata.resourceVersion when given). */
  update(body: Obj, opts?: RequestOptions, subresource?: string): ApiResult {
    const d = this.decode(body, opts);
    if ("kind" in d && d.kind === "Status") return fail(d as Status);
    const { obj, ri, warnings } = d as { obj: Obj; ri: ResourceInfo; warnings: string[] };
    const ns = ri.namespaced ? obj.metadata.namespace || opts?.namespace || "default" : undefined;
    if (ri.namespaced) obj.metadata.namespace = ns;
    const name = obj.metadata.name;
    const a = this.auth(opts, subresource === "status" ? "update" : "update", ri, ns, name, subresource);
    if ("kind" in a) return fail(a);
    const old = this.k.get(ri.resource, ns, name);
    if (!old) return fail(notFound(ri, name ?? ""));
    if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== old.metadata.resourceVersion) return fail(conflict(ri, name));
    return this.commitUpdate(ri, old, obj, opts, warnings, subresource);
  }

  private commitUpdate(ri: ResourceInfo, old: Obj, obj: Obj, opts: RequestOptions | undefined, warnings: string[], subresource?: string): ApiResult {
    const ns = old.metadata.namespace;
    const name = old.metadata.name;
    this.traceReq(opts, subresource ? `update ${subresource}` : "update", ri, ns, name);
    mergeStringData(obj);
    applyDefaults(obj);
    if (obj.kind === "Pod") {
      obj.spec.serviceAccountName ??= old.spec.serviceAccountName;
      obj.spec.serviceAccount ??= old.spec.serviceAccount;
      obj.spec.nodeName ??= old.spec.nodeName;
      obj.spec.tolerations ??= old.spec.tolerations;
      if (old.spec.tolerations && stableStringify(obj.spec.tolerations) !== stableStringify(old.spec.tolerations)) {
        const adds = obj.spec.tolerations.filter((t: Obj) => !old.spec.tolerations.some((o: Obj) => stableStringify(o) === stableStringify(t)));
        obj.spec.tolerations = [...old.spec.tolerations, ...adds];
      }
    }
    if (obj.kind === "Service") {
      obj.spec.clusterIP ??= old.spec.clusterIP;
      obj.spec.clusterIPs ??= old.spec.clusterIPs;
    }
    if (obj.kind === "Namespace") obj.spec.finalizers = old.spec?.finalizers ?? obj.spec.finalizers;
    // metadata owned by the server
    const m = obj.metadata;
    m.uid = old.metadata.uid;
    m.creationTimestamp = old.metadata.creationTimestamp;
    if (old.metadata.deletionTimestamp) {
      m.deletionTimestamp = old.metadata.deletionTimestamp;
      m.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    }
    if (m.generateName === undefined && old.metadata.generateName) m.generateName = old.metadata.generateName;
    const nsErr = namespaceLifecycle(this.k, obj, false);
    if (nsErr) return fail(this.admissionStatus(ri, name, nsErr));
    if (subresource === "approval") {
      // certificatesigningrequests/approval (csr.ts): only the conditions change
      const { merged, errs } = approvalUpdate(old, obj, this.k.now);
      if (errs.length) return fail(invalid(ri.kind, ri.group, name, errs));
      return this.persist(ri, merged, old, opts, warnings);
    }
    // a CSR's spec is immutable through a plain update (strategy.go PrepareForUpdate keeps it)
    if (obj.kind === "CertificateSigningRequest" && subresource !== "status") obj.spec = old.spec;
    if (subresource === "status") {
      const merged = clone(old);
      merged.status = obj.status;
      merged.metadata = { ...merged.metadata, ...pickMeta(obj.metadata) };
      return this.persist(ri, merged, old, opts, warnings);
    }
    if (subresource !== "status" && ri.kind !== "Namespace" && "status" in old && !isSpecless(ri.kind) && !(isCustom(ri) && !ri.statusSubresource)) obj.status = old.status;
    if (isCustom(ri) && !this.customErrors.has(obj) && !isInternal(opts)) {
      // a patched custom object: default, prune and validate the merged result
      const r = processCustomObject(obj, ri.schemas[ri.version]);
      if (r.errors.length) this.customErrors.set(obj, r.errors);
    }
    const errs = validateUpdate(obj, old);
    errs.push(...this.extensionChecks(ri, obj, old));
    if (errs.length) return fail(invalid(ri.kind, ri.group, name, errs));
    if (obj.kind === "PersistentVolumeClaim") {
      const e = persistentVolumeClaimResize(this.k, obj, old);
      if (e) return fail(this.admissionStatus(ri, name, e));
    }
    if (obj.kind === "Service") {
      const e = this.allocateNodePorts(obj, old);
      if (e) return fail(invalid(ri.kind, ri.group, name, [e]));
      if (obj.spec.type === "LoadBalancer") obj.status ??= { loadBalancer: {} };
    }
    if (hasGeneration(ri) || ri === CRD_INFO) {
      const specChanged = !deepEqual(obj.spec ?? null, old.spec ?? null);
      m.generation = (old.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    } else if (isCustom(ri)) {
      // custom objects: every change but metadata (and status with the status subresource) bumps it
      const body = (o: Obj) => stableStringify({ ...o, metadata: undefined, ...(ri.statusSubresource ? { status: undefined } : {}) });
      m.generation = (old.metadata.generation ?? 1) + (body(obj) !== body(old) ? 1 : 0);
    }
    return this.persist(ri, obj, old, opts, warnings);
  }

  private persist(ri: ResourceInfo, obj: Obj, old: Obj, opts: RequestOptions | undefined, warnings: string[]): ApiResult {
    if (opts?.dryRun) return { ok: true, object: clone(obj), warnings };
    if (sameObject(obj, old)) return { ok: true, object: clone(old), warnings };
    this.traceEtcd("put", ri, obj.metadata.namespace, obj.metadata.name);
    // finalizers removed on a deleting object: finish the delete
    if (obj.metadata.deletionTimestamp && !(obj.metadata.finalizers?.length) && ri.kind !== "Pod") {
      this.k.put(ri.resource, obj);
      this.k.remove(ri.resource, obj.metadata.namespace, obj.metadata.name);
      this.removedCustom(ri, obj);
      if (ri.kind === "Service") this.releaseService(obj);
      return { ok: true, object: clone(obj), warnings };
    }
    return { ok: true, object: clone(this.k.put(ri.resource, obj)), warnings };
  }

  /** PATCH with type "merge" | "strategic" | "json". */
  patch(resource: string, name: string, patch: unknown, type: "merge" | "strategic" | "json", opts?: RequestOptions, subresource?: string): ApiResult {
    const ri = this.lookup(resource);
    if (!ri) return fail(notFoundResource(resource));
    const ns = ri.namespaced ? opts?.namespace || "default" : undefined;
    const a = this.auth(opts, "patch", ri, ns, name, subresource);
    if ("kind" in a) return fail(a);
    const old = this.k.get(ri.resource, ns, name);
    if (!old) return fail(notFound(ri, name));
    let next: unknown;
    try {
      if (type === "json") {
        if (!Array.isArray(patch)) return fail(badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch"));
        next = jsonPatch(old, patch as JsonPatchOp[]);
      } else if (type === "merge") next = mergePatch(old, patch);
      else next = strategicMerge(old, patch);
    } catch (e) {
      return fail({ ...invalid(ri.kind, ri.group, name, []), message: `the server rejected our request due to an error in our request`, reason: "Invalid", details: { causes: [{ reason: "FieldValueInvalid", message: (e as Error).message }] } } as Status);
    }
    const obj = next as Obj;
    if (!obj || typeof obj !== "object") return fail(badRequest("invalid patch"));
    obj.metadata ??= {};
    obj.metadata.name = name;
    if (ri.namespaced) obj.metadata.namespace = ns;
    obj.apiVersion = apiVersionOf(ri);
    obj.kind = ri.kind;
    const dec = strictDecode(obj, ri.schema);
    if (dec.typeError) return fail(cannotBeHandled(ri.kind, ri.version, dec.typeError));
    if (dec.unknown.length && (opts?.fieldValidation ?? "Strict") === "Strict") {
      return fail(badRequest(`strict decoding error: ${dec.unknown.map((u) => `unknown field "${u}"`).join(", ")}`));
    }
    if (obj.metadata.resourceVersion !== old.metadata.resourceVersion) obj.metadata.resourceVersion = old.metadata.resourceVersion;
    return this.commitUpdate(ri, old, obj, opts, [], subresource);
  }

  /** `kubectl apply` (client-side apply with the last-applied-configuration annotation). */
  apply(body: Obj, opts?: RequestOptions): ApplyResult {
    if (!body || typeof body !== "object") return fail(badRequest("invalid object"));
    const m = resourceForKind(String(body.apiVersion ?? ""), String(body.kind ?? "")) ?? customForKind(this.k, String(body.apiVersion ?? ""), String(body.kind ?? ""));
    if (!m) return this.create(body, opts) as ApplyResult;
    const ri = m.info;
    const ns = ri.namespaced ? body.metadata?.namespace || opts?.namespace || "default" : undefined;
    const name = body.metadata?.name;
    const modified = clone(body);
    if (modified.metadata?.annotations) delete modified.metadata.annotations[LAST_APPLIED];
    const lastApplied = stableStringify(modified) + "\n";
    const withAnno = clone(body);
    withAnno.metadata ??= {};
    withAnno.metadata.annotations = { ...(withAnno.metadata.annotations ?? {}), [LAST_APPLIED]: lastApplied };
    const live = name ? this.k.get(ri.resource, ns, name) : undefined;
    if (!live) {
      const r = this.create(withAnno, opts);
      return r.ok ? { ok: true, object: r.object, result: "created", warnings: r.warnings } : r;
    }
    // Validate the incoming config strictly first, like server-side field validation on the patch.
    const d = this.decode(body, opts);
    if ("kind" in d && d.kind === "Status") {
      const st = d as Status;
      if (st.reason === "BadRequest" && st.message.includes("strict decoding error")) {
        const detail = st.message.slice(st.message.indexOf("strict decoding error"));
        // An Invalid status without kind/name: kubectl prints "The request is invalid: <causes>".
        const value = JSON.stringify(modified);
        return fail({ ...st, code: 422, reason: "Invalid", message: `patch: Invalid value: ${JSON.stringify(value)}: ${detail}`, details: { causes: [{ reason: "FieldValueInvalid", message: `Invalid value: ${JSON.stringify(value)}: ${detail}`, field: "patch" }] } });
      }
      return fail(st);
    }
    let prev: Obj | undefined;
    try {
      const s = live.metadata.annotations?.[LAST_APPLIED];
      prev = s ? JSON.parse(s) : undefined;
    } catch {
      prev = undefined;
    }
    const patch = threeWayPatch(prev, withAnno);
    const merged = strategicMerge(live, patch) as Obj;
    const same = sameObject(merged, live);
    if (same) return { ok: true, object: clone(live), result: "unchanged" };
    const r = this.patch(ri.resource, name, patch, "strategic", { ...opts, namespace: ns });
    return r.ok ? { ok: true, object: r.object, result: "configured", warnings: r.warnings } : r;
  }

  /** DELETE: graceful for pods, finalizers respected, dependents handled by the garbage collector. */
  delete(resource: string, name: string, opts?: DeleteOptions): ApiResult {
    const ri = this.lookup(resource);
    if (!ri) return fail(notFoundResource(resource));
    const ns = ri.namespaced ? opts?.namespace || "default" : undefined;
    const a = this.auth(opts, "delete", ri, ns, name);
    if ("kind" in a) return fail(a);
    const old = this.k.get(ri.resource, ns, name);
    if (!old) return fail(notFound(ri, name));
    const immortal = namespaceDeletion(ri.kind, name);
    if (immortal) return fail(this.admissionStatus(ri, name, immortal));
    this.traceReq(opts, "delete", ri, ns, name, opts?.gracePeriodSeconds !== undefined ? `gracePeriodSeconds=${opts.gracePeriodSeconds}` : "");
    if (opts?.dryRun) return { ok: true, object: clone(old) };
    const obj = clone(old);
    if (opts?.propagationPolicy === "Orphan") this.k.s.rt.orphaned = { ...(this.k.s.rt.orphaned ?? {}), [obj.metadata.uid]: true };
    if (opts?.propagationPolicy === "Foreground") {
      obj.metadata.finalizers = [...new Set([...(obj.metadata.finalizers ?? []), "foregroundDeletion"])];
    }
    if (ri.kind === "Namespace") {
      if (!obj.metadata.deletionTimestamp) {
        obj.metadata.deletionTimestamp = isoTime(this.k.now);
        obj.metadata.deletionGracePeriodSeconds = 0;
        obj.status = { ...(obj.status ?? {}), phase: "Terminating" };
        this.traceEtcd("put", ri, ns, name);
        this.k.put(ri.resource, obj);
      }
      return { ok: true, object: clone(obj) };
    }
    if (ri.kind === "Pod") {
      const grace = opts?.gracePeriodSeconds ?? obj.spec?.terminationGracePeriodSeconds ?? 30;
      const unscheduled = !obj.spec?.nodeName;
      const terminal = obj.status?.phase === "Succeeded" || obj.status?.phase === "Failed";
      if (grace > 0 && !unscheduled && !terminal) {
        if (!obj.metadata.deletionTimestamp) {
          obj.metadata.deletionTimestamp = isoTime(this.k.now + grace * 1000);
          obj.metadata.deletionGracePeriodSeconds = grace;
          this.traceEtcd("put", ri, ns, name);
          this.k.put(ri.resource, obj);
        }
        return { ok: true, object: clone(obj) };
      }
    }
    if (obj.metadata.finalizers?.length) {
      if (!obj.metadata.deletionTimestamp) {
        obj.metadata.deletionTimestamp = isoTime(this.k.now);
        obj.metadata.deletionGracePeriodSeconds = 0;
        this.traceEtcd("put", ri, ns, name);
        this.k.put(ri.resource, obj);
      }
      return { ok: true, object: clone(obj) };
    }
    this.traceEtcd("delete", ri, ns, name);
    this.k.remove(ri.resource, ns, name);
    this.removedCustom(ri, old);
    if (ri.kind === "Service") this.releaseService(old);
    return { ok: true, object: clone(old) };
  }

  /** Remove an object now (kubelet confirming a pod's termination, finalizer-less GC). */
  forceRemove(resource: string, ns: string | undefined, name: string, from: string): void {
    const ri = this.lookup(resource)!;
    const old = this.k.get(ri.resource, ns, name);
    if (!old) return;
    this.k.trace(from, "kube-apiserver", "delete", `${ri.kind} ${ns ? ns + "/" : ""}${name}`, "gracePeriodSeconds=0");
    this.traceEtcd("delete", ri, ns, name);
    this.k.remove(ri.resource, ns, name);
    this.removedCustom(ri, old);
    if (ri.kind === "Service") this.releaseService(old);
  }

  /** Write status (or any server-owned change) as a system component; skips user validation. */
  writeStatus(obj: Obj, from: string): Obj | null {
    const ri = findResource(kindToResource(obj.kind)) ?? customByKind(this.k, obj.kind);
    if (!ri) return null;
    const cur = this.k.get(ri.resource, obj.metadata.namespace, obj.metadata.name);
    if (!cur) return null;
    if (sameObject(cur, obj)) return cur;
    this.k.trace(from, "kube-apiserver", "update status", `${ri.kind} ${obj.metadata.namespace ? obj.metadata.namespace + "/" : ""}${obj.metadata.name}`);
    if (obj.metadata.deletionTimestamp && !(obj.metadata.finalizers?.length) && ri.kind !== "Pod" && ri.kind !== "Namespace") {
      this.k.remove(ri.resource, obj.metadata.namespace, obj.metadata.name);
      this.removedCustom(ri, obj);
      return null;
    }
    return this.k.put(ri.resource, obj);
  }

  /** pods/eviction subresource (policy/v1 Eviction): authorized as `create` on `pods/eviction`; eviction.ts. */
  evict(name: string, opts?: DeleteOptions): ApiResult {
    const ri = findResource("pods")!;
    const ns = opts?.namespace || "default";
    const a = this.auth(opts, "create", ri, ns, name, "eviction");
    if ("kind" in a) return fail(a);
    return evictPod(this.k, this, ns, name, opts);
  }

  /** pods/binding subresource: the scheduler's bind. */
  bind(ns: string, name: string, node: string, from = "kube-scheduler"): boolean {
    const pod = this.k.get("pods", ns, name);
    if (!pod || pod.spec.nodeName) return false;
    this.k.trace(from, "kube-apiserver", "create binding", `Pod ${ns}/${name}`, `node=${node}`);
    const p = { ...pod, metadata: { ...pod.metadata }, spec: { ...pod.spec, nodeName: node }, status: { ...pod.status } };
    const conds: Obj[] = (p.status.conditions ?? []).filter((c: Obj) => c.type !== "PodScheduled");
    conds.unshift({ type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: isoTime(this.k.now) });
    p.status.conditions = conds;
    this.traceEtcd("put", findResource("pods")!, ns, name);
    this.k.put("pods", p);
    return true;
  }
}

/** Secret stringData is merged into data (stringData wins) and never stored (§6). */
function mergeStringData(obj: Obj): void {
  if (obj.kind !== "Secret" || !obj.stringData) return;
  obj.data ??= {};
  for (const [kk, v] of Object.entries(obj.stringData)) obj.data[kk] = b64encode(String(v));
  delete obj.stringData;
}

/** Requests from simulated control-plane components (not kubectl / a learner). */
function isInternal(opts: RequestOptions | undefined): boolean {
  const f = opts?.from;
  return !!f && (f.startsWith("kube-controller-manager") || f.startsWith("kubelet/") || f === "kube-scheduler" || f.startsWith("ingress-nginx"));
}

function pickMeta(m: Obj): Obj {
  const out: Obj = {};
  for (const k of ["labels", "annotations", "finalizers", "ownerReferences"]) if (m[k] !== undefined) out[k] = m[k];
  return out;
}

function isSpecless(kind: string): boolean {
  return ["ConfigMap", "Secret", "Event", "Endpoints", "EndpointSlice", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ServiceAccount", "StorageClass", "PriorityClass"].includes(kind);
}

function hasGeneration(ri: ResourceInfo): boolean {
  return ["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job", "CronJob", "HorizontalPodAutoscaler", "Ingress", "NetworkPolicy", "PodDisruptionBudget", "Pod", "Service"].includes(ri.kind) && ri.kind !== "Service";
}

function initStatus(obj: Obj) {
  switch (obj.kind) {
    case "Pod":
      obj.status = { phase: "Pending", qosClass: qosClass(obj) };
      break;
    case "Namespace":
      obj.status = { phase: "Active" };
      break;
    case "Deployment": case "ReplicaSet": case "StatefulSet": case "DaemonSet": case "Job": case "CronJob": case "HorizontalPodAutoscaler":
      obj.status = {};
      break;
    case "PersistentVolumeClaim":
      obj.status = { phase: "Pending" };
      break;
    case "PersistentVolume":
      obj.status = { phase: "Available" };
      break;
    case "Ingress":
      obj.status = { loadBalancer: {} };
      break;
    case "VolumeAttachment":
      initVolumeAttachmentStatus(obj);
      break;
  }
}

/** QoS class (pkg/apis/core/helper/qos): Guaranteed, Burstable or BestEffort. */
export function qosClass(pod: Obj): string {
  const cs: Obj[] = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  let any = false, guaranteed = true;
  for (const c of cs) {
    const req = c.resources?.requests ?? {}, lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ["cpu", "memory"]) {
      if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r]))) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

function dropUnknown(obj: Obj, paths: string[]): Obj {
  for (const p of paths) {
    const segs = p.replace(/\[(\d+)\]/g, ".$1").split(".");
    let cur: Obj | undefined = obj;
    for (let i = 0; i < segs.length - 1 && cur; i++) cur = cur[segs[i]];
    if (cur) delete cur[segs[segs.length - 1]];
  }
  return obj;
}

function hpaV1toV2(o: Obj): Obj {
  const spec = o.spec ?? {};
  const v2: Obj = { ...o, apiVersion: "autoscaling/v2", spec: { scaleTargetRef: spec.scaleTargetRef, minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas } };
  if (spec.targetCPUUtilizationPercentage !== undefined) {
    v2.spec.metrics = [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: spec.targetCPUUtilizationPercentage } } }];
  }
  return v2;
}

function notFoundResource(resource: string): Status {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason: "NotFound", code: 404, message: `the server doesn't have a resource type "${resource}"` };
}

const KIND_TO_RES: Record<string, string> = {};
export function kindToResource(kind: string): string {
  if (KIND_TO_RES[kind]) return KIND_TO_RES[kind];
  const ri = findResourceByKind(kind);
  return (KIND_TO_RES[kind] = ri ? ri.resource : kind.toLowerCase() + "s");
}
function findResourceByKind(kind: string): ResourceInfo | null {
  return findResource(kind.toLowerCase());
}

export { qualifiedResource, internalError };
