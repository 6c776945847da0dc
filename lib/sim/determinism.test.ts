/**
 * Determinism: random operation sequences run twice give identical stateHash() and trace, and no
 * sequence throws (learner mistakes are Status results or Events).
 */
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { createCluster, type Cluster } from "./cluster";
import type { Obj } from "./util";

// Simulations are CPU-bound; CI machines are shared.
vi.setConfig({ testTimeout: 60_000 });

const NAMES = ["web", "api", "db"];
const IMAGES = ["nginx:1.27", "nginx:9.9.9", "busybox:1.36", "redis:7", "kubeclass/demo-app:1.0", "nosuch/image", "Bad Image"];
const COMMANDS = [undefined, ["sh", "-c", "exit 1"], ["sh", "-c", "echo hi; sleep 5"], ["sleep", "3600"], ["sh", "-c", "while true; do echo x; sleep 1; done"]];

type Op =
  | { op: "deploy"; name: number; replicas: number; image: number; cmd: number; cpu: number }
  | { op: "scale"; name: number; replicas: number }
  | { op: "image"; name: number; image: number }
  | { op: "delete"; name: number; kind: number }
  | { op: "pod"; name: number; image: number; cmd: number; policy: number }
  | { op: "svc"; name: number; type: number }
  | { op: "advance"; ms: number }
  | { op: "idle" }
  | { op: "kubelet"; node: number; up: boolean }
  | { op: "cordon"; node: number; on: boolean }
  | { op: "bad"; variant: number }
  | { op: "hpa"; name: number }
  | { op: "load"; name: number; rps: number }
  | { op: "curl"; name: number }
  | { op: "job"; name: number; cmd: number }
  | { op: "ns"; del: boolean }
  | { op: "sts"; replicas: number }
  | { op: "ds"; name: number }
  | { op: "cron"; name: number }
  | { op: "cm"; value: number; immutable: boolean }
  | { op: "exec"; name: number; cmd: number }
  | { op: "logs"; name: number; previous: boolean }
  | { op: "evict"; name: number }
  | { op: "netpol"; name: number; deny: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("deploy" as const), name: fc.nat(2), replicas: fc.nat(5), image: fc.nat(IMAGES.length - 1), cmd: fc.nat(COMMANDS.length - 1), cpu: fc.nat(3) }),
  fc.record({ op: fc.constant("scale" as const), name: fc.nat(2), replicas: fc.nat(8) }),
  fc.record({ op: fc.constant("image" as const), name: fc.nat(2), image: fc.nat(IMAGES.length - 1) }),
  fc.record({ op: fc.constant("delete" as const), name: fc.nat(2), kind: fc.nat(3) }),
  fc.record({ op: fc.constant("pod" as const), name: fc.nat(2), image: fc.nat(IMAGES.length - 1), cmd: fc.nat(COMMANDS.length - 1), policy: fc.nat(2) }),
  fc.record({ op: fc.constant("svc" as const), name: fc.nat(2), type: fc.nat(2) }),
  fc.record({ op: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 40_000 }) }),
  fc.record({ op: fc.constant("idle" as const) }),
  fc.record({ op: fc.constant("kubelet" as const), node: fc.nat(2), up: fc.boolean() }),
  fc.record({ op: fc.constant("cordon" as const), node: fc.nat(2), on: fc.boolean() }),
  fc.record({ op: fc.constant("bad" as const), variant: fc.nat(5) }),
  fc.record({ op: fc.constant("hpa" as const), name: fc.nat(2) }),
  fc.record({ op: fc.constant("load" as const), name: fc.nat(2), rps: fc.nat(50) }),
  fc.record({ op: fc.constant("curl" as const), name: fc.nat(2) }),
  fc.record({ op: fc.constant("job" as const), name: fc.nat(2), cmd: fc.nat(COMMANDS.length - 1) }),
  fc.record({ op: fc.constant("ns" as const), del: fc.boolean() }),
  fc.record({ op: fc.constant("sts" as const), replicas: fc.nat(3) }),
  fc.record({ op: fc.constant("ds" as const), name: fc.nat(2) }),
  fc.record({ op: fc.constant("cron" as const), name: fc.nat(2) }),
  fc.record({ op: fc.constant("cm" as const), value: fc.nat(3), immutable: fc.boolean() }),
  fc.record({ op: fc.constant("exec" as const), name: fc.nat(2), cmd: fc.nat(COMMANDS.length - 1) }),
  fc.record({ op: fc.constant("logs" as const), name: fc.nat(2), previous: fc.boolean() }),
  fc.record({ op: fc.constant("evict" as const), name: fc.nat(2) }),
  fc.record({ op: fc.constant("netpol" as const), name: fc.nat(2), deny: fc.boolean() }),
);

