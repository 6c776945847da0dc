import { describe, expect, it } from "vitest";
import { computeItemStats, type Observation } from "./stats";

const obs = (rows: [string, string, number][]): Observation[] => rows.map(([learner, item, score]) => ({ learner, item, score }));

describe("item statistics", () => {
  it("facility and SD as % (sample SD), N counted per item", () => {
    const s = computeItemStats(obs([["a", "q", 1], ["b", "q", 0], ["c", "q", 1], ["d", "q", 1]]));
    expect(s[0]).toMatchObject({ item: "q", n: 4, facility: 75, discrimination: null });
    expect(s[0].sd).toBeCloseTo(50, 6); // values 1,0,1,1: sample variance 0.25
  });

  it("an item the strong learners get right and the weak ones miss discriminates positively; the reverse negatively", () => {
    const rows: [string, string, number][] = [];
    const learners = ["l1", "l2", "l3", "l4", "l5", "l6"];
    learners.forEach((l, i) => {
      const strong = i >= 3;
      for (const other of ["o1", "o2", "o3", "o4"]) rows.push([l, other, strong ? 1 : i === 2 && other === "o1" ? 1 : 0]);
      rows.push([l, "good", strong ? 1 : 0]);
      rows.push([l, "bad", strong ? 0 : 1]);
    });
    const byId = Object.fromEntries(computeItemStats(obs(rows)).map((s) => [s.item, s]));
    expect(byId.good.discrimination!).toBeGreaterThan(80);
    expect(byId.bad.discrimination!).toBeLessThan(-80);
    expect(byId.good.efficiency!).toBeGreaterThan(80);
    expect(byId.good.ci![0]).toBeLessThan(byId.good.discrimination!);
    expect(byId.good.ci![1]).toBeGreaterThanOrEqual(byId.good.discrimination! - 1e-9);
  });

  it("flags only from N >= 20: too easy, too hard, not discriminating", () => {
    const rows: [string, string, number][] = [];
    for (let i = 0; i < 20; i++) {
      rows.push([`l${i}`, "easy", 1], [`l${i}`, "hard", 0], [`l${i}`, "noise", i % 2], [`l${i}`, "base", i < 10 ? 1 : 0]);
    }
    const byId = Object.fromEntries(computeItemStats(obs(rows)).map((s) => [s.item, s]));
    expect(byId.easy.flags).toContain("tooEasy");
    expect(byId.hard.flags).toContain("tooHard");
    expect(byId.noise.flags).toContain("lowDiscrimination");
    const few = computeItemStats(obs(rows.filter(([l]) => Number(l.slice(1)) < 19)));
    expect(few.every((s) => s.flags.length === 0)).toBe(true); // 19 learners: no flags
  });
});
