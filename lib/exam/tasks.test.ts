// Every task of the pool: the reference solution passes in its context for 5 seeds, the untouched start gives what
// `atStart` declares, the wrong solution fails its check; and all tasks of one context work side by side.
import { describe, expect, it } from "vitest";
import { substitute } from "#lib/exercise/params";
import { toLogEntry } from "#lib/exercise/session";
import { generateExam } from "./generator";
import { defaultExamsRoot, loadExamContent, loadTaskWrongSolution } from "./loader";
import { startExam, type ExamSession } from "./session";

const content = loadExamContent(defaultExamsRoot());
const pool = [...content.tasks.values()];
const SEEDS = [1, 2, 3, 4, 5];

/** Run task i's entries in its own context (switching to it first, as a learner must). */
function solve(s: ExamSession, i: number, which: "reference" | "wrong") {
  const it = s.items[i];
  s.apply({ kind: "run", line: `kubectl config use-context ${it.task.context}` });
  const entries = which === "reference" ? it.task.solution : loadTaskWrongSolution(content.files.get(it.taskId)!)!.solution;
  return substitute(entries, it.params).map((e) => s.apply(toLogEntry(e)));
}

describe("exam task pool", () => {
  it("has at least 20 tasks over all five domains, a third of them troubleshooting, each with a wrong solution", () => {
    expect(pool.length).toBeGreaterThanOrEqual(20);
    expect(new Set(pool.map((t) => t.examDomain)).size).toBe(5);
    expect(pool.filter((t) => t.examDomain === "troubleshooting").length * 3).toBeGreaterThanOrEqual(pool.length);
    for (const t of pool) expect(t.checks.map((c) => c.id), t.id).toContain(loadTaskWrongSolution(content.files.get(t.id)!)!.fails);
  });

  it("lets three exams in a row of the largest size share no task (avoidRecent 2), so every domain is deep enough", () => {
    const b = content.blueprints.get("cka")!;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const history: string[][] = [];
      for (let k = 0; k < 3; k++) {
        const ids = generateExam({ blueprint: b, pool, seed: seed * 10 + k, recent: [...history].reverse(), count: b.tasks.max }).map((x) => x.taskId);
        expect(ids.filter((id) => history.slice(-b.avoidRecent).flat().includes(id)), `seed ${seed}, exam ${k + 1}`).toEqual([]);
        history.push(ids);
      }
    }
  });

  it("has at most one node-touching task per context (a context's cluster is shared)", () => {
    const byContext = new Map<string, string[]>();
    for (const t of pool.filter((x) => x.touchesNodes)) byContext.set(t.context, [...(byContext.get(t.context) ?? []), t.id]);
    expect([...byContext.values()].filter((ids) => ids.length > 1)).toEqual([]);
  });

  it("builds a context's shared cluster from one preset (an ha context holds only ha tasks)", () => {
    const presets = new Map<string, Set<string>>();
    for (const t of pool) presets.set(t.context, new Set([...(presets.get(t.context) ?? []), t.start.preset]));
    expect([...presets].filter(([, p]) => p.size > 1).map(([c]) => c)).toEqual([]);
  });
});

describe.each(pool.map((t) => [t.id]))("exam task %s", (id) => {
  const one = (seed: number) => startExam([{ taskId: id, seed, points: 10 }], content.tasks, seed);

  it.each(SEEDS)("the reference solution earns every point in its context (seed %i)", (seed) => {
    const s = one(seed);
    const outputs = solve(s, 0, "reference");
    const g = s.gradeTask(0);
    expect(g.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.explanation?.en}`)).toEqual([]);
    expect(g.earned).toBe(10);
    expect(outputs.map((o) => o.exitCode)).toEqual(outputs.map(() => 0));
  });

  it.each([1, 2])("every check gives on the untouched start what atStart declares (seed %i)", (seed) => {
    const s = one(seed);
    const g = s.gradeTask(0);
    expect(g.checks.map((c) => `${c.id}: ${c.passed ? "pass" : "fail"}`)).toEqual(s.items[0].task.checks.map((c) => `${c.id}: ${c.atStart}`));
    expect(g.earned).toBeLessThan(10);
  });

  it.each([1, 2])("the wrong solution fails its check (seed %i)", (seed) => {
    const s = one(seed);
    solve(s, 0, "wrong");
    const w = loadTaskWrongSolution(content.files.get(id)!)!;
    const c = s.gradeTask(0).checks.find((x) => x.id === w.fails)!;
    expect(c.passed).toBe(false);
    expect(c.explanation?.en).toBeTruthy();
  });
});

const contexts = [...new Set(pool.map((t) => t.context))].sort();
describe.each(contexts.map((c) => [c]))("context %s with all its pool tasks at once", (context) => {
  it.each([1, 2])("every reference solution passes and nothing leaks into the other tasks (seed %i)", (seed) => {
    const mine = pool.filter((t) => t.context === context && !t.touchesNodes);
    const nodeTask = pool.find((t) => t.context === context && t.touchesNodes);
    const tasks = [...mine, ...(nodeTask ? [nodeTask] : [])];
    const s = startExam(tasks.map((t, i) => ({ taskId: t.id, seed: seed * 10 + i, points: 5 })), content.tasks, seed);
    // nothing passes before the learner starts (guards apart)
    for (let i = 0; i < tasks.length; i++) expect(s.gradeTask(i).earned, tasks[i].id).toBeLessThan(5);
    for (let i = 0; i < tasks.length; i++) solve(s, i, "reference");
    expect(s.gradeAll().filter((g) => g.earned !== 5).map((g) => `${g.taskId}: ${g.checks.filter((c) => !c.passed).map((c) => c.explanation?.en).join("; ")}`)).toEqual([]);
  });
});

describe("review links", () => {
  it("a task's `exercise` exists and has every check id of the task (missed checks are reviewed there)", async () => {
    const { loadExercisesFrom, defaultLessonsRoot } = await import("#lib/exercise/loader");
    const exercises = new Map(loadExercisesFrom(defaultLessonsRoot()).map((e) => [e.exercise.id, e.exercise]));
    for (const t of pool.filter((x) => x.exercise)) {
      const ex = exercises.get(t.exercise!);
      expect(ex, `${t.id}: exercise ${t.exercise}`).toBeTruthy();
      expect(ex!.checks.map((c) => c.id), t.id).toEqual(expect.arrayContaining(t.checks.map((c) => c.id)));
    }
  });
});
