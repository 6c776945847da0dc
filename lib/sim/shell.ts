/**
 * A busybox-like shell interpreter run on virtual time. Given argv (or `sh -c script`), it
 * produces a timeline of stdout/stderr lines, file writes, memory use and the exit, so a
 * container's logs, exit code and files at any moment are a pure function of its start.
 */

export interface TimelineEvent {
  /** ms after start */
  t: number;
  /** the line had no trailing newline */
  nonl?: boolean;
  out?: string;
  err?: string;
  file?: { path: string; content: string | null };
  mem?: number;
  cpu?: number;
  /** a long-running server process takes over (exec "nginx", ...) */
  server?: string;
  /** an HTTP request the program sent (wget/curl), for the load it generates */
  http?: string;
  /** `tail -f`/`-F` follows this file from here on (lines other processes append to it) */
  follow?: string;
}

export interface Timeline {
  events: TimelineEvent[];
  /** exit time and code; undefined = still running at the horizon (runs forever) */
  exit?: { t: number; code: number };
}

export interface ShellIO {
  env: Record<string, string>;
  hostname: string;
  /** absolute virtual ms of the program start (for `date`) */
  startMs: number;
  readFile(path: string): string | null;
  listDir(path: string): string[] | null;
  /** network access: curl/wget; returns body or an error (`exit`: curl's exit code, 6 DNS, 7 refused, 28 timeout) */
  http?(url: string): { code: number; body: string } | { error: string; exit?: number };
  nslookup?(name: string): string[] | null;
  /** commands that start a server process (image binaries) */
  servers?: string[];
  /** /proc/mounts-style lines for `mount` */
  mounts?(): string[];
  /** programs this image does not have (busybox has wget but no curl or bash) */
  missing?: string[];
  /** permission bits of a file from the image or a volume (ConfigMap defaultMode/items mode); default 0644 */
  fileMode?(path: string): number | null;
  /** the image's `kubectl` (lib/sim/in-pod-kubectl.ts); absent when the image has none */
  kubectl?(args: string[]): { stdout: string; stderr: string; exitCode: number };
}

const MAX_LINES = 2000;
const MAX_STEPS = 20000;
const HORIZON_MS = 48 * 3600_000;

type Tok = { t: "w"; v: string; q: boolean } | { t: "op"; v: string };

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === " " || c === "\t") { i++; continue; }
    if (c === "\\" && src[i + 1] === "\n") { i += 2; continue; }
    if (c === "\n") { toks.push({ t: "op", v: ";" }); i++; continue; }
    if (c === "#") { while (i < n && src[i] !== "\n") i++; continue; }
    const two = src.slice(i, i + 2);
    if (two === "&&" || two === "||" || two === ">>" || two === "2>") {
      if (two === "2>" ) {
        if (src[i + 2] === "&" && src[i + 3] === "1") { toks.push({ t: "op", v: "2>&1" }); i += 4; continue; }
        toks.push({ t: "op", v: "2>" }); i += 2; continue;
      }
      toks.push({ t: "op", v: two }); i += 2; continue;
    }
    if (c === ";" || c === "|" || c === ">" || c === "<" || c === "&" || c === "(" || c === ")") { toks.push({ t: "op", v: c }); i++; continue; }
    // word
    let w = "";
    let quoted = false;
    while (i < n) {
      const ch = src[i];
      if (" \t\n;|&<>()".includes(ch)) break;
      if (ch === "'") {
        const j = src.indexOf("'", i + 1);
        w += src.slice(i + 1, j < 0 ? n : j);
        i = j < 0 ? n : j + 1;
        quoted = true;
        continue;
      }
      if (ch === '"') {
        i++;
        while (i < n && src[i] !== '"') {
          if (src[i] === "\\" && i + 1 < n && '"\\$`'.includes(src[i + 1])) { w += src[i + 1]; i += 2; continue; }
          if (src[i] === "$") { const r = expandVar(src, i); w += r.v; i = r.next; continue; }
          if (src[i] === "`") { const r = backtick(src, i); w += r.v; i = r.next; continue; }
          w += src[i++];
        }
        i++;
        quoted = true;
        continue;
      }
      if (ch === "\\") { w += src[i + 1] ?? ""; i += 2; continue; }
      if (ch === "$") { const r = expandVar(src, i); w += r.v; i = r.next; continue; }
      if (ch === "`") { const r = backtick(src, i); w += r.v; i = r.next; continue; }
      w += ch;
      i++;
    }
    toks.push({ t: "w", v: w, q: quoted });
  }
  return toks;
}

/** `cmd` (old-style command substitution) is `$(cmd)`; `\`` inside it is a literal backtick. */
function backtick(src: string, i: number): { v: string; next: number } {
  let j = i + 1, inner = "";
  while (j < src.length && src[j] !== "`") {
    if (src[j] === "\\" && (src[j + 1] === "`" || src[j + 1] === "\\" || src[j + 1] === "$")) { inner += src[j + 1]; j += 2; continue; }
    inner += src[j++];
  }
  return { v: `\u0000SUB:${inner.trim()}\u0000`, next: Math.min(j + 1, src.length) };
}

/** `$...` becomes a marker resolved when the command runs (variables change inside loops). */
function expandVar(src: string, i: number): { v: string; next: number } {
  if (src[i + 1] === "{") {
    const j = src.indexOf("}", i);
    const name = src.slice(i + 2, j < 0 ? src.length : j);
    return { v: `\u0000VAR:${name}\u0000`, next: j < 0 ? src.length : j + 1 };
  }
  if (src[i + 1] === "(" && src[i + 2] === "(") {
    const j = src.indexOf("))", i + 3);
    const expr = src.slice(i + 3, j < 0 ? src.length : j);
    return { v: `\u0000ARITH:${expr}\u0000`, next: j < 0 ? src.length : j + 2 };
  }
  if (src[i + 1] === "(") {
    let depth = 1, j = i + 2;
    while (j < src.length && depth) { if (src[j] === "(") depth++; if (src[j] === ")") depth--; j++; }
    const inner = src.slice(i + 2, j - 1).trim();
    return { v: `\u0000SUB:${inner}\u0000`, next: j };
  }
  const m = /^[A-Za-z_][A-Za-z0-9_]*|^[?$#0-9]/.exec(src.slice(i + 1));
  if (!m) return { v: "$", next: i + 1 };
  return { v: `\u0000VAR:${m[0]}\u0000`, next: i + 1 + m[0].length };
}

/** $(( )) integer arithmetic: + - * / % and parentheses over numbers and variables. */
function arith(expr: string, env: Record<string, string>): number {
  const toks = expr.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|\$[A-Za-z_][A-Za-z0-9_]*|[-+*/%()]/g) ?? [];
  let i = 0;
  const val = (t: string) => (/^\d+$/.test(t) ? Number(t) : Number(env[t.replace(/^\$/, "")] ?? 0) || 0);
  const primary = (): number => {
    const t = toks[i++];
    if (t === "(") { const v = sum(); i++; return v; }
    if (t === "-") return -primary();
    return t === undefined ? 0 : val(t);
  };
  const product = (): number => {
    let v = primary();
    while (toks[i] === "*" || toks[i] === "/" || toks[i] === "%") {
      const op = toks[i++], r = primary();
      v = op === "*" ? v * r : r === 0 ? 0 : op === "/" ? Math.trunc(v / r) : v % r;
    }
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (toks[i] === "+" || toks[i] === "-") v = toks[i++] === "+" ? v + product() : v - product();
    return v;
  };
  return sum();
}

