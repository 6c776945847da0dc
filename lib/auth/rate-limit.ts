/**
 * Request limits by a sliding-window counter: at most `limit` counted events per key in any `windowMs`, estimated
 * as the count of the current fixed window plus the previous window's count weighted by how much of it still lies
 * inside the last `windowMs` (windows aligned to the epoch, so every server computes the same ones). Refused
 * requests are not counted, so hammering does not prolong a lock. The counts live in a `CounterStore`: the
 * database (lib/data/shared-state.ts), so several servers share one limit, or memory (tests, tools); each count is
 * one atomic add, so concurrent requests on any servers never count from the same value.
 */
export type RateLimiterOptions = {
  /** prefix of every key in the store, so limiters sharing one store (one table) never count each other's keys */
  name?: string;
  limit: number;
  windowMs: number;
  now?: () => number;
};

export type RateLimitState = { locked: boolean; retryAfterMs: number; failures: number };

/** Where the counters live. `window` is the window's index (start / windowMs); rows may be forgotten after `expiresAt` (ms). */
export interface CounterStore {
  /** Adds `delta` to the key's counter in that window and returns the new count (atomically). */
  add(key: string, window: number, delta: number, expiresAt: number): Promise<number>;
  read(key: string, window: number): Promise<number>;
  clear(key: string): Promise<void>;
}

export type RateLimiter = {
  /** The key's state now, counting nothing. */
  check(key: string): Promise<RateLimitState>;
  /** Counts one event; locked once the limit is reached. */
  recordFailure(key: string): Promise<RateLimitState>;
  /** Counts one request if it may go on (the limit-th in a window passes); refused (locked), nothing is counted. */
  hit(key: string): Promise<RateLimitState>;
  reset(key: string): Promise<void>;
};

/** A limiter over `store` (keys are whatever the caller counts by). */
export function createRateLimiter({ name, limit, windowMs, now = Date.now }: RateLimiterOptions, store: CounterStore): RateLimiter {
  if (!(limit >= 1) || !(windowMs > 0)) throw new Error("rate limiter needs limit >= 1 and windowMs > 0");
  const k = (key: string) => (name ? `${name}:${key}` : key);
  const at = () => {
    const t = now();
    const window = Math.floor(t / windowMs);
    return { t, window, expiresAt: (window + 2) * windowMs };
  };
  /** The state for the counts as they stand: locked while one more event would take the estimate past `limit`. */
  function state(t: number, window: number, prev: number, curr: number): RateLimitState {
    const end = (window + 1) * windowMs;
    const estimate = prev * ((end - t) / windowMs) + curr;
    const room = limit - 1;
    if (estimate <= room) return { locked: false, failures: Math.ceil(estimate), retryAfterMs: 0 };
    // the first moment the estimate is down to `room`: in this window as the previous one's weight fades, or in
    // the next, as this one's does
    const until = curr > room ? end + windowMs - (windowMs * room) / curr : end - (windowMs * (room - curr)) / prev;
    return { locked: true, failures: Math.ceil(estimate), retryAfterMs: Math.max(1, Math.ceil(until - t)) };
  }
  return {
    async check(key) {
      const w = at();
      const [prev, curr] = await Promise.all([store.read(k(key), w.window - 1), store.read(k(key), w.window)]);
      return state(w.t, w.window, prev, curr);
    },
    async recordFailure(key) {
      const w = at();
      const [prev, curr] = await Promise.all([store.read(k(key), w.window - 1), store.add(k(key), w.window, 1, w.expiresAt)]);
      return state(w.t, w.window, prev, curr);
    },
    async hit(key) {
      const w = at();
      const [prev, curr] = await Promise.all([store.read(k(key), w.window - 1), store.add(k(key), w.window, 1, w.expiresAt)]);
      const s = state(w.t, w.window, prev, curr - 1);
      // Over the limit: take the count back (a refused request is not counted).
      if (s.locked) await store.add(k(key), w.window, -1, w.expiresAt);
      return s.locked ? s : { ...s, failures: s.failures + 1 };
    },
    reset: (key) => store.clear(k(key)),
  };
}

/** Counters in this process's memory (bounded: the stalest keys are forgotten beyond `maxKeys`). */
export function memoryCounterStore(maxKeys = 10_000): CounterStore {
  // Map keeps insertion order: re-inserting on each add makes the first entry the stalest.
  const counts = new Map<string, number>();
  const id = (key: string, window: number) => `${window}\0${key}`;
  return {
    async add(key, window, delta) {
      const next = (counts.get(id(key, window)) ?? 0) + delta;
      counts.delete(id(key, window));
      counts.set(id(key, window), next);
      while (counts.size > maxKeys) counts.delete(counts.keys().next().value as string);
      return next;
    },
    async read(key, window) {
      return counts.get(id(key, window)) ?? 0;
    },
    async clear(key) {
      for (const c of [...counts.keys()]) if (c.slice(c.indexOf("\0") + 1) === key) counts.delete(c);
    },
  };
}
