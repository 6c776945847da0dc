import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeader } from "#app/_components/page-header";
import { requireRole } from "#lib/auth/session";
import { listCohortsForInstructor } from "#lib/data/cohorts";
import type { Locale } from "#lib/i18n/routing";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("teach"))("title") };
}

export default async function TeachPage({ params }: { params: Promise<{ locale: Locale }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requireRole("INSTRUCTOR", locale, "/teach");
  const t = await getTranslations("teach");
  const cohorts = await listCohortsForInstructor(user);

  return (
    <div>
      <PageHeader title={t("title")} intro={t("intro")} />
      <h2 className="mb-3 text-xl font-semibold">{t("cohorts")}</h2>
      {cohorts.length === 0 ? (
        <p className="text-slate-600 dark:text-slate-400">{t("noCohorts")}</p>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {cohorts.map((c) => (
            <li key={c.id} className="rounded-xl border border-slate-200 p-5 dark:border-slate-800">
              <h3 className="text-lg font-semibold">{c.name}</h3>
              <dl className="mt-2 grid grid-cols-2 gap-1 text-sm">
                <dt className="text-slate-500 dark:text-slate-400">{t("joinCode")}</dt>
                <dd className="font-mono">{c.joinCode}</dd>
                <dt className="text-slate-500 dark:text-slate-400">{t("members")}</dt>
                <dd className="tabular-nums">{c.memberCount}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
