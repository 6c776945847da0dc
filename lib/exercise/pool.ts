// Where sessions live: a pool of worker threads (piscina), so a long command occupies one worker and not the
// thread that serves every other learner's HTTP requests, and one server uses every core. Each worker keeps
// its own sessions; an attempt stays on its worker while that worker is free and moves to an idle one when
// it is busy (the idle worker rebuilds it from the log and checkpoint), so a learner never queues behind
// another learner's command. A worker that overruns its task's time limit is terminated (piscina aborts the
// task) and replaced; its sessions are rebuilt on demand. With EXERCISE_WORKERS=0 (the default under
// Vitest) sessions live on the calling thread and only the cooperative deadlines apply.
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import { SessionHost, type Checkpoint, type HostOptions, type HostReply, type HostRequest } from "./host";
import type { LogEntry } from "./session";
import { ExamHost } from "#lib/exam/host";

export interface HostPool {
  /** Run a request where its attempt's session lives; a task over `timeoutMs` is killed and answers timeout. */
  call(req: HostRequest, timeoutMs: number): Promise<HostReply>;
  /** Sessions and their estimated bytes, summed over the threads (heapUsed: the workers' heaps). */
  stats(): Promise<{ entries: number; approxBytes: number; heapUsed: number; threads: number }>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

/** Configured worker count: EXERCISE_WORKERS, else 0 under tests, else max(2, cores). */
export function workerCount(): number {
  const v = process.env.EXERCISE_WORKERS;
  if (v !== undefined && v !== "" && Number.isInteger(Number(v)) && Number(v) >= 0) return Number(v);
  if (process.env.NODE_ENV === "test" || process.env.VITEST) return 0;
  return Math.max(2, availableParallelism());
}

/** Cache bounds of all threads together (EXERCISE_CACHE_MAX_ENTRIES, EXERCISE_CACHE_MAX_MB). */
export function cacheBounds(): HostOptions {
  return {
    maxEntries: Number(process.env.EXERCISE_CACHE_MAX_ENTRIES) || 400,
    maxBytes: (Number(process.env.EXERCISE_CACHE_MAX_MB) || 512) * 1024 * 1024,
  };
}

/**
 * Cache bounds of the exam sessions of all threads together (EXAM_CACHE_MAX_ENTRIES, default 100;
 * EXAM_CACHE_MAX_MB, default 384): an exam holds every context's cluster, about 3 MB by the estimate.
 */
export function examCacheBounds(): HostOptions {
  return {
    maxEntries: Number(process.env.EXAM_CACHE_MAX_ENTRIES) || 100,
    maxBytes: (Number(process.env.EXAM_CACHE_MAX_MB) || 384) * 1024 * 1024,
  };
}

/** A thread's host: its attempts' sessions and its exams' (each cache bounded by its share of the bounds). */
export function threadHost(share: { host: HostOptions; exams: HostOptions }): SessionHost {
  return new SessionHost(share.host, new ExamHost(share.exams));
}

class InProcessPool implements HostPool {
  private host = threadHost({ host: cacheBounds(), exams: examCacheBounds() });
  async call(req: HostRequest): Promise<HostReply> {
    return this.host.handle(req);
  }
  async stats() {
    const s = this.host.handle({ op: "stats" });
    return s.kind === "stats" ? { entries: s.entries, approxBytes: s.approxBytes, heapUsed: s.heapUsed, threads: 0 } : { entries: 0, approxBytes: 0, heapUsed: 0, threads: 0 };
  }
  async clear() {
    this.host.clear();
  }
  async close() {}
}

type PiscinaLike = { run(task: unknown, opts?: { signal?: AbortSignal }): Promise<unknown>; destroy(): Promise<void> };
/** One worker thread; `since`: when its running task started (0: idle). */
type Slot = { pool: PiscinaLike; since: number };
/** A request waiting for a worker: `key` for an attempt's request, `slot` for one that must go to that worker. */
type Pending = { req: HostRequest; timeoutMs: number; key?: string; slot?: number; resolve(r: HostReply): void; reject(e: unknown): void };

/**
 * How long a request waits for its attempt's own worker while that worker runs someone else's task, before it
 * goes to an idle one (which rebuilds the session: from its own older copy if it has one, else the checkpoint).
 */
const AFFINITY_WAIT_MS = 50;
/**
 * The same for an exam session: rebuilding one elsewhere restores seven clusters from a ~1.5 MB checkpoint (or
 * builds its start), some 150-500 ms, where an attempt takes a few ms; moving it sooner would turn a busy
 * worker into a cascade of rebuilds.
 */
const EXAM_AFFINITY_WAIT_MS = 400;

class WorkerPool implements HostPool {
  private readonly slots: Slot[];
  private readonly queue: Pending[] = [];
  /** attempt key -> the worker that last served it (bounded; a forgotten key just rebuilds) */
  private readonly home = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(Piscina: new (o: object) => PiscinaLike, filename: string, n: number) {
    const all = cacheBounds();
    const each: HostOptions = { maxEntries: Math.ceil(all.maxEntries / n), maxBytes: Math.ceil(all.maxBytes / n) };
    const exams = examCacheBounds();
    const examsEach: HostOptions = { maxEntries: Math.ceil(exams.maxEntries / n), maxBytes: Math.ceil(exams.maxBytes / n) };
    // A hard ceiling per worker: its cache bound (estimated at 2 bytes a character, so real strings take about
    // half) plus room for the code and one rebuild. V8 collects harder near it, so a worker's memory stays near
    // what its sessions hold; a worker over it dies (ERR_WORKER_OUT_OF_MEMORY) and is replaced, instead of the
    // whole server running out of memory.
    const heapMb = Math.ceil((each.maxBytes + examsEach.maxBytes) / (1024 * 1024)) + 256;
    this.slots = Array.from({ length: n }, () => ({
      since: 0,
      pool: new Piscina({ filename, minThreads: 1, maxThreads: 1, idleTimeout: 2 ** 31 - 1, workerData: { host: each, exams: examsEach }, resourceLimits: { maxOldGenerationSizeMb: heapMb } }),
    }));
  }

