import "server-only";
// Mock-exam sessions in SQLite: the owner's store for lib/exam/service.ts, the overdue sweep, the learner's
// list of exams, an instructor's extra time, and missed checks into the review queue.
import { prisma } from "#lib/db";
import { Prisma } from "#lib/generated/prisma/client";
import { decodeEntry, encodeEntry, newId } from "#lib/exercise/store";
import { deadlineFor, MAX_EXTENSION } from "#lib/exam/rules";
import { examContent } from "#lib/exam/loader";
import type { ExamRecord, ExamStore, StoredExamEntry } from "#lib/exam/service";
import type { ExamItem, TaskGrade } from "#lib/exam/session";
import type { ExamSummary } from "#lib/exam/rules";
import { recordExerciseCheckEvidence } from "./quiz";
import { isUniqueViolation, sqlDate } from "./sql";

type Actor = { id: string };

const recordSelect = {
  id: true, userId: true, blueprintId: true, namedId: true, mode: true, seed: true, tasks: true, startedAt: true, deadline: true,
  extension: true, flags: true, notes: true, submittedAt: true, gradedAt: true, score: true, passed: true,
} as const;

function toRecord(r: Prisma.ExamSessionGetPayload<{ select: typeof recordSelect }>): ExamRecord {
  return {
    ...r, mode: r.mode === "practice" ? "practice" : "timed", items: JSON.parse(r.tasks) as ExamItem[], flags: JSON.parse(r.flags) as string[],
  };
}


/** The actor's exams as a store: every read and write is limited to rows the actor owns. */
export function examStoreFor(actor: Actor): ExamStore {
  const own = (id: string) => ({ id, userId: actor.id });
  return {
    owner: actor.id,
    async create(d) {
      const r = await prisma.examSession.create({
        data: {
          userId: actor.id, blueprintId: d.blueprintId, namedId: d.namedId, mode: d.mode, seed: d.seed, tasks: JSON.stringify(d.items),
          startedAt: d.startedAt, deadline: d.deadline, extension: d.extension,
        },
        select: recordSelect,
      });
      return toRecord(r);
    },
    async get(id) {
      const r = await prisma.examSession.findFirst({ where: own(id), select: recordSelect });
      return r ? toRecord(r) : null;
    },
    async recentTaskLists(n) {
      const rows = await prisma.examSession.findMany({ where: { userId: actor.id }, orderBy: { startedAt: "desc" }, take: n, select: { tasks: true } });
      return rows.map((r) => (JSON.parse(r.tasks) as ExamItem[]).map((i) => i.taskId));
    },
    async listLog(id) {
      const rows = await prisma.examCommand.findMany({
        where: { sessionId: id, session: { userId: actor.id } }, orderBy: { seq: "asc" },
        select: { seq: true, context: true, task: true, kind: true, payload: true, exitCode: true, createdAt: true },
      });
      return rows.map((r): StoredExamEntry => ({ seq: r.seq, context: r.context, task: r.task, exitCode: r.exitCode, at: r.createdAt, entry: decodeEntry(r.kind, r.payload) }));
    },
    async lastEntryAt(id) {
      const c = await prisma.examCommand.findFirst({ where: { sessionId: id, session: { userId: actor.id } }, orderBy: { seq: "desc" }, select: { createdAt: true } });
      if (c) return c.createdAt.getTime();
      const s = await prisma.examSession.findFirst({ where: { id, userId: actor.id }, select: { startedAt: true } });
      return s ? s.startedAt.getTime() : null;
    },
    async countLog(id) {
      return prisma.examCommand.count({ where: { sessionId: id, session: { userId: actor.id } } });
    },
    async append(id, e) {
      // One statement: the owner's exam, still open at `e.at` (lib/exam/rules.ts isOpen), and `seq` free.
      const { kind, payload } = encodeEntry(e.entry);
      const at = sqlDate(e.at);
      try {
        const inserted = await prisma.$executeRaw`
          INSERT INTO "ExamCommand" ("id", "sessionId", "seq", "context", "task", "kind", "payload", "exitCode", "createdAt")
          SELECT ${newId("x")}, "id", ${e.seq}, ${e.context}, ${e.task}, ${kind}, ${payload}, ${e.exitCode}, ${at}
          FROM "ExamSession"
          WHERE "id" = ${id} AND "userId" = ${actor.id} AND "submittedAt" IS NULL AND "gradedAt" IS NULL
            AND ("mode" = 'practice' OR "deadline" IS NULL OR "deadline" > ${at})`;
        return inserted === 1 ? "ok" : "closed";
      } catch (err) {
        if (isUniqueViolation(err)) return "conflict";
        throw err;
      }
    },
    async getCheckpoint(id) {
      return prisma.examCheckpoint.findFirst({ where: { sessionId: id, session: { userId: actor.id } }, select: { seq: true, data: true } });
    },
    async putCheckpoint(id, seq, data) {
      const updated = await prisma.examCheckpoint.updateMany({ where: { sessionId: id, seq: { lt: seq }, session: { userId: actor.id } }, data: { seq, data } });
      if (updated.count) return;
      try {
        await prisma.examCheckpoint.create({ data: { session: { connect: { id, userId: actor.id } }, seq, data }, select: { sessionId: true } });
      } catch (err) {
        // a later one is stored already (or a concurrent write won), or the exam is not the actor's
        if (isUniqueViolation(err) || (err instanceof Prisma.PrismaClientKnownRequestError && ["P2014", "P2018", "P2025"].includes(err.code))) return;
        throw err;
      }
    },
    async update(id, patch) {
      await prisma.examSession.updateMany({
        where: own(id),
        data: { ...(patch.flags ? { flags: JSON.stringify(patch.flags) } : {}), ...(patch.notes !== undefined ? { notes: patch.notes } : {}), ...(patch.submittedAt ? { submittedAt: patch.submittedAt } : {}) },
      });
    },
    async saveResult(id, grades: TaskGrade[], summary: ExamSummary, at: Date) {
      const done = await prisma.$transaction(async (tx) => {
        const claimed = await tx.examSession.updateMany({ where: { ...own(id), gradedAt: null }, data: { gradedAt: at, score: summary.earned, passed: summary.passed } });
        if (claimed.count !== 1) return false;
        await tx.examTaskGrade.createMany({ data: grades.map((g, position) => ({ sessionId: id, taskId: g.taskId, position, context: g.context, points: g.points, earned: g.earned })) });
        await tx.examCheckGrade.createMany({
          data: grades.flatMap((g) => g.checks.map((c) => ({
            sessionId: id, taskId: g.taskId, checkId: c.id, passed: c.passed, weight: c.weight,
            explanation: c.explanation ? JSON.stringify(c.explanation) : null, foundIn: c.foundIn ?? null,
          }))),
        });
        return true;
      });
      if (done) await recordExamReviewEvidence(actor, grades, at).catch(() => undefined);
      return done;
    },
  };
}

