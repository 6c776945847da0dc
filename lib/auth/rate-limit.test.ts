import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limit";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("createRateLimiter", () => {
  it("locks on the limit-th failure, not before", () => {
    const c = clock();
    const rl = createRateLimiter({ limit: 5, windowMs: 60_000, now: c.now });
    for (let i = 1; i <= 4; i++) expect(rl.recordFailure("a").locked).toBe(false);
    expect(rl.check("a")).toEqual({ locked: false, failures: 4, retryAfterMs: 0 });
    expect(rl.recordFailure("a").locked).toBe(true);
    expect(rl.check("a").locked).toBe(true);
  });

  it("keys are independent", () => {
    const rl = createRateLimiter({ limit: 1, windowMs: 1000, now: clock().now });
    rl.recordFailure("a");
    expect(rl.check("a").locked).toBe(true);
    expect(rl.check("b").locked).toBe(false);
  });

  it("unlocks exactly when the oldest counted failure leaves the window", () => {
    const c = clock();
    const rl = createRateLimiter({ limit: 2, windowMs: 10_000, now: c.now });
    rl.recordFailure("a");
    c.advance(4_000);
    rl.recordFailure("a");
    expect(rl.check("a")).toEqual({ locked: true, failures: 2, retryAfterMs: 6_000 });
    c.advance(5_999);
    expect(rl.check("a").locked).toBe(true);
    c.advance(1);
    expect(rl.check("a")).toEqual({ locked: false, failures: 1, retryAfterMs: 0 });
  });

  it("the lock lasts until the limit-th newest failure expires", () => {
    const c = clock();
    const rl = createRateLimiter({ limit: 2, windowMs: 10_000, now: c.now });
    rl.recordFailure("a"); // t=0
    c.advance(3_000);
    rl.recordFailure("a"); // t=3 s: locked until 10 s
    c.advance(6_000);
    expect(rl.recordFailure("a").retryAfterMs).toBe(4_000); // t=9 s: counted are 3 s and 9 s -> until 13 s
    c.advance(3_999);
    expect(rl.check("a").locked).toBe(true);
    c.advance(1);
    expect(rl.check("a")).toEqual({ locked: false, failures: 1, retryAfterMs: 0 });
  });

  it("reset clears a key", () => {
    const rl = createRateLimiter({ limit: 1, windowMs: 1000, now: clock().now });
    rl.recordFailure("a");
    rl.reset("a");
    expect(rl.check("a").locked).toBe(false);
  });

  it("forgets the stalest keys beyond maxKeys", () => {
    const c = clock();
    const rl = createRateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 2, now: c.now });
    rl.recordFailure("a");
    rl.recordFailure("b");
    rl.recordFailure("c");
    expect(rl.check("a").locked).toBe(false);
    expect(rl.check("b").locked).toBe(true);
    expect(rl.check("c").locked).toBe(true);
  });

  it("refuses nonsense options", () => {
    expect(() => createRateLimiter({ limit: 0, windowMs: 1000 })).toThrow();
    expect(() => createRateLimiter({ limit: 1, windowMs: 0 })).toThrow();
  });
});
