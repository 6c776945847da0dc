/**
 * kube-controller-manager's clusterrole-aggregation controller (pkg/controller/clusterroleaggregation/
 * clusterroleaggregation_controller.go): a ClusterRole with an aggregationRule gets as its `rules` the rules of the
 * ClusterRoles its selectors match: selector by selector, the matching roles sorted by name (itself skipped), each
 * rule added once (ruleExists: semantic equality); written only when the result differs. Any ClusterRole change
 * enqueues every aggregated ClusterRole. The RBAC authorizer reads `rules` only, so an aggregated role grants what
 * this controller has written (nothing while kube-controller-manager is down).
 */
import { clone, deepEqual, matchesSelector, stableStringify, type Obj } from "../util";
import { CM, type Ctx } from "./common";

const FROM = `${CM}/clusterrole-aggregation-controller`;
const QUEUE = "clusterroleaggregation";

/** Wire the controller; returns its sync function. */
export function registerClusterRoleAggregationController(ctx: Ctx): (key: string) => void {
  ctx.k.on("clusterroles", () => {
    for (const cr of ctx.k.list("clusterroles")) if (cr.aggregationRule) ctx.k.enqueue(QUEUE, cr.metadata.name, 1);
  });
  return (key) => syncClusterRole(ctx, key);
}

export function syncClusterRole(ctx: Ctx, name: string): void {
  const role = ctx.k.get("clusterroles", undefined, name);
  if (!role?.aggregationRule) return;
  const rules: Obj[] = [];
  const seen = new Set<string>();
  for (const sel of role.aggregationRule.clusterRoleSelectors ?? []) {
    const matching = ctx.k
      .list("clusterroles")
      .filter((cr) => cr.metadata.name !== name && matchesSelector(sel, cr.metadata.labels))
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
    for (const cr of matching) {
      for (const rule of cr.rules ?? []) {
        // ruleExists: semantic equality (stableStringify: key order does not count)
        const key = stableStringify(rule);
        if (seen.has(key)) continue;
        seen.add(key);
        rules.push(clone(rule));
      }
    }
  }
  if (deepEqual(role.rules ?? [], rules)) return;
  ctx.api.update({ ...clone(role), rules }, { from: FROM, user: "system:serviceaccount:kube-system:clusterrole-aggregation-controller" });
}