const NODES = ["controlplane", "node01", "node02"];

function container(image: number, cmd: number, cpu = 0): Obj {
  const c: Obj = { name: "c", image: IMAGES[image] };
  if (COMMANDS[cmd]) c.command = COMMANDS[cmd];
  if (cpu) c.resources = { requests: { cpu: `${cpu * 300}m`, memory: "64Mi" }, limits: { memory: "128Mi" } };
  return c;
}

/** Internal errors must never surface (they would mean a simulator bug, not a learner mistake). */
function chk(r: { ok: boolean; status?: { reason: string; message: string } }): void {
  if (!r.ok && r.status?.reason === "InternalError") throw new Error(r.status.message);
}

function apply(c: Cluster, o: Op): void {
  const name = NAMES["name" in o ? o.name : 0];
  switch (o.op) {
    case "deploy":
      chk(c.apply({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name }, spec: { replicas: o.replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [container(o.image, o.cmd, o.cpu)] } } } }));
      break;
    case "scale":
      chk(c.patch("deployments", name, { spec: { replicas: o.replicas } }));
      break;
    case "image":
      chk(c.patch("deployments", name, { spec: { template: { spec: { containers: [{ name: "c", image: IMAGES[o.image] }] } } } }));
      break;
    case "delete":
      chk(c.delete(["deployments", "pods", "services", "jobs"][o.kind], name));
      break;
    case "pod":
      chk(c.create({ apiVersion: "v1", kind: "Pod", metadata: { name: `${name}-pod`, labels: { app: name } }, spec: { restartPolicy: ["Always", "OnFailure", "Never"][o.policy], containers: [container(o.image, o.cmd)] } }));
      break;
    case "svc":
      chk(c.apply({ apiVersion: "v1", kind: "Service", metadata: { name }, spec: { type: ["ClusterIP", "NodePort", "LoadBalancer"][o.type], selector: { app: name }, ports: [{ port: 80 }] } }));
      break;
    case "advance":
      c.advance(o.ms);
      break;
    case "idle":
      c.runUntilIdle({ maxMs: 30_000 });
      break;
    case "kubelet":
      c.setKubeletRunning(NODES[o.node], o.up);
      break;
    case "cordon":
      chk(c.patch("nodes", NODES[o.node], { spec: { unschedulable: o.on ? true : null } }));
      break;
    case "bad": {
      const bads: Obj[] = [
        { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "Bad_Name" }, spec: {} },
        { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", imagee: "x" }] } },
        { apiVersion: "batch/v1beta1", kind: "CronJob", metadata: { name: "x" } },
        { kind: "Pod" },
        { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data: { a: "!!" } },
        { apiVersion: "v1", kind: "Service", metadata: { name: "x" }, spec: { ports: [{ port: 80, nodePort: 1 }], type: "NodePort" } },
      ];
      chk(c.apply(bads[o.variant]));
      break;
    }
    case "hpa":
      chk(c.apply({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name }, spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name }, minReplicas: 1, maxReplicas: 6 } }));
      break;
    case "load":
      c.setLoad({ service: `default/${name}`, rps: o.rps });
      break;
    case "curl":
      c.curl({ pod: `default/${name}-pod` }, `http://${name}`);
      break;
    case "ns":
      if (o.del) chk(c.delete("namespaces", "dev"));
      else chk(c.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" } }));
      break;
    case "sts":
      chk(c.apply({ apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "db" }, spec: { serviceName: "db", replicas: o.replicas, selector: { matchLabels: { app: "db" } }, template: { metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "c", image: "redis:7" }] } }, volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }] } }));
      break;
    case "ds":
      chk(c.apply({ apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name }, spec: { selector: { matchLabels: { ds: name } }, template: { metadata: { labels: { ds: name } }, spec: { containers: [{ name: "c", image: "busybox:1.36", command: ["sleep", "3600"] }] } } } }));
      break;
    case "cron":
      chk(c.apply({ apiVersion: "batch/v1", kind: "CronJob", metadata: { name }, spec: { schedule: "*/1 * * * *", jobTemplate: { spec: { template: { spec: { restartPolicy: "OnFailure", containers: [container(2, 2)] } } } } } }));
      break;
    case "cm":
      chk(c.apply({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { v: String(o.value) }, ...(o.immutable ? { immutable: true } : {}) }));
      break;
    case "exec":
      chk(c.exec({ pod: `${name}-pod`, command: COMMANDS[o.cmd] ?? ["ls", "/"] }));
      break;
    case "logs":
      chk(c.logs({ pod: `${name}-pod`, previous: o.previous, tail: 5 }));
      break;
    case "netpol":
      if (o.deny) chk(c.apply({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name }, spec: { podSelector: { matchLabels: { app: name } }, policyTypes: ["Ingress", "Egress"] } }));
      else chk(c.delete("networkpolicies", name));
      break;
    case "evict":
      chk(c.evict(`${name}-pod`));
      break;
    case "job":
      chk(c.create({ apiVersion: "batch/v1", kind: "Job", metadata: { name }, spec: { backoffLimit: 2, template: { spec: { restartPolicy: "Never", containers: [container(2, o.cmd)] } } } }));
      break;
  }
}

