// An attempt's live state: start(exercise, seed) then the command log replayed on top.
// Pure apart from the simulated cluster it owns: same (exercise, seed, log) = same stateHash.
import { parseAllDocuments } from "yaml";
import { createCluster, type Cluster, type Obj } from "#lib/sim/index";
import { createShell, createSimSession, simClusterApi, VirtualFs, type Shell, type ShellState } from "#lib/kubectl/index";
import { editErrors, kubectlFileErrors, yamlSyntaxErrors, type FileError } from "./file-errors";
import { drawParameters, fnv1a, substitute, type Params } from "./params";
import type { Exercise, Fault, SolutionEntry } from "./schema";

/** `shouldStop`: the caller's deadline, asked by the simulator between events and by the shell's loops. */
export type ApplyOptions = { shouldStop?: () => boolean };

/**
 * One entry of an attempt's append-only log. `thinkMs`: the learner's think time before the entry (wall time
 * since the previous entry as the server measured it, capped at MAX_THINK_MS): the cluster runs on for that
 * long first, as a real cluster does while the learner reads and types. Recorded, so replay is exact.
 */
export type LogEntry = (
  | { kind: "run"; line: string }
  | { kind: "save"; path: string; content: string }
  | { kind: "edit"; content: string | null }
  | { kind: "advance"; seconds: number }
  | { kind: "idle" }
) & { thinkMs?: number };

/** The longest think time one gap between two entries lets pass (10 minutes: a learner who walked away). */
export const MAX_THINK_MS = 600_000;

export type FlowStep = { t: number; from: string; to: string; action: string; object: string; detail?: string };

export type EntryResult = {
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as a terminal shows them */
  output: string;
  exitCode: number;
  editor?: { path: string; content: string; reason: "vi" | "kubectl-edit" };
  /** problems in the saved file, at lines of the text the editor showed (line 0 = the whole file) */
  errors?: FileError[];
  /** a failed `kubectl apply|create|replace -f FILE`: kubectl's complaints at the lines of that file */
  fileErrors?: { path: string; errors: FileError[] };
  trace: FlowStep[];
};

export type ClusterView = {
  now: number;
  context: string;
  nodes: {
    name: string; ready: boolean; roles: string[]; unschedulable: boolean; taints: string[];
    pods: { namespace: string; name: string; phase: string; status: string; ready: string; restarts: number }[];
  }[];
  pendingPods: { namespace: string; name: string; status: string }[];
  services: { namespace: string; name: string; type: string; clusterIP: string; ports: string; endpoints: string[] }[];
};

const ADMIN = { user: "kubernetes-admin" };
const SYSTEM_NAMESPACES = new Set(["kube-system", "kube-public", "kube-node-lease", "ingress-nginx"]);
/** Virtual time one "until idle" request may let pass. */
export const UNTIL_IDLE_MAX_MS = 600_000;
const MAX_TRACE_STEPS = 300;

let explainReady = false;
/** lib/kubectl loads `kubectl explain`'s schema when its own session factory runs; do that once. */
function ensureKubectlReady() {
  if (explainReady) return;
  createSimSession({ preset: "single" });
  explainReady = true;
}

/** Turn a solution / wrong-solution entry (file form) into a log entry. */
export function toLogEntry(e: SolutionEntry): LogEntry {
  if (typeof e === "string") return { kind: "run", line: e };
  if ("save" in e) return { kind: "save", path: e.save, content: e.content };
  if ("edit" in e) return { kind: "edit", content: e.edit };
  if ("advance" in e) return { kind: "advance", seconds: e.advance };
  return { kind: "idle" };
}

/** The cluster seed: the attempt seed salted by the exercise id. */
function clusterSeed(exerciseId: string, seed: number): number {
  return (fnv1a(`cluster:${exerciseId}`) ^ seed) >>> 0 || 1;
}

/** The documents of a multi-document YAML text (a `List` is unpacked). */
export function parseManifests(text: string): Obj[] {
  const out: Obj[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new Error(`start manifest: ${doc.errors[0].message}`);
    const v = doc.toJS();
    if (v && typeof v === "object") {
      if (v.kind === "List" && Array.isArray(v.items)) out.push(...v.items);
      else out.push(v);
    }
  }
  return out;
}

