// Geometry of the FlowPlayer picture: where each component, node agent and Pod sits.
import type { FlowEndpoint, LocalFlowRun, PodChange } from "#lib/flows/types";

export const W = 820;
const CP = { x: 150, y: 8, h: 112 };
const BOX_H = 40;
const POD_H = 32;
const GAP = 8;
/** node title and its taints line */
const NODE_HEAD = 40;

export interface Box {
  id: string;
  label: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Layout {
  height: number;
  controlPlane: { x: number; y: number; w: number; h: number };
  outside: Box[];
  components: Box[];
  nodes: { name: string; x: number; y: number; w: number; h: number; agents: Box[] }[];
  pending: { x: number; y: number; w: number; h: number } | null;
  /** slot of each Pod: on its node (by order of arrival) or in the pending lane */
  podBox: (pod: string, node: string | null) => Box;
}

const OUTSIDE = new Set<FlowEndpoint>(["kubectl", "client", "load-generator"]);

/** Lay out the picture for one run (stable for the whole animation). */
export function layoutFor(run: LocalFlowRun): Layout {
  const outsideIds = run.components.filter((c) => OUTSIDE.has(c));
  const outside = outsideIds.map((id, i) => ({ id, label: id, x: 8, y: CP.y + 24 + i * (BOX_H + 4), w: 130, h: BOX_H - 6 }));
  const cpIds = run.components.filter((c) => !OUTSIDE.has(c));
  const cpW = W - CP.x - 8;
  const cw = (cpW - GAP * (cpIds.length + 1)) / cpIds.length;
  const components = cpIds.map((id, i) => ({ id, label: id, x: CP.x + GAP + i * (cw + GAP), y: CP.y + 60, w: cw, h: BOX_H }));

  const hasPending = run.pods.some((p) => p.node === null);
  const pendingY = CP.y + CP.h + 10;
  const nodesY = hasPending ? pendingY + POD_H + 22 : CP.y + CP.h + 16;

  // Pod slots per node, in order of first arrival; a Pod keeps its slot.
  const slots = new Map<string, Map<string, number>>();
  const pendingSlots = new Map<string, number>();
  const slot = (ch: PodChange) => {
    if (ch.node === null) {
      if (!pendingSlots.has(ch.pod)) pendingSlots.set(ch.pod, pendingSlots.size);
      return;
    }
    const m = slots.get(ch.node) ?? new Map<string, number>();
    slots.set(ch.node, m);
    if (!m.has(ch.pod)) m.set(ch.pod, m.size);
  };
  run.pods.forEach(slot);
  const maxPods = Math.max(0, ...[...slots.values()].map((m) => m.size));
  const podRows = Math.ceil(maxPods / 2);
  const nodeH = NODE_HEAD + BOX_H + GAP + podRows * (POD_H + 6) + GAP;
  const n = Math.max(1, run.nodes.length);
  const nw = (W - 8 - GAP * n) / n;
  const nodes = run.nodes.map((name, i) => {
    const x = 8 + i * (nw + GAP);
    const aw = (nw - GAP * 4) / 3;
    const agents = ["kubelet", "containerd", "kube-proxy"].map((a, j) => ({ id: `${a}@${name}`, label: a, x: x + GAP + j * (aw + GAP), y: nodesY + NODE_HEAD, w: aw, h: BOX_H - 6 }));
    return { name, x, y: nodesY, w: nw, h: nodeH, agents };
  });

  const podBox = (pod: string, node: string | null): Box => {
    const label = pod.slice(pod.indexOf("/") + 1);
    if (node === null) {
      const i = pendingSlots.get(pod) ?? 0;
      const pw = 150;
      return { id: pod, label, x: CP.x + GAP + i * (pw + GAP), y: pendingY, w: pw, h: POD_H };
    }
    const nb = nodes.find((nn) => nn.name === node) ?? nodes[0];
    const i = slots.get(node)?.get(pod) ?? 0;
    const pw = (nb.w - GAP * 3) / 2;
    return { id: pod, label, x: nb.x + GAP + (i % 2) * (pw + GAP), y: nb.y + NODE_HEAD + BOX_H + GAP + Math.floor(i / 2) * (POD_H + 6), w: pw, h: POD_H };
  };

  return {
    height: nodesY + nodeH + 8,
    controlPlane: { x: CP.x, y: CP.y, w: cpW, h: CP.h },
    outside,
    components,
    nodes,
    pending: hasPending ? { x: CP.x, y: pendingY - 4, w: cpW, h: POD_H + 8 } : null,
    podBox,
  };
}

export interface Anchor {
  x: number;
  y: number;
  /** half width and half height of the box the point is the centre of */
  hw: number;
  hh: number;
}

/** Boxes an endpoint is drawn at ("@*" = every node; a Pod where it currently is). */
export function anchors(ep: FlowEndpoint, layout: Layout, podNode: (pod: string) => string | null | undefined): Anchor[] {
  const c = (b: { x: number; y: number; w: number; h: number }): Anchor => ({ x: b.x + b.w / 2, y: b.y + b.h / 2, hw: b.w / 2, hh: b.h / 2 });
  const fixed = [...layout.outside, ...layout.components].find((b) => b.id === ep);
  if (fixed) return [c(fixed)];
  const at = ep.indexOf("@");
  const kind = ep.slice(0, at);
  const where = ep.slice(at + 1);
  if (kind === "pod") {
    const node = podNode(where);
    if (node !== undefined) return [c(layout.podBox(where, node))];
    return [];
  }
  const nodes = where === "*" ? layout.nodes : layout.nodes.filter((n) => n.name === where);
  if (kind === "node") return nodes.map((n) => ({ x: n.x + 40, y: n.y + 13, hw: 36, hh: 11 }));
  return nodes.flatMap((n) => n.agents.filter((a) => a.label === kind).map(c));
}

/** The SVG path of a message from one box to another: edge to edge, or a loop for a component talking to itself. */
export function messagePath(a: Anchor, b: Anchor): string {
  if (a.x === b.x && a.y === b.y) {
    const y = a.y - a.hh;
    return `M${a.x - 14} ${y} C ${a.x - 40} ${y - 34}, ${a.x + 40} ${y - 34}, ${a.x + 14} ${y}`;
  }
  const r = (n: number) => Math.round(n * 10) / 10;
  if (Math.abs(a.y - b.y) < 1) {
    // Same row: arc over the boxes in between instead of crossing them.
    const dir = Math.sign(b.x - a.x);
    const y = a.y - a.hh;
    const lift = Math.min(40, 14 + Math.abs(b.x - a.x) * 0.05);
    return `M${r(a.x + dir * a.hw * 0.4)} ${r(y)} Q ${r((a.x + b.x) / 2)} ${r(y - lift * 2)}, ${r(b.x - dir * b.hw * 0.4)} ${r(y)}`;
  }
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const exit = (p: Anchor, sign: number) => {
    const s = Math.min(dx ? p.hw / Math.abs(dx) : Infinity, dy ? p.hh / Math.abs(dy) : Infinity);
    return { x: p.x + sign * dx * s, y: p.y + sign * dy * s };
  };
  const p = exit(a, 1);
  const q = exit(b, -1);
  return `M${r(p.x)} ${r(p.y)} L${r(q.x)} ${r(q.y)}`;
}
