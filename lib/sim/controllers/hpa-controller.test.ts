/** HorizontalPodAutoscaler: k8s-reference §1.2 formula and §1.3 normalization. */
import { describe, expect, it, vi } from "vitest";
import { createCluster } from "../cluster";
import { cka, eventsFor, mustGet } from "../test-helpers";
import type { Obj } from "../util";
import { resourceReplicas, type PodMetric } from "./hpa-controller";

// Simulations are CPU-bound; CI machines are shared.
vi.setConfig({ testTimeout: 60_000 });

const NOW = 1_000_000;

function mkPod(name: string, opts: { phase?: string; ready?: boolean; startedAgo?: number; request?: string } = {}): Obj {
  const start = NOW - (opts.startedAgo ?? 600_000);
  const iso = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();
  return {
    metadata: { name, namespace: "default" },
    spec: { containers: [{ name: "c", resources: opts.request === undefined ? { requests: { cpu: "100m" } } : opts.request ? { requests: { cpu: opts.request } } : {} }] },
    status: { phase: opts.phase ?? "Running", startTime: iso(start), conditions: [{ type: "Ready", status: opts.ready === false ? "False" : "True", lastTransitionTime: iso(start + 1000) }] },
  };
}

function metric(cpu: number): PodMetric {
  return { ts: NOW, window: 15_000, containers: [{ name: "c", cpu, mem: 0 }] };
}

function calc(pods: Obj[], usage: Record<string, number>, current: number, target = 100) {
  const metrics: Record<string, PodMetric> = {};
  for (const [n, u] of Object.entries(usage)) metrics[`default/${n}`] = metric(u);
  return resourceReplicas({ currentReplicas: current, pods, metrics, resource: "cpu", targetUtilization: target, now: NOW });
}

describe("replica calculation (§1.2)", () => {
  const four = ["a", "b", "c", "d"].map((n) => mkPod(n));

  it("exactly 1.1 does not scale (tolerance edge)", () => {
    expect(calc(four, { a: 110, b: 110, c: 110, d: 110 }, 4)).toMatchObject({ replicas: 4, utilization: 110 });
  });

  it("just above tolerance scales with ceil", () => {
    expect(calc(four, { a: 111, b: 111, c: 111, d: 111 }, 4)).toMatchObject({ replicas: 5, utilization: 111 });
  });

  it("utilization is a truncated ratio of sums", () => {
    expect(calc(four, { a: 10, b: 20, c: 30, d: 41 }, 4, 50)).toMatchObject({ utilization: 25 });
  });

  it("ceil multiplies the ready pod count, not currentReplicas", () => {
    const pods = [...four, mkPod("f1", { phase: "Failed" }), mkPod("f2", { phase: "Failed" })];
    expect(calc(pods, { a: 200, b: 200, c: 200, d: 200 }, 6)).toMatchObject({ replicas: 8 });
  });

  it("missing metrics count as 100% on a scale-down (may cancel it)", () => {
    expect(calc(four, { a: 10, b: 10 }, 4, 50)).toMatchObject({ replicas: 4 });
  });

  it("missing metrics count as 0% on a scale-up (may cancel it)", () => {
    expect(calc(four, { a: 100, b: 100 }, 4, 50)).toMatchObject({ replicas: 4 });
  });

  it("unready pods within the CPU initialization period are ignored, and count as 0% on scale-up", () => {
    const pods = [mkPod("a"), mkPod("b"), mkPod("u", { ready: false, startedAgo: 60_000 })];
    expect(calc(pods, { a: 200, b: 200, u: 500 }, 3, 100)).toMatchObject({ replicas: 4 });
  });

  it("a container without a cpu request makes the metric fail", () => {
    const r = calc([mkPod("a", { request: "" })], { a: 10 }, 1);
    expect(r).toEqual({ error: "missing request for cpu in container c of Pod a" });
  });

  it("no metrics at all", () => {
    expect(calc(four, {}, 4)).toEqual({ error: "unable to get metrics for resource cpu: no metrics returned from resource metrics API" });
  });
});

