// Exam sessions on the exercise worker pool (issue 12): commands run on a worker within the simulation budget,
// a restart rebuilds the same state (from the stored checkpoint), a rebuild runs in budgeted slices that store
// their progress, and the scrollback comes back per context. Over the HTTP handlers, on a real SQLite file.
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createTempDatabase } from "#lib/test/db";

process.env.NEXTAUTH_SECRET ??= "exam-test-secret-0123456789abcdef";
const tmp = createTempDatabase();
const h = await import("./handlers");
const users = await import("#lib/data/users");
const { prisma } = await import("#lib/db");
const service = await import("#lib/exam/service");
const { examStoreFor } = await import("#lib/data/exams");
const pool = await import("#lib/exercise/pool");

vi.setConfig({ testTimeout: 180_000 });
afterEach(async () => {
  vi.unstubAllEnvs();
  await pool.resetHostPool();
});
afterAll(async () => {
  await prisma.$disconnect();
  tmp.cleanup();
});

let n = 0;
async function user() {
  const r = await users.createUser({ email: `xp${++n}@example.test`, name: "P", passwordHash: "x", locale: "en" });
  if (!r.ok) throw new Error("setup");
  return { id: r.user.id };
}
const as = (u: { id: string }) => async () => u;
const post = (path: string, body: unknown) =>
  new Request(`http://localhost:3000${path}`, { method: "POST", headers: { host: "localhost:3000", "content-type": "application/json" }, body: JSON.stringify(body) });
const get = (path: string) => new Request(`http://localhost:3000${path}`, { headers: { host: "localhost:3000" } });
const ctx = (examId: string) => ({ params: Promise.resolve({ examId }) });
const T0 = new Date("2026-12-07T09:00:00Z");
const MIN = 60_000;
const at = (ms: number) => () => new Date(T0.getTime() + ms);
type View = { id: string; currentContext: string; files: { path: string }[]; history: unknown[] };

async function start(u: { id: string }, mode = "timed") {
  const res = await h.startExamPOST(post("/api/exams", { mode, namedId: "named-b", locale: "en" }), as(u), at(0));
  expect(res.status).toBe(201);
  return (await res.json()) as View;
}
const command = (u: { id: string }, id: string, line: string, ms = MIN, task = 0) => h.examCommandPOST(post(`/api/exams/${id}/commands`, { line, task, locale: "en" }), ctx(id), as(u), at(ms));
const view = async (u: { id: string }, id: string) => h.examGET(get(`/api/exams/${id}`), ctx(id), as(u), at(2 * MIN));
const words = (k: number) => Array.from({ length: k }, (_, i) => i).join(" ");
/** Runs far past any budget unless stopped: 400^3 shell iterations, no cluster event in between. */
const RUNAWAY = `for a in ${words(400)}; do for b in ${words(400)}; do for c in ${words(400)}; do echo $a$b$c; done; done; done`;

