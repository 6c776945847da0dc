/**
 * VolumeBinding as the scheduler and the PV binder do it together: a bound PV's node affinity, delayed
 * (WaitForFirstConsumer) binding of static and provisioned volumes, and the cka preset's default
 * StorageClass. Texts: pkg/scheduler/framework/plugins/volumebinding/binder.go (ConflictReasons),
 * pkg/controller/volume/persistentvolume/pv_controller.go (emitEventForUnboundDelayBindingClaim).
 */
import { describe, expect, it, vi } from "vitest";
import { createCluster, type Cluster } from "./cluster";
import { cka, eventsFor, mustGet, pod } from "./test-helpers";
import type { Obj } from "./util";

vi.setConfig({ testTimeout: 60_000 });

const onNode = (node: string) => ({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [node] }] }] } });

function localPv(name: string, node: string, cls = "local-storage", size = "1Gi"): Obj {
  return { apiVersion: "v1", kind: "PersistentVolume", metadata: { name }, spec: { capacity: { storage: size }, accessModes: ["ReadWriteOnce"], storageClassName: cls, local: { path: "/mnt/disk" }, nodeAffinity: onNode(node) } };
}

function claim(name: string, cls?: string, size = "1Gi"): Obj {
  return { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: size } }, ...(cls ? { storageClassName: cls } : {}) } };
}

function user(name: string, claimName: string, spec: Obj = {}): Obj {
  return pod(name, { image: "nginx", volumeMounts: [{ name: "d", mountPath: "/data" }] }, { volumes: [{ name: "d", persistentVolumeClaim: { claimName } }], ...spec });
}

const localClass: Obj = { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "local-storage" }, provisioner: "kubernetes.io/no-provisioner", volumeBindingMode: "WaitForFirstConsumer" };

function failedScheduling(c: Cluster, name: string): string[] {
  return eventsFor(c, name).filter((e) => e.reason === "FailedScheduling").map((e) => e.message);
}

describe("WaitForFirstConsumer with a local PV", () => {
  it("the claim waits for a consumer, then binds to the PV on the node the pod is scheduled to", () => {
    const c = cka();
    for (const o of [localClass, localPv("pv1", "node02"), claim("data", "local-storage")]) c.apply(o);
    c.runUntilIdle();
    expect(mustGet(c, "persistentvolumeclaims", "data").status.phase).toBe("Pending");
    expect(mustGet(c, "persistentvolumes", "pv1", "").status.phase).toBe("Available");
    expect(eventsFor(c, "data").map((e) => [e.reason, e.message])).toEqual([["WaitForFirstConsumer", "waiting for first consumer to be created before binding"]]);
    c.create(user("app", "data"));
    c.runUntilIdle();
    expect(mustGet(c, "persistentvolumeclaims", "data").spec.volumeName).toBe("pv1");
    const p = mustGet(c, "pods", "app");
    expect(p.spec.nodeName).toBe("node02");
    expect(p.status.phase).toBe("Running");
    expect(failedScheduling(c, "app")).toEqual([]);
  });

  it("no PV for the claim on any node: every worker lacks one, the pod and the claim wait", () => {
    const c = cka();
    for (const o of [localClass, localPv("small", "node01", "local-storage", "1Gi"), claim("big", "local-storage", "5Gi")]) c.apply(o);
    c.create(user("app", "big"));
    c.runUntilIdle();
    expect(failedScheduling(c, "app")).toEqual([
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't find available persistent volumes to bind. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    ]);
    expect(eventsFor(c, "big").map((e) => e.message)).toContain("waiting for pod app to be scheduled");
    // a fitting PV appears: the pending pod is retried and lands on its node
    c.apply(localPv("large", "node01", "local-storage", "10Gi"));
    c.runUntilIdle();
    expect(mustGet(c, "pods", "app").spec.nodeName).toBe("node01");
    expect(mustGet(c, "persistentvolumeclaims", "big").spec.volumeName).toBe("large");
  });
});

describe("a bound PV's node affinity", () => {
  it("a pod whose claim is bound to a PV on node01 only schedules there; elsewhere it is a volume node affinity conflict", () => {
    const c = cka();
    for (const o of [localClass, localPv("pv1", "node01"), claim("data", "local-storage")]) c.apply(o);
    c.create(user("first", "data"));
    c.runUntilIdle();
    expect(mustGet(c, "pods", "first").spec.nodeName).toBe("node01");
    c.create(user("pinned", "data", { nodeSelector: { "kubernetes.io/hostname": "node02" } }));
    c.create(user("free", "data"));
    c.runUntilIdle();
    expect(failedScheduling(c, "pinned")).toEqual([
      "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had volume node affinity conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    ]);
    expect(mustGet(c, "pods", "free").spec.nodeName).toBe("node01");
  });

  it("an Immediate class binds at once and a PV without node affinity fits every node", () => {
    const c = createCluster({ preset: "cka", addons: { defaultStorageClass: false } });
    c.apply({ apiVersion: "v1", kind: "PersistentVolume", metadata: { name: "shared" }, spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: "/data" } } });
    c.apply(claim("data"));
    c.runUntilIdle();
    expect(mustGet(c, "persistentvolumeclaims", "data").status.phase).toBe("Bound");
    c.create(user("app", "data", { nodeSelector: { "kubernetes.io/hostname": "node02" } }));
    c.runUntilIdle();
    expect(mustGet(c, "pods", "app").spec.nodeName).toBe("node02");
  });
});

describe("the cka preset's default StorageClass (local-path, as on Killercoda)", () => {
  it("a claim without a class gets local-path, waits for a consumer, then is provisioned on the pod's node", () => {
    const c = cka();
    expect(mustGet(c, "storageclasses", "local-path", "").metadata.annotations["storageclass.kubernetes.io/is-default-class"]).toBe("true");
    c.apply(claim("data"));
    c.runUntilIdle();
    const pvc = mustGet(c, "persistentvolumeclaims", "data");
    expect(pvc.spec.storageClassName).toBe("local-path");
    expect(pvc.status.phase).toBe("Pending");
    c.create(user("app", "data"));
    c.runUntilIdle();
    const node = mustGet(c, "pods", "app").spec.nodeName;
    const bound = mustGet(c, "persistentvolumeclaims", "data");
    expect(bound.status.phase).toBe("Bound");
    expect(bound.metadata.annotations["volume.kubernetes.io/selected-node"]).toBe(node);
    const pv = mustGet(c, "persistentvolumes", bound.spec.volumeName, "");
    expect(pv.spec.nodeAffinity).toEqual(onNode(node));
    expect(eventsFor(c, "data").map((e) => e.reason)).toEqual(["WaitForFirstConsumer", "ExternalProvisioning", "ProvisioningSucceeded"]);
  });

  it("turned off, a claim without a class stays classless", () => {
    const c = createCluster({ preset: "cka", addons: { defaultStorageClass: false } });
    c.apply(claim("data"));
    c.runUntilIdle();
    expect(mustGet(c, "persistentvolumeclaims", "data").spec.storageClassName).toBeUndefined();
  });
});

describe("object UIDs", () => {
  it("are random-looking version 4 UUIDs, distinct per object", () => {
    const c = cka();
    const uids = ["a", "b", "c"].map((n) => {
      c.create(pod(n, { image: "nginx" }));
      return mustGet(c, "pods", n).metadata.uid as string;
    });
    for (const u of uids) expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(uids).size).toBe(3);
  });
});
