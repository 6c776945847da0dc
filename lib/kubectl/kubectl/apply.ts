// kubectl apply / create -f / replace / patch / edit: manifests in, API calls out.
import { waitDeleted } from "./wait-events";
import type { ApiResource, ApiResult, Json, RequestOpts } from "../cluster-api";
import { resourceForKind } from "../resources";
import { abs } from "../shell/builtins";
import type { CmdIO, ShellState } from "../shell/types";
import { bool, list, str, type Parsed } from "./args";
import { addSourceToErr, CmdError, fail, goQuote, newAggregate, parseOutput, parseTypeNames, plainError, printErr, printMutated, printObjects, printStatus, refName, reqOpts, statusError, type CliError, type Ctx, type OutputKind } from "./ctx";
import { clone, deepEqual, jsonPatch, mergePatch, PatchError, strategicPatch, threeWay } from "./merge";
import { kustomizeDir, readFilesOrKustomize } from "./kustomize-cmd";
import { threeWayApplyPatch } from "./smp";
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

/**
 * The objects of the -f files, as kubectl's resource builder with ContinueOnError visits them:
 * `items` in document order (an object, or the namespace-mismatch error of RequireNamespace),
 * `decodeErr` the aggregate of the documents that could not be decoded or mapped (EagerVisitorList,
 * reported after the rest). Unreadable files still end the command (the number is its exit code).
 * Source: cli-runtime/pkg/resource/visitor.go (StreamVisitor, EagerVisitorList, ContinueOnErrorVisitor).
 */
interface Visited {
  items: ({ t: Target } | { err: CliError })[];
  decodeErr: CliError | null;
}

function visitFiles(ctx: Ctx, p: Parsed, verb: string): Visited | number {
  if (!list(p, "filename").length && !kustomizeDir(p)) return fail(ctx, `must specify one of -f and -k\n\nerror: no objects passed to ${verb}`);
  const fd = readFilesOrKustomize(ctx, p);
  if (typeof fd === "number") return fd;
  const items: Visited["items"] = [];
  const decode: CliError[] = [];
  for (const f of fd) {
    for (const d of f.docs) {
      if (!d.kind) {
        decode.push(plainError(`unable to decode "${f.source}": Object 'Kind' is missing in '${JSON.stringify(d)}'`));
        continue;
      }
      if (!d.apiVersion) {
        decode.push(plainError(`unable to decode "${f.source}": Object 'apiVersion' is missing in '${JSON.stringify(d)}'`));
        continue;
      }
      const res = resourceForKind(ctx.resources, String(d.apiVersion), String(d.kind));
      if (!res) {
        decode.push(plainError(`resource mapping not found for name: "${d.metadata?.name ?? ""}" namespace: "${d.metadata?.namespace ?? ""}" from "${f.source}": no matches for kind "${d.kind}" in version "${d.apiVersion}"\nensure CRDs are installed first`));
        continue;
      }
      let ns: string | undefined;
      if (res.namespaced) {
        const docNs = d.metadata?.namespace;
        if (docNs && ctx.nsSet && docNs !== ctx.namespace) {
          items.push({ err: plainError(`the namespace from the provided object "${docNs}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${docNs}' to perform this operation.`) });
          continue;
        }
        ns = docNs || ctx.namespace;
      }
      items.push({ t: { res, ns, obj: d, source: f.source } });
    }
  }
  return { items, decodeErr: newAggregate(decode) };
}

/** ContinueOnErrorVisitor's result: one error as it is, several as an aggregate. */
function collected(errs: CliError[]): CliError | null {
  return errs.length === 1 ? errs[0] : newAggregate(errs);
}

/** The usable objects of a visit, and the builder's error: the per-item errors then the decode errors. */
function split(v: Visited): { targets: Target[]; builderErr: CliError | null } {
  const targets = v.items.flatMap((i) => ("t" in i ? [i.t] : []));
  const builderErr = collected([...v.items.flatMap((i) => ("err" in i ? [i.err] : [])), ...(v.decodeErr ? [v.decodeErr] : [])]);
  return { targets, builderErr };
}