// --- AST ---------------------------------------------------------------------------------------
type Node =
  | { k: "cmd"; argv: Tok[]; redirs: { op: string; target: string }[] }
  | { k: "seq"; list: { node: Node; op: string }[] }
  | { k: "pipe"; list: Node[] }
  | { k: "while"; cond: Node; body: Node; until: boolean }
  | { k: "for"; v: string; items: string[]; body: Node }
  | { k: "if"; cond: Node; then: Node; else?: Node }
  | { k: "group"; body: Node }
  | { k: "not"; body: Node };

class Parser {
  i = 0;
  constructor(private toks: Tok[]) {}
  peek(): Tok | undefined { return this.toks[this.i]; }
  isWord(v: string): boolean { const t = this.peek(); return !!t && t.t === "w" && !t.q && t.v === v; }
  isOp(v: string): boolean { const t = this.peek(); return !!t && t.t === "op" && t.v === v; }
  skipSemis() { while (this.isOp(";")) this.i++; }
  parseList(stop: string[]): Node {
    const list: { node: Node; op: string }[] = [];
    this.skipSemis();
    while (this.peek() && !stop.some((s) => this.isWord(s)) && !this.isOp(")")) {
      const node = this.parsePipe();
      let op = ";";
      if (this.isOp("&&") || this.isOp("||") || this.isOp(";") || this.isOp("&")) op = (this.toks[this.i++] as { v: string }).v;
      list.push({ node, op });
      this.skipSemis();
    }
    return { k: "seq", list };
  }
  parsePipe(): Node {
    // `! pipeline` negates its exit status (POSIX 2.9.2): `while ! wget -q URL; do ...`
    if (this.isWord("!")) { this.i++; return { k: "not", body: this.parsePipe() }; }
    const list = [this.parseCmd()];
    while (this.isOp("|")) { this.i++; list.push(this.parseCmd()); }
    return list.length === 1 ? list[0] : { k: "pipe", list };
  }
  expectWord(v: string) { if (this.isWord(v)) this.i++; else throw new Error(`syntax error: expected "${v}"`); }
  parseCmd(): Node {
    if (this.isWord("while") || this.isWord("until")) {
      const until = this.isWord("until");
      this.i++;
      const cond = this.parseList(["do"]);
      this.expectWord("do");
      const body = this.parseList(["done"]);
      this.expectWord("done");
      return { k: "while", cond, body, until };
    }
    if (this.isWord("for")) {
      this.i++;
      const v = (this.toks[this.i++] as { v: string }).v;
      const items: string[] = [];
      if (this.isWord("in")) { this.i++; while (this.peek() && !this.isOp(";") && !this.isWord("do")) items.push((this.toks[this.i++] as { v: string }).v); }
      this.skipSemis();
      this.expectWord("do");
      const body = this.parseList(["done"]);
      this.expectWord("done");
      return { k: "for", v, items, body };
    }
    if (this.isWord("if")) {
      this.i++;
      const cond = this.parseList(["then"]);
      this.expectWord("then");
      const then = this.parseList(["else", "fi", "elif"]);
      let els: Node | undefined;
      if (this.isWord("else")) { this.i++; els = this.parseList(["fi"]); }
      this.expectWord("fi");
      return { k: "if", cond, then, else: els };
    }
    if (this.isOp("(")) {
      this.i++;
      const body = this.parseList([]);
      if (this.isOp(")")) this.i++;
      return { k: "group", body };
    }
    const argv: Tok[] = [];
    const redirs: { op: string; target: string }[] = [];
    while (this.peek()) {
      const t = this.peek()!;
      if (t.t === "op" && (t.v === ">" || t.v === ">>" || t.v === "<" || t.v === "2>")) {
        this.i++;
        const target = this.peek();
        if (target?.t === "w") { redirs.push({ op: t.v, target: target.v }); this.i++; }
        continue;
      }
      if (t.t === "op" && t.v === "2>&1") { this.i++; redirs.push({ op: "2>&1", target: "" }); continue; }
      if (t.t === "op") break;
      if (!t.q && ["do", "done", "then", "fi", "else", "elif"].includes(t.v) && argv.length === 0) break;
      argv.push(t);
      this.i++;
    }
    return { k: "cmd", argv, redirs };
  }
}

/** exit / the end of a program's run: control flow, caught inside the interpreter; made without a stack trace (capturing
 * one was ~1 % of bench:sim's scale run, where every container's program ends with one) */
class Halt extends Error {
  code: number | null;
  constructor(code: number | null) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super("halt");
    Error.stackTraceLimit = limit;
    this.code = code;
  }
}

/** busybox `timeout` ran out: its child gets SIGTERM. */
class TimedOut extends Error {
  constructor() {
    super("timed out");
  }
}

/** Programs the interpreter models (shell builtins and busybox applets); anything else is "not found". */
export const PROGRAMS = new Set(["echo", "printf", "seq", "true", "false", ":", "exit", "sleep", "touch", "rm", "mkdir", "cat", "head", "tail", "grep", "wc", "ls", "date", "hostname", "env", "printenv", "wget", "curl", "nslookup", "stress", "perl", "test", "[", "[[", "ps", "mount", "kill", "cd", "export", "set", "trap", "ulimit", "chmod", "chown", "cp", "mv", "ln", "uname", "whoami", "id", "pwd", "timeout", "sh", "bash", "ash", "zsh"]);

/**
 * A lookup the program makes (a file, a directory listing, DNS, HTTP, kubectl): a thunk the driver calls
 * to ask the cluster, at the program's time.
 */
type Lookup = () => unknown;
/** The interpreter's steps: a generator that yields each lookup and is resumed with its answer. */
type G<T> = Generator<Lookup, T, unknown>;

/** Where a LiveProgram keeps the answers to its lookups, in call order (an array will do). */
export interface AnswerLog {
  readonly length: number;
  at(i: number): unknown;
  push(answer: unknown): unknown;
}

