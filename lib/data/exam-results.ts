import "server-only";
// Mock-exam results, read only: the learner's own trend and readiness per domain (/me), and a cohort's results,
// heat map of exam tasks and live monitor for its instructors. Instructor readers check that the actor teaches the
// cohort and return null otherwise; each is a few statements over the cohort's members, never one per learner.
import { prisma } from "#lib/db";
import { examContent } from "#lib/exam/loader";
import { domainShares, EXAM_READINESS_EXAMS, isLive, plainTitle, topCounts, type DomainPoints } from "#lib/teach/exam";
import { QUIZ_DOMAINS, type QuizDomain } from "#lib/quiz/schema";
import { canTeachCohort, isTaughtMember, type TeachActor } from "./teach-cohorts";
import { asDate, orderedJoin } from "./sql";

type Locale = "ko" | "en";
type Localized = { ko: string; en: string };

/** An exam's title: the named exam's, else the blueprint's. */
function examTitle(blueprintId: string, namedId: string | null): Localized {
  const c = examContent();
  return (namedId ? c.named.get(namedId)?.title : undefined) ?? c.blueprints.get(blueprintId)?.title ?? { ko: blueprintId, en: blueprintId };
}

const domainOfTask = (taskId: string): QuizDomain | null => examContent().tasks.get(taskId)?.examDomain ?? null;

/** Task grades with their task's domain (tasks no longer in the pool are left out). */
function withDomains(grades: readonly { taskId: string; points: number; earned: number }[]): DomainPoints[] {
  return grades.flatMap((g) => {
    const domain = domainOfTask(g.taskId);
    return domain ? [{ domain, points: g.points, earned: g.earned }] : [];
  });
}

/** The percentage of an exam's score (an exam has 100 points, lib/exam/README.md "Points"; the stored score is the points earned). */
const percentOf = (score: number | null) => Math.round((score ?? 0) * 10) / 10;

export type MyExamDto = { id: string; mode: "timed" | "practice"; title: Localized; startedAt: string; gradedAt: string; percent: number; passed: boolean };

/** The actor's graded exams, oldest first (at most `limit`, the latest ones), for the trend on /me. */
export async function listMyExamTrend(actor: { id: string }, limit = 100): Promise<MyExamDto[]> {
  const rows = await prisma.examSession.findMany({
    where: { userId: actor.id, gradedAt: { not: null } }, orderBy: { startedAt: "desc" }, take: limit,
    select: { id: true, mode: true, blueprintId: true, namedId: true, startedAt: true, gradedAt: true, score: true, passed: true },
  });
  return rows.reverse().map((r) => ({
    id: r.id, mode: r.mode === "practice" ? "practice" : "timed", title: examTitle(r.blueprintId, r.namedId),
    startedAt: r.startedAt.toISOString(), gradedAt: r.gradedAt!.toISOString(), percent: percentOf(r.score), passed: !!r.passed,
  }));
}

/** The actor's exam readiness per domain: points earned of points available over the latest EXAM_READINESS_EXAMS graded timed exams. */
export async function getMyExamDomains(actor: { id: string }): Promise<{ exams: number; domains: ReturnType<typeof domainShares> }> {
  const sessions = await prisma.examSession.findMany({
    where: { userId: actor.id, mode: "timed", gradedAt: { not: null } }, orderBy: { startedAt: "desc" }, take: EXAM_READINESS_EXAMS,
    select: { taskGrades: { select: { taskId: true, points: true, earned: true } } },
  });
  return { exams: sessions.length, domains: domainShares(withDomains(sessions.flatMap((s) => s.taskGrades))) };
}

// ---- a cohort's results (instructors) ----

export type CohortExamLearnerDto = {
  learner: { id: string; name: string; email: string };
  timed: number;
  practice: number;
  latest: { id: string; mode: "timed" | "practice"; at: string; percent: number; passed: boolean; domains: ReturnType<typeof domainShares> } | null;
  bestTimed: number | null;
};
export type CohortExamTaskDto = {
  taskId: string; title: string; domain: QuizDomain | null; sittings: number; fullMarks: number; share: number;
  checks: { id: string; title: string; graded: number; failures: number; wrongContext: number; explanations: { text: string; count: number }[] }[];
};
export type CohortExamResultsDto = { learners: CohortExamLearnerDto[]; domains: { domain: QuizDomain; learners: number; share: number }[]; tasks: CohortExamTaskDto[] };

