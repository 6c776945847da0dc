import { describe, expect, it } from "vitest";
import { deadlineFor, isOpen, needsGrading, summarize, timeOnTasks, warningFor } from "./rules";
import { defaultExamsRoot, loadExamContent } from "./loader";
import type { TaskGrade } from "./session";

const content = loadExamContent(defaultExamsRoot());
const b = content.blueprints.get("cka")!;
const start = new Date("2026-12-07T10:00:00Z");
const deadline = deadlineFor(start, 120);

describe("deadline", () => {
  it("is start + 120 min, times the extension, clamped to 1..2", () => {
    expect(deadline.toISOString()).toBe("2026-12-07T12:00:00.000Z");
    expect(deadlineFor(start, 120, 1.25).toISOString()).toBe("2026-12-07T12:30:00.000Z");
    expect(deadlineFor(start, 120, 0.5).toISOString()).toBe("2026-12-07T12:00:00.000Z");
    expect(deadlineFor(start, 120, 5).toISOString()).toBe("2026-12-07T14:00:00.000Z");
  });

  it("takes commands until the last millisecond before the deadline, none at or after it", () => {
    const e = { mode: "timed" as const, deadline, submittedAt: null, gradedAt: null };
    expect(isOpen(e, new Date(deadline.getTime() - 1))).toBe(true);
    expect(isOpen(e, deadline)).toBe(false);
    expect(needsGrading(e, new Date(deadline.getTime() - 1))).toBe(false);
    expect(needsGrading(e, deadline)).toBe(true);
    expect(needsGrading({ ...e, gradedAt: deadline }, new Date(deadline.getTime() + 1))).toBe(false);
  });

  it("practice mode has no deadline; a submitted exam is closed and needs grading", () => {
    const p = { mode: "practice" as const, deadline: null, submittedAt: null, gradedAt: null };
    expect(isOpen(p, new Date("2030-01-01"))).toBe(true);
    expect(needsGrading(p, new Date("2030-01-01"))).toBe(false);
    expect(isOpen({ ...p, submittedAt: start }, start)).toBe(false);
    expect(needsGrading({ ...p, submittedAt: start }, start)).toBe(true);
  });

  it("warns at 30, 15, 5 and 1 minutes", () => {
    const min = 60_000;
    expect(warningFor(30 * min + 1)).toBeNull();
    expect(warningFor(30 * min)).toBe(30);
    expect(warningFor(15 * min + 1)).toBe(30);
    expect(warningFor(15 * min)).toBe(15);
    expect(warningFor(5 * min)).toBe(5);
    expect(warningFor(60_000)).toBe(1);
    expect(warningFor(1)).toBe(1);
    expect(warningFor(0)).toBeNull();
  });
});

describe("summarize", () => {
  const g = (taskId: string, points: number, earned: number): TaskGrade => ({ taskId, context: "k8s-a", points, earned, checks: [] });

  it("passes at 66 % and not at 65.9 %", () => {
    expect(summarize(b, [g("svc-selector-no-endpoints", 100, 66)], content.tasks)).toMatchObject({ percent: 66, passed: true });
    expect(summarize(b, [g("svc-selector-no-endpoints", 1000, 659)], content.tasks)).toMatchObject({ percent: 65.9, passed: false });
  });

  it("adds points per domain and per competency, weakest competency first", () => {
    const s = summarize(b, [g("svc-selector-no-endpoints", 10, 10), g("pending-cpu-request", 8, 0), g("etcd-backup-tls", 6, 3)], content.tasks);
    expect(s.domains).toEqual([{ domain: "troubleshooting", points: 18, earned: 10 }, { domain: "cluster-architecture", points: 6, earned: 3 }]);
    expect(s.competencies[0].earned).toBe(0);
    expect(s.competencies.map((c) => c.competency)).toEqual(expect.arrayContaining(["ts-network", "ts-nodes", "wl-scheduling", "ca-lifecycle"]));
    expect(s).toMatchObject({ points: 24, earned: 13, percent: 54.2, passed: false });
  });
});

describe("timeOnTasks", () => {
  it("gives each entry's preceding gap to the task open when it was sent, a gap over 5 min counting as 5 min", () => {
    const s = (sec: number) => new Date(start.getTime() + sec * 1000);
    const log = [{ task: 0, at: s(60) }, { task: 0, at: s(90) }, { task: 2, at: s(100) }, { task: 2, at: s(100 + 3600) }, { task: 1, at: s(3710) }];
    expect(timeOnTasks(start, log, 3)).toEqual([90, 10, 310]);
    expect(timeOnTasks(start, [], 2)).toEqual([0, 0]);
  });
});
