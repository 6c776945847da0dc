// Text utilities learners pipe kubectl output into: grep, head, tail, wc, sort, uniq, awk,
// cut, tr, sed (s///), base64, echo, cat, ls and friends. Each returns an exit code.
import { b64decode, b64encode } from "../base64";
import { compileRegex, type ShellRegex } from "./regex";
import { stopEvery } from "./stop";
import type { Command, CmdIO, ShellState } from "./types";
import { TEST_COMMANDS } from "./test-cmd";
import { baseName, parentOf, resolvePath } from "./vfs";

/** Resolve a path typed in the shell against its working and home directories. */
export function abs(state: ShellState, p: string): string {
  return resolvePath(state.cwd, p, state.home);
}

function readInputs(name: string, files: string[], io: CmdIO, state: ShellState): { text: string; ok: boolean; perFile: { name: string; text: string }[] } {
  if (files.length === 0 || (files.length === 1 && files[0] === "-")) return { text: io.stdin, ok: true, perFile: [{ name: "", text: io.stdin }] };
  let ok = true;
  let text = "";
  const perFile: { name: string; text: string }[] = [];
  for (const f of files) {
    if (f === "-") {
      text += io.stdin;
      perFile.push({ name: f, text: io.stdin });
      continue;
    }
    const r = state.fs.read(abs(state, f));
    if (!r.ok) {
      io.err(`${name}: ${f}: ${r.error.slice(r.error.indexOf(": ") + 2)}\n`);
      ok = false;
      continue;
    }
    text += r.value;
    perFile.push({ name: f, text: r.value });
  }
  return { text, ok, perFile };
}

function lines(text: string): string[] {
  if (text === "") return [];
  const ls = text.split("\n");
  if (ls[ls.length - 1] === "") ls.pop();
  return ls;
}

const echo: Command = (argv, io) => {
  let args = argv.slice(1);
  let newline = true;
  let escapes = false;
  while (args.length && /^-[neE]+$/.test(args[0])) {
    if (args[0].includes("n")) newline = false;
    if (args[0].includes("e")) escapes = true;
    if (args[0].includes("E")) escapes = false;
    args = args.slice(1);
  }
  let s = args.join(" ");
  if (escapes) s = s.replace(/\\n/g, "\n").replace(/\\t/g, "\t").replace(/\\\\/g, "\\");
  io.out(s + (newline ? "\n" : ""));
  return 0;
};

const cat: Command = (argv, io, state) => {
  const files = argv.slice(1).filter((a) => a !== "-n");
  const number = argv.includes("-n");
  if (files.length === 0) {
    io.out(io.stdin);
    return 0;
  }
  let code = 0;
  for (const f of files) {
    if (f === "-") {
      io.out(io.stdin);
      continue;
    }
    const r = state.fs.read(abs(state, f));
    if (!r.ok) {
      io.err(`cat: ${f}: ${r.error.includes("Is a directory") ? "Is a directory" : "No such file or directory"}\n`);
      code = 1;
      continue;
    }
    if (number) io.out(lines(r.value).map((l, i) => `${String(i + 1).padStart(6)}\t${l}`).join("\n") + (r.value ? "\n" : ""));
    else io.out(r.value);
  }
  return code;
};

const ls: Command = (argv, io, state) => {
  const flags = argv.slice(1).filter((a) => a.startsWith("-") && a !== "-").join("");
  const long = flags.includes("l");
  const all = flags.includes("a");
  const targets = argv.slice(1).filter((a) => !a.startsWith("-"));
  if (targets.length === 0) targets.push(".");
  let code = 0;
  const fileOut: string[] = [];
  const dirOut: string[] = [];
  const fmt = (p: string, name: string) => {
    if (!long) return name;
    const dir = state.fs.isDir(p);
    const size = dir ? 4096 : state.fs.size(p);
    return `${dir ? "drwxr-xr-x" : "-rw-r--r--"} 1 ${state.user} ${state.user} ${String(size).padStart(5)} Jan  1 00:00 ${name}`;
  };
  for (const t of targets) {
    const p = abs(state, t);
    if (!state.fs.exists(p)) {
      io.err(`ls: cannot access '${t}': No such file or directory\n`);
      code = 2;
      continue;
    }
    if (!state.fs.isDir(p)) {
      fileOut.push(fmt(p, t));
      continue;
    }
    let names = state.fs.list(p);
    if (!all) names = names.filter((n) => !n.startsWith("."));
    else names = [".", "..", ...names];
    const entries = names.map((n) => fmt(n === "." ? p : n === ".." ? parentOf(p) : (p === "/" ? "" : p) + "/" + n, n));
    const header = targets.length > 1 ? `${t}:\n` : "";
    const body = long ? [`total ${names.length * 4}`, ...entries].join("\n") + "\n" : entries.length ? entries.join(long ? "\n" : "  ") + "\n" : "";
    dirOut.push(header + body);
  }
  if (fileOut.length) io.out(fileOut.join(long ? "\n" : "  ") + "\n");
  io.out(dirOut.join("\n"));
  return code;
};

