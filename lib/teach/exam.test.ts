import { describe, expect, it } from "vitest";
import { combinedReadiness, domainShares, isLive, plainTitle, PRACTICE_LIVE_MS, topCounts, trendGeometry } from "./exam";

const now = new Date("2026-12-07T12:00:00Z");

describe("exam readiness per domain", () => {
  it("sums points per domain in the blueprint's domain order and leaves out domains without points", () => {
    expect(domainShares([
      { domain: "workloads", points: 5, earned: 2.5 },
      { domain: "troubleshooting", points: 6, earned: 6 },
      { domain: "workloads", points: 5, earned: 5 },
      { domain: "storage", points: 0, earned: 0 },
    ])).toEqual([
      { domain: "troubleshooting", points: 6, earned: 6, share: 1 },
      { domain: "workloads", points: 10, earned: 7.5, share: 0.75 },
    ]);
    expect(domainShares([])).toEqual([]);
  });

  it("combined: the mean of quiz and exam readiness, or the one that exists, or none", () => {
    expect(combinedReadiness(0.4, 0.8)).toBeCloseTo(0.6);
    expect(combinedReadiness(null, 0.8)).toBe(0.8);
    expect(combinedReadiness(0.4, null)).toBe(0.4);
    expect(combinedReadiness(0, 0)).toBe(0);
    expect(combinedReadiness(null, null)).toBeNull();
  });
});

describe("trend chart geometry", () => {
  it("x by date across both modes, y from 100 % at the top; the modes apart, each in time order", () => {
    const g = trendGeometry([
      { id: "c", mode: "timed", at: "2026-12-03T00:00:00Z", percent: 100 },
      { id: "a", mode: "timed", at: "2026-12-01T00:00:00Z", percent: 0 },
      { id: "b", mode: "practice", at: "2026-12-02T00:00:00Z", percent: 50 },
      { id: "d", mode: "timed", at: "2026-12-04T00:00:00Z", percent: 150 },
    ], 300, 120, 66, 10);
    expect(g.timed.map((p) => [p.id, p.x, p.y])).toEqual([["a", 10, 110], ["c", 196.7, 10], ["d", 290, 10]]);
    expect(g.practice.map((p) => [p.id, p.x, p.y])).toEqual([["b", 103.3, 60]]);
    expect(g.passY).toBe(44);
  });
  it("a single exam sits in the middle", () => {
    const g = trendGeometry([{ id: "a", mode: "practice", at: "2026-12-01T00:00:00Z", percent: 66 }], 300, 120, 66, 10);
    expect(g.practice[0]).toMatchObject({ x: 150, y: 44 });
    expect(g.timed).toEqual([]);
  });
});

describe("in an exam now", () => {
  const started = new Date(now.getTime() - 3 * 3_600_000);
  it("timed: until the millisecond before the deadline", () => {
    expect(isLive({ mode: "timed", deadline: new Date(now.getTime() + 1), startedAt: started, lastCommandAt: null }, now)).toBe(true);
    expect(isLive({ mode: "timed", deadline: now, startedAt: started, lastCommandAt: null }, now)).toBe(false);
    expect(isLive({ mode: "timed", deadline: null, startedAt: started, lastCommandAt: null }, now)).toBe(false);
  });
  it("practice: while the start or the latest command is under two hours old", () => {
    const at = (ms: number) => new Date(now.getTime() - ms);
    expect(isLive({ mode: "practice", deadline: null, startedAt: started, lastCommandAt: at(PRACTICE_LIVE_MS - 1) }, now)).toBe(true);
    expect(isLive({ mode: "practice", deadline: null, startedAt: started, lastCommandAt: at(PRACTICE_LIVE_MS) }, now)).toBe(false);
    expect(isLive({ mode: "practice", deadline: null, startedAt: at(60_000), lastCommandAt: null }, now)).toBe(true);
  });
});

describe("texts", () => {
  it("topCounts: most frequent first, ties by text, at most n", () => {
    expect(topCounts(new Map([["b", 2], ["a", 2], ["c", 5], ["d", 1]]), 3)).toEqual([{ text: "c", count: 5 }, { text: "a", count: 2 }, { text: "b", count: 2 }]);
    expect(topCounts(new Map(), 3)).toEqual([]);
  });
  it("plainTitle hides seed parameters", () => {
    expect(plainTitle("Scale {{ app }} to {{n}} replicas")).toBe("Scale … to … replicas");
    expect(plainTitle("No parameters")).toBe("No parameters");
  });
});
