import { describe, expect, it } from "vitest";
import { QUIZ_DOMAINS } from "#lib/quiz/schema";
import { allocatePoints, domainCounts, domainPoints, EXAM_POINTS, ExamGenerationError, generateExam, namedExamItems } from "./generator";
import { defaultExamsRoot, loadExamContent } from "./loader";
import type { ExamTask } from "./schema";
import { contextsOf, startExam, type ExamItem } from "./session";
import { substitute } from "#lib/exercise/params";
import { toLogEntry } from "#lib/exercise/session";

const content = loadExamContent(defaultExamsRoot());
const blueprint = content.blueprints.get("cka")!;
const pool = [...content.tasks.values()];

/** A synthetic pool task (only the fields the generator reads). */
function fake(id: string, examDomain: ExamTask["examDomain"], context: string, opts: Partial<ExamTask> = {}): ExamTask {
  return { id, examDomain, context, weight: 1, touchesNodes: false, ...opts } as ExamTask;
}
function fakePool(perDomain: number, contexts = 8): ExamTask[] {
  return QUIZ_DOMAINS.flatMap((d, k) => Array.from({ length: perDomain }, (_, i) => fake(`${d}-${i}`, d, `k8s-${"abcdefgh"[(i + k) % contexts]}`)));
}

describe("generateExam", () => {
  it("makes 17 tasks by default with the 30/25/20/15/10 shares within 2 points, from at least 4 contexts", () => {
    for (const seed of [1, 2, 3, 99, 123456]) {
      const items = generateExam({ blueprint, pool, seed });
      expect(items).toHaveLength(17);
      const pts = domainPoints(items, content.tasks);
      expect(items.reduce((a, x) => a + x.points, 0)).toBe(EXAM_POINTS);
      for (const d of QUIZ_DOMAINS) expect(Math.abs(pts[d] - blueprint.domains[d])).toBeLessThanOrEqual(2);
      expect(new Set(items.map((x) => content.tasks.get(x.taskId)!.context)).size).toBeGreaterThanOrEqual(4);
      expect(new Set(items.map((x) => x.taskId)).size).toBe(17);
    }
  });

  it("accepts 15 and 20 tasks and refuses 14 and 21", () => {
    const big = fakePool(8);
    expect(generateExam({ blueprint, pool: big, seed: 1, count: 15 })).toHaveLength(15);
    expect(generateExam({ blueprint, pool: big, seed: 1, count: 20 })).toHaveLength(20);
    expect(() => generateExam({ blueprint, pool: big, seed: 1, count: 14 })).toThrow(ExamGenerationError);
    expect(() => generateExam({ blueprint, pool: big, seed: 1, count: 21 })).toThrow(ExamGenerationError);
  });

  it("keeps every domain within 2 points for every allowed size", () => {
    const big = fakePool(8);
    for (let n = 15; n <= 20; n++) {
      const items = generateExam({ blueprint, pool: big, seed: n, count: n });
      const byId = new Map(big.map((t) => [t.id, t]));
      const pts = domainPoints(items, byId);
      for (const d of QUIZ_DOMAINS) expect(Math.abs(pts[d] - blueprint.domains[d]), `${n} ${d}`).toBeLessThanOrEqual(2);
    }
  });

  it("draws a different exam (tasks or seeds) for a new seed, the same for the same seed", () => {
    const a = generateExam({ blueprint, pool: fakePool(8), seed: 1 });
    expect(generateExam({ blueprint, pool: fakePool(8), seed: 1 })).toEqual(a);
    const b = generateExam({ blueprint, pool: fakePool(8), seed: 2 });
    expect(b.map((x) => x.taskId).sort()).not.toEqual(a.map((x) => x.taskId).sort());
  });

  it("repeats no task of the last 2 exams while the pool allows, and falls back to them when it does not", () => {
    const big = fakePool(10);
    const first = generateExam({ blueprint, pool: big, seed: 1 }).map((x) => x.taskId);
    const second = generateExam({ blueprint, pool: big, seed: 2, recent: [first] }).map((x) => x.taskId);
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    // a third exam after two that used 34 of 50 tasks: troubleshooting has 10, the two used 10 -> must reuse
    const third = generateExam({ blueprint, pool: big, seed: 3, recent: [second, first] }).map((x) => x.taskId);
    expect(third).toHaveLength(17);
    expect(third.filter((id) => id.startsWith("troubleshooting")).every((id) => first.includes(id) || second.includes(id))).toBe(true);
    const storage = third.filter((id) => id.startsWith("storage"));
    expect(storage.every((id) => !first.includes(id) && !second.includes(id))).toBe(true);
    // the third-latest exam no longer counts
    const older = generateExam({ blueprint, pool: big, seed: 4, recent: [[], [], first] }).map((x) => x.taskId);
    expect(older.length).toBe(17);
  });

  it("refuses a pool with too few tasks of a domain or too few contexts", () => {
    expect(() => generateExam({ blueprint, pool: fakePool(8).filter((t) => t.examDomain !== "storage" || t.id === "storage-0"), seed: 1 })).toThrow(/storage/);
    expect(() => generateExam({ blueprint, pool: fakePool(8, 3), seed: 1 })).toThrow(/fits/);
  });

  it("never puts two node-touching tasks in one context", () => {
    const p = fakePool(6, 4).map((t, i) => ({ ...t, touchesNodes: i % 2 === 0 }));
    for (const seed of [1, 2, 3, 4, 5]) {
      const items = generateExam({ blueprint, pool: p, seed });
      const byId = new Map(p.map((t) => [t.id, t]));
      const nodeCtx = items.map((x) => byId.get(x.taskId)!).filter((t) => t.touchesNodes).map((t) => t.context);
      expect(new Set(nodeCtx).size).toBe(nodeCtx.length);
    }
  });
});

