// kubectl delete, scale, autoscale, set, rollout, label, annotate, taint, cordon, drain.
import type { ApiResource, Json } from "../cluster-api";
import { SUBCOMMAND_HELP } from "./subhelp";
import { resolveResource, resourceForKind, singularRef } from "../resources";
import { bool, int, list, str, type FlagSpec, type Parsed } from "./args";
import { dryRunOf, dryRunSuffix } from "./apply";
import { kustomizeDir, readFilesOrKustomize } from "./kustomize-cmd";
import { fail, parseOutput, parseTypeNames, printObjects, printStatus, refName, reqOpts, statusText, type Ctx, type TypeName } from "./ctx";
import { listObjects } from "./get";
import { clone, deepEqual } from "./merge";
import { matchLabels, parseLabelSelector } from "./selector";
import { tabwrite } from "./table";
import { drainTimeoutError, evictOrDeletePods, parseGoDuration } from "./drain-wait";
import { waitDeleted } from "./wait-events";
import { b64decode } from "../base64";

function getObj(ctx: Ctx, res: ApiResource, name: string): Json | number {
  const r = ctx.cluster.get(res, res.namespaced ? ctx.namespace : undefined, name, reqOpts(ctx));
  if (!r.ok) return printStatus(ctx, r.status);
  return r.value;
}

function update(ctx: Ctx, res: ApiResource, obj: Json, dry = false): Json | number {
  const r = ctx.cluster.update(res, res.namespaced ? (obj.metadata?.namespace ?? ctx.namespace) : undefined, obj, reqOpts(ctx, dry));
  if (!r.ok) return printStatus(ctx, r.status);
  return r.value;
}

/** Targets from args or -l selector (TYPE [NAME...] | TYPE/NAME | TYPE -l sel | TYPE --all). */
function selectTargets(ctx: Ctx, p: Parsed, allowAll = true): { res: ApiResource; obj: Json }[] | number {
  const tn: TypeName[] = parseTypeNames(ctx, p.args);
  if (!tn.length) return fail(ctx, "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
  const out: { res: ApiResource; obj: Json }[] = [];
  const sel = str(p, "selector");
  const all = allowAll && bool(p, "all");
  for (const t of tn) {
    if (t.name) {
      const o = getObj(ctx, t.res, t.name);
      if (typeof o === "number") return o;
      out.push({ res: t.res, obj: o });
    } else if (sel || all) {
      const items = listObjects(ctx, t.res, bool(p, "all-namespaces"), sel, str(p, "field-selector"));
      if (typeof items === "number") return items;
      for (const o of items) out.push({ res: t.res, obj: o });
    } else {
      return fail(ctx, "resource(s) were provided, but no name was specified");
    }
  }
  return out;
}

// ---- delete -------------------------------------------------------------------------

export const DELETE_FLAGS: FlagSpec[] = [
  { name: "filename", short: "f", type: "array" },
  { name: "recursive", short: "R", type: "bool" },
  { name: "selector", short: "l", type: "string" },
  { name: "field-selector", type: "string" },
  { name: "all", type: "bool" },
  { name: "all-namespaces", short: "A", type: "bool" },
  { name: "force", type: "bool" },
  { name: "grace-period", type: "int" },
  { name: "now", type: "bool" },
  { name: "wait", type: "bool" },
  { name: "timeout", type: "string" },
  { name: "cascade", type: "string" },
  { name: "ignore-not-found", type: "bool" },
  { name: "output", short: "o", type: "string" },
  { name: "dry-run", type: "string" },
  { name: "interactive", short: "i", type: "bool" },
  { name: "raw", type: "string" },
  { name: "kustomize", short: "k", type: "array" },
];

/** kubectl delete */
export function cmdDelete(ctx: Ctx, p: Parsed): number {
  const dry = dryRunOf(p);
  const force = bool(p, "force");
  let grace = p.set.has("grace-period") ? int(p, "grace-period", -1) : undefined;
  if (bool(p, "now")) grace = 1;
  if (force && grace === undefined) grace = 0;
  if (grace === 0 && !force) {
    // kubectl: --grace-period=0 without --force means 1s
    grace = 1;
  }
  const targets: { res: ApiResource; ns: string | undefined; name: string; source?: string }[] = [];
  if (list(p, "filename").length || kustomizeDir(p)) {
    const fd = readFilesOrKustomize(ctx, p);
    if (typeof fd === "number") return fd;
    for (const f of fd)
      for (const d of f.docs) {
        const res = resourceForKind(ctx.resources, String(d.apiVersion ?? ""), String(d.kind ?? ""));
        if (!res) return fail(ctx, `resource mapping not found for name: "${d.metadata?.name ?? ""}" namespace: "${d.metadata?.namespace ?? ""}" from "${f.source}": no matches for kind "${d.kind}" in version "${d.apiVersion}"\nensure CRDs are installed first`);
        targets.push({ res, ns: res.namespaced ? (d.metadata?.namespace ?? ctx.namespace) : undefined, name: d.metadata?.name, source: f.source });
      }
  } else {
    if (!p.args.length) {
      ctx.io.err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n");
      return 1;
    }
    const tn = parseTypeNames(ctx, p.args);
    const sel = str(p, "selector");
    for (const t of tn) {
      if (t.name) targets.push({ res: t.res, ns: t.res.namespaced ? ctx.namespace : undefined, name: t.name });
      else if (sel || bool(p, "all") || str(p, "field-selector")) {
        const items = listObjects(ctx, t.res, bool(p, "all-namespaces"), sel, str(p, "field-selector"));
        if (typeof items === "number") return items;
        for (const o of items) targets.push({ res: t.res, ns: o.metadata?.namespace, name: o.metadata.name });
      } else {
        return fail(ctx, "resource(s) were provided, but no name was specified");
      }
    }
    if (!targets.length && (sel || bool(p, "all"))) {
      ctx.io.out(bool(p, "all-namespaces") ? "No resources found\n" : `No resources found\n`);
      return 0;
    }
  }
  const waitTimeout = parseGoDuration(str(p, "timeout") || "0s");
  if (waitTimeout === null) {
    ctx.io.err(`error: invalid argument "${str(p, "timeout")}" for "--timeout" flag: time: invalid duration "${str(p, "timeout")}"\nSee 'kubectl delete --help' for usage.\n`);
    return 1;
  }
  if (force && grace === 0) ctx.io.err("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
  let code = 0;
  const outName = str(p, "output") === "name";
  const deleted: { res: ApiResource; ns: string | undefined; name: string; uid: string | undefined }[] = [];
  for (const t of targets) {
    const r = ctx.cluster.delete(t.res, t.ns, t.name, { ...reqOpts(ctx, dry === "server"), ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}), ...(str(p, "cascade") === "orphan" ? { propagationPolicy: "Orphan" as const } : str(p, "cascade") === "foreground" ? { propagationPolicy: "Foreground" as const } : {}) });
    if (!r.ok) {
      if (r.status.reason === "NotFound" && bool(p, "ignore-not-found")) continue;
      ctx.io.err(statusText(r.status, t.source ? {} : {}) + "\n");
      code = 1;
      continue;
    }
    const res = t.res;
    const what = res.group ? `${res.singularName || res.kind.toLowerCase()}.${res.group}` : res.singularName || res.kind.toLowerCase();
    if (outName) ctx.io.out(`${refName(res, t.name)}\n`);
    else ctx.io.out(`${what} "${t.name}" ${force && grace === 0 ? "force deleted" : "deleted"}${t.ns ? ` from ${t.ns} namespace` : ""}${dryRunSuffix(dry)}\n`);
    deleted.push({ res, ns: t.ns, name: t.name, uid: r.value?.metadata?.uid });
  }
  // --wait (default true) and no dry run: wait for every deleted object to be gone (finalizers, grace periods)
  if (p.flags["wait"] === false || dry !== "none" || !deleted.length) return code;
  const waited = waitDeleted(ctx, deleted, waitTimeout);
  return waited === 0 ? code : waited;
}


