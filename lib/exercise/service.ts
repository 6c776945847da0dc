// Attempts over a store: start, append a log entry, grade, hints, solution, views. The live session of
// an attempt comes from a bounded LRU; on a miss (or when another server appended) it is rebuilt by replay.
import { randomInt } from "node:crypto";
import { SimulationStopped } from "#lib/sim/index";
import { KeyedMutex, SessionLru } from "./cache";
import { grade } from "./checks";
import { complete } from "./complete";
import { getExercise, type LoadedExercise } from "./loader";
import { substitute } from "./params";
import type { Localized } from "./schema";
import { replay, restoreSession, startSession, toLogEntry, type ClusterView, type EntryResult, type ExerciseSession, type FlowStep, type LogEntry } from "./session";
import type { AttemptRecord, AttemptStore, StoredGrade } from "./store";

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
  constructor(readonly code: "notFound" | "conflict" | "timeout" | "solutionLocked" | "badInput", message = code) {
    super(message);
  }
}

/** Failed gradings after which the reference solution may be shown. */
export const SOLUTION_AFTER_FAILED_GRADES = 3;
/** Wall-clock budget for one entry in the simulator (a slower entry is cut and not recorded). */
export function simulationBudgetMs(): number {
  const v = Number(process.env.EXERCISE_SIM_BUDGET_MS);
  return Number.isFinite(v) && v > 0 ? v : 3_000;
}

/** A live attempt: its session plus the attempt's immutable facts (exercise, seed, parameters). */
type Live = { session: ExerciseSession; rec: AttemptRecord; le: LoadedExercise; approxBytes(): number; costSinceCheckpoint: number; sinceCheckpoint: number };
const live = (session: ExerciseSession, rec: AttemptRecord, le: LoadedExercise): Live => ({
  session, rec, le, approxBytes: () => session.approxBytes(), costSinceCheckpoint: 0, sinceCheckpoint: 0,
});

/** Simulation time (ms of wall clock) after which a checkpoint is stored, so a rebuild replays at most about this much. */
const CHECKPOINT_COST_MS = 60;
const CHECKPOINT_MIN_ENTRIES = 5;

// One cache and one lock table per process, even if the bundler loads this module once per route.
const g = globalThis as unknown as { __kubeclassExerciseSessions?: SessionLru<Live>; __kubeclassExerciseLocks?: KeyedMutex };
const sessions = (g.__kubeclassExerciseSessions ??= new SessionLru<Live>({
  maxEntries: Number(process.env.EXERCISE_CACHE_MAX_ENTRIES) || 400,
  maxBytes: (Number(process.env.EXERCISE_CACHE_MAX_MB) || 512) * 1024 * 1024,
}));
const locks = (g.__kubeclassExerciseLocks ??= new KeyedMutex());

