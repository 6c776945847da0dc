// An instructor's step-by-step replay of an attempt: a window of its log replayed from the nearest checkpoint
// (a step's output as the learner saw it, by determinism), the cluster's objects after the last step of the
// window, and checkpoints along the way so the next window starts close to where it is asked for. Runs on an
// exercise worker (host.ts op "replayWindow"; lib/data/teach-learner.ts) within the simulation budget. The
// exercise's checks are never read here: the state is what `kubectl get` shows an admin.
import { createShell, simClusterApi } from "#lib/kubectl/index";
import type { Params } from "./params";
import type { Exercise } from "./schema";
import { restoreSession, startSession, type ExerciseSession, type LogEntry } from "./session";

/** One log entry as the replay shows it: the command (or save, edit, time) and what it printed. */
export type ReplayStep =
  | { index: number; kind: "run"; line: string; cwd: string; output: string; exitCode: number }
  | { index: number; kind: "save" | "edit"; path: string; output: string; exitCode: number }
  | { index: number; kind: "advance"; seconds: number; output: string; exitCode: number }
  | { index: number; kind: "idle"; output: string; exitCode: number };

/** The cluster after a step: `kubectl get` tables (nodes; workloads, services, config, storage, network, RBAC outside the system namespaces). */
export type ReplayState = { step: number; context: string; now: number; sections: { command: string; output: string }[] };

export type ReplayCheckpoint = { seq: number; data: string };

export type ReplayWindowResult =
  /** `steps` of the window (from `outputsFrom` on), the state after `to`, and checkpoints taken on the way (the last at `to`) */
  | { done: true; steps: ReplayStep[]; state: ReplayState; checkpoints: ReplayCheckpoint[] }
  /** the budget ran out between two entries at `reached`: go on from the last checkpoint */
  | { done: false; steps: ReplayStep[]; reached: number; checkpoints: ReplayCheckpoint[] };

/** Simulation time (ms of wall clock) between the checkpoints a replay hands back, so a later window replays at most about this much. */
export const REPLAY_CHECKPOINT_COST_MS = 120;
/** Output characters one step carries at most (the end of a longer output is kept, as a terminal's scrollback). */
export const REPLAY_STEP_MAX_CHARS = 16 * 1024;
/** Output characters the state view carries at most per section. */
const STATE_SECTION_MAX_CHARS = 24 * 1024;

const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease", "ingress-nginx"];
/**
 * What the state view lists: `kubectl get all` (pods, services, daemonsets, deployments, replicasets, statefulsets,
 * horizontalpodautoscalers, cronjobs, jobs: the "all" category of kubectl's resource list) and the other kinds
 * exercises create, outside the system namespaces; nodes and the cluster-scoped kinds separately. Secrets and
 * ConfigMaps show as kubectl prints them (type and number of keys, never values).
 */
const STATE_COMMANDS = [
  "kubectl get nodes -o wide",
  `kubectl get all,configmaps,secrets,serviceaccounts,persistentvolumeclaims,ingresses,networkpolicies,roles,rolebindings,resourcequotas,limitranges -A --field-selector ${SYSTEM_NAMESPACES.map((n) => `metadata.namespace!=${n}`).join(",")}`,
  "kubectl get namespaces,persistentvolumes,storageclasses,clusterroles,clusterrolebindings",
];

const tail = (s: string, max: number) => (s.length <= max ? s : `…\n${s.slice(s.length - max)}`);

/**
 * The cluster's objects as an admin's `kubectl get` shows them, from a throw-away shell on the session's cluster
 * (the learner's shell, history and files are untouched; the session is discarded after: a read may settle the
 * cluster).
 */
export function replayState(s: ExerciseSession, step: number): ReplayState {
  const context = s.shell.state.currentContext;
  const now = s.cluster.now;
  // real time: a read takes its round trip, it does not settle what the learner left unsettled
  const admin = createShell(simClusterApi(s.cluster, { time: "real" }));
  const sections = STATE_COMMANDS.map((command) => {
    const r = admin.run(command);
    return { command: command.replace(/ --field-selector.*$/, ""), output: tail(r.output.trimEnd(), STATE_SECTION_MAX_CHARS) };
  });
  return { step, context, now, sections };
}

function stepOf(s: ExerciseSession, entry: LogEntry, index: number, apply: () => { output: string; exitCode: number }): ReplayStep {
  const cwd = s.shell.state.cwd;
  const pending = s.shell.state.pendingEdit?.path;
  const home = s.shell.state.home;
  const r = apply();
  const output = tail(r.output, REPLAY_STEP_MAX_CHARS);
  switch (entry.kind) {
    case "run":
      return { index, kind: "run", line: entry.line, cwd, output, exitCode: r.exitCode };
    case "save": {
      const abs = entry.path.startsWith("/") ? entry.path : `${home}/${entry.path}`;
      return { index, kind: pending === abs ? "edit" : "save", path: abs, output, exitCode: r.exitCode };
    }
    case "edit":
      return { index, kind: "edit", path: pending ?? "", output, exitCode: r.exitCode };
    case "advance":
      return { index, kind: "advance", seconds: entry.seconds, output, exitCode: r.exitCode };
    case "idle":
      return { index, kind: "idle", output, exitCode: r.exitCode };
  }
}

/**
 * Replays `log` (the attempt's first `to` entries) from `base` (a checkpoint at or before `to`; null = the
 * start), returning the steps from `outputsFrom` on and the state after `to`. Past `deadline` (performance.now())
 * between two entries it stops and says how far it got; an entry running longer than `entryLimitMs` throws SimulationStopped.
 */
export function replayWindow(
  exercise: Exercise, seed: number, params: Params, log: readonly LogEntry[],
  opts: { base: ReplayCheckpoint | null; outputsFrom: number; to: number; deadline: number; entryLimitMs: number },
): ReplayWindowResult {
  const { to, outputsFrom } = opts;
  if (to > log.length || to < 0) throw new RangeError(`step ${to} is outside the log (${log.length} entries)`);
  const base = opts.base && opts.base.seq <= to ? opts.base : null;
  const s = (base && restoreSession(exercise, seed, params, base.data, log.slice(0, base.seq))) || startSession(exercise, seed, params);
  let entryDeadline = Infinity;
  const shouldStop = () => performance.now() > entryDeadline;
  const steps: ReplayStep[] = [];
  const checkpoints: ReplayCheckpoint[] = [];
  const from = s.log.length;
  let cost = 0;
  for (let i = from; i < to; i++) {
    if (i > from && performance.now() > opts.deadline) {
      checkpoints.push({ seq: i, data: s.checkpoint() });
      return { done: false, steps, reached: i, checkpoints };
    }
    const t0 = performance.now();
    entryDeadline = t0 + opts.entryLimitMs;
    const entry = log[i];
    if (i >= outputsFrom) steps.push(stepOf(s, entry, i, () => s.apply(entry, { shouldStop })));
    else s.apply(entry, { shouldStop });
    cost += performance.now() - t0;
    if (cost > REPLAY_CHECKPOINT_COST_MS && i + 1 < to) {
      checkpoints.push({ seq: i + 1, data: s.checkpoint() });
      cost = 0;
    }
  }
  if (to > from || !base || base.seq !== to) checkpoints.push({ seq: to, data: s.checkpoint() });
  return { done: true, steps, state: replayState(s, to), checkpoints };
}
