import "server-only";
import fs from "node:fs";
import { prisma } from "#lib/db";
import { lessonFile, listLessons } from "#lib/content/lessons";
import { exerciseCatalogue } from "#lib/exercise/loader";
import { quizBank } from "#lib/quiz/loader";
import { ALL_COMPETENCIES } from "#lib/quiz/schema";
import { AT_RISK_RULES, atRiskFlags, type LearnerSignals, type RiskFlag } from "#lib/teach/at-risk";
import { median } from "#lib/teach/heat";
import { readinessFromEvidence } from "./quiz";
import { canTeachCohort, type TeachActor } from "./teach-cohorts";

// Cohort dashboards. Every reader checks that the actor teaches the cohort and returns null otherwise; the
// heavy reads are one grouped statement per table over the cohort's members (a join on CohortMember), so a
// cohort of 1,000 learners costs a handful of statements, never one per learner.

type Locale = "ko" | "en";
const DAY_MS = 86_400_000;

/** Prisma's text form of a DateTime in SQLite (what its own writes store), for comparisons in raw statements. */
const sqliteDate = (d: Date) => d.toISOString().replace("Z", "+00:00");
/** A DateTime column read by a raw statement (text as Prisma stores it, or epoch milliseconds). */
const asDate = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(typeof v === "bigint" ? Number(v) : (v as string | number)));
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
    SELECT u.id, u.name, u.email, m.joinedAt FROM "CohortMember" m JOIN "User" u ON u.id = m.userId WHERE m.cohortId = ${cohortId} ORDER BY u.name, u.email`;
  return rows.map((r) => ({ id: r.id, name: r.name, email: r.email, joinedAt: asDate(r.joinedAt)! }));
}

const pushTo = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const xs = m.get(k);
  if (xs) xs.push(v);
  else m.set(k, [v]);
};

/** Per learner and exercise: passed, attempts, gradings. */
async function exerciseTotals(cohortId: string) {
  const rows = await prisma.$queryRaw<{ userId: string; exerciseId: string; passed: unknown; attempts: unknown; gradings: unknown }[]>`
    SELECT a.userId, a.exerciseId, MAX(a.status = 'PASSED') AS passed, COUNT(DISTINCT a.id) AS attempts, COUNT(g.id) AS gradings
    FROM "ExerciseAttempt" a JOIN "CohortMember" m ON m.userId = a.userId AND m.cohortId = ${cohortId}
    LEFT JOIN "GradeResult" g ON g.attemptId = a.id
    GROUP BY a.userId, a.exerciseId`;
  const out = new Map<string, Map<string, { passed: boolean; attempts: number; gradings: number }>>();
  for (const r of rows) {
    let m = out.get(r.userId);
    if (!m) out.set(r.userId, (m = new Map()));
    m.set(r.exerciseId, { passed: num(r.passed) > 0, attempts: num(r.attempts), gradings: num(r.gradings) });
  }
  return out;
}

/** Each learner's latest answer per item (optionally only answers up to `until`, or only in lessons). */
async function latestAnswers(cohortId: string, opts: { until?: Date; context?: "lesson" } = {}) {
  // (Year 9999 at most: a later year would print with a sign and compare below every stored date.)
  const until = sqliteDate(opts.until ?? new Date("9999-12-31T00:00:00Z"));
  const rows = opts.context
    ? await prisma.$queryRaw<{ userId: string; itemId: string; correct: unknown; at: unknown }[]>`
        SELECT q.userId, q.itemId, q.correct, MAX(q.createdAt) AS at FROM "QuizAnswer" q JOIN "CohortMember" m ON m.userId = q.userId AND m.cohortId = ${cohortId}
        WHERE q.context = 'lesson' AND q.createdAt <= ${until} GROUP BY q.userId, q.itemId`
    : await prisma.$queryRaw<{ userId: string; itemId: string; correct: unknown; at: unknown }[]>`
        SELECT q.userId, q.itemId, q.correct, MAX(q.createdAt) AS at FROM "QuizAnswer" q JOIN "CohortMember" m ON m.userId = q.userId AND m.cohortId = ${cohortId}
        WHERE q.createdAt <= ${until} GROUP BY q.userId, q.itemId`;
  // SQLite returns the bare columns of the row holding MAX(createdAt): the latest answer's correctness.
  const out = new Map<string, Map<string, boolean>>();
  for (const r of rows) {
    let m = out.get(r.userId);
    if (!m) out.set(r.userId, (m = new Map()));
    m.set(r.itemId, num(r.correct) > 0);
  }
  return out;
}

/** Each learner's latest activity of any kind the database records (reading, attempts, gradings, answers, commands). */
async function lastActivities(cohortId: string): Promise<Map<string, Date>> {
  const [rows, cmds] = await Promise.all([
    prisma.$queryRaw<{ userId: string; at: unknown }[]>`
      SELECT userId, MAX(at) AS at FROM (
        SELECT p.userId, MAX(p.updatedAt) AS at FROM "LessonProgress" p JOIN "CohortMember" m ON m.userId = p.userId AND m.cohortId = ${cohortId} GROUP BY p.userId
        UNION ALL SELECT a.userId, MAX(a.createdAt) FROM "ExerciseAttempt" a JOIN "CohortMember" m ON m.userId = a.userId AND m.cohortId = ${cohortId} GROUP BY a.userId
        UNION ALL SELECT a.userId, MAX(g.createdAt) FROM "GradeResult" g JOIN "ExerciseAttempt" a ON a.id = g.attemptId JOIN "CohortMember" m ON m.userId = a.userId AND m.cohortId = ${cohortId} GROUP BY a.userId
        UNION ALL SELECT q.userId, MAX(q.createdAt) FROM "QuizAnswer" q JOIN "CohortMember" m ON m.userId = q.userId AND m.cohortId = ${cohortId} GROUP BY q.userId
      ) GROUP BY userId`,
    // Commands: the newest entry of each learner's newest attempts is enough (an attempt's commands follow its start).
    prisma.$queryRaw<{ userId: string; at: unknown }[]>`
      SELECT a.userId, MAX(c.createdAt) AS at FROM "ExerciseAttempt" a JOIN "CohortMember" m ON m.userId = a.userId AND m.cohortId = ${cohortId}
      JOIN "AttemptCommand" c ON c.attemptId = a.id
      WHERE a.createdAt >= (SELECT MAX(b.createdAt) FROM "ExerciseAttempt" b WHERE b.userId = a.userId) GROUP BY a.userId`,
  ]);
  const out = new Map<string, Date>();
  for (const r of [...rows, ...cmds]) {
    const d = asDate(r.at);
    if (!d) continue;
    const prev = out.get(r.userId);
    if (!prev || d > prev) out.set(r.userId, d);
  }
  return out;
}

const shareRight = (m: Map<string, boolean> | undefined): number | null => {
  if (!m || m.size < 3) return null;
  let right = 0;
  for (const v of m.values()) if (v) right++;
  return right / m.size;
};

export type LessonCellDto = { reading: number; exercisesPassed: number; exercisesTotal: number; checkRight: number; checkTotal: number };
export type AtRiskDto = { learner: LearnerRef; flags: RiskFlag[] };
export type LessonHeatmapDto = {
  lessons: LessonRef[];
  rows: { learner: LearnerRef; lastActivity: string; completed: number; cells: LessonCellDto[] }[];
  atRisk: AtRiskDto[];
};

/** Learners x lessons (reading %, exercises passed, check-questions right) and the at-risk list; null when the actor does not teach the cohort. */
export async function getLessonHeatmap(actor: TeachActor, cohortId: string, locale: Locale, now = new Date()): Promise<LessonHeatmapDto | null> {
  if (!(await canTeachCohort(actor, cohortId))) return null;
  const lessons = await listLessons(locale);
  const [people, progress, totals, checks, activity, readyNow, readyBefore, cq] = await Promise.all([
    members(cohortId),
    prisma.$queryRaw<{ userId: string; lessonSlug: string; percent: unknown; status: string }[]>`
      SELECT p.userId, p.lessonSlug, p.percent, p.status FROM "LessonProgress" p JOIN "CohortMember" m ON m.userId = p.userId AND m.cohortId = ${cohortId}`,
    exerciseTotals(cohortId),
    latestAnswers(cohortId, { context: "lesson" }),
    lastActivities(cohortId),
    latestAnswers(cohortId),
    latestAnswers(cohortId, { until: new Date(now.getTime() - AT_RISK_RULES.readinessWindowDays * DAY_MS) }),
    lessonCheckQuestions(lessons),
  ]);
  const prog = new Map<string, Map<string, { percent: number; completed: boolean }>>();
  for (const p of progress) {
    let m = prog.get(p.userId);
    if (!m) prog.set(p.userId, (m = new Map()));
    m.set(p.lessonSlug, { percent: num(p.percent), completed: p.status === "COMPLETED" });
  }
  const exercisesOf = new Map<string, string[]>();
  for (const le of exerciseCatalogue().all) pushTo(exercisesOf, le.lessonSlug, le.exercise.id);

  const signals: LearnerSignals[] = [];
  const rows = people.map((p) => {
    const pm = prog.get(p.id);
    const tm = totals.get(p.id);
    const am = checks.get(p.id);
    let completed = 0;
    const cells = lessons.map((l) => {
      const pr = pm?.get(l.slug);
      if (pr?.completed) completed++;
      const ex = exercisesOf.get(l.slug) ?? [];
      const qs = cq.get(l.slug) ?? [];
      return {
        reading: pr ? (pr.completed ? 100 : pr.percent) : 0,
        exercisesPassed: ex.filter((id) => tm?.get(id)?.passed).length,
        exercisesTotal: ex.length,
        checkRight: qs.filter((id) => am?.get(id) === true).length,
        checkTotal: qs.length,
      };
    });
    const act = activity.get(p.id);
    const last = act && act > p.joinedAt ? act : p.joinedAt;
    let gradings = 0;
    let passes = 0;
    for (const t of tm?.values() ?? []) {
      gradings += t.gradings;
      if (t.passed) passes++;
    }
    signals.push({ userId: p.id, lastActivity: last, neverActive: !act, finished: completed >= lessons.length, gradings, passes, readinessNow: shareRight(readyNow.get(p.id)), readinessBefore: shareRight(readyBefore.get(p.id)) });
    return { learner: { id: p.id, name: p.name, email: p.email }, lastActivity: last.toISOString(), completed, cells };
  });
  const flags = atRiskFlags(signals, now);
  const atRisk = rows.filter((r) => flags.has(r.learner.id)).map((r) => ({ learner: r.learner, flags: flags.get(r.learner.id)! }));
  return { lessons: lessons.map((l) => ({ slug: l.slug, title: l.title })), rows, atRisk };
}

export type ExerciseRef = { id: string; title: string; lessonSlug: string };
export type ExerciseCellDto = { status: "NOT_STARTED" | "IN_PROGRESS" | "PASSED"; attempts: number; gradings: number };

function exerciseRefs(locale: Locale): ExerciseRef[] {
  return exerciseCatalogue().all.map((le) => ({ id: le.exercise.id, title: le.exercise.title[locale], lessonSlug: le.lessonSlug }));
}

/** Learners x exercises (status, attempts, gradings); null when the actor does not teach the cohort. */
export async function getExerciseHeatmap(actor: TeachActor, cohortId: string, locale: Locale): Promise<{ exercises: ExerciseRef[]; rows: { learner: LearnerRef; cells: ExerciseCellDto[] }[] } | null> {
  if (!(await canTeachCohort(actor, cohortId))) return null;
  const exercises = exerciseRefs(locale);
  const [people, totals] = await Promise.all([members(cohortId), exerciseTotals(cohortId)]);
  const rows = people.map((p) => {
    const tm = totals.get(p.id);
    const cells = exercises.map((e): ExerciseCellDto => {
      const t = tm?.get(e.id);
      return t ? { status: t.passed ? "PASSED" : "IN_PROGRESS", attempts: t.attempts, gradings: t.gradings } : { status: "NOT_STARTED", attempts: 0, gradings: 0 };
    });
    return { learner: { id: p.id, name: p.name, email: p.email }, cells };
  });
  return { exercises, rows };
}

/** Learners x CKA competencies: readiness by getReadiness's rule, from two grouped reads for the whole cohort. */
export async function getCompetencyHeatmap(actor: TeachActor, cohortId: string, now = new Date()): Promise<{ competencies: string[]; rows: { learner: LearnerRef; cells: { readiness: number | null; evidence: number }[] }[] } | null> {
  if (!(await canTeachCohort(actor, cohortId))) return null;
  const [people, answers, cards] = await Promise.all([
    members(cohortId),
    latestAnswers(cohortId),
    prisma.$queryRaw<{ userId: string; kind: string; ref: string; competency: string; fsrs: string }[]>`
      SELECT c.userId, c.kind, c.ref, c.competency, c.fsrs FROM "ReviewCard" c JOIN "CohortMember" m ON m.userId = c.userId AND m.cohortId = ${cohortId}`,
  ]);
  const cardsOf = new Map<string, typeof cards>();
  for (const c of cards) pushTo(cardsOf, c.userId, c);
  const rows = people.map((p) => ({
    learner: { id: p.id, name: p.name, email: p.email },
    cells: readinessFromEvidence(answers.get(p.id) ?? new Map(), cardsOf.get(p.id) ?? [], now).map((r) => ({ readiness: r.readiness, evidence: r.evidence })),
  }));
  return { competencies: [...ALL_COMPETENCIES], rows };
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
      SELECT a.userId, a.exerciseId, a.hintsUsed, a.solutionRevealedAt IS NOT NULL AS revealed FROM "ExerciseAttempt" a JOIN "CohortMember" m ON m.userId = a.userId AND m.cohortId = ${cohortId}`,
    prisma.$queryRaw<{ userId: string; exerciseId: string; passed: unknown; checks: string }[]>`
      SELECT a.userId, a.exerciseId, g.passed, g.checks FROM "GradeResult" g JOIN "ExerciseAttempt" a ON a.id = g.attemptId
      JOIN "CohortMember" m ON m.userId = a.userId AND m.cohortId = ${cohortId} ORDER BY g.createdAt, g.id`,
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
      const explanations = [...texts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, TOP_EXPLANATIONS).map(([text, count]) => ({ text, count }));
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
  n: number; facility: number; sd: number; discrimination: number | null; ci: [number, number] | null; efficiency: number | null;
  flags: string[];
  options: { label: string; correct: boolean; count: number }[];
  updatedAt: string;
};

