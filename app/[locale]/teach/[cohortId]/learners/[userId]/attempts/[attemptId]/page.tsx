import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeader } from "#app/_components/page-header";
import { requireRole } from "#lib/auth/session";
import { getAttemptReplay, getAttemptReplayStep, REPLAY_WINDOW } from "#lib/data/teach-learner";
import { Link } from "#lib/i18n/navigation";
import type { Locale } from "#lib/i18n/routing";
import { ReplayPlayer } from "./replay-player";

type Props = { params: Promise<{ locale: Locale; cohortId: string; userId: string; attemptId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("teach.replay"))("title") };
}

/** The learner's terminal session, step by step from its log, with the cluster after each step (read-only). */
export default async function AttemptReplayPage({ params }: Props) {
  const { locale, cohortId, userId, attemptId } = await params;
  setRequestLocale(locale);
  const user = await requireRole("INSTRUCTOR", locale, `/teach/${cohortId}/learners/${userId}/attempts/${attemptId}`);
  const r = await getAttemptReplay(user, cohortId, userId, attemptId, locale);
  if (!r) notFound();
  // The first step is replayed now (the start and one entry); the others when the instructor steps to them.
  const first = await getAttemptReplayStep(user, cohortId, userId, attemptId, { step: Math.min(1, r.steps.length), outputsFrom: 0 });
  const t = await getTranslations("teach.replay");
  return (
    <div>
      <p className="mb-2 text-sm">
        <Link href={`/teach/${cohortId}/learners/${userId}`} className="text-brand-600 underline dark:text-brand-100">{t("back")}</Link>
      </p>
      <PageHeader title={t("heading", { exercise: r.attempt.title })} intro={t("intro", { commands: r.attempt.commands })} />
      <ReplayPlayer ids={{ cohortId, userId, attemptId }} labels={r.steps} first={first} window={REPLAY_WINDOW} />
    </div>
  );
}
