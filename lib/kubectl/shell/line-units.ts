// Where one shell command ends and the next begins: `\` and `|`/`&&`/`||` continuations, open quotes,
// heredoc bodies. No imports, so the browser terminal (app/_components/workspace/line-input.ts) can use
// it without pulling the shell into its bundle.

/** Whether a line asks for the next one: an odd run of trailing `\`, or a trailing `|`, `&&`, `||` outside a comment. */
export function endsWithContinuation(s: string): boolean {
  let k = 0;
  for (let j = s.length - 1; j >= 0 && s[j] === "\\"; j--) k++;
  if (k % 2 === 1) return true;
  const t = s.replace(/\s+$/, "");
  return !t.trimStart().startsWith("#") && (t.endsWith("&&") || t.endsWith("||") || t.endsWith("|"));
}

/**
 * Where the quoting that starts at `s[j]` ends: the index of the closing quote of `'…'`, `"…"` or `$'…'` (in the last
 * two a backslash escapes the next character), or of the character a `\` escapes; -1 when the text ends inside the
 * quote; null when `s[j]` starts none.
 */
function quoteEnd(s: string, j: number): number | null {
  const c = s[j];
  if (c === "\\") return j + 1;
  const ansi = c === "$" && s[j + 1] === "'";
  if (!ansi && c !== "'" && c !== '"') return null;
  const close = ansi ? "'" : c;
  for (let k = j + (ansi ? 2 : 1); k < s.length; k++) {
    if (s[k] === "\\" && c !== "'") k++;
    else if (s[k] === close) return k;
  }
  return -1;
}

/** Whether text ends inside a quote (comments, which run to the end of their line, do not count). */
export function hasOpenQuote(s: string): boolean {
  for (let j = 0; j < s.length; j++) {
    const end = quoteEnd(s, j);
    if (end === -1) return true;
    if (end !== null) j = end;
    else if (s[j] === "#" && (j === 0 || /\s/.test(s[j - 1]))) {
      const nl = s.indexOf("\n", j);
      if (nl < 0) return false;
      j = nl;
    }
  }
  return false;
}

