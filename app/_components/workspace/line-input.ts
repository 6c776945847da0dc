// Pure helpers for the terminal's line discipline: when a command is complete (quotes, `\`
// continuations, heredocs: the shell's own rules, lib/kubectl/shell/line-units.ts), and how Tab
// completion changes the line. No DOM, no xterm.
import { heredocDelimiters, splitUnits } from "#lib/kubectl/shell/line-units";

/** Whether `text` (one or more lines) still needs more input before bash would run it. */
export function isIncomplete(text: string): boolean {
  return !splitUnits(text.split("\n")).complete;
}

export { heredocDelimiters };

/** The start index of the word the cursor is in (the text after the last unquoted blank). */
export function lastWordStart(line: string): number {
  let start = 0;
  let q: string | null = null;
  for (let j = 0; j < line.length; j++) {
    const c = line[j];
    if (q) {
      if (c === q) q = null;
    } else if (c === "'" || c === '"') q = c;
    else if (c === "\\") j++;
    else if (/[\s|;&<>=]/.test(c)) start = j + 1;
  }
  return start;
}

function commonPrefix(words: string[]): string {
  if (!words.length) return "";
  let p = words[0];
  for (const w of words.slice(1)) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

export type Completion = { insert: string; list: string[] };

/**
 * What Tab does to `beforeCursor` given the server's candidates (whole words replacing the last word):
 * the text to insert at the cursor, and, when it stays ambiguous, the candidates to list.
 */
export function applyCompletion(beforeCursor: string, candidates: string[]): Completion {
  const word = beforeCursor.slice(lastWordStart(beforeCursor));
  const matching = [...new Set(candidates.filter((c) => c.startsWith(word)))].sort();
  if (matching.length === 0) return { insert: "", list: [] };
  if (matching.length === 1) {
    const c = matching[0];
    return { insert: c.slice(word.length) + (c.endsWith("/") ? "" : " "), list: [] };
  }
  const prefix = commonPrefix(matching);
  if (prefix.length > word.length) return { insert: prefix.slice(word.length), list: [] };
  return { insert: "", list: matching };
}

/** Lays out completion candidates in columns for a terminal `cols` wide. */
export function columns(words: string[], cols: number): string[] {
  const width = Math.max(...words.map((w) => w.length)) + 2;
  const perRow = Math.max(1, Math.floor(cols / width));
  const rows: string[] = [];
  for (let i = 0; i < words.length; i += perRow) rows.push(words.slice(i, i + perRow).map((w) => w.padEnd(width)).join("").trimEnd());
  return rows;
}

/** Display width of a string in a terminal: East Asian wide characters (Hangul, CJK) take two cells. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) ? 2 : 1;
  }
  return w;
}
