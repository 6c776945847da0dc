"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormField } from "#app/_components/form-field";
import { joinCohortAction, type JoinCohortState } from "../actions";

/** The code form on /me (and, prefilled, on /join). Errors are field errors in the page's language. */
export function JoinCohortForm({ initialCode = "", submitLabel }: { initialCode?: string; submitLabel?: string }) {
  const t = useTranslations("me");
  const [state, action, pending] = useActionState<JoinCohortState, FormData>(joinCohortAction, { ok: false, code: initialCode });
  const error = state.error ? (t.has(`errors.${state.error}`) ? t(`errors.${state.error}`) : t("errors.invalid")) : undefined;
  return (
    <form action={action} noValidate className="max-w-md space-y-3">
      <FormField label={t("joinCode")} name="code" autoComplete="off" autoCapitalize="characters" spellCheck={false} required maxLength={24} defaultValue={state.code} hint={t("joinHint")} error={error} />
      <button type="submit" disabled={pending} className="rounded-md bg-brand-500 px-4 py-2 text-sm font-medium text-white hover:bg-brand-600 disabled:opacity-60">
        {submitLabel ?? t("join")}
      </button>
      {state.ok && state.joined && (
        <p role="status" className="text-sm font-medium text-emerald-700 dark:text-emerald-400">
          {t(state.joined.alreadyMember ? "alreadyMember" : "joined", { name: state.joined.name })}
        </p>
      )}
    </form>
  );
}
