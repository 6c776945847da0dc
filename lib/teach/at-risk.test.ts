import { describe, expect, it } from "vitest";
import { AT_RISK_RULES, atRiskFlags, percentile, type LearnerSignals } from "./at-risk";

const now = new Date("2026-12-07T12:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const learner = (userId: string, over: Partial<LearnerSignals> = {}): LearnerSignals => ({
  userId, lastActivity: daysAgo(1), neverActive: false, finished: false, gradings: 0, passes: 0, readinessNow: null, readinessBefore: null, ...over,
});

describe("at-risk rules", () => {
  it("inactive: 7 days without activity and not finished, not 6 days 23 h, not when finished", () => {
    const flags = atRiskFlags([
      learner("a", { lastActivity: daysAgo(7) }),
      learner("b", { lastActivity: new Date(daysAgo(7).getTime() + 3_600_000) }),
      learner("c", { lastActivity: daysAgo(30), finished: true }),
      learner("d", { lastActivity: daysAgo(9), neverActive: true }),
    ], now);
    expect(flags.get("a")).toEqual([{ rule: "inactive", days: 7, never: false }]);
    expect(flags.has("b")).toBe(false);
    expect(flags.has("c")).toBe(false);
    expect(flags.get("d")).toEqual([{ rule: "inactive", days: 9, never: true }]);
  });

  it("struggling: gradings per pass in the top 15 % of those with 3+ gradings", () => {
    // 10 comparable learners with ratios 1..10: P85 (nearest rank) is the 9th value, so 9 and 10 are flagged.
    const ls = Array.from({ length: 10 }, (_, i) => learner(`l${i + 1}`, { gradings: (i + 1) * 2, passes: 2 }));
    ls.push(learner("few", { gradings: 2, passes: 0 })); // under the minimum of gradings: never compared
    const flags = atRiskFlags(ls, now);
    expect([...flags.keys()].sort()).toEqual(["l10", "l9"]);
    expect(flags.get("l9")).toEqual([{ rule: "struggling", ratio: 9, threshold: 9 }]);
  });

  it("struggling needs enough learners to compare, and a uniform cohort flags nobody", () => {
    const four = Array.from({ length: AT_RISK_RULES.struggleMinLearners - 1 }, (_, i) => learner(`s${i}`, { gradings: 3 + i * 10, passes: 1 }));
    expect(atRiskFlags(four, now).size).toBe(0);
    const same = Array.from({ length: 8 }, (_, i) => learner(`u${i}`, { gradings: 4, passes: 2 }));
    expect(atRiskFlags(same, now).size).toBe(0);
  });

  it("falling readiness: a drop of 15 points or more over the window, not 14", () => {
    const flags = atRiskFlags([
      learner("drop", { readinessBefore: 0.8, readinessNow: 0.65 }),
      learner("small", { readinessBefore: 0.8, readinessNow: 0.66 }),
      learner("new", { readinessBefore: null, readinessNow: 0.1 }),
    ], now);
    expect(flags.get("drop")).toEqual([{ rule: "readinessFalling", from: 0.8, to: 0.65 }]);
    expect(flags.has("small")).toBe(false);
    expect(flags.has("new")).toBe(false);
  });

  it("latest exam below the pass mark: 65.9 % flagged, 66 % not, no exam not", () => {
    const flags = atRiskFlags([
      learner("low", { latestExamPercent: 65.9 }),
      learner("mark", { latestExamPercent: 66 }),
      learner("none", { latestExamPercent: null }),
      learner("zero", { latestExamPercent: 0 }),
    ], now);
    expect(flags.get("low")).toEqual([{ rule: "examBelow", percent: 65.9, mark: 66 }]);
    expect(flags.has("mark")).toBe(false);
    expect(flags.has("none")).toBe(false);
    expect(flags.get("zero")).toEqual([{ rule: "examBelow", percent: 0, mark: 66 }]);
  });

  it("percentile is nearest-rank", () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.85)).toBe(4);
    expect(percentile([5], 0.1)).toBe(5);
    expect(percentile([], 0.5)).toBeNaN();
  });
});
