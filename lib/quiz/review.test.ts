import { describe, expect, it } from "vitest";
import { Rating } from "ts-fsrs";
import { orderQueue, ratingFor, recallOf, retrievability, review } from "./review";

const DAY = 86_400_000;
const t0 = new Date("2026-12-01T09:00:00Z");
const at = (days: number) => new Date(t0.getTime() + days * DAY);

describe("ratings from evidence", () => {
  it("wrong is Again, right after a miss or with help is Hard, right first time is Good, never Easy", () => {
    expect(ratingFor({ correct: false })).toBe(Rating.Again);
    expect(ratingFor({ correct: false, afterMiss: true, helped: true })).toBe(Rating.Again);
    expect(ratingFor({ correct: true, afterMiss: true })).toBe(Rating.Hard);
    expect(ratingFor({ correct: true, helped: true })).toBe(Rating.Hard);
    expect(ratingFor({ correct: true })).toBe(Rating.Good);
  });
});

describe("FSRS scheduling", () => {
  it("a miss comes back soon; each success pushes it further; another miss pulls it back", () => {
    const miss = review(null, Rating.Again, t0);
    expect(miss.due.getTime() - t0.getTime()).toBeLessThan(DAY);
    const hard = review(miss.card, Rating.Hard, miss.due);
    const good = review(hard.card, Rating.Good, hard.due);
    const good2 = review(good.card, Rating.Good, good.due);
    expect(good2.due.getTime() - good.due.getTime()).toBeGreaterThan(good.due.getTime() - hard.due.getTime());
    const lapse = review(good2.card, Rating.Again, good2.due);
    expect(lapse.due.getTime() - good2.due.getTime()).toBeLessThan(DAY);
    expect(lapse.card.lapses).toBeGreaterThanOrEqual(1);
  });

  it("an exam date caps the interval: never due after the exam (at least one day)", () => {
    let s = review(null, Rating.Again, t0);
    for (let i = 0; i < 6; i++) s = review(s.card, Rating.Good, s.due);
    expect(s.due.getTime() - t0.getTime()).toBeGreaterThan(10 * DAY); // without an exam date it goes far
    let c = review(null, Rating.Again, t0, at(5));
    let capped = 0;
    for (let i = 0; i < 6; i++) {
      const now = c.due;
      if (now.getTime() >= at(5).getTime()) break; // after the exam the cap no longer applies
      c = review(c.card, Rating.Good, now, at(5));
      expect(c.due.getTime()).toBeLessThanOrEqual(at(5).getTime());
      expect(c.due.getTime()).toBeGreaterThan(now.getTime());
      capped++;
    }
    expect(capped).toBeGreaterThanOrEqual(2);
  });

  it("retrievability is 0 before any review, high right after one, and falls with time", () => {
    const fresh = review(null, Rating.Again, t0);
    const good = review(fresh.card, Rating.Good, at(1));
    const r1 = retrievability(good.card, at(1));
    const r30 = retrievability(good.card, at(31));
    expect(r1).toBeGreaterThan(0.95);
    expect(r30).toBeLessThan(r1);
  });
});

describe("recall from stored fields", () => {
  it("equals ts-fsrs's retrievability for new, learning and review cards at several ages", () => {
    let c = review(null, Rating.Again, t0).card;
    expect(recallOf(createEmptyCardLike(), t0)).toBe(0);
    for (let i = 0; i < 5; i++) {
      c = review(c, Rating.Good, at(i * 3 + 1)).card;
      for (const age of [0, 1, 7, 40]) expect(recallOf(c, at(i * 3 + 1 + age))).toBeCloseTo(retrievability(c, at(i * 3 + 1 + age)), 12);
    }
  });
});

const createEmptyCardLike = () => ({ state: 0, stability: 0, last_review: null });

describe("the daily queue", () => {
  const c = (id: string, competency: string, dueDays: number, r: number) => ({ id, competency, due: at(dueDays), r });
  it("only due cards, lowest recall first, competencies interleaved, capped", () => {
    const cards = [c("a1", "A", -1, 0.1), c("a2", "A", -1, 0.2), c("a3", "A", -1, 0.3), c("b1", "B", -1, 0.5), c("later", "B", 3, 0), c("c1", "C", 0, 0.4)];
    expect(orderQueue(cards, t0).map((x) => x.id)).toEqual(["a1", "c1", "a2", "b1", "a3"]);
    expect(orderQueue(cards, t0, 2).map((x) => x.id)).toEqual(["a1", "c1"]);
    expect(orderQueue([], t0)).toEqual([]);
    // learning ahead: due within 20 minutes counts, 21 minutes does not
    const soon = [{ id: "s", competency: "A", due: new Date(t0.getTime() + 20 * 60_000), r: 0 }, { id: "l", competency: "A", due: new Date(t0.getTime() + 21 * 60_000), r: 0 }];
    expect(orderQueue(soon, t0).map((x) => x.id)).toEqual(["s"]);
  });
});
