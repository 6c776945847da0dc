// kubectl: command dispatch, global flags and contexts.
import type { ClusterApi } from "../cluster-api";
import type { CmdIO, Command, ShellState } from "../shell/types";
import { GLOBAL_FLAGS, parseArgs, str, UsageError, type FlagSpec, type Parsed } from "./args";
import { cmdApply, cmdCreateFromFiles, cmdEdit, cmdPatch, cmdReplace, finishEdit } from "./apply";
import { CmdError, recordChangeCause, resources, type Ctx } from "./ctx";
import { helpText } from "./help";
import { GenError } from "./generators";
import { HELP_TEXTS } from "./help-texts";
import { cmdDiff, DIFF_FLAGS } from "./diff";
import { cmdKustomize, KUSTOMIZE_FLAGS } from "./kustomize-cmd";
import { cmdEvents, cmdWait, EVENTS_FLAGS, WAIT_FLAGS } from "./wait-events";
import { cmdGet, GET_FLAGS } from "./get";
import { cmdCreate, cmdExpose, cmdRun, CREATE_FLAGS, EXPOSE_FLAGS, RUN_FLAGS } from "./create";
import { cmdDescribe, DESCRIBE_FLAGS } from "./describe";
import {
  cmdAnnotate,
  cmdAutoscale,
  cmdCordon,
  cmdDelete,
  cmdDrain,
  cmdLabel,
  cmdRollout,
  cmdScale,
  cmdSet,
  cmdTaint,
  AUTOSCALE_FLAGS,
  DELETE_FLAGS,
  DRAIN_FLAGS,
  LABEL_FLAGS,
  ROLLOUT_FLAGS,
  SCALE_FLAGS,
  SET_FLAGS,
  TAINT_FLAGS,
} from "./mutate";
import { CERTIFICATE_FLAGS, cmdCertificate } from "./certificate";
import { certificateIdentity } from "./credentials";
import { cmdApiResources, cmdAuth, cmdClusterInfo, cmdConfig, cmdCp, CP_FLAGS, cmdExec, cmdExplain, cmdLogs, cmdTop, cmdVersion, cmdPortForward, cmdDebug, PORT_FORWARD_FLAGS, DEBUG_FLAGS, API_RESOURCES_FLAGS, AUTH_FLAGS, CONFIG_FLAGS, EXEC_FLAGS, EXPLAIN_FLAGS, LOGS_FLAGS, TOP_FLAGS, VERSION_FLAGS } from "./misc";

interface CommandDef {
  flags: FlagSpec[];
  run: (ctx: Ctx, p: Parsed) => number;
  /** stop flag parsing at the first positional (exec-style) */
  interspersed?: boolean;
  short: string;
}

const DRY_RUN: FlagSpec = { name: "dry-run", type: "string" };
const OUT: FlagSpec = { name: "output", short: "o", type: "string" };
const FILE: FlagSpec = { name: "filename", short: "f", type: "array" };
const REC: FlagSpec = { name: "recursive", short: "R", type: "bool" };

