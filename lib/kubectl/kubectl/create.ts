// kubectl create <kind>, kubectl run, kubectl expose.
import { KUSTOMIZE_FLAG } from "./kustomize-cmd";
import { b64encode, b64url } from "../base64";
import type { ApiResource, Json } from "../cluster-api";
import { SUBCOMMAND_HELP } from "./subhelp";
import { resolveResource } from "../resources";
import { abs } from "../shell/builtins";
import { baseName } from "../shell/vfs";
import { bool, int, list, str, type FlagSpec, type Parsed } from "./args";
import { cmdCreateFromFiles, dryRunOf, dryRunSuffix, type DryRun } from "./apply";
import { parseGoDuration } from "./drain-wait";
import { CmdError, fail, parseOutput, parseTypeNames, printObjects, printStatus, refName, reqOpts, type Ctx } from "./ctx";
import { jsonPatch, mergePatch, strategicPatch } from "./merge";
import { bindingObj, configMapObj, cronJobObj, deploymentObj, ingressObj, jobObj, parseKeyVals, parsePortSpec, podObj, roleObj, secretObj, serviceObj } from "./generators";

export const CREATE_FLAGS: FlagSpec[] = [
  KUSTOMIZE_FLAG,
  { name: "filename", short: "f", type: "array" },
  { name: "recursive", short: "R", type: "bool" },
  { name: "output", short: "o", type: "string" },
  { name: "dry-run", type: "string" },
  { name: "save-config", type: "bool" },
  { name: "validate", type: "string" },
  { name: "edit", type: "bool" },
  { name: "raw", type: "string" },
  { name: "selector", short: "l", type: "string" },
  { name: "windows-line-endings", type: "bool" },
  { name: "field-manager", type: "string" },
  // subcommand flags
  { name: "image", type: "array" },
  { name: "replicas", short: "r", type: "int" },
  { name: "port", type: "int" },
  { name: "tcp", type: "strings" },
  { name: "node-port", type: "int" },
  { name: "clusterip", type: "string" },
  { name: "external-name", type: "string" },
  { name: "from-literal", type: "array" },
  { name: "from-file", type: "array" },
  { name: "from-env-file", type: "array" },
  { name: "type", type: "string" },
  { name: "cert", type: "string" },
  { name: "key", type: "string" },
  { name: "docker-server", type: "string" },
  { name: "docker-username", type: "string" },
  { name: "docker-password", type: "string" },
  { name: "docker-email", type: "string" },
  { name: "schedule", type: "string" },
  { name: "restart", type: "string" },
  { name: "from", type: "string" },
  { name: "verb", type: "strings" },
  { name: "resource", type: "strings" },
  { name: "resource-name", type: "array" },
  { name: "role", type: "string" },
  { name: "clusterrole", type: "string" },
  { name: "user", type: "array" },
  { name: "group", type: "array" },
  { name: "serviceaccount", type: "array" },
  { name: "rule", type: "array" },
  { name: "class", type: "string" },
  { name: "default-backend", type: "string" },
  { name: "annotation", type: "array" },
  { name: "duration", type: "string" },
  { name: "audience", type: "array" },
  { name: "bound-object-kind", type: "string" },
  { name: "bound-object-name", type: "string" },
  { name: "append-hash", type: "bool" },
  { name: "aggregation-rule", type: "string" },
  { name: "non-resource-url", type: "array" },
  { name: "value", type: "int" },
  { name: "global-default", type: "bool" },
  { name: "description", type: "string" },
  { name: "preemption-policy", type: "string" },
  { name: "hard", type: "string" },
  { name: "scopes", type: "string" },
  { name: "min-available", type: "string" },
  { name: "max-unavailable", type: "string" },
];

/**
 * create an object built by a generator: dry-run, -o, or a real create. `wrap`: most create_*.go Run()s
 * return `fmt.Errorf("failed to create <kind>: %v", err)`, which CheckErr prints as `error: …` instead of
 * `Error from server (Reason): …`; create namespace, role and clusterrole return the API error as it is.
 */
