import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeader } from "#app/_components/page-header";
import { requireUser } from "#lib/auth/session";
import { getCohortNameByCode } from "#lib/data/cohorts";
import { Link } from "#lib/i18n/navigation";
import type { Locale } from "#lib/i18n/routing";
import { JoinCohortForm } from "../me/_components/join-cohort-form";

type Props = { params: Promise<{ locale: Locale }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("join"))("title") };
}

/** The join link an instructor shares: sign in (coming back here), see the cohort's name, confirm. */
export default async function JoinPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const raw = (await searchParams).code;
  const code = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 64) ?? "";
  await requireUser(locale, `/join?code=${encodeURIComponent(code)}`);
  const [t, cohort] = await Promise.all([getTranslations("join"), code ? getCohortNameByCode(code) : null]);

  return (
    <div>
      <PageHeader title={t("title")} intro={t("intro")} />
      {cohort ? (
        <>
          <p className="mb-4 text-lg font-medium">{t("cohort", { name: cohort.name })}</p>
          <JoinCohortForm initialCode={code.trim().toUpperCase()} submitLabel={t("confirm", { name: cohort.name })} />
        </>
      ) : (
        <>
          <p className="mb-4 max-w-xl text-slate-700 dark:text-slate-300" data-testid="join-unknown">
            {t("unknown")}
          </p>
          <JoinCohortForm initialCode={code.slice(0, 24)} />
        </>
      )}
      <p className="mt-6 text-sm">
        <Link href="/me" className="text-brand-600 underline dark:text-brand-100">
          {t("toMe")}
        </Link>
      </p>
    </div>
  );
}
