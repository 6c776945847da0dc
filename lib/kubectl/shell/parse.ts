// A small bash-like parser: words with quoting, $VAR/${VAR}/$(...) expansion, comments,
// pipelines, && || ; lists, redirects and heredocs. Errors are returned, never thrown
// to callers of parseLine (they catch ShellSyntaxError).
import { splitUnits } from "./line-units";

export type Segment =
  | { kind: "lit"; text: string; quoted: boolean }
  /** `$name`, `${name}` or `${name<op>…}` (bash(1) "Parameter Expansion") */
  | { kind: "var"; name: string; quoted: boolean; op?: ParamOp }
  /** literal text of a `${x:-word}` operand spliced into the word: split like an expansion's result when unquoted */
  | { kind: "field"; text: string; quoted: boolean }
  | { kind: "cmd"; src: string; quoted: boolean }
  | { kind: "procsub"; src: string; quoted: boolean }
  /** `$(( expr ))`: `expr` is expanded as in double quotes, then evaluated (arith.ts) */
  | { kind: "arith"; expr: Word; quoted: boolean };

/** What `${…}` does with its parameter besides reading it. */
export type ParamOp =
  /** `${#name}` */
  | { t: "len" }
  /** `${!name}`: the parameter the value names */
  | { t: "indirect" }
  /** `${name-word}` `${name=word}` `${name+word}` `${name?word}`, with `:` also when the value is empty */
  | { t: "test"; colon: boolean; op: "-" | "=" | "+" | "?"; word: Word }
  /** `${name#pat}` `${name##pat}` `${name%pat}` `${name%%pat}` */
  | { t: "trim"; side: "#" | "%"; longest: boolean; pat: Word }
  /** `${name/pat/rep}` `${name//pat/rep}` `${name/#pat/rep}` `${name/%pat/rep}` */
  | { t: "repl"; all: boolean; anchor: "" | "#" | "%"; pat: Word; rep: Word }
  /** `${name^^pat}` `${name^pat}` `${name,,pat}` `${name,pat}` */
  | { t: "case"; upper: boolean; all: boolean; pat: Word }
  /** `${name:offset}` `${name:offset:length}` (arithmetic) */
  | { t: "slice"; off: Word; len: Word | null }
  /** text bash cannot read as a parameter expansion: `${…}: bad substitution` when expanded */
  | { t: "bad"; text: string };

export interface Word {
  segs: Segment[];
  /** the raw source text of the word (used for heredoc delimiters and glob detection) */
  raw: string;
}

export interface Redir {
  fd: number;
  /** `<<<` is a here-string: the expanded word and a newline are the input */
  op: ">" | ">>" | "<" | "<<" | "<<<" | ">&";
  target?: Word;
  dupTo?: number;
  heredoc?: { delim: string; quoted: boolean; strip: boolean; body: string };
}

export interface SimpleCommand {
  kind?: undefined;
  assigns: { name: string; value: Word }[];
  words: Word[];
  redirs: Redir[];
}

/** bash's compound commands (bash(1) "Compound Commands"), with the redirections written after them. */
export type CompoundCommand =
  | { kind: "if"; clauses: { cond: ListItem[]; body: ListItem[] }[]; orElse: ListItem[] | null; redirs: Redir[] }
  | { kind: "while" | "until"; cond: ListItem[]; body: ListItem[]; redirs: Redir[] }
  | { kind: "for"; name: string; words: Word[]; body: ListItem[]; redirs: Redir[] }
  | { kind: "group"; body: ListItem[]; redirs: Redir[] }
  /** `case WORD in PATTERN|… ) list ;; … esac`; `term` is how a clause ends (`;&` runs the next body, `;;&` tests on) */
  | { kind: "case"; word: Word; items: { patterns: Word[]; body: ListItem[]; term: ";;" | ";&" | ";;&" }[]; redirs: Redir[] }
  /** `name() BODY` / `function name BODY`: defines a function; `body` is BODY's source text (a compound command) */
  | { kind: "funcdef"; name: string; body: string; redirs: Redir[] }
  /** `( list )`: the list runs in a copy of the shell's state (compound.ts) */
  | { kind: "subshell"; body: ListItem[]; redirs: Redir[] }
  /** `(( expr ))`: status 0 when the expression is non-zero */
  | { kind: "arith"; expr: Word; redirs: Redir[] };

