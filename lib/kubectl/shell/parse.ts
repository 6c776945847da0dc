// A small bash-like parser: words with quoting, $VAR/${VAR}/$(...) expansion, comments,
// pipelines, && || ; lists, redirects and heredocs. Errors are returned, never thrown
// to callers of parseLine (they catch ShellSyntaxError).
import { splitUnits } from "./line-units";

export type Segment =
  | { kind: "lit"; text: string; quoted: boolean }
  | { kind: "var"; name: string; quoted: boolean }
  | { kind: "cmd"; src: string; quoted: boolean }
  | { kind: "procsub"; src: string; quoted: boolean };

export interface Word {
  segs: Segment[];
  /** the raw source text of the word (used for heredoc delimiters and glob detection) */
  raw: string;
}

export interface Redir {
  fd: number;
  op: ">" | ">>" | "<" | "<<" | ">&";
  target?: Word;
  dupTo?: number;
  heredoc?: { delim: string; quoted: boolean; strip: boolean; body: string };
}

export interface SimpleCommand {
  assigns: { name: string; value: Word }[];
  words: Word[];
  redirs: Redir[];
}

export interface Pipeline {
  commands: SimpleCommand[];
  negate: boolean;
}

export interface ListItem {
  pipeline: Pipeline;
  /** operator that connects this item to the NEXT one */
  op: "&&" | "||" | ";" | null;
}

/** A bash syntax error (exit code 2). */
export class ShellSyntaxError extends Error {}

type Tok =
  | { t: "word"; w: Word }
  | { t: "op"; v: string }
  | { t: "redir"; r: Redir }
  | { t: "nl" };

const MAX_SUBST_DEPTH = 8;

/** Tokenise and parse a (possibly multi-line) command text into a list of pipelines. */
export function parseLine(src: string): ListItem[] {
  const toks = lex(src);
  return parseTokens(toks);
}

function isNameStart(c: string): boolean {
  return /[A-Za-z_]/.test(c);
}
function isNameChar(c: string): boolean {
  return /[A-Za-z0-9_]/.test(c);
}

