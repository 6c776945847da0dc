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
  it("a sync that sets ReplicaFailure again writes a new conditions array, the stored one is untouched", () => {
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
    expect(now.status.conditions[0].message).not.toBe(first.message);
    expect(now.status.replicas).toBe(2);
    expect(conds[0]).toBe(first);
    expect(JSON.stringify(stored)).toBe(before);
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
