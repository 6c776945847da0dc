import "server-only";
import { prisma } from "#lib/db";
import { isUniqueViolation, sqlBigInt, sqlDate } from "./sql";
import { Prisma } from "#lib/generated/prisma/client";
import { decodeEntry, encodeEntry, newId, type AttemptStore, type LogCaps } from "#lib/exercise/store";
import type { SessionUserDto } from "./users";

type Actor = Pick<SessionUserDto, "id">;

export type AttemptDto = {
  id: string;
  exerciseId: string;
  lessonSlug: string;
  seed: number;
  parameters: Record<string, string | number>;
  status: "IN_PROGRESS" | "PASSED";
  createdAt: string;
  passedAt: string | null;
  hintsUsed: number;
  solutionRevealedAt: string | null;
};
export type AttemptCommandDto = { seq: number; kind: string; payload: string; exitCode: number };
export type StoredCheckResult = { id: string; passed: boolean; weight: number; explanation?: { ko: string; en: string } };
export type GradeDto = { at: string; score: number; passed: boolean; checks: StoredCheckResult[] };

/** The attempt's facts as both attempt tables hold them (ExerciseAttempt, and AnonAttempt in anon-attempts.ts). */
export const attemptSelect = {
  id: true, exerciseId: true, lessonSlug: true, seed: true, parameters: true, status: true,
  createdAt: true, passedAt: true, hintsUsed: true, solutionRevealedAt: true,
} as const;

export function toAttemptDto(a: Prisma.ExerciseAttemptGetPayload<{ select: typeof attemptSelect }>): AttemptDto {
  return {
    ...a,
    parameters: JSON.parse(a.parameters) as AttemptDto["parameters"],
    createdAt: a.createdAt.toISOString(),
    passedAt: a.passedAt?.toISOString() ?? null,
    solutionRevealedAt: a.solutionRevealedAt?.toISOString() ?? null,
  };
}

/** Starts an attempt for the actor. */
export async function createAttempt(
  actor: Actor,
  input: { exerciseId: string; lessonSlug: string; seed: number; parameters: Record<string, string | number> },
): Promise<AttemptDto> {
  const a = await prisma.exerciseAttempt.create({
    data: { userId: actor.id, exerciseId: input.exerciseId, lessonSlug: input.lessonSlug, seed: input.seed, parameters: JSON.stringify(input.parameters) },
    select: attemptSelect,
  });
  return toAttemptDto(a);
}

/** The actor's own attempt, or null (another user's attempt is indistinguishable from a missing one). */
export async function getAttempt(actor: Actor, attemptId: string): Promise<AttemptDto | null> {
  const a = await prisma.exerciseAttempt.findFirst({ where: { id: attemptId, userId: actor.id }, select: attemptSelect });
  return a ? toAttemptDto(a) : null;
}

/** The actor's most recent attempt at an exercise, or null. */
export async function getLatestAttempt(actor: Actor, exerciseId: string): Promise<AttemptDto | null> {
  const a = await prisma.exerciseAttempt.findFirst({ where: { userId: actor.id, exerciseId }, orderBy: { createdAt: "desc" }, select: attemptSelect });
  return a ? toAttemptDto(a) : null;
}

/** Number of log entries of the actor's attempt (0 for someone else's). */
export async function countAttemptCommands(actor: Actor, attemptId: string): Promise<number> {
  return prisma.attemptCommand.count({ where: { attemptId, attempt: { userId: actor.id } } });
}

/** The actor's attempt's log, oldest first. */
export async function listAttemptCommands(actor: Actor, attemptId: string): Promise<AttemptCommandDto[]> {
  return prisma.attemptCommand.findMany({
    where: { attemptId, attempt: { userId: actor.id } },
    orderBy: { seq: "asc" },
    select: { seq: true, kind: true, payload: true, exitCode: true },
  });
}

export type AppendResult = { ok: true } | { ok: false; reason: "notFound" | "conflict" | "attemptFull" | "dayFull" };

/**
 * Appends one entry at `seq` (the log is append-only: a taken seq is a conflict, never an overwrite).
 * The hot path of every learner command, so one raw statement: the row is inserted only if the attempt is
 * the actor's own (0 rows: not found); the (attemptId, seq) unique index turns a race into a conflict.
 */
