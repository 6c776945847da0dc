import "server-only";
import { prisma } from "#lib/db";
import { jsonNumber, jsonText, sqlDate } from "./sql";
import { fnv1a } from "#lib/exercise/params";
import { getExercise } from "#lib/exercise/loader";
import { hostPool } from "#lib/exercise/pool";
import { quizBank } from "#lib/quiz/loader";
import { LEARN_AHEAD_MS, orderQueue, ratingFor, recallOf, retrievabilities, review, type StoredCard } from "#lib/quiz/review";
import { ALL_COMPETENCIES, COMPETENCIES, domainOf, QUIZ_DOMAINS, type Item, type QuizDomain } from "#lib/quiz/schema";
import type { Presentation } from "#lib/quiz/token";
import { gradeResponse, type Feedback, type Response } from "#lib/quiz/variant";
import type { Role } from "#lib/auth/roles";
import { scheduleItemStatsRefresh } from "./item-stats";

type Actor = { id: string; role: Role };
type Locale = "ko" | "en";

/** How long a command item may run in the simulator before it is cut (as an exercise command). */
export const COMMAND_ITEM_BUDGET_MS = 3000;

export class QuizError extends Error {
  constructor(readonly code: "notFound" | "badInput" | "timeout") {
    super(code);
  }
}

/** Grades a response to a variant (no storage). Command items run on the exercise workers, under the time budget. */
export async function gradeVariant(item: Item, seed: number, locale: Locale, response: Response): Promise<Feedback & { output?: string }> {
  if (item.type === "command") {
    if (!("text" in response)) throw new QuizError("badInput");
    const pool = await hostPool();
    // Like an exercise command: a worker past 4 x the budget + 1 s is stuck where no deadline is asked, and replaced.
    const reply = await pool.call({ op: "quizCommand", itemId: item.id, seed, locale, answer: response.text, budgetMs: COMMAND_ITEM_BUDGET_MS }, 4 * COMMAND_ITEM_BUDGET_MS + 1_000);
    if (reply.kind === "timeout") throw new QuizError("timeout");
    if (reply.kind !== "ok" || !reply.quiz) throw new Error(`quiz command item ${item.id}: unexpected reply ${reply.kind}`);
    return reply.quiz;
  }
  return gradeResponse(item, seed, locale, response);
}

export type AnswerResult = { feedback: Feedback & { output?: string }; duplicate: boolean };

/**
 * Grades and records one answer. Signed in: stored once per presentation (a double submit returns the first
 * result and counts nothing twice), the item's review card is created at the first miss and rescheduled by
 * every later answer. Anonymous: graded, nothing stored.
 */
export async function answerQuiz(actor: Actor | null, p: Presentation, response: Response, locale: Locale, now = new Date()): Promise<AnswerResult> {
  const item = quizBank().byId.get(p.i)?.item;
  if (!item) throw new QuizError("notFound");
  if (!actor) return { feedback: await gradeVariant(item, p.s, locale, response), duplicate: false };

  const existing = await prisma.quizAnswer.findUnique({ where: { userId_nonce: { userId: actor.id, nonce: p.n } }, select: { response: true } });
  if (existing) return { feedback: await gradeVariant(item, p.s, locale, JSON.parse(existing.response) as Response), duplicate: true };
  if (p.a) {
    const owns = await prisma.quizAttempt.count({ where: { id: p.a, userId: actor.id, finishedAt: null } });
    if (!owns) throw new QuizError("notFound");
  }

  const feedback = await gradeVariant(item, p.s, locale, response);
  try {
    await prisma.$transaction(async (tx) => {
      const prev = await tx.quizAnswer.findFirst({ where: { userId: actor.id, itemId: item.id }, orderBy: { createdAt: "desc" }, select: { correct: true } });
      const answer = await tx.quizAnswer.create({
        data: {
          userId: actor.id, attemptId: p.a ?? null, itemId: item.id, seed: p.s, context: p.c, nonce: p.n,
          response: JSON.stringify(response), score: Math.round(feedback.score * 1000), correct: feedback.correct,
          first: !prev, countsForStats: actor.role === "LEARNER", createdAt: now,
        },
        select: { id: true },
      });
      await recordEvidence(tx, actor.id, { kind: "item", ref: item.id, competency: item.competencies[0] }, { correct: feedback.correct, afterMiss: prev ? !prev.correct : false }, answer.id, now);
    });
  } catch (e) {
    // The same token submitted twice at once: the unique (userId, nonce) lets one in.
    if ((e as { code?: string }).code === "P2002") return { feedback, duplicate: true };
    throw e;
  }
  if (actor.role === "LEARNER") scheduleItemStatsRefresh(actor.id);
  return { feedback, duplicate: false };
}

