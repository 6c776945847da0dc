// Attempts over a store: start, append a log entry, grade, hints, solution, views. Live sessions sit in the
// hosts of the worker pool (pool.ts, host.ts); a host that lacks one (or lags behind another server's appends)
// is sent the log and checkpoint and rebuilds it in slices within the budget.
import { randomInt } from "node:crypto";
import { KeyedMutex } from "./cache";
import type { Checkpoint, HostReply, Readout } from "./host";
import { getExercise, type LoadedExercise } from "./loader";
import { drawParameters, substitute } from "./params";
import { callSession, hostPool } from "./pool";
import type { Localized } from "./schema";
import { MAX_THINK_MS, toLogEntry, type ClusterView, type EntryResult, type FlowStep, type LogEntry } from "./session";
import { encodeEntry, type AttemptRecord, type AttemptStore, type LogCaps, type StoredGrade } from "./store";
import { TRANSCRIPT_MAX_BYTES, type Transcript } from "./transcript";

export type Locale = "ko" | "en";

export type GradeView = { at: string; score: number; passed: boolean; checks: { id: string; title: string; passed: boolean; weight: number; explanation?: string }[] };
export type AttemptView = {
  attemptId: string; exerciseId: string; title: string; taskMarkdown: string;
  difficulty: "easy" | "medium" | "hard"; domain: string;
  cwd: string; files: { path: string; size: number }[];
  history: { line: string; exitCode: number }[];
  hintsRevealed: string[]; hintsTotal: number;
  grades: GradeView[];
  solutionAvailable: boolean;
  view: ClusterView;
  anonymous: boolean;
};
export type CommandResult = {
  stdout: string; stderr: string; exitCode: number;
  editor?: { path: string; content: string; reason: "vi" | "kubectl-edit" };
  view: ClusterView; trace: FlowStep[];
  /** additions requested by the UI (API.md): interleaved output, the prompt's cwd, the home dir's files */
  output: string; cwd: string; files: { path: string; size: number }[];
  /** a failed `kubectl apply -f FILE`: its errors at lines of FILE (for an editor showing it) */
  fileErrors?: { path: string; errors: { line: number; message: string }[] };
};

/** Failures the HTTP layer maps to statuses. */
export class ExerciseError extends Error {
  constructor(readonly code: "notFound" | "conflict" | "timeout" | "solutionLocked" | "badInput" | "logFull" | "dailyLogFull", message = code) {
    super(message);
  }
}

/** Failed gradings after which the reference solution may be shown. */
export const SOLUTION_AFTER_FAILED_GRADES = 3;
/**
 * Bytes of log an attempt may store, and one account (or anonymous visitor) per UTC day
 * (EXERCISE_LOG_MAX_KB_PER_ATTEMPT, default 4096; EXERCISE_LOG_MAX_MB_PER_DAY, default 32).
 */
export function logCaps(): LogCaps {
  const kb = Number(process.env.EXERCISE_LOG_MAX_KB_PER_ATTEMPT);
  const mb = Number(process.env.EXERCISE_LOG_MAX_MB_PER_DAY);
  return { attemptBytes: (Number.isFinite(kb) && kb > 0 ? kb : 4096) * 1024, dayBytes: (Number.isFinite(mb) && mb > 0 ? mb : 32) * 1024 * 1024 };
}

/** Wall-clock budget for one entry in the simulator (a slower entry is cut and not recorded). */
export function simulationBudgetMs(): number {
  const v = Number(process.env.EXERCISE_SIM_BUDGET_MS);
  return Number.isFinite(v) && v > 0 ? v : 3_000;
}

/** Wall-clock budget for one request's work on a session, and for each slice of a rebuild. */
function taskTimeoutMs(budget: number): number {
  // A task may rebuild (one slice: up to the budget, then one last entry of at most twice the budget) and
  // then run its own entry (the budget): past that, the worker is stuck where no deadline is asked, and is
  // terminated.
  return 4 * budget + 1_000;
}
/** Rebuild slices one request may use before giving up with a timeout (each within the budget). */
const MAX_REBUILD_SLICES = 8;

/** What a caller reads of a session after a request (the session itself lives in a worker thread). */
export type SessionReadout = {
  view(): ClusterView;
  files(): { path: string; size: number }[];
  readonly shell: { readonly state: { readonly cwd: string } };
  readonly history: { line: string; exitCode: number }[];
};
function toReadout(r: Readout): SessionReadout {
  return { view: () => r.view, files: () => r.files, shell: { state: { cwd: r.cwd } }, history: r.history };
}

