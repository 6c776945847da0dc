import { describe, expect, it } from "vitest";
import { gradeCommandItem } from "./command";
import { defaultQuizRoot, loadItemsFrom } from "./loader";
import { ALL_COMPETENCIES, ITEM_TYPES } from "./schema";
import { substitute } from "#lib/exercise/params";
import { drawQuizParameters, gradeResponse, referenceResponse, renderItem } from "./variant";

const all = loadItemsFrom(defaultQuizRoot());
const SEEDS = [1, 2, 3];

describe("the quiz bank", () => {
  it("has at least 300 items, 5 per competency for all 27, half of them parameterised, every type", () => {
    expect(all.length).toBeGreaterThanOrEqual(300);
    for (const c of ALL_COMPETENCIES) expect(all.filter((l) => l.item.competencies.includes(c)).length, c).toBeGreaterThanOrEqual(5);
    expect(all.filter((l) => Object.keys(l.item.parameters).length > 0).length * 2).toBeGreaterThanOrEqual(all.length);
    expect(new Set(all.map((l) => l.item.type))).toEqual(new Set(ITEM_TYPES));
  });

  it("a parameterised item shows different values for different seeds", () => {
    const varied = all.filter((l) => Object.keys(l.item.parameters).length > 0).filter((l) => {
      const stems = new Set([1, 2, 3, 4, 5, 6].map((seed) => JSON.stringify(renderItem(l.item, seed, "en"))));
      return stems.size > 1;
    });
    expect(varied.length * 2).toBeGreaterThanOrEqual(all.length);
  });
});

describe.each(all.map((l) => [l.item.id, l.item.type]))("item %s (%s)", (id) => {
  const item = all.find((l) => l.item.id === id)!.item;

  it.each(SEEDS)("before answering, the view holds no key, reason or explanation (seed %i)", (seed) => {
    for (const locale of ["ko", "en"] as const) {
      const json = JSON.stringify(renderItem(item, seed, locale));
      expect(json).not.toMatch(/"correct"|"why"|"explanation"|"accept"|"answer"|"solution"|"checks"/);
      expect(json).not.toMatch(/\{\{/);
      if (item.type === "command") expect(json).not.toContain(item.solution.slice(0, 30).replace(/\{\{.*/, ""));
    }
  });

  if (item.type === "command") {
    it.each(SEEDS)("the reference solution passes and the wrong one fails (seed %i)", (seed) => {
      const right = gradeCommandItem(item, seed, "en", (referenceResponse(item, seed) as { text: string }).text);
      expect(right.checks!.filter((c) => !c.passed).map((c) => `${c.id}: ${c.explanation}`)).toEqual([]);
      expect(right.correct).toBe(true);
      const wrong = gradeCommandItem(item, seed, "en", substitute(item.wrong, drawQuizParameters(item.id, item.parameters, seed)));
      expect(wrong.correct).toBe(false);
    });
  } else {
    it.each(SEEDS)("the key gets full marks in both languages, and an empty answer none (seed %i)", (seed) => {
      for (const locale of ["ko", "en"] as const) {
        const f = gradeResponse(item, seed, locale, referenceResponse(item, seed));
        expect(f, JSON.stringify(referenceResponse(item, seed))).toMatchObject({ score: 1, correct: true });
        expect(f.explanation.length).toBeGreaterThan(10);
        const empty = gradeResponse(item, seed, locale, item.type === "numeric" ? { number: Number.NaN } : item.type === "short" || (item.type === "predict" && item.accept) ? { text: "" } : item.type === "order" ? { order: [] } : item.type === "match" ? { matches: {} } : { choices: [] });
        expect(empty.score).toBe(0);
      }
    });
  }
});