export async function appendAttemptCommand(actor: Actor, attemptId: string, entry: AttemptCommandDto, now = new Date(), caps?: LogCaps): Promise<AppendResult> {
  // The caps are checked in the same statement (counters kept by the AttemptCommand_logBytes trigger).
  const bytes = Buffer.byteLength(entry.payload);
  const day = now.toISOString().slice(0, 10);
  const attemptCap = caps?.attemptBytes ?? Number.MAX_SAFE_INTEGER;
  const dayCap = caps?.dayBytes ?? Number.MAX_SAFE_INTEGER;
  try {
    const inserted = await prisma.$executeRaw`
      INSERT INTO "AttemptCommand" ("id", "attemptId", "seq", "kind", "payload", "exitCode", "createdAt")
      SELECT ${newId("c")}, "id", ${entry.seq}, ${entry.kind}, ${entry.payload}, ${entry.exitCode}, ${sqlDate(now)}
      FROM "ExerciseAttempt" WHERE "id" = ${attemptId} AND "userId" = ${actor.id}
        AND "logBytes" + ${bytes} <= ${sqlBigInt(attemptCap)}
        AND COALESCE((SELECT "bytes" FROM "ExerciseLogUsage" WHERE "userId" = ${actor.id} AND "day" = ${day}), 0) + ${bytes} <= ${sqlBigInt(dayCap)}`;
    if (inserted === 1) return { ok: true };
    if (!caps) return { ok: false, reason: "notFound" };
    // Nothing written: say why (a rare path, so a second look is fine).
    const a = await prisma.exerciseAttempt.findFirst({ where: { id: attemptId, userId: actor.id }, select: { logBytes: true } });
    if (!a) return { ok: false, reason: "notFound" };
    return { ok: false, reason: a.logBytes + bytes > attemptCap ? "attemptFull" : "dayFull" };
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, reason: "conflict" };
    throw e;
  }
}


/** The actor's attempt's gradings, oldest first. */
export async function listGrades(actor: Actor, attemptId: string): Promise<GradeDto[]> {
  const rows = await prisma.gradeResult.findMany({
    where: { attemptId, attempt: { userId: actor.id } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true, score: true, passed: true, checks: true },
  });
  return rows.map((r) => ({ at: r.createdAt.toISOString(), score: r.score, passed: r.passed, checks: JSON.parse(r.checks) as StoredCheckResult[] }));
}

type Tx = Prisma.TransactionClient;

/** Adds an exercise to the lesson's passed list (and starts the lesson) inside a transaction. */
async function markExercisePassed(tx: Tx, userId: string, lessonSlug: string, exerciseId: string): Promise<void> {
  const key = { userId, lessonSlug };
  const p = await tx.lessonProgress.upsert({
    where: { userId_lessonSlug: key },
    create: { ...key, status: "IN_PROGRESS", passedExercises: JSON.stringify([exerciseId]) },
    update: {},
    select: { passedExercises: true, status: true },
  });
  const passed = new Set(parseIds(p.passedExercises));
  if (!passed.has(exerciseId)) {
    passed.add(exerciseId);
    await tx.lessonProgress.update({ where: { userId_lessonSlug: key }, data: { passedExercises: JSON.stringify([...passed].sort()) }, select: { id: true } });
  }
  if (p.status === "NOT_STARTED") await tx.lessonProgress.update({ where: { userId_lessonSlug: key }, data: { status: "IN_PROGRESS" }, select: { id: true } });
}

/**
 * Records a grading of the actor's attempt; a pass also marks the attempt PASSED (first pass time kept)
 * and the exercise on the lesson's progress row. Returns null for someone else's attempt.
 */
