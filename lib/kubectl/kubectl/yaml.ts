// Reading manifests (multi-doc YAML, KYAML flow style, JSON) and writing them the way
// kubectl does (sigs.k8s.io/yaml: keys sorted, sequences not indented, go-yaml quoting).
import { parseAllDocuments, type Document } from "yaml";
import type { Json } from "../cluster-api";

export const MAX_ALIASES = 100;
export const MAX_DOCS = 200;

export type ParsedDocs = { ok: true; docs: Json[] } | { ok: false; error: string };

/** Parse a manifest file into objects, skipping empty documents. Errors read like kubectl's. */
export function parseManifests(text: string, source: string): ParsedDocs {
  const trimmed = text.replace(/^\uFEFF/, "");
  // JSON files (a single object or a List)
  if (/^\s*[{[]/.test(trimmed) && !/^\s*---/.test(trimmed)) {
    try {
      const v = JSON.parse(trimmed);
      return { ok: true, docs: flattenLists(Array.isArray(v) ? v : [v]) };
    } catch {
      // fall through: KYAML and flow YAML also start with "{"
    }
  }
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(trimmed, { uniqueKeys: true, prettyErrors: false, strict: false }) as Document.Parsed[];
  } catch (e) {
    return { ok: false, error: `error: error parsing ${source}: error converting YAML to JSON: yaml: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  if (docs.length > MAX_DOCS) return { ok: false, error: `error: error parsing ${source}: too many documents (the limit is ${MAX_DOCS})` };
  const out: Json[] = [];
  for (const d of docs) {
    if (d.errors.length) {
      const e = d.errors[0];
      const line = lineOf(trimmed, e.pos?.[0] ?? 0, e.linePos?.[0]?.line);
      return { ok: false, error: `error: error parsing ${source}: error converting YAML to JSON: yaml: line ${line}: ${goYamlMessage(e.code, e.message)}` };
    }
    let v: unknown;
    try {
      v = d.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (/alias/i.test(msg)) return { ok: false, error: `error: error parsing ${source}: error converting YAML to JSON: yaml: document contains excessive aliasing` };
      return { ok: false, error: `error: error parsing ${source}: error converting YAML to JSON: yaml: ${msg}` };
    }
    if (v === null || v === undefined) continue;
    if (typeof v !== "object" || Array.isArray(v)) {
      return { ok: false, error: `error: error parsing ${source}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(v) ? "array" : typeof v === "string" ? "string" : "number"} into Go value of type map[string]interface {}` };
    }
    out.push(normalise(v));
  }
  return { ok: true, docs: flattenLists(out) };
}

function flattenLists(docs: Json[]): Json[] {
  const out: Json[] = [];
  for (const d of docs) {
    if (d && typeof d === "object" && typeof d.kind === "string" && d.kind.endsWith("List") && Array.isArray(d.items)) out.push(...d.items);
    else out.push(d);
  }
  return out;
}

/** Convert Dates and other non-JSON values the YAML 1.2 core schema could produce. */
function normalise(v: unknown): Json {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(normalise);
  if (v instanceof Map) {
    const o: Record<string, Json> = {};
    for (const [k, x] of v) o[String(k)] = normalise(x);
    return o;
  }
  if (v && typeof v === "object") {
    const o: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) o[k] = normalise(x);
    return o;
  }
  if (typeof v === "bigint") return Number(v);
  return v;
}

function lineOf(text: string, pos: number, line?: number): number {
  if (line) return line;
  let n = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text[i] === "\n") n++;
  return n;
}

/** Map the yaml package's error codes to the go-yaml messages kubectl prints. */
function goYamlMessage(code: string, msg: string): string {
  switch (code) {
    case "BLOCK_AS_IMPLICIT_KEY":
    case "MULTILINE_IMPLICIT_KEY":
    case "UNEXPECTED_TOKEN":
      if (/tab/i.test(msg)) return "found character that cannot start any token";
      return "mapping values are not allowed in this context";
    case "BAD_INDENT":
    case "MISSING_CHAR":
      return "did not find expected key";
    case "TAB_AS_INDENT":
      return "found character that cannot start any token";
    case "DUPLICATE_KEY": {
      const m = /Map keys must be unique/.exec(msg);
      void m;
      return "mapping key already defined";
    }
    case "BAD_ALIAS":
    case "ALIAS_PROPS":
      return "unknown anchor referenced";
    case "MISSING_FLOW_SEQ_END":
    case "MISSING_FLOW_MAP_END":
      return "did not find expected ',' or ']'";
    case "BAD_SCALAR_START":
      return "found character that cannot start any token";
    default:
      return "did not find expected key";
  }
}

// ---------------------------------------------------------------------------------------
// Writing YAML like sigs.k8s.io/yaml (go-yaml v2 emitter)

const YAML11_SPECIAL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|\.inf|\.Inf|\.INF|-\.inf|-\.Inf|-\.INF|\.nan|\.NaN|\.NAN)$/;
const NUMBERISH = /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$/;

const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/;

/** go-yaml v2: a string that would resolve to another type (bool, number, null, timestamp) is double-quoted. */
function resolvesToNonString(s: string): boolean {
  return s === "" || YAML11_SPECIAL.test(s) || NUMBERISH.test(s) || TIMESTAMP.test(s);
}

/** go-yaml v2 emitter: can this string be written as a plain scalar? */
function plainAllowed(s: string): boolean {
  if (/^[\s]|[\s]$/.test(s)) return false;
  if (/^[?:,[\]{}#&*!|>'"%@`]/.test(s)) return false;
  if (s.startsWith("---") || s.startsWith("...")) return false;
  if (s.startsWith("- ") || s === "-") return false;
  if (/: |:$| #|,\s|[[\]{}]/.test(s) && /: |:$| #/.test(s)) return false;
   
  if (/[\x00-\x08\x0b-\x1f\x7f\u0085\u2028\u2029\ufeff]/.test(s)) return false;
  return true;
}

function quoteScalar(s: string): string {
   
  if (/[\x00-\x08\x0b-\x1f\x7f\t\n]/.test(s)) return JSON.stringify(s);
  return "'" + s.replace(/'/g, "''") + "'";
}

function scalar(v: Json): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(v);
  const s = String(v);
  if (resolvesToNonString(s)) return JSON.stringify(s);
  return plainAllowed(s) ? s : quoteScalar(s);
}

function isMultiline(s: Json): boolean {
  return typeof s === "string" && s.includes("\n") && !/[\t]/.test(s) && !/ \n|[ ]$/.test(s.replace(/\n+$/, "")) && !/^\s/.test(s);
}

function blockScalar(s: string, indent: string): string {
  const trail = /\n+$/.exec(s)?.[0].length ?? 0;
  const chomp = trail === 0 ? "-" : trail === 1 ? "" : "+";
  const body = s.replace(/\n$/, "");
  const lines = (trail > 1 ? s.slice(0, -1) : body).split("\n");
  return `|${chomp}\n` + lines.map((l) => (l === "" ? "" : indent + l)).join("\n");
}

function sortedKeys(o: Record<string, Json>): string[] {
  return Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
}

function emit(v: Json, indent: string, out: string[]): void {
  // v is a non-empty object or array; writes lines
  if (Array.isArray(v)) {
    for (const item of v) {
      if (item && typeof item === "object" && !Array.isArray(item) && Object.keys(item).length) {
        const sub: string[] = [];
        emit(item, indent + "  ", sub);
        sub[0] = indent + "- " + sub[0].slice(indent.length + 2);
        out.push(...sub);
      } else if (Array.isArray(item) && item.length) {
        const sub: string[] = [];
        emit(item, indent + "  ", sub);
        sub[0] = indent + "- " + sub[0].slice(indent.length + 2);
        out.push(...sub);
      } else out.push(indent + "- " + inline(item, indent + "  ", indent.length + 2));
    }
    return;
  }
  for (const k of sortedKeys(v)) {
    const val = v[k];
    const key = scalar(k);
    if (val && typeof val === "object" && (Array.isArray(val) ? val.length : Object.keys(val).length)) {
      out.push(`${indent}${key}:`);
      emit(val, Array.isArray(val) ? indent : indent + "  ", out);
    } else {
      out.push(`${indent}${key}: ${inline(val, indent + "  ", indent.length + key.length + 2)}`);
    }
  }
}

/** go-yaml v2 emitter's best_width: long plain and single-quoted scalars fold at spaces past it */
const BEST_WIDTH = 80;

function fold(text: string, startCol: number, contIndent: string, quoted: boolean): string {
  let out = "";
  let col = startCol;
  let prevSpace = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === " ") {
      const edge = quoted && (i === 0 || i === text.length - 1);
      if (!prevSpace && col > BEST_WIDTH && !edge && text[i + 1] !== " " && i + 1 < text.length) {
        out += "\n" + contIndent;
        col = contIndent.length;
      } else {
        out += " ";
        col++;
      }
      prevSpace = true;
    } else {
      out += ch;
      col++;
      prevSpace = false;
    }
  }
  return out;
}