/** How many explanations per exam check the analysis keeps. */
export const TOP_EXAM_EXPLANATIONS = 3;

/**
 * A cohort's mock-exam results: per learner (sittings, the latest graded exam by domain, the best timed score), per
 * domain (the mean over each learner's latest graded exam) and per task over every graded sitting of the cohort's
 * members, hardest first, with each check's failures and most common computed explanations. Null unless the actor teaches the cohort.
 */
export async function getCohortExamResults(actor: TeachActor, cohortId: string, locale: Locale): Promise<CohortExamResultsDto | null> {
  if (!(await canTeachCohort(actor, cohortId))) return null;
  const inCohort = { user: { memberships: { some: { cohortId } } } };
  const [members, sessions, taskRows, checkRows, explanationRows] = await Promise.all([
    prisma.cohortMember.findMany({ where: { cohortId }, select: { user: { select: { id: true, name: true, email: true } } }, orderBy: [{ user: { name: "asc" } }, { user: { email: "asc" } }] }),
    prisma.examSession.findMany({
      where: { ...inCohort, gradedAt: { not: null } }, orderBy: { startedAt: "asc" },
      select: { id: true, userId: true, mode: true, startedAt: true, score: true, passed: true },
    }),
    prisma.examTaskGrade.groupBy({ by: ["taskId"], where: { session: { ...inCohort, gradedAt: { not: null } } }, _count: { _all: true }, _sum: { points: true, earned: true } }),
    prisma.examCheckGrade.groupBy({ by: ["taskId", "checkId", "passed"], where: { session: { ...inCohort, gradedAt: { not: null } } }, _count: { _all: true } }),
    prisma.examCheckGrade.groupBy({ by: ["taskId", "checkId", "explanation", "foundIn"], where: { passed: false, session: { ...inCohort, gradedAt: { not: null } } }, _count: { _all: true } }),
  ]);
  const fullRows = await prisma.$queryRaw<{ taskId: string; n: unknown }[]>`
    SELECT g."taskId", COUNT(*) AS n FROM "ExamTaskGrade" g JOIN "ExamSession" s ON s."id" = g."sessionId"
    JOIN "CohortMember" m ON m."userId" = s."userId" AND m."cohortId" = ${cohortId}
    WHERE s."gradedAt" IS NOT NULL AND g."earned" >= g."points" GROUP BY g."taskId"`;
  const full = new Map(fullRows.map((r) => [r.taskId, Number(r.n)]));

  // Per learner: counts, the latest graded exam (its task grades read below), the best timed score.
  const per = new Map<string, { timed: number; practice: number; latest: (typeof sessions)[number] | null; best: number | null }>();
  for (const s of sessions) {
    const p = per.get(s.userId) ?? { timed: 0, practice: 0, latest: null, best: null };
    if (s.mode === "practice") p.practice++;
    else {
      p.timed++;
      p.best = Math.max(p.best ?? 0, percentOf(s.score));
    }
    p.latest = s;
    per.set(s.userId, p);
  }
  const latestIds = [...per.values()].map((p) => p.latest!.id);
  const latestGrades = await prisma.examTaskGrade.findMany({ where: { sessionId: { in: latestIds } }, select: { sessionId: true, taskId: true, points: true, earned: true } });
  const gradesOf = new Map<string, typeof latestGrades>();
  for (const g of latestGrades) (gradesOf.get(g.sessionId) ?? gradesOf.set(g.sessionId, []).get(g.sessionId)!).push(g);

  const learners = members.map(({ user }): CohortExamLearnerDto => {
    const p = per.get(user.id);
    const l = p?.latest;
    return {
      learner: user, timed: p?.timed ?? 0, practice: p?.practice ?? 0, bestTimed: p?.best ?? null,
      latest: l ? { id: l.id, mode: l.mode === "practice" ? "practice" : "timed", at: l.startedAt.toISOString(), percent: percentOf(l.score), passed: !!l.passed, domains: domainShares(withDomains(gradesOf.get(l.id) ?? [])) } : null,
    };
  });
  const dom = new Map<QuizDomain, number[]>();
  for (const l of learners) for (const d of l.latest?.domains ?? []) (dom.get(d.domain) ?? dom.set(d.domain, []).get(d.domain)!).push(d.share);
  const domains = QUIZ_DOMAINS.filter((d) => dom.has(d)).map((d) => [d, dom.get(d)!] as const).map(([domain, xs]) => ({ domain, learners: xs.length, share: xs.reduce((a, b) => a + b, 0) / xs.length }));

  const content = examContent();
  const checkCounts = new Map<string, { graded: number; failures: number }>();
  for (const r of checkRows) {
    const k = `${r.taskId}\u0000${r.checkId}`;
    const c = checkCounts.get(k) ?? { graded: 0, failures: 0 };
    c.graded += r._count._all;
    if (!r.passed) c.failures += r._count._all;
    checkCounts.set(k, c);
  }
  const texts = new Map<string, Map<string, number>>();
  const wrongContext = new Map<string, number>();
  for (const r of explanationRows) {
    const k = `${r.taskId}\u0000${r.checkId}`;
    if (r.foundIn) wrongContext.set(k, (wrongContext.get(k) ?? 0) + r._count._all);
    const text = r.explanation ? (JSON.parse(r.explanation) as Localized)[locale] : null;
    if (!text) continue;
    const m = texts.get(k) ?? texts.set(k, new Map()).get(k)!;
    m.set(text, (m.get(text) ?? 0) + r._count._all);
  }
  const tasks = taskRows
    .map((r): CohortExamTaskDto => {
      const task = content.tasks.get(r.taskId);
      const points = r._sum.points ?? 0;
      return {
        taskId: r.taskId, title: task ? plainTitle(task.title[locale]) : r.taskId, domain: task?.examDomain ?? null,
        sittings: r._count._all, fullMarks: full.get(r.taskId) ?? 0, share: points ? (r._sum.earned ?? 0) / points : 0,
        checks: (task?.checks ?? []).map((c) => {
          const k = `${r.taskId}\u0000${c.id}`;
          const cc = checkCounts.get(k) ?? { graded: 0, failures: 0 };
          return { id: c.id, title: plainTitle(c.title[locale]), graded: cc.graded, failures: cc.failures, wrongContext: wrongContext.get(k) ?? 0, explanations: topCounts(texts.get(k) ?? new Map(), TOP_EXAM_EXPLANATIONS) };
        }),
      };
    })
    .sort((a, b) => a.share - b.share || a.taskId.localeCompare(b.taskId));
  return { learners, domains, tasks };
}

