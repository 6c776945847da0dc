import "server-only";
import fs from "node:fs";
import { prisma } from "#lib/db";
import { Prisma } from "#lib/generated/prisma/client";
import { asDate, dialect, idsTable, indexedBy, orderedJoin, sqlDate } from "./sql";
import { lessonFile, listLessons } from "#lib/content/lessons";
import { exerciseCatalogue } from "#lib/exercise/loader";
import { quizBank } from "#lib/quiz/loader";
import { ALL_COMPETENCIES } from "#lib/quiz/schema";
import { AT_RISK_RULES, atRiskFlags, type LearnerSignals, type RiskFlag } from "#lib/teach/at-risk";
import { median } from "#lib/teach/heat";
import { listCohortItemStats } from "./item-stats";
import { readinessFromEvidence } from "./quiz";
import { canTeachCohort, type TeachActor } from "./teach-cohorts";
import { examTaskCells, latestTimedExams, type ExamTaskCellDto, type ExamTaskRef } from "./exam-results";
import { topCounts } from "#lib/teach/exam";

// Cohort dashboards. Every reader checks that the actor teaches the cohort and returns null otherwise; the
// heavy reads are one grouped statement per table over the cohort's members (a join on CohortMember), so a
// cohort of 1,000 learners costs a handful of statements, never one per learner.

type Locale = "ko" | "en";
const DAY_MS = 86_400_000;

const num = (v: unknown) => Number(v ?? 0);

export type LessonRef = { slug: string; title: string };
export type LearnerRef = { id: string; name: string; email: string };

let checkQuestionCache: Map<string, string[]> | null = null;
/** The check-questions (`<Quiz id>`) each lesson embeds, read once from the Korean MDX (ko and en embed the same; check:content enforces it). */
async function lessonCheckQuestions(lessons: Awaited<ReturnType<typeof listLessons>>): Promise<Map<string, string[]>> {
  if (checkQuestionCache) return checkQuestionCache;
  const out = new Map<string, string[]>();
  for (const l of lessons) {
    const src = fs.readFileSync(lessonFile(l, "ko"), "utf8");
    out.set(l.slug, [...src.matchAll(/<Quiz\s+id="([^"]+)"/g)].map((m) => m[1]));
  }
  return (checkQuestionCache = out);
}

async function members(cohortId: string): Promise<(LearnerRef & { joinedAt: Date })[]> {
  const rows = await prisma.$queryRaw<{ id: string; name: string; email: string; joinedAt: unknown }[]>`
    SELECT u."id", u."name", u."email", m."joinedAt" FROM "CohortMember" m JOIN "User" u ON u."id" = m."userId" WHERE m."cohortId" = ${cohortId} ORDER BY u."name", u."email"`;
  return rows.map((r) => ({ id: r.id, name: r.name, email: r.email, joinedAt: asDate(r.joinedAt)! }));
}

const pushTo = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const xs = m.get(k);
  if (xs) xs.push(v);
  else m.set(k, [v]);
};

/** Per learner (of `ids`) and exercise: passed, attempts, gradings. */
async function exerciseTotals(cohortId: string, ids: string[]) {
  const rows = await prisma.$queryRaw<{ userId: string; exerciseId: string; passed: unknown; attempts: unknown; gradings: unknown }[]>`
    SELECT a."userId", a."exerciseId", MAX(CASE WHEN a."status" = 'PASSED' THEN 1 ELSE 0 END) AS passed, COUNT(*) AS attempts,
      SUM((SELECT COUNT(*) FROM "GradeResult" g WHERE g."attemptId" = a."id")) AS gradings
    FROM ${idsTable(ids)} ${orderedJoin()} "ExerciseAttempt" a ON a."userId" = j.value
    WHERE EXISTS (SELECT 1 FROM "CohortMember" m WHERE m."cohortId" = ${cohortId} AND m."userId" = a."userId")
    GROUP BY a."userId", a."exerciseId"`;
  const out = new Map<string, Map<string, { passed: boolean; attempts: number; gradings: number }>>();
  for (const r of rows) {
    let m = out.get(r.userId);
    if (!m) out.set(r.userId, (m = new Map()));
    m.set(r.exerciseId, { passed: num(r.passed) > 0, attempts: num(r.attempts), gradings: num(r.gradings) });
  }
  return out;
}