  /** Wait until every thread has loaded its code (start-up is not counted against any task's limit). */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((_, i) => this.submit({ op: "stats" }, 2 ** 31 - 1, { slot: i })));
  }

  async call(req: HostRequest, timeoutMs: number): Promise<HostReply> {
    if (req.op === "drop") {
      // to the worker that served the attempt last (it holds the copy to forget), or to all if unknown
      const h = this.home.get(req.key);
      await Promise.all((h === undefined ? this.slots.map((_, i) => i) : [h]).map((i) => this.submit(req, timeoutMs, { slot: i })));
      return { kind: "ok" };
    }
    return this.submit(req, timeoutMs, "key" in req ? { key: req.key } : {});
  }

  private submit(req: HostRequest, timeoutMs: number, to: { key?: string; slot?: number }): Promise<HostReply> {
    return new Promise((resolve, reject) => {
      this.queue.push({ req, timeoutMs, ...to, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * Hand waiting requests to free workers, oldest first. An attempt's request goes to the worker that holds its
   * session when that one is free; when it is busy, the request waits up to AFFINITY_WAIT_MS of that task and
   * then takes any free worker, so nobody queues behind another learner's long command.
   */
  private dispatch(): void {
    const now = performance.now();
    let wakeAt = Infinity;
    for (let qi = 0; qi < this.queue.length; ) {
      const p = this.queue[qi];
      let target = -1;
      if (p.slot !== undefined) target = this.slots[p.slot].since ? -1 : p.slot;
      else {
        const free = this.slots.findIndex((s) => !s.since);
        if (p.key === undefined) target = free;
        else {
          const h = this.home.get(p.key) ?? hashIndex(p.key, this.slots.length);
          const busySince = this.slots[h].since;
          const wait = p.req.op === "exam" ? EXAM_AFFINITY_WAIT_MS : AFFINITY_WAIT_MS;
          if (!busySince) target = h;
          else if (free >= 0 && now - busySince >= wait) target = free;
          else if (free >= 0) wakeAt = Math.min(wakeAt, busySince + wait);
          if (target >= 0) this.remember(p.key, target);
        }
      }
      if (target < 0) {
        qi++;
        continue;
      }
      this.queue.splice(qi, 1);
      void this.start(target, p);
    }
    if (wakeAt < Infinity && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.dispatch();
      }, Math.max(1, wakeAt - now));
    }
  }

  private remember(key: string, i: number): void {
    this.home.delete(key);
    this.home.set(key, i);
    if (this.home.size > 100_000) this.home.delete(this.home.keys().next().value!);
  }

  private async start(i: number, p: Pending): Promise<void> {
    const slot = this.slots[i];
    slot.since = performance.now();
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), p.timeoutMs);
    try {
      p.resolve((await slot.pool.run(p.req, { signal: ac.signal })) as HostReply);
    } catch (e) {
      if (!ac.signal.aborted) p.reject(e);
      else {
        // Stuck past every cooperative deadline: piscina terminated the thread and starts a new one; let it
        // load its code before it takes the next request. Its sessions are rebuilt on demand.
        p.resolve({ kind: "timeout" });
        await slot.pool.run({ op: "stats" } satisfies HostRequest).catch(() => undefined);
      }
    } finally {
      clearTimeout(timer);
      slot.since = 0;
      this.dispatch();
    }
  }

  async stats() {
    const all = await Promise.all(this.slots.map((_, i) => this.submit({ op: "stats" }, 60_000, { slot: i })));
    const out = { entries: 0, approxBytes: 0, heapUsed: 0, threads: this.slots.length };
    for (const s of all) {
      if (s.kind !== "stats") continue;
      out.entries += s.entries;
      out.approxBytes += s.approxBytes;
      out.heapUsed += s.heapUsed;
    }
    return out;
  }

  async clear() {
    this.home.clear();
    await Promise.all(this.slots.map((_, i) => this.submit({ op: "clear" }, 60_000, { slot: i })));
  }

  async close() {
    if (this.timer) clearTimeout(this.timer);
    await Promise.all(this.slots.map((s) => s.pool.destroy()));
  }
}

