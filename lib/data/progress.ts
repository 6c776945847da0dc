import "server-only";
import { z } from "zod";
import { prisma } from "#lib/db";
import { SlugSchema } from "#lib/content/lesson-schema";
import { listLessonExerciseIds } from "#lib/exercise/loader";
import { listPassedExerciseIds } from "./exercises";
import type { SessionUserDto } from "./users";

export type ProgressStatus = "NOT_STARTED" | "IN_PROGRESS" | "COMPLETED";
export type ProgressDto = { lessonSlug: string; status: ProgressStatus; percent: number; completedAt: string | null };
export type LessonProgressDto = ProgressDto & { timeSpentSec: number };

/** The most time one report may add: the page reports about every 15 s, so anything larger is not reading time. */
export const MAX_SECONDS_PER_REPORT = 60;

/** One reading report from a lesson page, as the server action accepts it. */
export const ReadingReportSchema = z.strictObject({
  lessonSlug: SlugSchema.max(80),
  percent: z.number().int().min(0).max(100),
  seconds: z.number().int().min(0).max(MAX_SECONDS_PER_REPORT),
});
export type ReadingReport = z.infer<typeof ReadingReportSchema>;

const progressSelect = { lessonSlug: true, status: true, percent: true, completedAt: true } as const;

/** One user's own lesson progress. */
export async function listProgressForUser(userId: string): Promise<ProgressDto[]> {
  const rows = await prisma.lessonProgress.findMany({
    where: { userId },
    select: progressSelect,
  });
  return rows.map((r) => ({ ...r, completedAt: r.completedAt?.toISOString() ?? null }));
}

/** The actor's own progress on one lesson, or null before their first visit. */
export async function getLessonProgress(actor: Pick<SessionUserDto, "id">, lessonSlug: string): Promise<LessonProgressDto | null> {
  const r = await prisma.lessonProgress.findUnique({
    where: { userId_lessonSlug: { userId: actor.id, lessonSlug } },
    select: { ...progressSelect, timeSpentSec: true },
  });
  return r ? { ...r, completedAt: r.completedAt?.toISOString() ?? null } : null;
}

/**
 * Records reading on the actor's own row: percent only ever grows, time adds up (never more than the
 * report says, nor more than has passed since the row last changed, so replays and floods add nothing),
 * and a completed lesson stays completed. One transaction; the row is unique on (userId, lessonSlug).
 */
export async function recordLessonReading(actor: Pick<SessionUserDto, "id">, report: ReadingReport, now = new Date()): Promise<LessonProgressDto> {
  const { lessonSlug } = report;
  const percent = Math.max(0, Math.min(100, Math.trunc(report.percent)));
  const seconds = Math.max(0, Math.min(MAX_SECONDS_PER_REPORT, Math.trunc(report.seconds)));
  const key = { userId: actor.id, lessonSlug };
  await prisma.$transaction(async (tx) => {
    const existing = await tx.lessonProgress.findUnique({ where: { userId_lessonSlug: key }, select: { updatedAt: true } });
    // Rounded, not floored: a report arriving a little under 15 s after the last one still counts in full.
    const elapsed = existing ? Math.max(0, Math.round((now.getTime() - existing.updatedAt.getTime()) / 1000)) : seconds;
    const add = Math.min(seconds, elapsed);
    await tx.lessonProgress.upsert({
      where: { userId_lessonSlug: key },
      create: { ...key, status: "IN_PROGRESS", percent, timeSpentSec: add, updatedAt: now },
      update: { timeSpentSec: { increment: add }, updatedAt: now },
      select: { id: true },
    });
    await tx.lessonProgress.updateMany({ where: { ...key, percent: { lt: percent } }, data: { percent, updatedAt: now } });
    await tx.lessonProgress.updateMany({ where: { ...key, status: "NOT_STARTED" }, data: { status: "IN_PROGRESS", updatedAt: now } });
  });
  return (await getLessonProgress(actor, lessonSlug))!;
}

/** Marks the actor's lesson completed (100 %); the first completion time is kept when repeated. */
export async function markLessonCompleted(actor: Pick<SessionUserDto, "id">, lessonSlug: string, now = new Date()): Promise<LessonProgressDto> {
  const key = { userId: actor.id, lessonSlug };
  await prisma.$transaction([
    prisma.lessonProgress.upsert({
      where: { userId_lessonSlug: key },
      create: { ...key, status: "COMPLETED", percent: 100, completedAt: now, updatedAt: now },
      update: { status: "COMPLETED", percent: 100, updatedAt: now },
      select: { id: true },
    }),
    prisma.lessonProgress.updateMany({ where: { ...key, completedAt: null }, data: { completedAt: now, updatedAt: now } }),
  ]);
  return (await getLessonProgress(actor, lessonSlug))!;
}

export type LessonExerciseProgressDto = { required: string[]; passed: string[]; complete: boolean };

/**
 * The lesson's exercises and which of them the actor has passed. A lesson counts as completed only
 * when `complete` is true (always true for a lesson without exercises): lesson pages call this
 * (or `lessonExercisesPassed`) before `markLessonCompleted`.
 */
export async function getLessonExerciseProgress(actor: Pick<SessionUserDto, "id">, lessonSlug: string): Promise<LessonExerciseProgressDto> {
  const required = listLessonExerciseIds(lessonSlug);
  if (!required.length) return { required, passed: [], complete: true };
  const passed = (await listPassedExerciseIds(actor, lessonSlug)).filter((id) => required.includes(id));
  return { required, passed, complete: required.every((id) => passed.includes(id)) };
}

/** True when the actor has passed every exercise of the lesson (the condition for completing it). */
export async function lessonExercisesPassed(actor: Pick<SessionUserDto, "id">, lessonSlug: string): Promise<boolean> {
  return (await getLessonExerciseProgress(actor, lessonSlug)).complete;
}
