// A Go text/template subset, enough for the built-in charts (and small learner charts):
// {{ }} with {{- -}} trimming, fields (.Values.a.b, $.Release.Name), literals, pipelines,
// parentheses, if / else if / else, range (lists and maps, with $i, $v :=), with, define /
// include / template, and the common Sprig functions Helm charts use (default, quote, squote,
// nindent, indent, toYaml, trunc, trimSuffix, printf, upper, lower, title, replace, required,
// eq, ne, lt, gt, le, ge, and, or, not, empty, hasKey, list, dict, int, toString, b64enc).
import { b64encode } from "../base64";
import type { Json } from "../cluster-api";
import { toYaml } from "../kubectl/yaml";

export class TemplateError extends Error {}

type Node =
  | { t: "text"; v: string }
  | { t: "action"; p: Pipe }
  | { t: "if"; branches: { cond: Pipe | null; body: Node[] }[] }
  | { t: "range"; vars: string[]; p: Pipe; body: Node[]; else: Node[] }
  | { t: "with"; p: Pipe; body: Node[]; else: Node[] }
  | { t: "define"; name: string; body: Node[] }
  | { t: "template"; name: string; p: Pipe | null };

type Arg = { k: "field"; base: string | null; path: string[] } | { k: "lit"; v: Json } | { k: "call"; fn: string; args: Arg[] } | { k: "pipe"; p: Pipe } | { k: "var"; name: string; path: string[] };
interface Pipe {
  decl?: string[];
  cmds: Arg[][];
}

// --- lexing of actions ---------------------------------------------------------------------------
function splitActions(src: string): ({ text: string } | { action: string; line: number })[] {
  const out: ({ text: string } | { action: string; line: number })[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    if (open < 0) {
      out.push({ text: src.slice(i) });
      break;
    }
    let text = src.slice(i, open);
    let start = open + 2;
    if (src[start] === "-" && /\s/.test(src[start + 1] ?? "")) {
      text = text.replace(/\s+$/, "");
      start++;
    }
    const close = src.indexOf("}}", start);
    if (close < 0) throw new TemplateError(`unclosed action`);
    let body = src.slice(start, close);
    let next = close + 2;
    if (/\s-$/.test(body)) {
      body = body.slice(0, -1);
      const m = /^\s*/.exec(src.slice(next))!;
      next += m[0].length;
    }
    out.push({ text });
    out.push({ action: body.trim(), line: src.slice(0, open).split("\n").length });
    i = next;
  }
  return out;
}

