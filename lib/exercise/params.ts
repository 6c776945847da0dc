// Parameters drawn from an attempt's seed, and {{placeholder}} substitution.
import type { Parameter } from "./schema";

export type Params = Record<string, string | number>;

/** mulberry32: a small deterministic PRNG (never the host's Math.random). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string, used to salt the seed with the exercise id. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

/**
 * The parameters of an attempt: a pure function of (exercise id, parameter specs, seed). `extra` draws the
 * kinds a caller adds (quiz items add computed ones); it sees the parameters drawn before it.
 */
export function drawParameters<S extends object = Parameter>(exerciseId: string, specs: Record<string, Parameter | S>, seed: number, extra?: (spec: S, drawn: Params) => string | number): Params {
  const rnd = prng(fnv1a(exerciseId) ^ (seed >>> 0));
  const out: Params = {};
  for (const [name, raw] of Object.entries(specs)) {
    const spec = raw as Parameter;
    if (!("pick" in spec || "int" in spec || "name" in spec || "value" in spec)) {
      if (!extra) throw new Error(`parameter ${name}: unknown kind`);
      out[name] = extra(raw as S, out);
    } else if ("pick" in spec) out[name] = substitute(spec.pick[Math.floor(rnd() * spec.pick.length)], out);
    else if ("int" in spec) {
      const [lo, hi] = spec.int[0] <= spec.int[1] ? spec.int : [spec.int[1], spec.int[0]];
      out[name] = lo + Math.floor(rnd() * (hi - lo + 1));
    } else if ("name" in spec) {
      let s = spec.name;
      for (let i = 0; i < 4; i++) s += ALNUM[Math.floor(rnd() * ALNUM.length)];
      out[name] = s;
    } else out[name] = substitute(spec.value, out);
  }
  return out;
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g;

/** Replace {{name}} in strings, deeply in arrays and objects (keys too, e.g. file names). */
export function substitute<T>(value: T, params: Params): T {
  if (typeof value === "string") return value.replace(PLACEHOLDER, (m, k: string) => (k in params ? String(params[k]) : m)) as T;
  if (Array.isArray(value)) return value.map((v) => substitute(v, params)) as T;
  if (value && typeof value === "object") {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) o[substitute(k, params)] = substitute(v, params);
    return o as T;
  }
  return value;
}
