import { describe, expect, it } from "vitest";
import { openTestDatabase } from "#lib/test/db-fixture";

const { prisma, makeUser } = await openTestDatabase("d");
const ex = await import("./exercises");
const input = { exerciseId: "expose-nodeport", lessonSlug: "services", seed: 42, parameters: { app: "web", replicas: 2 } };

describe("exercise attempts data access", () => {
  it("returns DTOs of the owner's attempts only", async () => {
    const a = await makeUser();
    const b = await makeUser();
    const at = await ex.createAttempt(a, input);
    expect(at).toMatchObject({ exerciseId: "expose-nodeport", seed: 42, parameters: { app: "web", replicas: 2 }, status: "IN_PROGRESS", hintsUsed: 0, passedAt: null });
    expect(await ex.getAttempt(a, at.id)).toEqual(at);
    expect(await ex.getAttempt(b, at.id)).toBeNull();
    expect(await ex.getLatestAttempt(b, "expose-nodeport")).toBeNull();
    expect((await ex.getLatestAttempt(a, "expose-nodeport"))?.id).toBe(at.id);
  });

  it("the log is append-only and owner-only", async () => {
    const a = await makeUser();
    const b = await makeUser();
    const at = await ex.createAttempt(a, input);
    const e = { seq: 0, kind: "run", payload: '{"line":"kubectl get pods"}', exitCode: 0 };
    expect(await ex.appendAttemptCommand(b, at.id, e)).toEqual({ ok: false, reason: "notFound" });
    const when = new Date("2026-11-20T10:11:12.345Z");
    expect(await ex.appendAttemptCommand(a, at.id, e, when)).toEqual({ ok: true });
    // written by a raw statement, read back by Prisma: the same instant
    expect((await prisma.attemptCommand.findFirstOrThrow({ where: { attemptId: at.id } })).createdAt).toEqual(when);
    expect(await ex.appendAttemptCommand(b, "no-such-attempt", e)).toEqual({ ok: false, reason: "notFound" });
    expect(await ex.appendAttemptCommand(a, at.id, { ...e, payload: '{"line":"rm -rf /"}' })).toEqual({ ok: false, reason: "conflict" });
    expect(await ex.listAttemptCommands(a, at.id)).toEqual([e]);
    expect(await ex.listAttemptCommands(b, at.id)).toEqual([]);
    expect(await ex.countAttemptCommands(b, at.id)).toBe(0);
  });

  it("grades, hints, solution and checkpoints only touch the owner's attempt; a pass marks the lesson once", async () => {
    const a = await makeUser();
    const b = await makeUser();
    const at = await ex.createAttempt(a, input);
    const pass = { score: 100, passed: true, checks: [{ id: "c", passed: true, weight: 1 }] };
    expect(await ex.recordGrade(b, at.id, pass)).toBeNull();
    expect(await ex.recordHintsUsed(b, at.id, 2)).toBe(false);
    await ex.recordSolutionRevealed(b, at.id);
    await ex.recordAttemptCheckpoint(b, at.id, 5, "x");
    expect(await ex.getAttempt(a, at.id)).toMatchObject({ status: "IN_PROGRESS", hintsUsed: 0, solutionRevealedAt: null });
    expect(await prisma.attemptCheckpoint.count({ where: { attemptId: at.id } })).toBe(0);

    expect(await ex.recordHintsUsed(a, at.id, 2)).toBe(true);
    expect(await ex.recordHintsUsed(a, at.id, 1)).toBe(true);
    expect((await ex.getAttempt(a, at.id))?.hintsUsed).toBe(2);
    await ex.recordAttemptCheckpoint(a, at.id, 5, "five");
    await ex.recordAttemptCheckpoint(a, at.id, 3, "older");
    expect(await ex.getAttemptCheckpoint(a, at.id)).toEqual({ seq: 5, data: "five" });
    expect(await ex.getAttemptCheckpoint(b, at.id)).toBeNull();

    const fail = { score: 40, passed: false, checks: [{ id: "c", passed: false, weight: 1, explanation: { ko: "없음", en: "missing" } }] };
    const failedAt = new Date("2026-11-21T08:00:00.500Z");
    expect(await ex.recordGrade(b, at.id, fail, failedAt)).toBeNull();
    expect(await ex.recordGrade(a, "no-such-attempt", fail, failedAt)).toBeNull();
    expect(await ex.recordGrade(a, at.id, fail, failedAt)).toEqual({ at: failedAt.toISOString(), ...fail });
    expect(await ex.listGrades(a, at.id)).toEqual([{ at: failedAt.toISOString(), ...fail }]);
    expect((await ex.getAttempt(a, at.id))?.status).toBe("IN_PROGRESS");
    expect(await prisma.lessonProgress.count({ where: { userId: a.id } })).toBe(0);

    await ex.recordGrade(a, at.id, pass);
    await ex.recordGrade(a, at.id, pass);
    const row = await ex.getAttempt(a, at.id);
    expect(row?.status).toBe("PASSED");
    expect(await ex.listGrades(a, at.id)).toHaveLength(3);
    expect(await ex.listGrades(b, at.id)).toEqual([]);
    expect(await ex.listPassedExerciseIds(a, "services")).toEqual(["expose-nodeport"]);
    expect(await ex.listPassedExerciseIds(b)).toEqual([]);
    const lp = await prisma.lessonProgress.findUniqueOrThrow({ where: { userId_lessonSlug: { userId: a.id, lessonSlug: "services" } } });
    expect(JSON.parse(lp.passedExercises)).toEqual(["expose-nodeport"]);
    expect(lp.status).toBe("IN_PROGRESS");
  });
});