export async function recordGrade(actor: Actor, attemptId: string, grade: { score: number; passed: boolean; checks: StoredCheckResult[] }, now = new Date()): Promise<GradeDto | null> {
  if (!grade.passed) {
    // Most gradings fail and touch one table: one raw statement, inserted only if the attempt is the actor's.
    const inserted = await prisma.$executeRaw`
      INSERT INTO "GradeResult" ("id", "attemptId", "score", "passed", "checks", "createdAt")
      SELECT ${newId("g")}, "id", ${grade.score}, FALSE, ${JSON.stringify(grade.checks)}, ${sqlDate(now)}
      FROM "ExerciseAttempt" WHERE "id" = ${attemptId} AND "userId" = ${actor.id}`;
    return inserted === 1 ? { at: now.toISOString(), score: grade.score, passed: false, checks: grade.checks } : null;
  }
  const a = await prisma.exerciseAttempt.findFirst({ where: { id: attemptId, userId: actor.id }, select: { exerciseId: true, lessonSlug: true } });
  if (!a) return null;
  const row = await prisma.$transaction(async (tx) => {
    const r = await tx.gradeResult.create({ data: { attemptId, score: grade.score, passed: grade.passed, checks: JSON.stringify(grade.checks), createdAt: now }, select: { createdAt: true } });
    if (grade.passed) {
      await tx.exerciseAttempt.updateMany({ where: { id: attemptId, passedAt: null }, data: { status: "PASSED", passedAt: now } });
      await markExercisePassed(tx, actor.id, a.lessonSlug, a.exerciseId);
    }
    return r;
  });
  return { at: row.createdAt.toISOString(), score: grade.score, passed: grade.passed, checks: grade.checks };
}

/** Raises the actor's hint count to `count` (never lowers it); false for someone else's attempt. */
export async function recordHintsUsed(actor: Actor, attemptId: string, count: number): Promise<boolean> {
  const r = await prisma.exerciseAttempt.updateMany({ where: { id: attemptId, userId: actor.id, hintsUsed: { lt: count } }, data: { hintsUsed: count } });
  if (r.count) return true;
  return (await prisma.exerciseAttempt.count({ where: { id: attemptId, userId: actor.id } })) > 0;
}

/** Records the first time the actor looked at the solution of their attempt. */
export async function recordSolutionRevealed(actor: Actor, attemptId: string, now = new Date()): Promise<void> {
  await prisma.exerciseAttempt.updateMany({ where: { id: attemptId, userId: actor.id, solutionRevealedAt: null }, data: { solutionRevealedAt: now } });
}

/** The latest state checkpoint of the actor's attempt, or null. */
export async function getAttemptCheckpoint(actor: Actor, attemptId: string): Promise<{ seq: number; data: string } | null> {
  return prisma.attemptCheckpoint.findFirst({ where: { attemptId, attempt: { userId: actor.id } }, select: { seq: true, data: true } });
}

/** Stores a checkpoint of the actor's attempt unless a later one is already stored. */
export async function recordAttemptCheckpoint(actor: Actor, attemptId: string, seq: number, data: string): Promise<void> {
  const updated = await prisma.attemptCheckpoint.updateMany({ where: { attemptId, seq: { lt: seq }, attempt: { userId: actor.id } }, data: { seq, data } });
  if (updated.count) return;
  try {
    await prisma.attemptCheckpoint.create({ data: { attempt: { connect: { id: attemptId, userId: actor.id } }, seq, data }, select: { attemptId: true } });
  } catch (e) {
    // P2002: one exists already (with a later seq, or a racing writer); P2025/P2018/P2014: not the actor's attempt.
    if (e instanceof Prisma.PrismaClientKnownRequestError && ["P2002", "P2025", "P2018", "P2014"].includes(e.code)) return;
    throw e;
  }
}