// The latest answer per (learner, item) is read through the (userId, itemId, createdAt) index (the planner
// otherwise picks the (userId, nonce) one): grouped by the member's id and the item, the rows arrive in group
// order and SQLite needs no temporary sort.

/** Each learner's latest answer per item, for learners of `ids` (competency readiness needs the items). */
async function latestAnswers(cohortId: string, ids: string[]) {
  const member = Prisma.sql`EXISTS (SELECT 1 FROM "CohortMember" m WHERE m."cohortId" = ${cohortId} AND m."userId" = q."userId")`;
  const rows = await prisma.$queryRaw<{ userId: string; itemId: string; correct: unknown }[]>(
    dialect() === "postgresql"
      ? Prisma.sql`SELECT DISTINCT ON (q."userId", q."itemId") q."userId", q."itemId", q."correct"
          FROM ${idsTable(ids)} JOIN "QuizAnswer" q ON q."userId" = j.value WHERE ${member}
          ORDER BY q."userId", q."itemId", q."createdAt" DESC`
      : // SQLite returns the bare columns of the row holding MAX(createdAt): the latest answer's correctness.
        Prisma.sql`SELECT q."userId", q."itemId", q."correct", MAX(q."createdAt") AS at
          FROM ${idsTable(ids)} CROSS JOIN "QuizAnswer" q ${indexedBy("QuizAnswer_userId_itemId_createdAt_idx")} ON q."userId" = j.value WHERE ${member}
          GROUP BY q."userId", q."itemId"`,
  );
  const out = new Map<string, Map<string, boolean>>();
  for (const r of rows) {
    let m = out.get(r.userId);
    if (!m) out.set(r.userId, (m = new Map()));
    m.set(r.itemId, num(r.correct) > 0);
  }
  return out;
}

/**
 * Per member: items answered and items whose latest answer is right, now and as of `before`, in one pass: the
 * latest answer is the greatest `createdAt || correct` (the timestamp text sorts in time order; the last
 * character is the answer's 0/1).
 */
async function answerShares(cohortId: string, before: Date): Promise<Map<string, { now: { n: number; right: number }; before: { n: number; right: number }; last: Date | null }>> {
  const rows = await prisma.$queryRaw<{ userId: string; n: unknown; r: unknown; nb: unknown; rb: unknown; last: unknown }[]>(
    dialect() === "postgresql"
      ? // The same per item with ordered aggregates: the first of the answers newest first (a right one first on a tie,
        // as the SQLite text order has it), overall and among those at or before `before`.
        Prisma.sql`SELECT "userId", COUNT(*) AS n, SUM(CASE WHEN lc THEN 1 ELSE 0 END) AS r, COUNT(bt) AS nb, SUM(CASE WHEN bc THEN 1 ELSE 0 END) AS rb, MAX(lt) AS last FROM (
          SELECT m."userId", MAX(q."createdAt") AS lt, (array_agg(q."correct" ORDER BY q."createdAt" DESC, q."correct" DESC))[1] AS lc,
            MAX(q."createdAt") FILTER (WHERE q."createdAt" <= ${sqlDate(before)}) AS bt,
            (array_agg(q."correct" ORDER BY q."createdAt" DESC, q."correct" DESC) FILTER (WHERE q."createdAt" <= ${sqlDate(before)}))[1] AS bc
          FROM "CohortMember" m JOIN "QuizAnswer" q ON q."userId" = m."userId"
          WHERE m."cohortId" = ${cohortId}
          GROUP BY m."userId", q."itemId"
        ) t GROUP BY "userId"`
      : Prisma.sql`SELECT "userId", COUNT(*) AS n, SUM(substr(l, -1) = '1') AS r, COUNT(b) AS nb, SUM(substr(b, -1) = '1') AS rb, MAX(l) AS last FROM (
          SELECT m."userId", MAX(q."createdAt" || q."correct") AS l, MAX(CASE WHEN q."createdAt" <= ${sqlDate(before)} THEN q."createdAt" || q."correct" END) AS b
          FROM "CohortMember" m CROSS JOIN "QuizAnswer" q ${indexedBy("QuizAnswer_userId_itemId_createdAt_idx")} ON q."userId" = m."userId"
          WHERE m."cohortId" = ${cohortId}
          GROUP BY m."userId", q."itemId"
        ) GROUP BY "userId"`,
  );
  // SQLite's last is the timestamp text with the 0/1 appended; PostgreSQL's a timestamp.
  const lastOf = (v: unknown) => (typeof v === "string" ? asDate(v.slice(0, -1)) : asDate(v));
  return new Map(rows.map((r) => [r.userId, { now: { n: num(r.n), right: num(r.r) }, before: { n: num(r.nb), right: num(r.rb) }, last: lastOf(r.last) }]));
}