// ---- scale / autoscale -------------------------------------------------------------

export const SCALE_FLAGS: FlagSpec[] = [
  { name: "replicas", type: "int" },
  { name: "current-replicas", type: "int" },
  { name: "resource-version", type: "string" },
  { name: "selector", short: "l", type: "string" },
  { name: "all", type: "bool" },
  { name: "filename", short: "f", type: "array" },
  { name: "recursive", short: "R", type: "bool" },
  { name: "output", short: "o", type: "string" },
  { name: "dry-run", type: "string" },
  { name: "timeout", type: "string" },
];

/** kubectl scale */
export function cmdScale(ctx: Ctx, p: Parsed): number {
  if (!p.set.has("replicas")) return fail(ctx, "required flag(s) \"replicas\" not set");
  const n = int(p, "replicas", 0);
  if (n < 0) return fail(ctx, "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
  const ts = selectTargets(ctx, p);
  if (typeof ts === "number") return ts;
  let code = 0;
  for (const t of ts) {
    if (!["deployments", "replicasets", "statefulsets", "replicationcontrollers"].includes(t.res.name)) {
      ctx.io.err(`error: no scaler has been implemented for {"${t.res.group}" "${t.res.kind}"}\n`);
      code = 1;
      continue;
    }
    // scale.go ScaleSimple: with --current-replicas kubectl GETs the scale subresource, checks it and PUTs it back,
    // otherwise it PATCHes it; RBAC is asked about <resource>/scale, not the object itself
    const ns = t.res.namespaced ? (t.obj.metadata?.namespace ?? ctx.namespace) : undefined;
    const precondition = p.set.has("current-replicas");
    const forbidden = (verb: string) => scaleForbidden(ctx, t.res, t.obj.metadata.name, ns, verb);
    if (precondition && forbidden("get")) {
      code = 1;
      continue;
    }
    if (precondition && (t.obj.spec?.replicas ?? 1) !== int(p, "current-replicas", 0)) {
      ctx.io.err(`error: Expected replicas to be ${int(p, "current-replicas", 0)}, was ${t.obj.spec?.replicas ?? 1}\n`);
      code = 1;
      continue;
    }
    if (forbidden(precondition ? "update" : "patch")) {
      code = 1;
      continue;
    }
    const o = clone(t.obj);
    o.spec = { ...o.spec, replicas: n };
    const dry = dryRunOf(p);
    if (dry !== "client") {
      // the request was authorized on the scale subresource above; the simulated PUT of the object has no
      // scale subresource, so it goes as a privileged caller (as kubectl describe's lookups do in misc.ts)
      const opts = ctx.cluster.canI ? { user: "kubernetes-admin", groups: ["system:masters"], ...(dry === "server" ? { dryRun: true } : {}) } : reqOpts(ctx, dry === "server");
      const r = ctx.cluster.update(t.res, ns, o, opts);
      if (!r.ok) {
        code = printStatus(ctx, r.status);
        continue;
      }
    }
    ctx.io.out(`${refName(t.res, o.metadata.name)} scaled${dryRunSuffix(dry)}\n`);
  }
  return code;
}

/**
 * Whether RBAC refuses `verb` on <resource>/scale for the caller; prints the API server's Forbidden
 * (apiserver endpoints/handlers/responsewriters forbiddenMessage: the subresource joins the resource).
 */
function scaleForbidden(ctx: Ctx, res: ApiResource, name: string, ns: string | undefined, verb: string): boolean {
  if (!ctx.cluster.canI || ctx.cluster.canI(ctx.user, ctx.groups, verb, res, name, ns, "scale")) return false;
  const gr = res.group ? `${res.name}.${res.group}` : res.name;
  const where = ns ? `in the namespace "${ns}"` : "at the cluster scope";
  ctx.io.err(`Error from server (Forbidden): ${gr} "${name}" is forbidden: User "${ctx.user}" cannot ${verb} resource "${res.name}/scale" in API group "${res.group}" ${where}\n`);
  return true;
}

export const AUTOSCALE_FLAGS: FlagSpec[] = [
  { name: "min", type: "int" },
  { name: "max", type: "int" },
  { name: "cpu-percent", type: "int" },
  { name: "cpu", type: "string" },
  { name: "memory", type: "string" },
  { name: "name", type: "string" },
  { name: "output", short: "o", type: "string" },
  { name: "dry-run", type: "string" },
  { name: "filename", short: "f", type: "array" },
  { name: "recursive", short: "R", type: "bool" },
  { name: "save-config", type: "bool" },
  { name: "field-manager", type: "string" },
];

/** kubectl autoscale (autoscaling/v2 HorizontalPodAutoscaler) */
export function cmdAutoscale(ctx: Ctx, p: Parsed): number {
  const tn = parseTypeNames(ctx, p.args);
  if (!tn.length || !tn[0].name) return fail(ctx, "You must provide one or more resources by argument or filename.");
  if (!p.set.has("max")) return fail(ctx, "required flag(s) \"max\" not set");
  const t = tn[0];
  const o = getObj(ctx, t.res, t.name!);
  if (typeof o === "number") return o;
  const max = int(p, "max", 0);
  const min = p.set.has("min") ? int(p, "min", 1) : undefined;
  if (max < 1) return fail(ctx, "--max=MAXPODS is required and must be at least 1, max: " + max);
  if (min !== undefined && max < min) return fail(ctx, `--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`);
  const metrics: Json[] = [];
  let cpu = p.set.has("cpu-percent") ? int(p, "cpu-percent", -1) : undefined;
  const cpuFlag = str(p, "cpu");
  if (cpuFlag.endsWith("%")) cpu = Number(cpuFlag.slice(0, -1));
  if (cpuFlag && !cpuFlag.endsWith("%")) metrics.push({ resource: { name: "cpu", target: { averageValue: cpuFlag, type: "AverageValue" } }, type: "Resource" });
  if (cpu !== undefined && cpu >= 0) metrics.push({ resource: { name: "cpu", target: { averageUtilization: cpu, type: "Utilization" } }, type: "Resource" });
  const mem = str(p, "memory");
  if (mem) metrics.push(mem.endsWith("%") ? { resource: { name: "memory", target: { averageUtilization: Number(mem.slice(0, -1)), type: "Utilization" } }, type: "Resource" } : { resource: { name: "memory", target: { averageValue: mem, type: "AverageValue" } }, type: "Resource" });
  const hpa: Json = {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: str(p, "name") || t.name, ...(ctx.nsSet ? { namespace: ctx.namespace } : {}) },
    spec: { maxReplicas: max, ...(metrics.length ? { metrics } : {}), ...(min !== undefined ? { minReplicas: min } : {}), scaleTargetRef: { apiVersion: t.res.group ? `${t.res.group}/${t.res.version}` : t.res.version, kind: t.res.kind, name: t.name } },
    status: { currentMetrics: null, desiredReplicas: 0 },
  };
  const hpaRes = resolveResource(ctx.resources, "horizontalpodautoscalers")!;
  const dry = dryRunOf(p);
  const out = parseOutput(str(p, "output"), false);
  if (dry === "client") {
    if (out.kind === "table") ctx.io.out(`${refName(hpaRes, hpa.metadata.name)} autoscaled (dry run)\n`);
    else printObjects(ctx, out, [{ res: hpaRes, obj: hpa }], true);
    return 0;
  }
  const r = ctx.cluster.create(hpaRes, ctx.namespace, hpa, reqOpts(ctx, dry === "server"));
  if (!r.ok) return printStatus(ctx, r.status);
  if (out.kind === "table") ctx.io.out(`${refName(hpaRes, hpa.metadata.name)} autoscaled${dryRunSuffix(dry)}\n`);
  else printObjects(ctx, out, [{ res: hpaRes, obj: r.value }], true);
  return 0;
}