export function submit(ctx: Ctx, p: Parsed, res: ApiResource, obj: Json, verb = "created", wrap?: string): number {
  const dry: DryRun = dryRunOf(p);
  const out = parseOutput(str(p, "output"), false);
  const ns = res.namespaced ? (obj.metadata?.namespace ?? ctx.namespace) : undefined;
  if (res.namespaced && ctx.nsSet && !obj.metadata.namespace && dry !== "none") obj.metadata.namespace = ctx.namespace;
  if (dry === "client") {
    if (out.kind === "table") ctx.io.out(`${refName(res, obj.metadata.name)} ${verb} (dry run)\n`);
    else printObjects(ctx, out, [{ res, obj }], true);
    return 0;
  }
  const r = ctx.cluster.create(res, ns, obj, reqOpts(ctx, dry === "server"));
  if (!r.ok && wrap !== undefined) {
    ctx.io.err(`error: ${wrap}${r.status.message}\n`);
    return 1;
  }
  if (!r.ok) return printStatus(ctx, r.status);
  if (out.kind === "table") ctx.io.out(`${refName(res, obj.metadata.name)} ${verb}${dryRunSuffix(dry)}\n`);
  else printObjects(ctx, out, [{ res, obj: r.value }], true);
  return 0;
}

function resOf(ctx: Ctx, name: string): ApiResource {
  const r = resolveResource(ctx.resources, name);
  if (!r) throw new CmdError(`the server doesn't have a resource type "${name}"`);
  return r;
}

function needName(ctx: Ctx, p: Parsed, usage: string): string {
  const n = p.args[1];
  if (!n) throw new CmdError(`exactly one NAME is required, got 0\nSee '${usage} -h' for help and examples`);
  if (p.args.length > 2) throw new CmdError(`exactly one NAME is required, got ${p.args.length - 1}\nSee '${usage} -h' for help and examples`);
  return n;
}

function readFile(ctx: Ctx, f: string): string {
  const r = ctx.state.fs.read(abs(ctx.state, f));
  if (!r.ok) throw new CmdError(`error reading ${f}: no such file or directory`);
  return r.value;
}

function fromFiles(ctx: Ctx, specs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of specs) {
    const eq = s.indexOf("=");
    const key = eq > 0 ? s.slice(0, eq) : null;
    const path = eq > 0 ? s.slice(eq + 1) : s;
    const ap = abs(ctx.state, path);
    if (ctx.state.fs.isDir(ap)) {
      for (const n of ctx.state.fs.list(ap)) {
        const fp = ap + "/" + n;
        if (ctx.state.fs.isFile(fp)) out[n] = (ctx.state.fs.read(fp) as { value: string }).value;
      }
      continue;
    }
    out[key ?? baseName(ap)] = readFile(ctx, path);
  }
  return out;
}

function envFile(ctx: Ctx, files: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of files) {
    for (const line of readFile(ctx, f).split("\n")) {
      // kubectl pkg/util/env_file.go processEnvFileLine: leading blanks trimmed, # comments and blank lines
      // skipped, the key validated with IsEnvVarName, a line without = takes the value from kubectl's environment
      const l = line.replace(/^\s+/, "");
      if (!l || l.startsWith("#")) continue;
      const i = l.indexOf("=");
      const key = i < 0 ? l : l.slice(0, i);
      const errs = envVarNameErrors(key);
      if (errs.length) throw new CmdError(`${JSON.stringify(key)} is not a valid key name: ${errs.join(";")}`);
      out[key] = i < 0 ? (ctx.state.env.get(key) ?? "") : l.slice(i + 1);
    }
  }
  return out;
}

/** apimachinery validation.IsEnvVarName: the regex (with RegexError's examples) and hasChDirPrefix. */
function envVarNameErrors(key: string): string[] {
  const errs: string[] = [];
  if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) {
    errs.push("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')");
  }
  if (key === ".") errs.push("must not be '.'");
  else if (key === "..") errs.push("must not be '..'");
  else if (key.startsWith("..")) errs.push("must not start with '..'");
  return errs;
}

function literals(items: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const it of items) {
    const i = it.indexOf("=");
    if (i <= 0) throw new CmdError(`invalid literal source ${it}, expected key=value`);
    out[it.slice(0, i)] = it.slice(i + 1);
  }
  return out;
}

const CREATE_SUBS = ["clusterrole", "clusterrolebinding", "configmap", "cronjob", "deployment", "ingress", "job", "namespace", "poddisruptionbudget", "priorityclass", "quota", "role", "rolebinding", "secret", "service", "serviceaccount", "token"];

