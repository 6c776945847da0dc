// Where attempts live, seen through one actor's eyes: the DB for signed-in users (lib/data/exercises.ts) and for
// anonymous visitors (lib/data/anon-attempts.ts, so any server serves any request); the in-memory store below is
// the port's reference for lib/exercise's own tests and tools. Every method only ever sees the actor's own attempts.
import { randomBytes } from "node:crypto";
import { SessionLru } from "./cache";
import type { LogEntry } from "./session";

export type Params = Record<string, string | number>;

export type AttemptRecord = {
  id: string;
  exerciseId: string;
  lessonSlug: string;
  seed: number;
  parameters: Params;
  status: "IN_PROGRESS" | "PASSED";
  createdAt: string;
  passedAt: string | null;
  hintsUsed: number;
  solutionRevealedAt: string | null;
};
export type StoredCheck = { id: string; passed: boolean; weight: number; explanation?: { ko: string; en: string } };
export type StoredGrade = { at: string; score: number; passed: boolean; checks: StoredCheck[] };
export type StoredEntry = { seq: number; entry: LogEntry; exitCode: number };
/** Bytes of encoded log entries one attempt may hold, and one owner may append per UTC day. */
export type LogCaps = { attemptBytes: number; dayBytes: number };
export type AppendOutcome = "ok" | "notFound" | "conflict" | "attemptFull" | "dayFull";

export interface AttemptStore {
  /** "user:<id>" or "anon:<sid>": also the cache namespace */
  readonly owner: string;
  readonly anonymous: boolean;
  create(input: { exerciseId: string; lessonSlug: string; seed: number; parameters: Params }): Promise<AttemptRecord>;
  get(attemptId: string): Promise<AttemptRecord | null>;
  latest(exerciseId: string): Promise<AttemptRecord | null>;
  countLog(attemptId: string): Promise<number>;
  /**
   * Wall time (ms) the last entry was recorded, or the attempt started when its log is empty (null: no such
   * attempt): the learner's think time before the next entry counts from it, whichever server recorded it.
   */
  lastEntryAt(attemptId: string): Promise<number | null>;
  listLog(attemptId: string): Promise<StoredEntry[]>;
  /** Appends at `e.seq` unless that would take the attempt or the owner's day past `caps` (nothing is written then). */
  append(attemptId: string, e: StoredEntry, caps?: LogCaps): Promise<AppendOutcome>;
  listGrades(attemptId: string): Promise<StoredGrade[]>;
  recordGrade(attemptId: string, g: { score: number; passed: boolean; checks: StoredCheck[] }): Promise<StoredGrade | null>;
  recordHints(attemptId: string, count: number): Promise<boolean>;
  recordSolutionRevealed(attemptId: string): Promise<void>;
  /** the latest stored state checkpoint (a rebuild shortcut; may be missing) */
  getCheckpoint(attemptId: string): Promise<{ seq: number; data: string } | null>;
  putCheckpoint(attemptId: string, seq: number, data: string): Promise<void>;
}

/** Serialise a log entry for storage (kind + JSON payload). */
export function encodeEntry(e: LogEntry): { kind: string; payload: string } {
  const { kind, ...rest } = e;
  return { kind, payload: JSON.stringify(rest) };
}

/** The inverse of encodeEntry; throws on a corrupt row. */
export function decodeEntry(kind: string, payload: string): LogEntry {
  const p = JSON.parse(payload) as Record<string, unknown>;
  const e = decodeKind(kind, p);
  const think = Number(p.thinkMs);
  return Number.isFinite(think) && think > 0 ? { ...e, thinkMs: think } : e;
}

function decodeKind(kind: string, p: Record<string, unknown>): LogEntry {
  switch (kind) {
    case "run": return { kind, line: String(p.line) };
    case "save": return { kind, path: String(p.path), content: String(p.content) };
    case "edit": return { kind, content: p.content === null ? null : String(p.content) };
    case "advance": return { kind, seconds: Number(p.seconds) };
    case "idle": return { kind };
    default: throw new Error(`unknown log entry kind ${kind}`);
  }
}

type AnonAttempt = { rec: AttemptRecord; log: StoredEntry[]; lastAt: number; grades: StoredGrade[]; logBytes: number; checkpoint: { seq: number; data: string } | null };
type AnonBucket = { attempts: Map<string, AnonAttempt>; bytes: number; day: string; dayBytes: number; approxBytes(): number };

