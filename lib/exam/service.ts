// Exam sessions over a store (the DB in lib/data/exams.ts): start, run entries under the server's deadline and
// the simulation budget, grade once (on submit, at the deadline when next touched, or by the sweep), and the
// views the browser may see (no check, hint or solution of a timed exam before it ends).
// Live sessions sit on the exercise worker pool (lib/exercise/pool.ts; lib/exam/host.ts): a host that lacks an
// exam (or lags behind) is sent the log and latest checkpoint and rebuilds it in slices within the budget, as
// attempts are. The main thread owns the store, the per-exam lock, the deadline and one task per owner on the
// workers at a time (the same lock table as attempts).
import { KeyedMutex } from "#lib/exercise/cache";
import type { Checkpoint } from "#lib/exercise/host";
import { substitute } from "#lib/exercise/params";
import { callSession, hostPool } from "#lib/exercise/pool";
import { previousEntryAt, simulationBudgetMs, thinkTime } from "#lib/exercise/service";
import type { EntryResult, LogEntry } from "#lib/exercise/session";
import { TRANSCRIPT_MAX_BYTES } from "#lib/exercise/transcript";
import { ExamGenerationError, generateExam, namedExamItems } from "./generator";
import type { ExamAction, ExamHostReply, ExamReadout } from "./host";
import { examContent } from "./loader";
import { deadlineFor, isOpen, needsGrading, summarize, timeOnTasks, type ExamMode, type ExamSummary } from "./rules";
import { examItems, type ExamItem, type TaskGrade } from "./session";
import type { ExamTranscript } from "./transcript";

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
  /** wall time (ms) the last entry was recorded, or the exam's start when none was (null: no such exam) */
  lastEntryAt(id: string): Promise<number | null>;
  /**
   * Records the entry at `seq` if the exam is the owner's and open at `e.at` (not submitted, not graded, before
   * its deadline), checked in the insert itself: `conflict` when another entry took `seq`, `closed` otherwise.
   */
  append(id: string, e: StoredExamEntry & { at: Date }): Promise<"ok" | "conflict" | "closed">;
  update(id: string, patch: { flags?: string[]; notes?: string; submittedAt?: Date }): Promise<void>;
  /** writes the grades once (false: it was already graded) */
  saveResult(id: string, grades: TaskGrade[], summary: ExamSummary, at: Date): Promise<boolean>;
  /** the latest checkpoint of the exam's session (lib/exam/session.ts `checkpoint`) */
  getCheckpoint(id: string): Promise<Checkpoint | null>;
  /** keeps it if it is later than the stored one */
  putCheckpoint(id: string, seq: number, data: string): Promise<void>;
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

/** A request's time on a worker: one rebuild slice (the budget, then one last entry of at most twice it) and its own work (the budget). */
const taskTimeoutMs = (budget: number) => 4 * budget + 1_000;
/** Rebuild slices one request may use before giving up with a timeout (each within the budget). */
const MAX_REBUILD_SLICES = 8;

/**
 * `lastAt`: wall time (ms) of this process's last append (or the start) and the log length after it, for the
 * learner's think time (see applyExamEntry); it answers only for the entry at that length.
 */
type Known = { rec: ExamRecord; seq?: number; lastAt?: { seq: number; at: number } };
const g = globalThis as unknown as {
  __kubeclassExamLocks?: KeyedMutex; __kubeclassExerciseOwnerLocks?: KeyedMutex; __kubeclassExamKnown?: Map<string, Known>; __kubeclassExamGrades?: Map<string, TaskGrade[]>;
};
const locks = (g.__kubeclassExamLocks ??= new KeyedMutex());
/** One task on the workers per owner at a time, attempts and exams together (lib/exercise/service.ts uses the same table). */
const ownerLocks = (g.__kubeclassExerciseOwnerLocks ??= new KeyedMutex());
/**
 * exam key -> its record as last read and the log length after this process's last append, so a command reads
 * nothing before it runs: the append itself checks ownership, the deadline and the sequence (bounded; a
 * forgotten key is read again).
 */
