import { afterEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "#lib/test/db-fixture";
import { getExercise } from "#lib/exercise/loader";
import { replayTranscript } from "#lib/exercise/transcript";
import type { LogEntry } from "#lib/exercise/session";

const { prisma, makeUser } = await openTestDatabase("tl");
const cohorts = await import("./cohorts");
const tl = await import("./teach-learner");
const service = await import("#lib/exercise/service");
const { attemptStoreForUser } = await import("./exercises");

const LOG: LogEntry[] = [
  { kind: "run", line: "kubectl get deploy" },
  { kind: "run", line: "kubectl create deployment web --image=nginx --replicas=2" },
  { kind: "save", path: "cm.yaml", content: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n" },
  { kind: "run", line: "kubectl apply -f cm.yaml" },
  { kind: "advance", seconds: 30 },
  { kind: "run", line: "kubectl get pods" },
  { kind: "run", line: "kubectl scale deployment web --replicas=3" },
  { kind: "run", line: "cd /tmp && pwd" },
  { kind: "run", line: "kubectl get secret nope" },
  { kind: "idle" },
  { kind: "run", line: "kubectl delete deployment web" },
  { kind: "run", line: "kubectl get all" },
];

/** An instructor, a learner in their cohort with an attempt of LOG, and a learner outside. */
async function world() {
  const instructor = await makeUser("INSTRUCTOR");
  const member = await makeUser("LEARNER");
  const outsider = await makeUser("LEARNER");
  const c = await cohorts.createCohort(instructor, { name: "Replay cohort" });
  await cohorts.joinCohortByCode(member, c.joinCode);
  const store = attemptStoreForUser(member);
  const { rec } = await service.startAttempt(store, "expose-nodeport", { seed: 11 });
  for (const e of LOG) await service.applyEntry(store, rec.id, e);
  const outsiderRec = (await service.startAttempt(attemptStoreForUser(outsider), "expose-nodeport", { seed: 11 })).rec;
  return { instructor, member, outsider, cohortId: c.id, rec, outsiderRec };
}

const state = (r: Awaited<ReturnType<typeof tl.getAttemptReplayStep>>) => {
  if (!r.ok) throw new Error(`replay step failed: ${r.error}`);
  return r.state.sections.map((s) => s.output).join("\n");
};

afterEach(() => {
  tl.clearReplayCache();
  delete process.env.EXERCISE_SIM_BUDGET_MS;
});

describe("command replay, step by step", () => {
  it("lists the steps from the log alone and shows each step's output as the learner saw it, and the cluster after it", { timeout: 60_000 }, async () => {
    const w = await world();
    const r = (await tl.getAttemptReplay(w.instructor, w.cohortId, w.member.id, w.rec.id, "en"))!;
    expect(r.attempt.commands).toBe(LOG.length);
    expect(r.steps.map((s) => s.kind)).toEqual(LOG.map((e) => e.kind));
    expect(r.steps[2]).toEqual({ kind: "save", path: "cm.yaml" });

    // The start: no deployment yet; after step 2 the deployment and its ReplicaSet; after step 11 it is gone.
    const ask = (step: number, outputsFrom = Math.max(0, step - 1)) => tl.getAttemptReplayStep(w.instructor, w.cohortId, w.member.id, w.rec.id, { step, outputsFrom });
    const s0 = await ask(0);
    expect(s0.ok && s0.steps).toEqual([]);
    expect(state(s0)).not.toContain("deployment.apps/web");
    const s2 = await ask(2);
    expect(s2.ok && s2.steps.map((s) => s.index)).toEqual([1]);
    expect(s2.ok && s2.steps[0]).toMatchObject({ kind: "run", line: LOG[1].kind === "run" ? LOG[1].line : "", output: "deployment.apps/web created\n", exitCode: 0 });
    expect(state(s2)).toMatch(/deployment\.apps\/web\s+\d\/2/);
    expect(state(await ask(4))).toMatch(/configmap\/settings\s+1/);
    expect(state(await ask(4))).not.toContain("mode: fast"); // ConfigMap values are never shown, as kubectl get prints them
    // the cluster as the learner left it (real time): right after the scale the third Pod is not ready yet; after the idle it is
    expect(state(await ask(7))).toMatch(/deployment\.apps\/web\s+[0-2]\/3/);
    expect(state(await ask(10))).toMatch(/deployment\.apps\/web\s+3\/3/);
    expect(state(await ask(11))).not.toContain("deployment.apps/web");

    // Every output equals the learner's terminal (the transcript replayed from the start), window by window.
    const ex = getExercise("expose-nodeport")!.exercise;
    const transcript = replayTranscript(ex, w.rec.seed, w.rec.parameters, LOG, { maxBytes: 1 << 20 });
    const seen: Record<number, { output: string; exitCode: number }> = {};
    for (const [step, from] of [[5, 0], [10, 5], [12, 10]]) {
      const x = await ask(step, from);
      if (!x.ok) throw new Error(x.error);
      expect(x.steps.map((s) => s.index)).toEqual(Array.from({ length: step - from }, (_, k) => from + k));
      for (const s of x.steps) seen[s.index] = { output: s.output, exitCode: s.exitCode };
    }
    const runs = LOG.flatMap((e, i) => (e.kind === "run" ? [i] : []));
    expect(runs.map((i) => seen[i])).toEqual(transcript.entries.filter((e) => e.kind === "run").map((e) => ({ output: e.output, exitCode: e.exitCode })));
    expect(seen[8].exitCode).toBe(1);
    const cd = await ask(9, 8);
    expect(cd.ok && cd.steps[0]).toMatchObject({ kind: "run", cwd: "/tmp" });
  });

  it("a step asked cold equals the same step reached one by one (checkpoints change nothing), and no check leaks", { timeout: 60_000 }, async () => {
    const w = await world();
    const ask = (step: number, outputsFrom: number) => tl.getAttemptReplayStep(w.instructor, w.cohortId, w.member.id, w.rec.id, { step, outputsFrom });
    const cold = await ask(10, 6);
    tl.clearReplayCache();
    for (let k = 1; k <= 9; k++) expect((await ask(k, k - 1)).ok).toBe(true);
    const warm = await ask(10, 6);
    expect(warm).toEqual(cold);
    const ex = getExercise("expose-nodeport")!.exercise;
    const text = JSON.stringify([cold, await tl.getAttemptReplay(w.instructor, w.cohortId, w.member.id, w.rec.id, "en")]);
    for (const c of ex.checks) {
      expect(text).not.toContain(c.title.en);
      expect(text).not.toContain(`"${c.id}"`);
    }
  });

  it("bad steps and windows are refused; another cohort's learner or attempt is not found", { timeout: 60_000 }, async () => {
    const w = await world();
    const ask = (q: { step: number; outputsFrom: number }, userId = w.member.id, attemptId = w.rec.id, actor: { id: string; role: "LEARNER" | "INSTRUCTOR" | "ADMIN" } = w.instructor) =>
      tl.getAttemptReplayStep(actor, w.cohortId, userId, attemptId, q);
    expect(await ask({ step: LOG.length + 1, outputsFrom: LOG.length })).toEqual({ ok: false, error: "badWindow" });
    expect(await ask({ step: 3, outputsFrom: 4 })).toEqual({ ok: false, error: "badWindow" });
    expect(await ask({ step: tl.REPLAY_WINDOW + 1, outputsFrom: 0 })).toEqual({ ok: false, error: "badWindow" });
    expect(await ask({ step: -1, outputsFrom: 0 })).toEqual({ ok: false, error: "badWindow" });
    expect(await ask({ step: 1.5, outputsFrom: 0 })).toEqual({ ok: false, error: "badWindow" });
    expect((await ask({ step: tl.REPLAY_WINDOW, outputsFrom: 0 })).ok).toBe(true);
    expect(await ask({ step: 0, outputsFrom: 0 }, w.outsider.id, w.outsiderRec.id)).toEqual({ ok: false, error: "notFound" });
    expect(await ask({ step: 0, outputsFrom: 0 }, w.member.id, w.outsiderRec.id)).toEqual({ ok: false, error: "notFound" });
    expect(await ask({ step: 0, outputsFrom: 0 }, w.member.id, w.rec.id, w.member)).toEqual({ ok: false, error: "notFound" });
    expect(await tl.getAttemptReplay(w.member, w.cohortId, w.member.id, w.rec.id, "en")).toBeNull();
  });

  it("a replay longer than the budget stops after its slices and keeps its progress, so asking again gets further", { timeout: 60_000 }, async () => {
    const w = await world();
    // No stored checkpoint of the learner's session (the live one may have taken one): the replay starts at the start.
    await prisma.attemptCheckpoint.deleteMany({ where: { attemptId: w.rec.id } });
    // 1 ms: every slice replays one entry (at least one per slice), so 8 slices cannot reach step 12 at once.
    process.env.EXERCISE_SIM_BUDGET_MS = "1";
    const ask = () => tl.getAttemptReplayStep(w.instructor, w.cohortId, w.member.id, w.rec.id, { step: LOG.length, outputsFrom: LOG.length - 2 });
    expect(await ask()).toEqual({ ok: false, error: "timeout" });
    // Each ask goes on from the checkpoints the earlier ones kept (at least one entry per slice), so a few more get there.
    let second = await ask();
    for (let tries = 0; !second.ok && tries < LOG.length; tries++) second = await ask();
    expect(second.ok).toBe(true);
    delete process.env.EXERCISE_SIM_BUDGET_MS;
    tl.clearReplayCache();
    expect(await ask()).toEqual(second);
  });
});
