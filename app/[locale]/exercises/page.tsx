import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeader } from "#app/_components/page-header";
import { SignInNotice } from "#app/_components/sign-in-notice";
import { StatusBadge } from "#app/_components/status-badge";
import { getCurrentUser } from "#lib/auth/session";
import { listLessons } from "#lib/content/lessons";
import { exerciseStatusOf, listExerciseStatuses } from "#lib/data/learner";
import { CatalogueFilterSchema, EXERCISE_STATUSES, filterCatalogue } from "#lib/exercise/catalogue";
import { exerciseCatalogue } from "#lib/exercise/loader";
import { DIFFICULTIES, DOMAINS } from "#lib/exercise/schema";
import { Link } from "#lib/i18n/navigation";
import type { Locale } from "#lib/i18n/routing";

type Props = { params: Promise<{ locale: Locale }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("exercises"))("title") };
}

const selectClass =
  "block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900";

// Only titles and tags leave the server: task texts, checks and solutions stay behind the exercise API.
export default async function ExerciseCataloguePage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const filter = CatalogueFilterSchema.parse(await searchParams);
  const [t, tc, ts, tw, user, lessons] = await Promise.all([
    getTranslations("exercises"),
    getTranslations("catalogue"),
    getTranslations("exerciseStatus"),
    getTranslations("workspace"),
    getCurrentUser(),
    listLessons(locale),
  ]);
  const statuses = user ? await listExerciseStatuses(user) : null;
  const lessonBySlug = new Map(lessons.map((l) => [l.slug, l]));
  const entries = exerciseCatalogue()
    .all.map((le) => ({
      id: le.exercise.id,
      title: le.exercise.title[locale],
      lessonSlug: le.lessonSlug,
      lesson: lessonBySlug.get(le.lessonSlug),
      domain: le.exercise.domain,
      difficulty: le.exercise.difficulty,
      minutes: le.exercise.minutes,
      status: statuses ? exerciseStatusOf(statuses, le.exercise.id) : null,
    }))
    .sort((a, b) => (a.lesson?.order ?? 99) - (b.lesson?.order ?? 99));
  const shown = filterCatalogue(entries, filter);
  const passed = entries.filter((e) => e.status === "PASSED").length;
  const filtered = Object.values(filter).some(Boolean);

  return (
    <div>
      <PageHeader title={t("title")} intro={t("intro")}>
        {user && (
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="exercises-passed">
            {t("passedCount", { passed, total: entries.length })}
          </p>
        )}
      </PageHeader>

      {!user && (
        <SignInNotice text={t("signIn")} linkLabel={t("signInLink")} returnTo={`/${locale}/exercises`} />
      )}

      <form method="get" role="search" aria-label={t("filters")} className="mb-6 grid gap-3 rounded-lg border border-slate-200 p-4 sm:grid-cols-2 lg:grid-cols-[repeat(4,minmax(0,1fr))_auto] dark:border-slate-800">
        <label className="text-sm font-medium">
          {t("lesson")}
          <select name="lesson" defaultValue={filter.lesson ?? ""} className={selectClass}>
            <option value="">{t("any")}</option>
            {lessons.map((l) => (
              <option key={l.slug} value={l.slug}>
                {l.order}. {l.title}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium">
          {t("domain")}
          <select name="domain" defaultValue={filter.domain ?? ""} className={selectClass}>
            <option value="">{t("any")}</option>
            {DOMAINS.map((d) => (
              <option key={d} value={d}>
                {tc(`domain.${d}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium">
          {t("difficulty")}
          <select name="difficulty" defaultValue={filter.difficulty ?? ""} className={selectClass}>
            <option value="">{t("any")}</option>
            {DIFFICULTIES.map((d) => (
              <option key={d} value={d}>
                {tw(`difficulty.${d}`)}
              </option>
            ))}
          </select>
        </label>
        {user && (
          <label className="text-sm font-medium">
            {t("status")}
            <select name="status" defaultValue={filter.status ?? ""} className={selectClass}>
              <option value="">{t("any")}</option>
              {EXERCISE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {ts(s)}
                </option>
              ))}
            </select>
          </label>
        )}
        <div className="flex items-end gap-3">
          <button type="submit" className="rounded-md bg-brand-500 px-4 py-1.5 text-sm font-medium text-white hover:bg-brand-600">
            {t("apply")}
          </button>
          {filtered && (
            <Link href="/exercises" className="text-sm text-brand-600 underline dark:text-brand-100">
              {t("clear")}
            </Link>
          )}
        </div>
      </form>

      <p role="status" className="mb-3 text-sm text-slate-600 dark:text-slate-400" data-testid="exercises-count">
        {t("count", { shown: shown.length, total: entries.length })}
      </p>

      {shown.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-slate-600 dark:border-slate-700 dark:text-slate-400">{t("none")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <caption className="sr-only">{t("table")}</caption>
            <thead className="border-b border-slate-200 text-slate-500 dark:border-slate-800">
              <tr>
                <th scope="col" className="py-2 pr-3">{t("name")}</th>
                <th scope="col" className="py-2 pr-3">{t("lesson")}</th>
                <th scope="col" className="py-2 pr-3">{t("domain")}</th>
                <th scope="col" className="py-2 pr-3">{t("difficulty")}</th>
                {user && <th scope="col" className="py-2">{t("status")}</th>}
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr key={e.id} className="border-b border-slate-100 align-top dark:border-slate-900" data-testid={`exercise-row-${e.id}`}>
                  <td className="py-2 pr-3">
                    <Link href={`/exercises/${e.id}`} className="font-medium text-brand-600 hover:underline dark:text-brand-100">
                      {e.title}
                    </Link>
                    {e.minutes && <span className="block text-xs text-slate-500 dark:text-slate-400">{t("minutes", { minutes: e.minutes })}</span>}
                  </td>
                  <td className="py-2 pr-3">
                    {e.lesson && (
                      <Link href={`/lessons/${e.lessonSlug}`} className="hover:underline">
                        {e.lesson.order}. {e.lesson.title}
                      </Link>
                    )}
                  </td>
                  <td className="py-2 pr-3">{tc(`domain.${e.domain}`)}</td>
                  <td className="py-2 pr-3">{tw(`difficulty.${e.difficulty}`)}</td>
                  {user && e.status && (
                    <td className="py-2">
                      <StatusBadge status={e.status} label={ts(e.status)} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