/** Missed checks of tasks linked to a lesson exercise become review cards (a pass reschedules an existing card). */
async function recordExamReviewEvidence(actor: Actor, grades: TaskGrade[], at: Date): Promise<void> {
  const tasks = examContent().tasks;
  for (const g of grades) {
    const ex = tasks.get(g.taskId)?.exercise;
    if (ex) await recordExerciseCheckEvidence(actor, ex, g.checks.map((c) => ({ id: c.id, passed: c.passed })), "exam", false, at);
  }
}

/** Exams whose deadline has passed without a result (for the sweep), oldest first, as (owner store, id). */
export async function listOverdueExams(now: Date, limit = 50): Promise<{ store: ExamStore; id: string }[]> {
  const rows = await prisma.examSession.findMany({
    where: { gradedAt: null, OR: [{ deadline: { lte: now } }, { submittedAt: { not: null } }] },
    orderBy: { deadline: "asc" }, take: limit, select: { id: true, userId: true },
  });
  return rows.map((r) => ({ store: examStoreFor({ id: r.userId }), id: r.id }));
}

export type ExamListDto = { id: string; title: { ko: string; en: string }; mode: string; namedId: string | null; startedAt: string; deadline: string | null; gradedAt: string | null; score: number | null; passed: boolean | null };

/** The actor's exams, newest first. */
export async function listExams(actor: Actor, limit = 20): Promise<ExamListDto[]> {
  const content = examContent();
  const rows = await prisma.examSession.findMany({
    where: { userId: actor.id }, orderBy: { startedAt: "desc" }, take: limit,
    select: { id: true, blueprintId: true, mode: true, namedId: true, startedAt: true, deadline: true, gradedAt: true, score: true, passed: true },
  });
  return rows.map((r) => ({
    id: r.id, mode: r.mode, namedId: r.namedId, startedAt: r.startedAt.toISOString(), deadline: r.deadline?.toISOString() ?? null,
    gradedAt: r.gradedAt?.toISOString() ?? null, score: r.score, passed: r.passed,
    title: (r.namedId ? content.named.get(r.namedId)?.title : undefined) ?? content.blueprints.get(r.blueprintId)?.title ?? { ko: r.blueprintId, en: r.blueprintId },
  }));
}

/**
 * An instructor gives a learner of one of their cohorts extra time on an open timed exam: the deadline becomes
 * start + minutes x multiplier (1..2). Admins may do it for anyone. False when not allowed or not open.
 */
/**
 * An instructor's extra time for a timed exam that is still open at `now`: an exam past its deadline is over (it is
 * graded at the deadline, by the sweep if nobody asks), so extra time cannot reopen it, and a multiplier whose new
 * deadline is already past is refused as well.
 */
export async function setExamExtension(actor: { id: string; role: string }, examId: string, multiplier: number, now: Date = new Date()): Promise<boolean> {
  if (!(multiplier >= 1 && multiplier <= MAX_EXTENSION)) return false;
  const e = await prisma.examSession.findUnique({ where: { id: examId }, select: { userId: true, blueprintId: true, startedAt: true, mode: true, gradedAt: true } });
  if (!e || e.mode !== "timed" || e.gradedAt) return false;
  if (actor.role !== "ADMIN") {
    if (actor.role !== "INSTRUCTOR") return false;
    const teaches = await prisma.cohort.count({ where: { instructors: { some: { id: actor.id } }, members: { some: { userId: e.userId } } } });
    if (!teaches) return false;
  }
  const minutes = examContent().blueprints.get(e.blueprintId)?.minutes ?? 120;
  const deadline = deadlineFor(e.startedAt, minutes, multiplier);
  if (deadline.getTime() <= now.getTime()) return false;
  const r = await prisma.examSession.updateMany({ where: { id: examId, gradedAt: null, submittedAt: null, deadline: { gt: now } }, data: { extension: multiplier, deadline } });
  return r.count === 1;
}
