// HTTP-level tests of the exercise route handlers: crafted Requests, a real SQLite file, two users.
import { afterAll, describe, expect, it, vi } from "vitest";
import { createTempDatabase } from "#lib/test/db";

const tmp = createTempDatabase();
const h = await import("#app/api/_exercise/handlers");
const users = await import("#lib/data/users");
const progress = await import("#lib/data/progress");
const service = await import("./service");
const { getExercise } = await import("./loader");
const { substitute } = await import("./params");
const { prisma } = await import("#lib/db");

// Simulations are CPU-bound; a shared machine can take several seconds for one of these scenarios.
vi.setConfig({ testTimeout: 60_000 });

afterAll(async () => {
  await prisma.$disconnect();
  tmp.cleanup();
});

const EX = "expose-nodeport";
let n = 0;
async function makeUser() {
  n += 1;
  const r = await users.createUser({ email: `ex${n}@example.test`, name: `U${n}`, passwordHash: "x", locale: "en" });
  if (!r.ok) throw new Error("setup");
  const u = r.user;
  return { user: u, as: async () => ({ id: u.id }) };
}
const nobody = async () => null;

function req(path: string, init: { method?: string; body?: unknown; cookie?: string; rawBody?: string } = {}): Request {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (init.cookie) headers.cookie = init.cookie;
  const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  return new Request(`http://localhost${path}`, { method: init.method ?? (body ? "POST" : "GET"), headers, ...(body ? { body } : {}) });
}
const params = <P,>(p: P) => ({ params: Promise.resolve(p) });

async function start(who: () => Promise<{ id: string } | null>, cookie?: string) {
  const res = await h.startAttemptPOST(req(`/api/exercises/${EX}/attempts`, { body: { locale: "en" }, ...(cookie ? { cookie } : {}) }), params({ exerciseId: EX }), who);
  const text = await res.text();
  return { res, text, body: JSON.parse(text) as { attemptId: string; [k: string]: unknown } };
}
async function command(who: () => Promise<{ id: string } | null>, attemptId: string, line: string, cookie?: string) {
  return h.commandPOST(req(`/api/attempts/${attemptId}/commands`, { body: { line }, ...(cookie ? { cookie } : {}) }), params({ attemptId }), who);
}

/** Strings that must never appear in a response before the solution is allowed. */
function secrets(parameters: Record<string, string | number>): string[] {
  const ex = getExercise(EX)!.exercise;
  const out = ['"checks"', '"solution"', '"weight"', '"bodyContains"', "service-routes"];
  for (const e of substitute(ex.solution, parameters)) out.push(typeof e === "string" ? e : "save" in e ? e.content.trim().split("\n").slice(-3).join("\n") : "");
  for (const c of substitute(ex.checks, parameters)) if (c.type === "curl" && c.bodyContains) out.push(c.bodyContains);
  // A hint may deliberately give away one step; that is the author's choice, not a leak.
  const hints = JSON.stringify(substitute(ex.hints, parameters));
  return out.filter((s) => s.length > 8 && !hints.includes(s));
}

