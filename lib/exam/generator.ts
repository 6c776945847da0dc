// Blueprint -> exam: which tasks, with which seeds and points. Pure: the caller passes the seed and history.
import { prng } from "#lib/exercise/params";
import { QUIZ_DOMAINS, type QuizDomain } from "#lib/quiz/schema";
import type { Blueprint, ExamTask, NamedExam } from "./schema";
import type { ExamItem } from "./session";

/** Points of a whole exam: the domain shares are % of these. */
export const EXAM_POINTS = 100;

export class ExamGenerationError extends Error {}

/** How many tasks of each domain an exam of n tasks gets: n times the shares, largest remainders first, at least 1 each. */
export function domainCounts(b: Blueprint, n: number): Record<QuizDomain, number> {
  const raw = QUIZ_DOMAINS.map((d) => ({ d, x: (n * b.domains[d]) / 100 }));
  const out = Object.fromEntries(raw.map(({ d, x }) => [d, Math.max(b.domains[d] > 0 ? 1 : 0, Math.floor(x))])) as Record<QuizDomain, number>;
  let left = n - Object.values(out).reduce((a, x) => a + x, 0);
  const order = [...raw].sort((a, b2) => (b2.x - Math.floor(b2.x)) - (a.x - Math.floor(a.x)) || b.domains[b2.d] - b.domains[a.d]);
  for (let k = 0; left > 0; k++, left--) out[order[k % order.length].d]++;
  // a domain floor may have taken one too many: give it back from the largest domain
  for (; left < 0; left++) out[[...QUIZ_DOMAINS].sort((a, c) => out[c] - out[a])[0]]--;
  return out;
}

/**
 * Points per task: each domain's share of EXAM_POINTS, split among its tasks by their weights (largest
 * remainder), so every domain's points equal its share exactly (well inside the +/-2 points rule).
 */
export function allocatePoints(b: Blueprint, tasks: readonly ExamTask[]): number[] {
  const points = tasks.map(() => 0);
  for (const d of QUIZ_DOMAINS) {
    const idx = tasks.map((t, i) => (t.examDomain === d ? i : -1)).filter((i) => i >= 0);
    if (!idx.length) continue;
    const budget = (EXAM_POINTS * b.domains[d]) / 100;
    const w = idx.reduce((a, i) => a + tasks[i].weight, 0);
    const exact = idx.map((i) => (budget * tasks[i].weight) / w);
    idx.forEach((i, k) => (points[i] = Math.floor(exact[k])));
    let left = budget - idx.reduce((a, i) => a + points[i], 0);
    const byRem = idx.map((i, k) => ({ i, r: exact[k] - Math.floor(exact[k]) })).sort((a, c) => c.r - a.r || a.i - c.i);
    for (let k = 0; left > 0; k++, left--) points[byRem[k % byRem.length].i]++;
  }
  return points;
}

export type GenerateInput = {
  blueprint: Blueprint;
  pool: readonly ExamTask[];
  seed: number;
  /** task ids of the learner's latest exams, newest first (only the first `blueprint.avoidRecent` count) */
  recent?: readonly (readonly string[])[];
  count?: number;
};

function shuffle<T>(xs: readonly T[], rnd: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/**
 * A new exam from a blueprint: `count` tasks (default the blueprint's), domain counts from the shares, at least
 * `minContexts` contexts, at most one node-touching task per context, tasks of the recent exams only where the
 * pool has too few others in a domain. Ordered by domain share, shuffled inside a domain. Seeds per task.
 */
export function generateExam(input: GenerateInput): ExamItem[] {
  const { blueprint: b, pool, seed } = input;
  const n = input.count ?? b.tasks.default;
  if (!Number.isInteger(n) || n < b.tasks.min || n > b.tasks.max) throw new ExamGenerationError(`an exam has ${b.tasks.min} to ${b.tasks.max} tasks, not ${n}`);
  const counts = domainCounts(b, n);
  const recent = new Set((input.recent ?? []).slice(0, b.avoidRecent).flat());
  const rnd = prng(seed);
  for (let attempt = 0; attempt < 200; attempt++) {
    const chosen: ExamTask[] = [];
    for (const d of QUIZ_DOMAINS) {
      const mine = pool.filter((t) => t.examDomain === d);
      if (mine.length < counts[d]) throw new ExamGenerationError(`the pool has ${mine.length} ${d} tasks, the exam needs ${counts[d]}`);
      // fresh tasks first (shuffled), then the recent ones (shuffled) where the fresh ones do not suffice
      const order = [...shuffle(mine.filter((t) => !recent.has(t.id)), rnd), ...shuffle(mine.filter((t) => recent.has(t.id)), rnd)];
      const pick: ExamTask[] = [];
      for (const t of order) {
        if (pick.length === counts[d]) break;
        const nodeBusy = t.touchesNodes && [...chosen, ...pick].some((x) => x.touchesNodes && x.context === t.context);
        if (!nodeBusy) pick.push(t);
      }
      if (pick.length < counts[d]) continue;
      chosen.push(...pick);
    }
    if (chosen.length !== n) continue;
    if (new Set(chosen.map((t) => t.context)).size < b.minContexts) continue;
    const points = allocatePoints(b, chosen);
    return chosen.map((t, i) => ({ taskId: t.id, seed: (Math.floor(rnd() * 2 ** 31) ^ i) >>> 0 || 1, points: points[i] }));
  }
  throw new ExamGenerationError(`no exam of ${n} tasks fits the pool (contexts, node tasks)`);
}

/** A named exam: its fixed task list, points as for a generated exam, task seeds from the exam's seed. */
export function namedExamItems(b: Blueprint, named: NamedExam, pool: ReadonlyMap<string, ExamTask>, seed: number): ExamItem[] {
  const tasks = named.tasks.map((id) => {
    const t = pool.get(id);
    if (!t) throw new ExamGenerationError(`named exam ${named.id}: unknown task ${id}`);
    return t;
  });
  const points = allocatePoints(b, tasks);
  const rnd = prng(seed);
  return tasks.map((t, i) => ({ taskId: t.id, seed: (Math.floor(rnd() * 2 ** 31) ^ i) >>> 0 || 1, points: points[i] }));
}

/** Points per domain of an exam. */
export function domainPoints(items: readonly ExamItem[], pool: ReadonlyMap<string, ExamTask>): Record<QuizDomain, number> {
  const out = Object.fromEntries(QUIZ_DOMAINS.map((d) => [d, 0])) as Record<QuizDomain, number>;
  for (const it of items) out[pool.get(it.taskId)!.examDomain] += it.points;
  return out;
}
