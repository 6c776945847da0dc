import { describe, expect, it, vi } from "vitest";
import { openTestDatabase } from "#lib/test/db-fixture";
import { matrixActors, runAccessMatrix, type Actor } from "#lib/test/access-matrix";

const { prisma, makeUser } = await openTestDatabase("xr");
// Each test writes a few dozen rows on a throw-away SQLite file; on a loaded machine that can take more than 5 s.
vi.setConfig({ testTimeout: 60_000 });
const session = vi.hoisted(() => ({ user: null as { id: string; role: string } | null }));
vi.mock("#lib/auth/session", () => ({ getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
const cohorts = await import("./cohorts");
const tc = await import("./teach-cohorts");
const teach = await import("./teach");
const te = await import("./teach-export");
const xr = await import("./exam-results");
const handlers = await import("#app/api/_teach/handlers");
const actions = await import("#app/[locale]/teach/[cohortId]/actions");

const MIN = 60_000;
const NOW = new Date("2026-12-07T12:00:00Z");
const ago = (m: number) => new Date(NOW.getTime() - m * MIN);

type CheckSpec = { id: string; passed: boolean; explanation?: string; foundIn?: string };
type TaskSpec = { taskId: string; points: number; earned: number; checks?: CheckSpec[] };
type ExamSpec = { mode?: "timed" | "practice"; startedAt?: Date; deadline?: Date | null; graded?: boolean; submitted?: boolean; score?: number; tasks?: TaskSpec[]; commands?: { task: number; at: Date }[] };

/** An exam session stored as lib/data/exams.ts stores one (graded: with its task and check grades). */
async function exam(userId: string, s: ExamSpec = {}) {
  const tasks = s.tasks ?? [{ taskId: "crashloop-bad-command", points: 6, earned: 6 }];
  const startedAt = s.startedAt ?? ago(30);
  const mode = s.mode ?? "timed";
  const score = s.score ?? tasks.reduce((a, t) => a + t.earned, 0);
  const e = await prisma.examSession.create({
    data: {
      userId, blueprintId: "cka", mode, seed: 1, tasks: JSON.stringify(tasks.map((t) => ({ taskId: t.taskId, seed: 1, points: t.points }))), startedAt,
      deadline: s.deadline !== undefined ? s.deadline : mode === "timed" ? new Date(startedAt.getTime() + 120 * MIN) : null,
      submittedAt: s.submitted || s.graded ? startedAt : null,
      ...(s.graded ? { gradedAt: startedAt, score, passed: score >= 66 } : {}),
    },
    select: { id: true },
  });
  if (s.graded) {
    await prisma.examTaskGrade.createMany({ data: tasks.map((t, position) => ({ sessionId: e.id, taskId: t.taskId, position, context: "k8s-a", points: t.points, earned: t.earned })) });
    await prisma.examCheckGrade.createMany({
      data: tasks.flatMap((t) => (t.checks ?? []).map((c) => ({
        sessionId: e.id, taskId: t.taskId, checkId: c.id, passed: c.passed, weight: 1,
        explanation: c.explanation ? JSON.stringify({ ko: `ko: ${c.explanation}`, en: c.explanation }) : null, foundIn: c.foundIn ?? null,
      }))),
    });
  }
  for (const [seq, c] of (s.commands ?? []).entries()) {
    await prisma.examCommand.create({ data: { sessionId: e.id, seq, context: "k8s-a", task: c.task, kind: "run", payload: JSON.stringify({ kind: "run", line: "ls" }), exitCode: 0, createdAt: c.at } });
  }
  return e.id;
}

/** A cohort with its instructor, a learner in it, another cohort's instructor (and its learner), a learner outside, an admin. */
async function world() {
  const instructor = await makeUser("INSTRUCTOR", "Teacher");
  const other = await makeUser("INSTRUCTOR", "Other teacher");
  const admin = await makeUser("ADMIN", "Admin");
  const member = await makeUser("LEARNER", "Member");
  const outsider = await makeUser("LEARNER", "Outsider");
  const c = await cohorts.createCohort(instructor, { name: "Exam cohort" });
  const c2 = await cohorts.createCohort(other, { name: "Other cohort" });
  await cohorts.joinCohortByCode(member, c.joinCode);
  await cohorts.joinCohortByCode(outsider, c2.joinCode);
  return { instructor, other, admin, member, outsider, cohortId: c.id, otherCohortId: c2.id };
}
const asActor = (u: { id: string; role: "LEARNER" | "INSTRUCTOR" | "ADMIN" } | null) => (u ? { id: u.id, role: u.role } : null);
const req = (path: string) => new Request(`http://localhost${path}`);
const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

describe("exam results: authorisation matrix (anonymous, learner, another cohort's instructor, instructor, admin)", () => {
  it("every new reader, the export, the route and the extra-time action and server action answer only the cohort's instructors and admins", { timeout: 60_000 }, async () => {
    const w = await world();
    await exam(w.member.id, { graded: true, startedAt: ago(300) });
    const live = await exam(w.member.id, { startedAt: ago(10) });
    const probes: Record<string, (a: Actor) => Promise<boolean>> = {
      getCohortExamResults: async (a) => (await xr.getCohortExamResults(a, w.cohortId, "en")) !== null,
      getExamTaskHeatmap: async (a) => (await teach.getExamTaskHeatmap(a, w.cohortId, "en")) !== null,
      listLiveExams: async (a) => (await xr.listLiveExams(a, w.cohortId, "en")) !== null,
      listLearnerExams: async (a) => (await xr.listLearnerExams(a, w.cohortId, w.member.id, "en")) !== null,
      extendCohortExam: async (a) => (await tc.extendCohortExam(a, w.cohortId, live, 1.5)).ok,
      extendExamAction: async (a) => {
        session.user = a;
        return (await actions.extendExamAction({ ok: false }, form({ cohortId: w.cohortId, examId: live, multiplier: "1.25" }))).ok;
      },
      exportExams: async (a) => (await te.buildCohortExport(a, w.cohortId, "exams", "csv", "en")) !== null,
      exportGET: async (a) => (await handlers.exportGET(req(`/api/teach/${w.cohortId}/export/exams?format=json`), { cohortId: w.cohortId, kind: "exams" }, async () => a)).status === 200,
    };
    const actors = matrixActors(w);
    const { seen, onlyTeachers } = await runAccessMatrix(actors, probes);
    expect(seen).toEqual(onlyTeachers);
    // refused attempts changed nothing: the last extension is the admin's action's
    expect((await prisma.examSession.findUnique({ where: { id: live }, select: { extension: true } }))!.extension).toBe(1.25);
    // an instructor cannot reach another cohort's learner's exam through their own cohort
    const elsewhere = await exam(w.outsider.id, { startedAt: ago(5) });
    expect(await tc.extendCohortExam(actors.instructor, w.cohortId, elsewhere, 1.5)).toEqual({ ok: false, error: "notFound" });
    expect(await tc.extendCohortExam(actors.instructor, w.otherCohortId, elsewhere, 1.5)).toEqual({ ok: false, error: "notFound" });
    expect((await prisma.examSession.findUnique({ where: { id: elsewhere }, select: { extension: true } }))!.extension).toBe(1);
    // a learner outside the cohort has no exams page there, even for the cohort's instructor
    expect(await xr.listLearnerExams(actors.instructor, w.cohortId, w.outsider.id, "en")).toBeNull();
    // the route: 401 anonymous, 404 others
    expect((await handlers.exportGET(req(`/api/teach/${w.cohortId}/export/exams`), { cohortId: w.cohortId, kind: "exams" }, async () => null)).status).toBe(401);
    expect((await handlers.exportGET(req(`/api/teach/${w.cohortId}/export/exams`), { cohortId: w.cohortId, kind: "exams" }, async () => actors.learner)).status).toBe(404);
    session.user = null;
  });
});

describe("extra time", () => {
  it("a multiplier from 1 to 2 in steps of 0.05 moves the deadline to start + minutes x multiplier; bad input and closed exams change nothing", async () => {
    const w = await world();
    const me = asActor(w.instructor);
    const start = ago(100);
    const id = await exam(w.member.id, { startedAt: start });
    const deadline = async () => (await prisma.examSession.findUnique({ where: { id }, select: { deadline: true, extension: true } }))!;
    for (const bad of [0.99, 2.01, 1.03, Number.NaN, -1]) expect(await tc.extendCohortExam(me, w.cohortId, id, bad, NOW)).toEqual({ ok: false, error: "badExtension", field: "multiplier" });
    expect((await deadline()).extension).toBe(1);
    expect((await tc.extendCohortExam(me, w.cohortId, id, 2, NOW)).ok).toBe(true);
    expect(await deadline()).toEqual({ deadline: new Date(start.getTime() + 240 * MIN), extension: 2 });
    expect((await tc.extendCohortExam(me, w.cohortId, id, 1, NOW)).ok).toBe(true);
    expect((await deadline()).deadline).toEqual(new Date(start.getTime() + 120 * MIN));

    // shortening to a deadline already past is refused (the exam would end at once)
    const long = await exam(w.member.id, { startedAt: ago(130), deadline: new Date(ago(130).getTime() + 180 * MIN) });
    expect(await tc.extendCohortExam(me, w.cohortId, long, 1, NOW)).toEqual({ ok: false, error: "extensionTooShort", field: "multiplier" });
    expect((await tc.extendCohortExam(me, w.cohortId, long, 1.1, NOW)).ok).toBe(true); // 132 min > 130

    // over, submitted, graded or practice: not open
    const over = await exam(w.member.id, { startedAt: ago(121) });
    const submitted = await exam(w.member.id, { submitted: true });
    const graded = await exam(w.member.id, { graded: true });
    const practice = await exam(w.member.id, { mode: "practice" });
    for (const x of [over, submitted, graded, practice]) expect(await tc.extendCohortExam(me, w.cohortId, x, 1.5, NOW)).toEqual({ ok: false, error: "examNotOpen" });
    expect((await prisma.examSession.findUnique({ where: { id: over }, select: { extension: true } }))!.extension).toBe(1);
    expect(await tc.extendCohortExam(me, w.cohortId, "no-such-exam", 1.5, NOW)).toEqual({ ok: false, error: "notFound" });

    // the server action reads the form: an empty multiplier is a field error, not "1"
    session.user = me;
    expect(await actions.extendExamAction({ ok: false }, form({ cohortId: w.cohortId, examId: id, multiplier: "" }))).toMatchObject({ ok: false, error: "badExtension", field: "multiplier" });
    session.user = null;
  });
});

describe("a cohort's exam results", () => {
  it("per learner, per domain and per task (hardest first) with per-check failures, explanations and wrong contexts; only members' graded exams", async () => {
    const w = await world();
    const me = asActor(w.instructor);
    const second = await makeUser("LEARNER", "Second");
    await cohorts.joinCohortByCode(second, (await prisma.cohort.findUnique({ where: { id: w.cohortId }, select: { joinCode: true } }))!.joinCode);
    const cmdFail = (why: string): CheckSpec => ({ id: "command", passed: false, explanation: why });
    // Member: an older timed exam (40), then a practice one (90), both graded; Second: one timed exam.
    await exam(w.member.id, {
      graded: true, startedAt: ago(600),
      tasks: [{ taskId: "crashloop-bad-command", points: 6, earned: 2, checks: [cmdFail("the container still runs sleep"), { id: "pods-ready", passed: true }] }, { taskId: "configmap-to-env", points: 5, earned: 5, checks: [{ id: "configmap", passed: true }] }],
    });
    await exam(w.member.id, { mode: "practice", graded: true, startedAt: ago(300), tasks: [{ taskId: "configmap-to-env", points: 5, earned: 4.5 }] });
    await exam(second.id, {
      graded: true, startedAt: ago(200),
      tasks: [{ taskId: "crashloop-bad-command", points: 6, earned: 0, checks: [cmdFail("the container still runs sleep"), { id: "pods-ready", passed: false, explanation: "0 of 1 pods Ready", foundIn: "k8s-b" }] }],
    });
    // not counted: an ungraded exam of a member, a graded exam of someone outside the cohort
    await exam(w.member.id, { startedAt: ago(5) });
    await exam(w.outsider.id, { graded: true, tasks: [{ taskId: "crashloop-bad-command", points: 6, earned: 0, checks: [cmdFail("outsider")] }] });

    const r = (await xr.getCohortExamResults(me, w.cohortId, "en"))!;
    const byName = new Map(r.learners.map((l) => [l.learner.name, l]));
    expect(byName.get("Member")).toMatchObject({ timed: 1, practice: 1, bestTimed: 7, latest: { mode: "practice", percent: 4.5, passed: false } });
    expect(byName.get("Member")!.latest!.domains).toEqual([{ domain: "workloads", points: 5, earned: 4.5, share: 0.9 }]);
    expect(byName.get("Second")).toMatchObject({ timed: 1, practice: 0, bestTimed: 0, latest: { mode: "timed", percent: 0 } });
    expect(byName.get("Outsider")).toBeUndefined();
    expect(r.domains.map((d) => [d.domain, d.learners, d.share])).toEqual([["troubleshooting", 1, 0], ["workloads", 1, 0.9]]);

    expect(r.tasks.map((t) => [t.taskId, t.sittings, t.fullMarks, Math.round(t.share * 1000) / 1000])).toEqual([
      ["crashloop-bad-command", 2, 0, Math.round((2 / 12) * 1000) / 1000],
      ["configmap-to-env", 2, 1, 0.95],
    ]);
    const crash = r.tasks[0].checks;
    expect(crash.find((c) => c.id === "command")).toMatchObject({ graded: 2, failures: 2, wrongContext: 0, explanations: [{ text: "the container still runs sleep", count: 2 }] });
    expect(crash.find((c) => c.id === "pods-ready")).toMatchObject({ graded: 2, failures: 1, wrongContext: 1, explanations: [{ text: "0 of 1 pods Ready", count: 1 }] });
    expect(crash.find((c) => c.id === "saw-backoff")).toMatchObject({ graded: 0, failures: 0 });
    // in Korean, the Korean explanation
    expect((await xr.getCohortExamResults(me, w.cohortId, "ko"))!.tasks[0].checks.find((c) => c.id === "command")!.explanations[0].text).toBe("ko: the container still runs sleep");

    // the learner's page: newest first, per task the failed checks with their explanation and where the work went
    const mine = (await xr.listLearnerExams(me, w.cohortId, second.id, "en"))!;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ mode: "timed", percent: 0, passed: false });
    expect(mine[0].tasks[0].failed).toEqual([
      { id: "command", title: expect.any(String), explanation: "the container still runs sleep", foundIn: null },
      { id: "pods-ready", title: expect.any(String), explanation: "0 of 1 pods Ready", foundIn: "k8s-b" },
    ]);
    expect((await xr.listLearnerExams(me, w.cohortId, w.member.id, "en"))!.map((e) => [e.mode, e.percent])).toEqual([["timed", null], ["practice", 4.5], ["timed", 7]]);

    // heat map: each member's latest sitting per task and how often they sat it
    const h = (await teach.getExamTaskHeatmap(me, w.cohortId, "en"))!;
    const col = (id: string) => h.tasks.findIndex((t) => t.id === id);
    const row = (name: string) => h.rows.find((x) => x.learner.name === name)!.cells;
    expect(row("Member")[col("configmap-to-env")]).toEqual({ sittings: 2, points: 5, earned: 4.5 });
    expect(row("Member")[col("crashloop-bad-command")]).toEqual({ sittings: 1, points: 6, earned: 2 });
    expect(row("Second")[col("configmap-to-env")]).toBeNull();
    expect(h.rows.map((x) => x.learner.name)).not.toContain("Outsider");

    // export: a row per learner, exam and task, neutralised, with the failed checks
    const csv = (await te.buildCohortExport(me, w.cohortId, "exams", "csv", "en"))!.body;
    expect(csv.startsWith("\uFEFFname,email,exam_id,mode,")).toBe(true);
    expect(csv.split("\r\n").filter(Boolean)).toHaveLength(1 + 4);
    expect(csv).toContain(",crashloop-bad-command,troubleshooting,k8s-a,6,0,command pods-ready");
    expect(csv).not.toContain("outsider");
    const json = JSON.parse((await te.buildCohortExport(me, w.cohortId, "exams", "json", "en"))!.body) as { rows: Record<string, unknown>[] };
    expect(json.rows.find((x) => x.mode === "practice")).toMatchObject({ name: "Member", task: "configmap-to-env", points: 5, earned: 4.5, score_pct: 4.5, passed: false, failed_checks: "" });
  });

  it("a formula-like learner name is neutralised in the exams CSV", async () => {
    const w = await world();
    const evil = await makeUser("LEARNER", "=HYPERLINK(\"x\")");
    await cohorts.joinCohortByCode(evil, (await prisma.cohort.findUnique({ where: { id: w.cohortId }, select: { joinCode: true } }))!.joinCode);
    await exam(evil.id, { graded: true });
    const csv = (await te.buildCohortExport(asActor(w.instructor), w.cohortId, "exams", "csv", "en"))!.body;
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe("live monitor", () => {
  it("timed exams before their deadline and recently used practice exams, with the task of the latest command and the server's time left", async () => {
    const w = await world();
    const me = asActor(w.instructor);
    const mk = async (name: string) => {
      const u = await makeUser("LEARNER", name);
      await cohorts.joinCohortByCode(u, (await prisma.cohort.findUnique({ where: { id: w.cohortId }, select: { joinCode: true } }))!.joinCode);
      return u.id;
    };
    await exam(await mk("Working"), {
      startedAt: ago(30), tasks: [{ taskId: "crashloop-bad-command", points: 6, earned: 0 }, { taskId: "configmap-to-env", points: 5, earned: 0 }],
      commands: [{ task: 0, at: ago(20) }, { task: 1, at: ago(2) }],
    });
    await exam(await mk("Just started"), { startedAt: ago(1) });
    await exam(await mk("Last second"), { startedAt: ago(120), deadline: new Date(NOW.getTime() + 1) });
    await exam(await mk("Out of time"), { startedAt: ago(120) }); // deadline == now: over
    await exam(await mk("Submitted"), { startedAt: ago(10), submitted: true });
    await exam(await mk("Practising"), { mode: "practice", startedAt: ago(600), commands: [{ task: 0, at: ago(119) }] });
    await exam(await mk("Idle practice"), { mode: "practice", startedAt: ago(600), commands: [{ task: 0, at: ago(120) }] });
    await exam(w.outsider.id, { startedAt: ago(1) });

    const live = (await xr.listLiveExams(me, w.cohortId, "en", NOW))!;
    expect(live.map((e) => [e.learner.name, e.timeLeftMs])).toEqual([["Last second", 1], ["Working", 90 * MIN], ["Just started", 119 * MIN], ["Practising", null]]);
    expect(live[1].openTask).toEqual({ position: 1, title: "A ConfigMap value as an environment variable" });
    expect(live[1].commands).toBe(2);
    expect(live[2].openTask).toBeNull();
    expect((await xr.listLiveExams(me, w.cohortId, "ko", NOW))![1].openTask!.title).toBe("ConfigMap 값을 환경 변수로");
  });
});

describe("at risk: the latest timed exam below the pass mark", () => {
  it("flags the latest graded timed exam under 66 % (not an earlier one, not practice), with the score as its reason", async () => {
    const w = await world();
    const me = asActor(w.instructor);
    const code = (await prisma.cohort.findUnique({ where: { id: w.cohortId }, select: { joinCode: true } }))!.joinCode;
    const improved = await makeUser("LEARNER", "Improved");
    await cohorts.joinCohortByCode(improved, code);
    await cohorts.joinCohortByCode(w.outsider, code);
    await exam(w.member.id, { graded: true, startedAt: ago(100), score: 80 });
    await exam(w.member.id, { graded: true, startedAt: ago(50), score: 65.9 });
    await exam(w.member.id, { mode: "practice", graded: true, startedAt: ago(10), score: 100 });
    await exam(improved.id, { graded: true, startedAt: ago(100), score: 20 });
    await exam(improved.id, { graded: true, startedAt: ago(50), score: 66 });
    await exam(w.outsider.id, { mode: "practice", graded: true, startedAt: ago(50), score: 5 });
    const h = (await teach.getLessonHeatmap(me, w.cohortId, "en", "all", NOW))!;
    const flags = new Map(h.atRisk.map((r) => [r.learner.name, r.flags.filter((f) => f.rule === "examBelow")]));
    expect(flags.get("Member")).toEqual([{ rule: "examBelow", percent: 65.9, mark: 66 }]);
    expect(flags.get("Improved") ?? []).toEqual([]);
    expect(flags.get("Outsider") ?? []).toEqual([]);
  });
});

describe("the learner's own exams (/me)", () => {
  it("the trend lists only the learner's graded exams, oldest first; exam readiness reads the latest 3 timed exams", async () => {
    const a = await makeUser();
    const b = await makeUser();
    const t = (earned: number, taskId = "crashloop-bad-command", points = 6) => [{ taskId, points, earned }];
    await exam(a.id, { graded: true, startedAt: ago(500), tasks: t(0) }); // the 4th latest timed: left out of readiness
    await exam(a.id, { graded: true, startedAt: ago(400), tasks: t(6) });
    await exam(a.id, { mode: "practice", graded: true, startedAt: ago(300), tasks: t(1) });
    await exam(a.id, { graded: true, startedAt: ago(200), tasks: t(3) });
    await exam(a.id, { graded: true, startedAt: ago(100), tasks: [...t(3), { taskId: "configmap-to-env", points: 5, earned: 5 }] });
    await exam(a.id, { startedAt: ago(5) }); // open: not in the trend
    await exam(b.id, { graded: true, startedAt: ago(50) });
    const trend = await xr.listMyExamTrend(a);
    expect(trend.map((e) => [e.mode, e.percent])).toEqual([["timed", 0], ["timed", 6], ["practice", 1], ["timed", 3], ["timed", 8]]);
    expect(trend[0].title.en).toMatch(/CKA/);
    const d = await xr.getMyExamDomains(a);
    expect(d.exams).toBe(3);
    expect(d.domains).toEqual([
      { domain: "troubleshooting", points: 18, earned: 12, share: 12 / 18 },
      { domain: "workloads", points: 5, earned: 5, share: 1 },
    ]);
    expect((await xr.getMyExamDomains(await makeUser())).domains).toEqual([]);
  });
});