describe("exercise HTTP API: ownership", () => {
  it("another user's attempt is 404 for every read and write, and stays untouched", async () => {
    const a = await makeUser();
    const b = await makeUser();
    const { res, body } = await start(a.as);
    expect(res.status).toBe(201);
    const id = body.attemptId;
    expect((await command(a.as, id, "kubectl get nodes")).status).toBe(200);

    const p = params({ attemptId: id });
    const attempts = [
      await h.attemptGET(req(`/api/attempts/${id}`), p, b.as),
      await command(b.as, id, "kubectl delete namespace default"),
      await h.filePOST(req(`/api/attempts/${id}/files`, { body: { path: "x.yaml", content: "a: 1" } }), p, b.as),
      await h.advancePOST(req(`/api/attempts/${id}/advance`, { body: { seconds: 10 } }), p, b.as),
      await h.gradePOST(req(`/api/attempts/${id}/grade`, { body: {} }), p, b.as),
      await h.hintPOST(req(`/api/attempts/${id}/hints`, { body: {} }), p, b.as),
      await h.solutionGET(req(`/api/attempts/${id}/solution`), p, b.as),
      await h.completeGET(req(`/api/attempts/${id}/complete?line=kubectl%20get%20po`), p, b.as),
      await h.attemptGET(req(`/api/attempts/${id}`), p, nobody),
      await command(nobody, id, "kubectl get pods"),
    ];
    expect(attempts.map((r) => r.status)).toEqual(attempts.map(() => 404));
    for (const r of attempts) expect(r.headers.get("cache-control")).toBe("no-store");

    const mine = await h.attemptGET(req(`/api/attempts/${id}`), p, a.as);
    expect(mine.status).toBe(200);
    const view = await mine.json();
    expect(view.history).toEqual([{ line: "kubectl get nodes", exitCode: 0 }]);
    expect(view.hintsRevealed).toEqual([]);
    expect(view.grades).toEqual([]);
  });

  it("anonymous attempts live in a signed cookie session; other or forged cookies get 404", async () => {
    const first = await start(nobody);
    expect(first.res.status).toBe(201);
    expect(first.body.anonymous).toBe(true);
    const setCookie = first.res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^kc_ex_anon=[^;]+; Path=\/api; HttpOnly; SameSite=Lax/);
    const cookie = setCookie.split(";")[0];
    const id = first.body.attemptId;
    expect((await command(nobody, id, "kubectl get nodes", cookie)).status).toBe(200);

    const other = (await start(nobody)).res.headers.get("set-cookie")!.split(";")[0];
    expect((await command(nobody, id, "kubectl get nodes", other)).status).toBe(404);
    const [name, value] = cookie.split("=");
    const [payload] = value.split(".");
    const forged = `${name}=${payload}.${"A".repeat(43)}`;
    expect((await command(nobody, id, "kubectl get nodes", forged)).status).toBe(404);
  });
});

