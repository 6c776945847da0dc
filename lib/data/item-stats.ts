import "server-only";
import { prisma } from "#lib/db";
import { indexedBy, orderedJoin } from "./sql";
import { startSharedStateSweeps } from "./shared-state";
import { quizBank } from "#lib/quiz/loader";
import { computeItemStats, type ItemStats } from "#lib/quiz/stats";
import { pickedOptionIndexes, type Response } from "#lib/quiz/variant";

/** How long after an answer the statistics are recomputed (answers arriving meanwhile share the refresh). */
export const STATS_DELAY_MS = 2000;

type FirstAnswer = { userId: string; itemId: string; score: number; seed: number; response: string };

export type ItemStatDto = {
  itemId: string; n: number; nRest: number; facility: number; sd: number; discrimination: number | null; ci: [number, number] | null; efficiency: number | null;
  flags: ItemStats["flags"]; options: number[]; updatedAt: string;
};
type StoredStat = Omit<ItemStatDto, "updatedAt">;

/** Every item's statistics (lib/quiz/stats.ts) and per-option counts from learners' first answers. */
function statsOf(rows: readonly FirstAnswer[]): StoredStat[] {
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
  return stats.map((s) => ({
    itemId: s.item, n: s.n, nRest: s.nRest, facility: s.facility, sd: s.sd, discrimination: s.discrimination, ci: s.ci, efficiency: s.efficiency,
    flags: s.flags, options: optionCounts.get(s.item) ?? [],
  }));
}

/** Recomputes every item's statistics from all learners' first answers and replaces the stored ones. */
export async function refreshItemStats(now = new Date()): Promise<number> {
  const rows = await prisma.quizAnswer.findMany({ where: { first: true, countsForStats: true }, select: { userId: true, itemId: true, score: true, seed: true, response: true } });
  const data = statsOf(rows).map((s) => ({
    itemId: s.itemId, n: s.n, facility: s.facility, sd: s.sd, discrimination: s.discrimination, ciLow: s.ci?.[0] ?? null, ciHigh: s.ci?.[1] ?? null,
    efficiency: s.efficiency, flags: JSON.stringify(s.flags), options: JSON.stringify(s.options), updatedAt: now,
  }));
  await prisma.$transaction([prisma.itemStat.deleteMany({}), prisma.itemStat.createMany({ data })]);
  return data.length;
}

/**
 * What a cohort's statistics depend on: how many counted first answers its members have and the latest one. It
 * changes with a member's new first answer, and with a member who has answers joining or being removed.
 */
async function cohortBasis(cohortId: string): Promise<string> {
  // From CohortMember (its key leads with cohortId) into QuizAnswer's (userId, itemId, createdAt) index.
  const [r] = await prisma.$queryRaw<{ n: bigint | number; at: string | Date | null }[]>`
    SELECT COUNT(*) AS n, MAX(q."createdAt") AS at
    FROM "CohortMember" m ${orderedJoin()} "QuizAnswer" q ${indexedBy("QuizAnswer_userId_itemId_createdAt_idx")} ON q."userId" = m."userId"
    WHERE m."cohortId" = ${cohortId} AND q."first" = TRUE AND q."countsForStats" = TRUE`;
  // SQLite reads the timestamp as its stored text, PostgreSQL as a Date.
  return `${Number(r?.n ?? 0)}:${r?.at instanceof Date ? r.at.toISOString() : (r?.at ?? "")}`;
}

async function cohortFirstAnswers(cohortId: string): Promise<FirstAnswer[]> {
  const rows = await prisma.$queryRaw<(Omit<FirstAnswer, "score" | "seed"> & { score: bigint | number; seed: bigint | number })[]>`
    SELECT q."userId", q."itemId", q."score", q."seed", q."response"
    FROM "CohortMember" m ${orderedJoin()} "QuizAnswer" q ${indexedBy("QuizAnswer_userId_itemId_createdAt_idx")} ON q."userId" = m."userId"
    WHERE m."cohortId" = ${cohortId} AND q."first" = TRUE AND q."countsForStats" = TRUE`;
  return rows.map((r) => ({ ...r, score: Number(r.score), seed: Number(r.seed) }));
}

/** Recomputes one cohort's item statistics over its members' first answers and stores them with their basis. */
export async function refreshCohortItemStats(cohortId: string, now = new Date()): Promise<StoredStat[]> {
  // The basis is read first: an answer landing during the computation makes the stored basis stale, never newer.
  const basis = await cohortBasis(cohortId);
  const stats = statsOf(await cohortFirstAnswers(cohortId));
  const data = JSON.stringify(stats);
  await prisma.cohortItemStats.upsert({ where: { cohortId }, create: { cohortId, basis, data, updatedAt: now }, update: { basis, data, updatedAt: now } });
  return stats;
}

/**
 * A cohort's item statistics (its members only; the caller checks the actor may see the cohort). The stored ones
 * when their basis still holds, else recomputed now: a read never shows statistics older than the answers, even
 * when the scheduled refresh was lost (a restart, another server).
 */