function parseCount(arg: string | undefined, def: number): number | null {
  if (arg === undefined) return def;
  const n = Number(arg.replace(/^[+-]/, ""));
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : null;
}

/**
 * GNU head/tail: -n N / -N / --lines=N (head -n -N: all but the last N; tail -n +N: from line N), -c N / --bytes=N
 * (head -c -N: all but the last N bytes; tail -c +N: from byte N); counts are bytes of the UTF-8 text.
 */
function headTail(which: "head" | "tail"): Command {
  return (argv, io, state) => {
    let n = 10;
    let bytes = false;
    let sign = "";
    const files: string[] = [];
    for (let i = 1; i < argv.length; i++) {
      const a = argv[i];
      let v: string | undefined;
      let byteCount = false;
      if (a === "-n" || a === "--lines") v = argv[++i];
      else if (a.startsWith("--lines=")) v = a.slice(8);
      else if (a === "-c" || a === "--bytes") {
        v = argv[++i];
        byteCount = true;
      } else if (a.startsWith("--bytes=")) {
        v = a.slice(8);
        byteCount = true;
      } else if (/^-[0-9]+$/.test(a)) v = a.slice(1);
      else if (/^-[nc]./.test(a)) {
        v = a.slice(2);
        byteCount = a[1] === "c";
      }
      else if (a === "-f" || a === "-F" || a === "-q") continue;
      else if (a.startsWith("-") && a !== "-") {
        io.err(`${which}: invalid option -- '${a.slice(1)}'\nTry '${which} --help' for more information.\n`);
        return 1;
      } else {
        files.push(a);
        continue;
      }
      const what = byteCount ? "bytes" : "lines";
      if (v === undefined) {
        io.err(`${which}: option requires an argument -- '${byteCount ? "c" : "n"}'\nTry '${which} --help' for more information.\n`);
        return 1;
      }
      const c = parseCount(v, 10);
      if (c === null) {
        io.err(`${which}: invalid number of ${what}: '${v}'\n`);
        return 1;
      }
      n = c;
      bytes = byteCount;
      sign = /^[+-]/.test(v) ? v[0] : "";
    }
    const inp = readInputs(which, files, io, state);
    if (bytes) {
      const b = new TextEncoder().encode(inp.text);
      let sel: Uint8Array;
      if (which === "head") sel = sign === "-" ? b.subarray(0, Math.max(0, b.length - n)) : b.subarray(0, n);
      else if (sign === "+") sel = b.subarray(Math.max(0, n - 1));
      else sel = n === 0 ? b.subarray(b.length) : b.subarray(Math.max(0, b.length - n));
      io.out(new TextDecoder().decode(sel));
      return inp.ok ? 0 : 1;
    }
    const ls = lines(inp.text);
    let sel: string[];
    if (which === "head") sel = sign === "-" ? ls.slice(0, Math.max(0, ls.length - n)) : ls.slice(0, n);
    else if (sign === "+") sel = ls.slice(Math.max(0, n - 1));
    else sel = n === 0 ? [] : ls.slice(-n);
    io.out(sel.map((l) => l + "\n").join(""));
    return inp.ok ? 0 : 1;
  };
}

const wc: Command = (argv, io, state) => {
  const flags = argv.slice(1).filter((a) => a.startsWith("-") && a !== "-").join("");
  const files = argv.slice(1).filter((a) => !a.startsWith("-") || a === "-");
  const inp = readInputs("wc", files, io, state);
  const rows: string[] = [];
  const want = { l: flags.includes("l"), w: flags.includes("w"), c: flags.includes("c") || flags.includes("m") };
  if (!want.l && !want.w && !want.c) {
    want.l = want.w = want.c = true;
  }
  const single = [want.l, want.w, want.c].filter(Boolean).length === 1;
  for (const f of inp.perFile) {
    const nl = (f.text.match(/\n/g) ?? []).length;
    const nw = f.text.split(/\s+/).filter(Boolean).length;
    const nc = new TextEncoder().encode(f.text).length;
    const nums = [want.l ? nl : null, want.w ? nw : null, want.c ? nc : null].filter((x) => x !== null) as number[];
    const width = single && files.length === 0 ? 0 : Math.max(1, ...nums.map((x) => String(x).length));
    const s = nums.map((x) => String(x).padStart(files.length === 0 && !single ? 7 : width)).join(" ");
    rows.push(f.name ? `${s} ${f.name}` : s);
  }
  io.out(rows.join("\n") + "\n");
  return inp.ok ? 0 : 1;
};