describe("exercise HTTP API: signing in keeps what an anonymous visitor did", () => {
  /** Runs the reference solution through the routes (anonymous when who is nobody). */
  async function solve(who: () => Promise<{ id: string } | null>, id: string, parameters: Record<string, string | number>, cookie?: string) {
    const p = params({ attemptId: id });
    for (const e of substitute(getExercise(EX)!.exercise.solution, parameters)) {
      if (typeof e === "string") expect((await command(who, id, e, cookie)).status).toBe(200);
      else if ("save" in e) {
        const r = await h.filePOST(req(`/api/attempts/${id}/files`, { body: { path: e.save, content: e.content }, ...(cookie ? { cookie } : {}) }), p, who);
        expect(r.status).toBe(200);
      }
    }
    expect((await h.advancePOST(req(`/api/attempts/${id}/advance`, { body: { untilIdle: true }, ...(cookie ? { cookie } : {}) }), p, who)).status).toBe(200);
  }

  it("the first request signed in saves the attempt (same id, log, gradings, hints, pass) and clears the cookie", async () => {
    const first = await start(nobody);
    const cookie = first.res.headers.get("set-cookie")!.split(";")[0];
    const id = first.body.attemptId;
    const p = params({ attemptId: id });
    const gradeAnon = async () => (await h.gradePOST(req(`/api/attempts/${id}/grade`, { body: {}, cookie }), p, nobody)).json();
    expect((await gradeAnon()).passed).toBe(false);
    expect((await h.hintPOST(req(`/api/attempts/${id}/hints`, { body: {}, cookie }), p, nobody)).status).toBe(200);
    const sid = h.readAnonCookie(decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1)))!;
    const rec = (await (await import("#lib/data/anon-attempts")).anonymousAttemptStore(sid).get(id))!;
    await solve(nobody, id, rec.parameters, cookie);
    expect((await gradeAnon()).passed).toBe(true);
    const anonView = await (await h.attemptGET(req(`/api/attempts/${id}`, { cookie }), p, nobody)).json();

    const a = await makeUser();
    const res = await h.attemptGET(req(`/api/attempts/${id}`, { cookie }), p, a.as);
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(/^kc_ex_anon=; Path=\/api; HttpOnly; SameSite=Lax; Max-Age=0/);
    const mine = await res.json();
    expect(mine.anonymous).toBe(false);
    expect(mine.history).toEqual(anonView.history);
    expect(mine.grades.map((g: { passed: boolean; score: number }) => [g.passed, g.score])).toEqual(anonView.grades.map((g: { passed: boolean; score: number }) => [g.passed, g.score]));
    expect(mine.hintsRevealed).toHaveLength(1);
    expect(mine.view).toEqual(anonView.view);
    const row = await prisma.exerciseAttempt.findUniqueOrThrow({ where: { id }, include: { commands: true, grades: true } });
    expect(row).toMatchObject({ userId: a.user.id, status: "PASSED", hintsUsed: 1 });
    expect(row.commands.map((c) => c.seq)).toEqual(row.commands.map((_, i) => i));
    expect(row.grades).toHaveLength(2);
    expect((await progress.getLessonExerciseProgress(a.user, "services")).passed).toContain(EX);

    // A restart (empty cache) rebuilds it from SQLite alone and grades it the same.
    service.clearSessionCache();
    expect(await (await h.gradePOST(req(`/api/attempts/${id}/grade`, { body: {} }), p, a.as)).json()).toMatchObject({ passed: true, score: 100 });

    // The memory copy is gone: the old cookie alone no longer reaches it, and replaying the cookie
    // signed in (as anyone) imports nothing more.
    expect((await command(nobody, id, "kubectl get nodes", cookie)).status).toBe(404);
    const b = await makeUser();
    expect((await h.attemptGET(req(`/api/attempts/${id}`, { cookie }), p, b.as)).status).toBe(404);
    expect(await prisma.exerciseAttempt.count({ where: { userId: b.user.id } })).toBe(0);
    expect(await prisma.attemptCommand.count({ where: { attemptId: id } })).toBe(row.commands.length);
  });

  it("every anonymous attempt of the visitor moves, whatever route comes first; a forged cookie moves nothing", async () => {
    const one = await start(nobody);
    const cookie = one.res.headers.get("set-cookie")!.split(";")[0];
    const two = await start(nobody, cookie);
    expect(two.res.headers.get("set-cookie")).toBeNull();
    expect((await command(nobody, two.body.attemptId, "kubectl create namespace moved", cookie)).status).toBe(200);

    const [name, value] = cookie.split("=");
    const forged = `${name}=${value.split(".")[0]}.${"A".repeat(43)}`;
    const c = await makeUser();
    const f = await h.latestAttemptGET(req(`/api/exercises/${EX}/attempts/latest`, { cookie: forged }), params({ exerciseId: EX }), c.as);
    expect(f.status).toBe(404);
    expect(f.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    expect(await prisma.exerciseAttempt.count({ where: { userId: c.user.id } })).toBe(0);

    const a = await makeUser();
    // two requests at once (two exercises on one lesson page): both see the moved attempts
    const [r1, r2] = await Promise.all([one, two].map((x) => h.attemptGET(req(`/api/attempts/${x.body.attemptId}`, { cookie }), params({ attemptId: x.body.attemptId }), a.as)));
    expect([r1.status, r2.status]).toEqual([200, 200]);
    const latest = await h.latestAttemptGET(req(`/api/exercises/${EX}/attempts/latest`, { cookie }), params({ exerciseId: EX }), a.as);
    expect(latest.status).toBe(200);
    const view = await latest.json();
    expect(view.attemptId).toBe(two.body.attemptId);
    expect(view.history).toEqual([{ line: "kubectl create namespace moved", exitCode: 0 }]);
    const ids = (await prisma.exerciseAttempt.findMany({ where: { userId: a.user.id }, select: { id: true } })).map((r) => r.id).sort();
    expect(ids).toEqual([one.body.attemptId, two.body.attemptId].sort());
    expect(await prisma.lessonProgress.count({ where: { userId: a.user.id } })).toBe(0);
  });
});

