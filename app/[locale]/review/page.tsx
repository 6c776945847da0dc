import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { presentItem } from "#app/api/_quiz/handlers";
import { PageHeader } from "#app/_components/page-header";
import { SignInNotice } from "#app/_components/sign-in-notice";
import { QuizItem } from "#app/_components/quiz/quiz-item";
import { getCurrentUser } from "#lib/auth/session";
import { getExamDate, listReviewQueue, reviewSeed } from "#lib/data/quiz";
import { getExercise } from "#lib/exercise/loader";
import { Link } from "#lib/i18n/navigation";
import type { Locale } from "#lib/i18n/routing";
import { DAILY_LIMIT } from "#lib/quiz/review";
import { ExamDateForm } from "./exam-date-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("review"))("title") };
}

/** Today's review queue: the learner's own misses, each item in a new variant, each failed exercise check as a redo. */
export default async function ReviewPage({ params }: { params: Promise<{ locale: Locale }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const [t, tq, user] = await Promise.all([getTranslations("review"), getTranslations("quiz"), getCurrentUser()]);
  if (!user) {
    return (
      <div>
        <PageHeader title={t("title")} intro={t("intro")} />
        <SignInNotice text={t("signIn")} linkLabel={tq("signInLink")} returnTo={`/${locale}/review`} className="" />
      </div>
    );
  }
  const [{ queue, due, total }, examDate] = await Promise.all([listReviewQueue(user), getExamDate(user)]);
  return (
    <div>
      <PageHeader title={t("title")} intro={t("intro")} />
      <p className="mb-4 text-sm" data-testid="review-summary">
        {t("dueToday", { due, total, limit: DAILY_LIMIT })}
      </p>
      <div className="mb-8">
        <ExamDateForm current={examDate?.slice(0, 10) ?? ""} />
      </div>
      {queue.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-slate-600 dark:border-slate-700 dark:text-slate-400">{total ? t("empty") : t("emptyNoCards")}</p>
      ) : (
        queue.map((card) => {
          if (card.kind === "item") {
            const presented = presentItem(user.id, card.ref, reviewSeed(card.id, card.reps), locale, "review");
            return presented ? <QuizItem key={card.id} presented={presented} label={tq(`competencies.${card.competency}` as "competencies.ts-nodes")} /> : null;
          }
          const [exerciseId, checkId] = card.ref.split("#");
          const ex = getExercise(exerciseId);
          const check = ex?.exercise.checks.find((c) => c.id === checkId);
          if (!ex) return null;
          return (
            <section key={card.id} className="my-6 rounded-lg border border-slate-200 p-4 dark:border-slate-800" data-testid="review-check">
              <h3 className="mb-1 text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">{tq(`competencies.${card.competency}` as "competencies.ts-nodes")}</h3>
              <p className="font-medium">{ex.exercise.title[locale]}</p>
              <p className="text-sm text-slate-700 dark:text-slate-300">{t("checkCard", { check: (check?.title[locale] ?? checkId).replace(/\{\{\s*(\w+)\s*\}\}/g, "$1") })}</p>
              <Link href={`/exercises/${exerciseId}`} className="mt-2 inline-block text-brand-600 underline dark:text-brand-100">
                {t("redo")}
              </Link>
            </section>
          );
        })
      )}
    </div>
  );
}
