// What a learner can observe survives a checkpoint and shows in stateHash (issue 14, item 5); checkpoints
// always exist, whatever the log holds (item 2); the cache's size estimate counts the shell's files (item 3).
import { describe, expect, it } from "vitest";
import { getExercise } from "./loader";
import { restoreSession, startSession, type LogEntry } from "./session";

const ex = () => getExercise("expose-nodeport")!.exercise;
const run = (line: string): LogEntry => ({ kind: "run", line });

/** Apply a log live, checkpoint after `cut` entries, restore with the whole log. */
function liveAndRestored(log: LogEntry[], cut = log.length) {
  const live = startSession(ex(), 7);
  let cp = "";
  log.forEach((e, i) => {
    live.apply(e);
    if (i + 1 === cut) cp = live.checkpoint();
  });
  const restored = restoreSession(ex(), 7, live.params, cp, log);
  if (!restored) throw new Error("checkpoint did not fit");
  return { live, restored };
}

describe("checkpoints keep what the learner sees", () => {
  it("the host after `ssh node01` (and the way back with `exit`)", () => {
    const { live, restored } = liveAndRestored([run("ssh node01"), run("echo hi > /tmp/x")]);
    expect(restored.shell.run("hostname").stdout).toBe("node01\n");
    expect(restored.shell.run("exit").exitCode).toBe(0);
    expect(restored.shell.run("hostname").stdout).toBe("controlplane\n");
    expect(live.shell.run("hostname").stdout).toBe("node01\n");
  });

  it("stateHash tells a learner on node01 from one on the control plane", () => {
    const a = startSession(ex(), 7);
    const b = startSession(ex(), 7);
    a.apply(run("ssh node01"));
    b.apply(run("ssh node01"));
    b.apply(run("exit"));
    a.shell.state.history.splice(0); // same history on both: only the host differs
    b.shell.state.history.splice(0);
    a.shell.state.lastExit = b.shell.state.lastExit = 0;
    expect(a.stateHash()).not.toBe(b.stateHash());
  });

  it("a worker's static Pod and node01's own files (every host's disk is in the checkpoint and the hash)", () => {
    const manifest = "printf 'apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: cache\\nspec:\\n  containers:\\n  - name: c\\n    image: redis:7\\n' > /etc/kubernetes/manifests/cache.yaml";
    const log = [run("ssh node01"), run(manifest), run("exit"), { kind: "idle" } as LogEntry, run("ssh node02"), run("echo two > /root/note")];
    const { live, restored } = liveAndRestored(log, 4);
    expect(restored.stateHash()).toBe(live.stateHash());
    expect(restored.shell.run("kubectl get pod cache-node01 -o jsonpath='{.spec.nodeName}'").stdout).toBe("");
    expect(restored.shell.run("cat /root/note").stdout).toBe("two\n");
    restored.apply(run("exit"));
    expect(restored.shell.run("kubectl get pod cache-node01 -o jsonpath='{.spec.nodeName} {.metadata.ownerReferences[0].kind}'").stdout).toBe("node01 Node");
    expect(restored.shell.run("ls /etc/kubernetes/manifests").stdout).not.toContain("cache.yaml");
    // the restored kubelet still owns it: removing the file on node01 removes the Pod
    restored.apply(run("ssh node01 rm /etc/kubernetes/manifests/cache.yaml"));
    expect(restored.shell.run("kubectl get pod cache-node01").stderr).toBe('Error from server (NotFound): pods "cache-node01" not found\n');
    // the hash tells node01's files apart
    const a = startSession(ex(), 7);
    const b = startSession(ex(), 7);
    a.apply(run("ssh node01 touch /root/x"));
    b.apply(run("ssh node01 touch /root/y"));
    a.shell.state.history.splice(0);
    b.shell.state.history.splice(0);
    expect(a.stateHash()).not.toBe(b.stateHash());
  });

  it("a pending `kubectl edit`", () => {
    const { live, restored } = liveAndRestored([run("kubectl create deployment web --image=nginx:1.27"), { kind: "idle" }, run("kubectl edit deployment web")]);
    expect(restored.stateHash()).toBe(live.stateHash());
    expect(restored.shell.state.pendingEdit?.path).toBe(live.shell.state.pendingEdit?.path);
    const saved = restored.apply({ kind: "edit", content: null });
    expect(saved.output).toBe(live.apply({ kind: "edit", content: null }).output);
    expect(restored.stateHash()).toBe(live.stateHash());
  });

  it("exists after an etcd snapshot restore, and the restored data dir stays in use", () => {
    const log = [
      run("kubectl create deployment before --image=nginx:1.27"),
      run("ETCDCTL_API=3 etcdctl snapshot save /opt/snap.db --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key"),
      run("kubectl create deployment after --image=nginx:1.27"),
      run("etcdutl snapshot restore /opt/snap.db --data-dir /var/lib/etcd-restored"),
      run("sed -i 's#/var/lib/etcd$#/var/lib/etcd-restored#' /etc/kubernetes/manifests/etcd.yaml"),
      { kind: "idle" },
    ] satisfies LogEntry[];
    const { live, restored } = liveAndRestored(log);
    expect(live.shell.cluster().etcd?.dataDir()).toBe("/var/lib/etcd-restored");
    expect(restored.shell.cluster().etcd?.dataDir()).toBe("/var/lib/etcd-restored");
    expect(restored.stateHash()).toBe(live.stateHash());
    const more = run("kubectl get deployments -o name");
    expect(restored.apply(more).output).toBe(live.apply(more).output);
  });

  it("a line that merely mentions 'snapshot restore' does not matter", () => {
    const { live, restored } = liveAndRestored([run("echo snapshot restore"), run("kubectl create deployment web --image=nginx:1.27")], 1);
    expect(restored.stateHash()).toBe(live.stateHash());
  });
});

describe("the cache's size estimate", () => {
  it("counts the shell's files", () => {
    const s = startSession(ex(), 7);
    const before = s.approxBytes();
    s.apply({ kind: "save", path: "big.txt", content: "x".repeat(256 * 1024) });
    s.apply(run("cat big.txt big.txt big.txt big.txt > four.txt"));
    // two files, 1.25 MiB of characters between them: at least that much memory
    expect(s.approxBytes() - before).toBeGreaterThanOrEqual(5 * 256 * 1024);
  });
});
