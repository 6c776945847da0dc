// Exam sessions over a store (the DB in lib/data/exams.ts, memory in tests): start, run entries under the
// server's deadline and the simulation budget, grade once (on submit, at the deadline when next touched, or by
// the sweep), and the views the browser may see (no check, hint or solution of a timed exam before it ends).
// Live sessions are kept in process, bounded; a miss replays the stored log (replay = live, session.test.ts).
import { SessionLru, KeyedMutex } from "#lib/exercise/cache";
import { complete } from "#lib/exercise/complete";
import { substitute } from "#lib/exercise/params";
import { simulationBudgetMs } from "#lib/exercise/service";
import type { EntryResult, LogEntry } from "#lib/exercise/session";
import { SimulationStopped } from "#lib/sim/index";
import { ExamGenerationError, generateExam, namedExamItems } from "./generator";
import { examContent } from "./loader";
import { deadlineFor, isOpen, needsGrading, summarize, timeOnTasks, type ExamMode, type ExamSummary } from "./rules";
import { replayExam, type ExamItem, type ExamSession, type TaskGrade } from "./session";

export type Locale = "ko" | "en";

export type ExamRecord = {
  id: string; userId: string; blueprintId: string; namedId: string | null; mode: ExamMode; seed: number; items: ExamItem[];
  startedAt: Date; deadline: Date | null; extension: number; flags: string[]; notes: string;
  submittedAt: Date | null; gradedAt: Date | null; score: number | null; passed: boolean | null;
};
export type StoredExamEntry = { seq: number; entry: LogEntry; context: string; task: number; exitCode: number; at?: Date };

/** Where exam sessions are kept (the signed-in user's rows; the store checks ownership). */
export interface ExamStore {
  readonly owner: string;
  create(data: Omit<ExamRecord, "id" | "userId" | "submittedAt" | "gradedAt" | "score" | "passed" | "flags" | "notes">): Promise<ExamRecord>;
  get(id: string): Promise<ExamRecord | null>;
  /** the task ids of the owner's latest exams, newest first */
  recentTaskLists(n: number): Promise<string[][]>;
  listLog(id: string): Promise<StoredExamEntry[]>;
  countLog(id: string): Promise<number>;
  /** false when another entry took `seq` (a concurrent request) */
  append(id: string, e: StoredExamEntry): Promise<boolean>;
  update(id: string, patch: { flags?: string[]; notes?: string; submittedAt?: Date }): Promise<void>;
  /** writes the grades once (false: it was already graded) */
  saveResult(id: string, grades: TaskGrade[], summary: ExamSummary, at: Date): Promise<boolean>;
}

export class ExamError extends Error {
  constructor(readonly code: "notFound" | "examOver" | "notOver" | "notPractice" | "conflict" | "timeout" | "badInput" | "poolTooSmall" | "logFull", message: string = code) {
    super(message);
  }
}

/** Entries one exam may record (EXAM_MAX_ENTRIES, default 3000; a two-hour sitting has a few hundred). */
export function maxExamEntries(): number {
  return Number(process.env.EXAM_MAX_ENTRIES) || 3000;
}
const MAX_LIVE = Number(process.env.EXAM_CACHE_MAX_ENTRIES) || 100;
const MAX_LIVE_MB = Number(process.env.EXAM_CACHE_MAX_MB) || 512;
type Live = { session: ExamSession; seq: number; approxBytes(): number };
const g = globalThis as unknown as { __kubeclassExamLive?: SessionLru<Live>; __kubeclassExamLocks?: KeyedMutex };
const live = (g.__kubeclassExamLive ??= new SessionLru<Live>({ maxEntries: MAX_LIVE, maxBytes: MAX_LIVE_MB * 1024 * 1024 }));
const locks = (g.__kubeclassExamLocks ??= new KeyedMutex());

/** Forget every live session (tests: a "server restart"). */
export function clearExamCache(): void {
  live.clear();
}

/** Live sessions in this process and their estimated bytes. */
export function examCacheStats(): { entries: number; approxBytes: number } {
  return { entries: live.size, approxBytes: live.totalBytes };
}

function liveOf(session: ExamSession): Live {
  return { session, seq: session.log.length, approxBytes: () => [...session.contexts.values()].reduce((a, s) => a + s.approxBytes(), 0) };
}

/**
 * The live session of an exam at the stored log's length (`length`), rebuilt by replay if this process lacks it or
 * holds another length. A hit costs one COUNT, not a read of the whole log.
 */
