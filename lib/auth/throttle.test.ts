import { describe, expect, it } from "vitest";
import { openTestDatabase } from "#lib/test/db-fixture";
import { createThrottle, memoryThrottleStore, type ThrottleOptions, type ThrottleStore } from "./throttle";

const { prisma } = await openTestDatabase("th");
const { sharedThrottleStore } = await import("#lib/data/shared-state");

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}
const opts = { freeFailures: 3, baseDelayMs: 1_000, maxDelayMs: 8_000, forgetAfterMs: 60_000 };

// The same policy over the memory store (tests, tools) and the database store (every server); keys are unique per
// test because the database is shared by the whole file.
let n = 0;
const stores: [string, () => ThrottleStore][] = [["memory", () => memoryThrottleStore()], ["database", () => sharedThrottleStore()]];
describe.each(stores)("createThrottle over the %s store", (_name, store) => {
  const make = (o: Partial<ThrottleOptions> & { now: () => number }) => createThrottle({ ...opts, ...o }, store());
  const key = () => `k${++n}`;

  it("free failures pass with no wait; the next try waits the base delay, to the millisecond", async () => {
    const c = clock();
    const th = make({ now: c.now });
    const a = key();
    for (let i = 1; i <= 2; i++) expect(await th.recordFailure(a)).toEqual({ allowed: true, retryAfterMs: 0, failures: i });
    expect(await th.recordFailure(a)).toEqual({ allowed: false, retryAfterMs: 1_000, failures: 3 });
    c.advance(999);
    expect(await th.check(a)).toEqual({ allowed: false, retryAfterMs: 1, failures: 3 });
    c.advance(1);
    expect((await th.check(a)).allowed).toBe(true);
  });

  it("the wait doubles with each further failure and stops growing at the cap", async () => {
    const c = clock();
    const th = make({ now: c.now });
    const a = key();
    const waits: number[] = [];
    for (let i = 1; i <= 8; i++) {
      c.advance((await th.check(a)).retryAfterMs);
      waits.push((await th.recordFailure(a)).retryAfterMs);
    }
    expect(waits).toEqual([0, 0, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it("tries refused for being early are not counted: take refuses without counting", async () => {
    const c = clock();
    const th = make({ now: c.now });
    const a = key();
    for (let i = 0; i < 3; i++) expect((await th.take(a)).allowed).toBe(true);
    for (let i = 0; i < 5; i++) {
      c.advance(100);
      expect(await th.take(a)).toMatchObject({ allowed: false, failures: 3 });
    }
    c.advance(500);
    expect(await th.check(a)).toEqual({ allowed: true, retryAfterMs: 0, failures: 3 });
    expect(await th.take(a)).toEqual({ allowed: true, retryAfterMs: 0, failures: 4 });
    expect(await th.take(a)).toEqual({ allowed: false, retryAfterMs: 2_000, failures: 4 });
  });

  it("keys are independent (an attacker's failures on one key leave another alone)", async () => {
    const th = make({ now: clock().now });
    const victim = key();
    for (let i = 0; i < 5; i++) await th.recordFailure(victim);
    expect((await th.check(victim)).allowed).toBe(false);
    expect(await th.check(key())).toEqual({ allowed: true, retryAfterMs: 0, failures: 0 });
  });

  it("a key is forgotten exactly forgetAfterMs after its last failure", async () => {
    const c = clock();
    const th = make({ now: c.now });
    const a = key();
    for (let i = 0; i < 4; i++) await th.recordFailure(a);
    c.advance(59_999);
    expect((await th.check(a)).failures).toBe(4);
    c.advance(1);
    expect(await th.check(a)).toEqual({ allowed: true, retryAfterMs: 0, failures: 0 });
    // counting again starts from one, not from the forgotten record
    expect((await th.recordFailure(a)).failures).toBe(1);
  });

  it("forgive takes back one failure; reset clears the key", async () => {
    const th = make({ now: clock().now });
    const [a, b] = [key(), key()];
    for (let i = 0; i < 3; i++) await th.recordFailure(a);
    await th.forgive(a);
    expect(await th.check(a)).toEqual({ allowed: true, retryAfterMs: 0, failures: 2 });
    for (let i = 0; i < 3; i++) await th.forgive(a);
    expect((await th.check(a)).failures).toBe(0);
    await th.recordFailure(b);
    await th.reset(b);
    expect((await th.check(b)).failures).toBe(0);
  });

  it("parallel takes from several throttles on one store (several servers) let exactly the free tries through", async () => {
    const c = clock();
    const s = store();
    const servers = [createThrottle({ ...opts, now: c.now }, s), createThrottle({ ...opts, now: c.now }, s)];
    const a = key();
    const out = await Promise.all(Array.from({ length: 12 }, (_, i) => servers[i % 2].take(a)));
    expect(out.filter((o) => o.allowed)).toHaveLength(opts.freeFailures);
    expect((await servers[0].check(a)).failures).toBe(opts.freeFailures);
  });

  it("refuses nonsense options", () => {
    expect(() => make({ now: Date.now, baseDelayMs: 0 })).toThrow();
    expect(() => make({ now: Date.now, maxDelayMs: 500 })).toThrow();
    expect(() => make({ now: Date.now, forgetAfterMs: 1_000 })).toThrow();
    expect(() => make({ now: Date.now, freeFailures: -1 })).toThrow();
  });
});

describe("the memory throttle store", () => {
  it("remembers at most maxKeys keys, forgetting the stalest", async () => {
    const th = createThrottle({ ...opts, freeFailures: 0, now: clock().now }, memoryThrottleStore(2));
    await th.recordFailure("a");
    await th.recordFailure("b");
    await th.recordFailure("a");
    await th.recordFailure("c");
    expect((await th.check("b")).failures).toBe(0);
    expect((await th.check("a")).failures).toBe(2);
    expect((await th.check("c")).failures).toBe(1);
  });
});

describe("the database throttle store", () => {
  it("a swap from a record that changed meanwhile writes nothing", async () => {
    const s = sharedThrottleStore();
    expect(await s.swap("cas", null, { failures: 1, last: 5 })).toBe(true);
    expect(await s.swap("cas", null, { failures: 1, last: 6 })).toBe(false);
    expect(await s.swap("cas", { failures: 1, last: 4 }, { failures: 2, last: 6 })).toBe(false);
    expect(await s.get("cas")).toEqual({ failures: 1, last: 5 });
    expect(await s.swap("cas", { failures: 1, last: 5 }, null)).toBe(true);
    expect(await prisma.authThrottle.count({ where: { key: "cas" } })).toBe(0);
  });
});
