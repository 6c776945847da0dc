/** Deployment + ReplicaSet controllers: k8s-reference §2.1–§2.5. */
import { describe, expect, it, vi } from "vitest";
import { cka, deployment, eventsFor, mustGet, podsOf } from "../test-helpers";
import type { Obj } from "../util";
import { resolveFenceposts, templateHash } from "./deployment-controller";

// Simulations are CPU-bound; CI machines are shared.
vi.setConfig({ testTimeout: 60_000 });

describe("ResolveFenceposts (§2.1 rounding)", () => {
  it.each([
    [3, 1, 0],
    [4, 1, 1],
    [10, 3, 2],
  ])("25%%/25%% of %i replicas -> surge %i, unavailable %i", (replicas, surge, unavailable) => {
    expect(resolveFenceposts(replicas, "25%", "25%")).toEqual({ surge, unavailable });
  });

  it("both resolving to zero makes maxUnavailable 1", () => {
    expect(resolveFenceposts(1, "25%", "25%")).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts(3, "0%", "10%")).toEqual({ surge: 0, unavailable: 1 });
    expect(resolveFenceposts(5, 0, 0)).toEqual({ surge: 0, unavailable: 1 });
  });

  it("pod-template-hash uses the safe alphabet, at most 10 chars (§2.3)", () => {
    const h = templateHash({ metadata: { labels: { app: "x" } }, spec: {} });
    expect(h).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  });
});

function rs(c: ReturnType<typeof cka>, name: string): Obj[] {
  const r = c.list("replicasets");
  if (!r.ok) throw new Error();
  return r.object.filter((x) => x.metadata.ownerReferences?.[0]?.name === name);
}