async function sessionOf(store: ExamStore, rec: ExamRecord): Promise<{ session: ExamSession; length: number }> {
  const key = `${store.owner}/${rec.id}`;
  const hit = live.get(key);
  if (hit && hit.seq === (await store.countLog(rec.id))) return { session: hit.session, length: hit.seq };
  const log = await store.listLog(rec.id);
  // No deadline on a rebuild: every stored entry ran within the budget when it was recorded, so the replay is
  // bounded by their sum (maxExamEntries() of them), and cutting it would leave an exam that can be neither
  // resumed nor graded.
  const session = replayExam(rec.items, examContent().tasks, rec.seed, log.map((e) => e.entry));
  live.set(key, liveOf(session));
  return { session, length: log.length };
}

function requireRecord(rec: ExamRecord | null): ExamRecord {
  if (!rec) throw new ExamError("notFound");
  return rec;
}

/** Start an exam: generated from the blueprint (no task of the owner's last exams while the pool allows) or a named one. */
export async function startExam(store: ExamStore, opts: { blueprintId?: string; namedId?: string; mode: ExamMode; count?: number; seed: number; now: Date }): Promise<ExamRecord> {
  const content = examContent();
  const named = opts.namedId ? content.named.get(opts.namedId) : undefined;
  if (opts.namedId && !named) throw new ExamError("notFound");
  const blueprint = content.blueprints.get(named?.blueprint ?? opts.blueprintId ?? "cka");
  if (!blueprint) throw new ExamError("notFound");
  let items: ExamItem[];
  try {
    items = named
      ? namedExamItems(blueprint, named, content.tasks, opts.seed)
      : generateExam({ blueprint, pool: [...content.tasks.values()], seed: opts.seed, recent: await store.recentTaskLists(blueprint.avoidRecent), ...(opts.count ? { count: opts.count } : {}) });
  } catch (e) {
    if (e instanceof ExamGenerationError) throw new ExamError(opts.count ? ("badInput" as const) : ("poolTooSmall" as const), e.message);
    throw e;
  }
  const rec = await store.create({
    blueprintId: blueprint.id, namedId: named?.id ?? null, mode: opts.mode, seed: opts.seed, items, startedAt: opts.now,
    deadline: opts.mode === "timed" ? deadlineFor(opts.now, blueprint.minutes) : null, extension: 1,
  });
  // build every context now, so the first command finds the clusters ready
  await sessionOf(store, rec);
  return rec;
}

/** Grade an exam that needs it (submitted, or a timed one past its deadline). Idempotent. */
async function finalize(store: ExamStore, rec: ExamRecord, now: Date): Promise<ExamRecord> {
  if (!needsGrading(rec, now)) return rec;
  const { session } = await sessionOf(store, rec);
  const grades = session.gradeAll();
  const blueprint = examContent().blueprints.get(rec.blueprintId)!;
  const summary = summarize(blueprint, grades, examContent().tasks);
  await store.saveResult(rec.id, grades, summary, now);
  return requireRecord(await store.get(rec.id));
}

/** The exam record, graded first if its time is up. */
export async function touchExam(store: ExamStore, id: string, now: Date): Promise<ExamRecord> {
  return locks.run(`${store.owner}/${id}`, async () => finalize(store, requireRecord(await store.get(id)), now));
}

export type ExamTaskView = {
  position: number; taskId: string; title: string; markdown: string; context: string; points: number; domain: string; competencies: string[];
  flagged: boolean; answered: boolean;
};
export type ExamView = {
  id: string; mode: ExamMode; title: string; namedId: string | null; startedAt: string; deadline: string | null; serverNow: string;
  open: boolean; graded: boolean; tasks: ExamTaskView[]; notes: string; currentContext: string; cwd: string; prompt: string;
  files: { path: string; size: number }[]; history: { line: string; exitCode: number; context: string }[];
  hintsTotal: number[];
};

/** What the exam page shows: the tasks (text, context, points, flag, answered), notes, the shell; never checks or solutions. */
export async function examView(store: ExamStore, id: string, locale: Locale, now: Date): Promise<ExamView> {
  return locks.run(`${store.owner}/${id}`, async () => {
    const rec = await finalize(store, requireRecord(await store.get(id)), now);
    const { session } = await sessionOf(store, rec);
    return viewOf(rec, session, await store.listLog(rec.id), locale, now);
  });
}