/** Cache statistics (for the benchmark and health output). */
export function sessionCacheStats(): { entries: number; approxBytes: number } {
  return { entries: sessions.size, approxBytes: sessions.totalBytes };
}
/** Forget every live session (tests: forces the next request to replay). */
export function clearSessionCache(): void {
  sessions.clear();
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

/** The live session of an attempt: cached, caught up, or rebuilt by replay of the stored log. */
async function liveSession(store: AttemptStore, rec: AttemptRecord, le: LoadedExercise): Promise<ExerciseSession> {
  const key = `${store.owner}/${rec.id}`;
  const cached = sessions.get(key)?.session;
  const n = await store.countLog(rec.id);
  if (cached && cached.log.length === n) return cached;
  return rebuild(store, rec, le, cached && cached.log.length < n ? cached : undefined);
}

async function rebuild(store: AttemptStore, rec: AttemptRecord, le: LoadedExercise, from?: ExerciseSession): Promise<ExerciseSession> {
  const rows = await store.listLog(rec.id);
  const log = rows.map((r) => r.entry);
  let s: ExerciseSession | null = null;
  if (from) {
    s = from;
    for (const e of log.slice(s.log.length)) s.apply(e);
  } else {
    const cp = log.length > CHECKPOINT_MIN_ENTRIES ? await store.getCheckpoint(rec.id) : null;
    if (cp) s = restoreSession(le.exercise, rec.seed, rec.parameters, cp.data, log);
    s ??= replay(le.exercise, rec.seed, log, rec.parameters);
  }
  sessions.set(`${store.owner}/${rec.id}`, live(s, rec, le));
  return s;
}

/** Start a new attempt: a fresh seed, or the previous attempt's seed with `sameParameters`. */
export async function startAttempt(store: AttemptStore, exerciseId: string, opts: { sameParameters?: boolean; seed?: number } = {}): Promise<{ rec: AttemptRecord; session: ExerciseSession }> {
  const le = loaded(exerciseId);
  let seed = opts.seed ?? randomInt(1, 2 ** 31 - 1);
  if (opts.sameParameters && opts.seed === undefined) {
    const prev = await store.latest(exerciseId);
    if (prev) seed = prev.seed;
  }
  const session = startSession(le.exercise, seed);
  const rec = await store.create({ exerciseId, lessonSlug: le.lessonSlug, seed, parameters: session.params });
  sessions.set(`${store.owner}/${rec.id}`, live(session, rec, le));
  return { rec, session };
}

/**
 * Append one entry to an attempt's log and return what it did. A cached session is trusted for the
 * attempt's immutable facts (the cache is per owner); the insert itself checks ownership and sequence,
 * and a sequence conflict (another server appended meanwhile) rebuilds from the log and retries once.
 */
export async function applyEntry(store: AttemptStore, attemptId: string, entry: LogEntry): Promise<{ result: EntryResult; session: ExerciseSession }> {
  const key = `${store.owner}/${attemptId}`;
  return locks.run(key, async () => {
    for (let attempt = 0; ; attempt++) {
      let l = sessions.get(key);
      if (!l) {
        const { rec, le } = await requireAttempt(store, attemptId);
        await rebuild(store, rec, le);
        l = sessions.get(key)!;
      }
      const s = l.session;
      const seq = s.log.length;
      const budget = simulationBudgetMs();
      const t0 = performance.now();
      const deadline = t0 + budget;
      let result: EntryResult;
      try {
        // The simulator asks between events, so a long step stops at the budget instead of running on.
        result = s.apply(entry, { shouldStop: () => performance.now() > deadline });
      } catch (e) {
        // Cut (or failed) part-way: not recorded; drop the session so the next request rebuilds the
        // state without this entry.
        sessions.delete(key);
        if (e instanceof SimulationStopped) throw new ExerciseError("timeout");
        throw e;
      }
      const cost = performance.now() - t0;
      if (cost > budget) {
        // Over budget in work outside the event loop (parsing, printing, one huge event): same outcome.
        sessions.delete(key);
        throw new ExerciseError("timeout");
      }
      const r = await store.append(attemptId, { seq, entry, exitCode: result.exitCode });
      if (r === "ok") {
        l.costSinceCheckpoint += cost;
        l.sinceCheckpoint += 1;
        if (l.costSinceCheckpoint > CHECKPOINT_COST_MS && l.sinceCheckpoint >= CHECKPOINT_MIN_ENTRIES) {
          const data = s.checkpoint();
          if (data) {
            l.costSinceCheckpoint = 0;
            l.sinceCheckpoint = 0;
            // A checkpoint is only a shortcut for rebuilding: never fail or delay the command for it.
            store.putCheckpoint(attemptId, s.log.length, data).catch(() => undefined);
          }
        }
        sessions.set(key, l);
        return { result, session: s };
      }
      sessions.delete(key);
      if (r === "notFound") throw new ExerciseError("notFound");
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
    const s = await liveSession(store, rec, le);
    const out = grade(s, rec.parameters);
    const stored = await store.recordGrade(rec.id, { score: out.score, passed: out.passed, checks: out.checks.map(({ id, passed, weight, explanation }) => ({ id, passed, weight, ...(explanation ? { explanation } : {}) })) });
    if (!stored) throw new ExerciseError("notFound");
    return localizedGrade(le, rec, stored, locale);
  });
}

/** What the workspace shows for an attempt (never checks or the solution). */
export async function attemptView(store: AttemptStore, attemptId: string, locale: Locale): Promise<AttemptView> {
  return locks.run(`${store.owner}/${attemptId}`, async () => {
    const { rec, le } = await requireAttempt(store, attemptId);
    const s = await liveSession(store, rec, le);
    const grades = await store.listGrades(rec.id);
    return buildView(store, rec, le, s, grades, locale);
  });
}

/** The view of a freshly started attempt (no DB round trips). */
export function newAttemptView(store: AttemptStore, rec: AttemptRecord, session: ExerciseSession, locale: Locale): AttemptView {
  return buildView(store, rec, loaded(rec.exerciseId), session, [], locale);
}

function buildView(store: AttemptStore, rec: AttemptRecord, le: LoadedExercise, s: ExerciseSession, grades: StoredGrade[], locale: Locale): AttemptView {
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
    history: s.log.flatMap((e, i) => (e.kind === "run" ? [{ line: e.line, exitCode: s.exitCodes[i] ?? 0 }] : [])),
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
    const { rec, le } = await requireAttempt(store, attemptId);
    return complete(await liveSession(store, rec, le), line);
  });
}