const sort: Command = (argv, io, state) => {
  let reverse = false;
  let numeric = false;
  let unique = false;
  let key: number | null = null;
  let sep: string | null = null;
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-k") key = parseInt(argv[++i] ?? "1", 10);
    else if (a.startsWith("-k")) key = parseInt(a.slice(2), 10);
    else if (a === "-t") sep = argv[++i] ?? null;
    else if (a.startsWith("-t")) sep = a.slice(2);
    else if (a.startsWith("-") && a.length > 1) {
      if (a.includes("r")) reverse = true;
      if (a.includes("n") || a.includes("h")) numeric = true;
      if (a.includes("u")) unique = true;
    } else files.push(a);
  }
  const inp = readInputs("sort", files, io, state);
  let ls = lines(inp.text);
  const keyOf = (l: string) => {
    if (key === null || !Number.isFinite(key)) return l;
    const parts = sep ? l.split(sep) : l.trim().split(/\s+/);
    return parts.slice(key - 1).join(sep ?? " ");
  };
  const num = (s: string) => {
    const m = /^\s*(-?[0-9.]+)([KMGTkmgt]i?)?/.exec(s);
    if (!m) return 0;
    const mult: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9, t: 1e12, ki: 1024, mi: 1024 ** 2, gi: 1024 ** 3, ti: 1024 ** 4 };
    return parseFloat(m[1]) * (m[2] ? (mult[m[2].toLowerCase()] ?? 1) : 1);
  };
  ls = [...ls].sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    const c = numeric ? num(ka) - num(kb) || (a < b ? -1 : a > b ? 1 : 0) : ka < kb ? -1 : ka > kb ? 1 : 0;
    return reverse ? -c : c;
  });
  if (unique) ls = ls.filter((l, i) => i === 0 || l !== ls[i - 1]);
  io.out(ls.map((l) => l + "\n").join(""));
  return inp.ok ? 0 : 2;
};

const uniq: Command = (argv, io, state) => {
  const count = argv.includes("-c");
  const files = argv.slice(1).filter((a) => !a.startsWith("-"));
  const inp = readInputs("uniq", files, io, state);
  const ls = lines(inp.text);
  const out: [string, number][] = [];
  for (const l of ls) {
    if (out.length && out[out.length - 1][0] === l) out[out.length - 1][1]++;
    else out.push([l, 1]);
  }
  io.out(out.map(([l, c]) => (count ? `${String(c).padStart(7)} ${l}` : l) + "\n").join(""));
  return 0;
};

