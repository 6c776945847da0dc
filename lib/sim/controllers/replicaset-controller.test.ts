/** ReplicaSet controller: its status write never changes the stored ReplicaSet (CONVENTIONS: status on a copy). */
import { describe, expect, it, vi } from "vitest";
import { cka } from "../test-helpers";
import type { Obj } from "../util";

vi.setConfig({ testTimeout: 60_000 });

const quota = (pods: string): Obj => ({ apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q" }, spec: { hard: { pods } } });
const replicaSet: Obj = {
  apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "rs" },
  spec: { replicas: 3, selector: { matchLabels: { app: "rs" } }, template: { metadata: { labels: { app: "rs" } }, spec: { containers: [{ name: "c", image: "nginx" }] } } },
};

describe("ReplicaSet status conditions", () => {
  it("a later failure keeps the first ReplicaFailure condition (replica_set_utils.go calculateStatus), the stored one is untouched", () => {
    const c = cka();
    c.apply(quota("1"));
    c.runUntilIdle();
    c.apply(replicaSet);
    c.advance(1_000);
    const stored = c.k.get("replicasets", "default", "rs")!;
    const conds: Obj[] = stored.status.conditions;
    expect(conds.map((x) => [x.type, x.reason])).toEqual([["ReplicaFailure", "FailedCreate"]]);
    const first = conds[0];
    const before = JSON.stringify(stored);
    // a second quota slot: the next retry creates one pod and fails again with another message
    c.apply(quota("2"));
    c.advance(30_000);
    const now = c.k.get("replicasets", "default", "rs")!;
    expect(now.metadata.resourceVersion).not.toBe(stored.metadata.resourceVersion);
    expect(now.status.conditions[0]).toEqual(first);
    expect(now.status.replicas).toBe(2);
    expect(conds[0]).toBe(first);
    expect(JSON.stringify(stored)).toBe(before);
  });

  it("a persistent quota failure retries on the controller's schedule, not in a storm of status writes", () => {
    const c = cka();
    c.apply(quota("2"));
    c.runUntilIdle();
    c.apply(replicaSet);
    c.advance(5_000);
    const n0 = c.trace().length;
    const rv = c.k.get("replicasets", "default", "rs")!.metadata.resourceVersion;
    c.advance(60_000);
    const later = c.trace().slice(n0);
    const creates = later.filter((e) => e.from.endsWith("/replicaset-controller") && e.action === "create").length;
    // one attempt per 10 s retry (plus the resyncs a pod's status brings): a status rewrite per failure made
    // each attempt trigger the next at once (hundreds a second)
    expect(creates).toBeGreaterThan(0);
    expect(creates).toBeLessThanOrEqual(15);
    expect(c.k.get("replicasets", "default", "rs")!.metadata.resourceVersion).toBe(rv);
  });

  it("the condition goes once the pods fit, and the stored version that carried it keeps it", () => {
    const c = cka();
    c.apply(quota("1"));
    c.runUntilIdle();
    c.apply(replicaSet);
    c.advance(1_000);
    const stored = c.k.get("replicasets", "default", "rs")!;
    const before = JSON.stringify(stored);
    c.apply(quota("10"));
    c.advance(30_000);
    const now = c.k.get("replicasets", "default", "rs")!;
    expect(now.status.conditions).toBeUndefined();
    expect(now.status.replicas).toBe(3);
    expect(JSON.stringify(stored)).toBe(before);
  });
});