type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0];

/** Creates the card at the first miss; reschedules an existing card on any evidence; logs the rating. */
async function recordEvidence(tx: Tx, userId: string, card: { kind: "item" | "check"; ref: string; competency: string }, e: { correct: boolean; afterMiss?: boolean; helped?: boolean }, source: string, now: Date) {
  const key = { userId_kind_ref: { userId, kind: card.kind, ref: card.ref } };
  const existing = await tx.reviewCard.findUnique({ where: key, select: { id: true, fsrs: true } });
  if (!existing && e.correct) return;
  const user = await tx.user.findUnique({ where: { id: userId }, select: { examDate: true } });
  // A learner without their own exam date is scheduled towards their cohort's next one (active cohorts).
  const cohortExam = user && !user.examDate
    ? await tx.cohort.findFirst({ where: { members: { some: { userId } }, archivedAt: null, examDate: { gt: now } }, orderBy: { examDate: "asc" }, select: { examDate: true } })
    : null;
  const rating = ratingFor(e);
  const next = review(existing ? (JSON.parse(existing.fsrs) as StoredCard) : null, rating, now, user?.examDate ?? cohortExam?.examDate ?? null);
  const row = existing
    ? await tx.reviewCard.update({ where: { id: existing.id }, data: { fsrs: JSON.stringify(next.card), due: next.due }, select: { id: true } })
    : await tx.reviewCard.create({ data: { userId, kind: card.kind, ref: card.ref, competency: card.competency, fsrs: JSON.stringify(next.card), due: next.due }, select: { id: true } });
  await tx.reviewLog.create({ data: { cardId: row.id, rating, source, reviewedAt: now } });
}

/**
 * Exercise evidence for review: each failed check becomes (or reschedules) a card; a check that passes
 * reschedules its card if it has one (Hard when hints or the solution helped, Good otherwise).
 */
export async function recordExerciseCheckEvidence(
  actor: { id: string },
  exerciseId: string,
  checks: { id: string; passed: boolean }[],
  source: string,
  helped: boolean,
  now = new Date(),
): Promise<void> {
  const competency = exerciseCompetency(exerciseId);
  await prisma.$transaction(async (tx) => {
    for (const c of checks) {
      await recordEvidence(tx, actor.id, { kind: "check", ref: `${exerciseId}#${c.id}`, competency }, { correct: c.passed, helped }, source, now);
    }
  });
}

const competencyOfExercise = new Map<string, string>();

/** The competency an exercise mainly trains: from its lesson's quiz items, else its domain's first (worked out once per exercise). */
function exerciseCompetency(exerciseId: string): string {
  let c = competencyOfExercise.get(exerciseId);
  if (!c) competencyOfExercise.set(exerciseId, (c = computeExerciseCompetency(exerciseId)));
  return c;
}

function computeExerciseCompetency(exerciseId: string): string {
  const le = getExercise(exerciseId);
  const items = quizBank().all.filter((l) => l.item.lesson.slug === le?.lessonSlug);
  const counts = new Map<string, number>();
  for (const l of items) for (const c of l.item.competencies) counts.set(c, (counts.get(c) ?? 0) + 1);
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (best) return best;
  const d = le?.exercise.domain === "architecture" ? "cluster-architecture" : (le?.exercise.domain as QuizDomain | undefined);
  return d && COMPETENCIES[d] ? COMPETENCIES[d][0] : ALL_COMPETENCIES[0];
}

// ---- practice sets

