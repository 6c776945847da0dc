import type { Metadata } from "next";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeader } from "#app/_components/page-header";
import { StatusBadge } from "#app/_components/status-badge";
import { requireUser } from "#lib/auth/session";
import { listLessons } from "#lib/content/lessons";
import { listMyCohorts } from "#lib/data/cohorts";
import { exerciseStatusOf, listAttemptHistory, listExerciseStatuses, listLessonReadingTimes } from "#lib/data/learner";
import { listProgressForUser } from "#lib/data/progress";
import { exerciseCatalogue } from "#lib/exercise/loader";
import { Link } from "#lib/i18n/navigation";
import type { Locale } from "#lib/i18n/routing";
import { JoinCohortForm } from "./_components/join-cohort-form";
import { Readiness } from "./_components/readiness";
import { ExamTrend } from "./_components/exam-trend";
import { listMyExamTrend } from "#lib/data/exam-results";
import { examContent } from "#lib/exam/loader";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("me"))("title") };
}

const latest = (...isos: (string | null | undefined)[]) => isos.filter((x): x is string => Boolean(x)).sort().at(-1) ?? null;

export default async function MyProgressPage({ params }: { params: Promise<{ locale: Locale }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requireUser(locale, "/me");
  const [t, tc, ts, format] = await Promise.all([getTranslations("me"), getTranslations("catalogue"), getTranslations("exerciseStatus"), getFormatter()]);
  const [lessons, progress, statuses, history, readTimes, cohorts, exams] = await Promise.all([
    listLessons(locale),
    listProgressForUser(user.id),
    listExerciseStatuses(user),
    listAttemptHistory(user),
    listLessonReadingTimes(user),
    listMyCohorts(user),
    listMyExamTrend(user),
  ]);
  const byslug = new Map(progress.map((p) => [p.lessonSlug, p]));
  const done = progress.filter((p) => p.status === "COMPLETED").length;
  const catalogue = exerciseCatalogue();
  const titleOf = (id: string) => catalogue.byId.get(id)?.exercise.title[locale] ?? id;
  const when = (iso: string | null) => (iso ? format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" }) : t("never"));

  return (
    <div>
      <PageHeader title={t("title")} intro={t("greeting", { name: user.name })} />
      <p className="mb-4 text-sm" data-testid="me-summary">
        {t("summary", { done, total: lessons.length })}
      </p>
      {lessons.length === 0 ? (
        <p className="text-slate-600 dark:text-slate-400">{tc("empty")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[44rem] text-left text-sm">
            <thead className="border-b border-slate-200 text-slate-500 dark:border-slate-800">
              <tr>
                <th scope="col" className="py-2 pr-3">{t("lesson")}</th>
                <th scope="col" className="py-2 pr-3">{t("status")}</th>
                <th scope="col" className="py-2 pr-3 text-right">{t("reading")}</th>
                <th scope="col" className="py-2 pr-3">{t("exercises")}</th>
                <th scope="col" className="py-2">{t("lastActivity")}</th>
              </tr>
            </thead>
            <tbody>
              {lessons.map((l) => {
                const p = byslug.get(l.slug);
                const exercises = catalogue.all.filter((e) => e.lessonSlug === l.slug);
                const passed = exercises.filter((e) => exerciseStatusOf(statuses, e.exercise.id) === "PASSED").length;
                const last = latest(readTimes.get(l.slug), ...exercises.map((e) => statuses.get(e.exercise.id)?.lastActivity));
                return (
                  <tr key={l.slug} className="border-b border-slate-100 align-top dark:border-slate-900" data-testid={`me-lesson-${l.slug}`}>
                    <td className="py-2 pr-3">
                      <Link href={`/lessons/${l.slug}`} className="hover:underline">
                        {l.order}. {l.title}
                      </Link>
                    </td>
                    <td className="py-2 pr-3">{tc(`status.${p?.status ?? "NOT_STARTED"}`)}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{p?.percent ?? 0}%</td>
                    <td className="py-2 pr-3">
                      {exercises.length === 0 ? (
                        <span className="text-slate-500">{t("noExercises")}</span>
                      ) : (
                        <details>
                          <summary className="cursor-pointer tabular-nums">{t("exercisesOf", { passed, total: exercises.length })}</summary>
                          <ul className="mt-1 space-y-1">
                            {exercises.map((e) => {
                              const s = exerciseStatusOf(statuses, e.exercise.id);
                              return (
                                <li key={e.exercise.id} className="flex flex-wrap items-center gap-2">
                                  <Link href={`/exercises/${e.exercise.id}`} className="text-brand-600 underline dark:text-brand-100">
                                    {e.exercise.title[locale]}
                                  </Link>
                                  <StatusBadge status={s} label={ts(s)} />
                                </li>
                              );
                            })}
                          </ul>
                        </details>
                      )}
                    </td>
                    <td className="py-2 text-slate-600 dark:text-slate-400">{when(last)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <Readiness user={user} />

      <ExamTrend exams={exams} locale={locale} passPercent={examContent().blueprints.get("cka")?.passPercent ?? 66} />

      <section aria-labelledby="history-title" className="mt-10">
        <h2 id="history-title" className="mb-3 text-xl font-semibold">
          {t("historyTitle")}
        </h2>
        {history.length === 0 ? (
          <p className="text-slate-600 dark:text-slate-400">
            {t("historyEmpty")}{" "}
            <Link href="/exercises" className="text-brand-600 underline dark:text-brand-100">
              {t("historyCatalogue")}
            </Link>
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full min-w-[40rem] text-left text-sm" data-testid="attempt-history">
              <thead className="border-b border-slate-200 text-slate-500 dark:border-slate-800">
                <tr>
                  <th scope="col" className="py-2 pr-3">{t("attempt")}</th>
                  <th scope="col" className="py-2 pr-3">{t("started")}</th>
                  <th scope="col" className="py-2 pr-3">{t("lastActivity")}</th>
                  <th scope="col" className="py-2 pr-3 text-right">{t("commands")}</th>
                  <th scope="col" className="py-2 pr-3 text-right">{t("lastScore")}</th>
                  <th scope="col" className="py-2">{t("result")}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((a) => (
                  <tr key={a.id} className="border-b border-slate-100 dark:border-slate-900">
                    <td className="py-2 pr-3">
                      <Link href={`/exercises/${a.exerciseId}`} className="hover:underline">
                        {titleOf(a.exerciseId)}
                      </Link>
                    </td>
                    <td className="py-2 pr-3">{when(a.startedAt)}</td>
                    <td className="py-2 pr-3">{when(a.lastActivity)}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{a.commands}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{a.lastScore === null ? t("notChecked") : t("scoreValue", { score: a.lastScore })}</td>
                    <td className="py-2">
                      <StatusBadge status={a.status} label={ts(a.status)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="cohorts-title" className="mt-10">
        <h2 id="cohorts-title" className="mb-3 text-xl font-semibold">
          {t("cohortsTitle")}
        </h2>
        {cohorts.length === 0 ? (
          <p className="mb-4 text-slate-600 dark:text-slate-400">{t("cohortsNone")}</p>
        ) : (
          <ul className="mb-6 space-y-1" data-testid="my-cohorts">
            {cohorts.map((c) => (
              <li key={c.id}>
                <span className="font-medium">{c.name}</span>
                {c.instructors.length > 0 && <span className="text-sm text-slate-600 dark:text-slate-400"> · {t("cohortTaughtBy", { names: c.instructors.join(", ") })}</span>}
              </li>
            ))}
          </ul>
        )}
        <h3 className="mb-2 font-semibold">{t("joinTitle")}</h3>
        <JoinCohortForm />
      </section>
    </div>
  );
}
