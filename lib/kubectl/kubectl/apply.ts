// kubectl apply / create -f / replace / patch / edit: manifests in, API calls out.
import type { ApiResource, ApiResult, Json, RequestOpts } from "../cluster-api";
import { resourceForKind } from "../resources";
import { abs } from "../shell/builtins";
import type { CmdIO, ShellState } from "../shell/types";
import { bool, list, str, type Parsed } from "./args";
import { CmdError, fail, parseOutput, parseTypeNames, printMutated, printObjects, printStatus, readFiles, refName, reqOpts, statusText, type Ctx, type OutputKind } from "./ctx";
import { clone, deepEqual, jsonPatch, mergePatch, PatchError, strategicPatch, threeWay } from "./merge";
import { compactJson, parseManifests, toJson, toYaml } from "./yaml";

export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

export type DryRun = "none" | "client" | "server";

/** Parse --dry-run (bare flag means client, as kubectl's deprecated form). */
export function dryRunOf(p: Parsed): DryRun {
  const v = p.flags["dry-run"];
  if (v === undefined) return "none";
  if (v === "client" || v === "" || v === "true") return "client";
  if (v === "server") return "server";
  if (v === "none" || v === "false") return "none";
  throw new CmdError(`Invalid dry-run value (${String(v)}). Must be "none", "server", or "client".`);
}

/** The ` (dry run)` / ` (server dry run)` suffix of mutation messages. */
/** kubectl --validate=strict|warn|ignore (true = strict, false = ignore) as server-side field validation. */
export function validationOf(p: Parsed): "Strict" | "Warn" | "Ignore" {
  const v = (str(p, "validate") || "strict").toLowerCase();
  if (v === "strict" || v === "true") return "Strict";
  if (v === "warn") return "Warn";
  if (v === "ignore" || v === "false") return "Ignore";
  throw new CmdError(`invalid - validate option "${str(p, "validate")}"; must be one of: strict (or true), warn, ignore (or false)`);
}

/** Request options for a write: dry run and field validation from the flags. */
function writeOpts(ctx: Ctx, p: Parsed, dry: DryRun): RequestOpts {
  return { ...reqOpts(ctx, dry === "server"), fieldValidation: validationOf(p) };
}

/** Print the API server's warnings (e.g. unknown fields with --validate=warn). */
function printWarnings(ctx: Ctx, r: ApiResult<Json>) {
  if (r.ok) for (const w of r.warnings ?? []) ctx.io.err(`Warning: ${w}\n`);
}

/** The ` (dry run)` / ` (server dry run)` suffix of mutation messages. */
export function dryRunSuffix(d: DryRun): string {
  return d === "client" ? " (dry run)" : d === "server" ? " (server dry run)" : "";
}

interface Target {
  res: ApiResource;
  ns: string | undefined;
  obj: Json;
  source: string;
}

/** Resolve each manifest document to its resource and namespace; prints errors. */
function targetsOf(ctx: Ctx, p: Parsed, verb: string): Target[] | number {
  const files = list(p, "filename");
  if (!files.length) {
    if (list(p, "kustomize").length) return fail(ctx, "kustomize is not supported in this simulated kubectl");
    return fail(ctx, `must specify one of -f and -k\n\nerror: no objects passed to ${verb}`);
  }
  const fd = readFiles(ctx, files, bool(p, "recursive"));
  if (typeof fd === "number") return fd;
  const out: Target[] = [];
  for (const f of fd) {
    for (const d of f.docs) {
      if (!d.kind) {
        ctx.io.err(`error: unable to decode "${f.source}": Object 'Kind' is missing in '${JSON.stringify(d)}'\n`);
        return 1;
      }
      if (!d.apiVersion) {
        ctx.io.err(`error: unable to decode "${f.source}": Object 'apiVersion' is missing in '${JSON.stringify(d)}'\n`);
        return 1;
      }
      const res = resourceForKind(ctx.resources, String(d.apiVersion), String(d.kind));
      if (!res) {
        ctx.io.err(`error: resource mapping not found for name: "${d.metadata?.name ?? ""}" namespace: "${d.metadata?.namespace ?? ""}" from "${f.source}": no matches for kind "${d.kind}" in version "${d.apiVersion}"\nensure CRDs are installed first\n`);
        return 1;
      }
      let ns: string | undefined;
      if (res.namespaced) {
        const docNs = d.metadata?.namespace;
        if (docNs && ctx.nsSet && docNs !== ctx.namespace) {
          ctx.io.err(`error: the namespace from the provided object "${docNs}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${docNs}' to perform this operation.\n`);
          return 1;
        }
        ns = docNs || ctx.namespace;
      }
      out.push({ res, ns, obj: d, source: f.source });
    }
  }
  if (!out.length) return fail(ctx, `no objects passed to ${verb}`);
  return out;
}

