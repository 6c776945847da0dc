"use client";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Markdown } from "./markdown";
import type { AttemptView, GradeView } from "./types";

type Props = {
  attempt: AttemptView;
  grades: GradeView[];
  hints: string[];
  busy: null | "grade" | "hint" | "reset" | "solution";
  solution: string[] | null;
  solutionAvailable: boolean;
  solutionError: string;
  onCheck: () => void;
  onHint: () => void;
  onReset: (sameParameters: boolean) => void;
  onSolution: () => void;
  idPrefix: string;
};

function GradeResult({ grade, idPrefix }: { grade: GradeView; idPrefix: string }) {
  const t = useTranslations("workspace.grade");
  const passedCount = grade.checks.filter((c) => c.passed).length;
  return (
    <div className={`rounded-lg border p-3 ${grade.passed ? "border-emerald-600/40 bg-emerald-50 dark:border-emerald-400/40 dark:bg-emerald-950/60" : "border-amber-600/40 bg-amber-50 dark:border-amber-400/40 dark:bg-amber-950/50"}`}>
      <p className="font-semibold">
        {grade.passed ? t("passed", { score: grade.score }) : t("notYet", { passed: passedCount, total: grade.checks.length, score: grade.score })}
      </p>
      <ul aria-label={t("checks")} className="mt-2 space-y-2 text-sm" id={`${idPrefix}-checks`}>
        {grade.checks.map((c) => (
          <li key={c.id} className="flex gap-2">
            <span aria-hidden="true" className={`mt-0.5 font-bold ${c.passed ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`}>
              {c.passed ? "✓" : "✗"}
            </span>
            <span className="min-w-0">
              <span className="sr-only">{c.passed ? t("checkPassed") : t("checkFailed")}: </span>
              <span className="font-medium">{c.title}</span>
              {c.weight !== 1 && <span className="ml-1 text-xs text-slate-600 dark:text-slate-400">({t("weight", { weight: c.weight })})</span>}
              {!c.passed && c.explanation && <span className="mt-0.5 block text-slate-700 dark:text-slate-300">{c.explanation}</span>}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const button = "rounded-md px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-60";
const primary = `${button} bg-brand-500 text-white hover:bg-brand-600`;
const secondary = `${button} border border-slate-300 text-slate-800 hover:bg-slate-100 dark:border-slate-600 dark:text-slate-100 dark:hover:bg-slate-800`;

/** The task, hints, the Check button with results and history, Reset and the solution. */
export function TaskPanel(p: Props) {
  const t = useTranslations("workspace");
  const [confirmReset, setConfirmReset] = useState(false);
  const last = p.grades[p.grades.length - 1];
  const older = p.grades.slice(0, -1).reverse();
  const locale = useLocale();

  // Above the terminal: on a wide workspace the task and hints sit beside checking and the solution, to keep it short.
  return (
    <div className="grid grid-cols-1 gap-5 @4xl:grid-cols-2">
      <div className="min-w-0 space-y-5">
        <section aria-labelledby={`${p.idPrefix}-task`}>
          <h3 id={`${p.idPrefix}-task`} className="text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
            {t("task.title")}
          </h3>
          <div className="text-[0.95rem] leading-relaxed">
            <Markdown>{p.attempt.taskMarkdown}</Markdown>
          </div>
        </section>

        <section aria-labelledby={`${p.idPrefix}-hints`}>
          <h3 id={`${p.idPrefix}-hints`} className="text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
            {t("hints.title")}
          </h3>
          {p.hints.length > 0 && (
            <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm">
              {p.hints.map((h, i) => (
                <li key={i}>
                  <Markdown>{h}</Markdown>
                </li>
              ))}
            </ol>
          )}
          {p.attempt.hintsTotal > p.hints.length ? (
            <button type="button" className={`${secondary} mt-2`} disabled={p.busy === "hint"} onClick={p.onHint}>
              {t("hints.reveal", { n: p.hints.length + 1, total: p.attempt.hintsTotal })}
            </button>
          ) : (
            p.attempt.hintsTotal === 0 && <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("hints.none")}</p>
          )}
        </section>

      </div>
      <div className="min-w-0 space-y-5">
        <section aria-labelledby={`${p.idPrefix}-check`} className="space-y-3">
          <h3 id={`${p.idPrefix}-check`} className="text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
            {t("grade.title")}
          </h3>
          <div className="flex flex-wrap gap-2">
            <button type="button" className={primary} disabled={p.busy === "grade"} onClick={p.onCheck}>
              {p.busy === "grade" ? t("grade.checking") : t("grade.check")}
            </button>
            <button type="button" className={secondary} aria-expanded={confirmReset} onClick={() => setConfirmReset(!confirmReset)} disabled={p.busy === "reset"}>
              {t("reset.open")}
            </button>
          </div>
          {confirmReset && (
            <div role="group" aria-label={t("reset.open")} className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-700">
              <p>{t("reset.explain")}</p>
              <div className="mt-2 flex flex-wrap gap-2">
                <button type="button" className={secondary} onClick={() => (setConfirmReset(false), p.onReset(true))}>
                  {t("reset.same")}
                </button>
                <button type="button" className={secondary} onClick={() => (setConfirmReset(false), p.onReset(false))}>
                  {t("reset.new")}
                </button>
                <button type="button" className={`${button} text-slate-700 underline dark:text-slate-300`} onClick={() => setConfirmReset(false)}>
                  {t("reset.cancel")}
                </button>
              </div>
            </div>
          )}
          <div role="status" aria-live="polite" aria-atomic="true">
            {last && <GradeResult grade={last} idPrefix={p.idPrefix} />}
          </div>
          {older.length > 0 && (
            <details className="text-sm">
              <summary className="cursor-pointer font-medium">{t("grade.history", { count: p.grades.length })}</summary>
              <ol aria-label={t("grade.historyLabel")} className="mt-2 space-y-1">
                {older.map((g) => (
                  <li key={g.at} className="flex flex-wrap gap-x-2">
                    <span className={g.passed ? "text-emerald-700 dark:text-emerald-300" : "text-amber-800 dark:text-amber-300"}>
                      {g.passed ? t("grade.historyPassed") : t("grade.historyFailed")}
                    </span>
                    <span>{t("grade.score", { score: g.score })}</span>
                    <time dateTime={g.at} className="text-slate-600 dark:text-slate-400">
                      {new Date(g.at).toLocaleString(locale)}
                    </time>
                  </li>
                ))}
              </ol>
            </details>
          )}
        </section>

        <section aria-labelledby={`${p.idPrefix}-solution`}>
          <h3 id={`${p.idPrefix}-solution`} className="text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
            {t("solution.title")}
          </h3>
          {p.solution ? (
            <pre aria-label={t("solution.title")} className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100">
              {p.solution.join("\n")}
            </pre>
          ) : (
            <>
              <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{p.solutionAvailable ? t("solution.available") : t("solution.locked")}</p>
              {p.solutionAvailable && (
                <button type="button" className={`${secondary} mt-2`} disabled={p.busy === "solution"} onClick={p.onSolution}>
                  {t("solution.show")}
                </button>
              )}
              {p.solutionError && <p className="mt-1 text-sm text-red-700 dark:text-red-300">{p.solutionError}</p>}
            </>
          )}
        </section>
      </div>
    </div>
  );
}