describe("exercise HTTP API: nothing secret before it is allowed", () => {
  it("start, view, commands, hints and failed gradings carry no check definitions or solution", async () => {
    const a = await makeUser();
    const s = await start(a.as);
    const id = s.body.attemptId;
    const p = params({ attemptId: id });
    const texts = [s.text];
    texts.push(await (await command(a.as, id, "kubectl get pods -A")).text());
    texts.push(await (await h.hintPOST(req(`/api/attempts/${id}/hints`, { body: { locale: "en" } }), p, a.as)).text());
    texts.push(await (await h.completeGET(req(`/api/attempts/${id}/complete?line=kubectl%20g`), p, a.as)).text());
    texts.push(await (await h.attemptGET(req(`/api/attempts/${id}`), p, a.as)).text());
    const locked = await h.solutionGET(req(`/api/attempts/${id}/solution`), p, a.as);
    expect(locked.status).toBe(403);
    texts.push(await locked.text());
    const parameters = (await prisma.exerciseAttempt.findUniqueOrThrow({ where: { id } })).parameters;
    const forbidden = secrets(JSON.parse(parameters));
    for (const t of texts) for (const f of forbidden) expect(t, f).not.toContain(f);

    // After grading: results only ({ id, title, passed, weight, explanation }), still no definitions.
    const g = await (await h.gradePOST(req(`/api/attempts/${id}/grade`, { body: { locale: "ko" } }), p, a.as)).json();
    expect(g.passed).toBe(false);
    for (const c of g.checks) expect(Object.keys(c).sort()).toEqual(expect.arrayContaining(["id", "passed", "title", "weight"]));
    for (const c of g.checks) for (const k of Object.keys(c)) expect(["id", "title", "passed", "weight", "explanation"]).toContain(k);
    expect(JSON.stringify(g)).not.toContain("bodyContains");
  });
});

describe("exercise HTTP API: a full attempt", () => {
  it("runs commands, saves files, grades, unlocks the solution after 3 failures, passes, marks the lesson", async () => {
    const a = await makeUser();
    const s = await start(a.as);
    const id = s.body.attemptId;
    const p = params({ attemptId: id });
    for (let i = 0; i < 3; i++) {
      const g = await h.gradePOST(req(`/api/attempts/${id}/grade`, { body: {} }), p, a.as);
      expect((await g.json()).passed).toBe(false);
    }
    const sol = await h.solutionGET(req(`/api/attempts/${id}/solution`), p, a.as);
    expect(sol.status).toBe(200);
    const { commands } = (await sol.json()) as { commands: string[] };
    expect(commands.length).toBeGreaterThan(1);
    expect((await prisma.exerciseAttempt.findUniqueOrThrow({ where: { id } })).solutionRevealedAt).not.toBeNull();

    const parameters = JSON.parse((await prisma.exerciseAttempt.findUniqueOrThrow({ where: { id } })).parameters);
    const ex = getExercise(EX)!.exercise;
    for (const e of substitute(ex.solution, parameters)) {
      if (typeof e === "string") {
        const r = await command(a.as, id, e);
        expect(r.status).toBe(200);
        expect((await r.json()).exitCode).toBe(0);
      } else if ("save" in e) {
        const r = await h.filePOST(req(`/api/attempts/${id}/files`, { body: { path: e.save, content: e.content } }), p, a.as);
        expect(await r.json()).toMatchObject({ ok: true });
      }
    }
    const adv = await h.advancePOST(req(`/api/attempts/${id}/advance`, { body: { untilIdle: true } }), p, a.as);
    expect(adv.status).toBe(200);

    // A restart (empty cache) rebuilds the same state from SQLite and grades the same.
    service.clearSessionCache();
    const g = await (await h.gradePOST(req(`/api/attempts/${id}/grade`, { body: { locale: "en" } }), p, a.as)).json();
    expect(g).toMatchObject({ passed: true, score: 100 });
    const view = await (await h.attemptGET(req(`/api/attempts/${id}`), p, a.as)).json();
    expect(view.grades).toHaveLength(4);
    expect(view.solutionAvailable).toBe(true);
    expect(view.files.map((f: { path: string }) => f.path)).toContain("/root/svc.yaml");
    expect(view.view.services.some((x: { name: string; endpoints: string[] }) => x.name === parameters.svc && x.endpoints.length > 0)).toBe(true);

    const row = await prisma.exerciseAttempt.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("PASSED");
    const lp = await prisma.lessonProgress.findUniqueOrThrow({ where: { userId_lessonSlug: { userId: a.user.id, lessonSlug: "services" } } });
    expect(JSON.parse(lp.passedExercises)).toContain(EX);
    const lesson = await progress.getLessonExerciseProgress(a.user, "services");
    expect(lesson.passed).toContain(EX);
    expect(lesson.complete).toBe(lesson.required.every((x) => lesson.passed.includes(x)));
    expect(await progress.getLessonExerciseProgress(a.user, "no-such-lesson")).toEqual({ required: [], passed: [], complete: true });
  });

  it("sameParameters reuses the previous seed; a new attempt otherwise draws a new one", async () => {
    const a = await makeUser();
    const s1 = await start(a.as);
    const s2 = await h.startAttemptPOST(req(`/api/exercises/${EX}/attempts`, { body: { locale: "en", sameParameters: true } }), params({ exerciseId: EX }), a.as);
    const b2 = await s2.json();
    const rows = await prisma.exerciseAttempt.findMany({ where: { id: { in: [s1.body.attemptId, b2.attemptId] } } });
    expect(new Set(rows.map((r) => r.seed)).size).toBe(1);
    expect(b2.taskMarkdown).toBe(s1.body.taskMarkdown);
  });
});