const known = (g.__kubeclassExamKnown ??= new Map<string, Known>());
/** exam key -> the grades its grading just saved, for the result read right after a submit (bounded) */
const lastGrades = (g.__kubeclassExamGrades ??= new Map<string, TaskGrade[]>());
function remember<V>(m: Map<string, V>, key: string, v: V, max: number): V {
  m.delete(key);
  m.set(key, v);
  if (m.size > max) m.delete(m.keys().next().value!);
  return v;
}
const keyOf = (store: ExamStore, id: string) => `exam:${store.owner}/${id}`;

/** Forget every live session and what this process knows of exams (tests: a "server restart"). */
export async function clearExamCache(): Promise<void> {
  known.clear();
  lastGrades.clear();
  await (await hostPool()).clear();
}

/** Live sessions (attempts and exams) over every thread, their estimated bytes and the workers' heaps. */
export async function examCacheStats(): Promise<{ entries: number; approxBytes: number; heapUsed: number; threads: number }> {
  return (await hostPool()).stats();
}

type Ok = ExamHostReply & { checkpoint?: Checkpoint };

/**
 * Run an action on the exam's session at log length `seq`, wherever it lives (pool.ts `callSession`, as for
 * attempts): `needLog` sends the stored log (`log` when the caller has read it already) and checkpoint,
 * `rebuilding` stores the slice's checkpoint and goes on, `timeout` is the budget's 504.
 */
async function onExam(store: ExamStore, rec: ExamRecord, seq: number, action: ExamAction, log?: StoredExamEntry[]): Promise<Ok> {
  const pool = await hostPool();
  const key = keyOf(store, rec.id);
  const meta = { items: rec.items, seed: rec.seed };
  const source = {
    log: async () => {
      const entries = (log ?? (await store.listLog(rec.id))).map((e) => e.entry);
      log = undefined;
      return entries;
    },
    getCheckpoint: () => store.getCheckpoint(rec.id),
    putCheckpoint: (cp: Checkpoint) => store.putCheckpoint(rec.id, cp.seq, cp.data),
  };
  const reply = await callSession(pool, source, seq, MAX_REBUILD_SLICES, (rebuild) => {
    const budgetMs = simulationBudgetMs();
    const task = { op: "exam" as const, key, meta, seq, budgetMs, action, ...(rebuild ? { rebuild } : {}) };
    return ownerLocks.run(store.owner, () => pool.call(task, taskTimeoutMs(budgetMs)));
  });
  if (reply === "timeout") throw new ExamError("timeout");
  if (reply === "conflict") throw new ExamError("conflict");
  return { ...reply.exam, ...(reply.checkpoint ? { checkpoint: reply.checkpoint } : {}) };
}

/**
 * Every task's grade, one worker request per task: each task's checks (which settle a copy of its context's
 * cluster) get a whole simulation budget of their own, so a busy server still grades a long exam rather than
 * answering its submit with a timeout.
 */
async function gradeEach(store: ExamStore, rec: ExamRecord, seq: number, log?: StoredExamEntry[]): Promise<TaskGrade[]> {
  const grades: TaskGrade[] = [];
  for (let task = 0; task < rec.items.length; task++) {
    grades.push((await onExam(store, rec, seq, { do: "grade", task }, task === 0 ? log : undefined)).grades![0]);
  }
  return grades;
}

function requireRecord(rec: ExamRecord | null): ExamRecord {
  if (!rec) throw new ExamError("notFound");
  return rec;
}

/** Start an exam: generated from the blueprint (no task of the owner's last exams while the pool allows) or a named one. */
export async function startExam(store: ExamStore, opts: { blueprintId?: string; namedId?: string; mode: ExamMode; count?: number; seed: number; now: Date }): Promise<{ rec: ExamRecord; readout: ExamReadout }> {
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
  const key = keyOf(store, rec.id);
  // the think time before the first command counts from the start (reading the first task)
  remember(known, key, { rec, seq: 0, lastAt: { seq: 0, at: opts.now.getTime() } }, 20_000);
  // build every context now, on a worker, so the first command finds the clusters ready
  const r = await locks.run(key, () => onExam(store, rec, 0, { do: "read" }));
  return { rec, readout: r.readout! };
}

