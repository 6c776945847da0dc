import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeader } from "#app/_components/page-header";
import { requireRole } from "#lib/auth/session";
import { getAttemptReplay } from "#lib/data/teach-learner";
import { Link } from "#lib/i18n/navigation";
import type { Locale } from "#lib/i18n/routing";
import { ReplayPlayer } from "./replay-player";

type Props = { params: Promise<{ locale: Locale; cohortId: string; userId: string; attemptId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("teach.replay"))("title") };
}

/** The learner's terminal session, replayed from its log (read-only). */
export default async function AttemptReplayPage({ params }: Props) {
  const { locale, cohortId, userId, attemptId } = await params;
  setRequestLocale(locale);
  const user = await requireRole("INSTRUCTOR", locale, `/teach/${cohortId}/learners/${userId}/attempts/${attemptId}`);
  const r = await getAttemptReplay(user, cohortId, userId, attemptId, locale);
  if (!r) notFound();
  const t = await getTranslations("teach.replay");
  return (
    <div>
      <p className="mb-2 text-sm">
        <Link href={`/teach/${cohortId}/learners/${userId}`} className="text-brand-600 underline dark:text-brand-100">{t("back")}</Link>
      </p>
      <PageHeader title={t("heading", { exercise: r.attempt.title })} intro={t("intro", { commands: r.attempt.commands })} />
      {!r.transcript.complete && <p role="alert" className="mb-3 text-red-700 dark:text-red-400">{t("incomplete")}</p>}
      {r.transcript.omitted > 0 && <p className="mb-3 text-sm">{t("omitted", { n: r.transcript.omitted })}</p>}
      <ReplayPlayer entries={r.transcript.entries} />
    </div>
  );
}
