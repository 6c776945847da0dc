// One learner cannot hurt the others (issue 14, items 1-4): commands run on worker threads, rebuilds run in
// budgeted slices, the session cache is bounded by real size, and the log has caps per attempt and per day.
// (Item 5, state a checkpoint keeps, is state.test.ts; the shell's deadline and RE2 are lib/kubectl/shell/stop.test.ts.)
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createTempDatabase } from "#lib/test/db";

const tmp = createTempDatabase();
const h = await import("#app/api/_exercise/handlers");
const users = await import("#lib/data/users");
const service = await import("./service");
const store = await import("./store");
const pool = await import("./pool");
const { SessionHost } = await import("./host");
const { prisma } = await import("#lib/db");
const en = (await import("#lib/i18n/messages/en.json")).default;
const ko = (await import("#lib/i18n/messages/ko.json")).default;

vi.setConfig({ testTimeout: 120_000 });
afterEach(async () => {
  vi.unstubAllEnvs();
  await pool.resetHostPool();
});
afterAll(async () => {
  await prisma.$disconnect();
  tmp.cleanup();
});

const EX = "expose-nodeport";
const run = (line: string) => ({ kind: "run", line }) as const;
const words = (n: number) => Array.from({ length: n }, (_, i) => i).join(" ");
/** Runs far past any budget unless stopped: 500^3 shell iterations, no cluster event in between. */
const RUNAWAY = run(`for a in ${words(500)}; do for b in ${words(500)}; do for c in ${words(500)}; do echo $a$b$c; done; done; done`);

async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof service.ExerciseError) return e.code;
    throw e;
  }
  return "resolved";
}

describe("worker threads: one learner's long command does not hold up the others", () => {
  it("others' commands are answered while a runaway loop runs; the loop is stopped at the budget and not recorded", async () => {
    vi.stubEnv("EXERCISE_WORKERS", "2");
    vi.stubEnv("EXERCISE_SIM_BUDGET_MS", "2000");
    await pool.resetHostPool();
    const attacker = store.anonymousStore(store.newId());
    const { rec: a } = await service.startAttempt(attacker, EX, { seed: 1 });
    const victims = await Promise.all([1, 2, 3, 4].map(async (i) => {
      const st = store.anonymousStore(store.newId());
      const { rec } = await service.startAttempt(st, EX, { seed: 10 + i });
      await service.applyEntry(st, rec.id, run("kubectl get nodes"));
      return { st, rec };
    }));
    const order: string[] = [];
    const heavy = rejection(service.applyEntry(attacker, a.id, RUNAWAY)).then((code) => {
      order.push("attacker");
      return code;
    });
    // while the loop runs, every victim's command is answered (in-process, each would wait for the loop)
    await new Promise((r) => setTimeout(r, 100));
    for (const v of victims) {
      const r = await service.applyEntry(v.st, v.rec.id, run("kubectl get pods -A"));
      expect(r.result.exitCode).toBe(0);
      order.push("victim");
    }
    expect(await heavy).toBe("timeout");
    expect(order).toEqual(["victim", "victim", "victim", "victim", "attacker"]);
    expect(await attacker.countLog(a.id)).toBe(0);
    // the attacker's attempt goes on from the state without the loop
    expect((await service.applyEntry(attacker, a.id, run("echo still here"))).result.stdout).toBe("still here\n");
    const stats = await service.sessionCacheStats();
    expect(stats.threads).toBe(2);
  });

  it("one learner's parallel runaway loops on two attempts take one worker at a time", async () => {
    vi.stubEnv("EXERCISE_WORKERS", "2");
    vi.stubEnv("EXERCISE_SIM_BUDGET_MS", "1500");
    await pool.resetHostPool();
    const attacker = store.anonymousStore(store.newId());
    const a1 = (await service.startAttempt(attacker, EX, { seed: 1 })).rec;
    const a2 = (await service.startAttempt(attacker, EX, { seed: 2 })).rec;
    const victim = store.anonymousStore(store.newId());
    const v = (await service.startAttempt(victim, EX, { seed: 3 })).rec;
    const order: string[] = [];
    const loops = [a1, a2].map((a) => rejection(service.applyEntry(attacker, a.id, RUNAWAY)).then((code) => order.push(`attacker:${code}`)));
    await new Promise((r) => setTimeout(r, 100));
    await service.applyEntry(victim, v.id, run("kubectl get pods -A"));
    order.push("victim");
    await Promise.all(loops);
    // with both workers taken the victim would wait for the first loop to be cut
    expect(order).toEqual(["victim", "attacker:timeout", "attacker:timeout"]);
  });
});

