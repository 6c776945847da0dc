import type { RateLimiterOptions } from "./rate-limit";

/**
 * Progressive delay for guessing: a key may fail `freeFailures` times freely; after that each further try
 * must wait `baseDelayMs * 2^(failures - freeFailures)` (at most `maxDelayMs`) after the last failure. Tries
 * refused for being early are not counted, so hammering does not lengthen the wait, and a key is forgotten
 * after `forgetAfterMs` without a failure. Nothing is ever locked for longer than `maxDelayMs`.
 */
export type ThrottleOptions = {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
} & Pick<RateLimiterOptions, "maxKeys" | "now">;

export type ThrottleState = { allowed: boolean; retryAfterMs: number; failures: number };

export type Throttle = {
  check(key: string): ThrottleState;
  /** Counts a failed try (call it only for tries that `check` allowed). */
  recordFailure(key: string): ThrottleState;
  /** Takes back one counted failure: a try counted up front (before its outcome was known) that succeeded. */
  forgive(key: string): void;
  reset(key: string): void;
};

/** A throttle with the given policy (see the top of this file); keys are whatever the caller counts by. */
export function createThrottle({ freeFailures, baseDelayMs, maxDelayMs, forgetAfterMs, maxKeys = 10_000, now = Date.now }: ThrottleOptions): Throttle {
  if (!(freeFailures >= 0) || !(baseDelayMs > 0) || !(maxDelayMs >= baseDelayMs) || !(forgetAfterMs >= maxDelayMs)) {
    throw new Error("throttle needs freeFailures >= 0, 0 < baseDelayMs <= maxDelayMs <= forgetAfterMs");
  }
  // Map keeps insertion order: re-inserting on each failure makes the first entry the stalest.
  const entries = new Map<string, { failures: number; last: number }>();

  function live(key: string, t: number) {
    const e = entries.get(key);
    if (e && t - e.last >= forgetAfterMs) {
      entries.delete(key);
      return undefined;
    }
    return e;
  }

  function delay(failures: number): number {
    if (failures < freeFailures) return 0;
    return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(failures - freeFailures, 40));
  }

  function state(e: { failures: number; last: number } | undefined, t: number): ThrottleState {
    if (!e) return { allowed: true, retryAfterMs: 0, failures: 0 };
    const wait = Math.max(0, e.last + delay(e.failures) - t);
    return { allowed: wait === 0, retryAfterMs: wait, failures: e.failures };
  }

  return {
    check(key) {
      const t = now();
      return state(live(key, t), t);
    },
    recordFailure(key) {
      const t = now();
      const e = { failures: (live(key, t)?.failures ?? 0) + 1, last: t };
      entries.delete(key);
      entries.set(key, e);
      while (entries.size > maxKeys) entries.delete(entries.keys().next().value as string);
      return state(e, t);
    },
    forgive(key) {
      const e = live(key, now());
      if (!e) return;
      if (e.failures <= 1) entries.delete(key);
      else e.failures -= 1;
    },
    reset(key) {
      entries.delete(key);
    },
  };
}