/** Per member: the latest exercise and reading activity (commands, gradings, attempts, lessons), gradings, passed exercises, lessons completed. */
async function memberSummaries(cohortId: string) {
  const [work, lessons] = await Promise.all([
    prisma.$queryRaw<{ userId: string; passes: unknown; gradings: unknown; at: unknown; lastGrade: unknown; lastCommand: unknown }[]>`
      SELECT a."userId", COUNT(DISTINCT CASE WHEN a."status" = 'PASSED' THEN a."exerciseId" END) AS passes,
        SUM((SELECT COUNT(*) FROM "GradeResult" g WHERE g."attemptId" = a."id")) AS gradings, MAX(a."createdAt") AS at,
        MAX((SELECT MAX(g."createdAt") FROM "GradeResult" g WHERE g."attemptId" = a."id")) AS "lastGrade",
        MAX((SELECT c."createdAt" FROM "AttemptCommand" c WHERE c."attemptId" = a."id" ORDER BY c."seq" DESC LIMIT 1)) AS "lastCommand"
      FROM "CohortMember" m ${orderedJoin()} "ExerciseAttempt" a ON a."userId" = m."userId" WHERE m."cohortId" = ${cohortId} GROUP BY a."userId"`,
    prisma.$queryRaw<{ userId: string; n: unknown; at: unknown }[]>`
      SELECT p."userId", SUM(CASE WHEN p."status" = 'COMPLETED' THEN 1 ELSE 0 END) AS n, MAX(p."updatedAt") AS at
      FROM "CohortMember" m ${orderedJoin()} "LessonProgress" p ON p."userId" = m."userId"
      WHERE m."cohortId" = ${cohortId} GROUP BY p."userId"`,
  ]);
  const last = new Map<string, Date>();
  const bump = (userId: string, v: unknown) => {
    const d = asDate(v);
    if (!d) return;
    const prev = last.get(userId);
    if (!prev || d > prev) last.set(userId, d);
  };
  for (const r of lessons) bump(r.userId, r.at);
  for (const r of work) for (const v of [r.at, r.lastGrade, r.lastCommand]) bump(r.userId, v);
  return {
    last,
    bump,
    work: new Map(work.map((r) => [r.userId, { passes: num(r.passes), gradings: num(r.gradings) }])),
    completed: new Map(lessons.map((r) => [r.userId, num(r.n)])),
  };
}

const shareOf = (x: { n: number; right: number } | undefined): number | null => (x && x.n >= 3 ? x.right / x.n : null);

export type LessonCellDto = { reading: number; exercisesPassed: number; exercisesTotal: number; checkRight: number; checkTotal: number };
export type AtRiskDto = { learner: LearnerRef; flags: RiskFlag[] };
export type LessonRowDto = { learner: LearnerRef; lastActivity: string; completed: number; cells: LessonCellDto[] };
export type LessonHeatmapDto = { lessons: LessonRef[]; rows: LessonRowDto[]; total: number; page: number; pages: number; atRisk: AtRiskDto[] };

/** Which learners a heat map shows: one page of `size` (by name), or all of them. */
export type PageRequest = { page: number; size: number } | "all";

