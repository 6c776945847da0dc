"use client";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useState } from "react";
import { useRouter } from "#lib/i18n/navigation";
import { extendExamAction, type TeachFormState } from "../actions";

/** h:mm:ss of a duration. */
function hms(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * Time left, counted down from the server's figure at render (the browser's clock only measures the seconds since,
 * never the deadline itself). Keyed by `ms` where it is used, so a refreshed figure starts a new count.
 */
export function TimeLeft({ ms, label }: { ms: number; label: string }) {
  const [left, setLeft] = useState(ms);
  useEffect(() => {
    const t0 = performance.now();
    const h = setInterval(() => setLeft(ms - (performance.now() - t0)), 1000);
    return () => clearInterval(h);
  }, [ms]);
  return <span role="timer" aria-label={label} className="tabular-nums">{hms(left)}</span>;
}

/** Re-renders the monitor from the server every `seconds` (who joined, which task, new deadlines). */
export function AutoRefresh({ seconds }: { seconds: number }) {
  const router = useRouter();
  useEffect(() => {
    const h = setInterval(() => router.refresh(), seconds * 1000);
    return () => clearInterval(h);
  }, [router, seconds]);
  return null;
}

/** The extra-time control of one learner's exam: a multiplier of the exam's minutes, 1 to 2. */
export function ExtendForm({ cohortId, examId, learner, current }: { cohortId: string; examId: string; learner: string; current: number }) {
  const t = useTranslations("teach.live");
  const te = useTranslations("teach");
  const [state, action, pending] = useActionState<TeachFormState, FormData>(extendExamAction, { ok: false, values: { multiplier: String(current) } });
  const message = state.error ? (te.has(`errors.${state.error}`) ? te(`errors.${state.error}`) : te("errors.invalid")) : undefined;
  const id = `ext-${examId}`;
  return (
    <form action={action} noValidate className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="cohortId" value={cohortId} />
      <input type="hidden" name="examId" value={examId} />
      <label htmlFor={id} className="text-sm">{t("multiplier", { learner })}</label>
      <input
        id={id} name="multiplier" type="number" min={1} max={2} step={0.05} required defaultValue={state.values?.multiplier ?? String(current)}
        aria-invalid={message ? true : undefined} aria-describedby={message ? `${id}-err` : undefined}
        className="w-20 rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900"
      />
      <button type="submit" disabled={pending} className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-60 dark:border-slate-600 dark:hover:bg-slate-800">
        {t("extend")}
      </button>
      {state.ok && <span role="status" className="text-sm text-emerald-700 dark:text-emerald-400">{t("extended")}</span>}
      {message && <span id={`${id}-err`} role="alert" className="text-sm text-red-700 dark:text-red-400">{message}</span>}
    </form>
  );
}