// ---- set image / env / resources ---------------------------------------------------

export const SET_FLAGS: FlagSpec[] = [
  { name: "all", type: "bool" },
  { name: "selector", short: "l", type: "string" },
  { name: "filename", short: "f", type: "array" },
  { name: "recursive", short: "R", type: "bool" },
  { name: "output", short: "o", type: "string" },
  { name: "dry-run", type: "string" },
  { name: "local", type: "bool" },
  { name: "containers", short: "c", type: "string" },
  { name: "env", short: "e", type: "array" },
  { name: "from", type: "string" },
  { name: "prefix", type: "string" },
  { name: "keys", type: "strings" },
  { name: "list", type: "bool" },
  { name: "resolve", type: "bool" },
  { name: "overwrite", type: "bool" },
  { name: "limits", type: "string" },
  { name: "requests", type: "string" },
  { name: "serviceaccount", type: "string" },
  { name: "record", type: "bool" },
  { name: "field-manager", type: "string" },
];

function podSpecOf(res: ApiResource, o: Json): Json | null {
  if (res.name === "pods") return o.spec;
  if (res.name === "cronjobs") return o.spec?.jobTemplate?.spec?.template?.spec ?? null;
  return o.spec?.template?.spec ?? null;
}

/** kubectl set image|env|resources|serviceaccount */
export function cmdSet(ctx: Ctx, p: Parsed): number {
  const sub = p.args[0];
  const rest = { ...p, args: p.args.slice(1) };
  if (sub === "image") {
    const specs = rest.args.filter((a) => a.includes("="));
    const objArgs = rest.args.filter((a) => !a.includes("="));
    if (!specs.length) return fail(ctx, "at least one image update is required");
    const ts = selectTargets(ctx, { ...rest, args: objArgs });
    if (typeof ts === "number") return ts;
    let code = 0;
    for (const t of ts) {
      const o = clone(t.obj);
      const spec = podSpecOf(t.res, o);
      if (!spec) {
        code = fail(ctx, `${refName(t.res, o.metadata.name)} has no pod template`);
        continue;
      }
      for (const s of specs) {
        const [cname, image] = [s.slice(0, s.indexOf("=")), s.slice(s.indexOf("=") + 1)];
        const all = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
        const hits = cname === "*" ? all : all.filter((c: Json) => c.name === cname);
        if (!hits.length) {
          ctx.io.err(`error: unable to find container named "${cname}"\n`);
          return 1;
        }
        for (const c of hits) c.image = image;
      }
      if (deepEqual(o, t.obj)) {
        ctx.io.out(`${refName(t.res, o.metadata.name)} image updated\n`);
        continue;
      }
      const r = update(ctx, t.res, o, dryRunOf(p) === "server");
      if (typeof r === "number") {
        code = r;
        continue;
      }
      ctx.io.out(`${refName(t.res, o.metadata.name)} image updated\n`);
    }
    return code;
  }
  if (sub === "env") {
    const envArgs = rest.args.filter((a) => /^[A-Za-z_][A-Za-z0-9_]*=|^[A-Za-z_][A-Za-z0-9_]*-$/.test(a));
    const objArgs = rest.args.filter((a) => !envArgs.includes(a));
    const ts = selectTargets(ctx, { ...rest, args: objArgs });
    if (typeof ts === "number") return ts;
    const adds = [...list(p, "env"), ...envArgs.filter((a) => !a.endsWith("-") || a.includes("="))];
    const removes = envArgs.filter((a) => a.endsWith("-") && !a.includes("=")).map((a) => a.slice(0, -1));
    let code = 0;
    for (const t of ts) {
      const o = clone(t.obj);
      const spec = podSpecOf(t.res, o);
      if (bool(p, "list")) {
        for (const c of spec?.containers ?? []) {
          ctx.io.out(`# ${t.res.kind} ${o.metadata.name}, container ${c.name}\n`);
          for (const e of c.env ?? []) {
            if (!e.valueFrom) ctx.io.out(`${e.name}=${e.value ?? ""}\n`);
            else {
              const v = bool(p, "resolve") ? envRefValue(ctx, o, c, e.valueFrom) : null;
              ctx.io.out(v !== null ? `${e.name}=${v}\n` : `# ${e.name} from ${envRefString(e.valueFrom)}\n`);
            }
          }
        }
        continue;
      }
      const cf = str(p, "containers", "*");
      let fromEnv: Json[] = [];
      const from = str(p, "from");
      if (from) {
        const [k, n] = from.split("/");
        const r = resolveResource(ctx.resources, k);
        if (!r || !n) return fail(ctx, `invalid --from ${from}`);
        const src = getObj(ctx, r, n);
        if (typeof src === "number") return src;
        const prefix = str(p, "prefix");
        const keys = Object.keys(src.data ?? {}).sort();
        const envName = (key: string) => prefix + key.toUpperCase().replace(/[^A-Z0-9_]/g, "_");
        fromEnv = keys.map((key) => ({ name: envName(key), valueFrom: { [r.name === "secrets" ? "secretKeyRef" : "configMapKeyRef"]: { key, name: n } } }));
      }
      for (const c of spec?.containers ?? []) {
        if (cf !== "*" && c.name !== cf) continue;
        let env: Json[] = c.env ?? [];
        for (const a of adds) {
          const i = a.indexOf("=");
          const name = a.slice(0, i);
          const value = a.slice(i + 1);
          const ex = env.find((e) => e.name === name);
          if (ex) {
            ex.value = value;
            delete ex.valueFrom;
          } else env.push({ name, value });
        }
        for (const fe of fromEnv) {
          const ex = env.findIndex((e) => e.name === fe.name);
          if (ex >= 0) env[ex] = fe;
          else env.push(fe);
        }
        env = env.filter((e) => !removes.includes(e.name));
        if (env.length) c.env = env;
        else delete c.env;
      }
      const r = update(ctx, t.res, o);
      if (typeof r === "number") {
        code = r;
        continue;
      }
      ctx.io.out(`${refName(t.res, o.metadata.name)} env updated\n`);
    }
    return code;
  }
  if (sub === "resources") {
    const ts = selectTargets(ctx, rest);
    if (typeof ts === "number") return ts;
    const parse = (s: string) => {
      const out: Record<string, string> = {};
      for (const kv of s.split(",").filter(Boolean)) {
        const [k, v] = kv.split("=");
        out[k] = v;
      }
      return out;
    };
    const limits = parse(str(p, "limits"));
    const requests = parse(str(p, "requests"));
    if (!Object.keys(limits).length && !Object.keys(requests).length) return fail(ctx, "you must specify an update to requests or limits (in the form of --requests/--limits)");
    let code = 0;
    for (const t of ts) {
      const o = clone(t.obj);
      const spec = podSpecOf(t.res, o);
      const cf = str(p, "containers", "*");
      for (const c of spec?.containers ?? []) {
        if (cf !== "*" && c.name !== cf) continue;
        c.resources = { ...(c.resources ?? {}) };
        if (Object.keys(limits).length) c.resources.limits = { ...(c.resources.limits ?? {}), ...limits };
        if (Object.keys(requests).length) c.resources.requests = { ...(c.resources.requests ?? {}), ...requests };
      }
      // set_resources.go: an empty patch is skipped without a word; a refused patch is wrapped as
      // "failed to patch resources update to pod template %v" (the API error's message)
      if (deepEqual(o, t.obj)) continue;
      const r = ctx.cluster.update(t.res, t.res.namespaced ? (o.metadata?.namespace ?? ctx.namespace) : undefined, o, reqOpts(ctx));
      if (!r.ok) {
        ctx.io.err(`error: failed to patch resources update to pod template ${r.status.message}\n`);
        code = 1;
        continue;
      }
      ctx.io.out(`${refName(t.res, o.metadata.name)} resource requirements updated\n`);
    }
    return code;
  }
  if (sub === "serviceaccount" || sub === "sa") {
    const sa = rest.args[rest.args.length - 1];
    const ts = selectTargets(ctx, { ...rest, args: rest.args.slice(0, -1) });
    if (typeof ts === "number") return ts;
    for (const t of ts) {
      const o = clone(t.obj);
      const spec = podSpecOf(t.res, o);
      if (spec) spec.serviceAccountName = sa;
      const r = update(ctx, t.res, o);
      if (typeof r === "number") return r;
      ctx.io.out(`${refName(t.res, o.metadata.name)} serviceaccount updated\n`);
    }
    return 0;
  }
  ctx.io.err(SUBCOMMAND_HELP["set"]);
  return 1;
}