// One lock table and one table of known log lengths per process, even if the bundler loads this module once per route.
const g = globalThis as unknown as { __kubeclassExerciseLocks?: KeyedMutex; __kubeclassExerciseOwnerLocks?: KeyedMutex; __kubeclassExerciseSeqs?: Map<string, number> };
const locks = (g.__kubeclassExerciseLocks ??= new KeyedMutex());
/** One task on the workers per owner at a time: a learner cannot occupy every worker with parallel requests on several attempts. */
const ownerLocks = (g.__kubeclassExerciseOwnerLocks ??= new KeyedMutex());
/** attempt key -> log length after this process's last append (a hint: a stale one ends in a conflict and a retry) */
const knownSeqs = (g.__kubeclassExerciseSeqs ??= new Map<string, number>());
function rememberSeq(key: string, seq: number) {
  knownSeqs.delete(key);
  knownSeqs.set(key, seq);
  if (knownSeqs.size > 50_000) knownSeqs.delete(knownSeqs.keys().next().value!);
}
/**
 * attempt key -> { seq: log length after this process's last append (or the start), at: its wall time (ms) }. The
 * learner's think time before the next entry is measured on the server (a client cannot fast-forward its cluster)
 * from the previous entry's time, capped at MAX_THINK_MS per gap. This hint only answers for the entry at its own
 * `seq` (this process wrote the last one); otherwise (another server appended, a restart) the time comes from the
 * store's last entry, so every server measures the same gap.
 */
const lastEntryAt = ((g as { __kubeclassExerciseLastAt?: Map<string, { seq: number; at: number }> }).__kubeclassExerciseLastAt ??= new Map<string, { seq: number; at: number }>());
function rememberLastAt(key: string, seq: number, at: number) {
  lastEntryAt.delete(key);
  lastEntryAt.set(key, { seq, at });
  if (lastEntryAt.size > 50_000) lastEntryAt.delete(lastEntryAt.keys().next().value!);
}
/**
 * When the entry before `seq` was recorded (attempts and exams): this process's hint if it wrote that entry, else
 * the stored time (another server wrote it, or a restart). Nothing is read while think time is off.
 */
export async function previousEntryAt(hint: { seq: number; at: number } | undefined, seq: number, stored: () => Promise<number | null>): Promise<number | undefined> {
  if (!thinkTimeOn()) return undefined;
  if (hint && hint.seq === seq) return hint.at;
  return (await stored()) ?? undefined;
}

/**
 * Is the learner's think time recorded? On unless EXERCISE_THINK_TIME=0; under Vitest off unless
 * EXERCISE_THINK_TIME=1 (tests drive the service faster than any learner and compare outputs).
 */
function thinkTimeOn(): boolean {
  const v = process.env.EXERCISE_THINK_TIME;
  return v === "1" || (v !== "0" && !process.env.VITEST);
}

/** The think time to record before an entry, `now` ms after the previous one at `prev` (0 when unknown). */
export function thinkTime(prev: number | undefined, now: number): number {
  if (prev === undefined || !thinkTimeOn()) return 0;
  return Math.max(0, Math.min(MAX_THINK_MS, Math.floor(now - prev)));
}

/** An attempt's immutable facts, all a session needs. */
type AttemptFacts = Pick<AttemptRecord, "id" | "exerciseId" | "seed" | "parameters">;
/**
 * attempt key ("owner/id") -> its facts, so a command needs no read of the attempt: the key is per owner, and
 * the append itself checks ownership (bounded; a forgotten key is read again).
 */
const knownFacts = ((g as { __kubeclassExerciseFacts?: Map<string, AttemptFacts> }).__kubeclassExerciseFacts ??= new Map<string, AttemptFacts>());
function rememberFacts(key: string, rec: AttemptRecord): AttemptFacts {
  const f = { id: rec.id, exerciseId: rec.exerciseId, seed: rec.seed, parameters: rec.parameters };
  knownFacts.delete(key);
  knownFacts.set(key, f);
  if (knownFacts.size > 50_000) knownFacts.delete(knownFacts.keys().next().value!);
  return f;
}

/** Cache statistics over every worker (for the benchmark and health output). */
export async function sessionCacheStats(): Promise<{ entries: number; approxBytes: number; heapUsed: number; threads: number }> {
  return (await hostPool()).stats();
}
/** Forget every live session (tests: forces the next request to rebuild). */
export async function clearSessionCache(): Promise<void> {
  knownSeqs.clear();
  knownFacts.clear();
  await (await hostPool()).clear();
}