function run(seed: number, ops: Op[]): { hash: string; trace: string } {
  const c = createCluster({ preset: "cka", seed, addons: { networkPolicies: seed % 2 === 0, ingressController: seed % 3 === 0 } });
  for (const o of ops) apply(c, o);
  c.advance(5_000);
  return { hash: c.stateHash(), trace: JSON.stringify(c.trace()) };
}

describe("determinism (fast-check)", () => {
  it("100 random operation sequences run twice give identical state and trace, and never throw", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(opArb, { minLength: 1, maxLength: 12 }), (seed, ops) => {
        const a = run(seed, ops);
        const b = run(seed, ops);
        expect(b.hash).toBe(a.hash);
        expect(b.trace).toBe(a.trace);
        expect(a.trace).not.toContain('"action":"internal error"');
      }),
      { numRuns: 100, seed: 20261122 },
    );
  }, 180_000);

  it("snapshot/restore mid-sequence continues exactly like the original (40 sequences)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(opArb, { minLength: 2, maxLength: 10 }), fc.nat(9), (seed, ops, cut0) => {
        const cut = cut0 % ops.length;
        const a = createCluster({ preset: "cka", seed });
        ops.slice(0, cut).forEach((o) => apply(a, o));
        const b = createCluster({ preset: "cka", seed: seed + 1 });
        b.restore(a.snapshot());
        for (const c of [a, b]) {
          ops.slice(cut).forEach((o) => apply(c, o));
          c.advance(20_000);
        }
        expect(b.stateHash()).toBe(a.stateHash());
      }),
      { numRuns: 40, seed: 1122 },
    );
  }, 180_000);
});

describe("malformed requests never throw", () => {
  it("random JSON bodies for real kinds give a Status, never an internal error", () => {
    const c = createCluster({ preset: "cka", seed: 5 });
    const kinds = [["v1", "Pod"], ["apps/v1", "Deployment"], ["v1", "Service"], ["batch/v1", "Job"], ["v1", "Secret"], ["v1", "ConfigMap"], ["autoscaling/v2", "HorizontalPodAutoscaler"], ["networking.k8s.io/v1", "Ingress"], ["apps/v1", "StatefulSet"], ["v1", "PersistentVolumeClaim"]];
    fc.assert(
      fc.property(fc.nat(kinds.length - 1), fc.anything({ maxDepth: 4 }), fc.anything({ maxDepth: 4 }), fc.constantFrom("create", "apply", "replace", "patch"), (ki, spec, meta, verb) => {
        const [apiVersion, kind] = kinds[ki];
        const body: Obj = { apiVersion, kind, metadata: meta && typeof meta === "object" && !Array.isArray(meta) ? { name: "x", ...(meta as Obj) } : { name: "x" }, spec };
        const r = verb === "create" ? c.create(body) : verb === "apply" ? c.apply(body) : verb === "replace" ? c.replace(body) : c.patch(kind.toLowerCase() + "s", "x", spec, "merge");
        if (!r.ok) expect(r.status.reason).not.toBe("InternalError");
        c.advance(100);
      }),
      { numRuns: 300, seed: 77 },
    );
    expect(c.trace().some((e) => e.action === "internal error")).toBe(false);
  }, 180_000);
});