export type Command = SimpleCommand | CompoundCommand;

export interface Pipeline {
  commands: Command[];
  negate: boolean;
}

export interface ListItem {
  pipeline: Pipeline;
  /** operator that connects this item to the NEXT one */
  op: "&&" | "||" | ";" | null;
}

/**
 * A bash syntax error (exit code 2). `at` is the source offset of the offending token (none: the input ended),
 * so the shell can say which line as `bash -c` and scripts do (`bash: -c: line 3: …`).
 */
export class ShellSyntaxError extends Error {
  constructor(
    message: string,
    readonly at?: number,
  ) {
    super(message);
  }
}

type Tok = (
  | { t: "word"; w: Word }
  | { t: "op"; v: string }
  | { t: "redir"; r: Redir }
  | { t: "nl" }
  | { t: "arith"; expr: Word }
) & { at?: number };

const MAX_SUBST_DEPTH = 8;

/** Tokenise and parse a (possibly multi-line) command text into a list of pipelines. */
export function parseLine(src: string): ListItem[] {
  const toks = lex(src);
  return parseTokens(toks, src);
}

function isNameStart(c: string): boolean {
  return /[A-Za-z_]/.test(c);
}
function isNameChar(c: string): boolean {
  return /[A-Za-z0-9_]/.test(c);
}

/**
 * `operand`: read all of `src` as one word, as the word of `${x:-word}` is read: blanks and operators are part of it,
 * and "quoted" reads it as inside double quotes (the `${…}` stands in them).
 */
