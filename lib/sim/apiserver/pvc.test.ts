/**
 * PersistentVolumeClaim updates: ValidatePersistentVolumeClaimUpdate (spec immutable except
 * resources.requests and volumeAttributesClassName for bound claims, no shrinking to
 * status.capacity) and the PersistentVolumeClaimResize admission plugin. Texts from upstream
 * pkg/apis/core/validation/validation.go and plugin/pkg/admission/storage/persistentvolume/resize.
 */
import { describe, expect, it, vi } from "vitest";
import { createCluster, type Cluster } from "../cluster";
import { cka, mustGet } from "../test-helpers";
import type { Obj } from "../util";

vi.setConfig({ testTimeout: 60_000 });

const IMMUTABLE = "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims";

function storageClass(name: string, extra: Obj = {}): Obj {
  return { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name }, provisioner: "rancher.io/local-path", ...extra };
}

function claim(name: string, spec: Obj = {}): Obj {
  return { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec } };
}

/** A cluster with StorageClasses `expandable` (allowVolumeExpansion) and `fixed`, and claims bound through them. */
function withBoundClaims(): Cluster {
  const c = cka();
  for (const o of [storageClass("expandable", { allowVolumeExpansion: true }), storageClass("fixed"), claim("data", { storageClassName: "expandable" }), claim("logs", { storageClassName: "fixed" })]) {
    const r = c.create(o);
    if (!r.ok) throw new Error(r.status.message);
  }
  c.runUntilIdle({ maxMs: 30_000 });
  return c;
}

function patchFails(c: Cluster, name: string, patch: Obj): { message: string; code: number; causes: string[] } {
  const before = mustGet(c, "persistentvolumeclaims", name);
  const r = c.patch("persistentvolumeclaims", name, patch, "strategic");
  if (r.ok) throw new Error("patch was accepted");
  // the stored object is untouched
  expect(mustGet(c, "persistentvolumeclaims", name)).toEqual(before);
  return { message: r.status.message, code: r.status.code, causes: (r.status.details?.causes ?? []).map((x) => `${x.field}: ${x.message}`) };
}

