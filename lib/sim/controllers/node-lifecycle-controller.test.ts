/** Node lifecycle: heartbeats, 50 s grace, unreachable taints, eviction after 300 s (k8s-reference §5). */
import { describe, expect, it, vi } from "vitest";
import { cka, deployment, mustGet, podsOf } from "../test-helpers";
import { parseIsoTime, type Obj } from "../util";

// Simulations are CPU-bound; CI machines are shared.
vi.setConfig({ testTimeout: 60_000 });

function ready(n: Obj): string {
  return n.status.conditions.find((c: Obj) => c.type === "Ready").status;
}

describe("node failure (§5)", () => {
  it("Ready=Unknown and unreachable taints after the grace period, eviction 300 s after the taint", () => {
    const c = cka();
    c.apply(deployment("web", { replicas: 2 }));
    c.runUntilIdle();
    const onNode01 = podsOf(c, "app=web").filter((p) => p.spec.nodeName === "node01");
    expect(onNode01.length).toBeGreaterThan(0);
    const t0 = c.now;
    c.setKubeletRunning("node01", false);
    c.advance(39_000);
    expect(ready(mustGet(c, "nodes", "node01"))).toBe("True");
    c.advance(26_000);
    const n = mustGet(c, "nodes", "node01");
    expect(ready(n)).toBe("Unknown");
    expect(n.status.conditions.find((x: Obj) => x.type === "Ready").message).toBe("Kubelet stopped posting node status.");
    expect(n.spec.taints.map((t: Obj) => `${t.key}:${t.effect}`)).toEqual(["node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute"]);
    const tainted = parseIsoTime(n.spec.taints[1].timeAdded);
    expect(tainted - t0).toBeGreaterThan(40_000);
    expect(tainted - t0).toBeLessThanOrEqual(60_000);
    // pods on the node are marked not ready -> they leave the endpoints
    for (const p of onNode01) expect(mustGet(c, "pods", p.metadata.name).status.conditions.find((x: Obj) => x.type === "Ready").status).toBe("False");
    c.advance(tainted + 299_000 - c.now);
    for (const p of onNode01) expect(mustGet(c, "pods", p.metadata.name).metadata.deletionTimestamp).toBeUndefined();
    c.advance(2_000);
    for (const p of onNode01) expect(mustGet(c, "pods", p.metadata.name).metadata.deletionTimestamp).toBeDefined();
    c.runUntilIdle();
    c.advance(10_000);
    const live = podsOf(c, "app=web").filter((p) => !p.metadata.deletionTimestamp);
    expect(live).toHaveLength(2);
    expect(live.every((p) => p.spec.nodeName === "node02")).toBe(true);
    // the kubelet cannot confirm: the old pods stay Terminating
    for (const p of onNode01) expect(c.get("pods", p.metadata.name).ok).toBe(true);
  });

  it("the node recovers when the kubelet comes back", () => {
    const c = cka();
    c.setKubeletRunning("node02", false);
    c.advance(70_000);
    expect(ready(mustGet(c, "nodes", "node02"))).toBe("Unknown");
    c.setKubeletRunning("node02", true);
    c.advance(10_000);
    const n = mustGet(c, "nodes", "node02");
    expect(ready(n)).toBe("True");
    expect(n.spec.taints).toBeUndefined();
  });
});

describe("deleting a Node", () => {
  it("PodGC removes its pods and controllers replace them elsewhere", () => {
    const c = cka();
    c.apply(deployment("web", { replicas: 2 }));
    c.runUntilIdle();
    c.patch("nodes", "node01", { spec: { unschedulable: true } });
    c.delete("nodes", "node01");
    c.advance(45_000);
    c.runUntilIdle();
    const pods = podsOf(c, "app=web");
    expect(pods).toHaveLength(2);
    expect(pods.every((p) => p.spec.nodeName === "node02")).toBe(true);
    expect(c.get("nodes", "node01").ok).toBe(false);
  });
});

describe("NoExecute taints added by hand (§3.3)", () => {
  it("evicts pods that do not tolerate at once, tolerating ones after tolerationSeconds", () => {
    const c = cka();
    const mk = (name: string, tol?: Obj) => ({ apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { nodeName: "node01", ...(tol ? { tolerations: [tol] } : {}), containers: [{ name: "c", image: "nginx:1.27" }] } });
    c.create(mk("plain"));
    c.create(mk("tolerant", { key: "maintenance", operator: "Exists", effect: "NoExecute", tolerationSeconds: 60 }));
    c.create(mk("forever", { key: "maintenance", operator: "Exists", effect: "NoExecute" }));
    c.runUntilIdle();
    c.patch("nodes", "node01", { spec: { taints: [{ key: "maintenance", value: "true", effect: "NoExecute" }] } });
    c.advance(1_000);
    expect(c.get("pods", "plain").ok).toBe(false); // nginx stops within its grace period
    expect(c.trace({ object: "Pod default/plain" }).some((e) => e.from === "kube-controller-manager/taint-eviction-controller" && e.action === "delete")).toBe(true);
    expect(mustGet(c, "pods", "tolerant").metadata.deletionTimestamp).toBeUndefined();
    c.advance(61_000);
    expect(c.get("pods", "tolerant").ok ? mustGet(c, "pods", "tolerant").metadata.deletionTimestamp : "gone").toBeDefined();
    expect(mustGet(c, "pods", "forever").metadata.deletionTimestamp).toBeUndefined();
  });
});
