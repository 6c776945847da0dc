// Mock-exam figures for the learner's page and the instructor's dashboard, pure: readiness per domain from exam
// results and how it combines with the quiz readiness, the trend chart's geometry, who counts as "in an exam now",
// and the most common failure explanations.
import { QUIZ_DOMAINS, type QuizDomain } from "#lib/quiz/schema";

/** Exam readiness per domain reads the points of this many latest graded timed exams. */
export const EXAM_READINESS_EXAMS = 3;
/** A practice exam (untimed) counts as "in an exam now" while its latest command or start is this recent. */
export const PRACTICE_LIVE_MS = 2 * 3_600_000;

export type DomainPoints = { domain: QuizDomain; points: number; earned: number };

/** Per domain: points earned of points available over the given task grades (domains without points are absent). */
export function domainShares(grades: readonly DomainPoints[]): { domain: QuizDomain; points: number; earned: number; share: number }[] {
  const acc = new Map<QuizDomain, { points: number; earned: number }>();
  for (const g of grades) {
    const a = acc.get(g.domain) ?? { points: 0, earned: 0 };
    acc.set(g.domain, { points: a.points + g.points, earned: a.earned + g.earned });
  }
  return QUIZ_DOMAINS.filter((d) => (acc.get(d)?.points ?? 0) > 0).map((d) => {
    const a = acc.get(d)!;
    return { domain: d, points: a.points, earned: Math.round(a.earned * 10) / 10, share: a.earned / a.points };
  });
}

/**
 * A domain's combined readiness: the mean of the quiz readiness (mean of its competencies with enough evidence) and
 * the exam share (points earned over the latest EXAM_READINESS_EXAMS timed exams), or whichever of the two exists.
 */
export function combinedReadiness(quiz: number | null, exam: number | null): number | null {
  if (quiz === null) return exam;
  if (exam === null) return quiz;
  return (quiz + exam) / 2;
}

export type TrendExam = { id: string; mode: "timed" | "practice"; at: string; percent: number };
export type TrendPoint = TrendExam & { x: number; y: number };

/**
 * The trend chart's points: x by the exam's date across the whole span (all modes on one axis, so timed and
 * practice can be compared in time), y from 100 % at the top to 0 % at the bottom, inside a `pad` margin; `passY` is the pass mark's line.
 */
export function trendGeometry(exams: readonly TrendExam[], width: number, height: number, passPercent: number, pad = 24): { timed: TrendPoint[]; practice: TrendPoint[]; passY: number } {
  const times = exams.map((e) => Date.parse(e.at));
  const lo = Math.min(...times);
  const span = Math.max(...times) - lo;
  const x = (t: number) => (span > 0 ? pad + ((t - lo) / span) * (width - 2 * pad) : width / 2);
  const y = (p: number) => pad + (1 - Math.min(100, Math.max(0, p)) / 100) * (height - 2 * pad);
  const pts = exams.map((e, i): TrendPoint => ({ ...e, x: Math.round(x(times[i]) * 10) / 10, y: Math.round(y(e.percent) * 10) / 10 }));
  const byTime = (a: TrendPoint, b: TrendPoint) => Date.parse(a.at) - Date.parse(b.at);
  return { timed: pts.filter((p) => p.mode === "timed").sort(byTime), practice: pts.filter((p) => p.mode === "practice").sort(byTime), passY: Math.round(y(passPercent) * 10) / 10 };
}

export type LiveCandidate = { mode: string; deadline: Date | null; startedAt: Date; lastCommandAt: Date | null };

/** Whether an open (not submitted, not graded) exam counts as sat now: timed before its deadline; practice while recently used. */
export function isLive(e: LiveCandidate, now: Date): boolean {
  if (e.mode === "timed") return !!e.deadline && e.deadline.getTime() > now.getTime();
  const last = Math.max(e.startedAt.getTime(), e.lastCommandAt?.getTime() ?? 0);
  return now.getTime() - last < PRACTICE_LIVE_MS;
}

/** The `n` most frequent texts, most frequent first (ties by text). */
export function topCounts(counts: ReadonlyMap<string, number>, n: number): { text: string; count: number }[] {
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n).map(([text, count]) => ({ text, count }));
}

/** A task or check title without its seed parameters (`{{app}}` becomes `…`): the instructor views pool all seeds. */
export function plainTitle(title: string): string {
  return title.replace(/\{\{\s*[a-zA-Z0-9_]+\s*\}\}/g, "…");
}
