"use client";
// The exam page: task list (answered / flagged / untouched), one task at a time with its context and points,
// the terminal and YAML editor of the exercise workspace, a notes pad, and a timer that only shows the
// server's deadline. Timed exams offer no hints and no checks; practice mode does.
import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { stripAnsi, type ScrollbackBlock } from "#app/_components/workspace/ansi";
import { ApiError } from "#app/_components/workspace/api";
import { Markdown } from "#app/_components/workspace/markdown";
import { TerminalPane, type TerminalHandle } from "#app/_components/workspace/terminal";
import type { EditorRequest } from "#app/_components/workspace/types";
import type { YamlEditorHandle } from "#app/_components/workspace/yaml-editor";
import { warningFor } from "#lib/exam/rules";
import type { ExamView } from "#lib/exam/service";
import type { ExamTranscript } from "#lib/exam/transcript";
import { useRouter } from "#lib/i18n/navigation";
import { MAX_COMMAND_LINE_BYTES } from "#lib/kubectl/shell/limits";
import { createExamApi, type PracticeCheck } from "./api";

const YamlEditor = dynamic(() => import("#app/_components/workspace/yaml-editor").then((m) => m.YamlEditor), { ssr: false });

/** h:mm:ss of a remaining time. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

/** The terminal's earlier output after a reload or on another device: blocks for the terminal, and the screen-reader log with each block's context. */
function restoredScrollback(tr: ExamTranscript): { blocks: ScrollbackBlock[]; log: { line: string; output: string }[] } {
  return {
    // the shell's prompt (lib/kubectl shell.prompt): the home directory alone shows as ~
    blocks: tr.entries.map((e) => (e.kind === "run" ? { prompt: `controlplane:${e.cwd === "/root" ? "~" : e.cwd}$ `, line: e.line, output: e.output, stderr: e.stderr } : { output: e.output, stderr: e.stderr })),
    log: tr.entries.map((e) => ({ line: `[${e.context}] ${e.kind === "run" ? `$ ${e.line}` : e.path}`, output: stripAnsi(e.output) })),
  };
}

