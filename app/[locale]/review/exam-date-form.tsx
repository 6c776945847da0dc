"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormField } from "#app/_components/form-field";
import { examDateAction, type ExamDateState } from "./actions";

export function ExamDateForm({ current }: { current: string }) {
  const t = useTranslations("review");
  const [state, action, pending] = useActionState<ExamDateState, FormData>(examDateAction, { ok: false, value: current });
  return (
    <form action={action} noValidate className="flex max-w-md flex-wrap items-end gap-3">
      <div className="flex-1">
        <FormField label={t("examDate")} name="examDate" type="date" defaultValue={state.value} hint={t("examHint")} error={state.error ? t(`errors.${state.error}`) : undefined} />
      </div>
      <button type="submit" disabled={pending} className="rounded-md bg-brand-500 px-3 py-2 text-sm font-medium text-white hover:bg-brand-600 disabled:opacity-60">
        {t("saveDate")}
      </button>
      <button type="submit" name="clear" value="1" disabled={pending} className="rounded-md border border-slate-300 px-3 py-2 text-sm dark:border-slate-600">
        {t("clearDate")}
      </button>
      {state.ok && (
        <p role="status" className="w-full text-sm text-emerald-700 dark:text-emerald-400">
          {t("dateSaved")}
        </p>
      )}
    </form>
  );
}
