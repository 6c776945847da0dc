import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { SignInNotice } from "#app/_components/sign-in-notice";
import { getCurrentUser } from "#lib/auth/session";
import type { Locale } from "#lib/i18n/routing";
import { ExamRoom } from "../_components/exam-room";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("exam"))("title") };
}

/** The exam room; the browser loads the exam's state from the API (the server owns time and grading). */
export default async function ExamSessionPage({ params }: { params: Promise<{ locale: Locale; examId: string }> }) {
  const { locale, examId } = await params;
  setRequestLocale(locale);
  const [t, user] = await Promise.all([getTranslations("exam"), getCurrentUser()]);
  if (!user) return <SignInNotice text={t("signIn")} linkLabel={t("signInLink")} returnTo={`/${locale}/exam/${examId}`} className="" />;
  return <ExamRoom examId={examId} locale={locale} />;
}