export function ExamRoom({ examId, locale }: { examId: string; locale: string }) {
  const t = useTranslations("exam");
  const router = useRouter();
  const api = useMemo(() => createExamApi(locale), [locale]);
  const [view, setView] = useState<ExamView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [current, setCurrent] = useState(0);
  const [flags, setFlags] = useState<string[]>([]);
  const [answered, setAnswered] = useState<Set<number>>(new Set());
  const [notes, setNotes] = useState("");
  const [editor, setEditor] = useState<(EditorRequest & { errors: { line: number; message: string }[] }) | null>(null);
  const [remaining, setRemaining] = useState<number | null>(null);
  const [warned, setWarned] = useState<number | null>(null);
  const [log, setLog] = useState<{ line: string; output: string }[]>([]);
  const [scrollback, setScrollback] = useState<ScrollbackBlock[] | undefined>(undefined);
  const [practice, setPractice] = useState<{ task: number; check?: PracticeCheck; hints?: string[] } | null>(null);
  const offset = useRef(0);
  const prompt = useRef("controlplane:~$ ");
  const currentRef = useRef(0);
  const terminal = useRef<TerminalHandle | null>(null);
  const editorHandle = useRef<YamlEditorHandle | null>(null);
  const ending = useRef(false);

  const toResult = useCallback(() => {
    if (ending.current) return;
    ending.current = true;
    router.push(`/exam/${examId}/result`);
  }, [router, examId]);

  useEffect(() => {
    let gone = false;
    api.get(examId).then(
      async (v) => {
        if (gone) return;
        if (!v.open) return toResult();
        // the earlier output, replayed on the server; without it the terminal still has the command history
        const tr = v.history.length ? await api.transcript(examId).catch(() => null) : null;
        if (gone) return;
        if (tr?.complete) {
          const r = restoredScrollback(tr);
          setScrollback(r.blocks);
          setLog(r.log);
        }
        offset.current = new Date(v.serverNow).getTime() - Date.now();
        prompt.current = v.prompt;
        setView(v);
        setFlags(v.tasks.filter((x) => x.flagged).map((x) => x.taskId));
        setAnswered(new Set(v.tasks.filter((x) => x.answered).map((x) => x.position)));
        setNotes(v.notes);
      },
      (e) => !gone && setError(e instanceof ApiError && e.message ? e.message : t("loadFailed")),
    );
    return () => {
      gone = true;
    };
  }, [api, examId, t, toResult]);

  useEffect(() => {
    currentRef.current = current;
  }, [current]);

  // The timer only shows the server's deadline (corrected by the server's clock at load).
  useEffect(() => {
    if (!view?.deadline) return;
    const deadline = new Date(view.deadline).getTime();
    const tick = () => {
      const left = deadline - (Date.now() + offset.current);
      setRemaining(left);
      const w = warningFor(left);
      setWarned((old) => (w !== null && w !== old ? w : old));
      if (left <= 0) toResult();
    };
    tick();
    const h = setInterval(tick, 1000);
    return () => clearInterval(h);
  }, [view?.deadline, toResult]);

  const toggleFlag = useCallback(() => {
    if (!view) return;
    const id = view.tasks[currentRef.current].taskId;
    setFlags((old) => {
      const next = old.includes(id) ? old.filter((x) => x !== id) : [...old, id];
      void api.meta(examId, { flags: next }).catch((e) => e instanceof ApiError && e.code === "examOver" && toResult());
      return next;
    });
  }, [api, examId, view, toResult]);

  // F flags the task, as on the real exam's interface (not while typing in the terminal, editor or notes).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "f" && e.key !== "F") return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.closest("input, textarea, [contenteditable=true], .xterm, .cm-editor") || el.isContentEditable)) return;
      e.preventDefault();
      toggleFlag();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [toggleFlag]);

  const failMessage = (e: unknown) => (e instanceof ApiError && e.message ? e.message : t("requestFailed"));

  const run = useCallback(
    async (line: string) => {
      const task = currentRef.current;
      try {
        const r = await api.run(examId, line, task);
        prompt.current = r.prompt;
        setAnswered((s) => new Set(s).add(task));
        setLog((l) => [...l.slice(-49), { line: `$ ${line}`, output: r.output }]);
        setView((v) => v && { ...v, currentContext: r.context });
        if (r.editor) setEditor({ ...r.editor, errors: [] });
        return { output: r.output, exitCode: r.exitCode };
      } catch (e) {
        if (e instanceof ApiError && e.code === "examOver") toResult();
        return { output: "", stderr: `${failMessage(e)}\n`, exitCode: 1 };
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, examId, toResult],
  );
  const complete = useCallback(async (line: string) => (await api.complete(examId, line).catch(() => ({ candidates: [] }))).candidates, [api, examId]);

  async function saveEditor() {
    if (!editor) return;
    const content = editorHandle.current?.value() ?? editor.content;
    try {
      const r = await api.saveFile(examId, editor.path, content, currentRef.current);
      if (r.output) terminal.current?.print(r.output.replace(/\n$/, ""));
      if (r.exitCode === 0 && !r.errors?.length) setEditor(null);
      else setEditor({ ...editor, content, errors: r.errors ?? [{ line: 0, message: r.stderr }] });
    } catch (e) {
      terminal.current?.print(failMessage(e), "error");
    }
  }
  async function closeEditor() {
    if (editor?.reason === "kubectl-edit") await api.discardEdit(examId, editor.path, currentRef.current).catch(() => undefined);
    setEditor(null);
  }

  async function submit() {
    if (!window.confirm(t("submitConfirm"))) return;
    try {
      await api.submit(examId);
    } finally {
      toResult();
    }
  }

  if (error) return <p role="alert" className="text-red-700 dark:text-red-400">{error}</p>;
  if (!view) return <p aria-busy="true">{t("loading")}</p>;
  const task = view.tasks[current];
  const flagged = flags.includes(task.taskId);
  const stateOf = (i: number) => (flags.includes(view.tasks[i].taskId) ? "flagged" : answered.has(i) ? "answered" : "untouched");

  return (
    <div className="grid gap-4 lg:grid-cols-[14rem_1fr]">
      <aside className="space-y-3">
        <div className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
          {view.deadline ? (
            <>
              <p className="text-xs uppercase text-slate-500">{t("timeLeft")}</p>
              <p role="timer" aria-live="off" className="font-mono text-2xl font-semibold" data-testid="exam-timer">
                {remaining === null ? "…" : clock(remaining)}
              </p>
              {warned !== null && (
                <p role="status" className="mt-1 text-sm font-medium text-amber-700 dark:text-amber-400">
                  {t("warning", { minutes: warned })}
                </p>
              )}
            </>
          ) : (
            <p className="text-sm font-medium">{t("practiceMode")}</p>
          )}
        </div>
        <nav aria-label={t("taskList")}>
          <ol className="grid grid-cols-5 gap-1 lg:grid-cols-4">
            {view.tasks.map((x, i) => (
              <li key={x.taskId}>
                <button
                  type="button"
                  onClick={() => setCurrent(i)}
                  aria-current={i === current ? "step" : undefined}
                  aria-label={t("taskButton", { n: i + 1, state: t(`state.${stateOf(i)}`) })}
                  data-state={stateOf(i)}
                  className={`w-full rounded border px-1 py-1 text-sm ${i === current ? "border-brand-500 ring-2 ring-brand-500" : "border-slate-300 dark:border-slate-700"} ${stateOf(i) === "flagged" ? "bg-amber-100 dark:bg-amber-900/40" : stateOf(i) === "answered" ? "bg-emerald-100 dark:bg-emerald-900/40" : ""}`}
                >
                  {i + 1}
                  {stateOf(i) === "flagged" ? " ⚑" : ""}
                </button>
              </li>
            ))}
          </ol>
          <p className="mt-2 text-xs text-slate-500">{t("legend")}</p>
        </nav>
        <div>
          <label htmlFor="exam-notes" className="text-sm font-medium">
            {t("notes")}
          </label>
          <textarea
            id="exam-notes"
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
            onBlur={() => void api.meta(examId, { notes }).catch(() => undefined)}
            rows={6}
            maxLength={20_000}
            className="mt-1 w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-900"
          />
        </div>
        <button type="button" onClick={() => void submit()} className="w-full rounded-md bg-brand-500 px-3 py-2 text-sm font-medium text-white hover:bg-brand-600">
          {t("submit")}
        </button>
      </aside>

      <main className="min-w-0 space-y-3">
        <section aria-labelledby="exam-task-title" className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
          <div className="flex flex-wrap items-center gap-2">
            <h2 id="exam-task-title" className="text-lg font-semibold">
              {t("taskHeading", { n: current + 1, total: view.tasks.length, title: task.title })}
            </h2>
            <span className="ml-auto rounded bg-slate-100 px-2 py-0.5 text-sm dark:bg-slate-800" data-testid="task-points">
              {t("points", { points: task.points })}
            </span>
          </div>
          <p className="mt-2 text-sm">
            {t("contextLine")} <code className="rounded bg-slate-900 px-1.5 py-0.5 font-mono text-slate-100" data-testid="task-context">kubectl config use-context {task.context}</code>
            <span className="ml-2 text-slate-500">{t("nowIn", { context: view.currentContext })}</span>
          </p>
          <div className="mt-2 text-sm leading-relaxed">
            <Markdown>{task.markdown}</Markdown>
          </div>
          <div className="mt-3 flex flex-wrap gap-2">
            <button type="button" disabled={current === 0} onClick={() => setCurrent((c) => c - 1)} className="rounded-md border border-slate-300 px-3 py-1 text-sm disabled:opacity-50 dark:border-slate-700">
              {t("previous")}
            </button>
            <button type="button" disabled={current === view.tasks.length - 1} onClick={() => setCurrent((c) => c + 1)} className="rounded-md border border-slate-300 px-3 py-1 text-sm disabled:opacity-50 dark:border-slate-700">
              {t("next")}
            </button>
            <button type="button" aria-pressed={flagged} onClick={toggleFlag} className="rounded-md border border-amber-400 px-3 py-1 text-sm">
              {flagged ? t("unflag") : t("flag")}
            </button>
            {view.mode === "practice" && (
              <>
                <button type="button" onClick={() => void api.check(examId, current).then((c) => setPractice({ task: current, check: c }), (e) => setPractice({ task: current, hints: [failMessage(e)] }))} className="rounded-md border border-slate-300 px-3 py-1 text-sm dark:border-slate-700">
                  {t("check")}
                </button>
                <button type="button" onClick={() => void api.hints(examId, current).then((h) => setPractice({ task: current, hints: h.hints }), () => undefined)} className="rounded-md border border-slate-300 px-3 py-1 text-sm dark:border-slate-700">
                  {t("hints")}
                </button>
              </>
            )}
          </div>
          {practice && practice.task === current && (
            <div role="status" className="mt-3 rounded-md bg-slate-50 p-3 text-sm dark:bg-slate-900">
              {practice.check && (
                <>
                  <p className="font-medium">{t("checkScore", { earned: practice.check.earned, points: practice.check.points })}</p>
                  <ul className="mt-1 space-y-1">
                    {practice.check.checks.map((c) => (
                      <li key={c.id}>
                        {c.passed ? "✓" : "✗"} {c.title}
                        {c.explanation ? <span className="block text-slate-600 dark:text-slate-400">{c.explanation}</span> : null}
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {practice.hints && (
                <ul className="list-disc pl-5">
                  {practice.hints.map((h) => (
                    <li key={h}>
                      <Markdown>{h}</Markdown>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </section>

        <section aria-label={t("terminal")}>
          <TerminalPane
            prompt={() => prompt.current}
            run={run}
            complete={complete}
            history={view.history.filter((h) => !h.line.startsWith("# ")).map((h) => h.line)}
            scrollback={scrollback}
            banner={t("banner", { contexts: [...new Set(view.tasks.map((x) => x.context))].sort().join(", ") })}
            maxLineBytes={MAX_COMMAND_LINE_BYTES}
            tooLong={(bytes) => t("tooLong", { bytes, limit: MAX_COMMAND_LINE_BYTES })}
            inputLabel={t("terminalInput")}
            label={t("terminal")}
            loadingText={t("loading")}
            handleRef={terminal}
          />
          <div role="log" aria-label={t("terminalLog")} className="sr-only">
            {log.map((e, i) => (
              <div key={i}>
                <p>{e.line}</p>
                {e.output && <pre>{e.output}</pre>}
              </div>
            ))}
          </div>
        </section>

        {editor && (
          <section aria-labelledby="exam-editor-title">
            <div className="flex items-center gap-2 rounded-t-lg bg-slate-800 px-3 py-2 text-slate-100">
              <h3 id="exam-editor-title" className="min-w-0 truncate font-mono text-sm">
                {editor.path}
              </h3>
              <button type="button" onClick={() => void saveEditor()} className="ml-auto rounded bg-brand-500 px-2 py-0.5 text-sm">
                {t("save")}
              </button>
              <button type="button" onClick={() => void closeEditor()} className="rounded border border-slate-500 px-2 py-0.5 text-sm">
                {t("close")}
              </button>
            </div>
            <YamlEditor key={`${editor.path}:${editor.content.length}`} initial={editor.content} errors={editor.errors} label={t("editor")} onSave={() => void saveEditor()} handleRef={editorHandle} />
            {editor.errors.filter((e) => e.line === 0).map((e) => (
              <p key={e.message} role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
                {e.message}
              </p>
            ))}
          </section>
        )}
      </main>
    </div>
  );
}
