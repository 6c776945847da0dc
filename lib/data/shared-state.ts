import "server-only";
// State several servers share (issue 17): rate-limit counters and sign-in throttle records in the database,
// and the sweep any server runs to clear what has expired. Nothing here is kept in a process.
import { prisma } from "#lib/db";
import { Prisma } from "#lib/generated/prisma/client";
import type { CounterStore } from "#lib/auth/rate-limit";
import type { ThrottleRecord, ThrottleStore } from "#lib/auth/throttle";
import { deleteExpiredAnonymousVisitors } from "./anon-attempts";

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

/**
 * Rate-limit counters in the RateLimitCounter table: one upsert per counted request (Prisma's native upsert,
 * INSERT ... ON CONFLICT DO UPDATE count + delta, on SQLite and PostgreSQL), so concurrent requests on any servers
 * each get their own count.
 */
export function sharedCounterStore(): CounterStore {
  return {
    async add(key, window, delta, expiresAt) {
      const id = { key_window: { key, window: BigInt(window) } };
      for (let i = 0; ; i++) {
        try {
          const row = await prisma.rateLimitCounter.upsert({
            where: id, create: { key, window: BigInt(window), count: delta, expiresAt: new Date(expiresAt) }, update: { count: { increment: delta } }, select: { count: true },
          });
          return row.count;
        } catch (e) {
          // a racing first insert of the same window: the row exists now, so the update path wins next time
          if (!isUniqueViolation(e) || i >= 2) throw e;
        }
      }
    },
    async read(key, window) {
      const row = await prisma.rateLimitCounter.findUnique({ where: { key_window: { key, window: BigInt(window) } }, select: { count: true } });
      return row?.count ?? 0;
    },
    async clear(key) {
      await prisma.rateLimitCounter.deleteMany({ where: { key } });
    },
  };
}

/** Sign-in throttle records in the AuthThrottle table, changed by compare-and-set on (failures, last). */
export function sharedThrottleStore(): ThrottleStore {
  return {
    async get(key) {
      const row = await prisma.authThrottle.findUnique({ where: { key }, select: { failures: true, last: true } });
      return row ? { failures: row.failures, last: Number(row.last) } : null;
    },
    async swap(key, expected: ThrottleRecord | null, next: ThrottleRecord | null) {
      if (!expected) {
        if (!next) return !(await prisma.authThrottle.count({ where: { key } }));
        try {
          await prisma.authThrottle.create({ data: { key, failures: next.failures, last: BigInt(next.last) }, select: { key: true } });
          return true;
        } catch (e) {
          if (isUniqueViolation(e)) return false;
          throw e;
        }
      }
      const where = { key, failures: expected.failures, last: BigInt(expected.last) };
      const r = next
        ? await prisma.authThrottle.updateMany({ where, data: { failures: next.failures, last: BigInt(next.last) } })
        : await prisma.authThrottle.deleteMany({ where });
      return r.count === 1;
    },
  };
}

/** Throttle records older than this are forgotten by the sweep (every policy forgets a key within an hour). */
const THROTTLE_KEEP_MS = 24 * 3600 * 1000;

/** Deletes what has expired: rate-limit windows, old throttle records, anonymous visitors past their time. */
export async function sweepSharedState(now = new Date()): Promise<{ counters: number; throttles: number; visitors: number }> {
  const counters = (await prisma.rateLimitCounter.deleteMany({ where: { expiresAt: { lte: now } } })).count;
  const throttles = (await prisma.authThrottle.deleteMany({ where: { last: { lte: BigInt(now.getTime() - THROTTLE_KEEP_MS) } } })).count;
  const visitors = await deleteExpiredAnonymousVisitors(now);
  return { counters, throttles, visitors };
}

/** How often each server sweeps (with jitter, so several servers do not all sweep at once). */
export const SWEEP_EVERY_MS = 30_000;

/**
 * Starts this server's periodic sweep (once per process; called on the back of exercise and quiz requests, so a
 * server that serves anything sweeps): expired shared state, and item-statistics refreshes that fell due without
 * their server running them. Any server may do either; each row is claimed by one.
 */
export function startSharedStateSweeps(): void {
  const g = globalThis as unknown as { __kubeclassSharedSweep?: ReturnType<typeof setTimeout> };
  if (g.__kubeclassSharedSweep) return;
  const tick = async () => {
    try {
      const { runDueItemStatsRefreshes } = await import("./item-stats");
      await runDueItemStatsRefreshes();
      await sweepSharedState();
    } catch {
      // the database is busy or away: the next tick tries again
    }
    g.__kubeclassSharedSweep = setTimeout(() => void tick(), SWEEP_EVERY_MS * (0.75 + Math.random() / 2));
    g.__kubeclassSharedSweep.unref?.();
  };
  g.__kubeclassSharedSweep = setTimeout(() => void tick(), SWEEP_EVERY_MS * Math.random());
  g.__kubeclassSharedSweep.unref?.();
}