describe("exercise HTTP API: several servers, editor", () => {
  it("an entry appended by another server instance is replayed before the next command (no lost or doubled entries)", async () => {
    const a = await makeUser();
    const id = (await start(a.as)).body.attemptId;
    const p = params({ attemptId: id });
    expect((await command(a.as, id, "kubectl create namespace one")).status).toBe(200);
    // "another server" appends seq 1 behind this process's back
    const { encodeEntry } = await import("./store");
    await prisma.attemptCommand.create({ data: { attemptId: id, seq: 1, exitCode: 0, ...encodeEntry({ kind: "run", line: "kubectl create namespace two" }) } });
    const r = await command(a.as, id, "kubectl get ns two -o name");
    expect(r.status).toBe(200);
    expect((await r.json()).stdout).toBe("namespace/two\n");
    const rows = await prisma.attemptCommand.findMany({ where: { attemptId: id }, orderBy: { seq: "asc" }, select: { seq: true } });
    expect(rows.map((x) => x.seq)).toEqual([0, 1, 2]);
    const view = await (await h.attemptGET(req(`/api/attempts/${id}`), p, a.as)).json();
    expect(view.history.map((x: { line: string }) => x.line)).toEqual(["kubectl create namespace one", "kubectl create namespace two", "kubectl get ns two -o name"]);
  });

  it("a rebuild starts from the stored checkpoint and replays only the entries after it", async () => {
    const a = await makeUser();
    const id = (await start(a.as)).body.attemptId;
    const p = params({ attemptId: id });
    let i = 0;
    // expensive entries until the server stores a checkpoint
    await vi.waitFor(
      async () => {
        expect((await command(a.as, id, `kubectl create deployment d${i++} --image=nginx:1.27 --replicas=3`)).status).toBe(200);
        expect(await prisma.attemptCheckpoint.count({ where: { attemptId: id } })).toBe(1);
      },
      { timeout: 60_000, interval: 1 },
    );
    const cp = await prisma.attemptCheckpoint.findUniqueOrThrow({ where: { attemptId: id } });
    expect(cp.seq).toBeGreaterThan(4);
    await command(a.as, id, "kubectl create namespace after-checkpoint");
    const before = await (await h.attemptGET(req(`/api/attempts/${id}`), p, a.as)).json();

    // Tamper with an entry the checkpoint covers: a rebuild from the checkpoint does not re-run it.
    await prisma.attemptCommand.update({ where: { attemptId_seq: { attemptId: id, seq: 0 } }, data: { payload: JSON.stringify({ line: "kubectl create namespace tampered" }) } });
    service.clearSessionCache();
    const after = await (await h.attemptGET(req(`/api/attempts/${id}`), p, a.as)).json();
    expect(after.view).toEqual(before.view);
    const ns = await (await command(a.as, id, "kubectl get ns -o name")).json();
    expect(ns.stdout).toContain("namespace/after-checkpoint");
    expect(ns.stdout).not.toContain("tampered");
  });

  it("kubectl edit opens the editor; saving the file applies it, discarding leaves the object as it was", async () => {
    const a = await makeUser();
    const id = (await start(a.as)).body.attemptId;
    const p = params({ attemptId: id });
    await command(a.as, id, "kubectl create deployment ed --image=nginx:1.27");
    const opened = await (await command(a.as, id, "kubectl edit deployment ed")).json();
    expect(opened.editor).toMatchObject({ reason: "kubectl-edit" });
    const edited = String(opened.editor.content).replace(/replicas: 1/, "replicas: 2");
    const saved = await (await h.filePOST(req(`/api/attempts/${id}/files`, { body: { path: opened.editor.path, content: edited } }), p, a.as)).json();
    expect(saved.ok).toBe(true);
    const got = await (await command(a.as, id, "kubectl get deployment ed -o jsonpath={.spec.replicas}")).json();
    expect(got.stdout).toBe("2");

    const again = await (await command(a.as, id, "kubectl edit deployment ed")).json();
    const discarded = await h.filePOST(req(`/api/attempts/${id}/files`, { body: { path: again.editor.path, discard: true } }), p, a.as);
    expect(discarded.status).toBe(200);
    const still = await (await command(a.as, id, "kubectl get deployment ed -o jsonpath={.spec.replicas}")).json();
    expect(still.stdout).toBe("2");

    const bad = await (await h.filePOST(req(`/api/attempts/${id}/files`, { body: { path: "broken.yaml", content: "a: [1, 2\nb: c" } }), p, a.as)).json();
    expect(bad.ok).toBe(false);
    expect(bad.errors[0]).toMatchObject({ line: expect.any(Number), message: expect.any(String) });
  });
});

