// HTTP-level: the exam API on a real SQLite file with crafted Requests: nothing of the checks, hints or solutions
// before the exam ends; the server's deadline refuses commands and grades; resume after a restart; ownership.
import { afterAll, describe, expect, it } from "vitest";
import { createTempDatabase } from "#lib/test/db";

process.env.NEXTAUTH_SECRET ??= "exam-test-secret-0123456789abcdef";
const tmp = createTempDatabase();
const h = await import("./handlers");
const users = await import("#lib/data/users");
const { prisma } = await import("#lib/db");
const { examContent } = await import("#lib/exam/loader");
const { clearExamCache } = await import("#lib/exam/service");
const { substitute } = await import("#lib/exercise/params");
const { backgroundIdle } = await import("#lib/background");

afterAll(async () => {
  await backgroundIdle();
  await prisma.$disconnect();
  tmp.cleanup();
});

let n = 0;
async function user() {
  const r = await users.createUser({ email: `ex${++n}@example.test`, name: "E", passwordHash: "x", locale: "en" });
  if (!r.ok) throw new Error("setup");
  return { id: r.user.id };
}
const as = (u: { id: string } | null) => async () => u;
function post(path: string, body: unknown, init: { origin?: string } = {}) {
  const headers: Record<string, string> = { host: "localhost:3000", "content-type": "application/json" };
  if (init.origin) headers.origin = init.origin;
  return new Request(`http://localhost:3000${path}`, { method: "POST", headers, body: JSON.stringify(body) });
}
const get = (path: string) => new Request(`http://localhost:3000${path}`, { headers: { host: "localhost:3000" } });
const ctx = (examId: string) => ({ params: Promise.resolve({ examId }) });
type View = { id: string; deadline: string | null; open: boolean; graded: boolean; currentContext: string; tasks: { taskId: string; context: string; points: number; flagged: boolean; answered: boolean; markdown: string }[]; files: { path: string }[]; notes: string };

const T0 = new Date("2026-12-07T09:00:00Z");
const at = (ms: number) => () => new Date(T0.getTime() + ms);
const MIN = 60_000;

async function start(u: { id: string }, body: Record<string, unknown> = { mode: "timed", namedId: "named-a", locale: "en" }) {
  const res = await h.startExamPOST(post("/api/exams", body), as(u), at(0));
  expect(res.status).toBe(201);
  return (await res.json()) as View;
}

/** Every check id, hint and reference-solution line of the exam's tasks, with its parameters filled in. */
function secrets(view: View): string[] {
  const out: string[] = [];
  for (const t of view.tasks) {
    const task = examContent().tasks.get(t.taskId)!;
    for (const c of task.checks) out.push(`"id":"${c.id}"`);
    for (const hh of task.hints) out.push(hh.en, hh.ko);
    for (const s of task.solution) if (typeof s === "string" && s.length > 25) out.push(s);
  }
  return out.filter((s) => !s.includes("{{")).map((s) => substitute(s, {}));
}

