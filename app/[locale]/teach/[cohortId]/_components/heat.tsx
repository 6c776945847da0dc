import { getTranslations } from "next-intl/server";
import type { AtRiskDto, ExerciseAnalyticsDto, LessonHeatmapDto } from "#lib/data/teach";
import { Link } from "#lib/i18n/navigation";
import { heatLevel, type HeatLevel } from "#lib/teach/heat";
import { AT_RISK_RULES } from "#lib/teach/at-risk";

// Colour says the level; the cell's text says the same in figures, and its title explains it in words.
const LEVEL_CLASS: Record<HeatLevel, string> = {
  0: "bg-white text-slate-500 dark:bg-slate-950 dark:text-slate-400",
  1: "bg-emerald-50 text-slate-800 dark:bg-emerald-950 dark:text-slate-200",
  2: "bg-emerald-100 text-slate-900 dark:bg-emerald-900 dark:text-slate-100",
  3: "bg-emerald-200 text-slate-900 dark:bg-emerald-800 dark:text-white",
  4: "bg-emerald-600 text-white font-semibold dark:bg-emerald-500",
};

export const pct = (x: number | null, digits = 0) => (x === null ? "—" : `${(x * 100).toFixed(digits)}%`);

type Learner = { id: string; name: string; email: string };

function LearnerCell({ cohortId, learner }: { cohortId: string; learner: Learner }) {
  return (
    <th scope="row" className="sticky left-0 z-10 max-w-48 truncate bg-white px-2 py-1 text-left font-medium dark:bg-slate-950">
      <Link href={`/teach/${cohortId}/learners/${learner.id}`} className="text-brand-600 underline dark:text-brand-100" title={learner.email}>
        {learner.name}
      </Link>
    </th>
  );
}

/** The pager under a heat map (50 learners a page). */
export async function Pager({ cohortId, view, page, pages }: { cohortId: string; view: string; page: number; pages: number }) {
  const t = await getTranslations("teach.dashboard");
  if (pages <= 1) return null;
  return (
    <nav aria-label={t("pages")} className="mt-3 flex flex-wrap gap-2 text-sm">
      {Array.from({ length: pages }, (_, i) => i + 1).map((p) => (
        <Link key={p} href={{ pathname: `/teach/${cohortId}`, query: { view, page: p } }} aria-current={p === page ? "page" : undefined} className={`rounded border px-2 py-0.5 ${p === page ? "border-brand-500 font-semibold" : "border-slate-300 dark:border-slate-700"}`}>
          {p}
        </Link>
      ))}
    </nav>
  );
}

export type HeatCell = { level: HeatLevel; title: string; text: React.ReactNode };

