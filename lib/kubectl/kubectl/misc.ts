// kubectl logs, exec, top, explain, auth can-i, config, api-resources, version, cluster-info.
import type { Json } from "../cluster-api";
import { SUBCOMMAND_HELP } from "./subhelp";
import { CREDENTIAL_FLAGS, setCredentials } from "./credentials";
import { resolveResource } from "../resources";
import { bool, int, list, str, type FlagSpec, type Parsed } from "./args";
import { fail, parseTypeNames, printStatus, reqOpts, resolveType, type Ctx } from "./ctx";
import { explain } from "./explain";
import { configView } from "./kubeconfig";
import { selectorMatches } from "./selector";
import { tabwrite } from "./table";
import { toYaml } from "./yaml";
import { abs } from "../shell/builtins";
import { bytes, milli } from "./describe";
import { goParseDuration, goParseRFC3339, roundToSeconds } from "./go-time";

export const LOGS_FLAGS: FlagSpec[] = [
  { name: "container", short: "c", type: "string" },
  { name: "previous", short: "p", type: "bool" },
  { name: "follow", short: "f", type: "bool" },
  { name: "tail", type: "int" },
  { name: "since", type: "string" },
  { name: "since-time", type: "string" },
  { name: "timestamps", type: "bool" },
  { name: "all-containers", type: "bool" },
  { name: "selector", short: "l", type: "string" },
  { name: "prefix", type: "bool" },
  { name: "limit-bytes", type: "int" },
  { name: "max-log-requests", type: "int" },
  { name: "ignore-errors", type: "bool" },
  { name: "pod-running-timeout", type: "string" },
  { name: "insecure-skip-tls-verify-backend", type: "bool" },
  { name: "all-pods", type: "bool" },
];

/** Resolve POD | TYPE/NAME to a pod object (for deployments etc. the first matching pod). */
function podFor(ctx: Ctx, arg: string): Json | number {
  const podRes = resolveResource(ctx.resources, "pods")!;
  if (!arg.includes("/")) {
    const r = ctx.cluster.get(podRes, ctx.namespace, arg, reqOpts(ctx));
    if (!r.ok) return printStatus(ctx, r.status);
    return r.value;
  }
  const [t] = parseTypeNames(ctx, [arg]);
  if (t.res.name === "pods") {
    const r = ctx.cluster.get(podRes, ctx.namespace, t.name!, reqOpts(ctx));
    if (!r.ok) return printStatus(ctx, r.status);
    return r.value;
  }
  const o = ctx.cluster.get(t.res, ctx.namespace, t.name!, reqOpts(ctx));
  if (!o.ok) return printStatus(ctx, o.status);
  const sel = t.res.name === "services" ? { matchLabels: o.value.spec?.selector ?? {} } : o.value.spec?.selector;
  const pods = ctx.cluster.list(podRes, ctx.namespace, reqOpts(ctx));
  if (!pods.ok) return printStatus(ctx, pods.status);
  const hit = pods.value.filter((p) => selectorMatches(sel, p.metadata?.labels) && !p.metadata?.deletionTimestamp).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  if (!hit.length) return fail(ctx, `timed out waiting for the condition`);
  return hit[0];
}

