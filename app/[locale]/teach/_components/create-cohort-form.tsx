"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormField } from "#app/_components/form-field";
import { createCohortAction, type CreateCohortState } from "../actions";

export function CreateCohortForm() {
  const t = useTranslations("teach");
  const [state, action, pending] = useActionState<CreateCohortState, FormData>(createCohortAction, { ok: false, name: "" });
  const error = state.error ? (t.has(`errors.${state.error}`) ? t(`errors.${state.error}`) : t("errors.invalid")) : undefined;
  return (
    <form action={action} noValidate className="max-w-md space-y-3">
      <FormField label={t("name")} name="name" required maxLength={80} defaultValue={state.name} hint={t("nameHint")} error={error} />
      <button type="submit" disabled={pending} className="rounded-md bg-brand-500 px-4 py-2 text-sm font-medium text-white hover:bg-brand-600 disabled:opacity-60">
        {t("create")}
      </button>
      {state.ok && state.created && (
        <p role="status" className="text-sm font-medium text-emerald-700 dark:text-emerald-400">
          {t("created", { name: state.created.name, code: state.created.joinCode })}
        </p>
      )}
    </form>
  );
}
