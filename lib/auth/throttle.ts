import type { RateLimiterOptions } from "./rate-limit";

/**
 * Progressive delay for guessing: a key may fail `freeFailures` times freely; after that each further try
 * must wait `baseDelayMs * 2^(failures - freeFailures)` (at most `maxDelayMs`) after the last failure. Tries
 * refused for being early are not counted, so hammering does not lengthen the wait, and a key is forgotten
 * after `forgetAfterMs` without a failure. Nothing is ever locked for longer than `maxDelayMs`.
 * Records live in a `ThrottleStore` (the database, lib/data/shared-state.ts, so every server sees every
 * failure; or memory in tests) and change only by compare-and-set, so two servers cannot both count from the
 * same record.
 */
export type ThrottleOptions = {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
} & Pick<RateLimiterOptions, "now">;

export type ThrottleState = { allowed: boolean; retryAfterMs: number; failures: number };
export type ThrottleRecord = { failures: number; last: number };

/** Where throttle records live. `swap` replaces `expected` (null: none) by `next` (null: delete) only if the record is still `expected`. */
export interface ThrottleStore {
  get(key: string): Promise<ThrottleRecord | null>;
  swap(key: string, expected: ThrottleRecord | null, next: ThrottleRecord | null): Promise<boolean>;
}

export type Throttle = {
  check(key: string): Promise<ThrottleState>;
  /** Counts a failed try (call it only for tries that `check` allowed). */
  recordFailure(key: string): Promise<ThrottleState>;
  /** Counts a try up front only if it is allowed now (check and count in one step): `allowed` says it was let through and counted; refused, nothing is counted. */
  take(key: string): Promise<ThrottleState>;
  /** Takes back one counted failure: a try counted up front (before its outcome was known) that succeeded. */
  forgive(key: string): Promise<void>;
  reset(key: string): Promise<void>;
};

const MAX_SWAPS = 50;

/** A throttle with the given policy (see the top of this file) over `store`; keys are whatever the caller counts by. */
export function createThrottle({ freeFailures, baseDelayMs, maxDelayMs, forgetAfterMs, now = Date.now }: ThrottleOptions, store: ThrottleStore): Throttle {
  if (!(freeFailures >= 0) || !(baseDelayMs > 0) || !(maxDelayMs >= baseDelayMs) || !(forgetAfterMs >= maxDelayMs)) {
    throw new Error("throttle needs freeFailures >= 0, 0 < baseDelayMs <= maxDelayMs <= forgetAfterMs");
  }
  const live = (e: ThrottleRecord | null, t: number) => (e && t - e.last < forgetAfterMs ? e : null);

  function delay(failures: number): number {
    if (failures < freeFailures) return 0;
    return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(failures - freeFailures, 40));
  }

  function state(e: ThrottleRecord | null, t: number): ThrottleState {
    if (!e) return { allowed: true, retryAfterMs: 0, failures: 0 };
    const wait = Math.max(0, e.last + delay(e.failures) - t);
    return { allowed: wait === 0, retryAfterMs: wait, failures: e.failures };
  }

  /** Read, decide, compare-and-set; again when another writer got there first. */
  async function update(key: string, decide: (e: ThrottleRecord | null, t: number) => { next: ThrottleRecord | null; out: ThrottleState } | null): Promise<ThrottleState | null> {
    for (let i = 0; i < MAX_SWAPS; i++) {
      const stored = await store.get(key);
      const t = now();
      const d = decide(live(stored, t), t);
      if (!d) return null;
      if (await store.swap(key, stored, d.next)) return d.out;
    }
    throw new Error(`throttle: ${key} kept changing under ${MAX_SWAPS} tries`);
  }

  const fail = (e: ThrottleRecord | null, t: number) => {
    const next = { failures: (e?.failures ?? 0) + 1, last: t };
    return { next, out: state(next, t) };
  };

  return {
    async check(key) {
      const t = now();
      return state(live(await store.get(key), t), t);
    },
    async recordFailure(key) {
      return (await update(key, fail))!;
    },
    async take(key) {
      let refused: ThrottleState | null = null;
      const out = await update(key, (e, t) => {
        const s = state(e, t);
        if (s.allowed) {
          const next = { failures: (e?.failures ?? 0) + 1, last: t };
          return { next, out: { allowed: true, retryAfterMs: 0, failures: next.failures } };
        }
        refused = s;
        return null;
      });
      return out ?? refused!;
    },
    async forgive(key) {
      await update(key, (e) => (e ? { next: e.failures <= 1 ? null : { ...e, failures: e.failures - 1 }, out: state(null, 0) } : null));
    },
    async reset(key) {
      await update(key, (e, t) => (e ? { next: null, out: state(null, t) } : null));
    },
  };
}

/** Throttle records in this process's memory (tests and tools; bounded: the stalest beyond `maxKeys` are forgotten). */
export function memoryThrottleStore(maxKeys = 10_000): ThrottleStore {
  const entries = new Map<string, ThrottleRecord>();
  const same = (a: ThrottleRecord | null, b: ThrottleRecord | null) => (a === null || b === null ? a === b : a.failures === b.failures && a.last === b.last);
  return {
    async get(key) {
      const e = entries.get(key);
      return e ? { ...e } : null;
    },
    async swap(key, expected, next) {
      if (!same(entries.get(key) ?? null, expected)) return false;
      entries.delete(key);
      if (next) entries.set(key, { ...next });
      while (entries.size > maxKeys) entries.delete(entries.keys().next().value as string);
      return true;
    },
  };
}
