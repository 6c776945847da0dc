// Exam sessions on the exercise worker pool (lib/exercise/pool.ts): each thread's SessionHost is given an
// ExamHost, which keeps that thread's live exam sessions in a LiveSessions cache of their own, so an exam
// is rebuilt exactly as an attempt is (its own lagging copy, else the stored checkpoint, else the start; in
// slices within the budget), its entries run within the budget and it checkpoints on the same cadence.
// The main thread (service.ts) owns the store, the deadline and the per-exam lock.
import type { EntryResult, LogEntry } from "#lib/exercise/session";
import { LiveSessions, type HostedKind, type HostOptions, type HostReply, type SessionTarget } from "#lib/exercise/host";
import { complete } from "#lib/exercise/complete";
import { examContent } from "./loader";
import { restoreExam, startExam, type ExamItem, type ExamSession, type TaskGrade } from "./session";
import { replayExamTranscript, type ExamTranscript } from "./transcript";

/** An exam's immutable facts a host needs to start (or restore) its session. */
export type ExamMeta = { items: ExamItem[]; seed: number };
export type ExamAction =
  | { do: "apply"; entry: LogEntry }
  | { do: "read" }
  /** every task, or only `task` (practice checks) */
  | { do: "grade"; task?: number }
  | { do: "complete"; line: string }
  | { do: "hash" };
type ExamTarget = SessionTarget & { op: "exam"; meta: ExamMeta; action: ExamAction };
export type ExamHostRequest =
  | ExamTarget
  /** the scrollback of an exam's log, replayed from the start on a fresh session (any worker) */
  | { op: "examTranscript"; meta: ExamMeta; log: LogEntry[]; maxBytes: number; budgetMs: number };

/** The shell as the exam page shows it after a request. */
export type ExamReadout = { context: string; cwd: string; prompt: string; files: { path: string; size: number }[] };
export type ExamHostReply = { result?: EntryResult; /** the context the entry ran in */ context?: string; readout?: ExamReadout; grades?: TaskGrade[]; candidates?: string[]; hash?: string; transcript?: ExamTranscript };

function readout(s: ExamSession): ExamReadout {
  return { context: s.currentContext(), cwd: s.shell.state.cwd, prompt: s.shell.prompt(), files: s.files() };
}

/** One thread's exam sessions and their requests (called by SessionHost.handle, inside its task frame). */
export class ExamHost extends LiveSessions<ExamSession, ExamTarget> implements HostedKind {
  constructor(opts: HostOptions) {
    super(opts, (req, checkpoint, log) => {
      const tasks = examContent().tasks;
      return (checkpoint && restoreExam(req.meta.items, tasks, req.meta.seed, checkpoint.data, log)) || startExam(req.meta.items, tasks, req.meta.seed);
    });
  }

  handle(req: ExamHostRequest): HostReply {
    if (req.op === "examTranscript") {
      const deadline = performance.now() + req.budgetMs;
      const transcript = replayExamTranscript(req.meta.items, examContent().tasks, req.meta.seed, req.log, { maxBytes: req.maxBytes, shouldStop: () => performance.now() > deadline });
      return { kind: "ok", exam: { transcript } };
    }
    const l = this.at(req);
    if ("kind" in l) return l;
    const s = l.session;
    const a = req.action;
    switch (a.do) {
      case "apply": {
        const r = this.apply(req, l, a.entry);
        if ("kind" in r) return r;
        // the flow trace is the exercise workspace's; the exam page has no use for it
        return { kind: "ok", exam: { result: { ...r.result, trace: [] }, context: s.log[s.log.length - 1].context, readout: readout(s) }, ...(r.checkpoint ? { checkpoint: r.checkpoint } : {}) };
      }
      case "read":
        return { kind: "ok", exam: { readout: readout(s) } };
      case "grade": {
        // probes run the clusters on snapshots that grading restores; cut part-way, the session is dropped
        const r = this.guard(req, (shouldStop) => {
          s.setShouldStop(shouldStop);
          try {
            return a.task === undefined ? s.gradeAll() : [s.gradeTask(a.task)];
          } finally {
            s.setShouldStop(null);
          }
        });
        return "kind" in r ? r : { kind: "ok", exam: { grades: r.value } };
      }
      case "complete":
        return { kind: "ok", exam: { candidates: complete(s.contexts.get(s.currentContext())!, a.line) } };
      case "hash":
        return { kind: "ok", exam: { hash: s.stateHash() } };
    }
  }
}