/**
 * A container's program on virtual time whose lookups see the cluster as it is when they are made.
 *
 * The interpreter is a generator that yields at each lookup. `advance(until)` runs it on and answers
 * the lookups it makes at program times up to `until` (ms since start) by asking the cluster now; at
 * the first lookup made later it stops (`waitAt`), so the timeline so far is final and the caller
 * resumes it when the clock gets there. Every answer is appended to `answers` (runtime state the caller
 * keeps), so a new LiveProgram over the same answers replays the same run without asking again: the
 * same commands give the same timeline after a restore, and what was answered never changes.
 */
export class LiveProgram {
  readonly timeline: Timeline = { events: [] };
  /** program ms of the lookup the program waits to make; undefined when it does not wait (ended or runs on alone) */
  waitAt?: number;
  private ex: Exec;
  private gen: G<number>;
  private used = 0;
  private pending?: Lookup;
  private begun = false;
  private done = false;

  constructor(argv: string[], io: ShellIO, private answers: AnswerLog = [], opts: { horizonMs?: number } = {}) {
    this.ex = new Exec(io, opts.horizonMs ?? HORIZON_MS);
    this.gen = this.ex.runArgv(argv);
  }

  /** Run on, asking the cluster for lookups made up to `until` ms after start (answers already held are replayed). */
  advance(until: number): this {
    while (!this.done) {
      let answer: unknown;
      if (this.begun) {
        if (this.used < this.answers.length) answer = this.answers.at(this.used);
        else if (this.ex.t <= until) this.answers.push((answer = this.pending!()));
        else { this.waitAt = this.ex.t; return this; }
        this.used++;
      }
      this.begun = true;
      this.waitAt = undefined;
      this.step(answer);
    }
    return this;
  }

  /** Lookups answered so far. */
  get answered(): number {
    return this.used;
  }

  private step(answer: unknown) {
    const ex = this.ex;
    try {
      const r = this.gen.next(answer);
      if (!r.done) { this.pending = r.value; this.timeline.events = ex.events; return; }
      ex.flush();
      this.timeline.exit = { t: ex.t, code: r.value };
    } catch (e) {
      ex.flush();
      if (!(e instanceof Halt)) ex.events.push({ t: ex.t, err: `sh: ${(e as Error).message}` });
      const code = e instanceof Halt ? e.code : 2;
      if (code !== null) this.timeline.exit = { t: ex.t, code };
    }
    this.timeline.events = ex.events;
    this.done = true;
  }
}

/** Run argv (or a shell script) on virtual time and return its timeline; every lookup sees the cluster as it is now. Never throws. */
export function runProgram(argv: string[], io: ShellIO, opts: { horizonMs?: number } = {}): Timeline {
  return new LiveProgram(argv, io, [], opts).advance(Infinity).timeline;
}

/** Run a command to completion (kubectl exec): stdout, stderr and exit code. */
export function execCommand(argv: string[], io: ShellIO): { stdout: string; stderr: string; exitCode: number } {
  const tl = runProgram(argv, io, { horizonMs: 600_000 });
  const stdout = tl.events.filter((e) => e.out !== undefined).map((e) => e.out + (e.nonl ? "" : "\n")).join("");
  const stderr = tl.events.filter((e) => e.err !== undefined).map((e) => e.err + "\n").join("");
  return { stdout, stderr, exitCode: tl.exit?.code ?? 0 };
}

const SHELLS = new Set(["sh", "/bin/sh", "bash", "/bin/bash", "ash", "/bin/ash", "zsh", "/bin/zsh"]);

class Exec {
  events: TimelineEvent[] = [];
  t = 0;
  steps = 0;
  lines = 0;
  files = new Map<string, string | null>();
  env: Record<string, string>;
  lastCode = 0;
  /** permission bits of files this program created or chmod-ed */
  modes = new Map<string, number>();
  /** virtual ms (since start) of each file's last write */
  mtimes = new Map<string, number>();
  /** `timeout`: the virtual ms at which the running child is killed */
  deadline?: number;
  private pending: string[] = [];

  constructor(private io: ShellIO, private horizon: number) {
    this.env = { ...io.env };
  }

  flush() {
    if (this.pending.length) {
      for (const l of this.pending) this.emitOut(l);
      this.pending = [];
    }
  }

  /** Lines past MAX_LINES are not kept (the log is capped), but the program runs on: a wait loop still sees its answer. */
  private emitOut(line: string): boolean {
    if (this.lines++ >= MAX_LINES) return false;
    this.events.push({ t: this.t, out: line });
    return true;
  }

  *readFile(path: string): G<string | null> {
    if (this.files.has(path)) return this.files.get(path)!;
    if (path === "/dev/null") return "";
    return (yield () => this.io.readFile(path)) as string | null;
  }

  writeFile(path: string, content: string | null) {
    this.files.set(path, content);
    if (content === null) { this.modes.delete(path); this.mtimes.delete(path); }
    else this.mtimes.set(path, this.t);
    this.events.push({ t: this.t, file: { path, content } });
  }

  tick() {
    if (++this.steps > MAX_STEPS) throw new Halt(null);
    if (this.t > this.horizon) throw new Halt(null);
    if (this.deadline !== undefined && this.t >= this.deadline) throw new TimedOut();
  }

  /** A child shell: its `exit` ends only itself. */
  private *subshell(f: G<number>): G<number> {
    try {
      return yield* f;
    } catch (e) {
      if (e instanceof Halt && e.code !== null) return e.code;
      throw e;
    }
  }

  /** Permission bits of a file (null when it does not exist). */
  *modeOf(path: string): G<number | null> {
    if ((yield* this.readFile(path)) === null) return null;
    const own = this.modes.get(path);
    if (own !== undefined) return own;
    const io = this.io;
    return ((io.fileMode ? yield () => io.fileMode!(path) : null) as number | null) ?? 0o644;
  }

  /** Run a script file: `sh FILE`, or `./FILE` when it is executable (the shebang line is a comment). */
  private *runFile(path: string, err: (s: string) => void, direct: boolean): G<number> {
    const text = (yield* this.readFile(path));
    if (text === null) {
      if (direct) { err(`sh: ${path}: not found`); return 127; }
      err(`sh: can't open '${path}': No such file or directory`);
      return 2;
    }
    if (direct && !(((yield* this.modeOf(path)) ?? 0) & 0o111)) { err(`sh: ${path}: Permission denied`); return 126; }
    return yield* this.runScript(text);
  }

  *runArgv(argv: string[]): G<number> {
    if (!argv.length) return 0;
    const a0 = argv[0];
    if (SHELLS.has(a0)) {
      const ci = argv.indexOf("-c");
      if (ci >= 0) {
        const script = argv[ci + 1] ?? "";
        return yield* this.runScript(script);
      }
      const file = argv.slice(1).find((a) => !a.startsWith("-"));
      if (file) return yield* this.runFile(file, (s) => this.err(s), false);
      // interactive shell with no tty: reads EOF and exits 0
      return 0;
    }
    return yield* this.runSimple(argv, (s) => this.out(s), (s) => this.err(s));
  }