function pageOf<T>(xs: T[], req: PageRequest): { rows: T[]; page: number; pages: number } {
  if (req === "all") return { rows: xs, page: 1, pages: 1 };
  const pages = Math.max(1, Math.ceil(xs.length / req.size));
  const page = Math.min(pages, Math.max(1, Math.floor(req.page) || 1));
  return { rows: xs.slice((page - 1) * req.size, page * req.size), page, pages };
}

/**
 * Learners x lessons (reading %, exercises passed, check-questions right) for one page of learners, and the
 * at-risk list over all of them; null when the actor does not teach the cohort.
 */
export async function getLessonHeatmap(actor: TeachActor, cohortId: string, locale: Locale, req: PageRequest = "all", now = new Date()): Promise<LessonHeatmapDto | null> {
  if (!(await canTeachCohort(actor, cohortId))) return null;
  const lessons = await listLessons(locale);
  const people = await members(cohortId);
  const shown = pageOf(people, req);
  const ids = shown.rows.map((p) => p.id);
  const [progress, passedPerLesson, rightChecks, summary, shares, cq, exams] = await Promise.all([
    prisma.$queryRaw<{ userId: string; lessonSlug: string; percent: unknown; status: string }[]>`
      SELECT p."userId", p."lessonSlug", p."percent", p."status" FROM ${idsTable(ids)} ${orderedJoin()} "LessonProgress" p ON p."userId" = j.value`,
    prisma.$queryRaw<{ userId: string; exerciseId: string }[]>`
      SELECT DISTINCT a."userId", a."exerciseId" FROM ${idsTable(ids)} ${orderedJoin()} "ExerciseAttempt" a ON a."userId" = j.value WHERE a."status" = 'PASSED'`,
    prisma.$queryRaw<{ userId: string; itemId: string }[]>(
      dialect() === "postgresql"
        ? Prisma.sql`SELECT "userId", "itemId" FROM (
            SELECT DISTINCT ON (q."userId", q."itemId") q."userId", q."itemId", q."correct"
            FROM ${idsTable(ids)} JOIN "QuizAnswer" q ON q."userId" = j.value
            WHERE q."context" = 'lesson' ORDER BY q."userId", q."itemId", q."createdAt" DESC
          ) t WHERE "correct"`
        : Prisma.sql`SELECT "userId", "itemId" FROM (
            SELECT q."userId", q."itemId", q."correct", MAX(q."createdAt") AS at
            FROM ${idsTable(ids)} CROSS JOIN "QuizAnswer" q ${indexedBy("QuizAnswer_userId_itemId_createdAt_idx")} ON q."userId" = j.value
            WHERE q."context" = 'lesson' GROUP BY q."userId", q."itemId"
          ) WHERE "correct"`,
    ),
    memberSummaries(cohortId),
    answerShares(cohortId, new Date(now.getTime() - AT_RISK_RULES.readinessWindowDays * DAY_MS)),
    lessonCheckQuestions(lessons),
    latestTimedExams(cohortId),
  ]);
  const prog = new Map<string, Map<string, { percent: number; completed: boolean }>>();
  for (const p of progress) {
    let m = prog.get(p.userId);
    if (!m) prog.set(p.userId, (m = new Map()));
    m.set(p.lessonSlug, { percent: num(p.percent), completed: p.status === "COMPLETED" });
  }
  const passed = new Map<string, Set<string>>();
  for (const r of passedPerLesson) (passed.get(r.userId) ?? passed.set(r.userId, new Set()).get(r.userId)!).add(r.exerciseId);
  const right = new Map<string, Set<string>>();
  for (const r of rightChecks) (right.get(r.userId) ?? right.set(r.userId, new Set()).get(r.userId)!).add(r.itemId);
  const exercisesOf = new Map<string, string[]>();
  for (const le of exerciseCatalogue().all) pushTo(exercisesOf, le.lessonSlug, le.exercise.id);

  for (const [userId, sh] of shares) if (sh.last) summary.bump(userId, sh.last);
  for (const [userId, e] of exams) summary.bump(userId, e.at);
  const lastOf = (p: { id: string; joinedAt: Date }) => {
    const act = summary.last.get(p.id);
    return { last: act && act > p.joinedAt ? act : p.joinedAt, never: !act };
  };
  const signals: LearnerSignals[] = people.map((p) => {
    const { last, never } = lastOf(p);
    const w = summary.work.get(p.id);
    return {
      userId: p.id, lastActivity: last, neverActive: never, finished: (summary.completed.get(p.id) ?? 0) >= lessons.length,
      gradings: w?.gradings ?? 0, passes: w?.passes ?? 0, readinessNow: shareOf(shares.get(p.id)?.now), readinessBefore: shareOf(shares.get(p.id)?.before),
      latestExamPercent: exams.get(p.id)?.percent ?? null,
    };
  });
  const rows = shown.rows.map((p): LessonRowDto => {
    const pm = prog.get(p.id);
    const ps = passed.get(p.id);
    const rs = right.get(p.id);
    const cells = lessons.map((l) => {
      const pr = pm?.get(l.slug);
      const ex = exercisesOf.get(l.slug) ?? [];
      const qs = cq.get(l.slug) ?? [];
      return {
        reading: pr ? (pr.completed ? 100 : pr.percent) : 0,
        exercisesPassed: ps ? ex.filter((id) => ps.has(id)).length : 0,
        exercisesTotal: ex.length,
        checkRight: rs ? qs.filter((id) => rs.has(id)).length : 0,
        checkTotal: qs.length,
      };
    });
    return { learner: { id: p.id, name: p.name, email: p.email }, lastActivity: lastOf(p).last.toISOString(), completed: summary.completed.get(p.id) ?? 0, cells };
  });
  const flags = atRiskFlags(signals, now);
  const atRisk = people.filter((p) => flags.has(p.id)).map((p) => ({ learner: { id: p.id, name: p.name, email: p.email }, flags: flags.get(p.id)! }));
  return { lessons: lessons.map((l) => ({ slug: l.slug, title: l.title })), rows, total: people.length, page: shown.page, pages: shown.pages, atRisk };
}

