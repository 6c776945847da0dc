"use client";
import "./flow-player.css";
import { useEffect, useMemo, useState, type KeyboardEvent } from "react";
import type { LocalFlowRun, PodState } from "#lib/flows/types";
import { anchors, layoutFor, messagePath, W, type Box } from "./layout";

export interface FlowPlayerLabels {
  title: string;
  play: string;
  pause: string;
  stepBack: string;
  stepForward: string;
  restart: string;
  speed: string;
  /** "Step {n} of {total}" as written in the catalogue: the island fills in the numbers */
  stepOf: string;
  commands: string;
  steps: string;
  controlPlane: string;
  unscheduled: string;
  keyboard: string;
}

const SPEEDS = [0.5, 1, 2] as const;
const ENTRY_MS = 900;
const STEP_PAUSE_MS = 900;

const POD_CLASS: Record<PodState, string> = {
  Pending: "fill-amber-100 stroke-amber-500 dark:fill-amber-950",
  ContainerCreating: "fill-sky-100 stroke-sky-500 dark:fill-sky-950",
  Running: "fill-emerald-50 stroke-emerald-500 dark:fill-emerald-950",
  Ready: "fill-emerald-200 stroke-emerald-600 dark:fill-emerald-800",
  Terminating: "fill-rose-100 stroke-rose-500 dark:fill-rose-950",
  Failed: "fill-rose-200 stroke-rose-600 dark:fill-rose-900",
  Deleted: "",
};

const ICONS = {
  back: "M6 5h2v14H6zM20 5v14L9 12z",
  forward: "M16 5h2v14h-2zM4 5v14l11-7z",
  play: "M7 5v14l12-7z",
  pause: "M6 5h4v14H6zm8 0h4v14h-4z",
  restart: "M12 5V2L7 6l5 4V7a5 5 0 1 1-5 5H5a7 7 0 1 0 7-7z",
} as const;

function Icon({ name }: { name: keyof typeof ICONS }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" className="inline h-4 w-4 fill-current align-[-3px]">
      <path d={ICONS[name]} />
    </svg>
  );
}