describe("exercise HTTP API: input limits", () => {
  it("rejects bad input, oversize input, unknown exercises and cuts slow simulations with 504 without recording", async () => {
    const a = await makeUser();
    const id = (await start(a.as)).body.attemptId;
    const p = params({ attemptId: id });
    expect((await command(a.as, id, "x".repeat(h.MAX_LINE_BYTES + 1))).status).toBe(413);
    expect((await h.commandPOST(req(`/api/attempts/${id}/commands`, { rawBody: "{not json" }), p, a.as)).status).toBe(400);
    expect((await h.commandPOST(req(`/api/attempts/${id}/commands`, { body: { line: 5 } }), p, a.as)).status).toBe(400);
    const form = new Request(`http://localhost/api/attempts/${id}/commands`, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ line: "kubectl get pods" }) });
    expect((await h.commandPOST(form, p, a.as)).status).toBe(400);
    expect((await h.advancePOST(req(`/api/attempts/${id}/advance`, { body: { seconds: 601 } }), p, a.as)).status).toBe(400);
    expect((await h.filePOST(req(`/api/attempts/${id}/files`, { body: { path: "big.yaml", content: "x".repeat(256 * 1024 + 1) } }), p, a.as)).status).toBe(413);
    expect((await h.startAttemptPOST(req(`/api/exercises/nope/attempts`, { body: {} }), params({ exerciseId: "nope" }), a.as)).status).toBe(404);
    const bad = await h.startAttemptPOST(req(`/api/exercises/${EX}/attempts`, { body: { sameParameters: "yes" } }), params({ exerciseId: EX }), a.as);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("badInput");

    process.env.EXERCISE_SIM_BUDGET_MS = "0.000001";
    try {
      const r = await command(a.as, id, "sleep 600", "NEXT_LOCALE=en");
      expect(r.status).toBe(504);
      expect((await r.json()).error).toMatchObject({ code: "simulationTimeout", message: expect.stringContaining("was not applied") });
    } finally {
      delete process.env.EXERCISE_SIM_BUDGET_MS;
    }
    expect(await prisma.attemptCommand.count({ where: { attemptId: id } })).toBe(0);
    const view = await (await h.attemptGET(req(`/api/attempts/${id}`), p, a.as)).json();
    expect(view.history).toEqual([]);
  });

  it("limits how many anonymous sessions one address can start", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const r = new Request(`http://localhost/api/exercises/${EX}/attempts`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.7" }, body: "{}" });
      statuses.push((await h.startAttemptPOST(r, params({ exerciseId: EX }), nobody)).status);
    }
    expect(statuses.slice(0, 30)).toEqual(statuses.slice(0, 30).map(() => 201));
    expect(statuses.at(-1)).toBe(429);
  });

  it("rate-limits one actor without affecting another", async () => {
    const a = await makeUser();
    const b = await makeUser();
    const id = (await start(a.as)).body.attemptId;
    const p = params({ attemptId: id });
    const statuses: number[] = [];
    for (let i = 0; i < 110; i++) statuses.push((await h.completeGET(req(`/api/attempts/${id}/complete?line=k`), p, a.as)).status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(50);
    expect(statuses.at(-1)).toBe(429);
    const idB = (await start(b.as)).body.attemptId;
    expect((await h.completeGET(req(`/api/attempts/${idB}/complete?line=kubectl%20get%20`), params({ attemptId: idB }), b.as)).status).toBe(200);
  });
});

