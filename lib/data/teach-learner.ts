import "server-only";
import { z } from "zod";
import { prisma } from "#lib/db";
import { getExercise } from "#lib/exercise/loader";
import { KeyedMutex } from "#lib/exercise/cache";
import { hostPool } from "#lib/exercise/pool";
import type { ReplayCheckpoint, ReplayState, ReplayStep } from "#lib/exercise/replay-window";
import { simulationBudgetMs } from "#lib/exercise/service";
import type { LogEntry } from "#lib/exercise/session";
import { decodeEntry } from "#lib/exercise/store";
import { quizBank } from "#lib/quiz/loader";
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

/** Outputs one replay request carries at most: the asked step and those just before it. */
export const REPLAY_WINDOW = 10;
/** Rebuild slices (each within the simulation budget) one replay request may use. */
const REPLAY_MAX_SLICES = 8;
/** Bytes of replay checkpoints kept in memory, over all attempts (least recently used attempt dropped first). */
const REPLAY_CHECKPOINT_BYTES = 96 * 1024 * 1024;
/** A log entry line longer than this is cut in the list of steps (its output is whole in the step itself). */
const STEP_LABEL_MAX = 300;

type ReplayCache = { byAttempt: Map<string, ReplayCheckpoint[]>; bytes: number };
const g = globalThis as unknown as { __kubeclassReplayCheckpoints?: ReplayCache };
// The log is append-only and replay deterministic, so a checkpoint at seq k stays right whatever is appended later.
const replayCache: ReplayCache = (g.__kubeclassReplayCheckpoints ??= { byAttempt: new Map<string, ReplayCheckpoint[]>(), bytes: 0 });
/** One replay task per instructor at a time, so one person cannot take every worker. */
const replayLocks = ((g as { __kubeclassReplayLocks?: KeyedMutex }).__kubeclassReplayLocks ??= new KeyedMutex());

function rememberCheckpoints(attemptId: string, cps: readonly ReplayCheckpoint[]): void {
  if (!cps.length) return;
  const list: ReplayCheckpoint[] = replayCache.byAttempt.get(attemptId) ?? [];
  replayCache.byAttempt.delete(attemptId);
  for (const cp of cps) {
    if (list.some((c) => c.seq === cp.seq)) continue;
    list.push(cp);
    replayCache.bytes += cp.data.length;
  }
  list.sort((a, b) => a.seq - b.seq);
  replayCache.byAttempt.set(attemptId, list);
  for (const [id, l] of replayCache.byAttempt) {
    if (replayCache.bytes <= REPLAY_CHECKPOINT_BYTES || id === attemptId) break;
    replayCache.byAttempt.delete(id);
    for (const c of l) replayCache.bytes -= c.data.length;
  }
}

/** The nearest kept checkpoint at or before `seq`, or null (the start). */
function nearestCheckpoint(attemptId: string, seq: number): ReplayCheckpoint | null {
  const list = replayCache.byAttempt.get(attemptId);
  if (list) {
    replayCache.byAttempt.delete(attemptId);
    replayCache.byAttempt.set(attemptId, list);
  }
  let best: ReplayCheckpoint | null = null;
  for (const c of list ?? []) if (c.seq <= seq) best = c;
  return best;
}

/** Forget every kept replay checkpoint (tests: forces a replay from the start). */
export function clearReplayCache(): void {
  replayCache.byAttempt.clear();
  replayCache.bytes = 0;
}

/** One log entry as the list of steps names it (no simulation needed). */
export type ReplayStepLabel =
  | { kind: "run"; line: string }
  | { kind: "save"; path: string }
  | { kind: "edit" }
  | { kind: "advance"; seconds: number }
  | { kind: "idle" };

export type AttemptReplayDto = {
  attempt: { id: string; exerciseId: string; title: string; status: string; startedAt: string; commands: number };
  steps: ReplayStepLabel[];
};

function label(e: LogEntry): ReplayStepLabel {
  switch (e.kind) {
    case "run": return { kind: "run", line: e.line.length > STEP_LABEL_MAX ? `${e.line.slice(0, STEP_LABEL_MAX)}…` : e.line };
    case "save": return { kind: "save", path: e.path };
    case "edit": return { kind: "edit" };
    case "advance": return { kind: "advance", seconds: e.seconds };
    case "idle": return { kind: "idle" };
  }
}

