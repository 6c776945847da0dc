// kubectl's JSONPath template dialect (k8s.io/client-go/util/jsonpath): text with {expr}
// blocks, fields, [n], [*], [a:b], .., [?(@.x=="y")] filters, range/end and string literals.
import type { Json } from "../cluster-api";

type Step =
  | { t: "field"; name: string }
  | { t: "recursive"; name: string }
  | { t: "index"; start: number | null; end: number | null; single: boolean }
  | { t: "wild" }
  | { t: "filter"; path: Step[]; op: string | null; value: Json };

type Node =
  | { t: "text"; text: string }
  | { t: "expr"; steps: Step[] }
  | { t: "range"; steps: Step[]; body: Node[] };

/** A JSONPath template that cannot be parsed. */
export class JsonPathError extends Error {}

/** an error while executing a valid template (kubectl: "error executing jsonpath") */
export class JsonPathExecError extends JsonPathError {}

function splitPath(src: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  const s = src.trim();
  if (s.startsWith("$")) i = 1;
  while (i < s.length) {
    const c = s[i];
    if (c === ".") {
      if (s[i + 1] === ".") {
        i += 2;
        const m = readName(s, i);
        steps.push({ t: "recursive", name: m.name });
        i = m.end;
        continue;
      }
      i++;
      if (s[i] === "*") {
        steps.push({ t: "wild" });
        i++;
        continue;
      }
      if (i >= s.length || s[i] === "[") continue;
      const m = readName(s, i);
      steps.push({ t: "field", name: m.name });
      i = m.end;
      continue;
    }
    if (c === "[") {
      const close = findClose(s, i);
      const inner = s.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === "*") steps.push({ t: "wild" });
      else if (inner.startsWith("?(")) steps.push(parseFilter(inner.slice(2, -1)));
      else if (/^'.*'$|^".*"$/.test(inner)) steps.push({ t: "field", name: inner.slice(1, -1) });
      else if (/^-?[0-9]*(:-?[0-9]*)?$/.test(inner)) {
        if (inner.includes(":")) {
          const [a, b] = inner.split(":");
          steps.push({ t: "index", start: a === "" ? null : Number(a), end: b === "" ? null : Number(b), single: false });
        } else steps.push({ t: "index", start: Number(inner), end: null, single: true });
      } else throw new JsonPathError(`invalid array index ${inner}`);
      continue;
    }
    // bare field at the start (e.g. "metadata.name" without a leading dot)
    const m = readName(s, i);
    if (m.end === i) throw new JsonPathError(`unrecognized character in action: U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")} '${c}'`);
    steps.push({ t: "field", name: m.name });
    i = m.end;
  }
  return steps;
}

function readName(s: string, i: number): { name: string; end: number } {
  let name = "";
  while (i < s.length) {
    const c = s[i];
    if (c === "\\" && i + 1 < s.length) {
      name += s[i + 1];
      i += 2;
      continue;
    }
    if (c === "." || c === "[") break;
    name += c;
    i++;
  }
  return { name, end: i };
}

function findClose(s: string, i: number): number {
  let depth = 0;
  let q: string | null = null;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (q) {
      if (c === q) q = null;
      continue;
    }
    if (c === "'" || c === '"') q = c;
    else if (c === "[") depth++;
    else if (c === "]") {
      depth--;
      if (depth === 0) return j;
    }
  }
  throw new JsonPathError("unterminated array");
}

function parseFilter(expr: string): Step {
  const m = /^\s*@(\S*?)\s*(==|!=|<=|>=|<|>|=~)\s*(.+?)\s*$/.exec(expr);
  if (!m) {
    const e = /^\s*@(\S*)\s*$/.exec(expr);
    if (!e) throw new JsonPathError(`unrecognized filter "${expr}"`);
    return { t: "filter", path: splitPath(e[1]), op: null, value: null };
  }
  let v: Json = m[3];
  if (/^'.*'$|^".*"$/.test(v)) v = v.slice(1, -1);
  else if (v === "true" || v === "false") v = v === "true";
  else if (!Number.isNaN(Number(v))) v = Number(v);
  return { t: "filter", path: splitPath(m[1]), op: m[2], value: v };
}

