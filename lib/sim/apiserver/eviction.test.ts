// pods/eviction (eviction.go) and the disruption controller's PDB status (disruption.go).
import { describe, expect, it } from "vitest";
import { cka, deployment, mustGet, pod } from "../test-helpers";
import type { Cluster } from "../cluster";

function webWithBudget(c: Cluster, replicas: number, spec: Record<string, unknown>): string[] {
  c.apply(deployment("web", { replicas }));
  c.apply({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "web" }, spec: { ...spec, selector: { matchLabels: { app: "web" } } } });
  c.runUntilIdle();
  const pods = c.list("pods", { labelSelector: "app=web" });
  return pods.ok ? pods.object.map((p) => p.metadata.name).sort() : [];
}

describe("pods/eviction", () => {
  it("answers 429 with the DisruptionBudget cause when the budget allows no disruption, and changes nothing", () => {
    const c = cka();
    const [name] = webWithBudget(c, 2, { minAvailable: 2 });
    const r = c.evict(name);
    expect(!r.ok && r.status).toMatchObject({ code: 429, reason: "TooManyRequests", message: "Cannot evict pod as it would violate the pod's disruption budget.", details: { causes: [{ reason: "DisruptionBudget", message: "The disruption budget web needs 2 healthy pods and has 2 currently" }] } });
    expect(mustGet(c, "pods", name).metadata.deletionTimestamp).toBeUndefined();
    expect(mustGet(c, "poddisruptionbudgets", "web").status.disruptionsAllowed).toBe(0);
  });

  it("takes one disruption per eviction: the second in the same instant is refused until the controller catches up", () => {
    const c = cka();
    const [a, b] = webWithBudget(c, 3, { maxUnavailable: 1 });
    expect(mustGet(c, "poddisruptionbudgets", "web").status).toMatchObject({ expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 });
    expect(c.evict(a).ok).toBe(true);
    const pdb = mustGet(c, "poddisruptionbudgets", "web");
    expect(pdb.status.disruptionsAllowed).toBe(0);
    expect(Object.keys(pdb.status.disruptedPods)).toEqual([a]);
    expect(mustGet(c, "pods", a).metadata.deletionTimestamp).toBeDefined();
    const second = c.evict(b);
    expect(!second.ok && second.status.code).toBe(429);
    c.runUntilIdle();
    // the replacement is Ready: one disruption allowed again, the evicted pod gone from disruptedPods
    expect(mustGet(c, "poddisruptionbudgets", "web").status).toMatchObject({ currentHealthy: 3, disruptionsAllowed: 1 });
    expect(mustGet(c, "poddisruptionbudgets", "web").status.disruptedPods).toBeUndefined();
    expect(c.evict(b).ok).toBe(true);
  });

  it("deletes a pod no budget covers, and a Pending pod regardless of its budget", () => {
    const c = cka();
    c.apply(pod("lone", { image: "nginx" }));
    c.runUntilIdle();
    expect(c.evict("lone").ok).toBe(true);
    c.apply({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "all" }, spec: { minAvailable: 5, selector: { matchLabels: { app: "stuck" } } } });
    c.apply(pod("stuck", { image: "nginx" }, { nodeSelector: { nowhere: "true" } }, { labels: { app: "stuck" } }));
    c.runUntilIdle();
    expect(mustGet(c, "pods", "stuck").status.phase).toBe("Pending");
    expect(c.evict("stuck").ok).toBe(true);
  });

  it("refuses a pod covered by two budgets with 500", () => {
    const c = cka();
    const [name] = webWithBudget(c, 2, { maxUnavailable: 1 });
    c.apply({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "web2" }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: "web" } } } });
    c.runUntilIdle();
    const r = c.evict(name);
    expect(!r.ok && r.status).toMatchObject({ code: 500, message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support." });
  });

  it("needs create on pods/eviction (RBAC), not delete on pods", () => {
    const c = cka();
    const [name] = webWithBudget(c, 2, { maxUnavailable: 1 });
    const denied = c.evict(name, { user: "jane" });
    expect(!denied.ok && denied.status).toMatchObject({ code: 403, reason: "Forbidden", message: `pods "${name}" is forbidden: User "jane" cannot create resource "pods/eviction" in API group "" in the namespace "default"` });
    expect(mustGet(c, "pods", name).metadata.deletionTimestamp).toBeUndefined();
    c.apply({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "evictor" }, rules: [{ apiGroups: [""], resources: ["pods/eviction"], verbs: ["create"] }] });
    c.apply({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "evictor" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "evictor" }, subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "jane" }] });
    expect(c.delete("pods", name, { user: "jane" }).ok).toBe(false);
    expect(c.evict(name, { user: "jane" }).ok).toBe(true);
    expect(mustGet(c, "pods", name).metadata.deletionTimestamp).toBeDefined();
  });

  it("404 for a missing pod", () => {
    const c = cka();
    const r = c.evict("nope");
    expect(!r.ok && r.status).toMatchObject({ code: 404, message: 'pods "nope" not found' });
  });
});

describe("disruption controller status", () => {
  it("an integer minAvailable expects every matching pod, terminating ones included", () => {
    const c = cka();
    const [a] = webWithBudget(c, 2, { minAvailable: 1 });
    c.delete("pods", a);
    c.advance(100);
    const st = mustGet(c, "poddisruptionbudgets", "web").status;
    // the terminating pod and its replacement are both expected; the terminating one is never healthy
    expect(st.expectedPods).toBe(3);
    expect(st.currentHealthy).toBeLessThanOrEqual(2);
    expect(st.disruptionsAllowed).toBe(st.currentHealthy - 1);
  });

  it("maxUnavailable and percentages scale from the Deployment's replicas", () => {
    const c = cka();
    webWithBudget(c, 4, { minAvailable: "50%" });
    expect(mustGet(c, "poddisruptionbudgets", "web").status).toMatchObject({ expectedPods: 4, desiredHealthy: 2, disruptionsAllowed: 2 });
    c.patch("deployments", "web", { spec: { replicas: 5 } });
    c.runUntilIdle();
    expect(mustGet(c, "poddisruptionbudgets", "web").status).toMatchObject({ expectedPods: 5, desiredHealthy: 3, disruptionsAllowed: 2 });
  });
});