  *runScript(script: string): G<number> {
    const toks = tokenize(script);
    const ast = new Parser(toks).parseList([]);
    return yield* this.run(ast, (s) => this.out(s), (s) => this.err(s));
  }

  private out(s: string) {
    const nonl = !s.endsWith("\n");
    let kept = false;
    for (const l of s.replace(/\n$/, "").split("\n")) kept = this.emitOut(l);
    if (nonl && kept) this.events[this.events.length - 1].nonl = true;
  }

  private err(s: string) {
    for (const l of s.replace(/\n$/, "").split("\n")) {
      if (this.lines++ < MAX_LINES) this.events.push({ t: this.t, err: l });
    }
  }

  /** busybox wget: -q, -O FILE / -O- / -O -, -P DIR, -T SEC, -S, --spider; without -O the body goes to a file. */
  private *wget(args: string[], out: (s: string) => void, err: (s: string) => void): G<number> {
    const p = parseWgetArgs(args);
    if ("error" in p) { err(p.error); return 1; }
    for (const raw of p.urls) {
      const url = /^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`;
      const r = yield* this.http(url);
      this.events.push({ t: this.t, http: url });
      this.t += 5;
      const host = url.replace(/^[a-z]+:\/\//i, "").split(/[/:?#]/)[0];
      if ("error" in r) {
        if (r.exit === 28) {
          // no answer: -T (alarm around connect) or the kernel's SYN retries (~127 s) end it first
          const kernelMs = 127_000;
          this.flush();
          this.t += Math.min(p.timeoutS * 1000, kernelMs);
          if (this.t > this.horizon) throw new Halt(null);
          err(p.timeoutS * 1000 < kernelMs ? "wget: download timed out" : `wget: can't connect to remote host (${(yield* this.ipOf(host))}): Connection timed out`);
        } else if (r.exit === 7) err(`wget: can't connect to remote host (${(yield* this.ipOf(host))}): Connection refused`);
        else err(`wget: ${r.error}`);
        return 1;
      }
      if (p.serverResponse) err(`  HTTP/1.1 ${r.code} ${httpText(r.code)}`);
      if (r.code >= 400) { err(`wget: server returned error: HTTP/1.1 ${r.code} ${httpText(r.code)}`); return 1; }
      if (p.spider) continue;
      if (p.output === "-") out(r.body);
      else {
        const base = url.replace(/^[a-z]+:\/\/[^/]*/i, "").replace(/[?#].*$/, "").split("/").pop() || "index.html";
        const file = p.output ?? `${p.dir ? p.dir.replace(/\/$/, "") + "/" : ""}${base}`;
        this.writeFile(file, r.body);
      }
    }
    return 0;
  }

  /** The address wget connected to (for its error texts): an IP host as is, else what DNS answers. */
  private *ipOf(host: string): G<string> {
    if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return host;
    if (host === "localhost") return "127.0.0.1";
    return (yield* this.nslookup(host))?.[0] ?? host;
  }

  /** The cluster lookups a program makes (each one answered at the program's time, see LiveProgram). */
  private *http(url: string): G<{ code: number; body: string } | { error: string; exit?: number }> {
    const io = this.io;
    if (!io.http) return { error: "network unavailable" };
    return (yield () => io.http!(url)) as { code: number; body: string } | { error: string; exit?: number };
  }

  private *nslookup(name: string): G<string[] | null> {
    const io = this.io;
    return io.nslookup ? ((yield () => io.nslookup!(name)) as string[] | null) : null;
  }

  private *listDir(path: string): G<string[] | null> {
    return (yield () => this.io.listDir(path)) as string[] | null;
  }