export type ExamTaskRef = { id: string; title: string; domain: QuizDomain };
export type ExamTaskCellDto = { sittings: number; points: number; earned: number } | null;

/**
 * Learners x exam tasks for the given learners (a page of the cohort): each cell the learner's latest graded
 * sitting of that task (points earned of points) and how often they sat it. Columns: the pool's tasks by domain.
 */
export async function examTaskCells(cohortId: string, ids: readonly string[], locale: Locale): Promise<{ tasks: ExamTaskRef[]; cells: Map<string, ExamTaskCellDto[]> }> {
  const content = examContent();
  const tasks = [...content.tasks.values()]
    .map((t) => ({ id: t.id, title: plainTitle(t.title[locale]), domain: t.examDomain }))
    .sort((a, b) => a.domain.localeCompare(b.domain) || a.id.localeCompare(b.id));
  const rows = await prisma.examTaskGrade.findMany({
    where: { session: { userId: { in: [...ids] }, gradedAt: { not: null }, user: { memberships: { some: { cohortId } } } } },
    orderBy: { session: { startedAt: "asc" } },
    select: { taskId: true, points: true, earned: true, session: { select: { userId: true } } },
  });
  const col = new Map(tasks.map((t, i) => [t.id, i]));
  const cells = new Map<string, ExamTaskCellDto[]>(ids.map((id) => [id, tasks.map(() => null)]));
  for (const r of rows) {
    const i = col.get(r.taskId);
    const row = cells.get(r.session.userId);
    if (i === undefined || !row) continue;
    row[i] = { sittings: (row[i]?.sittings ?? 0) + 1, points: r.points, earned: r.earned };
  }
  return { tasks, cells };
}