function hpaSetup(rps: number) {
  const c = cka();
  c.apply({
    apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "php" },
    spec: { replicas: 1, selector: { matchLabels: { app: "php" } }, template: { metadata: { labels: { app: "php" } }, spec: { containers: [{ name: "c", image: "kubeclass/demo-app:1.0", env: [{ name: "DEMO_CPU_PER_REQUEST_M", value: "10" }], resources: { requests: { cpu: "100m" } } }] } } },
  });
  c.apply({ apiVersion: "v1", kind: "Service", metadata: { name: "php" }, spec: { selector: { app: "php" }, ports: [{ port: 80, targetPort: 8080 }] } });
  c.apply({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "php" }, spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "php" }, minReplicas: 1, maxReplicas: 10, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } }] } });
  c.runUntilIdle();
  c.setLoad({ service: "default/php", rps });
  return c;
}

describe("HPA controller with metrics-server and the load generator (§1.3, §1.4)", () => {
  it("scale-up without behavior is limited to max(2x, 4) per sync", () => {
    const c = hpaSetup(50);
    c.advance(60_000);
    const h = mustGet(c, "horizontalpodautoscalers", "php");
    const first = eventsFor(c, "php").find((e) => e.reason === "SuccessfulRescale");
    expect(first?.message).toBe("New size: 4; reason: cpu resource utilization (percentage of request) above target");
    expect(h.status.conditions.map((x: Obj) => x.type)).toEqual(["AbleToScale", "ScalingActive", "ScalingLimited"]);
  });

  it("metrics show <unknown> before the first scrape; ScalingActive false", () => {
    const c = hpaSetup(0);
    const h = mustGet(c, "horizontalpodautoscalers", "php");
    expect(h.status.currentReplicas).toBe(1);
    expect(h.status.conditions.find((x: Obj) => x.type === "ScalingActive")?.status).toBe("False");
    c.advance(60_000);
    const h2 = mustGet(c, "horizontalpodautoscalers", "php");
    expect(h2.status.currentMetrics[0].resource.current.averageUtilization).toBe(1);
  });

  it("scale-down waits for the 5-minute stabilization window", () => {
    const c = hpaSetup(8);
    c.advance(90_000);
    const up = mustGet(c, "deployments", "php").spec.replicas;
    expect(up).toBeGreaterThan(1);
    c.setLoad({ service: "default/php", rps: 0 });
    c.advance(240_000);
    expect(mustGet(c, "deployments", "php").spec.replicas).toBe(up);
    c.advance(120_000);
    expect(mustGet(c, "deployments", "php").spec.replicas).toBe(1);
    expect(eventsFor(c, "php").some((e) => e.message === "New size: 1; reason: All metrics below target")).toBe(true);
  });
});

describe("HPA walkthrough load-generator pod (busybox wget loop)", () => {
  it("a wget loop pod drives CPU up and the HPA scales out; restoring a snapshot replays identically", () => {
    const c = cka();
    c.apply({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "php-apache" }, spec: { selector: { matchLabels: { run: "php-apache" } }, template: { metadata: { labels: { run: "php-apache" } }, spec: { containers: [{ name: "php-apache", image: "registry.k8s.io/hpa-example", ports: [{ containerPort: 80 }], resources: { limits: { cpu: "500m" }, requests: { cpu: "200m" } } }] } } } });
    c.apply({ apiVersion: "v1", kind: "Service", metadata: { name: "php-apache", labels: { run: "php-apache" } }, spec: { ports: [{ port: 80 }], selector: { run: "php-apache" } } });
    c.apply({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "php-apache" }, spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "php-apache" }, minReplicas: 1, maxReplicas: 10, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } }] } });
    c.runUntilIdle();
    c.advance(30_000);
    c.create({ apiVersion: "v1", kind: "Pod", metadata: { name: "load-generator" }, spec: { restartPolicy: "Never", containers: [{ name: "load-generator", image: "busybox:1.28", command: ["/bin/sh", "-c", "while sleep 0.01; do wget -q -O- http://php-apache; done"] }] } });
    c.runUntilIdle();
    const snap = c.snapshot();
    c.advance(90_000);
    const replicas = mustGet(c, "deployments", "php-apache").spec.replicas;
    expect(replicas).toBeGreaterThan(1);
    expect(eventsFor(c, "php-apache").some((e) => e.reason === "SuccessfulRescale" && e.message.endsWith("reason: cpu resource utilization (percentage of request) above target"))).toBe(true);
    const l = c.logs({ pod: "load-generator" });
    expect(l.ok && l.text).toMatch(/^(OK!)+$/); // wget -O- prints the body without a newline, as in the walkthrough
    const d = cka(99);
    d.restore(snap);
    d.advance(90_000);
    expect(d.stateHash()).toBe(c.stateHash());
  });
});

