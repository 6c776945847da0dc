"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormField } from "#app/_components/form-field";
import {
  addCoInstructorAction, regenerateJoinCodeAction, removeCoInstructorAction, removeLearnerAction, setCohortArchivedAction, updateCohortSettingsAction, type TeachFormState,
} from "../actions";

const button = "rounded-md bg-brand-500 px-4 py-2 text-sm font-medium text-white hover:bg-brand-600 disabled:opacity-60";
const quiet = "rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-60 dark:border-slate-600 dark:hover:bg-slate-800";

function useMessage(state: TeachFormState) {
  const t = useTranslations("teach");
  if (!state.error) return undefined;
  return t.has(`errors.${state.error}`) ? t(`errors.${state.error}`) : t("errors.invalid");
}

function Saved({ state }: { state: TeachFormState }) {
  const t = useTranslations("teach.manage");
  return state.ok ? <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">{t("saved")}</p> : null;
}

/** Name and dates of a cohort. */
export function CohortSettingsForm({ cohortId, initial }: { cohortId: string; initial: Record<"name" | "startsOn" | "endsOn" | "examOn" | "joinCodeExpiresOn", string> }) {
  const t = useTranslations("teach.manage");
  const [state, action, pending] = useActionState<TeachFormState, FormData>(updateCohortSettingsAction, { ok: false, values: initial });
  const message = useMessage(state);
  const v = state.values ?? initial;
  const err = (f: string) => (state.field === f || (!state.field && f === "name") ? message : undefined);
  return (
    <form action={action} noValidate className="grid max-w-2xl gap-3 sm:grid-cols-2">
      <input type="hidden" name="cohortId" value={cohortId} />
      <div className="sm:col-span-2">
        <FormField label={t("name")} name="name" required maxLength={80} defaultValue={v.name} error={err("name")} key={`n${v.name}`} />
      </div>
      <FormField label={t("startsOn")} name="startsOn" type="date" defaultValue={v.startsOn} error={err("startsOn")} />
      <FormField label={t("endsOn")} name="endsOn" type="date" defaultValue={v.endsOn} error={err("endsOn")} />
      <FormField label={t("examOn")} name="examOn" type="date" defaultValue={v.examOn} hint={t("examHint")} error={err("examOn")} />
      <FormField label={t("expiresOn")} name="joinCodeExpiresOn" type="date" defaultValue={v.joinCodeExpiresOn} hint={t("expiresHint")} error={err("joinCodeExpiresOn")} />
      <div className="flex items-center gap-3 sm:col-span-2">
        <button type="submit" disabled={pending} className={button}>{t("save")}</button>
        <Saved state={state} />
      </div>
    </form>
  );
}

/** One button posting a small form (archive, regenerate, remove). */
export function ActionButton({ kind, cohortId, userId, archived, label, confirm }: { kind: "archive" | "regenerate" | "removeInstructor" | "removeLearner"; cohortId: string; userId?: string; archived?: boolean; label: string; confirm?: string }) {
  const act = { archive: setCohortArchivedAction, regenerate: regenerateJoinCodeAction, removeInstructor: removeCoInstructorAction, removeLearner: removeLearnerAction }[kind];
  const [state, action, pending] = useActionState<TeachFormState, FormData>(act, { ok: false });
  const message = useMessage(state);
  return (
    <form action={action} onSubmit={(e) => { if (confirm && !window.confirm(confirm)) e.preventDefault(); }} className="inline-flex items-center gap-2">
      <input type="hidden" name="cohortId" value={cohortId} />
      {userId && <input type="hidden" name="userId" value={userId} />}
      {archived !== undefined && <input type="hidden" name="archived" value={archived ? "1" : "0"} />}
      <button type="submit" disabled={pending} className={quiet}>{label}</button>
      {message && <span role="alert" className="text-sm text-red-700 dark:text-red-400">{message}</span>}
    </form>
  );
}

/** Adds a co-instructor by email. */
export function AddInstructorForm({ cohortId }: { cohortId: string }) {
  const t = useTranslations("teach.manage");
  const [state, action, pending] = useActionState<TeachFormState, FormData>(addCoInstructorAction, { ok: false });
  const message = useMessage(state);
  return (
    <form action={action} noValidate className="flex max-w-xl flex-wrap items-end gap-3">
      <input type="hidden" name="cohortId" value={cohortId} />
      <div className="min-w-64 flex-1">
        <FormField label={t("coInstructorEmail")} name="email" type="email" autoComplete="off" defaultValue={state.values?.email ?? ""} hint={t("coInstructorHint")} error={message} />
      </div>
      <button type="submit" disabled={pending} className={button}>{t("addInstructor")}</button>
      <Saved state={state} />
    </form>
  );
}