function loaded(exerciseId: string): LoadedExercise {
  const le = getExercise(exerciseId);
  if (!le) throw new ExerciseError("notFound");
  return le;
}

async function requireAttempt(store: AttemptStore, attemptId: string): Promise<{ rec: AttemptRecord; le: LoadedExercise }> {
  const rec = await store.get(attemptId);
  if (!rec) throw new ExerciseError("notFound");
  const le = getExercise(rec.exerciseId);
  if (!le) throw new ExerciseError("notFound");
  return { rec, le };
}

type Op = { op: "apply"; entry: LogEntry } | { op: "read" } | { op: "grade" } | { op: "complete"; line: string } | { op: "hash" };
type Ok = Extract<HostReply, { kind: "ok" }>;

/**
 * Run an operation on the attempt's session at log length `seq`, wherever it lives. The host answers
 * `needLog` when it lacks the session (then the log and checkpoint go along), `rebuilding` when a rebuild
 * slice used its budget (progress is checkpointed; the next slice goes on), `timeout` when the work ran
 * past the budget. A rebuild never runs unbounded: each slice is within the budget.
 */
async function onSession(store: AttemptStore, rec: AttemptFacts, seq: number, op: Op): Promise<Ok> {
  const pool = await hostPool();
  const key = `${store.owner}/${rec.id}`;
  const meta = { exerciseId: rec.exerciseId, seed: rec.seed, parameters: rec.parameters };
  const source = {
    log: async () => (await store.listLog(rec.id)).map((r) => r.entry),
    getCheckpoint: () => store.getCheckpoint(rec.id),
    putCheckpoint: (cp: Checkpoint) => store.putCheckpoint(rec.id, cp.seq, cp.data),
  };
  const reply = await callSession(pool, source, seq, MAX_REBUILD_SLICES, (rebuild) => {
    const budgetMs = simulationBudgetMs();
    const task = { ...op, key, meta, seq, budgetMs, ...(rebuild ? { rebuild } : {}) };
    return ownerLocks.run(store.owner, () => pool.call(task, taskTimeoutMs(budgetMs)));
  });
  if (reply === "timeout") throw new ExerciseError("timeout");
  if (reply === "conflict") throw new ExerciseError("conflict");
  return reply;
}

/** The log length to read an attempt at: the stored one (another server may have appended). */
async function currentSeq(store: AttemptStore, rec: AttemptFacts): Promise<number> {
  const n = await store.countLog(rec.id);
  rememberSeq(`${store.owner}/${rec.id}`, n);
  return n;
}

/** Start a new attempt: a fresh seed, or the previous attempt's seed with `sameParameters`. */
export async function startAttempt(store: AttemptStore, exerciseId: string, opts: { sameParameters?: boolean; seed?: number } = {}): Promise<{ rec: AttemptRecord; session: SessionReadout }> {
  const le = loaded(exerciseId);
  let seed = opts.seed ?? randomInt(1, 2 ** 31 - 1);
  if (opts.sameParameters && opts.seed === undefined) {
    const prev = await store.latest(exerciseId);
    if (prev) seed = prev.seed;
  }
  const parameters = drawParameters(le.exercise.id, le.exercise.parameters, seed);
  const rec = await store.create({ exerciseId, lessonSlug: le.lessonSlug, seed, parameters });
  rememberSeq(`${store.owner}/${rec.id}`, 0);
  rememberFacts(`${store.owner}/${rec.id}`, rec);
  rememberLastAt(`${store.owner}/${rec.id}`, 0, Date.parse(rec.createdAt));
  const r = await locks.run(`${store.owner}/${rec.id}`, () => onSession(store, rec, 0, { op: "read" }));
  return { rec, session: toReadout(r.readout!) };
}

/** Bytes an entry adds to the stored log (its encoded payload, as the store keeps it). */
export function entryBytes(entry: LogEntry): number {
  return Buffer.byteLength(encodeEntry(entry).payload);
}

/**
 * Append one entry to an attempt's log and return what it did. The attempt's immutable facts come from the
 * store; the insert itself checks ownership, sequence and the log caps, and a sequence conflict (another
 * server appended meanwhile) retries once on the stored log.
 */