// ---- rollout ---------------------------------------------------------------------------

export const ROLLOUT_FLAGS: FlagSpec[] = [
  { name: "to-revision", type: "int" },
  { name: "revision", type: "int" },
  { name: "watch", short: "w", type: "bool" },
  { name: "timeout", type: "string" },
  { name: "selector", short: "l", type: "string" },
  { name: "filename", short: "f", type: "array" },
  { name: "recursive", short: "R", type: "bool" },
  { name: "output", short: "o", type: "string" },
  { name: "dry-run", type: "string" },
  { name: "field-manager", type: "string" },
];

function ownedReplicaSets(ctx: Ctx, d: Json): Json[] {
  const rsRes = resolveResource(ctx.resources, "replicasets")!;
  const r = ctx.cluster.list(rsRes, d.metadata.namespace ?? ctx.namespace, reqOpts(ctx));
  if (!r.ok) return [];
  return r.value.filter((rs) => (rs.metadata?.ownerReferences ?? []).some((o: Json) => o.uid === d.metadata.uid || (o.kind === "Deployment" && o.name === d.metadata.name)));
}

function revisionOf(o: Json): number {
  return Number(o.metadata?.annotations?.["deployment.kubernetes.io/revision"] ?? 0);
}

/** kubectl rollout status message for a Deployment (KC rollout_status.go); done=true when complete. */
export function deploymentRolloutStatus(d: Json): { msg: string; done: boolean; error?: string } {
  const name = d.metadata.name;
  if ((d.metadata.generation ?? 0) > (d.status?.observedGeneration ?? 0)) return { msg: "Waiting for deployment spec update to be observed...\n", done: false };
  const cond = (d.status?.conditions ?? []).find((c: Json) => c.type === "Progressing");
  if (cond && cond.reason === "ProgressDeadlineExceeded") return { msg: "", done: false, error: `deployment "${name}" exceeded its progress deadline` };
  const want = d.spec?.replicas ?? 1;
  const updated = d.status?.updatedReplicas ?? 0;
  const total = d.status?.replicas ?? 0;
  const avail = d.status?.availableReplicas ?? 0;
  if (updated < want) return { msg: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...\n`, done: false };
  if (total > updated) return { msg: `Waiting for deployment "${name}" rollout to finish: ${total - updated} old replicas are pending termination...\n`, done: false };
  if (avail < updated) return { msg: `Waiting for deployment "${name}" rollout to finish: ${avail} of ${updated} updated replicas are available...\n`, done: false };
  return { msg: `deployment "${name}" successfully rolled out\n`, done: true };
}

/**
 * DaemonSetStatusViewer / StatefulSetStatusViewer (kubectl/pkg/polymorphichelpers/rollout_status.go). A
 * StatefulSet defaulted by the API server has rollingUpdate.partition 0, so it reports the partitioned
 * messages ("partitioned roll out complete: 3 new pods have been updated...").
 */
function dsStatus(d: Json, kind: "daemon set" | "statefulset"): { msg: string; done: boolean; error?: string } {
  const name = d.metadata.name;
  const strategy = d.spec?.updateStrategy?.type ?? "RollingUpdate";
  if (strategy !== "RollingUpdate") return { msg: "", done: true, error: "rollout status is only available for RollingUpdate strategy type" };
  const gen = d.metadata.generation ?? 0, observed = d.status?.observedGeneration ?? 0;
  if (kind === "daemon set") {
    if (gen > observed) return { msg: "Waiting for daemon set spec update to be observed...\n", done: false };
    const want = d.status?.desiredNumberScheduled ?? 0;
    const upd = d.status?.updatedNumberScheduled ?? 0;
    const avail = d.status?.numberAvailable ?? 0;
    if (upd < want) return { msg: `Waiting for daemon set "${name}" rollout to finish: ${upd} out of ${want} new pods have been updated...\n`, done: false };
    if (avail < want) return { msg: `Waiting for daemon set "${name}" rollout to finish: ${avail} of ${want} updated pods are available...\n`, done: false };
    return { msg: `daemon set "${name}" successfully rolled out\n`, done: true };
  }
  if (observed === 0 || gen > observed) return { msg: "Waiting for statefulset spec update to be observed...\n", done: false };
  const want = d.spec?.replicas ?? 1;
  const ready = d.status?.readyReplicas ?? 0;
  const updated = d.status?.updatedReplicas ?? 0;
  if (ready < want) return { msg: `Waiting for ${want - ready} pods to be ready...\n`, done: false };
  const ru = d.spec?.updateStrategy?.rollingUpdate;
  if (ru) {
    if (ru.partition !== undefined && ru.partition !== null && updated < want - ru.partition) {
      return { msg: `Waiting for partitioned roll out to finish: ${updated} out of ${want - ru.partition} new pods have been updated...\n`, done: false };
    }
    return { msg: `partitioned roll out complete: ${updated} new pods have been updated...\n`, done: true };
  }
  if (d.status?.updateRevision !== d.status?.currentRevision) {
    return { msg: `waiting for statefulset rolling update to complete ${updated} pods at revision ${d.status?.updateRevision ?? ""}...\n`, done: false };
  }
  return { msg: `statefulset rolling update complete ${d.status?.currentReplicas ?? 0} pods at revision ${d.status?.currentRevision ?? ""}...\n`, done: true };
}

/** kubectl rollout status|history|undo|restart|pause|resume */
export function cmdRollout(ctx: Ctx, p: Parsed): number {
  const sub = p.args[0];
  const rest = { ...p, args: p.args.slice(1) };
  const subs = ["history", "pause", "restart", "resume", "status", "undo"];
  if (!sub || !subs.includes(sub)) {
    ctx.io.err(SUBCOMMAND_HELP["rollout"]);
    return 1;
  }
  const tn = parseTypeNames(ctx, rest.args);
  if (!tn.length) {
    ctx.io.err(`error: required resource not specified\n`);
    return 1;
  }
  let code = 0;
  for (const t of tn) {
    if (!t.name) return fail(ctx, "resource(s) were provided, but no name was specified");
    if (!["deployments", "daemonsets", "statefulsets"].includes(t.res.name)) {
      ctx.io.err(`error: no ${sub === "status" ? "status viewer" : sub === "history" ? "history viewer" : sub === "undo" ? "rollbacker" : "restarter"} has been implemented for "${t.res.kind}"\n`);
      code = 1;
      continue;
    }
    const o = getObj(ctx, t.res, t.name);
    if (typeof o === "number") return o;
    const ref = refName(t.res, t.name);
    switch (sub) {
      case "status": {
        let last = "";
        const watch = p.flags["watch"] !== false;
        // --timeout (default: wait; bounded at 15 virtual minutes, past the 600 s progress deadline)
        const tm = /^([0-9]+)(s|m|h)?$/.exec(str(p, "timeout"));
        const limit = tm && Number(tm[1]) > 0 ? Math.min(900, Number(tm[1]) * (tm[2] === "m" ? 60 : tm[2] === "h" ? 3600 : 1)) : 900;
        let finished = false;
        for (let i = 0; i <= limit; i++) {
          const cur = i === 0 ? o : getObj(ctx, t.res, t.name);
          if (typeof cur === "number") return cur;
          const st: { msg: string; done: boolean; error?: string } = t.res.name === "deployments" ? deploymentRolloutStatus(cur) : dsStatus(cur, t.res.name === "daemonsets" ? "daemon set" : "statefulset");
          if (st.error) return fail(ctx, st.error);
          if (st.msg !== last) ctx.io.out(st.msg);
          last = st.msg;
          if (st.done || !watch) {
            finished = true;
            break;
          }
          if (i === limit) break;
          ctx.cluster.advance(1000);
          ctx.now = ctx.cluster.now();
        }
        if (!finished) return fail(ctx, "timed out waiting for the condition");
        break;
      }
      case "history": {
        if (t.res.name !== "deployments") {
          ctx.io.out(`${ref} \nREVISION  CHANGE-CAUSE\n\n`);
          break;
        }
        const rss = ownedReplicaSets(ctx, o).sort((a, b) => revisionOf(a) - revisionOf(b));
        const rev = int(p, "revision", 0);
        if (rev > 0) {
          const rs = rss.find((x) => revisionOf(x) === rev);
          if (!rs) return fail(ctx, `unable to find the specified revision`);
          const tpl = clone(rs.spec.template);
          // history.go ViewHistory: the ReplicaSet's change-cause is shown among the template's annotations
          const cause = rs.metadata?.annotations?.["kubernetes.io/change-cause"];
          if (cause) tpl.metadata = { ...(tpl.metadata ?? {}), annotations: { ...(tpl.metadata?.annotations ?? {}), "kubernetes.io/change-cause": cause } };
          ctx.io.out(`${ref} with revision #${rev}\n${podTemplateText(tpl)}\n`);
          break;
        }
        const rows = [["REVISION", "CHANGE-CAUSE"], ...rss.map((rs) => [String(revisionOf(rs)), rs.metadata?.annotations?.["kubernetes.io/change-cause"] ?? "<none>"])];
        ctx.io.out(`${ref} \n${tabwrite(rows, 0, 2)}\n`);
        break;
      }
      case "undo": {
        if (t.res.name !== "deployments") return fail(ctx, `rollback is only simulated for deployments`);
        if (o.spec?.paused) return fail(ctx, "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
        const rss = ownedReplicaSets(ctx, o).sort((a, b) => revisionOf(a) - revisionOf(b));
        const toRev = int(p, "to-revision", 0);
        let target: Json | undefined;
        if (toRev > 0) {
          target = rss.find((x) => revisionOf(x) === toRev);
          if (!target) return fail(ctx, `unable to find specified revision ${toRev} in history`);
        } else {
          const cur = revisionOf(o);
          const older = rss.filter((x) => revisionOf(x) !== cur);
          if (!rss.length) return fail(ctx, `no rollout history found for deployment "${t.name}"`);
          target = older[older.length - 1];
          if (!target) return fail(ctx, `no rollout history found for deployment "${t.name}"`);
        }
        const tpl = clone(target.spec.template);
        if (tpl.metadata?.labels) delete tpl.metadata.labels["pod-template-hash"];
        const curTpl = clone(o.spec.template);
        if (deepEqual(stripTs(tpl), stripTs(curTpl))) {
          ctx.io.out(`${ref} skipped rollback (current template already matches revision ${revisionOf(target)})\n`);
          break;
        }
        const next = clone(o);
        next.spec.template = tpl;
        // rollback.go DeploymentRollbacker: the Deployment keeps only its annotationsToSkip and takes every
        // other annotation (kubernetes.io/change-cause among them) from the ReplicaSet it rolls back to
        const annotations: Record<string, string> = {};
        for (const [k, v] of Object.entries((o.metadata?.annotations ?? {}) as Record<string, string>)) if (ROLLBACK_SKIP.has(k)) annotations[k] = v;
        for (const [k, v] of Object.entries((target.metadata?.annotations ?? {}) as Record<string, string>)) if (!ROLLBACK_SKIP.has(k)) annotations[k] = v;
        next.metadata.annotations = annotations;
        const dry = dryRunOf(p);
        if (dry !== "client") {
          const r = update(ctx, t.res, next, dry === "server");
          if (typeof r === "number") return r;
        }
        ctx.io.out(`${ref} rolled back${dryRunSuffix(dry)}\n`);
        break;
      }
      case "restart": {
        if (o.spec?.paused) return fail(ctx, `deployments.apps "${t.name}" can't restart paused deployment (run rollout resume first)`);
        const next = clone(o);
        next.spec.template.metadata = { ...(next.spec.template.metadata ?? {}) };
        next.spec.template.metadata.annotations = { ...(next.spec.template.metadata.annotations ?? {}), "kubectl.kubernetes.io/restartedAt": new Date(ctx.now).toISOString().replace(/\.\d{3}Z$/, "Z") };
        const r = update(ctx, t.res, next);
        if (typeof r === "number") return r;
        ctx.io.out(`${ref} restarted\n`);
        break;
      }
      case "pause":
      case "resume": {
        if (t.res.name !== "deployments") return fail(ctx, `${refName(t.res, t.name)} ${sub === "pause" ? "pausing" : "resuming"} is not supported`);
        const want = sub === "pause";
        if (!!o.spec?.paused === want) {
          ctx.io.err(`error: ${singularRef(t.res).replace(/^deployment/, "deployments")} "${t.name}" is ${want ? "already paused" : "not paused"}\n`);
          code = 1;
          break;
        }
        const next = clone(o);
        if (want) next.spec.paused = true;
        else delete next.spec.paused;
        const r = update(ctx, t.res, next);
        if (typeof r === "number") return r;
        ctx.io.out(`${ref} ${want ? "paused" : "resumed"}\n`);
        break;
      }
    }
  }
  return code;
}

