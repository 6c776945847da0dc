import "server-only";
// Anonymous visitors' attempts in the database (issue 17): any server can serve the next command of a visitor
// whose last one another server answered, and a server that dies loses nothing. A visitor is the signed
// `kc_ex_anon` cookie's session id; they are forgotten ANON_TTL_MS after their last start or command.
import { prisma } from "#lib/db";
import { Prisma } from "#lib/generated/prisma/client";
import { decodeEntry, encodeEntry, newId, type AttemptStore, type StoredCheck, type StoredGrade } from "#lib/exercise/store";
import { attemptSelect, importAttempts, toAttemptDto } from "./exercises";
import { sqlBigInt } from "./sql";

// Prisma Int is 32 bits on both databases (PostgreSQL refuses a larger parameter for an integer column).
const INT32_MAX = 2_147_483_647;

/** How long a visitor's attempts are kept after their last start or command (the cookie's lifetime). */
export const ANON_TTL_MS = 7 * 24 * 3600 * 1000;
/** Attempts one visitor keeps; a new one beyond it drops the oldest. */
export const MAX_ANON_ATTEMPTS_PER_VISITOR = 10;
/** How long one server may hold a visitor's move at sign-in before another may take it over. */
export const MOVE_LEASE_MS = 30_000;


function isUniqueViolation(e: unknown): boolean {
  if (!(e instanceof Prisma.PrismaClientKnownRequestError)) return false;
  return e.code === "P2002" || (e.code === "P2010" && /UNIQUE constraint failed|duplicate key/i.test(e.message));
}

/** Rolls the append's transaction back with the reason nothing was written. */
class Refused extends Error {
  constructor(readonly reason: "notFound" | "attemptFull" | "dayFull") {
    super(reason);
  }
}

/**
 * The attempts of one anonymous visitor as lib/exercise's store port. Every call is scoped to `sid`; the log is
 * append-only with (attemptId, seq) unique, so two servers appending at once end in one entry and one conflict.
 */
