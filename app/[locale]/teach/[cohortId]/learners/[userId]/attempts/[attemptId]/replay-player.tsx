"use client";
import { useTranslations } from "next-intl";
import { useRef, useState, useTransition } from "react";
import type { ReplayStepLabel, ReplayStepResult } from "#lib/data/teach-learner";
import type { ReplayState, ReplayStep } from "#lib/exercise/replay-window";
import { replayStepAction } from "./actions";

const quiet = "rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800";
/** Steps drawn in the terminal before the current one (older ones are a click away in the list). */
const SHOWN_BEFORE = 50;
/** Cluster states kept in the page (the server keeps checkpoints, so an evicted one is quick to ask again). */
const STATES_KEPT = 30;

type Ids = { cohortId: string; userId: string; attemptId: string };

function StepLine({ label, cwd }: { label: ReplayStepLabel; cwd?: string }) {
  const t = useTranslations("teach.replay");
  switch (label.kind) {
    case "run":
      return (
        <div className="text-emerald-300">
          <span className="text-slate-400">{cwd ?? ""} $ </span>
          {label.line}
        </div>
      );
    case "save":
      return <div className="text-sky-300">{t("saved", { path: label.path })}</div>;
    case "edit":
      return <div className="text-sky-300">{t("edited")}</div>;
    case "advance":
      return <div className="text-amber-300">{t("advance", { seconds: label.seconds })}</div>;
    case "idle":
      return <div className="text-amber-300">{t("idle")}</div>;
  }
}

function StateView({ state }: { state: ReplayState }) {
  const t = useTranslations("teach.replay");
  return (
    <section aria-labelledby="replay-state-heading" data-testid="replay-state" className="rounded-lg border border-slate-300 p-3 dark:border-slate-700">
      <h2 id="replay-state-heading" className="mb-1 font-semibold">{state.step === 0 ? t("stateStart") : t("stateAfter", { n: state.step })}</h2>
      <p className="mb-2 text-xs text-slate-600 dark:text-slate-400">{t("stateIntro", { context: state.context })}</p>
      {state.sections.map((s) => (
        <div key={s.command} className="mb-3">
          <div className="font-mono text-xs text-slate-500">$ {s.command}</div>
          <pre className="overflow-x-auto whitespace-pre text-xs">{s.output || t("stateNone")}</pre>
        </div>
      ))}
    </section>
  );
}

/**
 * Steps through an attempt one log entry at a time: the terminal as the learner saw it up to the current step,
 * and the cluster's objects after it. Outputs and states are asked of the server a step (or a window) at a time.
 */
export function ReplayPlayer({ ids, labels, first, window }: { ids: Ids; labels: ReplayStepLabel[]; first: ReplayStepResult; window: number }) {
  const t = useTranslations("teach.replay");
  const total = labels.length;
  const [current, setCurrent] = useState(Math.min(1, total));
  const [outputs, setOutputs] = useState(() => new Map<number, ReplayStep>(first.ok ? first.steps.map((s) => [s.index, s]) : []));
  const [states, setStates] = useState(() => new Map<number, ReplayState>(first.ok ? [[first.state.step, first.state]] : []));
  const [error, setError] = useState<string | null>(first.ok ? null : first.error);
  const [pending, startTransition] = useTransition();
  const asked = useRef(0);

  const goTo = (k: number) => {
    const step = Math.max(0, Math.min(total, k));
    setError(null);
    if (states.has(step)) {
      setCurrent(step);
      return;
    }
    // Ask for the outputs this view lacks among the window before the step (none when stepping forward one by one).
    let from = Math.max(0, step - window);
    while (from < step && outputs.has(from)) from++;
    const ticket = ++asked.current;
    startTransition(async () => {
      const r = await replayStepAction({ ...ids, step, outputsFrom: from });
      if (ticket !== asked.current) return; // a later click won
      if (!r.ok) {
        setError(r.error);
        return;
      }
      setOutputs((m) => new Map([...m, ...r.steps.map((s) => [s.index, s] as const)]));
      setStates((m) => {
        const next = new Map(m);
        next.set(step, r.state);
        while (next.size > STATES_KEPT) next.delete(next.keys().next().value!);
        return next;
      });
      setCurrent(step);
    });
  };

  if (!total) return <p>{t("empty")}</p>;
  const state = states.get(current);
  const shownFrom = Math.max(0, current - SHOWN_BEFORE);
  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <button type="button" className={quiet} onClick={() => goTo(0)} disabled={pending || current <= 0}>{t("first")}</button>
        <button type="button" className={quiet} onClick={() => goTo(current - 1)} disabled={pending || current <= 0}>{t("previous")}</button>
        <button type="button" className={quiet} onClick={() => goTo(current + 1)} disabled={pending || current >= total}>{t("next")}</button>
        <button type="button" className={quiet} onClick={() => goTo(total)} disabled={pending || current >= total}>{t("all")}</button>
        <label className="flex items-center gap-1 text-sm">
          {t("jump")}
          <select className="rounded border border-slate-300 bg-transparent px-1 py-1 dark:border-slate-600" value={current} disabled={pending} onChange={(e) => goTo(Number(e.target.value))}>
            {Array.from({ length: total + 1 }, (_, k) => (
              <option key={k} value={k}>{k}</option>
            ))}
          </select>
        </label>
        <span className="text-sm tabular-nums" aria-live="polite">{current === 0 ? t("atStart", { total }) : t("step", { n: current, total })}</span>
        {pending && <span className="text-sm text-slate-500" role="status">{t("loading")}</span>}
      </div>
      {error && <p role="alert" className="mb-3 text-red-700 dark:text-red-400">{t(`error.${error}`)}</p>}
      <div className="grid gap-4 lg:grid-cols-2">
        <div>
          {shownFrom > 0 && <p className="mb-1 text-xs text-slate-500">{t("earlier", { n: shownFrom })}</p>}
          <ol className="space-y-2 rounded-lg bg-slate-950 p-4 font-mono text-sm text-slate-100" data-testid="replay" start={shownFrom + 1}>
            {labels.slice(shownFrom, current).map((label, k) => {
              const i = shownFrom + k;
              const out = outputs.get(i);
              return (
                <li key={i} aria-current={i === current - 1 ? "step" : undefined}>
                  <StepLine label={label} cwd={out?.kind === "run" ? out.cwd : undefined} />
                  {out ? (
                    <>
                      {out.output && <pre className="whitespace-pre-wrap break-words">{out.output}</pre>}
                      {out.exitCode !== 0 && <div className="text-xs text-red-300">{t("exit", { code: out.exitCode })}</div>}
                    </>
                  ) : (
                    <button type="button" className="text-xs text-slate-400 underline" onClick={() => goTo(i + 1)} disabled={pending}>{t("notLoaded", { n: i + 1 })}</button>
                  )}
                </li>
              );
            })}
          </ol>
        </div>
        {state && <StateView state={state} />}
      </div>
    </div>
  );
}