export type LiveExamDto = {
  examId: string; learner: { id: string; name: string; email: string }; mode: "timed" | "practice"; title: string;
  startedAt: string; deadline: string | null; extension: number;
  /** milliseconds to the deadline at `now` (server time), null for practice */
  timeLeftMs: number | null;
  /** the task of the learner's latest command (position, 1-based in the UI) and its title, null before any command */
  openTask: { position: number; title: string } | null;
  commands: number; lastActivity: string;
};

/**
 * Who of the cohort is in an exam now (not submitted, not graded; timed before its deadline, practice used in the
 * last two hours), with the task of their latest command and the time left, soonest deadline first.
 */
export async function listLiveExams(actor: TeachActor, cohortId: string, locale: Locale, now = new Date()): Promise<LiveExamDto[] | null> {
  if (!(await canTeachCohort(actor, cohortId))) return null;
  const open = await prisma.examSession.findMany({
    where: { user: { memberships: { some: { cohortId } } }, submittedAt: null, gradedAt: null, OR: [{ mode: "practice" }, { deadline: { gt: now } }] },
    select: {
      id: true, mode: true, blueprintId: true, namedId: true, tasks: true, startedAt: true, deadline: true, extension: true,
      user: { select: { id: true, name: true, email: true } },
      commands: { orderBy: { seq: "desc" }, take: 1, select: { task: true, createdAt: true } },
      _count: { select: { commands: true } },
    },
  });
  const content = examContent();
  return open
    .filter((s) => isLive({ mode: s.mode, deadline: s.deadline, startedAt: s.startedAt, lastCommandAt: s.commands[0]?.createdAt ?? null }, now))
    .map((s): LiveExamDto => {
      const last = s.commands[0];
      const taskId = last ? (JSON.parse(s.tasks) as { taskId: string }[])[last.task]?.taskId : undefined;
      const title = taskId ? content.tasks.get(taskId)?.title[locale] : undefined;
      return {
        examId: s.id, learner: s.user, mode: s.mode === "practice" ? "practice" : "timed", title: examTitle(s.blueprintId, s.namedId)[locale],
        startedAt: s.startedAt.toISOString(), deadline: s.deadline?.toISOString() ?? null, extension: s.extension,
        timeLeftMs: s.mode === "timed" && s.deadline ? s.deadline.getTime() - now.getTime() : null,
        openTask: last ? { position: last.task, title: title ? plainTitle(title) : (taskId ?? "?") } : null,
        commands: s._count.commands, lastActivity: (last?.createdAt ?? s.startedAt).toISOString(),
      };
    })
    .sort((a, b) => (a.timeLeftMs ?? Infinity) - (b.timeLeftMs ?? Infinity) || a.learner.name.localeCompare(b.learner.name));
}

/** Per member: the latest graded timed exam (percent and when), for the at-risk rule. One grouped statement. */
export async function latestTimedExams(cohortId: string): Promise<Map<string, { percent: number; at: Date }>> {
  const rows = await prisma.$queryRaw<{ userId: string; score: number | null; at: unknown }[]>`
    SELECT s."userId", s."score", s."startedAt" AS at FROM "CohortMember" m ${orderedJoin()} "ExamSession" s ON s."userId" = m."userId"
    WHERE m."cohortId" = ${cohortId} AND s."mode" = 'timed' AND s."gradedAt" IS NOT NULL
      AND s."startedAt" = (SELECT MAX(l."startedAt") FROM "ExamSession" l WHERE l."userId" = s."userId" AND l."mode" = 'timed' AND l."gradedAt" IS NOT NULL)`;
  // The latest graded timed exam's row per member (portable: no bare columns beside MAX, which only SQLite allows).
  return new Map(rows.map((r) => [r.userId, { percent: percentOf(r.score), at: asDate(r.at)! }]));
}

export type ExamExportRow = {
  name: string; email: string; examId: string; mode: string; exam: string; startedAt: string; gradedAt: string; extension: number;
  percent: number; passed: boolean; position: number; taskId: string; domain: string; context: string; points: number; earned: number; failedChecks: string;
};

