"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { roles, type Role } from "#lib/auth/roles";
import { changeRoleAction, type RoleChangeState } from "./actions";

const initial: RoleChangeState = { ok: false, error: null, userId: null };

export function RoleForm({ userId, role, email }: { userId: string; role: Role; email: string }) {
  const t = useTranslations("admin");
  const [state, action, pending] = useActionState(changeRoleAction, initial);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <label className="sr-only" htmlFor={`role-${userId}`}>
        {t("roleFor", { email })}
      </label>
      <select
        id={`role-${userId}`}
        name="role"
        defaultValue={role}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900"
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {t(`roles.${r}`)}
          </option>
        ))}
      </select>
      <button type="submit" disabled={pending} className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-60 dark:border-slate-600 dark:hover:bg-slate-800">
        {t("save")}
      </button>
      <span role="status" className="text-xs">
        {state.ok ? t("saved") : state.error ? <span className="text-red-700 dark:text-red-400">{t(`errors.${state.error}`)}</span> : null}
      </span>
    </form>
  );
}
