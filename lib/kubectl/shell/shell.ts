// The learner's shell: runs a command line over a virtual file system and one or more
// simulated clusters, and always ends in output and an exit code.
import { SimulationStopped, type ClusterApi } from "../cluster-api";
import { kubectl, finishKubectlEdit } from "../kubectl/main";
import { etcdctl, etcdutl, syncEtcdManifest } from "../etcd/etcdctl";
import { helm } from "../helm/helm";
import { curl, wget } from "../net/curl";
import { TEXT_COMMANDS, abs } from "./builtins";
import { MAX_COMMAND_LINE_BYTES, utf8Bytes } from "./limits";
import { adoptStaticPods, syncAllStaticPods } from "./static-pods";
import { apiRefusal } from "./control-plane";
import { crictl, kubeletProblemLines } from "./crictl";
import { openssl } from "./openssl";
import { aptCache, aptGet, aptMark, aptSourceLine, APT_SOURCE } from "../kubeadm/apt";
import { kubeadm, kubeletBinary } from "../kubeadm/kubeadm";
import { hostCommand, seedCniFiles, seedHostFiles, syncProc } from "../kubeadm/host";
import { enterHost, filesGeneration, hostFsOf, hostKeyOf, leaveHost, registerClusters, seedControlPlaneHost, staticPodPathOf, syncJoinedHosts } from "./host-fs";
import { checkStop, stopEvery } from "./stop";
import { lineAt, paramWord, parseLine, ShellSyntaxError, type CompoundCommand, type ListItem, type ParamOp, type Redir, type Segment, type SimpleCommand, type Word } from "./parse";
import { changeCase, ExpansionError, globMatches, globTokens, replace, slice, trim, type GlobTok } from "./param";
import { splitUnits } from "./line-units";
import { ArithError, evalArith } from "./arith";
import { callFunction, exitSubshell, INTERRUPTED, jumpPending, letBuiltin, localBuiltin, loopBuiltin, positional, positionalArgs, returnBuiltin, readBuiltin, resetLoops, runCompound, seq, takeInterrupt, withInput } from "./compound";
import type { CmdIO, Command, KubeContext, RunResult, ShellState } from "./types";
import { VirtualFs, parentOf } from "./vfs";
import { boundedMemo } from "../../sim/util";

export const MAX_LINE = 64 * 1024;
export const MAX_OUTPUT = 512 * 1024;
const MAX_SLEEP_S = 2 * 3600;
const MAX_DEPTH = 8;

export interface ShellOptions {
  /** Unix user of the shell (default root) */
  user?: string;
  cwd?: string;
  hostname?: string;
  /** files to seed, path -> content (relative paths are under the home directory) */
  files?: Record<string, string>;
  /** extra kubeconfig contexts, each with its own cluster */
  contexts?: { name: string; cluster: ClusterApi; user?: string; namespace?: string; clusterName?: string }[];
  /** Kubernetes user of the default context (default kubernetes-admin) */
  kubeUser?: string;
  env?: Record<string, string>;
}

export interface Shell {
  /** Run one command line (it may carry heredoc bodies on following lines). */
  run(line: string): RunResult;
  /** Save a file the editor was given (vi/nano); returns nothing to print. */
  saveFile(path: string, content: string): RunResult;
  /** Finish a `kubectl edit`: content null = quit without saving. */
  finishEdit(content: string | null): RunResult;
  readonly state: ShellState;
  /** the prompt to show: the host's, or the container's while `kubectl exec -it … -- sh` is open */
  prompt(): string;
  /** the cluster of the current context */
  cluster(): ClusterApi;
}