  /** curl: -o FILE, -s/-S/-f/-L/-k/-v/-i, and options with an argument (-m, --connect-timeout, -H, -X, -d, -w, ...). */
  private *curl(args: string[], out: (s: string) => void, err: (s: string) => void): G<number> {
    const withArg = new Set(["-o", "--output", "-m", "--max-time", "--connect-timeout", "-H", "--header", "-X", "--request", "-d", "--data", "-w", "--write-out", "-A", "--user-agent", "-u", "--user", "-e", "--referer", "--retry", "--resolve", "-x", "--proxy"]);
    let url: string | undefined;
    let output: string | undefined;
    let fail = false;
    let writeOut = "";
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (withArg.has(a)) {
        const v = args[++i];
        if (a === "-o" || a === "--output") output = v;
        if (a === "-w" || a === "--write-out") writeOut = v ?? "";
        continue;
      }
      if (a.startsWith("--")) { if (a === "--fail") fail = true; continue; }
      if (a.startsWith("-") && a.length > 1) {
        // a short cluster such as -sS, -fsSL or -so FILE
        const o = a.indexOf("o");
        if (a.slice(1).includes("f")) fail = true;
        if (o > 0) output = a.slice(o + 1) || args[++i];
        else if (/^-[a-zA-Z]*[mHXdwAuex]$/.test(a)) i++;
        continue;
      }
      url ??= a;
    }
    if (!url) { err("curl: try 'curl --help' or 'curl --manual' for more information"); return 2; }
    const r = yield* this.http(url);
    this.events.push({ t: this.t, http: url });
    this.t += 5;
    if ("error" in r) {
      err(`curl: (${r.exit ?? 7}) ${r.error}`);
      return r.exit ?? 7;
    }
    if (fail && r.code >= 400) { err(`curl: (22) The requested URL returned error: ${r.code}`); return 22; }
    if (output && output !== "/dev/null") this.writeFile(output, r.body);
    else if (!output) out(r.body);
    if (writeOut) out(writeOut.replace(/%\{http_code\}/g, String(r.code)).replace(/\\n/g, "\n"));
    return 0;
  }

  /** test / [ ]: true, false, or the error busybox prints. */
  private *test(a: string[]): G<boolean | string> {
    if (a.length === 0) return false;
    if (a[0] === "!") { const r = (yield* this.test(a.slice(1))); return typeof r === "string" ? r : !r; }
    const ao = a.findIndex((x, i) => i > 0 && (x === "-a" || x === "-o" || x === "&&" || x === "||"));
    if (ao > 0) {
      const l = (yield* this.test(a.slice(0, ao))), r = (yield* this.test(a.slice(ao + 1)));
      if (typeof l === "string") return l;
      if (typeof r === "string") return r;
      return a[ao] === "-a" || a[ao] === "&&" ? l && r : l || r;
    }
    if (a.length === 1) return a[0] !== "";
    const [op, f] = a;
    if (a.length === 2) {
      switch (op) {
        case "-e": case "-f": case "-r": case "-w": return (yield* this.readFile(f)) !== null || (op !== "-f" && (yield* this.listDir(f)) !== null);
        case "-d": return (yield* this.listDir(f)) !== null && (yield* this.readFile(f)) === null || [...this.files.keys()].some((p) => p.startsWith(f.replace(/\/$/, "") + "/") && this.files.get(p) !== null);
        case "-s": return ((yield* this.readFile(f)) ?? "") !== "";
        case "-x": return !!(((yield* this.modeOf(f)) ?? 0) & 0o111);
        case "-L": case "-h": return false;
        case "-z": return f === "";
        case "-n": return f !== "";
        default: return `${op}: unknown operand`;
      }
    }
    const [x, bin, y] = a;
    if (bin === "=" || bin === "==") return x === y;
    if (bin === "!=") return x !== y;
    const cmpOps: Record<string, (p: number, q: number) => boolean> = { "-eq": (p, q) => p === q, "-ne": (p, q) => p !== q, "-lt": (p, q) => p < q, "-le": (p, q) => p <= q, "-gt": (p, q) => p > q, "-ge": (p, q) => p >= q };
    if (cmpOps[bin]) {
      for (const v of [x, y]) if (!/^\s*-?\d+\s*$/.test(v)) return `${v}: bad number`;
      return cmpOps[bin](Number(x), Number(y));
    }
    return `${bin}: unknown operand`;
  }

  private *run(node: Node, out: (s: string) => void, err: (s: string) => void): G<number> {
    this.tick();
    switch (node.k) {
      case "seq": {
        let code = 0;
        let skip = false;
        for (const { node: n, op } of node.list) {
          if (!skip) code = yield* this.run(n, out, err);
          this.lastCode = code;
          skip = (op === "&&" && code !== 0) || (op === "||" && code === 0);
        }
        return code;
      }
      case "group":
        return yield* this.run(node.body, out, err);
      case "not":
        return (yield* this.run(node.body, out, err)) === 0 ? 1 : 0;
      case "pipe": {
        let buf = "";
        let code = 0;
        for (let idx = 0; idx < node.list.length; idx++) {
          const n = node.list[idx];
          const input = buf;
          buf = "";
          const sink = (s: string) => { buf += s.endsWith("\n") ? s : s + "\n"; };
          if (idx === node.list.length - 1) code = yield* this.runWithInput(n, input, out, err);
          else yield* this.runWithInput(n, input, sink, err);
        }
        return code;
      }
      case "while": {
        for (;;) {
          this.tick();
          const c = yield* this.run(node.cond, out, err);
          if (node.until ? c === 0 : c !== 0) return 0;
          yield* this.run(node.body, out, err);
        }
      }
      case "for": {
        let code = 0;
        const items: string[] = [];
        for (const raw of node.items) items.push(...(yield* this.substitute(raw)).split(/\s+/).filter(Boolean));
        for (const it of items) {
          this.env[node.v] = it;
          code = yield* this.run(node.body, out, err);
        }
        return code;
      }
      case "if": {
        const c = yield* this.run(node.cond, out, err);
        if (c === 0) return yield* this.run(node.then, out, err);
        return node.else ? yield* this.run(node.else, out, err) : 0;
      }
      case "cmd":
        return yield* this.runCmd(node, out, err, "");
    }
  }

  private *runWithInput(n: Node, input: string, out: (s: string) => void, err: (s: string) => void): G<number> {
    if (n.k === "cmd") return yield* this.runCmd(n, out, err, input);
    return yield* this.run(n, out, err);
  }

  private *substitute(w: string): G<string> {
    if (!w.includes("\u0000")) return w;
    w = w.replace(/\u0000VAR:([^\u0000]*)\u0000/g, (_m, name: string) => {
      if (name === "?") return String(this.lastCode);
      const [n, dflt] = name.split(":-");
      const v = this.env[n];
      return v === undefined || (v === "" && dflt !== undefined) ? dflt ?? "" : v;
    });
    w = w.replace(/\u0000ARITH:([^\u0000]*)\u0000/g, (_m, expr: string) => String(arith(expr, this.env)));
    // $(...) runs in order, left to right (its lookups happen at the program's time)
    const re = /\u0000SUB:([^\u0000]*)\u0000/g;
    let res = "", last = 0;
    for (let m = re.exec(w); m; m = re.exec(w)) {
      let buf = "";
      const ast = new Parser(tokenize(m[1])).parseList([]);
      yield* this.run(ast, (s) => { buf += s.endsWith("\n") ? s : s + "\n"; }, () => {});
      res += w.slice(last, m.index) + buf.replace(/\n+$/, "");
      last = re.lastIndex;
    }
    return res + w.slice(last);
  }

  private *runCmd(node: Extract<Node, { k: "cmd" }>, out0: (s: string) => void, err0: (s: string) => void, input: string): G<number> {
    const words: string[] = [];
    for (const t of node.argv) {
      if (t.t !== "w") continue;
      const v = (yield* this.substitute(t.v));
      if (t.q) words.push(v);
      else words.push(...v.split(/\s+/).filter((x: string) => x !== ""));
    }
    // VAR=value assignments
    while (words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) {
      const w = words.shift()!;
      const i = w.indexOf("=");
      this.env[w.slice(0, i)] = w.slice(i + 1);
    }
    if (!words.length) return 0;
    let out = out0, err = err0;
    let captured = "";
    let capturedErr = "";
    let target: { op: string; target: string } | undefined;
    let errTarget: { op: string; target: string } | undefined;
    let errToOut = false;
    for (const r0 of node.redirs) {
      const r = { op: r0.op, target: (yield* this.substitute(r0.target)) };
      if (r.op === ">" || r.op === ">>") target = r;
      else if (r.op === "2>") errTarget = r;
      else if (r.op === "2>&1") errToOut = true;
      else if (r.op === "<") input = (yield* this.readFile(r.target)) ?? "";
    }
    if (target) out = (s) => { captured += s.endsWith("\n") ? s : s + "\n"; };
    if (errTarget) err = (s) => { capturedErr += s.endsWith("\n") ? s : s + "\n"; };
    if (errToOut) err = out;
    const code = yield* this.runSimple(words, out, err, input);
    if (target && target.target !== "/dev/null") {
      const prev = target.op === ">>" ? ((yield* this.readFile(target.target)) ?? "") : "";
      this.writeFile(target.target, prev + captured);
    }
    if (errTarget && errTarget.target !== "/dev/null") this.writeFile(errTarget.target, capturedErr);
    return code;
  }

  *runSimple(argv: string[], out: (s: string) => void, err: (s: string) => void, input = ""): G<number> {
    this.tick();
    const [cmd0, ...args] = argv;
    const cmd = cmd0.replace(/^\/(usr\/)?(local\/)?(s?bin)\//, "");
    const io = this.io;
    if (io.missing?.includes(cmd)) { err(`sh: ${cmd0}: not found`); return 127; }
    if (cmd === "kubectl" && io.kubectl) {
      const r = (yield () => io.kubectl!(args)) as { stdout: string; stderr: string; exitCode: number };
      if (r.stdout) out(r.stdout);
      if (r.stderr) err(r.stderr.replace(/\n$/, ""));
      return r.exitCode;
    }
    switch (cmd) {
      case "echo": {
        let a = args;
        let nl = true;
        let esc = false;
        while (a[0] === "-n" || a[0] === "-e") { if (a[0] === "-n") nl = false; else esc = true; a = a.slice(1); }
        let s = a.join(" ");
        if (esc) s = s.replace(/\\n/g, "\n").replace(/\\t/g, "\t");
        if (nl || s) out(s + (nl ? "\n" : ""));
        return 0;
      }
      case "printf": {
        let i = 0;
        const s = (args[0] ?? "").replace(/%[sd]/g, () => args[++i] ?? "").replace(/\\n/g, "\n").replace(/\\t/g, "\t");
        if (s) out(s);
        return 0;
      }
      case "seq": {
        const nums = args.map(Number);
        const [first, last] = nums.length >= 2 ? [nums[0], nums[nums.length - 1]] : [1, nums[0] ?? 1];
        const step = nums.length === 3 ? nums[1] || 1 : 1;
        const out0: number[] = [];
        for (let v = first; step > 0 ? v <= last : v >= last; v += step) { out0.push(v); if (out0.length > 10_000) break; }
        if (out0.length) out(out0.join("\n") + "\n");
        return 0;
      }
      case "true": case ":": return 0;
      case "false": return 1;
      case "exit": throw new Halt(Number(args[0] ?? this.lastCode) & 255);
      case "sleep": {
        const d = args[0] ?? "";
        if (d === "infinity" || d === "inf") throw new Halt(null);
        const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(d);
        if (!m) { err(`sleep: invalid number '${d}'`); return 1; }
        const mult = { "": 1000, s: 1000, m: 60_000, h: 3600_000, d: 86_400_000 }[m[2] as "" | "s" | "m" | "h" | "d"];
        this.flush();
        this.t += Math.round(Number(m[1]) * mult);
        if (this.deadline !== undefined && this.t >= this.deadline) { this.t = this.deadline; throw new TimedOut(); }
        if (this.t > this.horizon) throw new Halt(null);
        return 0;
      }
      case "touch": for (const f of args.filter((x) => !x.startsWith("-"))) if ((yield* this.readFile(f)) === null) this.writeFile(f, ""); return 0;
      case "rm": {
        const force = args.some((x) => /^-\w*f/.test(x));
        let code = 0;
        for (const f of args.filter((x) => !x.startsWith("-"))) {
          if ((yield* this.readFile(f)) === null && !force) { err(`rm: can't remove '${f}': No such file or directory`); code = 1; }
          else this.writeFile(f, null);
        }
        return code;
      }
      case "mkdir": return 0;
      case "cat": {
        const files = args.filter((x) => !x.startsWith("-"));
        if (!files.length) { if (input) out(input); return 0; }
        let code = 0;
        for (const f of files) {
          const c = (yield* this.readFile(f));
          if (c === null) { err(`cat: can't open '${f}': No such file or directory`); code = 1; }
          else if (c) out(c);
        }
        return code;
      }
      case "head": case "tail": {
        const follow = cmd === "tail" && args.some((x) => /^-\w*[fF]/.test(x));
        const nIdx = args.findIndex((x) => x === "-n" || /^-\w*n$/.test(x));
        const inline = args.map((x) => /^-\w*n(\d+)$/.exec(x)?.[1] ?? /^-(\d+)$/.exec(x)?.[1]).find(Boolean);
        const count = nIdx >= 0 ? Number(args[nIdx + 1]) : inline ? Number(inline) : 10;
        const file = args.filter((x, i) => !x.startsWith("-") && (nIdx < 0 || i !== nIdx + 1))[0];
        const text = file ? (yield* this.readFile(file)) : input;
        if (file && text === null) {
          err(`${cmd}: can't open '${file}': No such file or directory`);
          // -F (--retry): keep trying until the file appears
          if (!(follow && args.some((x) => /^-\w*F/.test(x)))) { if (!follow) return 1; }
        }
        const lines = (text ?? "").replace(/\n$/, "").split("\n");
        const sel = cmd === "head" ? lines.slice(0, count) : lines.slice(-count);
        if (sel.join("")) out(sel.join("\n") + "\n");
        if (follow) {
          // busybox tail -f never exits; what other processes append shows up as they write it
          this.flush();
          if (file) this.events.push({ t: this.t, follow: file });
          throw new Halt(null);
        }
        return 0;
      }
      case "grep": {
        const pat = args.filter((x) => !x.startsWith("-"))[0] ?? "";
        const lines = input.replace(/\n$/, "").split("\n").filter((l) => l.includes(pat) !== args.includes("-v"));
        if (lines.length && lines.join("")) out(lines.join("\n") + "\n");
        return lines.length ? 0 : 1;
      }
      case "wc": {
        const n = input ? input.replace(/\n$/, "").split("\n").length : 0;
        out(String(n) + "\n");
        return 0;
      }
      case "ls": {
        const long = args.some((x) => /^-\w*l/.test(x));
        const all = args.some((x) => /^-\w*a/.test(x));
        const dirs = args.filter((x) => !x.startsWith("-"));
        let code = 0;
        for (const d of dirs.length ? dirs : ["."]) {
          // a file the program wrote, named as an operand: one entry under the name as given (busybox ls.c)
          const base = yield* this.listDir(d);
          const file = base === null ? (yield* this.readFile(d)) : null;
          if (typeof file === "string") {
            const when = goDate(this.io.startMs + (this.mtimes.get(d) ?? 0));
            const size = new TextEncoder().encode(file).length;
            out(long ? `${modeString(this.modes.get(d) ?? 0o644)}    1 root     root     ${String(size).padStart(9)} ${when.slice(4, 10)} ${when.slice(11, 16)} ${d}\n` : `${d}\n`);
            continue;
          }
          const own = [...this.files.entries()].filter(([p, c]) => c !== null && p.startsWith(d.replace(/\/$/, "") + "/")).map(([p]) => p.slice(d.replace(/\/$/, "").length + 1).split("/")[0]);
          if (base === null && !own.length) { err(`ls: ${d}: No such file or directory`); code = 1; continue; }
          let names = [...new Set([...(base ?? []), ...own])].sort();
          if (!all) names = names.filter((x) => !x.startsWith("."));
          if (long) {
            const dir = d.replace(/\/$/, "");
            const ownNames = new Set(own);
            let blocks = 0;
            const rows = names.map((x) => {
              const p = `${dir}/${x}`;
              const c = this.files.get(p);
              if (!ownNames.has(x) || c === undefined || c === null) return `${x.startsWith("..") ? "drwxr-xr-x" : "lrwxrwxrwx"}    1 root     root            ${String(x.length + 10).padStart(2)} Jan  1 00:00 ${x}`;
              // busybox coreutils/ls.c: "%-10s %4lu %-8.8s %-8.8s %9llu %.6s %.5s %s"
              const size = new TextEncoder().encode(c).length;
              blocks += Math.ceil(size / 4096) * 4;
              const when = goDate(this.io.startMs + (this.mtimes.get(p) ?? 0));
              return `${modeString(this.modes.get(p) ?? 0o644)}    1 root     root     ${String(size).padStart(9)} ${when.slice(4, 10)} ${when.slice(11, 16)} ${x}`;
            });
            out(`total ${own.length ? blocks : names.length}\n` + rows.join("\n") + (names.length ? "\n" : ""));
          } else if (names.length) out(names.join("\n") + "\n");
        }
        return code;
      }
      case "date": {
        out(goDate(io.startMs + this.t) + "\n");
        return 0;
      }
      case "hostname": out(io.hostname + "\n"); return 0;
      case "env": case "printenv": {
        if (cmd === "printenv" && args.length) {
          let code = 0;
          for (const a of args) { if (a in this.env) out(this.env[a] + "\n"); else code = 1; }
          return code;
        }
        out(Object.entries(this.env).map(([k, v]) => `${k}=${v}`).join("\n") + "\n");
        return 0;
      }
      case "wget": return yield* this.wget(args, out, err);
      case "curl": return yield* this.curl(args, out, err);
      case "nslookup": {
        const name = args.find((x) => !x.startsWith("-")) ?? "";
        const ips = yield* this.nslookup(name);
        out("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n");
        if (!ips) { err(`** server can't find ${name}: NXDOMAIN`); return 1; }
        out(ips.map((ip) => `Name:\t${name}\nAddress: ${ip}`).join("\n") + "\n");
        return 0;
      }
      case "stress": {
        const vmBytes = args[args.indexOf("--vm-bytes") + 1];
        if (args.includes("--vm") && vmBytes) {
          const m = /^(\d+)([KMGkmg]?)$/.exec(vmBytes);
          const mult = { "": 1, k: 1024, K: 1024, m: 1024 ** 2, M: 1024 ** 2, g: 1024 ** 3, G: 1024 ** 3 }[(m?.[2] ?? "") as "" | "k"] ?? 1;
          out(`stress: info: [1] dispatching hogs: 0 cpu, 0 io, ${args[args.indexOf("--vm") + 1]} vm, 0 hdd\n`);
          this.t += 500;
          this.events.push({ t: this.t, mem: Number(m?.[1] ?? 0) * mult });
        }
        if (args.includes("--cpu") || args.includes("-c")) {
          const n = Number(args[args.indexOf(args.includes("--cpu") ? "--cpu" : "-c") + 1] ?? 1);
          this.events.push({ t: this.t, cpu: n * 1000 });
        }
        throw new Halt(null);
      }
      case "perl": {
        const script = args.filter((x) => !x.startsWith("-")).join(" ");
        const m = /bpi\((\d+)\)/.exec(script);
        this.t += 5000;
        if (m) { out(piDigits(Math.min(Number(m[1]), 5000)) + "\n"); return 0; }
        const p = /print\s+"?([^";]*)"?/.exec(script);
        if (p) out(p[1].replace(/\\n/g, "") + "\n");
        return 0;
      }
      case "test": case "[": case "[[": {
        const close = cmd === "[" ? "]" : cmd === "[[" ? "]]" : undefined;
        if (close && args[args.length - 1] !== close) { err(`sh: missing ${close}`); return 2; }
        const r = (yield* this.test(close ? args.slice(0, -1) : args));
        if (typeof r === "string") { err(`sh: ${cmd === "[[" ? "test" : cmd}: ${r}`); return 2; }
        return r ? 0 : 1;
      }
      case "chmod": {
        const [modeArg, ...files] = args.filter((x) => !/^-[R]+$/.test(x));
        let code = 0;
        for (const f of files) {
          const cur = (yield* this.modeOf(f));
          if (cur === null) { err(`chmod: ${f}: No such file or directory`); code = 1; continue; }
          const next = chmodMode(cur, modeArg ?? "");
          if (next === null) { err(`chmod: invalid mode '${modeArg ?? ""}'`); return 1; }
          this.modes.set(f, next);
        }
        return code;
      }
      case "timeout": {
        // busybox timeout [-s SIG] [-k SECS] SECS PROG ARGS: PROG runs in this process and gets the
        // signal when SECS pass, so the exit status is 128+15 (coreutils' 124 is not busybox's).
        let i = 0;
        while (args[i] === "-s" || args[i] === "-k") i += 2;
        const secs = Number(/^(\d+)s?$/.exec(args[i] ?? "")?.[1]);
        const prog = args.slice(i + 1);
        if (!Number.isFinite(secs) || !prog.length) { err("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: timeout [-s SIG] [-k KILL_SECS] SECS PROG ARGS"); return 1; }
        const outer = this.deadline;
        const mine = this.t + secs * 1000;
        this.deadline = outer === undefined ? mine : Math.min(outer, mine);
        try {
          return yield* this.runSimple(prog, out, err, input);
        } catch (e) {
          if (e instanceof TimedOut && (outer === undefined || mine <= outer)) { this.t = mine; return 143; }
          if (e instanceof Halt && e.code === null && !(this.t > this.horizon) && (outer === undefined || mine <= outer) && this.steps <= MAX_STEPS) {
            // a program that never ends on its own (tail -f, a server) is killed at the deadline
            this.events = this.events.filter((ev) => ev.follow === undefined && ev.server === undefined);
            this.t = mine;
            return 143;
          }
          throw e;
        } finally {
          this.deadline = outer;
        }
      }
      case "sh": case "bash": case "ash": case "zsh": return yield* this.subshell(this.runArgv(argv));
      case "ps": out("PID   USER     TIME  COMMAND\n    1 root      0:00 sh\n"); return 0;
      case "mount": {
        const lines = ["overlay on / type overlay (rw,relatime)", "proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)", "tmpfs on /dev type tmpfs (rw,nosuid,size=65536k,mode=755)", ...(io.mounts?.() ?? [])];
        out(lines.join("\n") + "\n");
        return 0;
      }
      case "kill": return 0;
      case "cd": case "export": case "set": case "trap": case "ulimit": case "chown": case "cp": case "mv": case "ln": return 0;
      case "uname": out((args.includes("-a") ? "Linux " + io.hostname + " 6.8.0 #1 SMP x86_64 GNU/Linux" : "Linux") + "\n"); return 0;
      case "whoami": out("root\n"); return 0;
      case "id": out("uid=0(root) gid=0(root) groups=0(root)\n"); return 0;
      case "pwd": out("/\n"); return 0;
      default:
        if (cmd0.includes("/") && !io.servers?.includes(cmd0) && ((yield* this.readFile(cmd0)) !== null || !/^\/(usr\/)?(local\/)?s?bin\//.test(cmd0))) return yield* this.subshell(this.runFile(cmd0, err, true));
        if (io.servers?.includes(cmd) || io.servers?.includes(cmd0)) {
          this.flush();
          this.events.push({ t: this.t, server: cmd0 });
          throw new Halt(null);
        }
        err(`sh: ${cmd0}: not found`);
        return 127;
    }
  }
}

