// The live sessions of one thread: a worker of the pool (worker.ts), or the main thread itself when the
// pool is off. The main thread owns the store and the per-attempt lock; a host owns sessions and answers
// one request at a time. Requests name the log length they expect, so a host never serves a stale state:
// a session it lacks or that lags is rebuilt from the log the main thread sends (after `needLog`), from
// its checkpoint, in slices that each stay within the budget.
import os from "node:os";
import { isMainThread } from "node:worker_threads";
import { SimulationStopped } from "#lib/sim/index";
import { SessionLru } from "./cache";
import { grade, type GradeOutcome } from "./checks";
import { complete } from "./complete";
import { getExercise } from "./loader";
import type { Params } from "./params";
import { restoreSession, startSession, type ApplyOptions, type ClusterView, type EntryResult, type ExerciseSession, type LogEntry } from "./session";
import { replayTranscript, type Transcript } from "./transcript";
import { replayWindow, type ReplayCheckpoint, type ReplayWindowResult } from "./replay-window";
import { gradeCommandItem, type CommandFeedback } from "#lib/quiz/command";
import { quizBank } from "#lib/quiz/loader";
import type { ExamHostReply, ExamHostRequest } from "#lib/exam/host";

/** The attempt's immutable facts a host needs to start its session. */
export type AttemptMeta = { exerciseId: string; seed: number; parameters: Params };
/** What the workspace reads of a session after a request. */
export type Readout = { view: ClusterView; cwd: string; files: { path: string; size: number }[]; history: { line: string; exitCode: number }[] };
export type Checkpoint = { seq: number; data: string };

/** A request about one live session: its key, the log length it is about, the budget, and the log to rebuild from (after `needLog`). */
export type SessionTarget = { key: string; /** log length the request is about */ seq: number; budgetMs: number; rebuild?: { log: LogEntry[]; checkpoint: Checkpoint | null } };
type Target = SessionTarget & { meta: AttemptMeta };
export type HostRequest =
  | (Target & { op: "apply"; entry: LogEntry })
  | (Target & { op: "read" })
  | (Target & { op: "grade" })
  | (Target & { op: "complete"; line: string })
  | (Target & { op: "hash" })
  /** a quiz command item: the learner's answer on a fresh start of the item's variant, graded (no key) */
  | { op: "quizCommand"; itemId: string; seed: number; locale: "ko" | "en"; answer: string; budgetMs: number }
  /** the scrollback of a log, replayed from the start on a fresh session (no key: any worker will do) */
  | { op: "transcript"; meta: AttemptMeta; log: LogEntry[]; maxBytes: number; budgetMs: number }
  /** an instructor's replay window: the log from `base` (or the start) to `to`, outputs from `outputsFrom`, the state after `to` (replay-window.ts) */
  | { op: "replayWindow"; meta: AttemptMeta; log: LogEntry[]; base: ReplayCheckpoint | null; outputsFrom: number; to: number; budgetMs: number }
  /** an exam session's request (lib/exam/host.ts) */
  | ExamHostRequest
  | { op: "drop"; key: string }
  | { op: "clear" }
  | { op: "stats" };

export type HostReply =
  /** the host has no session at `seq` (it has `have` entries, 0 = none): send the log */
  | { kind: "needLog"; have: number }
  /** a rebuild slice used its budget; the session (at `have`) is kept: ask again. `checkpoint` saves the progress */
  | { kind: "rebuilding"; have: number; checkpoint?: Checkpoint }
  /** the entry (or grading) ran past the budget: nothing recorded, the session is gone */
  | { kind: "timeout" }
  | {
      kind: "ok"; result?: EntryResult; readout?: Readout; grade?: GradeOutcome; candidates?: string[]; hash?: string; transcript?: Transcript; quiz?: CommandFeedback;
      /** what an exam request answers (lib/exam/host.ts) */
      exam?: ExamHostReply;
      replay?: ReplayWindowResult;
      /** a checkpoint after this request's entry: store it once the entry is recorded */
      checkpoint?: Checkpoint;
    }
  | { kind: "stats"; entries: number; approxBytes: number; heapUsed: number };

/** Simulation time (ms of wall clock) after which a checkpoint is taken, so a rebuild replays at most about this much. */
export const CHECKPOINT_COST_MS = 60;
const CHECKPOINT_MIN_ENTRIES = 5;
/** Above this cost since the last checkpoint, one is taken whatever the number of entries (one heavy command). */
const CHECKPOINT_HEAVY_MS = 250;