function inline(v: Json, childIndent: string, startCol = 0): string {
  if (Array.isArray(v)) return "[]";
  if (v && typeof v === "object") return "{}";
  if (isMultiline(v)) return blockScalar(v, childIndent);
  const text = scalar(v);
  if (typeof v !== "string" || text.length + startCol <= BEST_WIDTH || !text.includes(" ")) return text;
  if (text.startsWith("'")) return "'" + fold(text.slice(1, -1), startCol + 1, childIndent, true) + "'";
  if (text.startsWith('"')) return text;
  return fold(text, startCol, childIndent, false);
}

/** Serialise an object as kubectl -o yaml prints it. */
export function toYaml(v: Json): string {
  if (v === null || typeof v !== "object") return scalar(v) + "\n";
  if (Array.isArray(v) ? !v.length : !Object.keys(v).length) return Array.isArray(v) ? "[]\n" : "{}\n";
  const out: string[] = [];
  emit(v, "", out);
  return out.join("\n") + "\n";
}

/** Serialise as kubectl -o json (4-space indent, keys sorted). */
export function toJson(v: Json): string {
  return JSON.stringify(sortDeep(v), null, 4) + "\n";
}

/** Copy a value with object keys sorted (Go map order). */
export function sortDeep(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === "object") {
    const o: Record<string, Json> = {};
    for (const k of Object.keys(v).sort()) if (v[k] !== undefined) o[k] = sortDeep(v[k]);
    return o;
  }
  return v;
}

