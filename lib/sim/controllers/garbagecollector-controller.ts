/**
 * Garbage collector (pkg/controller/garbagecollector): dependents whose owners are gone are
 * deleted (background propagation); Foreground deletion waits for dependents; Orphan strips refs.
 */
import { clone, type Obj } from "../util";
import { RESOURCES } from "../resources";
import { customByKind } from "../apiserver/crd";
import { CM, type Ctx } from "./common";

const FROM = `${CM}/garbage-collector-controller`;
// csinodes: the kubelet makes each Node the owner of its CSINode
const OWNED = ["pods", "replicasets", "controllerrevisions", "jobs", "endpointslices", "persistentvolumeclaims", "deployments", "statefulsets", "daemonsets", "services", "csinodes"];
/** Kinds that own other objects in the simulator. */
const OWNERS = ["deployments", "replicasets", "statefulsets", "daemonsets", "jobs", "cronjobs", "services", "pods", "nodes"];

/** Wire the garbage collector's informers; returns its sync function. */
export function registerGarbageCollector(ctx: Ctx): (key: string) => void {
  const { k } = ctx;
  for (const r of RESOURCES) {
    if (!OWNERS.includes(r.resource)) continue;
    k.on(r.resource, (t, o) => {
      if (t === "DELETED") k.enqueue("gc", `deleted/${o.metadata.namespace ?? ""}/${o.metadata.uid}`, 50);
      else if (o.metadata.deletionTimestamp && o.metadata.finalizers?.includes("foregroundDeletion")) k.enqueue("gc", `foreground/${r.resource}/${o.metadata.namespace ?? ""}/${o.metadata.name}`, 50);
    });
  }
  return (key) => syncGarbageCollector(ctx, key);
}

function dependentsOf(ctx: Ctx, uid: string, ns: string): { res: string; o: Obj }[] {
  const out: { res: string; o: Obj }[] = [];
  for (const res of OWNED) for (const o of ctx.k.list(res, ns || undefined)) if (o.metadata.ownerReferences?.some((r: Obj) => r.uid === uid)) out.push({ res, o });
  return out;
}

function ownerExists(ctx: Ctx, o: Obj, ref: Obj): boolean {
  const ri = RESOURCES.find((r) => r.kind === ref.kind) ?? customByKind(ctx.k, ref.kind);
  if (!ri) return false;
  const owner = ctx.k.get(ri.resource, ri.namespaced ? o.metadata.namespace : undefined, ref.name);
  return !!owner && owner.metadata.uid === ref.uid;
}

/** Process one GC work item. */
export function syncGarbageCollector(ctx: Ctx, key: string): void {
  const { k, api } = ctx;
  if (key.startsWith("deleted/")) {
    const [, ns, uid] = key.split("/");
    const orphaned = k.s.rt.orphaned?.[uid];
    for (const { res, o } of dependentsOf(ctx, uid, ns)) {
      if (orphaned) {
        const c = clone(o);
        c.metadata.ownerReferences = c.metadata.ownerReferences.filter((r: Obj) => r.uid !== uid);
        if (!c.metadata.ownerReferences.length) delete c.metadata.ownerReferences;
        api.writeStatus(c, FROM);
        continue;
      }
      const live = (o.metadata.ownerReferences as Obj[]).filter((r) => r.uid !== uid && ownerExists(ctx, o, r));
      if (live.length) continue;
      if (!o.metadata.deletionTimestamp) api.delete(res, o.metadata.name, { namespace: o.metadata.namespace, from: FROM, propagationPolicy: "Background" });
    }
    if (orphaned) delete k.s.rt.orphaned[uid];
    return;
  }
  if (key.startsWith("foreground/")) {
    const [, res, ns, name] = key.split("/");
    const owner = k.get(res, ns || undefined, name);
    if (!owner) return;
    const deps = dependentsOf(ctx, owner.metadata.uid, owner.metadata.namespace ?? "");
    for (const { res: r, o } of deps) if (!o.metadata.deletionTimestamp) api.delete(r, o.metadata.name, { namespace: o.metadata.namespace, from: FROM, propagationPolicy: "Foreground" });
    if (deps.length === 0) {
      const c = clone(owner);
      c.metadata.finalizers = (c.metadata.finalizers ?? []).filter((f: string) => f !== "foregroundDeletion");
      if (!c.metadata.finalizers.length) delete c.metadata.finalizers;
      api.writeStatus(c, FROM);
    } else k.enqueue("gc", key, 1000);
  }
}
