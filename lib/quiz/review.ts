// Review scheduling with FSRS (ts-fsrs) from evidence only, never self-rating, and readiness (pure).
// Rules: ../shared/assessment-reference.md section 5 (wrong / failed / solution revealed -> Again; right after a
// miss, a hint or a retry -> Hard; right first time -> Good; never Easy).
import { createEmptyCard, date_diff, default_w, forgetting_curve, fsrs, Rating, State, type Card, type Grade } from "ts-fsrs";

export type Evidence = { correct: boolean; afterMiss?: boolean; helped?: boolean };

/** The rating a piece of evidence gives. */
export function ratingFor(e: Evidence): Grade {
  if (!e.correct) return Rating.Again;
  if (e.afterMiss || e.helped) return Rating.Hard;
  return Rating.Good;
}

const DAY_MS = 86_400_000;

/** The scheduler for a learner: retention 0.9, no fuzz (reproducible), intervals capped by the days to the exam. */
export function schedulerFor(now: Date, examDate: Date | null) {
  const daysLeft = examDate ? Math.floor((examDate.getTime() - now.getTime()) / DAY_MS) : null;
  const maximum_interval = daysLeft !== null && daysLeft >= 1 ? Math.min(36500, daysLeft) : daysLeft !== null ? 1 : 36500;
  return fsrs({ request_retention: 0.9, enable_fuzz: false, maximum_interval });
}

export type StoredCard = Omit<Card, "due" | "last_review"> & { due: string; last_review?: string };

function toStored(c: Card): StoredCard {
  const { last_review, due, ...rest } = c;
  return { ...rest, due: due.toISOString(), ...(last_review ? { last_review: new Date(last_review).toISOString() } : {}) };
}
const fromStored = (s: StoredCard): Card => ({ ...s, due: new Date(s.due), ...(s.last_review ? { last_review: new Date(s.last_review) } : { last_review: undefined }) }) as Card;

/** A card after one review: the stored form and its next due time. A missing card starts empty (first miss). */
export function review(stored: StoredCard | null, rating: Grade, now: Date, examDate: Date | null = null): { card: StoredCard; due: Date } {
  const card = stored ? fromStored(stored) : createEmptyCard(now);
  const next = schedulerFor(now, examDate).next(card, now, rating).card;
  // FSRS keeps Good's interval above Hard's, which can overshoot maximum_interval by a day: the exam date wins.
  if (examDate && examDate.getTime() > now.getTime() && next.due.getTime() > examDate.getTime()) {
    next.due = new Date(examDate);
    next.scheduled_days = Math.max(0, Math.floor((examDate.getTime() - now.getTime()) / DAY_MS));
  }
  return { card: toStored(next), due: next.due };
}

/** The probability of recalling the card now (0..1); 0 for a card never reviewed. */
export function retrievability(stored: StoredCard, now: Date, scheduler: ReturnType<typeof schedulerFor> = schedulerFor(now, null)): number {
  if (!stored.last_review) return 0;
  return scheduler.get_retrievability(fromStored(stored), now, false);
}

/**
 * The recall probability from a card's three fields alone, as `retrievability` computes it (ts-fsrs
 * get_retrievability: whole days since the last review on the forgetting curve of the default weights), for a
 * queue read straight from the database without building cards.
 */
export function recallOf(card: { state: number; stability: number; last_review?: string | null }, now: Date): number {
  if (card.state === State.New || !card.last_review) return 0;
  const t = Math.max(date_diff(now, new Date(card.last_review), "days"), 0);
  return forgetting_curve(default_w, t, +card.stability.toFixed(8));
}

/** Recall probabilities of many cards at one time, with one scheduler (building one per card costs more than the rest). */
export function retrievabilities(stored: readonly StoredCard[], now: Date): number[] {
  const scheduler = schedulerFor(now, null);
  return stored.map((s) => retrievability(s, now, scheduler));
}

/** How many due cards a day's queue shows by default. */
export const DAILY_LIMIT = 20;

/**
 * Cards still in their short learning steps (a miss comes back after a minute, then ten) join the queue when
 * they fall due within this window, as Anki's "learn ahead limit" (20 minutes by default) does: a learner
 * working the queue meets a missed item again in the same sitting instead of finding the queue empty.
 */
export const LEARN_AHEAD_MS = 20 * 60_000;

/**
 * Today's queue: only due cards (learning ahead by LEARN_AHEAD_MS), lowest recall first, interleaving competencies
 * (no two neighbours share one while another competency still has cards), at most `limit`.
 */
export function orderQueue<T extends { competency: string; due: Date; r: number }>(cards: readonly T[], now: Date, limit = DAILY_LIMIT): T[] {
  const due = cards.filter((c) => c.due.getTime() <= now.getTime() + LEARN_AHEAD_MS).sort((a, b) => a.r - b.r || a.due.getTime() - b.due.getTime());
  const byComp = new Map<string, T[]>();
  for (const c of due) {
    const list = byComp.get(c.competency);
    if (list) list.push(c);
    else byComp.set(c.competency, [c]);
  }
  const out: T[] = [];
  let last: string | null = null;
  while (out.length < limit && byComp.size) {
    // the neediest head among competencies other than the last one used
    const heads = [...byComp.entries()].filter(([k]) => k !== last || byComp.size === 1).sort((a, b) => a[1][0].r - b[1][0].r);
    const [k, list] = heads[0];
    out.push(list.shift()!);
    if (!list.length) byComp.delete(k);
    last = k;
  }
  return out;
}