describe("exercise HTTP API: one line limit, errors in the page's language", () => {
  const post = (path: string, body: unknown) => req(path, { body, cookie: "NEXT_LOCALE=ko" });

  it("accepts a line of exactly the limit in UTF-8 bytes, however JSON escapes it, and refuses one byte more", async () => {
    const a = await makeUser();
    const id = (await start(a.as)).body.attemptId;
    const p = params({ attemptId: id });
    // "echo " + Hangul (3 bytes each) + control characters (6 bytes each in JSON, \u0001) up to the limit.
    const hangul = "가".repeat(2000);
    const fill = h.MAX_LINE_BYTES - 5 - 6000;
    const exact = `echo ${hangul}${"\u0001".repeat(fill)}`;
    expect(Buffer.byteLength(exact)).toBe(h.MAX_LINE_BYTES);
    expect(JSON.stringify({ line: exact }).length).toBeGreaterThan(h.MAX_LINE_BYTES * 2);
    const ok = await h.commandPOST(post(`/api/attempts/${id}/commands`, { line: exact, locale: "en" }), p, a.as);
    expect(ok.status).toBe(200);
    expect((await ok.json()).exitCode).toBe(0);
    const over = await h.commandPOST(post(`/api/attempts/${id}/commands`, { line: `${exact}x`, locale: "en" }), p, a.as);
    expect(over.status).toBe(413);
    expect((await over.json()).error).toEqual({ code: "tooLarge", message: `The input is too large (at most ${h.MAX_LINE_BYTES / 1024} KiB).` });
  });

  it("answers in the page's language (the query's locale) even before the body is read", async () => {
    const a = await makeUser();
    const id = (await start(a.as)).body.attemptId;
    const p = params({ attemptId: id });
    // A 200 KB paste: refused by size before its JSON (and the locale in it) is read; the NEXT_LOCALE cookie says ko.
    const paste = { line: "x".repeat(200 * 1024), locale: "en" };
    const en = await (await h.commandPOST(post(`/api/attempts/${id}/commands?locale=en`, paste), p, a.as)).json();
    expect(en.error.message).toMatch(/^The input is too large/);
    const ko = await (await h.commandPOST(post(`/api/attempts/${id}/commands?locale=ko`, paste), p, a.as)).json();
    expect(ko.error.message).not.toMatch(/[A-Za-z]{5}/);
    const big = { path: "big.yaml", content: "x".repeat(300 * 1024), locale: "en" };
    expect((await (await h.filePOST(post(`/api/attempts/${id}/files?locale=en`, big), p, a.as)).json()).error.message).toMatch(/^The input is too large \(at most 256 KiB\)/);
    // An unknown attempt and a bad body, each with the locale only in the query.
    const gone = await h.commandPOST(post(`/api/attempts/nope/commands?locale=en`, { line: "ls" }), params({ attemptId: "nope" }), a.as);
    expect((await gone.json()).error.message).toBe("No such exercise or attempt.");
    const bad = await h.advancePOST(post(`/api/attempts/${id}/advance?locale=en`, { seconds: 0 }), p, a.as);
    expect((await bad.json()).error.message).toBe("The request is not valid.");
  });
});