const COMMANDS: Record<string, CommandDef> = {
  create: { flags: CREATE_FLAGS, run: (c, p) => (p.args.length ? cmdCreate(c, p) : cmdCreateFromFiles(c, p)), short: "Create a resource from a file or from stdin" },
  expose: { flags: EXPOSE_FLAGS, run: cmdExpose, short: "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service" },
  run: { flags: RUN_FLAGS, run: cmdRun, short: "Run a particular image on the cluster" },
  set: { flags: SET_FLAGS, run: cmdSet, short: "Set specific features on objects" },
  explain: { flags: EXPLAIN_FLAGS, run: cmdExplain, short: "Get documentation for a resource" },
  get: { flags: GET_FLAGS, run: cmdGet, short: "Display one or many resources" },
  edit: { flags: [OUT, FILE, REC, { name: "save-config", type: "bool" }, { name: "validate", type: "string" }, { name: "windows-line-endings", type: "bool" }, { name: "field-manager", type: "string" }, { name: "subresource", type: "string" }], run: cmdEdit, short: "Edit a resource on the server" },
  delete: { flags: DELETE_FLAGS, run: cmdDelete, short: "Delete resources by file names, stdin, resources and names, or by resources and label selector" },
  rollout: { flags: ROLLOUT_FLAGS, run: cmdRollout, short: "Manage the rollout of a resource" },
  scale: { flags: SCALE_FLAGS, run: cmdScale, short: "Set a new size for a deployment, replica set, or replication controller" },
  autoscale: { flags: AUTOSCALE_FLAGS, run: cmdAutoscale, short: "Auto-scale a deployment, replica set, stateful set, or replication controller" },
  "cluster-info": { flags: [], run: cmdClusterInfo, short: "Display cluster information" },
  top: { flags: TOP_FLAGS, run: cmdTop, short: "Display resource (CPU/memory) usage" },
  cordon: { flags: [{ name: "selector", short: "l", type: "string" }, DRY_RUN], run: (c, p) => cmdCordon(c, p, true), short: "Mark node as unschedulable" },
  uncordon: { flags: [{ name: "selector", short: "l", type: "string" }, DRY_RUN], run: (c, p) => cmdCordon(c, p, false), short: "Mark node as schedulable" },
  drain: { flags: DRAIN_FLAGS, run: cmdDrain, short: "Drain node in preparation for maintenance" },
  taint: { flags: TAINT_FLAGS, run: cmdTaint, short: "Update the taints on one or more nodes" },
  describe: { flags: DESCRIBE_FLAGS, run: cmdDescribe, short: "Show details of a specific resource or group of resources" },
  logs: { flags: LOGS_FLAGS, run: cmdLogs, short: "Print the logs for a container in a pod" },
  "port-forward": { flags: PORT_FORWARD_FLAGS, run: cmdPortForward, short: "Forward one or more local ports to a pod" },
  debug: { flags: DEBUG_FLAGS, run: cmdDebug, short: "Create debugging sessions for troubleshooting workloads and nodes" },
  exec: { flags: EXEC_FLAGS, run: cmdExec, short: "Execute a command in a container" },
  cp: { flags: CP_FLAGS, run: cmdCp, short: "Copy files and directories to and from containers" },
  certificate: { flags: CERTIFICATE_FLAGS, run: cmdCertificate, short: "Modify certificate resources" },
  auth: { flags: AUTH_FLAGS, run: cmdAuth, short: "Inspect authorization" },
  events: { flags: EVENTS_FLAGS, run: cmdEvents, short: "List events" },
  wait: { flags: WAIT_FLAGS, run: cmdWait, short: "Experimental: Wait for a specific condition on one or many resources" },
  apply: {
    flags: [FILE, REC, OUT, DRY_RUN, { name: "kustomize", short: "k", type: "array" }, { name: "force", type: "bool" }, { name: "prune", type: "bool" }, { name: "selector", short: "l", type: "string" }, { name: "server-side", type: "bool" }, { name: "field-manager", type: "string" }, { name: "validate", type: "string" }, { name: "overwrite", type: "bool" }, { name: "wait", type: "bool" }, { name: "grace-period", type: "int" }, { name: "timeout", type: "string" }, { name: "all", type: "bool" }, { name: "force-conflicts", type: "bool" }, { name: "show-managed-fields", type: "bool" }, { name: "template", type: "string" }, { name: "record", type: "bool" }, { name: "save-config", type: "bool" }],
    run: cmdApply,
    short: "Apply a configuration to a resource by file name or stdin",
  },
  kustomize: { flags: KUSTOMIZE_FLAGS, run: cmdKustomize, short: "Build a kustomization target from a directory or URL" },
  diff: { flags: DIFF_FLAGS, run: cmdDiff, short: "Diff the live version against a would-be applied version" },
  patch: { flags: [{ name: "patch", short: "p", type: "string" }, { name: "patch-file", type: "string" }, { name: "type", type: "string" }, FILE, REC, OUT, DRY_RUN, { name: "local", type: "bool" }, { name: "field-manager", type: "string" }, { name: "subresource", type: "string" }, { name: "record", type: "bool" }], run: cmdPatch, short: "Update fields of a resource" },
  replace: { flags: [FILE, REC, OUT, DRY_RUN, { name: "force", type: "bool" }, { name: "grace-period", type: "int" }, { name: "cascade", type: "string" }, { name: "wait", type: "bool" }, { name: "timeout", type: "string" }, { name: "validate", type: "string" }, { name: "save-config", type: "bool" }, { name: "field-manager", type: "string" }, { name: "subresource", type: "string" }], run: cmdReplace, short: "Replace a resource by file name or stdin" },
  label: { flags: LABEL_FLAGS, run: (c, p) => cmdLabel(c, p), short: "Update the labels on a resource" },
  annotate: { flags: LABEL_FLAGS, run: (c, p) => cmdAnnotate(c, p), short: "Update the annotations on a resource" },
  "api-resources": { flags: API_RESOURCES_FLAGS, run: cmdApiResources, short: "Print the supported API resources on the server" },
  "api-versions": { flags: [], run: (c) => { const seen = new Set<string>(); for (const r of c.resources) seen.add(r.group ? `${r.group}/${r.version}` : r.version); c.io.out([...seen].sort().join("\n") + "\n"); return 0; }, short: "Print the supported API versions on the server, in the form of \"group/version\"" },
  config: { flags: CONFIG_FLAGS, run: cmdConfig, short: "Modify kubeconfig files" },
  version: { flags: VERSION_FLAGS, run: cmdVersion, short: "Print the client and server version information" },
  completion: {
    flags: [],
    run: (c, p) => {
      const sh = p.args[0];
      if (!sh || !["bash", "zsh", "fish", "powershell"].includes(sh)) {
        c.io.err(`error: ${sh ? `Unsupported shell type "${sh}".` : "Shell not specified."}\nSee 'kubectl completion -h' for help and examples\n`);
        return 1;
      }
      c.io.out(`# ${sh} completion for kubectl (simulated: the terminal completes kubectl commands itself)\n`);
      return 0;
    },
    short: "Output shell completion code for the specified shell (bash, zsh, fish, or powershell)",
  },
};