/** kubectl create <subcommand> */
export function cmdCreate(ctx: Ctx, p: Parsed): number {
  const sub0 = p.args[0];
  const aliases: Record<string, string> = { cm: "configmap", deploy: "deployment", ns: "namespace", sa: "serviceaccount", svc: "service", ing: "ingress", cj: "cronjob", pdb: "poddisruptionbudget", pc: "priorityclass", resourcequota: "quota" };
  const sub = aliases[sub0] ?? sub0;
  if (!CREATE_SUBS.includes(sub)) {
    if (list(p, "filename").length) return cmdCreateFromFiles(ctx, p);
    return fail(ctx, `Unexpected args: [${p.args.join(" ")}]\nSee 'kubectl create -h' for help and examples`);
  }
  const ns = ctx.nsSet ? ctx.namespace : undefined;
  switch (sub) {
    case "deployment": {
      const images = list(p, "image");
      if (!images.length) return fail(ctx, "required flag(s) \"image\" not set");
      const name = needName(ctx, p, "kubectl create deployment");
      const cmd = p.dash ?? [];
      if (cmd.length && images.length > 1) return fail(ctx, "cannot specify multiple --image options and command");
      return submit(ctx, p, resOf(ctx, "deployments"), deploymentObj(name, images, int(p, "replicas", 1), p.set.has("port") ? int(p, "port", 0) : undefined, ns, cmd), "created", "failed to create deployment: ");
    }
    case "namespace": {
      const name = needName(ctx, p, "kubectl create namespace");
      return submit(ctx, p, resOf(ctx, "namespaces"), { apiVersion: "v1", kind: "Namespace", metadata: { name }, spec: {}, status: {} });
    }
    case "serviceaccount": {
      const name = needName(ctx, p, "kubectl create serviceaccount");
      return submit(ctx, p, resOf(ctx, "serviceaccounts"), { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, ...(ns ? { namespace: ns } : {}) } }, "created", "failed to create serviceaccount: ");
    }
    case "configmap": {
      const name = needName(ctx, p, "kubectl create configmap");
      const data = { ...fromFiles(ctx, list(p, "from-file")), ...envFile(ctx, list(p, "from-env-file")), ...literals(list(p, "from-literal")) };
      return submit(ctx, p, resOf(ctx, "configmaps"), configMapObj(name, data, ns), "created", "failed to create configmap: ");
    }
    case "secret": {
      const kind = p.args[1];
      const rest = { ...p, args: p.args.slice(1) };
      if (!kind || !["generic", "tls", "docker-registry"].includes(kind)) {
        ctx.io.err(SUBCOMMAND_HELP["create secret"]);
        return 1;
      }
      const name = needName(ctx, rest, `kubectl create secret ${kind}`);
      if (kind === "generic") {
        const data = { ...fromFiles(ctx, list(p, "from-file")), ...envFile(ctx, list(p, "from-env-file")), ...literals(list(p, "from-literal")) };
        return submit(ctx, p, resOf(ctx, "secrets"), secretObj(name, data, str(p, "type") || undefined, ns), "created", "failed to create secret: ");
      }
      if (kind === "tls") {
        if (!str(p, "cert") || !str(p, "key")) return fail(ctx, "key and cert must be specified");
        // create_secret_tls.go readFile: "Cannot read file %v, %v" around os.ReadFile's *PathError
        const tlsFile = (f: string) => {
          const r = ctx.state.fs.read(abs(ctx.state, f));
          if (!r.ok) throw new CmdError(`Cannot read file ${f}, open ${f}: no such file or directory`);
          return r.value;
        };
        return submit(ctx, p, resOf(ctx, "secrets"), secretObj(name, { "tls.crt": tlsFile(str(p, "cert")), "tls.key": tlsFile(str(p, "key")) }, "kubernetes.io/tls", ns), "created", "failed to create secret: ");
      }
      const server = str(p, "docker-server", "https://index.docker.io/v1/");
      const user = str(p, "docker-username");
      const pass = str(p, "docker-password");
      if (!user || !pass) return fail(ctx, "either --from-file or the combination of --docker-username, --docker-password and --docker-server is required");
      const auth = b64encode(`${user}:${pass}`);
      const cfg = JSON.stringify({ auths: { [server]: { username: user, password: pass, ...(str(p, "docker-email") ? { email: str(p, "docker-email") } : {}), auth } } });
      return submit(ctx, p, resOf(ctx, "secrets"), secretObj(name, { ".dockerconfigjson": cfg }, "kubernetes.io/dockerconfigjson", ns), "created", "failed to create secret ");
    }
    case "service": {
      const type = p.args[1];
      if (!type || !["clusterip", "nodeport", "loadbalancer", "externalname"].includes(type)) {
        ctx.io.err(SUBCOMMAND_HELP["create service"]);
        return 1;
      }
      const name = needName(ctx, { ...p, args: p.args.slice(1) }, `kubectl create service ${type}`);
      const tcp = list(p, "tcp");
      if (type !== "externalname" && !tcp.length && str(p, "clusterip") !== "None") return fail(ctx, "at least one tcp port specifier must be provided");
      for (const t of tcp) if (!parsePortSpec(t)) return fail(ctx, `strconv.ParseUint: parsing "${t.split(":")[0]}": invalid syntax`);
      if (type === "externalname" && !str(p, "external-name")) return fail(ctx, 'required flag(s) "external-name" not set');
      return submit(ctx, p, resOf(ctx, "services"), serviceObj(type, name, tcp, p.set.has("node-port") ? int(p, "node-port", 0) : undefined, str(p, "clusterip") || undefined, str(p, "external-name") || undefined, ns), "created", `failed to create ${({ clusterip: "ClusterIP", nodeport: "NodePort", loadbalancer: "LoadBalancer", externalname: "ExternalName" } as Record<string, string>)[type] ?? type} service: `);
    }
    case "job": {
      const name = needName(ctx, p, "kubectl create job");
      const from = str(p, "from");
      if (from) {
        const [k, n] = from.split("/");
        if (!n || !/^(cronjob|cronjobs|cj|cronjob\.batch)$/.test(k)) return fail(ctx, "from must be an existing cronjob: cronjob/NAME");
        const cjRes = resOf(ctx, "cronjobs");
        const cj = ctx.cluster.get(cjRes, ctx.namespace, n, reqOpts(ctx));
        if (!cj.ok) return printStatus(ctx, cj.status);
        const tpl = cj.value.spec?.jobTemplate ?? {};
        const job = {
          apiVersion: "batch/v1",
          kind: "Job",
          metadata: { annotations: { "cronjob.kubernetes.io/instantiate": "manual" }, name, ...(ns ? { namespace: ns } : {}), ownerReferences: [{ apiVersion: "batch/v1", blockOwnerDeletion: true, controller: true, kind: "CronJob", name: n, uid: cj.value.metadata?.uid }] },
          spec: tpl.spec ?? {},
          status: {},
        };
        return submit(ctx, p, resOf(ctx, "jobs"), job, "created", "failed to create job: ");
      }
      const images = list(p, "image");
      if (!images.length) return fail(ctx, "either --image or --from must be specified");
      return submit(ctx, p, resOf(ctx, "jobs"), jobObj(name, images[0], p.dash ?? [], ns), "created", "failed to create job: ");
    }
    case "cronjob": {
      const name = needName(ctx, p, "kubectl create cronjob");
      const images = list(p, "image");
      if (!images.length) return fail(ctx, "required flag(s) \"image\", \"schedule\" not set".replace(', "schedule"', str(p, "schedule") ? "" : ', "schedule"'));
      if (!str(p, "schedule")) return fail(ctx, 'required flag(s) "schedule" not set');
      return submit(ctx, p, resOf(ctx, "cronjobs"), cronJobObj(name, images[0], str(p, "schedule"), p.dash ?? [], str(p, "restart", "OnFailure"), ns), "created", "failed to create cronjob: ");
    }
    case "role":
    case "clusterrole": {
      const name = needName(ctx, p, `kubectl create ${sub}`);
      const verbs = list(p, "verb");
      if (!verbs.length) return fail(ctx, "at least one verb must be specified");
      const resSpecs = list(p, "resource");
      if (!resSpecs.length && sub === "role") return fail(ctx, "at least one resource must be specified");
      const known = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "use", "bind", "escalate", "impersonate", "approve", "sign", "*"];
      for (const v of verbs) if (!known.includes(v)) return fail(ctx, `invalid verb: '${v}'`);
      const rs = resSpecs.map((r) => {
        const [base, sub2] = r.split("/");
        if (base === "*") return { group: "*", resource: "*" };
        const dot = base.indexOf(".");
        const found = resolveResource(ctx.resources, dot > 0 ? base : base);
        if (!found) throw new CmdError(`the server doesn't have a resource type "${base}"`);
        return { group: found.group, resource: found.name, sub: sub2 };
      });
      const obj = roleObj(sub === "role" ? "Role" : "ClusterRole", name, verbs, rs, list(p, "resource-name"), ns);
      return submit(ctx, p, resOf(ctx, sub === "role" ? "roles" : "clusterroles"), obj);
    }
    case "rolebinding":
    case "clusterrolebinding": {
      const name = needName(ctx, p, `kubectl create ${sub}`);
      const role = str(p, "role");
      const cr = str(p, "clusterrole");
      if (sub === "rolebinding" && !!role === !!cr) return fail(ctx, "exactly one of clusterrole or role must be specified");
      if (sub === "clusterrolebinding" && !cr) return fail(ctx, 'required flag(s) "clusterrole" not set');
      for (const s of list(p, "serviceaccount")) if (!/^[^:]+:[^:]+$/.test(s)) return fail(ctx, `serviceaccount must be <namespace>:<name>`);
      const obj = bindingObj(sub === "rolebinding" ? "RoleBinding" : "ClusterRoleBinding", name, role ? "Role" : "ClusterRole", role || cr, list(p, "user"), list(p, "group"), list(p, "serviceaccount"), ns);
      return submit(ctx, p, resOf(ctx, sub === "rolebinding" ? "rolebindings" : "clusterrolebindings"), obj, "created", `failed to create ${sub}: `);
    }
    case "ingress": {
      const name = needName(ctx, p, "kubectl create ingress");
      const obj = ingressObj(name, list(p, "rule"), str(p, "class") || undefined, ns);
      if (typeof obj === "string") return fail(ctx, obj);
      return submit(ctx, p, resOf(ctx, "ingresses"), obj, "created", "failed to create ingress: ");
    }
    case "quota": {
      const name = needName(ctx, p, "kubectl create quota");
      const hard = str(p, "hard") ? parseKeyVals([str(p, "hard")], "hard") : {};
      return submit(ctx, p, resOf(ctx, "resourcequotas"), { apiVersion: "v1", kind: "ResourceQuota", metadata: { name, ...(ns ? { namespace: ns } : {}) }, spec: { hard }, status: {} }, "created", "failed to create quota: ");
    }
    case "priorityclass": {
      const name = needName(ctx, p, "kubectl create priorityclass");
      return submit(ctx, p, resOf(ctx, "priorityclasses"), { apiVersion: "scheduling.k8s.io/v1", description: str(p, "description"), ...(bool(p, "global-default") ? { globalDefault: true } : {}), kind: "PriorityClass", metadata: { name }, preemptionPolicy: str(p, "preemption-policy", "PreemptLowerPriority"), value: int(p, "value", 0) }, "created", "failed to create priorityclass: ");
    }
    case "poddisruptionbudget": {
      const name = needName(ctx, p, "kubectl create poddisruptionbudget");
      const sel = str(p, "selector");
      if (!sel) return fail(ctx, "a selector must be specified");
      const ml = parseKeyVals([sel], "selector");
      const spec: Json = { selector: { matchLabels: ml } };
      if (str(p, "min-available")) spec.minAvailable = /^[0-9]+$/.test(str(p, "min-available")) ? Number(str(p, "min-available")) : str(p, "min-available");
      if (str(p, "max-unavailable")) spec.maxUnavailable = /^[0-9]+$/.test(str(p, "max-unavailable")) ? Number(str(p, "max-unavailable")) : str(p, "max-unavailable");
      return submit(ctx, p, resOf(ctx, "poddisruptionbudgets"), { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name, ...(ns ? { namespace: ns } : {}) }, spec, status: { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 } }, "created", "failed to create poddisruptionbudgets: ");
    }
    case "token": {
      const sa = p.args[1];
      if (!sa) return fail(ctx, "exactly one NAME is required, got 0\nSee 'kubectl create token -h' for help and examples");
      // create_token.go Validate: --duration (a Go duration) may not be negative nor finer than seconds
      let seconds = 3600;
      const dur = str(p, "duration");
      if (dur) {
        const neg = dur.startsWith("-");
        const ms = parseGoDuration(dur.replace(/^[-+]/, ""));
        if (ms === null) return fail(ctx, `invalid argument "${dur}" for "--duration" flag: time: invalid duration "${dur}"`);
        if (neg && ms > 0) return fail(ctx, "--duration must be greater than or equal to 0");
        if (ms % 1000 !== 0) return fail(ctx, "--duration cannot be expressed in units less than seconds");
        if (ms > 0) seconds = ms / 1000;
      }
      const r = ctx.cluster.get(resOf(ctx, "serviceaccounts"), ctx.namespace, sa, reqOpts(ctx));
      // Run: every API error comes back as "failed to create token: %v"
      if (!r.ok) return fail(ctx, `failed to create token: ${r.status.message}`);
      // authentication/validation ValidateTokenRequest: between 10 minutes and 2^32 seconds
      const tooShort = seconds < 600, tooLong = seconds > 2 ** 32;
      if (tooShort || tooLong) return fail(ctx, `failed to create token: TokenRequest.authentication.k8s.io ${JSON.stringify(sa)} is invalid: spec.expirationSeconds: Invalid value: ${seconds}: may not specify a duration ${tooShort ? "less than 10 minutes" : "larger than 2^32 seconds"}`);
      const enc = (o: Json) => b64url(JSON.stringify(o));
      const now = Math.floor(ctx.now / 1000);
      ctx.io.out(`${enc({ alg: "RS256", kid: "simulated" })}.${enc({ aud: ["https://kubernetes.default.svc.cluster.local"], exp: now + seconds, iat: now, iss: "https://kubernetes.default.svc.cluster.local", sub: `system:serviceaccount:${ctx.namespace}:${sa}` })}.c2ltdWxhdGVkLXNpZ25hdHVyZQ\n`);
      return 0;
    }
  }
  return fail(ctx, `unknown create subcommand ${sub}`);
}