describe("exercise HTTP API: transcript", () => {
  it("replays the owner's scrollback with every output, and is 404 for anyone else", async () => {
    const a = await makeUser();
    const b = await makeUser();
    const id = (await start(a.as)).body.attemptId;
    const p = params({ attemptId: id });
    await command(a.as, id, "kubectl create namespace shown-again");
    await command(a.as, id, "kubectl get namespace shown-again");
    await service.clearSessionCache();
    const res = await h.transcriptGET(req(`/api/attempts/${id}/transcript`), p, a.as);
    expect(res.status).toBe(200);
    const t = await res.json();
    expect(t).toMatchObject({ complete: true, omitted: 0 });
    expect(t.entries.map((e: { line: string }) => e.line)).toEqual(["kubectl create namespace shown-again", "kubectl get namespace shown-again"]);
    expect(t.entries[0].output).toBe("namespace/shown-again created\n");
    expect(t.entries[1].output).toMatch(/^NAME\s+STATUS\s+AGE\nshown-again\s+Active/);
    expect((await h.transcriptGET(req(`/api/attempts/${id}/transcript?locale=en`), p, b.as)).status).toBe(404);
    expect((await h.transcriptGET(req(`/api/attempts/${id}/transcript`), p, nobody)).status).toBe(404);
  });
});

describe("exercise HTTP API: editor saves say what happened", () => {
  it("a vi save with YAML errors is written (saved: true, not ok); a refused kubectl edit is not applied (saved: false)", async () => {
    const a = await makeUser();
    const id = (await start(a.as)).body.attemptId;
    const p = params({ attemptId: id });
    const broken = await (await h.filePOST(req(`/api/attempts/${id}/files`, { body: { path: "broken.yaml", content: "a: [1, 2\nb: c" } }), p, a.as)).json();
    expect(broken).toMatchObject({ ok: false, saved: true });
    expect((await (await command(a.as, id, "cat broken.yaml")).json()).stdout).toBe("a: [1, 2\nb: c");
    const fine = await (await h.filePOST(req(`/api/attempts/${id}/files`, { body: { path: "fine.yaml", content: "a: 1\n" } }), p, a.as)).json();
    expect(fine).toMatchObject({ ok: true, saved: true });

    await command(a.as, id, "kubectl create deployment ed --image=nginx:1.27");
    const opened = await (await command(a.as, id, "kubectl edit deployment ed")).json();
    const wrong = String(opened.editor.content).replace(/replicas: 1/, "replicas: many");
    const refused = await (await h.filePOST(req(`/api/attempts/${id}/files`, { body: { path: opened.editor.path, content: wrong } }), p, a.as)).json();
    expect(refused).toMatchObject({ ok: false, saved: false });
    expect((await (await command(a.as, id, "kubectl get deployment ed -o jsonpath={.spec.replicas}")).json()).stdout).toBe("1");
  });
});
