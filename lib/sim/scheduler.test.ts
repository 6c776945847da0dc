/** kube-scheduler: filter/score and FailedScheduling wording, k8s-reference §3. */
import { describe, expect, it, vi } from "vitest";
import { cka, eventsFor, mustGet, pod } from "./test-helpers";
import { createCluster } from "./cluster";

// Simulations are CPU-bound; CI machines are shared.
vi.setConfig({ testTimeout: 60_000 });

function failed(c: ReturnType<typeof cka>, name: string): string | undefined {
  return eventsFor(c, name).find((e) => e.reason === "FailedScheduling")?.message;
}

describe("FailedScheduling message (§3.5)", () => {
  it("mixed reasons: untolerated control-plane taint and insufficient cpu on the workers", () => {
    const c = cka();
    c.create(pod("big", { image: "nginx", resources: { requests: { cpu: "1500m" } } }));
    c.create(pod("big2", { image: "nginx", resources: { requests: { cpu: "1500m" } } }));
    c.runUntilIdle();
    c.create(pod("big3", { image: "nginx", resources: { requests: { cpu: "1500m" } } }));
    c.runUntilIdle();
    expect(failed(c, "big3")).toBe("0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.");
    const p = mustGet(c, "pods", "big3");
    expect(p.status.phase).toBe("Pending");
    expect(p.status.conditions[0]).toMatchObject({ type: "PodScheduled", status: "False", reason: "Unschedulable" });
  });

  it("one node can contribute cpu and memory; entries sort as strings", () => {
    const c = cka();
    c.create(pod("huge", { image: "nginx", resources: { requests: { cpu: "64", memory: "64Gi" } } }));
    c.runUntilIdle();
    expect(failed(c, "huge")).toBe("0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu, 2 Insufficient memory. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
  });

  it("cordoned nodes are unschedulable; uncordon lets the pod schedule", () => {
    const c = cka();
    for (const n of ["node01", "node02"]) c.patch("nodes", n, { spec: { unschedulable: true } });
    c.create(pod("p", { image: "nginx" }));
    c.runUntilIdle();
    expect(failed(c, "p")).toBe("0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    expect(mustGet(c, "nodes", "node02").spec.taints).toEqual([{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule", timeAdded: expect.any(String) }]);
    c.patch("nodes", "node02", { spec: { unschedulable: null } });
    c.runUntilIdle();
    expect(mustGet(c, "nodes", "node02").spec.taints).toBeUndefined();
    expect(mustGet(c, "pods", "p").spec.nodeName).toBe("node02");
  });

  it("Scheduled event text; nodeSelector and tolerations", () => {
    const c = cka();
    c.patch("nodes", "node01", { metadata: { labels: { disktype: "ssd" } } });
    c.create(pod("p", { image: "nginx" }, { nodeSelector: { disktype: "ssd" } }));
    c.create(pod("cp", { image: "nginx" }, { nodeSelector: { "kubernetes.io/hostname": "controlplane" }, tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }] }));
    c.runUntilIdle();
    expect(mustGet(c, "pods", "p").spec.nodeName).toBe("node01");
    expect(mustGet(c, "pods", "cp").spec.nodeName).toBe("controlplane");
    expect(eventsFor(c, "p").find((e) => e.reason === "Scheduled")?.message).toBe("Successfully assigned default/p to node01");
  });

  it("hostPort conflicts and required pod anti-affinity", () => {
    const c = cka();
    const hp = { image: "nginx", ports: [{ containerPort: 80, hostPort: 8080 }] };
    for (const n of ["a", "b", "c"]) c.create(pod(n, hp));
    c.runUntilIdle();
    expect(failed(c, "c") ?? failed(c, "b") ?? failed(c, "a")).toContain("2 node(s) didn't have free ports for the requested pod ports");
    const anti = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "db" } }, topologyKey: "kubernetes.io/hostname" }] } };
    for (const n of ["db1", "db2", "db3"]) c.create(pod(n, { image: "redis" }, { affinity: anti }, { labels: { app: "db" } }));
    c.runUntilIdle();
    const nodes = ["db1", "db2", "db3"].map((n) => mustGet(c, "pods", n).spec.nodeName).filter(Boolean);
    expect(new Set(nodes).size).toBe(nodes.length);
    expect(nodes).toHaveLength(2);
  });

  it("spreads replicas across workers and never onto the tainted control plane", () => {
    const c = createCluster({ preset: "cka", seed: 5 });
    c.apply({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "w" }, spec: { replicas: 6, selector: { matchLabels: { a: "w" } }, template: { metadata: { labels: { a: "w" } }, spec: { containers: [{ name: "c", image: "nginx" }] } } } });
    c.runUntilIdle();
    const r = c.list("pods", { labelSelector: "a=w" });
    const counts: Record<string, number> = {};
    if (r.ok) for (const p of r.object) counts[p.spec.nodeName] = (counts[p.spec.nodeName] ?? 0) + 1;
    expect(counts).toEqual({ node01: 3, node02: 3 });
  });
});

describe("PriorityClass admission and preemption", () => {
  it("a missing PriorityClass is Forbidden", () => {
    const r = cka().create(pod("p", { image: "nginx" }, { priorityClassName: "high" }));
    expect(!r.ok && r.status.message).toBe('pods "p" is forbidden: no PriorityClass with name high was found');
  });

  it("a high-priority pod preempts lower-priority pods when the workers are full", () => {
    const c = cka();
    c.create({ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "high" }, value: 1000 });
    for (const n of ["low1", "low2"]) c.create(pod(n, { image: "nginx", resources: { requests: { cpu: "1500m" } } }));
    c.runUntilIdle();
    c.create(pod("vip", { image: "nginx", resources: { requests: { cpu: "1500m" } } }, { priorityClassName: "high" }));
    expect(mustGet(c, "pods", "vip").spec.priority).toBe(1000);
    c.runUntilIdle();
    c.advance(5_000);
    const vip = mustGet(c, "pods", "vip");
    expect(vip.status.phase).toBe("Running");
    const gone = ["low1", "low2"].filter((n) => !c.get("pods", n).ok);
    expect(gone).toHaveLength(1);
    expect(eventsFor(c, gone[0]).find((e) => e.reason === "Preempted")?.message).toBe(`Preempted by pod ${vip.metadata.uid} on node ${vip.spec.nodeName}`);
  });
});

describe("pods pinned to one node (matchFields metadata.name, as DaemonSet pods are) failing in the same scheduling pass", () => {
  it("each is judged on its own tolerations, not on a filter result of the pod before it", () => {
    const c = cka();
    c.patch("nodes", "node01", { spec: { taints: [{ key: "team", value: "a", effect: "NoSchedule" }] } });
    c.runUntilIdle();
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["node01"] }] }] } } };
    // "fat" tolerates node01's taint but asks for more cpu than the node has; "plain" fits but tolerates nothing
    c.create(pod("fat", { image: "nginx", resources: { requests: { cpu: "64" } } }, { affinity, tolerations: [{ key: "team", operator: "Exists", effect: "NoSchedule" }] }));
    c.create(pod("plain", { image: "nginx" }, { affinity }));
    c.runUntilIdle();
    expect(failed(c, "fat")).toBe("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    expect(failed(c, "plain")).toBe("0/3 nodes are available: 1 node(s) had untolerated taint {team: a}, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
  });
});