/** `ls -l` mode column for a regular file: 0o755 -> "-rwxr-xr-x". */
export function modeString(mode: number): string {
  let s = "-";
  for (let shift = 6; shift >= 0; shift -= 3) {
    const b = (mode >> shift) & 7;
    s += (b & 4 ? "r" : "-") + (b & 2 ? "w" : "-") + (b & 1 ? "x" : "-");
  }
  return s;
}

/** chmod MODE: octal ("755") or symbolic ("+x", "u+x,go-w", "a=r"); null when MODE is invalid. */
export function chmodMode(cur: number, mode: string): number | null {
  if (/^[0-7]{1,4}$/.test(mode)) return parseInt(mode, 8) & 0o7777;
  let m = cur;
  for (const clause of mode.split(",")) {
    const c = /^([ugoa]*)([-+=])([rwx]*)$/.exec(clause);
    if (!c) return null;
    const who = c[1] || "a";
    let bits = 0;
    for (const p of c[3]) bits |= p === "r" ? 4 : p === "w" ? 2 : 1;
    let mask = 0, val = 0;
    for (const w of who === "a" ? "ugo" : who) {
      const shift = w === "u" ? 6 : w === "g" ? 3 : 0;
      mask |= 7 << shift;
      val |= bits << shift;
    }
    // plain "+x" without who honours the umask (022) for w only; r and x go to everyone
    if (!c[1] && c[2] === "+") val &= ~0o022 | (bits & 1 ? 0o111 : 0) | (bits & 4 ? 0o444 : 0);
    m = c[2] === "+" ? m | val : c[2] === "-" ? m & ~val : (m & ~mask) | val;
  }
  return m;
}