const grep: Command = (argv, io, state) => {
  let ignoreCase = false;
  let invert = false;
  let count = false;
  let lineNo = false;
  let onlyMatch = false;
  let word = false;
  let quiet = false;
  let fixed = false;
  let listFiles = false;
  let wholeLine = false;
  let maxCount = Infinity;
  /** -m NUM / --max-count=NUM: stop reading a file after NUM selected lines (its trailing context still printed;
   * GNU grep's max_count in grep.c); a negative count means no limit (grep 3.8 NEWS); 2 on a bad value. */
  const setMaxCount = (v: string | undefined): number => {
    if (v === undefined) {
      io.err("grep: option requires an argument -- 'm'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
      return 2;
    }
    if (!/^-?[0-9]+$/.test(v)) {
      io.err("grep: invalid max count\n");
      return 2;
    }
    maxCount = Number(v) < 0 ? Infinity : Number(v);
    return 0;
  };
  let after = 0;
  let before = 0;
  const patterns: string[] = [];
  const files: string[] = [];
  let patternSet = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      // end of options: the pattern, unless -e gave one, then the files
      const rest = argv.slice(i + 1);
      if (!patternSet && rest.length) {
        patterns.push(rest.shift()!);
        patternSet = true;
      }
      files.push(...rest);
      break;
    }
    if (a === "-e") {
      patterns.push(argv[++i] ?? "");
      patternSet = true;
    } else if (a === "-A" || a === "-B" || a === "-C") {
      const v = parseInt(argv[++i] ?? "0", 10) || 0;
      if (a !== "-B") after = v;
      if (a !== "-A") before = v;
    } else if (/^-[ABC][0-9]+$/.test(a)) {
      const v = parseInt(a.slice(2), 10);
      if (a[1] !== "B") after = v;
      if (a[1] !== "A") before = v;
    } else if (a === "--color" || a.startsWith("--color=")) {
      continue;
    } else if (a === "--max-count" || a.startsWith("--max-count=")) {
      const bad = setMaxCount(a === "--max-count" ? argv[++i] : a.slice(12));
      if (bad) return bad;
    } else if (a.startsWith("-") && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const f = a[k];
        if (f === "m") {
          // getopt: the rest of this word, else the next word, is the count
          const bad = setMaxCount(k + 1 < a.length ? a.slice(k + 1) : argv[++i]);
          if (bad) return bad;
          break;
        }
        if (f === "i") ignoreCase = true;
        else if (f === "v") invert = true;
        else if (f === "c") count = true;
        else if (f === "n") lineNo = true;
        else if (f === "o") onlyMatch = true;
        else if (f === "w") word = true;
        else if (f === "q") quiet = true;
        else if (f === "E" || f === "P") fixed = false;
        else if (f === "F") fixed = true;
        else if (f === "l") listFiles = true;
        else if (f === "x") wholeLine = true;
        else if (f === "r" || f === "s" || f === "h" || f === "H") continue;
        else {
          io.err(`grep: invalid option -- '${f}'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n`);
          return 2;
        }
      }
    } else if (!patternSet) {
      patterns.push(a);
      patternSet = true;
    } else files.push(a);
  }
  if (!patternSet) {
    io.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
    return 2;
  }
  const srcs = patterns.flatMap((p) => p.split("\n")).map((p) => {
    let s = fixed ? p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : basicToExtended(p);
    // -x: the whole line must match (GNU grep's match_lines, which wins over -w's match_words)
    if (wholeLine) s = `^(?:${s})$`;
    else if (word) s = `\\b(?:${s})\\b`;
    return s;
  });
  const compiled = compileRegex(srcs.join("|"), { ignoreCase });
  if (!compiled.ok) {
    io.err(`grep: ${compiled.error}\n`);
    return 2;
  }
  const re = compiled.re;
  const tick = stopEvery(state);
  const inp = readInputs("grep", files, io, state);
  let total = 0;
  const multi = inp.perFile.length > 1;
  for (const f of inp.perFile) {
    const ls = lines(f.text);
    let n = 0;
    const outLines: string[] = [];
    let lastPrinted = -1;
    let afterLeft = 0;
    for (let idx = 0; idx < ls.length; idx++) {
      const l = ls[idx];
      tick();
      // after the NUM-th selected line, only its trailing context is still read
      if (n >= maxCount && afterLeft === 0) break;
      const m = re.test(l);
      const hit = m !== invert && n < maxCount;
      const prefix = (multi ? f.name + ":" : "") + (lineNo ? `${idx + 1}:` : "");
      if (hit) {
        n++;
        if (before > 0) {
          for (let b = Math.max(lastPrinted + 1, idx - before); b < idx; b++) outLines.push((multi ? f.name + "-" : "") + (lineNo ? `${b + 1}-` : "") + ls[b]);
        }
        if (onlyMatch && !invert) {
          for (const mm of re.matches(l)) outLines.push(prefix + mm);
        } else outLines.push(prefix + l);
        lastPrinted = idx;
        afterLeft = after;
      } else if (afterLeft > 0) {
        outLines.push((multi ? f.name + "-" : "") + (lineNo ? `${idx + 1}-` : "") + l);
        lastPrinted = idx;
        afterLeft--;
      }
    }
    total += n;
    if (quiet) continue;
    if (listFiles) {
      if (n) io.out(f.name + "\n");
    } else if (count) io.out((multi ? f.name + ":" : "") + n + "\n");
    else io.out(outLines.map((l) => l + "\n").join(""));
  }
  if (!inp.ok) return 2;
  return total > 0 ? 0 : 1;
};

/** Translate the few BRE spellings learners use (\| alternation) into JS regex syntax. */
function basicToExtended(p: string): string {
  return p.replace(/\\\|/g, "|").replace(/\\\(/g, "(").replace(/\\\)/g, ")");
}