/** Resolve each manifest document to its resource and namespace; prints the errors of documents that cannot be used. */
function targetsOf(ctx: Ctx, p: Parsed, verb: string): Target[] | number {
  const v = visitFiles(ctx, p, verb);
  if (typeof v === "number") return v;
  const { targets, builderErr } = split(v);
  if (builderErr) return printErr(ctx, builderErr);
  if (!targets.length) return fail(ctx, `no objects passed to ${verb}`);
  return targets;
}

function withNs(t: Target): Json {
  const o = clone(t.obj);
  o.metadata = { ...(o.metadata ?? {}) };
  if (t.ns) o.metadata.namespace = t.ns;
  return o;
}

/**
 * The last-applied-configuration value for `obj` (util.GetModifiedConfiguration): the object without
 * that annotation, `metadata.annotations` kept even when empty, as compact JSON plus a newline.
 */
export function lastAppliedConfig(obj: Json): string {
  const c = clone(obj);
  c.metadata = { ...(c.metadata ?? {}), annotations: { ...(c.metadata?.annotations ?? {}) } };
  delete c.metadata.annotations[LAST_APPLIED];
  return compactJson(c) + "\n";
}

/** resource.Info.String(): the mapping and the object's name as kubectl prints them in apply errors. */
export function infoString(res: ApiResource, name: string, ns: string | undefined): string {
  const gv = `${res.group}/${res.version}`;
  return `Resource: ${goQuote(`${gv}, Resource=${res.name}`)}, GroupVersionKind: ${goQuote(`${gv}, Kind=${res.kind}`)}\nName: ${goQuote(name)}, Namespace: ${goQuote(ns ?? "")}`;
}

/** A type kubectl's scheme knows (strategic merge patch) rather than a custom resource (JSON merge patch). */
const isBuiltin = (res: ApiResource) => !res.group.includes(".") || res.group.endsWith(".k8s.io");

/**
 * kubectl apply -f. Source: staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go (Run, applyOneObject)
 * and patcher.go (Patch): each object's error is collected; the builder's error comes first; one error
 * prints as CheckErr prints it, several as an aggregate (one line each); -o yaml/json prints nothing then.
 */
export function cmdApply(ctx: Ctx, p: Parsed): number {
  const io = ctx.io;
  if (bool(p, "server-side")) {
    // server-side apply prints one verb for every object
    ctx = { ...ctx, io: { ...io, out: (s) => io.out(s.replace(/ (created|configured|unchanged)( \(server dry run\)| \(dry run\))?\n/g, " serverside-applied$2\n")) } };
  }
  const dry = dryRunOf(p);
  const out = parseOutput(str(p, "output"), false);
  const v = visitFiles(ctx, p, "apply");
  if (typeof v === "number") return v;
  const { targets, builderErr } = split(v);
  if (!targets.length && !builderErr) return fail(ctx, "no objects passed to apply");
  const printed: { res: ApiResource; obj: Json }[] = [];
  const errs: CliError[] = builderErr ? [builderErr] : [];
  for (const t of targets) {
    const e = applyOne(ctx, p, t, dry, out, printed);
    // server-side apply is one PATCH whose error kubectl returns as it is
    if (e) errs.push(bool(p, "server-side") && e.kind === "status" ? statusError(e.status) : e);
  }
  if (out.kind !== "table" && printed.length && (!errs.length || out.kind === "name")) printMutated(ctx, out, printed, "apply");
  return printErr(ctx, collected(errs));
}

