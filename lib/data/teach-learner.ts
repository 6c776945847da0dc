import "server-only";
import { prisma } from "#lib/db";
import { getExercise } from "#lib/exercise/loader";
import { attemptTranscript } from "#lib/exercise/service";
import type { Transcript } from "#lib/exercise/transcript";
import { quizBank } from "#lib/quiz/loader";
import { attemptStoreForUser } from "./exercises";
import { isTaughtMember, type TeachActor } from "./teach-cohorts";

type Locale = "ko" | "en";

/** How many timeline events and quiz answers a learner page shows (newest first). */
export const LEARNER_PAGE_LIMIT = 200;

export type TimelineEventDto =
  | { kind: "lesson"; at: string; lessonSlug: string; percent: number; completed: boolean }
  | { kind: "attempt"; at: string; attemptId: string; exerciseId: string; title: string }
  | { kind: "grade"; at: string; attemptId: string; exerciseId: string; title: string; score: number; passed: boolean }
  | { kind: "answer"; at: string; itemId: string; correct: boolean; context: string };

export type LearnerAttemptDto = {
  id: string; exerciseId: string; title: string; lessonSlug: string; status: "IN_PROGRESS" | "PASSED";
  startedAt: string; passedAt: string | null; commands: number; hintsUsed: number; solutionRevealed: boolean;
  grades: { at: string; score: number; passed: boolean; failed: { id: string; explanation: string | null }[] }[];
};

export type LearnerDetailDto = {
  learner: { id: string; name: string; email: string; joinedAt: string; examDate: string | null };
  lessons: { lessonSlug: string; status: string; percent: number; timeSpentSec: number; completedAt: string | null; updatedAt: string }[];
  attempts: LearnerAttemptDto[];
  answers: { id: string; itemId: string; stem: string; context: string; correct: boolean; score: number; first: boolean; at: string }[];
  timeline: TimelineEventDto[];
};

/** A learner of a cohort the actor teaches: lessons, attempts with gradings, quiz answers, a timeline; else null. */
export async function getCohortLearner(actor: TeachActor, cohortId: string, userId: string, locale: Locale): Promise<LearnerDetailDto | null> {
  if (!(await isTaughtMember(actor, cohortId, userId))) return null;
  const [user, lessons, attempts, answers] = await Promise.all([
    prisma.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true, examDate: true, memberships: { where: { cohortId }, select: { joinedAt: true } } } }),
    prisma.lessonProgress.findMany({ where: { userId }, orderBy: { updatedAt: "desc" }, select: { lessonSlug: true, status: true, percent: true, timeSpentSec: true, completedAt: true, updatedAt: true } }),
    prisma.exerciseAttempt.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      take: LEARNER_PAGE_LIMIT,
      select: {
        id: true, exerciseId: true, lessonSlug: true, status: true, createdAt: true, passedAt: true, hintsUsed: true, solutionRevealedAt: true,
        _count: { select: { commands: true } },
        grades: { orderBy: { createdAt: "asc" }, select: { createdAt: true, score: true, passed: true, checks: true } },
      },
    }),
    prisma.quizAnswer.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take: LEARNER_PAGE_LIMIT, select: { id: true, itemId: true, context: true, correct: true, score: true, first: true, createdAt: true } }),
  ]);
  if (!user) return null;
  const title = (exerciseId: string) => getExercise(exerciseId)?.exercise.title[locale] ?? exerciseId;
  const bank = quizBank();
  const attemptDtos: LearnerAttemptDto[] = attempts.map((a) => ({
    id: a.id, exerciseId: a.exerciseId, title: title(a.exerciseId), lessonSlug: a.lessonSlug, status: a.status,
    startedAt: a.createdAt.toISOString(), passedAt: a.passedAt?.toISOString() ?? null, commands: a._count.commands,
    hintsUsed: a.hintsUsed, solutionRevealed: a.solutionRevealedAt !== null,
    grades: a.grades.map((g) => ({
      at: g.createdAt.toISOString(), score: g.score, passed: g.passed,
      failed: (JSON.parse(g.checks) as { id: string; passed: boolean; explanation?: { ko: string; en: string } }[]).filter((c) => !c.passed).map((c) => ({ id: c.id, explanation: c.explanation?.[locale] ?? null })),
    })),
  }));
  const timeline: TimelineEventDto[] = [
    ...lessons.map((l) => ({ kind: "lesson" as const, at: l.updatedAt.toISOString(), lessonSlug: l.lessonSlug, percent: l.percent, completed: l.status === "COMPLETED" })),
    ...attemptDtos.flatMap((a) => [
      { kind: "attempt" as const, at: a.startedAt, attemptId: a.id, exerciseId: a.exerciseId, title: a.title },
      ...a.grades.map((g) => ({ kind: "grade" as const, at: g.at, attemptId: a.id, exerciseId: a.exerciseId, title: a.title, score: g.score, passed: g.passed })),
    ]),
    ...answers.map((q) => ({ kind: "answer" as const, at: q.createdAt.toISOString(), itemId: q.itemId, correct: q.correct, context: q.context })),
  ]
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, LEARNER_PAGE_LIMIT);
  return {
    learner: { id: user.id, name: user.name, email: user.email, joinedAt: user.memberships[0]?.joinedAt.toISOString() ?? "", examDate: user.examDate?.toISOString().slice(0, 10) ?? null },
    lessons: lessons.map((l) => ({ lessonSlug: l.lessonSlug, status: l.status, percent: l.percent, timeSpentSec: l.timeSpentSec, completedAt: l.completedAt?.toISOString() ?? null, updatedAt: l.updatedAt.toISOString() })),
    attempts: attemptDtos,
    answers: answers.map((q) => ({ id: q.id, itemId: q.itemId, stem: bank.byId.get(q.itemId)?.item.stem[locale] ?? q.itemId, context: q.context, correct: q.correct, score: q.score / 1000, first: q.first, at: q.createdAt.toISOString() })),
    timeline,
  };
}

