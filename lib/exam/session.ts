// A mock exam's live state: one simulated cluster per context, one learner shell whose kubeconfig holds every
// context, and the exam's append-only log. State = replay(startExam(tasks, seed), log): a restart rebuilds every
// cluster exactly. Pure apart from the clusters it owns.
import { createCluster, type Cluster } from "#lib/sim/index";
import { createShell, simClusterApi } from "#lib/kubectl/index";
import { grade, type CheckResult, type Gradable } from "#lib/exercise/checks";
import { drawParameters, fnv1a, substitute, type Params } from "#lib/exercise/params";
import {
  ExerciseSession, injectFault, parseManifests, restoreShellSnapshot, shellSnapshot, type ApplyOptions, type EntryResult, type LogEntry, type ShellSnapshot,
} from "#lib/exercise/session";
import type { Localized } from "#lib/exercise/schema";
import type { ExamTask } from "./schema";

/** One task of an exam as generated: which task, its parameters' seed and the points it is worth. */
export type ExamItem = { taskId: string; seed: number; points: number };

/** A log entry with the context that was current when it ran (derived: replay recomputes it). */
export type ExamLogRecord = { entry: LogEntry; context: string };

/** Check types that name objects a learner creates or fixes; only these are looked for in other contexts. */
const MOVABLE = new Set(["object", "pods-ready", "service-routes", "secret-mounted", "image", "rollout-undone"]);

export type TaskGrade = {
  taskId: string;
  context: string;
  points: number;
  /** points earned: the task's points times its passed check weight share, rounded down to 0.1 */
  earned: number;
  checks: (CheckResult & { foundIn?: string })[];
};

/**
 * The exam's contexts, sorted. The shell starts on the first one's control plane (the learner's home directory);
 * every node of every context has its own files, reached with `ssh` in that context (lib/kubectl/shell/host-fs.ts).
 */
export function contextsOf(items: readonly { task: ExamTask }[]): string[] {
  return [...new Set(items.map((i) => i.task.context))].sort();
}

export class ExamSession {
  readonly log: ExamLogRecord[] = [];

  constructor(
    readonly items: readonly (ExamItem & { task: ExamTask; params: Params })[],
    readonly seed: number,
    /** per context: an ExerciseSession over that context's cluster and the shared shell */
    readonly contexts: ReadonlyMap<string, ExerciseSession>,
  ) {}

  get shell() {
    return this.contexts.values().next().value!.shell;
  }

  /** The context kubectl currently talks to. */
  currentContext(): string {
    return this.shell.state.currentContext;
  }

  /** Run one entry in the current context (the shell itself follows `kubectl config use-context`). */
  apply(entry: LogEntry, opts: ApplyOptions = {}): EntryResult {
    const context = this.currentContext();
    const s = this.contexts.get(context)!;
    // `kubectl --context k8s-x` may reach another cluster: every cluster answers to the same deadline
    for (const [name, other] of this.contexts) if (name !== context) other.cluster.setShouldStop(opts.shouldStop ?? null);
    try {
      const before = [...this.contexts.values()].map((x) => x.cluster.now);
      const r = s.apply(entry, opts);
      // One wall clock for the whole exam: the clusters run side by side, so each one lets as much time pass
      // as the one that took longest in this entry (think time, the command's round trip and kubectl's waits,
      // `sleep`, the time controls), whichever context it ran in.
      const spent = Math.max(...[...this.contexts.values()].map((x, i) => x.cluster.now - before[i]));
      [...this.contexts.values()].forEach((x, i) => {
        const lag = before[i] + spent - x.cluster.now;
        if (lag > 0) x.cluster.advance(lag);
      });
      this.log.push({ entry, context });
      return r;
    } finally {
      for (const [name, other] of this.contexts) if (name !== context) other.cluster.setShouldStop(null);
    }
  }

  /** The cluster of the current context, as the workspace draws it. */
  view() {
    return this.contexts.get(this.currentContext())!.view();
  }

