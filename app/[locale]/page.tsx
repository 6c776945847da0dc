import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeader } from "#app/_components/page-header";
import { SignInNotice } from "#app/_components/sign-in-notice";
import { getCurrentUser } from "#lib/auth/session";
import { listLessons } from "#lib/content/lessons";
import { listProgressForUser } from "#lib/data/progress";
import { Link } from "#lib/i18n/navigation";
import type { Locale } from "#lib/i18n/routing";

export default async function CataloguePage({ params }: { params: Promise<{ locale: Locale }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations("catalogue");
  const user = await getCurrentUser();
  const [lessons, progress] = await Promise.all([listLessons(locale), user ? listProgressForUser(user.id) : []]);
  const status = new Map(progress.map((p) => [p.lessonSlug, p]));
  const next = user ? lessons.find((l) => status.get(l.slug)?.status !== "COMPLETED") : undefined;
  const done = lessons.filter((l) => status.get(l.slug)?.status === "COMPLETED").length;

  return (
    <div>
      <PageHeader title={t("title")} intro={t("intro")}>
        {user && lessons.length > 0 && (
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="catalogue-progress">
            {t("progress", { done, total: lessons.length })}
          </p>
        )}
      </PageHeader>

      {!user && (
        <SignInNotice text={t("signInToSave")} linkLabel={t("signInLink")} />
      )}

      {next && (
        <p className="mb-6 text-sm">
          {t("next")}{" "}
          <Link href={`/lessons/${next.slug}`} className="font-semibold text-brand-600 underline dark:text-brand-100">
            {next.order}. {next.title}
          </Link>
        </p>
      )}

      {lessons.length === 0 ? (
        <p className="text-slate-600 dark:text-slate-400">{t("empty")}</p>
      ) : (
        <ol className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {lessons.map((l) => {
            const s = status.get(l.slug)?.status ?? "NOT_STARTED";
            return (
              <li key={l.slug} className="flex flex-col rounded-xl border border-slate-200 p-5 dark:border-slate-800">
                <div className="flex items-center justify-between text-xs text-slate-500 dark:text-slate-400">
                  <span>{t("lessonNumber", { n: l.order })}</span>
                  <span>{t("minutes", { minutes: l.minutes })}</span>
                </div>
                <h2 className="mt-2 text-lg font-semibold">
                  <Link href={`/lessons/${l.slug}`} className="hover:underline">
                    {l.title}
                  </Link>
                </h2>
                <p className="mt-1 flex-1 text-sm text-slate-600 dark:text-slate-400">{l.summary}</p>
                <div className="mt-3 flex flex-wrap items-center gap-2 text-xs">
                  {l.domains.map((d) => (
                    <span key={d} className="rounded-full bg-slate-100 px-2 py-0.5 text-slate-700 dark:bg-slate-800 dark:text-slate-300">
                      {t(`domain.${d}`)}
                    </span>
                  ))}
                  {user && (
                    <span className="ml-auto font-medium" data-testid={`status-${l.slug}`}>
                      {t(`status.${s}`)}
                    </span>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
