import { describe, expect, it } from "vitest";
import { createCluster } from "./index";
import { compareVersions, defaultPackages } from "./node-versions";

describe("node package versions as cluster state", () => {
  it("default to the cluster's version, held, and leave the state hash alone until changed", () => {
    const a = createCluster({ seed: 1, preset: "cka" });
    const b = createCluster({ seed: 1, preset: "cka" });
    expect(a.nodePackages("node01")).toEqual(defaultPackages("v1.35.0"));
    expect(a.nodePackages("nope")).toBeNull();
    expect(a.stateHash()).toBe(b.stateHash());
    const p = a.nodePackages("node01")!;
    p.installed.kubelet = "1.35.1-1.1";
    a.setNodePackages("node01", p);
    expect(a.stateHash()).not.toBe(b.stateHash());
    // the running kubelet and the Node's status follow only on restart
    const kubeletVersion = () => {
      const r = a.get("nodes", "node01");
      return r.ok ? r.object.status.nodeInfo.kubeletVersion : null;
    };
    expect(kubeletVersion()).toBe("v1.35.0");
    a.restartKubelet("node01");
    expect(kubeletVersion()).toBe("v1.35.1");
    expect(a.nodePackages("node01")!.kubeletRunning).toBe("v1.35.1");
    const snap = a.snapshot();
    const c = createCluster({ seed: 1, preset: "cka" });
    c.restore(snap);
    expect(c.nodePackages("node01")!.installed.kubelet).toBe("1.35.1-1.1");
    expect(c.stateHash()).toBe(a.stateHash());
  });

  it("compares versions numerically, ignoring the Debian revision", () => {
    expect(compareVersions("1.35.10-1.1", "1.35.9-1.1")).toBeGreaterThan(0);
    expect(compareVersions("v1.35.0", "1.35.0-1.1")).toBe(0);
    expect(compareVersions("1.34.3", "1.35.0")).toBeLessThan(0);
  });
});