/** A live attempt: the cluster, the learner's shell, the parameters and the log so far. */
export class ExerciseSession {
  readonly log: LogEntry[] = [];
  /** exit code of each log entry, same order as `log` */
  readonly exitCodes: number[] = [];
  private approxLogBytes = 0;

  constructor(
    readonly exercise: Exercise,
    readonly seed: number,
    readonly params: Params,
    readonly cluster: Cluster,
    readonly shell: Shell,
  ) {}

  /**
   * Apply one log entry (a command, a file save, an edit, time) and record it. The simulator asks
   * `opts.shouldStop` between events; once it returns true, apply throws SimulationStopped (lib/sim), the
   * entry is not recorded and the session is part-way through it: discard the session.
   */
  apply(entry: LogEntry, opts: ApplyOptions = {}): EntryResult {
    // The flow trace only ever holds the current entry's steps: an attempt needs no older ones, and this
    // keeps sessions, snapshots and checkpoints small (deterministic, so replay still equals live).
    const st = this.cluster.k.s;
    st.traceDropped += st.trace.length;
    st.trace = [];
    let r: EntryResult;
    // One deadline for the cluster (between events) and the shell (its loops, pipelines and text tools).
    this.cluster.setShouldStop(opts.shouldStop ?? null);
    this.shell.state.shouldStop = opts.shouldStop ?? null;
    try {
      if (entry.thinkMs) this.cluster.advance(entry.thinkMs);
      r = this.applyRaw(entry);
    } finally {
      this.cluster.setShouldStop(null);
      this.shell.state.shouldStop = null;
    }
    this.log.push(entry);
    this.exitCodes.push(r.exitCode);
    this.approxLogBytes += entry.kind === "run" ? entry.line.length : entry.kind === "save" ? entry.content.length + entry.path.length : entry.kind === "edit" ? (entry.content?.length ?? 0) : 8;
    const steps = st.trace.slice(0, MAX_TRACE_STEPS);
    r.trace = steps.map((e) => ({ t: e.t, from: e.from, to: e.to, action: e.action, object: e.object, ...(e.detail ? { detail: e.detail } : {}) }));
    return r;
  }

  private applyRaw(entry: LogEntry): EntryResult {
    const sh = this.shell;
    switch (entry.kind) {
      case "run": {
        const r = sh.run(entry.line);
        const fileErrors = r.exitCode !== 0 ? manifestErrors(sh, entry.line, r.output) : undefined;
        return {
          stdout: r.stdout, stderr: r.stderr, output: r.output, exitCode: r.exitCode, trace: [],
          ...(fileErrors ? { fileErrors } : {}),
          ...(r.editor ? { editor: { path: r.editor.path, content: r.editor.content, reason: r.editor.kind === "kubectl-edit" ? "kubectl-edit" as const : "vi" as const } } : {}),
        };
      }
      case "save": {
        const pending = sh.state.pendingEdit;
        const abs = entry.path.startsWith("/") ? entry.path : `${sh.state.home}/${entry.path}`;
        if (pending && pending.path === abs) {
          const r = sh.finishEdit(entry.content);
          // Lines of the buffer as the editor shows it (kubectl's header included), from kubectl's reopened buffer.
          const errors = r.exitCode === 0 ? undefined : editErrors(entry.content, r.stderr, r.editor?.content);
          return { stdout: r.stdout, stderr: r.stderr, output: r.output, exitCode: r.exitCode, trace: [], ...(errors ? { errors } : {}) };
        }
        const r = sh.saveFile(abs, entry.content);
        const errors =
          r.exitCode !== 0 ? [{ line: 0, message: r.stderr.trim() }] : /\.ya?ml$/i.test(abs) ? yamlSyntaxErrors(entry.content) : [];
        return { stdout: r.stdout, stderr: r.stderr, output: r.output, exitCode: r.exitCode, trace: [], ...(errors.length ? { errors } : {}) };
      }
      case "edit": {
        const r = sh.finishEdit(entry.content);
        return { stdout: r.stdout, stderr: r.stderr, output: r.output, exitCode: r.exitCode, trace: [] };
      }
      case "advance":
        this.cluster.advance(entry.seconds * 1000);
        return { stdout: "", stderr: "", output: "", exitCode: 0, trace: [] };
      case "idle":
        this.cluster.runUntilIdle({ maxMs: UNTIL_IDLE_MAX_MS });
        return { stdout: "", stderr: "", output: "", exitCode: 0, trace: [] };
    }
  }

