// bash's compound commands in the learner's shell: if/elif/else, while/until, for, `{ …; }` groups, and the
// `break`/`continue` builtins. The parser (parse.ts) builds them; shell.ts runs their lists and routes their
// redirections and pipes; this file holds the control flow and its bounds.
import { ArithError, evalArith } from "./arith";
import type { CompoundCommand, ListItem, Word } from "./parse";
import { checkStop } from "./stop";
import type { CmdIO, ShellState } from "./types";

/** A `for` runs over at most this many words (the shell's long-standing bound). */
export const MAX_FOR_WORDS = 500;
/** A while/until loop that is still going after this many turns ends as if the learner pressed Ctrl-C. */
export const MAX_LOOP_TURNS = 1000;
/**
 * ...or after this much virtual time (`while true; do kubectl get pods; sleep 5; done`), the bound kubectl's own
 * unbounded waits have (delete --wait, drain: 15 virtual minutes, then exit 130 with nothing more printed).
 */
export const MAX_LOOP_MS = 15 * 60_000;
/** The exit status of a command line ended as by Ctrl-C (128 + SIGINT). */
export const INTERRUPTED = 130;

type Jump = { kind: "break" | "continue"; n: number } | { kind: "interrupt" } | { kind: "exit" | "return"; code: number };
/** A function call: its positional parameters and the variables `local` saved (restored at its return). */
interface Frame {
  args: string[];
  locals: Map<string, string | undefined>;
}
interface LoopState {
  /** loops entered and not yet left */
  depth: number;
  /** a break/continue (or an interrupt) on its way out to the loop it names */
  jump: Jump | null;
  /** the input piped or redirected into the compound commands being run, innermost last, with how much `read` took */
  inputs: { text: string; pos: number }[];
  /** subshells entered and not yet left (`exit` inside one leaves only it) */
  subshells: number;
  /** function calls, innermost last */
  frames: Frame[];
}
const loops = new WeakMap<ShellState, LoopState>();
function loopState(state: ShellState): LoopState {
  let l = loops.get(state);
  if (!l) loops.set(state, (l = { depth: 0, jump: null, inputs: [], subshells: 0, frames: [] }));
  return l;
}

/** Whether a list must stop now (a break/continue/interrupt is pending): runList asks after each pipeline. */
export function jumpPending(state: ShellState): boolean {
  return loops.get(state)?.jump != null;
}

/** A new command line at the prompt: nothing pending from a line stopped part-way. */
export function resetLoops(state: ShellState): void {
  const l = loops.get(state);
  if (l) {
    l.depth = 0;
    l.jump = null;
    l.inputs = [];
    l.subshells = 0;
    l.frames = [];
  }
}

/** Takes a pending interrupt (the typed line's status becomes 130). */
export function takeInterrupt(state: ShellState): boolean {
  const l = loops.get(state);
  if (l?.jump?.kind !== "interrupt") return false;
  l.jump = null;
  return true;
}

/** What the shell gives compound commands: run a list, expand a word into fields, the virtual clock. */
export interface CompoundRunner {
  runList(items: ListItem[]): number;
  expand(w: Word): string[];
  /** a word expanded as in double quotes (no field splitting, no globbing) */
  expandText(w: Word): string;
  /** whether a case pattern matches the whole text: its unquoted parts are glob patterns, quoted parts literal */
  matches(pattern: Word, text: string): boolean;
  now(): number;
  err(s: string): void;
}

