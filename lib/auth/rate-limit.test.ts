import { describe, expect, it } from "vitest";
import { openTestDatabase } from "#lib/test/db-fixture";
import { createRateLimiter, memoryCounterStore, type CounterStore } from "./rate-limit";

const { prisma } = await openTestDatabase("rl");
const { sharedCounterStore, sweepSharedState } = await import("#lib/data/shared-state");

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

let n = 0;
const stores: [string, () => CounterStore][] = [["memory", () => memoryCounterStore()], ["database", () => sharedCounterStore()]];
describe.each(stores)("createRateLimiter over the %s store", (_name, store) => {
  const name = () => `t${++n}`;

  it("locks on the limit-th failure, not before; hit lets the limit-th request through and refuses the next", async () => {
    const c = clock();
    const rl = createRateLimiter({ name: name(), limit: 5, windowMs: 60_000, now: c.now }, store());
    for (let i = 1; i <= 4; i++) expect((await rl.recordFailure("a")).locked).toBe(false);
    expect(await rl.check("a")).toEqual({ locked: false, failures: 4, retryAfterMs: 0 });
    expect((await rl.recordFailure("a")).locked).toBe(true);
    expect((await rl.check("a")).locked).toBe(true);
    for (let i = 1; i <= 5; i++) expect((await rl.hit("b")).locked).toBe(false);
    expect((await rl.hit("b")).locked).toBe(true);
  });

  it("keys and limiters are independent", async () => {
    const s = store();
    const one = createRateLimiter({ name: name(), limit: 1, windowMs: 1000, now: clock().now }, s);
    const two = createRateLimiter({ name: name(), limit: 1, windowMs: 1000, now: clock().now }, s);
    await one.recordFailure("a");
    expect((await one.check("a")).locked).toBe(true);
    expect((await one.check("b")).locked).toBe(false);
    expect((await two.check("a")).locked).toBe(false);
  });

  it("the previous window's count fades out linearly: locked 1 ms before the estimate is back under the limit, open at it", async () => {
    const c = clock(1_000_000); // windows of 10 s: [1 000 000, 1 010 000), [1 010 000, 1 020 000)
    const rl = createRateLimiter({ name: name(), limit: 2, windowMs: 10_000, now: c.now }, store());
    expect((await rl.hit("a")).locked).toBe(false);
    c.advance(4_000);
    expect(await rl.hit("a")).toEqual({ locked: false, failures: 2, retryAfterMs: 0 });
    // 2 in this window: the next may pass once 2 x (the share of the last 10 s still in it) + 0 <= 1, at 1 015 000
    expect(await rl.hit("a")).toEqual({ locked: true, failures: 2, retryAfterMs: 11_000 });
    c.advance(10_999);
    expect((await rl.hit("a")).locked).toBe(true);
    c.advance(1);
    expect((await rl.hit("a")).locked).toBe(false);
  });

  it("refused requests are not counted: hammering does not prolong the lock", async () => {
    const c = clock(2_000_000);
    const rl = createRateLimiter({ name: name(), limit: 3, windowMs: 10_000, now: c.now }, store());
    for (let i = 0; i < 3; i++) expect((await rl.hit("a")).locked).toBe(false);
    for (let i = 0; i < 20; i++) expect((await rl.hit("a")).locked).toBe(true);
    expect((await rl.check("a")).failures).toBe(3);
    // 3 x weight <= 2 from 2/3 into the next window's fade: 2 010 000 + 10 000 / 3
    c.advance(10_000 + Math.ceil(10_000 / 3));
    expect((await rl.hit("a")).locked).toBe(false);
  });

  it("reset clears a key", async () => {
    const rl = createRateLimiter({ name: name(), limit: 1, windowMs: 1000, now: clock().now }, store());
    await rl.recordFailure("a");
    await rl.reset("a");
    expect((await rl.check("a")).locked).toBe(false);
  });

  it("parallel requests through two limiters on one store (two servers) get exactly the limit through", async () => {
    const c = clock();
    const s = store();
    const nm = name();
    const servers = [createRateLimiter({ name: nm, limit: 7, windowMs: 60_000, now: c.now }, s), createRateLimiter({ name: nm, limit: 7, windowMs: 60_000, now: c.now }, s)];
    const out = await Promise.all(Array.from({ length: 20 }, (_, i) => servers[i % 2].hit("learner")));
    expect(out.filter((o) => !o.locked)).toHaveLength(7);
  });

  it("refuses nonsense options", () => {
    expect(() => createRateLimiter({ limit: 0, windowMs: 1000 }, store())).toThrow();
    expect(() => createRateLimiter({ limit: 1, windowMs: 0 }, store())).toThrow();
  });
});

describe("the memory counter store", () => {
  it("forgets the stalest keys beyond maxKeys", async () => {
    const rl = createRateLimiter({ limit: 1, windowMs: 60_000, now: clock().now }, memoryCounterStore(2));
    await rl.recordFailure("a");
    await rl.recordFailure("b");
    await rl.recordFailure("c");
    expect((await rl.check("a")).locked).toBe(false);
    expect((await rl.check("b")).locked).toBe(true);
    expect((await rl.check("c")).locked).toBe(true);
  });
});

describe("the database counter store", () => {
  it("the sweep deletes windows that no longer count only", async () => {
    const rl = createRateLimiter({ name: "sweep", limit: 1, windowMs: 10_000, now: () => 2_000_000 }, sharedCounterStore());
    await rl.hit("a"); // window [2 000 000, 2 010 000), weighed until 2 020 000
    await sweepSharedState(new Date(2_019_999));
    expect(await prisma.rateLimitCounter.count({ where: { key: "sweep:a" } })).toBe(1);
    await sweepSharedState(new Date(2_020_000));
    expect(await prisma.rateLimitCounter.count({ where: { key: "sweep:a" } })).toBe(0);
  });
});
