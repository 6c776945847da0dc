// bash's `test` and `[` builtins (the node's shell is bash): file, string and integer checks joined by
// !, -a, -o and parentheses, with bash's error words and exit 2 for a malformed expression. Killercoda-style
// verify scripts and learners' one-liners use them (`[ -f /opt/backup.db ] && echo ok`).
// Source: bash builtins/test.def and test.c (posixtest for up to four arguments, then the full grammar).
import type { Command, ShellState } from "./types";
import { resolvePath } from "./vfs";

class TestError extends Error {}

const UNARY_FILE = new Set(["-e", "-f", "-d", "-s", "-r", "-w", "-x", "-L", "-h", "-a"]);
const UNARY_STR = new Set(["-n", "-z"]);
const BINARY = new Set(["=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef"]);

function fileTest(op: string, p: string, state: ShellState): boolean {
  const path = resolvePath(state.cwd, p, state.home);
  const isDir = state.fs.isDir(path), isFile = state.fs.isFile(path);
  switch (op) {
    case "-e": case "-a": case "-r": case "-w": return isDir || isFile;
    case "-f": return isFile;
    case "-d": return isDir;
    case "-x": return isDir;
    case "-s": {
      if (isDir) return true;
      const r = isFile ? state.fs.read(path) : null;
      return !!r?.ok && r.value.length > 0;
    }
    default: return false; // -L / -h: the simulated file system has no symbolic links
  }
}

function int(s: string, name: string): number {
  if (!/^\s*[-+]?\d+\s*$/.test(s)) throw new TestError(`${name}: ${s}: integer expression expected`);
  return Number(s);
}

function binary(a: string, op: string, b: string, name: string): boolean {
  switch (op) {
    case "=": case "==": return a === b;
    case "!=": return a !== b;
    case "<": return a < b;
    case ">": return a > b;
    case "-eq": return int(a, name) === int(b, name);
    case "-ne": return int(a, name) !== int(b, name);
    case "-lt": return int(a, name) < int(b, name);
    case "-le": return int(a, name) <= int(b, name);
    case "-gt": return int(a, name) > int(b, name);
    case "-ge": return int(a, name) >= int(b, name);
    default: return false; // -nt / -ot / -ef: no file times or inodes to compare
  }
}

/** Evaluates the arguments of `test` (without a closing `]`); throws TestError with bash's message. */
export function evalTest(args: string[], state: ShellState, name: string): boolean {
  let i = 0;
  const unary = (op: string, v: string) => (UNARY_STR.has(op) ? (op === "-n" ? v.length > 0 : v.length === 0) : fileTest(op, v, state));
  const isUnary = (t: string) => UNARY_FILE.has(t) || UNARY_STR.has(t);
  // posixtest: with up to three arguments the count decides, as in bash
  const n = args.length;
  if (n === 0) return false;
  if (n === 1) return args[0].length > 0;
  if (n === 2) {
    if (args[0] === "!") return args[1].length === 0;
    if (isUnary(args[0])) return unary(args[0], args[1]);
    throw new TestError(`${name}: ${args[0]}: unary operator expected`);
  }
  if (n === 3) {
    if (BINARY.has(args[1])) return binary(args[0], args[1], args[2], name);
    if (args[1] !== "-a" && args[1] !== "-o") {
      if (args[0] === "!") return !evalTest(args.slice(1), state, name);
      if (args[0] === "(" && args[2] === ")") return args[1].length > 0;
      throw new TestError(`${name}: ${args[1]}: binary operator expected`);
    }
  }
  if (n === 4 && args[0] === "!") return !evalTest(args.slice(1), state, name);
  if (n === 4 && args[0] === "(" && args[3] === ")") return evalTest(args.slice(1, 3), state, name);
  const or = (): boolean => {
    let v = and();
    while (args[i] === "-o") { i++; const r = and(); v = v || r; }
    return v;
  };
  const and = (): boolean => {
    let v = not();
    while (args[i] === "-a") { i++; const r = not(); v = v && r; }
    return v;
  };
  const not = (): boolean => {
    if (args[i] === "!") { i++; return !not(); }
    return primary();
  };
  const primary = (): boolean => {
    const t = args[i];
    if (t === undefined) throw new TestError(`${name}: argument expected`);
    if (t === "(") {
      i++;
      const v = or();
      if (args[i] !== ")") throw new TestError(`${name}: \`)' expected`);
      i++;
      return v;
    }
    if (BINARY.has(args[i + 1] ?? "") && args[i + 2] !== undefined) {
      i += 3;
      return binary(t, args[i - 2], args[i - 1], name);
    }
    if (isUnary(t) && args[i + 1] !== undefined) {
      i += 2;
      return unary(t, args[i - 1]);
    }
    i++;
    return t.length > 0;
  };
  const v = or();
  if (i < args.length) throw new TestError(`${name}: too many arguments`);
  return v;
}

function run(name: "test" | "["): Command {
  return (argv, io, state) => {
    let args = argv.slice(1);
    if (name === "[") {
      if (args[args.length - 1] !== "]") {
        io.err("bash: [: missing `]'\n");
        return 2;
      }
      args = args.slice(0, -1);
    }
    try {
      return evalTest(args, state, name) ? 0 : 1;
    } catch (e) {
      if (!(e instanceof TestError)) throw e;
      io.err(`bash: ${e.message}\n`);
      return 2;
    }
  };
}

/** `test EXPR` and `[ EXPR ]`. */
export const TEST_COMMANDS: Record<string, Command> = { test: run("test"), "[": run("[") };