/**
 * A task that has run this long in a worker lowers its own thread's scheduling priority (nice) until it ends,
 * so on a machine with fewer cores than busy threads the learners with short commands get the CPU first.
 * Linux applies setpriority(PRIO_PROCESS, 0) to the calling thread only (setpriority(2), NOTES); elsewhere
 * it would renice the whole process, so it is done on Linux only, and never on the main thread.
 */
const HEAVY_TASK_MS = 50;
const HEAVY_TASK_NICE = 10;
let taskStart = 0;
let lowered = false;
/** Lowers the running task's thread priority once it has run HEAVY_TASK_MS (asked from every deadline predicate). */
export function yieldIfHeavy(): void {
  if (lowered || isMainThread || process.platform !== "linux" || performance.now() - taskStart < HEAVY_TASK_MS) return;
  lowered = true;
  try {
    os.setPriority(HEAVY_TASK_NICE);
  } catch {
    // not permitted: run on at the same priority
  }
}
function restorePriority(): void {
  if (!lowered) return;
  lowered = false;
  try {
    os.setPriority(0);
  } catch {
    // raising it again needs CAP_SYS_NICE (or RLIMIT_NICE): the thread stays lower, which only favours others
  }
}

/** Timer noise allowed on top of an entry's replay limit, so a tiny entry is never cut for a clock tick. */
const REPLAY_SLACK_MS = 50;

export type HostOptions = { maxEntries: number; maxBytes: number };

/** Another kind of session a thread hosts (lib/exam/host.ts: exam sessions), with its own cache. */
export interface HostedKind {
  handle(req: ExamHostRequest): HostReply;
  delete(key: string): void;
  clear(): void;
  readonly size: number;
  readonly totalBytes: number;
}

/** One thread's sessions (bounded by count and by their measured size) and the request handler. */
export class SessionHost {
  private readonly sessions: LiveSessions<ExerciseSession, Target>;
  /** `exams`: the thread's exam sessions (worker.ts and pool.ts pass lib/exam/host's ExamHost) */
  constructor(opts: HostOptions, private readonly exams?: HostedKind) {
    this.sessions = new LiveSessions<ExerciseSession, Target>(opts, (req, checkpoint, log) => {
      const le = getExercise(req.meta.exerciseId)!;
      return (checkpoint && restoreSession(le.exercise, req.meta.seed, req.meta.parameters, checkpoint.data, log.slice(0, checkpoint.seq))) || startSession(le.exercise, req.meta.seed, req.meta.parameters);
    });
  }

  clear(): void {
    this.sessions.clear();
    this.exams?.clear();
  }

  handle(req: HostRequest): HostReply {
    taskStart = performance.now();
    try {
      return this.run(req);
    } finally {
      restorePriority();
    }
  }