/** Run a compound command's control flow; its redirections are the caller's. Returns its exit status. */
export function runCompound(state: ShellState, c: CompoundCommand, r: CompoundRunner): number {
  switch (c.kind) {
    case "group":
      return r.runList(c.body);
    case "case": {
      const subject = r.expandText(c.word);
      // bash(1): "If no pattern matches, the return status is zero. Otherwise, the return status is the exit status of the last command executed"
      let status = 0;
      let fall = false;
      for (const item of c.items) {
        if (!fall && !item.patterns.some((p) => r.matches(p, subject))) continue;
        status = r.runList(item.body);
        if (jumpPending(state) || item.term === ";;") return status;
        fall = item.term === ";&";
      }
      return status;
    }
    case "subshell":
      return subshell(state, c.body, r);
    case "funcdef":
      if (!state.functions) state.functions = new Map();
      state.functions.set(c.name, c.body);
      return 0;
    case "arith": {
      // `(( expr ))`: an error is reported as `((: …` and is only this command's status 1 (bash 5.2 here)
      const text = r.expandText(c.expr);
      try {
        return evalArith(text, state.env) !== 0n ? 0 : 1;
      } catch (e) {
        if (!(e instanceof ArithError)) throw e;
        r.err(`bash: ((: ${e.message}\n`);
        return 1;
      }
    }
    case "if": {
      for (const clause of c.clauses) {
        const cond = r.runList(clause.cond);
        if (jumpPending(state)) return cond;
        if (cond === 0) return r.runList(clause.body);
      }
      // no branch taken and no else: status 0 (bash(1): "or zero if no condition tested true")
      return c.orElse ? r.runList(c.orElse) : 0;
    }
    case "for": {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(c.name)) {
        r.err(`bash: \`${c.name}': not a valid identifier\n`);
        return 1;
      }
      const values: string[] = [];
      for (const w of c.words) values.push(...r.expand(w));
      return loop(state, values.slice(0, MAX_FOR_WORDS).values(), (v) => state.env.set(c.name, v), () => true, c.body, r);
    }
    default: {
      const start = r.now();
      let turns = 0;
      const turn = function* () {
        for (;;) yield;
      };
      const go = () => {
        if (++turns > MAX_LOOP_TURNS || r.now() - start >= MAX_LOOP_MS) {
          loopState(state).jump = { kind: "interrupt" };
          return false;
        }
        const s = r.runList(c.cond);
        if (jumpPending(state)) return false;
        return c.kind === "while" ? s === 0 : s !== 0;
      };
      return loop(state, turn(), () => {}, go, c.body, r);
    }
  }
}

/**
 * `( list )`: the list runs in a copy of the shell (bash(1) "Compound Commands"): the directory, variables and
 * aliases it changes are put back afterwards; files it writes and the clusters it changes stay changed (as a
 * child process's would). Loops outside are not its own (`break` in it is "only meaningful in a loop"), `exit`
 * leaves only it, and an arithmetic error ends only it (status 1), as bash 5.2 does here.
 */
function subshell(state: ShellState, body: ListItem[], r: CompoundRunner): number {
  const l = loopState(state);
  const saved = { cwd: state.cwd, env: new Map(state.env), aliases: new Map(state.aliases), functions: new Map(state.functions), depth: l.depth };
  l.depth = 0;
  l.subshells++;
  try {
    const status = r.runList(body);
    const j = l.jump;
    if (j?.kind !== "exit") return status;
    l.jump = null;
    return j.code;
  } catch (e) {
    if (!(e instanceof ArithError)) throw e;
    r.err(`bash: ${e.message}\n`);
    return 1;
  } finally {
    l.subshells--;
    l.depth = saved.depth;
    state.cwd = saved.cwd;
    restore(state.env, saved.env);
    restore(state.aliases, saved.aliases);
    if (state.functions) restore(state.functions, saved.functions);
  }
}

function restore<K, V>(m: Map<K, V>, from: Map<K, V>): void {
  m.clear();
  for (const [k, v] of from) m.set(k, v);
}

/** `exit N` inside a subshell: leaves that subshell with status N (false at the top, where the caller exits). */
export function exitSubshell(state: ShellState, code: number): boolean {
  const l = loops.get(state);
  if (!l?.subshells) return false;
  l.jump = { kind: "exit", code };
  return true;
}

/**
 * Function calls nest at most this deep. bash has no bound of its own unless FUNCNEST is set (a runaway recursion
 * ends when bash runs out of stack); this shell stops with bash's FUNCNEST message instead.
 */
export const MAX_FUNC_DEPTH = 100;

/**
 * Calls a function (its body parsed by the caller): $1… $# $@ are `args` while it runs, `return [N]` leaves it,
 * `local` variables get their values back when it returns. Loops outside are not its own for break/continue.
 */
export function callFunction(state: ShellState, name: string, args: string[], run: () => number, err: (s: string) => void): number {
  const l = loopState(state);
  if (l.frames.length >= MAX_FUNC_DEPTH) {
    err(`bash: ${name}: maximum function nesting level exceeded (${MAX_FUNC_DEPTH})\n`);
    return 1;
  }
  const frame: Frame = { args, locals: new Map() };
  l.frames.push(frame);
  // the caller's loops are not the function's: `break` in it is "only meaningful in a loop" (bash 5.2 here)
  const loopDepth = l.depth;
  l.depth = 0;
  try {
    const status = run();
    const j = l.jump;
    if (j?.kind !== "return") return status;
    l.jump = null;
    return j.code;
  } finally {
    l.depth = loopDepth;
    l.frames.pop();
    for (const [k, v] of frame.locals) {
      if (v === undefined) state.env.delete(k);
      else state.env.set(k, v);
    }
  }
}

