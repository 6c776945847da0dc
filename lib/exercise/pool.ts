// Where sessions live: a pool of worker threads (piscina), so a long command occupies one worker and not the
// thread that serves every other learner's HTTP requests, and one server uses every core. Each worker keeps
// its own sessions; an attempt stays on its worker while that worker is free and moves to an idle one when
// it is busy (the idle worker rebuilds it from the log and checkpoint), so a learner never queues behind
// another learner's command. A worker that overruns its task's time limit is terminated (piscina aborts the
// task) and replaced; its sessions are rebuilt on demand. With EXERCISE_WORKERS=0 (the default under
// Vitest) sessions live on the calling thread and only the cooperative deadlines apply.
import fs from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import { SessionHost, type HostOptions, type HostReply, type HostRequest } from "./host";

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

class InProcessPool implements HostPool {
  private host = new SessionHost(cacheBounds());
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
/** One worker thread. `tail`: its queue (a task is handed to piscina only when the thread is free, so a task's time limit counts its run, not its wait). */
type Slot = { pool: PiscinaLike; busy: number; tail: Promise<unknown>; /** when the running task started (0: idle) */ since: number };

/** A task running longer than this marks its worker as taken by a long command: others route around it. */
const LONG_TASK_MS = 50;

class WorkerPool implements HostPool {
  private readonly slots: Slot[];
  /** attempt key -> the worker that last served it (bounded; a forgotten key just rebuilds) */
  private readonly home = new Map<string, number>();

  constructor(Piscina: new (o: object) => PiscinaLike, filename: string, n: number) {
    const all = cacheBounds();
    const each: HostOptions = { maxEntries: Math.ceil(all.maxEntries / n), maxBytes: Math.ceil(all.maxBytes / n) };
    // A hard ceiling per worker: twice its cache bound plus the code and one big rebuild. A worker over it
    // dies (ERR_WORKER_OUT_OF_MEMORY) and is replaced, instead of the whole server running out of memory.
    const heapMb = Math.ceil((2 * each.maxBytes) / (1024 * 1024)) + 256;
    this.slots = Array.from({ length: n }, () => ({
      busy: 0,
      since: 0,
      tail: Promise.resolve(),
      pool: new Piscina({ filename, minThreads: 1, maxThreads: 1, idleTimeout: 2 ** 31 - 1, workerData: { host: each }, resourceLimits: { maxOldGenerationSizeMb: heapMb } }),
    }));
  }

  /** Expected wait at a worker: its queue, and much more while it runs a long command (short ones clear fast). */
  private load(s: Slot, now: number): number {
    return s.busy + (s.since && now - s.since > LONG_TASK_MS ? 1_000 : 0);
  }

  private route(key: string | undefined): number {
    const now = performance.now();
    const least = this.slots.reduce((b, s, i) => (this.load(s, now) < this.load(this.slots[b], now) ? i : b), 0);
    if (key === undefined) return least;
    const h = this.home.get(key) ?? hashIndex(key, this.slots.length);
    if (this.slots[h].busy === 0 || this.load(this.slots[least], now) >= this.load(this.slots[h], now)) return this.remember(key, h);
    // Busy with someone else's command: move to the idle worker; the old copy is dropped once its worker is free.
    const old = this.slots[h];
    this.enqueue(old, () => old.pool.run({ op: "drop", key } satisfies HostRequest)).catch(() => undefined);
    return this.remember(key, least);
  }

  private remember(key: string, i: number): number {
    this.home.delete(key);
    this.home.set(key, i);
    if (this.home.size > 100_000) this.home.delete(this.home.keys().next().value!);
    return i;
  }

  /** Wait until every thread has loaded its code (start-up is not counted against any task's limit). */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => this.enqueue(s, () => s.pool.run({ op: "stats" } satisfies HostRequest))));
  }

  private enqueue<T>(slot: Slot, fn: () => Promise<T>): Promise<T> {
    const p = slot.tail.then(fn, fn);
    slot.tail = p.catch(() => undefined);
    return p;
  }

  async call(req: HostRequest, timeoutMs: number): Promise<HostReply> {
    const i = this.route("key" in req ? req.key : undefined);
    const slot = this.slots[i];
    slot.busy++;
    try {
      return await this.enqueue(slot, async () => {
        const ac = new AbortController();
        const timer = setTimeout(() => ac.abort(), timeoutMs);
        slot.since = performance.now();
        try {
          return (await slot.pool.run(req, { signal: ac.signal })) as HostReply;
        } catch (e) {
          if (!ac.signal.aborted) throw e;
          // Stuck past every cooperative deadline: piscina terminated the thread and starts a new one; let
          // it load its code before the next task is timed. Its sessions are rebuilt on demand.
          await slot.pool.run({ op: "stats" } satisfies HostRequest).catch(() => undefined);
          return { kind: "timeout" } as const;
        } finally {
          clearTimeout(timer);
          slot.since = 0;
        }
      });
    } finally {
      slot.busy--;
    }
  }

  async stats() {
    const all = await Promise.all(this.slots.map((s) => this.enqueue(s, () => s.pool.run({ op: "stats" } satisfies HostRequest) as Promise<HostReply>)));
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
    await Promise.all(this.slots.map((s) => this.enqueue(s, () => s.pool.run({ op: "clear" } satisfies HostRequest))));
  }

  async close() {
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
  const out = path.join(/*turbopackIgnore: true*/ root, "node_modules", ".cache", "kubeclass", `exercise-worker-${process.pid}.mjs`);
  // Loaded from node_modules at run time (serverExternalPackages), never bundled into the server.
  const req = createRequire(path.join(/*turbopackIgnore: true*/ root, "package.json"));
  const esbuild = req("esbuild") as typeof import("esbuild");
  await esbuild.build({ entryPoints: [src], outfile: out, bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", absWorkingDir: root, logLevel: "error" });
  process.once("exit", () => fs.rmSync(out, { force: true }));
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