export const RUN_FLAGS: FlagSpec[] = [
  { name: "image", type: "string" },
  { name: "port", type: "string" },
  { name: "labels", short: "l", type: "string" },
  { name: "env", type: "array" },
  { name: "command", type: "bool" },
  { name: "restart", type: "string" },
  { name: "dry-run", type: "string" },
  { name: "output", short: "o", type: "string" },
  { name: "expose", type: "bool" },
  { name: "stdin", short: "i", type: "bool" },
  { name: "tty", short: "t", type: "bool" },
  { name: "rm", type: "bool" },
  { name: "attach", type: "bool" },
  { name: "annotations", type: "array" },
  { name: "image-pull-policy", type: "string" },
  { name: "overrides", type: "string" },
  { name: "override-type", type: "string" },
  { name: "privileged", type: "bool" },
  { name: "quiet", short: "q", type: "bool" },
  { name: "serviceaccount", type: "string" },
  { name: "pod-running-timeout", type: "string" },
  { name: "timeout", type: "string" },
  { name: "wait", type: "bool" },
  { name: "field-manager", type: "string" },
  { name: "save-config", type: "bool" },
  { name: "filename", short: "f", type: "array" },
  { name: "grace-period", type: "int" },
  { name: "force", type: "bool" },
  { name: "cascade", type: "string" },
  { name: "recursive", short: "R", type: "bool" },
];