const awk: Command = (argv, io, state) => {
  let sep: string | null = null;
  let prog: string | null = null;
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-F") sep = argv[++i] ?? " ";
    else if (a.startsWith("-F")) sep = a.slice(2);
    else if (prog === null) prog = a;
    else files.push(a);
  }
  if (prog === null) {
    io.err("usage: awk [-F fs][-v var=value][prog | -f progfile][file ...]\n");
    return 2;
  }
  // Supported: [/regex/ | NR>N | $N=="x"] { print $1, $2 ... } ; NR ; NF
  const m = /^\s*(?:(\/(?:[^/\\]|\\.)*\/|NR\s*[><=!]=?\s*[0-9]+|\$[0-9]+\s*[=!]=\s*"[^"]*")\s*)?(?:\{\s*print\s*([^}]*)\}\s*)?$/.exec(prog);
  if (!m || (!m[1] && m[2] === undefined)) {
    io.err(`awk: syntax error in program (only "{print $N, ...}" with an optional /regex/ or NR condition is supported)\n`);
    return 2;
  }
  const cond = m[1];
  const printExpr = m[2] === undefined ? "$0" : m[2].trim() || "$0";
  const inp = readInputs("awk", files, io, state);
  const ls = lines(inp.text);
  const out: string[] = [];
  const tick = stopEvery(state);
  // awk's field separator and /regex/ condition: RE2 as well (a bad one matches nothing, as before)
  const sepRe = sep !== null && sep !== " " && sep.length > 1 ? compileRegex(sep) : null;
  const condRe = cond?.startsWith("/") ? compileRegex(cond.slice(1, -1)) : null;
  ls.forEach((l, idx) => {
    tick();
    const fields = sep === null || sep === " " ? l.trim().split(/\s+/).filter((x) => x !== "") : sep.length === 1 ? l.split(sep) : sepRe?.ok ? sepRe.re.split(l) : [l];
    const field = (n: number) => (n === 0 ? l : (fields[n - 1] ?? ""));
    if (cond) {
      if (cond.startsWith("/")) {
        if (!condRe?.ok || !condRe.re.test(l)) return;
      } else if (cond.startsWith("NR")) {
        const cm = /NR\s*([><=!]=?)\s*([0-9]+)/.exec(cond)!;
        const v = Number(cm[2]);
        const nr = idx + 1;
        const ok = cm[1] === ">" ? nr > v : cm[1] === "<" ? nr < v : cm[1] === ">=" ? nr >= v : cm[1] === "<=" ? nr <= v : cm[1] === "!=" ? nr !== v : nr === v;
        if (!ok) return;
      } else {
        const cm = /\$([0-9]+)\s*([=!]=)\s*"([^"]*)"/.exec(cond)!;
        const eq = field(Number(cm[1])) === cm[3];
        if (eq !== (cm[2] === "==")) return;
      }
    }
    const parts: string[] = [];
    const tokens = printExpr.match(/"(?:[^"\\]|\\.)*"|\$\(?NF(?:-[0-9]+)?\)?|\$[0-9]+|NR|NF|,|[^\s,]+/g) ?? [];
    let cur = "";
    for (const t of tokens) {
      if (t === ",") {
        parts.push(cur);
        cur = "";
      } else if (t.startsWith('"')) cur += t.slice(1, -1).replace(/\\t/g, "\t").replace(/\\n/g, "\n");
      else if (t === "NR") cur += String(idx + 1);
      else if (t === "NF") cur += String(fields.length);
      else if (t.startsWith("$") && t.includes("NF")) {
        const off = /-([0-9]+)/.exec(t);
        cur += field(fields.length - (off ? Number(off[1]) : 0));
      } else if (t.startsWith("$")) cur += field(Number(t.slice(1)));
      else cur += t;
    }
    parts.push(cur);
    out.push(parts.join(" "));
  });
  io.out(out.map((l) => l + "\n").join(""));
  return inp.ok ? 0 : 2;
};

const cut: Command = (argv, io, state) => {
  let delim = "\t";
  let fields: string | null = null;
  let chars: string | null = null;
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-d") delim = argv[++i] ?? "\t";
    else if (a.startsWith("-d")) delim = a.slice(2);
    else if (a === "-f") fields = argv[++i] ?? null;
    else if (a.startsWith("-f")) fields = a.slice(2);
    else if (a === "-c") chars = argv[++i] ?? null;
    else if (a.startsWith("-c")) chars = a.slice(2);
    else files.push(a);
  }
  const spec = fields ?? chars;
  if (!spec) {
    io.err("cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n");
    return 1;
  }
  const want = (n: number) =>
    spec.split(",").some((p) => {
      const [a, b] = p.split("-");
      if (!p.includes("-")) return Number(a) === n;
      return n >= (a ? Number(a) : 1) && n <= (b ? Number(b) : Infinity);
    });
  const inp = readInputs("cut", files, io, state);
  const out = lines(inp.text).map((l) => {
    if (chars) return [...l].filter((_, i) => want(i + 1)).join("");
    if (!l.includes(delim)) return l;
    return l
      .split(delim)
      .filter((_, i) => want(i + 1))
      .join(delim);
  });
  io.out(out.map((l) => l + "\n").join(""));
  return inp.ok ? 0 : 1;
};

const tr: Command = (argv, io) => {
  const del = argv[1] === "-d";
  const args = argv.slice(del ? 2 : 1);
  const expand = (s: string) => s.replace(/\\n/g, "\n").replace(/\\t/g, "\t").replace(/([a-zA-Z0-9])-([a-zA-Z0-9])/g, (_, a: string, b: string) => {
    let r = "";
    for (let c = a.charCodeAt(0); c <= b.charCodeAt(0); c++) r += String.fromCharCode(c);
    return r;
  }).replace(/\[:upper:\]/g, "ABCDEFGHIJKLMNOPQRSTUVWXYZ").replace(/\[:lower:\]/g, "abcdefghijklmnopqrstuvwxyz");
  const from = expand(args[0] ?? "");
  const to = expand(args[1] ?? "");
  let s = "";
  for (const ch of io.stdin) {
    const k = from.indexOf(ch);
    if (k < 0) s += ch;
    else if (!del) s += to[Math.min(k, to.length - 1)] ?? "";
  }
  io.out(s);
  return 0;
};

