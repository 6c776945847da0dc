// Tab completion and the small helpers lib/exercise uses.
import { describe, expect, it } from "vitest";
import { complete, snapshotFileInfo } from "./index";
import { createSimSession } from "./sim-adapter";

describe("complete", () => {
  it("completes commands, verbs, types, names, flags and paths", () => {
    const shell = createSimSession();
    shell.run("kubectl create deployment web --image=nginx");
    shell.run("touch notes.txt web.yaml");
    expect(complete(shell, "kub")).toEqual(["kubectl"]);
    expect(complete(shell, "kubectl ge")).toEqual(["get"]);
    expect(complete(shell, "k get dep")).toEqual(["deployments"]);
    expect(complete(shell, "k get deployments w")).toEqual(["web"]);
    expect(complete(shell, "k rollout st")).toEqual(["status"]);
    expect(complete(shell, "k get pods --sh")).toEqual(["--show-labels"]);
    expect(complete(shell, "k apply -f we")).toEqual(["web.yaml"]);
    expect(complete(shell, "cat no")).toEqual(["notes.txt"]);
    expect(complete(shell, "k drain node0")).toEqual(["node01", "node02"]);
  });
});

describe("node services and snapshots", () => {
  it("journalctl follows the kubelet started and stopped with systemctl", () => {
    const shell = createSimSession();
    shell.run("ssh node01");
    expect(shell.run("journalctl -u kubelet").stdout).toContain("Started kubelet.service");
    shell.run("systemctl stop kubelet");
    expect(shell.run("journalctl -u kubelet | tail -1").stdout).toContain("Stopped kubelet.service");
  });
  it("snapshotFileInfo reads a saved snapshot like etcdutl snapshot status", () => {
    const shell = createSimSession();
    const certs = "--cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key";
    expect(shell.run(`etcdctl ${certs} snapshot save /opt/s.db`).exitCode).toBe(0);
    const r = shell.state.fs.read("/opt/s.db");
    expect(r.ok).toBe(true);
    const info = r.ok ? snapshotFileInfo(r.value, shell.cluster()) : null;
    expect(info?.totalKeys).toBeGreaterThan(10);
    expect(snapshotFileInfo("not a snapshot", shell.cluster())).toBeNull();
  });
});
