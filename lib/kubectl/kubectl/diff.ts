// kubectl diff -f: the live object against the server's dry-run of the apply, as `diff -u -N`.
import type { Json } from "../cluster-api";
import { resourceForKind } from "../resources";
import { list, type FlagSpec, type Parsed } from "./args";
import { LAST_APPLIED, lastAppliedConfig } from "./apply";
import { KUSTOMIZE_FLAG, kustomizeDir, readFilesOrKustomize } from "./kustomize-cmd";
import { fail, printStatus, reqOpts, type Ctx } from "./ctx";
import { clone, threeWay } from "./merge";
import { toYaml } from "./yaml";

export const DIFF_FLAGS: FlagSpec[] = [
  KUSTOMIZE_FLAG,
  { name: "filename", short: "f", type: "array" },
  { name: "recursive", short: "R", type: "bool" },
  { name: "server-side", type: "bool" },
  { name: "field-manager", type: "string" },
  { name: "force-conflicts", type: "bool" },
  { name: "prune", type: "bool" },
  { name: "selector", short: "l", type: "string" },
  { name: "show-managed-fields", type: "bool" },
  { name: "concurrency", type: "int" },
];

/** Unified diff of two texts with 3 lines of context (like diff -u). */
export function unifiedDiff(a: string, b: string): string[] {
  const A = a ? a.replace(/\n$/, "").split("\n") : [];
  const B = b ? b.replace(/\n$/, "").split("\n") : [];
  const n = A.length;
  const m = B.length;
  const dp: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i][j] = A[i] === B[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const ops: { t: " " | "-" | "+"; l: string; ai: number; bi: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && A[i] === B[j]) ops.push({ t: " ", l: A[i++], ai: i, bi: ++j });
    else if (i < n && (j >= m || dp[i + 1][j] >= dp[i][j + 1])) ops.push({ t: "-", l: A[i++], ai: i, bi: j });
    else ops.push({ t: "+", l: B[j++], ai: i, bi: j });
  }
  const out: string[] = [];
  let k = 0;
  while (k < ops.length) {
    if (ops[k].t === " ") {
      k++;
      continue;
    }
    const start = Math.max(0, k - 3);
    let end = k;
    let quiet = 0;
    while (end < ops.length && quiet <= 6) {
      quiet = ops[end].t === " " ? quiet + 1 : 0;
      end++;
    }
    end = Math.min(ops.length, end - Math.max(0, quiet - 3));
    const hunk = ops.slice(start, end);
    const aStart = hunk.filter((o) => o.t !== "+").length ? (hunk.find((o) => o.t !== "+")!.ai) : ops[start].ai;
    const bStart = hunk.filter((o) => o.t !== "-").length ? (hunk.find((o) => o.t !== "-")!.bi) : ops[start].bi;
    const aLen = hunk.filter((o) => o.t !== "+").length;
    const bLen = hunk.filter((o) => o.t !== "-").length;
    out.push(`@@ -${aLen ? aStart : aStart},${aLen} +${bLen ? bStart : bStart},${bLen} @@`);
    for (const o of hunk) out.push(o.t + o.l);
    k = end;
  }
  return out;
}

function clean(o: Json | null): string {
  if (!o) return "";
  const c = clone(o);
  if (c.metadata) delete c.metadata.managedFields;
  return toYaml(c);
}

/** kubectl diff -f FILE */
export function cmdDiff(ctx: Ctx, p: Parsed): number {
  if (!list(p, "filename").length && !kustomizeDir(p)) return fail(ctx, "must specify one of -f and -k");
  const fd = readFilesOrKustomize(ctx, p);
  if (typeof fd === "number") return fd;
  const tag = String(1000000000 + ctx.state.history.length * 7919).slice(0, 10);
  let changed = false;
  for (const f of fd) {
    for (const d of f.docs) {
      const res = resourceForKind(ctx.resources, String(d.apiVersion ?? ""), String(d.kind ?? ""));
      if (!res) return fail(ctx, `resource mapping not found for name: "${d.metadata?.name ?? ""}" namespace: "${d.metadata?.namespace ?? ""}" from "${f.source}": no matches for kind "${d.kind}" in version "${d.apiVersion}"\nensure CRDs are installed first`);
      const ns = res.namespaced ? d.metadata?.namespace || ctx.namespace : undefined;
      const desired = clone(d);
      desired.metadata = { ...(desired.metadata ?? {}), ...(ns ? { namespace: ns } : {}) };
      desired.metadata.annotations = { ...(desired.metadata.annotations ?? {}), [LAST_APPLIED]: lastAppliedConfig(desired) };
      const cur = ctx.cluster.get(res, ns, desired.metadata.name, reqOpts(ctx));
      let live: Json | null = null;
      let merged: Json;
      if (cur.ok) {
        live = cur.value;
        let last: Json;
        try {
          last = JSON.parse(live.metadata?.annotations?.[LAST_APPLIED] ?? "null") ?? undefined;
        } catch {
          last = undefined;
        }
        const r = ctx.cluster.update(res, ns, threeWay(live, last, desired), reqOpts(ctx, true));
        if (!r.ok) return printStatus(ctx, r.status);
        merged = r.value;
      } else {
        const r = ctx.cluster.create(res, ns, desired, reqOpts(ctx, true));
        if (!r.ok) return printStatus(ctx, r.status);
        merged = r.value;
      }
      const a = clean(live);
      const b = clean(merged);
      if (a === b) continue;
      changed = true;
      const name = `${res.group ? res.group + "." : ""}${res.version}.${res.kind}.${ns ? ns + "." : ""}${desired.metadata.name}`;
      const left = `/tmp/LIVE-${tag}/${name}`;
      const right = `/tmp/MERGED-${tag}/${name}`;
      const stamp = "2026-01-01 00:00:00.000000000 +0000";
      ctx.io.out(`diff -u -N ${left} ${right}\n--- ${left}\t${stamp}\n+++ ${right}\t${stamp}\n${unifiedDiff(a, b).join("\n")}\n`);
    }
  }
  return changed ? 1 : 0;
}
