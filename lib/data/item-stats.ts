import "server-only";
import { prisma } from "#lib/db";
import { quizBank } from "#lib/quiz/loader";
import { computeItemStats, type ItemStats } from "#lib/quiz/stats";
import { pickedOptionIndexes, type Response } from "#lib/quiz/variant";

/** How long after an answer the statistics are recomputed (answers arriving meanwhile share the refresh). */
export const STATS_DELAY_MS = 2000;

/** Recomputes every item's statistics from learners' first answers and replaces the stored ones. */
export async function refreshItemStats(now = new Date()): Promise<number> {
  const rows = await prisma.quizAnswer.findMany({ where: { first: true, countsForStats: true }, select: { userId: true, itemId: true, score: true, seed: true, response: true } });
  const stats = computeItemStats(rows.map((r) => ({ learner: r.userId, item: r.itemId, score: r.score / 1000 })));
  const bank = quizBank();
  const optionCounts = new Map<string, number[]>();
  for (const r of rows) {
    const item = bank.byId.get(r.itemId)?.item;
    if (!item || !("options" in item) || !item.options) continue;
    const counts = optionCounts.get(r.itemId) ?? item.options.map(() => 0);
    for (const k of pickedOptionIndexes(item, r.seed, JSON.parse(r.response) as Response)) counts[k] += 1;
    optionCounts.set(r.itemId, counts);
  }
  const data = stats.map((s: ItemStats) => ({
    itemId: s.item, n: s.n, facility: s.facility, sd: s.sd, discrimination: s.discrimination, ciLow: s.ci?.[0] ?? null, ciHigh: s.ci?.[1] ?? null,
    efficiency: s.efficiency, flags: JSON.stringify(s.flags), options: JSON.stringify(optionCounts.get(s.item) ?? []), updatedAt: now,
  }));
  await prisma.$transaction([prisma.itemStat.deleteMany({}), prisma.itemStat.createMany({ data })]);
  return data.length;
}

const g = globalThis as unknown as { __kubeclassStatsTimer?: ReturnType<typeof setTimeout> | null };

/** Asks for a refresh in STATS_DELAY_MS (one pending refresh at a time; failures are retried by the next answer). */
export function scheduleItemStatsRefresh(): void {
  if (g.__kubeclassStatsTimer) return;
  g.__kubeclassStatsTimer = setTimeout(() => {
    g.__kubeclassStatsTimer = null;
    refreshItemStats().catch(() => undefined);
  }, STATS_DELAY_MS);
  g.__kubeclassStatsTimer.unref?.();
}

export type ItemStatDto = { itemId: string; n: number; facility: number; sd: number; discrimination: number | null; ci: [number, number] | null; efficiency: number | null; flags: string[]; options: number[]; updatedAt: string };

/** The stored statistics of every item (instructor dashboards read these). */
export async function listItemStats(): Promise<ItemStatDto[]> {
  const rows = await prisma.itemStat.findMany({ orderBy: { itemId: "asc" } });
  return rows.map((r) => ({
    itemId: r.itemId, n: r.n, facility: r.facility, sd: r.sd, discrimination: r.discrimination, ci: r.ciLow !== null && r.ciHigh !== null ? [r.ciLow, r.ciHigh] : null,
    efficiency: r.efficiency, flags: JSON.parse(r.flags) as string[], options: JSON.parse(r.options) as number[], updatedAt: r.updatedAt.toISOString(),
  }));
}