/** busybox wget's options (networking/wget.c getopt32 "cqSO:o:P:Y:U:T:+t:n::" and its long options). */
export interface WgetArgs {
  urls: string[];
  quiet: boolean;
  /** -O: "-" is stdout */
  output?: string;
  /** -P */
  dir?: string;
  /** -T, seconds (busybox default 900) */
  timeoutS: number;
  spider: boolean;
  serverResponse: boolean;
}

const WGET_USAGE = "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...";

/**
 * Parse busybox wget's command line as getopt_long does: short options cluster (`-qO-`, `-T5`), an
 * option's argument is the rest of the cluster or the next word (`-O -`), operands may come first.
 * Returns the parsed options or the error busybox prints (usage on a bad option or no URL).
 */
export function parseWgetArgs(args: string[]): WgetArgs | { error: string } {
  const r: WgetArgs = { urls: [], quiet: false, timeoutS: 900, spider: false, serverResponse: false };
  const withArg = new Set(["O", "o", "P", "Y", "U", "T", "t"]);
  const longs: Record<string, string | null> = {
    continue: "c", quiet: "q", "server-response": "S", "output-document": "O", "output-file": "o", "directory-prefix": "P",
    proxy: "Y", "user-agent": "U", timeout: "T", tries: "t", header: "header", "post-data": "post-data", "post-file": "post-file",
    spider: "spider", "no-check-certificate": null, "no-verbose": null,
  };
  const set = (opt: string, val: string | undefined): string | null => {
    switch (opt) {
      case "q": r.quiet = true; break;
      case "S": r.serverResponse = true; break;
      case "O": r.output = val; break;
      case "P": r.dir = val; break;
      case "spider": r.spider = true; break;
      case "T": {
        if (!/^\d+$/.test(val ?? "")) return `wget: invalid number '${val ?? ""}'`;
        r.timeoutS = Number(val);
        break;
      }
    }
    return null;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") { r.urls.push(...args.slice(i + 1)); break; }
    if (a.startsWith("--")) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      if (!(name in longs)) return { error: `wget: unrecognized option '--${name}'\n${WGET_USAGE}` };
      const opt = longs[name];
      const takesArg = opt !== null && (withArg.has(opt) || opt === "header" || opt === "post-data" || opt === "post-file");
      let val = inline;
      if (takesArg && val === undefined) {
        if (i + 1 >= args.length) return { error: `wget: option '--${name}' requires an argument\n${WGET_USAGE}` };
        val = args[++i];
      }
      const e = opt ? set(opt, val) : null;
      if (e) return { error: e };
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === "n") break; // -n[ARG]: -nv, -nc, -nH, -np are accepted and ignored
        if (!"cqSOoPYUTt".includes(c)) return { error: `wget: invalid option -- '${c}'\n${WGET_USAGE}` };
        if (withArg.has(c)) {
          let val = a.slice(j + 1);
          if (!val) {
            if (i + 1 >= args.length) return { error: `wget: option requires an argument -- '${c}'\n${WGET_USAGE}` };
            val = args[++i];
          }
          const e = set(c, val);
          if (e) return { error: e };
          break;
        }
        set(c, undefined);
      }
      continue;
    }
    r.urls.push(a);
  }
  if (!r.urls.length) return { error: WGET_USAGE };
  return r;
}

function httpText(code: number): string {
  return ({ 200: "OK", 301: "Moved Permanently", 302: "Found", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable" } as Record<number, string>)[code] ?? "";
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** busybox `date` format: "Thu Jan  1 00:00:10 UTC 2026". */
export function goDate(virtualMs: number): string {
  const d = new Date(Date.UTC(2026, 0, 1) + virtualMs);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** Digits of pi (Machin's formula with BigInt), as `perl -Mbignum=bpi -wle 'print bpi(N)'` prints them. */
export function piDigits(n: number): string {
  const extra = 10n;
  const scale = 10n ** (BigInt(n) + extra);
  const arctanInv = (x: bigint) => {
    let sum = 0n, term = scale / x, k = 1n, sign = 1n;
    const x2 = x * x;
    while (term !== 0n) {
      sum += sign * (term / k);
      term /= x2;
      k += 2n;
      sign = -sign;
    }
    return sum;
  };
  const pi = 4n * (4n * arctanInv(5n) - arctanInv(239n));
  const s = (pi / 10n ** extra).toString();
  // bpi(N) gives N significant digits, rounded
  const digits = s.slice(0, n);
  return digits[0] + "." + digits.slice(1);
}