function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = src.length;
  const pendingHeredocs: Redir[] = [];

  const readHeredocBodies = () => {
    // i points just after a newline
    for (const r of pendingHeredocs) {
      const h = r.heredoc!;
      const lines: string[] = [];
      let found = false;
      while (i < n) {
        let j = src.indexOf("\n", i);
        if (j < 0) j = n;
        let line = src.slice(i, j);
        i = j < n ? j + 1 : n;
        if (h.strip) line = line.replace(/^\t+/, "");
        if (line === h.delim || line.replace(/\r$/, "") === h.delim) {
          found = true;
          break;
        }
        lines.push(line);
      }
      h.body = lines.length ? lines.join("\n") + "\n" : "";
      if (!found && lines.length === 0 && i >= n) {
        // heredoc with no body at all: bash warns; we accept an empty body
      }
    }
    pendingHeredocs.length = 0;
  };

  const readWord = (): Word | null => {
    const segs: Segment[] = [];
    const start = i;
    let lit = "";
    let litQuoted = false;
    const flush = () => {
      if (lit.length) segs.push({ kind: "lit", text: lit, quoted: litQuoted });
      lit = "";
    };
    const pushLit = (s: string, quoted: boolean) => {
      if (quoted !== litQuoted) {
        flush();
        litQuoted = quoted;
      }
      lit += s;
    };
    const readDollar = (quoted: boolean) => {
      // at src[i] === '$'
      const c = src[i + 1];
      if (c === "(") {
        let depth = 1;
        let j = i + 2;
        let q: string | null = null;
        while (j < n && depth > 0) {
          const ch = src[j];
          if (q) {
            if (ch === "\\" && q === '"') j++;
            else if (ch === q) q = null;
          } else if (ch === "'" || ch === '"') q = ch;
          else if (ch === "(") depth++;
          else if (ch === ")") depth--;
          j++;
        }
        if (depth > 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `)'");
        flush();
        segs.push({ kind: "cmd", src: src.slice(i + 2, j - 1), quoted });
        i = j;
        return;
      }
      if (c === "{") {
        const j = src.indexOf("}", i + 2);
        if (j < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `}'");
        const name = src.slice(i + 2, j);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$|^[0-9?#$]$/.test(name)) throw new ShellSyntaxError(`\${${name}}: bad substitution`);
        flush();
        segs.push({ kind: "var", name, quoted });
        i = j + 1;
        return;
      }
      if (c !== undefined && (c === "?" || c === "$" || c === "#" || /[0-9]/.test(c))) {
        flush();
        segs.push({ kind: "var", name: c, quoted });
        i += 2;
        return;
      }
      if (c !== undefined && isNameStart(c)) {
        let j = i + 1;
        while (j < n && isNameChar(src[j])) j++;
        flush();
        segs.push({ kind: "var", name: src.slice(i + 1, j), quoted });
        i = j;
        return;
      }
      pushLit("$", quoted);
      i++;
    };

    while (i < n) {
      const c = src[i];
      if (c === " " || c === "\t" || c === "\n" || c === "\r") break;
      if (c === ";" || c === "&" || c === "|" || c === "<" || c === ">" || c === "(" || c === ")") break;
      if (c === "\\") {
        if (i + 1 < n) {
          if (src[i + 1] === "\n") {
            i += 2;
            continue;
          }
          pushLit(src[i + 1], true);
          i += 2;
        } else {
          i++;
        }
        continue;
      }
      if (c === "'") {
        const j = src.indexOf("'", i + 1);
        if (j < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `''");
        pushLit(src.slice(i + 1, j), true);
        // make sure an empty '' still yields a (quoted, empty) word
        if (j === i + 1) {
          flush();
          segs.push({ kind: "lit", text: "", quoted: true });
        }
        i = j + 1;
        continue;
      }
      if (c === '"') {
        i++;
        let any = false;
        while (i < n && src[i] !== '"') {
          const d = src[i];
          if (d === "\\" && i + 1 < n && '"\\$`\n'.includes(src[i + 1])) {
            if (src[i + 1] !== "\n") pushLit(src[i + 1], true);
            i += 2;
          } else if (d === "$") {
            readDollar(true);
          } else {
            pushLit(d, true);
            i++;
          }
          any = true;
        }
        if (i >= n) throw new ShellSyntaxError("unexpected EOF while looking for matching `\"'");
        i++;
        if (!any) {
          flush();
          segs.push({ kind: "lit", text: "", quoted: true });
        }
        continue;
      }
      if (c === "$") {
        readDollar(false);
        continue;
      }
      if (c === "`") {
        const j = src.indexOf("`", i + 1);
        if (j < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching ``'");
        flush();
        segs.push({ kind: "cmd", src: src.slice(i + 1, j), quoted: false });
        i = j + 1;
        continue;
      }
      pushLit(c, false);
      i++;
    }
    flush();
    if (i === start) return null;
    return { segs, raw: src.slice(start, i) };
  };

  while (i < n) {
    const c = src[i];
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (c === "\\" && src[i + 1] === "\n") {
      i += 2;
      continue;
    }
    if (c === "\n") {
      i++;
      toks.push({ t: "nl" });
      if (pendingHeredocs.length) readHeredocBodies();
      continue;
    }
    if (c === "#") {
      // comment to end of line (only at the start of a word, which is the case here)
      while (i < n && src[i] !== "\n") i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === "&&" || two === "||" || two === ";;") {
      toks.push({ t: "op", v: two });
      i += 2;
      continue;
    }
    if (c === ";" || c === "|" || c === "&" || c === "(" || c === ")") {
      toks.push({ t: "op", v: c });
      i++;
      continue;
    }
    // process substitution <(cmd): a word naming a file with cmd's output
    if (c === "<" && src[i + 1] === "(") {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (src[j] === "(") depth++;
        else if (src[j] === ")") depth--;
        j++;
      }
      if (depth > 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `)'");
      toks.push({ t: "word", w: { segs: [{ kind: "procsub", src: src.slice(i + 2, j - 1), quoted: true }], raw: src.slice(i, j) } });
      i = j;
      continue;
    }
    // redirections, optionally with a leading fd number (handled below for digits)
    let fd = -1;
    if (/[0-9]/.test(c) && (src[i + 1] === ">" || src[i + 1] === "<")) {
      fd = Number(c);
      i++;
    } else if (two === "&>") {
      i += 2;
      const append = src[i] === ">";
      if (append) i++;
      skipBlanks();
      const w = readWord();
      if (!w) throw new ShellSyntaxError("syntax error near unexpected token `newline'");
      toks.push({ t: "redir", r: { fd: 1, op: append ? ">>" : ">", target: w } });
      toks.push({ t: "redir", r: { fd: 2, op: ">&", dupTo: 1 } });
      continue;
    }
    const cc = src[i];
    if (cc === ">" || cc === "<") {
      const s2 = src.slice(i, i + 2);
      const s3 = src.slice(i, i + 3);
      if (s3 === "<<-" || s2 === "<<") {
        const strip = s3 === "<<-";
        i += strip ? 3 : 2;
        if (src[i] === "<") throw new ShellSyntaxError("here-strings (<<<) are not supported");
        skipBlanks();
        const w = readWord();
        if (!w) throw new ShellSyntaxError("syntax error near unexpected token `newline'");
        const quoted = /['"\\]/.test(w.raw);
        const delim = w.segs.map((s) => (s.kind === "lit" ? s.text : s.kind === "var" ? "$" + s.name : "")).join("");
        const r: Redir = { fd: fd < 0 ? 0 : fd, op: "<<", heredoc: { delim, quoted, strip, body: "" } };
        pendingHeredocs.push(r);
        toks.push({ t: "redir", r });
        continue;
      }
      if (s2 === ">&") {
        i += 2;
        skipBlanks();
        const m = /^[0-9]+/.exec(src.slice(i));
        if (!m) throw new ShellSyntaxError("syntax error near unexpected token `&'");
        i += m[0].length;
        toks.push({ t: "redir", r: { fd: fd < 0 ? 1 : fd, op: ">&", dupTo: Number(m[0]) } });
        continue;
      }
      let op: Redir["op"];
      if (s2 === ">>") {
        op = ">>";
        i += 2;
      } else if (s2 === ">|") {
        op = ">";
        i += 2;
      } else if (cc === ">") {
        op = ">";
        i++;
      } else {
        op = "<";
        i++;
      }
      skipBlanks();
      const w = readWord();
      if (!w) {
        const next = src[i];
        throw new ShellSyntaxError(`syntax error near unexpected token \`${next === undefined || next === "\n" ? "newline" : next}'`);
      }
      toks.push({ t: "redir", r: { fd: fd < 0 ? (op === "<" ? 0 : 1) : fd, op, target: w } });
      continue;
    }
    if (fd >= 0) i--; // not a redirect after all
    const w = readWord();
    if (w) toks.push({ t: "word", w });
    else i++; // defensive: never loop forever
  }
  if (pendingHeredocs.length) {
    // heredoc delimiter with no newline afterwards: empty bodies
    for (const r of pendingHeredocs) r.heredoc!.body = "";
  }
  return toks;

  function skipBlanks() {
    while (i < n && (src[i] === " " || src[i] === "\t")) i++;
  }
}

function parseTokens(toks: Tok[]): ListItem[] {
  const items: ListItem[] = [];
  let pos = 0;
  let cmd: SimpleCommand = { assigns: [], words: [], redirs: [] };
  let pipe: Pipeline = { commands: [], negate: false };

  const cmdEmpty = () => cmd.words.length === 0 && cmd.assigns.length === 0 && cmd.redirs.length === 0;
  const endCmd = (tokText: string) => {
    if (cmdEmpty()) throw new ShellSyntaxError(`syntax error near unexpected token \`${tokText}'`);
    pipe.commands.push(cmd);
    cmd = { assigns: [], words: [], redirs: [] };
  };
  const endPipe = (op: ListItem["op"], tokText: string) => {
    endCmd(tokText);
    items.push({ pipeline: pipe, op });
    pipe = { commands: [], negate: false };
  };

  while (pos < toks.length) {
    const tk = toks[pos++];
    if (tk.t === "word") {
      const raw = tk.w.raw;
      if (cmd.words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(raw) && tk.w.segs[0]?.kind === "lit" && !tk.w.segs[0].quoted) {
        const first = tk.w.segs[0];
        const eq = first.text.indexOf("=");
        if (eq > 0) {
          const name = first.text.slice(0, eq);
          const rest: Segment[] = [];
          const after = first.text.slice(eq + 1);
          if (after) rest.push({ kind: "lit", text: after, quoted: false });
          rest.push(...tk.w.segs.slice(1));
          cmd.assigns.push({ name, value: { segs: rest, raw: raw.slice(eq + 1) } });
          continue;
        }
      }
      if (cmd.words.length === 0 && cmd.assigns.length === 0 && raw === "!" && pipe.commands.length === 0) {
        pipe.negate = !pipe.negate;
        continue;
      }
      cmd.words.push(tk.w);
    } else if (tk.t === "redir") {
      cmd.redirs.push(tk.r);
    } else if (tk.t === "nl") {
      if (cmdEmpty() && pipe.commands.length === 0) continue;
      if (cmdEmpty()) throw new ShellSyntaxError("syntax error: unexpected end of file");
      endPipe(";", "newline");
    } else {
      const v = tk.v;
      if (v === "|") endCmd("|");
      else if (v === "&&" || v === "||") {
        endPipe(v, v);
        // allow a newline after && / ||
        while (pos < toks.length && toks[pos].t === "nl") pos++;
        if (pos >= toks.length) throw new ShellSyntaxError("syntax error: unexpected end of file");
      } else if (v === ";" || v === "&") {
        if (cmdEmpty() && pipe.commands.length === 0) throw new ShellSyntaxError(`syntax error near unexpected token \`${v}'`);
        endPipe(";", v);
      } else {
        throw new ShellSyntaxError(`syntax error near unexpected token \`${v}'`);
      }
    }
  }
  if (!cmdEmpty()) endPipe(null, "newline");
  else if (pipe.commands.length) throw new ShellSyntaxError("syntax error: unexpected end of file");
  if (items.length) items[items.length - 1].op = null;
  return items;
}

export { MAX_SUBST_DEPTH };

/**
 * Split a script into command units: each unit is one logical command line plus the
 * heredoc bodies and continuation lines that belong to it.
 */
export function splitScript(text: string): string[] {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  return splitUnits(lines).units.filter((u) => u.trim() !== "");
}