function viewOf(rec: ExamRecord, session: ExamSession, log: StoredExamEntry[], locale: Locale, now: Date): ExamView {
  const content = examContent();
  const touched = new Set(log.map((e) => e.task));
  const blueprint = content.blueprints.get(rec.blueprintId)!;
  const named = rec.namedId ? content.named.get(rec.namedId) : undefined;
  const st = session.shell.state;
  return {
    id: rec.id, mode: rec.mode, namedId: rec.namedId, title: (named ?? blueprint).title[locale],
    startedAt: rec.startedAt.toISOString(), deadline: rec.deadline?.toISOString() ?? null, serverNow: now.toISOString(),
    open: isOpen(rec, now), graded: !!rec.gradedAt,
    tasks: session.items.map((it, position) => ({
      position, taskId: it.taskId, title: substitute(it.task.title[locale], it.params), markdown: substitute(it.task.task[locale], it.params),
      context: it.task.context, points: it.points, domain: it.task.examDomain, competencies: it.task.competencies,
      flagged: rec.flags.includes(it.taskId), answered: touched.has(position),
    })),
    notes: rec.notes, currentContext: session.currentContext(), cwd: st.cwd, prompt: session.shell.prompt(), files: session.files(),
    history: log.map((e) => ({ line: e.entry.kind === "run" ? e.entry.line : e.entry.kind === "save" ? `# saved ${e.entry.path}` : `# ${e.entry.kind}`, exitCode: e.exitCode, context: e.context })),
    hintsTotal: rec.mode === "practice" ? session.items.map((it) => it.task.hints.length) : session.items.map(() => 0),
  };
}

export type ExamCommandResult = {
  stdout: string; stderr: string; output: string; exitCode: number; cwd: string; prompt: string; context: string;
  files: { path: string; size: number }[];
  editor?: EntryResult["editor"]; errors?: EntryResult["errors"];
};

/** Run one entry while the exam is open (refused after the deadline: `examOver`), recorded with its context and task. */
export async function applyExamEntry(store: ExamStore, id: string, entry: LogEntry, task: number, now: () => Date): Promise<ExamCommandResult> {
  return locks.run(`${store.owner}/${id}`, async () => {
    let rec = requireRecord(await store.get(id));
    if (!Number.isInteger(task) || task < 0 || task >= rec.items.length) throw new ExamError("badInput");
    if (!isOpen(rec, now())) {
      rec = await finalize(store, rec, now());
      throw new ExamError("examOver");
    }
    const { session, length } = await sessionOf(store, rec);
    if (length >= maxExamEntries()) throw new ExamError("logFull");
    const context = session.currentContext();
    const stopAt = Date.now() + simulationBudgetMs();
    let r: EntryResult;
    try {
      r = session.apply(entry, { shouldStop: () => Date.now() > stopAt });
    } catch (e) {
      live.delete(`${store.owner}/${rec.id}`);
      if (e instanceof SimulationStopped) throw new ExamError("timeout");
      throw e;
    }
    // the deadline is checked again after the work: a command that ran past it is not recorded
    const ok = isOpen(rec, now()) && (await store.append(rec.id, { seq: length, entry, context, task, exitCode: r.exitCode, at: now() }));
    if (!ok) {
      live.delete(`${store.owner}/${rec.id}`);
      if (!isOpen(rec, now())) {
        await finalize(store, rec, now());
        throw new ExamError("examOver");
      }
      throw new ExamError("conflict");
    }
    live.set(`${store.owner}/${rec.id}`, liveOf(session));
    const st = session.shell.state;
    return {
      stdout: r.stdout, stderr: r.stderr, output: r.output, exitCode: r.exitCode, cwd: st.cwd, prompt: session.shell.prompt(), context: session.currentContext(),
      files: session.files(), ...(r.editor ? { editor: r.editor } : {}), ...(r.errors ? { errors: r.errors } : {}),
    };
  });
}

/** Flags and notes, while the exam is open. */
export async function updateExamMeta(store: ExamStore, id: string, patch: { flags?: string[]; notes?: string }, now: Date): Promise<void> {
  return locks.run(`${store.owner}/${id}`, async () => {
    const rec = requireRecord(await store.get(id));
    if (!isOpen(rec, now)) throw new ExamError("examOver");
    const known = new Set(rec.items.map((i) => i.taskId));
    if (patch.flags && patch.flags.some((f) => !known.has(f))) throw new ExamError("badInput");
    await store.update(id, patch);
  });
}

/** Hand the exam in: graded at once. */
export async function submitExam(store: ExamStore, id: string, now: Date): Promise<ExamRecord> {
  return locks.run(`${store.owner}/${id}`, async () => {
    const rec = requireRecord(await store.get(id));
    if (!rec.gradedAt && !rec.submittedAt) await store.update(id, { submittedAt: now });
    return finalize(store, requireRecord(await store.get(id)), now);
  });
}