function withNs(t: Target): Json {
  const o = clone(t.obj);
  o.metadata = { ...(o.metadata ?? {}) };
  if (t.ns) o.metadata.namespace = t.ns;
  return o;
}

/** kubectl apply -f */
export function cmdApply(ctx: Ctx, p: Parsed): number {
  const io = ctx.io;
  if (bool(p, "server-side")) {
    // server-side apply prints one verb for every object
    ctx = { ...ctx, io: { ...io, out: (s) => io.out(s.replace(/ (created|configured|unchanged)( \(server dry run\)| \(dry run\))?\n/g, " serverside-applied$2\n")) } };
  }
  const dry = dryRunOf(p);
  const out = parseOutput(str(p, "output"), false);
  const targets = targetsOf(ctx, p, "apply");
  if (typeof targets === "number") return targets;
  let code = 0;
  const printed: { res: ApiResource; obj: Json }[] = [];
  const errs: string[] = [];
  for (const t of targets) {
    const desired = withNs(t);
    const name = desired.metadata?.name;
    if (!name && !desired.metadata?.generateName) {
      errs.push(`error: error when retrieving current configuration of:\nResource: "${t.res.group ? t.res.group + "/" : ""}${t.res.version}, Resource=${t.res.name}", GroupVersionKind: "${t.res.group ? t.res.group + "/" : ""}${t.res.version}, Kind=${t.res.kind}"\nName: "", Namespace: "${t.ns ?? ""}"\nfrom server for: "${t.source}": resource name may not be empty`);
      code = 1;
      continue;
    }
    const annotated = clone(desired);
    const lastCfg = clone(desired);
    if (lastCfg.metadata?.annotations) {
      delete lastCfg.metadata.annotations[LAST_APPLIED];
      if (!Object.keys(lastCfg.metadata.annotations).length) delete lastCfg.metadata.annotations;
    }
    annotated.metadata.annotations = { ...(annotated.metadata.annotations ?? {}), [LAST_APPLIED]: compactJson(lastCfg) + "\n" };
    const cur = ctx.cluster.get(t.res, t.ns, name, reqOpts(ctx));
    // Create or update `obj`, record it for -o output and print kubectl's verb; a client dry run only prints.
    const write = (how: "create" | "update", obj: Json) => {
      const verb = how === "create" ? "created" : "configured";
      if (dry === "client") {
        printed.push({ res: t.res, obj });
        if (out.kind === "table") ctx.io.out(`${refName(t.res, name)} ${verb} (dry run)\n`);
        return;
      }
      const r = ctx.cluster[how](t.res, t.ns, obj, writeOpts(ctx, p, dry));
      printWarnings(ctx, r);
      if (!r.ok) {
        errs.push(statusText(r.status, { file: t.source, op: how === "create" ? "creating" : "patching" }));
        code = 1;
        return;
      }
      printed.push({ res: t.res, obj: r.value });
      if (out.kind === "table") ctx.io.out(`${refName(t.res, name)} ${verb}${dryRunSuffix(dry)}\n`);
    };
    if (!cur.ok && cur.status.reason !== "NotFound") {
      errs.push(statusText(cur.status, { file: t.source, op: "creating" }));
      code = 1;
      continue;
    }
    if (!cur.ok) {
      write("create", annotated);
      continue;
    }
    const live = cur.value;
    let last: Json = undefined;
    const lastText = live.metadata?.annotations?.[LAST_APPLIED];
    if (lastText) {
      try {
        last = JSON.parse(lastText);
      } catch {
        last = undefined;
      }
    } else {
      ctx.io.err(`Warning: resource ${t.res.name}/${name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`);
    }
    const merged = threeWay(live, last, annotated);
    if (deepEqual(merged, live)) {
      printed.push({ res: t.res, obj: live });
      if (out.kind === "table") ctx.io.out(`${refName(t.res, name)} unchanged${dryRunSuffix(dry)}\n`);
      continue;
    }
    write("update", merged);
  }
  if (out.kind !== "table" && printed.length) printMutated(ctx, out, printed, "apply");
  for (const e of errs) ctx.io.err(e + "\n");
  return code;
}

