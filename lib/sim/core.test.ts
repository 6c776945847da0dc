/** Kernel: virtual clock, event queue, store + watches, trace, snapshot/restore, stateHash. */
import { describe, expect, it, vi } from "vitest";
import { Kernel } from "./core";
import { createCluster } from "./cluster";
import { cka, deployment, mustGet } from "./test-helpers";
import { parseQuantity, parseSelectorString, matchesSelector, piDigitsForTest } from "./test-exports";

// Simulations are CPU-bound; CI machines are shared.
vi.setConfig({ testTimeout: 60_000 });

describe("virtual clock and event queue", () => {
  it("runs events in (time, insertion) order and never reads the host clock", () => {
    const k = new Kernel(1);
    const seen: string[] = [];
    k.onTimer("x", (key) => seen.push(`${k.now}:${key}`));
    k.schedule(20, "x", "b");
    k.schedule(10, "x", "a");
    k.schedule(20, "x", "c");
    k.runTo(15);
    expect(seen).toEqual(["10:a"]);
    expect(k.now).toBe(15);
    k.runTo(100);
    expect(seen).toEqual(["10:a", "20:b", "20:c"]);
  });

  it("runUntilIdle stops when only background timers remain", () => {
    const k = new Kernel(1);
    let bg = 0;
    k.onTimer("bg", () => { bg++; k.schedule(1000, "bg", "", false); });
    k.onTimer("fg", () => {});
    k.schedule(1000, "bg", "", false);
    k.schedule(2500, "fg", "");
    expect(k.runUntilIdle(60_000)).toBe(2500);
    expect(bg).toBe(2);
  });

  it("the seeded PRNG is reproducible", () => {
    const a = new Kernel(42), b = new Kernel(42), c = new Kernel(43);
    const seq = (k: Kernel) => [k.random(), k.random(), k.suffix()];
    expect(seq(a)).toEqual(seq(b));
    expect(seq(new Kernel(42))).not.toEqual(seq(c));
  });
});