/** Apply one object; returns its error (already wrapped as kubectl wraps it). */
function applyOne(ctx: Ctx, p: Parsed, t: Target, dry: DryRun, out: OutputKind, printed: { res: ApiResource; obj: Json }[]): CliError | null {
  const desired = withNs(t);
  const name = desired.metadata?.name;
  if (!name) {
    if (desired.metadata?.generateName) return plainError(`from ${desired.metadata.generateName}: cannot use generate name with apply`);
    return addSourceToErr(`retrieving current configuration of:\n${infoString(t.res, "", t.ns)}\nfrom server for:`, t.source, plainError("resource name may not be empty"));
  }
  const annotated = clone(desired);
  annotated.metadata.annotations = { ...(annotated.metadata.annotations ?? {}), [LAST_APPLIED]: lastAppliedConfig(desired) };
  const cur = ctx.cluster.get(t.res, t.ns, name, reqOpts(ctx));
  if (!cur.ok && cur.status.reason !== "NotFound") {
    return addSourceToErr(`retrieving current configuration of:\n${infoString(t.res, name, t.ns)}\nfrom server for:`, t.source, statusError(cur.status));
  }
  const done = (obj: Json, verb: string): null => {
    printed.push({ res: t.res, obj });
    if (out.kind === "table") ctx.io.out(`${refName(t.res, name)} ${verb}${dryRunSuffix(dry)}\n`);
    return null;
  };
  if (!cur.ok) {
    if (dry === "client") return done(annotated, "created");
    const r = ctx.cluster.create(t.res, t.ns, annotated, writeOpts(ctx, p, dry));
    printWarnings(ctx, r);
    if (!r.ok) return addSourceToErr("creating", t.source, statusError(r.status));
    return done(r.value, "created");
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
  } else if (dry !== "client" && !bool(p, "server-side")) {
    // apply.go prints it before the client-side patch, which a client dry run and server-side apply never reach
    ctx.io.err(`Warning: resource ${t.res.name}/${name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`);
  }
  const merged = threeWay(live, last, annotated);
  if (deepEqual(merged, live)) return done(live, "unchanged");
  if (dry === "client") return done(merged, "configured");
  const r = ctx.cluster.update(t.res, t.ns, merged, writeOpts(ctx, p, dry));
  printWarnings(ctx, r);
  if (!r.ok) {
    // patcher.Patch wraps the server's error ("patching"), applyOneObject adds the patch it sent and the object
    const patch = compactJson(threeWayApplyPatch(last ?? null, annotated, live, isBuiltin(t.res)));
    const sent = addSourceToErr("patching", t.source, statusError(r.status));
    return addSourceToErr(`applying patch:\n${patch}\nto:\n${infoString(t.res, name, t.ns)}\nfor:`, t.source, sent);
  }
  return done(r.value, "configured");
}

/** kubectl create -f: per-object errors in document order, the undecodable documents last (create.go RunCreate). */
export function cmdCreateFromFiles(ctx: Ctx, p: Parsed): number {
  const dry = dryRunOf(p);
  const out = parseOutput(str(p, "output"), false);
  const v = visitFiles(ctx, p, "create");
  if (typeof v === "number") return v;
  const printed: { res: ApiResource; obj: Json }[] = [];
  const errs: CliError[] = [];
  for (const item of v.items) {
    if ("err" in item) {
      errs.push(item.err);
      continue;
    }
    const t = item.t;
    const obj = withNs(t);
    if (bool(p, "save-config")) {
      obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [LAST_APPLIED]: lastAppliedConfig(obj) };
    }
    if (dry === "client") {
      printed.push({ res: t.res, obj });
      if (out.kind === "table") ctx.io.out(`${refName(t.res, obj.metadata?.name ?? "")} created (dry run)\n`);
      continue;
    }
    const r = ctx.cluster.create(t.res, t.ns, obj, writeOpts(ctx, p, dry));
    printWarnings(ctx, r);
    if (!r.ok) {
      errs.push(addSourceToErr("creating", t.source, statusError(r.status)));
      continue;
    }
    printed.push({ res: t.res, obj: r.value });
    if (out.kind === "table") ctx.io.out(`${refName(t.res, r.value.metadata?.name ?? "")} created${dryRunSuffix(dry)}\n`);
  }
  if (v.decodeErr) errs.push(v.decodeErr);
  if (out.kind !== "table" && printed.length) printMutated(ctx, out, printed, "create");
  if (!printed.length && !errs.length) return fail(ctx, "no objects passed to create");
  return printErr(ctx, collected(errs));
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
      // replace --force: delete (grace 0), wait for the object to be gone (replace.go forceReplace polls for
      // NotFound), then create; in settle time the cluster also settles
      if (d.ok && dry === "none") waitDeleted(ctx, [{ res: t.res, ns: t.ns, name, uid: d.value?.metadata?.uid }], 0);
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
      if (e instanceof PatchError && type === "json") {
        // apiserver handlers/patch.go applyJSPatch: a JSON patch that does not apply is
        // NewGenericServerResponse(422) without causes, which kubectl's checkErr prints as an Invalid
        // error with no kind or name (the operation's own words stay on the server)
        ctx.io.err("The request is invalid: the server rejected our request due to an error in our request\n");
        code = 1;
        continue;
      }
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

