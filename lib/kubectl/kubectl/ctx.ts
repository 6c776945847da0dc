// Shared helpers for kubectl commands: the request context, error rendering, resource
// resolution, reading -f files and printing objects in the -o formats.
import type { ApiResource, ClusterApi, Json, RequestOpts, Status } from "../cluster-api";
import { qualified, SimulationStopped } from "../cluster-api";
import { DEFAULT_RESOURCES, resolveResource, singularRef } from "../resources";
import { abs } from "../shell/builtins";
import type { CmdIO, KubeContext, ShellState } from "../shell/types";
import { baseName } from "../shell/vfs";
import { executeTemplate, goSyntax, JsonPathError, JsonPathExecError, parseColumnPath, valuesAt } from "./jsonpath";
import { COLUMNS, DEFAULT_COLUMNS, labelsString, tabwrite } from "./table";
import { customColumns } from "./crd-columns";
import { CSI_COLUMNS } from "./csi";
import { CSR_COLUMNS } from "./certificate";
import { parseManifests, toJson, toKyaml, toYaml } from "./yaml";

export interface Ctx {
  state: ShellState;
  io: CmdIO;
  cluster: ClusterApi;
  resources: ApiResource[];
  context: KubeContext;
  /** effective namespace (-n or the context's or default) */
  namespace: string;
  nsSet: boolean;
  user: string;
  groups: string[];
  now: number;
  cmd: string;
  /** --record: the change-cause every object this command sends carries */
  changeCause?: string;
}

const CHANGE_CAUSE = "kubernetes.io/change-cause";

function withChangeCause(obj: Json, cause: string): Json {
  const meta = (obj.metadata ?? {}) as Json;
  return { ...obj, metadata: { ...meta, annotations: { ...((meta.annotations ?? {}) as Json), [CHANGE_CAUSE]: cause } } };
}

/**
 * --record (cli-runtime ChangeCauseRecorder): every object the command creates or updates gets
 * `kubernetes.io/change-cause`; -f documents get it as they are read, so apply's last-applied
 * configuration holds it too (apply.go applyOneObject records info.Object before computing it).
 */
