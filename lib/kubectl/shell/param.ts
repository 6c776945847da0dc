// Parameter expansion operators (bash(1) "Parameter Expansion"): `${#x}`, `${!x}`, `${x:-w}` and its kin,
// `${x#p}`/`${x%p}` trimming, `${x/p/r}` replacement, `${x^^}`/`${x,,}` case and `${x:o:l}` substrings. The patterns
// are bash's globs, matched exactly (shortest or longest, as the operator asks) by a small NFA over the text: trimming
// is one pass, replacement one pass per place it tries (bounded by the caller's stop predicate), and no pattern can
// make it backtrack.
import { ArithError } from "./arith";

/**
 * An error in an expansion: it ends the command line with status 1 as an arithmetic error does; a `fatal` one
 * (`${x:?}`) also ends a script or `bash -c` text, as it ends a non-interactive bash.
 */
export class ExpansionError extends ArithError {
  constructor(
    message: string,
    readonly fatal = false,
  ) {
    super(message);
  }
}

/** One element of a glob: a character (or, from a quoted part, a literal), `?`, a `[…]` class, or `*`. */
export type GlobTok = { t: "ch"; c: string } | { t: "any" } | { t: "class"; re: RegExp } | { t: "star" };

/**
 * The `[…]` class that starts at `glob[i]` as a RegExp source (`!`/`^` negate, a `]` first is a member, ranges as
 * written) and the index of its `]`; null when it is not closed (the `[` is then itself).
 */
export function globClass(glob: string, i: number): { re: string; end: number } | null {
  let j = i + 1;
  if (glob[j] === "!" || glob[j] === "^") j++;
  if (glob[j] === "]") j++;
  while (j < glob.length && glob[j] !== "]") j++;
  if (j >= glob.length) return null;
  let body = glob.slice(i + 1, j);
  const negate = body[0] === "!" || body[0] === "^";
  if (negate) body = body.slice(1);
  return { re: `[${negate ? "^" : ""}${body.replace(/[\\\]^]/g, (m) => "\\" + m)}]`, end: j };
}

/** A glob's parts: `quoted` parts are literal text; the others read `*`, `?` and `[…]` (with `!`/`^` and ranges). */
export function globTokens(parts: { text: string; quoted: boolean }[]): GlobTok[] {
  const out: GlobTok[] = [];
  for (const { text, quoted } of parts) {
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) out.push({ t: "ch", c });
      else if (c === "*") {
        if (out.at(-1)?.t !== "star") out.push({ t: "star" });
      } else if (c === "?") out.push({ t: "any" });
      else if (c === "\\" && i + 1 < text.length) out.push({ t: "ch", c: text[++i] });
      else if (c === "[") {
        const cls = globClass(text, i);
        if (!cls) {
          out.push({ t: "ch", c });
          continue;
        }
        out.push({ t: "class", re: new RegExp(`^${cls.re}$`, "s") });
        i = cls.end;
      } else out.push({ t: "ch", c });
    }
  }
  return out;
}

const step = (tok: GlobTok, c: string) => (tok.t === "ch" ? tok.c === c : tok.t === "any" ? true : tok.t === "class" ? tok.re.test(c) : true);

/** The states reachable without reading: a `*` may match nothing. */
function close(toks: GlobTok[], states: Set<number>): Set<number> {
  for (const s of states) if (toks[s]?.t === "star") states.add(s + 1);
  return states;
}

/**
 * For the text's characters from `from` (backwards when `reverse`), every count n such that those n characters match
 * the whole glob, in increasing order. Stops early once nothing can match any more.
 */
function matchLengths(toks: GlobTok[], chars: string[], from: number, reverse: boolean): number[] {
  const m = toks.length;
  const order = reverse ? [...toks].reverse() : toks;
  let states = close(order, new Set([0]));
  const out: number[] = states.has(m) ? [0] : [];
  const dir = reverse ? -1 : 1;
  for (let k = 0, p = from; reverse ? p >= 0 : p < chars.length; k++, p += dir) {
    const next = new Set<number>();
    for (const s of states) {
      if (s >= m) continue;
      const tok = order[s];
      if (tok.t === "star") next.add(s);
      else if (step(tok, chars[p])) next.add(s + 1);
    }
    states = close(order, next);
    if (!states.size) break;
    if (states.has(m)) out.push(k + 1);
  }
  return out;
}

