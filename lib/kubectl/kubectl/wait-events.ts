// kubectl wait (condition, delete, jsonpath) on the virtual clock, and kubectl events.
import type { ApiResource, Json } from "../cluster-api";
import { resolveResource } from "../resources";
import { bool, list, str, type FlagSpec, type Parsed } from "./args";
import { fail, parseTypeNames, printStatus, refName, reqOpts, type Ctx } from "./ctx";
import { listObjects } from "./get";
import { valuesAt } from "./jsonpath";
import { COLUMNS, tabwrite } from "./table";

export const WAIT_FLAGS: FlagSpec[] = [
  { name: "for", type: "string" },
  { name: "timeout", type: "string" },
  { name: "selector", short: "l", type: "string" },
  { name: "all", type: "bool" },
  { name: "all-namespaces", short: "A", type: "bool" },
  { name: "filename", short: "f", type: "array" },
  { name: "output", short: "o", type: "string" },
  { name: "field-selector", type: "string" },
];

/** kubectl wait watches the objects; the simulator looks every 100 ms of virtual time. */
const WAIT_POLL_MS = 100;

function parseTimeout(s: string): number {
  const m = /^([0-9]+)(ms|s|m|h)?$/.exec(s);
  if (!m) return 30_000;
  const n = Number(m[1]);
  return m[2] === "ms" ? n : m[2] === "m" ? n * 60_000 : m[2] === "h" ? n * 3_600_000 : n * 1000;
}

/** kubectl wait --for=condition=X | --for=delete | --for=jsonpath='{...}'=value */
export function cmdWait(ctx: Ctx, p: Parsed): number {
  const forSpec = str(p, "for");
  if (!forSpec) return fail(ctx, "--for must be set");
  // bounded: at most 15 virtual minutes per command
  const timeout = Math.min(900_000, parseTimeout(str(p, "timeout", "30s")));
  let targets = parseTypeNames(ctx, p.args).filter((t) => t.name);
  const typeOnly = parseTypeNames(ctx, p.args).filter((t) => !t.name);
  for (const t of typeOnly) {
    if (!str(p, "selector") && !bool(p, "all")) return fail(ctx, "resource(s) were provided, but no name was specified");
    const items = listObjects(ctx, t.res, bool(p, "all-namespaces"), str(p, "selector"), str(p, "field-selector"));
    if (typeof items === "number") return items;
    if (!items.length) return fail(ctx, "no matching resources found");
    targets = [...targets, ...items.map((o) => ({ res: t.res, name: o.metadata.name as string }))];
  }
  if (!targets.length) return fail(ctx, "resource(s) were provided, but no name was specified");
  let cond: (o: Json | null) => boolean;
  let what: string;
  if (forSpec === "delete") {
    cond = (o) => o === null;
    what = "condition met";
  } else if (forSpec.startsWith("condition=")) {
    const [type, want = "True"] = forSpec.slice(10).split("=");
    cond = (o) => !!o && (o.status?.conditions ?? []).some((c: Json) => c.type.toLowerCase() === type.toLowerCase() && String(c.status).toLowerCase() === want.toLowerCase());
    what = "condition met";
  } else if (forSpec.startsWith("jsonpath=")) {
    const m = /^jsonpath=(\{.*\}|[^=]+)=(.*)$/.exec(forSpec);
    if (!m) return fail(ctx, `jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3`);
    cond = (o) => {
      if (!o) return false;
      try {
        return valuesAt(o, m[1]).some((v) => String(v) === m[2]);
      } catch {
        return false;
      }
    };
    what = "condition met";
  } else return fail(ctx, `unrecognized condition: "${forSpec}"`);
  // one deadline for all objects (wait.go RunWaitContext: ContextWithOptionalTimeout around every visit);
  // kubectl watches, the simulator looks every WAIT_POLL_MS of virtual time
  const start = ctx.cluster.now();
  for (const t of targets) {
    const ns = t.res.namespaced ? ctx.namespace : undefined;
    let first = true;
    for (;;) {
      const r = ctx.cluster.get(t.res, ns, t.name!, reqOpts(ctx));
      if (!r.ok && r.status.reason !== "NotFound") return printStatus(ctx, r.status);
      if (!r.ok && forSpec !== "delete" && first) return printStatus(ctx, r.status);
      first = false;
      const obj = r.ok ? r.value : null;
      if (cond(obj)) {
        ctx.io.out(`${refName(t.res, t.name!)} ${what}\n`);
        break;
      }
      const waited = ctx.cluster.now() - start;
      if (waited >= timeout) {
        ctx.io.err(`error: timed out waiting for the condition on ${t.res.name}/${t.name}\n`);
        return 1;
      }
      ctx.cluster.advance(Math.min(WAIT_POLL_MS, timeout - waited));
      ctx.now = ctx.cluster.now();
    }
  }
  return 0;
}

