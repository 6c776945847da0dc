/**
 * Strict decoding like the API server's (k8s-reference §8.3): JSON type mismatches are reported
 * the way Go's encoding/json does, and unknown fields as `strict decoding error: unknown field`.
 * A type mismatch wins over unknown fields (k8s-examples README note 1).
 */
import { SCHEMA } from "./generated";


// Fields newer than the kubernetes-types release we build on (1.30) that 1.35 serves.
const EXTRA_FIELDS: Record<string, Record<string, string>> = {
  "core/v1.PodSpec": { resources: "core/v1.ResourceRequirements", hostnameOverride: "s" },
  "core/v1.Container": { restartPolicyRules: "[]a" },
  "core/v1.Toleration": {},
  // .status.terminatingReplicas (feature gate DeploymentReplicaSetTerminatingReplicas, beta and on in 1.35)
  "apps/v1.DeploymentStatus": { terminatingReplicas: "n" },
  "apps/v1.ReplicaSetStatus": { terminatingReplicas: "n" },
  // feature gate MutableCSINodeAllocatableCount (beta and on in 1.35)
  "storage/v1.CSIDriverSpec": { nodeAllocatableUpdatePeriodSeconds: "n" },
};
for (const [t, f] of Object.entries(EXTRA_FIELDS)) if (SCHEMA[t]) Object.assign(SCHEMA[t], f);

export interface DecodeResult {
  /** Go encoding/json error text, e.g. `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32` */
  typeError?: string;
  unknown: string[];
}

const NUMBER_GO: Record<string, string> = { replicas: "int32", port: "int32", containerPort: "int32", nodePort: "int32" };

function goTypeName(code: string, field: string): string {
  if (code === "s") return "string";
  if (code === "b") return "bool";
  if (code === "n") return NUMBER_GO[field] ?? (/Seconds$|Threshold$|Limit$/.test(field) ? "int32" : "int64");
  if (code === "i") return "intstr.IntOrString";
  if (code.startsWith("[]")) return "[]" + goTypeName(code.slice(2), field);
  if (code.startsWith("{}")) return "map[string]" + goTypeName(code.slice(2), field);
  const dot = code.lastIndexOf(".");
  const mod = code.slice(0, dot);
  return `${mod.split("/")[1]}.${code.slice(dot + 1)}`;
}

function jsonKind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "object";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}

/** Decode `obj` against schema type `type`; returns the first type error and all unknown field paths. */
export function strictDecode(obj: unknown, type: string): DecodeResult {
  const res: DecodeResult = { unknown: [] };
  walkStruct(obj, type, "", "", res);
  return res;
}

function walkStruct(v: unknown, type: string, jsonPath: string, _goPath: string, res: DecodeResult) {
  const fields = SCHEMA[type];
  if (!fields || v === null || typeof v !== "object" || Array.isArray(v)) return;
  const structName = type.slice(type.lastIndexOf(".") + 1);
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    const code = fields[k];
    const p = jsonPath ? `${jsonPath}.${k}` : k;
    if (code === undefined) {
      res.unknown.push(p);
      continue;
    }
    walkValue(val, code, p, structName, k, res);
  }
}

// The Go struct field path in json errors omits list indices.
function goFieldPath(p: string): string {
  return p.replace(/\[\d+\]/g, "").replace(/\[[^\]]*\]/g, "");
}

function walkValue(val: unknown, code: string, p: string, structName: string, field: string, res: DecodeResult) {
  if (val === null) return;
  const mismatch = (): void => {
    if (!res.typeError) res.typeError = `json: cannot unmarshal ${jsonKind(val)} into Go struct field ${structName}.${goFieldPath(p)} of type ${goTypeName(code, field)}`;
  };
  if (code === "a") return;
  if (code === "s") { if (typeof val !== "string") mismatch(); return; }
  if (code === "n") { if (typeof val !== "number") mismatch(); else if (!Number.isInteger(val) && !/Utilization|Value/.test(field)) mismatch(); return; }
  if (code === "b") { if (typeof val !== "boolean") mismatch(); return; }
  if (code === "i") { if (typeof val !== "string" && typeof val !== "number") mismatch(); return; }
  if (code.startsWith("[]")) {
    if (!Array.isArray(val)) return mismatch();
    const inner = code.slice(2);
    val.forEach((x, i) => walkValue(x, inner, `${p}[${i}]`, structName, field, res));
    return;
  }
  if (code.startsWith("{}")) {
    if (typeof val !== "object" || Array.isArray(val)) return mismatch();
    const inner = code.slice(2);
    for (const [k, x] of Object.entries(val as Record<string, unknown>)) walkValue(x, inner, `${p}[${k}]`, structName, field, res);
    return;
  }
  if (typeof val !== "object" || Array.isArray(val)) return mismatch();
  walkStruct(val, code, p, "", res);
}