function lex(src: string, operand?: "plain" | "quoted"): Tok[] {
  const inQuotes = operand === "quoted";
  const toks: Tok[] = [];
  let i = 0;
  let tokAt = 0;
  const add = (t: Tok) => {
    t.at = tokAt;
    toks.push(t);
  };
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
      if (c === "'" && !quoted) {
        // $'…': ANSI-C quoting (bash(1) QUOTING), the escapes decoded, the text quoted
        const r = ansiC(src, i + 2);
        if (!r) throw new ShellSyntaxError("unexpected EOF while looking for matching `''");
        pushLit(r.text, true);
        if (!r.text) {
          flush();
          segs.push({ kind: "lit", text: "", quoted: true });
        }
        i = r.end + 1;
        return;
      }
      const arithEnd = c === "(" && src[i + 2] === "(" ? arithClose(src, i + 3) : -1;
      if (arithEnd >= 0) {
        flush();
        segs.push({ kind: "arith", expr: arithWord(src.slice(i + 3, arithEnd)), quoted });
        i = arithEnd + 2;
        return;
      }
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
        const j = braceClose(src, i + 2, quoted);
        if (j < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `}'");
        flush();
        segs.push(paramSegment(src.slice(i + 2, j), quoted));
        i = j + 1;
        return;
      }
      if (c !== undefined && (c === "?" || c === "$" || c === "#" || c === "@" || c === "*" || /[0-9]/.test(c))) {
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
      if (!operand && (c === " " || c === "\t" || c === "\n" || c === "\r")) break;
      if (!operand && (c === ";" || c === "&" || c === "|" || c === "<" || c === ">" || c === "(" || c === ")")) break;
      if (c === "\\") {
        if (inQuotes && i + 1 < n && !'"\\$`\n'.includes(src[i + 1])) {
          // in double quotes a backslash escapes only " \\ $ ` and newline
          pushLit(src.slice(i, i + 2), true);
          i += 2;
        } else if (i + 1 < n) {
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
      if (c === "'" && inQuotes) {
        pushLit(c, true);
        i++;
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
        readDollar(inQuotes);
        continue;
      }
      if (c === "`") {
        const j = src.indexOf("`", i + 1);
        if (j < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching ``'");
        flush();
        segs.push({ kind: "cmd", src: src.slice(i + 1, j), quoted: inQuotes });
        i = j + 1;
        continue;
      }
      pushLit(c, inQuotes);
      i++;
    }
    flush();
    if (i === start) return null;
    return { segs, raw: src.slice(start, i) };
  };

  if (operand) return [{ t: "word", w: readWord() ?? { segs: [], raw: "" } }];
  while (i < n) {
    tokAt = i;
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
      add({ t: "nl" });
      if (pendingHeredocs.length) readHeredocBodies();
      continue;
    }
    if (c === "#") {
      // comment to end of line (only at the start of a word, which is the case here)
      while (i < n && src[i] !== "\n") i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (c === ";" && src.startsWith(";;&", i)) {
      add({ t: "op", v: ";;&" });
      i += 3;
      continue;
    }
    if (two === "&&" || two === "||" || two === ";;" || two === ";&") {
      add({ t: "op", v: two });
      i += 2;
      continue;
    }
    // `(( expr ))` as a command (bash(1) "Compound Commands")
    const arithEnd = c === "(" && src[i + 1] === "(" ? arithClose(src, i + 2) : -1;
    if (arithEnd >= 0) {
      add({ t: "arith", expr: arithWord(src.slice(i + 2, arithEnd)) });
      i = arithEnd + 2;
      continue;
    }
    if (c === ";" || c === "|" || c === "&" || c === "(" || c === ")") {
      add({ t: "op", v: c });
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
      add({ t: "word", w: { segs: [{ kind: "procsub", src: src.slice(i + 2, j - 1), quoted: true }], raw: src.slice(i, j) } });
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
      add({ t: "redir", r: { fd: 1, op: append ? ">>" : ">", target: w } });
      add({ t: "redir", r: { fd: 2, op: ">&", dupTo: 1 } });
      continue;
    }
    const cc = src[i];
    if (cc === ">" || cc === "<") {
      const s2 = src.slice(i, i + 2);
      const s3 = src.slice(i, i + 3);
      if (s3 === "<<<") {
        i += 3;
        skipBlanks();
        const w = readWord();
        if (!w) {
          const next = src[i];
          throw new ShellSyntaxError(`syntax error near unexpected token \`${next === undefined || next === "\n" ? "newline" : next}'`);
        }
        add({ t: "redir", r: { fd: fd < 0 ? 0 : fd, op: "<<<", target: w } });
        continue;
      }
      if (s3 === "<<-" || s2 === "<<") {
        const strip = s3 === "<<-";
        i += strip ? 3 : 2;
        skipBlanks();
        const w = readWord();
        if (!w) throw new ShellSyntaxError("syntax error near unexpected token `newline'");
        const quoted = /['"\\]/.test(w.raw);
        const delim = w.segs.map((s) => (s.kind === "lit" || s.kind === "field" ? s.text : s.kind === "var" ? "$" + s.name : "")).join("");
        const r: Redir = { fd: fd < 0 ? 0 : fd, op: "<<", heredoc: { delim, quoted, strip, body: "" } };
        pendingHeredocs.push(r);
        add({ t: "redir", r });
        continue;
      }
      if (s2 === ">&") {
        i += 2;
        skipBlanks();
        const m = /^[0-9]+/.exec(src.slice(i));
        if (!m) throw new ShellSyntaxError("syntax error near unexpected token `&'");
        i += m[0].length;
        add({ t: "redir", r: { fd: fd < 0 ? 1 : fd, op: ">&", dupTo: Number(m[0]) } });
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
      add({ t: "redir", r: { fd: fd < 0 ? (op === "<" ? 0 : 1) : fd, op, target: w } });
      continue;
    }
    if (fd >= 0) i--; // not a redirect after all
    const w = readWord();
    if (w) add({ t: "word", w });
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

/** Reserved words that open a compound command, and those that may only continue or close one (bash(1) RESERVED WORDS). */
const OPENERS = new Set(["if", "while", "until", "for", "{", "case", "function"]);
const CLOSERS = new Set(["then", "elif", "else", "fi", "do", "done", "}", "in", "esac"]);

/** Recursive descent over bash's grammar (parse.y): lists, pipelines, simple and compound commands. */
function parseTokens(toks: Tok[], src: string): ListItem[] {
  let pos = 0;
  const peek = (): Tok | undefined => toks[pos];
  /** an unquoted reserved word (its raw text is the word itself, so quoted `"fi"` never is one) */
  const kw = (tk: Tok | undefined): string | null => (tk?.t === "word" && (OPENERS.has(tk.w.raw) || CLOSERS.has(tk.w.raw)) ? tk.w.raw : null);
  const unexpected = (tk: Tok | undefined): ShellSyntaxError => {
    if (!tk) return new ShellSyntaxError("syntax error: unexpected end of file");
    const text = tk.t === "word" ? tk.w.raw : tk.t === "op" ? tk.v : tk.t === "nl" ? "newline" : tk.t === "arith" ? `((${tk.expr.raw}))` : redirText(tk.r);
    return new ShellSyntaxError(`syntax error near unexpected token \`${text}'`, tk.at);
  };
  const isOp = (tk: Tok | undefined, v: string) => tk?.t === "op" && tk.v === v;
  const skipNewlines = () => {
    while (peek()?.t === "nl") pos++;
  };
  const expect = (word: string) => {
    if (kw(peek()) !== word) throw unexpected(peek());
    pos++;
  };

  /** A list up to one of `stops` (reserved words in command position) or the end. */
  const list = (stops: readonly string[]): ListItem[] => {
    const items: ListItem[] = [];
    for (;;) {
      skipNewlines();
      const tk = peek();
      if (!tk) break;
      const k = kw(tk);
      if ((k && stops.includes(k)) || (tk.t === "op" && stops.includes(tk.v))) break;
      const pipeline = parsePipeline();
      const sep = peek();
      if (sep?.t === "op" && (sep.v === "&&" || sep.v === "||")) {
        pos++;
        items.push({ pipeline, op: sep.v });
        skipNewlines();
        if (!peek()) throw unexpected(undefined);
        const next = kw(peek());
        if (next && CLOSERS.has(next)) throw unexpected(peek());
        continue;
      }
      items.push({ pipeline, op: ";" });
      if (!sep) break;
      if ((sep.t === "op" && (sep.v === ";" || sep.v === "&")) || sep.t === "nl") {
        pos++;
        continue;
      }
      const k2 = kw(sep);
      if ((k2 && stops.includes(k2)) || (sep.t === "op" && stops.includes(sep.v))) continue;
      throw unexpected(sep);
    }
    if (items.length) items[items.length - 1].op = null;
    return items;
  };
  /** A list that must not be empty, ended by one of `stops`. */
  const body = (stops: readonly string[]): ListItem[] => {
    const items = list(stops);
    const k = kw(peek());
    if (!items.length || !k || !stops.includes(k)) throw unexpected(peek());
    return items;
  };

  const parsePipeline = (): Pipeline => {
    const pipe: Pipeline = { commands: [], negate: false };
    while (peek()?.t === "word" && (peek() as { w: Word }).w.raw === "!") {
      pipe.negate = !pipe.negate;
      pos++;
    }
    pipe.commands.push(command());
    while (peek()?.t === "op" && (peek() as { v: string }).v === "|") {
      pos++;
      skipNewlines();
      pipe.commands.push(command());
    }
    return pipe;
  };

  const command = (): Command => {
    const tk = peek();
    const k = kw(tk);
    if (k && OPENERS.has(k)) {
      pos++;
      const c = compound(k);
      while (peek()?.t === "redir") c.redirs.push((toks[pos++] as { r: Redir }).r);
      // bash: `fi foo` -> syntax error near unexpected token `foo'
      if (peek()?.t === "word") throw unexpected(peek());
      return c;
    }
    if (k) throw unexpected(tk);
    // `name ( )`: a function definition (a word then `(` is nothing else in bash: `echo (a)` fails at `a`)
    if (tk?.t === "word" && isOp(toks[pos + 1], "(")) {
      pos += 2;
      if (!isOp(peek(), ")")) throw unexpected(peek());
      pos++;
      return funcBody(tk.w.raw);
    }
    if (tk?.t === "op" && tk.v === "(") {
      pos++;
      const b = list([")"]);
      const close = peek();
      if (!b.length || close?.t !== "op" || close.v !== ")") throw unexpected(close);
      pos++;
      return withRedirs({ kind: "subshell", body: b, redirs: [] });
    }
    if (tk?.t === "arith") {
      pos++;
      return withRedirs({ kind: "arith", expr: tk.expr, redirs: [] });
    }
    const cmd: SimpleCommand = { assigns: [], words: [], redirs: [] };
    for (let t = peek(); t && (t.t === "word" || t.t === "redir"); t = peek()) {
      pos++;
      if (t.t === "redir") {
        cmd.redirs.push(t.r);
        continue;
      }
      const assign = cmd.words.length === 0 ? assignment(t.w) : null;
      if (assign) cmd.assigns.push(assign);
      else cmd.words.push(t.w);
    }
    if (!cmd.words.length && !cmd.assigns.length && !cmd.redirs.length) throw unexpected(peek());
    return cmd;
  };

  /** A function's body (bash(1) "Shell Function Definitions": a compound command, newlines before it allowed). */
  const funcBody = (name: string): CompoundCommand => {
    skipNewlines();
    const start = peek();
    const k = kw(start);
    if (!start || !((k && OPENERS.has(k) && k !== "function") || isOp(start, "(") || start.t === "arith")) throw unexpected(start);
    command();
    const end = peek()?.at ?? src.length;
    return { kind: "funcdef", name, body: src.slice(start.at, end).replace(/\s+$/, ""), redirs: [] };
  };

  /** The redirections after a compound command's end; a word there is bash's syntax error (`(echo a) b`). */
  const withRedirs = (c: CompoundCommand): CompoundCommand => {
    while (peek()?.t === "redir") c.redirs.push((toks[pos++] as { r: Redir }).r);
    const t = peek();
    if (t?.t === "word" || t?.t === "arith" || (t?.t === "op" && t.v === "(")) throw unexpected(t);
    return c;
  };

  const compound = (k: string): CompoundCommand => {
    switch (k) {
      case "if": {
        const clauses: { cond: ListItem[]; body: ListItem[] }[] = [];
        let orElse: ListItem[] | null = null;
        for (;;) {
          const cond = body(["then"]);
          expect("then");
          clauses.push({ cond, body: body(["elif", "else", "fi"]) });
          const next = kw(peek());
          pos++;
          if (next === "elif") continue;
          if (next === "else") {
            orElse = body(["fi"]);
            expect("fi");
          }
          return { kind: "if", clauses, orElse, redirs: [] };
        }
      }
      case "while":
      case "until": {
        const cond = body(["do"]);
        expect("do");
        const b = body(["done"]);
        expect("done");
        return { kind: k, cond, body: b, redirs: [] };
      }
      case "for": {
        const nameTok = peek();
        if (nameTok?.t !== "word") throw unexpected(nameTok);
        pos++;
        const words: Word[] = [];
        // `for NAME; do`, `for NAME do` and `for NAME in WORDS; do` (WORDS may be empty); newlines before `in`/`do`
        skipNewlines();
        if (kw(peek()) === "in") {
          pos++;
          for (let t = peek(); t?.t === "word"; t = peek()) {
            words.push(t.w);
            pos++;
          }
          const sep = peek();
          if (!(sep?.t === "nl" || (sep?.t === "op" && sep.v === ";"))) throw unexpected(sep);
          pos++;
        } else if (peek()?.t === "op" && (peek() as { v: string }).v === ";") pos++;
        skipNewlines();
        expect("do");
        const b = body(["done"]);
        expect("done");
        return { kind: "for", name: nameTok.w.raw, words, body: b, redirs: [] };
      }
      case "function": {
        const nameTok = peek();
        if (nameTok?.t !== "word") throw unexpected(nameTok);
        pos++;
        if (isOp(peek(), "(")) {
          pos++;
          if (!isOp(peek(), ")")) throw unexpected(peek());
          pos++;
        }
        return funcBody(nameTok.w.raw);
      }
      case "case": {
        const wordTok = peek();
        if (wordTok?.t !== "word") throw unexpected(wordTok);
        pos++;
        skipNewlines();
        expect("in");
        const items: { patterns: Word[]; body: ListItem[]; term: ";;" | ";&" | ";;&" }[] = [];
        for (;;) {
          skipNewlines();
          if (kw(peek()) === "esac") {
            pos++;
            return { kind: "case", word: wordTok.w, items, redirs: [] };
          }
          if (isOp(peek(), "(")) pos++;
          const patterns: Word[] = [];
          for (;;) {
            const t = peek();
            if (t?.t !== "word") throw unexpected(t);
            patterns.push(t.w);
            pos++;
            if (!isOp(peek(), "|")) break;
            pos++;
          }
          if (!isOp(peek(), ")")) throw unexpected(peek());
          pos++;
          const b = list(["esac", ";;", ";&", ";;&"]);
          const end = peek();
          if (end?.t === "op" && (end.v === ";;" || end.v === ";&" || end.v === ";;&")) {
            pos++;
            items.push({ patterns, body: b, term: end.v });
          } else if (kw(end) === "esac") items.push({ patterns, body: b, term: ";;" });
          else throw unexpected(end);
        }
      }
      default: {
        const b = body(["}"]);
        expect("}");
        return { kind: "group", body: b, redirs: [] };
      }
    }
  };

  const items = list([]);
  if (pos < toks.length) throw unexpected(peek());
  return items;
}

/**
 * Where the `))` closing an arithmetic expansion or command opened just before `from` is: parentheses inside
 * must balance; -1 when a `)` closes early (then bash reads `$( (…) …)`, a command substitution of a subshell).
 */
function arithClose(src: string, from: number): number {
  let depth = 0;
  for (let j = from; j < src.length; j++) {
    const ch = src[j];
    if (ch === "(") depth++;
    else if (ch === ")") {
      if (depth > 0) depth--;
      else return src[j + 1] === ")" ? j : -1;
    }
  }
  return -1;
}

/** An arithmetic expression's text as a word expanded as in double quotes ($var, $(…), nested $((…))). */
function arithWord(text: string): Word {
  if (!/[$`]/.test(text)) return { segs: [{ kind: "lit", text, quoted: true }], raw: text };
  const toks = lex(`"${text.replace(/"/g, '\\"')}"`);
  const w = toks.length === 1 && toks[0].t === "word" ? toks[0].w : null;
  if (!w) throw new ShellSyntaxError(`${text}: bad substitution`);
  return { segs: w.segs, raw: text };
}

const ANSI_ESC: Record<string, string> = { a: "\x07", b: "\b", e: "\x1b", E: "\x1b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", "'": "'", '"': '"', "?": "?" };

/**
 * The text of `$'…'` from `from` (just after the opening quote) to its closing `'`, with bash's escapes decoded
 * (`\n`, `\t`, `\e`, `\'`, `\nnn` octal, `\xHH`, `\uHHHH`, `\UHHHHHHHH`, `\cX`; any other `\X` stays as written).
 * Null when the text ends first.
 */
function ansiC(src: string, from: number): { text: string; end: number } | null {
  let out = "";
  for (let k = from; k < src.length; k++) {
    const ch = src[k];
    if (ch === "'") return { text: out, end: k };
    if (ch !== "\\" || k + 1 >= src.length) {
      out += ch;
      continue;
    }
    const e = src[++k];
    let m: RegExpExecArray | null;
    if (ANSI_ESC[e] !== undefined) out += ANSI_ESC[e];
    else if ((m = /^[0-7]{1,3}/.exec(src.slice(k, k + 3)))) {
      out += String.fromCharCode(parseInt(m[0], 8) & 0xff);
      k += m[0].length - 1;
    } else if (e === "x" && (m = /^[0-9a-fA-F]{1,2}/.exec(src.slice(k + 1, k + 3)))) {
      out += String.fromCharCode(parseInt(m[0], 16));
      k += m[0].length;
    } else if ((e === "u" || e === "U") && (m = new RegExp(`^[0-9a-fA-F]{1,${e === "u" ? 4 : 8}}`).exec(src.slice(k + 1, k + 9)))) {
      out += String.fromCodePoint(Math.min(parseInt(m[0], 16), 0x10ffff));
      k += m[0].length;
    } else if (e === "c" && k + 1 < src.length) out += String.fromCharCode(src[++k].toUpperCase().charCodeAt(0) & 0x1f);
    else out += "\\" + e;
  }
  return null;
}

/**
 * The `}` that closes a `${` whose text starts at `from`, past nested `${…}`, `$(…)`, quotes and escapes; -1 when the
 * text ends first. In double quotes (`quoted`) a `'` is an ordinary character.
 */
function braceClose(src: string, from: number, quoted: boolean): number {
  let depth = 1;
  for (let k = from; k < src.length; k++) {
    const ch = src[k];
    if (ch === "\\") k++;
    else if (ch === "'" && !quoted) {
      k = src.indexOf("'", k + 1);
      if (k < 0) return -1;
    } else if (ch === '"') {
      for (k++; k < src.length && src[k] !== '"'; k++) if (src[k] === "\\") k++;
      if (k >= src.length) return -1;
    } else if (ch === "$" && src[k + 1] === "{") {
      depth++;
      k++;
    } else if (ch === "$" && src[k + 1] === "(") {
      let d = 0;
      for (k++; k < src.length; k++) {
        if (src[k] === "(") d++;
        else if (src[k] === ")" && --d === 0) break;
      }
      if (k >= src.length) return -1;
    } else if (ch === "}" && --depth === 0) return k;
  }
  return -1;
}

/** Where the first unquoted, unescaped `/` of a `${x/pat/rep}` pattern is (the end of the pattern), or -1. */
function patternEnd(text: string): number {
  for (let k = 0; k < text.length; k++) {
    const ch = text[k];
    if (ch === "\\") k++;
    else if (ch === "'") k = Math.max(text.indexOf("'", k + 1), k);
    else if (ch === '"') {
      for (k++; k < text.length && text[k] !== '"'; k++) if (text[k] === "\\") k++;
    } else if (ch === "$" && text[k + 1] === "{") {
      const j = braceClose(text, k + 2, false);
      if (j < 0) return -1;
      k = j;
    } else if (ch === "/") return k;
  }
  return -1;
}

const operandWord = (text: string, quoted: boolean): Word => (lex(text, quoted ? "quoted" : "plain")[0] as { w: Word }).w;

/**
 * The text between `${` and `}` as a parameter and what to do with it (bash(1) "Parameter Expansion"). Text bash
 * cannot read that way expands to its "bad substitution" error, as bash reports it when it runs the command.
 */
function paramSegment(inner: string, quoted: boolean): Segment {
  const bad: Segment = { kind: "var", name: "", quoted, op: { t: "bad", text: `\${${inner}}` } };
  const special = /^[0-9?#$@*]$/;
  const nameAt = (t: string) => /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]|[?#$@*])/.exec(t)?.[0] ?? "";
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(inner) || special.test(inner)) return { kind: "var", name: inner, quoted };
  if (inner.length > 1 && (inner[0] === "#" || inner[0] === "!")) {
    const name = inner.slice(1);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !special.test(name)) return bad;
    return { kind: "var", name, quoted, op: inner[0] === "#" ? { t: "len" } : { t: "indirect" } };
  }
  const name = nameAt(inner);
  if (!name) return bad;
  const rest = inner.slice(name.length);
  let m: RegExpExecArray | null;
  if ((m = /^(:?)([-=+?])/.exec(rest))) {
    return { kind: "var", name, quoted, op: { t: "test", colon: m[1] === ":", op: m[2] as "-" | "=" | "+" | "?", word: operandWord(rest.slice(m[0].length), quoted) } };
  }
  if ((m = /^(##?|%%?)/.exec(rest))) {
    return { kind: "var", name, quoted, op: { t: "trim", side: m[1][0] as "#" | "%", longest: m[1].length === 2, pat: operandWord(rest.slice(m[0].length), false) } };
  }
  if ((m = /^\/([/#%]?)/.exec(rest))) {
    const body = rest.slice(m[0].length);
    const end = patternEnd(body);
    const pat = end < 0 ? body : body.slice(0, end);
    const rep = end < 0 ? "" : body.slice(end + 1);
    const anchor = m[1] === "#" || m[1] === "%" ? m[1] : "";
    return { kind: "var", name, quoted, op: { t: "repl", all: m[1] === "/", anchor, pat: operandWord(pat, false), rep: operandWord(rep, false) } };
  }
  if ((m = /^(\^\^?|,,?)/.exec(rest))) {
    return { kind: "var", name, quoted, op: { t: "case", upper: m[1][0] === "^", all: m[1].length === 2, pat: operandWord(rest.slice(m[0].length), false) } };
  }
  if (rest[0] === ":") {
    // offset and length are arithmetic; a `:` inside parentheses or `?:` belongs to the expression
    let d = 0;
    let colon = -1;
    for (let k = 1; k < rest.length && colon < 0; k++) {
      if (rest[k] === "(") d++;
      else if (rest[k] === ")") d--;
      else if (rest[k] === ":" && d === 0) colon = k;
    }
    const off = colon < 0 ? rest.slice(1) : rest.slice(1, colon);
    return { kind: "var", name, quoted, op: { t: "slice", off: arithWord(off), len: colon < 0 ? null : arithWord(rest.slice(colon + 1)) } };
  }
  return bad;
}

/** `${inner}` as in double quotes (a heredoc's body), as a word of its own. */
export function paramWord(inner: string): Word {
  return { segs: [paramSegment(inner, true)], raw: `\${${inner}}` };
}

/** `NAME=value` before the command word: an assignment (only an unquoted NAME counts). */
function assignment(w: Word): { name: string; value: Word } | null {
  const first = w.segs[0];
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(w.raw) || first?.kind !== "lit" || first.quoted) return null;
  const eq = first.text.indexOf("=");
  if (eq <= 0) return null;
  const rest: Segment[] = [];
  const after = first.text.slice(eq + 1);
  if (after) rest.push({ kind: "lit", text: after, quoted: false });
  rest.push(...w.segs.slice(1));
  return { name: first.text.slice(0, eq), value: { segs: rest, raw: w.raw.slice(eq + 1) } };
}

function redirText(r: Redir): string {
  return r.op === "<<" ? "<<" : r.op === ">&" ? ">&" : r.op;
}

/** The line (1-based) of a source offset, and that line's text, for `bash -c` / script error messages. */
export function lineAt(src: string, at: number): { line: number; text: string } {
  let line = 1;
  let start = 0;
  for (let j = src.indexOf("\n"); j >= 0 && j < at; j = src.indexOf("\n", j + 1)) {
    line++;
    start = j + 1;
  }
  const end = src.indexOf("\n", start);
  return { line, text: src.slice(start, end < 0 ? src.length : end) };
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
