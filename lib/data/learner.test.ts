import { describe, expect, it } from "vitest";
import { openTestDatabase } from "#lib/test/db-fixture";

const { prisma, makeUser } = await openTestDatabase("l");
const learner = await import("./learner");

const t = (s: number) => new Date(Date.parse("2026-11-01T10:00:00Z") + s * 1000);

async function attempt(userId: string, exerciseId: string, opts: { at: number; passedAt?: number; commands?: number[]; grades?: [number, number][] }) {
  const a = await prisma.exerciseAttempt.create({
    data: {
      userId, exerciseId, lessonSlug: "services", seed: 1, parameters: "{}", createdAt: t(opts.at),
      status: opts.passedAt !== undefined ? "PASSED" : "IN_PROGRESS", passedAt: opts.passedAt !== undefined ? t(opts.passedAt) : null,
    },
  });
  for (const [i, at] of (opts.commands ?? []).entries()) {
    await prisma.attemptCommand.create({ data: { attemptId: a.id, seq: i + 1, kind: "run", payload: "{}", exitCode: 0, createdAt: t(at) } });
  }
  for (const [score, at] of opts.grades ?? []) {
    await prisma.gradeResult.create({ data: { attemptId: a.id, score, passed: score === 100, checks: "[]", createdAt: t(at) } });
  }
  return a.id;
}

describe("a learner's exercise status and history (real SQLite)", () => {
  it("not started, in progress and passed, with attempts and last activity; a later failed attempt keeps the pass", async () => {
    const me = await makeUser();
    await attempt(me.id, "expose-nodeport", { at: 0, commands: [10, 20], grades: [[50, 30]] });
    await attempt(me.id, "fix-service-selector", { at: 100, passedAt: 150, commands: [120], grades: [[100, 150]] });
    await attempt(me.id, "fix-service-selector", { at: 200, commands: [210] });
    await attempt(me.id, "rollout-undo", { at: 300 }); // opened by the page, never touched: not started
    const s = await learner.listExerciseStatuses(me);
    expect(s.get("expose-nodeport")).toEqual({ exerciseId: "expose-nodeport", status: "IN_PROGRESS", attempts: 1, lastActivity: t(30).toISOString() });
    expect(s.get("fix-service-selector")).toEqual({ exerciseId: "fix-service-selector", status: "PASSED", attempts: 2, lastActivity: t(210).toISOString() });
    expect(learner.exerciseStatusOf(s, "rollout-undo")).toBe("NOT_STARTED");
    expect(learner.exerciseStatusOf(null, "expose-nodeport")).toBe("NOT_STARTED");
  });

  it("history is newest activity first, counts commands and gradings, bounded, and never shows another user's attempts", async () => {
    const me = await makeUser();
    const other = await makeUser();
    const old = await attempt(me.id, "a", { at: 0, commands: [500], grades: [[30, 10], [60, 20]] });
    const recent = await attempt(me.id, "b", { at: 300, grades: [[0, 310]] });
    await attempt(me.id, "untouched", { at: 2000 });
    await attempt(other.id, "c", { at: 1000, commands: [1001] });
    const h = await learner.listAttemptHistory(me);
    expect(h.map((x) => x.id)).toEqual([old, recent]); // the command at t=500 is the latest activity
    expect(h[0]).toMatchObject({ commands: 1, gradings: 2, lastScore: 60, lastActivity: t(500).toISOString(), startedAt: t(0).toISOString() });
    expect(h[1]).toMatchObject({ commands: 0, gradings: 1, lastScore: 0 });
    expect(await learner.listAttemptHistory(me, 1)).toHaveLength(1);
    expect((await learner.listAttemptHistory(other)).map((x) => x.exerciseId)).toEqual(["c"]);
  });
});
