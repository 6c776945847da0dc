import { describe, expect, it } from "vitest";
import { openTestDatabase } from "#lib/test/db-fixture";

const { prisma, makeUser } = await openTestDatabase("xm");
const exams = await import("./exams");

const T0 = new Date("2026-12-07T09:00:00Z");
const items = [{ taskId: "svc-selector-no-endpoints", seed: 1, points: 100 }];
async function timedExam(owner: { id: string }) {
  return exams.examStoreFor(owner).create({ blueprintId: "cka", namedId: null, mode: "timed", seed: 1, items, startedAt: T0, deadline: new Date(T0.getTime() + 120 * 60_000), extension: 1 });
}

describe("exam data access", () => {
  it("a store reads and writes only its owner's exams", async () => {
    const a = await makeUser();
    const b = await makeUser();
    const e = await timedExam(a);
    expect(await exams.examStoreFor(b).get(e.id)).toBeNull();
    const at = new Date(T0.getTime() + 60_000);
    expect(await exams.examStoreFor(b).append(e.id, { seq: 0, context: "k8s-a", task: 0, exitCode: 0, at, entry: { kind: "run", line: "ls" } })).toBe("closed");
    expect(await exams.examStoreFor(a).append(e.id, { seq: 0, context: "k8s-a", task: 0, exitCode: 0, at, entry: { kind: "run", line: "ls" } })).toBe("ok");
    // the log is append-only: a second entry at the same position is refused
    expect(await exams.examStoreFor(a).append(e.id, { seq: 0, context: "k8s-a", task: 0, exitCode: 0, at, entry: { kind: "run", line: "pwd" } })).toBe("conflict");
    expect((await exams.examStoreFor(b).listLog(e.id)).length).toBe(0);
    expect((await exams.examStoreFor(a).listLog(e.id)).map((x) => x.entry)).toEqual([{ kind: "run", line: "ls" }]);
    await exams.examStoreFor(b).update(e.id, { notes: "mine now" });
    expect((await exams.examStoreFor(a).get(e.id))!.notes).toBe("");
  });

  it("extra time: an admin or an instructor of the learner's cohort moves the deadline (x1..x2); others cannot", async () => {
    const learner = await makeUser();
    const stranger = await makeUser("INSTRUCTOR");
    const teacher = await makeUser("INSTRUCTOR");
    const admin = await makeUser("ADMIN");
    await prisma.cohort.create({ data: { name: "c", joinCode: `C-${learner.id}`, instructors: { connect: { id: teacher.id } }, members: { create: { userId: learner.id } } } });
    const e = await timedExam(learner);
    const during = new Date(T0.getTime() + 60_000);
    expect(await exams.setExamExtension(stranger, e.id, 1.5, during)).toBe(false);
    expect(await exams.setExamExtension(learner, e.id, 1.5, during)).toBe(false);
    expect(await exams.setExamExtension(teacher, e.id, 2.5, during)).toBe(false);
    expect(await exams.setExamExtension(teacher, e.id, 1.5, during)).toBe(true);
    expect((await exams.examStoreFor(learner).get(e.id))!.deadline!.toISOString()).toBe("2026-12-07T12:00:00.000Z");
    expect(await exams.setExamExtension(admin, e.id, 1.25, during)).toBe(true);
    expect((await exams.examStoreFor(learner).get(e.id))!.deadline!.toISOString()).toBe("2026-12-07T11:30:00.000Z");
  });

  it("extra time only while the exam is open: refused at the deadline, and when the new deadline would already be past", async () => {
    const learner = await makeUser();
    const admin = await makeUser("ADMIN");
    const end = T0.getTime() + 120 * 60_000;
    const e = await timedExam(learner);
    // one millisecond before the deadline: open
    expect(await exams.setExamExtension(admin, e.id, 1.5, new Date(end - 1))).toBe(true);
    const f = await timedExam(learner);
    // at the deadline: over (graded at the deadline), extra time does not reopen it
    expect(await exams.setExamExtension(admin, f.id, 2, new Date(end))).toBe(false);
    expect((await exams.examStoreFor(learner).get(f.id))!.deadline!.getTime()).toBe(end);
    // open, but x1.25 would end at 11:30, already past at 11:45 (the exam was extended to 12:00 first)
    await exams.setExamExtension(admin, f.id, 1.5, new Date(end - 1));
    expect(await exams.setExamExtension(admin, f.id, 1.25, new Date(T0.getTime() + 165 * 60_000))).toBe(false);
    expect(await exams.setExamExtension(admin, f.id, 1.75, new Date(T0.getTime() + 165 * 60_000))).toBe(true);
  });

  it("the append takes an entry until the last millisecond before the deadline, never at or after it, nor once submitted", async () => {
    const a = await makeUser();
    const e = await timedExam(a);
    const store = exams.examStoreFor(a);
    const end = T0.getTime() + 120 * 60_000;
    const entry = (seq: number, ms: number) => ({ seq, context: "k8s-a", task: 0, exitCode: 0, at: new Date(ms), entry: { kind: "run" as const, line: "ls" } });
    expect(await store.append(e.id, entry(0, end - 1))).toBe("ok");
    expect(await store.append(e.id, entry(1, end))).toBe("closed");
    expect(await store.append(e.id, entry(1, end + 1))).toBe("closed");
    const f = await timedExam(a);
    await store.update(f.id, { submittedAt: T0 });
    expect(await store.append(f.id, entry(0, T0.getTime() + 1))).toBe("closed");
    expect((await store.listLog(e.id)).length).toBe(1);
    expect((await store.listLog(f.id)).length).toBe(0);
  });

  it("keeps the latest checkpoint only, and only the owner's", async () => {
    const a = await makeUser();
    const b = await makeUser();
    const e = await timedExam(a);
    const store = exams.examStoreFor(a);
    expect(await store.getCheckpoint(e.id)).toBeNull();
    await store.putCheckpoint(e.id, 5, "five");
    await store.putCheckpoint(e.id, 3, "three");
    expect(await store.getCheckpoint(e.id)).toEqual({ seq: 5, data: "five" });
    await store.putCheckpoint(e.id, 9, "nine");
    expect(await store.getCheckpoint(e.id)).toEqual({ seq: 9, data: "nine" });
    await exams.examStoreFor(b).putCheckpoint(e.id, 12, "theirs");
    expect(await exams.examStoreFor(b).getCheckpoint(e.id)).toBeNull();
    expect(await store.getCheckpoint(e.id)).toEqual({ seq: 9, data: "nine" });
  });
});