/** Every graded exam task of the cohort's members, for the exams export (a row per learner, exam and task). */
export async function examExportRows(cohortId: string, locale: Locale): Promise<ExamExportRow[]> {
  const sessions = await prisma.examSession.findMany({
    where: { user: { memberships: { some: { cohortId } } }, gradedAt: { not: null } },
    orderBy: [{ user: { name: "asc" } }, { user: { email: "asc" } }, { startedAt: "asc" }],
    select: {
      id: true, mode: true, blueprintId: true, namedId: true, startedAt: true, gradedAt: true, extension: true, score: true, passed: true,
      user: { select: { name: true, email: true } },
      taskGrades: { orderBy: { position: "asc" }, select: { taskId: true, position: true, context: true, points: true, earned: true } },
      checkGrades: { where: { passed: false }, select: { taskId: true, checkId: true } },
    },
  });
  return sessions.flatMap((s) => {
    const failed = new Map<string, string[]>();
    for (const c of s.checkGrades) (failed.get(c.taskId) ?? failed.set(c.taskId, []).get(c.taskId)!).push(c.checkId);
    return s.taskGrades.map((g) => ({
      name: s.user.name, email: s.user.email, examId: s.id, mode: s.mode, exam: examTitle(s.blueprintId, s.namedId)[locale],
      startedAt: s.startedAt.toISOString(), gradedAt: s.gradedAt!.toISOString(), extension: s.extension, percent: percentOf(s.score), passed: !!s.passed,
      position: g.position + 1, taskId: g.taskId, domain: domainOfTask(g.taskId) ?? "", context: g.context, points: g.points, earned: g.earned,
      failedChecks: (failed.get(g.taskId) ?? []).sort().join(" "),
    }));
  });
}

export type LearnerExamDto = {
  id: string; mode: "timed" | "practice"; title: string; startedAt: string; deadline: string | null; extension: number;
  gradedAt: string | null; percent: number | null; passed: boolean | null;
  tasks: { position: number; taskId: string; title: string; domain: QuizDomain | null; context: string; points: number; earned: number; failed: { id: string; title: string; explanation: string | null; foundIn: string | null }[] }[];
};

/** One member's exams for the cohort's instructors, newest first: each graded one per task with its failed checks and why. Null unless the actor teaches the member's cohort. */
export async function listLearnerExams(actor: TeachActor, cohortId: string, userId: string, locale: Locale, limit = 20): Promise<LearnerExamDto[] | null> {
  if (!(await isTaughtMember(actor, cohortId, userId))) return null;
  const content = examContent();
  const rows = await prisma.examSession.findMany({
    where: { userId }, orderBy: { startedAt: "desc" }, take: limit,
    select: {
      id: true, mode: true, blueprintId: true, namedId: true, startedAt: true, deadline: true, extension: true, gradedAt: true, score: true, passed: true,
      taskGrades: { orderBy: { position: "asc" }, select: { taskId: true, position: true, context: true, points: true, earned: true } },
      checkGrades: { where: { passed: false }, select: { taskId: true, checkId: true, explanation: true, foundIn: true } },
    },
  });
  return rows.map((s) => ({
    id: s.id, mode: s.mode === "practice" ? "practice" : "timed", title: examTitle(s.blueprintId, s.namedId)[locale], startedAt: s.startedAt.toISOString(),
    deadline: s.deadline?.toISOString() ?? null, extension: s.extension, gradedAt: s.gradedAt?.toISOString() ?? null,
    percent: s.gradedAt ? percentOf(s.score) : null, passed: s.gradedAt ? !!s.passed : null,
    tasks: s.taskGrades.map((g) => {
      const task = content.tasks.get(g.taskId);
      return {
        position: g.position, taskId: g.taskId, title: task ? plainTitle(task.title[locale]) : g.taskId, domain: task?.examDomain ?? null, context: g.context, points: g.points, earned: g.earned,
        failed: s.checkGrades.filter((c) => c.taskId === g.taskId).map((c) => {
          const check = task?.checks.find((x) => x.id === c.checkId);
          return { id: c.checkId, title: check ? plainTitle(check.title[locale]) : c.checkId, explanation: c.explanation ? (JSON.parse(c.explanation) as Localized)[locale] : null, foundIn: c.foundIn };
        }),
      };
    }),
  }));
}
