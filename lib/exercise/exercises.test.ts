import { describe, expect, it } from "vitest";
import { grade } from "./checks";
import { loadExercisesFrom, loadWrongSolution, defaultLessonsRoot } from "./loader";
import { substitute } from "./params";
import { startSession, toLogEntry } from "./session";

const all = loadExercisesFrom(defaultLessonsRoot());
const SEEDS = [1, 2, 3, 4, 5];

function solve(id: string, seed: number, which: "reference" | "wrong") {
  const le = all.find((e) => e.exercise.id === id)!;
  const s = startSession(le.exercise, seed);
  const entries = which === "reference" ? le.exercise.solution : loadWrongSolution(le.file)!.solution;
  const outputs = substitute(entries, s.params).map((e) => s.apply(toLogEntry(e)));
  return { s, outputs, outcome: grade(s) };
}

describe("exercise catalogue", () => {
  it("has at least 10 valid exercises across several lessons, each with wrong-solution test data", () => {
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(new Set(all.map((e) => e.lessonSlug)).size).toBeGreaterThanOrEqual(8);
    expect(all.some((e) => e.exercise.domain === "troubleshooting")).toBe(true);
    expect(all.some((e) => e.exercise.id === "mario-ingress")).toBe(true);
    for (const le of all) {
      const w = loadWrongSolution(le.file);
      expect(w, `${le.exercise.id}.wrong.yaml`).not.toBeNull();
      expect(le.exercise.checks.map((c) => c.id), le.exercise.id).toContain(w!.fails);
    }
  });
});

describe.each(all.map((le) => [le.exercise.id]))("exercise %s", (id) => {
  it.each(SEEDS)("the reference solution passes every check (seed %i)", (seed) => {
    const { outputs, outcome } = solve(id, seed, "reference");
    const failed = outcome.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.explanation?.en}`);
    expect(failed).toEqual([]);
    expect(outcome).toMatchObject({ passed: true, score: 100 });
    expect(outputs.map((o) => o.exitCode)).toEqual(outputs.map(() => 0));
  });

  it("the unmodified start fails at least one check, with an explanation in both languages", () => {
    const le = all.find((e) => e.exercise.id === id)!;
    const outcome = grade(startSession(le.exercise, 1));
    expect(outcome.passed).toBe(false);
    const failed = outcome.checks.filter((c) => !c.passed);
    expect(failed.length).toBeGreaterThan(0);
    for (const c of failed) {
      expect(c.explanation?.ko, c.id).toBeTruthy();
      expect(c.explanation?.en, c.id).toBeTruthy();
    }
  });

  // The task text describes the start ("the Service has no endpoints"); `atStart` is that claim in a form a
  // test can hold it to. A check that already passes untouched must be a declared guard or evidence.
  it.each(SEEDS)("every check gives on the untouched start what its atStart declares (seed %i)", (seed) => {
    const le = all.find((e) => e.exercise.id === id)!;
    const outcome = grade(startSession(le.exercise, seed));
    const actual = outcome.checks.map((c) => `${c.id}: ${c.passed ? "pass" : "fail"}`);
    const declared = le.exercise.checks.map((c) => `${c.id}: ${c.atStart}`);
    expect(actual, "a check differs at the start: fix the start state, or mark a guard `atStart: pass` and say so in the task text").toEqual(declared);
  });

  it.each([1, 2])("the wrong solution fails the expected check (seed %i)", (seed) => {
    const le = all.find((e) => e.exercise.id === id)!;
    const w = loadWrongSolution(le.file)!;
    const { outcome } = solve(id, seed, "wrong");
    const target = outcome.checks.find((c) => c.id === w.fails)!;
    expect(target.passed).toBe(false);
    expect(target.explanation?.en).toBeTruthy();
    expect(outcome.passed).toBe(false);
  });

  it("start is a deterministic function of (exercise, seed)", () => {
    const le = all.find((e) => e.exercise.id === id)!;
    const a = startSession(le.exercise, 7);
    const b = startSession(le.exercise, 7);
    expect(b.params).toEqual(a.params);
    expect(b.stateHash()).toBe(a.stateHash());
    // every placeholder is filled in: files, task, hints
    expect(a.files().filter((f) => f.path.includes("{{"))).toEqual([]);
    const texts = JSON.stringify(substitute([le.exercise.task, le.exercise.hints, le.exercise.checks.map((c) => c.title)], a.params));
    expect(texts).not.toMatch(/\{\{/);
  });
});
