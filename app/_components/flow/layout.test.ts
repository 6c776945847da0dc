import { describe, expect, it } from "vitest";
import type { LocalFlowRun } from "#lib/flows/types";
import { anchors, layoutFor, messagePath } from "./layout";

function runWith(over: Partial<LocalFlowRun> = {}): LocalFlowRun {
  return {
    id: "x",
    hash: "",
    commands: [{ t: 0, text: "kubectl apply -f web.yaml", output: "" }],
    nodes: ["controlplane", "node01", "node02"],
    components: ["kubectl", "kube-apiserver", "etcd", "kube-scheduler"],
    steps: [],
    pods: [
      { t: 1, pod: "default/a", node: null, state: "Pending" },
      { t: 2, pod: "default/a", node: "node01", state: "Pending" },
      { t: 2, pod: "default/b", node: "node01", state: "Pending" },
      { t: 3, pod: "default/c", node: "node01", state: "Pending" },
    ],
    nodeChanges: [],
    ...over,
  };
}

describe("FlowPlayer layout", () => {
  it("puts outside actors left of the control plane and every node's agents in its column", () => {
    const l = layoutFor(runWith());
    expect(l.outside.map((b) => b.id)).toEqual(["kubectl"]);
    expect(l.components.map((b) => b.id)).toEqual(["kube-apiserver", "etcd", "kube-scheduler"]);
    expect(l.outside[0].x + l.outside[0].w).toBeLessThan(l.controlPlane.x);
    for (const n of l.nodes) for (const a of n.agents) expect(a.x >= n.x && a.x + a.w <= n.x + n.w).toBe(true);
    expect(l.pending).not.toBeNull();
  });

  it("gives each Pod a stable slot on its node, below the agents, growing the node as needed", () => {
    const l = layoutFor(runWith());
    const [a, b, c] = ["default/a", "default/b", "default/c"].map((p) => l.podBox(p, "node01"));
    expect(a.y).toBe(b.y);
    expect(c.y).toBeGreaterThan(a.y);
    const node = l.nodes.find((n) => n.name === "node01")!;
    expect(c.y + c.h).toBeLessThanOrEqual(node.y + node.h);
    expect(l.height).toBeGreaterThanOrEqual(node.y + node.h);
  });

  it("resolves endpoints: broadcast to every node, a Pod where it is, nothing for an unknown Pod", () => {
    const l = layoutFor(runWith());
    expect(anchors("kubelet@*", l, () => undefined)).toHaveLength(3);
    expect(anchors("containerd@node02", l, () => undefined)).toHaveLength(1);
    const pod = anchors("pod@default/a", l, () => "node01");
    const box = l.podBox("default/a", "node01");
    expect(pod).toEqual([{ x: box.x + box.w / 2, y: box.y + box.h / 2, hw: box.w / 2, hh: box.h / 2 }]);
    expect(anchors("pod@default/zzz", l, () => undefined)).toEqual([]);
  });

  it("draws messages from edge to edge, arcs within a row and loops for self-messages", () => {
    const a = { x: 0, y: 0, hw: 10, hh: 5 };
    expect(messagePath(a, { x: 0, y: 100, hw: 10, hh: 5 })).toBe("M0 5 L0 95");
    expect(messagePath(a, { x: 100, y: 0, hw: 10, hh: 5 })).toMatch(/^M4 -5 Q 50 -\d+(\.\d)?, 96 -5$/);
    expect(messagePath(a, a)).toMatch(/^M-14 -5 C /);
  });
});
