// A small kubectl-style JSONPath for checks: {.a.b}, [0], [*], ['dotted.key'], [?(@.k=="v")].

type Step = { key: string } | { index: number } | { all: true } | { filter: { path: string[]; value: string } };

function parse(expr: string): Step[] {
  let s = expr.trim();
  if (s.startsWith("{") && s.endsWith("}")) s = s.slice(1, -1);
  if (s.startsWith("$")) s = s.slice(1);
  const steps: Step[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === ".") {
      i++;
      let key = "";
      while (i < s.length && s[i] !== "." && s[i] !== "[") {
        if (s[i] === "\\" && i + 1 < s.length) i++;
        key += s[i++];
      }
      if (key) steps.push({ key });
    } else if (s[i] === "[") {
      const end = s.indexOf("]", s[i + 1] === "?" ? s.indexOf(")", i) : i);
      if (end < 0) throw new Error(`bad JSONPath ${expr}`);
      const inner = s.slice(i + 1, end).trim();
      i = end + 1;
      if (inner === "*") steps.push({ all: true });
      else if (/^-?\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else if (/^'.*'$|^".*"$/.test(inner)) steps.push({ key: inner.slice(1, -1) });
      else {
        const m = /^\?\(@\.([\w.-]+)\s*==\s*(?:"([^"]*)"|'([^']*)'|([\w.-]+))\)$/.exec(inner);
        if (!m) throw new Error(`unsupported JSONPath filter ${inner}`);
        steps.push({ filter: { path: m[1].split("."), value: m[2] ?? m[3] ?? m[4] } });
      }
    } else throw new Error(`bad JSONPath ${expr}`);
  }
  return steps;
}

/** All values the path selects in obj (empty when nothing matches). */
export function jsonPath(obj: unknown, expr: string): unknown[] {
  let cur: unknown[] = [obj];
  for (const st of parse(expr)) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (v === null || v === undefined) continue;
      if ("key" in st) {
        if (typeof v === "object" && !Array.isArray(v) && st.key in (v as object)) next.push((v as Record<string, unknown>)[st.key]);
      } else if ("index" in st) {
        if (Array.isArray(v)) {
          const x = v[st.index < 0 ? v.length + st.index : st.index];
          if (x !== undefined) next.push(x);
        }
      } else if ("all" in st) {
        if (Array.isArray(v)) next.push(...v);
        else if (typeof v === "object") next.push(...Object.values(v as object));
      } else {
        if (!Array.isArray(v)) continue;
        for (const item of v) {
          let x: unknown = item;
          for (const k of st.filter.path) x = x && typeof x === "object" ? (x as Record<string, unknown>)[k] : undefined;
          if (x !== undefined && String(x) === st.filter.value) next.push(item);
        }
      }
    }
    cur = next;
  }
  return cur;
}

/** kubectl's printing of selected values: scalars as text, objects as JSON, joined by a space. */
export function jsonPathText(obj: unknown, expr: string): string | null {
  const vals = jsonPath(obj, expr);
  if (vals.length === 0) return null;
  return vals.map((v) => (v !== null && typeof v === "object" ? JSON.stringify(v) : String(v))).join(" ");
}
