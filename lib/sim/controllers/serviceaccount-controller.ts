/** ServiceAccount controller: every active namespace gets a `default` ServiceAccount. */
import { type Obj } from "../util";
import { CM, type Ctx } from "./common";

/** Wire the ServiceAccount controller; returns its sync function. */
export function registerServiceAccountController(ctx: Ctx): (key: string) => void {
  ctx.k.on("namespaces", (t, ns) => {
    if (t === "ADDED") ctx.k.enqueue("serviceaccount", ns.metadata.name, 1);
  });
  return (key) => syncServiceAccount(ctx, key);
}

/** Ensure the default ServiceAccount of a namespace. */
export function syncServiceAccount(ctx: Ctx, ns: string): void {
  const n = ctx.k.get("namespaces", undefined, ns);
  if (!n || n.metadata.deletionTimestamp || ctx.k.get("serviceaccounts", ns, "default")) return;
  const sa: Obj = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: ns } };
  ctx.api.create(sa, { from: `${CM}/serviceaccount-controller` });
}
