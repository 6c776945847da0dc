/**
 * storage.k8s.io/v1 CSIDriver, CSINode and VolumeAttachment: served, defaulted and validated as the 1.35 API
 * server does (pkg/apis/storage/v1/defaults.go, pkg/apis/storage/validation/validation.go), and the CSINode
 * every kubelet creates (pkg/volume/csi/nodeinfomanager CreateCSINode).
 */
import { describe, expect, it, vi } from "vitest";
import type { Cluster } from "../cluster";
import { findResource } from "../resources";
import { cka, mustGet } from "../test-helpers";
import type { Obj } from "../util";
import { derivedUid, MIGRATED_PLUGINS, MIGRATED_PLUGINS_ANNOTATION } from "./csi";

vi.setConfig({ testTimeout: 60_000 });

function driver(name: string, spec: Obj = {}): Obj {
  return { apiVersion: "storage.k8s.io/v1", kind: "CSIDriver", metadata: { name }, spec };
}
function attachment(name: string, spec: Obj): Obj {
  return { apiVersion: "storage.k8s.io/v1", kind: "VolumeAttachment", metadata: { name }, spec };
}
function csiNode(name: string, drivers: Obj[]): Obj {
  return { apiVersion: "storage.k8s.io/v1", kind: "CSINode", metadata: { name }, spec: { drivers } };
}

/** The field errors of a request that must fail with 422 Invalid. */
function invalidCauses(r: ReturnType<Cluster["create"]>): string[] {
  if (r.ok) throw new Error("expected the request to fail");
  expect(r.status.reason).toBe("Invalid");
  return (r.status.details?.causes ?? []).map((c) => `${c.field}: ${c.message}`);
}

const SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe("served kinds", () => {
  it("serves the three kinds cluster-scoped in storage.k8s.io/v1, in discovery order around storageclasses", () => {
    const c = cka();
    const storage = c.resources().filter((r) => r.group === "storage.k8s.io").map((r) => `${r.resource}/${r.kind}/${r.version}/${r.namespaced}`);
    expect(storage).toEqual(["csidrivers/CSIDriver/v1/false", "csinodes/CSINode/v1/false", "csistoragecapacities/CSIStorageCapacity/v1/true", "storageclasses/StorageClass/v1/false", "volumeattachments/VolumeAttachment/v1/false"]);
    expect(findResource("csidriver.storage.k8s.io")?.kind).toBe("CSIDriver");
    expect(c.list("volumeattachments").ok && c.list("volumeattachments")).toMatchObject({ object: [] });
    expect(c.list("csidrivers")).toMatchObject({ ok: true, object: [] });
  });
});

