/** ResourceQuota controller: keeps status.hard and status.used current. */
import { namespaceUsage } from "../apiserver/admission";
import { clone, formatBytes, formatMilli, type Obj } from "../util";
import { CM, splitKey, type Ctx } from "./common";

const ALIASES: Record<string, string> = { "count/pods": "pods", "count/services": "services", "count/configmaps": "configmaps", "count/secrets": "secrets", "count/persistentvolumeclaims": "persistentvolumeclaims" };

/** Wire the ResourceQuota controller's informers; returns its sync function. */
export function registerResourceQuotaController(ctx: Ctx): (key: string) => void {
  const { k } = ctx;
  const byNs = (_t: string, o: Obj) => {
    for (const q of k.list("resourcequotas", o.metadata.namespace)) k.enqueue("resourcequota", `${q.metadata.namespace}/${q.metadata.name}`, 20);
  };
  k.on("resourcequotas", (_t, q) => k.enqueue("resourcequota", `${q.metadata.namespace}/${q.metadata.name}`, 1));
  for (const r of ["pods", "services", "persistentvolumeclaims", "configmaps", "secrets", "deployments", "replicasets", "jobs"]) k.on(r, byNs);
  return (key) => syncResourceQuota(ctx, key);
}

/** Recompute one quota's usage. */
export function syncResourceQuota(ctx: Ctx, key: string): void {
  const [ns, name] = splitKey(key);
  const q = ctx.k.get("resourcequotas", ns, name);
  if (!q) return;
  const used = namespaceUsage(ctx.k, ns);
  const c = clone(q);
  const hard = q.spec?.hard ?? {};
  const u: Record<string, string> = {};
  for (const r of Object.keys(hard)) {
    const v = used[ALIASES[r] ?? r] ?? 0;
    u[r] = /cpu/.test(r) ? formatMilli(v) : /memory|storage/.test(r) ? (v === 0 ? "0" : formatBytes(v)) : String(v);
  }
  c.status = { hard: { ...hard }, used: u };
  ctx.api.writeStatus(c, `${CM}/resourcequota-controller`);
}
