/**
 * The clusterrole-aggregation controller (pkg/controller/clusterroleaggregation): an aggregated ClusterRole's rules
 * are written from the ClusterRoles its selectors match, selector by selector, by name, each rule once; the RBAC
 * authorizer reads only what was written.
 */
import { describe, expect, it } from "vitest";
import { cka, mustGet } from "../test-helpers";
import type { Obj } from "../util";

const role = (name: string, labels: Record<string, string>, rules: Obj[], extra: Obj = {}): Obj => ({
  apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name, labels }, rules, ...extra,
});
const read = (resources: string[], apiGroups = [""]) => ({ apiGroups, resources, verbs: ["get", "list", "watch"] });
const aggregated = (name: string, selectors: Obj[]) => role(name, {}, [], { aggregationRule: { clusterRoleSelectors: selectors } });

describe("clusterrole-aggregation controller", () => {
  it("writes the matching roles' rules, sorted by name within each selector, each rule once; nothing for itself", () => {
    const c = cka();
    c.create(role("z-pods", { team: "a" }, [read(["pods"])]));
    c.create(role("a-deploys", { team: "a" }, [read(["deployments"], ["apps"]), read(["pods"])]));
    c.create(role("m-svc", { extra: "yes" }, [read(["services"])]));
    c.create(role("other", { team: "b" }, [read(["secrets"])]));
    c.create(aggregated("agg", [{ matchLabels: { team: "a" } }, { matchExpressions: [{ key: "extra", operator: "Exists" }] }]));
    c.advance(1_000);
    expect(mustGet(c, "clusterroles", "agg").rules).toEqual([read(["deployments"], ["apps"]), read(["pods"]), read(["services"])]);
  });

  it("follows label changes and deletions; an unchanged result is not written again", () => {
    const c = cka();
    c.create(aggregated("agg", [{ matchLabels: { team: "a" } }]));
    c.create(role("pods", { team: "a" }, [read(["pods"])]));
    c.advance(1_000);
    const rv = mustGet(c, "clusterroles", "agg").metadata.resourceVersion;
    expect(mustGet(c, "clusterroles", "agg").rules).toEqual([read(["pods"])]);
    c.create(role("unrelated", { team: "b" }, [read(["secrets"])]));
    c.advance(1_000);
    expect(mustGet(c, "clusterroles", "agg").metadata.resourceVersion).toBe(rv);
    c.patch("clusterroles", "unrelated", { metadata: { labels: { team: "a" } } }, "merge");
    c.advance(1_000);
    expect(mustGet(c, "clusterroles", "agg").rules).toEqual([read(["pods"]), read(["secrets"])]);
    c.delete("clusterroles", "pods");
    c.advance(1_000);
    expect(mustGet(c, "clusterroles", "agg").rules).toEqual([read(["secrets"])]);
  });

  it("the authorizer grants what was written: rules changed by hand are replaced at the next sync", () => {
    const c = cka();
    c.create(aggregated("agg", [{ matchLabels: { team: "a" } }]));
    c.create(role("pods", { team: "a" }, [read(["pods"])]));
    c.create({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "agg" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "agg" }, subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "ann" }] });
    c.advance(1_000);
    const allowed = (resource: string) => c.list(resource, { namespace: "default", user: "ann" }).ok;
    expect([allowed("pods"), allowed("secrets")]).toEqual([true, false]);
    c.patch("clusterroles", "agg", { rules: [read(["secrets"])] }, "merge");
    c.advance(1_000);
    expect(mustGet(c, "clusterroles", "agg").rules).toEqual([read(["pods"])]);
    expect([allowed("pods"), allowed("secrets")]).toEqual([true, false]);
  });
});
