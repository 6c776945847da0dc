import { describe, expect, it } from "vitest";
import { substitute } from "#lib/exercise/params";
import { toLogEntry, type LogEntry } from "#lib/exercise/session";
import { defaultExamsRoot, loadExamContent } from "./loader";
import { replayExam, restoreExam, startExam } from "./session";

const content = loadExamContent(defaultExamsRoot());
// two tasks in two contexts: k8s-a (a Service to repair) and k8s-e (a NodePort to create)
const items = [
  { taskId: "svc-selector-no-endpoints", seed: 3, points: 6 },
  { taskId: "nodeport-expose", seed: 4, points: 7 },
];
const run = (line: string): LogEntry => ({ kind: "run", line });

describe("exam session", () => {
  it("has exactly the exam's contexts; kubectl follows use-context; `k` is kubectl", () => {
    const s = startExam(items, content.tasks, 1);
    const r = s.apply(run("kubectl config get-contexts -o name"));
    expect(r.stdout.trim().split("\n")).toEqual(["k8s-a", "k8s-e"]);
    expect(s.currentContext()).toBe("k8s-a");
    const ns = String(s.items[0].params.ns);
    expect(s.apply(run(`k get ns ${ns} -o name`)).exitCode).toBe(0);
    s.apply(run("kubectl config use-context k8s-e"));
    expect(s.currentContext()).toBe("k8s-e");
    expect(s.apply(run(`kubectl get ns ${ns}`)).stderr).toContain("NotFound");
    expect(s.log.map((x) => x.context)).toEqual(["k8s-a", "k8s-a", "k8s-a", "k8s-e"]);
  });

  it("grades each task on its own context, and says where work done in the wrong context went", () => {
    const s = startExam(items, content.tasks, 1);
    const it1 = s.items[1];
    // the NodePort task belongs to k8s-e; do it in k8s-a (creating its namespace there first)
    s.apply(run(`kubectl create namespace ${it1.params.ns}`));
    for (const e of substitute(it1.task.solution, it1.params)) s.apply(toLogEntry(e));
    const wrong = s.gradeTask(1);
    expect(wrong.context).toBe("k8s-e");
    expect(wrong.earned).toBeLessThan(7);
    const moved = wrong.checks.filter((c) => c.foundIn);
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.every((c) => c.foundIn === "k8s-a" && !c.passed)).toBe(true);
    expect(moved[0].explanation?.en).toContain("asked for k8s-e");
    expect(moved[0].explanation?.ko).toContain("k8s-e");
    // the same work in the right context earns everything and reports nothing
    s.apply(run("kubectl config use-context k8s-e"));
    for (const e of substitute(it1.task.solution, it1.params)) s.apply(toLogEntry(e));
    const right = s.gradeTask(1);
    expect(right.earned).toBe(7);
    expect(right.checks.filter((c) => c.foundIn)).toEqual([]);
  });

  it("partial credit: earned is the passed check weight share of the task's points", () => {
    const s = startExam(items, content.tasks, 2);
    const g = s.gradeTask(0);
    const total = g.checks.reduce((a, c) => a + c.weight, 0);
    const got = g.checks.filter((c) => c.passed).reduce((a, c) => a + c.weight, 0);
    expect(got).toBeGreaterThan(0); // the guard holds at the start
    expect(g.earned).toBe(Math.floor((6 * got * 10) / total) / 10);
  });

  it("a replay of the log rebuilds every cluster and the shell exactly (context switches included)", () => {
    const s = startExam(items, content.tasks, 9);
    const a = s.items[0];
    const lines: LogEntry[] = [
      ...substitute(a.task.solution, a.params).map(toLogEntry),
      run("kubectl config use-context k8s-e"),
      run("kubectl create namespace scratch"),
      { kind: "save", path: "notes.yaml", content: "a: 1\n" },
      { kind: "advance", seconds: 30 },
      run("kubectl config use-context k8s-a"),
    ];
    for (const e of lines) s.apply(e);
    const r = replayExam(items, content.tasks, 9, s.log.map((x) => x.entry));
    expect(r.stateHash()).toBe(s.stateHash());
    expect(r.currentContext()).toBe("k8s-a");
    expect(r.gradeAll()).toEqual(s.gradeAll());
    // and differs from a replay that lost the context switch
    const lost = replayExam(items, content.tasks, 9, s.log.map((x) => x.entry).filter((e) => !(e.kind === "run" && e.line === "kubectl config use-context k8s-e")));
    expect(lost.stateHash()).not.toBe(s.stateHash());
  });

  it("the same (items, seed) gives the same start; another seed another cluster", () => {
    expect(startExam(items, content.tasks, 5).stateHash()).toBe(startExam(items, content.tasks, 5).stateHash());
    expect(startExam(items, content.tasks, 6).stateHash()).not.toBe(startExam(items, content.tasks, 5).stateHash());
  });

  it("a checkpoint restores every cluster, the shell and the current context: same state, and the same after more entries", () => {
    const s = startExam(items, content.tasks, 11);
    const a = s.items[0];
    const before: LogEntry[] = [
      run("kubectl config use-context k8s-e"),
      run("kubectl create namespace scratch"),
      { kind: "save", path: "notes.yaml", content: "a: 1\n" },
      run("export FOO=bar; alias kk=kubectl"),
    ];
    for (const e of before) s.apply(e);
    const data = s.checkpoint();
    const log = s.log.map((x) => x.entry);
    const r = restoreExam(items, content.tasks, 11, data, log)!;
    expect(r).not.toBeNull();
    expect(r.log).toEqual(s.log);
    expect(r.stateHash()).toBe(s.stateHash());
    expect(r.currentContext()).toBe("k8s-e");
    const after: LogEntry[] = [run("kubectl config use-context k8s-a"), ...substitute(a.task.solution, a.params).map(toLogEntry), run("echo $FOO; kk get ns scratch --context k8s-e")];
    for (const e of after) {
      const live = s.apply(e);
      expect(r.apply(e)).toEqual(live);
    }
    expect(r.stateHash()).toBe(s.stateHash());
    expect(r.gradeAll()).toEqual(s.gradeAll());
    // the same as a full replay
    expect(replayExam(items, content.tasks, 11, s.log.map((x) => x.entry)).stateHash()).toBe(s.stateHash());
  });

  it("a checkpoint of another exam, seed, longer log or format is refused (null), never half applied", () => {
    const s = startExam(items, content.tasks, 12);
    s.apply(run("kubectl create namespace x"));
    const data = s.checkpoint();
    const log = s.log.map((x) => x.entry);
    expect(restoreExam(items, content.tasks, 13, data, log)).toBeNull();
    expect(restoreExam([items[1], items[0]], content.tasks, 12, data, log)).toBeNull();
    expect(restoreExam(items, content.tasks, 12, data, [])).toBeNull();
    expect(restoreExam(items, content.tasks, 12, "{not json", log)).toBeNull();
    expect(restoreExam(items, content.tasks, 12, data.replace('"v":1', '"v":99'), log)).toBeNull();
  });
});