const MAX_ANON_ATTEMPTS_PER_VISITOR = 10;
// One table per process, even if the bundler loads this module once per route.
const g = globalThis as unknown as { __kubeclassAnonAttempts?: SessionLru<AnonBucket> };
const anonBuckets = (g.__kubeclassAnonAttempts ??= new SessionLru<AnonBucket>({ maxEntries: 5_000, maxBytes: 256 * 1024 * 1024 }));

/** A new opaque id (URL-safe). */
export function newId(prefix = ""): string {
  return prefix + randomBytes(15).toString("base64url");
}

/**
 * Attempts of one owner kept in this process's memory (bounded, never saved): lib/exercise's tests and tools.
 * The server keeps anonymous visitors' attempts in the database (lib/data/anon-attempts.ts).
 */
export function anonymousStore(sid: string): AttemptStore {
  const bucket = (): AnonBucket => {
    let b = anonBuckets.get(sid);
    if (!b) {
      const nb: AnonBucket = { attempts: new Map(), bytes: 0, day: "", dayBytes: 0, approxBytes: () => 1_000 + nb.bytes };
      anonBuckets.set(sid, nb);
      b = nb;
    }
    return b;
  };
  const find = (id: string) => anonBuckets.get(sid)?.attempts.get(id) ?? null;
  return {
    owner: `anon:${sid}`,
    anonymous: true,
    async create(input) {
      const b = bucket();
      const rec: AttemptRecord = { id: newId("anon-"), ...input, status: "IN_PROGRESS", createdAt: new Date().toISOString(), passedAt: null, hintsUsed: 0, solutionRevealedAt: null };
      b.attempts.set(rec.id, { rec, log: [], lastAt: Date.parse(rec.createdAt), grades: [], logBytes: 0, checkpoint: null });
      while (b.attempts.size > MAX_ANON_ATTEMPTS_PER_VISITOR) b.attempts.delete(b.attempts.keys().next().value as string);
      anonBuckets.set(sid, b);
      return { ...rec };
    },
    async get(id) {
      const a = find(id);
      return a ? { ...a.rec } : null;
    },
    async latest(exerciseId) {
      const all = [...(anonBuckets.get(sid)?.attempts.values() ?? [])].filter((a) => a.rec.exerciseId === exerciseId);
      return all.length ? { ...all[all.length - 1].rec } : null;
    },
    async countLog(id) {
      return find(id)?.log.length ?? 0;
    },
    async lastEntryAt(id) {
      return find(id)?.lastAt ?? null;
    },
    async listLog(id) {
      return [...(find(id)?.log ?? [])];
    },
    async append(id, e, caps) {
      const a = find(id);
      if (!a) return "notFound";
      if (e.seq !== a.log.length) return "conflict";
      const n = Buffer.byteLength(encodeEntry(e.entry).payload);
      const b = bucket();
      const day = new Date().toISOString().slice(0, 10);
      if (b.day !== day) Object.assign(b, { day, dayBytes: 0 });
      if (caps && a.logBytes + n > caps.attemptBytes) return "attemptFull";
      if (caps && b.dayBytes + n > caps.dayBytes) return "dayFull";
      a.log.push(e);
      a.lastAt = Date.now();
      a.logBytes += n;
      b.dayBytes += n;
      b.bytes += 100 + n;
      anonBuckets.set(sid, b);
      return "ok";
    },
    async listGrades(id) {
      return [...(find(id)?.grades ?? [])];
    },
    async recordGrade(id, g) {
      const a = find(id);
      if (!a) return null;
      const at = new Date().toISOString();
      const row = { at, ...g };
      a.grades.push(row);
      if (g.passed && !a.rec.passedAt) Object.assign(a.rec, { status: "PASSED", passedAt: at });
      return row;
    },
    async recordHints(id, count) {
      const a = find(id);
      if (!a) return false;
      a.rec.hintsUsed = Math.max(a.rec.hintsUsed, count);
      return true;
    },
    async recordSolutionRevealed(id) {
      const a = find(id);
      if (a && !a.rec.solutionRevealedAt) a.rec.solutionRevealedAt = new Date().toISOString();
    },
    // Anonymous attempts are never saved; their latest checkpoint is kept with the log (and counted in the bucket).
    async getCheckpoint(id) {
      const a = find(id);
      return a?.checkpoint ? { ...a.checkpoint } : null;
    },
    async putCheckpoint(id, seq, data) {
      const a = find(id);
      if (!a || (a.checkpoint && a.checkpoint.seq >= seq)) return;
      const b = bucket();
      b.bytes += data.length - (a.checkpoint?.data.length ?? 0);
      a.checkpoint = { seq, data };
      anonBuckets.set(sid, b);
    },
  };
}