export type ExerciseRef = { id: string; title: string; lessonSlug: string };
export type ExerciseCellDto = { status: "NOT_STARTED" | "IN_PROGRESS" | "PASSED"; attempts: number; gradings: number };

function exerciseRefs(locale: Locale): ExerciseRef[] {
  return exerciseCatalogue().all.map((le) => ({ id: le.exercise.id, title: le.exercise.title[locale], lessonSlug: le.lessonSlug }));
}

/** Learners x exercises (status, attempts, gradings) for one page of learners; null when the actor does not teach the cohort. */
export async function getExerciseHeatmap(actor: TeachActor, cohortId: string, locale: Locale, req: PageRequest = "all"): Promise<{ exercises: ExerciseRef[]; rows: { learner: LearnerRef; cells: ExerciseCellDto[] }[]; total: number; page: number; pages: number } | null> {
  if (!(await canTeachCohort(actor, cohortId))) return null;
  const exercises = exerciseRefs(locale);
  const people = await members(cohortId);
  const shown = pageOf(people, req);
  const totals = await exerciseTotals(cohortId, shown.rows.map((p) => p.id));
  const rows = shown.rows.map((p) => {
    const tm = totals.get(p.id);
    const cells = exercises.map((e): ExerciseCellDto => {
      const t = tm?.get(e.id);
      return t ? { status: t.passed ? "PASSED" : "IN_PROGRESS", attempts: t.attempts, gradings: t.gradings } : { status: "NOT_STARTED", attempts: 0, gradings: 0 };
    });
    return { learner: { id: p.id, name: p.name, email: p.email }, cells };
  });
  return { exercises, rows, total: people.length, page: shown.page, pages: shown.pages };
}