describe("store, watch and trace", () => {
  it("resourceVersion grows; watches see ADDED/MODIFIED/DELETED", () => {
    const c = cka();
    const w = c.watch("deployments");
    if (!w.ok) throw new Error(w.status.message);
    const r1 = c.create(deployment("web"));
    const rv1 = Number(r1.ok && r1.object.metadata.resourceVersion);
    c.patch("deployments", "web", { spec: { replicas: 1 } });
    expect(Number(mustGet(c, "deployments", "web").metadata.resourceVersion)).toBeGreaterThan(rv1);
    c.delete("deployments", "web");
    const types = w.drain().map((e) => e.type);
    expect(types[0]).toBe("ADDED");
    expect(types).toContain("MODIFIED");
    expect(types[types.length - 1]).toBe("DELETED");
    w.stop();
  });

  it("trace records the flow kubectl -> apiserver -> etcd -> controllers -> scheduler -> kubelet, queryable by time and object", () => {
    const c = cka();
    const t0 = c.now;
    c.apply(deployment("web", { replicas: 1 }));
    c.runUntilIdle();
    const all = c.trace({ from: t0 });
    expect(all[0]).toMatchObject({ t: t0, from: "kubectl", to: "kube-apiserver", action: "create", object: "Deployment default/web" });
    expect(all[1]).toMatchObject({ from: "kube-apiserver", to: "etcd", action: "put" });
    const froms = new Set(all.flatMap((e) => [e.from.split("/")[0], e.to.split("/")[0]]));
    for (const comp of ["kubectl", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet", "containerd"]) expect(froms).toContain(comp);
    const podFlow = c.trace({ object: "Pod default/web-" });
    expect(podFlow.some((e) => e.from === "kube-scheduler" && e.action === "create binding")).toBe(true);
    expect(c.trace({ from: t0, to: t0 }).every((e) => e.t === t0)).toBe(true);
    expect(c.trace({ component: "kubelet", limit: 3 })).toHaveLength(3);
  });
});

describe("snapshot / restore / stateHash", () => {
  it("same seed and calls give the same hash; a different seed differs", () => {
    const run = (seed: number) => {
      const c = createCluster({ preset: "cka", seed });
      c.apply(deployment("web"));
      c.runUntilIdle();
      c.advance(30_000);
      return c.stateHash();
    };
    expect(run(1)).toBe(run(1));
    expect(run(1)).not.toBe(run(2));
  });

  it("restore continues exactly like the original", () => {
    const a = cka(9);
    a.apply(deployment("web"));
    a.runUntilIdle();
    const snap = a.snapshot();
    const b = cka(123);
    b.restore(snap);
    expect(b.stateHash()).toBe(a.stateHash());
    for (const c of [a, b]) {
      c.patch("deployments", "web", { spec: { template: { spec: { containers: [{ name: "app", image: "nginx:1.28" }] } } } });
      c.advance(45_000);
    }
    expect(b.stateHash()).toBe(a.stateHash());
    expect(JSON.stringify(b.trace())).toBe(JSON.stringify(a.trace()));
  });
});

describe("utilities", () => {
  it("quantities and selectors", () => {
    expect(parseQuantity("500m")).toBe(0.5);
    expect(parseQuantity("1Gi")).toBe(1024 ** 3);
    expect(parseQuantity("1e3")).toBe(1000);
    expect(Number.isNaN(parseQuantity("1GB"))).toBe(true);
    const sel = parseSelectorString("app=web,tier in (a,b),!legacy");
    expect(sel && matchesSelector(sel, { app: "web", tier: "a" })).toBe(true);
    expect(sel && matchesSelector(sel, { app: "web", tier: "c" })).toBe(false);
    expect(parseSelectorString("a in (")).toBeNull();
  });

  it("perl bpi prints pi", () => {
    expect(piDigitsForTest(10)).toBe("3.141592653");
  });
});

describe("presets", () => {
  it("single: one untainted node that runs workloads; cka: three nodes, add-ons Running", () => {
    const s = createCluster({ preset: "single", seed: 1 });
    const nodes = s.list("nodes");
    expect(nodes.ok && nodes.object.map((n) => n.metadata.name)).toEqual(["node01"]);
    s.apply(deployment("web", { replicas: 2 }));
    s.runUntilIdle();
    expect(mustGet(s, "deployments", "web").status.availableReplicas).toBe(2);
    const c = cka();
    const sys = c.list("pods", { namespace: "kube-system" });
    expect(sys.ok && sys.object.every((p) => p.status.phase === "Running")).toBe(true);
    const names = sys.ok ? sys.object.map((p) => p.metadata.name) : [];
    for (const prefix of ["coredns-", "etcd-controlplane", "kube-apiserver-controlplane", "kube-controller-manager-controlplane", "kube-scheduler-controlplane", "kube-proxy-", "kube-flannel-ds-", "metrics-server-"]) {
      expect(names.some((n) => n.startsWith(prefix))).toBe(true);
    }
    expect(names.filter((n) => n.startsWith("kube-proxy-"))).toHaveLength(3);
    const cp = mustGet(c, "nodes", "controlplane", "");
    expect(cp.spec.taints).toEqual([{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }]);
    expect(cp.metadata.labels["node-role.kubernetes.io/control-plane"]).toBe("");
    expect(mustGet(c, "services", "kube-dns", "kube-system").spec.clusterIP).toBe("10.96.0.10");
    expect(mustGet(c, "services", "kubernetes").spec.clusterIP).toBe("10.96.0.1");
  });

  it("explicit nodes and initial objects", () => {
    const c = createCluster({ seed: 2, nodes: [{ name: "a", cpu: "1", memory: "1Gi", labels: { zone: "z1" } }, { name: "b", taints: [{ key: "gpu", effect: "NoSchedule" }] }], objects: [deployment("web", { replicas: 2 })] });
    expect(mustGet(c, "deployments", "web").status.availableReplicas).toBe(2);
    const pods = c.list("pods", { labelSelector: "app=web" });
    expect(pods.ok && pods.object.every((p) => p.spec.nodeName === "a")).toBe(true);
  });
});

describe("uids", () => {
  it("are the same for the same seed as before they were built from one character buffer (pinned values)", () => {
    // produced by the earlier string-concatenation code: a change of layout or of the PRNG draw fails here
    const k = new Kernel(7);
    expect([k.uid(), k.uid(), k.uid()]).toEqual(["02ff152b-8dc9-4762-9d9d-6d0a30ddcf34", "0fdc7f11-cc4e-4d5e-866c-9fbd69540291", "fa169e5d-8f41-448b-96f3-8798785af862"]);
    for (let i = 0; i < 5000; i++) k.uid();
    expect(k.uid()).toBe("63ac0c50-b124-42c8-b28d-fa6d5b551ebc");
  });
});