/** Whether the whole string matches the glob. */
export function globMatches(toks: GlobTok[], s: string): boolean {
  const chars = [...s];
  return matchLengths(toks, chars, 0, false).at(-1) === chars.length;
}

/** `${x#p}` `${x##p}` `${x%p}` `${x%%p}`: the value without its shortest/longest matching prefix or suffix. */
export function trim(value: string, toks: GlobTok[], side: "#" | "%", longest: boolean): string {
  const chars = [...value];
  const lens = matchLengths(toks, chars, side === "#" ? 0 : chars.length - 1, side === "%");
  if (!lens.length) return value;
  const n = longest ? lens.at(-1)! : lens[0];
  return side === "#" ? chars.slice(n).join("") : chars.slice(0, chars.length - n).join("");
}

/**
 * `${x/p/r}` `${x//p/r}` `${x/#p/r}` `${x/%p/r}`: the longest match at the first place it matches (every such place
 * with `all`), replaced. `rep` gets the matched text, for bash 5.2's `&` (patsub_replacement, on by default).
 */
export function replace(value: string, toks: GlobTok[], all: boolean, anchor: "" | "#" | "%", rep: (matched: string) => string, tick: () => void = () => {}): string {
  // an empty pattern: ${x/#/r} and ${x/%/r} add r at that end, ${x/} and ${x//} change nothing (bash 5.2 here)
  if (!toks.length) return anchor === "#" ? rep("") + value : anchor === "%" ? value + rep("") : value;
  const chars = [...value];
  if (anchor === "%") {
    // the longest suffix that matches
    const n = matchLengths(toks, chars, chars.length - 1, true).at(-1);
    return n === undefined ? value : chars.slice(0, chars.length - n).join("") + rep(chars.slice(chars.length - n).join(""));
  }
  let out = "";
  let p = 0;
  for (;;) {
    tick();
    const n = matchLengths(toks, chars, p, false).at(-1);
    if (n !== undefined) {
      out += rep(chars.slice(p, p + n).join(""));
      if (!all) return out + chars.slice(p + n).join("");
      // an empty match (a pattern of stars on an empty rest) takes the next character along, so the scan moves on
      if (n === 0 && p < chars.length) out += chars[p];
      p += Math.max(n, 1);
    } else {
      if (anchor === "#" || p >= chars.length) break;
      out += chars[p++];
    }
    if (p >= chars.length) break;
  }
  return out + chars.slice(p).join("");
}

/** `${x^^p}` `${x^p}` `${x,,p}` `${x,p}`: characters that match the glob (any, when it is empty) change case. */
export function changeCase(value: string, toks: GlobTok[], upper: boolean, all: boolean): string {
  const chars = [...value];
  const hit = (c: string) => !toks.length || globMatches(toks, c);
  for (let i = 0; i < (all ? chars.length : Math.min(1, chars.length)); i++) {
    if (hit(chars[i])) chars[i] = upper ? chars[i].toUpperCase() : chars[i].toLowerCase();
  }
  return chars.join("");
}

/**
 * `${x:offset}` / `${x:offset:length}` over the value's characters (or, for `@`/`*`, the positional parameters
 * counted from $0): a negative offset counts from the end, a negative length stops that far from the end.
 */
export function slice<T>(items: T[], off: number, len: number | null, lenText: string): T[] {
  let start = off < 0 ? items.length + off : off;
  if (start < 0 || start > items.length) return [];
  start = Math.min(start, items.length);
  if (len === null) return items.slice(start);
  const end = len < 0 ? items.length + len : start + len;
  if (end < start) {
    if (len < 0) throw new ExpansionError(`${lenText}: substring expression < 0`);
    return [];
  }
  return items.slice(start, end);
}