  private run(req: HostRequest): HostReply {
    if (req.op === "drop") {
      this.sessions.delete(req.key);
      this.exams?.delete(req.key);
      return { kind: "ok" };
    }
    if (req.op === "clear") {
      this.clear();
      return { kind: "ok" };
    }
    if (req.op === "stats") {
      return { kind: "stats", entries: this.sessions.size + (this.exams?.size ?? 0), approxBytes: this.sessions.totalBytes + (this.exams?.totalBytes ?? 0), heapUsed: process.memoryUsage().heapUsed };
    }
    if (req.op === "exam" || req.op === "examTranscript") {
      if (!this.exams) throw new Error("this host has no exam sessions");
      return this.exams.handle(req);
    }
    if (req.op === "quizCommand") {
      const item = quizBank().byId.get(req.itemId)?.item;
      if (!item || item.type !== "command") throw new Error(`unknown command item ${req.itemId}`);
      const deadline = performance.now() + req.budgetMs;
      let stopped = false;
      const shouldStop = () => (stopped ||= performance.now() > deadline);
      try {
        const quiz = gradeCommandItem(item, req.seed, req.locale, req.answer, { shouldStop });
        return stopped ? { kind: "timeout" } : { kind: "ok", quiz };
      } catch (e) {
        if (stopped || e instanceof SimulationStopped) return { kind: "timeout" };
        throw e;
      }
    }
    if (req.op === "transcript") {
      const ex = getExercise(req.meta.exerciseId);
      if (!ex) throw new Error(`unknown exercise ${req.meta.exerciseId}`);
      const deadline = performance.now() + req.budgetMs;
      const transcript = replayTranscript(ex.exercise, req.meta.seed, req.meta.parameters, req.log, { maxBytes: req.maxBytes, shouldStop: () => performance.now() > deadline });
      return { kind: "ok", transcript };
    }
    if (req.op === "replayWindow") {
      const ex = getExercise(req.meta.exerciseId);
      if (!ex) throw new Error(`unknown exercise ${req.meta.exerciseId}`);
      // slices end at the budget between entries; one entry gets twice that (+ slack), as in a rebuild
      const t = performance.now();
      try {
        const replay = replayWindow(ex.exercise, req.meta.seed, req.meta.parameters, req.log, { base: req.base, outputsFrom: req.outputsFrom, to: req.to, deadline: t + req.budgetMs, entryLimitMs: 2 * req.budgetMs + REPLAY_SLACK_MS });
        return { kind: "ok", replay };
      } catch (e) {
        if (e instanceof SimulationStopped) return { kind: "timeout" };
        throw e;
      }
    }
    if (!getExercise(req.meta.exerciseId)) throw new Error(`unknown exercise ${req.meta.exerciseId}`);
    const l = this.sessions.at(req);
    if ("kind" in l) return l;
    const s = l.session;
    switch (req.op) {
      case "apply": {
        const r = this.sessions.apply(req, l, req.entry);
        return "kind" in r ? r : { kind: "ok", result: r.result, readout: readout(s, false), ...(r.checkpoint ? { checkpoint: r.checkpoint } : {}) };
      }
      case "read":
        return { kind: "ok", readout: readout(s, true) };
      case "grade": {
        // Probes run the cluster on a snapshot that grading restores; cut part-way, the session is dropped.
        const r = this.sessions.guard(req, (shouldStop) => {
          s.cluster.setShouldStop(shouldStop);
          try {
            return grade(s, req.meta.parameters);
          } finally {
            s.cluster.setShouldStop(null);
          }
        });
        return "kind" in r ? r : { kind: "ok", grade: r.value };
      }
      case "complete":
        return { kind: "ok", candidates: complete(s, req.line) };
      case "hash":
        return { kind: "ok", hash: s.stateHash() };
    }
  }
}

/** What a host keeps alive and rebuilds: a session that replays log entries and checkpoints itself. */
export interface Replayable {
  readonly log: { readonly length: number };
  apply(entry: LogEntry, opts: ApplyOptions): EntryResult;
  checkpoint(): string;
  approxBytes(): number;
}
/** A live session with the simulation cost since its last checkpoint. */
export type LiveSession<S> = { session: S; costSinceCheckpoint: number; sinceCheckpoint: number; approxBytes(): number };

/**
 * One kind of live session of a thread, keyed: found at the log length a request names, else rebuilt from
 * the log sent (its own lagging copy, else the checkpoint, else the start: `fresh`) in budgeted slices;
 * entries applied within the budget, with the checkpoint cadence. Exercise attempts and exam sessions both
 * live in one of these.
 */
export class LiveSessions<S extends Replayable, R extends SessionTarget = SessionTarget> {
  private readonly sessions: SessionLru<LiveSession<S>>;
  /** `fresh`: the session from the checkpoint (when it fits) or the start, at a log length <= `req.seq` */
  constructor(opts: HostOptions, private readonly fresh: (req: R, checkpoint: Checkpoint | null, log: LogEntry[]) => S) {
    this.sessions = new SessionLru<LiveSession<S>>(opts);
  }
  get size(): number {
    return this.sessions.size;
  }
  get totalBytes(): number {
    return this.sessions.totalBytes;
  }
  clear(): void {
    this.sessions.clear();
  }
  delete(key: string): void {
    this.sessions.delete(key);
  }

  /** The session at `req.seq`, or the reply that ends the request (`needLog`, `rebuilding`, `timeout`). */
  at(req: R): LiveSession<S> | HostReply {
    const t0 = performance.now();
    let l = this.sessions.get(req.key);
    if (l && l.session.log.length > req.seq) {
      // ahead of the log (cannot happen while entries are only kept once recorded): never serve it
      this.sessions.delete(req.key);
      l = undefined;
    }
    if (!l || l.session.log.length < req.seq) {
      if (!req.rebuild && req.seq > 0) return { kind: "needLog", have: l?.session.log.length ?? 0 };
      const r = this.rebuild(req, l, t0);
      if ("kind" in r) return r;
      l = r;
    }
    return l;
  }

