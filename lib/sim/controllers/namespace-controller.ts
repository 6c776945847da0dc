/** Namespace controller: deletes everything in a Terminating namespace, then the namespace itself. */
import { clone } from "../util";
import { RESOURCES } from "../resources";
import { customResources } from "../apiserver/crd";
import { CM, type Ctx } from "./common";

const FROM = `${CM}/namespace-controller`;

/** Wire the namespace controller's informers; returns its sync function. */
export function registerNamespaceController(ctx: Ctx): (key: string) => void {
  const { k } = ctx;
  k.on("namespaces", (t, ns) => {
    if (t !== "DELETED" && ns.metadata.deletionTimestamp) k.enqueue("namespace", ns.metadata.name, 10);
  });
  return (key) => syncNamespace(ctx, key);
}

/** Reconcile one namespace being deleted. */
export function syncNamespace(ctx: Ctx, name: string): void {
  const { k, api } = ctx;
  const ns = k.get("namespaces", undefined, name);
  if (!ns || !ns.metadata.deletionTimestamp) return;
  let remaining = 0;
  for (const r of [...RESOURCES, ...customResources(k)]) {
    if (!r.namespaced || r.resource === "events") continue;
    for (const o of k.list(r.resource, name)) {
      remaining++;
      if (!o.metadata.deletionTimestamp) api.delete(r.resource, o.metadata.name, { namespace: name, from: FROM });
      else if (o.metadata.finalizers?.length && r.resource !== "pods") {
        const c = clone(o);
        c.metadata.finalizers = [];
        api.writeStatus(c, FROM);
      }
    }
  }
  if (remaining) {
    k.enqueue("namespace", name, 2000);
    return;
  }
  for (const e of k.list("events", name)) k.remove("events", name, e.metadata.name);
  k.trace(FROM, "kube-apiserver", "finalize", `Namespace ${name}`, "all content deleted");
  api.forceRemove("namespaces", undefined, name, FROM);
}