function stripTs(tpl: Json): Json {
  const c = clone(tpl);
  if (c.metadata) delete c.metadata.creationTimestamp;
  return c;
}

/** kubectl pkg/cmd/set/env envresolve.GetEnvVarRefString: how set env --list names a valueFrom. */
function envRefString(from: Json): string {
  if (from.configMapKeyRef) return `configmap ${from.configMapKeyRef.name}, key ${from.configMapKeyRef.key}`;
  if (from.secretKeyRef) return `secret ${from.secretKeyRef.name}, key ${from.secretKeyRef.key}`;
  if (from.fieldRef) return `field path ${from.fieldRef.fieldPath}`;
  if (from.resourceFieldRef) return `resource field ${from.resourceFieldRef.containerName ? `${from.resourceFieldRef.containerName}/` : ""}${from.resourceFieldRef.resource}`;
  return "invalid valueFrom";
}

/**
 * set env --list --resolve (envresolve.GetEnvVarRefValue): a ConfigMap or Secret key's value, a field path
 * of the object itself, or a container's request/limit; null when it cannot be resolved (kubectl then
 * prints the reference line).
 */
function envRefValue(ctx: Ctx, obj: Json, c: Json, from: Json): string | null {
  const keyRef = from.configMapKeyRef ?? from.secretKeyRef;
  if (keyRef) {
    const res = resolveResource(ctx.resources, from.configMapKeyRef ? "configmaps" : "secrets");
    const src = res ? getObjQuiet(ctx, res, String(keyRef.name)) : null;
    const v = src?.data?.[keyRef.key];
    if (typeof v !== "string") return null;
    return from.secretKeyRef ? b64decode(v) : v;
  }
  if (from.fieldRef) {
    let cur: unknown = obj;
    for (const part of String(from.fieldRef.fieldPath).split(".")) cur = cur && typeof cur === "object" ? (cur as Json)[part] : undefined;
    return typeof cur === "string" || typeof cur === "number" ? String(cur) : null;
  }
  if (from.resourceFieldRef) {
    const [kind, name] = String(from.resourceFieldRef.resource).split(".");
    const v = c.resources?.[kind === "limits" ? "limits" : "requests"]?.[name];
    return typeof v === "string" ? v : null;
  }
  return null;
}