/** Learners x CKA competencies for one page: readiness by getReadiness's rule, from two grouped reads for the page. */
export async function getCompetencyHeatmap(actor: TeachActor, cohortId: string, req: PageRequest = "all", now = new Date()): Promise<{ competencies: string[]; rows: { learner: LearnerRef; cells: { readiness: number | null; evidence: number }[] }[]; total: number; page: number; pages: number } | null> {
  if (!(await canTeachCohort(actor, cohortId))) return null;
  const people = await members(cohortId);
  const shown = pageOf(people, req);
  const ids = shown.rows.map((p) => p.id);
  const [answers, cards] = await Promise.all([
    latestAnswers(cohortId, ids),
    prisma.$queryRaw<{ userId: string; kind: string; ref: string; competency: string; fsrs: string }[]>`
      SELECT c."userId", c."kind", c."ref", c."competency", c."fsrs" FROM ${idsTable(ids)} ${orderedJoin()} "ReviewCard" c ON c."userId" = j.value`,
  ]);
  const cardsOf = new Map<string, typeof cards>();
  for (const c of cards) pushTo(cardsOf, c.userId, c);
  const rows = shown.rows.map((p) => ({
    learner: { id: p.id, name: p.name, email: p.email },
    cells: readinessFromEvidence(answers.get(p.id) ?? new Map(), cardsOf.get(p.id) ?? [], now).map((r) => ({ readiness: r.readiness, evidence: r.evidence })),
  }));
  return { competencies: [...ALL_COMPETENCIES], rows, total: people.length, page: shown.page, pages: shown.pages };
}

/** Learners x exam tasks for one page: each learner's latest graded sitting of each pool task; null unless the actor teaches the cohort. */
export async function getExamTaskHeatmap(actor: TeachActor, cohortId: string, locale: Locale, req: PageRequest = "all"): Promise<{ tasks: ExamTaskRef[]; rows: { learner: LearnerRef; cells: ExamTaskCellDto[] }[]; total: number; page: number; pages: number } | null> {
  if (!(await canTeachCohort(actor, cohortId))) return null;
  const people = await members(cohortId);
  const shown = pageOf(people, req);
  const { tasks, cells } = await examTaskCells(cohortId, shown.rows.map((p) => p.id), locale);
  const rows = shown.rows.map((p) => ({ learner: { id: p.id, name: p.name, email: p.email }, cells: cells.get(p.id) ?? [] }));
  return { tasks, rows, total: people.length, page: shown.page, pages: shown.pages };
}

export type CheckAnalyticsDto = { id: string; title: string; graded: number; firstFailShare: number | null; failures: number; explanations: { text: string; count: number }[] };
export type ExerciseAnalyticsDto = ExerciseRef & {
  learners: number;
  graded: number;
  firstFailShare: number | null;
  medianGradingsToPass: number | null;
  passed: number;
  hintsUsed: number;
  learnersWithHints: number;
  solutionReveals: number;
  checks: CheckAnalyticsDto[];
};

/** How many explanations per check the analytics keep (the most common). */
export const TOP_EXPLANATIONS = 3;

type StoredCheck = { id: string; passed: boolean; explanation?: { ko: string; en: string } };

/**
 * Per exercise and per check: the share of learners failing at their first grading, the median number of
 * gradings until the first pass, hints and solution reveals, and the most common failure explanations.
 */