export type PracticeKind = "domain" | "competency" | "lesson" | "mixed";
export const PRACTICE_SIZE = 10;
export const MIXED_SIZE = 20;
/** Items per domain in a mixed set of 20: the CKA weights 30/25/20/15/10 %. */
const MIXED_SHARES: Record<QuizDomain, number> = { troubleshooting: 6, "cluster-architecture": 5, networking: 4, workloads: 3, storage: 2 };

function seededShuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let a = seed >>> 0 || 1;
  const rnd = () => ((a = (Math.imul(a ^ (a >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The item ids a practice set of this kind may draw from (empty for an unknown key). */
export function practicePool(kind: PracticeKind, key: string): string[] {
  const all = quizBank().all.map((l) => l.item);
  if (kind === "domain") return all.filter((i) => i.competencies.some((c) => domainOf(c) === key)).map((i) => i.id);
  if (kind === "competency") return all.filter((i) => i.competencies.includes(key)).map((i) => i.id);
  if (kind === "lesson") return all.filter((i) => i.lesson.slug === key).map((i) => i.id);
  return all.map((i) => i.id);
}

/** Starts a practice set for the actor: items drawn at random (mixed: by CKA weight), each with its own seed. */
export async function createPracticeSet(actor: Actor, kind: PracticeKind, key: string, seed = (Math.random() * 2 ** 31) >>> 0): Promise<string | null> {
  let ids: string[];
  if (kind === "mixed") {
    const all = quizBank().all.map((l) => l.item);
    ids = QUIZ_DOMAINS.flatMap((d) => seededShuffle(all.filter((i) => domainOf(i.competencies[0]) === d).map((i) => i.id), seed ^ fnv1a(d)).slice(0, MIXED_SHARES[d]));
    ids = seededShuffle(ids, seed);
  } else {
    ids = seededShuffle(practicePool(kind, key), seed).slice(0, PRACTICE_SIZE);
  }
  if (!ids.length) return null;
  const items = ids.map((itemId, k) => ({ itemId, seed: (fnv1a(`${seed}:${k}:${itemId}`) >>> 1) || 1 }));
  const a = await prisma.quizAttempt.create({ data: { userId: actor.id, kind, key: kind === "mixed" ? "" : key, items: JSON.stringify(items) }, select: { id: true } });
  return a.id;
}

export type PracticeSetDto = {
  id: string;
  kind: PracticeKind;
  key: string;
  createdAt: string;
  finishedAt: string | null;
  items: { itemId: string; seed: number; answer: { response: Response; score: number; correct: boolean } | null }[];
};

/** The actor's own practice set with the latest answer to each of its items, or null. */
export async function getPracticeSet(actor: { id: string }, id: string): Promise<PracticeSetDto | null> {
  const a = await prisma.quizAttempt.findFirst({
    where: { id, userId: actor.id },
    select: { id: true, kind: true, key: true, items: true, createdAt: true, finishedAt: true, answers: { orderBy: { createdAt: "asc" }, select: { itemId: true, seed: true, response: true, score: true, correct: true } } },
  });
  if (!a) return null;
  const items = (JSON.parse(a.items) as { itemId: string; seed: number }[]).map((it) => {
    const ans = a.answers.filter((x) => x.itemId === it.itemId && x.seed === it.seed).at(-1);
    return { ...it, answer: ans ? { response: JSON.parse(ans.response) as Response, score: ans.score / 1000, correct: ans.correct } : null };
  });
  return { id: a.id, kind: a.kind as PracticeKind, key: a.key, createdAt: a.createdAt.toISOString(), finishedAt: a.finishedAt?.toISOString() ?? null, items };
}

/** Marks the actor's set finished (idempotent); unanswered items count as 0. */
export async function finishPracticeSet(actor: { id: string }, id: string, now = new Date()): Promise<boolean> {
  const r = await prisma.quizAttempt.updateMany({ where: { id, userId: actor.id, finishedAt: null }, data: { finishedAt: now } });
  return r.count > 0 || (await prisma.quizAttempt.count({ where: { id, userId: actor.id } })) > 0;
}

export type PracticeSummaryDto = { id: string; kind: PracticeKind; key: string; createdAt: string; finishedAt: string | null; items: number; answered: number; score: number };

/** The actor's recent practice sets, newest first. */
export async function listPracticeSets(actor: { id: string }, limit = 10): Promise<PracticeSummaryDto[]> {
  const rows = await prisma.quizAttempt.findMany({
    where: { userId: actor.id },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, kind: true, key: true, items: true, createdAt: true, finishedAt: true, answers: { select: { itemId: true, score: true } } },
  });
  return rows.map((r) => {
    const items = JSON.parse(r.items) as { itemId: string }[];
    const best = new Map<string, number>();
    for (const a of r.answers) best.set(a.itemId, a.score);
    const total = [...best.values()].reduce((s, x) => s + x, 0) / 1000;
    return { id: r.id, kind: r.kind as PracticeKind, key: r.key, createdAt: r.createdAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null, items: items.length, answered: best.size, score: items.length ? total / items.length : 0 };
  });
}

/** The actor's latest answered variant of each item (for check-questions in a lesson), by item id. */
export async function listLatestAnswers(actor: { id: string }, itemIds: string[]): Promise<Map<string, { seed: number; response: Response; score: number; correct: boolean }>> {
  if (!itemIds.length) return new Map();
  const rows = await prisma.quizAnswer.findMany({
    where: { userId: actor.id, itemId: { in: itemIds }, context: "lesson" },
    orderBy: { createdAt: "asc" },
    select: { itemId: true, seed: true, response: true, score: true, correct: true },
  });
  return new Map(rows.map((r) => [r.itemId, { seed: r.seed, response: JSON.parse(r.response) as Response, score: r.score / 1000, correct: r.correct }]));
}

// ---- review queue and readiness

export type ReviewCardDto = { id: string; kind: "item" | "check"; ref: string; competency: string; due: string; r: number; reps: number };

/** Today's queue for the actor (at most `limit`, due first, lowest recall first, competencies interleaved) and how many are due. */
export async function listReviewQueue(actor: { id: string }, now = new Date(), limit?: number): Promise<{ queue: ReviewCardDto[]; due: number; total: number }> {
  // Only the cards due (learning ahead) need reading and a recall probability; the rest are counted. One raw
  // statement that reads just the card fields the recall needs: for thousands of cards, Prisma's row mapping and
  // parsing every stored card cost more than the read itself.
  const horizon = new Date(now.getTime() + LEARN_AHEAD_MS);
  const [rows, total] = await Promise.all([
    prisma.$queryRaw<{ id: string; kind: string; ref: string; competency: string; due: string; state: number; stability: number; last_review: string | null; reps: number }[]>`
      SELECT "id", "kind", "ref", "competency", "due", ${jsonNumber('"fsrs"', "state")} AS state, ${jsonNumber('"fsrs"', "stability")} AS stability,
             ${jsonText('"fsrs"', "last_review")} AS last_review, ${jsonNumber('"fsrs"', "reps")} AS reps
      FROM "ReviewCard" WHERE "userId" = ${actor.id} AND "due" <= ${sqlDate(horizon)}`,
    prisma.reviewCard.count({ where: { userId: actor.id } }),
  ]);
  const cards = rows.map((c) => ({ id: c.id, kind: c.kind as "item" | "check", ref: c.ref, competency: c.competency, due: new Date(c.due), r: recallOf({ state: Number(c.state), stability: Number(c.stability), last_review: c.last_review }, now), reps: Number(c.reps) }));
  const queue = orderQueue(cards, now, limit).map((c) => ({ ...c, due: c.due.toISOString() }));
  return { queue, due: cards.length, total };
}

/** How many of the actor's cards are due now (learning ahead as the queue does). */
export async function countDueReviews(actor: { id: string }, now = new Date()): Promise<number> {
  return prisma.reviewCard.count({ where: { userId: actor.id, due: { lte: new Date(now.getTime() + LEARN_AHEAD_MS) } } });
}

/** A review variant's seed: new for every review of the card. */
export const reviewSeed = (cardId: string, reps: number) => (fnv1a(`review:${cardId}:${reps}`) >>> 1) || 1;

export type ReadinessDto = {
  competency: string;
  domain: QuizDomain;
  /** 0..1, null without enough evidence */
  readiness: number | null;
  evidence: number;
  bankItems: number;
};

/** How many distinct pieces of evidence a competency needs before a readiness is shown. */
export const MIN_EVIDENCE = 3;

/**
 * Readiness per competency from evidence only: each item answered counts 1 when its latest answer was right
 * and it has no review card, else its card's current recall probability; each exercise check card its recall.
 */
export async function getReadiness(actor: { id: string }, now = new Date()): Promise<ReadinessDto[]> {
  const [answers, cards] = await Promise.all([
    prisma.quizAnswer.findMany({ where: { userId: actor.id }, orderBy: { createdAt: "asc" }, select: { itemId: true, correct: true } }),
    prisma.reviewCard.findMany({ where: { userId: actor.id }, select: { kind: true, ref: true, competency: true, fsrs: true } }),
  ]);
  return readinessFromEvidence(new Map(answers.map((a) => [a.itemId, a.correct])), cards, now);
}

let bankCounts: { bank: ReturnType<typeof quizBank>; counts: Map<string, number> } | null = null;
function bankItemsPerCompetency(bank: ReturnType<typeof quizBank>): Map<string, number> {
  if (bankCounts?.bank === bank) return bankCounts.counts;
  const counts = new Map<string, number>();
  for (const l of bank.all) for (const c of l.item.competencies) counts.set(c, (counts.get(c) ?? 0) + 1);
  bankCounts = { bank, counts };
  return counts;
}

/**
 * getReadiness's rule on evidence already read (one learner): `latest` maps an item to whether its latest
 * answer was right; `cards` are the learner's review cards. Instructor dashboards call it for many learners.
 */
export function readinessFromEvidence(latest: ReadonlyMap<string, boolean>, cards: readonly { kind: string; ref: string; competency: string; fsrs: string }[], now: Date): ReadinessDto[] {
  const rs = retrievabilities(cards.map((c) => JSON.parse(c.fsrs) as StoredCard), now);
  const cardR = new Map(cards.map((c, i) => [`${c.kind}:${c.ref}`, rs[i]]));
  const bank = quizBank();
  const values = new Map<string, number[]>();
  const add = (comp: string, v: number) => {
    const vs = values.get(comp);
    if (vs) vs.push(v);
    else values.set(comp, [v]);
  };
  for (const [itemId, correct] of latest) {
    const item = bank.byId.get(itemId)?.item;
    if (!item) continue;
    const r = cardR.get(`item:${itemId}`);
    for (const c of item.competencies) add(c, r ?? (correct ? 1 : 0));
  }
  for (const c of cards) if (c.kind === "check") add(c.competency, cardR.get(`check:${c.ref}`) ?? 0);
  const counts = bankItemsPerCompetency(bank);
  return ALL_COMPETENCIES.map((competency) => {
    const vs = values.get(competency) ?? [];
    return {
      competency,
      domain: domainOf(competency),
      readiness: vs.length >= MIN_EVIDENCE ? vs.reduce((s, x) => s + x, 0) / vs.length : null,
      evidence: vs.length,
      bankItems: counts.get(competency) ?? 0,
    };
  });
}

/** Sets or clears the actor's exam date (review intervals stop at it). */
export async function updateExamDate(actor: { id: string }, date: Date | null): Promise<void> {
  await prisma.user.update({ where: { id: actor.id }, data: { examDate: date }, select: { id: true } });
}

/** The actor's exam date, or null. */
export async function getExamDate(actor: { id: string }): Promise<string | null> {
  const u = await prisma.user.findUnique({ where: { id: actor.id }, select: { examDate: true } });
  return u?.examDate?.toISOString() ?? null;
}

/** After an exercise grading: the attempt's checks as review evidence (helped = a hint or the solution was seen). */
export async function recordGradeEvidence(actor: { id: string }, attemptId: string, checks: { id: string; passed: boolean }[]): Promise<void> {
  const a = await prisma.exerciseAttempt.findFirst({ where: { id: attemptId, userId: actor.id }, select: { exerciseId: true, hintsUsed: true, solutionRevealedAt: true } });
  if (!a) return;
  await recordExerciseCheckEvidence(actor, a.exerciseId, checks, `grade:${attemptId}`, a.hintsUsed > 0 || a.solutionRevealedAt !== null);
}