// kubectl edit. Source: staging/src/k8s.io/kubectl/pkg/cmd/util/editor/editoptions.go (Run's edit loop,
// editHeader.writeTo, editResults.addError, preservedFile, hashOnLineBreak) and cmdutil.ManualStrip.
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
  const body = fmt === "json" ? toJson(obj) : toYaml(obj);
  // editPrinterOptions: no comment header when the object is shown as JSON
  const text = (fmt === "json" ? "" : EDIT_HEADER) + body;
  const path = `/tmp/kubectl-edit-${String(ctx.state.history.length).padStart(6, "0")}.${fmt}`;
  ctx.state.fs.write(path, text);
  ctx.state.pendingEdit = { path, original: body, namespace: ns, context: ctx.state.currentContext, outputFormat: fmt, ...(ctx.changeCause ? { changeCause: ctx.changeCause } : {}) };
  ctx.state.editor = { kind: "kubectl-edit", path, content: text, editor: ctx.state.env.get("KUBE_EDITOR") ?? ctx.state.env.get("EDITOR") ?? "vi" };
  return 0;
}

/** cmdutil.ManualStrip: drop the lines that are comments after leading blanks (`#!` excepted). */
function manualStrip(text: string): string {
  const lines = text.split("\n");
  let out = "";
  lines.forEach((l, i) => {
    const t = l.trim();
    if (t.startsWith("#") && !t.startsWith("#!")) return;
    out += l + (i < lines.length - 1 ? "\n" : "");
  });
  return out;
}

/** cmdutil.StripComments: the content as JSON (comments and layout do not count), or ManualStrip when it does not parse. */
function stripComments(text: string): string {
  const r = parseManifests(text, "edited-file");
  return r.ok ? compactJson(r.docs) : manualStrip(text);
}

/** editResults.addError's resource string: `<plural>` or `<plural>.<group>`. */
const editResource = (res: ApiResource) => (res.group ? `${res.name}.${res.group}` : res.name);

