"use client";
import { getSession, signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormField } from "#app/_components/form-field";
import { Link } from "#lib/i18n/navigation";

type FailureKind = "invalidCredentials" | "rateLimited" | "genericError";
// `attempt` numbers failures so the message re-announces even when its text repeats.
type Failure = { kind: FailureKind; attempt: number } | null;

/** Signs in, then goes back where the visitor came from, or to the catalogue in their own language. */
export function SignInForm({ callbackUrl }: { callbackUrl: string | null }) {
  const t = useTranslations("auth");
  const router = useRouter();
  const [failure, setFailure] = useState<Failure>(null);
  const [pending, startTransition] = useTransition();

  function submit(form: FormData) {
    startTransition(async () => {
      const res = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (!res?.ok) {
        const kind: FailureKind = res?.error === "RateLimited" ? "rateLimited" : res?.error === "CredentialsSignin" ? "invalidCredentials" : "genericError";
        setFailure((f) => ({ kind, attempt: (f?.attempt ?? 0) + 1 }));
        return;
      }
      const session = await getSession();
      router.replace(callbackUrl ?? `/${session?.user.locale ?? "ko"}`);
      router.refresh();
    });
  }

  return (
    // onSubmit rather than a form action: a failed attempt keeps what was typed (actions reset the form).
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        submit(new FormData(e.currentTarget));
      }}
    >
      {failure && (
        <p key={failure.attempt} role="status" data-testid="signin-error" data-attempt={failure.attempt} className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
          {t(failure.kind)}
        </p>
      )}
      <FormField label={t("email")} name="email" type="email" autoComplete="email" required />
      <FormField label={t("password")} name="password" type="password" autoComplete="current-password" required />
      <button type="submit" disabled={pending} className="w-full rounded-md bg-brand-500 px-4 py-2 font-medium text-white hover:bg-brand-600 disabled:opacity-60">
        {pending ? t("working") : t("submitSignIn")}
      </button>
      <p className="text-center text-sm text-slate-600 dark:text-slate-400">
        {t("noAccount")}{" "}
        <Link href="/signup" className="font-medium text-brand-600 underline dark:text-brand-100">
          {t("signUpLink")}
        </Link>
      </p>
    </form>
  );
}