export function anonymousAttemptStore(sid: string, now: () => Date = () => new Date()): AttemptStore {
  const own = (id: string) => ({ id, sid });
  return {
    owner: `anon:${sid}`,
    anonymous: true,
    async create(input) {
      const t = now();
      return prisma.$transaction(async (tx) => {
        const expiresAt = new Date(t.getTime() + ANON_TTL_MS);
        await tx.anonVisitor.upsert({ where: { sid }, create: { sid, expiresAt }, update: { expiresAt }, select: { sid: true } });
        const a = await tx.anonAttempt.create({
          data: { id: newId("anon-"), sid, exerciseId: input.exerciseId, lessonSlug: input.lessonSlug, seed: input.seed, parameters: JSON.stringify(input.parameters), createdAt: t },
          select: attemptSelect,
        });
        const keep = await tx.anonAttempt.findMany({ where: { sid }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: MAX_ANON_ATTEMPTS_PER_VISITOR, select: { id: true } });
        await tx.anonAttempt.deleteMany({ where: { sid, id: { notIn: keep.map((k) => k.id) } } });
        return toAttemptDto(a);
      });
    },
    async get(id) {
      const a = await prisma.anonAttempt.findFirst({ where: own(id), select: attemptSelect });
      return a ? toAttemptDto(a) : null;
    },
    async latest(exerciseId) {
      const a = await prisma.anonAttempt.findFirst({ where: { sid, exerciseId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: attemptSelect });
      return a ? toAttemptDto(a) : null;
    },
    countLog: (id) => prisma.anonCommand.count({ where: { attemptId: id, attempt: { sid } } }),
    async lastEntryAt(id) {
      const c = await prisma.anonCommand.findFirst({ where: { attemptId: id, attempt: { sid } }, orderBy: { seq: "desc" }, select: { createdAt: true } });
      if (c?.createdAt) return c.createdAt.getTime();
      const a = await prisma.anonAttempt.findFirst({ where: own(id), select: { createdAt: true } });
      return a ? a.createdAt.getTime() : null;
    },
    async listLog(id) {
      const rows = await prisma.anonCommand.findMany({ where: { attemptId: id, attempt: { sid } }, orderBy: { seq: "asc" }, select: { seq: true, kind: true, payload: true, exitCode: true } });
      return rows.map((r) => ({ seq: r.seq, entry: decodeEntry(r.kind, r.payload), exitCode: r.exitCode }));
    },
    async append(id, e, caps) {
      const { kind, payload } = encodeEntry(e.entry);
      const n = Buffer.byteLength(payload);
      const t = now();
      const day = t.toISOString().slice(0, 10);
      const attemptCap = caps?.attemptBytes ?? Number.MAX_SAFE_INTEGER;
      const dayCap = caps?.dayBytes ?? Number.MAX_SAFE_INTEGER;
      try {
        await prisma.$transaction(async (tx) => {
          // Each counter moves only while it stays within its cap; the insert's unique key catches a second writer.
          const grown = await tx.anonAttempt.updateMany({ where: { ...own(id), logBytes: { lte: Math.min(attemptCap - n, INT32_MAX) } }, data: { logBytes: { increment: n } } });
          if (grown.count !== 1) throw new Refused((await tx.anonAttempt.count({ where: own(id) })) ? "attemptFull" : "notFound");
          const dayOk = await tx.$executeRaw`
            UPDATE "AnonVisitor" SET "dayBytes" = (CASE WHEN "day" = ${day} THEN "dayBytes" ELSE 0 END) + ${n}, "day" = ${day}
            WHERE "sid" = ${sid} AND (CASE WHEN "day" = ${day} THEN "dayBytes" ELSE 0 END) + ${n} <= ${sqlBigInt(dayCap)}`;
          if (dayOk !== 1) throw new Refused("dayFull");
          await tx.anonVisitor.update({ where: { sid }, data: { expiresAt: new Date(t.getTime() + ANON_TTL_MS) }, select: { sid: true } });
          await tx.anonCommand.create({ data: { attemptId: id, seq: e.seq, kind, payload, exitCode: e.exitCode, createdAt: t }, select: { seq: true } });
        });
        return "ok";
      } catch (err) {
        if (err instanceof Refused) return err.reason;
        if (isUniqueViolation(err)) return "conflict";
        throw err;
      }
    },
    async listGrades(id) {
      const rows = await prisma.anonGrade.findMany({ where: { attemptId: id, attempt: { sid } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { createdAt: true, score: true, passed: true, checks: true } });
      return rows.map((r): StoredGrade => ({ at: r.createdAt.toISOString(), score: r.score, passed: r.passed, checks: JSON.parse(r.checks) as StoredCheck[] }));
    },
    async recordGrade(id, g) {
      const at = now();
      return prisma.$transaction(async (tx) => {
        if (!(await tx.anonAttempt.count({ where: own(id) }))) return null;
        await tx.anonGrade.create({ data: { attemptId: id, score: g.score, passed: g.passed, checks: JSON.stringify(g.checks), createdAt: at }, select: { id: true } });
        if (g.passed) await tx.anonAttempt.updateMany({ where: { ...own(id), passedAt: null }, data: { status: "PASSED", passedAt: at } });
        return { at: at.toISOString(), ...g };
      });
    },
    async recordHints(id, count) {
      const a = await prisma.anonAttempt.updateMany({ where: { ...own(id), hintsUsed: { lt: count } }, data: { hintsUsed: count } });
      return a.count === 1 || (await prisma.anonAttempt.count({ where: own(id) })) === 1;
    },
    async recordSolutionRevealed(id) {
      await prisma.anonAttempt.updateMany({ where: { ...own(id), solutionRevealedAt: null }, data: { solutionRevealedAt: now() } });
    },
    async getCheckpoint(id) {
      const a = await prisma.anonAttempt.findFirst({ where: own(id), select: { checkpointSeq: true, checkpoint: true } });
      return a && a.checkpointSeq !== null && a.checkpoint !== null ? { seq: a.checkpointSeq, data: a.checkpoint } : null;
    },
    async putCheckpoint(id, seq, data) {
      // never replaces a later one (two servers may store checkpoints of one attempt)
      await prisma.anonAttempt.updateMany({ where: { ...own(id), OR: [{ checkpointSeq: null }, { checkpointSeq: { lt: seq } }] }, data: { checkpointSeq: seq, checkpoint: data } });
    },
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Saves an anonymous visitor's attempts (same ids, logs, gradings) to the account they signed in to and forgets
 * the visitor. One server at a time: it claims the visitor's row with a lease (an UPDATE that only one server's
 * statement can win); a request arriving meanwhile on any server waits until the move is done, or takes the
 * move over once the lease has passed (the mover died). Saving is idempotent (an attempt already saved is
 * skipped), so a taken-over move finishes what a dead server started. Returns how many attempts were saved.
 */
export async function moveAnonymousAttempts(user: { id: string }, sid: string, opts: { now?: () => Date; waitMs?: number; pollMs?: number } = {}): Promise<number> {
  const now = opts.now ?? (() => new Date());
  const giveUpAt = Date.now() + (opts.waitMs ?? 10_000);
  for (;;) {
    const t = now();
    const claimed = await prisma.anonVisitor.updateMany({
      where: { sid, OR: [{ movingUntil: null }, { movingUntil: { lte: t } }] },
      data: { movingUntil: new Date(t.getTime() + MOVE_LEASE_MS) },
    });
    if (claimed.count === 1) break;
    if (!(await prisma.anonVisitor.count({ where: { sid } }))) return 0; // nothing (left) to move
    if (Date.now() >= giveUpAt) throw new Error(`the move of anonymous attempts is held by another request for more than ${opts.waitMs ?? 10_000} ms`);
    await pause(opts.pollMs ?? 50);
  }
  try {
    const rows = await prisma.anonAttempt.findMany({
      where: { sid }, orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { ...attemptSelect, commands: { orderBy: { seq: "asc" }, select: { seq: true, kind: true, payload: true, exitCode: true } }, grades: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { createdAt: true, score: true, passed: true, checks: true } } },
    });
    await importAttempts(user, rows.map(({ commands, grades, ...a }) => ({
      rec: toAttemptDto(a),
      log: commands,
      grades: grades.map((g) => ({ at: g.createdAt.toISOString(), score: g.score, passed: g.passed, checks: JSON.parse(g.checks) as StoredCheck[] })),
    })));
    await prisma.anonVisitor.deleteMany({ where: { sid } });
    return rows.length;
  } catch (e) {
    // give the claim back: the next request (here or on another server) tries again
    await prisma.anonVisitor.updateMany({ where: { sid }, data: { movingUntil: null } }).catch(() => undefined);
    throw e;
  }
}

/** Forgets visitors (and their attempts) past their expiry; returns how many. Run by any server's sweep. */
export async function deleteExpiredAnonymousVisitors(now = new Date()): Promise<number> {
  return (await prisma.anonVisitor.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}
