// Regular expressions for grep, sed and awk on RE2 (re2js): matching takes time linear in the input, so
// a pattern like `(a|a)*$` cannot backtrack for seconds the way a JavaScript RegExp does.
// RE2 syntax (https://github.com/google/re2/wiki/Syntax) has no back-references or look-around; GNU grep
// has back-references, so `\1` in a pattern is refused with an error instead of being matched differently.
import { RE2JS } from "re2js";
import { boundedMemo } from "../../sim/util";

/** A compiled pattern with the few operations the text tools need. */
export type ShellRegex = {
  test(s: string): boolean;
  /** every non-empty match, left to right (grep -o) */
  matches(s: string): string[];
  /** JavaScript replacement syntax ($&, $1, $$) on the first or every match (sed s///[g]) */
  replace(s: string, replacement: string, global: boolean): string;
  /** the text between matches (awk's field separator); trailing empty fields kept */
  split(s: string): string[];
};

/**
 * Compile a JavaScript-style pattern (what the tools build from BRE/ERE) with RE2; on a bad pattern the
 * error is the one GNU grep / sed print for it (regcomp's texts), without the tool's prefix.
 */
export function compileRegex(source: string, opts: { ignoreCase?: boolean } = {}): { ok: true; re: ShellRegex } | { ok: false; error: string } {
  const re = compiled(source, opts.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  if (typeof re === "string") return { ok: false, error: re };
  return {
    ok: true,
    re: {
      test: (s) => re.test(s),
      matches: (s) => {
        const out: string[] = [];
        const m = re.matcher(s);
        while (m.find()) {
          const g = m.group() ?? "";
          if (g) out.push(g);
        }
        return out;
      },
      split: (s) => re.split(s, -1),
      replace: (s, replacement, global) => (global ? re.matcher(s).replaceAll(replacement) : re.matcher(s).replaceFirst(replacement)),
    },
  };
}

/** Compiled patterns by flags and source: a script repeats its greps (RE2's compile costs ~1 ms, cold), and a
 * compiled RE2JS is immutable (each match takes its own matcher), so one can serve every caller. */
const cache = boundedMemo<string, RE2JS | string>(128);

/** RE2JS.compile(source, flags), or the regcomp error message for a bad pattern; once per distinct pattern. */
function compiled(source: string, flags: number): RE2JS | string {
  return cache.get(`${flags}\0${source}`, () => {
    try {
      return RE2JS.compile(source, flags);
    } catch (e) {
      return regcompMessage(e instanceof Error ? e.message : String(e));
    }
  });
}

/** RE2's parse error -> the glibc regcomp message GNU grep and sed print for the same mistake. */
function regcompMessage(re2: string): string {
  if (/missing closing \)/.test(re2)) return "Unmatched ( or \\(";
  if (/unexpected \)/.test(re2)) return "Unmatched ) or \\)";
  if (/invalid character class range: `\[:/.test(re2)) return "Invalid character class name";
  if (/invalid character class range/.test(re2)) return "Invalid range end";
  if (/missing closing \]|invalid character class/.test(re2)) return "Unmatched [, [^, [:, [., or [=";
  if (/trailing backslash/.test(re2)) return "Trailing backslash";
  if (/invalid repeat count|bad repetition/.test(re2)) return "Invalid content of \\{\\}";
  if (/missing argument to repetition operator|invalid nested repetition/.test(re2)) return "Invalid preceding regular expression";
  if (/invalid escape sequence: `\\[1-9]`/.test(re2)) return "Invalid back reference";
  return "Invalid regular expression";
}