describe("PVC spec immutability (ValidatePersistentVolumeClaimUpdate)", () => {
  it("rejects an accessModes change with the API server's diff of the internal spec", () => {
    const c = cka();
    c.create(claim("broken", { accessModes: ["ReadWriteMany"] }));
    const f = patchFails(c, "broken", { spec: { accessModes: ["ReadWriteOnce"] } });
    expect(f.code).toBe(422);
    // kubectl shows this cause as `The PersistentVolumeClaim "broken" is invalid: spec: Forbidden: ...`
    expect(f.causes).toEqual([
      `spec: Forbidden: ${IMMUTABLE}\n@@ -1,6 +1,6 @@\n {\n  "AccessModes": [\n-  "ReadWriteMany"\n+  "ReadWriteOnce"\n  ],\n  "Selector": null,\n  "Resources": {\n`,
    ]);
    expect(f.message).toBe(`PersistentVolumeClaim "broken" is invalid: ${f.causes[0]}`);
  });

  it("rejects changing storageClassName once set, but lets a claim without a class get one", () => {
    // without the preset's default StorageClass, a claim keeps no class
    const c = createCluster({ preset: "cka", addons: { defaultStorageClass: false } });
    c.create(claim("pending"));
    expect(mustGet(c, "persistentvolumeclaims", "pending").spec.storageClassName).toBeUndefined();
    expect(c.patch("persistentvolumeclaims", "pending", { spec: { storageClassName: "fast" } }, "merge").ok).toBe(true);
    const f = patchFails(c, "pending", { spec: { storageClassName: "slow" } });
    expect(f.causes[0]).toBe(
      `spec: Forbidden: ${IMMUTABLE}\n@@ -10,7 +10,7 @@\n   }\n  },\n  "VolumeName": "",\n- "StorageClassName": "fast",\n+ "StorageClassName": "slow",\n  "VolumeMode": "Filesystem",\n  "DataSource": null,\n  "DataSourceRef": null,\n`,
    );
    // removing the class is a change too (StorageClassName "fast" -> null)
    const rm = patchFails(c, "pending", { spec: { storageClassName: null } });
    expect(rm.causes[0]).toContain('- "StorageClassName": "fast",\n+ "StorageClassName": null,\n');
  });

  it("an unbound claim may not change its storage request at all", () => {
    const c = cka();
    c.create(claim("pending"));
    const f = patchFails(c, "pending", { spec: { resources: { requests: { storage: "2Gi" } } } });
    expect(f.causes).toEqual([
      `spec: Forbidden: ${IMMUTABLE}\n@@ -6,7 +6,7 @@\n  "Resources": {\n   "Limits": null,\n   "Requests": {\n-   "storage": "1Gi"\n+   "storage": "2Gi"\n   }\n  },\n  "VolumeName": "",\n`,
    ]);
  });

  it("compares quantities by value and prints them canonically", () => {
    const c = cka();
    c.create(claim("pending"));
    // 1024Mi is the same request as 1Gi: no change, no error
    expect(c.patch("persistentvolumeclaims", "pending", { spec: { resources: { requests: { storage: "1024Mi" } } } }, "merge").ok).toBe(true);
    const f = patchFails(c, "pending", { spec: { resources: { requests: { storage: "1.5Gi" } } } });
    expect(f.causes[0]).toContain('-   "storage": "1Gi"\n+   "storage": "1536Mi"\n');
  });

  it("metadata stays mutable", () => {
    const c = cka();
    c.create(claim("pending"));
    const r = c.patch("persistentvolumeclaims", "pending", { metadata: { labels: { tier: "db" }, annotations: { note: "x" } } }, "merge");
    expect(r.ok && r.object.metadata.labels).toEqual({ tier: "db" });
  });

  it("a replace without the defaulted or bound fields is a spec change (kubectl replace of the original manifest)", () => {
    const c = withBoundClaims();
    const live = mustGet(c, "persistentvolumeclaims", "data");
    expect(live.status.phase).toBe("Bound");
    const r = c.replace({ ...claim("data"), metadata: { name: "data", resourceVersion: live.metadata.resourceVersion } });
    expect(!r.ok && r.status.details?.causes?.map((x) => x.message)).toEqual([
      `Forbidden: ${IMMUTABLE}\n@@ -9,8 +9,8 @@\n    "storage": "1Gi"\n   }\n  },\n- "VolumeName": "${live.spec.volumeName}",\n- "StorageClassName": "expandable",\n+ "VolumeName": "",\n+ "StorageClassName": null,\n  "VolumeMode": "Filesystem",\n  "DataSource": null,\n  "DataSourceRef": null,\n`,
    ]);
  });

  it("volumeName can be set once, on a claim that has none", () => {
    const c = withBoundClaims();
    const f = patchFails(c, "data", { spec: { volumeName: "other" } });
    expect(f.causes[0]).toMatch(/^spec: Forbidden: spec is immutable [^\n]*\n@@ -9,7 \+9,7 @@\n(.*\n){3}- "VolumeName": "pvc-[^"]+",\n\+ "VolumeName": "other",\n/);
    const p = cka();
    p.create(claim("pending"));
    expect(p.patch("persistentvolumeclaims", "pending", { spec: { volumeName: "pv1" } }, "merge").ok).toBe(true);
  });

  it("volumeMode is immutable, reported twice like upstream (spec diff and the bare path volumeMode)", () => {
    const c = cka();
    c.create(claim("pending"));
    const f = patchFails(c, "pending", { spec: { volumeMode: "Block" } });
    expect(f.causes.length).toBe(2);
    expect(f.causes[0]).toContain('- "VolumeMode": "Filesystem",\n+ "VolumeMode": "Block",\n');
    expect(f.causes[1]).toBe('volumeMode: Invalid value: "Block": field is immutable');
    expect(f.message).toBe(`PersistentVolumeClaim "pending" is invalid: [${f.causes.join(", ")}]`);
  });

  it("dry-run requests get the same answer and change nothing", () => {
    const c = cka();
    c.create(claim("broken", { accessModes: ["ReadWriteMany"] }));
    const r = c.patch("persistentvolumeclaims", "broken", { spec: { accessModes: ["ReadWriteOnce"] } }, "merge", { dryRun: true });
    expect(!r.ok && r.status.details?.causes?.[0].message).toMatch(/^Forbidden: spec is immutable/);
  });
});