  /** The cluster as the workspace draws it. */
  view(): ClusterView {
    const c = this.cluster;
    const list = (r: string): Obj[] => {
      const x = c.list(r, { allNamespaces: true, ...ADMIN });
      return x.ok ? (x.object as Obj[]) : [];
    };
    const pods = list("pods");
    const nodes = list("nodes").map((n) => ({
      name: n.metadata.name as string,
      ready: (n.status?.conditions ?? []).some((x: Obj) => x.type === "Ready" && x.status === "True"),
      roles: Object.keys(n.metadata.labels ?? {}).filter((l) => l.startsWith("node-role.kubernetes.io/")).map((l) => l.slice("node-role.kubernetes.io/".length)),
      unschedulable: !!n.spec?.unschedulable,
      taints: (n.spec?.taints ?? []).map((t: Obj) => `${t.key}${t.value ? "=" + t.value : ""}:${t.effect}`),
      pods: [] as ClusterView["nodes"][number]["pods"],
    }));
    const byNode = new Map(nodes.map((n) => [n.name, n]));
    const pendingPods: ClusterView["pendingPods"] = [];
    for (const p of pods) {
      const ns = p.metadata.namespace as string;
      if (SYSTEM_NAMESPACES.has(ns)) continue;
      const cs: Obj[] = p.status?.containerStatuses ?? [];
      const row = {
        namespace: ns, name: p.metadata.name as string, phase: (p.status?.phase ?? "Pending") as string, status: podStatus(p),
        ready: `${cs.filter((x) => x.ready).length}/${(p.spec?.containers ?? []).length}`, restarts: cs.reduce((a, x) => a + (x.restartCount ?? 0), 0),
      };
      const node = p.spec?.nodeName ? byNode.get(p.spec.nodeName) : undefined;
      if (node) node.pods.push(row);
      else pendingPods.push({ namespace: ns, name: row.name, status: row.status });
    }
    const eps = new Map(list("endpoints").map((e) => [`${e.metadata.namespace}/${e.metadata.name}`, e]));
    const services = list("services")
      .filter((s) => !SYSTEM_NAMESPACES.has(s.metadata.namespace))
      .map((s) => {
        const e = eps.get(`${s.metadata.namespace}/${s.metadata.name}`);
        const endpoints: string[] = [];
        for (const sub of e?.subsets ?? []) for (const a of sub.addresses ?? []) for (const p of sub.ports ?? []) endpoints.push(`${a.ip}:${p.port}`);
        return {
          namespace: s.metadata.namespace as string, name: s.metadata.name as string, type: (s.spec?.type ?? "ClusterIP") as string, clusterIP: (s.spec?.clusterIP ?? "") as string,
          ports: (s.spec?.ports ?? []).map((p: Obj) => `${p.port}${p.nodePort ? ":" + p.nodePort : ""}/${p.protocol ?? "TCP"}`).join(","), endpoints,
        };
      });
    return { now: c.now, context: this.shell.state.currentContext, nodes, pendingPods, services };
  }

  /** Files the learner has in the home directory. */
  files(): { path: string; size: number }[] {
    const fs = homeFs(this.shell);
    const home = this.shell.state.home;
    return fs.walk(home).filter((p) => !p.startsWith(`${home}/.kube/`)).map((p) => ({ path: p, size: fs.size(p) }));
  }

  /**
   * A hash of everything the learner can observe and an attempt's outcome depends on: the cluster and every
   * part of the shell a checkpoint saves (the same `shellSnapshot`, so the two cannot drift apart).
   */
  stateHash(): string {
    const { fs, ...rest } = shellSnapshot(this.shell);
    const fsPart = fs.map((e) => `${e.p}:${e.d ? "d" : fnv1a(e.c ?? "")}:${e.m}`).join(",");
    const shellPart = fnv1a(`${JSON.stringify(rest)}|${fsPart}`).toString(16);
    return `${this.cluster.stateHash()}-${shellPart}`;
  }