/** Grade an exam that needs it (submitted, or a timed one past its deadline) on a worker. Idempotent. */
async function finalize(store: ExamStore, rec: ExamRecord, now: Date): Promise<ExamRecord> {
  if (!needsGrading(rec, now)) return rec;
  const key = keyOf(store, rec.id);
  known.delete(key);
  const grades = await gradeEach(store, rec, await store.countLog(rec.id));
  const summary = summarize(examContent().blueprints.get(rec.blueprintId)!, grades, examContent().tasks);
  await store.saveResult(rec.id, grades, summary, now);
  remember(lastGrades, key, grades, 200);
  return requireRecord(await store.get(rec.id));
}

/** The exam record, graded first if its time is up. */
export async function touchExam(store: ExamStore, id: string, now: Date): Promise<ExamRecord> {
  return locks.run(keyOf(store, id), async () => finalize(store, requireRecord(await store.get(id)), now));
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
  return locks.run(keyOf(store, id), async () => {
    const rec = await finalize(store, requireRecord(await store.get(id)), now);
    const log = await store.listLog(rec.id);
    const r = await onExam(store, rec, log.length, { do: "read" }, log);
    remember(known, keyOf(store, id), { rec, seq: log.length }, 20_000);
    return viewOf(rec, r.readout!, log, locale, now);
  });
}

/** The view of an exam just started (no more reads). */
export function newExamView(rec: ExamRecord, readout: ExamReadout, locale: Locale, now: Date): ExamView {
  return viewOf(rec, readout, [], locale, now);
}

function viewOf(rec: ExamRecord, shell: ExamReadout, log: StoredExamEntry[], locale: Locale, now: Date): ExamView {
  const content = examContent();
  const touched = new Set(log.map((e) => e.task));
  const blueprint = content.blueprints.get(rec.blueprintId)!;
  const named = rec.namedId ? content.named.get(rec.namedId) : undefined;
  const items = examItems(rec.items, content.tasks);
  return {
    id: rec.id, mode: rec.mode, namedId: rec.namedId, title: (named ?? blueprint).title[locale],
    startedAt: rec.startedAt.toISOString(), deadline: rec.deadline?.toISOString() ?? null, serverNow: now.toISOString(),
    open: isOpen(rec, now), graded: !!rec.gradedAt,
    tasks: items.map((it, position) => ({
      position, taskId: it.taskId, title: substitute(it.task.title[locale], it.params), markdown: substitute(it.task.task[locale], it.params),
      context: it.task.context, points: it.points, domain: it.task.examDomain, competencies: it.task.competencies,
      flagged: rec.flags.includes(it.taskId), answered: touched.has(position),
    })),
    notes: rec.notes, currentContext: shell.context, cwd: shell.cwd, prompt: shell.prompt, files: shell.files,
    history: log.map((e) => ({ line: e.entry.kind === "run" ? e.entry.line : e.entry.kind === "save" ? `# saved ${e.entry.path}` : `# ${e.entry.kind}`, exitCode: e.exitCode, context: e.context })),
    hintsTotal: rec.mode === "practice" ? items.map((it) => it.task.hints.length) : items.map(() => 0),
  };
}

export type ExamCommandResult = {
  stdout: string; stderr: string; output: string; exitCode: number; cwd: string; prompt: string; context: string;
  files: { path: string; size: number }[];
  editor?: EntryResult["editor"]; errors?: EntryResult["errors"];
};

/**
 * Run one entry while the exam is open, recorded with its context and task. Refused with `examOver` at or after
 * the deadline: checked before the work (on the record as last read, read again when that says closed) and
 * again by the append, at the time the work ended (a command that ran past the deadline is not recorded).
 */