/** Scrollback an instructor's replay carries at most (the start of a long session may be left out, and says so). */
export const REPLAY_MAX_BYTES = 256 * 1024;

/** Replays kept in memory (least recently used dropped first): at most 32 x 256 KiB of scrollback. */
const REPLAY_CACHE_ENTRIES = 32;
const g = globalThis as unknown as { __kubeclassReplayCache?: Map<string, Transcript> };
const replayCache = (g.__kubeclassReplayCache ??= new Map<string, Transcript>());

export type AttemptReplayDto = { attempt: { id: string; exerciseId: string; title: string; status: string; startedAt: string; commands: number }; transcript: Transcript };

/**
 * The command replay of a learner's attempt: its log replayed from the start on an exercise worker (the output
 * the learner saw, by determinism; lib/exercise/transcript.ts), read-only; null unless the actor teaches the learner.
 */
export async function getAttemptReplay(actor: TeachActor, cohortId: string, userId: string, attemptId: string, locale: Locale): Promise<AttemptReplayDto | null> {
  if (!(await isTaughtMember(actor, cohortId, userId))) return null;
  const a = await prisma.exerciseAttempt.findFirst({ where: { id: attemptId, userId }, select: { id: true, exerciseId: true, status: true, createdAt: true, _count: { select: { commands: true } } } });
  if (!a) return null;
  const key = `${a.id}:${a._count.commands}`;
  let transcript = replayCache.get(key);
  if (transcript) {
    replayCache.delete(key);
  } else {
    // The learner's own store: it reads only their rows, and the replay never appends to it.
    transcript = await attemptTranscript(attemptStoreForUser({ id: userId }), a.id, REPLAY_MAX_BYTES);
  }
  // The log is append-only and replay deterministic, so a transcript is fixed by the attempt and its log length.
  if (transcript.complete) {
    replayCache.set(key, transcript);
    if (replayCache.size > REPLAY_CACHE_ENTRIES) replayCache.delete(replayCache.keys().next().value!);
  }
  return {
    attempt: { id: a.id, exerciseId: a.exerciseId, title: getExercise(a.exerciseId)?.exercise.title[locale] ?? a.exerciseId, status: a.status, startedAt: a.createdAt.toISOString(), commands: a._count.commands },
    transcript,
  };
}