describe("rolling update (§2.2)", () => {
  it("creates the RS and pods with the hash label and a ScalingReplicaSet event", () => {
    const c = cka();
    c.apply(deployment("web"));
    c.runUntilIdle();
    const d = mustGet(c, "deployments", "web");
    expect(d.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3 });
    const [r] = rs(c, "web");
    const hash = r.metadata.labels["pod-template-hash"];
    expect(r.metadata.name).toBe(`web-${hash}`);
    expect(r.metadata.annotations["deployment.kubernetes.io/revision"]).toBe("1");
    for (const p of podsOf(c, "app=web")) expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    expect(eventsFor(c, "web").map((e) => e.message)).toContain(`Scaled up replica set web-${hash} to 3`);
    const cond = d.status.conditions.find((x: Obj) => x.type === "Progressing");
    expect(cond.reason).toBe("NewReplicaSetAvailable");
  });

  it("keeps at most replicas+surge pods and at least replicas-unavailable available (10 replicas: 3/2)", () => {
    const c = cka();
    c.apply(deployment("web", { replicas: 10, container: { resources: { requests: { cpu: "10m" } } } }));
    c.runUntilIdle();
    c.patch("deployments", "web", { spec: { template: { spec: { containers: [{ name: "app", image: "nginx:1.28" }] } } } });
    let maxTotal = 0, minAvail = 10;
    for (let i = 0; i < 200; i++) {
      c.advance(50);
      const sets = rs(c, "web");
      const total = sets.reduce((a, x) => a + (x.spec.replicas ?? 0), 0);
      const avail = sets.reduce((a, x) => a + (x.status?.availableReplicas ?? 0), 0);
      maxTotal = Math.max(maxTotal, total);
      minAvail = Math.min(minAvail, avail);
    }
    expect(maxTotal).toBe(13);
    expect(minAvail).toBeGreaterThanOrEqual(8);
    const d = mustGet(c, "deployments", "web");
    expect(d.status.updatedReplicas).toBe(10);
    expect(d.metadata.annotations["deployment.kubernetes.io/revision"]).toBe("2");
    const events = eventsFor(c, "web").map((e) => e.message);
    expect(events.some((m) => /^Scaled down replica set web-\w+ to \d+ from \d+$/.test(m))).toBe(true);
  });

  it("rollback reuses the old ReplicaSet with the next revision (§2.4)", () => {
    const c = cka();
    c.apply(deployment("web"));
    c.runUntilIdle();
    const rev1 = rs(c, "web")[0].metadata.name;
    c.patch("deployments", "web", { spec: { template: { spec: { containers: [{ name: "app", image: "nginx:1.28" }] } } } });
    c.runUntilIdle();
    expect(rs(c, "web")).toHaveLength(2);
    // kubectl rollout undo: copy revision 1's template back.
    const old = mustGet(c, "replicasets", rev1);
    const tpl = JSON.parse(JSON.stringify(old.spec.template));
    delete tpl.metadata.labels["pod-template-hash"];
    c.patch("deployments", "web", [{ op: "replace", path: "/spec/template", value: tpl }], "json");
    c.runUntilIdle();
    const sets = rs(c, "web");
    expect(sets).toHaveLength(2);
    const back = mustGet(c, "replicasets", rev1);
    expect(back.metadata.annotations["deployment.kubernetes.io/revision"]).toBe("3");
    expect(back.metadata.annotations["deployment.kubernetes.io/revision-history"]).toBe("1");
    expect(back.spec.replicas).toBe(3);
    expect(mustGet(c, "deployments", "web").metadata.annotations["deployment.kubernetes.io/revision"]).toBe("3");
  });

  it("scaling does not create a revision; Recreate kills old pods first", () => {
    const c = cka();
    c.apply(deployment("web", { strategy: { type: "Recreate" } }));
    c.runUntilIdle();
    c.patch("deployments", "web", { spec: { replicas: 5 } });
    c.runUntilIdle();
    expect(rs(c, "web")).toHaveLength(1);
    c.patch("deployments", "web", { spec: { template: { spec: { containers: [{ name: "app", image: "nginx:1.28" }] } } } });
    let overlap = false;
    for (let i = 0; i < 100; i++) {
      c.advance(100);
      const sets = rs(c, "web");
      if (sets.length === 2 && sets.every((x) => (x.status?.replicas ?? 0) > 0)) overlap = true;
    }
    expect(overlap).toBe(false);
    expect(mustGet(c, "deployments", "web").status.availableReplicas).toBe(5);
  });

  it("revisionHistoryLimit prunes old ReplicaSets", () => {
    const c = cka();
    const d = deployment("web", { replicas: 1 });
    d.spec.revisionHistoryLimit = 1;
    c.apply(d);
    for (const tag of ["1.25", "1.26", "1.27"]) {
      c.runUntilIdle();
      c.patch("deployments", "web", { spec: { template: { spec: { containers: [{ name: "app", image: `nginx:${tag}` }] } } } });
    }
    c.runUntilIdle();
    expect(rs(c, "web")).toHaveLength(2);
  });

  it("a bad image never becomes available and exceeds its progress deadline (§2.5)", () => {
    const c = cka();
    const d = deployment("web", { replicas: 2 });
    d.spec.progressDeadlineSeconds = 60;
    c.apply(d);
    c.runUntilIdle();
    c.patch("deployments", "web", { spec: { template: { spec: { containers: [{ name: "app", image: "nginx:9.9.9" }] } } } });
    c.advance(120_000);
    const st = mustGet(c, "deployments", "web").status;
    const prog = st.conditions.find((x: Obj) => x.type === "Progressing");
    expect(prog).toMatchObject({ status: "False", reason: "ProgressDeadlineExceeded" });
    expect(st.availableReplicas).toBe(2);
  });
});

describe("ReplicaSet (§2.2 scale-down ranking)", () => {
  it("adopts matching orphans and deletes extra pods, not-ready first", () => {
    const c = cka();
    c.create({ apiVersion: "v1", kind: "Pod", metadata: { name: "orphan", labels: { tier: "fe" } }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } });
    c.runUntilIdle();
    c.create({ apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "fe" }, spec: { replicas: 2, selector: { matchLabels: { tier: "fe" } }, template: { metadata: { labels: { tier: "fe" } }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } } } });
    c.runUntilIdle();
    const pods = podsOf(c, "tier=fe");
    expect(pods).toHaveLength(2);
    expect(mustGet(c, "pods", "orphan").metadata.ownerReferences[0].name).toBe("fe");
    expect(eventsFor(c, "fe").filter((e) => e.reason === "SuccessfulCreate")).toHaveLength(1);
  });
});