export async function applyExamEntry(store: ExamStore, id: string, input: LogEntry, task: number, now: () => Date): Promise<ExamCommandResult> {
  const key = keyOf(store, id);
  return locks.run(key, async () => {
    let k = known.get(key) ?? remember(known, key, { rec: requireRecord(await store.get(id)) }, 20_000);
    if (!isOpen(k.rec, now())) k = remember(known, key, { rec: requireRecord(await store.get(id)) }, 20_000);
    const rec = k.rec;
    if (!Number.isInteger(task) || task < 0 || task >= rec.items.length) throw new ExamError("badInput");
    if (!isOpen(rec, now())) {
      await finalize(store, rec, now());
      throw new ExamError("examOver");
    }
    // the think time since the previous entry passes first on every cluster (server-measured, capped), recorded in
    // the entry: from this process's hint when it wrote that entry, else from the stored one (another server, a restart)
    const { thinkMs: _client, ...bare } = input;
    void _client;
    const received = now().getTime();
    for (let attempt = 0; ; attempt++) {
      const seq = k.seq ?? (await store.countLog(rec.id));
      if (seq >= maxExamEntries()) throw new ExamError("logFull");
      const think = thinkTime(await previousEntryAt(k.lastAt, seq, () => store.lastEntryAt(rec.id)), received);
      const entry: LogEntry = think ? { ...bare, thinkMs: think } : bare;
      const r = await onExam(store, rec, seq, { do: "apply", entry });
      const res = r.result!;
      const sh = r.readout!;
      const at = now();
      // A failed append (the database busy or gone) leaves the worker's copy one entry ahead of the log: drop it, or
      // another server's entry at this seq could later be served from it (as lib/exercise/service.ts does).
      const appended = await store.append(rec.id, { seq, entry, context: r.context!, task, exitCode: res.exitCode, at }).catch(async (e: unknown) => {
        known.delete(key);
        await (await hostPool()).call({ op: "drop", key }, 5_000).catch(() => undefined);
        throw e;
      });
      if (appended === "ok") {
        k.seq = seq + 1;
        k.lastAt = { seq: seq + 1, at: at.getTime() };
        // a checkpoint is only a shortcut for rebuilding: never fail or delay the command for it
        if (r.checkpoint) store.putCheckpoint(rec.id, r.checkpoint.seq, r.checkpoint.data).catch(() => undefined);
        return {
          stdout: res.stdout, stderr: res.stderr, output: res.output, exitCode: res.exitCode, cwd: sh.cwd, prompt: sh.prompt, context: sh.context,
          files: sh.files, ...(res.editor ? { editor: res.editor } : {}), ...(res.errors ? { errors: res.errors } : {}),
        };
      }
      // Not recorded: the host's session has an entry the log has not; it must not be served again.
      known.delete(key);
      await (await hostPool()).call({ op: "drop", key }, 5_000);
      const fresh = requireRecord(await store.get(id));
      if (!isOpen(fresh, at)) {
        await finalize(store, fresh, at);
        throw new ExamError("examOver");
      }
      if (appended === "closed" || attempt >= 1) throw new ExamError("conflict");
      k = remember(known, key, { rec: fresh }, 20_000);
    }
  });
}

/** Flags and notes, while the exam is open. */
export async function updateExamMeta(store: ExamStore, id: string, patch: { flags?: string[]; notes?: string }, now: Date): Promise<void> {
  return locks.run(keyOf(store, id), async () => {
    const rec = requireRecord(await store.get(id));
    if (!isOpen(rec, now)) throw new ExamError("examOver");
    const known = new Set(rec.items.map((i) => i.taskId));
    if (patch.flags && patch.flags.some((f) => !known.has(f))) throw new ExamError("badInput");
    await store.update(id, patch);
  });
}

/** Hand the exam in: graded at once. */
export async function submitExam(store: ExamStore, id: string, now: Date): Promise<ExamRecord> {
  return locks.run(keyOf(store, id), async () => {
    known.delete(keyOf(store, id));
    const rec = requireRecord(await store.get(id));
    if (!rec.gradedAt && !rec.submittedAt) await store.update(id, { submittedAt: now });
    return finalize(store, requireRecord(await store.get(id)), now);
  });
}

type CheckView = { id: string; title: string; passed: boolean; weight: number; explanation?: string; foundIn?: string };
function checkViews(gr: TaskGrade, params: Record<string, string | number>, locale: Locale): CheckView[] {
  return gr.checks.map((c) => ({ id: c.id, title: substitute(c.title[locale], params), passed: c.passed, weight: c.weight, ...(c.explanation ? { explanation: c.explanation[locale] } : {}), ...(c.foundIn ? { foundIn: c.foundIn } : {}) }));
}