  /**
   * A serialised copy of the whole session (cluster + shell, with a pending `kubectl edit`, the `ssh` hops,
   * an open `kubectl exec -it` and etcd's restored data dirs) after `log.length` entries, to rebuild from
   * without replaying everything. Always available: a rebuild never has to fall back to a full replay.
   */
  checkpoint(): string {
    return JSON.stringify({
      v: CHECKPOINT_VERSION,
      ex: exerciseHash(this.exercise),
      seq: this.log.length,
      exitCodes: this.exitCodes,
      cluster: this.cluster.snapshot(),
      shell: shellSnapshot(this.shell),
    } satisfies Checkpoint);
  }

  /**
   * Bytes this session keeps alive, for the LRU cache: cluster objects, the shell's files (up to
   * 16 Mi characters), etcd's restored snapshots, the log and history. Strings are counted at two bytes a
   * character (V8's two-byte representation, the worst case).
   */
  approxBytes(): number {
    let objects = 0;
    for (const m of Object.values(this.cluster.k.s.objects)) objects += m.size;
    const st = this.shell.state;
    let chars = this.approxLogBytes;
    for (const h of st.hosts.values()) chars += h.fs.totalBytes;
    for (const h of st.history) chars += h.length;
    for (const [, snap] of this.shell.cluster().etcd?.exportDirs().dirs ?? []) chars += snap.length;
    return 200_000 + objects * 2_500 + this.cluster.k.s.trace.length * 150 + chars * 2;
  }
}

const CHECKPOINT_VERSION = 2;
type FsEntry = { p: string; d: boolean; m: number; c?: string };
export type ShellSnapshot = {
  fs: FsEntry[]; env: [string, string][]; cwd: string; aliases: [string, string][]; lastExit: number; currentContext: string; history: string[];
  hostname: string; sshStack: string[]; attached: ShellState["attached"] | null; pendingEdit: ShellState["pendingEdit"] | null;
  contexts: ShellState["contexts"]; staticPods: [string, string][]; etcd: { dataDir: string; dirs: [string, string][] } | null;
  /** kubeconfig users from `kubectl config set-credentials` (absent in older checkpoints) */
  kubeUsers?: NonNullable<ShellState["kubeUsers"]>;
  /** shell functions defined in the session, name and body text (absent when none) */
  functions?: [string, string][];
  /** the other hosts' files (key, entries, the staticPodPath their kubelet runs with, not joined yet), the current host and the `ssh` hops' origins */
  hosts?: [string, FsEntry[], string | null, boolean][]; hostKey?: string; sshFrom?: ShellState["sshFrom"];
};
type Checkpoint = { v: number; ex: string; seq: number; exitCodes: number[]; cluster: string; shell: ShellSnapshot };

/** Everything of the shell a learner can observe (files, cwd, env, host and `ssh` hops, edit, exec, contexts, etcd dirs). */
export function shellSnapshot(shell: Shell): ShellSnapshot {
  const st = shell.state;
  return {
    fs: fsEntries(homeFs(shell)), env: [...st.env], cwd: st.cwd, aliases: [...st.aliases], lastExit: st.lastExit, currentContext: st.currentContext, history: [...st.history],
    hostname: st.hostname, sshStack: [...st.sshStack], attached: st.attached ? { ...st.attached } : null, pendingEdit: st.pendingEdit ? { ...st.pendingEdit } : null,
    contexts: st.contexts.map((c) => ({ ...c })), staticPods: [...st.staticPods], etcd: shell.cluster().etcd?.exportDirs() ?? null,
    ...(st.kubeUsers?.length ? { kubeUsers: st.kubeUsers.map((u) => ({ ...u })) } : {}),
    ...(st.functions?.size ? { functions: [...st.functions] } : {}),
    hosts: [...st.hosts].filter(([k]) => k !== st.homeKey).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, h]) => [k, fsEntries(h.fs), h.staticPodPath, !!h.unjoined]),
    hostKey: st.hostKey, sshFrom: st.sshFrom.map((x) => ({ ...x })),
  };
}

/** The file system of the host the shell started on (the learner's home directory). */
function homeFs(shell: Shell): VirtualFs {
  const st = shell.state;
  return st.hosts.get(st.homeKey)?.fs ?? st.fs;
}

