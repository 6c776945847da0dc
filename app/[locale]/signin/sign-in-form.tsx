"use client";
import { getSession, signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormField } from "#app/_components/form-field";
import { Link } from "#lib/i18n/navigation";

type FailureKind = "invalidCredentials" | "rateLimited" | "busy" | "genericError";
// `attempt` numbers failures so the message re-announces even when its text repeats.
type Failure = { kind: FailureKind; attempt: number; waitS: number } | null;

/** What next-auth's `error` means here: a throttled try carries its wait (`RateLimited:<seconds>`). */
function failureOf(error: string | null | undefined): { kind: FailureKind; waitS: number } {
  const limited = /^RateLimited:(\d+)$/.exec(error ?? "");
  if (limited) return { kind: "rateLimited", waitS: Number(limited[1]) };
  if (error === "CredentialsSignin") return { kind: "invalidCredentials", waitS: 0 };
  return { kind: error === "Busy" ? "busy" : "genericError", waitS: 0 };
}

/** Signs in, then goes back where the visitor came from, or to the catalogue in their own language. */
export function SignInForm({ callbackUrl, notice }: { callbackUrl: string | null; notice?: string }) {
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
      }).catch(() => null);
      if (!res?.ok) {
        const f = failureOf(res?.error);
        setFailure((prev) => ({ ...f, attempt: (prev?.attempt ?? 0) + 1 }));
        return;
      }
      const session = await getSession();
      router.replace(callbackUrl ?? `/${session?.user.locale ?? "ko"}`);
      router.refresh();
    });
  }

  function message(f: NonNullable<Failure>): string {
    if (f.kind === "rateLimited") return f.waitS < 120 ? t("rateLimitedSeconds", { seconds: f.waitS }) : t("rateLimitedMinutes", { minutes: Math.ceil(f.waitS / 60) });
    if (f.kind === "busy") return t("errors.busy");
    return t(f.kind);
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
          {message(failure)}
        </p>
      )}
      {!failure && notice && (
        <p role="status" data-testid="signin-notice" className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300">
          {notice}
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
