/**
 * CustomResourceDefinitions (k8s.io/apiextensions-apiserver): the CRD resource itself, the
 * resources established CRDs serve, and custom-object handling (structural pruning, defaulting,
 * OpenAPI v3 validation with the API server's texts).
 *
 * The served list is derived from the stored CRD objects (no extra state: snapshot/restore and
 * stateHash cover it). A CRD is served once the establishing controller has set its
 * `Established` condition (registerCrdController), as in apiextensions-apiserver's
 * EstablishingController; a `kubectl apply` of a CRD and one of its objects in one command
 * therefore fails like the real one ("ensure CRDs are installed first").
 *
 * Texts: validation.go (ValidateCustomResourceDefinitionSpec, ...Names), kube-openapi's
 * validate errors as apiextensions' ConvertErrors reports them, e.g.
 *   spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10
 *   spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"
 * Not modelled: conversion webhooks (objects of every served version are stored as they come,
 * apiVersion rewritten), CEL x-kubernetes-validations, x-kubernetes-list-type, the scale
 * subresource, `preserveUnknownFields: true`, a plural shared by two groups.
 */
import type { Kernel } from "../core";
import type { FieldError } from "../errors";
import { findResource, splitApiVersion, type ResourceInfo } from "../resources";
import { clone, isoTime, type Obj } from "../util";
import { dns1035Label, dns1123Subdomain } from "./validation";

export const CRD_RESOURCE = "customresourcedefinitions";
export const CRD_GROUP = "apiextensions.k8s.io";
export const CRD_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";
const V = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

/** The CustomResourceDefinition resource (served by every cluster). */
export const CRD_INFO: ResourceInfo = {
  kind: "CustomResourceDefinition", resource: CRD_RESOURCE, singular: "customresourcedefinition", group: CRD_GROUP,
  version: "v1", namespaced: false, shortNames: ["crd", "crds"], schema: "apiextensions/v1.CustomResourceDefinition", verbs: V,
};

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

/** A resource served for a CRD. */
export interface CustomResourceInfo extends ResourceInfo {
  custom: true;
  crd: string;
  categories: string[];
  /** served version names (the storage version is `version`) */
  served: string[];
  /** openAPIV3Schema per version */
  schemas: Record<string, Obj | undefined>;
  printerColumns: Record<string, PrinterColumn[]>;
  statusSubresource: boolean;
  /** the CRD is being deleted: no new objects */
  terminating: boolean;
}

export function isCustom(ri: ResourceInfo): ri is CustomResourceInfo {
  return (ri as CustomResourceInfo).custom === true;
}

function cond(crd: Obj, type: string): Obj | undefined {
  return (crd.status?.conditions ?? []).find((c: Obj) => c.type === type);
}

const cache = new WeakMap<Kernel, { sig: string; list: CustomResourceInfo[] }>();

/** Resources served for the established CRDs (storage order: by CRD name). */
export function customResources(k: Kernel): CustomResourceInfo[] {
  const m = k.s.objects[CRD_RESOURCE];
  if (!m || !m.size) return [];
  let sig = "";
  for (const o of m.values()) sig += o.metadata.name + "@" + o.metadata.resourceVersion + ";";
  const hit = cache.get(k);
  if (hit && hit.sig === sig) return hit.list;
  const list: CustomResourceInfo[] = [];
  for (const crd of [...m.values()].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
    if (cond(crd, "Established")?.status !== "True") continue;
    const s = crd.spec, names = crd.status?.acceptedNames ?? s.names;
    const versions: Obj[] = s.versions ?? [];
    const storage = versions.find((v) => v.storage) ?? versions[0];
    const schemas: Record<string, Obj | undefined> = {}, cols: Record<string, PrinterColumn[]> = {};
    for (const v of versions) {
      schemas[v.name] = v.schema?.openAPIV3Schema;
      cols[v.name] = v.additionalPrinterColumns ?? [];
    }
    list.push({
      kind: names.kind, resource: names.plural, singular: names.singular || names.kind.toLowerCase(), group: s.group, version: storage.name,
      namespaced: s.scope === "Namespaced", shortNames: names.shortNames ?? [], schema: `crd:${crd.metadata.name}`, verbs: V,
      custom: true, crd: crd.metadata.name, categories: names.categories ?? [], served: versions.filter((v) => v.served).map((v) => v.name),
      schemas, printerColumns: cols, statusSubresource: !!storage.subresources?.status, terminating: !!crd.metadata.deletionTimestamp,
    });
  }
  cache.set(k, { sig, list });
  return list;
}

