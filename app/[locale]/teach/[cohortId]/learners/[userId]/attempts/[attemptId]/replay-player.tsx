"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { TranscriptEntry } from "#lib/exercise/transcript";

const quiet = "rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800";

/** Steps through a transcript one command at a time (or shows it all), as the learner's terminal showed it. */
export function ReplayPlayer({ entries }: { entries: TranscriptEntry[] }) {
  const t = useTranslations("teach.replay");
  const [shown, setShown] = useState(Math.min(1, entries.length));
  if (!entries.length) return <p>{t("empty")}</p>;
  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <button type="button" className={quiet} onClick={() => setShown(1)} disabled={shown <= 1}>{t("first")}</button>
        <button type="button" className={quiet} onClick={() => setShown((s) => Math.max(1, s - 1))} disabled={shown <= 1}>{t("previous")}</button>
        <button type="button" className={quiet} onClick={() => setShown((s) => Math.min(entries.length, s + 1))} disabled={shown >= entries.length}>{t("next")}</button>
        <button type="button" className={quiet} onClick={() => setShown(entries.length)} disabled={shown >= entries.length}>{t("all")}</button>
        <span className="text-sm tabular-nums" aria-live="polite">{t("step", { n: shown, total: entries.length })}</span>
      </div>
      <ol className="space-y-2 rounded-lg bg-slate-950 p-4 font-mono text-sm text-slate-100" data-testid="replay">
        {entries.slice(0, shown).map((e, k) => (
          <li key={k} aria-current={k === shown - 1 ? "step" : undefined}>
            {e.kind === "run" ? (
              <div className="text-emerald-300">
                <span className="text-slate-400">{e.cwd} $ </span>
                {e.line}
              </div>
            ) : (
              <div className="text-sky-300">{t("saved", { path: e.path })}</div>
            )}
            {e.output && <pre className="whitespace-pre-wrap break-words">{e.output}</pre>}
            {e.exitCode !== 0 && <div className="text-xs text-red-300">{t("exit", { code: e.exitCode })}</div>}
          </li>
        ))}
      </ol>
    </div>
  );
}
