"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ApiError } from "#app/_components/workspace/api";
import { useRouter } from "#lib/i18n/navigation";
import { createExamApi } from "./api";

type Choice = { mode: "timed" | "practice"; namedId?: string; label: string; description: string };

/** Buttons that start an exam on the server and open it. */
export function StartExam({ locale, choices }: { locale: string; choices: Choice[] }) {
  const t = useTranslations("exam");
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function start(c: Choice) {
    setBusy(c.label);
    setError(null);
    try {
      const v = await createExamApi(locale).start({ mode: c.mode, ...(c.namedId ? { namedId: c.namedId } : {}) });
      router.push(`/exam/${v.id}`);
    } catch (e) {
      setError(e instanceof ApiError && e.message ? e.message : t("startFailed"));
      setBusy(null);
    }
  }
  return (
    <div>
      <ul className="grid gap-3 sm:grid-cols-2">
        {choices.map((c) => (
          <li key={c.label} className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
            <p className="text-sm text-slate-700 dark:text-slate-300">{c.description}</p>
            <button
              type="button"
              disabled={busy !== null}
              onClick={() => void start(c)}
              className="mt-3 rounded-md bg-brand-500 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-600 disabled:opacity-60"
            >
              {busy === c.label ? t("starting") : c.label}
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