describe("PVC storage requests on bound claims", () => {
  it("grows a bound claim whose StorageClass allows expansion", () => {
    const c = withBoundClaims();
    const r = c.patch("persistentvolumeclaims", "data", { spec: { resources: { requests: { storage: "2Gi" } } } }, "strategic");
    expect(r.ok && r.object.spec.resources.requests.storage).toBe("2Gi");
  });

  it("refuses to grow through a StorageClass without allowVolumeExpansion (PersistentVolumeClaimResize admission)", () => {
    const c = withBoundClaims();
    const f = patchFails(c, "logs", { spec: { resources: { requests: { storage: "2Gi" } } } });
    expect(f.code).toBe(403);
    expect(f.message).toBe('persistentvolumeclaims "logs" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize');
    // allowVolumeExpansion: false and a deleted StorageClass count the same
    c.patch("storageclasses", "expandable", { allowVolumeExpansion: false }, "merge");
    expect(patchFails(c, "data", { spec: { resources: { requests: { storage: "2Gi" } } } }).code).toBe(403);
    c.delete("storageclasses", "expandable");
    expect(patchFails(c, "data", { spec: { resources: { requests: { storage: "2Gi" } } } }).code).toBe(403);
  });

  it("never shrinks to status.capacity or below; a failed expansion may be walked back above it", () => {
    const c = withBoundClaims();
    const shrink = "spec.resources.requests.storage: Forbidden: field can not be less than status.capacity";
    expect(patchFails(c, "data", { spec: { resources: { requests: { storage: "500Mi" } } } }).causes).toEqual([shrink]);
    // also without expansion support: validation answers before admission
    expect(patchFails(c, "logs", { spec: { resources: { requests: { storage: "500Mi" } } } }).causes).toEqual([shrink]);
    expect(c.patch("persistentvolumeclaims", "data", { spec: { resources: { requests: { storage: "3Gi" } } } }, "merge").ok).toBe(true);
    // status.capacity is still 1Gi (no resizer ran): 2Gi is allowed (RecoverVolumeExpansionFailure), 1Gi is not
    expect(mustGet(c, "persistentvolumeclaims", "data").status.capacity.storage).toBe("1Gi");
    expect(c.patch("persistentvolumeclaims", "data", { spec: { resources: { requests: { storage: "2Gi" } } } }, "merge").ok).toBe(true);
    expect(patchFails(c, "data", { spec: { resources: { requests: { storage: "1Gi" } } } }).causes).toEqual([shrink]);
  });

  it("other spec fields stay immutable on a bound claim; each violation is its own cause", () => {
    const c = withBoundClaims();
    const f = patchFails(c, "data", { spec: { storageClassName: "fixed", resources: { requests: { storage: "500Mi" } } } });
    expect(f.causes.length).toBe(2);
    expect(f.causes[0]).toContain('- "StorageClassName": "expandable",\n+ "StorageClassName": "fixed",\n');
    // the storage request is not part of the diff of a bound claim
    expect(f.causes[0]).not.toContain('"storage": "500Mi"');
    expect(f.causes[1]).toBe("spec.resources.requests.storage: Forbidden: field can not be less than status.capacity");
  });

  it("volumeAttributesClassName may change on a bound claim but not back to nil or empty", () => {
    const c = withBoundClaims();
    expect(c.patch("persistentvolumeclaims", "data", { spec: { volumeAttributesClassName: "gold" } }, "merge").ok).toBe(true);
    expect(c.patch("persistentvolumeclaims", "data", { spec: { volumeAttributesClassName: "silver" } }, "merge").ok).toBe(true);
    // a nil class is not reset before the comparison upstream, so it is also a spec change
    const toNil = patchFails(c, "data", { spec: { volumeAttributesClassName: null } }).causes;
    expect(toNil[0]).toContain('- "VolumeAttributesClassName": "silver"\n+ "VolumeAttributesClassName": null\n');
    expect(toNil[1]).toBe("spec.volumeAttributesClassName: Forbidden: update from non-nil value to nil is forbidden");
    expect(patchFails(c, "data", { spec: { volumeAttributesClassName: "" } }).causes).toEqual(["spec.volumeAttributesClassName: Forbidden: update from non-nil value to an empty string is forbidden"]);
  });
});
