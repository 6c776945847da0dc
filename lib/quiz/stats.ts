// Classical item statistics, as Moodle computes them (../shared/assessment-reference.md section 3), pure.
// Our learners do not all answer the same items, so a learner's "rest of test" is the mean of their other
// first-attempt scores (a proportion), not a sum: it keeps learners with more answers from dominating.

export type Observation = { learner: string; item: string; score: number };

export type ItemStats = {
  item: string;
  n: number;
  /** facility: mean score, % */
  facility: number;
  /** sample SD of the scores (N - 1), % of the maximum */
  sd: number;
  /** learners the discrimination is computed over: those with a rest of test (at least one other first answer) */
  nRest: number;
  /** corrected discrimination: 100 * corr(score, rest of test); null when undefined (N < 3 or no variance) */
  discrimination: number | null;
  /** 95 % interval of the discrimination (Fisher z), null when undefined */
  ci: [number, number] | null;
  /** discriminative efficiency: 100 * Cov(x, Y) / Cov_max(x, Y); null when undefined */
  efficiency: number | null;
  /** flagged by the reference rule (N >= 20 and D < 20 or DE < 15 or F > 95 or F < 5), with the reasons */
  flags: ("tooEasy" | "tooHard" | "lowDiscrimination" | "lowEfficiency")[];
};

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
function cov(a: number[], b: number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - ma) * (b[i] - mb);
  return s / (a.length - 1);
}

/** The reference's flag rule, with its thresholds. */
export const FLAG_RULE = { minN: 20, minD: 20, minDE: 15, maxF: 95, minF: 5 } as const;

/** Statistics for every item from first-attempt observations (score 0..1). */
export function computeItemStats(obs: readonly Observation[]): ItemStats[] {
  const byLearner = new Map<string, { sum: number; n: number }>();
  for (const o of obs) {
    const e = byLearner.get(o.learner) ?? { sum: 0, n: 0 };
    e.sum += o.score;
    e.n += 1;
    byLearner.set(o.learner, e);
  }
  const byItem = new Map<string, Observation[]>();
  for (const o of obs) {
    const list = byItem.get(o.item);
    if (list) list.push(o);
    else byItem.set(o.item, [o]);
  }

  const out: ItemStats[] = [];
  for (const [item, list] of byItem) {
    const x: number[] = [];
    const y: number[] = [];
    for (const o of list) {
      const l = byLearner.get(o.learner)!;
      if (l.n < 2) continue; // no rest of test
      x.push(o.score);
      y.push((l.sum - o.score) / (l.n - 1));
    }
    const n = list.length;
    const scores = list.map((o) => o.score);
    const facility = 100 * mean(scores);
    const sd = n > 1 ? 100 * Math.sqrt(cov(scores, scores)) : 0;
    let discrimination: number | null = null;
    let ci: [number, number] | null = null;
    let efficiency: number | null = null;
    if (x.length >= 3) {
      const vx = cov(x, x);
      const vy = cov(y, y);
      const c = cov(x, y);
      if (vx > 0 && vy > 0) {
        const r = c / Math.sqrt(vx * vy);
        discrimination = 100 * r;
        if (x.length > 3) {
          const z = Math.atanh(Math.max(-0.999999, Math.min(0.999999, r)));
          const half = 1.959964 / Math.sqrt(x.length - 3);
          ci = [100 * Math.tanh(z - half), 100 * Math.tanh(z + half)];
        }
        const sx = [...x].sort((a, b) => a - b);
        const sy = [...y].sort((a, b) => a - b);
        const cmax = cov(sx, sy);
        efficiency = cmax > 0 ? (100 * c) / cmax : null;
      }
    }
    const flags: ItemStats["flags"] = [];
    if (n >= FLAG_RULE.minN) {
      if (facility > FLAG_RULE.maxF) flags.push("tooEasy");
      if (facility < FLAG_RULE.minF) flags.push("tooHard");
      if (discrimination !== null && discrimination < FLAG_RULE.minD) flags.push("lowDiscrimination");
      if (efficiency !== null && efficiency < FLAG_RULE.minDE) flags.push("lowEfficiency");
    }
    out.push({ item, n, nRest: x.length, facility, sd, discrimination, ci, efficiency, flags });
  }
  return out.sort((a, b) => a.item.localeCompare(b.item));
}