/** Complete a pending kubectl edit with the editor's content (null = quit without saving). */
export function finishEdit(content: string | null, io: CmdIO, state: ShellState, makeCtx: () => Ctx): number {
  const pe = state.pendingEdit;
  if (!pe) {
    io.err("error: no edit in progress\n");
    return 1;
  }
  // quitting without saving leaves the file as kubectl wrote it
  let edited = content;
  if (edited === null) {
    const f = state.fs.read(pe.path);
    edited = f.ok ? f.value : "";
  }
  const keep = (msg: string) => {
    state.fs.write(pe.path, edited);
    state.pendingEdit = undefined;
    io.err(msg);
    return 1;
  };
  // retrying after an error, and nothing changed since: give up (preservedFile)
  if (pe.containsError && stripComments(pe.edited ?? "") === stripComments(edited)) {
    return keep(`A copy of your changes has been stored to ${goQuote(pe.path)}\nerror: Edit cancelled, no valid changes were saved.\n`);
  }
  if (stripComments(pe.original) === stripComments(edited)) {
    state.pendingEdit = undefined;
    io.err("Edit cancelled, no changes made.\n");
    return 0;
  }
  if (!edited.split("\n").some((l) => l.trim() && !l.trim().startsWith("#"))) {
    state.pendingEdit = undefined;
    io.err("Edit cancelled, saved file was empty.\n");
    return 0;
  }
  const ctx = makeCtx();
  // the object without the `#` lines (file-errors.ts counts lines the same way)
  const parsed = parseManifests(
    edited
      .split("\n")
      .filter((l) => !l.startsWith("#"))
      .join("\n"),
    pe.path,
  );
  if (!parsed.ok || parsed.docs.length !== 1) {
    const msg = parsed.ok ? "the edited file must contain exactly one object" : parsed.error.replace(/^error: /, "");
    io.err(`error: ${msg}\n`);
    return reopen(state, edited, [{ head: msg, other: [] }]);
  }
  const obj = parsed.docs[0];
  const res = resourceForKind(ctx.resources, String(obj.apiVersion ?? ""), String(obj.kind ?? ""));
  if (!res) {
    const msg = `no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`;
    io.err(`error: ${msg}\n`);
    return reopen(state, edited, [{ head: msg, other: [] }]);
  }
  const name = String(obj.metadata?.name ?? "");
  // kubectl sends a two-way patch of what changed: an untouched resourceVersion is no precondition
  const before = parseManifests(pe.original, pe.path);
  const rv = before.ok ? before.docs[0]?.metadata?.resourceVersion : undefined;
  if (obj.metadata && rv !== undefined && obj.metadata.resourceVersion === rv) delete obj.metadata.resourceVersion;
  // --record: editoptions.go visitAnnotation records the change-cause on the edited object before patching it
  if (pe.changeCause) obj.metadata = { ...(obj.metadata ?? {}), annotations: { ...(obj.metadata?.annotations ?? {}), "kubernetes.io/change-cause": pe.changeCause } };
  const r = ctx.cluster.update(res, pe.namespace, obj, reqOpts(ctx));
  if (r.ok) {
    state.pendingEdit = undefined;
    io.out(`${refName(res, name)} edited\n`);
    return 0;
  }
  const s = r.status;
  const rs = editResource(res);
  if (s.reason === "Invalid" || s.reason === "BadRequest") {
    // re-open the editor on the spot with the causes in the header
    io.err(`error: ${rs} ${goQuote(name)} is invalid\n`);
    if (s.reason === "BadRequest") {
      // A decoding error of the simulator's PUT. kubectl's PATCH gets it back as Invalid with one cause
      // `patch: Invalid value: "<patch map>": <error>` (apiserver applyPatchToObject), not simulated: the header keeps the message.
      return reopen(state, edited, [{ head: s.message, other: [] }]);
    }
    return reopen(state, edited, [{ head: `${rs} ${goQuote(name)} was not valid`, other: (s.details?.causes ?? []).map((c) => `${c.field ?? ""}: ${c.message ?? ""}`) }]);
  }
  if (s.reason === "NotFound") {
    return keep(`error: ${rs} ${goQuote(name)} could not be found on the server\nThe edits you made on deleted resources have been saved to ${goQuote(pe.path)}\n`);
  }
  // retryable: kubectl stops and proposes kubectl replace -f with the saved file
  return keep(`error: ${rs} ${goQuote(name)} could not be patched: ${s.message}\nYou can run \`kubectl replace -f ${pe.path}\` to try this update again.\n`);
}

/** kubectl edit's hashOnLineBreak: continuation lines of a multi-line message stay comments. */
function hashOnLineBreak(s: string): string {
  return s.replace(/\n(?=[^#])/g, "\n# ");
}

/** Re-open the editor: the header with the failures (editHeader.writeTo), then the saved text without its comments. */
function reopen(state: ShellState, edited: string, reasons: { head: string; other: string[] }[]): number {
  const pe = state.pendingEdit!;
  let header = "";
  if (pe.outputFormat !== "json") {
    header = EDIT_HEADER;
    for (const r of reasons) {
      header += `# ${hashOnLineBreak(r.head)}${r.other.length ? ":" : ""}\n`;
      for (const o of r.other) header += `# * ${hashOnLineBreak(o)}\n`;
      header += "#\n";
    }
  }
  const text = header + manualStrip(edited);
  state.fs.write(pe.path, text);
  state.pendingEdit = { ...pe, containsError: true, edited };
  state.editor = { kind: "kubectl-edit", path: pe.path, content: text, editor: state.env.get("KUBE_EDITOR") ?? "vi" };
  return 1;
}

export type { OutputKind };
