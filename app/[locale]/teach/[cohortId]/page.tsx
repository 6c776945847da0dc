import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeader } from "#app/_components/page-header";
import { requireRole } from "#lib/auth/session";
import { getCompetencyHeatmap, getExamTaskHeatmap, getExerciseAnalytics, getExerciseHeatmap, getItemAnalytics, getLessonHeatmap } from "#lib/data/teach";
import { getCohortExamResults, listLiveExams } from "#lib/data/exam-results";
import { getTaughtCohort } from "#lib/data/teach-cohorts";
import { Link } from "#lib/i18n/navigation";
import type { Locale } from "#lib/i18n/routing";
import { AtRiskList, CompetencyHeatmap, ExerciseAnalytics, ExerciseHeatmap, LessonHeatmap, Pager } from "./_components/heat";
import { ItemAnalytics } from "./_components/item-stats";
import { ExamResults, ExamTaskHeatmap, LiveMonitor } from "./_components/exams";
import { ManageCohort } from "./_components/manage";

type Props = { params: Promise<{ locale: Locale; cohortId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const VIEWS = ["lessons", "exercises", "competencies", "examTasks", "analytics", "items", "exams", "live", "manage"] as const;
type View = (typeof VIEWS)[number];
/** Learners per page of a heat map. */
const PAGE_SIZE = 50;
const EXPORTS = ["roster", "exercises", "answers", "items", "exams"] as const;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("teach.dashboard"))("title") };
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function CohortDashboardPage({ params, searchParams }: Props) {
  const { locale, cohortId } = await params;
  setRequestLocale(locale);
  const user = await requireRole("INSTRUCTOR", locale, `/teach/${cohortId}`);
  const cohort = await getTaughtCohort(user, cohortId);
  if (!cohort) notFound();
  const sp = await searchParams;
  const view: View = (VIEWS as readonly string[]).includes(first(sp.view) ?? "") ? (first(sp.view) as View) : "lessons";
  const t = await getTranslations("teach.dashboard");
  const req = { page: Number.parseInt(first(sp.page) ?? "1", 10) || 1, size: PAGE_SIZE };

  let body: React.ReactNode;
  if (view === "lessons") {
    const data = (await getLessonHeatmap(user, cohortId, locale, req))!;
    body = (
      <>
        <AtRiskList cohortId={cohortId} atRisk={data.atRisk} />
        <h2 className="mb-2 text-xl font-semibold">{t("heatmapTitle")}</h2>
        <LessonHeatmap cohortId={cohortId} data={data} rows={data.rows} />
        <Pager cohortId={cohortId} view={view} page={data.page} pages={data.pages} />
      </>
    );
  } else if (view === "exercises") {
    const data = (await getExerciseHeatmap(user, cohortId, locale, req))!;
    body = (
      <>
        <ExerciseHeatmap cohortId={cohortId} exercises={data.exercises} rows={data.rows} />
        <Pager cohortId={cohortId} view={view} page={data.page} pages={data.pages} />
      </>
    );
  } else if (view === "competencies") {
    const data = (await getCompetencyHeatmap(user, cohortId, req))!;
    body = (
      <>
        <CompetencyHeatmap cohortId={cohortId} competencies={data.competencies} rows={data.rows} />
        <Pager cohortId={cohortId} view={view} page={data.page} pages={data.pages} />
      </>
    );
  } else if (view === "examTasks") {
    const data = (await getExamTaskHeatmap(user, cohortId, locale, req))!;
    body = (
      <>
        <ExamTaskHeatmap cohortId={cohortId} tasks={data.tasks} rows={data.rows} />
        <Pager cohortId={cohortId} view={view} page={data.page} pages={data.pages} />
      </>
    );
  } else if (view === "exams") {
    body = <ExamResults cohortId={cohortId} data={(await getCohortExamResults(user, cohortId, locale))!} />;
  } else if (view === "live") {
    body = <LiveMonitor cohortId={cohortId} live={(await listLiveExams(user, cohortId, locale))!} />;
  } else if (view === "analytics") {
    body = <ExerciseAnalytics data={(await getExerciseAnalytics(user, cohortId, locale))!} />;
  } else if (view === "items") {
    body = <ItemAnalytics data={(await getItemAnalytics(user, cohortId, locale))!} />;
  } else {
    body = <ManageCohort cohort={cohort} />;
  }

  return (
    <div>
      <p className="mb-2 text-sm">
        <Link href="/teach" className="text-brand-600 underline dark:text-brand-100">{t("back")}</Link>
      </p>
      <PageHeader title={cohort.name} intro={t("intro", { members: cohort.memberCount, code: cohort.joinCode })}>
        {cohort.archived && <span className="rounded bg-slate-200 px-2 py-1 text-sm dark:bg-slate-800">{t("archived")}</span>}
      </PageHeader>
      <nav aria-label={t("views")} className="mb-6 flex flex-wrap gap-2 border-b border-slate-200 pb-2 dark:border-slate-800">
        {VIEWS.map((v) => (
          <Link key={v} href={{ pathname: `/teach/${cohortId}`, query: { view: v } }} aria-current={v === view ? "page" : undefined} className={`rounded-md px-3 py-1.5 text-sm ${v === view ? "bg-brand-500 text-white" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}>
            {t(`view.${v}`)}
          </Link>
        ))}
      </nav>
      {body}
      <section aria-labelledby="exports-title" className="mt-10">
        <h2 id="exports-title" className="mb-2 text-xl font-semibold">{t("exports")}</h2>
        <ul className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
          {EXPORTS.map((k) => (
            <li key={k}>
              {t(`export.${k}`)}:{" "}
              <a href={`/api/teach/${cohortId}/export/${k}?format=csv&locale=${locale}`} className="text-brand-600 underline dark:text-brand-100" download>CSV</a>
              {" · "}
              <a href={`/api/teach/${cohortId}/export/${k}?format=json&locale=${locale}`} className="text-brand-600 underline dark:text-brand-100">JSON</a>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
