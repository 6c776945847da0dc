// kubeadm upgrade state (issue 16): the cluster's versions (rt), the packages per node (rt.nodePkgs) and the
// rewritten manifests and backups (the shell's files) survive a checkpoint, and a replay ends in the same state.
import { describe, expect, it } from "vitest";
import { getExercise } from "./loader";
import { substitute } from "./params";
import { restoreSession, startSession, toLogEntry } from "./session";

describe("exercise kubeadm-upgrade-cluster in checkpoints and replays", () => {
  it("a checkpoint taken mid-upgrade restores the same state; a replay from the start ends alike", () => {
    const ex = getExercise("kubeadm-upgrade-cluster")!.exercise;
    const live = startSession(ex, 4);
    const log = substitute(ex.solution, live.params).map((e) => toLogEntry(e));
    const cut = log.findIndex((e) => e.kind === "run" && e.line.startsWith("kubectl drain controlplane"));
    expect(cut).toBeGreaterThan(0);
    let cp = "";
    log.forEach((e, i) => {
      live.apply(e);
      if (i + 1 === cut) cp = live.checkpoint();
    });
    const restored = restoreSession(ex, 4, live.params, cp, log)!;
    expect(restored).toBeTruthy();
    expect(restored.stateHash()).toBe(live.stateHash());
    const again = startSession(ex, 4);
    for (const e of log) again.apply(e);
    expect(again.stateHash()).toBe(live.stateHash());
    expect(again.shell.run("kubectl version").stdout).toContain("Server Version: v1.35.1\n");
    expect(restored.shell.run("kubeadm version -o short").stdout).toBe("v1.35.1\n");
    // a different history (the kubelet not yet restarted on the worker) hashes differently
    const partial = startSession(ex, 4);
    for (const e of log.slice(0, -3)) partial.apply(e);
    expect(partial.stateHash()).not.toBe(live.stateHash());
  }, 60_000);
});
