// The ha preset (ha.ts): three stacked-etcd control-plane nodes behind a load balancer, quorum, and the
// leader election of kube-scheduler / kube-controller-manager through their Leases in kube-system.
import { describe, expect, it } from "vitest";
import { createCluster } from "./index";
import type { Obj } from "./util";

const ha = () => createCluster({ seed: 3, preset: "ha" });
const lease = (c: ReturnType<typeof ha>, name: string): Obj => {
  const r = c.get("leases", name, { namespace: "kube-system" });
  if (!r.ok) throw new Error(r.status.message);
  return r.object;
};
const holder = (c: ReturnType<typeof ha>, name: string) => String(lease(c, name).spec.holderIdentity).split("_")[0];
const pod = (name: string): Obj => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { containers: [{ name: "c", image: "nginx" }] } });
const nodeOf = (c: ReturnType<typeof ha>, name: string) => {
  const r = c.get("pods", name, { namespace: "default" });
  return r.ok ? (r.object.spec.nodeName ?? null) : "missing";
};

describe("ha preset", () => {
  it("boots three control-plane nodes, each with the four static Pods, stacked etcd members and the leaders' Leases", () => {
    const c = ha();
    const nodes = c.list("nodes");
    if (!nodes.ok) throw new Error("list");
    expect(nodes.object.map((n: Obj) => n.metadata.name)).toEqual(["controlplane", "controlplane2", "controlplane3", "node01"]);
    const pods = c.list("pods", { namespace: "kube-system", labelSelector: "tier=control-plane" });
    if (!pods.ok) throw new Error("list");
    expect(pods.object.length).toBe(12);
    expect(pods.object.every((p: Obj) => p.status.phase === "Running")).toBe(true);
    const etcd3 = pods.object.find((p: Obj) => p.metadata.name === "etcd-controlplane3")!;
    // a joined member names the members so far and joins an existing cluster (kubeadm phases/etcd/local.go)
    expect(etcd3.spec.containers[0].command).toContain("--initial-cluster=controlplane=https://172.30.1.2:2380,controlplane2=https://172.30.2.2:2380,controlplane3=https://172.30.2.3:2380");
    expect(etcd3.spec.containers[0].command).toContain("--initial-cluster-state=existing");
    const s = c.haState()!;
    expect(s).toMatchObject({ endpoint: "172.30.1.10:6443", quorum: true, backends: ["controlplane", "controlplane2", "controlplane3"], etcdLeader: "controlplane" });
    expect(holder(c, "kube-scheduler")).toBe("controlplane");
    expect(lease(c, "kube-controller-manager").spec).toMatchObject({ leaseDurationSeconds: 15, leaseTransitions: 0 });
    const cm = c.get("configmaps", "kubeadm-config", { namespace: "kube-system" });
    expect(cm.ok && cm.object.data.ClusterConfiguration).toContain("controlPlaneEndpoint: 172.30.1.10:6443");
  });

  it("keeps the cka preset single: no HA state, no leader Leases", () => {
    const c = createCluster({ seed: 3, preset: "cka" });
    expect(c.haState()).toBeNull();
    const l = c.list("leases", { namespace: "kube-system" });
    expect(l.ok && l.object.length).toBe(0);
    expect(c.setNodePower("controlplane", false)).toBe(false);
  });

  it("survives one control-plane node down and loses quorum with two; the API and the scheduler come back with it", () => {
    const c = ha();
    expect(c.setNodePower("controlplane3", false)).toBe(true);
    expect(c.setNodePower("controlplane3", false)).toBe(false);
    expect(c.haState()).toMatchObject({ quorum: true, backends: ["controlplane", "controlplane2"] });
    expect(c.create(pod("one")).ok).toBe(true);
    c.advance(5_000);
    expect(nodeOf(c, "one")).toBe("node01");
    c.setNodePower("controlplane", false);
    const s = c.haState()!;
    expect(s.quorum).toBe(false);
    expect(s.backends).toEqual([]);
    // the remaining member leads no one: etcd keeps its last leader until quorum returns
    c.advance(60_000);
    c.setNodePower("controlplane", true);
    expect(c.haState()).toMatchObject({ quorum: true, backends: ["controlplane", "controlplane2"] });
    expect(c.create(pod("two")).ok).toBe(true);
    c.advance(20_000);
    expect(nodeOf(c, "two")).toBe("node01");
  });

  it("moves the etcd leader to a running member when the leader's member stops (a new term)", () => {
    const c = ha();
    c.setNodePower("controlplane", false);
    expect(c.haState()).toMatchObject({ etcdLeader: "controlplane2", raftTerm: 3 });
    c.setNodePower("controlplane", true);
    expect(c.haState()).toMatchObject({ etcdLeader: "controlplane2", raftTerm: 3 });
  });

  it("hands the scheduler's Lease to another node once 15 s have passed since the last renewal, and scheduling waits until then", () => {
    const c = ha();
    c.advance(1_000);
    c.controlPlane.setDown("kube-scheduler", "exited", "controlplane");
    expect(c.create(pod("waits")).ok).toBe(true);
    // last renewal at 0 s; the candidates retry every 2 s, the first retry at or past 15 s takes the Lease (16 s)
    c.advance(14_900);
    expect(holder(c, "kube-scheduler")).toBe("controlplane");
    expect(nodeOf(c, "waits")).toBeNull();
    c.advance(100);
    expect(holder(c, "kube-scheduler")).toBe("controlplane2");
    c.advance(2_000);
    const l = lease(c, "kube-scheduler");
    expect(l.spec.leaseTransitions).toBe(1);
    expect(l.spec.acquireTime).toBe("2026-01-01T00:00:16.000000Z");
    expect(l.spec.renewTime).toBe("2026-01-01T00:00:18.000000Z");
    expect(nodeOf(c, "waits")).toBe("node01");
    const ev = c.list("events", { namespace: "kube-system" });
    expect(ev.ok && ev.object.some((e: Obj) => e.reason === "LeaderElection" && e.involvedObject.name === "kube-scheduler" && e.message === `${l.spec.holderIdentity} became leader`)).toBe(true);
    // the controller manager's Lease did not move
    expect(holder(c, "kube-controller-manager")).toBe("controlplane");
  });

  it("moves both Leases away from a node whose local etcd member is down (its API server has no storage)", () => {
    const c = ha();
    c.controlPlane.setDown("etcd", "exited", "controlplane");
    expect(c.haState()!.backends).toEqual(["controlplane2", "controlplane3"]);
    c.advance(20_000);
    expect(holder(c, "kube-scheduler")).toBe("controlplane2");
    expect(holder(c, "kube-controller-manager")).toBe("controlplane2");
  });

  it("is deterministic and carried by snapshots (stateHash)", () => {
    const run = () => {
      const c = ha();
      c.setNodePower("controlplane2", false);
      c.controlPlane.setDown("kube-controller-manager", "exited", "controlplane");
      c.advance(30_000);
      return c;
    };
    const a = run();
    const b = run();
    expect(a.stateHash()).toBe(b.stateHash());
    const snap = a.snapshot();
    const r = createCluster({ seed: 9, preset: "cka" });
    r.restore(snap);
    expect(r.haState()).toEqual(a.haState());
    a.advance(30_000);
    r.advance(30_000);
    expect(r.stateHash()).toBe(a.stateHash());
    expect(holder(r, "kube-controller-manager")).toBe("controlplane3");
  });
});
