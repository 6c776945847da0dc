/** Stored versions are never changed in place: controllers write status on copies that may share unchanged parts (CONVENTIONS). */
import { describe, expect, it, vi } from "vitest";
import { cka, deployment, service } from "./test-helpers";
import type { Obj } from "./util";

vi.setConfig({ testTimeout: 60_000 });

describe("stored objects", () => {
  it("every version a rollout, scale, Service and quota failure stored still reads as when it was stored", () => {
    const c = cka();
    const seen = new Map<Obj, string>();
    const capture = () => {
      for (const m of Object.values(c.k.s.objects)) for (const o of m.values()) if (!seen.has(o)) seen.set(o, JSON.stringify(o));
    };
    const steps: (() => unknown)[] = [
      () => c.apply({ apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q" }, spec: { hard: { pods: "4" } } }),
      () => c.apply(deployment("web", { replicas: 3 })),
      () => c.apply(service("web", { app: "web" })),
      () => c.patch("deployments", "web", { spec: { replicas: 6 } }),
      () => c.patch("deployments", "web", { metadata: { annotations: { "kubernetes.io/change-cause": "bump" } } }),
      () => c.patch("deployments", "web", { spec: { template: { spec: { containers: [{ name: "app", image: "nginx:1.28" }] } } } }),
      () => c.apply({ apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q" }, spec: { hard: { pods: "20" } } }),
      () => c.patch("deployments", "web", { spec: { replicas: 2 } }),
    ];
    for (const step of steps) {
      step();
      for (let t = 0; t < 40; t++) {
        c.advance(1_000);
        capture();
      }
    }
    expect(seen.size).toBeGreaterThan(100);
    const changed = [...seen].filter(([o, json]) => JSON.stringify(o) !== json).map(([o]) => `${o.kind} ${o.metadata?.name}`);
    expect(changed).toEqual([]);
  });
});
