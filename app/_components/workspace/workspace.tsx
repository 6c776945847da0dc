"use client";
import { useLocale, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from "react";
import { Link, usePathname } from "#lib/i18n/navigation";
import { MAX_COMMAND_LINE_BYTES } from "#lib/kubectl/shell/limits";
import { stripAnsi, type ScrollbackBlock } from "./ansi";
import { ApiError, createApi } from "./api";
import { ClusterView } from "./cluster-view";
import { FlowTimeline } from "./flow-timeline";
import { TaskPanel } from "./task-panel";
import { TerminalPane, type TerminalHandle } from "./terminal";
import { clockTime, elapsedSeconds } from "./time";
import type { AttemptView, ClusterView as View, EditorRequest, FileEntry, FlowStep, GradeView, SaveFileResult, Transcript } from "./types";
import type { YamlEditorHandle } from "./yaml-editor";

function EditorLoading() {
  const t = useTranslations("workspace.editor");
  return <div className="h-80 rounded-b-lg border border-t-0 border-slate-700 bg-[#282c34] p-4 font-mono text-sm text-slate-400">{t("loading")}</div>;
}

// CodeMirror loads only when a file is opened.
const YamlEditor = dynamic(() => import("./yaml-editor").then((m) => m.YamlEditor), { ssr: false, loading: EditorLoading });

export type WorkspaceProps = {
  exerciseId: string;
  /** Keep the attempt id in the page's `?attempt=` (the exercise page) as well as in localStorage. */
  syncUrl?: boolean;
  /** Show the exercise title as a heading (embedded in a lesson; the exercise page has its own h1). */
  showTitle?: boolean;
};

type EditorState = { req: EditorRequest; key: number; errors: { line: number; message: string }[]; status: string; failed: boolean; saving: boolean };
type LogEntry = { id: number; line: string; output: string };
/** A restored attempt's scrollback: blocks for the terminal, the same as plain text for the screen-reader log. */
type Restored = { blocks: ScrollbackBlock[]; log: { line: string; output: string }[]; omitted: number };

// How many earlier commands a restored attempt lists when its scrollback could not be replayed.
const RESTORED_LINES = 30;

// Shell lines that may change the home directory's files or the working directory.
const MAY_TOUCH_FILES = /[>]|\b(cd|tee|cp|mv|rm|touch|mkdir|rmdir|vi|vim|nano|tar|sed|etcdctl|etcdutl|wget|curl|openssl|kubeadm)\b/;

function quoteArg(s: string): string {
  return /^[\w./~-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A bash-like prompt; the home directory shows as ~. */
function promptFor(cwd: string, home = "/root"): string {
  return `controlplane:${cwd === home ? "~" : cwd.startsWith(`${home}/`) ? `~${cwd.slice(home.length)}` : cwd}$ `;
}

/** A home-directory path as the learner typed it (`svc.yaml`, not `/root/svc.yaml`). */
function shortPath(path: string, home = "/root"): string {
  return path.startsWith(`${home}/`) ? path.slice(home.length + 1) : path;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KiB`;

/** A failure meaning "no such attempt here" (the next source of an attempt is tried). */
const isGone = (e: unknown) => e instanceof ApiError && (e.status === 404 || e.status === 403 || e.status === 400);

function joinOutput(stdout: string, stderr: string): string {
  return [stdout, stderr]
    .filter(Boolean)
    .map((s) => (s.endsWith("\n") ? s : `${s}\n`))
    .join("");
}

const section = "rounded-lg border border-slate-200 dark:border-slate-800";
const sectionHead = "flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800";
const h3 = "text-sm font-semibold";
const smallBtn =
  "rounded-md border border-slate-300 px-2.5 py-1 text-xs font-medium text-slate-800 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-60 dark:border-slate-600 dark:text-slate-100 dark:hover:bg-slate-800";

/** The exercise workspace: task, terminal, YAML editor, cluster view, time control and flow timeline. */
export default function Workspace({ exerciseId, syncUrl = false, showTitle = false }: WorkspaceProps) {
  const t = useTranslations("workspace");
  const tDomain = useTranslations("catalogue.domain");
  const locale = useLocale();
  const api = useMemo(() => createApi(locale), [locale]);
  const pathname = usePathname();
  const router = useRouter();
  const uid = useId().replace(/:/g, "");

  const [attempt, setAttempt] = useState<AttemptView | null>(null);
  const [restored, setRestored] = useState<Restored | null>(null);
  const [taskOpen, setTaskOpen] = useState(true);
  const [loadError, setLoadError] = useState("");
  const [view, setView] = useState<View | null>(null);
  const [trace, setTrace] = useState<{ source: string; steps: FlowStep[] } | null>(null);
  const [files, setFiles] = useState<FileEntry[]>([]);
  const [grades, setGrades] = useState<GradeView[]>([]);
  const [hints, setHints] = useState<string[]>([]);
  const [busy, setBusy] = useState<null | "grade" | "hint" | "reset" | "solution" | "time">(null);
  const [solution, setSolution] = useState<string[] | null>(null);
  const [solutionError, setSolutionError] = useState("");
  const [editor, setEditor] = useState<EditorState | null>(null);
  const [log, setLog] = useState<LogEntry[]>([]);
  const [notice, setNotice] = useState<{ text: string; error?: boolean }>({ text: "" });
  const [seconds, setSeconds] = useState(30);

  const terminal = useRef<TerminalHandle | null>(null);
  const editorHandle = useRef<YamlEditorHandle | null>(null);
  const logId = useRef(0);
  const started = useRef(false);
  // The prompt reads the working directory when it is drawn, right after a command, before React re-renders.
  const cwd = useRef("/root");

  const messageOf = useCallback(
    (e: unknown) => {
      if (e instanceof ApiError) {
        if (e.message) return e.message;
        if (e.status === 0) return t("errors.network");
        if (e.status === 404) return t("errors.gone");
        if (e.status === 429) return t("errors.rateLimited");
      }
      return t("errors.generic");
    },
    [t],
  );

  const adopt = useCallback(
    (a: AttemptView, transcript: Transcript | null = null) => {
      setAttempt(a);
      setRestored(
        transcript?.complete
          ? {
              blocks: transcript.entries.map((e) => (e.kind === "run" ? { prompt: promptFor(e.cwd), line: e.line, output: e.output, stderr: e.stderr } : { output: e.output, stderr: e.stderr })),
              log: transcript.entries.map((e) => ({
                line: e.kind === "run" ? `$ ${e.line}` : e.edit ? t("editor.applyLog", { path: e.path }) : t("editor.saveLog", { path: shortPath(e.path) }),
                output: stripAnsi(e.output),
              })),
              omitted: transcript.omitted,
            }
          : null,
      );
      setView(a.view);
      setTrace(null);
      cwd.current = a.cwd;
      setFiles(a.files);
      setGrades(a.grades);
      setHints(a.hintsRevealed);
      setSolution(null);
      setSolutionError("");
      setEditor(null);
      setLog([]);
      setLoadError("");
      if (syncUrl) {
        const url = new URL(window.location.href);
        if (url.searchParams.get("attempt") !== a.attemptId) {
          url.searchParams.set("attempt", a.attemptId);
          window.history.replaceState(window.history.state, "", url);
        }
      }
    },
    [syncUrl, t],
  );

  /**
   * The attempt to show: the one named in the page's `?attempt=` (a reload, a shared link), else the newest the
   * server holds for this learner (a signed-in learner's, from any browser or device), else a new one. An
   * attempt with commands comes back with its terminal scrollback, replayed on the server.
   */
  const load = useCallback(async () => {
    setLoadError("");
    const named = syncUrl ? new URLSearchParams(window.location.search).get("attempt") : null;
    try {
      let a: AttemptView | null = null;
      if (named) {
        try {
          const x = await api.getAttempt(named);
          if (x.exerciseId === exerciseId) a = x;
        } catch (e) {
          if (!isGone(e)) throw e;
        }
      }
      if (!a) {
        try {
          a = await api.latestAttempt(exerciseId);
        } catch (e) {
          if (!isGone(e)) throw e;
        }
      }
      if (!a) return adopt(await api.createAttempt(exerciseId));
      // Without its scrollback the terminal still lists the commands (below): never fail the load for it.
      const transcript = a.history.length ? await api.transcript(a.attemptId).catch(() => null) : null;
      adopt(a, transcript);
    } catch (e) {
      setLoadError(messageOf(e));
    }
  }, [adopt, api, exerciseId, messageOf, syncUrl]);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void load();
  }, [load]);

  const attemptId = attempt?.attemptId ?? "";

  const record = (line: string, output: string) => {
    logId.current += 1;
    const entry = { id: logId.current, line, output };
    setLog((l) => [...l.slice(-49), entry]);
  };

  const openEditor = (req: EditorRequest) => {
    setEditor((prev) => ({ req, key: (prev?.key ?? 0) + 1, errors: [], status: "", failed: false, saving: false }));
  };

  const run = async (line: string) => {
    try {
      const r = await api.run(attemptId, line);
      setView(r.view);
      setTrace({ source: line, steps: r.trace ?? [] });
      if (r.cwd) cwd.current = r.cwd;
      if (r.files) setFiles(r.files);
      else if (MAY_TOUCH_FILES.test(line)) {
        // A server without `files`/`cwd` in CommandResult (API.md additions): read them from the attempt.
        try {
          const a = await api.getAttempt(attemptId);
          setFiles(a.files);
          cwd.current = a.cwd;
        } catch {
          // the listing catches up on the next command or reload
        }
      }
      if (r.editor) openEditor(r.editor);
      else if (r.fileErrors) {
        // kubectl rejected the file that is open in the editor: mark the lines there too.
        const { path, errors } = r.fileErrors;
        setEditor((e) => (e && e.req.path === path ? { ...e, errors, status: t("editor.rejected", { count: errors.length }), failed: true } : e));
      }
      const output = r.output ?? joinOutput(r.stdout, r.stderr);
      record(line, stripAnsi(output));
      return { output, stderr: r.stderr, exitCode: r.exitCode };
    } catch (e) {
      const msg = messageOf(e);
      record(line, msg);
      return { output: msg, stderr: msg, exitCode: 1 };
    }
  };

  const complete = async (line: string) => (await api.complete(attemptId, line)).candidates;

  /** A vi save changes the home directory's listing. */
  const noteFileSize = (path: string, content: string) => {
    const size = new Blob([content]).size;
    setFiles((fs) => (fs.some((f) => f.path === path) ? fs.map((f) => (f.path === path ? { ...f, size } : f)) : [...fs, { path, size }]));
  };

  /** What a refused save did, per the server's answer: a vi save may be written with errors; a kubectl edit with errors is not applied. */
  const saveFailure = (req: EditorRequest, r: SaveFileResult, count: number) => {
    if (req.reason === "kubectl-edit") return t("editor.notApplied", { count });
    return r.saved ? t("editor.savedWithErrors", { path: shortPath(req.path), count }) : t("editor.notSaved", { path: shortPath(req.path) });
  };

  const saveEditor = async (content: string) => {
    if (!editor || editor.saving) return;
    const { req } = editor;
    setEditor((e) => e && { ...e, saving: true, status: "" });
    try {
      const r = await api.saveFile(attemptId, req.path, content);
      setView(r.view);
      if (r.trace) setTrace({ source: t("flow.editorSource", { path: shortPath(req.path) }), steps: r.trace });
      if (r.output) {
        terminal.current?.print(r.output, r.ok ? undefined : "error");
        record(req.reason === "kubectl-edit" ? t("editor.applyLog", { path: req.path }) : t("editor.saveLog", { path: shortPath(req.path) }), r.output);
      }
      if (!r.ok) {
        const errors = r.errors ?? [];
        const status = saveFailure(req, r, errors.length);
        // A vi save with YAML errors is written as it stands (as vi would): the listing shows its new size.
        if (r.saved && req.reason === "vi") noteFileSize(req.path, content);
        setEditor((e) => e && { ...e, saving: false, errors, status, failed: true, ...(r.saved ? { req: { ...e.req, content } } : {}) });
        return;
      }
      if (req.reason === "kubectl-edit") {
        setEditor(null);
        setNotice({ text: t("editor.applied") });
        if (!r.output) terminal.current?.print(t("editor.applied"), "dim");
        terminal.current?.focus();
      } else {
        setEditor((e) => e && { ...e, saving: false, errors: [], status: t("editor.saved", { path: shortPath(req.path) }), failed: false, req: { ...e.req, content } });
        noteFileSize(req.path, content);
      }
    } catch (e) {
      setEditor((ed) => ed && { ...ed, saving: false, status: messageOf(e), failed: true });
    }
  };

  const closeEditor = async () => {
    if (!editor) return;
    if (editor.req.reason === "kubectl-edit") {
      // Saving the unchanged text cancels the edit, as quitting the editor does in kubectl.
      try {
        const r = await api.saveFile(attemptId, editor.req.path, editor.req.content);
        setView(r.view);
        if (r.output) terminal.current?.print(r.output, "dim");
      } catch (e) {
        terminal.current?.print(messageOf(e), "error");
      }
    }
    setEditor(null);
    terminal.current?.focus();
  };

  const check = async () => {
    setBusy("grade");
    try {
      const g = await api.grade(attemptId);
      setGrades((gs) => [...gs, g]);
      // A pass counts towards the lesson's progress: let the lesson page's server-rendered parts catch up. The
      // exercise page has none that depend on it, and a refresh there would drop the `?attempt=` set with
      // history.replaceState (the router restores the URL it knows).
      if (g.passed && !attempt?.anonymous && !syncUrl) router.refresh();
    } catch (e) {
      setNotice({ text: messageOf(e), error: true });
    } finally {
      setBusy(null);
    }
  };

  const hint = async () => {
    setBusy("hint");
    try {
      setHints((await api.revealHint(attemptId)).hints);
    } catch (e) {
      setNotice({ text: messageOf(e), error: true });
    } finally {
      setBusy(null);
    }
  };

  const reset = async (sameParameters: boolean) => {
    setBusy("reset");
    try {
      adopt(await api.createAttempt(exerciseId, sameParameters));
      setNotice({ text: t("reset.done") });
    } catch (e) {
      setNotice({ text: messageOf(e), error: true });
    } finally {
      setBusy(null);
    }
  };

  const showSolution = async () => {
    setBusy("solution");
    setSolutionError("");
    try {
      setSolution((await api.solution(attemptId)).commands);
    } catch (e) {
      setSolutionError(e instanceof ApiError && e.status === 403 ? t("solution.locked") : messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const advance = async (body: { seconds: number } | { untilIdle: true }) => {
    setBusy("time");
    try {
      const r = await api.advance(attemptId, body);
      const before = view?.now ?? 0;
      setView(r.view);
      setTrace({ source: "seconds" in body ? t("flow.timeSource", { seconds: body.seconds }) : t("time.untilIdle"), steps: r.trace });
      // the clock also ran during the learner's think time before this request (real time): name what was asked
      // for, and for "until idle" what passed since the last view
      const moved = "seconds" in body ? body.seconds : elapsedSeconds(before, r.view.now);
      setNotice({ text: t("time.advanced", { seconds: moved, now: clockTime(r.view.now) }) });
    } catch (e) {
      setNotice({ text: messageOf(e), error: true });
    } finally {
      setBusy(null);
    }
  };

  const onAdvance = (e: FormEvent) => {
    e.preventDefault();
    const s = Math.min(600, Math.max(1, Math.round(seconds) || 1));
    void advance({ seconds: s });
  };

  if (!attempt || !view) {
    return (
      <div className="rounded-lg border border-slate-200 p-4 dark:border-slate-800" aria-busy={!loadError}>
        {loadError ? (
          <div role="alert" className="space-y-2">
            <p className="text-red-700 dark:text-red-300">{t("errors.load", { message: loadError })}</p>
            <button type="button" className={smallBtn} onClick={() => void load()}>
              {t("errors.retry")}
            </button>
          </div>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">{t("loading")}</p>
        )}
      </div>
    );
  }

  const solutionAvailable = attempt.solutionAvailable || grades.some((g) => g.passed) || grades.filter((g) => !g.passed).length >= 3;
  // A restored attempt shows its scrollback as it was (or, when it could not be replayed, its last commands).
  const banner = !attempt.history.length
    ? t("terminal.welcome")
    : restored
      ? [t("terminal.restored", { count: attempt.history.length }), ...(restored.omitted ? [t("terminal.omitted", { count: restored.omitted })] : [])].join("\n")
      : [t("terminal.restored", { count: attempt.history.length }), ...attempt.history.slice(-RESTORED_LINES).map((h) => `$ ${h.line.replace(/\n/g, "\n  ")}`)].join("\n");
  const tooLong = (bytes: number) => {
    const text = t("terminal.tooLong", { size: kib(bytes), limit: kib(MAX_COMMAND_LINE_BYTES) });
    setNotice({ text, error: true });
    return text;
  };

  return (
    <div className="@container space-y-4" data-attempt-id={attempt.attemptId}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        {/* Sections below are h3: the exercise page (whose h1 is the title) gets a hidden h2 to keep the outline whole. */}
        {showTitle ? <h2 className="text-xl font-bold tracking-tight">{attempt.title}</h2> : <h2 className="sr-only">{t("region")}</h2>}
        <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">{t(`difficulty.${attempt.difficulty}`)}</span>
        <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">
          {tDomain.has(attempt.domain) ? tDomain(attempt.domain) : attempt.domain}
        </span>
        {!syncUrl && (
          // Embedded in a lesson's text column: the exercise's own page gives the terminal the page's full width.
          <Link href={`/exercises/${exerciseId}`} className="ml-auto text-sm font-medium text-brand-600 underline dark:text-brand-100">
            {t("openPage")}
          </Link>
        )}
      </div>

      {attempt.anonymous && (
        <p className="rounded-lg border border-brand-100 bg-brand-50 px-4 py-2 text-sm text-brand-700 dark:border-slate-700 dark:bg-slate-900 dark:text-brand-100">
          {t("anonymous")}{" "}
          <Link href={{ pathname: "/signin", query: { callbackUrl: `/${locale}${pathname}` } }} className="font-semibold underline">
            {t("signIn")}
          </Link>
        </p>
      )}

      <p role="status" aria-live="polite" className={notice.error ? "rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200" : "sr-only"}>
        {notice.text}
      </p>

      {/* The task sits above the terminal (and folds away), so the terminal gets the workspace's full width. */}
      <section aria-label={t("task.region")} className={section}>
        <div className={sectionHead}>
          <span className={h3} aria-hidden="true">
            {t("task.region")}
          </span>
          <button type="button" className={smallBtn} aria-expanded={taskOpen} aria-controls={`${uid}-taskbody`} onClick={() => setTaskOpen(!taskOpen)}>
            {taskOpen ? t("task.hide") : t("task.show")}
          </button>
        </div>
        <div id={`${uid}-taskbody`} hidden={!taskOpen} className="p-4">
          <TaskPanel
            attempt={attempt}
            grades={grades}
            hints={hints}
            busy={busy === "time" ? null : busy}
            solution={solution}
            solutionAvailable={solutionAvailable}
            solutionError={solutionError}
            onCheck={() => void check()}
            onHint={() => void hint()}
            onReset={(same) => void reset(same)}
            onSolution={() => void showSolution()}
            idPrefix={uid}
          />
        </div>
      </section>

      <section aria-labelledby={`${uid}-term`} className="overflow-hidden rounded-lg border border-slate-800 bg-[#0b1220]">
        <div className="flex items-center justify-between gap-2 px-3 py-1.5">
          <h3 id={`${uid}-term`} className="text-sm font-semibold text-slate-200">
            {t("terminal.title")}
          </h3>
          <span className="hidden text-right text-xs text-slate-400 sm:inline">{t("terminal.keys")}</span>
        </div>
        <TerminalPane
          key={attempt.attemptId}
          prompt={() => promptFor(cwd.current)}
          run={run}
          complete={complete}
          history={attempt.history.map((h) => h.line)}
          banner={banner}
          scrollback={restored?.blocks}
          maxLineBytes={MAX_COMMAND_LINE_BYTES}
          tooLong={tooLong}
          inputLabel={t("terminal.input")}
          label={t("terminal.title")}
          loadingText={t("terminal.loading")}
          handleRef={terminal}
        />
        <div role="log" aria-label={t("terminal.log")} className="sr-only">
          {restored
            ? restored.log.map((e, i) => (
                <div key={`r${i}`}>
                  <p>{e.line}</p>
                  {e.output && <pre>{e.output}</pre>}
                </div>
              ))
            : attempt.history.slice(-RESTORED_LINES).map((h, i) => <p key={`h${i}`}>$ {h.line}</p>)}
          {log.map((e) => (
            <div key={e.id}>
              <p>$ {e.line}</p>
              <pre>{e.output}</pre>
            </div>
          ))}
        </div>
      </section>

      {editor && (
        <section aria-labelledby={`${uid}-editor`}>
          <div className="flex flex-wrap items-center justify-between gap-2 rounded-t-lg border border-slate-700 bg-slate-800 px-3 py-1.5 text-slate-100">
            <h3 id={`${uid}-editor`} className="min-w-0 truncate font-mono text-sm font-semibold">
              {editor.req.reason === "kubectl-edit" ? t("editor.titleEdit", { path: editor.req.path }) : t("editor.title", { path: shortPath(editor.req.path) })}
            </h3>
            <div className="flex gap-2">
              <button
                type="button"
                className="rounded-md bg-brand-500 px-2.5 py-1 text-xs font-medium text-white hover:bg-brand-600 disabled:opacity-60"
                disabled={editor.saving}
                onClick={() => void saveEditor(editorHandle.current?.value() ?? editor.req.content)}
              >
                {editor.req.reason === "kubectl-edit" ? t("editor.apply") : t("editor.save")}
              </button>
              <button type="button" className="rounded-md border border-slate-500 px-2.5 py-1 text-xs font-medium text-slate-100 hover:bg-slate-700" onClick={() => void closeEditor()}>
                {editor.req.reason === "kubectl-edit" ? t("editor.cancel") : t("editor.close")}
              </button>
            </div>
          </div>
          <YamlEditor key={editor.key} initial={editor.req.content} errors={editor.errors} label={t("editor.label", { path: shortPath(editor.req.path) })} onSave={(c) => void saveEditor(c)} handleRef={editorHandle} />
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{t("editor.keys")}</p>
          <div role="status" aria-live="polite" className="text-sm">
            {editor.status && <p className={editor.failed ? "mt-1 font-medium text-red-700 dark:text-red-300" : "mt-1 text-emerald-700 dark:text-emerald-300"}>{editor.status}</p>}
          </div>
          {editor.errors.length > 0 && (
            <ul aria-label={t("editor.errors")} className="mt-1 space-y-1 text-sm text-red-700 dark:text-red-300">
              {editor.errors.map((e, i) => (
                <li key={i} className="font-mono text-xs">
                  {e.line ? t("editor.errorAt", { line: e.line, message: e.message }) : e.message}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <section aria-labelledby={`${uid}-files`} className={section}>
        <div className={sectionHead}>
          <h3 id={`${uid}-files`} className={h3}>
            {t("files.title")}
          </h3>
        </div>
        {files.length ? (
          <ul className="flex flex-wrap gap-2 p-3">
            {files.map((f) => (
              <li key={f.path}>
                <button type="button" className={`${smallBtn} font-mono`} onClick={() => terminal.current?.execute(`vi ${quoteArg(f.path)}`)} aria-label={t("files.open", { path: shortPath(f.path) })}>
                  {shortPath(f.path)} <span className="text-slate-500 dark:text-slate-400">{t("files.size", { size: f.size })}</span>
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="p-3 text-sm text-slate-600 dark:text-slate-400">{t("files.none")}</p>
        )}
      </section>

      <div className="grid grid-cols-1 gap-4 @4xl:grid-cols-2">
        <section aria-labelledby={`${uid}-cluster`} className={section}>
          <div className={sectionHead}>
            <h3 id={`${uid}-cluster`} className={h3}>
              {t("cluster.title")}
            </h3>
          </div>
          <div className="p-3">
            <ClusterView view={view} headingId={`${uid}-cluster`} />
          </div>
        </section>

        <div className="min-w-0 space-y-4">
          <section aria-labelledby={`${uid}-time`} className={section}>
            <div className={sectionHead}>
              <h3 id={`${uid}-time`} className={h3}>
                {t("time.title")}
              </h3>
              <span className="font-mono text-xs text-slate-600 dark:text-slate-400">{t("cluster.clock", { time: clockTime(view.now) })}</span>
            </div>
            <div className="flex flex-wrap items-end gap-3 p-3">
              <form onSubmit={onAdvance} className="flex items-end gap-2">
                <label className="text-sm">
                  <span className="block text-xs text-slate-600 dark:text-slate-400">{t("time.seconds")}</span>
                  <input
                    type="number"
                    min={1}
                    max={600}
                    value={seconds}
                    onChange={(e) => setSeconds(Number(e.target.value))}
                    className="mt-0.5 w-24 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
                  />
                </label>
                <button type="submit" className={smallBtn} disabled={busy === "time"}>
                  {t("time.pass")}
                </button>
              </form>
              <button type="button" className={smallBtn} disabled={busy === "time"} onClick={() => void advance({ untilIdle: true })}>
                {t("time.untilIdle")}
              </button>
            </div>
            <p className="px-3 pb-3 text-xs text-slate-600 dark:text-slate-400" data-testid="time-real">
              {t("time.realTime")}
            </p>
          </section>

          <section aria-labelledby={`${uid}-flow`} className={section}>
            <div className={sectionHead}>
              <h3 id={`${uid}-flow`} className={h3}>
                {t("flow.title")}
              </h3>
            </div>
            <div className="max-h-96 overflow-y-auto p-3">
              <FlowTimeline trace={trace} headingId={`${uid}-flow`} />
            </div>
          </section>

          <section aria-labelledby={`${uid}-sim`} className={section}>
            <details className="p-3 text-xs text-slate-600 dark:text-slate-400" data-testid="simulated-notes">
              <summary className="cursor-pointer">
                <h3 id={`${uid}-sim`} className={`${h3} inline`}>
                  {t("simulated.title")}
                </h3>
              </summary>
              <ul className="mt-2 list-disc space-y-1 pl-4">
                <li>{t("simulated.images")}</li>
                <li>{t("simulated.network")}</li>
                <li>{t("simulated.behaviour")}</li>
                <li>{t("simulated.notModelled")}</li>
              </ul>
            </details>
          </section>
        </div>
      </div>
    </div>
  );
}