async function attemptFacts(actor: TeachActor, cohortId: string, userId: string, attemptId: string) {
  if (!(await isTaughtMember(actor, cohortId, userId))) return null;
  return prisma.exerciseAttempt.findFirst({ where: { id: attemptId, userId }, select: { id: true, exerciseId: true, seed: true, parameters: true, status: true, createdAt: true } });
}

async function readLog(attemptId: string): Promise<LogEntry[]> {
  const rows = await prisma.attemptCommand.findMany({ where: { attemptId }, orderBy: { seq: "asc" }, select: { kind: true, payload: true } });
  return rows.map((r) => decodeEntry(r.kind, r.payload));
}

/**
 * An attempt's command replay, read-only: what each step was (from the stored log, nothing simulated); a step's
 * output and the cluster after it come from `getAttemptReplayStep`. Null unless the actor teaches the learner.
 */
export async function getAttemptReplay(actor: TeachActor, cohortId: string, userId: string, attemptId: string, locale: Locale): Promise<AttemptReplayDto | null> {
  const a = await attemptFacts(actor, cohortId, userId, attemptId);
  if (!a) return null;
  const log = await readLog(a.id);
  return {
    attempt: { id: a.id, exerciseId: a.exerciseId, title: getExercise(a.exerciseId)?.exercise.title[locale] ?? a.exerciseId, status: a.status, startedAt: a.createdAt.toISOString(), commands: log.length },
    steps: log.map(label),
  };
}

export const ReplayStepQuerySchema = z
  .object({ step: z.number().int().min(0), outputsFrom: z.number().int().min(0) })
  .refine((q) => q.outputsFrom <= q.step && q.step - q.outputsFrom <= REPLAY_WINDOW, { message: "badWindow" });
export type ReplayStepQuery = z.infer<typeof ReplayStepQuerySchema>;

export type ReplayStepResult = { ok: true; steps: ReplayStep[]; state: ReplayState } | { ok: false; error: "notFound" | "badWindow" | "timeout" };

/**
 * Step `step` of an attempt's replay (0 = the starting cluster): the outputs of steps `outputsFrom` + 1 to `step`
 * as the learner saw them and the cluster's objects after `step`, replayed on an exercise worker from the nearest
 * checkpoint (kept from earlier requests, or the attempt's own stored one) within the simulation budget, in at most
 * REPLAY_MAX_SLICES slices. Never reads the exercise's checks. notFound unless the actor teaches the learner.
 */
export async function getAttemptReplayStep(actor: TeachActor, cohortId: string, userId: string, attemptId: string, query: ReplayStepQuery): Promise<ReplayStepResult> {
  const q = ReplayStepQuerySchema.safeParse(query);
  if (!q.success) return { ok: false, error: "badWindow" };
  const a = await attemptFacts(actor, cohortId, userId, attemptId);
  if (!a || !getExercise(a.exerciseId)) return { ok: false, error: "notFound" };
  const { step, outputsFrom } = q.data;
  const log = await readLog(a.id);
  if (step > log.length) return { ok: false, error: "badWindow" };
  const meta = { exerciseId: a.exerciseId, seed: a.seed, parameters: JSON.parse(a.parameters) as Record<string, string | number> };
  let base = nearestCheckpoint(a.id, outputsFrom);
  if (!base || base.seq < outputsFrom) {
    // The learner's own latest checkpoint is a shortcut when it lies between the kept one and the window.
    const live = await prisma.attemptCheckpoint.findUnique({ where: { attemptId: a.id }, select: { seq: true, data: true } });
    if (live && live.seq <= outputsFrom && live.seq > (base?.seq ?? 0)) base = live;
  }
  const pool = await hostPool();
  const steps: ReplayStep[] = [];
  return replayLocks.run(actor?.id ?? "", async () => {
    for (let slice = 0; slice < REPLAY_MAX_SLICES; slice++) {
      const budgetMs = simulationBudgetMs();
      const from = Math.max(outputsFrom, base?.seq ?? 0);
      const reply = await pool.call({ op: "replayWindow", meta, log: log.slice(0, step), base, outputsFrom: from, to: step, budgetMs }, 4 * budgetMs + 1_000);
      if (reply.kind !== "ok" || !reply.replay) return { ok: false, error: "timeout" };
      const r = reply.replay;
      rememberCheckpoints(a.id, r.checkpoints);
      steps.push(...r.steps);
      if (r.done) return { ok: true, steps, state: r.state };
      base = r.checkpoints[r.checkpoints.length - 1];
    }
    return { ok: false, error: "timeout" };
  });
}
