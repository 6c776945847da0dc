"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { offsetSeconds } from "./time";
import type { FlowStep } from "./types";

const LIMIT = 40;

/** The last command's flow trace as a compact sequence: offset in seconds (FlowStep.t is virtual ms), from → to, action and object. */
export function FlowTimeline({ trace: last, headingId }: { trace: { source: string; steps: FlowStep[] } | null; headingId: string }) {
  const t = useTranslations("workspace.flow");
  const [all, setAll] = useState(false);
  if (!last) return <p className="text-sm text-slate-600 dark:text-slate-400">{t("empty")}</p>;
  const trace = last.steps;
  const source = (
    <p className="mb-2 text-xs text-slate-600 dark:text-slate-400">
      {t("after")} <code className="break-all rounded bg-slate-100 px-1 font-mono dark:bg-slate-800">{last.source.split("\n")[0]}</code>
    </p>
  );
  if (!trace.length)
    return (
      <div>
        {source}
        <p className="text-sm text-slate-600 dark:text-slate-400">{t("nothing")}</p>
      </div>
    );
  const t0 = trace[0].t;
  const shown = all ? trace : trace.slice(0, LIMIT);
  return (
    <div>
      {source}
      <ol aria-labelledby={headingId} className="space-y-1 font-mono text-xs">
        {shown.map((s, i) => (
          <li key={i} className="grid grid-cols-[4.5rem_minmax(0,1fr)] gap-2 rounded px-1 py-0.5 odd:bg-slate-50 dark:odd:bg-slate-900">
            <span className="text-right text-slate-500 tabular-nums dark:text-slate-400">{t("offset", { seconds: offsetSeconds(s.t - t0) })}</span>
            <span className="min-w-0 break-words">
              <span className="sr-only">{t("fromTo", { from: s.from, to: s.to })}</span>
              <span aria-hidden="true">
                <span className="font-semibold text-brand-700 dark:text-brand-100">{s.from}</span> → <span className="font-semibold text-brand-700 dark:text-brand-100">{s.to}</span>
              </span>
              : {s.action} <span className="text-slate-700 dark:text-slate-300">{s.object}</span>
              {s.detail && <span className="block text-slate-500 dark:text-slate-400">{s.detail}</span>}
            </span>
          </li>
        ))}
      </ol>
      {trace.length > LIMIT && (
        <button type="button" onClick={() => setAll(!all)} className="mt-2 text-xs font-medium text-brand-600 underline dark:text-brand-100">
          {all ? t("showFewer") : t("showAll", { count: trace.length })}
        </button>
      )}
    </div>
  );
}