function parseIds(s: string): string[] {
  try {
    const v = JSON.parse(s);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

/** Exercise ids the actor has passed (any attempt), for one lesson or all. */
export async function listPassedExerciseIds(actor: Actor, lessonSlug?: string): Promise<string[]> {
  const rows = await prisma.exerciseAttempt.findMany({
    where: { userId: actor.id, status: "PASSED", ...(lessonSlug ? { lessonSlug } : {}) },
    distinct: ["exerciseId"],
    select: { exerciseId: true },
  });
  return rows.map((r) => r.exerciseId).sort();
}

export type ImportedAttempt = {
  rec: { id: string; exerciseId: string; lessonSlug: string; seed: number; parameters: Record<string, string | number>; createdAt: string; passedAt: string | null; hintsUsed: number; solutionRevealedAt: string | null };
  log: { seq: number; kind: string; payload: string; exitCode: number }[];
  grades: { at: string; score: number; passed: boolean; checks: StoredCheckResult[] }[];
};

/**
 * Saves attempts made before signing in (an anonymous visitor's, kept in server memory) as the actor's own:
 * the attempt with the same id, its whole log, its gradings and hint/solution records; a pass marks the
 * lesson's progress as a pass made signed in would. One transaction; an id already taken is skipped.
 * Returns the ids saved.
 */
export async function importAttempts(actor: Actor, attempts: ImportedAttempt[]): Promise<string[]> {
  return prisma.$transaction(async (tx) => {
    const saved: string[] = [];
    for (const { rec, log, grades } of attempts) {
      if (await tx.exerciseAttempt.findUnique({ where: { id: rec.id }, select: { id: true } })) continue;
      const passedAt = rec.passedAt ? new Date(rec.passedAt) : null;
      await tx.exerciseAttempt.create({
        data: {
          id: rec.id, userId: actor.id, exerciseId: rec.exerciseId, lessonSlug: rec.lessonSlug, seed: rec.seed,
          parameters: JSON.stringify(rec.parameters), status: passedAt ? "PASSED" : "IN_PROGRESS", createdAt: new Date(rec.createdAt),
          passedAt, hintsUsed: rec.hintsUsed, solutionRevealedAt: rec.solutionRevealedAt ? new Date(rec.solutionRevealedAt) : null,
        },
        select: { id: true },
      });
      if (log.length) await tx.attemptCommand.createMany({ data: log.map((e) => ({ attemptId: rec.id, seq: e.seq, kind: e.kind, payload: e.payload, exitCode: e.exitCode })) });
      if (grades.length) {
        await tx.gradeResult.createMany({
          data: grades.map((g) => ({ attemptId: rec.id, score: g.score, passed: g.passed, checks: JSON.stringify(g.checks), createdAt: new Date(g.at) })),
        });
      }
      if (passedAt) await markExercisePassed(tx, actor.id, rec.lessonSlug, rec.exerciseId);
      saved.push(rec.id);
    }
    return saved;
  });
}

/** The actor's attempts as lib/exercise's store port (every call checks ownership). */
export function attemptStoreForUser(actor: Actor): AttemptStore {
  return {
    owner: `user:${actor.id}`,
    anonymous: false,
    create: (input) => createAttempt(actor, input),
    get: (id) => getAttempt(actor, id),
    latest: (exerciseId) => getLatestAttempt(actor, exerciseId),
    countLog: (id) => countAttemptCommands(actor, id),
    async lastEntryAt(id) {
      const c = await prisma.attemptCommand.findFirst({ where: { attemptId: id, attempt: { userId: actor.id } }, orderBy: { seq: "desc" }, select: { createdAt: true } });
      if (c) return c.createdAt.getTime();
      const a = await prisma.exerciseAttempt.findFirst({ where: { id, userId: actor.id }, select: { createdAt: true } });
      return a ? a.createdAt.getTime() : null;
    },
    async listLog(id) {
      const rows = await listAttemptCommands(actor, id);
      return rows.map((r) => ({ seq: r.seq, entry: decodeEntry(r.kind, r.payload), exitCode: r.exitCode }));
    },
    async append(id, e, caps) {
      const r = await appendAttemptCommand(actor, id, { seq: e.seq, ...encodeEntry(e.entry), exitCode: e.exitCode }, new Date(), caps);
      return r.ok ? "ok" : r.reason;
    },
    listGrades: (id) => listGrades(actor, id),
    recordGrade: (id, g) => recordGrade(actor, id, g),
    recordHints: (id, n) => recordHintsUsed(actor, id, n),
    recordSolutionRevealed: (id) => recordSolutionRevealed(actor, id),
    getCheckpoint: (id) => getAttemptCheckpoint(actor, id),
    putCheckpoint: (id, seq, data) => recordAttemptCheckpoint(actor, id, seq, data),
  };
}