export async function getExerciseAnalytics(actor: TeachActor, cohortId: string, locale: Locale): Promise<ExerciseAnalyticsDto[] | null> {
  if (!(await canTeachCohort(actor, cohortId))) return null;
  const [attempts, grades] = await Promise.all([
    prisma.$queryRaw<{ userId: string; exerciseId: string; hintsUsed: unknown; revealed: unknown }[]>`
      SELECT a."userId", a."exerciseId", a."hintsUsed", CASE WHEN a."solutionRevealedAt" IS NOT NULL THEN 1 ELSE 0 END AS revealed
      FROM "ExerciseAttempt" a JOIN "CohortMember" m ON m."userId" = a."userId" AND m."cohortId" = ${cohortId}`,
    prisma.$queryRaw<{ userId: string; exerciseId: string; passed: unknown; checks: string }[]>`
      SELECT a."userId", a."exerciseId", g."passed", g."checks" FROM "GradeResult" g JOIN "ExerciseAttempt" a ON a."id" = g."attemptId"
      JOIN "CohortMember" m ON m."userId" = a."userId" AND m."cohortId" = ${cohortId} ORDER BY g."createdAt", g."id"`,
  ]);
  type Acc = { learners: Set<string>; hints: number; hintLearners: Set<string>; reveals: number; gradesByLearner: Map<string, { passed: boolean; checks: StoredCheck[] }[]> };
  const acc = new Map<string, Acc>();
  const get = (id: string) => {
    let a = acc.get(id);
    if (!a) acc.set(id, (a = { learners: new Set(), hints: 0, hintLearners: new Set(), reveals: 0, gradesByLearner: new Map() }));
    return a;
  };
  for (const a of attempts) {
    const x = get(a.exerciseId);
    x.learners.add(a.userId);
    const h = num(a.hintsUsed);
    x.hints += h;
    if (h > 0) x.hintLearners.add(a.userId);
    if (num(a.revealed) > 0) x.reveals++;
  }
  for (const g of grades) pushTo(get(g.exerciseId).gradesByLearner, g.userId, { passed: num(g.passed) > 0, checks: JSON.parse(g.checks) as StoredCheck[] });

  return exerciseCatalogue().all.map((le) => {
    const e = le.exercise;
    const x = acc.get(e.id);
    const byLearner = [...(x?.gradesByLearner.values() ?? [])];
    const toPass: number[] = [];
    let firstFail = 0;
    for (const gs of byLearner) {
      if (!gs[0].passed) firstFail++;
      const k = gs.findIndex((g) => g.passed);
      if (k >= 0) toPass.push(k + 1);
    }
    const checks = e.checks.map((c): CheckAnalyticsDto => {
      let graded = 0;
      let failedFirst = 0;
      let failures = 0;
      const texts = new Map<string, number>();
      for (const gs of byLearner) {
        const first = gs[0].checks.find((r) => r.id === c.id);
        if (first) {
          graded++;
          if (!first.passed) failedFirst++;
        }
        for (const g of gs) {
          const r = g.checks.find((r) => r.id === c.id);
          if (!r || r.passed) continue;
          failures++;
          const text = r.explanation?.[locale];
          if (text) texts.set(text, (texts.get(text) ?? 0) + 1);
        }
      }
      const explanations = topCounts(texts, TOP_EXPLANATIONS);
      return { id: c.id, title: c.title[locale], graded, firstFailShare: graded ? failedFirst / graded : null, failures, explanations };
    });
    return {
      id: e.id, title: e.title[locale], lessonSlug: le.lessonSlug,
      learners: x?.learners.size ?? 0, graded: byLearner.length,
      firstFailShare: byLearner.length ? firstFail / byLearner.length : null,
      medianGradingsToPass: median(toPass), passed: toPass.length,
      hintsUsed: x?.hints ?? 0, learnersWithHints: x?.hintLearners.size ?? 0, solutionReveals: x?.reveals ?? 0,
      checks,
    };
  });
}

export type ItemAnalyticsDto = {
  itemId: string; stem: string; type: string; competency: string;
  n: number; nRest: number; facility: number; sd: number; discrimination: number | null; ci: [number, number] | null; efficiency: number | null;
  flags: string[];
  options: { label: string; correct: boolean; count: number }[];
  updatedAt: string;
};

/**
 * Item statistics over the cohort's members' first answers (instructors and admins excluded; lib/data/item-stats.ts
 * refreshes them a moment after a member's answer and recomputes stale ones on read), with each option's text and
 * count. Null unless the actor teaches the cohort.
 */
export async function getItemAnalytics(actor: TeachActor, cohortId: string, locale: Locale): Promise<ItemAnalyticsDto[] | null> {
  if (!(await canTeachCohort(actor, cohortId))) return null;
  const bank = quizBank();
  return (await listCohortItemStats(cohortId)).map((r) => {
    const item = bank.byId.get(r.itemId)?.item;
    const options = item && "options" in item && item.options ? item.options.map((o, k) => ({ label: o.text[locale], correct: o.correct, count: r.options[k] ?? 0 })) : [];
    return {
      itemId: r.itemId, stem: item?.stem[locale] ?? r.itemId, type: item?.type ?? "", competency: item?.competencies[0] ?? "",
      n: r.n, nRest: r.nRest, facility: r.facility, sd: r.sd, discrimination: r.discrimination, ci: r.ci, efficiency: r.efficiency, flags: r.flags, options, updatedAt: r.updatedAt,
    };
  });
}
