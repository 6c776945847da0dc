// kubectl get
import type { ApiResource, Json } from "../cluster-api";
import { bool, list, str, type FlagSpec, type Parsed } from "./args";
import { KUSTOMIZE_FLAG, kustomizeDir, readFilesOrKustomize } from "./kustomize-cmd";
import { CmdError, fail, parseOutput, parseTypeNames, printObjects, printStatus, reqOpts, tableFor, type Ctx } from "./ctx";
import { valuesAt } from "./jsonpath";
import { matchLabels, parseFieldSelector, parseLabelSelector } from "./selector";
import { resourceForKind } from "../resources";
import { tabwrite } from "./table";

export const GET_FLAGS: FlagSpec[] = [
  KUSTOMIZE_FLAG,
  { name: "output", short: "o", type: "string" },
  { name: "selector", short: "l", type: "string" },
  { name: "field-selector", type: "string" },
  { name: "all-namespaces", short: "A", type: "bool" },
  { name: "show-labels", type: "bool" },
  { name: "sort-by", type: "string" },
  { name: "watch", short: "w", type: "bool" },
  { name: "watch-only", type: "bool" },
  { name: "label-columns", short: "L", type: "strings" },
  { name: "no-headers", type: "bool" },
  { name: "show-kind", type: "bool" },
  { name: "filename", short: "f", type: "array" },
  { name: "recursive", short: "R", type: "bool" },
  { name: "ignore-not-found", type: "bool" },
  { name: "chunk-size", type: "int" },
  { name: "output-watch-events", type: "bool" },
  { name: "raw", type: "string" },
  { name: "show-managed-fields", type: "bool" },
  { name: "server-print", type: "bool" },
  { name: "subresource", type: "string" },
  { name: "template", type: "string" },
  { name: "allow-missing-template-keys", type: "bool" },
];

const GET_USAGE = `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
See 'kubectl get -h' for help and examples
`;

/** Objects of one type, filtered by selectors, sorted by namespace/name. */
export function listObjects(ctx: Ctx, res: ApiResource, allNs: boolean, labelSel: string, fieldSel: string, readOnly = false): Json[] | number {
  // readOnly: the caller only prints them (tables), so the objects need not be copies
  const r = ctx.cluster.list(res, res.namespaced && !allNs ? ctx.namespace : undefined, readOnly ? { ...reqOpts(ctx), readOnly } : reqOpts(ctx));
  if (!r.ok) return printStatus(ctx, r.status);
  let items = r.value;
  if (labelSel) {
    const s = parseLabelSelector(labelSel);
    if (!s.ok) throw new CmdError(s.error);
    items = items.filter((o) => matchLabels(s.reqs, o.metadata?.labels));
  }
  if (fieldSel) {
    const f = parseFieldSelector(fieldSel, res.kind);
    if (!f.ok) throw new CmdError(f.error);
    items = items.filter(f.match);
  }
  return items.slice().sort((a, b) => (a.metadata?.namespace ?? "").localeCompare(b.metadata?.namespace ?? "") || (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""));
}

function sortBy(items: Json[], path: string): Json[] {
  const key = (o: Json) => {
    let v: Json[] = [];
    try {
      v = valuesAt(o, path.startsWith("{") ? path : path.startsWith(".") ? path : "." + path);
    } catch {
      v = [];
    }
    return v[0];
  };
  return items
    .map((o, i) => ({ o, i, k: key(o) }))
    .sort((a, b) => {
      const x = a.k;
      const y = b.k;
      if (x === undefined && y === undefined) return a.i - b.i;
      if (x === undefined) return -1;
      if (y === undefined) return 1;
      const qx = quantity(x);
      const qy = quantity(y);
      if (qx !== null && qy !== null) return qx - qy || a.i - b.i;
      return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : a.i - b.i;
    })
    .map((e) => e.o);
}

/** Parse a Kubernetes quantity or number for sorting; null if not numeric. */
export function quantity(v: Json): number | null {
  if (typeof v === "number") return v;
  if (typeof v !== "string") return null;
  const m = /^([+-]?[0-9.]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(v);
  if (!m) return null;
  const mult: Record<string, number> = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6 };
  return parseFloat(m[1]) * (m[2] ? mult[m[2]] : 1);
}

/**
 * kubectl get -w: after the table, print a row for every object that changes while the
 * cluster settles (virtual seconds), then return once quiet for 10 s (at most 5 minutes).
 */
function watchRows(ctx: Ctx, p: Parsed, groups: { res: ApiResource; objs: Json[] }[], allNs: boolean, labelSel: string, fieldSel: string, wide: boolean) {
  const seen = new Map<string, string>();
  for (const g of groups) for (const o of g.objs) seen.set(`${g.res.name}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`, o.metadata?.resourceVersion ?? "");
  let quiet = 0;
  for (let t = 0; t < 300 && quiet < 10; t++) {
    ctx.cluster.advance(1000);
    ctx.now = ctx.cluster.now();
    let changed = false;
    for (const g of groups) {
      const items = listObjects(ctx, g.res, allNs, labelSel, fieldSel, true);
      if (typeof items === "number") return;
      for (const o of items) {
        const key = `${g.res.name}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`;
        const rv = o.metadata?.resourceVersion ?? "";
        if (seen.get(key) === rv) continue;
        seen.set(key, rv);
        changed = true;
        const rows = tableFor(ctx, g.res, [o], { wide, withNamespace: allNs && g.res.namespaced, withKind: groups.length > 1, showLabels: bool(p, "show-labels"), labelColumns: list(p, "label-columns"), noHeaders: true });
        ctx.io.out(tabwrite(rows));
      }
    }
    quiet = changed ? 0 : quiet + 1;
  }
}