/** Built-in or custom resource by plural, singular, short name or `name.group` (case-insensitive). */
export function lookupResource(k: Kernel, name: string): ResourceInfo | null {
  const b = findResource(name);
  if (b) return b;
  const n = name.toLowerCase();
  if ([CRD_RESOURCE, CRD_INFO.singular, "crd", "crds", `${CRD_RESOURCE}.${CRD_GROUP}`, `${CRD_INFO.singular}.${CRD_GROUP}`].includes(n)) return CRD_INFO;
  for (const ri of customResources(k)) {
    if (n === ri.resource || n === ri.singular || ri.shortNames.includes(n) || n === `${ri.resource}.${ri.group}` || n === `${ri.singular}.${ri.group}`) return ri;
  }
  return null;
}

/** Custom (or CRD) resource for an (apiVersion, kind), null if not served. */
export function customForKind(k: Kernel, apiVersion: string, kind: string): { info: ResourceInfo; schema: string } | null {
  const { group, version } = splitApiVersion(apiVersion);
  if (group === CRD_GROUP && kind === "CustomResourceDefinition") return version === "v1" ? { info: CRD_INFO, schema: CRD_INFO.schema } : null;
  const ri = customResources(k).find((r) => r.group === group && r.kind === kind);
  return ri && ri.served.includes(version) ? { info: ri, schema: `crd:${ri.crd}/${version}` } : null;
}

/** Custom resource by kind (for status writes and owner lookups). */
export function customByKind(k: Kernel, kind: string): ResourceInfo | null {
  if (kind === "CustomResourceDefinition") return CRD_INFO;
  return customResources(k).find((r) => r.kind === kind) ?? null;
}

/** Make sure the store has a map for a resource (custom resources appear at run time). */
export function ensureStore(k: Kernel, resource: string): void {
  k.s.objects[resource] ??= new Map();
}

// --- CRD objects ---------------------------------------------------------------------------------

/** Defaults of a CRD (SetDefaults_CustomResourceDefinition*): singular, listKind, conversion, served flags. */
export function defaultCrd(crd: Obj): void {
  const s = (crd.spec ??= {});
  const n = (s.names ??= {});
  if (!n.singular && typeof n.kind === "string") n.singular = n.kind.toLowerCase();
  if (!n.listKind && typeof n.kind === "string") n.listKind = n.kind + "List";
  s.conversion ??= { strategy: "None" };
  for (const v of s.versions ?? []) {
    if (v && typeof v === "object") {
      v.served ??= false;
      v.storage ??= false;
    }
  }
  crd.metadata.finalizers = [...new Set([...(crd.metadata.finalizers ?? []), CRD_FINALIZER])];
}