describe("the kubelet's CSINode", () => {
  it("exists for every node, named after it, owned by it, with no drivers and the migrated-plugins annotation", () => {
    const c = cka();
    const nodes = (c.list("nodes") as { object: Obj[] }).object;
    const csiNodes = (c.list("csinodes") as { object: Obj[] }).object;
    expect(csiNodes.map((n) => n.metadata.name)).toEqual(nodes.map((n) => n.metadata.name));
    for (const n of nodes) {
      const cn = mustGet(c, "csinodes", n.metadata.name);
      expect(cn.metadata.ownerReferences).toEqual([{ apiVersion: "v1", kind: "Node", name: n.metadata.name, uid: n.metadata.uid }]);
      expect(cn.metadata.annotations).toEqual({ [MIGRATED_PLUGINS_ANNOTATION]: MIGRATED_PLUGINS });
      expect(cn.spec).toEqual({ drivers: null });
      expect(cn.metadata.uid).toBe(derivedUid(n.metadata.uid, "csinode"));
      expect(cn.metadata.creationTimestamp).toBe(n.metadata.creationTimestamp);
    }
    expect(MIGRATED_PLUGINS.split(",")).toEqual([...MIGRATED_PLUGINS.split(",")].sort());
  });

  it("derives its UID from the node's: stable, UUID-shaped, distinct per owner and salt", () => {
    const a = derivedUid("699a251a-0bac-4ed0-bb69-04cb72106935", "csinode");
    expect(a).toBe(derivedUid("699a251a-0bac-4ed0-bb69-04cb72106935", "csinode"));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedUid("699a251a-0bac-4ed0-bb69-04cb72106936", "csinode")).not.toBe(a);
    expect(derivedUid("699a251a-0bac-4ed0-bb69-04cb72106935", "other")).not.toBe(a);
  });

  it("goes with its Node (the garbage collector follows the owner reference)", () => {
    const c = cka();
    expect(c.delete("nodes", "node02").ok).toBe(true);
    c.runUntilIdle({ maxMs: 60_000 });
    expect(c.get("csinodes", "node02").ok).toBe(false);
    expect(c.get("csinodes", "node01").ok).toBe(true);
  });

  it("is created again, with a new UID, when its kubelet starts and finds it gone", () => {
    const c = cka();
    const first = mustGet(c, "csinodes", "node01").metadata.uid;
    expect(c.delete("csinodes", "node01").ok).toBe(true);
    c.setKubeletRunning("node01", true);
    expect(c.get("csinodes", "node01").ok).toBe(false); // a running kubelet does not watch it
    c.setKubeletRunning("node01", false);
    expect(c.get("csinodes", "node01").ok).toBe(false);
    c.setKubeletRunning("node01", true);
    const again = mustGet(c, "csinodes", "node01");
    expect(again.metadata.uid).not.toBe(first);
    expect(again.metadata.ownerReferences[0].name).toBe("node01");
    c.setKubeletRunning("node02", true);
    expect(mustGet(c, "csinodes", "node02").metadata.uid).toBe(derivedUid(mustGet(c, "nodes", "node02").metadata.uid, "csinode"));
  });

  it("validates drivers: CSI driver names, node IDs up to 192 characters, unique names, non-negative counts, qualified topology keys", () => {
    const c = cka();
    const ok = { name: "hostpath.csi.k8s.io", nodeID: "x".repeat(192), topologyKeys: ["topology.hostpath.csi/node"], allocatable: { count: 0 } };
    expect(c.create(csiNode("spare", [ok])).ok).toBe(true);
    const causes = invalidCauses(c.create(csiNode("spare2", [
      { name: "Bad_Name", nodeID: "x".repeat(193) },
      { name: "d.example.com", nodeID: "n", allocatable: { count: -1 }, topologyKeys: ["a/b/c"] },
      { name: "d.example.com", nodeID: "" },
    ])));
    expect(causes).toEqual([
      `spec.drivers[0].name: Invalid value: "Bad_Name": ${SUBDOMAIN}`,
      `spec.drivers[0].nodeID: Invalid value: "${"x".repeat(193)}": must be 192 characters or less`,
      "spec.drivers[1].allocatable.count: Invalid value: -1: must be greater than or equal to 0",
      expect.stringContaining('spec.drivers[1]: Invalid value: "a/b/c": a qualified name must consist of'),
      "spec.drivers[2].nodeID: Required value",
      'spec.drivers[2].name: Duplicate value: "d.example.com"',
    ]);
  });

  it("keeps a registered driver's entry immutable except its allocatable count", () => {
    const c = cka();
    expect(c.create(csiNode("spare", [{ name: "d.example.com", nodeID: "n1", allocatable: { count: 5 } }])).ok).toBe(true);
    expect(c.patch("csinodes", "spare", { spec: { drivers: [{ name: "d.example.com", nodeID: "n1", allocatable: { count: 9 } }] } }, "merge").ok).toBe(true);
    const r = c.patch("csinodes", "spare", { spec: { drivers: [{ name: "d.example.com", nodeID: "n2", allocatable: { count: 9 } }] } }, "merge");
    expect(invalidCauses(r)).toEqual(['spec.drivers: Invalid value: {"Name":"d.example.com","NodeID":"n2","TopologyKeys":null,"Allocatable":null}: field is immutable']);
  });
});