  /** Home directory files of the (shared) shell. */
  files() {
    return this.contexts.get(this.currentContext())!.files();
  }

  /** A hash of every cluster and the shell: equal hashes = the learner can tell no difference. */
  stateHash(): string {
    // each ExerciseSession's hash covers its cluster and the shell (with the current context's etcd dirs); the
    // other contexts' etcd data dirs are added so that the hash covers everything a checkpoint saves
    const etcd = [...this.contexts.keys()].map((n) => this.shell.state.clusters.get(n)?.etcd?.exportDirs() ?? null);
    return [...[...this.contexts.values()].map((s) => s.stateHash()), fnv1a(JSON.stringify(etcd)).toString(16)].join("|");
  }

  /** Grade task i on its own context; a check that fails there but passes in another context says where. */
  gradeTask(i: number): TaskGrade {
    const it = this.items[i];
    const own = this.contexts.get(it.task.context)!;
    // a check reads the shell in the context it grades (a file check's host is a node of that context's cluster)
    const g = (s: ExerciseSession, context: string) => {
      const st = s.shell.state;
      const was = st.currentContext;
      st.currentContext = context;
      try {
        return grade({ exercise: it.task, params: it.params, cluster: s.cluster, shell: s.shell } satisfies Gradable, it.params);
      } finally {
        st.currentContext = was;
      }
    };
    const result = g(own, it.task.context);
    const failedMovable = result.checks.filter((c, k) => !c.passed && MOVABLE.has(it.task.checks[k].type) && it.task.checks[k].atStart === "fail" && !("absent" in it.task.checks[k] && it.task.checks[k].absent));
    const foundIn = new Map<string, string>();
    if (failedMovable.length) {
      for (const [name, other] of this.contexts) {
        if (name === it.task.context) continue;
        for (const c of g(other, name).checks) if (c.passed && failedMovable.some((f) => f.id === c.id) && !foundIn.has(c.id)) foundIn.set(c.id, name);
      }
    }
    const checks = result.checks.map((c) => {
      const where = foundIn.get(c.id);
      if (!where) return c;
      const note: Localized = {
        ko: `${where} 컨텍스트에서는 통과합니다. 이 문제는 ${it.task.context}에서 풀어야 합니다 (kubectl config use-context ${it.task.context}).`,
        en: `It passes in context ${where}, but the task asked for ${it.task.context} (kubectl config use-context ${it.task.context}).`,
      };
      const explanation = c.explanation ? { ko: `${c.explanation.ko} ${note.ko}`, en: `${c.explanation.en} ${note.en}` } : note;
      return { ...c, explanation, foundIn: where };
    });
    const total = checks.reduce((a, c) => a + c.weight, 0);
    const got = checks.filter((c) => c.passed).reduce((a, c) => a + c.weight, 0);
    const earned = total ? Math.floor((it.points * got * 10) / total) / 10 : 0;
    return { taskId: it.task.id, context: it.task.context, points: it.points, earned, checks };
  }

  /** Grade every task. Leaves every cluster as it was. */
  gradeAll(): TaskGrade[] {
    return this.items.map((_, i) => this.gradeTask(i));
  }

  /** Every cluster answers to `shouldStop` (grading's probes run the clusters), or to nothing with null. */
  setShouldStop(shouldStop: (() => boolean) | null): void {
    for (const s of this.contexts.values()) s.cluster.setShouldStop(shouldStop);
  }

  /**
   * A serialised copy of the whole exam after `log.length` entries: every context's cluster with its etcd data
   * dirs, and the shell (exercise/session.ts `shellSnapshot`: files, cwd, env, aliases, history, the current
   * context, a pending edit...). `restoreExam` rebuilds the same state (same stateHash) without replaying.
   */
  checkpoint(): string {
    const clusters = this.shell.state.clusters;
    return JSON.stringify({
      v: EXAM_CHECKPOINT_VERSION,
      ex: examHash(this.items, this.seed),
      seq: this.log.length,
      ctx: this.log.map((r) => r.context),
      clusters: [...this.contexts].map(([name, s]) => [name, s.cluster.snapshot(), clusters.get(name)?.etcd?.exportDirs() ?? null]),
      shell: shellSnapshot(this.shell),
    } satisfies ExamCheckpoint);
  }