/** $1…$9, $# and $@/$* inside a function (undefined outside one: the caller answers as before). */
export function positional(state: ShellState, name: string): string | undefined {
  const f = loops.get(state)?.frames.at(-1);
  if (!f) return undefined;
  if (name === "#") return String(f.args.length);
  if (name === "@" || name === "*") return f.args.join(" ");
  return f.args[Number(name) - 1] ?? "";
}

/** The arguments of the innermost function call (undefined outside one). */
export function positionalArgs(state: ShellState): string[] | undefined {
  return loops.get(state)?.frames.at(-1)?.args;
}

/** `return [N]` (builtins/return.def): outside a function bash says so, status 2 (bash 5.2 here). */
export function returnBuiltin(argv: string[], io: CmdIO, state: ShellState): number {
  const l = loopState(state);
  if (argv[1] !== undefined && !/^-?[0-9]+$/.test(argv[1])) {
    io.err(`bash: return: ${argv[1]}: numeric argument required\n`);
    if (l.frames.length) l.jump = { kind: "return", code: 2 };
    return 2;
  }
  const code = argv[1] === undefined ? state.lastExit : ((Number(argv[1]) % 256) + 256) % 256;
  if (!l.frames.length) {
    io.err("bash: return: can only `return' from a function or sourced script\n");
    return 2;
  }
  l.jump = { kind: "return", code };
  return code;
}

/** `local NAME[=VALUE]…`: the variable gets its value back when the function returns. */
export function localBuiltin(argv: string[], io: CmdIO, state: ShellState): number {
  const f = loops.get(state)?.frames.at(-1);
  if (!f) {
    io.err("bash: local: can only be used in a function\n");
    return 1;
  }
  let code = 0;
  for (const a of argv.slice(1)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=([\s\S]*))?$/.exec(a);
    if (!m) {
      io.err(`bash: local: \`${a}': not a valid identifier\n`);
      code = 1;
      continue;
    }
    if (!f.locals.has(m[1])) f.locals.set(m[1], state.env.get(m[1]));
    if (m[2] !== undefined) state.env.set(m[1], m[2]);
    else if (!state.env.has(m[1])) state.env.set(m[1], "");
  }
  return code;
}

/** The shared loop: each turn asks `go` (the while/until condition), runs the body, and takes break/continue. */
function loop<T>(state: ShellState, turns: Iterator<T>, bind: (v: T) => void, go: () => boolean, body: ListItem[], r: CompoundRunner): number {
  const l = loopState(state);
  l.depth++;
  // bash(1): "the exit status of the last command executed in the body, or zero if none was executed"
  let status = 0;
  try {
    for (let t = turns.next(); !t.done; t = turns.next()) {
      checkStop(state);
      bind(t.value);
      if (!go()) break;
      status = r.runList(body);
      const j = l.jump;
      if (!j) continue;
      if (j.kind !== "break" && j.kind !== "continue") break;
      if (j.n > 1) {
        j.n--;
        break;
      }
      l.jump = null;
      if (j.kind === "break") break;
    }
  } finally {
    l.depth--;
  }
  return l.jump?.kind === "interrupt" ? INTERRUPTED : status;
}

/**
 * `break [N]` / `continue [N]`: leave (or go on with) the N-th enclosing loop; N beyond the loops there are means
 * the outermost. Outside a loop bash says so and goes on with status 0; messages as bash 5.2 prints them.
 */
export function loopBuiltin(argv: string[], io: CmdIO, state: ShellState): number {
  const name = argv[0] as "break" | "continue";
  const l = loopState(state);
  let n = 1;
  if (argv[1] !== undefined) {
    if (!/^-?[0-9]+$/.test(argv[1])) {
      io.err(`bash: ${name}: ${argv[1]}: numeric argument required\n`);
      if (l.depth) l.jump = { kind: "break", n: l.depth };
      return 128;
    }
    n = Number(argv[1]);
    if (n < 1) {
      // builtins/break.def: sh_erange, then it leaves every loop (breaking = loop_level)
      io.err(`bash: ${name}: ${argv[1]}: loop count out of range\n`);
      if (l.depth) l.jump = { kind: "break", n: l.depth };
      return 1;
    }
  }
  if (!l.depth) {
    io.err(`bash: ${name}: only meaningful in a \`for', \`while', or \`until' loop\n`);
    return 0;
  }
  l.jump = { kind: name, n: Math.min(n, l.depth) };
  return 0;
}