function getObjQuiet(ctx: Ctx, res: ApiResource, name: string): Json | null {
  const r = ctx.cluster.get(res, res.namespaced ? ctx.namespace : undefined, name, reqOpts(ctx));
  return r.ok ? r.value : null;
}

/** rollback.go annotationsToSkip: kept from the Deployment, never copied from the ReplicaSet. */
const ROLLBACK_SKIP = new Set(["kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision", "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas", "deployment.kubernetes.io/max-replicas", "deprecated.deployment.rollback.to"]);

function podTemplateText(tpl: Json): string {
  const lines: string[] = ["Pod Template:"];
  const labels = tpl.metadata?.labels ?? {};
  lines.push(`  Labels:\t${Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join("\n\t") || "<none>"}`);
  // describe.go DescribePodTemplate: an Annotations line only when there are some (printAnnotationsMultiline)
  const annotations = (tpl.metadata?.annotations ?? {}) as Record<string, string>;
  if (Object.keys(annotations).length) lines.push(`  Annotations:\t${Object.keys(annotations).sort().map((k) => `${k}: ${annotations[k]}`).join("\n\t")}`);
  lines.push("  Containers:");
  for (const c of tpl.spec?.containers ?? []) {
    lines.push(`   ${c.name}:`, `    Image:\t${c.image}`, `    Port:\t${c.ports?.[0] ? `${c.ports[0].containerPort}/${c.ports[0].protocol ?? "TCP"}` : "<none>"}`, `    Host Port:\t${c.ports?.[0] ? `0/${c.ports[0].protocol ?? "TCP"}` : "<none>"}`, `    Environment:\t<none>`, `    Mounts:\t<none>`);
  }
  lines.push("  Volumes:\t<none>", "  Node-Selectors:\t<none>", "  Tolerations:\t<none>");
  return lines.join("\n") + "\n";
}

// ---- label / annotate ---------------------------------------------------------------

export const LABEL_FLAGS: FlagSpec[] = [
  { name: "overwrite", type: "bool" },
  { name: "all", type: "bool" },
  { name: "all-namespaces", short: "A", type: "bool" },
  { name: "selector", short: "l", type: "string" },
  { name: "field-selector", type: "string" },
  { name: "list", type: "bool" },
  { name: "local", type: "bool" },
  { name: "resource-version", type: "string" },
  { name: "filename", short: "f", type: "array" },
  { name: "recursive", short: "R", type: "bool" },
  { name: "output", short: "o", type: "string" },
  { name: "dry-run", type: "string" },
  { name: "field-manager", type: "string" },
];

