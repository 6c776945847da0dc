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

/** Whether text ends inside a quote (comments, which run to the end of their line, do not count). */
export function hasOpenQuote(s: string): boolean {
  let q: string | null = null;
  for (let j = 0; j < s.length; j++) {
    const c = s[j];
    if (q) {
      if (q === '"' && c === "\\") j++;
      else if (c === q) q = null;
    } else if (c === "\\") j++;
    else if (c === "'" || c === '"') q = c;
    else if (c === "#" && (j === 0 || /\s/.test(s[j - 1]))) {
      const nl = s.indexOf("\n", j);
      if (nl < 0) return false;
      j = nl;
    }
  }
  return q !== null;
}

/** The heredoc terminators a command line opens (`<<EOF`, `<<-'END'`), in order. */
export function heredocDelimiters(unit: string): { delim: string; strip: boolean }[] {
  const out: { delim: string; strip: boolean }[] = [];
  let q: string | null = null;
  for (let j = 0; j < unit.length; j++) {
    const c = unit[j];
    if (q) {
      if (q === '"' && c === "\\") j++;
      else if (c === q) q = null;
      continue;
    }
    if (c === "\\") {
      j++;
      continue;
    }
    if (c === "'" || c === '"') {
      q = c;
      continue;
    }
    if (c === "#" && (j === 0 || /\s/.test(unit[j - 1]))) {
      const nl = unit.indexOf("\n", j);
      if (nl < 0) break;
      j = nl;
      continue;
    }
    if (c === "<" && unit[j + 1] === "<" && unit[j + 2] !== "<") {
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
 * Groups lines into command units: a logical line with its continuation lines and heredoc bodies.
 * `complete` is false when the last unit still waits for input (the lines ran out inside it).
 */
export function splitUnits(lines: string[]): { units: string[]; complete: boolean } {
  const units: string[] = [];
  let complete = true;
  let i = 0;
  while (i < lines.length) {
    let unit = lines[i++];
    while (endsWithContinuation(unit) || hasOpenQuote(unit)) {
      if (i >= lines.length) {
        complete = false;
        break;
      }
      unit += "\n" + lines[i++];
    }
    for (const d of heredocDelimiters(unit)) {
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
    units.push(unit);
  }
  return { units, complete };
}
