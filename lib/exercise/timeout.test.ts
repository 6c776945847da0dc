// The simulation budget of one entry (REQUESTS.md 19 in lib/sim): a long step is stopped inside the
// simulator's event loop, answered with "timeout" / 504, not recorded, and the attempt continues from the
// state without it.
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createTempDatabase } from "#lib/test/db";

const tmp = createTempDatabase();
const h = await import("#app/api/_exercise/handlers");
const users = await import("#lib/data/users");
const service = await import("./service");
const store = await import("./store");
const { replay, startSession } = await import("./session");
const { getExercise } = await import("./loader");
const { SimulationStopped } = await import("#lib/sim/index");
const { prisma } = await import("#lib/db");
const en = (await import("#lib/i18n/messages/en.json")).default;
const ko = (await import("#lib/i18n/messages/ko.json")).default;

// Simulations are CPU-bound; CI machines are shared.
vi.setConfig({ testTimeout: 60_000 });
afterEach(() => {
  vi.unstubAllEnvs();
});
afterAll(async () => {
  await prisma.$disconnect();
  tmp.cleanup();
});

const EX = "expose-nodeport";
const exercise = () => getExercise(EX)!.exercise;
const CREATE = { kind: "run", line: "kubectl create deployment big --image=nginx:1.27" } as const;
/** Scales to far more pods than the nodes hold: over 100 ms of simulation, far beyond a 1 ms budget. */
const BIG = { kind: "run", line: "kubectl scale deployment big --replicas=2000" } as const;
const REPLICAS = { kind: "run", line: "kubectl get deployment big -o jsonpath={.spec.replicas}" } as const;

/** The ExerciseError code a promise rejects with. */
async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof service.ExerciseError) return e.code;
    throw e;
  }
  throw new Error("did not reject");
}

describe("ExerciseSession.apply with a stop predicate", () => {
  it("throws SimulationStopped part-way, records nothing and clears the predicate", () => {
    const s = startSession(exercise(), 7);
    expect(s.apply(CREATE).exitCode).toBe(0);
    let calls = 0;
    expect(() => s.apply(BIG, { shouldStop: () => ++calls > 50 })).toThrow(SimulationStopped);
    expect(calls).toBe(51);
    expect(s.log).toEqual([CREATE]);
    expect(s.exitCodes).toEqual([0]);
    // the predicate is gone once apply returns (also when it threw): grading, views and the next
    // entries run the cluster freely
    s.cluster.advance(30_000);
    expect(calls).toBe(51);
  });

  it("a predicate that never fires gives the same output and state as none", () => {
    const run = (shouldStop?: () => boolean) => {
      const s = startSession(exercise(), 7);
      const outputs = [CREATE, { kind: "run", line: "kubectl scale deployment big --replicas=4" } as const, { kind: "advance", seconds: 20 } as const, REPLICAS].map((e) => s.apply(e, shouldStop ? { shouldStop } : {}).output);
      return { outputs, hash: s.stateHash() };
    };
    const plain = run();
    expect(plain.outputs[3]).toBe("4");
    expect(run(() => false)).toEqual(plain);
  });
});

describe("applyEntry: the simulation budget", () => {
  it("cuts a long command inside the simulation: timeout, not recorded, the next command runs on the state without it", async () => {
    const st = store.anonymousStore(store.newId());
    const { rec } = await service.startAttempt(st, EX, { seed: 11 });
    const first = await service.applyEntry(st, rec.id, CREATE);
    expect(first.result.exitCode).toBe(0);

    vi.stubEnv("EXERCISE_SIM_BUDGET_MS", "1");
    expect(await rejection(service.applyEntry(st, rec.id, BIG))).toBe("timeout");
    vi.unstubAllEnvs();
    expect(await st.countLog(rec.id)).toBe(1);

    const next = await service.applyEntry(st, rec.id, REPLICAS);
    expect(next.result.stdout).toBe("1");
    const log = (await st.listLog(rec.id)).map((e) => e.entry);
    expect(log).toEqual([CREATE, REPLICAS]);
    expect(await service.attemptStateHash(st, rec.id)).toBe(replay(exercise(), rec.seed, log, rec.parameters).stateHash());
  });

  it("leaves a normal command under the default budget as it is without a budget", async () => {
    vi.stubEnv("EXERCISE_SIM_BUDGET_MS", undefined);
    expect(service.simulationBudgetMs()).toBe(3_000);
    const st = store.anonymousStore(store.newId());
    const { rec } = await service.startAttempt(st, EX, { seed: 12 });
    const entries = [CREATE, { kind: "run", line: "kubectl rollout status deployment/big" } as const, REPLICAS];
    const outputs: string[] = [];
    for (const e of entries) outputs.push((await service.applyEntry(st, rec.id, e)).result.output);
    expect(await st.countLog(rec.id)).toBe(3);
    const plain = startSession(exercise(), rec.seed, rec.parameters);
    expect(outputs).toEqual(entries.map((e) => plain.apply(e).output));
    expect(outputs[1]).toContain("successfully rolled out");
    expect(await service.attemptStateHash(st, rec.id)).toBe(plain.stateHash());
  });
});

describe("command route: the simulation budget", () => {
  const req = (path: string, body: unknown) => new Request(`http://localhost${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const params = <P,>(p: P) => ({ params: Promise.resolve(p) });

  it("answers 504 with the localized message, records nothing, and the attempt goes on", async () => {
    const r = await users.createUser({ email: "timeout@example.test", name: "T", passwordHash: "x", locale: "en" });
    if (!r.ok) throw new Error("setup");
    const as = async () => ({ id: r.user.id });
    const started = await h.startAttemptPOST(req(`/api/exercises/${EX}/attempts`, { locale: "en" }), params({ exerciseId: EX }), as);
    expect(started.status).toBe(201);
    const id = ((await started.json()) as { attemptId: string }).attemptId;
    const command = (line: string, locale: "en" | "ko") => h.commandPOST(req(`/api/attempts/${id}/commands`, { line, locale }), params({ attemptId: id }), as);
    expect((await command(CREATE.line, "en")).status).toBe(200);

    vi.stubEnv("EXERCISE_SIM_BUDGET_MS", "1");
    for (const [locale, text] of [["en", en.exerciseApi.timeout], ["ko", ko.exerciseApi.timeout]] as const) {
      const res = await command(BIG.line, locale);
      expect(res.status).toBe(504);
      expect((await res.json()).error).toEqual({ code: "simulationTimeout", message: text.replace("{seconds}", "0.1") }); // the budget in tenths of a second, never "0 s"
    }
    vi.unstubAllEnvs();

    expect(await prisma.attemptCommand.count({ where: { attemptId: id } })).toBe(1);
    const after = await command(REPLICAS.line, "en");
    expect(after.status).toBe(200);
    expect((await after.json()).stdout).toBe("1");
    expect(await prisma.attemptCommand.count({ where: { attemptId: id } })).toBe(2);
  });
});