/** kubectl create -f */
export function cmdCreateFromFiles(ctx: Ctx, p: Parsed): number {
  const dry = dryRunOf(p);
  const out = parseOutput(str(p, "output"), false);
  const targets = targetsOf(ctx, p, "create");
  if (typeof targets === "number") return targets;
  let code = 0;
  const printed: { res: ApiResource; obj: Json }[] = [];
  const errs: string[] = [];
  for (const t of targets) {
    const obj = withNs(t);
    if (bool(p, "save-config")) {
      obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [LAST_APPLIED]: compactJson(t.obj) + "\n" };
    }
    if (dry === "client") {
      printed.push({ res: t.res, obj });
      if (out.kind === "table") ctx.io.out(`${refName(t.res, obj.metadata?.name ?? "")} created (dry run)\n`);
      continue;
    }
    const r = ctx.cluster.create(t.res, t.ns, obj, writeOpts(ctx, p, dry));
    printWarnings(ctx, r);
    if (!r.ok) {
      errs.push(statusText(r.status, { file: t.source, op: "creating" }));
      code = 1;
      continue;
    }
    printed.push({ res: t.res, obj: r.value });
    if (out.kind === "table") ctx.io.out(`${refName(t.res, r.value.metadata?.name ?? "")} created${dryRunSuffix(dry)}\n`);
  }
  if (out.kind !== "table" && printed.length) printMutated(ctx, out, printed, "create");
  for (const e of errs) ctx.io.err(e + "\n");
  return code;
}

/** kubectl replace -f [--force] */
export function cmdReplace(ctx: Ctx, p: Parsed): number {
  const dry = dryRunOf(p);
  const targets = targetsOf(ctx, p, "replace");
  if (typeof targets === "number") return targets;
  let code = 0;
  for (const t of targets) {
    const obj = withNs(t);
    const name = obj.metadata?.name ?? "";
    if (bool(p, "force")) {
      const d = ctx.cluster.delete(t.res, t.ns, name, { ...reqOpts(ctx, dry === "server"), gracePeriodSeconds: 0 });
      if (d.ok) ctx.io.out(`${t.res.singularName || t.res.kind.toLowerCase()}${t.res.group ? "." + t.res.group : ""} "${name}" deleted${t.ns ? ` from ${t.ns} namespace` : ""}\n`);
      else if (d.status.reason !== "NotFound") {
        code = printStatus(ctx, d.status);
        continue;
      }
      ctx.cluster.settle();
      const c = ctx.cluster.create(t.res, t.ns, stripServerFields(obj), writeOpts(ctx, p, dry));
      printWarnings(ctx, c);
      if (!c.ok) {
        code = printStatus(ctx, c.status, { file: t.source, op: "replacing" });
        continue;
      }
      ctx.io.out(`${refName(t.res, name)} replaced\n`);
      continue;
    }
    const cur = ctx.cluster.get(t.res, t.ns, name, reqOpts(ctx));
    if (!cur.ok) {
      code = printStatus(ctx, cur.status, { file: t.source, op: "replacing" });
      continue;
    }
    if (!obj.metadata.resourceVersion) obj.metadata.resourceVersion = cur.value.metadata?.resourceVersion;
    const r = ctx.cluster.update(t.res, t.ns, obj, writeOpts(ctx, p, dry));
    printWarnings(ctx, r);
    if (!r.ok) {
      code = printStatus(ctx, r.status, { file: t.source, op: "replacing" });
      continue;
    }
    ctx.io.out(`${refName(t.res, name)} replaced${dryRunSuffix(dry)}\n`);
  }
  return code;
}