describe("CSIDriver", () => {
  it("is defaulted as SetDefaults_CSIDriver does, even without a spec", () => {
    const c = cka();
    expect(c.create({ apiVersion: "storage.k8s.io/v1", kind: "CSIDriver", metadata: { name: "bare.example.com" } }).ok).toBe(true);
    expect(mustGet(c, "csidrivers", "bare.example.com").spec).toEqual({
      attachRequired: true, podInfoOnMount: false, storageCapacity: false, fsGroupPolicy: "ReadWriteOnceWithFSType",
      volumeLifecycleModes: ["Persistent"], requiresRepublish: false, seLinuxMount: false,
    });
    expect(c.create(driver("set.example.com", { attachRequired: false, fsGroupPolicy: "File", volumeLifecycleModes: ["Ephemeral"], seLinuxMount: true })).ok).toBe(true);
    expect(mustGet(c, "csidrivers", "set.example.com").spec).toMatchObject({ attachRequired: false, fsGroupPolicy: "File", volumeLifecycleModes: ["Ephemeral"], seLinuxMount: true });
  });

  it("rejects a bad name, policy and mode with the API server's texts, and nothing is stored", () => {
    const c = cka();
    const causes = invalidCauses(c.create(driver("Bad_Driver", { fsGroupPolicy: "Always", volumeLifecycleModes: ["Persistent", "Inline"] })));
    expect(causes).toEqual([
      `metadata.name: Invalid value: "Bad_Driver": ${SUBDOMAIN}`,
      'spec.fsGroupPolicy: Unsupported value: "Always": supported values: "File", "None", "ReadWriteOnceWithFSType"',
      'spec.volumeLifecycleModes: Unsupported value: "Inline": supported values: "Persistent", "Ephemeral"',
    ]);
    expect(c.list("csidrivers")).toMatchObject({ ok: true, object: [] });
  });

  it("accepts nodeAllocatableUpdatePeriodSeconds from 10 seconds (MutableCSINodeAllocatableCount, on in 1.35)", () => {
    const c = cka();
    expect(c.create(driver("ten.example.com", { nodeAllocatableUpdatePeriodSeconds: 10 })).ok).toBe(true);
    expect(mustGet(c, "csidrivers", "ten.example.com").spec.nodeAllocatableUpdatePeriodSeconds).toBe(10);
    expect(invalidCauses(c.create(driver("nine.example.com", { nodeAllocatableUpdatePeriodSeconds: 9 })))).toEqual([
      "spec.nodeAllocatableUpdatePeriodSeconds: Invalid value: 9: must be greater than or equal to 10 seconds",
    ]);
  });

  it("checks token requests: unique audiences, 10 minutes to 2^32 seconds", () => {
    const c = cka();
    expect(c.create(driver("edges.example.com", { tokenRequests: [{ audience: "a", expirationSeconds: 600 }, { audience: "b", expirationSeconds: 2 ** 32 }, { audience: "" }] })).ok).toBe(true);
    const causes = invalidCauses(c.create(driver("bad.example.com", { tokenRequests: [{ audience: "a", expirationSeconds: 599 }, { audience: "b", expirationSeconds: 2 ** 32 + 1 }, { audience: "a" }] })));
    expect(causes).toEqual([
      "spec.tokenRequests[0].expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes",
      "spec.tokenRequests[1].expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds",
      'spec.tokenRequests[2].audience: Duplicate value: "a"',
    ]);
  });

  it("keeps attachRequired and volumeLifecycleModes immutable; podInfoOnMount may change", () => {
    const c = cka();
    expect(c.create(driver("d.example.com", { attachRequired: false })).ok).toBe(true);
    expect(c.patch("csidrivers", "d.example.com", { spec: { podInfoOnMount: true } }, "merge").ok).toBe(true);
    expect(invalidCauses(c.patch("csidrivers", "d.example.com", { spec: { attachRequired: true } }, "merge"))).toEqual(["spec.attachedRequired: Invalid value: true: field is immutable"]);
    expect(invalidCauses(c.patch("csidrivers", "d.example.com", { spec: { volumeLifecycleModes: ["Persistent", "Ephemeral"] } }, "merge"))).toEqual([
      'spec.volumeLifecycleModes: Invalid value: ["Persistent","Ephemeral"]: field is immutable',
    ]);
    expect(mustGet(c, "csidrivers", "d.example.com").spec).toMatchObject({ attachRequired: false, podInfoOnMount: true, volumeLifecycleModes: ["Persistent"] });
  });
});