/** kubectl logs */
export function cmdLogs(ctx: Ctx, p: Parsed): number {
  // --since is a pflag DurationVar: a bad value fails while the flags are parsed
  let sinceMs = 0;
  if (p.set.has("since")) {
    const d = goParseDuration(str(p, "since"));
    if ("error" in d) {
      ctx.io.err(`error: invalid argument "${str(p, "since")}" for "--since" flag: ${d.error}\nSee 'kubectl logs --help' for usage.\n`);
      return 1;
    }
    sinceMs = d.ms;
  }
  if (!p.args.length && !str(p, "selector")) {
    ctx.io.err("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n");
    return 1;
  }
  // ToLogOptions (kubectl pkg/cmd/logs/logs.go): --since-time through util.ParseRFC3339, --since rounded to
  // whole seconds, a selector without --tail asks for the last 10 lines of each container
  let sinceTime: number | undefined;
  if (str(p, "since-time")) {
    const t = goParseRFC3339(str(p, "since-time"));
    if ("error" in t) return fail(ctx, t.error);
    sinceTime = Math.floor(t.ms / 1000) * 1000; // metav1.Time travels as RFC3339: whole seconds
  }
  const sinceSeconds = sinceMs !== 0 ? roundToSeconds(sinceMs) : undefined;
  const tail = int(p, "tail", -1);
  const tailLines = str(p, "selector") && tail === -1 && !p.set.has("tail") ? 10 : tail !== -1 ? tail : undefined;
  let pods: Json[] = [];
  if (str(p, "selector")) {
    const podRes = resolveResource(ctx.resources, "pods")!;
    const r = ctx.cluster.list(podRes, ctx.namespace, reqOpts(ctx));
    if (!r.ok) return printStatus(ctx, r.status);
    const { parseLabelSelector, matchLabels } = selectorFns;
    const s = parseLabelSelector(str(p, "selector"));
    if (!s.ok) return fail(ctx, s.error);
    pods = r.value.filter((x) => matchLabels(s.reqs, x.metadata?.labels)).slice(0, 5);
    if (!pods.length) {
      ctx.io.err(`No resources found in ${ctx.namespace} namespace.\n`);
      return 0;
    }
  } else {
    const pod = podFor(ctx, p.args[0]);
    if (typeof pod === "number") return pod;
    pods = [pod];
  }
  // LogsOptions.Validate
  if (str(p, "since-time") && sinceMs !== 0) return fail(ctx, "at most one of `sinceTime` or `sinceSeconds` may be specified");
  const limitBytes = int(p, "limit-bytes", 0);
  if (limitBytes < 0) return fail(ctx, "--limit-bytes must be greater than 0");
  if (sinceSeconds !== undefined && sinceSeconds < 0) return fail(ctx, "--since must be greater than 0");
  if (tailLines !== undefined && tailLines < -1) return fail(ctx, "--tail must be greater than or equal to -1");
  let container = str(p, "container") || (p.args[1] ?? "");
  let code = 0;
  for (const pod of pods) {
    const names: string[] = (pod.spec?.containers ?? []).map((c: Json) => c.name);
    const initNames: string[] = (pod.spec?.initContainers ?? []).map((c: Json) => c.name);
    const targets: string[] = bool(p, "all-containers") ? [...initNames, ...names] : [];
    if (!targets.length) {
      if (!container) {
        container = pod.metadata?.annotations?.["kubectl.kubernetes.io/default-container"] ?? names[0];
        if (names.length > 1) ctx.io.err(`Defaulted container "${container}" out of: ${[...names, ...initNames.map((n) => n + " (init)")].join(", ")}\n`);
      } else if (!names.includes(container) && !initNames.includes(container)) {
        ctx.io.err(`error: container ${container} is not valid for pod ${pod.metadata.name}\n`);
        return 1;
      }
      targets.push(container);
    }
    for (const c of targets) {
      if (!ctx.cluster.logs) return fail(ctx, "logs are not available from this cluster");
      const r = ctx.cluster.logs(pod.metadata.namespace ?? ctx.namespace, pod.metadata.name, { container: c, previous: bool(p, "previous"), tailLines, sinceSeconds, sinceTime, timestamps: bool(p, "timestamps"), ...(limitBytes ? { limitBytes } : {}) });
      if (!r.ok) {
        code = printStatus(ctx, r.status);
        continue;
      }
      const text = r.value;
      const prefix = bool(p, "prefix") ? `[pod/${pod.metadata.name}/${c}] ` : "";
      ctx.io.out(prefix ? text.split("\n").filter((l, i, a) => i < a.length - 1 || l).map((l) => prefix + l + "\n").join("") : text);
    }
    container = str(p, "container");
  }
  return code;
}

import { matchLabels, parseLabelSelector } from "./selector";
const selectorFns = { matchLabels, parseLabelSelector };

export const EXEC_FLAGS: FlagSpec[] = [
  { name: "container", short: "c", type: "string" },
  { name: "stdin", short: "i", type: "bool" },
  { name: "tty", short: "t", type: "bool" },
  { name: "quiet", short: "q", type: "bool" },
  { name: "filename", short: "f", type: "array" },
  { name: "pod-running-timeout", type: "string" },
];