/**
 * Without --timeout (0) kubectl delete waits for a week (delete.go: effectiveTimeout = 168h); the simulator
 * bounds that at 15 virtual minutes, then ends as if the learner pressed Ctrl-C (exit 130), as drain does.
 */
const DELETE_UNBOUNDED_WAIT_MS = 15 * 60_000;
/** kubectl watches the object (wait/delete.go IsDeleted: UntilWithSync); the simulator looks every 100 ms. */
const DELETE_POLL_MS = 100;

/**
 * kubectl delete's wait (pkg/cmd/delete/delete.go DeleteResult -> cmdwait.IsDeleted): done when the object
 * is NotFound or has another UID (recreated); one deadline over all objects; at the deadline
 * `error: timed out waiting for the condition on <resource>/<name>` (wait.ErrorInterrupted +
 * extendErrWaitTimeout) and exit 1. A Forbidden get ends the wait silently (delete.go: "if we're forbidden
 * from waiting, we shouldn't fail"). Returns the exit code of the wait.
 */
export function waitDeleted(ctx: Ctx, objs: { res: ApiResource; ns: string | undefined; name: string; uid: string | undefined }[], timeoutMs: number): number {
  const limit = timeoutMs > 0 ? timeoutMs : DELETE_UNBOUNDED_WAIT_MS;
  const start = ctx.cluster.now();
  for (const o of objs) {
    for (;;) {
      const g = ctx.cluster.get(o.res, o.ns, o.name, reqOpts(ctx));
      if (!g.ok && g.status.reason === "Forbidden") return 0;
      if (!g.ok || (o.uid && g.value.metadata?.uid !== o.uid)) break;
      const waited = ctx.cluster.now() - start;
      if (waited >= limit) {
        if (timeoutMs <= 0) return 130;
        ctx.io.err(`error: timed out waiting for the condition on ${o.res.name}/${o.name}\n`);
        return 1;
      }
      ctx.cluster.advance(Math.min(DELETE_POLL_MS, limit - waited));
      ctx.now = ctx.cluster.now();
    }
  }
  return 0;
}

export const EVENTS_FLAGS: FlagSpec[] = [
  { name: "all-namespaces", short: "A", type: "bool" },
  { name: "for", type: "string" },
  { name: "types", type: "strings" },
  { name: "output", short: "o", type: "string" },
  { name: "watch", short: "w", type: "bool" },
  { name: "no-headers", type: "bool" },
  { name: "chunk-size", type: "int" },
];

/** kubectl events [-A] [--for TYPE/NAME] [--types Warning,Normal] */
export function cmdEvents(ctx: Ctx, p: Parsed): number {
  const evRes = resolveResource(ctx.resources, "events")!;
  const allNs = bool(p, "all-namespaces");
  const r = ctx.cluster.list(evRes, allNs ? undefined : ctx.namespace, reqOpts(ctx));
  if (!r.ok) return printStatus(ctx, r.status);
  let evs = r.value;
  const f = str(p, "for");
  if (f) {
    const [t] = parseTypeNames(ctx, [f.includes("/") ? f : `${f}/`]);
    if (!t?.name) return fail(ctx, `--for must be in resource/name form`);
    evs = evs.filter((e) => (e.involvedObject?.kind ?? "") === t.res.kind && e.involvedObject?.name === t.name);
  }
  const types = list(p, "types");
  if (types.length) evs = evs.filter((e) => types.includes(e.type ?? "Normal"));
  if (!evs.length) {
    ctx.io.err(allNs ? "No events found.\n" : `No events found in ${ctx.namespace} namespace.\n`);
    return 0;
  }
  const ts = (e: Json) => Date.parse(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? "") || 0;
  evs = [...evs].sort((a, b) => ts(a) - ts(b));
  const set = COLUMNS.events;
  const rows = bool(p, "no-headers") ? [] : [[...(allNs ? ["NAMESPACE"] : []), ...set.headers]];
  for (const e of evs) {
    const row = set.row(e, ctx.now);
    // kubectl events prints the kind as-is (Pod/x), kubectl get events lower-cases it
    const io = e.involvedObject ?? e.regarding ?? {};
    row[3] = `${io.kind ?? ""}/${io.name ?? ""}`;
    rows.push([...(allNs ? [e.metadata?.namespace ?? ""] : []), ...row]);
  }
  ctx.io.out(tabwrite(rows));
  return 0;
}