export async function applyEntry(store: AttemptStore, attemptId: string, input: LogEntry): Promise<{ result: EntryResult; session: SessionReadout }> {
  const key = `${store.owner}/${attemptId}`;
  return locks.run(key, async () => {
    // the learner's think time since the previous entry passes first (measured here, never taken from the client)
    const { thinkMs: _client, ...bare } = input;
    void _client;
    const received = Date.now();
    const rec = knownFacts.get(key) ?? rememberFacts(key, (await requireAttempt(store, attemptId)).rec);
    const caps = logCaps();
    if (entryBytes(bare) > caps.attemptBytes) throw new ExerciseError("logFull");
    for (let attempt = 0; ; attempt++) {
      const seq = knownSeqs.get(key) ?? (await currentSeq(store, rec));
      // measured from the entry before this one, whoever recorded it (a retry after a conflict measures again)
      const think = thinkTime(await previousEntryAt(lastEntryAt.get(key), seq, () => store.lastEntryAt(attemptId)), received);
      const entry: LogEntry = think ? { ...bare, thinkMs: think } : bare;
      const r = await onSession(store, rec, seq, { op: "apply", entry });
      // A failed append (the database busy or gone) leaves the host's session one entry ahead of the log: dropped
      // below like any refused entry, or another server's entry at this seq would later be served from it.
      const appended = await store.append(attemptId, { seq, entry, exitCode: r.result!.exitCode }, caps).catch(async (e: unknown) => {
        knownSeqs.delete(key);
        await (await hostPool()).call({ op: "drop", key }, 5_000).catch(() => undefined);
        throw e;
      });
      if (appended === "ok") {
        rememberSeq(key, seq + 1);
        rememberLastAt(key, seq + 1, Date.now());
        // A checkpoint is only a shortcut for rebuilding: never fail or delay the command for it.
        if (r.checkpoint) store.putCheckpoint(attemptId, r.checkpoint.seq, r.checkpoint.data).catch(() => undefined);
        return { result: r.result!, session: toReadout(r.readout!) };
      }
      // Not recorded: the host's session has an entry the log has not; it must not be served again.
      knownSeqs.delete(key);
      knownFacts.delete(key);
      await (await hostPool()).call({ op: "drop", key }, 5_000);
      if (appended === "notFound") throw new ExerciseError("notFound");
      if (appended === "attemptFull") throw new ExerciseError("logFull");
      if (appended === "dayFull") throw new ExerciseError("dailyLogFull");
      if (attempt >= 1) throw new ExerciseError("conflict");
    }
  });
}

function localizedGrade(le: LoadedExercise, rec: AttemptRecord, g: StoredGrade, locale: Locale): GradeView {
  const titles = new Map<string, Localized>(substitute(le.exercise.checks, rec.parameters).map((c) => [c.id, c.title]));
  return {
    at: g.at, score: g.score, passed: g.passed,
    checks: g.checks.map((c) => ({ id: c.id, title: titles.get(c.id)?.[locale] ?? c.id, passed: c.passed, weight: c.weight, ...(c.explanation ? { explanation: c.explanation[locale] } : {}) })),
  };
}

function solutionAvailable(rec: AttemptRecord, grades: StoredGrade[]): boolean {
  return rec.status === "PASSED" || grades.filter((g) => !g.passed).length >= SOLUTION_AFTER_FAILED_GRADES;
}

/** Grade the attempt's current state and record the result. */
export async function gradeAttempt(store: AttemptStore, attemptId: string, locale: Locale): Promise<GradeView> {
  return locks.run(`${store.owner}/${attemptId}`, async () => {
    const { rec, le } = await requireAttempt(store, attemptId);
    const out = (await onSession(store, rec, await currentSeq(store, rec), { op: "grade" })).grade!;
    const stored = await store.recordGrade(rec.id, { score: out.score, passed: out.passed, checks: out.checks.map(({ id, passed, weight, explanation }) => ({ id, passed, weight, ...(explanation ? { explanation } : {}) })) });
    if (!stored) throw new ExerciseError("notFound");
    return localizedGrade(le, rec, stored, locale);
  });
}

/** What the workspace shows for an attempt (never checks or the solution). */
export async function attemptView(store: AttemptStore, attemptId: string, locale: Locale): Promise<AttemptView> {
  return locks.run(`${store.owner}/${attemptId}`, async () => {
    const { rec, le } = await requireAttempt(store, attemptId);
    const r = await onSession(store, rec, await currentSeq(store, rec), { op: "read" });
    const grades = await store.listGrades(rec.id);
    return buildView(store, rec, le, toReadout(r.readout!), grades, locale);
  });
}