function tokens(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === "\\" ? 2 : 1;
      out.push(s.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (c === "`") {
      const j = s.indexOf("`", i + 1);
      out.push(s.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (c === "(" || c === ")" || c === "|" || c === ",") {
      out.push(c);
      i++;
      continue;
    }
    if (s.startsWith(":=", i) || (c === "=" && s[i - 1] !== ":")) {
      out.push(s.startsWith(":=", i) ? ":=" : "=");
      i += s.startsWith(":=", i) ? 2 : 1;
      continue;
    }
    let j = i;
    while (j < s.length && !/[\s()|,]/.test(s[j]) && !s.startsWith(":=", j)) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

function parseArg(tok: string): Arg {
  if (tok.startsWith('"')) return { k: "lit", v: JSON.parse(tok) };
  if (tok.startsWith("`")) return { k: "lit", v: tok.slice(1, -1) };
  if (/^-?\d+(\.\d+)?$/.test(tok)) return { k: "lit", v: Number(tok) };
  if (tok === "true" || tok === "false") return { k: "lit", v: tok === "true" };
  if (tok === "nil") return { k: "lit", v: null };
  if (tok === ".") return { k: "field", base: null, path: [] };
  if (tok.startsWith(".")) return { k: "field", base: null, path: tok.slice(1).split(".") };
  if (tok.startsWith("$")) {
    const [name, ...path] = tok.split(".");
    return { k: "var", name, path };
  }
  return { k: "call", fn: tok, args: [] };
}

function parsePipe(src: string): Pipe {
  const toks = tokens(src);
  let pos = 0;
  const pipe: Pipe = { cmds: [] };
  if (toks.length >= 2 && toks[0].startsWith("$") && (toks[1] === ":=" || toks[1] === "=" || toks[1] === ",")) {
    const decl: string[] = [];
    while (pos < toks.length && toks[pos] !== ":=" && toks[pos] !== "=") {
      if (toks[pos] !== ",") decl.push(toks[pos]);
      pos++;
    }
    pos++;
    pipe.decl = decl;
  }
  const parseCmds = (stop: string | null): Arg[][] => {
    const cmds: Arg[][] = [];
    let cur: Arg[] = [];
    while (pos < toks.length && toks[pos] !== stop) {
      const t = toks[pos++];
      if (t === "|") {
        cmds.push(cur);
        cur = [];
      } else if (t === "(") {
        const inner = parseCmds(")");
        pos++;
        cur.push({ k: "pipe", p: { cmds: inner } });
      } else cur.push(parseArg(t));
    }
    if (cur.length) cmds.push(cur);
    return cmds;
  };
  pipe.cmds = parseCmds(null);
  return pipe;
}

// --- parsing of the node tree --------------------------------------------------------------------
function parse(src: string): Node[] {
  const items = splitActions(src);
  let i = 0;
  const block = (ends: string[]): { nodes: Node[]; end: string } => {
    const nodes: Node[] = [];
    while (i < items.length) {
      const it = items[i++];
      if ("text" in it) {
        if (it.text) nodes.push({ t: "text", v: it.text });
        continue;
      }
      const a = it.action;
      if (a.startsWith("/*")) continue;
      const word = a.split(/\s+/)[0];
      if (ends.includes(word)) return { nodes, end: a };
      if (word === "if") {
        const branches: { cond: Pipe | null; body: Node[] }[] = [];
        let cond: Pipe | null = parsePipe(a.slice(2));
        for (;;) {
          const b = block(["else", "end"]);
          branches.push({ cond, body: b.nodes });
          if (b.end === "end") break;
          const rest = b.end.slice(4).trim();
          cond = rest.startsWith("if ") ? parsePipe(rest.slice(3)) : null;
        }
        nodes.push({ t: "if", branches });
      } else if (word === "range" || word === "with") {
        const p = parsePipe(a.slice(word.length));
        const b = block(["else", "end"]);
        const els = b.end === "else" ? block(["end"]).nodes : [];
        if (word === "range") nodes.push({ t: "range", vars: p.decl ?? [], p: { cmds: p.cmds }, body: b.nodes, else: els });
        else nodes.push({ t: "with", p, body: b.nodes, else: els });
      } else if (word === "define") {
        const name = JSON.parse(a.slice(6).trim());
        nodes.push({ t: "define", name, body: block(["end"]).nodes });
      } else if (word === "template") {
        const m = /^template\s+("(?:[^"\\]|\\.)*")\s*(.*)$/.exec(a);
        if (!m) throw new TemplateError(`unexpected "${a}" in template clause`);
        nodes.push({ t: "template", name: JSON.parse(m[1]), p: m[2] ? parsePipe(m[2]) : null });
      } else if (word === "end" || word === "else") {
        throw new TemplateError(`unexpected {{${word}}}`);
      } else nodes.push({ t: "action", p: parsePipe(a) });
    }
    if (ends.length) throw new TemplateError(`unexpected EOF`);
    return { nodes, end: "" };
  };
  return block([]).nodes;
}

// --- evaluation ----------------------------------------------------------------------------------
interface Scope {
  dot: Json;
  vars: Map<string, Json>;
  defs: Map<string, Node[]>;
  name: string;
}

function truthy(v: Json): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

function str(v: Json): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return Array.isArray(v) ? `[${v.map(str).join(" ")}]` : `map[${Object.keys(v).sort().map((k) => `${k}:${str(v[k])}`).join(" ")}]`;
  return String(v);
}

function walk(v: Json, path: string[]): Json {
  let cur = v;
  for (const p of path) {
    if (cur === null || cur === undefined) return undefined;
    cur = typeof cur === "object" ? cur[p] : undefined;
  }
  return cur;
}

function indentText(n: number, s: string): string {
  const pad = " ".repeat(n);
  return s.split("\n").map((l) => pad + l).join("\n");
}

function goPrintf(fmt: string, args: Json[]): string {
  let i = 0;
  return fmt.replace(/%([-0-9]*)([svdqt%])/g, (_m, _w, c) => {
    if (c === "%") return "%";
    const a = args[i++];
    if (c === "q") return JSON.stringify(str(a));
    return str(a);
  });
}

const FUNCS: Record<string, (s: Scope, ...a: Json[]) => Json> = {
  default: (_s, d, v) => (truthy(v) ? v : d),
  quote: (_s, ...v) => v.map((x) => JSON.stringify(str(x))).join(" "),
  squote: (_s, ...v) => v.map((x) => `'${str(x)}'`).join(" "),
  indent: (_s, n, v) => indentText(Number(n), str(v)),
  nindent: (_s, n, v) => "\n" + indentText(Number(n), str(v)),
  toYaml: (_s, v) => (v === undefined || v === null ? "null" : toYaml(v).replace(/\n$/, "")),
  trunc: (_s, n, v) => (Number(n) >= 0 ? str(v).slice(0, Number(n)) : str(v).slice(Number(n))),
  trimSuffix: (_s, suf, v) => (str(v).endsWith(str(suf)) ? str(v).slice(0, -str(suf).length) : str(v)),
  trimPrefix: (_s, pre, v) => (str(v).startsWith(str(pre)) ? str(v).slice(str(pre).length) : str(v)),
  trim: (_s, v) => str(v).trim(),
  printf: (_s, f, ...a) => goPrintf(str(f), a),
  upper: (_s, v) => str(v).toUpperCase(),
  lower: (_s, v) => str(v).toLowerCase(),
  title: (_s, v) => str(v).replace(/\b\w/g, (c) => c.toUpperCase()),
  replace: (_s, a, b, v) => str(v).split(str(a)).join(str(b)),
  contains: (_s, sub, v) => str(v).includes(str(sub)),
  required: (_s, msg, v) => {
    if (v === undefined || v === null || v === "") throw new TemplateError(str(msg));
    return v;
  },
  eq: (_s, a, ...b) => b.some((x) => x === a || (x !== null && a !== null && typeof x !== "object" && String(x) === String(a) && typeof x === typeof a)),
  ne: (_s, a, b) => a !== b,
  lt: (_s, a, b) => a < b,
  gt: (_s, a, b) => a > b,
  le: (_s, a, b) => a <= b,
  ge: (_s, a, b) => a >= b,
  and: (_s, ...a) => a.reduce((x, y) => (truthy(x) ? y : x)),
  or: (_s, ...a) => a.find(truthy) ?? a[a.length - 1],
  not: (_s, a) => !truthy(a),
  empty: (_s, a) => !truthy(a),
  hasKey: (_s, m, k) => !!m && typeof m === "object" && str(k) in m,
  list: (_s, ...a) => a,
  dict: (_s, ...a) => {
    const o: Json = {};
    for (let i = 0; i + 1 < a.length; i += 2) o[str(a[i])] = a[i + 1];
    return o;
  },
  int: (_s, v) => Math.trunc(Number(v) || 0),
  toString: (_s: Scope, v: Json) => str(v),
  b64enc: (_s, v) => b64encode(str(v)),
  include: (s, name, dot) => render(s.defs.get(str(name)) ?? missing(str(name)), { ...s, dot, vars: new Map([["$", s.vars.get("$")]]) }),
};

function missing(name: string): never {
  throw new TemplateError(`no template "${name}" associated with template "gotpl"`);
}

function evalArg(a: Arg, s: Scope, piped: Json[] = []): Json {
  switch (a.k) {
    case "lit":
      return a.v;
    case "field":
      return walk(s.dot, a.path);
    case "var": {
      if (!s.vars.has(a.name)) throw new TemplateError(`undefined variable "${a.name}"`);
      return walk(s.vars.get(a.name), a.path);
    }
    case "pipe":
      return evalPipe(a.p, s);
    case "call": {
      const f = FUNCS[a.fn];
      if (!f) throw new TemplateError(`function "${a.fn}" not defined`);
      return f(s, ...piped);
    }
  }
}

function evalCmd(cmd: Arg[], s: Scope, prev: Json[] ): Json {
  const [head, ...rest] = cmd;
  if (head.k === "call") {
    const f = FUNCS[head.fn];
    if (!f) throw new TemplateError(`function "${head.fn}" not defined`);
    return f(s, ...rest.map((r) => evalArg(r, s)), ...prev);
  }
  if (rest.length) throw new TemplateError(`can't give argument to non-function`);
  return evalArg(head, s);
}

function evalPipe(p: Pipe, s: Scope): Json {
  let v: Json[] = [];
  for (const cmd of p.cmds) v = [evalCmd(cmd, s, v)];
  const out = v[0];
  if (p.decl) for (const d of p.decl) s.vars.set(d, out);
  return out;
}

function render(nodes: Node[], s: Scope): string {
  let out = "";
  for (const n of nodes) {
    switch (n.t) {
      case "text":
        out += n.v;
        break;
      case "action": {
        const v = evalPipe(n.p, s);
        if (!n.p.decl) out += str(v);
        break;
      }
      case "if":
        for (const b of n.branches) {
          if (b.cond === null || truthy(evalPipe(b.cond, s))) {
            out += render(b.body, s);
            break;
          }
        }
        break;
      case "with": {
        const v = evalPipe(n.p, s);
        out += truthy(v) ? render(n.body, { ...s, dot: v }) : render(n.else, s);
        break;
      }
      case "range": {
        const v = evalPipe(n.p, s);
        const entries: [Json, Json][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : v && typeof v === "object" ? Object.keys(v).sort().map((k) => [k, v[k]]) : [];
        if (!entries.length) out += render(n.else, s);
        for (const [k, x] of entries) {
          const vars = new Map(s.vars);
          if (n.vars.length === 1) vars.set(n.vars[0], x);
          if (n.vars.length === 2) {
            vars.set(n.vars[0], k);
            vars.set(n.vars[1], x);
          }
          out += render(n.body, { ...s, dot: x, vars });
        }
        break;
      }
      case "define":
        break;
      case "template":
        out += render(s.defs.get(n.name) ?? missing(n.name), { ...s, dot: n.p ? evalPipe(n.p, s) : null });
        break;
    }
  }
  return out;
}

function collectDefines(nodes: Node[], defs: Map<string, Node[]>): void {
  for (const n of nodes) if (n.t === "define") defs.set(n.name, n.body);
}

/**
 * Render each template file of a chart with the given top-level object (.Values, .Release, .Chart,
 * .Capabilities). Files starting with `_` only contribute definitions. Errors read like Helm's:
 * `template: <chart>/templates/<file>:<line>: ...` (line numbers are not tracked: 1).
 */
export function renderChart(files: Record<string, string>, top: Json, chartName: string): { ok: true; out: Record<string, string> } | { ok: false; error: string } {
  const defs = new Map<string, Node[]>();
  const parsed: [string, Node[]][] = [];
  for (const [path, src] of Object.entries(files)) {
    try {
      const nodes = parse(src);
      collectDefines(nodes, defs);
      parsed.push([path, nodes]);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      return { ok: false, error: `parse error at (${chartName}/${path}:1): ${e.message}` };
    }
  }
  const out: Record<string, string> = {};
  for (const [path, nodes] of parsed) {
    if (path.split("/").pop()!.startsWith("_")) continue;
    try {
      out[path] = render(nodes, { dot: top, vars: new Map([["$", top]]), defs, name: path });
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      return { ok: false, error: `template: ${chartName}/${path}:1: executing "${chartName}/${path}" at <${e.message.split(" ")[0]}>: error calling: ${e.message}` };
    }
  }
  return { ok: true, out };
}
