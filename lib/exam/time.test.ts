// Time in a mock exam (issue 15 §1): every context's cluster runs in real time on one clock, the learner's
// think time is recorded with the entry, and grading settles a copy of each cluster, never the exam's own.
import { describe, expect, it } from "vitest";
import type { LogEntry } from "#lib/exercise/session";
import { ROUND_TRIP_MS } from "#lib/kubectl/index";
import { defaultExamsRoot, loadExamContent } from "./loader";
import { replayExam, startExam, type ExamSession } from "./session";

const content = loadExamContent(defaultExamsRoot());
const items = [
  { taskId: "svc-selector-no-endpoints", seed: 3, points: 6 },
  { taskId: "nodeport-expose", seed: 4, points: 7 },
];
const run = (line: string, thinkMs?: number): LogEntry => ({ kind: "run", line, ...(thinkMs ? { thinkMs } : {}) });
const clocks = (s: ExamSession) => [...s.contexts.values()].map((x) => x.cluster.now);

describe("exam time", () => {
  it("every context's cluster runs on one clock: think time, round trips, sleep and waits in any context", () => {
    const s = startExam(items, content.tasks, 1);
    const start = clocks(s);
    const steps: [LogEntry, number][] = [
      [run("kubectl get nodes", 12_345), 12_345 + ROUND_TRIP_MS],
      [run("sleep 7"), 7_000],
      [run("kubectl --context k8s-e run w --image=busybox -- sleep 3600"), ROUND_TRIP_MS],
      [{ kind: "advance", seconds: 3 }, 3_000],
    ];
    let total = 0;
    for (const [e, ms] of steps) {
      s.apply(e);
      total += ms;
      expect(clocks(s).map((t, i) => t - start[i])).toEqual([total, total]);
    }
    // a wait that ran in the other context (kubectl --context) moves this one as far
    const before = clocks(s);
    s.apply(run("kubectl --context k8s-e wait --for=delete pod/w --timeout=4s"));
    // (the round trip is taken on the current context's cluster, so it overlaps the wait: 4 s in all)
    expect(clocks(s).map((t, i) => t - before[i])).toEqual([4_000, 4_000]);
  });

  it("a replay with the recorded think times rebuilds the same exam (stateHash)", () => {
    const log = [run("kubectl create deployment a --image=nginx", 2_000), run("kubectl config use-context k8s-e", 900), run("kubectl get pods -A", 31_000)];
    const live = startExam(items, content.tasks, 1);
    for (const e of log) live.apply(e);
    expect(replayExam(items, content.tasks, 1, log).stateHash()).toBe(live.stateHash());
    expect(replayExam(items, content.tasks, 1, log.map((e) => run((e as { line: string }).line))).stateHash()).not.toBe(live.stateHash());
  });

  it("grading settles copies: the exam's clusters keep their clocks and state", () => {
    const s = startExam(items, content.tasks, 1);
    s.apply(run("kubectl create deployment a --image=nginx --replicas=2"));
    const hash = s.stateHash();
    const now = clocks(s);
    s.gradeAll();
    expect(s.stateHash()).toBe(hash);
    expect(clocks(s)).toEqual(now);
    expect(s.apply(run("kubectl get pods -l app=a --no-headers")).stdout).toContain("ContainerCreating");
  });
});