/** The heredoc terminators a command line opens (`<<EOF`, `<<-'END'`), in order. */
export function heredocDelimiters(unit: string): { delim: string; strip: boolean }[] {
  const out: { delim: string; strip: boolean }[] = [];
  for (let j = 0; j < unit.length; j++) {
    const c = unit[j];
    const end = quoteEnd(unit, j);
    if (end === -1) break;
    if (end !== null) {
      j = end;
      continue;
    }
    if (c === "#" && (j === 0 || /\s/.test(unit[j - 1]))) {
      const nl = unit.indexOf("\n", j);
      if (nl < 0) break;
      j = nl;
      continue;
    }
    // `$(( 1 << 2 ))` and `(( x <<= 1 ))` shift, they open no heredoc
    if (c === "(" && unit[j + 1] === "(") {
      let d = 0;
      for (; j < unit.length; j++) {
        if (unit[j] === "(") d++;
        else if (unit[j] === ")" && --d === 0) break;
      }
      continue;
    }
    // `<<<` is a here-string, not a heredoc: step over all three
    if (c === "<" && unit[j + 1] === "<" && unit[j + 2] === "<") {
      j += 2;
      continue;
    }
    if (c === "<" && unit[j + 1] === "<") {
      let k = j + 2;
      const strip = unit[k] === "-";
      if (strip) k++;
      while (unit[k] === " " || unit[k] === "\t") k++;
      const m = /^(?:'([^']*)'|"([^"]*)"|\\?([^\s;&|<>()]+))/.exec(unit.slice(k));
      if (m) {
        out.push({ delim: (m[1] ?? m[2] ?? m[3]).replace(/['"\\]/g, ""), strip });
        j = k + m[0].length - 1;
      }
    }
  }
  return out;
}

/**
 * How many compound commands (`if`, `while`, `until`, `for`, `case`, `{`) a command text leaves open: reserved
 * words count only where a command starts (bash(1) RESERVED WORDS), not as arguments, in quotes, comments or
 * `$(…)`. Above 0, bash asks for more input with its `> ` prompt. A stray closer gives a negative count (the
 * parser reports it).
 */
export function compoundDepth(s: string): number {
  let depth = 0;
  /** subshells opened and not yet closed */
  let parens = 0;
  let cmdPos = true;
  let j = 0;
  const n = s.length;
  const skipWord = (): { word: string; quoted: boolean } => {
    const start = j;
    let quoted = false;
    while (j < n && !/[\s;&|()<>]/.test(s[j])) {
      const c = s[j];
      const end = quoteEnd(s, j);
      if (end !== null) {
        quoted = true;
        j = end < 0 ? n : end + 1;
      } else if (c === "$" && s[j + 1] === "(") {
        let d = 0;
        for (; j < n; j++) {
          if (s[j] === "(") d++;
          else if (s[j] === ")" && --d === 0) break;
        }
        j++;
      } else if (c === "`") {
        j = s.indexOf("`", j + 1);
        j = j < 0 ? n : j + 1;
      } else j++;
    }
    return { word: s.slice(start, j), quoted };
  };
  while (j < n) {
    const c = s[j];
    if (c === " " || c === "\t" || c === "\r") {
      j++;
    } else if (c === "(" && cmdPos) {
      // a subshell `( …` is open until its `)`
      depth++;
      parens++;
      j++;
    } else if (c === ")" && parens > 0) {
      depth--;
      parens--;
      cmdPos = true;
      j++;
    } else if (c === "\n" || c === ";" || c === "&" || c === "|" || c === "(" || c === ")") {
      cmdPos = true;
      j++;
    } else if (c === "#") {
      const nl = s.indexOf("\n", j);
      j = nl < 0 ? n : nl;
    } else if (c === "<" || c === ">") {
      // a redirection and its target word
      while (j < n && /[<>&-]/.test(s[j])) j++;
      while (s[j] === " " || s[j] === "\t") j++;
      skipWord();
    } else {
      const { word, quoted } = skipWord();
      if (word === "") {
        j++; // another blank (form feed, vertical tab)
        continue;
      }
      if (!cmdPos || quoted) continue;
      if (word === "if" || word === "while" || word === "until" || word === "{") depth++;
      else if (word === "for" || word === "case") {
        depth++;
        cmdPos = false;
      } else if (word === "fi" || word === "done" || word === "esac" || word === "}") {
        depth--;
        cmdPos = false;
      } else if (!(word === "then" || word === "do" || word === "else" || word === "elif" || word === "!" || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word))) cmdPos = false;
    }
  }
  return depth;
}

/**
 * Groups lines into command units: a logical line with its continuation lines and heredoc bodies, and the lines
 * of a compound command bash is still reading (`for …` up to its `done`).
 * `complete` is false when the last unit still waits for input (the lines ran out inside it).
 */
export function splitUnits(lines: string[]): { units: string[]; complete: boolean } {
  const units: string[] = [];
  let complete = true;
  let i = 0;
  while (i < lines.length) {
    let unit = "";
    // the unit without its heredoc bodies, for counting open compound commands
    let cmd = "";
    do {
      let logical = lines[i++];
      while (endsWithContinuation(logical) || hasOpenQuote(logical)) {
        if (i >= lines.length) {
          complete = false;
          break;
        }
        logical += "\n" + lines[i++];
      }
      unit = cmd ? `${unit}\n${logical}` : logical;
      cmd = cmd ? `${cmd}\n${logical}` : logical;
      for (const d of heredocDelimiters(logical)) {
        let closed = false;
        while (i < lines.length) {
          const l = lines[i++];
          unit += "\n" + l;
          if ((d.strip ? l.replace(/^\t+/, "") : l) === d.delim) {
            closed = true;
            break;
          }
        }
        if (!closed) complete = false;
      }
    } while (i < lines.length && compoundDepth(cmd) > 0);
    if (compoundDepth(cmd) > 0) complete = false;
    units.push(unit);
  }
  return { units, complete };
}