  /** Bytes this session keeps alive (for the hosts' caches): every cluster's share and the shared shell once. */
  approxBytes(): number {
    const all = [...this.contexts.values()];
    const shell = all[0].approxBytes() - clusterBytes(all[0]);
    return all.reduce((a, s) => a + clusterBytes(s), 0) + shell;
  }
}

/** The part of an ExerciseSession's estimate that is its cluster (the estimate's constant and objects). */
function clusterBytes(s: ExerciseSession): number {
  let objects = 0;
  for (const m of Object.values(s.cluster.k.s.objects)) objects += m.size;
  return 200_000 + objects * 2_500 + s.cluster.k.s.trace.length * 150;
}

const EXAM_CHECKPOINT_VERSION = 1;
type EtcdDirs = { dataDir: string; dirs: [string, string][] };
type ExamCheckpoint = { v: number; ex: string; seq: number; ctx: string[]; clusters: [string, string, EtcdDirs | null][]; shell: ShellSnapshot };

/** What a checkpoint was taken of: the items (task ids, seeds, points), the tasks' definitions and the seed. */
const hashes = new WeakMap<object, string>();
function examHash(items: ExamSession["items"], seed: number): string {
  let h = hashes.get(items);
  if (!h) {
    h = `${seed}:${fnv1a(JSON.stringify(items.map((i) => [i.taskId, i.seed, i.points, i.task]))).toString(16)}`;
    hashes.set(items, h);
  }
  return h;
}

/** The seed of a context's cluster: the exam seed salted by the context name. */
function contextSeed(context: string, seed: number): number {
  return (fnv1a(`exam-context:${context}`) ^ seed) >>> 0 || 1;
}

type FullItem = ExamSession["items"][number];

/** The exam's items with their tasks and drawn parameters (what a session holds, without building one). */
export function examItems(items: readonly ExamItem[], tasks: ReadonlyMap<string, ExamTask>): FullItem[] {
  return items.map((it) => {
    const task = tasks.get(it.taskId);
    if (!task) throw new Error(`unknown exam task ${it.taskId}`);
    return { ...it, task, params: drawParameters(task.id, task.parameters, it.seed) };
  });
}

/**
 * The exam's clusters and shell. `withStart`: each context gets its tasks' manifests and faults and the shell
 * their files and setup (a start); without, the bare clusters and shell a checkpoint is restored onto.
 */