/** kubectl get */
export function cmdGet(ctx: Ctx, p: Parsed): number {
  const out = parseOutput(str(p, "output"), true, { read: (f) => { const r = ctx.state.fs.read(f.startsWith("/") ? f : ctx.state.cwd + "/" + f); return r.ok ? r.value : null; } });
  const allNs = bool(p, "all-namespaces");
  const labelSel = str(p, "selector");
  const fieldSel = str(p, "field-selector");
  const files = list(p, "filename");
  const ignoreNotFound = bool(p, "ignore-not-found");

  let targets: { res: ApiResource; name?: string; ns?: string }[];
  if (files.length || kustomizeDir(p)) {
    const fd = readFilesOrKustomize(ctx, p);
    if (typeof fd === "number") return fd;
    targets = [];
    for (const f of fd) {
      for (const d of f.docs) {
        const res = resourceForKind(ctx.resources, String(d.apiVersion ?? ""), String(d.kind ?? ""));
        if (!res) return fail(ctx, `resource mapping not found for name: "${d.metadata?.name ?? ""}" namespace: "${d.metadata?.namespace ?? ""}" from "${f.source}": no matches for kind "${d.kind}" in version "${d.apiVersion}"\nensure CRDs are installed first`);
        targets.push({ res, name: d.metadata?.name, ns: d.metadata?.namespace });
      }
    }
  } else {
    if (!p.args.length) {
      ctx.io.err(GET_USAGE);
      return 1;
    }
    targets = parseTypeNames(ctx, p.args);
  }
  const byName = targets.some((t) => t.name);
  if (byName && allNs && !files.length) {
    // kubectl allows -A with names but ignores it for lookups; keep the namespace
  }

  // the API server's deprecation warning for core/v1 Endpoints (k8s-reference 7, 1.33+)
  if (targets.some((t) => t.res.name === "endpoints" && t.res.group === "")) ctx.io.err("Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n");
  // ...and for v1 ComponentStatus (deprecated in 1.19, pkg/registry/core/componentstatus)
  if (targets.some((t) => t.res.name === "componentstatuses" && t.res.group === "")) ctx.io.err("Warning: v1 ComponentStatus is deprecated in v1.19+\n");
  // collect per resource type, preserving order of first appearance
  const groups: { res: ApiResource; objs: Json[] }[] = [];
  const errors: string[] = [];
  let failed = false;
  for (const t of targets) {
    let g = groups.find((x) => x.res === t.res);
    if (!g) {
      g = { res: t.res, objs: [] };
      groups.push(g);
    }
    if (t.name) {
      const ns = t.res.namespaced ? (t.ns ?? ctx.namespace) : undefined;
      const r = ctx.cluster.get(t.res, ns, t.name, reqOpts(ctx));
      if (!r.ok) {
        if (ignoreNotFound && r.status.reason === "NotFound") continue;
        errors.push(`Error from server (${r.status.reason}): ${r.status.message}`);
        failed = true;
        continue;
      }
      g.objs.push(r.value);
    } else {
      const items = listObjects(ctx, t.res, allNs, labelSel, fieldSel, out.kind === "table");
      if (typeof items === "number") return items;
      g.objs.push(...items);
    }
  }
  const sortPath = str(p, "sort-by");
  if (sortPath) for (const g of groups) g.objs = sortBy(g.objs, sortPath);

  const isAll = p.args[0]?.split(",").includes("all") ?? false;

  if (out.kind === "table") {
    const nonEmpty = groups.filter((g) => g.objs.length);
    if (!nonEmpty.length && !byName) {
      {
        const nsMsg = allNs || (groups.length && groups.every((g) => !g.res.namespaced)) ? "No resources found" : `No resources found in ${ctx.namespace} namespace.`;
        if (!failed) ctx.io.err(nsMsg + "\n");
      }
    } else {
      const withKind = bool(p, "show-kind") || nonEmpty.length > 1 || isAll || (groups.length > 1 && !byName);
      const chunks: string[] = [];
      for (const g of nonEmpty) {
        const withNs = allNs && g.res.namespaced;
        const rows = tableFor(ctx, g.res, g.objs, {
          wide: out.wide,
          withNamespace: withNs,
          withKind,
          showLabels: bool(p, "show-labels"),
          labelColumns: list(p, "label-columns"),
          noHeaders: bool(p, "no-headers"),
        });
        chunks.push(tabwrite(rows));
      }
      ctx.io.out(chunks.join("\n"));
      if (bool(p, "watch") || bool(p, "watch-only")) watchRows(ctx, p, nonEmpty, allNs, labelSel, fieldSel, out.wide);
    }
  } else {
    const items = groups.flatMap((g) => g.objs.map((obj) => ({ res: g.res, obj })));
    const single = byName && targets.length === 1 && items.length === 1 && !isAll;
    // kubectl's printGeneric prints no "No resources found" note for these formats
    if (items.length || !failed) {
      const code = printObjects(ctx, out, items, single, bool(p, "no-headers"));
      if (code) return code;
    }
  }
  for (const e of errors) ctx.io.err(e + "\n");
  return failed ? 1 : 0;
}