function metaEdit(ctx: Ctx, p: Parsed, field: "labels" | "annotations"): number {
  const isKv = (a: string) => a.includes("=") || a.endsWith("-");
  const objArgs = p.args.length ? [p.args[0]] : [];
  let i = 1;
  if (p.args[0] && !p.args[0].includes("/")) while (i < p.args.length && !isKv(p.args[i])) objArgs.push(p.args[i++]);
  else while (i < p.args.length && p.args[i].includes("/") && !isKv(p.args[i])) objArgs.push(p.args[i++]);
  const kv = p.args.slice(i);
  if (!p.args.length && !list(p, "filename").length) return fail(ctx, "one or more resources must be specified as <resource> <name> or <resource>/<name>");
  const adds: Record<string, string> = {};
  const removes: string[] = [];
  for (const a of kv) {
    if (a.endsWith("-") && !a.includes("=")) removes.push(a.slice(0, -1));
    else {
      const i = a.indexOf("=");
      adds[a.slice(0, i)] = a.slice(i + 1);
    }
  }
  if (!kv.length && !bool(p, "list")) return fail(ctx, `at least one ${field === "labels" ? "label" : "annotation"} update is required`);
  if (field === "labels") {
    for (const [k, v] of Object.entries(adds)) {
      if (v.length > 63 || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v)) {
        return fail(ctx, `invalid label value: "${k}=${v}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`);
      }
    }
  }
  const ts = selectTargets(ctx, { ...p, args: objArgs });
  if (typeof ts === "number") return ts;
  let code = 0;
  for (const t of ts) {
    const o = clone(t.obj);
    const cur: Record<string, string> = { ...(o.metadata?.[field] ?? {}) };
    if (bool(p, "list")) {
      for (const k of Object.keys(cur).sort()) ctx.io.out(`${k}=${cur[k]}\n`);
      continue;
    }
    if (!bool(p, "overwrite") && field === "labels") {
      const clash = Object.keys(adds).find((k) => k in cur && cur[k] !== adds[k]);
      if (clash) {
        ctx.io.err(`error: '${clash}' already has a value (${cur[clash]}), and --overwrite is false\n`);
        code = 1;
        continue;
      }
    }
    if (!bool(p, "overwrite") && field === "annotations") {
      // annotate.go validateNoAnnotationOverwrites: every clash in one message, joined by "; "; the
      // kubernetes.io/change-cause annotation can always be overwritten
      const clashes = Object.keys(adds).filter((k) => k !== "kubernetes.io/change-cause" && k in cur && cur[k] !== adds[k]);
      if (clashes.length) {
        ctx.io.err(`error: --overwrite is false but found the following declared annotation(s): ${clashes.map((k) => `'${k}' already has a value (${cur[k]})`).join("; ")}\n`);
        code = 1;
        continue;
      }
    }
    const before = JSON.stringify(cur);
    for (const k of removes) {
      if (!(k in cur) && field === "labels") {
        ctx.io.err(`label "${k}" not found.\n`);
      }
      delete cur[k];
    }
    Object.assign(cur, adds);
    o.metadata[field] = cur;
    if (!Object.keys(cur).length) delete o.metadata[field];
    const after = JSON.stringify(cur);
    const dry = dryRunOf(p);
    let verb: string;
    if (field === "annotations") verb = "annotated";
    else verb = before === after ? "not labeled" : after.length < before.length && !bool(p, "overwrite") ? "unlabeled" : "labeled";
    if (before !== after && dry !== "client") {
      const r = update(ctx, t.res, o, dry === "server");
      if (typeof r === "number") {
        code = r;
        continue;
      }
    }
    const outp = str(p, "output");
    if (outp) printObjects(ctx, parseOutput(outp, false), [{ res: t.res, obj: o }], true);
    else ctx.io.out(`${refName(t.res, o.metadata.name)} ${verb}${dryRunSuffix(dry)}\n`);
  }
  return code;
}

/** kubectl label */
export function cmdLabel(ctx: Ctx, p: Parsed): number {
  return metaEdit(ctx, p, "labels");
}

/** kubectl annotate */
export function cmdAnnotate(ctx: Ctx, p: Parsed): number {
  return metaEdit(ctx, p, "annotations");
}

// ---- taint / cordon / drain ---------------------------------------------------------

export const TAINT_FLAGS: FlagSpec[] = [
  { name: "overwrite", type: "bool" },
  { name: "all", type: "bool" },
  { name: "selector", short: "l", type: "string" },
  { name: "output", short: "o", type: "string" },
  { name: "dry-run", type: "string" },
  { name: "validate", type: "string" },
  { name: "field-manager", type: "string" },
];

function parseTaint(spec: string): { key: string; value?: string; effect?: string; remove: boolean } | string {
  const remove = spec.endsWith("-");
  const s = remove ? spec.slice(0, -1) : spec;
  const m = /^([^=:]+)(?:=([^:]*))?(?::(NoSchedule|PreferNoSchedule|NoExecute))?$/.exec(s);
  if (!m) {
    const em = /:(\w+)$/.exec(s);
    if (em) return `invalid taint spec: ${spec}, invalid taint effect: ${em[1]}, unsupported taint effect`;
    return `invalid taint spec: ${spec}`;
  }
  if (!remove && !m[3]) return `invalid taint spec: ${spec}, taint effect is required`;
  return { key: m[1], value: m[2], effect: m[3], remove };
}

/** kubectl taint */
export function cmdTaint(ctx: Ctx, p: Parsed): number {
  if (!p.args.length) return fail(ctx, "at least one taint update is required");
  const nodeRes = resolveResource(ctx.resources, "nodes")!;
  const first = p.args[0];
  if (!/^(node|nodes|no)$/.test(first.split("/")[0])) return fail(ctx, `invalid resource ${first}, only node types are supported`);
  let names: string[];
  let specs: string[];
  if (first.includes("/")) {
    names = [first.split("/")[1]];
    specs = p.args.slice(1);
  } else if (bool(p, "all") || str(p, "selector")) {
    const items = listObjects(ctx, nodeRes, false, str(p, "selector"), "");
    if (typeof items === "number") return items;
    names = items.map((n) => n.metadata.name);
    specs = p.args.slice(1);
  } else {
    names = p.args[1] ? [p.args[1]] : [];
    specs = p.args.slice(2);
  }
  if (!names.length) return fail(ctx, "at least one node name is required");
  if (!specs.length) return fail(ctx, "at least one taint update is required");
  const parsed = specs.map(parseTaint);
  const bad = parsed.find((x) => typeof x === "string");
  if (bad) return fail(ctx, bad as string);
  const ts = parsed as { key: string; value?: string; effect?: string; remove: boolean }[];
  let code = 0;
  for (const name of names) {
    const n = getObj(ctx, nodeRes, name);
    if (typeof n === "number") return n;
    const o = clone(n);
    let taints: Json[] = o.spec?.taints ?? [];
    let removed = false;
    let added = false;
    let failedNode = false;
    for (const t of ts) {
      if (t.remove) {
        const before = taints.length;
        taints = taints.filter((x) => !(x.key === t.key && (!t.effect || x.effect === t.effect)));
        if (taints.length === before) {
          ctx.io.err(`error: taint ${JSON.stringify(t.key + (t.effect ? ":" + t.effect : ""))} not found\n`);
          failedNode = true;
          break;
        }
        removed = true;
      } else {
        const ex = taints.find((x) => x.key === t.key && x.effect === t.effect);
        if (ex && !bool(p, "overwrite")) {
          ctx.io.err(`error: node ${name} already has ${t.key} taint(s) with same effect(s) and --overwrite is false\n`);
          failedNode = true;
          break;
        }
        if (ex) {
          if (t.value) ex.value = t.value;
          else delete ex.value;
        } else taints.push({ effect: t.effect, key: t.key, ...(t.value ? { value: t.value } : {}) });
        added = true;
      }
    }
    if (failedNode) {
      code = 1;
      continue;
    }
    o.spec = { ...(o.spec ?? {}) };
    if (taints.length) o.spec.taints = taints;
    else delete o.spec.taints;
    const r = update(ctx, nodeRes, o);
    if (typeof r === "number") {
      code = r;
      continue;
    }
    ctx.io.out(`node/${name} ${removed && !added ? "untainted" : "tainted"}\n`);
  }
  return code;
}

