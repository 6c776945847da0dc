import { describe, expect, it } from "vitest";
import { openTestDatabase } from "#lib/test/db-fixture";

const { prisma } = await openTestDatabase("ss");
const stats = await import("./item-stats");
const { sweepSharedState } = await import("./shared-state");

describe("item-statistics refreshes as due rows", () => {
  it("an answer's refresh is stored before it runs; flushing runs and removes it", { timeout: 30_000 }, async () => {
    stats.scheduleItemStatsRefresh("learner-x");
    await stats.flushItemStatsRefresh();
    expect(await prisma.itemStatsDue.count()).toBe(0);
  });

  it("a refresh whose server died is run by another server's sweep once it is due, not before, and only once", { timeout: 30_000 }, async () => {
    const dueAt = new Date("2026-12-07T05:00:02.000Z");
    await prisma.itemStatsDue.create({ data: { key: "all", dueAt } }); // scheduled by a server that then died
    await prisma.itemStat.create({ data: { itemId: "gone-item", n: 1, facility: 1, sd: 0, flags: "[]", options: "[]", updatedAt: dueAt } });
    expect(await stats.runDueItemStatsRefreshes(new Date(dueAt.getTime() - 1))).toBe(0);
    expect(await prisma.itemStat.count({ where: { itemId: "gone-item" } })).toBe(1);
    const claimed = await Promise.all([stats.runDueItemStatsRefreshes(dueAt), stats.runDueItemStatsRefreshes(dueAt)]);
    expect(claimed.sort()).toEqual([0, 1]);
    // the refresh recomputed the table from the (absent) answers
    expect(await prisma.itemStat.count({ where: { itemId: "gone-item" } })).toBe(0);
    expect(await prisma.itemStatsDue.count()).toBe(0);
  });
});

describe("the shared-state sweep", () => {
  it("forgets sign-in throttle records a day after their last failure", async () => {
    const now = new Date("2026-12-07T05:00:00.000Z");
    const day = 24 * 3600 * 1000;
    await prisma.authThrottle.createMany({ data: [{ key: "old", failures: 3, last: BigInt(now.getTime() - day) }, { key: "recent", failures: 3, last: BigInt(now.getTime() - day + 1) }] });
    expect((await sweepSharedState(now)).throttles).toBe(1);
    expect((await prisma.authThrottle.findMany({ select: { key: true } })).map((r) => r.key)).toEqual(["recent"]);
  });
});
