"use client";
import { signIn } from "next-auth/react";
import { useLocale, useTranslations } from "next-intl";
import { useActionState, useEffect, useRef } from "react";
import { FormField } from "#app/_components/form-field";
import { Link, useRouter } from "#lib/i18n/navigation";
import { signUpAction, type SignUpState } from "./actions";

const initial: SignUpState = { ok: false, errors: {}, values: { email: "", name: "" } };

export function SignUpForm() {
  const t = useTranslations("auth");
  const locale = useLocale();
  const router = useRouter();
  const [state, action, pending] = useActionState(signUpAction, initial);
  // React resets the form after the action; keep the password to sign in with.
  const password = useRef("");

  useEffect(() => {
    if (!state.ok) return;
    void signIn("credentials", { email: state.values.email, password: password.current, redirect: false }).then((res) => {
      router.replace(res?.ok ? "/" : "/signin?from=signup");
      router.refresh();
    });
  }, [state, router]);

  const err = (field: string) => {
    const key = state.errors[field];
    if (!key) return undefined;
    return t.has(`errors.${key}`) ? t(`errors.${key}`) : t("errors.invalid");
  };

  return (
    <form
      action={action}
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        password.current = String(new FormData(e.currentTarget).get("password") ?? "");
      }}
    >
      {state.errors.form && (
        <p role="alert" data-testid="form-error" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
          {err("form")}
        </p>
      )}
      <input type="hidden" name="locale" value={locale} />
      <FormField label={t("email")} name="email" type="email" autoComplete="email" required defaultValue={state.values.email} error={err("email")} />
      <FormField label={t("name")} name="name" autoComplete="name" required defaultValue={state.values.name} error={err("name")} />
      <FormField label={t("password")} name="password" type="password" autoComplete="new-password" required minLength={8} hint={t("passwordHint")} error={err("password")} />
      <button type="submit" disabled={pending || state.ok} className="w-full rounded-md bg-brand-500 px-4 py-2 font-medium text-white hover:bg-brand-600 disabled:opacity-60">
        {pending || state.ok ? t("working") : t("submitSignUp")}
      </button>
      <p className="text-center text-sm text-slate-600 dark:text-slate-400">
        {t("haveAccount")}{" "}
        <Link href="/signin" className="font-medium text-brand-600 underline dark:text-brand-100">
          {t("signInLink")}
        </Link>
      </p>
    </form>
  );
}