/** kubectl cordon / uncordon */
export function cmdCordon(ctx: Ctx, p: Parsed, on: boolean): number {
  const nodeRes = resolveResource(ctx.resources, "nodes")!;
  let names = p.args.map((a) => a.replace(/^(node|nodes|no)\//, ""));
  if (str(p, "selector")) {
    const items = listObjects(ctx, nodeRes, false, str(p, "selector"), "");
    if (typeof items === "number") return items;
    names = items.map((n) => n.metadata.name);
  }
  if (!names.length) {
    ctx.io.err(`error: USAGE: ${on ? "cordon" : "uncordon"} NODE [flags]\nSee 'kubectl ${on ? "cordon" : "uncordon"} -h' for help and examples\n`);
    return 1;
  }
  for (const name of names) {
    const n = getObj(ctx, nodeRes, name);
    if (typeof n === "number") return n;
    if (!!n.spec?.unschedulable === on) {
      ctx.io.out(`node/${name} already ${on ? "cordoned" : "uncordoned"}\n`);
      continue;
    }
    const o = clone(n);
    o.spec = { ...(o.spec ?? {}) };
    if (on) o.spec.unschedulable = true;
    else delete o.spec.unschedulable;
    const dry = dryRunOf(p);
    if (dry !== "client") {
      const r = update(ctx, nodeRes, o, dry === "server");
      if (typeof r === "number") return r;
    }
    ctx.io.out(`node/${name} ${on ? "cordoned" : "uncordoned"}${dryRunSuffix(dry)}\n`);
  }
  return 0;
}

export const DRAIN_FLAGS: FlagSpec[] = [
  { name: "ignore-daemonsets", type: "bool" },
  { name: "delete-emptydir-data", type: "bool" },
  { name: "delete-local-data", type: "bool" },
  { name: "force", type: "bool" },
  { name: "grace-period", type: "int" },
  { name: "timeout", type: "string" },
  { name: "selector", short: "l", type: "string" },
  { name: "pod-selector", type: "string" },
  { name: "disable-eviction", type: "bool" },
  { name: "skip-wait-for-delete-timeout", type: "int" },
  { name: "chunk-size", type: "int" },
  { name: "dry-run", type: "string" },
];

/** kubectl drain */
export function cmdDrain(ctx: Ctx, p: Parsed): number {
  const name = (p.args[0] ?? "").replace(/^(node|nodes|no)\//, "");
  if (!name) {
    ctx.io.err("error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples\n");
    return 1;
  }
  const timeoutErr = drainTimeoutError(p);
  if (timeoutErr) {
    ctx.io.err(`error: ${timeoutErr}\nSee 'kubectl drain --help' for usage.\n`);
    return 1;
  }
  const nodeRes = resolveResource(ctx.resources, "nodes")!;
  const podRes = resolveResource(ctx.resources, "pods")!;
  const n = getObj(ctx, nodeRes, name);
  if (typeof n === "number") return n;
  // cmd/drain: the printer carries the dry-run suffix; a client dry run does not cordon.
  const dry = dryRunOf(p);
  if (!n.spec?.unschedulable) {
    const o = clone(n);
    o.spec = { ...(o.spec ?? {}), unschedulable: true };
    if (dry !== "client") {
      const r = update(ctx, nodeRes, o, dry === "server");
      if (typeof r === "number") return r;
    }
    ctx.io.out(`node/${name} cordoned${dryRunSuffix(dry)}\n`);
  } else ctx.io.out(`node/${name} already cordoned${dryRunSuffix(dry)}\n`);
  const all = ctx.cluster.list(podRes, undefined, reqOpts(ctx));
  if (!all.ok) return printStatus(ctx, all.status);
  let pods = all.value.filter((x) => x.spec?.nodeName === name && x.status?.phase !== "Succeeded" && x.status?.phase !== "Failed");
  const podSel = str(p, "pod-selector");
  if (podSel) {
    const s = parseLabelSelector(podSel);
    if (!s.ok) return fail(ctx, s.error);
    pods = pods.filter((x) => matchLabels(s.reqs, x.metadata?.labels));
  }
  const ds: string[] = [];
  const local: string[] = [];
  const unmanaged: string[] = [];
  const mirror: string[] = [];
  const evict: Json[] = [];
  // Each pod goes through the filters in order and stops at the first that keeps it (drain/filters.go
  // makeFilters: daemonSet, mirrorPod, localStorage, unreplicated), so an unmanaged pod with an emptyDir
  // is reported for its local storage only.
  const emptyDirOk = bool(p, "delete-emptydir-data") || bool(p, "delete-local-data");
  for (const pod of pods.sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`))) {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const owner = (pod.metadata?.ownerReferences ?? []).find((o: Json) => o.controller);
    if (owner?.kind === "DaemonSet") {
      ds.push(key);
      continue;
    }
    if (pod.metadata?.annotations?.["kubernetes.io/config.mirror"]) {
      mirror.push(key);
      continue;
    }
    if ((pod.spec?.volumes ?? []).some((v: Json) => v.emptyDir) && !emptyDirOk) {
      local.push(key);
      continue;
    }
    if (!owner) unmanaged.push(key);
    evict.push(pod);
  }
  const problems: string[] = [];
  if (ds.length && !bool(p, "ignore-daemonsets")) problems.push(`cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${ds.join(", ")}`);
  if (local.length) problems.push(`cannot delete Pods with local storage (use --delete-emptydir-data to override): ${local.join(", ")}`);
  if (unmanaged.length && !bool(p, "force")) problems.push(`cannot delete Pods that declare no controller (use --force to override): ${unmanaged.join(", ")}`);
  if (problems.length) {
    // RunDrain prints the aggregate (several errors in brackets: apimachinery errors.Aggregate); CheckErr then
    // prints each error on its own line. Upstream groups the errors in a Go map, so their order varies.
    const agg = problems.length > 1 ? `[${problems.join(", ")}]` : problems[0];
    ctx.io.err(`error: unable to drain node "${name}" due to error: ${agg}, continuing command...\nThere are pending nodes to be drained:\n ${name}\n${problems.join("\n")}\n`);
    return 1;
  }
  const warnings: string[] = [];
  if (unmanaged.length) warnings.push(`deleting Pods that declare no controller: ${unmanaged.join(", ")}`);
  if (ds.length) warnings.push(`ignoring DaemonSet-managed Pods: ${ds.join(", ")}`);
  if (warnings.length) ctx.io.err(`Warning: ${warnings.join("; ")}\n`);
  // Evicted through pods/eviction (PodDisruptionBudgets apply) unless --disable-eviction; drain-wait.ts.
  return evictOrDeletePods(ctx, p, name, evict);
}