/** Create a shell session over a cluster (the default context) and optional extra contexts. */
export function createShell(cluster: ClusterApi, opts: ShellOptions = {}): Shell {
  const user = opts.user ?? "root";
  const home = user === "root" ? "/root" : `/home/${user}`;
  const fs = new VirtualFs();
  for (const d of [home, "/tmp", "/etc/kubernetes/manifests", "/etc/kubernetes/pki/etcd", "/var/lib/etcd", "/opt"]) fs.mkdirp(d);
  const kubeUser = opts.kubeUser ?? "kubernetes-admin";
  const contexts: KubeContext[] = [{ name: "kubernetes-admin@kubernetes", cluster: "kubernetes", user: kubeUser }];
  const clusters = new Map<string, ClusterApi>([["kubernetes-admin@kubernetes", cluster]]);
  for (const c of opts.contexts ?? []) {
    contexts.push({ name: c.name, cluster: c.clusterName ?? c.name, user: c.user ?? kubeUser, ...(c.namespace ? { namespace: c.namespace } : {}) });
    clusters.set(c.name, c.cluster);
  }
  const env = new Map<string, string>([
    ["HOME", home],
    ["USER", user],
    ["PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
    ["SHELL", "/bin/bash"],
    ["PWD", opts.cwd ?? home],
    ["KUBECONFIG", `${home}/.kube/config`],
    ["HOSTNAME", opts.hostname ?? "controlplane"],
  ]);
  for (const [k, v] of Object.entries(opts.env ?? {})) env.set(k, v);
  const homeKey = `${contexts[0].cluster}/${opts.hostname ?? CONTROL_PLANE_HOST}`;
  const state: ShellState = {
    fs,
    hosts: new Map([[homeKey, { fs, staticPodPath: null }]]),
    hostKey: homeKey,
    homeKey,
    sshFrom: [],
    env,
    cwd: opts.cwd ?? home,
    home,
    user,
    hostname: opts.hostname ?? "controlplane",
    aliases: new Map([["k", "kubectl"]]),
    lastExit: 0,
    contexts,
    currentContext: contexts[0].name,
    clusters,
    history: [],
    sshStack: [],
    staticPods: new Map(),
    clusterCalls: 0,
  };
  fs.mkdirp(state.cwd);
  fs.mkdirp(`${home}/.kube`);
  registerClusters(state, [[cluster, contexts[0].cluster], ...contexts.slice(1).map((c) => [clusters.get(c.name)!, c.cluster] as [ClusterApi, string])]);
  seedControlPlaneFiles(state, cluster);
  state.hosts.get(homeKey)!.staticPodPath = staticPodPathOf(fs);
  for (const [p, content] of Object.entries(opts.files ?? {})) {
    const ap = abs(state, p.startsWith("/") ? p : `${home}/${p}`);
    fs.mkdirp(parentOf(ap));
    fs.write(ap, content);
  }

  const shell: Shell = {
    state,
    cluster: () => clusters.get(state.currentContext) ?? cluster,
    run(line: string) {
      const r = guarded(state, () => (state.attached ? runInContainer(state, line) : runLine(state, line, 0)));
      afterCommand(state);
      return r;
    },
    prompt() {
      return state.attached ? "/ # " : `${state.hostname}:${state.cwd === home ? "~" : state.cwd}$ `;
    },
    saveFile(path: string, content: string) {
      return guarded(state, () => {
        const out = new Output();
        const p = abs(state, path);
        fs.mkdirp(parentOf(p));
        const r = fs.write(p, content);
        if (!r.ok) out.err(`"${path}" E212: Can't open file for writing\n`);
        afterCommand(state);
        return out.result(r.ok ? 0 : 1);
      });
    },
    finishEdit(content: string | null) {
      return guarded(state, () => {
        const out = new Output();
        state.editor = undefined;
        const code = finishKubectlEdit(content, out.io(""), state);
        settle(state);
        const r = out.result(code);
        if (state.editor) r.editor = state.editor;
        return r;
      });
    },
  };
  return shell;
}

/** kubeadm's files on the control-plane host (control-plane.ts); the running control plane came from them. */
function seedControlPlaneFiles(state: ShellState, cluster: ClusterApi) {
  seedControlPlaneHost(state, state.fs, cluster, CONTROL_PLANE_HOST);
  adoptStaticPods(state, cluster, CONTROL_PLANE_HOST);
  const pkgs = cluster.nodePackages?.(CONTROL_PLANE_HOST);
  if (pkgs) {
    state.fs.mkdirp("/etc/apt/sources.list.d");
    state.fs.write(APT_SOURCE, aptSourceLine(pkgs.listsMinor));
  }
  seedCniFiles(state.fs);
  if (cluster.hosts?.names?.().length) seedHostFiles(state.fs);
}

/** A line typed inside `kubectl exec -it POD -- sh`: runs in the container until `exit`. */
function runInContainer(state: ShellState, line: string): RunResult {
  const out = new Output();
  const a = state.attached!;
  const cluster = state.clusters.get(a.context);
  if (/^\s*(exit|logout)(\s+\d+)?\s*$/.test(line) || !cluster?.exec) {
    state.attached = undefined;
    if (a.rm && cluster) {
      const podRes = cluster.resources().find((r) => r.name === "pods" && r.group === "");
      if (podRes) {
        cluster.delete(podRes, a.namespace, a.pod, { user: "kubernetes-admin", gracePeriodSeconds: 0 });
        cluster.settle();
        out.out(`pod "${a.pod}" deleted from ${a.namespace} namespace\n`);
      }
    }
    const m = /(\d+)\s*$/.exec(line);
    return out.result(m ? Number(m[1]) : 0);
  }
  if (!line.trim()) return out.result(0);
  if (line.length > MAX_LINE) {
    out.err(`sh: command line too long\n`);
    return out.result(1);
  }
  const r = cluster.exec(a.namespace, a.pod, a.container, ["sh", "-c", line]);
  if (!r.ok) {
    state.attached = undefined;
    out.err(`error: ${r.status.message}\n`);
    return out.result(1);
  }
  out.out(r.value.stdout);
  out.err(r.value.stderr);
  cluster.settle();
  return out.result(r.value.exitCode);
}

/** Effects of files on the control plane: the etcd static pod follows its manifest's data dir. */
function afterCommand(state: ShellState) {
  // nothing to do unless a file or the cluster may have changed
  const mark = { fs: filesGeneration(state), calls: state.clusterCalls };
  if (state.lastSync && state.lastSync.fs === mark.fs && state.lastSync.calls === mark.calls) return;
  state.lastSync = mark;
  // etcd's data dir is the hostPath in the etcd manifest on the control plane of the current context's cluster
  const current = state.clusters.get(state.currentContext);
  if (current && state.hostKey === hostKeyOf(state, current, CONTROL_PLANE_HOST)) {
    try {
      syncEtcdManifest(state);
    } catch (e) {
      if (e instanceof SimulationStopped) throw e;
      // a broken manifest simply leaves etcd where it was
    }
  }
  syncJoinedHosts(state);
  try {
    syncAllStaticPods(state);
  } catch (e) {
    if (e instanceof SimulationStopped) throw e;
    // an unreadable manifest creates no pod, as with the kubelet
  }
}

/** the host the learner's shell runs on, whose /etc/kubernetes/manifests the kubelet watches */
const CONTROL_PLANE_HOST = "controlplane";

/**
 * Run fn and turn anything unexpected into an error message with exit code 1. run() never throws, except
 * SimulationStopped: the embedding application stopped the cluster mid-command and discards this shell.
 */
function guarded(state: ShellState, fn: () => RunResult): RunResult {
  try {
    const r = fn();
    state.lastExit = r.exitCode;
    return r;
  } catch (e) {
    if (e instanceof SimulationStopped) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    const text = `bash: internal error: ${msg}\n`;
    state.lastExit = 1;
    return { stdout: "", stderr: text, output: text, exitCode: 1 };
  }
}

/** Collects interleaved stdout/stderr with a size bound. */
class Output {
  stdout = "";
  stderr = "";
  output = "";
  truncated = false;
  private push(s: string, which: "out" | "err") {
    if (!s) return;
    if (this.output.length + s.length > MAX_OUTPUT) {
      if (!this.truncated) {
        const room = Math.max(0, MAX_OUTPUT - this.output.length);
        s = s.slice(0, room);
        this.truncated = true;
        const note = "\n[output truncated]\n";
        this.output += s + note;
        if (which === "out") this.stdout += s + note;
        else this.stderr += s + note;
      }
      return;
    }
    this.output += s;
    if (which === "out") this.stdout += s;
    else this.stderr += s;
  }
  out(s: string) {
    this.push(s, "out");
  }
  err(s: string) {
    this.push(s, "err");
  }
  io(stdin: string): CmdIO {
    return { stdin, out: (s) => this.out(s), err: (s) => this.err(s) };
  }
  result(exitCode: number): RunResult {
    return { stdout: this.stdout, stderr: this.stderr, output: this.output, exitCode };
  }
}

/**
 * How bash words a syntax error: at the prompt `bash: syntax error …`; in `bash -c` text (`origin` "-c") or a
 * script file (`origin` its name, `sourced` for `source`) with the line number and, for an unexpected token,
 * the line's text (bash 5.2 on this machine: `bash: -c: line 1: syntax error near unexpected token \`fi'` then
 * ``bash: -c: line 1: \`echo a; fi'``; at the end of input the line after the last one).
 */
function syntaxErrorText(src: string, e: ShellSyntaxError, origin: Origin | undefined, linesBefore = 0): string {
  if (!origin) return `bash: ${e.message}\n`;
  // `source f` names a file found in the current directory ./f (bash 5.2 here)
  const prefix = origin.name === "-c" ? "bash: -c" : origin.sourced ? `bash: ${origin.name.includes("/") ? "" : "./"}${origin.name}` : origin.name;
  if (e.at === undefined) return `${prefix}: line ${src.replace(/\n$/, "").split("\n").length + 1}: ${e.message}\n`;
  const { line, text } = lineAt(src, e.at);
  return `${prefix}: line ${line + linesBefore}: ${e.message}\n${prefix}: line ${line + linesBefore}: \`${text}'\n`;
}

/** Where a non-typed command text comes from: `bash -c` ("-c") or a script file. */
type Origin = { name: string; sourced?: boolean };

/** An Output that hands everything to a command's redirected io (a compound command's body). */
class RoutedOutput extends Output {
  constructor(private readonly to: CmdIO) {
    super();
  }
  override out(s: string) {
    this.to.out(s);
  }
  override err(s: string) {
    this.to.err(s);
  }
}

function runLine(state: ShellState, line: string, depth: number, origin?: Origin): RunResult {
  // every loop iteration, substitution and nested line passes here: the caller's deadline holds inside them
  checkStop(state);
  const out = new Output();
  // A typed line has the limit the terminal and the API share; lines the shell makes itself (loop bodies,
  // `bash -c`, scripts) keep the larger internal bound.
  const bytes = depth === 0 ? utf8Bytes(line) : 0;
  if (bytes > MAX_COMMAND_LINE_BYTES) {
    out.err(`bash: command line too long (${bytes} bytes; the limit is ${MAX_COMMAND_LINE_BYTES})\n`);
    return out.result(1);
  }
  if (line.length > MAX_LINE) {
    out.err(`bash: command line too long (${line.length} bytes; the limit is ${MAX_LINE})\n`);
    return out.result(1);
  }
  if (depth === 0) {
    state.editor = undefined;
    if (line.trim()) state.history.push(line);
    if (state.history.length > 1000) state.history.shift();
  }
  if (depth === 0) resetLoops(state);
  if (origin) return out.result(runScript(state, line, depth, origin, out));
  let items: ListItem[];
  try {
    items = parseLine(line);
  } catch (e) {
    if (e instanceof ShellSyntaxError) {
      out.err(syntaxErrorText(line, e, origin));
      return out.result(2);
    }
    throw e;
  }
  let code: number;
  try {
    code = runList(state, items, out, depth);
  } catch (e) {
    // an arithmetic expansion's error ends the rest of the line with status 1 (bash 5.2: `echo $((1/0)); echo b` prints no b)
    if (!(e instanceof ArithError)) throw e;
    out.err(`bash: ${e.message}\n`);
    code = state.lastExit = 1;
  }
  // a loop that ran past its bounds ends the whole line as Ctrl-C would (compound.ts)
  if (depth === 0 && takeInterrupt(state)) code = INTERRUPTED;
  const r = out.result(code);
  if (depth === 0 && state.editor) r.editor = state.editor;
  return r;
}

/**
 * `bash -c` text and script files run as bash reads them: each complete command (with its heredoc bodies and
 * continuation lines) runs before the next is parsed, so a syntax error further down comes after what ran
 * before it, and ends the script with status 2 (bash 5.2 here: `echo a` then `fi` prints `a`, then the error).
 */
function runScript(state: ShellState, text: string, depth: number, origin: Origin, out: Output): number {
  const units = splitUnits(text.replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n")).units;
  let code = 0;
  let chunk = "";
  let chunkLine = 1;
  let line = 1;
  for (const unit of units) {
    chunk = chunk ? `${chunk}\n${unit}` : unit;
    line += unit.split("\n").length;
    let items: ListItem[];
    try {
      items = parseLine(chunk);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      // the input ended inside a command: bash reads on
      if (e.at === undefined) continue;
      out.err(syntaxErrorText(chunk, e, origin, chunkLine - 1));
      return 2;
    }
    try {
      code = runList(state, items, out, depth);
    } catch (e) {
      // bash: an arithmetic expansion's error ends that command line; a script goes on with the next ($? 1)
      if (!(e instanceof ArithError)) throw e;
      // bash 5.2 here: `bash -c` text says `bash: line N: 1/0: …`, a script `script.sh: line N: 1/0: …`
      const prefix = origin.name === "-c" ? "bash" : origin.sourced ? `bash: ${origin.name.includes("/") ? "" : "./"}${origin.name}` : origin.name;
      out.err(`${prefix}: line ${chunkLine}: ${e.message}\n`);
      code = state.lastExit = 1;
      // ${x:?} ends a non-interactive bash (bash 5.2 here: a script with status 1, `bash -c` text with 127)
      if (e instanceof ExpansionError && e.fatal) return origin.name === "-c" ? 127 : 1;
    }
    if (jumpPending(state)) return code;
    chunk = "";
    chunkLine = line;
  }
  if (chunk) {
    out.err(syntaxErrorText(text, new ShellSyntaxError("syntax error: unexpected end of file"), origin));
    return 2;
  }
  return code;
}

function runList(state: ShellState, items: ListItem[], out: Output, depth: number): number {
  let code = state.lastExit;
  let prevOp: ListItem["op"] = null;
  for (const item of items) {
    checkStop(state);
    const go = prevOp === "&&" ? code === 0 : prevOp === "||" ? code !== 0 : true;
    if (go) {
      code = runPipeline(state, item, out, depth);
      state.lastExit = code;
      // break/continue (or a loop's bound) leaves the rest of the list to the loop that takes it
      if (jumpPending(state)) break;
    }
    prevOp = item.op;
  }
  return code;
}

function runPipeline(state: ShellState, item: ListItem, out: Output, depth: number): number {
  const cmds = item.pipeline.commands;
  let stdin = "";
  let code = 0;
  for (let idx = 0; idx < cmds.length; idx++) {
    const last = idx === cmds.length - 1;
    checkStop(state);
    const stage = new Output();
    const c = cmds[idx];
    code = c.kind === undefined ? runSimple(state, c, stdin, stage, out, depth, last) : runCompoundStage(state, c, stdin, idx > 0, stage, out, depth, last);
    if (last) {
      // already written to out by runSimple
    } else {
      stdin = stage.stdout;
    }
  }
  if (item.pipeline.negate) code = code === 0 ? 1 : 0;
  return code;
}

/** process substitutions per session, so several <(…) in one line get distinct files */
const procSubs = new WeakMap<ShellState, number>();

/** Expand one word into fields (unquoted expansions split on whitespace; globs match files). */
function expandWord(state: ShellState, w: Word, depth: number, errOut: Output, split = true): string[] {
  const fields: string[] = [];
  let cur = "";
  let hasQuoted = false;
  let started = false;
  let glob = false;
  // `${x:-word}` splices its word's parts in, to be read like the rest of the word
  const segs = w.segs.slice();
  for (let si = 0; si < segs.length; si++) {
    const s = segs[si];
    let text: string;
    if (s.kind === "lit") {
      text = s.text;
      if (s.quoted) hasQuoted = true;
      else if (/[*?]/.test(text)) glob = true;
      cur += text;
      started = true;
      continue;
    }
    let param: ReturnType<typeof expandParam> | undefined;
    if (s.kind === "var" && s.op) {
      param = expandParam(state, s as VarSegment, depth, errOut);
      if ("segs" in param) {
        segs.splice(si + 1, 0, ...param.segs);
        // "${x:-}": an empty word all the same
        if (s.quoted) hasQuoted = true;
        continue;
      }
    }
    const args = param && "fields" in param ? (s.quoted ? param.fields : undefined) : s.kind === "var" && s.name === "@" && s.quoted && !s.op ? positionalArgs(state) : undefined;
    if (args) {
      // "$@": each argument its own word (bash(1) Special Parameters); none at all: no word from it
      args.forEach((a, k) => {
        if (k > 0) {
          fields.push(cur);
          cur = "";
        }
        cur += a;
        started = true;
      });
      if (args.length) hasQuoted = true;
      continue;
    }
    if (param && "text" in param) text = param.text;
    else if (param && "fields" in param) text = param.fields.join(" ");
    else if (s.kind === "var") text = varValue(state, s.name);
    else if (s.kind === "field") text = s.text;
    // an error here ends the whole command line (caught in runLine/runScript), as bash does
    else if (s.kind === "arith") text = String(evalArith(expandWord(state, s.expr, depth, errOut, false).join(""), state.env));
    else if (s.kind === "procsub") {
      const r = depth >= MAX_DEPTH ? null : runLine(state, s.src, depth + 1);
      if (r) errOut.err(r.stderr);
      const k = (procSubs.get(state) ?? 0) + 1;
      procSubs.set(state, k % 64);
      const path = `/dev/fd/${62 + k}`;
      state.fs.mkdirp("/dev/fd");
      state.fs.write(path, r ? r.stdout : "");
      text = path;
    } else {
      if (depth >= MAX_DEPTH) {
        errOut.err("bash: command substitution nested too deeply\n");
        text = "";
      } else {
        const r = runLine(state, s.src, depth + 1);
        errOut.err(r.stderr);
        text = r.stdout.replace(/\n+$/, "");
      }
    }
    if (s.quoted || !split) {
      cur += text;
      hasQuoted = true;
      started = true;
    } else {
      const parts = text.split(/[ \t\n]+/);
      parts.forEach((p, i) => {
        if (i > 0) {
          if (cur !== "" || started) fields.push(cur);
          cur = "";
          started = false;
        }
        if (p !== "") {
          cur += p;
          started = true;
        }
      });
    }
  }
  if (cur !== "" || hasQuoted || (started && cur !== "")) fields.push(cur);
  if (glob && split && fields.length === 1 && !hasQuoted) {
    const pattern = fields[0];
    const absPat = pattern.startsWith("/") ? pattern : (state.cwd === "/" ? "" : state.cwd) + "/" + pattern;
    const hits = state.fs.glob(absPat);
    if (hits.length) {
      const prefix = state.cwd === "/" ? "/" : state.cwd + "/";
      return hits.map((h) => (pattern.startsWith("/") ? h : h.startsWith(prefix) ? h.slice(prefix.length) : h));
    }
  }
  return fields;
}

type VarSegment = Extract<Segment, { kind: "var" }> & { op: ParamOp };

/** One part of a word expanded on its own, as in double quotes (a pattern's or a replacement's parts). */
function segmentText(state: ShellState, seg: Segment, depth: number, errOut: Output): string {
  return seg.kind === "lit" ? seg.text : expandWord(state, { segs: [{ ...seg, quoted: true } as Segment], raw: "" }, depth, errOut, false).join("");
}

/** A pattern word (`case`, `${x#…}`, `${x/…}`) as a glob: its quoted parts literal, the rest glob characters. */
function globOf(state: ShellState, w: Word, depth: number, errOut: Output): GlobTok[] {
  return globTokens(w.segs.map((seg) => ({ text: segmentText(state, seg, depth, errOut), quoted: seg.quoted })));
}

/** Whether a parameter is set (`${x-…}` and kin): a variable that exists, a positional one that was given. */
function paramIsSet(state: ShellState, name: string): boolean {
  if (/^[?$#]$/.test(name) || name === "0") return true;
  if (/^[1-9]$/.test(name)) return (positionalArgs(state)?.length ?? 0) >= Number(name);
  if (name === "@" || name === "*") return (positionalArgs(state)?.length ?? 0) > 0;
  return state.env.has(name);
}

/**
 * One `${…}` with an operator (bash(1) "Parameter Expansion"): its text, the fields of `"${@:…}"`, or the parts of
 * a `${x:-word}` word to read in its place. Errors end the command line (ExpansionError).
 */
function expandParam(state: ShellState, s: VarSegment, depth: number, errOut: Output): { text: string } | { fields: string[] } | { segs: Segment[] } {
  const op = s.op;
  if (op.t === "bad") throw new ExpansionError(`${op.text}: bad substitution`);
  const value = varValue(state, s.name);
  const str = (w: Word) => expandWord(state, w, depth, errOut, false).join("");
  const glob = (w: Word) => globOf(state, w, depth, errOut);
  switch (op.t) {
    case "len":
      return { text: String(s.name === "@" || s.name === "*" ? (positionalArgs(state)?.length ?? 0) : [...value].length) };
    case "indirect": {
      if (!paramIsSet(state, s.name)) throw new ExpansionError(`${s.name}: invalid indirect expansion`);
      if (!/^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#@*])$/.test(value)) throw new ExpansionError(`${value}: invalid variable name`);
      return { text: varValue(state, value) };
    }
    case "test": {
      const unset = !paramIsSet(state, s.name) || (op.colon && value === "");
      // the word's parts, quoted as the `${…}` is; its unquoted text splits as an expansion's result does
      const word = () => ({ segs: op.word.segs.map((seg): Segment => (seg.kind === "lit" && !seg.quoted && !s.quoted ? { kind: "field", text: seg.text, quoted: false } : s.quoted ? { ...seg, quoted: true } : seg)) });
      if (op.op === "+") return unset ? { text: "" } : word();
      if (!unset) return { text: value };
      if (op.op === "-") return word();
      if (op.op === "=") {
        if (!/^[A-Za-z_]/.test(s.name)) throw new ExpansionError(`$${s.name}: cannot assign in this way`);
        const v = str(op.word);
        state.env.set(s.name, v);
        return { text: v };
      }
      const msg = op.word.segs.length ? str(op.word) : op.colon ? "parameter null or not set" : "parameter not set";
      throw new ExpansionError(`${s.name}: ${msg}`, true);
    }
    case "trim":
      return { text: trim(value, glob(op.pat), op.side, op.longest) };
    case "repl": {
      const toks = glob(op.pat);
      // bash 5.2's patsub_replacement: an unquoted `&` in the replacement is the matched text
      const parts = op.rep.segs.map((seg) => ({ text: segmentText(state, seg, depth, errOut), amp: seg.kind === "lit" && !seg.quoted }));
      return { text: replace(value, toks, op.all, op.anchor, (m) => parts.map((p) => (p.amp ? p.text.replace(/&/g, () => m) : p.text)).join(""), stopEvery(state)) };
    }
    case "case":
      return { text: changeCase(value, glob(op.pat), op.upper, op.all) };
    case "slice": {
      const off = Number(evalArith(str(op.off), state.env));
      const lenText = op.len ? str(op.len) : "";
      const len = op.len ? Number(evalArith(lenText, state.env)) : null;
      if (s.name === "@" || s.name === "*") {
        const items = slice(["bash", ...(positionalArgs(state) ?? [])], off, len, lenText);
        return s.name === "@" ? { fields: items } : { text: items.join(" ") };
      }
      return { text: slice([...value], off, len, lenText).join("") };
    }
  }
}

function varValue(state: ShellState, name: string): string {
  if (name === "?") return String(state.lastExit);
  if (/^[1-9#@*]$/.test(name)) {
    const p = positional(state, name);
    if (p !== undefined) return p;
  }
  if (name === "$") return "4242";
  if (name === "#") return "0";
  if (/^[0-9]$/.test(name)) return name === "0" ? "bash" : "";
  return state.env.get(name) ?? "";
}

function expandHeredoc(state: ShellState, body: string, depth: number, errOut: Output): string {
  return body.replace(/\\([$`\\])|\$\(\(((?:[^()]|\([^()]*\))*)\)\)|\$\{([^{}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*|[?$#])|\$\(([^()]*)\)/g, (m, esc: string, a: string, b: string, v: string, c: string) => {
    if (esc) return esc;
    if (a !== undefined) return String(evalArith(expandHeredoc(state, a, depth, errOut), state.env));
    if (b !== undefined) return expandWord(state, paramWord(b), depth, errOut, false).join("");
    if (v) return varValue(state, v);
    if (c !== undefined) {
      if (depth >= MAX_DEPTH) return "";
      const r = runLine(state, c, depth + 1);
      errOut.err(r.stderr);
      return r.stdout.replace(/\n+$/, "");
    }
    return m;
  });
}

function runSimple(state: ShellState, cmd: SimpleCommand, pipeIn: string, stage: Output, out: Output, depth: number, last: boolean): number {
  // expand words, applying aliases on the first word
  let argv: string[] = [];
  for (const w of cmd.words) argv.push(...expandWord(state, w, depth, out));
  if (cmd.words.length && argv.length && state.aliases.has(argv[0]) && cmd.words[0].segs.every((s) => s.kind === "lit" && !s.quoted)) {
    const expansion = state.aliases.get(argv[0])!;
    try {
      const items = parseLine(expansion);
      const first = items[0]?.pipeline.commands[0];
      const aliasWords = first?.kind === undefined ? (first?.words ?? []) : [];
      const aw: string[] = [];
      for (const w of aliasWords) aw.push(...expandWord(state, w, depth, out));
      argv = [...aw, ...argv.slice(1)];
    } catch (e) {
      // expanding an alias may run $(...) and so the cluster
      if (e instanceof SimulationStopped) throw e;
      argv = [expansion, ...argv.slice(1)];
    }
  }
  const assigns = cmd.assigns.map((a) => [a.name, expandWord(state, a.value, depth, out, false).join(" ")] as const);
  const rd = redirect(state, cmd.redirs, pipeIn, stage, out, depth, last);
  if (typeof rd === "number") return rd;

  if (argv.length === 0) {
    for (const [k, v] of assigns) state.env.set(k, v);
    return 0;
  }

  // temporary env for VAR=x cmd
  const saved = new Map<string, string | undefined>();
  for (const [k, v] of assigns) {
    saved.set(k, state.env.get(k));
    state.env.set(k, v);
  }
  let code: number;
  try {
    const fn = state.functions?.get(argv[0]);
    code = fn !== undefined ? runFunction(state, argv, fn, rd.io, depth) : dispatch(state, argv, rd.io, depth);
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) state.env.delete(k);
      else state.env.set(k, v);
    }
  }
  return rd.finish(code);
}

/** parsed function bodies by their source text (a body parses the same every time) */
const functionBodies = boundedMemo<string, ListItem[]>(500);

/** Calls a shell function (compound.ts callFunction): its body's list writes to the call's io; `read` takes the call's stdin. */
function runFunction(state: ShellState, argv: string[], src: string, io: CmdIO, depth: number): number {
  const body = functionBodies.get(src, () => parseLine(src));
  const run = () => runList(state, body, new RoutedOutput(io), depth);
  return callFunction(state, argv[0], argv.slice(1), () => (io.stdin !== "" ? withInput(state, io.stdin, run) : run()), (s) => io.err(s));
}

/**
 * A compound command as one stage of a pipeline: its lists write where its redirections (after `done`/`fi`/`}`)
 * and the pipe send them; `read` inside takes lines of the input piped or redirected into it.
 */
function runCompoundStage(state: ShellState, c: CompoundCommand, pipeIn: string, piped: boolean, stage: Output, out: Output, depth: number, last: boolean): number {
  const rd = redirect(state, c.redirs, pipeIn, stage, out, depth, last);
  if (typeof rd === "number") return rd;
  const sink = new RoutedOutput(rd.io);
  const run = () =>
    runCompound(state, c, {
      runList: (items) => runList(state, items, sink, depth),
      expand: (w) => expandWord(state, w, depth, sink),
      expandText: (w) => expandWord(state, w, depth, sink, false).join(""),
      matches: (w, text) => globMatches(globOf(state, w, depth, sink), text),
      now: () => state.clusters.get(state.currentContext)?.now() ?? 0,
      err: (s) => sink.err(s),
    });
  // its own input (a pipe, `< file`, a heredoc) is what `read` inside takes; otherwise the enclosing one's
  const ownInput = piped || c.redirs.some((r) => r.op === "<" || r.op === "<<" || r.op === "<<<");
  return rd.finish(ownInput ? withInput(state, rd.io.stdin, run) : run());
}

/**
 * Applies a command's redirections: where its stdout/stderr go (a file, /dev/null, the next pipe stage, the
 * terminal) and its stdin; `finish` writes the files after it ran. A number: the redirection failed (status).
 */
function redirect(state: ShellState, redirs: Redir[], pipeIn: string, stage: Output, out: Output, depth: number, last: boolean): { io: CmdIO; finish(code: number): number } | number {
  let stdin = pipeIn;
  let outTarget: { path: string; append: boolean; shown: string } | null = null;
  let errTarget: { path: string; append: boolean; shown: string } | "stdout" | null = null;
  let outDevNull = false;
  let errDevNull = false;
  let outToErr: { file: boolean } | null = null;
  for (const r of redirs) {
    if (r.op === "<<") {
      const h = r.heredoc!;
      stdin = h.quoted ? h.body : expandHeredoc(state, h.body, depth, out);
      continue;
    }
    if (r.op === "<<<") {
      // bash(1) "Here Strings": the word expanded without splitting or globbing, and a newline
      stdin = expandWord(state, r.target!, depth, out, false).join("") + "\n";
      continue;
    }
    if (r.op === ">&") {
      if (r.fd === 2 && r.dupTo === 1) {
        errTarget = "stdout";
        errDevNull = outDevNull;
      } else if (r.fd === 1 && r.dupTo === 2) {
        // `>&2`: stdout goes where stderr goes now (a later `2>…` does not move it, bash(1) REDIRECTION)
        outTarget = null;
        outDevNull = errDevNull;
        outToErr = errTarget === "stdout" ? null : { file: errTarget !== null };
      }
      continue;
    }
    const t = expandWord(state, r.target!, depth, out);
    if (t.length !== 1) {
      out.err(`bash: ${r.target!.raw}: ambiguous redirect\n`);
      return 1;
    }
    const target = t[0];
    if (r.op === "<") {
      const rd = state.fs.read(abs(state, target));
      if (!rd.ok) {
        out.err(`bash: ${target}: No such file or directory\n`);
        return 1;
      }
      stdin = rd.value;
      continue;
    }
    const devNull = target === "/dev/null";
    const spec = { path: abs(state, target), append: r.op === ">>", shown: target };
    if (r.fd === 2) {
      errTarget = devNull ? null : spec;
      errDevNull = devNull;
    } else {
      outTarget = devNull ? null : spec;
      outDevNull = devNull;
      outToErr = null;
      if (!devNull) {
        // bash truncates/creates the file before running the command
        const p = spec.path;
        if (state.fs.isDir(p)) {
          out.err(`bash: ${target}: Is a directory\n`);
          return 1;
        }
        if (!state.fs.isDir(parentOf(p))) {
          out.err(`bash: ${target}: No such file or directory\n`);
          return 1;
        }
        if (!spec.append) state.fs.write(p, "");
        else if (!state.fs.exists(p)) state.fs.write(p, "");
      }
    }
  }

  // where output goes
  let fileOut = "";
  let fileErr = "";
  const io: CmdIO = {
    stdin,
    out: (s) => {
      if (outDevNull) return;
      if (outToErr) {
        if (outToErr.file) fileErr += s;
        else out.err(s);
      } else if (outTarget) fileOut += s;
      else if (last) out.out(s);
      else stage.out(s);
    },
    err: (s) => {
      if (errDevNull) return;
      if (errTarget === "stdout") io.out(s);
      else if (errTarget) fileErr += s;
      else out.err(s);
    },
  };

  const finish = (code: number): number => {
    if (outTarget) {
    const w = state.fs.write(outTarget.path, fileOut, true);
    if (!w.ok) {
      out.err(`bash: ${outTarget.shown}: ${w.error.slice(w.error.indexOf(": ") + 2)}\n`);
      code = 1;
    }
  }
    if (errTarget && errTarget !== "stdout") {
      const w = state.fs.write(errTarget.path, fileErr, errTarget.append);
      if (!w.ok) out.err(`bash: ${errTarget.shown}: No such file or directory\n`);
    }
    return code;
  };
  return { io, finish };
}

function settle(state: ShellState) {
  const c = state.clusters.get(state.currentContext);
  c?.settle();
}

const CLUSTER_COMMANDS = new Set(["kubectl", "etcdctl", "etcdutl", "curl", "wget", "helm"]);

function dispatch(state: ShellState, argv: string[], io: CmdIO, depth: number): number {
  const name = argv[0];
  // the host's kernel state shows through /proc (kubeadm/host.ts)
  if (argv.some((a) => a.startsWith("/proc/"))) syncProc(state);
  const builtin = SHELL_BUILTINS[name];
  if (builtin) return builtin(argv, io, state);
  const text = TEXT_COMMANDS[name];
  if (text) return text(argv, io, state);
  if ((name === "kubectl" || name.endsWith("/kubectl")) && state.sshStack.length && !state.fs.isFile("/etc/kubernetes/admin.conf")) {
    // worker nodes have no kubeconfig: kubectl falls back to localhost:8080 (a kubeadm control-plane host has admin.conf)
    io.err("The connection to the server localhost:8080 was refused - did you specify the right host or port?\n");
    return 1;
  }
  if (name === "kubectl" || name.endsWith("/kubectl")) {
    state.clusterCalls++;
    // the API server does not answer (its static pod is down): kubectl cannot even discover the API
    const refused = apiRefusal(state, argv);
    if (refused !== null) {
      io.out(refused.out);
      io.err(refused.err);
      return 1;
    }
    const code = kubectl(argv, io, state);
    settle(state);
    return code;
  }
  if (name === "etcdctl" || name === "etcdutl" || name === "systemctl" || name === "kubeadm") state.clusterCalls++;
  if (name === "etcdctl") return etcdctl(argv, io, state);
  if (name === "etcdutl") return etcdutl(argv, io, state);
  if (name === "curl") return curl(argv, io, state);
  if (name === "wget") return wget(argv, io, state);
  if (name === "helm") {
    state.clusterCalls++;
    const code = helm(argv, io, state);
    settle(state);
    return code;
  }
  if (name === "sh" || name === "bash") {
    if (argv[1] === "-c" && argv[2] !== undefined) {
      if (depth >= MAX_DEPTH) return 1;
      const r = runLine(state, argv[2], depth + 1, { name: "-c" });
      io.out(r.stdout);
      io.err(r.stderr);
      return r.exitCode;
    }
    if (argv[1] && !argv[1].startsWith("-")) return source(["source", ...argv.slice(1)], io, state, depth, false);
    return 0;
  }
  if (name === "source" || name === ".") return source(argv, io, state, depth);
  if (name === "xargs") return xargs(argv, io, state, depth);
  if (name === "watch") {
    const rest = argv.slice(1).filter((a, i, all) => !a.startsWith("-") && !(i > 0 && (all[i - 1] === "-n" || all[i - 1] === "--interval")));
    if (!rest.length) return 0;
    if (depth >= MAX_DEPTH) return 1;
    const r = runLine(state, rest.join(" "), depth + 1);
    io.out(r.stdout);
    io.err(r.stderr);
    return r.exitCode;
  }
  if (name === "ssh") return ssh(argv, io, state, depth);
  if (name === "scp") return scp(argv, io, state);
  // host preparation (lsmod, modprobe, sysctl, swapoff, containerd; systemd on a host that has not joined)
  const hostCode = hostCommand(argv, io, state);
  if (hostCode !== null) return hostCode;
  if (name === "systemctl") return systemctl(argv, io, state);
  if (name === "service" && argv[1]) return systemctl(["systemctl", argv[2] ?? "status", argv[1]], io, state);
  if (name === "journalctl") return journalctl(argv, io, state);
  if (name === "crictl") return crictl(argv, io, state);
  if (name === "openssl") return openssl(argv, io, state);
  if (name === "kubeadm") return kubeadm(argv, io, state);
  if (name === "kubelet") return kubeletBinary(argv, io, state);
  if (name === "apt-get" || name === "apt") return aptGet(argv, io, state);
  if (name === "apt-cache") return aptCache(argv, io, state);
  if (name === "apt-mark") return aptMark(argv, io, state);
  if (name.includes("/") && state.fs.isFile(abs(state, name))) {
    io.err(`bash: ${name}: Permission denied\n`);
    return 126;
  }
  io.err(`${name}: command not found\n`);
  return 127;
}

/** xargs [-n N] [-I STR] [-r] CMD ARGS…: runs CMD with the words read from stdin. */
function xargs(argv: string[], io: CmdIO, state: ShellState, depth: number): number {
  let per = 0;
  let repl: string | null = null;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-n") per = Number(argv[++i]) || 0;
    else if (a === "-I") repl = argv[++i] ?? "{}";
    else if (a === "-r" || a === "--no-run-if-empty" || a === "-0") continue;
    else if (/^-n[0-9]+$/.test(a)) per = Number(a.slice(2));
    else break;
  }
  const cmd = argv.slice(i).length ? argv.slice(i) : ["echo"];
  const quote = (w: string) => `'${w.replace(/'/g, "'\\''")}'`;
  const input = repl ? io.stdin.split("\n").filter((l) => l.trim() !== "") : io.stdin.split(/\s+/).filter(Boolean);
  if (!input.length) return 0;
  if (depth >= MAX_DEPTH) return 1;
  const batches: string[][] = repl ? input.map((l) => [l]) : per > 0 ? Array.from({ length: Math.ceil(input.length / per) }, (_, k) => input.slice(k * per, k * per + per)) : [input];
  let code = 0;
  for (const b of batches.slice(0, 500)) {
    const words = repl ? cmd.map((w) => w.split(repl!).join(b[0])) : [...cmd, ...b];
    const r = runLine(state, words.map(quote).join(" "), depth + 1);
    io.out(r.stdout);
    io.err(r.stderr);
    if (r.exitCode !== 0) code = 123;
  }
  return code;
}

/** `source FILE` / `. FILE`, and `bash FILE` / `sh FILE` (`sourced` false: errors name the file as a script's do). */
function source(argv: string[], io: CmdIO, state: ShellState, depth: number, sourced = true): number {
  const f = argv[1];
  if (!f) {
    io.err("bash: source: filename argument required\nsource: usage: source filename [arguments]\n");
    return 2;
  }
  const r = state.fs.read(abs(state, f));
  if (!r.ok) {
    io.err(`bash: ${f}: No such file or directory\n`);
    return 1;
  }
  if (depth >= MAX_DEPTH) return 1;
  const res = runLine(state, r.value, depth + 1, { name: f, sourced });
  io.out(res.stdout);
  io.err(res.stderr);
  return res.exitCode;
}

/**
 * `ssh NODE [cmd]`: hop to a machine of the CURRENT context's cluster, onto its own file system (host-fs.ts). The
 * real CKA names one ssh host per task, whose kubectl talks to that task's cluster; here `ssh controlplane` after
 * `kubectl config use-context k8s-x` reaches k8s-x's control plane, and `exit` comes back.
 */
function ssh(argv: string[], io: CmdIO, state: ShellState, depth: number): number {
  // ssh's own options come before the destination; everything after it is the remote command
  const dest = argv.findIndex((a, i) => i > 0 && !a.startsWith("-") && !/^-[bcDEeFIiJLlmOopQRSWw]$/.test(argv[i - 1]));
  const args = dest < 0 ? [] : argv.slice(dest);
  const target = args[0];
  if (!target) {
    io.err("usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] destination [command [argument ...]]\n");
    return 255;
  }
  const host = target.replace(/^[^@]*@/, "");
  const cluster = state.clusters.get(state.currentContext);
  const h = cluster ? hostFsOf(state, cluster, host) : null;
  if (!cluster || !h) {
    io.err(`ssh: Could not resolve hostname ${host}: Name or service not known\n`);
    return 255;
  }
  if (cluster.controlPlane?.poweredOff?.(host)) {
    // a powered-off machine answers nothing: ssh's connect times out
    io.err(`ssh: connect to host ${host} port 22: Connection timed out\n`);
    return 255;
  }
  enterHost(state, hostKeyOf(state, cluster, host), h, host);
  if (args.length > 1) {
    // the remote command runs on the host and the connection closes (the remote shell parses the joined words)
    try {
      if (depth >= MAX_DEPTH) return 1;
      const r = runLine(state, args.slice(1).join(" "), depth + 1);
      io.out(r.stdout);
      io.err(r.stderr);
      return r.exitCode;
    } finally {
      leaveHost(state);
    }
  }
  return 0;
}

/**
 * `scp [-r] SRC DST` between this host and another machine of the current cluster (`HOST:PATH`). Errors as
 * OpenSSH's scp.c source() words them: `scp: NAME: No such file or directory`, `scp: NAME: not a regular file`.
 */
function scp(argv: string[], io: CmdIO, state: ShellState): number {
  const ops = argv.slice(1).filter((a) => !a.startsWith("-"));
  const recursive = argv.some((a) => /^-[A-Za-z]*r/.test(a));
  if (ops.length < 2) {
    io.err("usage: scp [-346ABCOpqRrsTv] [-c cipher] [-D sftp_server_path] [-F ssh_config]\n           [-i identity_file] [-J destination] [-l limit] [-o ssh_option]\n           [-P port] [-S program] [-X sftp_option] source ... target\n");
    return 1;
  }
  const cluster = state.clusters.get(state.currentContext);
  const side = (spec: string): { fs: VirtualFs; path: string; label: string } | string => {
    const m = /^(?:[^@/:]*@)?([A-Za-z0-9.-]+):(.*)$/.exec(spec);
    if (!m) return { fs: state.fs, path: abs(state, spec), label: spec };
    const h = cluster ? hostFsOf(state, cluster, m[1]) : null;
    if (!h) return `ssh: Could not resolve hostname ${m[1]}: Name or service not known\r\nscp: Connection closed\n`;
    const p = m[2] === "" ? state.home : m[2].startsWith("/") ? m[2] : `${state.home}/${m[2]}`;
    return { fs: h.fs, path: p.replace(/\/+$/, "") || "/", label: m[2] };
  };
  const dst = side(ops[ops.length - 1]);
  if (typeof dst === "string") {
    io.err(dst);
    return 255;
  }
  let code = 0;
  for (const spec of ops.slice(0, -1)) {
    const src = side(spec);
    if (typeof src === "string") {
      io.err(src);
      return 255;
    }
    const name = src.path.slice(src.path.lastIndexOf("/") + 1);
    const target = dst.fs.isDir(dst.path) ? `${dst.path === "/" ? "" : dst.path}/${name}` : dst.path;
    if (src.fs.isDir(src.path)) {
      if (!recursive) {
        io.err(`scp: ${src.label}: not a regular file\n`);
        code = 1;
        continue;
      }
      for (const f of src.fs.walk(src.path)) {
        const to = target + f.slice(src.path.length);
        dst.fs.mkdirp(to.slice(0, to.lastIndexOf("/")) || "/");
        dst.fs.write(to, (src.fs.read(f) as { value: string }).value);
      }
      continue;
    }
    const r = src.fs.read(src.path);
    if (!r.ok) {
      io.err(`scp: ${src.label}: No such file or directory\n`);
      code = 1;
      continue;
    }
    const w = dst.fs.write(target, r.value);
    if (!w.ok) {
      io.err(`scp: ${target.slice(0, target.lastIndexOf("/")) === dst.path || !dst.fs.isDir(target.slice(0, target.lastIndexOf("/")) || "/") ? `dest open "${target}"` : target}: No such file or directory\n`);
      code = 1;
    }
  }
  return code;
}

/** journalctl -u kubelet: a few simulated journal lines reflecting whether the kubelet runs. */
const journalctl: Command = (argv, io, state) => {
  const ui = argv.indexOf("-u");
  const unit = (ui >= 0 ? argv[ui + 1] : argv.find((a) => a.startsWith("--unit="))?.slice(7)) ?? "";
  const cluster = state.clusters.get(state.currentContext);
  const t = new Date(cluster ? cluster.now() : 0);
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  const stamp = `${months[t.getUTCMonth()]} ${p(t.getUTCDate())} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())} ${state.hostname}`;
  if (unit.replace(/\.service$/, "") !== "kubelet") {
    io.out("-- No entries --\n");
    return 0;
  }
  const running = cluster?.kubeletRunning?.(state.hostname) ?? true;
  const stampOf = (ms: number) => {
    const d = new Date(ms);
    return `${months[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${state.hostname} kubelet[2417]: `;
  };
  const problems = running ? kubeletProblemLines(state, stampOf).map((l) => l + "\n").join("") : "";
  io.out(
    running
      ? `${stamp} systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.\n${stamp} kubelet[2417]: I0101 00:00:00.000000    2417 server.go:484] "Kubelet version" kubeletVersion="${cluster?.nodePackages?.(state.hostname)?.kubeletRunning ?? "v1.35.0"}"\n${stamp} kubelet[2417]: I0101 00:00:00.000000    2417 kubelet_node_status.go:75] "Successfully registered node" node="${state.hostname}"\n${problems}`
      : `${stamp} systemd[1]: Stopping kubelet.service - kubelet: The Kubernetes Node Agent...\n${stamp} systemd[1]: kubelet.service: Deactivated successfully.\n${stamp} systemd[1]: Stopped kubelet.service - kubelet: The Kubernetes Node Agent.\n`,
  );
  return 0;
};

/** systemctl for the kubelet (and the services a kubeadm node runs) on the current host. */
const systemctl: Command = (argv, io, state) => {
  const verb = argv[1];
  const unit = (argv[2] ?? "").replace(/\.service$/, "");
  const cluster = state.clusters.get(state.currentContext);
  const known = ["kubelet", "containerd"];
  if (!verb || verb === "--help") {
    io.out("systemctl [OPTIONS...] COMMAND ...\n");
    return 0;
  }
  if (verb === "daemon-reload") return 0;
  if (!known.includes(unit)) {
    io.err(`Unit ${argv[2] ?? ""}.service could not be found.\n`);
    return verb === "status" ? 4 : 5;
  }
  const running = unit === "kubelet" ? (cluster?.kubeletRunning?.(state.hostname) ?? true) : true;
  switch (verb) {
    case "status":
    case "is-active": {
      if (verb === "is-active") {
        io.out(running ? "active\n" : "inactive\n");
        return running ? 0 : 3;
      }
      const desc = unit === "kubelet" ? "kubelet: The Kubernetes Node Agent" : "containerd container runtime";
      io.out(`● ${unit}.service - ${desc}\n     Loaded: loaded (/usr/lib/systemd/system/${unit}.service; enabled; preset: enabled)\n     Active: ${running ? "active (running)" : "inactive (dead)"}\n`);
      return running ? 0 : 3;
    }
    case "start":
    case "restart":
      // a (re)started kubelet runs the installed package's binary (lib/sim node-versions.ts)
      if (unit === "kubelet" && cluster?.restartKubelet && (verb === "restart" || !running)) cluster.restartKubelet(state.hostname);
      else if (unit === "kubelet") cluster?.setKubeletRunning?.(state.hostname, true);
      // a (re)started kubelet reads its config file again: a changed staticPodPath moves its static Pods
      if (unit === "kubelet" && (verb === "restart" || !running) && cluster && state.hostKey === hostKeyOf(state, cluster, state.hostname)) {
        const h = state.hosts.get(state.hostKey);
        if (h && !h.unjoined) h.staticPodPath = staticPodPathOf(h.fs);
      }
      cluster?.settle();
      return 0;
    case "stop":
      if (unit === "kubelet") cluster?.setKubeletRunning?.(state.hostname, false);
      return 0;
    case "enable":
    case "disable":
      return 0;
    default:
      io.err(`Unknown command verb '${verb}'.\n`);
      return 1;
  }
};

const exportCmd: Command = (argv, io, state) => {
  if (argv.length === 1 || argv[1] === "-p") {
    const keys = [...state.env.keys()].filter((k) => !k.startsWith("__")).sort();
    io.out(keys.map((k) => `declare -x ${k}="${state.env.get(k)}"`).join("\n") + "\n");
    return 0;
  }
  for (const a of argv.slice(1)) {
    const eq = a.indexOf("=");
    if (eq < 0) {
      if (!state.env.has(a)) state.env.set(a, "");
      continue;
    }
    const k = a.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) {
      io.err(`bash: export: \`${a}': not a valid identifier\n`);
      return 1;
    }
    state.env.set(k, a.slice(eq + 1));
  }
  return 0;
};

const unset: Command = (argv, _io, state) => {
  for (const a of argv.slice(1)) if (!a.startsWith("-")) state.env.delete(a);
  return 0;
};

const envCmd: Command = (argv, io, state) => {
  if (argv.length > 1) {
    io.err("env: running commands through env is not supported; use VAR=value command\n");
    return 125;
  }
  const keys = [...state.env.keys()].filter((k) => !k.startsWith("__")).sort();
  io.out(keys.map((k) => `${k}=${state.env.get(k)}`).join("\n") + "\n");
  return 0;
};

const printenv: Command = (argv, io, state) => {
  if (argv.length === 1) return envCmd(argv, io, state);
  let code = 0;
  for (const k of argv.slice(1)) {
    const v = state.env.get(k);
    if (v === undefined) code = 1;
    else io.out(v + "\n");
  }
  return code;
};

const alias: Command = (argv, io, state) => {
  if (argv.length === 1) {
    io.out([...state.aliases.entries()].sort().map(([k, v]) => `alias ${k}='${v}'`).join("\n") + "\n");
    return 0;
  }
  let code = 0;
  for (const a of argv.slice(1)) {
    const eq = a.indexOf("=");
    if (eq < 0) {
      const v = state.aliases.get(a);
      if (v === undefined) {
        io.err(`bash: alias: ${a}: not found\n`);
        code = 1;
      } else io.out(`alias ${a}='${v}'\n`);
      continue;
    }
    state.aliases.set(a.slice(0, eq), a.slice(eq + 1));
  }
  return code;
};

const unalias: Command = (argv, io, state) => {
  for (const a of argv.slice(1)) {
    if (a === "-a") state.aliases.clear();
    else if (!state.aliases.delete(a)) {
      io.err(`bash: unalias: ${a}: not found\n`);
      return 1;
    }
  }
  return 0;
};

const sleep: Command = (argv, io, state) => {
  const arg = argv[1];
  if (arg === undefined) {
    io.err("sleep: missing operand\nTry 'sleep --help' for more information.\n");
    return 1;
  }
  const m = /^([0-9]*\.?[0-9]+)([smhd]?)$/.exec(arg);
  if (!m) {
    io.err(`sleep: invalid time interval '${arg}'\nTry 'sleep --help' for more information.\n`);
    return 1;
  }
  const mult = { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "" | "s" | "m" | "h" | "d"];
  const secs = Math.min(MAX_SLEEP_S, parseFloat(m[1]) * mult);
  const seen = new Set<ClusterApi>();
  for (const c of state.clusters.values()) {
    if (seen.has(c)) continue;
    seen.add(c);
    c.advance(Math.round(secs * 1000));
  }
  return 0;
};

const editorCmd: Command = (argv, io, state) => {
  const f = argv.slice(1).find((a) => !a.startsWith("-") && !a.startsWith("+"));
  if (!f) {
    io.err(`${argv[0]}: a file name is needed in this simulated shell (e.g. ${argv[0]} pod.yaml)\n`);
    return 1;
  }
  const p = abs(state, f);
  if (state.fs.isDir(p)) {
    io.err(`"${f}" is a directory\n`);
    return 1;
  }
  if (!state.fs.isDir(parentOf(p))) {
    io.err(`"${f}" E212: Can't open file for writing\n`);
    return 1;
  }
  const r = state.fs.read(p);
  state.editor = { kind: "file", path: p, content: r.ok ? r.value : "", editor: argv[0] };
  return 0;
};

const history: Command = (_argv, io, state) => {
  io.out(state.history.map((h, i) => `${String(i + 1).padStart(5)}  ${h.split("\n")[0]}`).join("\n") + "\n");
  return 0;
};

const which: Command = (argv, io, state) => {
  let code = 0;
  for (const a of argv.slice(1)) {
    if (SHELL_BUILTINS[a] || TEXT_COMMANDS[a] || CLUSTER_COMMANDS.has(a)) io.out(`/usr/bin/${a}\n`);
    else code = 1;
  }
  void state;
  return code;
};

const exit: Command = (argv, io, state) => {
  const code = Number(argv[1] ?? state.lastExit) || 0;
  if (exitSubshell(state, code)) return code;
  const host = state.hostname;
  if (leaveHost(state)) {
    io.out(`logout\nConnection to ${host} closed.\n`);
    return 0;
  }
  return Number(argv[1] ?? state.lastExit) || 0;
};

const date: Command = (argv, io, state) => {
  const c = state.clusters.get(state.currentContext);
  const t = new Date(c ? c.now() : 0);
  if (argv[1] === "+%s") io.out(Math.floor(t.getTime() / 1000) + "\n");
  else {
    const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const p = (n: number) => String(n).padStart(2, "0");
    io.out(`${days[t.getUTCDay()]} ${months[t.getUTCMonth()]} ${String(t.getUTCDate()).padStart(2, " ")} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())} UTC ${t.getUTCFullYear()}\n`);
  }
  return 0;
};

const SHELL_BUILTINS: Record<string, Command> = {
  export: exportCmd,
  unset,
  env: envCmd,
  printenv,
  alias,
  unalias,
  sleep,
  vi: editorCmd,
  vim: editorCmd,
  nano: editorCmd,
  history,
  which,
  exit,
  logout: exit,
  complete: () => 0,
  date,
  break: loopBuiltin,
  read: readBuiltin,
  continue: loopBuiltin,
  let: letBuiltin,
  return: returnBuiltin,
  local: localBuiltin,
  seq: (argv, io) => seq(argv, io),
};

