import { afterEach, describe, expect, it, vi } from "vitest";
import { openTestDatabase } from "#lib/test/db-fixture";
import { quizBank } from "#lib/quiz/loader";
import { referenceResponse, renderItem } from "#lib/quiz/variant";
import type { Response } from "#lib/quiz/variant";

const { prisma, makeUser } = await openTestDatabase("is");
const cohorts = await import("./cohorts");
const stats = await import("./item-stats");
const quiz = await import("./quiz");
const teach = await import("./teach");

// Single-choice items: a wrong answer is any option that is not the key.
const singles = quizBank().all.map((l) => l.item).filter((i) => i.type === "single").slice(0, 3);
let nonce = 0;
type Who = { id: string; role: "LEARNER" | "INSTRUCTOR" | "ADMIN" };

/** A learner's answer through the quiz's own path (grading, storage, the scheduled refresh). */
async function answer(who: Who, itemIndex: number, right: boolean, now = new Date()) {
  const item = singles[itemIndex];
  const key = referenceResponse(item, 1) as { choices: string[] };
  const wrong = { choices: [renderItem(item, 1, "en").choices!.find((c) => !key.choices.includes(c.id))!.id] };
  const response: Response = right ? key : wrong;
  return quiz.answerQuiz(who, { i: item.id, s: 1, c: "practice", n: `n${nonce++}`, u: who.id }, response, "en", now);
}

/** Two cohorts with their instructors and members, and a learner in neither. */
async function world() {
  const teacher = await makeUser("INSTRUCTOR");
  const c1 = await cohorts.createCohort(teacher, { name: "Stats one" });
  const c2 = await cohorts.createCohort(teacher, { name: "Stats two" });
  const a = await Promise.all([makeUser(), makeUser(), makeUser()]);
  const b = await Promise.all([makeUser(), makeUser()]);
  for (const u of a) await cohorts.joinCohortByCode(u, c1.joinCode);
  for (const u of b) await cohorts.joinCohortByCode(u, c2.joinCode);
  const outsider = await makeUser();
  return { teacher, c1: c1.id, c2: c2.id, a, b, outsider };
}

const stored = async (cohortId: string) => {
  const row = await prisma.cohortItemStats.findUnique({ where: { cohortId } });
  return row ? (JSON.parse(row.data) as { itemId: string; n: number; facility: number }[]) : null;
};

afterEach(() => {
  vi.useRealTimers();
});

describe("item statistics of a cohort", () => {
  it("count the cohort's members' first answers only: not other cohorts, not outsiders, not instructors, not second answers", { timeout: 30_000 }, async () => {
    const w = await world();
    const id = singles[0].id;
    await answer(w.a[0], 0, true);
    await answer(w.a[1], 0, false);
    await answer(w.a[1], 0, true); // a second answer: not a first one
    await answer(w.b[0], 0, true);
    await answer(w.outsider, 0, true);
    await answer(w.teacher, 0, true); // instructors do not count
    await stats.flushItemStatsRefresh();
    const one = (await stats.listCohortItemStats(w.c1)).find((s) => s.itemId === id)!;
    expect(one).toMatchObject({ n: 2, facility: 50 });
    const two = (await stats.listCohortItemStats(w.c2)).find((s) => s.itemId === id)!;
    expect(two).toMatchObject({ n: 1, facility: 100 });
    // The wrong answer picked an option that is not the key, so the counts add up to N over the options.
    expect(one.options.reduce((s, x) => s + x, 0)).toBe(2);
    // All learners together (the global table) count every learner's first answer.
    expect((await prisma.itemStat.findUnique({ where: { itemId: id } }))!.n).toBe(4);
    // What the dashboard and the CSV read is the cohort's.
    const view = (await teach.getItemAnalytics(w.teacher, w.c1, "en"))!.find((s) => s.itemId === id)!;
    expect(view).toMatchObject({ n: 2, facility: 50 });
    expect(view.options.find((o) => o.correct)!.count).toBe(1);
  });

  it("a member's answer is in the stored cohort statistics once the scheduled refresh has run, STATS_DELAY_MS (< 5 s) later", { timeout: 30_000 }, async () => {
    expect(stats.STATS_DELAY_MS).toBeLessThan(5_000);
    const w = await world();
    await answer(w.a[0], 1, true);
    await stats.flushItemStatsRefresh();
    expect((await stored(w.c1))!.find((s) => s.itemId === singles[1].id)!.n).toBe(1);

    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    await answer(w.a[1], 1, false);
    await answer(w.b[0], 1, true);
    // Not yet: the refresh waits for answers arriving together.
    vi.advanceTimersByTime(stats.STATS_DELAY_MS - 1);
    await stats.itemStatsRefreshDone();
    expect((await stored(w.c1))!.find((s) => s.itemId === singles[1].id)!.n).toBe(1);
    vi.advanceTimersByTime(1);
    await stats.itemStatsRefreshDone();
    expect((await stored(w.c1))!.find((s) => s.itemId === singles[1].id)).toMatchObject({ n: 2, facility: 50 });
    // Both answering learners' cohorts were refreshed by the one scheduled run.
    expect((await stored(w.c2))!.find((s) => s.itemId === singles[1].id)).toMatchObject({ n: 1, facility: 100 });
  });

  it("a read recomputes statistics whose answers changed without a refresh (lost timer, member removed)", { timeout: 30_000 }, async () => {
    const w = await world();
    await answer(w.a[0], 2, true);
    await stats.flushItemStatsRefresh();
    // An answer stored by another server whose refresh never ran here.
    await prisma.quizAnswer.create({ data: { userId: w.a[1].id, itemId: singles[2].id, seed: 1, context: "practice", nonce: "other-server", response: "{}", score: 0, correct: false, first: true, countsForStats: true } });
    expect((await stats.listCohortItemStats(w.c1)).find((s) => s.itemId === singles[2].id)).toMatchObject({ n: 2, facility: 50 });
    await prisma.cohortMember.delete({ where: { cohortId_userId: { cohortId: w.c1, userId: w.a[0].id } } });
    expect((await stats.listCohortItemStats(w.c1)).find((s) => s.itemId === singles[2].id)).toMatchObject({ n: 1, facility: 0 });
    // A cohort whose members have answered nothing has no statistics.
    const empty = await cohorts.createCohort(w.teacher, { name: "Stats empty" });
    expect(await stats.listCohortItemStats(empty.id)).toEqual([]);
  });
});