/** ValidateCustomResourceDefinition (the parts a learner's manifest can get wrong). */
export function validateCrd(crd: Obj, old?: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const s = crd.spec ?? {};
  const n = s.names ?? {};
  if (crd.metadata?.name !== `${n.plural}.${s.group}`) {
    errs.push({ type: "Invalid value", field: "metadata.name", value: crd.metadata?.name ?? "", detail: 'must be spec.names.plural+"."+spec.group' });
  }
  if (!s.group) errs.push({ type: "Required value", field: "spec.group" });
  else if (dns1123Subdomain(String(s.group), "spec.group").length) errs.push(...dns1123Subdomain(String(s.group), "spec.group"));
  else if (String(s.group).split(".").length < 2) errs.push({ type: "Invalid value", field: "spec.group", value: s.group, detail: "should be a domain with at least one dot" });
  if (!s.scope) errs.push({ type: "Required value", field: "spec.scope" });
  else if (!["Cluster", "Namespaced"].includes(s.scope)) errs.push({ type: "Unsupported value", field: "spec.scope", value: s.scope, detail: 'supported values: "Cluster", "Namespaced"' });
  const versions: Obj[] = Array.isArray(s.versions) ? s.versions : [];
  const seen = new Set<string>();
  let storage = 0, unique = true;
  versions.forEach((v, i) => {
    if (v.storage) storage++;
    if (seen.has(v.name)) unique = false;
    seen.add(v.name);
    errs.push(...dns1035Label(String(v.name ?? ""), `spec.versions[${i}].name`));
    if (!v.schema?.openAPIV3Schema) errs.push({ type: "Required value", field: `spec.versions[${i}].schema.openAPIV3Schema`, detail: "schemas are required" });
    else if (v.schema.openAPIV3Schema.type !== "object") {
      errs.push({ type: "Unsupported value", field: `spec.versions[${i}].schema.openAPIV3Schema.type`, value: v.schema.openAPIV3Schema.type ?? "", detail: 'supported values: "object"' });
    }
    (v.additionalPrinterColumns ?? []).forEach((c: Obj, j: number) => {
      const f = `spec.versions[${i}].additionalPrinterColumns[${j}]`;
      if (!c.name) errs.push({ type: "Required value", field: `${f}.name` });
      if (!c.type) errs.push({ type: "Required value", field: `${f}.type` });
      else if (!["integer", "number", "string", "boolean", "date"].includes(c.type)) errs.push({ type: "Unsupported value", field: `${f}.type`, value: c.type, detail: 'supported values: "boolean", "date", "integer", "number", "string"' });
      if (!c.jsonPath) errs.push({ type: "Required value", field: `${f}.JSONPath` });
    });
  });
  const versionsValue = versions.map((v) => ({ name: v.name, served: v.served, storage: v.storage }));
  if (!unique) errs.push({ type: "Invalid value", field: "spec.versions", value: versionsValue, detail: "must contain unique version names" });
  if (storage !== 1) errs.push({ type: "Invalid value", field: "spec.versions", value: versionsValue, detail: "must have exactly one version marked as storage version" });
  for (const f of ["plural", "singular", "kind", "listKind"]) if (!n[f]) errs.push({ type: "Required value", field: `spec.names.${f}` });
  if (n.plural) errs.push(...dns1035Label(String(n.plural), "spec.names.plural"));
  if (n.singular) errs.push(...dns1035Label(String(n.singular), "spec.names.singular"));
  if (n.kind) {
    const e = dns1035Label(String(n.kind).toLowerCase(), "spec.names.kind");
    if (e.length) errs.push({ type: "Invalid value", field: "spec.names.kind", value: n.kind, detail: "may have mixed case, but should otherwise match: " + e.map((x) => x.detail).join(",") });
  }
  (n.shortNames ?? []).forEach((sn: string, i: number) => errs.push(...dns1035Label(String(sn), `spec.names.shortNames[${i}]`)));
  (n.categories ?? []).forEach((c: string, i: number) => errs.push(...dns1035Label(String(c), `spec.names.categories[${i}]`)));
  if (old) {
    const established = cond(old, "Established")?.status === "True";
    const imm = (a: unknown, b: unknown, field: string) => {
      if (a !== b) errs.push({ type: "Invalid value", field, value: a, detail: "field is immutable" });
    };
    if (established) {
      imm(s.scope, old.spec?.scope, "spec.scope");
      imm(n.kind, old.spec?.names?.kind, "spec.names.kind");
    }
    imm(s.group, old.spec?.group, "spec.group");
    imm(n.plural, old.spec?.names?.plural, "spec.names.plural");
  }
  return errs;
}

/**
 * The establishing controller's status for a CRD: NamesAccepted (or a conflict with a resource
 * already served in the same group, or a plural already used by another group: a simulator
 * limit) and Established; Terminating while its objects are deleted.
 */
