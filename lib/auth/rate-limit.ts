/** A failure-counting limiter: after `limit` failures inside `windowMs` a key is locked until the oldest expires. */
export type RateLimiterOptions = {
  limit: number;
  windowMs: number;
  /** Upper bound on remembered keys; the least recently failed are forgotten first. */
  maxKeys?: number;
  now?: () => number;
};

export type RateLimitState = { locked: boolean; retryAfterMs: number; failures: number };

export type RateLimiter = {
  check(key: string): RateLimitState;
  recordFailure(key: string): RateLimitState;
  reset(key: string): void;
};

export function createRateLimiter({ limit, windowMs, maxKeys = 10_000, now = Date.now }: RateLimiterOptions): RateLimiter {
  if (!(limit >= 1) || !(windowMs > 0)) throw new Error("rate limiter needs limit >= 1 and windowMs > 0");
  // Map keeps insertion order: re-inserting on each failure makes the first entry the stalest.
  const failures = new Map<string, number[]>();

  function live(key: string, t: number): number[] {
    const stamps = (failures.get(key) ?? []).filter((s) => t - s < windowMs);
    if (stamps.length === 0) failures.delete(key);
    else failures.set(key, stamps);
    return stamps;
  }

  function state(stamps: number[], t: number): RateLimitState {
    const locked = stamps.length >= limit;
    return { locked, failures: stamps.length, retryAfterMs: locked ? stamps[stamps.length - limit] + windowMs - t : 0 };
  }

  return {
    check(key) {
      const t = now();
      return state(live(key, t), t);
    },
    recordFailure(key) {
      const t = now();
      const stamps = live(key, t);
      stamps.push(t);
      if (stamps.length > limit) stamps.splice(0, stamps.length - limit);
      failures.delete(key);
      failures.set(key, stamps);
      while (failures.size > maxKeys) failures.delete(failures.keys().next().value as string);
      return state(stamps, t);
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