/** kubectl exec */
export function cmdExec(ctx: Ctx, p: Parsed): number {
  if (!p.args.length) {
    ctx.io.err("error: pod, type/name or --filename must be specified\n");
    return 1;
  }
  if (!p.dash || !p.dash.length) {
    if (p.args.length > 1) {
      ctx.io.err("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n");
      return 1;
    }
    ctx.io.err("error: you must specify at least one command for the container\n");
    return 1;
  }
  const pod = podFor(ctx, p.args[0]);
  if (typeof pod === "number") return pod;
  const names: string[] = (pod.spec?.containers ?? []).map((c: Json) => c.name);
  let container = str(p, "container");
  if (!container) {
    container = pod.metadata?.annotations?.["kubectl.kubernetes.io/default-container"] ?? names[0];
    if (names.length > 1 && !bool(p, "quiet")) ctx.io.err(`Defaulted container "${container}" out of: ${names.join(", ")}\n`);
  } else if (!names.includes(container)) {
    ctx.io.err(`error: unable to upgrade connection: container ${container} not found in pod ${pod.metadata.name}\n`);
    return 1;
  }
  if (pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") return fail(ctx, `cannot exec into a container in a completed pod; current phase is ${pod.status.phase}`);
  if (pod.status?.phase !== "Running") {
    ctx.io.err(`error: unable to upgrade connection: container not found ("${container}")\n`);
    return 1;
  }
  if (!ctx.cluster.exec) return fail(ctx, "exec is not available on this cluster");
  if (bool(p, "stdin") && p.dash.length === 1 && /^(\/bin\/)?(ba|a)?sh$/.test(p.dash[0])) {
    // an interactive shell: later lines run in the container until `exit`
    ctx.state.attached = { context: ctx.context.name, namespace: pod.metadata.namespace ?? ctx.namespace, pod: pod.metadata.name, container };
    return 0;
  }
  const r = ctx.cluster.exec(pod.metadata.namespace ?? ctx.namespace, pod.metadata.name, container, p.dash);
  // the exec stream's error (e.g. runc's "executable file not found in $PATH") prints as "error: ..."
  if (!r.ok && r.status.reason === "InternalError") return fail(ctx, r.status.message);
  if (!r.ok) return printStatus(ctx, r.status);
  ctx.io.out(r.value.stdout);
  ctx.io.err(r.value.stderr);
  if (r.value.exitCode !== 0) ctx.io.err(`command terminated with exit code ${r.value.exitCode}\n`);
  return r.value.exitCode;
}

export const TOP_FLAGS: FlagSpec[] = [
  { name: "all-namespaces", short: "A", type: "bool" },
  { name: "selector", short: "l", type: "string" },
  { name: "sort-by", type: "string" },
  { name: "containers", type: "bool" },
  { name: "no-headers", type: "bool" },
  { name: "use-protocol-buffers", type: "bool" },
  { name: "show-capacity", type: "bool" },
  { name: "sum", type: "bool" },
  { name: "field-selector", type: "string" },
];

function fmtCpu(m: number): string {
  return `${Math.round(m)}m`;
}
function fmtMem(b: number): string {
  return `${Math.round(b / 1024 / 1024)}Mi`;
}

/** kubectl top nodes|pods */
export function cmdTop(ctx: Ctx, p: Parsed): number {
  const sub = p.args[0];
  if (sub === "node" || sub === "nodes" || sub === "no") {
    const samples = ctx.cluster.topNodes?.() ?? null;
    if (!samples) return fail(ctx, "Metrics API not available");
    const nodeRes = resolveResource(ctx.resources, "nodes")!;
    const nodes = ctx.cluster.list(nodeRes, undefined, reqOpts(ctx));
    const alloc = new Map<string, Json>();
    if (nodes.ok) for (const n of nodes.value) alloc.set(n.metadata.name, n.status?.allocatable ?? {});
    let rows = samples.filter((s) => !p.args[1] || s.name === p.args[1]);
    if (p.args[1] && !rows.length) return fail(ctx, `metrics not available yet`);
    const sortBy = str(p, "sort-by");
    if (sortBy === "cpu") rows = [...rows].sort((a, b) => b.cpuMilli - a.cpuMilli);
    if (sortBy === "memory") rows = [...rows].sort((a, b) => b.memoryBytes - a.memoryBytes);
    const table = [["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]];
    for (const s of rows) {
      const a = alloc.get(s.name) ?? {};
      const cpuA = milli(a.cpu ?? "0");
      const memA = bytes(a.memory ?? "0");
      table.push([s.name, fmtCpu(s.cpuMilli), cpuA ? `${Math.trunc((s.cpuMilli * 100) / cpuA)}%` : "<unknown>", fmtMem(s.memoryBytes), memA ? `${Math.trunc((s.memoryBytes * 100) / memA)}%` : "<unknown>"]);
    }
    if (bool(p, "no-headers")) table.shift();
    ctx.io.out(tabwrite(table));
    return 0;
  }
  if (sub === "pod" || sub === "pods" || sub === "po") {
    const allNs = bool(p, "all-namespaces");
    const samples = ctx.cluster.topPods?.(allNs ? undefined : ctx.namespace) ?? null;
    if (!samples) return fail(ctx, "Metrics API not available");
    let rows = samples.filter((s) => !p.args[1] || s.name === p.args[1]);
    if (str(p, "selector")) {
      const s = parseLabelSelector(str(p, "selector"));
      if (!s.ok) return fail(ctx, s.error);
      const podRes = resolveResource(ctx.resources, "pods")!;
      const pods = ctx.cluster.list(podRes, allNs ? undefined : ctx.namespace, reqOpts(ctx));
      const keep = new Set(pods.ok ? pods.value.filter((x) => matchLabels(s.reqs, x.metadata?.labels)).map((x) => `${x.metadata.namespace}/${x.metadata.name}`) : []);
      rows = rows.filter((r) => keep.has(`${r.namespace}/${r.name}`));
    }
    if (p.args[1] && !rows.length) return fail(ctx, `metrics not available yet`);
    if (!rows.length) {
      ctx.io.err(allNs ? "No resources found\n" : `No resources found in ${ctx.namespace} namespace.\n`);
      return 0;
    }
    const sortBy = str(p, "sort-by");
    if (sortBy === "cpu") rows = [...rows].sort((a, b) => b.cpuMilli - a.cpuMilli);
    else if (sortBy === "memory") rows = [...rows].sort((a, b) => b.memoryBytes - a.memoryBytes);
    const table: string[][] = [];
    if (bool(p, "containers")) {
      table.push([...(allNs ? ["NAMESPACE"] : []), "POD", "NAME", "CPU(cores)", "MEMORY(bytes)"]);
      for (const s of rows) for (const c of s.containers ?? []) table.push([...(allNs ? [s.namespace ?? ""] : []), s.name, c.name, fmtCpu(c.cpuMilli), fmtMem(c.memoryBytes)]);
    } else {
      table.push([...(allNs ? ["NAMESPACE"] : []), "NAME", "CPU(cores)", "MEMORY(bytes)"]);
      for (const s of rows) table.push([...(allNs ? [s.namespace ?? ""] : []), s.name, fmtCpu(s.cpuMilli), fmtMem(s.memoryBytes)]);
    }
    if (bool(p, "no-headers")) table.shift();
    ctx.io.out(tabwrite(table));
    if (bool(p, "sum")) {
      const cpu = rows.reduce((n, r) => n + r.cpuMilli, 0);
      const mem = rows.reduce((n, r) => n + r.memoryBytes, 0);
      ctx.io.out(tabwrite([["", "________", "________"], ["", fmtCpu(cpu), fmtMem(mem)]]));
    }
    return 0;
  }
  ctx.io.err(SUBCOMMAND_HELP["top"]);
  return 1;
}

export const EXPLAIN_FLAGS: FlagSpec[] = [
  { name: "recursive", type: "bool" },
  { name: "api-version", type: "string" },
  { name: "output", short: "o", type: "string" },
];

/** kubectl explain */
export function cmdExplain(ctx: Ctx, p: Parsed): number {
  if (!p.args.length) {
    ctx.io.err(`error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n`);
    return 1;
  }
  const [typ, ...path] = p.args[0].split(".");
  const res = resolveType(ctx, typ);
  const r = explain(res, path, bool(p, "recursive"));
  if (!r.ok) return fail(ctx, r.error);
  ctx.io.out(r.text);
  return 0;
}

export const AUTH_FLAGS: FlagSpec[] = [
  { name: "all-namespaces", short: "A", type: "bool" },
  { name: "list", type: "bool" },
  { name: "quiet", short: "q", type: "bool" },
  { name: "subresource", type: "string" },
  { name: "no-headers", type: "bool" },
];

/** Rules that apply to the user in the namespace (kubectl auth can-i --list), sorted like kubectl. */
function listRules(ctx: Ctx): string[][] {
  const admin = ctx.groups.includes("system:masters") || ctx.groups.includes("kubeadm:cluster-admins") || ctx.user === "kubernetes-admin";
  const rows: string[][] = [];
  const add = (resources: string[], urls: string[], names: string[], verbs: string[]) => rows.push([resources.join(","), `[${urls.join(" ")}]`, `[${names.join(" ")}]`, `[${verbs.join(" ")}]`]);
  if (admin) {
    add(["*.*"], [], [], ["*"]);
    add([], ["*"], [], ["*"]);
  } else {
    const get = (n: string) => {
      const r = resolveResource(ctx.resources, n);
      if (!r) return [];
      const l = ctx.cluster.list(r, undefined, { user: "kubernetes-admin", groups: ["system:masters"] });
      return l.ok ? l.value : [];
    };
    const matches = (s: Json, ns: string | undefined) =>
      (s.kind === "User" && s.name === ctx.user) ||
      (s.kind === "Group" && (ctx.groups.includes(s.name) || s.name === "system:authenticated")) ||
      (s.kind === "ServiceAccount" && ctx.user === `system:serviceaccount:${s.namespace ?? ns}:${s.name}`);
    const roles = get("roles");
    const croles = get("clusterroles");
    const rules: Json[] = [];
    const collect = (ref: Json, ns: string | undefined) => {
      const role = ref.kind === "ClusterRole" ? croles.find((r) => r.metadata.name === ref.name) : roles.find((r) => r.metadata.name === ref.name && r.metadata.namespace === ns);
      rules.push(...(role?.rules ?? []));
    };
    for (const b of get("clusterrolebindings")) if ((b.subjects ?? []).some((x: Json) => matches(x, undefined))) collect(b.roleRef, undefined);
    for (const b of get("rolebindings")) if (b.metadata.namespace === ctx.namespace && (b.subjects ?? []).some((x: Json) => matches(x, b.metadata.namespace))) collect(b.roleRef, b.metadata.namespace);
    // system:basic-user, granted to every authenticated user
    rules.push({ apiGroups: ["authentication.k8s.io"], resources: ["selfsubjectreviews"], verbs: ["create"] }, { apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"], verbs: ["create"] });
    for (const r of rules) {
      if (r.nonResourceURLs?.length) {
        add([], r.nonResourceURLs, [], r.verbs ?? []);
        continue;
      }
      for (const g of r.apiGroups ?? [""]) for (const x of r.resources ?? []) add([g ? `${x}.${g}` : x], [], r.resourceNames ?? [], r.verbs ?? []);
    }
    // system:discovery and system:public-info-viewer
    for (const u of ["/.well-known/openid-configuration/", "/.well-known/openid-configuration", "/api/*", "/api", "/apis/*", "/apis", "/healthz", "/healthz", "/livez", "/livez", "/openapi/*", "/openapi", "/openid/v1/jwks/", "/openid/v1/jwks", "/readyz", "/readyz", "/version/", "/version/", "/version", "/version"]) add([], [u], [], ["get"]);
    rows.sort((a, b) => (a[0] === "" ? 1 : 0) - (b[0] === "" ? 1 : 0) || a[0].localeCompare(b[0]));
  }
  return rows;
}

/** kubectl auth can-i|whoami */
export function cmdAuth(ctx: Ctx, p: Parsed): number {
  const sub = p.args[0];
  if (sub === "whoami") {
    ctx.io.out(tabwrite([["ATTRIBUTE", "VALUE"], ["Username", ctx.user], ["Groups", `[${ctx.groups.join(" ")}]`]]));
    return 0;
  }
  if (sub !== "can-i") {
    ctx.io.err(SUBCOMMAND_HELP["auth"]);
    return 1;
  }
  const verb = p.args[1];
  let target = p.args[2];
  if (bool(p, "list")) {
    ctx.io.out(tabwrite([["Resources", "Non-Resource URLs", "Resource Names", "Verbs"], ...listRules(ctx)]));
    return 0;
  }
  if (!verb || !target) {
    ctx.io.err("error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples\n");
    return 1;
  }
  let name: string | undefined;
  if (target.includes("/")) {
    const i = target.indexOf("/");
    name = target.slice(i + 1);
    target = target.slice(0, i);
  }
  const res = target === "*" ? null : resolveResource(ctx.resources, target);
  if (!res && target !== "*") ctx.io.err(`Warning: the server doesn't have a resource type '${target}'\n\n`);
  const ns = res && !res.namespaced ? undefined : bool(p, "all-namespaces") ? undefined : ctx.namespace;
  const sub2 = str(p, "subresource") || undefined;
  // the API server decides (lib/sim's RBAC authorizer); a cluster without canI has no authorizer: AlwaysAllow
  const allowed = ctx.cluster.canI ? ctx.cluster.canI(ctx.user, ctx.groups, verb, res ?? { name: target, group: "" }, name, ns, sub2) : true;
  if (!bool(p, "quiet")) ctx.io.out(allowed ? "yes\n" : "no\n");
  return allowed ? 0 : 1;
}

export const CONFIG_FLAGS: FlagSpec[] = [
  { name: "current", type: "bool" },
  { name: "output", short: "o", type: "string" },
  { name: "minify", type: "bool" },
  { name: "raw", type: "bool" },
  { name: "flatten", type: "bool" },
  { name: "no-headers", type: "bool" },
  ...CREDENTIAL_FLAGS,
];

/** kubectl config (contexts of this shell session) */
export function cmdConfig(ctx: Ctx, p: Parsed): number {
  const sub = p.args[0];
  const st = ctx.state;
  switch (sub) {
    case "current-context":
      ctx.io.out(st.currentContext + "\n");
      return 0;
    case "get-contexts": {
      const rows = [["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]];
      const only = p.args[1];
      if (only && !st.contexts.some((c) => c.name === only)) return fail(ctx, `context ${only} not found`);
      // kubectl lists contexts sorted by name
      const sorted = [...st.contexts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      if (str(p, "output") === "name") {
        ctx.io.out(sorted.filter((c) => !only || c.name === only).map((c) => c.name + "\n").join(""));
        return 0;
      }
      for (const c of sorted) if (!only || c.name === only) rows.push([c.name === st.currentContext ? "*" : "", c.name, c.cluster, c.user, c.namespace ?? ""]);
      if (bool(p, "no-headers")) rows.shift();
      ctx.io.out(tabwrite(rows));
      return 0;
    }
    case "use-context":
    case "use": {
      const name = p.args[1];
      if (!name) return fail(ctx, "empty context names are not allowed");
      if (!st.contexts.some((c) => c.name === name)) return fail(ctx, `no context exists with the name: "${name}"`);
      st.currentContext = name;
      ctx.io.out(`Switched to context "${name}".\n`);
      return 0;
    }
    case "set-context": {
      const name = bool(p, "current") ? st.currentContext : p.args[1];
      if (!name) return fail(ctx, "you must specify a non-empty context name or --current");
      let c = st.contexts.find((x) => x.name === name);
      const created = !c;
      if (!c) {
        c = { name, cluster: "", user: "" };
        st.contexts.push(c);
      }
      if (p.set.has("namespace")) c.namespace = str(p, "namespace") || undefined;
      if (p.set.has("cluster")) c.cluster = str(p, "cluster");
      if (p.set.has("user")) c.user = str(p, "user");
      ctx.io.out(`Context "${name}" ${created ? "created" : "modified"}.\n`);
      return 0;
    }
    case "get-clusters": {
      ctx.io.out(["NAME", ...new Set(st.contexts.map((c) => c.cluster))].join("\n") + "\n");
      return 0;
    }
    case "get-users": {
      ctx.io.out(["NAME", ...new Set([...st.contexts.map((c) => c.user), ...(st.kubeUsers ?? []).map((u) => u.name)])].join("\n") + "\n");
      return 0;
    }
    case "set-credentials":
      return setCredentials(ctx, p);
    case "view":
      return configView(ctx, p);
    default:
      ctx.io.err(SUBCOMMAND_HELP["config"]);
      return 1;
  }
}

export const API_RESOURCES_FLAGS: FlagSpec[] = [
  { name: "namespaced", type: "string" },
  { name: "api-group", type: "string" },
  { name: "output", short: "o", type: "string" },
  { name: "no-headers", type: "bool" },
  { name: "verbs", type: "strings" },
  { name: "sort-by", type: "string" },
  { name: "cached", type: "bool" },
  { name: "categories", type: "strings" },
];

/** kubectl api-resources */
export function cmdApiResources(ctx: Ctx, p: Parsed): number {
  let rs = ctx.resources.filter((r) => r.verbs.length);
  if (p.set.has("namespaced")) {
    const want = str(p, "namespaced") !== "false";
    rs = rs.filter((r) => r.namespaced === want);
  }
  if (p.set.has("api-group")) rs = rs.filter((r) => r.group === str(p, "api-group"));
  const verbs = list(p, "verbs");
  if (verbs.length) rs = rs.filter((r) => verbs.every((v) => r.verbs.includes(v)));
  const o = str(p, "output");
  if (o === "name") {
    ctx.io.out(rs.map((r) => (r.group ? `${r.name}.${r.group}` : r.name) + "\n").join(""));
    return 0;
  }
  const wide = o === "wide";
  const rows = [["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND", ...(wide ? ["VERBS", "CATEGORIES"] : [])]];
  for (const r of rs) rows.push([r.name, r.shortNames.join(","), r.group ? `${r.group}/${r.version}` : r.version, String(r.namespaced), r.kind, ...(wide ? [`[${r.verbs.join(" ")}]`, (r.categories ?? []).join(",")] : [])]);
  if (bool(p, "no-headers")) rows.shift();
  ctx.io.out(tabwrite(rows));
  return 0;
}

export const VERSION_FLAGS: FlagSpec[] = [
  { name: "client", type: "bool" },
  { name: "output", short: "o", type: "string" },
  { name: "short", type: "bool" },
];

/** kubectl version */
export function cmdVersion(ctx: Ctx, p: Parsed): number {
  const server = ctx.cluster.version?.() ?? "v1.35.0";
  // the kubectl binary on this host is its installed package (apt-get install kubectl=…, lib/sim node-versions.ts);
  // the host's packages live in the cluster of the shell's first context, whose files the shell holds
  const st = ctx.state;
  const deb = st.clusters.get(st.contexts[0]?.name ?? "")?.nodePackages?.(st.hostname)?.installed.kubectl;
  const client = deb ? `v${deb.replace(/-.*$/, "")}` : "v1.35.0";
  const o = str(p, "output");
  if (o === "json" || o === "yaml") {
    const v = (gv: string) => {
      const [maj, min] = gv.slice(1).split(".");
      return { buildDate: "2025-12-17T12:00:00Z", compiler: "gc", gitCommit: "simulated", gitTreeState: "clean", gitVersion: gv, goVersion: "go1.25.5", major: maj, minor: min, platform: "linux/amd64" };
    };
    const doc: Json = { clientVersion: v(client), kustomizeVersion: "v5.7.1", ...(bool(p, "client") ? {} : { serverVersion: v(server) }) };
    ctx.io.out(o === "json" ? JSON.stringify(doc, null, 2) + "\n" : toYaml(doc));
    return 0;
  }
  if (o) return fail(ctx, `--output must be 'yaml' or 'json'`);
  ctx.io.out(`Client Version: ${client}\nKustomize Version: v5.7.1\n`);
  if (!bool(p, "client")) ctx.io.out(`Server Version: ${server}\n`);
  return 0;
}

/** kubectl cluster-info */
export function cmdClusterInfo(ctx: Ctx, p: Parsed): number {
  if (p.args[0] === "dump") return fail(ctx, "cluster-info dump is not supported in this simulated cluster");
  ctx.io.out(`\x1b[0;32mKubernetes control plane\x1b[0m is running at \x1b[0;33mhttps://192.168.0.10:6443\x1b[0m\n\x1b[0;32mCoreDNS\x1b[0m is running at \x1b[0;33mhttps://192.168.0.10:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\x1b[0m\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`);
  return 0;
}


export const CP_FLAGS: FlagSpec[] = [
  { name: "container", short: "c", type: "string" },
  { name: "no-preserve", type: "bool" },
  { name: "retries", type: "int" },
];

/** kubectl cp [ns/]POD:PATH LOCAL (copies a file out of a container; the other direction is not simulated). */
export function cmdCp(ctx: Ctx, p: Parsed): number {
  const [src, dst] = p.args;
  if (!src || !dst || p.args.length !== 2) {
    ctx.io.err("error: source and destination are required\n");
    return 1;
  }
  const remote = /^(?:([^/:]+)\/)?([^/:]+):(.+)$/;
  const s = remote.exec(src);
  if (!s) {
    if (remote.test(dst)) return fail(ctx, "copying into a container is not simulated; create the file with kubectl exec POD -- sh -c 'echo … > FILE' instead");
    return fail(ctx, "one of src or dest must be a remote file specification");
  }
  const ns = s[1] ?? ctx.namespace;
  const podRes = resolveResource(ctx.resources, "pods")!;
  const pod = ctx.cluster.get(podRes, ns, s[2], reqOpts(ctx));
  if (!pod.ok) return printStatus(ctx, pod.status);
  if (!ctx.cluster.exec) return fail(ctx, "exec is not available on this cluster");
  const container = str(p, "container") || undefined;
  const r = ctx.cluster.exec(ns, s[2], container, ["cat", s[3]]);
  if (!r.ok) return printStatus(ctx, r.status);
  if (r.value.exitCode !== 0) {
    ctx.io.err(`tar: Removing leading \`/' from member names\n${r.value.stderr}command terminated with exit code ${r.value.exitCode}\n`);
    return 1;
  }
  let target = abs(ctx.state, dst);
  if (ctx.state.fs.isDir(target)) target = `${target === "/" ? "" : target}/${s[3].split("/").pop()}`;
  const w = ctx.state.fs.write(target, r.value.stdout);
  if (!w.ok) return fail(ctx, w.error);
  ctx.io.err("tar: Removing leading `/' from member names\n");
  return 0;
}

// ---- port-forward / debug -------------------------------------------------------------------
// Neither is simulated (there is no local port to listen on, no ephemeral containers); the arguments
// are checked the way kubectl checks them first, so a wrong command still gets kubectl's error.

/** Flags kubectl port-forward accepts (portforward.go). */
export const PORT_FORWARD_FLAGS: FlagSpec[] = [
  { name: "address", type: "array" },
  { name: "pod-running-timeout", type: "string" },
];

/** Flags kubectl debug accepts (debug.go), the ones a CKA task uses. */
export const DEBUG_FLAGS: FlagSpec[] = [
  { name: "image", type: "string" },
  { name: "container", short: "c", type: "string" },
  { name: "copy-to", type: "string" },
  { name: "target", type: "string" },
  { name: "profile", type: "string" },
  { name: "stdin", short: "i", type: "bool" },
  { name: "tty", short: "t", type: "bool" },
  { name: "attach", type: "bool" },
  { name: "quiet", short: "q", type: "bool" },
  { name: "share-processes", type: "bool" },
  { name: "replace", type: "bool" },
  { name: "same-node", type: "bool" },
  { name: "set-image", type: "array" },
  { name: "image-pull-policy", type: "string" },
  { name: "env", type: "array" },
  { name: "filename", short: "f", type: "array" },
  { name: "keep-labels", type: "bool" },
  { name: "keep-annotations", type: "bool" },
  { name: "keep-liveness", type: "bool" },
  { name: "keep-readiness", type: "bool" },
  { name: "keep-startup", type: "bool" },
  { name: "keep-init-containers", type: "bool" },
  { name: "custom", type: "string" },
];

/** A pod named by NAME or pod/NAME must exist; other TYPE/NAME targets are only checked to exist. */
function debugTarget(ctx: Ctx, target: string): Json | number {
  const [type, name] = target.includes("/") ? target.split("/", 2) : ["pods", target];
  const res = resolveType(ctx, type);
  const r = ctx.cluster.get(res, res.namespaced ? ctx.namespace : undefined, name, reqOpts(ctx));
  if (!r.ok) return printStatus(ctx, r.status);
  return r.value;
}

/** kubectl port-forward: kubectl's argument and pod-phase errors, then a note that it is not simulated. */
export function cmdPortForward(ctx: Ctx, p: Parsed): number {
  if (p.args.length < 2) return fail(ctx, "TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples");
  const obj = debugTarget(ctx, p.args[0]);
  if (typeof obj === "number") return obj;
  // portforward.go: only a running pod can be forwarded to
  if (obj.kind === "Pod" && obj.status?.phase !== "Running") return fail(ctx, `unable to forward port because pod is not running. Current status=${obj.status?.phase ?? "Pending"}`);
  return fail(ctx, `"kubectl port-forward" is not simulated: no local port can be opened here. Reach the pod with curl from the node (its IP: kubectl get pod -o wide) or through a Service.`);
}

/** kubectl debug: kubectl's validation errors (debug.go Validate), then a note that it is not simulated. */
export function cmdDebug(ctx: Ctx, p: Parsed): number {
  if (!str(p, "copy-to") && !str(p, "image")) return fail(ctx, "you must specify --image when not using --copy-to.");
  if (!p.args.length && !list(p, "filename").length) return fail(ctx, "NAME or filename is required for debug");
  for (const t of p.args) {
    if (/^(node|nodes|no)\//.test(t)) continue; // node debugging is checked below
    const obj = debugTarget(ctx, t);
    if (typeof obj === "number") return obj;
  }
  const node = p.args.find((t) => /^(node|nodes|no)\//.test(t));
  if (node) {
    const obj = debugTarget(ctx, node);
    if (typeof obj === "number") return obj;
  }
  return fail(ctx, `"kubectl debug" is not simulated: ephemeral containers and node debugging pods are not modelled. Use kubectl exec into the pod, or ssh to the node.`);
}