describe("exam API", { timeout: 60_000 }, () => {
  it("starts a timed named exam: 17 tasks, a server deadline 2 h ahead, no checks, hints or solutions in any response (view, command, scrollback, completion)", async () => {
    const u = await user();
    const v = await start(u);
    expect(v.tasks).toHaveLength(17);
    expect(v.deadline).toBe(new Date(T0.getTime() + 120 * MIN).toISOString());
    expect(v.tasks.reduce((a, t) => a + t.points, 0)).toBe(100);
    expect(new Set(v.tasks.map((t) => t.context)).size).toBeGreaterThanOrEqual(4);
    const bodies = [JSON.stringify(v)];
    const cmd = await h.examCommandPOST(post(`/api/exams/${v.id}/commands`, { line: "kubectl config get-contexts", task: 0 }), ctx(v.id), as(u), at(MIN));
    expect(cmd.status).toBe(200);
    bodies.push(await cmd.text());
    bodies.push(await (await h.examGET(get(`/api/exams/${v.id}?locale=en`), ctx(v.id), as(u), at(2 * MIN))).text());
    const transcript = await h.examTranscriptGET(get(`/api/exams/${v.id}/transcript`), ctx(v.id), as(u), at(2 * MIN));
    expect(transcript.status).toBe(200);
    bodies.push(await transcript.text());
    bodies.push(await (await h.examCompleteGET(get(`/api/exams/${v.id}/complete?line=kubectl%20get%20`), ctx(v.id), as(u), at(2 * MIN))).text());
    const leaks = secrets(v).filter((s) => bodies.some((b) => b.includes(s)));
    expect(leaks).toEqual([]);
    // checks and hints are refused in a timed exam, the result before its end
    for (const res of [
      await h.examCheckPOST(post(`/api/exams/${v.id}/check`, { task: 0, locale: "en" }), ctx(v.id), as(u), at(MIN)),
      await h.examHintsPOST(post(`/api/exams/${v.id}/hints`, { task: 0, locale: "en" }), ctx(v.id), as(u), at(MIN)),
      await h.examResultGET(get(`/api/exams/${v.id}/result?locale=en`), ctx(v.id), as(u), at(MIN)),
    ]) {
      expect([403, 409]).toContain(res.status);
      const text = await res.text();
      expect(secrets(v).filter((s) => text.includes(s))).toEqual([]);
    }
  });

  it("refuses commands at the deadline in the page's language, records nothing, and grades the exam when next touched", async () => {
    const u = await user();
    const v = await start(u);
    const ok = await h.examCommandPOST(post(`/api/exams/${v.id}/commands`, { line: "kubectl config use-context k8s-b", task: 3 }), ctx(v.id), as(u), at(120 * MIN - 1));
    expect(ok.status).toBe(200);
    const late = await h.examCommandPOST(post(`/api/exams/${v.id}/commands`, { line: "kubectl get pods", task: 3, locale: "ko" }), ctx(v.id), as(u), at(120 * MIN));
    expect(late.status).toBe(409);
    const err = (await late.json()).error;
    expect(err.code).toBe("examOver");
    expect(err.message).toContain("시험이 끝났습니다");
    const lateEn = await h.examCommandPOST(post(`/api/exams/${v.id}/commands`, { line: "kubectl get pods", task: 3, locale: "en" }), ctx(v.id), as(u), at(121 * MIN));
    expect((await lateEn.json()).error.message).toContain("The exam has ended");
    expect(await prisma.examCommand.count({ where: { sessionId: v.id } })).toBe(1);
    const row = await prisma.examSession.findUniqueOrThrow({ where: { id: v.id } });
    expect(row.gradedAt).not.toBeNull();
    expect(await prisma.examTaskGrade.count({ where: { sessionId: v.id } })).toBe(17);
    expect(await prisma.examCheckGrade.count({ where: { sessionId: v.id } })).toBeGreaterThan(17);
    const meta = await h.examMetaPOST(post(`/api/exams/${v.id}/meta`, { notes: "late", locale: "en" }), ctx(v.id), as(u), at(121 * MIN));
    expect(meta.status).toBe(409);
  });

  it("an exam nobody touches after its deadline is graded by the sweep of another learner's request", async () => {
    const a = await user();
    const b = await user();
    const v = await start(a);
    (globalThis as { __kubeclassExamSweep?: number }).__kubeclassExamSweep = 0;
    await h.examGET(get(`/api/exams/nope`), ctx("nope"), as(b), at(200 * MIN));
    await expect.poll(async () => (await prisma.examSession.findUniqueOrThrow({ where: { id: v.id } })).gradedAt, { timeout: 20_000 }).not.toBeNull();
  });

  it("a submitted exam's result has every check with its explanation and the reference solutions; wrong-context work is named", async () => {
    const u = await user();
    const v = await start(u);
    const i = v.tasks.findIndex((t) => t.taskId === "rbac-pod-reader");
    const other = v.tasks.find((t) => t.context !== v.tasks[i].context)!.context;
    const task = examContent().tasks.get("rbac-pod-reader")!;
    const run = (line: string, ms: number) => h.examCommandPOST(post(`/api/exams/${v.id}/commands`, { line, task: i }), ctx(v.id), as(u), at(ms));
    // find the parameters through the task text, then do the work in the wrong context
    const ns = /namespace `([^`]+)`/.exec(v.tasks[i].markdown)![1];
    const userName = /user `([^`]+)`/.exec(v.tasks[i].markdown)![1];
    expect((await run(`kubectl config use-context ${other}`, MIN)).status).toBe(200);
    expect((await run(`kubectl create namespace ${ns}`, MIN)).status).toBe(200);
    expect((await run(`kubectl create role pod-reader -n ${ns} --verb=get,list,watch --resource=pods`, MIN)).status).toBe(200);
    expect((await run(`kubectl create rolebinding ${userName}-pod-reader -n ${ns} --role=pod-reader --user=${userName}`, MIN)).status).toBe(200);
    const sub = await h.examSubmitPOST(post(`/api/exams/${v.id}/submit`, { locale: "en" }), ctx(v.id), as(u), at(10 * MIN));
    expect(await sub.json()).toEqual({ ok: true, graded: true });
    const res = await h.examResultGET(get(`/api/exams/${v.id}/result?locale=en`), ctx(v.id), as(u), at(11 * MIN));
    expect(res.status).toBe(200);
    const r = (await res.json()) as { summary: { percent: number; passed: boolean; domains: unknown[] }; tasks: { taskId: string; earned: number; seconds: number; checks: { passed: boolean; explanation?: string; foundIn?: string }[]; solution: string[]; commands: { line: string; context: string }[] }[] };
    expect(r.summary.passed).toBe(false);
    expect(r.summary.domains).toHaveLength(5);
    const t = r.tasks.find((x) => x.taskId === "rbac-pod-reader")!;
    expect(t.checks.some((c) => c.foundIn === other && /asked for k8s-d/.test(c.explanation ?? ""))).toBe(true);
    expect(t.solution.length).toBe(task.solution.length);
    expect(t.commands.map((c) => c.context)).toEqual([v.tasks[0].context, other, other, other]);
    // its four commands came one minute after the start: that minute is the time spent on it
    expect(r.tasks.map((x) => x.seconds)).toEqual(r.tasks.map((x) => (x.taskId === "rbac-pod-reader" ? 60 : 0)));
    for (const x of r.tasks) for (const c of x.checks) if (!c.passed) expect(c.explanation, x.taskId).toBeTruthy();
    // missed checks of linked tasks are in the review queue
    expect(await prisma.reviewCard.count({ where: { userId: u.id, kind: "check" } })).toBeGreaterThan(0);
  });

  it("resumes after a server restart: same contexts, files, flags and notes", async () => {
    const u = await user();
    const v = await start(u);
    const run = (line: string, task = 1) => h.examCommandPOST(post(`/api/exams/${v.id}/commands`, { line, task }), ctx(v.id), as(u), at(MIN));
    await run("kubectl config use-context k8s-e");
    await run("echo hello > notes.txt");
    await h.examFilePOST(post(`/api/exams/${v.id}/files`, { path: "pod.yaml", content: "kind: Pod\n", task: 1 }), ctx(v.id), as(u), at(MIN));
    await h.examMetaPOST(post(`/api/exams/${v.id}/meta`, { flags: [v.tasks[2].taskId], notes: "check task 3", locale: "en" }), ctx(v.id), as(u), at(MIN));
    const before = (await (await h.examGET(get(`/api/exams/${v.id}`), ctx(v.id), as(u), at(2 * MIN))).json()) as View;
    await clearExamCache();
    const after = (await (await h.examGET(get(`/api/exams/${v.id}`), ctx(v.id), as(u), at(2 * MIN))).json()) as View;
    expect(after).toEqual(before);
    expect(after.currentContext).toBe("k8s-e");
    expect(after.files.map((f) => f.path)).toEqual(expect.arrayContaining(["/root/notes.txt", "/root/pod.yaml"]));
    expect(after.tasks[2].flagged).toBe(true);
    expect(after.tasks[1].answered).toBe(true);
    expect(after.tasks[5].answered).toBe(false);
    expect(after.notes).toBe("check task 3");
  });

  it("an exam's log is capped: the entry past EXAM_MAX_ENTRIES is refused (413, localized) and not recorded", async () => {
    const u = await user();
    const v = await start(u, { mode: "practice", namedId: "named-b", locale: "en" });
    process.env.EXAM_MAX_ENTRIES = "2";
    try {
      for (const line of ["pwd", "ls"]) expect((await h.examCommandPOST(post(`/api/exams/${v.id}/commands`, { line, task: 0 }), ctx(v.id), as(u), at(MIN))).status).toBe(200);
      const full = await h.examCommandPOST(post(`/api/exams/${v.id}/commands`, { line: "whoami", task: 0, locale: "ko" }), ctx(v.id), as(u), at(MIN));
      expect(full.status).toBe(413);
      expect((await full.json()).error).toMatchObject({ code: "logFull", message: expect.stringContaining("2개") });
    } finally {
      delete process.env.EXAM_MAX_ENTRIES;
    }
    expect(await prisma.examCommand.count({ where: { sessionId: v.id } })).toBe(2);
  });

  it("practice mode: no deadline, checks and hints on demand", async () => {
    const u = await user();
    const v = await start(u, { mode: "practice", locale: "en" });
    expect(v.deadline).toBeNull();
    expect(v.tasks).toHaveLength(17);
    const c = await h.examCheckPOST(post(`/api/exams/${v.id}/check`, { task: 0, locale: "en" }), ctx(v.id), as(u), at(500 * MIN));
    expect(c.status).toBe(200);
    const body = (await c.json()) as { earned: number; checks: { passed: boolean; explanation?: string }[] };
    expect(body.checks.some((x) => !x.passed && x.explanation)).toBe(true);
    const hi = await h.examHintsPOST(post(`/api/exams/${v.id}/hints`, { task: 0, locale: "en" }), ctx(v.id), as(u), at(500 * MIN));
    expect(((await hi.json()) as { hints: string[] }).hints.length).toBeGreaterThan(0);
  });

  it("another learner's exam is 404; signed out is 401; a cross-site post is 403; an unknown named exam is 404", async () => {
    const a = await user();
    const b = await user();
    const v = await start(a);
    expect((await h.examGET(get(`/api/exams/${v.id}`), ctx(v.id), as(b), at(MIN))).status).toBe(404);
    expect((await h.examCommandPOST(post(`/api/exams/${v.id}/commands`, { line: "ls", task: 0 }), ctx(v.id), as(b), at(MIN))).status).toBe(404);
    expect((await h.examGET(get(`/api/exams/${v.id}`), ctx(v.id), as(null), at(MIN))).status).toBe(401);
    expect((await h.examCommandPOST(post(`/api/exams/${v.id}/commands`, { line: "ls", task: 0 }, { origin: "https://evil.test" }), ctx(v.id), as(a), at(MIN))).status).toBe(403);
    expect((await h.startExamPOST(post("/api/exams", { mode: "timed", namedId: "named-z" }), as(a), at(0))).status).toBe(404);
    expect((await h.examCommandPOST(post(`/api/exams/${v.id}/commands`, { line: "ls", task: 99 }), ctx(v.id), as(a), at(MIN))).status).toBe(400);
  });
});