export function crdStatus(k: Kernel, crd: Obj, now: number): Obj {
  const s = crd.spec, n = s.names;
  const others = [...(k.s.objects[CRD_RESOURCE]?.values() ?? [])].filter((o) => o.metadata.name !== crd.metadata.name && cond(o, "Established")?.status === "True");
  const builtin = findResource(n.plural);
  let conflict = "";
  if (builtin && (builtin.group === s.group || builtin.resource === n.plural)) conflict = `"${n.plural}" is already in use`;
  for (const o of others) {
    const on = o.status?.acceptedNames ?? o.spec.names;
    if (on.plural === n.plural) conflict = `"${n.plural}" is already in use`;
    else if (o.spec.group === s.group && on.kind === n.kind) conflict = `"${n.kind}" is already in use`;
  }
  const prev: Obj[] = crd.status?.conditions ?? [];
  const mk = (type: string, status: string, reason: string, message: string): Obj => {
    const p = prev.find((c) => c.type === type);
    return { type, status, lastTransitionTime: p && p.status === status ? p.lastTransitionTime : isoTime(now), reason, message };
  };
  const conds = conflict
    ? [mk("NamesAccepted", "False", "NameConflict", conflict), mk("Established", "False", "NotAccepted", "not all names are accepted")]
    : [mk("NamesAccepted", "True", "NoConflicts", "no conflicts found"), mk("Established", "True", "InitialNamesAccepted", "the initial names have been accepted")];
  if (crd.metadata.deletionTimestamp) conds.push(mk("Terminating", "True", "InstanceDeletionInProgress", "CustomResource deletion is in progress"));
  const storage = (s.versions ?? []).find((v: Obj) => v.storage)?.name;
  const stored = [...new Set([...(crd.status?.storedVersions ?? []), ...(storage ? [storage] : [])])];
  return { acceptedNames: conflict ? (crd.status?.acceptedNames ?? { plural: "", kind: "" }) : clone(n), conditions: conds, storedVersions: stored };
}

// --- custom objects -------------------------------------------------------------------------------

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function typeOk(v: unknown, t: string): boolean {
  const a = jsonType(v);
  return a === t || (t === "number" && a === "integer");
}

/**
 * Structural defaulting and pruning of a custom object (in place), then validation. Returns the
 * pruned (unknown) field paths and the field errors. `metadata` keeps only ObjectMeta; apiVersion
 * and kind are always kept.
 */
export function processCustomObject(obj: Obj, schema: Obj | undefined): { unknown: string[]; errors: FieldError[] } {
  const unknown: string[] = [], errors: FieldError[] = [];
  if (!schema) return { unknown, errors };
  const props: Obj = schema.properties ?? {};
  for (const key of Object.keys(obj)) {
    if (key === "apiVersion" || key === "kind" || key === "metadata") continue;
    if (!(key in props) && !schema["x-kubernetes-preserve-unknown-fields"]) {
      unknown.push(key);
      delete obj[key];
    }
  }
  const required: string[] = schema.required ?? [];
  for (const [key, sub] of Object.entries(props)) {
    if (key === "metadata" || key === "apiVersion" || key === "kind") continue;
    if (obj[key] === undefined && (sub as Obj).default !== undefined) obj[key] = clone((sub as Obj).default);
    if (obj[key] === undefined) {
      if (required.includes(key)) errors.push({ type: "Required value", field: key });
      continue;
    }
    walk(obj, key, sub as Obj, key, unknown, errors);
  }
  return { unknown, errors };
}

