// Time as on a real cluster in learner sessions (issue 15 §1): attempts run in real time after their settled
// start, the learner's think time is recorded in the log (replay stays exact), and grading lets a copy of the
// cluster settle while the learner's own cluster is left as it was.
import { afterEach, describe, expect, it, vi } from "vitest";
import { grade } from "./checks";
import { getExercise } from "./loader";
import { ExerciseSchema } from "./schema";
import { applyEntry, attemptStateHash, clearSessionCache, startAttempt, thinkTime } from "./service";
import { MAX_THINK_MS, replay, startSession, type LogEntry } from "./session";
import { anonymousStore, decodeEntry, encodeEntry, newId } from "./store";

const exercise = ExerciseSchema.parse({
  id: "x-time",
  title: { ko: "t", en: "t" },
  difficulty: "easy",
  domain: "workloads",
  task: { ko: "web", en: "web" },
  start: { preset: "cka" },
  solution: ["kubectl create deployment web --image=nginx --replicas=2"],
  checks: [{ id: "ready", title: { ko: "r", en: "r" }, type: "pods-ready", namespace: "default", selector: "app=web", count: 2 }],
});

const podsLine = (s: ReturnType<typeof startSession>) => s.apply({ kind: "run", line: "kubectl get pods -l app=web --no-headers" }).stdout;

describe("attempts run in real time", () => {
  it("a new Deployment's Pods are ContainerCreating right after the command, Running after think time", () => {
    const s = startSession(exercise, 1);
    s.apply({ kind: "run", line: "kubectl create deployment web --image=nginx --replicas=2" });
    expect(podsLine(s)).toContain("ContainerCreating");
    s.apply({ kind: "run", line: "true", thinkMs: 20_000 });
    expect(podsLine(s)).not.toContain("ContainerCreating");
    expect(podsLine(s).match(/1\/1\s+Running/g)).toHaveLength(2);
  });
});

describe("think time in the log", () => {
  const log: LogEntry[] = [
    { kind: "run", line: "kubectl create deployment web --image=nginx --replicas=2" },
    { kind: "run", line: "kubectl get pods", thinkMs: 1_500 },
    { kind: "save", path: "x.yaml", content: "a: 1\n", thinkMs: 4_321 },
    { kind: "run", line: "kubectl scale deployment web --replicas=3", thinkMs: 700 },
  ];

  it("advances the clock by exactly the recorded think time before the entry", () => {
    const s = startSession(exercise, 1);
    const t0 = s.cluster.now;
    s.apply({ kind: "save", path: "a.txt", content: "x", thinkMs: 4_321 });
    expect(s.cluster.now - t0).toBe(4_321);
  });

  it("is replayed identically (stateHash), through the stored encoding, and changes the state", () => {
    const live = startSession(exercise, 1);
    for (const e of log) live.apply(e);
    const stored = log.map((e) => {
      const { kind, payload } = encodeEntry(e);
      return decodeEntry(kind, payload);
    });
    expect(stored).toEqual(log);
    expect(replay(exercise, 1, stored).stateHash()).toBe(live.stateHash());
    const without = replay(exercise, 1, log.map(({ thinkMs: _t, ...e }) => (void _t, e) as LogEntry));
    expect(without.stateHash()).not.toBe(live.stateHash());
  });

  it("decoding ignores a think time that is not a positive number", () => {
    expect(decodeEntry("run", JSON.stringify({ line: "ls", thinkMs: -5 }))).toEqual({ kind: "run", line: "ls" });
    expect(decodeEntry("run", JSON.stringify({ line: "ls", thinkMs: "x" }))).toEqual({ kind: "run", line: "ls" });
    expect(decodeEntry("idle", JSON.stringify({ thinkMs: 10 }))).toEqual({ kind: "idle", thinkMs: 10 });
  });
});