  /**
   * Run `work` within the request's budget (from now: it starts once the session is there); cut or failed
   * part-way, the session is dropped (it is somewhere inside the work) and a cut answers timeout.
   */
  guard<T>(req: R, work: (shouldStop: () => boolean) => T): { value: T; ms: number } | HostReply {
    const t1 = performance.now();
    const deadline = t1 + req.budgetMs;
    const shouldStop = () => {
      yieldIfHeavy();
      return performance.now() > deadline;
    };
    let value: T;
    try {
      value = work(shouldStop);
    } catch (e) {
      this.sessions.delete(req.key);
      if (e instanceof SimulationStopped) return { kind: "timeout" };
      throw e;
    }
    const t2 = performance.now();
    if (t2 > deadline) {
      // Over budget in work the stop predicate never saw (one huge event): same outcome.
      this.sessions.delete(req.key);
      return { kind: "timeout" };
    }
    return { value, ms: t2 - t1 };
  }

  /** Apply one entry within the budget and keep the session; a checkpoint when one is due (store it once the entry is recorded). */
  apply(req: R, l: LiveSession<S>, entry: LogEntry): { result: EntryResult; checkpoint?: Checkpoint } | HostReply {
    const r = this.guard(req, (shouldStop) => l.session.apply(entry, { shouldStop }));
    if ("kind" in r) return r;
    l.costSinceCheckpoint += r.ms;
    l.sinceCheckpoint += 1;
    const checkpoint = this.checkpointDue(l) ? this.takeCheckpoint(l) : undefined;
    this.sessions.set(req.key, l);
    return { result: r.value, ...(checkpoint ? { checkpoint } : {}) };
  }

  /**
   * Bring a session up to `req.seq` from the log sent: the host's own lagging copy, else the checkpoint,
   * else the start. Entries are replayed within the budget: between entries the slice ends at the budget
   * (the session, a recorded prefix, is kept and checkpointed: the next request goes on from there); an
   * entry that alone runs past twice the budget (+ REPLAY_SLACK_MS) is stopped and the session dropped.
   */
  private rebuild(req: R, have: LiveSession<S> | undefined, t0: number): LiveSession<S> | HostReply {
    const { log, checkpoint } = req.rebuild ?? { log: [], checkpoint: null };
    if (log.length < req.seq) throw new Error(`log of ${req.key} is shorter (${log.length}) than expected (${req.seq})`);
    const s = have?.session ?? this.fresh(req, checkpoint && checkpoint.seq <= req.seq ? checkpoint : null, log);
    const l: LiveSession<S> = have ?? { session: s, costSinceCheckpoint: 0, sinceCheckpoint: 0, approxBytes: () => s.approxBytes() };
    const from = s.log.length;
    for (let i = from; i < req.seq; i++) {
      // at least one entry per slice, so every slice makes progress
      if (i > from && performance.now() > t0 + req.budgetMs) {
        // Out of budget between two entries: keep what was rebuilt and let the caller ask again.
        l.costSinceCheckpoint = 0;
        l.sinceCheckpoint = 0;
        this.sessions.set(req.key, l);
        return { kind: "rebuilding", have: s.log.length, checkpoint: this.takeCheckpoint(l) };
      }
      const t1 = performance.now();
      // An entry was recorded within the budget; its replay gets twice that (plus slack for timer noise).
      const hard = t1 + 2 * req.budgetMs + REPLAY_SLACK_MS;
      try {
        s.apply(log[i], {
          shouldStop: () => {
            yieldIfHeavy();
            return performance.now() > hard;
          },
        });
      } catch (e) {
        this.sessions.delete(req.key);
        if (e instanceof SimulationStopped) return { kind: "timeout" };
        throw e;
      }
      l.costSinceCheckpoint += performance.now() - t1;
      l.sinceCheckpoint += 1;
    }
    this.sessions.set(req.key, l);
    return l;
  }

  private checkpointDue(l: LiveSession<S>): boolean {
    return l.costSinceCheckpoint > CHECKPOINT_HEAVY_MS || (l.costSinceCheckpoint > CHECKPOINT_COST_MS && l.sinceCheckpoint >= CHECKPOINT_MIN_ENTRIES);
  }

  private takeCheckpoint(l: LiveSession<S>): Checkpoint {
    l.costSinceCheckpoint = 0;
    l.sinceCheckpoint = 0;
    return { seq: l.session.log.length, data: l.session.checkpoint() };
  }
}

function readout(s: ExerciseSession, withHistory: boolean): Readout {
  return {
    view: s.view(),
    cwd: s.shell.state.cwd,
    files: s.files(),
    history: withHistory ? s.log.flatMap((e, i) => (e.kind === "run" ? [{ line: e.line, exitCode: s.exitCodes[i] ?? 0 }] : [])) : [],
  };
}