describe("replica bounds without metrics (horizontal.go reconcileAutoscaler)", () => {
  function boundsSetup(replicas: number, min: number, max: number) {
    const c = createCluster({ preset: "cka", addons: { metricsServer: false } });
    c.apply({
      apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" },
      spec: { replicas, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "10m" } } }] } } },
    });
    c.apply({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "web" }, spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, minReplicas: min, maxReplicas: max } });
    c.advance(20_000);
    return c;
  }
  const rescales = (c: ReturnType<typeof cka>) => eventsFor(c, "web").filter((e) => e.reason === "SuccessfulRescale").map((e) => e.message);

  it("above maxReplicas: scaled down to the maximum with no metrics-server", () => {
    const c = boundsSetup(8, 1, 3);
    expect(mustGet(c, "deployments", "web").spec.replicas).toBe(3);
    expect(rescales(c)).toEqual(["New size: 3; reason: Current number of replicas above Spec.MaxReplicas"]);
    const h = mustGet(c, "horizontalpodautoscalers", "web");
    expect(h.status.desiredReplicas).toBe(3);
    expect(h.status.lastScaleTime).toBeDefined();
  });

  it("below minReplicas: scaled up to the minimum with no metrics-server", () => {
    const c = boundsSetup(1, 2, 5);
    expect(mustGet(c, "deployments", "web").spec.replicas).toBe(2);
    expect(rescales(c)).toEqual(["New size: 2; reason: Current number of replicas below Spec.MinReplicas"]);
  });

  it("exactly at the bounds nothing is rescaled; without metrics the HPA only reports the failure", () => {
    for (const [replicas, min, max] of [[3, 1, 3], [2, 2, 5]]) {
      const c = boundsSetup(replicas, min, max);
      expect(mustGet(c, "deployments", "web").spec.replicas).toBe(replicas);
      expect(rescales(c)).toEqual([]);
      expect(eventsFor(c, "web").some((e) => e.reason === "FailedGetResourceMetric")).toBe(true);
    }
  });
});

describe("autoscaling/v2 behavior defaults (SetDefaults_HorizontalPodAutoscalerBehavior)", () => {
  const created = (c: ReturnType<typeof cka>, o: Obj): Obj => {
    const r = c.create(o);
    if (!r.ok) throw new Error(r.status.message);
    return r.object;
  };
  const hpa = (behavior?: Obj): Obj => ({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "h" }, spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "x" }, maxReplicas: 5, ...(behavior ? { behavior } : {}) } });

  it("no behavior: none is added", () => {
    const c = cka();
    expect(created(c, hpa()).spec.behavior).toBeUndefined();
  });

  it("part of it set: both directions are filled field by field, scale-down keeps no stabilization window", () => {
    const c = cka();
    const b = created(c, hpa({ scaleDown: { stabilizationWindowSeconds: 60 } })).spec.behavior;
    expect(b).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [{ type: "Pods", value: 4, periodSeconds: 15 }, { type: "Percent", value: 100, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] },
    });
  });

  it("given policies replace the default list; an empty behavior gets both defaults", () => {
    const c = cka();
    const b = created(c, hpa({ scaleUp: { policies: [{ type: "Pods", value: 1, periodSeconds: 60 }], selectPolicy: "Min" } })).spec.behavior;
    expect(b.scaleUp).toEqual({ stabilizationWindowSeconds: 0, selectPolicy: "Min", policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] });
    const e = created(c, { ...hpa({}), metadata: { name: "e" } }).spec.behavior;
    expect(e.scaleDown).toEqual({ selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] });
  });
});