function stripServerFields(o: Json): Json {
  const c = clone(o);
  if (c.metadata) {
    for (const k of ["uid", "resourceVersion", "creationTimestamp", "generation", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"]) delete c.metadata[k];
  }
  return c;
}

/** kubectl patch TYPE NAME -p '...' [--type strategic|merge|json] */
export function cmdPatch(ctx: Ctx, p: Parsed): number {
  const patchText = str(p, "patch") || (str(p, "patch-file") ? readText(ctx, str(p, "patch-file")) : "");
  if (!patchText) return fail(ctx, "must specify -p to patch");
  const type = str(p, "type", "strategic");
  if (!["strategic", "merge", "json"].includes(type)) return fail(ctx, `--type must be one of [json merge strategic], not "${type}"`);
  const dry = dryRunOf(p);
  let targets = parseTypeNames(ctx, p.args);
  if (list(p, "filename").length) {
    const t = targetsOf(ctx, p, "patch");
    if (typeof t === "number") return t;
    targets = t.map((x) => ({ res: x.res, name: x.obj.metadata?.name }));
  }
  if (!targets.length || targets.some((t) => !t.name)) {
    ctx.io.err("error: resource(s) were provided, but no name was specified\n");
    return 1;
  }
  let patch: Json;
  try {
    patch = JSON.parse(patchText);
  } catch {
    const parsed = parseManifests(patchText, "patch");
    if (!parsed.ok || parsed.docs.length !== 1) return fail(ctx, `unable to parse "${patchText}": yaml: did not find expected node content`);
    patch = parsed.docs[0];
  }
  if (type === "strategic" && Array.isArray(patch)) return fail(ctx, `unable to parse "${patchText}": json: cannot unmarshal array into Go value of type map[string]interface {}`);
  let code = 0;
  for (const t of targets) {
    const ns = t.res.namespaced ? ctx.namespace : undefined;
    const cur = ctx.cluster.get(t.res, ns, t.name!, reqOpts(ctx));
    if (!cur.ok) {
      code = printStatus(ctx, cur.status);
      continue;
    }
    let next: Json;
    try {
      next = type === "json" ? jsonPatch(cur.value, patch) : type === "merge" ? mergePatch(cur.value, patch) : strategicPatch(cur.value, patch);
    } catch (e) {
      if (e instanceof PatchError) {
        code = printStatus(ctx, { kind: "Status", apiVersion: "v1", status: "Failure", reason: "UnprocessableEntity", code: 422, message: e.message });
        continue;
      }
      throw e;
    }
    if (deepEqual(next, cur.value)) {
      ctx.io.out(`${refName(t.res, t.name!)} patched (no change)\n`);
      continue;
    }
    if (dry === "client") {
      ctx.io.out(`${refName(t.res, t.name!)} patched (dry run)\n`);
      continue;
    }
    const r = ctx.cluster.update(t.res, ns, next, reqOpts(ctx, dry === "server"));
    if (!r.ok) {
      code = printStatus(ctx, r.status);
      continue;
    }
    const out = parseOutput(str(p, "output"), false);
    if (out.kind !== "table") printObjects(ctx, out, [{ res: t.res, obj: r.value }], true);
    else ctx.io.out(`${refName(t.res, t.name!)} patched${dryRunSuffix(dry)}\n`);
  }
  return code;
}

function readText(ctx: Ctx, f: string): string {
  const r = ctx.state.fs.read(abs(ctx.state, f));
  return r.ok ? r.value : "";
}

const EDIT_HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

/** kubectl edit TYPE NAME: hand the object to the UI editor. */
export function cmdEdit(ctx: Ctx, p: Parsed): number {
  const targets = parseTypeNames(ctx, p.args);
  if (!targets.length) {
    ctx.io.err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n");
    return 1;
  }
  const t = targets[0];
  if (!t.name) return fail(ctx, "editing a whole resource type is not supported here; name one object, e.g. kubectl edit deployment web");
  const ns = t.res.namespaced ? ctx.namespace : undefined;
  const cur = ctx.cluster.get(t.res, ns, t.name, reqOpts(ctx));
  if (!cur.ok) return printStatus(ctx, cur.status);
  const fmt = str(p, "output") === "json" ? "json" : "yaml";
  const obj = clone(cur.value);
  if (obj.metadata) delete obj.metadata.managedFields;
  const text = EDIT_HEADER + (fmt === "json" ? toJson(obj) : toYaml(obj));
  const path = `/tmp/kubectl-edit-${String(ctx.state.history.length).padStart(6, "0")}.${fmt}`;
  ctx.state.fs.write(path, text);
  ctx.state.pendingEdit = { path, original: fmt === "json" ? toJson(obj) : toYaml(obj), namespace: ns, context: ctx.state.currentContext, outputFormat: fmt };
  ctx.state.editor = { kind: "kubectl-edit", path, content: text, editor: ctx.state.env.get("KUBE_EDITOR") ?? ctx.state.env.get("EDITOR") ?? "vi" };
  return 0;
}

/** Complete a pending kubectl edit with the editor's content (null = quit without saving). */
export function finishEdit(content: string | null, io: CmdIO, state: ShellState, makeCtx: () => Ctx): number {
  const pe = state.pendingEdit;
  if (!pe) {
    io.err("error: no edit in progress\n");
    return 1;
  }
  const stripped = (content ?? "")
    .split("\n")
    .filter((l) => !l.startsWith("#"))
    .join("\n");
  if (content === null || stripped.trim() === "" || stripped.trim() === pe.original.trim()) {
    state.pendingEdit = undefined;
    io.out("Edit cancelled, no changes made.\n");
    return 0;
  }
  const ctx = makeCtx();
  const parsed = parseManifests(stripped, pe.path);
  if (!parsed.ok || parsed.docs.length !== 1) {
    return reopen(state, io, content, [`# ${parsed.ok ? "the edited file must contain exactly one object" : parsed.error.replace(/^error: /, "")}`]);
  }
  const obj = parsed.docs[0];
  const res = resourceForKind(ctx.resources, String(obj.apiVersion ?? ""), String(obj.kind ?? ""));
  if (!res) return reopen(state, io, content, [`# no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`]);
  const r = ctx.cluster.update(res, pe.namespace, obj, reqOpts(ctx));
  if (!r.ok) {
    const s = r.status;
    const lines = s.details?.causes?.length
      ? [`# ${res.group ? `${res.name}.${res.group}` : res.name} "${obj.metadata?.name}" was not valid:`, ...s.details.causes.map((c) => `# * ${hashOnLineBreak(`${c.field ? `${c.field}: ` : ""}${c.message ?? ""}`)}`)]
      : [`# ${s.message}`];
    return reopen(state, io, content, lines);
  }
  state.pendingEdit = undefined;
  io.out(`${refName(res, obj.metadata?.name ?? "")} edited\n`);
  return 0;
}

/** kubectl edit's hashOnLineBreak: continuation lines of a multi-line message stay comments. */
function hashOnLineBreak(s: string): string {
  return s.replace(/\n(?=[^#])/g, "\n# ");
}

function reopen(state: ShellState, io: CmdIO, content: string, errLines: string[]): number {
  const pe = state.pendingEdit!;
  const body = content
    .split("\n")
    .filter((l) => !l.startsWith("#"))
    .join("\n");
  const text = EDIT_HEADER + errLines.join("\n") + "\n#\n" + body;
  state.fs.write(pe.path, text);
  state.editor = { kind: "kubectl-edit", path: pe.path, content: text, editor: state.env.get("KUBE_EDITOR") ?? "vi" };
  io.err(`error: ${errLines[0].replace(/^# /, "")}\n`);
  return 1;
}

export type { OutputKind };