describe("rebuilds run in slices within the budget", () => {
  const meta = { exerciseId: EX, seed: 5, parameters: {} as Record<string, string | number> };

  it("a slice that runs out of budget keeps its progress and checkpoints it; the next slice goes on", () => {
    const host = new SessionHost({ maxEntries: 10, maxBytes: 512 * 1024 * 1024 });
    const log = Array.from({ length: 6 }, (_, i) => run(`echo ${i} >> n.txt`));
    // a zero budget: every slice replays exactly one entry (the minimum that guarantees progress)
    const req = { op: "read", key: "k", meta, seq: log.length, budgetMs: 0, rebuild: { log, checkpoint: null } } as const;
    const seen: number[] = [];
    let reply = host.handle(req);
    while (reply.kind === "rebuilding") {
      expect(reply.checkpoint?.seq).toBe(reply.have);
      seen.push(reply.have);
      reply = host.handle(req);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(reply.kind).toBe("ok");
    const hash = host.handle({ op: "hash", key: "k", meta, seq: log.length, budgetMs: 1000 });
    const fresh = new SessionHost({ maxEntries: 10, maxBytes: 512 * 1024 * 1024 });
    const again = fresh.handle({ op: "hash", key: "k", meta, seq: log.length, budgetMs: 10_000, rebuild: { log, checkpoint: null } });
    expect(hash).toEqual(again);
  });

  it("a request gives up after a bounded number of slices; the next request goes on from the stored checkpoint", async () => {
    const st = store.anonymousStore(store.newId());
    const { rec } = await service.startAttempt(st, EX, { seed: 3 });
    for (let i = 0; i < 20; i++) await service.applyEntry(st, rec.id, run(`echo ${i} >> n.txt`));
    await service.clearSessionCache();
    vi.stubEnv("EXERCISE_SIM_BUDGET_MS", "0.000001");
    // 20 entries at one entry per slice: more slices than one request may use
    expect(await rejection(service.attemptView(st, rec.id, "en"))).toBe("timeout");
    const cp = await st.getCheckpoint(rec.id);
    expect(cp?.seq).toBeGreaterThan(5);
    expect(cp!.seq).toBeLessThan(20);
    await service.clearSessionCache();
    vi.unstubAllEnvs();
    expect(await service.attemptView(st, rec.id, "en")).toMatchObject({ history: expect.arrayContaining([{ line: "echo 19 >> n.txt", exitCode: 0 }]) });
    expect((await service.applyEntry(st, rec.id, run("wc -l n.txt"))).result.stdout).toBe("20 n.txt\n");
  });
});

describe("the session cache is bounded by what sessions really hold", () => {
  it("sessions holding big files are evicted to stay under EXERCISE_CACHE_MAX_MB", async () => {
    vi.stubEnv("EXERCISE_CACHE_MAX_MB", "2");
    await pool.resetHostPool();
    for (let i = 0; i < 3; i++) {
      const st = store.anonymousStore(store.newId());
      const { rec } = await service.startAttempt(st, EX, { seed: 20 + i });
      await service.applyEntry(st, rec.id, { kind: "save", path: "big.txt", content: "y".repeat(400 * 1024) });
    }
    const stats = await service.sessionCacheStats();
    expect(stats.approxBytes).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(stats.entries).toBeLessThan(3);
  });
});

describe("log caps per attempt and per account per day", () => {
  const req = (path: string, body: unknown) => new Request(`http://localhost${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const params = <P,>(p: P) => ({ params: Promise.resolve(p) });
  let n = 0;
  async function signedIn() {
    const r = await users.createUser({ email: `caps${++n}@example.test`, name: "C", passwordHash: "x", locale: "en" });
    if (!r.ok) throw new Error("setup");
    const as = async () => ({ id: r.user.id });
    const started = await h.startAttemptPOST(req(`/api/exercises/${EX}/attempts`, { locale: "en" }), params({ exerciseId: EX }), as);
    const id = ((await started.json()) as { attemptId: string }).attemptId;
    const save = (path: string, kib: number, locale: "en" | "ko" = "en") => h.filePOST(req(`/api/attempts/${id}/files`, { path, content: "z".repeat(kib * 1024), locale }), params({ attemptId: id }), as);
    const command = (line: string) => h.commandPOST(req(`/api/attempts/${id}/commands`, { line, locale: "en" }), params({ attemptId: id }), as);
    return { id, as, save, command, userId: r.user.id };
  }

  it("an attempt over its cap answers 413 in the page's language, stores nothing, and small commands still fit", async () => {
    vi.stubEnv("EXERCISE_LOG_MAX_KB_PER_ATTEMPT", "100");
    const u = await signedIn();
    expect((await u.save("a.txt", 45)).status).toBe(200);
    expect((await u.save("b.txt", 45)).status).toBe(200);
    for (const [locale, text] of [["en", en.exerciseApi.logFull], ["ko", ko.exerciseApi.logFull]] as const) {
      const res = await u.save("c.txt", 45, locale);
      expect(res.status).toBe(413);
      expect((await res.json()).error).toEqual({ code: "logFull", message: text.replace("{limit}", "100 KiB") });
    }
    expect(await prisma.attemptCommand.count({ where: { attemptId: u.id } })).toBe(2);
    const ls = await u.command("ls");
    expect(ls.status).toBe(200);
    expect((await ls.json()).stdout).toBe("a.txt  b.txt\n");
    const a = await prisma.exerciseAttempt.findUniqueOrThrow({ where: { id: u.id }, select: { logBytes: true } });
    const rows = await prisma.attemptCommand.findMany({ where: { attemptId: u.id }, select: { payload: true } });
    expect(a.logBytes).toBe(rows.reduce((s, r) => s + Buffer.byteLength(r.payload), 0));
  });

  it("an account over its daily cap answers 429 with Retry-After until midnight UTC, across attempts", async () => {
    vi.stubEnv("EXERCISE_LOG_MAX_MB_PER_DAY", "1");
    const u = await signedIn();
    for (let i = 0; i < 3; i++) expect((await u.save(`f${i}.txt`, 256)).status).toBe(200);
    const res = await u.save("f3.txt", 256);
    expect(res.status).toBe(429);
    const body = await res.json();
    expect(body.error.code).toBe("dailyLogFull");
    expect(body.error.message).toContain("1 MiB");
    const retry = Number(res.headers.get("retry-after"));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(86_400);
    // a second attempt of the same account shares the day's count
    const started = await h.startAttemptPOST(req(`/api/exercises/${EX}/attempts`, { locale: "en" }), params({ exerciseId: EX }), u.as);
    const id2 = ((await started.json()) as { attemptId: string }).attemptId;
    const other = await h.filePOST(req(`/api/attempts/${id2}/files`, { path: "x.txt", content: "z".repeat(256 * 1024), locale: "ko" }), params({ attemptId: id2 }), u.as);
    expect(other.status).toBe(429);
    expect((await other.json()).error.message).toBe(ko.exerciseApi.dailyLogFull.replace("{limit}", "1 MiB").replace("{hours}", String(Math.ceil(Number(other.headers.get("retry-after")) / 3600))));
    const usage = await prisma.exerciseLogUsage.findMany({ where: { userId: u.userId } });
    expect(usage).toHaveLength(1);
    expect(usage[0].day).toBe(new Date().toISOString().slice(0, 10));
  });

  it("anonymous visitors have the same caps", async () => {
    vi.stubEnv("EXERCISE_LOG_MAX_KB_PER_ATTEMPT", "60");
    const st = store.anonymousStore(store.newId());
    const { rec } = await service.startAttempt(st, EX, { seed: 2 });
    await service.applyEntry(st, rec.id, { kind: "save", path: "a.txt", content: "q".repeat(50 * 1024) });
    expect(await rejection(service.applyEntry(st, rec.id, { kind: "save", path: "b.txt", content: "q".repeat(20 * 1024) }))).toBe("logFull");
    expect(await st.countLog(rec.id)).toBe(1);
    expect((await service.applyEntry(st, rec.id, run("ls"))).result.stdout).toBe("a.txt\n");
  });
});
