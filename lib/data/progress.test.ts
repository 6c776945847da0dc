import { describe, expect, it } from "vitest";
import { openTestDatabase } from "#lib/test/db-fixture";

const { prisma, makeUser } = await openTestDatabase("p");
const progress = await import("./progress");
const makeLearner = () => makeUser("LEARNER", "Learner");

describe("lesson progress (real SQLite)", () => {
  /** A clock for the test: `at(15)` is 15 s after the start. */
  const start = Date.parse("2026-11-01T10:00:00Z");
  const at = (s: number) => new Date(start + s * 1000);

  it("a first report creates IN_PROGRESS; percent never goes down; time adds up", async () => {
    const me = await makeLearner();
    expect(await progress.getLessonProgress(me, "pods")).toBeNull();
    expect(await progress.recordLessonReading(me, { lessonSlug: "pods", percent: 40, seconds: 15 }, at(0))).toEqual({
      lessonSlug: "pods",
      status: "IN_PROGRESS",
      percent: 40,
      timeSpentSec: 15,
      completedAt: null,
    });
    await progress.recordLessonReading(me, { lessonSlug: "pods", percent: 10, seconds: 15 }, at(15));
    expect(await progress.getLessonProgress(me, "pods")).toMatchObject({ percent: 40, timeSpentSec: 30 });
    await progress.recordLessonReading(me, { lessonSlug: "pods", percent: 75, seconds: 0 }, at(30));
    expect(await progress.getLessonProgress(me, "pods")).toMatchObject({ percent: 75, timeSpentSec: 30, status: "IN_PROGRESS" });
    expect(await prisma.lessonProgress.count({ where: { userId: me.id } })).toBe(1);
  });

  it("time per report is bounded even if a caller skips the schema", async () => {
    const me = await makeLearner();
    await progress.recordLessonReading(me, { lessonSlug: "etcd", percent: 500, seconds: 100_000 }, at(0));
    expect(await progress.getLessonProgress(me, "etcd")).toMatchObject({ percent: 100, timeSpentSec: progress.MAX_SECONDS_PER_REPORT });
  });

  it("replayed or flooded reports add no more time than has passed", async () => {
    const me = await makeLearner();
    await progress.recordLessonReading(me, { lessonSlug: "hpa", percent: 10, seconds: 15 }, at(0));
    for (let i = 0; i < 5; i++) await progress.recordLessonReading(me, { lessonSlug: "hpa", percent: 10, seconds: 15 }, at(1));
    expect(await progress.getLessonProgress(me, "hpa")).toMatchObject({ timeSpentSec: 15 + 1 });
    await progress.recordLessonReading(me, { lessonSlug: "hpa", percent: 10, seconds: 15 }, at(16));
    expect(await progress.getLessonProgress(me, "hpa")).toMatchObject({ timeSpentSec: 31 });
  });

  it("completing sets 100 % and completedAt once; later reading keeps it completed", async () => {
    const me = await makeLearner();
    await progress.recordLessonReading(me, { lessonSlug: "services", percent: 20, seconds: 15 }, at(-60));
    const first = at(0);
    expect(await progress.markLessonCompleted(me, "services", first)).toMatchObject({ status: "COMPLETED", percent: 100, completedAt: first.toISOString() });
    await progress.markLessonCompleted(me, "services", at(60));
    await progress.recordLessonReading(me, { lessonSlug: "services", percent: 30, seconds: 15 }, at(120));
    expect(await progress.getLessonProgress(me, "services")).toEqual({
      lessonSlug: "services",
      status: "COMPLETED",
      percent: 100,
      timeSpentSec: 30,
      completedAt: first.toISOString(),
    });
  });

  it("completing without any reading creates the row", async () => {
    const me = await makeLearner();
    expect(await progress.markLessonCompleted(me, "jobs")).toMatchObject({ status: "COMPLETED", percent: 100 });
  });

  it("each learner sees and writes only their own rows", async () => {
    const a = await makeLearner();
    const b = await makeLearner();
    await progress.markLessonCompleted(a, "ingress");
    expect(await progress.getLessonProgress(b, "ingress")).toBeNull();
    await progress.recordLessonReading(b, { lessonSlug: "ingress", percent: 5, seconds: 1 });
    expect(await progress.getLessonProgress(a, "ingress")).toMatchObject({ status: "COMPLETED", percent: 100 });
    expect(await progress.listProgressForUser(b.id)).toEqual([{ lessonSlug: "ingress", status: "IN_PROGRESS", percent: 5, completedAt: null }]);
  });

  it("concurrent reports neither lose the highest percent nor create two rows", async () => {
    const me = await makeLearner();
    await Promise.all([10, 90, 30, 60, 20].map((percent, i) => progress.recordLessonReading(me, { lessonSlug: "storage", percent, seconds: 1 }, at(i * 15))));
    expect(await progress.getLessonProgress(me, "storage")).toMatchObject({ percent: 90 });
    expect(await prisma.lessonProgress.count({ where: { userId: me.id } })).toBe(1);
  });
});