/** --overrides: a JSON merge (or --override-type=json|strategic) patch applied to the generated object. */
function applyOverrides(obj: Json, p: Parsed): Json | string {
  const text = str(p, "overrides");
  if (!text) return obj;
  let patch: Json;
  try {
    patch = JSON.parse(text);
  } catch {
    // Go's encoding/json wording for the common case
    const c = text.trim()[0];
    return `unable to parse ${JSON.stringify(text)}: ${c === undefined ? "unexpected end of JSON input" : `invalid character '${c}' looking for beginning of value`}`;
  }
  const type = str(p, "override-type", "merge");
  try {
    if (type === "merge") return mergePatch(obj, patch);
    if (type === "strategic") return strategicPatch(obj, patch);
    if (type === "json") return jsonPatch(obj, patch);
  } catch (e) {
    return (e as Error).message;
  }
  return `--override-type must be one of [json merge strategic], not "${type}"`;
}

/** kubectl run NAME --image=IMAGE [-- args] */
export function cmdRun(ctx: Ctx, p: Parsed): number {
  const name = p.args[0];
  const image = str(p, "image");
  if (!image) return fail(ctx, "required flag(s) \"image\" not set");
  if (!name) {
    ctx.io.err("error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n");
    return 1;
  }
  const restart = str(p, "restart", "Always");
  if (!["Always", "OnFailure", "Never"].includes(restart)) return fail(ctx, `invalid restart policy: ${restart}`);
  let labels: Record<string, string> | undefined;
  try {
    labels = str(p, "labels") ? parseKeyVals([str(p, "labels")], "label spec") : undefined;
  } catch (e) {
    return fail(ctx, (e as Error).message);
  }
  const args = [...p.args.slice(1), ...(p.dash ?? [])];
  if (bool(p, "command") && !args.length) return fail(ctx, "--command requires arguments to be specified");
  const port = str(p, "port");
  if (port && !/^[0-9]+$/.test(port)) return fail(ctx, `invalid argument "${port}" for "--port" flag: strconv.ParseInt: parsing "${port}": invalid syntax`);
  const annotations: Record<string, string> = {};
  for (const a of list(p, "annotations")) {
    const i = a.indexOf("=");
    if (i > 0) annotations[a.slice(0, i)] = a.slice(i + 1);
  }
  const obj = podObj({
    name,
    image,
    ns: ctx.nsSet ? ctx.namespace : undefined,
    labels,
    env: list(p, "env"),
    port: port ? Number(port) : undefined,
    command: bool(p, "command"),
    args,
    restart,
    annotations,
    imagePullPolicy: str(p, "image-pull-policy") || undefined,
    serviceAccount: str(p, "serviceaccount") || undefined,
    privileged: bool(p, "privileged"),
    stdin: bool(p, "stdin"),
    tty: bool(p, "tty"),
  });
  const over = applyOverrides(obj, p);
  if (typeof over === "string") return fail(ctx, over);
  const podRes = resOf(ctx, "pods");
  const dry = dryRunOf(p);
  const interactive = bool(p, "stdin") || bool(p, "attach") || bool(p, "rm");
  if (interactive && dry === "none") {
    // run it, let it finish, print its logs (we cannot attach a live terminal)
    const r = ctx.cluster.create(podRes, ctx.namespace, over, reqOpts(ctx));
    if (!r.ok) return printStatus(ctx, r.status);
    const shell = bool(p, "stdin") && bool(p, "tty") && args.length === 1 && /^(\/bin\/)?(ba|a)?sh$/.test(args[0]);
    if (ctx.cluster.timeMode?.() === "real") {
      // run.go: wait for the pod to leave Pending (--pod-running-timeout, 1m), attach, and stay attached until the
      // container ends; the simulator stays at most RUN_ATTACH_MAX_MS attached (a server never ends by itself)
      const phase = () => {
        const g = ctx.cluster.get(podRes, ctx.namespace, name, reqOpts(ctx));
        return g.ok ? (g.value.status?.phase ?? "Pending") : "Gone";
      };
      const start = ctx.cluster.now();
      while (phase() === "Pending" && ctx.cluster.now() - start < RUN_POD_RUNNING_TIMEOUT_MS) ctx.cluster.advance(100);
      if (phase() === "Pending") return fail(ctx, "timed out waiting for the condition");
      const attached = ctx.cluster.now();
      if (!shell) while (phase() === "Running" && ctx.cluster.now() - attached < RUN_ATTACH_MAX_MS) ctx.cluster.advance(100);
      ctx.now = ctx.cluster.now();
    } else ctx.cluster.settle();
    const live = ctx.cluster.get(podRes, ctx.namespace, name, reqOpts(ctx));
    const running = live.ok && live.value.status?.phase === "Running";
    if (running && shell) {
      // `kubectl run -it x --image=busybox -- sh`: an interactive shell in the new pod
      ctx.io.err("If you don't see a command prompt, try pressing enter.\n");
      ctx.state.attached = { context: ctx.context.name, namespace: ctx.namespace, pod: name, container: name, rm: bool(p, "rm") };
      return 0;
    }
    if (ctx.cluster.logs) {
      const l = ctx.cluster.logs(ctx.namespace, name, {});
      if (l.ok) ctx.io.out(l.value);
    }
    if (bool(p, "rm")) {
      ctx.cluster.delete(podRes, ctx.namespace, name, { ...reqOpts(ctx), gracePeriodSeconds: 0 });
      ctx.io.out(`pod "${name}" deleted from ${ctx.namespace} namespace\n`);
    }
    return 0;
  }
  const code = submit(ctx, p, podRes, over);
  if (code || !bool(p, "expose")) return code;
  if (!port) return fail(ctx, "--port must be set when exposing a service");
  const svc = serviceObj("clusterip", name, [port], undefined, undefined, undefined, ctx.nsSet ? ctx.namespace : undefined);
  svc.metadata.labels = undefined;
  delete svc.metadata.labels;
  svc.spec.ports = [{ port: Number(port), protocol: "TCP", targetPort: Number(port) }];
  svc.spec.selector = labels ?? { run: name };
  delete svc.spec.type;
  return submit(ctx, p, resOf(ctx, "services"), svc);
}