/** Parse a template like `{range .items[*]}{.metadata.name}{"\n"}{end}`. */
export function parseTemplate(tpl: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < tpl.length) {
    const open = tpl.indexOf("{", i);
    if (open < 0) {
      stack[stack.length - 1].push({ t: "text", text: tpl.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1].push({ t: "text", text: tpl.slice(i, open) });
    let close = -1;
    let q: string | null = null;
    for (let j = open + 1; j < tpl.length; j++) {
      const c = tpl[j];
      if (q) {
        if (c === "\\") j++;
        else if (c === q) q = null;
        continue;
      }
      if (c === '"' || c === "'") q = c;
      else if (c === "}") {
        close = j;
        break;
      }
    }
    if (close < 0) throw new JsonPathError(`unclosed action`);
    const inner = tpl.slice(open + 1, close).trim();
    i = close + 1;
    const cur = stack[stack.length - 1];
    if (inner.startsWith("range ")) {
      const node: Node = { t: "range", steps: splitPath(inner.slice(6)), body: [] };
      cur.push(node);
      stack.push(node.body);
    } else if (inner === "end") {
      if (stack.length === 1) throw new JsonPathError("not in range, nothing to end");
      stack.pop();
    } else if (/^".*"$|^'.*'$/s.test(inner)) {
      const raw = inner.slice(1, -1);
      cur.push({ t: "text", text: raw.replace(/\\n/g, "\n").replace(/\\t/g, "\t").replace(/\\"/g, '"').replace(/\\\\/g, "\\") });
    } else if (inner === "" || inner === "@" || inner === "$") {
      cur.push({ t: "expr", steps: [] });
    } else {
      cur.push({ t: "expr", steps: splitPath(inner.startsWith("@") ? inner.slice(1) : inner) });
    }
  }
  // kubectl's parser closes a range left open at the end of the template
  return root;
}

function evalSteps(root: Json, steps: Step[]): Json[] {
  let cur: Json[] = [root];
  for (const st of steps) {
    const next: Json[] = [];
    for (const v of cur) {
      if (v === undefined || v === null) continue;
      if (st.t === "field") {
        if (typeof v === "object" && !Array.isArray(v) && st.name in v) next.push(v[st.name]);
      } else if (st.t === "wild") {
        if (Array.isArray(v)) next.push(...v);
        else if (typeof v === "object") for (const k of Object.keys(v).sort()) next.push(v[k]);
      } else if (st.t === "index") {
        if (!Array.isArray(v)) continue;
        if (st.single) {
          const idx = st.start! < 0 ? v.length + st.start! : st.start!;
          if (idx >= 0 && idx < v.length) next.push(v[idx]);
          else throw new JsonPathExecError(`array index out of bounds: index ${st.start}, length ${v.length}`);
        } else {
          const a = st.start === null ? 0 : st.start < 0 ? v.length + st.start : st.start;
          const b = st.end === null ? v.length : st.end < 0 ? v.length + st.end : st.end;
          next.push(...v.slice(Math.max(0, a), Math.min(v.length, b)));
        }
      } else if (st.t === "recursive") {
        const walk = (x: Json) => {
          if (x && typeof x === "object") {
            if (!Array.isArray(x) && st.name in x) next.push(x[st.name]);
            for (const k of Object.keys(x)) walk(x[k]);
          }
        };
        walk(v);
      } else if (st.t === "filter") {
        const arr = Array.isArray(v) ? v : [v];
        for (const item of arr) {
          const got = evalSteps(item, st.path);
          if (st.op === null) {
            if (got.length) next.push(item);
            continue;
          }
          const lhs = got[0];
          if (lhs === undefined) continue;
          let ok = false;
          switch (st.op) {
            case "==":
              ok = String(lhs) === String(st.value);
              break;
            case "!=":
              ok = String(lhs) !== String(st.value);
              break;
            case "<":
              ok = Number(lhs) < Number(st.value);
              break;
            case ">":
              ok = Number(lhs) > Number(st.value);
              break;
            case "<=":
              ok = Number(lhs) <= Number(st.value);
              break;
            case ">=":
              ok = Number(lhs) >= Number(st.value);
              break;
            case "=~":
              try {
                ok = new RegExp(String(st.value)).test(String(lhs));
              } catch {
                ok = false;
              }
              break;
          }
          if (ok) next.push(item);
        }
      }
    }
    cur = next;
  }
  return cur;
}

/** Go's json.Marshal of a map: sorted keys, HTML characters escaped. */
function goJson(v: Json): string {
  const sort = (x: Json): Json => (Array.isArray(x) ? x.map(sort) : x && typeof x === "object" ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort(x[k])])) : x);
  return JSON.stringify(sort(v)).replace(/[<>&]/g, (c) => (c === "<" ? "\\u003c" : c === ">" ? "\\u003e" : "\\u0026"));
}

function fmt(v: Json): string {
  if (v === null) return "null";
  if (typeof v === "object") return goJson(v);
  return String(v);
}

/** Evaluate a template against data. Throws JsonPathError on bad templates or missing fields. */
export function executeTemplate(tpl: string, data: Json, allowMissing = true): string {
  const nodes = parseTemplate(tpl);
  let out = "";
  const run = (ns: Node[], ctx: Json) => {
    for (const n of ns) {
      if (n.t === "text") out += n.text;
      else if (n.t === "expr") {
        const vals = evalSteps(ctx, n.steps);
        if (!vals.length && !allowMissing && n.steps.length) throw new JsonPathError(`${stepsToString(n.steps)} is not found`);
        out += vals.map(fmt).join(" ");
      } else {
        const vals = evalSteps(ctx, n.steps);
        const items = vals.length === 1 && Array.isArray(vals[0]) ? vals[0] : vals;
        for (const item of items) run(n.body, item);
      }
    }
  };
  run(nodes, data);
  return out;
}

/** Go's %#v of a decoded JSON value, as kubectl prints the object given to the jsonpath engine. */
export function goSyntax(v: Json): string {
  if (v === null || v === undefined) return "interface {}(nil)";
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(", ")}}`;
  if (typeof v === "object") return `map[string]interface {}{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${goSyntax(v[k])}`).join(", ")}}`;
  if (typeof v === "string") return JSON.stringify(v);
  return String(v);
}

function stepsToString(steps: Step[]): string {
  return steps.map((s) => (s.t === "field" ? s.name : s.t === "wild" ? "[*]" : "")).filter(Boolean).join(".");
}

/** Values at a path (for custom-columns and --sort-by). */
/** Parse a custom-columns path without evaluating it; throws JsonPathError as jsonpath.Parse fails. */
export function parseColumnPath(path: string): void {
  let p = path.trim();
  if (p.startsWith("{") && p.endsWith("}")) p = p.slice(1, -1);
  splitPath(p);
}

export function valuesAt(data: Json, path: string): Json[] {
  let p = path.trim();
  if (p.startsWith("{") && p.endsWith("}")) p = p.slice(1, -1);
  return evalSteps(data, splitPath(p));
}