/** The table every heat map uses: a learner per row (linked to their page), a column per lesson, exercise or competency. */
export function HeatTable({ cohortId, testId, learnerLabel, columns, rows }: { cohortId: string; testId: string; learnerLabel: string; columns: { key: string; label: string; title: string; mono?: boolean }[]; rows: { learner: Learner; cells: HeatCell[] }[] }) {
  return (
    <table className="border-collapse text-xs" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col" className="sticky left-0 bg-white px-2 text-left dark:bg-slate-950">{learnerLabel}</th>
          {columns.map((c) => (
            <th key={c.key} scope="col" title={c.title} className={`px-1 font-normal ${c.mono ? "font-mono" : ""}`}>{c.label}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.learner.id} className="border-t border-slate-100 dark:border-slate-800">
            <LearnerCell cohortId={cohortId} learner={r.learner} />
            {r.cells.map((c, i) => (
              <td key={i} title={c.title} className={`whitespace-nowrap border border-slate-200 px-1 py-0.5 text-center tabular-nums dark:border-slate-800 ${LEVEL_CLASS[c.level]}`}>
                {c.text}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Learners x lessons: reading %, exercises passed / total, check-questions right / total. */
export async function LessonHeatmap({ cohortId, data, rows }: { cohortId: string; data: LessonHeatmapDto; rows: LessonHeatmapDto["rows"] }) {
  const t = await getTranslations("teach.heatmap");
  const table = rows.map((r) => ({
    learner: r.learner,
    cells: r.cells.map((c, i): HeatCell => {
      const parts = [c.reading / 100, c.exercisesTotal ? c.exercisesPassed / c.exercisesTotal : null, c.checkTotal ? c.checkRight / c.checkTotal : null].filter((x): x is number => x !== null);
      return {
        level: heatLevel(Math.round((parts.reduce((s, x) => s + x, 0) / parts.length) * 100), 100),
        title: t("lessonCell", { learner: r.learner.name, lesson: data.lessons[i].title, reading: c.reading, passed: c.exercisesPassed, exercises: c.exercisesTotal, right: c.checkRight, questions: c.checkTotal }),
        text: (
          <>
            {c.reading}%<br />
            {c.exercisesPassed}/{c.exercisesTotal} · {c.checkRight}/{c.checkTotal}
          </>
        ),
      };
    }),
  }));
  return (
    <div className="overflow-x-auto">
      <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">{t("lessonsLegend")}</p>
      <HeatTable cohortId={cohortId} testId="heatmap-lessons" learnerLabel={t("learner")} columns={data.lessons.map((l, i) => ({ key: l.slug, label: t("lessonShort", { n: i + 1 }), title: l.title }))} rows={table} />
    </div>
  );
}

const STATUS_MARK = { PASSED: "✔", IN_PROGRESS: "…", NOT_STARTED: "·" } as const;

/** Learners x exercises: passed, in progress (with attempts and gradings), not started. */
export async function ExerciseHeatmap({ cohortId, exercises, rows }: { cohortId: string; exercises: { id: string; title: string }[]; rows: { learner: Learner; cells: { status: "NOT_STARTED" | "IN_PROGRESS" | "PASSED"; attempts: number; gradings: number }[] }[] }) {
  const t = await getTranslations("teach.heatmap");
  const table = rows.map((r) => ({
    learner: r.learner,
    cells: r.cells.map((c, i): HeatCell => ({
      level: c.status === "PASSED" ? 4 : c.status === "IN_PROGRESS" ? 1 : 0,
      title: t(`exerciseCell.${c.status}`, { learner: r.learner.name, exercise: exercises[i].title, attempts: c.attempts, gradings: c.gradings }),
      text: `${STATUS_MARK[c.status]}${c.gradings > 0 ? ` ${c.gradings}` : ""}`,
    })),
  }));
  return (
    <div className="overflow-x-auto">
      <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">{t("exercisesLegend")}</p>
      <HeatTable cohortId={cohortId} testId="heatmap-exercises" learnerLabel={t("learner")} columns={exercises.map((e, i) => ({ key: e.id, label: String(i + 1), title: e.title }))} rows={table} />
    </div>
  );
}

/** Learners x CKA competencies: readiness (or too little evidence). */
export async function CompetencyHeatmap({ cohortId, competencies, rows }: { cohortId: string; competencies: string[]; rows: { learner: Learner; cells: { readiness: number | null; evidence: number }[] }[] }) {
  const t = await getTranslations("teach.heatmap");
  const tc = await getTranslations("quiz.competencies");
  const table = rows.map((r) => ({
    learner: r.learner,
    cells: r.cells.map((c, i): HeatCell => {
      const vars = { learner: r.learner.name, competency: competencies[i], evidence: c.evidence };
      return c.readiness === null
        ? { level: 0, title: t("competencyCellNone", vars), text: "?" }
        : { level: heatLevel(Math.round(c.readiness * 100), 100), title: t("competencyCell", { ...vars, readiness: Math.round(c.readiness * 100) }), text: Math.round(c.readiness * 100) };
    }),
  }));
  return (
    <div className="overflow-x-auto">
      <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">{t("competenciesLegend")}</p>
      <HeatTable cohortId={cohortId} testId="heatmap-competencies" learnerLabel={t("learner")} columns={competencies.map((c) => ({ key: c, label: c, title: tc.has(c) ? tc(c) : c, mono: true }))} rows={table} />
    </div>
  );
}

/** How many flagged learners the page lists (all of them are in the roster export's at_risk column). */
const AT_RISK_SHOWN = 50;

/** The at-risk list with the rules stated. */
export async function AtRiskList({ cohortId, atRisk }: { cohortId: string; atRisk: AtRiskDto[] }) {
  const t = await getTranslations("teach.atRisk");
  return (
    <section aria-labelledby="at-risk-title" className="mb-8">
      <h2 id="at-risk-title" className="mb-2 text-xl font-semibold">{t("title", { n: atRisk.length })}</h2>
      <ul className="mb-3 list-disc pl-5 text-sm text-slate-600 dark:text-slate-400">
        <li>{t("ruleInactive", { days: AT_RISK_RULES.inactiveDays })}</li>
        <li>{t("ruleStruggling", { share: Math.round(AT_RISK_RULES.struggleTopShare * 100), min: AT_RISK_RULES.struggleMinGradings, learners: AT_RISK_RULES.struggleMinLearners })}</li>
        <li>{t("ruleReadiness", { points: AT_RISK_RULES.readinessDropPoints, days: AT_RISK_RULES.readinessWindowDays })}</li>
        <li>{t("ruleExam", { mark: AT_RISK_RULES.examBelowPercent })}</li>
      </ul>
      {atRisk.length === 0 ? (
        <p className="text-sm">{t("none")}</p>
      ) : (
        <ul className="space-y-1 text-sm" data-testid="at-risk">
          {atRisk.slice(0, AT_RISK_SHOWN).map((r) => (
            <li key={r.learner.id}>
              <Link href={`/teach/${cohortId}/learners/${r.learner.id}`} className="font-medium text-brand-600 underline dark:text-brand-100">{r.learner.name}</Link>
              {": "}
              {r.flags
                .map((f) =>
                  f.rule === "inactive" ? (f.never ? t("reasonNever", { days: f.days }) : t("reasonInactive", { days: f.days }))
                  : f.rule === "struggling" ? t("reasonStruggling", { ratio: f.ratio.toFixed(1), threshold: f.threshold.toFixed(1) })
                  : f.rule === "examBelow" ? t("reasonExam", { percent: f.percent, mark: f.mark })
                  : t("reasonReadiness", { from: Math.round(f.from * 100), to: Math.round(f.to * 100) }),
                )
                .join("; ")}
            </li>
          ))}
          {atRisk.length > AT_RISK_SHOWN && <li className="text-slate-600 dark:text-slate-400">{t("more", { n: atRisk.length - AT_RISK_SHOWN })}</li>}
        </ul>
      )}
    </section>
  );
}

/** Per exercise and per check: first-grading failures, gradings to pass, hints, solutions, common explanations. */
export async function ExerciseAnalytics({ data }: { data: ExerciseAnalyticsDto[] }) {
  const t = await getTranslations("teach.analytics");
  const shown = data.filter((e) => e.learners > 0);
  if (!shown.length) return <p>{t("empty")}</p>;
  return (
    <div className="space-y-6" data-testid="exercise-analytics">
      <p className="text-sm text-slate-600 dark:text-slate-400">{t("intro")}</p>
      {shown.map((e) => (
        <section key={e.id} className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
          <h3 className="font-semibold">{e.title}</h3>
          <p className="mt-1 text-sm tabular-nums">
            {t("summary", { learners: e.learners, graded: e.graded, failFirst: pct(e.firstFailShare), median: e.medianGradingsToPass ?? "—", passed: e.passed, hints: e.hintsUsed, hintLearners: e.learnersWithHints, reveals: e.solutionReveals })}
          </p>
          <table className="mt-2 w-full text-sm">
            <thead>
              <tr className="text-left text-slate-500">
                <th scope="col" className="py-1 pr-2 font-normal">{t("check")}</th>
                <th scope="col" className="pr-2 font-normal">{t("failFirst")}</th>
                <th scope="col" className="pr-2 font-normal">{t("failures")}</th>
                <th scope="col" className="font-normal">{t("explanations")}</th>
              </tr>
            </thead>
            <tbody>
              {e.checks.map((c) => (
                <tr key={c.id} className="border-t border-slate-100 align-top dark:border-slate-800">
                  <td className="py-1 pr-2">{c.title}</td>
                  <td className="pr-2 tabular-nums">{pct(c.firstFailShare)} <span className="text-slate-500">({c.graded})</span></td>
                  <td className="pr-2 tabular-nums">{c.failures}</td>
                  <td>
                    <ul>
                      {c.explanations.map((x) => (
                        <li key={x.text}>{x.text} <span className="font-semibold tabular-nums">× {x.count}</span></li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
