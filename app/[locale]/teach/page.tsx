import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeader } from "#app/_components/page-header";
import { requireRole } from "#lib/auth/session";
import { listCohortsForInstructor } from "#lib/data/cohorts";
import { Link } from "#lib/i18n/navigation";
import type { Locale } from "#lib/i18n/routing";
import { CreateCohortForm } from "./_components/create-cohort-form";

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
      <section aria-labelledby="create-cohort-title" className="mb-10">
        <h2 id="create-cohort-title" className="mb-3 text-xl font-semibold">
          {t("createTitle")}
        </h2>
        <CreateCohortForm />
      </section>
      <h2 className="mb-3 text-xl font-semibold">{t("cohorts")}</h2>
      {cohorts.length === 0 ? (
        <p className="text-slate-600 dark:text-slate-400">{t("noCohorts")}</p>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {cohorts.map((c) => (
            <li key={c.id} data-testid={`cohort-${c.joinCode}`} className="rounded-xl border border-slate-200 p-5 dark:border-slate-800">
              <h3 className="text-lg font-semibold">
                <Link href={`/teach/${c.id}`} className="text-brand-600 underline dark:text-brand-100">
                  {c.name}
                </Link>
                {c.archived && <span className="ml-2 rounded bg-slate-200 px-2 py-0.5 text-xs font-normal dark:bg-slate-800">{t("archived")}</span>}
              </h3>
              <dl className="mt-2 grid grid-cols-2 gap-1 text-sm">
                <dt className="text-slate-500 dark:text-slate-400">{t("joinCode")}</dt>
                <dd className="font-mono">{c.joinCode}</dd>
                <dt className="text-slate-500 dark:text-slate-400">{t("members")}</dt>
                <dd className="tabular-nums">{c.memberCount}</dd>
                <dt className="text-slate-500 dark:text-slate-400">{t("joinLink")}</dt>
                <dd>
                  <Link href={{ pathname: "/join", query: { code: c.joinCode } }} className="break-all text-brand-600 underline dark:text-brand-100">
                    /{locale}/join?code={c.joinCode}
                  </Link>
                </dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
