import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeader } from "#app/_components/page-header";
import { SignInNotice } from "#app/_components/sign-in-notice";
import { getCurrentUser } from "#lib/auth/session";
import { listExams } from "#lib/data/exams";
import { examContent } from "#lib/exam/loader";
import { Link } from "#lib/i18n/navigation";
import type { Locale } from "#lib/i18n/routing";
import { StartExam } from "./_components/start-exam";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("exam"))("title") };
}

/** Start a timed or practice mock exam (generated, or a named one), and the learner's earlier exams. */
export default async function ExamPage({ params }: { params: Promise<{ locale: Locale }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const [t, user] = await Promise.all([getTranslations("exam"), getCurrentUser()]);
  const content = examContent();
  const bp = content.blueprints.get("cka")!;
  if (!user) {
    return (
      <div>
        <PageHeader title={t("title")} intro={t("intro", { minutes: bp.minutes, tasks: bp.tasks.default, pass: bp.passPercent })} />
        <SignInNotice text={t("signIn")} linkLabel={t("signInLink")} returnTo={`/${locale}/exam`} className="" />
      </div>
    );
  }
  const exams = await listExams(user);
  const choices = [
    { mode: "timed" as const, label: t("startTimed"), description: t("timedDescription", { minutes: bp.minutes, tasks: bp.tasks.default }) },
    { mode: "practice" as const, label: t("startPractice"), description: t("practiceDescription") },
    ...[...content.named.values()].map((n) => ({ mode: "timed" as const, namedId: n.id, label: t("startNamed", { title: n.title[locale] }), description: t("namedDescription") })),
  ];
  return (
    <div>
      <PageHeader title={t("title")} intro={t("intro", { minutes: bp.minutes, tasks: bp.tasks.default, pass: bp.passPercent })} />
      <StartExam locale={locale} choices={choices} />
      <h2 className="mb-2 mt-8 text-lg font-semibold">{t("history")}</h2>
      {exams.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">{t("noHistory")}</p>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {exams.map((e) => (
            <li key={e.id} className="flex flex-wrap items-center gap-3 py-2 text-sm">
              <span className="font-medium">{e.title[locale]}</span>
              <span className="text-slate-500">{e.mode === "practice" ? t("practiceMode") : t("timedMode")}</span>
              <time dateTime={e.startedAt} className="text-slate-500">{e.startedAt.slice(0, 16).replace("T", " ")} UTC</time>
              {e.gradedAt ? (
                <Link href={`/exam/${e.id}/result`} className="ml-auto text-brand-600 underline dark:text-brand-100">
                  {t("resultLink", { score: e.score ?? 0, outcome: e.passed ? t("pass") : t("fail") })}
                </Link>
              ) : (
                <Link href={`/exam/${e.id}`} className="ml-auto text-brand-600 underline dark:text-brand-100">
                  {t("resume")}
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
