// At-risk rules for a cohort (../shared/assessment-reference.md section 4), pure: the dashboard states each
// rule with its thresholds, and every flag carries the figures that triggered it.

/** The rules' thresholds, shown on the dashboard next to the list. */
export const AT_RISK_RULES = {
  /** Open edX Aspects: no visit for this many days and the course not finished */
  inactiveDays: 7,
  /** Open edX Insights "struggling": gradings per passed exercise in the cohort's top share */
  struggleTopShare: 0.15,
  /** only learners with at least this many gradings are compared */
  struggleMinGradings: 3,
  /** and only when at least this many learners can be compared */
  struggleMinLearners: 5,
  /** readiness (share of quiz items whose latest answer is right) fell by at least this many points */
  readinessDropPoints: 15,
  /** over this many days */
  readinessWindowDays: 14,
  /** the latest graded timed mock exam scored below the exam's pass mark (%) */
  examBelowPercent: 66,
} as const;

export type LearnerSignals = {
  userId: string;
  /** the latest of joining the cohort and any activity */
  lastActivity: Date;
  /** no activity at all since joining */
  neverActive: boolean;
  finished: boolean;
  gradings: number;
  passes: number;
  /** 0..1 now and AT_RISK_RULES.readinessWindowDays ago; null without enough answers */
  readinessNow: number | null;
  readinessBefore: number | null;
  /** the latest graded timed mock exam's score in % (practice exams, with hints and checks, do not count); null or absent without one */
  latestExamPercent?: number | null;
};

export type RiskFlag =
  | { rule: "inactive"; days: number; never: boolean }
  | { rule: "struggling"; ratio: number; threshold: number }
  | { rule: "readinessFalling"; from: number; to: number }
  | { rule: "examBelow"; percent: number; mark: number };

const DAY_MS = 86_400_000;

/** Gradings per passed exercise (a learner with no pass yet counts as one pass, so the ratio is the gradings). */
export const gradingsPerPass = (gradings: number, passes: number) => gradings / Math.max(1, passes);

/** The nearest-rank percentile of sorted values (p in 0..1). */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const k = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[k - 1];
}

/** Each learner's flags (learners without a flag are absent). */
export function atRiskFlags(learners: readonly LearnerSignals[], now: Date, rules = AT_RISK_RULES): Map<string, RiskFlag[]> {
  const out = new Map<string, RiskFlag[]>();
  const add = (id: string, f: RiskFlag) => out.set(id, [...(out.get(id) ?? []), f]);

  const ratios = learners.filter((l) => l.gradings >= rules.struggleMinGradings).map((l) => gradingsPerPass(l.gradings, l.passes)).sort((a, b) => a - b);
  // The threshold is the ratio at the top share's lower edge; a cohort where everyone has the same ratio flags nobody.
  const threshold = ratios.length >= rules.struggleMinLearners ? percentile(ratios, 1 - rules.struggleTopShare) : Infinity;
  const lowest = ratios[0] ?? 0;

  for (const l of learners) {
    const idle = now.getTime() - l.lastActivity.getTime();
    if (!l.finished && idle >= rules.inactiveDays * DAY_MS) add(l.userId, { rule: "inactive", days: Math.floor(idle / DAY_MS), never: l.neverActive });
    if (l.gradings >= rules.struggleMinGradings) {
      const ratio = gradingsPerPass(l.gradings, l.passes);
      if (ratio >= threshold && ratio > lowest) add(l.userId, { rule: "struggling", ratio, threshold });
    }
    if (l.readinessNow !== null && l.readinessBefore !== null && (l.readinessBefore - l.readinessNow) * 100 >= rules.readinessDropPoints) {
      add(l.userId, { rule: "readinessFalling", from: l.readinessBefore, to: l.readinessNow });
    }
    if (l.latestExamPercent !== null && l.latestExamPercent !== undefined && l.latestExamPercent < rules.examBelowPercent) {
      add(l.userId, { rule: "examBelow", percent: l.latestExamPercent, mark: rules.examBelowPercent });
    }
  }
  return out;
}