export function recordChangeCause(ctx: Ctx, cause: string): void {
  ctx.changeCause = cause;
  const inner = ctx.cluster;
  ctx.cluster = new Proxy(inner, {
    get(target, key) {
      if (key === "create") return ((res, ns, obj, o) => target.create(res, ns, withChangeCause(obj, cause), o)) as ClusterApi["create"];
      if (key === "update") return ((res, ns, obj, o) => target.update(res, ns, withChangeCause(obj, cause), o)) as ClusterApi["update"];
      const v = Reflect.get(target, key);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

/** Request options (user, groups, dry run) for an API call. */
export function reqOpts(ctx: Ctx, dryRun = false): RequestOpts {
  return { user: ctx.user, groups: ctx.groups, ...(dryRun ? { dryRun: true } : {}) };
}

/** A kubectl error printed as `error: …`. */
export class CmdError extends Error {
  constructor(
    message: string,
    public code = 1,
  ) {
    super(message);
  }
}

/** Print `error: msg` and return 1. */
export function fail(ctx: Ctx, msg: string, code = 1): number {
  ctx.io.err(`error: ${msg}\n`);
  return code;
}

// ---- errors as cmdutil.CheckErr prints them ----------------------------------------------
// Source: staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go (AddSourceToErr, checkErr,
// StandardErrorMessage, MultilineError, MultipleErrors) and apimachinery/pkg/util/errors (aggregate).

/**
 * An error as kubectl's CheckErr receives it: an API Status (its message prefixed by
 * AddSourceToErr, details kept), a plain Go error, or an aggregate (utilerrors.NewAggregate).
 */
export type CliError = { kind: "status"; status: Status; prefix: string } | { kind: "plain"; message: string } | { kind: "aggregate"; errors: CliError[] };

/** An API Status as an error. */
export const statusError = (status: Status): CliError => ({ kind: "status", status, prefix: "" });

/** A client-side error (fmt.Errorf). */
export const plainError = (message: string): CliError => ({ kind: "plain", message });

/** Go's %q of a plain string. */
export const goQuote = (s: string): string => JSON.stringify(s);

/** cmdutil.AddSourceToErr: `error when <verb> "<source>": ` before the message; a Status stays a Status. */
export function addSourceToErr(verb: string, source: string, e: CliError): CliError {
  if (!source) return e;
  const p = `error when ${verb} ${goQuote(source)}: `;
  return e.kind === "status" ? { ...e, prefix: p + e.prefix } : plainError(p + errorString(e));
}

/** utilerrors.NewAggregate (null for no errors). */
export function newAggregate(errs: (CliError | null | undefined)[]): CliError | null {
  const list = errs.filter((e): e is CliError => !!e);
  return list.length ? { kind: "aggregate", errors: list } : null;
}

/** err.Error(): an aggregate flattens its nested aggregates, drops repeated messages and lists several in [a, b]. */
export function errorString(e: CliError): string {
  if (e.kind === "status") return e.prefix + e.status.message;
  if (e.kind === "plain") return e.message;
  if (e.errors.length === 1) return errorString(e.errors[0]);
  const seen: string[] = [];
  const visit = (x: CliError) => {
    if (x.kind === "aggregate") x.errors.forEach(visit);
    else if (!seen.includes(errorString(x))) seen.push(errorString(x));
  };
  visit(e);
  return seen.length === 1 ? seen[0] : `[${seen.join(", ")}]`;
}

/** StandardErrorMessage for a Status: `Error from server (<Reason>): <message>`. */
function standardStatusMessage(s: Status, message: string): string {
  if (s.reason === "Unauthorized") return `error: You must be logged in to the server (${message})`;
  if (!s.reason || s.reason === "Unknown") return `Error from server: ${message}`;
  return `Error from server (${s.reason}): ${message}`;
}

/** messageForError: one line of MultipleErrors (an Invalid Status prints like any other Status here). */
function messageForError(e: CliError): string {
  return e.kind === "status" ? standardStatusMessage(e.status, errorString(e)) : errorString(e);
}

/**
 * checkErr's text for an Invalid Status (MultilineError, so it always ends with a newline of its own):
 * `The <Kind> "<name>" is invalid: <field>: <message>`, several causes as `* ` lines.
 */
function invalidText(s: Status): string | null {
  if (s.details?.kind && s.details.causes?.length) {
    const kind = s.details.kind;
    const name = s.details.name ?? "";
    // statusCausesToAggrError drops repeated causes
    const causes = [...new Set(s.details.causes.map((c) => (c.field ? `${c.field}: ${c.message ?? ""}` : (c.message ?? ""))))];
    if (causes.length === 1) return `The ${kind} ${goQuote(name)} is invalid: ${causes[0]}\n`;
    return `The ${kind} ${goQuote(name)} is invalid: \n` + causes.map((c) => `* ${c}\n`).join("");
  }
  if (/^\S+ "[^"]*" is invalid: /.test(s.message) && !s.message.startsWith("The ")) {
    return "The " + s.message.replace(/^(\w+)\.[\w.]+ /, "$1 ") + "\n";
  }
  return null;
}

/** What cmdutil.CheckErr prints for `e` (ends with a newline; empty for no error). */
export function checkErrText(e: CliError | null): string {
  if (!e) return "";
  if (e.kind === "aggregate" && e.errors.length === 1) e = e.errors[0];
  let msg: string;
  if (e.kind === "status") msg = (e.status.reason === "Invalid" ? invalidText(e.status) : null) ?? standardStatusMessage(e.status, errorString(e));
  else if (e.kind === "aggregate") msg = e.errors.map((x) => messageForError(x) + "\n").join("");
  else msg = e.message.startsWith("error: ") ? e.message : `error: ${e.message}`;
  return msg.endsWith("\n") ? msg : msg + "\n";
}

/** Print `e` as CheckErr does; returns exit code 1 (0 when there is no error). */
export function printErr(ctx: Ctx, e: CliError | null): number {
  if (!e) return 0;
  ctx.io.err(checkErrText(e));
  return 1;
}

/** Render an API Status as kubectl's CheckErr does (optionally with AddSourceToErr's `error when <op> "<file>": `). */
export function statusText(s: Status, opts: { file?: string; op?: "creating" | "patching" | "replacing" | "applying" } = {}): string {
  const e = opts.file ? addSourceToErr(opts.op ?? "creating", opts.file, statusError(s)) : statusError(s);
  return checkErrText(e).replace(/\n$/, "");
}

/** Print an API Status the way kubectl does; returns exit code 1. */
export function printStatus(ctx: Ctx, s: Status, opts: Parameters<typeof statusText>[1] = {}): number {
  ctx.io.err(statusText(s, opts) + "\n");
  return 1;
}

/** The cluster's discovery list, or the built-in default. */
export function resources(cluster: ClusterApi): ApiResource[] {
  try {
    const r = cluster.resources();
    return r && r.length ? r : DEFAULT_RESOURCES;
  } catch (e) {
    if (e instanceof SimulationStopped) throw e;
    return DEFAULT_RESOURCES;
  }
}

/** Resolve a typed resource name or throw kubectl's unknown-type error. */
export function resolveType(ctx: Ctx, typed: string): ApiResource {
  const r = resolveResource(ctx.resources, typed);
  if (!r) throw new CmdError(`the server doesn't have a resource type "${typed}"`);
  return r;
}

export interface TypeName {
  res: ApiResource;
  name?: string;
}

/** Parse `TYPE NAME...`, `TYPE/NAME...`, `TYPE1,TYPE2` argument forms. */
export function parseTypeNames(ctx: Ctx, args: string[]): TypeName[] {
  if (!args.length) return [];
  if (args.some((a) => a.includes("/"))) {
    return args.map((a) => {
      const i = a.indexOf("/");
      if (i < 0) throw new CmdError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`);
      const name = a.slice(i + 1);
      if (!name) throw new CmdError(`arguments in resource/name form must have a single resource and name`);
      return { res: resolveType(ctx, a.slice(0, i)), name };
    });
  }
  const types = args[0].split(",").filter(Boolean);
  const names = args.slice(1);
  const out: TypeName[] = [];
  for (const t of types) {
    if (t === "all") {
      for (const n of ALL_TYPES) {
        const r = resolveResource(ctx.resources, n);
        if (r) out.push({ res: r });
      }
      continue;
    }
    const res = resolveType(ctx, t);
    if (names.length) for (const n of names) out.push({ res, name: n });
    else out.push({ res });
  }
  return out;
}

export const ALL_TYPES = ["pods", "replicationcontrollers", "services", "daemonsets", "deployments", "replicasets", "statefulsets", "horizontalpodautoscalers", "cronjobs", "jobs"];


/** `deployment.apps/web` */
export function refName(res: ApiResource, name: string): string {
  return `${singularRef(res)}/${name}`;
}

// ---- files --------------------------------------------------------------------------

export interface FileDocs {
  source: string;
  docs: Json[];
}

/** Read the -f arguments (files, directories, `-` for stdin). */
export function readFiles(ctx: Ctx, files: string[], recursive = false): FileDocs[] | number {
  const out: FileDocs[] = [];
  for (const f of files) {
    if (f === "-") {
      const r = parseManifests(ctx.io.stdin, "STDIN");
      if (!r.ok) return errText(ctx, r.error);
      out.push({ source: "STDIN", docs: r.docs });
      continue;
    }
    if (/^https?:\/\//.test(f)) {
      return fail(ctx, `unable to read URL "${f}", server reported 404 Not Found, status code=404 (no network access from the simulated shell)`);
    }
    const p = abs(ctx.state, f);
    if (ctx.state.fs.isDir(p)) {
      const all = recursive ? ctx.state.fs.walk(p) : ctx.state.fs.list(p).map((n) => (p === "/" ? "" : p) + "/" + n).filter((x) => ctx.state.fs.isFile(x));
      for (const file of all.filter((x) => /\.(ya?ml|json)$/.test(x))) {
        const shown = f.replace(/\/$/, "") + file.slice(p.length);
        const r = parseManifests(ctx.state.fs.read(file).ok ? (ctx.state.fs.read(file) as { value: string }).value : "", shown);
        if (!r.ok) return errText(ctx, r.error);
        out.push({ source: shown, docs: r.docs });
      }
      continue;
    }
    const rd = ctx.state.fs.read(p);
    if (!rd.ok) return fail(ctx, `the path "${f}" does not exist`);
    const r = parseManifests(rd.value, f);
    if (!r.ok) return errText(ctx, r.error);
    out.push({ source: f, docs: r.docs });
  }
  if (ctx.changeCause) {
    const cause = ctx.changeCause;
    const mark = (d: Json): Json => (Array.isArray(d.items) && /List$/.test(String(d.kind ?? "")) ? { ...d, items: (d.items as Json[]).map(mark) } : withChangeCause(d, cause));
    for (const fd of out) fd.docs = fd.docs.map((d) => (d && typeof d === "object" && !Array.isArray(d) ? mark(d) : d));
  }
  return out;
}

function errText(ctx: Ctx, text: string): number {
  ctx.io.err(text + "\n");
  return 1;
}

export { baseName };

// ---- output ---------------------------------------------------------------------------

export type OutputKind = { kind: "table"; wide: boolean } | { kind: "yaml" } | { kind: "kyaml" } | { kind: "json" } | { kind: "name" } | { kind: "jsonpath"; tpl: string } | { kind: "custom"; cols: { header: string; path: string }[] };

const ALLOWED = "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,kyaml,name,template,templatefile,wide,yaml";

/** Parse -o. Throws CmdError for unknown formats. */
export function parseOutput(o: string, allowWide = true, fs?: { read(p: string): string | null }): OutputKind {
  if (!o) return { kind: "table", wide: false };
  if (o === "wide" && allowWide) return { kind: "table", wide: true };
  if (o === "yaml") return { kind: "yaml" };
  if (o === "json") return { kind: "json" };
  if (o === "name") return { kind: "name" };
  if (o.startsWith("jsonpath=") || o.startsWith("jsonpath-as-json=")) {
    const tpl = o.slice(o.indexOf("=") + 1);
    return { kind: "jsonpath", tpl };
  }
  if (o.startsWith("jsonpath-file=") && fs) {
    const t = fs.read(o.slice(14));
    if (t === null) throw new CmdError(`error reading --template ${o.slice(14)}, open ${o.slice(14)}: no such file or directory`);
    return { kind: "jsonpath", tpl: t.trim() };
  }
  if (o.startsWith("custom-columns=")) {
    const spec = o.slice(15);
    const cols = spec.split(",").map((c) => {
      const i = c.indexOf(":");
      if (i < 0) throw new CmdError(`unexpected custom-columns spec: ${c}, expected <header>:<json-path-expr>`);
      return { header: c.slice(0, i), path: c.slice(i + 1) };
    });
    return { kind: "custom", cols };
  }
  if (o === "jsonpath" || o === "custom-columns") throw new CmdError(`template format specified but no template given`);
  if (o === "kyaml") return { kind: "kyaml" };
  throw new CmdError(`unable to match a printer suitable for the output format "${o}", allowed formats are: ${ALLOWED}`);
}

/** Clean an object for -o yaml/json output (kubectl hides managedFields). */
export function forOutput(o: Json): Json {
  if (!o || typeof o !== "object") return o;
  const c = { ...o };
  if (c.metadata?.managedFields) {
    c.metadata = { ...c.metadata };
    delete c.metadata.managedFields;
  }
  return c;
}

/** Wrap objects in a v1 List for -o yaml/json. */
export function asList(items: Json[], meta: Json = { resourceVersion: "" }): Json {
  return { apiVersion: "v1", items: items.map(forOutput), kind: "List", metadata: meta };
}

/**
 * Print objects the way mutating commands do: apply wraps several in a List (metadata {}),
 * create prints each object with one printer (YAML documents separated by ---).
 */
export function printMutated(ctx: Ctx, out: OutputKind, items: { res: ApiResource; obj: Json }[], mode: "apply" | "create"): number {
  if (items.length <= 1 || out.kind === "name" || out.kind === "custom") return printObjects(ctx, out, items, items.length === 1);
  if (mode === "apply") {
    const data = asList(items.map((i) => i.obj), {});
    if (out.kind === "yaml") ctx.io.out(toYaml(data));
    else if (out.kind === "kyaml") ctx.io.out(toKyaml(data));
    else if (out.kind === "json") ctx.io.out(toJson(data));
    else return printObjects(ctx, out, items, false);
    return 0;
  }
  items.forEach((it, i) => {
    if (out.kind === "yaml" && i > 0) ctx.io.out("---\n");
    printObjects(ctx, out, [it], true);
  });
  return 0;
}

/** Print objects in a non-table format; `single` prints one object bare instead of a List. */
export function printObjects(ctx: Ctx, out: OutputKind, items: { res: ApiResource; obj: Json }[], single: boolean, noHeaders = false): number {
  if (out.kind === "name") {
    for (const it of items) ctx.io.out(`${refName(it.res, it.obj.metadata?.name)}\n`);
    return 0;
  }
  const data = single && items.length === 1 ? forOutput(items[0].obj) : asList(items.map((i) => i.obj));
  if (out.kind === "yaml") ctx.io.out(toYaml(data));
  else if (out.kind === "kyaml") ctx.io.out(toKyaml(data));
  else if (out.kind === "json") ctx.io.out(toJson(data));
  else if (out.kind === "jsonpath") {
    try {
      ctx.io.out(executeTemplate(out.tpl, data, true));
    } catch (e) {
      if (e instanceof JsonPathExecError) {
        ctx.io.err(`Error: error executing jsonpath ${JSON.stringify(out.tpl)}: Error executing template: ${e.message}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${out.tpl}\n\tobject given to jsonpath engine was:\n\t\t${goSyntax(data)}\n\n`);
        return 1;
      }
      if (e instanceof JsonPathError) return fail(ctx, `error parsing jsonpath ${out.tpl}, ${e.message}`);
      throw e;
    }
  } else if (out.kind === "custom") {
    const rows = noHeaders ? [] : [out.cols.map((c) => c.header)];
    // customcolumn.go PrintObj: the header is written, then each column's path is parsed; a path that does
    // not parse ends the command with the parser's error
    for (const c of out.cols) {
      try {
        parseColumnPath(c.path);
      } catch (e) {
        if (!(e instanceof JsonPathError)) throw e;
        if (rows.length) ctx.io.out(tabwrite(rows));
        return fail(ctx, e.message);
      }
    }
    for (const it of items) {
      rows.push(
        out.cols.map((c) => {
          let vals: Json[];
          try {
            vals = valuesAt(it.obj, c.path);
          } catch {
            vals = [];
          }
          if (!vals.length) return "<none>";
          return vals.map((v) => (v && typeof v === "object" ? (Array.isArray(v) ? JSON.stringify(v) : goMap(v)) : String(v))).join(",");
        }),
      );
    }
    ctx.io.out(tabwrite(rows));
  }
  return 0;
}

/** Go's fmt %v of a map[string]interface{} (custom-columns prints maps this way). */
function goMap(v: Json): string {
  return "map[" + Object.keys(v).sort().map((k) => `${k}:${typeof v[k] === "object" ? goMap(v[k]) : v[k]}`).join(" ") + "]";
}

export interface TableOpts {
  wide: boolean;
  withNamespace: boolean;
  withKind: boolean;
  showLabels: boolean;
  labelColumns: string[];
  noHeaders: boolean;
}

/** Table rows for one resource type (headers included unless noHeaders). */
export function tableFor(ctx: Ctx, res: ApiResource, objs: Json[], o: TableOpts): string[][] {
  const set = res.printerColumns ? customColumns(res) : (COLUMNS[res.name] ?? (res.group === "storage.k8s.io" ? CSI_COLUMNS[res.name] : undefined) ?? (res.group === "certificates.k8s.io" ? CSR_COLUMNS[res.name] : undefined) ?? DEFAULT_COLUMNS);
  const headers = [...set.headers, ...(o.wide ? set.wide : [])];
  const lc = o.labelColumns.map((l) => l.split("/").pop()!.toUpperCase());
  const rows: string[][] = [];
  if (!o.noHeaders) rows.push([...(o.withNamespace ? ["NAMESPACE"] : []), ...headers, ...lc, ...(o.showLabels ? ["LABELS"] : [])]);
  for (const obj of objs) {
    let r: string[];
    try {
      r = [...set.row(obj, ctx.now), ...(o.wide ? set.wideRow(obj, ctx.now) : [])];
    } catch {
      r = [obj.metadata?.name ?? "", ...headers.slice(1).map(() => "<unknown>")];
    }
    if (o.withKind) r[0] = `${singularRef(res)}/${r[0]}`;
    const labels = obj.metadata?.labels ?? {};
    rows.push([...(o.withNamespace ? [obj.metadata?.namespace ?? ""] : []), ...r, ...o.labelColumns.map((l) => labels[l] ?? ""), ...(o.showLabels ? [labelsString(labels)] : [])]);
  }
  return rows;
}




export { qualified };