describe("exam sessions on the worker pool", () => {
  it("commands run on a worker thread: a runaway loop is cut at the budget (504, not recorded) while another learner's exam is answered", async () => {
    vi.stubEnv("EXERCISE_WORKERS", "2");
    // long enough for the other exam to move off a busy worker (after 400 ms) and be rebuilt on the free one
    vi.stubEnv("EXERCISE_SIM_BUDGET_MS", "6000");
    await pool.resetHostPool();
    const a = await user();
    const b = await user();
    const ea = await start(a);
    const eb = await start(b);
    const stats = await service.examCacheStats();
    expect(stats.threads).toBe(2);
    expect(stats.entries).toBeGreaterThanOrEqual(2);
    const order: string[] = [];
    const heavy = command(a, ea.id, RUNAWAY).then((r) => {
      order.push("runaway");
      return r;
    });
    await new Promise((r) => setTimeout(r, 100));
    const other = await command(b, eb.id, "kubectl config use-context k8s-b");
    order.push("other");
    expect(other.status).toBe(200);
    expect(((await other.json()) as { context: string }).context).toBe("k8s-b");
    const cut = await heavy;
    expect(cut.status).toBe(504);
    expect(((await cut.json()) as { error: { code: string } }).error.code).toBe("simulationTimeout");
    expect(order).toEqual(["other", "runaway"]);
    expect(await prisma.examCommand.count({ where: { sessionId: ea.id } })).toBe(0);
    // the exam goes on from the state without the loop
    const next = await command(a, ea.id, "echo still here");
    expect(((await next.json()) as { output: string }).output).toBe("still here\n");
  });

  it("a restart (every session dropped) rebuilds the same state, from the stored checkpoint when there is one", async () => {
    vi.stubEnv("EXERCISE_WORKERS", "1");
    await pool.resetHostPool();
    const u = await user();
    const v = await start(u);
    const store = examStoreFor(u);
    for (const line of ["kubectl config use-context k8s-c", "kubectl create namespace resumed", "echo kept > kept.txt", "alias kk=kubectl", "cd /tmp"]) {
      expect((await command(u, v.id, line)).status).toBe(200);
    }
    const hash = await service.examStateHash(store, v.id);
    const before = await (await view(u, v.id)).json();
    await service.clearExamCache();
    expect(await service.examStateHash(store, v.id)).toBe(hash);
    expect(await (await view(u, v.id)).json()).toEqual(before);
  });

  it("a rebuild replays in slices within the budget, storing each slice's progress as a checkpoint; the next request goes on from it", async () => {
    const u = await user();
    const v = await start(u, "practice");
    const store = examStoreFor(u);
    const lines = ["kubectl config use-context k8s-b", "kubectl create namespace sliced", "kubectl get pods -A", "kubectl config use-context k8s-a", "kubectl get nodes", "echo a > a.txt"];
    for (const line of [...lines, ...lines]) expect((await command(u, v.id, line)).status).toBe(200);
    const hash = await service.examStateHash(store, v.id);
    const before = await (await view(u, v.id)).json();
    await service.clearExamCache();
    // from the start, not from a checkpoint the commands' cadence may have stored
    await prisma.examCheckpoint.deleteMany({ where: { sessionId: v.id } });
    // 60 ms: the first slice (building the exam's 7 clusters, then one entry) is over it at once, and the later
    // slices end after an entry or a few; an entry's replay may take 2 x 60 + 50 ms
    vi.stubEnv("EXERCISE_SIM_BUDGET_MS", "60");
    const statuses: number[] = [];
    let res = await view(u, v.id);
    statuses.push(res.status);
    const first = await store.getCheckpoint(v.id);
    expect(first!.seq).toBeGreaterThan(0);
    expect(first!.seq).toBeLessThan(12);
    while (res.status !== 200 && statuses.length < 12) {
      res = await view(u, v.id);
      statuses.push(res.status);
    }
    // at most 9 slices a request (then 504, and the next request goes on from the stored checkpoint)
    expect(statuses.at(-1)).toBe(200);
    expect(statuses.every((x) => x === 200 || x === 504)).toBe(true);
    expect(await res.json()).toEqual({ ...before, serverNow: expect.any(String) });
    vi.unstubAllEnvs();
    expect(await service.examStateHash(store, v.id)).toBe(hash);
    // and a restart restores the latest checkpoint and replays what follows it: the same state
    expect((await store.getCheckpoint(v.id))!.seq).toBeLessThan(12);
    await service.clearExamCache();
    expect(await service.examStateHash(store, v.id)).toBe(hash);
  });

  it("a submit grades each task in a request of its own (each gets a whole simulation budget, a busy server still grades a long exam)", async () => {
    const u = await user();
    const v = await start(u);
    const tasks = (await (await view(u, v.id)).json()).tasks.length as number;
    expect(tasks).toBeGreaterThan(10);
    const p = await pool.hostPool();
    const call = vi.spyOn(p, "call");
    const res = await h.examSubmitPOST(post(`/api/exams/${v.id}/submit`, { locale: "en" }), ctx(v.id), as(u), at(2 * MIN));
    expect(res.status).toBe(200);
    const grades = call.mock.calls.map(([req]) => req).filter((req) => req.op === "exam" && req.action.do === "grade");
    expect(grades.map((req) => (req.op === "exam" && req.action.do === "grade" ? req.action.task : null))).toEqual([...Array(tasks).keys()]);
    call.mockRestore();
  });

  it("the scrollback after a reload: each command's output again, in the context it ran in", async () => {
    const u = await user();
    const v = await start(u, "practice");
    const outputs: { context: string; output: string }[] = [];
    for (const line of ["kubectl config current-context", "kubectl config use-context k8s-c", "kubectl config current-context", "kubectl get ns no-such-ns"]) {
      outputs.push((await (await command(u, v.id, line)).json()) as { context: string; output: string });
    }
    await service.clearExamCache();
    const res = await h.examTranscriptGET(get(`/api/exams/${v.id}/transcript`), ctx(v.id), as(u), at(3 * MIN));
    expect(res.status).toBe(200);
    const t = (await res.json()) as { complete: boolean; omitted: number; entries: { line: string; context: string; output: string; exitCode: number }[] };
    expect(t.complete).toBe(true);
    expect(t.omitted).toBe(0);
    expect(t.entries.map((e) => e.context)).toEqual(["k8s-a", "k8s-a", "k8s-c", "k8s-c"]);
    expect(t.entries.map((e) => e.output)).toEqual(outputs.map((o) => o.output));
    expect(t.entries[2].output).toBe("k8s-c\n");
    expect(t.entries[3].exitCode).toBe(1);
    // another learner cannot read it
    const other = await user();
    expect((await h.examTranscriptGET(get(`/api/exams/${v.id}/transcript`), ctx(v.id), as(other), at(3 * MIN))).status).toBe(404);
  });
});