function buildExam(full: FullItem[], seed: number, withStart: boolean): ExamSession {
  const names = contextsOf(full);
  const clusters = new Map<string, Cluster>();
  for (const name of names) {
    const mine = full.filter((x) => x.task.context === name);
    const starts = mine.map((x) => substitute(x.task.start, x.params));
    const addons: Record<string, boolean> = {};
    for (const s of starts) for (const [k, v] of Object.entries(s.addons ?? {})) addons[k] = addons[k] || !!v;
    const cluster = createCluster({
      seed: contextSeed(name, seed),
      // a context's tasks share one cluster: an HA context holds only ha-preset tasks (tasks.test.ts)
      preset: starts.some((s) => s.preset === "ha") ? "ha" : "cka",
      addons,
      images: starts.flatMap((s) => s.images ?? []),
      // a context's tasks share one cluster: one asking for an older Kubernetes sets it up at that version
      ...(starts.find((s) => s.kubernetesVersion) ? { kubernetesVersion: starts.find((s) => s.kubernetesVersion)!.kubernetesVersion } : {}),
      objects: withStart ? starts.flatMap((s) => (s.manifests ? parseManifests(s.manifests) : [])) : [],
    });
    const faults = withStart ? starts.flatMap((s) => s.faults) : [];
    if (faults.length) {
      for (const f of faults) injectFault(cluster, f);
      cluster.runUntilIdle({ maxMs: 120_000 });
    }
    clusters.set(name, cluster);
  }
  const apis = new Map([...clusters].map(([n, c]) => [n, simClusterApi(c)]));
  const files: Record<string, string> = {};
  if (withStart) for (const x of full) Object.assign(files, substitute(x.task.start.files, x.params));
  const shell = createShell(apis.get(names[0])!, { files, contexts: names.map((n) => ({ name: n, cluster: apis.get(n)! })) });
  // the exam's kubeconfig holds exactly its contexts, as on the real exam
  const st = shell.state;
  st.contexts.splice(0, st.contexts.length, ...st.contexts.filter((c) => names.includes(c.name)));
  st.clusters.delete("kubernetes-admin@kubernetes");
  if (withStart) {
    for (const x of full) {
      st.currentContext = x.task.context;
      for (const line of substitute(x.task.start.setup, x.params)) shell.run(line);
    }
  }
  st.currentContext = names[0];
  st.history.length = 0;
  st.lastExit = 0;
  // the starts are fixtures (settled); from the learner's first entry on, time is real on every cluster
  for (const a of apis.values()) a.setTimeMode!("real");
  const sessions = new Map(names.map((n) => {
    const first = full.find((x) => x.task.context === n)!;
    return [n, new ExerciseSession(first.task, seed, first.params, clusters.get(n)!, shell)] as const;
  }));
  return new ExamSession(full, seed, sessions);
}

/** The start of an exam: a deterministic function of (its tasks with their seeds and points, exam seed). */
export function startExam(items: readonly ExamItem[], tasks: ReadonlyMap<string, ExamTask>, seed: number): ExamSession {
  return buildExam(examItems(items, tasks), seed, true);
}

/**
 * An exam rebuilt from a checkpoint and the log up to it (`log`: the whole log; the entries before the
 * checkpoint are recorded, not re-run): the bare clusters (from the simulator's boot cache) and shell with
 * the saved states put back. Null when the checkpoint does not fit (format, tasks or seed changed, length).
 */
export function restoreExam(items: readonly ExamItem[], tasks: ReadonlyMap<string, ExamTask>, seed: number, data: string, log: readonly LogEntry[]): ExamSession | null {
  let cp: ExamCheckpoint;
  try {
    cp = JSON.parse(data);
  } catch {
    return null;
  }
  const full = examItems(items, tasks);
  if (cp.v !== EXAM_CHECKPOINT_VERSION || cp.ex !== examHash(full, seed) || cp.seq > log.length || cp.ctx.length !== cp.seq) return null;
  const s = buildExam(full, seed, false);
  if (cp.clusters.length !== s.contexts.size || cp.clusters.some(([n]) => !s.contexts.has(n))) return null;
  for (const [name, snap] of cp.clusters) s.contexts.get(name)!.cluster.restore(snap);
  restoreShellSnapshot(s.shell, cp.shell);
  // every context's etcd data dirs (the shell's snapshot holds only the current context's)
  for (const [name, , dirs] of cp.clusters) if (dirs) s.shell.state.clusters.get(name)?.etcd?.importDirs(dirs);
  for (let i = 0; i < cp.seq; i++) s.log.push({ entry: log[i], context: cp.ctx[i] });
  return s;
}

/** replay(start, log): the state of an exam after its log. */
export function replayExam(items: readonly ExamItem[], tasks: ReadonlyMap<string, ExamTask>, seed: number, log: readonly LogEntry[], opts: ApplyOptions = {}): ExamSession {
  const s = startExam(items, tasks, seed);
  for (const e of log) s.apply(e, opts);
  return s;
}