const sed: Command = (argv, io, state) => {
  let inPlace = false;
  let quietN = false;
  const scripts: string[] = [];
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-i" || a.startsWith("-i")) inPlace = true;
    else if (a === "-e") scripts.push(argv[++i] ?? "");
    else if (a === "-n") quietN = true;
    else if (a === "-E" || a === "-r") continue;
    else if (scripts.length === 0) scripts.push(a);
    else files.push(a);
  }
  // a small sed: [addr[,addr]]{s/re/rep/flags | d | p}; addr = N | $ | /re/
  type Addr = { n?: number; last?: boolean; re?: ShellRegex };
  interface SedCmd {
    a1?: Addr;
    a2?: Addr;
    op: "s" | "d" | "p";
    re?: ShellRegex;
    global?: boolean;
    rep?: string;
    printAfter?: boolean;
    active?: boolean;
  }
  const cmds: SedCmd[] = [];
  const bad = (sc: string) => {
    io.err(`sed: -e expression #1, char ${sc.length}: unknown command (supported: s///, d, p with N, $ or /re/ addresses)\n`);
    return 1;
  };
  // GNU sed names the script position after the bad regex: `sed: -e expression #1, char 7: Unmatched ( or \(`
  const badRegex = (at: number, error: string) => {
    io.err(`sed: -e expression #1, char ${at}: ${error}\n`);
    return 1;
  };
  for (const sc of scripts) {
    let i = 0;
    let reError: string | null = null;
    const readUntil = (delim: string): string | null => {
      let out = "";
      while (i < sc.length && sc[i] !== delim) {
        if (sc[i] === "\\" && i + 1 < sc.length) {
          out += sc[i + 1] === delim ? sc[i + 1] : sc[i] + sc[i + 1];
          i += 2;
        } else out += sc[i++];
      }
      if (i >= sc.length) return null;
      i++;
      return out;
    };
    const readAddr = (): Addr | null | undefined => {
      if (/[0-9]/.test(sc[i] ?? "")) {
        const m = /^[0-9]+/.exec(sc.slice(i))![0];
        i += m.length;
        return { n: Number(m) };
      }
      if (sc[i] === "$") {
        i++;
        return { last: true };
      }
      if (sc[i] === "/") {
        i++;
        const pat = readUntil("/");
        if (pat === null) return null;
        const c = compileRegex(basicToExtended(pat));
        if (c.ok) return { re: c.re };
        reError = c.error;
        return null;
      }
      return undefined;
    };
    while (i < sc.length) {
      const c = sc[i];
      if (c === ";" || c === " " || c === "\n") {
        i++;
        continue;
      }
      const cmd: SedCmd = { op: "p" };
      const a1 = readAddr();
      if (reError) return badRegex(i, reError);
      if (a1 === null) return bad(sc);
      if (a1) {
        cmd.a1 = a1;
        if (sc[i] === ",") {
          i++;
          const a2 = readAddr();
          if (reError) return badRegex(i, reError);
          if (!a2) return bad(sc);
          cmd.a2 = a2;
        }
      }
      const op = sc[i];
      if (op === "d" || op === "p") {
        i++;
        cmd.op = op;
        cmds.push(cmd);
        continue;
      }
      if (op === "s") {
        const delim = sc[i + 1];
        if (!delim) return bad(sc);
        i += 2;
        const pat = readUntil(delim);
        const repRaw = pat === null ? null : readUntil(delim);
        if (pat === null || repRaw === null) {
          io.err(`sed: -e expression #1, char ${sc.length}: unterminated \`s' command\n`);
          return 1;
        }
        const fm = /^[gIip0-9]*/.exec(sc.slice(i))![0];
        i += fm.length;
        const c = compileRegex(basicToExtended(pat), { ignoreCase: /[iI]/.test(fm) });
        if (!c.ok) return badRegex(i, c.error);
        cmd.re = c.re;
        cmd.global = fm.includes("g");
        let rep = "";
        for (let k = 0; k < repRaw.length; k++) {
          const ch = repRaw[k];
          if (ch === "\\" && k + 1 < repRaw.length) {
            const nx = repRaw[++k];
            rep += /[0-9]/.test(nx) ? "$" + nx : nx === "n" ? "\n" : nx === "t" ? "\t" : nx === "$" ? "$$" : nx;
          } else if (ch === "&") rep += "$&";
          else if (ch === "$") rep += "$$";
          else rep += ch;
        }
        cmd.op = "s";
        cmd.rep = rep;
        cmd.printAfter = fm.includes("p");
        cmds.push(cmd);
        continue;
      }
      return bad(sc);
    }
  }
  const apply = (text: string) => {
    const ls = lines(text);
    const out: string[] = [];
    for (const c of cmds) c.active = false;
    const tick = stopEvery(state);
    const hit = (a: Addr, n: number, l: string) => (a.n !== undefined ? a.n === n : a.last ? n === ls.length : a.re!.test(l));
    ls.forEach((orig, idx) => {
      tick();
      const n = idx + 1;
      let cur: string | null = orig;
      let extra: string[] = [];
      for (const c of cmds) {
        if (cur === null) break;
        let sel: boolean;
        if (!c.a1) sel = true;
        else if (!c.a2) sel = hit(c.a1, n, cur);
        else if (c.active) {
          sel = true;
          if (c.a2.n !== undefined ? n >= c.a2.n : hit(c.a2, n, cur)) c.active = false;
        } else if (hit(c.a1, n, cur)) {
          sel = true;
          c.active = !(c.a2.n !== undefined && c.a2.n <= n);
        } else sel = false;
        if (!sel) continue;
        if (c.op === "d") cur = null;
        else if (c.op === "p") extra.push(cur);
        else {
          const before: string = cur;
          cur = c.re!.replace(cur, c.rep!, !!c.global);
          if (c.printAfter && cur !== before) extra.push(cur);
        }
      }
      out.push(...extra);
      extra = [];
      if (cur !== null && !quietN) out.push(cur);
    });
    return out.map((l) => l + "\n").join("");
  };
  if (inPlace) {
    for (const f of files) {
      const p = abs(state, f);
      const r = state.fs.read(p);
      if (!r.ok) {
        io.err(`sed: can't read ${f}: No such file or directory\n`);
        return 2;
      }
      state.fs.write(p, apply(r.value));
    }
    return 0;
  }
  const inp = readInputs("sed", files, io, state);
  io.out(apply(inp.text));
  return inp.ok ? 0 : 2;
};