/** Practice mode only: one task's checks now (the exam stays open). */
export async function practiceCheck(store: ExamStore, id: string, task: number, locale: Locale): Promise<{ earned: number; points: number; checks: CheckView[] }> {
  return locks.run(keyOf(store, id), async () => {
    const rec = requireRecord(await store.get(id));
    if (rec.mode !== "practice") throw new ExamError("notPractice");
    if (!Number.isInteger(task) || task < 0 || task >= rec.items.length) throw new ExamError("badInput");
    const gr = (await onExam(store, rec, await store.countLog(rec.id), { do: "grade", task })).grades![0];
    return { earned: gr.earned, points: gr.points, checks: checkViews(gr, examItems(rec.items, examContent().tasks)[task].params, locale) };
  });
}

/** Practice mode only: a task's hints. */
export async function practiceHints(store: ExamStore, id: string, task: number, locale: Locale): Promise<string[]> {
  const rec = requireRecord(await store.get(id));
  if (rec.mode !== "practice") throw new ExamError("notPractice");
  if (!rec.items[task]) throw new ExamError("badInput");
  const it = examItems(rec.items, examContent().tasks)[task];
  return it.task.hints.map((h) => substitute(h[locale], it.params));
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
  const key = keyOf(store, id);
  return locks.run(key, async () => {
    const rec = await finalize(store, requireRecord(await store.get(id)), now);
    if (!rec.gradedAt) throw new ExamError("notOver");
    const content = examContent();
    const log = await store.listLog(rec.id);
    // grading is deterministic on the final state: the grades just saved, else graded again on a worker
    const grades = lastGrades.get(key) ?? (await gradeEach(store, rec, log.length, log));
    const blueprint = content.blueprints.get(rec.blueprintId)!;
    const named = rec.namedId ? content.named.get(rec.namedId) : undefined;
    const items = examItems(rec.items, content.tasks);
    const seconds = timeOnTasks(rec.startedAt, log, items.length);
    return {
      id: rec.id, title: (named ?? blueprint).title[locale], mode: rec.mode, startedAt: rec.startedAt.toISOString(), gradedAt: rec.gradedAt.toISOString(),
      passPercent: blueprint.passPercent, summary: summarize(blueprint, grades, content.tasks),
      tasks: grades.map((gr, position) => {
        const it = items[position];
        return {
          position, taskId: it.taskId, title: substitute(it.task.title[locale], it.params), context: it.task.context, points: gr.points, earned: gr.earned,
          domain: it.task.examDomain, competencies: it.task.competencies, checks: checkViews(gr, it.params, locale),
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
  return locks.run(keyOf(store, id), async () => {
    const rec = requireRecord(await store.get(id));
    return (await onExam(store, rec, await store.countLog(rec.id), { do: "complete", line })).candidates!;
  });
}

/**
 * The terminal's scrollback of the exam: its stored log replayed from the start on a worker, within the
 * simulation budget (cut: `complete: false`), the last `maxBytes` of it, each block with its context.
 */
export async function examTranscript(store: ExamStore, id: string, maxBytes = TRANSCRIPT_MAX_BYTES): Promise<ExamTranscript> {
  const rec = requireRecord(await store.get(id));
  const log = (await store.listLog(rec.id)).map((e) => e.entry);
  const budgetMs = simulationBudgetMs();
  const pool = await hostPool();
  const meta = { items: rec.items, seed: rec.seed };
  const reply = await ownerLocks.run(store.owner, () => pool.call({ op: "examTranscript", meta, log, maxBytes, budgetMs }, taskTimeoutMs(budgetMs)));
  if (reply.kind === "ok" && reply.exam?.transcript) return reply.exam.transcript;
  return { entries: [], omitted: log.length, complete: false };
}

/** The stateHash of the exam's live session (tests: a rebuild must give the same). */
export async function examStateHash(store: ExamStore, id: string): Promise<string> {
  return locks.run(keyOf(store, id), async () => {
    const rec = requireRecord(await store.get(id));
    return (await onExam(store, rec, await store.countLog(rec.id), { do: "hash" })).hash!;
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