/** kubectl run --pod-running-timeout's default (1m0s). */
const RUN_POD_RUNNING_TIMEOUT_MS = 60_000;
/** How long `kubectl run -i` stays attached to a container that does not end (real time). */
const RUN_ATTACH_MAX_MS = 30_000;

export const EXPOSE_FLAGS: FlagSpec[] = [
  { name: "port", type: "string" },
  { name: "target-port", type: "string" },
  { name: "name", type: "string" },
  { name: "type", type: "string" },
  { name: "protocol", type: "string" },
  { name: "selector", type: "string" },
  { name: "labels", short: "l", type: "string" },
  { name: "external-ip", type: "string" },
  { name: "cluster-ip", type: "string" },
  { name: "load-balancer-ip", type: "string" },
  { name: "session-affinity", type: "string" },
  { name: "dry-run", type: "string" },
  { name: "output", short: "o", type: "string" },
  { name: "filename", short: "f", type: "array" },
  { name: "recursive", short: "R", type: "bool" },
  { name: "override-type", type: "string" },
  { name: "overrides", type: "string" },
  { name: "save-config", type: "bool" },
  { name: "field-manager", type: "string" },
];

/** kubectl expose (deployment|pod|service|replicaset|rc) NAME --port=... */
export function cmdExpose(ctx: Ctx, p: Parsed): number {
  const targets = parseTypeNames(ctx, p.args);
  if (!targets.length || !targets[0].name) {
    ctx.io.err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n");
    return 1;
  }
  const t = targets[0];
  const allowed = ["pods", "services", "deployments", "replicasets", "replicationcontrollers"];
  if (!allowed.includes(t.res.name)) return fail(ctx, `cannot expose a ${t.res.kind}`);
  const cur = ctx.cluster.get(t.res, ctx.namespace, t.name!, reqOpts(ctx));
  if (!cur.ok) return printStatus(ctx, cur.status);
  const o = cur.value;
  let selector: Record<string, string> | undefined;
  if (str(p, "selector")) selector = parseKeyVals([str(p, "selector")], "selector");
  else if (t.res.name === "pods") selector = o.metadata?.labels;
  else if (t.res.name === "services") selector = o.spec?.selector;
  else if (t.res.name === "replicationcontrollers") selector = o.spec?.selector;
  else {
    const sel = o.spec?.selector;
    if (sel?.matchExpressions?.length) return fail(ctx, `couldn't retrieve selectors via --selector flag or introspection: the selector has matchExpressions, which are not supported by expose`);
    selector = sel?.matchLabels;
  }
  if (!selector || !Object.keys(selector).length) return fail(ctx, `couldn't retrieve selectors via --selector flag or introspection: the ${t.res.singularName} has no labels`);
  let ports: { port: number; targetPort: number | string; protocol: string; name?: string }[] = [];
  const portFlag = str(p, "port");
  if (portFlag) {
    const ps = portFlag.split(",");
    ports = ps.map((x) => ({ port: Number(x), targetPort: Number(x), protocol: str(p, "protocol", "TCP") }));
    if (ports.some((x) => !Number.isFinite(x.port))) return fail(ctx, `invalid port: ${portFlag}`);
  } else {
    const containers: Json[] = t.res.name === "pods" ? (o.spec?.containers ?? []) : (o.spec?.template?.spec?.containers ?? []);
    const cps: Json[] = t.res.name === "services" ? (o.spec?.ports ?? []).map((x: Json) => ({ containerPort: x.port, protocol: x.protocol, name: x.name })) : containers.flatMap((c) => c.ports ?? []);
    if (!cps.length) return fail(ctx, `couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples`);
    ports = cps.map((cp) => ({ port: cp.containerPort, targetPort: cp.containerPort, protocol: cp.protocol ?? "TCP", ...(cp.name ? { name: cp.name } : {}) }));
  }
  const tp = str(p, "target-port");
  if (tp) for (const x of ports) x.targetPort = /^[0-9]+$/.test(tp) ? Number(tp) : tp;
  if (ports.length > 1) ports.forEach((x, i) => (x.name = x.name ?? `port-${i + 1}`));
  const name = str(p, "name") || t.name!;
  const spec: Json = { ports: ports.map((x) => ({ ...(x.name ? { name: x.name } : {}), port: x.port, protocol: x.protocol, targetPort: x.targetPort })), selector };
  const type = str(p, "type");
  if (type) {
    const norm = { clusterip: "ClusterIP", nodeport: "NodePort", loadbalancer: "LoadBalancer", externalname: "ExternalName" }[type.toLowerCase()];
    if (!norm) return fail(ctx, `invalid service type: ${type}`);
    spec.type = norm;
  }
  if (str(p, "cluster-ip")) spec.clusterIP = str(p, "cluster-ip");
  if (str(p, "external-ip")) spec.externalIPs = [str(p, "external-ip")];
  const labels = str(p, "labels") ? parseKeyVals([str(p, "labels")], "labels") : t.res.name === "services" ? o.metadata?.labels : o.metadata?.labels;
  const svc = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { ...(labels && Object.keys(labels).length ? { labels } : {}), name, ...(ctx.nsSet ? { namespace: ctx.namespace } : {}) },
    spec,
    status: { loadBalancer: {} },
  };
  const over = applyOverrides(svc, p);
  if (typeof over === "string") return fail(ctx, over);
  return submit(ctx, p, resOf(ctx, "services"), over, "exposed");
}
