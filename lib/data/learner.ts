import "server-only";
import { prisma } from "#lib/db";
import type { SessionUserDto } from "./users";

type Actor = Pick<SessionUserDto, "id">;

export type ExerciseStatus = "NOT_STARTED" | "IN_PROGRESS" | "PASSED";
export type ExerciseStatusDto = { exerciseId: string; status: ExerciseStatus; attempts: number; lastActivity: string | null };
export type AttemptHistoryDto = {
  id: string;
  exerciseId: string;
  lessonSlug: string;
  status: "IN_PROGRESS" | "PASSED";
  startedAt: string;
  lastActivity: string;
  commands: number;
  gradings: number;
  /** the latest grading's score (0..100), null before the first grading */
  lastScore: number | null;
};

/** How many attempts the history on /me shows. */
export const HISTORY_LIMIT = 50;

const latest = (...dates: (Date | null | undefined)[]) => new Date(Math.max(...dates.map((d) => d?.getTime() ?? 0)));

/**
 * The actor's own attempts, newest activity first (at most `limit`): when it started, its last command or
 * grading, how many commands and gradings, the last score. An attempt the page opened but the learner never
 * touched (no command, no grading) is left out: it is not "in progress". Only the actor's rows are read.
 */
export async function listAttemptHistory(actor: Actor, limit = HISTORY_LIMIT): Promise<AttemptHistoryDto[]> {
  const rows = await prisma.exerciseAttempt.findMany({
    where: { userId: actor.id },
    select: {
      id: true, exerciseId: true, lessonSlug: true, status: true, createdAt: true, passedAt: true,
      commands: { orderBy: { seq: "desc" }, take: 1, select: { createdAt: true } },
      grades: { orderBy: { createdAt: "desc" }, take: 1, select: { createdAt: true, score: true } },
      _count: { select: { commands: true, grades: true } },
    },
  });
  return rows
    .filter((r) => r.status === "PASSED" || r._count.commands > 0 || r._count.grades > 0)
    .map((r) => ({
      id: r.id,
      exerciseId: r.exerciseId,
      lessonSlug: r.lessonSlug,
      status: r.status,
      startedAt: r.createdAt.toISOString(),
      lastActivity: latest(r.createdAt, r.passedAt, r.commands[0]?.createdAt, r.grades[0]?.createdAt).toISOString(),
      commands: r._count.commands,
      gradings: r._count.grades,
      lastScore: r.grades[0]?.score ?? null,
    }))
    .sort((a, b) => b.lastActivity.localeCompare(a.lastActivity) || b.startedAt.localeCompare(a.startedAt))
    .slice(0, Math.max(0, limit));
}

/**
 * The actor's status on every exercise they have touched (absent = not started): passed when any attempt
 * passed, otherwise in progress; with the number of attempts and the last activity.
 */
export async function listExerciseStatuses(actor: Actor): Promise<Map<string, ExerciseStatusDto>> {
  const history = await listAttemptHistory(actor, Number.MAX_SAFE_INTEGER);
  const out = new Map<string, ExerciseStatusDto>();
  for (const a of history) {
    const s = out.get(a.exerciseId);
    if (!s) {
      out.set(a.exerciseId, { exerciseId: a.exerciseId, status: a.status === "PASSED" ? "PASSED" : "IN_PROGRESS", attempts: 1, lastActivity: a.lastActivity });
      continue;
    }
    s.attempts += 1;
    if (a.status === "PASSED") s.status = "PASSED";
  }
  return out;
}

/** The status of one exercise in a map from `listExerciseStatuses` (NOT_STARTED when absent). */
export function exerciseStatusOf(statuses: Map<string, ExerciseStatusDto> | null, exerciseId: string): ExerciseStatus {
  return statuses?.get(exerciseId)?.status ?? "NOT_STARTED";
}

/** When the actor last read each lesson (lesson slug -> ISO time). */
export async function listLessonReadingTimes(actor: Actor): Promise<Map<string, string>> {
  const rows = await prisma.lessonProgress.findMany({ where: { userId: actor.id }, select: { lessonSlug: true, updatedAt: true } });
  return new Map(rows.map((r) => [r.lessonSlug, r.updatedAt.toISOString()]));
}