describe("thinkTime (server-measured)", () => {
  const saved = process.env.EXERCISE_THINK_TIME;
  afterEach(() => {
    if (saved === undefined) delete process.env.EXERCISE_THINK_TIME;
    else process.env.EXERCISE_THINK_TIME = saved;
  });
  it("is the gap since the previous entry, capped at 10 minutes; none when the previous entry is unknown", () => {
    process.env.EXERCISE_THINK_TIME = "1";
    expect(thinkTime(1_000, 4_500)).toBe(3_500);
    expect(thinkTime(0, MAX_THINK_MS - 1)).toBe(MAX_THINK_MS - 1);
    expect(thinkTime(0, MAX_THINK_MS)).toBe(MAX_THINK_MS);
    expect(thinkTime(0, MAX_THINK_MS + 1)).toBe(MAX_THINK_MS);
    expect(thinkTime(undefined, 5_000)).toBe(0);
    expect(thinkTime(5_000, 4_000)).toBe(0);
  });
  it("applyEntry records the gap as thinkMs (capped), ignores a client's, and a rebuild from the log is the same", async () => {
    process.env.EXERCISE_THINK_TIME = "1";
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(1_000_000);
      const st = anonymousStore(newId());
      const { rec } = await startAttempt(st, "expose-nodeport", { seed: 3 });
      vi.setSystemTime(1_042_000);
      await applyEntry(st, rec.id, { kind: "run", line: "kubectl create deployment web --image=nginx", thinkMs: 999_999 });
      vi.setSystemTime(1_042_000 + 3_600_000);
      await applyEntry(st, rec.id, { kind: "run", line: "kubectl get pods" });
      const log = (await st.listLog(rec.id)).map((e) => e.entry);
      expect(log.map((e) => e.thinkMs)).toEqual([42_000, MAX_THINK_MS]);
      const live = await attemptStateHash(st, rec.id);
      await clearSessionCache();
      expect(await attemptStateHash(st, rec.id)).toBe(live);
      expect(replay(getExercise("expose-nodeport")!.exercise, 3, log, rec.parameters).stateHash()).toBe(live);
    } finally {
      vi.useRealTimers();
    }
  });
  it("after another server's entry the gap counts from that entry's stored time, not this server's last append", async () => {
    process.env.EXERCISE_THINK_TIME = "1";
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(2_000_000);
      const st = anonymousStore(newId());
      const { rec } = await startAttempt(st, "expose-nodeport", { seed: 3 });
      vi.setSystemTime(2_010_000);
      await applyEntry(st, rec.id, { kind: "run", line: "kubectl get nodes" });
      // another server records entry 1 at 2_050_000 (this process's hints still say it wrote the last one)
      vi.setSystemTime(2_050_000);
      expect(await st.append(rec.id, { seq: 1, entry: { kind: "run", line: "kubectl get ns", thinkMs: 40_000 }, exitCode: 0 })).toBe("ok");
      vi.setSystemTime(2_053_000);
      await applyEntry(st, rec.id, { kind: "run", line: "kubectl get pods" });
      expect((await st.listLog(rec.id)).map((e) => e.entry.thinkMs)).toEqual([10_000, 40_000, 3_000]);
    } finally {
      vi.useRealTimers();
    }
  });
  it("is off with EXERCISE_THINK_TIME=0, and by default under Vitest", () => {
    process.env.EXERCISE_THINK_TIME = "0";
    expect(thinkTime(1_000, 4_500)).toBe(0);
    delete process.env.EXERCISE_THINK_TIME;
    expect(thinkTime(1_000, 4_500)).toBe(0);
  });
});

describe("grading on a settled copy", () => {
  it("a correct solution still rolling out passes; the learner's cluster is left unsettled and unchanged", () => {
    const s = startSession(exercise, 1);
    s.apply({ kind: "run", line: "kubectl create deployment web --image=nginx --replicas=2" });
    const hash = s.stateHash();
    const now = s.cluster.now;
    expect(grade(s).passed).toBe(true);
    expect(s.stateHash()).toBe(hash);
    expect(s.cluster.now).toBe(now);
    expect(podsLine(s)).toContain("ContainerCreating");
  });

  it("with settle: 0 the checks see the cluster as the learner left it", () => {
    const s = startSession({ ...exercise, settle: 0 }, 1);
    s.apply({ kind: "run", line: "kubectl create deployment web --image=nginx --replicas=2" });
    expect(grade(s).passed).toBe(false);
    s.apply({ kind: "advance", seconds: 30 });
    expect(grade(s).passed).toBe(true);
  });

  it("settle is bounded by the exercise's seconds: a Pod that needs longer fails", () => {
    const slow = ExerciseSchema.parse({
      ...exercise,
      settle: 5,
      checks: [{ id: "ready", title: { ko: "r", en: "r" }, type: "pods-ready", namespace: "default", selector: "run=slow", count: 1 }],
    });
    const s = startSession(slow, 1);
    // a readiness probe that first passes after 20 s
    s.apply({ kind: "save", path: "slow.yaml", content: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: slow\n  labels: { run: slow }\nspec:\n  containers:\n  - name: c\n    image: nginx\n    readinessProbe:\n      httpGet: { path: /, port: 80 }\n      initialDelaySeconds: 20\n" });
    s.apply({ kind: "run", line: "kubectl apply -f slow.yaml" });
    expect(grade(s).passed).toBe(false);
    expect(grade({ ...s, exercise: { ...slow, settle: 60 } } as unknown as Parameters<typeof grade>[0]).passed).toBe(true);
  });
});
