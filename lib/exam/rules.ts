// Exam rules that depend on time and on results: deadline, whether commands are still taken, timer warnings,
// and the result summary (pass mark, per domain, per competency). Pure: `now` is always passed in.
import { QUIZ_DOMAINS, type QuizDomain } from "#lib/quiz/schema";
import type { Blueprint, ExamTask } from "./schema";
import type { TaskGrade } from "./session";

export type ExamMode = "timed" | "practice";

/** Minutes before the deadline at which the page warns (the real exam's proctor announces similar marks). */
export const WARNING_MINUTES = [30, 15, 5, 1] as const;
/** An instructor's extra-time multiplier: at least none, at most double. */
export const MAX_EXTENSION = 2;

/** The deadline of a timed exam: start + the blueprint's minutes times the extension multiplier. */
export function deadlineFor(startedAt: Date, minutes: number, extension = 1): Date {
  const m = Math.min(MAX_EXTENSION, Math.max(1, extension));
  return new Date(startedAt.getTime() + Math.round(minutes * 60_000 * m));
}

export type ExamState = { mode: ExamMode; deadline: Date | null; submittedAt: Date | null; gradedAt: Date | null };

/** Commands, files, flags and notes are taken while the exam is neither submitted nor past its deadline. */
export function isOpen(e: ExamState, now: Date): boolean {
  if (e.submittedAt || e.gradedAt) return false;
  return e.mode === "practice" || !e.deadline || now.getTime() < e.deadline.getTime();
}

/** A timed exam past its deadline (or a submitted one) that has no result yet must be graded now. */
export function needsGrading(e: ExamState, now: Date): boolean {
  if (e.gradedAt) return false;
  return !!e.submittedAt || (e.mode === "timed" && !!e.deadline && now.getTime() >= e.deadline.getTime());
}

/** The warning mark (minutes) the remaining time has crossed, or null above 30 min and after the end. */
export function warningFor(remainingMs: number): number | null {
  if (remainingMs <= 0) return null;
  let mark: number | null = null;
  for (const m of WARNING_MINUTES) if (remainingMs <= m * 60_000) mark = m;
  return mark;
}

export type ExamSummary = {
  points: number;
  earned: number;
  percent: number;
  passed: boolean;
  domains: { domain: QuizDomain; points: number; earned: number }[];
  competencies: { competency: string; points: number; earned: number }[];
};

/** Total, pass/fail at the blueprint's mark, and points per domain and per competency (a task's points count for each of its competencies). */
export function summarize(b: Blueprint, grades: readonly TaskGrade[], tasks: ReadonlyMap<string, ExamTask>): ExamSummary {
  const points = grades.reduce((a, g) => a + g.points, 0);
  const earned = Math.round(grades.reduce((a, g) => a + g.earned, 0) * 10) / 10;
  const percent = points ? Math.round((earned / points) * 1000) / 10 : 0;
  const dom = new Map<QuizDomain, { points: number; earned: number }>();
  const comp = new Map<string, { points: number; earned: number }>();
  for (const g of grades) {
    const t = tasks.get(g.taskId);
    if (!t) continue;
    const d = dom.get(t.examDomain) ?? { points: 0, earned: 0 };
    dom.set(t.examDomain, { points: d.points + g.points, earned: d.earned + g.earned });
    for (const c of t.competencies) {
      const x = comp.get(c) ?? { points: 0, earned: 0 };
      comp.set(c, { points: x.points + g.points, earned: x.earned + g.earned });
    }
  }
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    points, earned, percent,
    passed: percent >= b.passPercent,
    domains: QUIZ_DOMAINS.filter((d) => dom.has(d)).map((d) => ({ domain: d, points: dom.get(d)!.points, earned: r1(dom.get(d)!.earned) })),
    competencies: [...comp].map(([competency, v]) => ({ competency, points: v.points, earned: r1(v.earned) })).sort((a, c) => a.earned / a.points - c.earned / c.points || a.competency.localeCompare(c.competency)),
  };
}

/** A gap between two entries longer than this counts as a pause, not as work on the task. */
const MAX_GAP_S = 300;

/**
 * Seconds spent per task: the time before each recorded entry (since the previous one, or the start) goes to the
 * task that was open when it was sent, each gap capped at MAX_GAP_S.
 */
export function timeOnTasks(startedAt: Date, log: readonly { task: number; at?: Date }[], tasks: number): number[] {
  const out = Array.from({ length: tasks }, () => 0);
  let prev = startedAt.getTime();
  for (const e of log) {
    if (!e.at) continue;
    const t = e.at.getTime();
    if (e.task >= 0 && e.task < tasks) out[e.task] += Math.min(MAX_GAP_S, Math.max(0, (t - prev) / 1000));
    prev = t;
  }
  return out.map((x) => Math.round(x));
}