function hashIndex(key: string, n: number): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0) % n;
}

/**
 * The worker's code as one file: lib/exercise/worker.ts and everything it imports, bundled by esbuild into
 * node_modules/.cache (packages stay external and resolve from the app's node_modules). Null when the
 * sources are not there (then the pool is off).
 */
async function bundleWorker(): Promise<string | null> {
  const root = process.cwd();
  const src = path.join(/*turbopackIgnore: true*/ root, "lib", "exercise", "worker.ts");
  if (!fs.existsSync(src)) return null;
  // Loaded from node_modules at run time (serverExternalPackages), never bundled into the server.
  const req = createRequire(path.join(/*turbopackIgnore: true*/ root, "package.json"));
  const esbuild = req("esbuild") as typeof import("esbuild");
  const built = await esbuild.build({ entryPoints: [src], write: false, bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", absWorkingDir: root, logLevel: "error" });
  const code = built.outputFiles[0].contents;
  // Named by content: processes of the same sources share one file, and nothing piles up across restarts.
  const dir = path.join(/*turbopackIgnore: true*/ root, "node_modules", ".cache", "kubeclass");
  const out = path.join(dir, `exercise-worker-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`);
  if (!fs.existsSync(out)) {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, out);
  }
  return out;
}

const g = globalThis as unknown as { __kubeclassExercisePool?: Promise<HostPool> };

/** The process's pool (created on first use; one per process even if the bundler loads this module per route). */
export function hostPool(): Promise<HostPool> {
  return (g.__kubeclassExercisePool ??= createPool());
}

async function createPool(): Promise<HostPool> {
  const n = workerCount();
  if (n === 0) return new InProcessPool();
  try {
    const file = await bundleWorker();
    if (!file) throw new Error("lib/exercise/worker.ts not found under the working directory");
    const req = createRequire(path.join(/*turbopackIgnore: true*/ process.cwd(), "package.json"));
    const { Piscina } = req("piscina") as { Piscina: new (o: object) => PiscinaLike };
    const p = new WorkerPool(Piscina, file, n);
    await p.ready();
    return p;
  } catch (e) {
    console.error(`exercise workers unavailable, running sessions on the main thread: ${(e as Error).message}`);
    return new InProcessPool();
  }
}

/** Replace the process's pool (tests: switch between worker and in-process mode). */
export async function resetHostPool(): Promise<void> {
  const old = g.__kubeclassExercisePool;
  g.__kubeclassExercisePool = undefined;
  if (old) await (await old).close();
}

/** Where a session's log and latest checkpoint are stored (an attempt's or an exam's store). */
export type SessionSource = {
  log(): Promise<LogEntry[]>;
  getCheckpoint(): Promise<Checkpoint | null>;
  putCheckpoint(cp: Checkpoint): Promise<void>;
};

/**
 * Run a request on a session at log length `seq`, wherever it lives: the host answers `needLog` when it lacks the
 * session (then the log and checkpoint go along), `rebuilding` when a rebuild slice used its budget (its
 * checkpoint is stored and the next slice goes on from it), `timeout` past the budget. Gives up after
 * `maxSlices` + 1 slices (each within the budget): the next request goes on from the stored checkpoint.
 * Null means timeout; `task` builds the request for a budget and the rebuild material.
 */
export async function callSession(
  pool: HostPool, source: SessionSource, seq: number, maxSlices: number,
  send: (rebuild: { log: LogEntry[]; checkpoint: Checkpoint | null } | undefined) => Promise<HostReply>,
): Promise<Extract<HostReply, { kind: "ok" }> | "timeout" | "conflict"> {
  let rebuild: { log: LogEntry[]; checkpoint: Checkpoint | null } | undefined;
  for (let slice = 0; slice <= maxSlices; slice++) {
    const reply = await send(rebuild);
    switch (reply.kind) {
      case "ok":
        return reply;
      case "timeout":
        return "timeout";
      case "needLog": {
        const log = await source.log();
        if (log.length < seq) return "conflict";
        const cp = reply.have === 0 ? await source.getCheckpoint() : null;
        rebuild = { log: log.slice(0, seq), checkpoint: cp && cp.seq <= seq ? cp : null };
        continue;
      }
      case "rebuilding":
        if (reply.checkpoint) {
          await source.putCheckpoint(reply.checkpoint).catch(() => undefined);
          // the next slice may land on another worker: it starts from here, not from the older checkpoint
          if (rebuild) rebuild = { ...rebuild, checkpoint: reply.checkpoint };
        }
        continue;
      default:
        throw new Error(`unexpected reply ${reply.kind}`);
    }
  }
  return "timeout";
}