/** "unreachable: NoSchedule, NoExecute · gpu=true: NoSchedule", well-known key prefixes dropped. */
function taintSummary(taints: string[]): string {
  const byKey = new Map<string, string[]>();
  for (const t of taints) {
    const i = t.lastIndexOf(":");
    const key = t.slice(0, i).replace(/^node(-role)?\.kubernetes\.io\//, "");
    byKey.set(key, [...(byKey.get(key) ?? []), t.slice(i + 1)]);
  }
  return [...byKey].map(([k, effects]) => `taint ${k}: ${effects.join(", ")}`).join(" · ");
}

function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ""));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** The animated component flow of one scenario run (client island; the run comes from the server). */
export function FlowPlayerIsland({ run, labels }: { run: LocalFlowRun; labels: FlowPlayerLabels }) {
  const flat = useMemo(() => run.steps.flatMap((s, step) => s.entries.map((e, i) => ({ e, step, first: i === 0 }))), [run]);
  const stepStart = useMemo(() => {
    const out: number[] = [];
    let n = 0;
    for (const s of run.steps) {
      out.push(n);
      n += s.entries.length;
    }
    return out;
  }, [run]);
  const layout = useMemo(() => layoutFor(run), [run]);
  const [pos, setPos] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<(typeof SPEEDS)[number]>(1);
  const last = flat.length - 1;
  const cur = flat[Math.min(pos, last)];
  const step = cur.step;

  useEffect(() => {
    if (!playing || pos >= last) return;
    const boundary = flat[pos + 1].first;
    const id = window.setTimeout(() => {
      setPos(pos + 1);
      if (pos + 1 >= last) setPlaying(false);
    }, (ENTRY_MS + (boundary ? STEP_PAUSE_MS : 0)) / speed);
    return () => window.clearTimeout(id);
  }, [playing, pos, last, flat, speed]);

  // Pods are drawn as they were when the current message was sent; the command that caused it is lit.
  const now = cur.e.t;
  const startedAt = Math.max(...run.commands.filter((c) => c.t <= now).map((c) => c.t), run.commands[0].t);
  const started = run.commands.map((c, i) => ({ c, i })).filter(({ c }) => c.t === startedAt);
  const currentCommand = (started.find(({ c }) => cur.e.detail && c.text.includes(cur.e.detail)) ?? started[0]).i;
  const pods = useMemo(() => {
    const at = new Map<string, { node: string | null; state: PodState }>();
    for (const ch of run.pods) if (ch.t <= now) at.set(ch.pod, { node: ch.node, state: ch.state });
    return at;
  }, [run, now]);
  const podNode = (pod: string) => {
    const p = pods.get(pod);
    return p && p.state !== "Deleted" ? p.node : undefined;
  };

  // Nodes as they were then (readiness, taints), and kubelets the trace has shown stopping.
  const nodeNotes = useMemo(() => {
    const state = new Map<string, { ready: boolean; taints: string[] }>();
    for (const ch of run.nodeChanges) if (ch.t <= now) state.set(ch.node, ch);
    const down = new Set<string>();
    for (let i = 0; i <= pos && i < flat.length; i++) {
      const e = flat[i].e;
      if (e.src.startsWith("kubelet@") && e.src === e.dst && (e.action === "stop" || e.action === "start")) {
        if (e.action === "stop") down.add(e.src.slice(8));
        else down.delete(e.src.slice(8));
      }
    }
    return { state, down };
  }, [run, now, pos, flat]);

  const entriesInStep = run.steps[step].entries;
  const idxInStep = pos - stepStart[step];
  const active = new Set<string>([cur.e.src, cur.e.dst]);
  const drawn = entriesInStep.slice(0, idxInStep + 1).map((e, i) => ({ e, current: i === idxInStep, key: `${step}-${i}` }));

  const go = (p: number) => {
    const q = Math.max(0, Math.min(last, p));
    setPos(q);
    if (q >= last) setPlaying(false);
  };
  const back = () => go(pos > stepStart[step] ? stepStart[step] : stepStart[Math.max(0, step - 1)]);
  const forward = () => go(step < run.steps.length - 1 ? stepStart[step + 1] : last);
  const restart = () => {
    go(0);
    setPlaying(true);
  };
  const togglePlay = () => (pos >= last ? restart() : setPlaying((p) => !p));
  const onKey = (ev: KeyboardEvent<HTMLElement>) => {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (ev.key === "ArrowRight") forward();
    else if (ev.key === "ArrowLeft") back();
    else if (ev.key === "Home") go(0);
    else if (ev.key === "End") go(last);
    else if (ev.key === "k" || ev.key === "K") togglePlay();
    else return;
    ev.preventDefault();
  };

  const stepLabel = fill(labels.stepOf, { n: step + 1, total: run.steps.length });
  const done = pos >= last;
  const agentActive = (b: Box) => active.has(b.id) || active.has(`${b.label}@*`);

  return (
    <figure className="flow-player not-prose my-6 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900" aria-label={labels.title} onKeyDown={onKey}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-semibold">{labels.title}</p>
        <p className="text-xs text-slate-600 dark:text-slate-400" aria-hidden="true">
          {labels.keyboard}
        </p>
      </div>
      <div className="mt-2 rounded bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100 dark:bg-black" aria-label={labels.commands} role="group">
        {run.commands.map((c, i) => (
          <div key={i} className={`whitespace-pre-wrap break-all ${i === currentCommand ? "" : "opacity-60"}`} aria-current={i === currentCommand ? "true" : undefined}>
            {c.text.startsWith("#") ? <span className="text-slate-400">{c.text}</span> : <>$ {c.text}</>}
            {c.output && <div className="text-slate-300">{c.output}</div>}
          </div>
        ))}
      </div>

      {/* Narrow screens scroll the picture sideways rather than shrinking its labels below legibility. */}
      <div className="mt-3 overflow-x-auto" tabIndex={0} role="region" aria-label={labels.title}>
        <svg viewBox={`0 0 ${W} ${layout.height}`} className="h-auto w-full min-w-[600px] text-slate-800 dark:text-slate-100" role="img" aria-label={`${stepLabel}: ${run.steps[step].title}`}>
          <defs>
            <marker id={`fp-arrow-${run.id}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0 0L10 5L0 10z" className="fill-brand-500" />
            </marker>
          </defs>
          <rect {...layout.controlPlane} rx="8" className="fill-brand-50 stroke-brand-100 dark:fill-slate-800 dark:stroke-slate-600" />
          <text x={layout.controlPlane.x + 10} y={layout.controlPlane.y + 20} className="fill-current text-[13px] font-semibold">
            {labels.controlPlane}
          </text>
          {[...layout.outside, ...layout.components].map((b) => (
            <g key={b.id}>
              <rect x={b.x} y={b.y} width={b.w} height={b.h} rx="6" className={active.has(b.id) ? "fp-active fill-brand-500 stroke-brand-700" : "fill-white stroke-slate-400 dark:fill-slate-900 dark:stroke-slate-500"} />
              <text
                x={b.x + b.w / 2}
                y={b.y + b.h / 2 + 4}
                textAnchor="middle"
                textLength={b.label.length * 7 > b.w - 8 ? b.w - 10 : undefined}
                lengthAdjust="spacingAndGlyphs"
                className={`text-[12px] ${active.has(b.id) ? "fill-white font-semibold" : "fill-current"}`}
              >
                {b.label}
              </text>
            </g>
          ))}
          {layout.pending && (
            <g>
              <rect {...layout.pending} rx="6" fill="none" strokeDasharray="5 4" className="stroke-slate-300 dark:stroke-slate-600" />
              <text x={layout.pending.x - 8} y={layout.pending.y + layout.pending.h / 2 + 4} textAnchor="end" className="fill-current text-[11px] italic">
                {labels.unscheduled}
              </text>
            </g>
          )}
          {layout.nodes.map((n) => (
            <g key={n.name}>
              <rect x={n.x} y={n.y} width={n.w} height={n.h} rx="8" className={active.has(`node@${n.name}`) ? "fp-active fill-brand-50 stroke-brand-500 dark:fill-slate-800" : "fill-slate-50 stroke-slate-300 dark:fill-slate-800/60 dark:stroke-slate-600"} />
              <text x={n.x + 10} y={n.y + 18} className="fill-current text-[13px] font-semibold">
                {n.name}
                {nodeNotes.state.get(n.name)?.ready === false && <tspan className="fill-rose-700 text-[11px] dark:fill-rose-300">{"  NotReady"}</tspan>}
              </text>
              <text x={n.x + 10} y={n.y + 32} className="fill-current text-[10px]">
                {taintSummary(nodeNotes.state.get(n.name)?.taints ?? [])}
              </text>
              {n.agents.map((a) => (
                <g key={a.id}>
                  <rect
                    x={a.x}
                    y={a.y}
                    width={a.w}
                    height={a.h}
                    rx="5"
                    strokeDasharray={a.label === "kubelet" && nodeNotes.down.has(n.name) ? "4 3" : undefined}
                    className={agentActive(a) ? "fp-active fill-brand-500 stroke-brand-700" : "fill-white stroke-slate-400 dark:fill-slate-900 dark:stroke-slate-500"}
                  />
                  <text x={a.x + a.w / 2} y={a.y + a.h / 2 + 4} textAnchor="middle" className={`text-[11px] ${agentActive(a) ? "fill-white font-semibold" : "fill-current"}`}>
                    {a.label}
                    {a.label === "kubelet" && nodeNotes.down.has(n.name) ? " ✕" : ""}
                  </text>
                </g>
              ))}
            </g>
          ))}
          {[...pods].map(([pod, p]) => {
            if (p.state === "Deleted") return null;
            const b = layout.podBox(pod, p.node);
            const on = active.has(`pod@${pod}`);
            return (
              <g key={pod} className="fp-pod">
                <rect x={b.x} y={b.y} width={b.w} height={b.h} rx="8" className={`${POD_CLASS[p.state]} ${on ? "fp-active stroke-2" : ""}`} />
                <text x={b.x + 10} y={b.y + 13} className="fill-current text-[10px]">
                  {b.label.length > 19 ? `…${b.label.slice(-18)}` : b.label}
                </text>
                <text x={b.x + 10} y={b.y + 26} className="fill-current text-[10px] font-semibold">
                  {p.state}
                </text>
              </g>
            );
          })}
          {drawn.map(({ e, current, key }) => {
            const from = anchors(e.src, layout, podNode);
            const to = anchors(e.dst, layout, podNode);
            if (!from.length || !to.length) return null;
            const pairs = from.length === 1 ? to.map((t) => [from[0], t]) : from.map((f) => [f, to[0]]);
            return pairs.map(([a, b], j) => {
              const d = messagePath(a, b);
              const k = `${key}-${j}-${current ? "c" : "p"}`;
              return current ? (
                <g key={k}>
                  <path d={d} pathLength={1} fill="none" className="fp-msg stroke-brand-500" strokeWidth={3} />
                  {/* The arrowhead appears when the line arrives. */}
                  <path d={d} fill="none" stroke="none" markerEnd={`url(#fp-arrow-${run.id})`} className="fp-head" />
                </g>
              ) : (
                <path key={k} d={d} fill="none" markerEnd={`url(#fp-arrow-${run.id})`} className="stroke-brand-500/30" strokeWidth={1.5} />
              );
            });
          })}
        </svg>
      </div>

      <div className="mt-2 flex flex-wrap items-center gap-2" role="group" aria-label={labels.title}>
        <button type="button" className="fp-btn" onClick={back} aria-label={labels.stepBack} title={labels.stepBack} disabled={pos === 0}>
          <Icon name="back" />
        </button>
        <button type="button" className="fp-btn min-w-20" onClick={togglePlay} aria-label={playing ? labels.pause : done ? labels.restart : labels.play}>
          <Icon name={playing ? "pause" : done ? "restart" : "play"} /> {playing ? labels.pause : done ? labels.restart : labels.play}
        </button>
        <button type="button" className="fp-btn" onClick={forward} aria-label={labels.stepForward} title={labels.stepForward} disabled={done}>
          <Icon name="forward" />
        </button>
        <button type="button" className="fp-btn" onClick={restart} aria-label={labels.restart} title={labels.restart}>
          <Icon name="restart" />
        </button>
        <span className="ml-2 text-xs text-slate-600 dark:text-slate-400" id={`fp-speed-${run.id}`}>
          {labels.speed}
        </span>
        <span role="group" aria-labelledby={`fp-speed-${run.id}`} className="flex gap-1">
          {SPEEDS.map((s) => (
            <button key={s} type="button" className="fp-btn text-xs" aria-pressed={speed === s} onClick={() => setSpeed(s)}>
              {s}×
            </button>
          ))}
        </span>
        <span className="ml-auto font-mono text-xs text-slate-600 dark:text-slate-400">t = {seconds(now)}</span>
      </div>

      <div className="mt-2 rounded border-l-4 border-brand-500 bg-brand-50 px-3 py-2 dark:bg-slate-800" role="status" aria-live="polite">
        <p className="text-sm font-semibold">
          {stepLabel}: {run.steps[step].title}
        </p>
        <p className="mt-1 text-sm">{run.steps[step].caption}</p>
        <p className="mt-1 break-all font-mono text-xs text-slate-600 dark:text-slate-400" aria-live="off">
          {cur.e.from} → {cur.e.to}: {cur.e.action} {cur.e.object}
          {cur.e.detail ? ` (${cur.e.detail.length > 90 ? cur.e.detail.slice(0, 89) + "…" : cur.e.detail})` : ""}
        </p>
      </div>

      <figcaption className="mt-3">
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">{labels.steps}</p>
        <ol className="mt-1 list-decimal space-y-1 pl-6 text-sm">
          {run.steps.map((s, i) => (
            <li key={i} aria-current={i === step ? "step" : undefined} className={i === step ? "font-semibold" : undefined}>
              <button type="button" className="text-left underline-offset-2 hover:underline" onClick={() => go(stepStart[i])}>
                {s.title}
              </button>
              <span className="sr-only">: {s.caption}</span>
            </li>
          ))}
        </ol>
      </figcaption>
    </figure>
  );
}
