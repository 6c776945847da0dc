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

  it("flag edges: facility 95 % and 5 % are not flagged, beyond them they are; N' counts learners with a rest of test", () => {
    const at = (right: number, of: number) => {
      const rows: [string, string, number][] = [];
      for (let i = 0; i < of; i++) rows.push([`l${i}`, "x", i < right ? 1 : 0], [`l${i}`, "rest", i % 2]);
      rows.push(["lonely", "x", 1]); // no other answer: in N, not in N'
      return Object.fromEntries(computeItemStats(obs(rows)).map((s) => [s.item, s])).x;
    };
    const f95 = at(18, 19); // with the lonely right answer: 19 of 20 = 95 %
    expect([f95.n, f95.nRest, f95.facility]).toEqual([20, 19, 95]);
    expect(f95.flags).not.toContain("tooEasy");
    expect(at(39, 39).flags).toContain("tooEasy"); // 40 of 40
    const f5 = at(0, 19); // only the lonely answer is right: 1 of 20 = 5 %
    expect(f5.facility).toBe(5);
    expect(f5.flags).not.toContain("tooHard");
    const all = (n: number) => computeItemStats(obs(Array.from({ length: n }, (_, i) => [`l${i}`, "z", 0] as [string, string, number])))[0];
    expect(all(20).flags).toEqual(["tooHard"]);
    expect(all(20).discrimination).toBeNull(); // no rest of test, no variance: D undefined, never flagged for it
  });
});