/** The view of a freshly started attempt (no DB round trips). */
export function newAttemptView(store: AttemptStore, rec: AttemptRecord, session: SessionReadout, locale: Locale): AttemptView {
  return buildView(store, rec, loaded(rec.exerciseId), session, [], locale);
}

function buildView(store: AttemptStore, rec: AttemptRecord, le: LoadedExercise, s: SessionReadout, grades: StoredGrade[], locale: Locale): AttemptView {
  const ex = le.exercise;
  const hints = substitute(ex.hints, rec.parameters);
  return {
    attemptId: rec.id,
    exerciseId: ex.id,
    title: ex.title[locale],
    taskMarkdown: substitute(ex.task[locale], rec.parameters),
    difficulty: ex.difficulty,
    domain: ex.domain,
    cwd: s.shell.state.cwd,
    files: s.files(),
    history: s.history,
    hintsRevealed: hints.slice(0, rec.hintsUsed).map((h) => h[locale]),
    hintsTotal: hints.length,
    grades: grades.map((g) => localizedGrade(le, rec, g, locale)),
    solutionAvailable: solutionAvailable(rec, grades),
    view: s.view(),
    anonymous: store.anonymous,
  };
}

/** Reveal the next hint (recorded) and return all revealed so far. */
export async function revealHint(store: AttemptStore, attemptId: string, locale: Locale): Promise<string[]> {
  return locks.run(`${store.owner}/${attemptId}`, async () => {
    const { rec, le } = await requireAttempt(store, attemptId);
    const hints = substitute(le.exercise.hints, rec.parameters);
    const n = Math.min(hints.length, rec.hintsUsed + 1);
    if (n > rec.hintsUsed && !(await store.recordHints(rec.id, n))) throw new ExerciseError("notFound");
    return hints.slice(0, n).map((h) => h[locale]);
  });
}

/** The reference solution, once the rules allow it (a pass, or enough failed gradings); recorded. */
export async function revealSolution(store: AttemptStore, attemptId: string): Promise<string[]> {
  const { rec, le } = await requireAttempt(store, attemptId);
  const grades = await store.listGrades(rec.id);
  if (!solutionAvailable(rec, grades)) throw new ExerciseError("solutionLocked");
  await store.recordSolutionRevealed(rec.id);
  return substitute(le.exercise.solution, rec.parameters).map((e) => {
    const x = toLogEntry(e);
    if (x.kind === "run") return x.line;
    if (x.kind === "save") return `cat > ${x.path} <<'EOF'\n${x.content.replace(/\n$/, "")}\nEOF`;
    if (x.kind === "advance") return `sleep ${x.seconds}`;
    return "";
  }).filter(Boolean);
}

/** Tab completion on the attempt's current state (does not change it). */
export async function completeLine(store: AttemptStore, attemptId: string, line: string): Promise<string[]> {
  return locks.run(`${store.owner}/${attemptId}`, async () => {
    const { rec } = await requireAttempt(store, attemptId);
    return (await onSession(store, rec, await currentSeq(store, rec), { op: "complete", line })).candidates!;
  });
}

/**
 * The terminal's scrollback of the actor's attempt: its stored log replayed from the start on a worker, within
 * the simulation budget (a cut replay answers `complete: false`), the last `maxBytes` of it (transcript.ts).
 */
export async function attemptTranscript(store: AttemptStore, attemptId: string, maxBytes = TRANSCRIPT_MAX_BYTES): Promise<Transcript> {
  const { rec } = await requireAttempt(store, attemptId);
  const log = (await store.listLog(rec.id)).map((r) => r.entry);
  const budgetMs = simulationBudgetMs();
  const meta = { exerciseId: rec.exerciseId, seed: rec.seed, parameters: rec.parameters };
  const pool = await hostPool();
  const reply = await ownerLocks.run(store.owner, () => pool.call({ op: "transcript", meta, log, maxBytes, budgetMs }, taskTimeoutMs(budgetMs)));
  if (reply.kind === "ok" && reply.transcript) return reply.transcript;
  return { entries: [], omitted: log.length, complete: false };
}

/** The stateHash of the attempt's live session (tests and diagnostics: replay must give the same). */
export async function attemptStateHash(store: AttemptStore, attemptId: string): Promise<string> {
  return locks.run(`${store.owner}/${attemptId}`, async () => {
    const { rec } = await requireAttempt(store, attemptId);
    return (await onSession(store, rec, await currentSeq(store, rec), { op: "hash" })).hash!;
  });
}
