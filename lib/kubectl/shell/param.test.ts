import { describe, expect, it } from "vitest";
import { changeCase, globClass, globMatches, globTokens, replace, slice, trim } from "./param";

// bash's answers for these operators are recorded in testdata/compound-bash.json (compound.test.ts); here the glob
// matcher is held to a brute-force reference over many small cases, including the shortest/longest edges.

/** A tiny deterministic generator (mulberry32), so a failure names its seed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T,>(r: () => number, xs: T[]) => xs[Math.floor(r() * xs.length)];
const word = (r: () => number, max: number, alphabet: string[]) => Array.from({ length: Math.floor(r() * (max + 1)) }, () => pick(r, alphabet)).join("");

/** The reference: a glob as a RegExp source, matched by the JavaScript engine. */
function globRegExp(glob: string): string {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    const cls = c === "[" ? globClass(glob, i) : null;
    if (c === "*") re += "[\\s\\S]*";
    else if (c === "?") re += "[\\s\\S]";
    else if (cls) {
      re += cls.re;
      i = cls.end;
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return re;
}
const full = (pat: string) => new RegExp(`^${globRegExp(pat)}$`, "s");
const toks = (pat: string) => globTokens([{ text: pat, quoted: false }]);

function refTrim(v: string, pat: string, side: "#" | "%", longest: boolean): string {
  const re = full(pat);
  const ns = [...Array(v.length + 1).keys()].filter((n) => re.test(side === "#" ? v.slice(0, n) : v.slice(v.length - n)));
  if (!ns.length) return v;
  const n = longest ? Math.max(...ns) : Math.min(...ns);
  return side === "#" ? v.slice(n) : v.slice(0, v.length - n);
}

function refReplace(v: string, pat: string, all: boolean, rep: string): string {
  const re = full(pat);
  let out = "";
  let p = 0;
  while (p < v.length || (p === 0 && v === "")) {
    let best = -1;
    for (let e = v.length; e >= p; e--) if (re.test(v.slice(p, e))) {
      best = e;
      break;
    }
    if (best < 0) {
      if (p >= v.length) break;
      out += v[p++];
      continue;
    }
    out += rep;
    if (!all) return out + v.slice(best);
    if (best === p) {
      if (p < v.length) out += v[p];
      p++;
    } else p = best;
  }
  return out + v.slice(p);
}

describe("glob matching for ${…} (against a brute-force reference)", () => {
  const alphabet = ["a", "b", "/", "."];
  const patAlphabet = ["a", "b", "/", ".", "*", "?", "[ab]", "[!a]"];
  it("trims the shortest and the longest prefix and suffix as the reference does (2,000 cases)", () => {
    const r = rng(7);
    for (let k = 0; k < 2000; k++) {
      const v = word(r, 8, alphabet);
      const pat = word(r, 4, patAlphabet);
      for (const side of ["#", "%"] as const) {
        for (const longest of [false, true]) {
          expect(trim(v, toks(pat), side, longest), `${side}${longest ? side : ""} ${JSON.stringify(v)} ${pat}`).toBe(refTrim(v, pat, side, longest));
        }
      }
    }
  });
  it("replaces the longest match at the first place it matches, or every place, as the reference does (2,000 cases)", () => {
    const r = rng(11);
    for (let k = 0; k < 2000; k++) {
      const v = word(r, 8, alphabet);
      const pat = word(r, 4, patAlphabet);
      if (!pat) continue;
      for (const all of [false, true]) {
        expect(replace(v, toks(pat), all, "", () => "_"), `${all ? "//" : "/"} ${JSON.stringify(v)} ${pat}`).toBe(refReplace(v, pat, all, "_"));
      }
    }
  });
  it("anchored replacement: /# only at the start, /% only at the end, longest; an empty pattern adds at that end", () => {
    expect(replace("aXbX", toks("*X"), false, "#", () => "-")).toBe("-");
    expect(replace("aXbX", toks("X"), false, "#", () => "-")).toBe("aXbX");
    expect(replace("aXbX", toks("X*"), false, "%", () => "-")).toBe("a-");
    expect(replace("aXbX", toks("b"), false, "%", () => "-")).toBe("aXbX");
    expect(replace("abc", [], false, "#", () => "pre")).toBe("preabc");
    expect(replace("abc", [], false, "%", () => "post")).toBe("abcpost");
    expect(replace("abc", [], true, "", () => "x")).toBe("abc");
  });
  it("quoted parts of a pattern are literal; a backslash quotes one character", () => {
    const t = globTokens([{ text: "a", quoted: false }, { text: "*", quoted: true }]);
    expect(globMatches(t, "a*")).toBe(true);
    expect(globMatches(t, "ab")).toBe(false);
    expect(globMatches(toks("\\*x"), "*x")).toBe(true);
    expect(globMatches(toks("\\*x"), "yx")).toBe(false);
    // an unclosed [ is itself
    expect(globMatches(toks("[ab"), "[ab")).toBe(true);
  });
  it("case changes only the characters that match a non-empty pattern, and only the first without doubling", () => {
    expect(changeCase("hello", [], true, true)).toBe("HELLO");
    expect(changeCase("hello", [], true, false)).toBe("Hello");
    expect(changeCase("Hello", toks("[lo]"), true, true)).toBe("HeLLO");
    expect(changeCase("hello", toks("[lo]"), true, false)).toBe("hello");
    expect(changeCase("", [], true, true)).toBe("");
  });
  it("substrings: negative offsets count from the end, a negative length stops before it, past the start is an error", () => {
    const s = [..."abcdef"];
    expect(slice(s, 2, null, "").join("")).toBe("cdef");
    expect(slice(s, -2, null, "").join("")).toBe("ef");
    expect(slice(s, -7, null, "").join("")).toBe("");
    expect(slice(s, 6, null, "").join("")).toBe("");
    expect(slice(s, 7, null, "").join("")).toBe("");
    expect(slice(s, 2, -1, "-1").join("")).toBe("cde");
    expect(slice(s, 2, -4, "-4").join("")).toBe("");
    expect(() => slice(s, 2, -5, "-5")).toThrow("-5: substring expression < 0");
    expect(slice(s, 1, 0, "0").join("")).toBe("");
  });
  it("a long replacement asks the caller's stop predicate as it goes, so a deadline can end it", () => {
    const v = "a".repeat(2000);
    let ticks = 0;
    // `a*b` fails at every place only after reading to the end: the slowest kind of pattern
    expect(replace(v, toks("a*b"), true, "", () => "", () => void ticks++)).toBe(v);
    expect(ticks).toBe(2000);
    expect(() =>
      replace(v, toks("a*b"), true, "", () => "", () => {
        if (++ticks > 2100) throw new Error("stopped");
      }),
    ).toThrow("stopped");
  });
});