const COMMAND_GROUPS: [string, string[]][] = [
  ["Basic Commands (Beginner)", ["create", "expose", "run", "set"]],
  ["Basic Commands (Intermediate)", ["explain", "get", "edit", "delete"]],
  ["Deploy Commands", ["rollout", "scale", "autoscale"]],
  ["Cluster Management Commands", ["cluster-info", "top", "cordon", "uncordon", "drain", "taint"]],
  ["Troubleshooting and Debugging Commands", ["describe", "logs", "exec", "cp", "auth", "events"]],
  ["Advanced Commands", ["diff", "apply", "patch", "replace", "wait", "kustomize"]],
  ["Settings Commands", ["label", "annotate"]],
  ["Other Commands", ["api-resources", "api-versions", "config", "completion", "version"]],
];

/**
 * Commands with cli-runtime's RecordFlags (the deprecated --record), by cobra command path: kubectl's
 * pkg/cmd {apply, annotate, autoscale, create (-f only, not its generators), edit, expose, label, patch,
 * replace, run, scale, set image|resources|selector|serviceaccount}. Elsewhere --record is an unknown flag.
 */
const RECORD_PATHS = new Set(["apply", "annotate", "autoscale", "create", "edit", "expose", "label", "patch", "replace", "run", "scale", "set image", "set resources", "set selector", "set serviceaccount"].map((c) => `kubectl ${c}`));

/**
 * The `kubernetes.io/change-cause` of --record: genericclioptions parseCommandArguments, i.e. the
 * program's base name, the positional arguments (command words included, and those after `--`),
 * then every flag in command-line order as ` --name=value` (a bare bool flag is `=true`).
 */
function changeCauseOf(name: string, p: Parsed): string {
  const args = [name, ...p.args, ...(p.dash ?? [])];
  return "kubectl " + args.join(" ") + (p.seen ?? []).map((f) => ` --${f.name}=${f.raw}`).join("");
}

const UNSUPPORTED = new Set(["attach", "proxy", "plugin", "alpha"]);

