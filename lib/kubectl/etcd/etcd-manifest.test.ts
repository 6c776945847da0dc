// etcd serves from the etcd-data hostPath of /etc/kubernetes/manifests/etcd.yaml, re-read after every command
// (syncEtcdManifest remembers the last text it searched: an edit back and forth, and a second session, must still be seen)
import { describe, expect, it } from "vitest";
import { createSimSession } from "../sim-adapter";

const dataDir = (sh: ReturnType<typeof createSimSession>) => sh.state.clusters.get(sh.state.currentContext)!.etcd!.dataDir();
const setPath = (from: string, to: string) => `sed -i 's#path: ${from}$#path: ${to}#' /etc/kubernetes/manifests/etcd.yaml`;

describe("etcd data dir follows its manifest", () => {
  it("each edit of the hostPath moves etcd, including back to the first path", () => {
    const sh = createSimSession({ preset: "cka", seed: 1 });
    expect(dataDir(sh)).toBe("/var/lib/etcd");
    sh.run(setPath("/var/lib/etcd", "/var/lib/etcd-b"));
    expect(dataDir(sh)).toBe("/var/lib/etcd-b");
    sh.run(setPath("/var/lib/etcd-b", "/var/lib/etcd"));
    expect(dataDir(sh)).toBe("/var/lib/etcd");
  });

  it("a second session with the same manifest text is synced on its own", () => {
    const a = createSimSession({ preset: "cka", seed: 1 });
    a.run(setPath("/var/lib/etcd", "/var/lib/etcd-b"));
    expect(dataDir(a)).toBe("/var/lib/etcd-b");
    const b = createSimSession({ preset: "cka", seed: 1 });
    b.run(setPath("/var/lib/etcd", "/var/lib/etcd-b"));
    expect(dataDir(b)).toBe("/var/lib/etcd-b");
    // a manifest without an etcd-data volume leaves etcd where it was
    b.run("echo 'apiVersion: v1' > /etc/kubernetes/manifests/etcd.yaml");
    expect(dataDir(b)).toBe("/var/lib/etcd-b");
  });
});