/**
 * Item statistics (all learners' first answers, instructors and admins excluded; lib/data/item-stats.ts keeps them
 * within seconds of an answer), with each option's text and count. Null unless the actor teaches the cohort.
 */
export async function getItemAnalytics(actor: TeachActor, cohortId: string, locale: Locale): Promise<ItemAnalyticsDto[] | null> {
  if (!(await canTeachCohort(actor, cohortId))) return null;
  const rows = await prisma.itemStat.findMany({ orderBy: { itemId: "asc" } });
  const bank = quizBank();
  return rows.map((r) => {
    const item = bank.byId.get(r.itemId)?.item;
    const counts = JSON.parse(r.options) as number[];
    const options = item && "options" in item && item.options ? item.options.map((o, k) => ({ label: o.text[locale], correct: o.correct, count: counts[k] ?? 0 })) : [];
    return {
      itemId: r.itemId, stem: item?.stem[locale] ?? r.itemId, type: item?.type ?? "", competency: item?.competencies[0] ?? "",
      n: r.n, facility: r.facility, sd: r.sd, discrimination: r.discrimination, ci: r.ciLow !== null && r.ciHigh !== null ? [r.ciLow, r.ciHigh] : null,
      efficiency: r.efficiency, flags: JSON.parse(r.flags) as string[], options, updatedAt: r.updatedAt.toISOString(),
    };
  });
}
