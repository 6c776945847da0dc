import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { AuthCard } from "#app/_components/auth-card";
import { safeCallbackPath } from "#lib/auth/roles";
import { SignInForm } from "./sign-in-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth");
  return { title: t("signInTitle") };
}

export default async function SignInPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  setRequestLocale((await params).locale as "ko" | "en");
  const t = await getTranslations("auth");
  const query = await searchParams;
  const callbackUrl = safeCallbackPath(query.callbackUrl);
  // After a sign-up whose automatic sign-in failed (the address may have had an account already; we do not say).
  const notice = query.from === "signup" ? t("signUpCheck") : undefined;
  return (
    <AuthCard title={t("signInTitle")} intro={callbackUrl ? t("signInToContinue") : t("signInIntro")}>
      <SignInForm callbackUrl={callbackUrl} notice={notice} />
    </AuthCard>
  );
}
