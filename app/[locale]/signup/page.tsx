import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { AuthCard } from "#app/_components/auth-card";
import { SignUpForm } from "./sign-up-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth");
  return { title: t("signUpTitle") };
}

export default async function SignUpPage({ params }: { params: Promise<{ locale: string }> }) {
  setRequestLocale((await params).locale as "ko" | "en");
  const t = await getTranslations("auth");
  return (
    <AuthCard title={t("signUpTitle")} intro={t("signUpIntro")}>
      <SignUpForm />
    </AuthCard>
  );
}