/** GNU coreutils base64 (C locale messages): -d/--decode, -i/--ignore-garbage, -w COLS/-wCOLS/--wrap[=]COLS, one FILE or stdin. */
const base64: Command = (argv, io, state) => {
  const usage = (m: string) => {
    io.err(`base64: ${m}\nTry 'base64 --help' for more information.\n`);
    return 1;
  };
  let decode = false;
  let garbage = false;
  let wrapArg: string | null = null;
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (a === "--decode") decode = true;
    else if (a === "--ignore-garbage") garbage = true;
    else if (a === "--wrap" || a.startsWith("--wrap=")) {
      wrapArg = a === "--wrap" ? (argv[++i] ?? null) : a.slice(7);
      if (wrapArg === null) return usage("option '--wrap' requires an argument");
    } else if (a.startsWith("--")) return usage(`unrecognized option '${a}'`);
    else if (a.startsWith("-") && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const f = a[k];
        if (f === "d" || f === "D") decode = true;
        else if (f === "i") garbage = true;
        else if (f === "w") {
          wrapArg = k + 1 < a.length ? a.slice(k + 1) : (argv[++i] ?? null);
          if (wrapArg === null) return usage("option requires an argument -- 'w'");
          break;
        } else return usage(`invalid option -- '${f}'`);
      }
    } else files.push(a);
  }
  if (files.length > 1) return usage(`extra operand '${files[1]}'`);
  let cols = 76;
  if (wrapArg !== null) {
    if (!/^[0-9]+$/.test(wrapArg)) {
      io.err(`base64: invalid wrap size: '${wrapArg}'\n`);
      return 1;
    }
    cols = Number(wrapArg);
  }
  const inp = readInputs("base64", files.filter((f) => f !== "-"), io, state);
  if (!inp.ok) return 1;
  if (decode) {
    const clean = garbage ? inp.text.replace(/[^A-Za-z0-9+/=]/g, "") : inp.text.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
      const good = clean.replace(/[^A-Za-z0-9+/=].*$/, "");
      io.out(b64decode(good));
      io.err("base64: invalid input\n");
      return 1;
    }
    io.out(b64decode(clean));
    return 0;
  }
  const enc = b64encode(inp.text);
  if (cols === 0) io.out(enc);
  else io.out((enc.match(new RegExp(`.{1,${cols}}`, "g")) ?? [""]).join("\n") + (enc ? "\n" : ""));
  return 0;
};

const mkdir: Command = (argv, io, state) => {
  const p = argv.includes("-p");
  let code = 0;
  for (const d of argv.slice(1).filter((a) => !a.startsWith("-"))) {
    const r = p ? state.fs.mkdirp(abs(state, d)) : state.fs.mkdir(abs(state, d));
    if (!r.ok) {
      io.err(`mkdir: ${r.error.replace(abs(state, d), d)}\n`);
      code = 1;
    }
  }
  return code;
};

const rm: Command = (argv, io, state) => {
  const flags = argv.slice(1).filter((a) => a.startsWith("-")).join("");
  const force = flags.includes("f");
  const rec = flags.includes("r") || flags.includes("R");
  let code = 0;
  for (const f of argv.slice(1).filter((a) => !a.startsWith("-"))) {
    const p = abs(state, f);
    if (!state.fs.exists(p)) {
      if (!force) {
        io.err(`rm: cannot remove '${f}': No such file or directory\n`);
        code = 1;
      }
      continue;
    }
    const r = state.fs.remove(p, rec);
    if (!r.ok) {
      io.err(`rm: cannot remove '${f}': Is a directory\n`);
      code = 1;
    }
  }
  return code;
};

