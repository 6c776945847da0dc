// kubectl get columns and describe lines of the CSI kinds (printers.go printCSIDriver / printCSINode /
// printVolumeAttachment, describe.go describeCSINode and printAnnotationsMultiline), and the shell end to end.
import { describe, expect, it } from "vitest";
import { createSimSession } from "../sim-adapter";
import { annotationDescribeLines, CSI_COLUMNS, csiNodeDescribeLines } from "./csi";

const NOW = Date.parse("2026-01-01T00:10:00Z");
const meta = (name: string) => ({ name, creationTimestamp: "2026-01-01T00:00:00Z" });

describe("get columns", () => {
  it("prints a CSIDriver's unset flags as the printer's defaults and joins audiences and modes", () => {
    const cols = CSI_COLUMNS.csidrivers;
    expect(cols.headers).toEqual(["NAME", "ATTACHREQUIRED", "PODINFOONMOUNT", "STORAGECAPACITY", "TOKENREQUESTS", "REQUIRESREPUBLISH", "MODES", "AGE"]);
    expect(cols.row({ metadata: meta("a"), spec: {} }, NOW)).toEqual(["a", "true", "false", "false", "<unset>", "false", "<none>", "10m"]);
    expect(cols.row({ metadata: meta("b"), spec: { attachRequired: false, tokenRequests: [], volumeLifecycleModes: ["Persistent"] } }, NOW)).toEqual(["b", "false", "false", "false", "<unset>", "false", "Persistent", "10m"]);
    expect(cols.row({ metadata: meta("c"), spec: { podInfoOnMount: true, storageCapacity: true, requiresRepublish: true, tokenRequests: [{ audience: "vault" }, { audience: "" }], volumeLifecycleModes: ["Persistent", "Ephemeral"] } }, NOW))
      .toEqual(["c", "true", "true", "true", "vault,", "true", "Persistent,Ephemeral", "10m"]);
  });

  it("counts a CSINode's drivers (null is 0) and shows a VolumeAttachment's attacher, PV, node and attached", () => {
    expect(CSI_COLUMNS.csinodes.headers).toEqual(["NAME", "DRIVERS", "AGE"]);
    expect(CSI_COLUMNS.csinodes.row({ metadata: meta("n"), spec: { drivers: null } }, NOW)).toEqual(["n", "0", "10m"]);
    expect(CSI_COLUMNS.csinodes.row({ metadata: meta("n"), spec: { drivers: [{ name: "a" }, { name: "b" }] } }, NOW)).toEqual(["n", "2", "10m"]);
    expect(CSI_COLUMNS.csistoragecapacities.headers).toEqual(["NAME", "STORAGECLASSNAME", "CAPACITY"]);
    expect(CSI_COLUMNS.csistoragecapacities.row({ metadata: meta("c"), storageClassName: "fast" }, NOW)).toEqual(["c", "fast", "<unset>"]);
    expect(CSI_COLUMNS.csistoragecapacities.row({ metadata: meta("c"), storageClassName: "fast", capacity: "10Gi" }, NOW)).toEqual(["c", "fast", "10Gi"]);
    expect(CSI_COLUMNS.volumeattachments.headers).toEqual(["NAME", "ATTACHER", "PV", "NODE", "ATTACHED", "AGE"]);
    expect(CSI_COLUMNS.volumeattachments.row({ metadata: meta("v"), spec: { attacher: "d", nodeName: "node01", source: { inlineVolumeSpec: {} } }, status: { attached: true } }, NOW)).toEqual(["v", "d", "", "node01", "true", "10m"]);
  });
});

describe("describe", () => {
  it("wraps an annotation once key + value + 2 exceeds 140 characters and cuts a line past 138 with ...", () => {
    const key = "k".repeat(20);
    expect(annotationDescribeLines({ [key]: "v".repeat(118) })).toEqual([[0, `Annotations:\t${key}: ${"v".repeat(118)}`]]);
    expect(annotationDescribeLines({ [key]: "v".repeat(119) })).toEqual([[0, `Annotations:\t${key}:`], [0, `\t  ${"v".repeat(119)}`]]);
    expect(annotationDescribeLines({ a: "x".repeat(138), b: "y".repeat(139) })).toEqual([
      [0, "Annotations:\ta:"], [0, `\t  ${"x".repeat(138)}`], [0, "\tb:"], [0, `\t  ${"y".repeat(138)}...`],
    ]);
    expect(annotationDescribeLines({ note: "one\ntwo\n", "kubectl.kubernetes.io/last-applied-configuration": "{}" })).toEqual([[0, "Annotations:\tnote:"], [0, "\t  one"], [0, "\t  two"]]);
    expect(annotationDescribeLines({ "kubectl.kubernetes.io/last-applied-configuration": "{}" })).toEqual([[0, "Annotations:\t<none>"]]);
  });

  it("lists a CSINode's drivers with node ID, allocatable count and topology keys, and no Drivers line without drivers", () => {
    const date = (ts: string | undefined) => `T(${ts})`;
    const o = { metadata: meta("node01"), spec: { drivers: [{ name: "ebs.csi.aws.com", nodeID: "i-123", allocatable: { count: 25 }, topologyKeys: ["topology.ebs.csi.aws.com/zone", "kubernetes.io/os"] }, { name: "efs.csi.aws.com", nodeID: "i-123" }] } };
    expect(csiNodeDescribeLines(o, date)).toEqual([
      [0, "Name:\tnode01"], [0, "Labels:\t<none>"], [0, "Annotations:\t<none>"], [0, "CreationTimestamp:\tT(2026-01-01T00:00:00Z)"], [0, "Spec:"],
      [1, "Drivers:"], [2, "ebs.csi.aws.com:"], [3, "Node ID:\ti-123"], [3, "Allocatables:"], [4, "Count:\t25"], [3, "Topology Keys:\t[topology.ebs.csi.aws.com/zone kubernetes.io/os]"],
      [2, "efs.csi.aws.com:"], [3, "Node ID:\ti-123"],
    ]);
    expect(csiNodeDescribeLines({ metadata: meta("n"), spec: { drivers: null } }, date).slice(-1)).toEqual([[0, "Spec:"]]);
  });
});

describe("in the shell", () => {
  it("lists one CSINode per node with no drivers, and no CSIDriver or VolumeAttachment on a fresh cka cluster", () => {
    const sh = createSimSession({ preset: "cka", seed: 1 });
    expect(sh.run("kubectl get csinodes -o name").stdout).toBe("csinode.storage.k8s.io/controlplane\ncsinode.storage.k8s.io/node01\ncsinode.storage.k8s.io/node02\n");
    expect(sh.run("kubectl get csinodes").stdout).toBe("NAME           DRIVERS   AGE\ncontrolplane   0         10d\nnode01         0         10d\nnode02         0         10d\n");
    for (const r of ["csidrivers", "volumeattachments"]) {
      const out = sh.run(`kubectl get ${r}`);
      expect(out.exitCode).toBe(0);
      expect(out.stderr).toBe("No resources found\n");
    }
    const explain = sh.run("kubectl explain csinode.spec.drivers");
    expect(explain.exitCode).toBe(0);
    expect(explain.stdout).toContain("KIND:       CSINode");
  });
});
