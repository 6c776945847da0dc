import "server-only";
import { z } from "zod";
import { prisma } from "#lib/db";
import { toCsv, type CsvCell } from "#lib/teach/csv";
import { getItemAnalytics, getLessonHeatmap } from "./teach";
import { examExportRows } from "./exam-results";
import { canTeachCohort, type TeachActor } from "./teach-cohorts";
import { asDate } from "./sql";

type Locale = "ko" | "en";

/** What can be exported and how. */
export const ExportKindSchema = z.enum(["roster", "exercises", "answers", "items", "exams"]);
export type ExportKind = z.infer<typeof ExportKindSchema>;
export const ExportFormatSchema = z.enum(["csv", "json"]);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

type Table = { header: string[]; rows: CsvCell[][] };

async function rosterTable(actor: TeachActor, cohortId: string, locale: Locale): Promise<Table | null> {
  const h = await getLessonHeatmap(actor, cohortId, locale);
  if (!h) return null;
  const risk = new Map(h.atRisk.map((r) => [r.learner.id, r.flags.map((f) => f.rule).join(" ")]));
  const header = ["name", "email", "last_activity", "lessons_completed", "lessons_total", "reading_avg_pct", "exercises_passed", "exercises_total", "check_questions_right", "check_questions_total", "at_risk"];
  const rows = h.rows.map((r) => {
    const sum = (f: (c: (typeof r.cells)[number]) => number) => r.cells.reduce((s, c) => s + f(c), 0);
    return [
      r.learner.name, r.learner.email, r.lastActivity, r.completed, h.lessons.length,
      h.lessons.length ? Math.round(sum((c) => c.reading) / h.lessons.length) : 0,
      sum((c) => c.exercisesPassed), sum((c) => c.exercisesTotal), sum((c) => c.checkRight), sum((c) => c.checkTotal),
      risk.get(r.learner.id) ?? "",
    ];
  });
  return { header, rows };
}

/** Per learner, exercise and check: gradings, failures, the first and the latest result, the latest failure's explanation. */
async function exercisesTable(cohortId: string, locale: Locale): Promise<Table> {
  const grades = await prisma.$queryRaw<{ name: string; email: string; userId: string; exerciseId: string; checks: string }[]>`
    SELECT u."name", u."email", a."userId", a."exerciseId", g."checks" FROM "GradeResult" g JOIN "ExerciseAttempt" a ON a."id" = g."attemptId"
    JOIN "CohortMember" m ON m."userId" = a."userId" AND m."cohortId" = ${cohortId} JOIN "User" u ON u."id" = a."userId"
    ORDER BY u."name", u."email", a."exerciseId", g."createdAt", g."id"`;
  type Acc = { name: string; email: string; exerciseId: string; checkId: string; gradings: number; failures: number; first: boolean; last: boolean; explanation: string };
  const acc = new Map<string, Acc>();
  for (const g of grades) {
    for (const c of JSON.parse(g.checks) as { id: string; passed: boolean; explanation?: { ko: string; en: string } }[]) {
      const key = `${g.userId}\u0000${g.exerciseId}\u0000${c.id}`;
      let a = acc.get(key);
      if (!a) acc.set(key, (a = { name: g.name, email: g.email, exerciseId: g.exerciseId, checkId: c.id, gradings: 0, failures: 0, first: c.passed, last: c.passed, explanation: "" }));
      a.gradings++;
      a.last = c.passed;
      if (!c.passed) {
        a.failures++;
        a.explanation = c.explanation?.[locale] ?? "";
      }
    }
  }
  const header = ["name", "email", "exercise", "check", "gradings", "failures", "first_passed", "latest_passed", "latest_failure_explanation"];
  return { header, rows: [...acc.values()].map((a) => [a.name, a.email, a.exerciseId, a.checkId, a.gradings, a.failures, a.first, a.last, a.explanation]) };
}

async function answersTable(cohortId: string): Promise<Table> {
  const rows = await prisma.$queryRaw<{ name: string; email: string; itemId: string; context: string; first: unknown; correct: unknown; score: unknown; createdAt: unknown }[]>`
    SELECT u."name", u."email", q."itemId", q."context", q."first", q."correct", q."score", q."createdAt" FROM "QuizAnswer" q
    JOIN "CohortMember" m ON m."userId" = q."userId" AND m."cohortId" = ${cohortId} JOIN "User" u ON u."id" = q."userId"
    ORDER BY u."name", u."email", q."createdAt"`;
  const header = ["name", "email", "item", "context", "first", "correct", "score", "answered_at"];
  return {
    header,
    rows: rows.map((r) => [r.name, r.email, r.itemId, r.context, Number(r.first) > 0, Number(r.correct) > 0, Number(r.score) / 1000, asDate(r.createdAt)!.toISOString()]),
  };
}

async function itemsTable(actor: TeachActor, cohortId: string, locale: Locale): Promise<Table | null> {
  const items = await getItemAnalytics(actor, cohortId, locale);
  if (!items) return null;
  const header = ["item", "competency", "type", "n", "facility_pct", "sd_pct", "discrimination", "ci_low", "ci_high", "efficiency", "flags", "option_counts"];
  const r1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
  return {
    header,
    rows: items.map((i) => [i.itemId, i.competency, i.type, i.n, r1(i.facility), r1(i.sd), r1(i.discrimination), r1(i.ci?.[0] ?? null), r1(i.ci?.[1] ?? null), r1(i.efficiency), i.flags.join(" "), i.options.map((o) => o.count).join(" ")]),
  };
}

/** Per learner, graded exam and task: the exam's score and outcome, the task's points and its failed checks. */
async function examsTable(cohortId: string, locale: Locale): Promise<Table> {
  const header = ["name", "email", "exam_id", "mode", "exam", "started_at", "graded_at", "extension", "score_pct", "passed", "task_position", "task", "domain", "context", "points", "earned", "failed_checks"];
  const rows = (await examExportRows(cohortId, locale)).map((r) => [
    r.name, r.email, r.examId, r.mode, r.exam, r.startedAt, r.gradedAt, r.extension, r.percent, r.passed, r.position, r.taskId, r.domain, r.context, r.points, r.earned, r.failedChecks,
  ]);
  return { header, rows };
}

export type ExportFile = { body: string; contentType: string; filename: string };

/** An export of a cohort the actor teaches as CSV (UTF-8 with BOM, formula cells neutralised) or JSON; null otherwise. */
export async function buildCohortExport(actor: TeachActor, cohortId: string, kind: ExportKind, format: ExportFormat, locale: Locale): Promise<ExportFile | null> {
  if (!(await canTeachCohort(actor, cohortId))) return null;
  const table =
    kind === "roster" ? await rosterTable(actor, cohortId, locale)
    : kind === "exercises" ? await exercisesTable(cohortId, locale)
    : kind === "answers" ? await answersTable(cohortId)
    : kind === "exams" ? await examsTable(cohortId, locale)
    : await itemsTable(actor, cohortId, locale);
  if (!table) return null;
  const filename = `cohort-${cohortId}-${kind}.${format}`;
  if (format === "csv") return { body: toCsv(table.header, table.rows), contentType: "text/csv; charset=utf-8", filename };
  const objects = table.rows.map((r) => Object.fromEntries(table.header.map((h, k) => [h, r[k] ?? null])));
  return { body: JSON.stringify({ cohortId, kind, rows: objects }), contentType: "application/json; charset=utf-8", filename };
}