function rootHelp(): string {
  const lines = ["kubectl controls the Kubernetes cluster manager.", "", " Find more information at: https://kubernetes.io/docs/reference/kubectl/", ""];
  for (const [title, cmds] of COMMAND_GROUPS) {
    lines.push(`${title}:`);
    const w = Math.max(...cmds.map((c) => c.length)) + 3;
    for (const c of cmds) lines.push(`  ${c.padEnd(w)}${COMMANDS[c].short}`);
    lines.push("");
  }
  lines.push("Usage:", "  kubectl [flags] [options]", "", "Use \"kubectl <command> --help\" for more information about a given command.", "Use \"kubectl options\" for a list of global command-line options (applies to all commands).");
  return lines.join("\n") + "\n";
}

function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0][j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) dp[i][j] = Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return dp[a.length][b.length];
}

/** The groups the API server's authenticator gives a user (mirrors lib/sim's authenticate). */
function userGroups(user: string, extra: string[]): string[] {
  const g = new Set(extra);
  if (user === "kubernetes-admin" || user === "admin") g.add("kubeadm:cluster-admins");
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(user);
  if (sa) ["system:serviceaccounts", `system:serviceaccounts:${sa[1]}`].forEach((x) => g.add(x));
  g.add("system:authenticated");
  return [...g];
}

/** Build the request context for the current (or --context) kubeconfig context. */
export function makeCtx(state: ShellState, io: CmdIO, p: Parsed | null, cmd: string): Ctx {
  // `kubectl config …` edits and reads the kubeconfig without a client for --context (config view --minify
  // answers a missing one itself, view.go), so only other commands refuse a context that is not there
  const named = (p && str(p, "context")) || state.currentContext;
  const ctxName = cmd === "config" && !state.contexts.some((c) => c.name === named) ? state.currentContext : named;
  const kc = state.contexts.find((c) => c.name === ctxName);
  if (!kc) throw new CmdError(`context was not found for specified context: ${ctxName}`);
  // a context made with `config set-context NAME --cluster=C` talks to the cluster C of the session's contexts
  const cluster = (state.clusters.get(kc.name) ?? state.clusters.get(state.contexts.find((c) => c.cluster === kc.cluster && state.clusters.has(c.name))?.name ?? "")) as ClusterApi;
  if (!cluster) throw new CmdError("The connection to the server localhost:8080 was refused - did you specify the right host or port?");
  const nsFlag = p ? str(p, "namespace") : "";
  const as = p ? str(p, "as") : "";
  // a kubeconfig user with a client certificate is the certificate's CN/O (kubectl/credentials.ts)
  const cert = as || cmd === "config" ? null : certificateIdentity(state, kc, cluster.now());
  if (cert && "error" in cert) throw new CmdError(cert.error);
  const user = as || (cert ? cert.user : kc.user);
  const groups = cert ? cert.groups : userGroups(user, as ? ((p?.flags["as-group"] as string[] | undefined) ?? []) : []);
  return {
    state,
    io,
    cluster,
    resources: resources(cluster),
    context: kc,
    namespace: nsFlag || kc.namespace || "default",
    nsSet: !!nsFlag,
    user,
    groups,
    now: cluster.now(),
    cmd,
  };
}

