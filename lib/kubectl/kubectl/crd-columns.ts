// Custom resources in kubectl (discovery entries come from lib/kubectl/sim-adapter.ts): the
// server-side table the API server builds from a CRD's additionalPrinterColumns
// (apiextensions-apiserver pkg/registry/customresource/tableconvertor: NAME, then the columns of
// priority 0, more with -o wide; a missing value is an empty cell; `date` columns are ages; no
// columns means NAME and AGE), and `kubectl explain` from the CRD's openAPIV3Schema.
import type { ApiResource, Json } from "../cluster-api";
import { valuesAt } from "./jsonpath";
import { age, type ColumnSet } from "./table";

function cell(o: Json, col: { type: string; jsonPath: string }, now: number): string {
  let vals: Json[];
  try {
    vals = valuesAt(o, col.jsonPath);
  } catch {
    return "";
  }
  const v = vals[0];
  if (v === undefined || v === null) return "";
  if (col.type === "date") return typeof v === "string" ? age(now, v) : "";
  if (typeof v === "object") return JSON.stringify(v);
  if (col.type === "integer" && typeof v === "number") return String(Math.trunc(v));
  return String(v);
}

/** The table columns of a custom resource (ColumnSet as table.ts builds them for built-ins). */
export function customColumns(res: ApiResource): ColumnSet {
  const cols = res.printerColumns?.length ? res.printerColumns : [{ name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" }];
  const main = cols.filter((c) => !c.priority), extra = cols.filter((c) => c.priority);
  return {
    headers: ["NAME", ...main.map((c) => c.name.toUpperCase())],
    wide: extra.map((c) => c.name.toUpperCase()),
    row: (o, now) => [o.metadata?.name ?? "", ...main.map((c) => cell(o, c, now))],
    wideRow: (o, now) => extra.map((c) => cell(o, c, now)),
  };
}

const META_DESC = "Standard object's metadata. More info:\nhttps://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
const BUILTIN_FIELDS: Record<string, Json> = {
  apiVersion: { type: "string", description: "APIVersion defines the versioned schema of this representation of an object.\nServers should convert recognized schemas to the latest internal value, and\nmay reject unrecognized values. More info:\nhttps://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources" },
  kind: { type: "string", description: "Kind is a string value representing the REST resource this object\nrepresents. Servers may infer this from the endpoint the client submits\nrequests to. Cannot be updated. In CamelCase. More info:\nhttps://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds" },
  metadata: { type: "object", "x-kubeclass-ref": "ObjectMeta", description: META_DESC },
};

function typeOf(s: Json): string {
  if (!s) return "Object";
  if (s["x-kubeclass-ref"]) return s["x-kubeclass-ref"];
  if (s["x-kubernetes-int-or-string"]) return "IntOrString";
  switch (s.type) {
    case "array":
      return `[]${typeOf(s.items)}`;
    case "object":
      if (!s.properties && s.additionalProperties && typeof s.additionalProperties === "object") return `map[string]${typeOf(s.additionalProperties)}`;
      return "Object";
    case undefined:
      return "Object";
    default:
      return s.type;
  }
}

function fieldsOf(s: Json): Record<string, Json> | null {
  const t = s?.type === "array" ? s.items : s;
  return t?.properties ?? null;
}

function indent(text: string, pad: string): string {
  return text.split("\n").map((l) => (l ? pad + l : l)).join("\n");
}

/** `kubectl explain` for a custom resource (plaintext template of kubectl 1.35). */
export function explainCustom(res: ApiResource, path: string[], recursive: boolean): { ok: true; text: string } | { ok: false; error: string } {
  const root: Json = { ...res.openAPISchema, properties: { ...BUILTIN_FIELDS, ...(res.openAPISchema?.properties ?? {}) } };
  let text = `GROUP:      ${res.group}\nKIND:       ${res.kind}\nVERSION:    ${res.version}\n\n`;
  let cur: Json = root;
  for (let i = 0; i < path.length; i++) {
    const fields = fieldsOf(cur);
    if (!fields || !(path[i] in fields)) return { ok: false, error: `field "${path[i]}" does not exist` };
    const required = ((cur.type === "array" ? cur.items : cur)?.required ?? []).includes(path[i]);
    cur = fields[path[i]];
    if (i === path.length - 1) text += `FIELD: ${path[i]} <${typeOf(cur)}>${required ? " -required-" : ""}\n\n`;
  }
  if (path.length && Array.isArray(cur.enum)) text += `ENUM:\n${cur.enum.map((e: Json) => `    ${e}`).join("\n")}\n\n`;
  text += `DESCRIPTION:\n${indent(cur.description ?? "<empty>", "    ")}\n`;
  const fields = fieldsOf(cur);
  if (!fields) return { ok: true, text };
  text += "FIELDS:\n";
  const walk = (s: Json, pad: string, depth: number) => {
    const fs = fieldsOf(s) ?? {};
    const req: string[] = (s.type === "array" ? s.items : s)?.required ?? [];
    for (const k of Object.keys(fs).sort()) {
      const f = fs[k];
      text += `${pad}${k}\t<${typeOf(f)}>${req.includes(k) ? " -required-" : ""}\n`;
      if (recursive) {
        if (fieldsOf(f) && depth < 10) walk(f, pad + "  ", depth + 1);
      } else text += `${indent(f.description ?? "<no description>", pad + "  ")}\n\n`;
    }
  };
  walk(cur, "  ", 0);
  return { ok: true, text };
}

/** describe.go smartLabelFor: `creationTimestamp` -> `Creation Timestamp`, `apiVersion` -> `API Version`. */
export function smartLabelFor(field: string): string {
  if (/[^A-Za-z-]/.test(field)) return field;
  const parts = field.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|-/g) ?? [field];
  return parts
    .filter((p) => p !== "_")
    .map((p) => (["API", "URL", "UID", "OSB", "GUID"].includes(p.toUpperCase()) ? p.toUpperCase() : p[0].toUpperCase() + p.slice(1)))
    .join(" ");
}

const DESCRIBE_SKIP = [".metadata.managedFields", ".metadata.name", ".metadata.namespace", ".metadata.labels", ".metadata.annotations"];

/** describe.go printUnstructuredContent (the generic describer of custom resources): [level, line] pairs. */
export function unstructuredLines(content: Json, level = 0, prefix = ""): [number, string][] {
  const out: [number, string][] = [];
  for (const field of Object.keys(content ?? {}).sort()) {
    const v = content[field];
    const path = `${prefix}.${field}`;
    if (DESCRIBE_SKIP.includes(path)) continue;
    if (v && typeof v === "object" && !Array.isArray(v)) {
      out.push([level, `${smartLabelFor(field)}:`]);
      out.push(...unstructuredLines(v, level + 1, path));
    } else if (Array.isArray(v)) {
      out.push([level, `${smartLabelFor(field)}:`]);
      for (const child of v) {
        if (child && typeof child === "object" && !Array.isArray(child)) out.push(...unstructuredLines(child, level + 1, path));
        else out.push([level + 1, String(child)]);
      }
    } else out.push([level, `${smartLabelFor(field)}:\t${v === null ? "<nil>" : String(v)}`]);
  }
  return out;
}