/**
 * For a failed `kubectl apply|create|replace -f FILE` (one command, one local YAML file): kubectl's
 * complaints pinned to lines of that file, so an editor showing it can mark them. Undefined otherwise.
 */
export function manifestErrors(shell: Shell, line: string, output: string): { path: string; errors: FileError[] } | undefined {
  if (/[|;&`$<>]/.test(line)) return undefined;
  const m = /^\s*kubectl\s+(?:apply|create|replace)\s(?:.*\s)?(?:-f|--filename)(?:=|\s+)(\S+)/.exec(line);
  const file = m?.[1].replace(/^(['"])(.*)\1$/, "$2");
  if (!file || !/\.ya?ml$/i.test(file) || /^https?:/.test(file)) return undefined;
  const path = file.startsWith("/") ? file : `${shell.state.cwd.replace(/\/$/, "")}/${file}`;
  const text = shell.state.fs.read(path);
  if (!text.ok) return undefined;
  const errors = kubectlFileErrors(text.value, output).filter((e) => e.line > 0);
  return errors.length ? { path, errors } : undefined;
}

/** Every directory and file of a host's file system, parents first. */
function fsEntries(fs: VirtualFs): FsEntry[] {
  const out: FsEntry[] = [];
  const visit = (dir: string) => {
    for (const name of fs.list(dir)) {
      const p = dir === "/" ? `/${name}` : `${dir}/${name}`;
      if (fs.isDir(p)) {
        out.push({ p, d: true, m: fs.mtime(p) });
        visit(p);
      } else {
        const r = fs.read(p);
        out.push({ p, d: false, m: fs.mtime(p), c: r.ok ? r.value : "" });
      }
    }
  };
  visit("/");
  return out;
}

const exerciseHashes = new WeakMap<Exercise, string>();
function exerciseHash(ex: Exercise): string {
  let h = exerciseHashes.get(ex);
  if (!h) {
    h = fnv1a(JSON.stringify(ex)).toString(16);
    exerciseHashes.set(ex, h);
  }
  return h;
}

/** The starting state of an attempt: a deterministic function of (exercise, seed). */
export function startSession(exercise: Exercise, seed: number, params?: Params): ExerciseSession {
  ensureKubectlReady();
  const p = params ?? drawParameters(exercise.id, exercise.parameters, seed);
  const start = substitute(exercise.start, p);
  const cluster = createCluster({
    seed: clusterSeed(exercise.id, seed),
    ...(start.nodes ? { nodes: start.nodes } : { preset: start.preset }),
    ...(start.addons ? { addons: start.addons } : {}),
    ...(start.images ? { images: start.images } : {}),
    ...(start.kubernetesVersion ? { kubernetesVersion: start.kubernetesVersion } : {}),
    objects: start.manifests ? parseManifests(start.manifests) : [],
  });
  if (start.faults.length) {
    for (const f of start.faults) injectFault(cluster, f);
    cluster.runUntilIdle({ maxMs: 120_000 });
  }
  // the start is a fixture: its setup commands settle; from the learner's first entry on, time is real
  const api = simClusterApi(cluster);
  const shell = createShell(api, { files: start.files, ...(start.cwd ? { cwd: start.cwd } : {}) });
  for (const line of start.setup) shell.run(line);
  api.setTimeMode!("real");
  shell.state.history.length = 0;
  shell.state.lastExit = 0;
  return new ExerciseSession(exercise, seed, p, cluster, shell);
}

/**
 * Rebuild a session from a checkpoint plus the rest of the log (`log` is the whole log; entries before the
 * checkpoint are recorded, not re-run). Null when the checkpoint does not fit (format, exercise changed, length).
 */
export function restoreSession(exercise: Exercise, seed: number, params: Params, data: string, log: readonly LogEntry[], opts: ApplyOptions = {}): ExerciseSession | null {
  let cp: Checkpoint;
  try {
    cp = JSON.parse(data);
  } catch {
    return null;
  }
  // version 1 lacked the host, ssh hops, edit, exec, contexts and etcd dirs (it was never taken with an edit
  // pending or after an etcd restore): the start's values stand in for them
  if ((cp.v !== CHECKPOINT_VERSION && cp.v !== 1) || cp.ex !== exerciseHash(exercise) || cp.seq > log.length || cp.exitCodes.length !== cp.seq) return null;
  const s = startSession(exercise, seed, params);
  s.cluster.restore(cp.cluster);
  restoreShellSnapshot(s.shell, cp.shell, cp.v >= 2);
  s.log.push(...log.slice(0, cp.seq));
  s.exitCodes.push(...cp.exitCodes);
  for (const e of log.slice(cp.seq)) s.apply(e, opts);
  return s;
}

/**
 * Put back what shellSnapshot saved (the shell's own state; its clusters are restored apart). `full`: false for
 * a version 1 checkpoint, which lacked the host, ssh hops, edit, exec, contexts and etcd dirs.
 */
export function restoreShellSnapshot(shell: Shell, snap: ShellSnapshot, full = true): void {
  const st = shell.state;
  const fill = (fs: VirtualFs, entries: FsEntry[]) => {
    for (const name of fs.list("/")) fs.remove(`/${name}`, true);
    for (const e of entries) {
      if (e.d) fs.mkdirp(e.p, e.m);
      else fs.write(e.p, e.c ?? "", false, e.m);
    }
  };
  const home = homeFs(shell);
  fill(home, snap.fs);
  // the other hosts' files (host-fs.ts): exactly the ones the snapshot had
  for (const k of [...st.hosts.keys()]) if (k !== st.homeKey) st.hosts.delete(k);
  for (const [k, entries, staticPodPath, unjoined] of snap.hosts ?? []) {
    const fs = new VirtualFs();
    fill(fs, entries);
    st.hosts.set(k, { fs, staticPodPath, ...(unjoined ? { unjoined: true } : {}) });
  }
  const cur = snap.hostKey ? st.hosts.get(snap.hostKey) : undefined;
  st.hostKey = cur ? snap.hostKey! : st.homeKey;
  st.fs = cur?.fs ?? home;
  st.sshFrom.splice(0, st.sshFrom.length, ...(cur ? (snap.sshFrom ?? []) : []));
  delete st.lastSync;
  st.env.clear();
  for (const [k, v] of snap.env) st.env.set(k, v);
  st.aliases.clear();
  for (const [k, v] of snap.aliases) st.aliases.set(k, v);
  if (snap.functions?.length) st.functions = new Map(snap.functions);
  else delete st.functions;
  st.cwd = snap.cwd;
  st.lastExit = snap.lastExit;
  st.currentContext = snap.currentContext;
  st.history.splice(0, st.history.length, ...snap.history);
  if (full) {
    st.hostname = snap.hostname;
    st.sshStack.splice(0, st.sshStack.length, ...snap.sshStack);
    if (snap.attached) st.attached = snap.attached;
    else delete st.attached;
    if (snap.pendingEdit) st.pendingEdit = snap.pendingEdit;
    else delete st.pendingEdit;
    st.contexts.splice(0, st.contexts.length, ...snap.contexts);
    if (snap.kubeUsers) st.kubeUsers = snap.kubeUsers.map((u) => ({ ...u }));
    else delete st.kubeUsers;
    st.staticPods.clear();
    for (const [k, v] of snap.staticPods) st.staticPods.set(k, v);
  }
  if (snap.etcd) shell.cluster().etcd?.importDirs(snap.etcd);
}

/** replay(start, log): the state of an attempt after its log. */
export function replay(exercise: Exercise, seed: number, log: readonly LogEntry[], params?: Params, opts: ApplyOptions = {}): ExerciseSession {
  const s = startSession(exercise, seed, params);
  for (const e of log) s.apply(e, opts);
  return s;
}

function getObj(c: Cluster, resource: string, namespace: string | undefined, name: string): Obj {
  const r = c.get(resource, name, { ...ADMIN, ...(namespace ? { namespace } : {}) });
  if (!r.ok) throw new Error(`fault: ${resource} ${namespace ?? ""}/${name}: ${r.status.message}`);
  return structuredClone(r.object as Obj);
}

function put(c: Cluster, obj: Obj) {
  const r = c.replace(obj, { ...ADMIN, namespace: obj.metadata.namespace });
  if (!r.ok) throw new Error(`fault: ${obj.kind} ${obj.metadata.name}: ${r.status.message}`);
}

function container(d: Obj, name?: string): Obj {
  const cs: Obj[] = d.spec.template.spec.containers;
  const c = name ? cs.find((x) => x.name === name) : cs[0];
  if (!c) throw new Error(`fault: no container ${name ?? ""} in ${d.metadata.name}`);
  return c;
}

/** Break the starting cluster in one of the documented ways. */
export function injectFault(c: Cluster, f: Fault): void {
  switch (f.type) {
    case "wrong-image": {
      const d = getObj(c, "deployments", f.namespace, f.deployment);
      container(d, f.container).image = f.image;
      return put(c, d);
    }
    case "broken-selector": {
      const s = getObj(c, "services", f.namespace, f.service);
      s.spec.selector = f.selector;
      return put(c, s);
    }
    case "wrong-target-port": {
      const s = getObj(c, "services", f.namespace, f.service);
      s.spec.ports[0].targetPort = /^\d+$/.test(String(f.targetPort)) ? Number(f.targetPort) : f.targetPort;
      return put(c, s);
    }
    case "taint-node": {
      const n = getObj(c, "nodes", undefined, f.node);
      n.spec.taints = [...(n.spec.taints ?? []), { key: f.key, ...(f.value !== undefined ? { value: f.value } : {}), effect: f.effect }];
      return put(c, n);
    }
    case "cordon-node": {
      const n = getObj(c, "nodes", undefined, f.node);
      n.spec.unschedulable = true;
      return put(c, n);
    }
    case "stop-kubelet":
      c.setKubeletRunning(f.node, false);
      return;
    case "power-off":
      if (!c.setNodePower(f.node, false)) throw new Error(`fault: power-off ${f.node}: not a running control-plane node of an HA cluster`);
      return;
    case "unjoined-node":
      c.addHost(f.node, { ...(f.containerdRunning !== undefined ? { containerdRunning: f.containerdRunning } : {}), ...(f.swap !== undefined ? { swap: f.swap } : {}) });
      return;
    case "failing-probe": {
      const d = getObj(c, "deployments", f.namespace, f.deployment);
      const probe = { httpGet: { path: f.path ?? "/healthz", port: Number(f.port ?? 8080) }, periodSeconds: 5, failureThreshold: 3 };
      container(d, f.container)[f.probe === "readiness" ? "readinessProbe" : "livenessProbe"] = probe;
      return put(c, d);
    }
    case "scale": {
      const d = getObj(c, "deployments", f.namespace, f.deployment);
      d.spec.replicas = Number(f.replicas);
      return put(c, d);
    }
    case "delete": {
      const r = c.delete(f.resource, f.name, { ...ADMIN, ...(f.namespace ? { namespace: f.namespace } : {}) });
      if (!r.ok) throw new Error(`fault: delete ${f.resource} ${f.name}: ${r.status.message}`);
      return;
    }
    case "label-node": {
      const n = getObj(c, "nodes", undefined, f.node);
      const labels = { ...(n.metadata.labels ?? {}) };
      for (const [k, v] of Object.entries(f.labels)) {
        if (v === null) delete labels[k];
        else labels[k] = v;
      }
      n.metadata.labels = labels;
      return put(c, n);
    }
    case "advance":
      c.advance(f.seconds * 1000);
      return;
  }
}

/** kubectl's STATUS column for a pod (the common cases). */
export function podStatus(p: Obj): string {
  if (p.metadata.deletionTimestamp) return "Terminating";
  const init: Obj[] = p.status?.initContainerStatuses ?? [];
  for (const x of init) {
    if (x.state?.waiting?.reason && x.state.waiting.reason !== "PodInitializing") return `Init:${x.state.waiting.reason}`;
    if (x.state?.terminated && x.state.terminated.exitCode !== 0) return `Init:${x.state.terminated.reason ?? "Error"}`;
  }
  let reason: string = p.status?.reason ?? p.status?.phase ?? "Pending";
  for (const x of (p.status?.containerStatuses ?? []) as Obj[]) {
    if (x.state?.waiting?.reason) reason = x.state.waiting.reason;
    else if (x.state?.terminated?.reason) reason = x.state.terminated.reason;
  }
  if (reason === "Running" && (p.status?.containerStatuses ?? []).some((x: Obj) => !x.ready)) return "Running";
  return reason;
}
