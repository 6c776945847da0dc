/** Small pure helpers shared by the simulator: PRNG, hashing, quantities, selectors, cloning. */

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Obj = Record<string, any>;

/** Seeded PRNG (mulberry32): the state is one uint32 so snapshots can carry it. */
export function prngNext(state: { rng: number }): number {
  state.rng = (state.rng + 0x6d2b79f5) >>> 0;
  let t = state.rng;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Alphabet of k8s.io/apimachinery/pkg/util/rand (k8s-reference §2.3). */
export const SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** `generateName` suffix: 5 chars from the safe alphabet (apiserver storage/names/generate.go). */
export function randomSuffix(state: { rng: number }, n = 5): string {
  let s = "";
  for (let i = 0; i < n; i++) s += SAFE_ALPHABET[Math.floor(prngNext(state) * SAFE_ALPHABET.length)];
  return s;
}

/** FNV-1a 32-bit over a string (used for pod-template-hash like controller.ComputeHash). */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString(fmt.Sprint(hash)): one alphabet char per decimal digit byte (§2.3). */
export function safeEncode(n: number): string {
  const digits = String(n);
  let out = "";
  for (let i = 0; i < digits.length; i++) out += SAFE_ALPHABET[digits.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/**
 * A memo of at most `limit` entries: `get(key, make)` returns the remembered value or makes, keeps and returns it;
 * the oldest entry goes first when full. For caches of derived values (compiled patterns, parsed texts).
 */
export function boundedMemo<K, V>(limit: number): { get(key: K, make: () => V): V; has(key: K): boolean; set(key: K, v: V): void } {
  const m = new Map<K, V>();
  const set = (key: K, v: V) => {
    if (m.size >= limit) m.delete(m.keys().next().value as K);
    m.set(key, v);
  };
  return {
    get(key, make) {
      if (m.has(key)) return m.get(key) as V;
      const v = make();
      set(key, v);
      return v;
    },
    has: (key) => m.has(key),
    set,
  };
}

/** JSON with sorted keys: stable input for hashes. */
export function stableStringify(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return "[" + v.map(stableStringify).join(",") + "]";
  const keys = Object.keys(v as Obj).filter((k) => (v as Obj)[k] !== undefined).sort();
  return "{" + keys.map((k) => JSON.stringify(k) + ":" + stableStringify((v as Obj)[k])).join(",") + "}";
}

/** Deep clone of plain JSON data. */
export function clone<T>(v: T): T {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(clone) as T;
  const out: Obj = {};
  for (const k in v as Obj) {
    const x = (v as Obj)[k];
    if (x !== undefined) out[k] = clone(x);
  }
  return out as T;
}

/** Structural equality of JSON data (undefined fields ignored), without building strings. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Obj, bo = b as Obj;
  let na = 0;
  for (const k in ao) {
    if (ao[k] === undefined) continue;
    na++;
    if (!deepEqual(ao[k], bo[k])) return false;
  }
  let nb = 0;
  for (const k in bo) if (bo[k] !== undefined) nb++;
  return na === nb;
}

/** Two stored objects are equal apart from resourceVersion/managedFields. */
export function sameObject(a: Obj, b: Obj): boolean {
  for (const k in a) {
    if (k === "metadata") continue;
    if (!deepEqual(a[k], b[k])) return false;
  }
  for (const k in b) if (k !== "metadata" && a[k] === undefined && b[k] !== undefined) return false;
  const am = a.metadata ?? {}, bm = b.metadata ?? {};
  for (const k in am) if (k !== "resourceVersion" && k !== "managedFields" && !deepEqual(am[k], bm[k])) return false;
  for (const k in bm) if (k !== "resourceVersion" && k !== "managedFields" && am[k] === undefined && bm[k] !== undefined) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Quantities (k8s.io/apimachinery/pkg/api/resource), enough for cpu/memory/storage.
const SUFFIX: Record<string, number> = {
  "": 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6,
};
const QUANTITY_RE = /^([+-]?[0-9.]+)(e[+-]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** Parse a quantity to a number of base units (cores, bytes); NaN when malformed. */
export function parseQuantity(q: unknown): number {
  if (typeof q === "number") return q;
  if (typeof q !== "string") return NaN;
  const m = QUANTITY_RE.exec(q.trim());
  if (!m || m[1] === "." || m[1] === "") return NaN;
  const base = Number(m[1]);
  if (!Number.isFinite(base)) return NaN;
  const suf = m[2] ?? "";
  if (suf.startsWith("e")) return base * Math.pow(10, Number(suf.slice(1)));
  return base * SUFFIX[suf];
}

const DEC_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN_SUFFIX: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };

/**
 * The canonical string of a Quantity, as its String()/MarshalJSON prints it ("1024Mi" -> "1Gi",
 * "1.5Gi" -> "1536Mi", "1500" -> "1500", "0.5" -> "500m"); the input unchanged when malformed.
 * Mirrors CanonicalizeBytes in apimachinery pkg/api/resource/quantity.go.
 */
export function canonicalQuantity(q: string): string {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|[numkMGTPE])?$/.exec(q.trim());
  if (!m || (!m[2] && !m[3])) return q;
  const neg = m[1] === "-";
  const frac = m[3] ?? "";
  const suffix = m[4] ?? "";
  let mant = BigInt((m[2] || "0") + frac);
  const exp = -frac.length;
  if (mant === 0n) return "0";
  const decimal = (mt: bigint, e: number, exponentFormat: boolean): string => {
    if (e < -9) {
      // parsing rounds up to nano precision
      const d = 10n ** BigInt(-9 - e);
      mt = (mt + d - 1n) / d;
      e = -9;
    }
    while (mt % 10n === 0n) { mt /= 10n; e++; }
    const r = ((e % 3) + 3) % 3;
    mt *= 10n ** BigInt(r);
    e -= r;
    const sfx = exponentFormat ? (e === 0 ? "" : `e${e}`) : Object.entries(DEC_SUFFIX).find(([, v]) => v === e)?.[0] ?? `e${e}`;
    return `${neg ? "-" : ""}${mt}${sfx}`;
  };
  if (suffix in BIN_SUFFIX) {
    mant *= 1024n ** BigInt(BIN_SUFFIX[suffix]);
    const den = 10n ** BigInt(-exp);
    if (mant % den !== 0n) return decimal(mant, exp, false);
    let v = mant / den;
    if (v < 1024n) return decimal(v, 0, false);
    let n = 0;
    while (v % 1024n === 0n && n < 6) { v /= 1024n; n++; }
    return `${neg ? "-" : ""}${v}${["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][n]}`;
  }
  if (/^[eE]/.test(suffix)) return decimal(mant, exp + Number(suffix.slice(1)), true);
  return decimal(mant, exp + DEC_SUFFIX[suffix], false);
}

/** CPU quantity in millicores (rounded up like Quantity.MilliValue for our purposes). */
export function milliCpu(q: unknown): number {
  const v = parseQuantity(q);
  return Number.isFinite(v) ? Math.round(v * 1000) : 0;
}

export function bytes(q: unknown): number {
  const v = parseQuantity(q);
  return Number.isFinite(v) ? Math.round(v) : 0;
}

/** Format millicores like kubectl/quota messages: "500m", "1", "1500m". */
export function formatMilli(m: number): string {
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}

/** Format bytes with the largest exact binary suffix ("600Mi", "1Gi"). */
export function formatBytes(b: number): string {
  for (const [s, f] of [["Ei", 1024 ** 6], ["Pi", 1024 ** 5], ["Ti", 1024 ** 4], ["Gi", 1024 ** 3], ["Mi", 1024 ** 2], ["Ki", 1024]] as const) {
    if (b >= f && b % f === 0) return `${b / f}${s}`;
  }
  return String(b);
}

// ---------------------------------------------------------------------------------------------
// Label selectors.
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** metav1.LabelSelector semantics; an empty selector matches everything, null matches nothing. */
export function matchesSelector(sel: LabelSelector | undefined | null, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  for (const k in sel.matchLabels ?? {}) if (l[k] !== sel.matchLabels![k]) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const vals = e.values ?? [];
    switch (e.operator) {
      case "In": if (!has || !vals.includes(l[e.key])) return false; break;
      case "NotIn": if (has && vals.includes(l[e.key])) return false; break;
      case "Exists": if (!has) return false; break;
      case "DoesNotExist": if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** Service-style map selector (all pairs equal). Empty map matches nothing for Services. */
export function matchesMap(sel: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  for (const k in sel) if (l[k] !== sel[k]) return false;
  return true;
}

/** Parse a kubectl-style selector string ("a=b,c!=d,e in (x,y),!f,g"). Returns null when malformed. */
export function parseSelectorString(s: string): LabelSelector | null {
  const sel: LabelSelector = { matchLabels: {}, matchExpressions: [] };
  const parts: string[] = [];
  let depth = 0, cur = "";
  for (const ch of s) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) { parts.push(cur); cur = ""; } else cur += ch;
  }
  if (cur.trim()) parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    if (!p) continue;
    let m: RegExpExecArray | null;
    if ((m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p))) {
      sel.matchExpressions!.push({ key: m[1], operator: m[2] === "in" ? "In" : "NotIn", values: m[3].split(",").map((x) => x.trim()).filter(Boolean) });
    } else if ((m = /^([\w./-]+)\s*!=\s*([\w./-]*)$/.exec(p))) {
      sel.matchExpressions!.push({ key: m[1], operator: "NotIn", values: [m[2]] });
    } else if ((m = /^([\w./-]+)\s*==?\s*([\w./-]*)$/.exec(p))) {
      sel.matchLabels![m[1]] = m[2];
    } else if ((m = /^!([\w./-]+)$/.exec(p))) {
      sel.matchExpressions!.push({ key: m[1], operator: "DoesNotExist" });
    } else if ((m = /^([\w./-]+)$/.exec(p))) {
      sel.matchExpressions!.push({ key: m[1], operator: "Exists" });
    } else return null;
  }
  return sel;
}

/** Selector as kubectl prints it ("app=nginx,tier in (a,b)"). */
export function selectorString(sel: LabelSelector | undefined): string {
  if (!sel) return "";
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === "In") parts.push(`${e.key} in (${(e.values ?? []).join(",")})`);
    else if (e.operator === "NotIn") parts.push(`${e.key} notin (${(e.values ?? []).join(",")})`);
    else if (e.operator === "Exists") parts.push(e.key);
    else parts.push(`!${e.key}`);
  }
  return parts.join(",");
}

/** Resolve an int-or-percent against a total (k8s intstr.GetScaledValueFromIntOrPercent). */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean, dflt: number | string): number {
  const x = v ?? dflt;
  if (typeof x === "number") return x;
  const m = /^(\d+)%$/.exec(x);
  if (!m) return Number(x) || 0;
  const f = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(f) : Math.floor(f);
}

/** Go-style RFC3339 timestamp for virtual ms since the simulator epoch. */
export const EPOCH_MS = Date.UTC(2026, 0, 1, 0, 0, 0);
let isoMemoKey = NaN;
let isoMemoVal = "";
export function isoTime(ms: number): string {
  const sec = Math.floor(ms / 1000);
  if (sec === isoMemoKey) return isoMemoVal;
  isoMemoKey = sec;
  isoMemoVal = new Date(EPOCH_MS + sec * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  return isoMemoVal;
}
export function parseIsoTime(s: string | undefined): number {
  if (!s) return NaN;
  return new Date(s).getTime() - EPOCH_MS;
}