/** Practice mode only: one task's checks now (the exam stays open). */
export async function practiceCheck(store: ExamStore, id: string, task: number, locale: Locale): Promise<{ earned: number; points: number; checks: { id: string; title: string; passed: boolean; weight: number; explanation?: string; foundIn?: string }[] }> {
  return locks.run(`${store.owner}/${id}`, async () => {
    const rec = requireRecord(await store.get(id));
    if (rec.mode !== "practice") throw new ExamError("notPractice");
    if (!Number.isInteger(task) || task < 0 || task >= rec.items.length) throw new ExamError("badInput");
    const { session } = await sessionOf(store, rec);
    const gr = session.gradeTask(task);
    const p = session.items[task].params;
    return {
      earned: gr.earned, points: gr.points,
      checks: gr.checks.map((c) => ({ id: c.id, title: substitute(c.title[locale], p), passed: c.passed, weight: c.weight, ...(c.explanation ? { explanation: c.explanation[locale] } : {}), ...(c.foundIn ? { foundIn: c.foundIn } : {}) })),
    };
  });
}

/** Practice mode only: a task's hints. */
export async function practiceHints(store: ExamStore, id: string, task: number, locale: Locale): Promise<string[]> {
  const rec = requireRecord(await store.get(id));
  if (rec.mode !== "practice") throw new ExamError("notPractice");
  const it = rec.items[task];
  if (!it) throw new ExamError("badInput");
  const t = examContent().tasks.get(it.taskId)!;
  const { session } = await sessionOf(store, rec);
  return t.hints.map((h) => substitute(h[locale], session.items[task].params));
}

export type ExamResultView = {
  id: string; title: string; mode: ExamMode; startedAt: string; gradedAt: string; passPercent: number;
  summary: ExamSummary;
  tasks: {
    position: number; taskId: string; title: string; context: string; points: number; earned: number; domain: string; competencies: string[];
    checks: { id: string; title: string; passed: boolean; weight: number; explanation?: string; foundIn?: string }[];
    solution: string[]; commands: { line: string; context: string; exitCode: number }[];
    /** seconds of work attributed to the task (see `timeOnTasks`) */
    seconds: number;
  }[];
};


/** The result of a graded exam, with every check's explanation and the reference solutions; notOver before. */
export async function examResult(store: ExamStore, id: string, locale: Locale, now: Date): Promise<ExamResultView> {
  return locks.run(`${store.owner}/${id}`, async () => {
    const rec = await finalize(store, requireRecord(await store.get(id)), now);
    if (!rec.gradedAt) throw new ExamError("notOver");
    const content = examContent();
    const { session } = await sessionOf(store, rec);
    const log = await store.listLog(rec.id);
    const grades = session.gradeAll();
    const blueprint = content.blueprints.get(rec.blueprintId)!;
    const named = rec.namedId ? content.named.get(rec.namedId) : undefined;
    const seconds = timeOnTasks(rec.startedAt, log, session.items.length);
    return {
      id: rec.id, title: (named ?? blueprint).title[locale], mode: rec.mode, startedAt: rec.startedAt.toISOString(), gradedAt: rec.gradedAt.toISOString(),
      passPercent: blueprint.passPercent, summary: summarize(blueprint, grades, content.tasks),
      tasks: grades.map((gr, position) => {
        const it = session.items[position];
        return {
          position, taskId: it.taskId, title: substitute(it.task.title[locale], it.params), context: it.task.context, points: gr.points, earned: gr.earned,
          domain: it.task.examDomain, competencies: it.task.competencies,
          checks: gr.checks.map((c) => ({ id: c.id, title: substitute(c.title[locale], it.params), passed: c.passed, weight: c.weight, ...(c.explanation ? { explanation: c.explanation[locale] } : {}), ...(c.foundIn ? { foundIn: c.foundIn } : {}) })),
          solution: substitute(it.task.solution, it.params).map((e) => (typeof e === "string" ? e : "save" in e ? `# file ${e.save}:\n${e.content}` : "advance" in e ? `# wait ${e.advance} s` : "# …")),
          commands: log.filter((e) => e.task === position && e.entry.kind === "run").map((e) => ({ line: (e.entry as { line: string }).line, context: e.context, exitCode: e.exitCode })),
          seconds: seconds[position],
        };
      }),
    };
  });
}

/** Tab completion in the exam's current context. */
export async function completeExamLine(store: ExamStore, id: string, line: string): Promise<string[]> {
  return locks.run(`${store.owner}/${id}`, async () => {
    const { session } = await sessionOf(store, requireRecord(await store.get(id)));
    return complete(session.contexts.get(session.currentContext())!, line);
  });
}

/** Grades every overdue exam a store lists (the periodic sweep). */
export async function sweepOverdue(overdue: { store: ExamStore; id: string }[], now: Date): Promise<number> {
  let n = 0;
  for (const { store, id } of overdue) {
    const rec = await touchExam(store, id, now).catch(() => null);
    if (rec?.gradedAt) n++;
  }
  return n;
}
