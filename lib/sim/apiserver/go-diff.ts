/**
 * The API server's object diff in validation messages: k8s.io/apimachinery/pkg/util/diff.Diff
 * (1.34+, kubernetes/kubernetes#132221) marshals both values with Go's json.MarshalIndent(v, "", " ")
 * and prints a unified diff of the lines with github.com/pmezard/go-difflib (context 3, no file
 * header). Used after "spec is immutable after creation except ..." for PersistentVolumeClaims.
 *
 * Go values are modelled as plain JS values: objects are structs (fields in declaration order),
 * `Map`s are Go maps (keys sorted on output), `null` is a nil pointer, slice or map.
 */

/** A value json.Marshal can print: struct (object), map (Map), slice, string, number, bool, nil. */
export type GoValue = null | string | number | boolean | GoValue[] | Map<string, GoValue> | { [field: string]: GoValue };

/** Go's encoding/json string escaping (HTMLEscape on, as json.Marshal does). */
function goString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || ch === "<" || ch === ">" || ch === "&" || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return out + '"';
}

/** json.MarshalIndent(v, "", " "). */
export function goJsonIndent(v: GoValue, depth = 0): string {
  const pad = (d: number) => "\n" + " ".repeat(d);
  if (v === null) return "null";
  if (typeof v === "string") return goString(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) {
    if (!v.length) return "[]";
    return "[" + v.map((x) => pad(depth + 1) + goJsonIndent(x, depth + 1)).join(",") + pad(depth) + "]";
  }
  const entries: [string, GoValue][] = v instanceof Map ? [...v.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : Object.entries(v);
  if (!entries.length) return "{}";
  return "{" + entries.map(([k, x]) => `${pad(depth + 1)}${goString(k)}: ${goJsonIndent(x, depth + 1)}`).join(",") + pad(depth) + "}";
}

interface Match { a: number; b: number; size: number }
interface OpCode { tag: "r" | "d" | "i" | "e"; i1: number; i2: number; j1: number; j2: number }

/** difflib.SequenceMatcher (NewMatcher: no junk function, autojunk on). */
function opCodes(a: string[], b: string[]): OpCode[] {
  const b2j = new Map<string, number[]>();
  b.forEach((s, i) => (b2j.get(s) ?? b2j.set(s, []).get(s)!).push(i));
  if (b.length >= 200) {
    const ntest = Math.floor(b.length / 100) + 1;
    for (const [s, idx] of [...b2j]) if (idx.length > ntest) b2j.delete(s);
  }
  const longest = (alo: number, ahi: number, blo: number, bhi: number): Match => {
    let besti = alo, bestj = blo, bestsize = 0;
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const next = new Map<number, number>();
      for (const j of b2j.get(a[i]) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        next.set(j, k);
        if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
      }
      j2len = next;
    }
    // No junk: extend the match over equal neighbours (popular lines are not junk).
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; bestsize++; }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
    return { a: besti, b: bestj, size: bestsize };
  };
  const matched: Match[] = [];
  const blocks = (alo: number, ahi: number, blo: number, bhi: number) => {
    const m = longest(alo, ahi, blo, bhi);
    if (!m.size) return;
    if (alo < m.a && blo < m.b) blocks(alo, m.a, blo, m.b);
    matched.push(m);
    if (m.a + m.size < ahi && m.b + m.size < bhi) blocks(m.a + m.size, ahi, m.b + m.size, bhi);
  };
  blocks(0, a.length, 0, b.length);
  const merged: Match[] = [];
  let cur: Match = { a: 0, b: 0, size: 0 };
  for (const m of matched) {
    if (cur.a + cur.size === m.a && cur.b + cur.size === m.b) cur = { ...cur, size: cur.size + m.size };
    else {
      if (cur.size > 0) merged.push(cur);
      cur = m;
    }
  }
  if (cur.size > 0) merged.push(cur);
  merged.push({ a: a.length, b: b.length, size: 0 });
  const codes: OpCode[] = [];
  let i = 0, j = 0;
  for (const m of merged) {
    const tag = i < m.a && j < m.b ? "r" : i < m.a ? "d" : j < m.b ? "i" : null;
    if (tag) codes.push({ tag, i1: i, i2: m.a, j1: j, j2: m.b });
    i = m.a + m.size;
    j = m.b + m.size;
    if (m.size > 0) codes.push({ tag: "e", i1: m.a, i2: i, j1: m.b, j2: j });
  }
  return codes;
}

/** SequenceMatcher.GetGroupedOpCodes(n). */
function groupedOpCodes(a: string[], b: string[], n: number): OpCode[][] {
  let codes = opCodes(a, b);
  if (!codes.length) codes = [{ tag: "e", i1: 0, i2: 1, j1: 0, j2: 1 }];
  const first = codes[0];
  if (first.tag === "e") codes[0] = { ...first, i1: Math.max(first.i1, first.i2 - n), j1: Math.max(first.j1, first.j2 - n) };
  const last = codes[codes.length - 1];
  if (last.tag === "e") codes[codes.length - 1] = { ...last, i2: Math.min(last.i2, last.i1 + n), j2: Math.min(last.j2, last.j1 + n) };
  const groups: OpCode[][] = [];
  let group: OpCode[] = [];
  for (const c of codes) {
    let { i1, j1 } = c;
    if (c.tag === "e" && c.i2 - c.i1 > 2 * n) {
      group.push({ tag: "e", i1, i2: Math.min(c.i2, i1 + n), j1, j2: Math.min(c.j2, j1 + n) });
      groups.push(group);
      group = [];
      i1 = Math.max(i1, c.i2 - n);
      j1 = Math.max(j1, c.j2 - n);
    }
    group.push({ tag: c.tag, i1, i2: c.i2, j1, j2: c.j2 });
  }
  if (group.length && !(group.length === 1 && group[0].tag === "e")) groups.push(group);
  return groups;
}

function unifiedRange(start: number, stop: number): string {
  const length = stop - start;
  if (length === 1) return String(start + 1);
  return `${length === 0 ? start : start + 1},${length}`;
}

/** difflib.SplitLines: every line keeps its "\n", the last one gets one added. */
function splitLines(s: string): string[] {
  // strings.SplitAfter(s, "\n"): a trailing "\n" leaves an empty last element
  const lines = s.split("\n").map((x, i, all) => (i < all.length - 1 ? x + "\n" : x));
  lines[lines.length - 1] += "\n";
  return lines;
}

/** difflib.GetUnifiedDiffString with Context n and no FromFile/ToFile (so no ---/+++ header). */
export function unifiedDiff(a: string, b: string, n = 3): string {
  const la = splitLines(a), lb = splitLines(b);
  let out = "";
  for (const g of groupedOpCodes(la, lb, n)) {
    const f = g[0], l = g[g.length - 1];
    out += `@@ -${unifiedRange(f.i1, l.i2)} +${unifiedRange(f.j1, l.j2)} @@\n`;
    for (const c of g) {
      if (c.tag === "e") {
        for (const line of la.slice(c.i1, c.i2)) out += " " + line;
        continue;
      }
      if (c.tag === "r" || c.tag === "d") for (const line of la.slice(c.i1, c.i2)) out += "-" + line;
      if (c.tag === "r" || c.tag === "i") for (const line of lb.slice(c.j1, c.j2)) out += "+" + line;
    }
  }
  return out;
}

/** diff.Diff(a, b) as the API server prints it inside a validation message. */
export function goDiff(a: GoValue, b: GoValue): string {
  return unifiedDiff(goJsonIndent(a), goJsonIndent(b));
}