export async function listCohortItemStats(cohortId: string): Promise<ItemStatDto[]> {
  const [stored, basis] = await Promise.all([prisma.cohortItemStats.findUnique({ where: { cohortId }, select: { basis: true, data: true, updatedAt: true } }), cohortBasis(cohortId)]);
  if (stored && stored.basis === basis) {
    const at = stored.updatedAt.toISOString();
    return (JSON.parse(stored.data) as StoredStat[]).map((s) => ({ ...s, updatedAt: at }));
  }
  const now = new Date();
  return (await refreshCohortItemStats(cohortId, now)).map((s) => ({ ...s, updatedAt: now.toISOString() }));
}

// A refresh that is due is a row (ItemStatsDue: "all", and "learner:<id>" for the cohorts of a learner who answered),
// so it survives the server that scheduled it: that server runs it STATS_DELAY_MS later (its timer is only the fast
// path), and any server's periodic sweep (`runDueItemStatsRefreshes`, lib/data/shared-state.ts) runs one whose
// server died. Whoever deletes a row does its work; a read recomputes stale cohort statistics in any case.
type Pending = { timer: ReturnType<typeof setTimeout> | null; writing: Set<Promise<unknown>>; running: Promise<void> | null };
const g = globalThis as unknown as { __kubeclassStatsPending?: Pending };
const pending = (g.__kubeclassStatsPending ??= { timer: null, writing: new Set(), running: null });

/** Records that a refresh is due at `dueAt` (an earlier due time already recorded stands). */
async function markDue(key: string, dueAt: Date): Promise<void> {
  try {
    await prisma.itemStatsDue.create({ data: { key, dueAt }, select: { key: true } });
  } catch (e) {
    if ((e as { code?: string }).code !== "P2002") throw e; // already due: that refresh will include this answer
  }
}

/**
 * Runs the refreshes that are due (all of them with `all`, else those due by `now`): the global statistics and
 * those of every cohort the answering learners belong to. Each row is claimed by deleting it, so with several
 * servers each refresh runs once. Returns how many rows this call claimed.
 */
async function runRefreshes(opts: { all: boolean; now: Date }): Promise<number> {
  const rows = await prisma.itemStatsDue.findMany({ where: opts.all ? {} : { dueAt: { lte: opts.now } }, select: { key: true, dueAt: true } });
  const claimed: string[] = [];
  for (const r of rows) if ((await prisma.itemStatsDue.deleteMany({ where: { key: r.key, dueAt: r.dueAt } })).count === 1) claimed.push(r.key);
  if (!claimed.length) return 0;
  const learners = claimed.filter((k) => k.startsWith("learner:")).map((k) => k.slice("learner:".length));
  if (claimed.includes("all")) await refreshItemStats();
  if (learners.length) {
    const cohorts = await prisma.cohortMember.findMany({ where: { userId: { in: learners } }, distinct: ["cohortId"], select: { cohortId: true } });
    for (const c of cohorts) await refreshCohortItemStats(c.cohortId);
  }
  return claimed.length;
}

async function run(task: () => Promise<number>): Promise<number> {
  let n = 0;
  const r = (async () => {
    await Promise.allSettled([...pending.writing]);
    n = await task();
  })();
  pending.running = r;
  try {
    await r;
  } finally {
    if (pending.running === r) pending.running = null;
  }
  return n;
}

/** Runs every pending refresh now (this server's scheduled one, and any other's). */
export async function flushItemStatsRefresh(): Promise<void> {
  if (pending.timer) clearTimeout(pending.timer);
  pending.timer = null;
  await run(() => runRefreshes({ all: true, now: new Date() }));
}

/** The periodic sweep's part: refreshes due by `now` whose server did not run them (it died, or is slow). */
export async function runDueItemStatsRefreshes(now = new Date()): Promise<number> {
  return run(() => runRefreshes({ all: false, now }));
}

/** Resolves once a refresh that is running has finished (tests: after the timer fired). */
export async function itemStatsRefreshDone(): Promise<void> {
  await pending.running;
}

/**
 * Asks for a refresh in STATS_DELAY_MS (answers arriving meanwhile share it; a learner's answer also refreshes
 * their cohorts). The request is stored first, so it is not lost with this server; failures are retried by the
 * next answer or the sweep, and a cohort read recomputes stale statistics itself.
 */
export function scheduleItemStatsRefresh(learnerId?: string): void {
  startSharedStateSweeps();
  const dueAt = new Date(Date.now() + STATS_DELAY_MS);
  const w = Promise.all([markDue("all", dueAt), ...(learnerId ? [markDue(`learner:${learnerId}`, dueAt)] : [])]).catch(() => undefined);
  pending.writing.add(w);
  void w.finally(() => pending.writing.delete(w));
  if (pending.timer) return;
  pending.timer = setTimeout(() => {
    pending.timer = null;
    flushItemStatsRefresh().catch(() => undefined);
  }, STATS_DELAY_MS);
  pending.timer.unref?.();
}
