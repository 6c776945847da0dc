import { describe, expect, it } from "vitest";
import { createThrottle } from "./throttle";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}
const opts = { freeFailures: 3, baseDelayMs: 1_000, maxDelayMs: 8_000, forgetAfterMs: 60_000 };

describe("createThrottle", () => {
  it("free failures pass with no wait; the next try waits the base delay, to the millisecond", () => {
    const c = clock();
    const th = createThrottle({ ...opts, now: c.now });
    for (let i = 1; i <= 2; i++) expect(th.recordFailure("a")).toEqual({ allowed: true, retryAfterMs: 0, failures: i });
    expect(th.recordFailure("a")).toEqual({ allowed: false, retryAfterMs: 1_000, failures: 3 });
    c.advance(999);
    expect(th.check("a")).toEqual({ allowed: false, retryAfterMs: 1, failures: 3 });
    c.advance(1);
    expect(th.check("a").allowed).toBe(true);
  });

  it("the wait doubles with each further failure and stops growing at the cap", () => {
    const c = clock();
    const th = createThrottle({ ...opts, now: c.now });
    const waits: number[] = [];
    for (let i = 1; i <= 8; i++) {
      c.advance(th.check("a").retryAfterMs);
      waits.push(th.recordFailure("a").retryAfterMs);
    }
    expect(waits).toEqual([0, 0, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it("tries refused for being early are not counted: hammering does not lengthen the wait", () => {
    const c = clock();
    const th = createThrottle({ ...opts, now: c.now });
    for (let i = 0; i < 3; i++) th.recordFailure("a");
    for (let i = 0; i < 50; i++) {
      c.advance(10);
      expect(th.check("a").allowed).toBe(false);
    }
    c.advance(500);
    expect(th.check("a")).toEqual({ allowed: true, retryAfterMs: 0, failures: 3 });
  });

  it("keys are independent (an attacker's failures on one key leave another alone)", () => {
    const th = createThrottle({ ...opts, now: clock().now });
    for (let i = 0; i < 5; i++) th.recordFailure("victim@example.test");
    expect(th.check("victim@example.test").allowed).toBe(false);
    expect(th.check("someone-else@example.test")).toEqual({ allowed: true, retryAfterMs: 0, failures: 0 });
  });

  it("a key is forgotten exactly forgetAfterMs after its last failure", () => {
    const c = clock();
    const th = createThrottle({ ...opts, now: c.now });
    for (let i = 0; i < 4; i++) th.recordFailure("a");
    c.advance(59_999);
    expect(th.check("a").failures).toBe(4);
    c.advance(1);
    expect(th.check("a")).toEqual({ allowed: true, retryAfterMs: 0, failures: 0 });
  });

  it("forgive takes back one failure; reset clears the key", () => {
    const th = createThrottle({ ...opts, now: clock().now });
    for (let i = 0; i < 3; i++) th.recordFailure("a");
    th.forgive("a");
    expect(th.check("a")).toEqual({ allowed: true, retryAfterMs: 0, failures: 2 });
    th.forgive("a");
    th.forgive("a");
    th.forgive("a");
    expect(th.check("a").failures).toBe(0);
    th.recordFailure("b");
    th.reset("b");
    expect(th.check("b").failures).toBe(0);
  });

  it("remembers at most maxKeys keys, forgetting the stalest", () => {
    const c = clock();
    const th = createThrottle({ ...opts, freeFailures: 0, maxKeys: 2, now: c.now });
    th.recordFailure("a");
    th.recordFailure("b");
    th.recordFailure("a");
    th.recordFailure("c");
    expect(th.check("b").failures).toBe(0);
    expect(th.check("a").failures).toBe(2);
    expect(th.check("c").failures).toBe(1);
  });

  it("refuses nonsense options", () => {
    expect(() => createThrottle({ ...opts, baseDelayMs: 0 })).toThrow();
    expect(() => createThrottle({ ...opts, maxDelayMs: 500 })).toThrow();
    expect(() => createThrottle({ ...opts, forgetAfterMs: 1_000 })).toThrow();
    expect(() => createThrottle({ ...opts, freeFailures: -1 })).toThrow();
  });
});