const touch: Command = (argv, io, state) => {
  for (const f of argv.slice(1).filter((a) => !a.startsWith("-"))) {
    const p = abs(state, f);
    if (!state.fs.exists(p)) {
      const r = state.fs.write(p, "");
      if (!r.ok) {
        io.err(`touch: cannot touch '${f}': No such file or directory\n`);
        return 1;
      }
    }
  }
  return 0;
};

function copyOrMove(move: boolean): Command {
  return (argv, io, state) => {
    const name = move ? "mv" : "cp";
    const args = argv.slice(1).filter((a) => !a.startsWith("-"));
    if (args.length < 2) {
      io.err(`${name}: missing destination file operand after '${args[0] ?? ""}'\nTry '${name} --help' for more information.\n`);
      return 1;
    }
    const dest = abs(state, args[args.length - 1]);
    let code = 0;
    for (const s of args.slice(0, -1)) {
      const sp = abs(state, s);
      const r = state.fs.read(sp);
      if (!r.ok) {
        io.err(`${name}: cannot stat '${s}': No such file or directory\n`);
        code = 1;
        continue;
      }
      const target = state.fs.isDir(dest) ? (dest === "/" ? "" : dest) + "/" + baseName(sp) : dest;
      const w = state.fs.write(target, r.value);
      if (!w.ok) {
        io.err(`${name}: cannot create regular file '${args[args.length - 1]}': No such file or directory\n`);
        code = 1;
        continue;
      }
      if (move) state.fs.remove(sp);
    }
    return code;
  };
}

const tee: Command = (argv, io, state) => {
  const append = argv.includes("-a");
  for (const f of argv.slice(1).filter((a) => !a.startsWith("-"))) {
    const r = state.fs.write(abs(state, f), io.stdin, append);
    if (!r.ok) io.err(`tee: ${f}: No such file or directory\n`);
  }
  io.out(io.stdin);
  return 0;
};

const pwd: Command = (_argv, io, state) => {
  io.out(state.cwd + "\n");
  return 0;
};

const cd: Command = (argv, io, state) => {
  const t = argv[1] ?? state.home;
  const p = t === "-" ? (state.env.get("OLDPWD") ?? state.cwd) : abs(state, t);
  if (!state.fs.isDir(p)) {
    io.err(`bash: cd: ${t}: ${state.fs.exists(p) ? "Not a directory" : "No such file or directory"}\n`);
    return 1;
  }
  state.env.set("OLDPWD", state.cwd);
  state.cwd = p;
  state.env.set("PWD", p);
  return 0;
};

const whoami: Command = (_a, io, state) => {
  io.out(state.user + "\n");
  return 0;
};

const hostname: Command = (_a, io, state) => {
  io.out(state.hostname + "\n");
  return 0;
};

const printf: Command = (argv, io) => {
  const fmt = argv[1];
  if (fmt === undefined) {
    io.err("printf: usage: printf format [arguments]\n");
    return 2;
  }
  const args = argv.slice(2);
  const esc = (t: string) => t.replace(/\\n/g, "\n").replace(/\\t/g, "\t").replace(/\\\\/g, "\\");
  let out = "";
  let i = 0;
  // the format is reused while arguments remain (bash semantics)
  do {
    out += esc(fmt).replace(/%(-?[0-9]*)([sd%])/g, (_m, w: string, c: string) => {
      if (c === "%") return "%";
      const v = args[i++] ?? (c === "d" ? "0" : "");
      const val = c === "d" ? String(parseInt(v, 10) || 0) : v;
      const width = Number(w.replace("-", "")) || 0;
      return w.startsWith("-") ? val.padEnd(width) : val.padStart(width);
    });
  } while (i < args.length && /%[-0-9]*[sd]/.test(fmt));
  io.out(out);
  return 0;
};

const trueCmd: Command = () => 0;
const falseCmd: Command = () => 1;

const clear: Command = () => 0;

/** The plain text utilities; the shell adds the stateful builtins and cluster commands. */
export const TEXT_COMMANDS: Record<string, Command> = {
  echo,
  cat,
  ls,
  head: headTail("head"),
  tail: headTail("tail"),
  wc,
  sort,
  uniq,
  grep,
  egrep: (argv, io, state) => grep(["grep", "-E", ...argv.slice(1)], io, state),
  awk,
  cut,
  tr,
  sed,
  base64,
  mkdir,
  rm,
  touch,
  cp: copyOrMove(false),
  mv: copyOrMove(true),
  tee,
  pwd,
  cd,
  whoami,
  hostname,
  true: trueCmd,
  ":": trueCmd,
  printf,
  false: falseCmd,
  clear,
  ...TEST_COMMANDS,
};