function walk(parent: Obj, key: string | number, s: Obj, path: string, unknown: string[], errors: FieldError[]): void {
  const v = parent[key];
  if (v === null && s.nullable) return;
  if (s["x-kubernetes-int-or-string"]) {
    if (!(typeof v === "string" || (typeof v === "number" && Number.isInteger(v)))) {
      errors.push({ type: "Invalid value", field: path, value: jsonType(v), detail: `${path} in body must be of type integer,string: ${JSON.stringify(jsonType(v))}` });
    }
    return;
  }
  if (s.type && !typeOk(v, s.type)) {
    errors.push({ type: "Invalid value", field: path, value: jsonType(v), detail: `${path} in body must be of type ${s.type}: ${JSON.stringify(jsonType(v))}` });
    return;
  }
  if (Array.isArray(s.enum) && !s.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(v))) {
    errors.push({ type: "Unsupported value", field: path, value: v, detail: `supported values: ${s.enum.map((e: unknown) => JSON.stringify(e)).join(", ")}` });
  }
  if (typeof v === "number") {
    if (typeof s.maximum === "number" && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) {
      errors.push({ type: "Invalid value", field: path, value: v, detail: `${path} in body should be less than ${s.exclusiveMaximum ? "" : "or equal to "}${s.maximum}` });
    }
    if (typeof s.minimum === "number" && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) {
      errors.push({ type: "Invalid value", field: path, value: v, detail: `${path} in body should be greater than ${s.exclusiveMinimum ? "" : "or equal to "}${s.minimum}` });
    }
  }
  if (typeof v === "string") {
    const len = [...v].length;
    if (typeof s.maxLength === "number" && len > s.maxLength) errors.push({ type: "Too long", field: path, value: v, detail: `may not be more than ${s.maxLength} bytes`, hasValue: false });
    if (typeof s.minLength === "number" && len < s.minLength) errors.push({ type: "Invalid value", field: path, value: v, detail: `${path} in body should be at least ${s.minLength} chars long` });
    if (typeof s.pattern === "string") {
      let re: RegExp | null = null;
      try {
        re = new RegExp(s.pattern, "u");
      } catch {
        re = null;
      }
      if (re && !re.test(v)) errors.push({ type: "Invalid value", field: path, value: v, detail: `${path} in body should match '${s.pattern}'` });
    }
  }
  if (Array.isArray(v)) {
    if (typeof s.maxItems === "number" && v.length > s.maxItems) errors.push({ type: "Too many", field: path, value: v.length, detail: `must have at most ${s.maxItems} items`, hasValue: true });
    if (typeof s.minItems === "number" && v.length < s.minItems) errors.push({ type: "Invalid value", field: path, value: v, detail: `${path} in body should have at least ${s.minItems} items` });
    if (s.items) for (let i = 0; i < v.length; i++) walk(v, i, s.items, `${path}[${i}]`, unknown, errors);
    return;
  }
  if (v && typeof v === "object") {
    if (s.properties) {
      for (const k of Object.keys(v)) {
        if (!(k in s.properties) && !s["x-kubernetes-preserve-unknown-fields"] && !s.additionalProperties) {
          unknown.push(`${path}.${k}`);
          delete v[k];
        }
      }
      for (const [k, sub] of Object.entries(s.properties as Record<string, Obj>)) {
        if (v[k] === undefined && sub.default !== undefined) v[k] = clone(sub.default);
        if (v[k] === undefined) {
          if ((s.required ?? []).includes(k)) errors.push({ type: "Required value", field: `${path}.${k}` });
          continue;
        }
        walk(v, k, sub, `${path}.${k}`, unknown, errors);
      }
    } else if (s.additionalProperties && typeof s.additionalProperties === "object") {
      for (const k of Object.keys(v)) walk(v, k, s.additionalProperties, `${path}.${k}`, unknown, errors);
    } else if (!s["x-kubernetes-preserve-unknown-fields"] && s.additionalProperties !== true) {
      for (const k of Object.keys(v)) {
        unknown.push(`${path}.${k}`);
        delete v[k];
      }
    }
  }
}

/** Columns `kubectl get` prints for a custom resource version (NAME, then the CRD's, else AGE). */
export function printerColumnsFor(ri: CustomResourceInfo, version = ri.version): PrinterColumn[] {
  const cols = ri.printerColumns[version] ?? [];
  return cols.length ? cols : [{ name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" }];
}