describe("node files", () => {
  it("exams may hold several tasks that write node files, in any contexts; contexts are sorted", () => {
    const writesNodeFiles = (t: ExamTask) => /\/etc\/kubernetes\/manifests|\/var\/lib\/kubelet|\/etc\/apt\/|\bkubeadm\b/.test(JSON.stringify([t.start.setup, t.solution]));
    let several = 0;
    for (let seed = 1; seed <= 200 && !several; seed++) {
      const items = generateExam({ blueprint, pool, seed }).map((x) => ({ task: content.tasks.get(x.taskId)! }));
      expect(contextsOf(items)).toEqual([...new Set(items.map((x) => x.task.context))].sort());
      if (new Set(items.filter((x) => writesNodeFiles(x.task)).map((x) => x.task.context)).size > 1) several++;
    }
    expect(several).toBeGreaterThan(0);
  });

  it("two node-file tasks in two contexts: each fault and each fix reach their own cluster, both graded right", () => {
    const items: ExamItem[] = [
      { taskId: "rbac-can-i-answers", seed: 3, points: 4 },
      { taskId: "cp-scheduler-removed-flag", seed: 3, points: 5 },
      { taskId: "cp-controller-manager-yaml", seed: 3, points: 5 },
    ];
    const [, sched, cm] = items.map((x) => content.tasks.get(x.taskId)!);
    expect(sched.context).not.toBe(cm.context);
    // both behind an alphabetically earlier context: the shell starts on neither's control plane
    expect(content.tasks.get(items[0].taskId)!.context < [sched.context, cm.context].sort()[0]).toBe(true);
    const s = startExam(items, content.tasks, 7);
    const failing = (i: number) => s.gradeTask(i).checks.filter((c) => !c.passed).map((c) => c.id);
    expect(failing(1)).toContain("scheduler-ready");
    expect(failing(2)).toContain("app-ready");
    // each context's controlplane has its own broken manifest
    const grepFlag = `ssh controlplane grep -c -e ${s.items[1].params.flag} /etc/kubernetes/manifests/kube-scheduler.yaml`;
    s.apply({ kind: "run", line: `kubectl config use-context ${sched.context}` });
    expect(s.apply({ kind: "run", line: grepFlag }).output).toBe("1\n");
    s.apply({ kind: "run", line: `kubectl config use-context ${cm.context}` });
    expect(s.apply({ kind: "run", line: grepFlag }).output).toBe("0\n");
    for (const [i, t] of [[1, sched], [2, cm]] as const) {
      s.apply({ kind: "run", line: `kubectl config use-context ${t.context}` });
      for (const e of substitute(t.solution, s.items[i].params)) s.apply(toLogEntry(e));
    }
    expect(failing(1)).toEqual([]);
    expect(failing(2)).toEqual([]);
    // the shell is back on the host it started on, in the last context used
    expect(s.apply({ kind: "run", line: "hostname" }).output).toBe("controlplane\n");
    expect(s.shell.state.hostKey).toBe(s.shell.state.homeKey);
  });
});

describe("points", () => {
  it("domainCounts gives 5/4/3/3/2 for 17 tasks and sums to n", () => {
    expect(domainCounts(blueprint, 17)).toEqual({ troubleshooting: 5, "cluster-architecture": 4, networking: 3, workloads: 3, storage: 2 });
    for (let n = 15; n <= 20; n++) expect(Object.values(domainCounts(blueprint, n)).reduce((a, x) => a + x, 0)).toBe(n);
  });

  it("allocatePoints splits a domain's share by weight and keeps its sum exact", () => {
    const ts = [fake("a", "troubleshooting", "k8s-a", { weight: 1 }), fake("b", "troubleshooting", "k8s-b", { weight: 2 })];
    expect(allocatePoints(blueprint, ts)).toEqual([10, 20]);
    const three = [1, 1, 1].map((w, i) => fake(`s${i}`, "storage", "k8s-a", { weight: w }));
    expect(allocatePoints(blueprint, three).reduce((a, x) => a + x, 0)).toBe(10);
  });

  it("named exams A, B and C have 17 fixed tasks with the blueprint's shares and 4+ contexts", () => {
    expect([...content.named.keys()].sort()).toEqual(["named-a", "named-b", "named-c"]);
    for (const n of content.named.values()) {
      const items = namedExamItems(blueprint, n, content.tasks, 5);
      expect(items.map((x) => x.taskId)).toEqual(n.tasks);
      const pts = domainPoints(items, content.tasks);
      for (const d of QUIZ_DOMAINS) expect(Math.abs(pts[d] - blueprint.domains[d])).toBeLessThanOrEqual(2);
      expect(new Set(n.tasks.map((id) => content.tasks.get(id)!.context)).size).toBeGreaterThanOrEqual(4);
      const nodeCtx = n.tasks.map((id) => content.tasks.get(id)!).filter((t) => t.touchesNodes).map((t) => t.context);
      expect(new Set(nodeCtx).size).toBe(nodeCtx.length);
    }
  });
});