/** Runs fn with `text` as the input of a compound command (`… | while read l; do …; done`, `done < file`). */
export function withInput<T>(state: ShellState, text: string, fn: () => T): T {
  const l = loopState(state);
  l.inputs.push({ text, pos: 0 });
  try {
    return fn();
  } finally {
    l.inputs.pop();
  }
}

/**
 * bash's `read [-r] [NAME…]` (builtins/read.def): one line from its own stdin (`read x < f`), else from the
 * input of the compound command it runs in; split on blanks, the last NAME takes the rest; without -r a
 * backslash escapes the next character. Status 1 at the end of input, also for a last line without its
 * newline (so `while read` skips it, as bash does). Other commands inside a loop do not read its input.
 */
export function readBuiltin(argv: string[], io: CmdIO, state: ShellState): number {
  let raw = false;
  const names: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-r") raw = true;
    else if (a === "-p" || a === "-t" || a === "-n" || a === "-d" || a === "-u") i++; // no terminal: no prompt, no timeout
    else if (a === "-s") continue;
    else if (a.startsWith("-") && names.length === 0) {
      io.err(`bash: read: ${a}: invalid option\nread: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n`);
      return 2;
    } else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(a)) {
      io.err(`bash: read: \`${a}': not a valid identifier\n`);
      return 1;
    } else names.push(a);
  }
  const inputs = loopState(state).inputs;
  const src = io.stdin !== "" || !inputs.length ? { text: io.stdin, pos: 0 } : inputs[inputs.length - 1];
  let line = "";
  let ended = true;
  while (src.pos < src.text.length) {
    const c = src.text[src.pos++];
    if (c === "\\" && !raw && src.pos < src.text.length) {
      const d = src.text[src.pos++];
      if (d !== "\n") line += d;
      continue;
    }
    if (c === "\n") {
      ended = false;
      break;
    }
    line += c;
  }
  if (!names.length) state.env.set("REPLY", line);
  else {
    let rest = line.replace(/^[ \t]+|[ \t]+$/g, "");
    names.forEach((n, k) => {
      if (k === names.length - 1) return state.env.set(n, rest);
      const m = /^([^ \t]*)[ \t]*/.exec(rest)!;
      state.env.set(n, m[1]);
      rest = rest.slice(m[0].length);
    });
  }
  return ended ? 1 : 0;
}

/** coreutils `seq [FIRST [INCREMENT]] LAST` for integers (the loops' `for i in $(seq 1 5)`), at most 10,000 numbers. */
export function seq(argv: string[], io: CmdIO): number {
  const args = argv.slice(1);
  const bad = args.find((a) => !/^[+-]?[0-9]+$/.test(a));
  if (!args.length || args.length > 3 || bad !== undefined) {
    if (bad !== undefined) io.err(`seq: invalid floating point argument: '${bad}'\nTry 'seq --help' for more information.\n`);
    else io.err(args.length ? `seq: extra operand '${args[3]}'\nTry 'seq --help' for more information.\n` : "seq: missing operand\nTry 'seq --help' for more information.\n");
    return 1;
  }
  const [first, inc, last] = args.length === 1 ? [1, 1, Number(args[0])] : args.length === 2 ? [Number(args[0]), 1, Number(args[1])] : args.map(Number);
  if (inc === 0) {
    io.err(`seq: invalid Zero increment value: '${args[1]}'\nTry 'seq --help' for more information.\n`);
    return 1;
  }
  const out: number[] = [];
  for (let v = first; (inc > 0 ? v <= last : v >= last) && out.length < 10_000; v += inc) out.push(v);
  io.out(out.length ? out.join("\n") + "\n" : "");
  return 0;
}

/** bash's `let EXPR…` (builtins/let.def): each argument evaluated in turn; status 0 when the last is non-zero. */
export function letBuiltin(argv: string[], io: CmdIO, state: ShellState): number {
  if (argv.length < 2) {
    io.err("bash: let: expression expected\n");
    return 1;
  }
  let v = 0n;
  for (const a of argv.slice(1)) {
    try {
      v = evalArith(a, state.env);
    } catch (e) {
      if (!(e instanceof ArithError)) throw e;
      io.err(`bash: let: ${e.message}\n`);
      return 1;
    }
  }
  return v !== 0n ? 0 : 1;
}