describe("VolumeAttachment", () => {
  const good = { attacher: "hostpath.csi.k8s.io", nodeName: "node01", source: { persistentVolumeName: "pv-data" } };

  it("starts with attached false whatever the request says (the external-attacher sets it)", () => {
    const c = cka();
    expect(c.create({ ...attachment("va-1", good), status: { attached: true } }).ok).toBe(true);
    expect(mustGet(c, "volumeattachments", "va-1").status).toEqual({ attached: false });
  });

  it("needs an attacher, a node name and exactly one source", () => {
    const c = cka();
    expect(invalidCauses(c.create(attachment("none", { nodeName: "node01", source: {} })))).toEqual([
      "spec.attacher: Required value",
      "spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName",
      "spec.attacher: Required value",
      `spec.attacher: Invalid value: "": ${SUBDOMAIN}`,
    ]);
    expect(invalidCauses(c.create(attachment("both", { ...good, source: { persistentVolumeName: "pv", inlineVolumeSpec: {} } })))).toEqual([
      "spec.source: Forbidden: must specify exactly one of inlineVolumeSpec and persistentVolumeName",
    ]);
    expect(invalidCauses(c.create(attachment("empty", { ...good, nodeName: "Node_1", source: { persistentVolumeName: "" } })))).toEqual([
      "spec.source.persistentVolumeName: Required value: must specify non empty persistentVolumeName",
      `spec.nodeName: Invalid value: "Node_1": ${SUBDOMAIN}`,
      `spec.source.persistentVolumeName: Invalid value: "": ${SUBDOMAIN}`,
    ]);
    const long = "a".repeat(64);
    expect(invalidCauses(c.create(attachment("long", { ...good, attacher: long })))).toEqual(["spec.attacher: Too long: may not be more than 63 bytes"]);
    expect(c.create(attachment("upper", { ...good, attacher: "Hostpath.CSI.k8s.io" })).ok).toBe(true);
    expect((c.list("volumeattachments") as { object: Obj[] }).object.map((v) => v.metadata.name)).toEqual(["upper"]);
  });

  it("keeps its spec immutable", () => {
    const c = cka();
    expect(c.create(attachment("va-1", good)).ok).toBe(true);
    expect(c.patch("volumeattachments", "va-1", { metadata: { labels: { a: "b" } } }, "merge").ok).toBe(true);
    expect(invalidCauses(c.patch("volumeattachments", "va-1", { spec: { nodeName: "node02" } }, "merge"))).toEqual([
      'spec: Invalid value: {"Attacher":"hostpath.csi.k8s.io","Source":{"PersistentVolumeName":"pv-data","InlineVolumeSpec":null},"NodeName":"node02"}: field is immutable',
    ]);
  });
});

describe("CSIStorageCapacity", () => {
  const capacity = (name: string, extra: Obj): Obj => ({ apiVersion: "storage.k8s.io/v1", kind: "CSIStorageCapacity", metadata: { name, namespace: "default" }, ...extra });

  it("is namespaced, needs a class name that is a DNS subdomain and a capacity that is not negative", () => {
    const c = cka();
    expect(c.create(capacity("zero", { storageClassName: "local-path", capacity: "0" })).ok).toBe(true);
    expect(invalidCauses(c.create(capacity("bad", { storageClassName: "Fast_SSD", capacity: "-1Gi" })))).toEqual([
      `storageClassName: Invalid value: "Fast_SSD": ${SUBDOMAIN}`,
      'capacity: Invalid value: "-1Gi": must be greater than or equal to 0',
    ]);
    expect(invalidCauses(c.create(capacity("none", {})))).toEqual([`storageClassName: Invalid value: "": ${SUBDOMAIN}`]);
    expect((c.list("csistoragecapacities", { namespace: "default" }) as { object: Obj[] }).object.map((o) => o.metadata.name)).toEqual(["zero"]);
  });

  it("keeps the class and the node topology, lets the capacity change", () => {
    const c = cka();
    expect(c.create(capacity("cap", { storageClassName: "local-path", capacity: "10Gi", nodeTopology: { matchLabels: { "kubernetes.io/hostname": "node01" } } })).ok).toBe(true);
    expect(c.patch("csistoragecapacities", "cap", { capacity: "5Gi" }, "merge").ok).toBe(true);
    expect(invalidCauses(c.patch("csistoragecapacities", "cap", { storageClassName: "other" }, "merge"))).toEqual(['storageClassName: Invalid value: "other": field is immutable']);
    expect(invalidCauses(c.patch("csistoragecapacities", "cap", { nodeTopology: { matchLabels: { "kubernetes.io/hostname": "node02" } } }, "merge"))).toEqual([
      'nodeTopology: Invalid value: {"matchLabels":{"kubernetes.io/hostname":"node02"}}: field is immutable',
    ]);
  });
});