/** Go's string order (bytes of UTF-8, i.e. code points), as json.Marshal sorts map keys. */
export function goCompare(a: string, b: string): number {
  if (a === b) return 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d) return d;
  }
  return x.length - y.length;
}

/**
 * Compact JSON as Go's json.Marshal writes decoded JSON (kubectl's last-applied-configuration, apply
 * patches): map keys sorted by bytes (integer-like keys too), `<`, `>`, `&`, U+2028/U+2029 escaped.
 */
export function compactJson(v: Json): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
  if (typeof v === "number") return Number.isFinite(v) ? JSON.stringify(v) : "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (Array.isArray(v)) return "[" + v.map(compactJson).join(",") + "]";
  const keys = Object.keys(v)
    .filter((k) => v[k] !== undefined)
    .sort(goCompare);
  return "{" + keys.map((k) => `${compactJson(k)}:${compactJson(v[k])}`).join(",") + "}";
}

// ---------------------------------------------------------------------------------------
// KYAML (kubectl -o kyaml, beta in 1.35): flow style, double-quoted strings, trailing commas,
// lists of maps "cuddled" as [{ ... }, { ... }].

const KYAML_BARE_KEY = /^[A-Za-z_][A-Za-z0-9_.\/-]*$/;
const KYAML_AMBIGUOUS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

function kyKey(k: string): string {
  return KYAML_BARE_KEY.test(k) && !KYAML_AMBIGUOUS.test(k) ? k : JSON.stringify(k);
}

function kyScalar(v: Json): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  return String(v);
}

function kyValue(v: Json, indent: string): string {
  if (Array.isArray(v)) {
    if (!v.length) return "[]";
    const inner = indent + "  ";
    if (v.every((x) => x && typeof x === "object" && !Array.isArray(x) && Object.keys(x).length)) {
      return "[" + v.map((x) => kyMap(x, indent)).join(", ") + "]";
    }
    return "[\n" + v.map((x) => `${inner}${kyValue(x, inner)},\n`).join("") + `${indent}]`;
  }
  if (v && typeof v === "object") return Object.keys(v).length ? kyMap(v, indent) : "{}";
  return kyScalar(v);
}

function kyMap(o: Json, indent: string): string {
  const inner = indent + "  ";
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return "{\n" + keys.map((k) => `${inner}${kyKey(k)}: ${kyValue(o[k], inner)},\n`).join("") + `${indent}}`;
}

/** Serialise as kubectl -o kyaml. */
export function toKyaml(v: Json): string {
  return "---\n" + kyValue(v, "") + "\n";
}