/** kubectl entry point for the shell. */
export const kubectl: Command = (argv, io, state) => {
  try {
    return kubectlInner(argv, io, state);
  } catch (e) {
    // flag and command errors come from cobra ("Error: ..."), the rest from kubectl ("error: ...")
    if (e instanceof UsageError) {
      io.err(`Error: ${e.message}\n`);
      return 1;
    }
    if (e instanceof CmdError) {
      io.err(`error: ${e.message}\n`);
      return e.code;
    }
    if (e instanceof GenError) {
      io.err(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
};

function kubectlInner(argv: string[], io: CmdIO, state: ShellState): number {
  // find the command word, skipping global flags before it
  let i = 1;
  const pre: string[] = [];
  const globalsWithValue = new Set(GLOBAL_FLAGS.filter((g) => g.type !== "bool").flatMap((g) => [`--${g.name}`, ...(g.short ? [`-${g.short}`] : [])]));
  while (i < argv.length && argv[i].startsWith("-")) {
    const a = argv[i];
    pre.push(a);
    if (globalsWithValue.has(a) && i + 1 < argv.length) pre.push(argv[++i]);
    i++;
  }
  const name = argv[i];
  if (!name) {
    if (pre.length && !pre.includes("--help") && !pre.includes("-h")) parseArgs(pre, [], "kubectl");
    io.out(HELP_TEXTS[""] ?? rootHelp());
    return 0;
  }
  if (name === "help") {
    io.out(HELP_TEXTS[""] ?? rootHelp());
    return 0;
  }
  if (name === "options") {
    io.out(HELP_TEXTS.options ?? "");
    return 0;
  }
  const def = COMMANDS[name];
  if (!def) {
    if (UNSUPPORTED.has(name)) {
      io.err(`error: "kubectl ${name}" is not available in this simulated cluster\n`);
      return 1;
    }
    // cobra suggests in command registration order (kubectl's help groups)
    const order = COMMAND_GROUPS.flatMap(([, cmds]) => cmds);
    const sugg = order.filter((c) => levenshtein(c, name) <= 2 || c.startsWith(name));
    io.err(`Error: unknown command "${name}" for "kubectl"` + (sugg.length ? `\n\nDid you mean this?\n${sugg.map((s) => `\t${s}\n`).join("")}\n` : "\n"));
    return 1;
  }
  const rest = [...pre, ...argv.slice(i + 1)];
  const path = commandPath(name, argv.slice(i + 1));
  const records = RECORD_PATHS.has(path);
  const withRecord = records && !def.flags.some((f) => f.name === "record") ? [...def.flags, { name: "record", type: "bool" as const }] : def.flags;
  const p = parseArgs(rest, withRecord, path, def.interspersed ?? true);
  // set env and the other set subcommands share SET_FLAGS, but only RECORD_PATHS have --record
  if (p.set.has("record") && !records) throw new UsageError(`unknown flag: --record\nSee '${path} --help' for usage.`);
  if (p.set.has("record")) io.err("Flag --record has been deprecated, --record will be removed in the future\n");
  if (p.flags.help) {
    const path = commandPath(name, argv.slice(i + 1)).slice("kubectl ".length);
    io.out(HELP_TEXTS[path] ?? helpText(path, def.short, def.flags));
    return 0;
  }
  const ctx = makeCtx(state, io, p, name);
  if (records && p.flags.record === true) recordChangeCause(ctx, changeCauseOf(name, p));
  return def.run(ctx, p);
}

/** The cobra command path used in usage errors, e.g. "kubectl create deployment". */
function commandPath(name: string, rest: string[]): string {
  const words = rest.filter((a) => !a.startsWith("-"));
  const groups: Record<string, string[]> = {
    create: ["deployment", "service", "secret", "configmap", "namespace", "job", "cronjob", "role", "rolebinding", "clusterrole", "clusterrolebinding", "serviceaccount", "ingress", "token", "quota", "priorityclass", "poddisruptionbudget"],
    set: ["image", "env", "resources", "serviceaccount", "selector", "subject"],
    rollout: ["history", "pause", "restart", "resume", "status", "undo"],
    config: ["current-context", "get-contexts", "use-context", "set-context", "set-credentials", "view", "get-clusters", "get-users"],
    top: ["node", "pod"],
    auth: ["can-i", "whoami"],
  };
  const alias: Record<string, string> = { deploy: "deployment", cm: "configmap", ns: "namespace", sa: "serviceaccount", svc: "service", nodes: "node", pods: "pod" };
  const sub = alias[words[0]] ?? words[0];
  if (!groups[name]?.includes(sub)) return `kubectl ${name}`;
  if (name === "create" && (sub === "secret" || sub === "service") && words[1] && !words[1].includes("/")) return `kubectl create ${sub} ${words[1]}`;
  return `kubectl ${name} ${sub}`;
}

/** Finish a pending kubectl edit (called by the shell when the UI editor saves or quits). */
export function finishKubectlEdit(content: string | null, io: CmdIO, state: ShellState): number {
  try {
    return finishEdit(content, io, state, () => makeCtx(state, io, null, "edit"));
  } catch (e) {
    if (e instanceof CmdError || e instanceof UsageError) {
      io.err(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
