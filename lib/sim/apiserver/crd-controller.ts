/**
 * apiextensions-apiserver's controllers for CRDs: naming + establishing (NamesAccepted,
 * Established, acceptedNames, storedVersions) and the finalizer controller that deletes every
 * object of a CRD being deleted before the CRD goes (customresourcecleanup finalizer).
 */
import type { Ctx } from "../controllers/common";
import { clone, sameObject } from "../util";
import { CRD_FINALIZER, CRD_RESOURCE, crdStatus, customResources, ensureStore } from "./crd";

const FROM = "kube-apiserver/apiextensions";

/** Wire the CRD informer; returns the sync function for the "crd" work queue. */
export function registerCrdController(ctx: Ctx): (key: string) => void {
  ctx.k.on(CRD_RESOURCE, (t, crd) => {
    if (t !== "DELETED") ctx.k.enqueue("crd", crd.metadata.name, 5);
  });
  return (name) => syncCrd(ctx, name);
}

/** Reconcile one CRD. */
export function syncCrd(ctx: Ctx, name: string): void {
  const { k, api } = ctx;
  const crd = k.get(CRD_RESOURCE, undefined, name);
  if (!crd) return;
  const next = clone(crd);
  next.status = crdStatus(k, crd, k.now);
  if (!sameObject(next, crd)) {
    k.trace(FROM, "kube-apiserver", "update status", `CustomResourceDefinition ${name}`, (next.status.conditions as { type: string; status: string }[]).map((c) => `${c.type}=${c.status}`).join(" "));
    api.writeStatus(next, FROM);
  }
  const plural = crd.spec?.names?.plural;
  if (!crd.metadata.deletionTimestamp) {
    if (plural) ensureStore(k, plural);
    return;
  }
  // Terminating: delete every object, then drop the finalizer (the CRD is removed with it).
  const ri = customResources(k).find((r) => r.crd === name);
  const objs = ri ? k.list(ri.resource) : [];
  for (const o of objs) if (!o.metadata.deletionTimestamp) api.delete(ri!.resource, o.metadata.name, { namespace: o.metadata.namespace, from: FROM });
  const left = ri ? k.list(ri.resource).length : 0;
  if (left) {
    k.enqueue("crd", name, 1000);
    return;
  }
  const cur = clone(k.get(CRD_RESOURCE, undefined, name)!);
  cur.metadata.finalizers = (cur.metadata.finalizers ?? []).filter((f: string) => f !== CRD_FINALIZER);
  api.writeStatus(cur, FROM);
  if (plural && !k.get(CRD_RESOURCE, undefined, name) && !k.s.objects[plural]?.size && !customResources(k).some((r) => r.resource === plural)) delete k.s.objects[plural];
}
