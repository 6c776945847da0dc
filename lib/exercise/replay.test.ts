import { describe, expect, it } from "vitest";
import { grade } from "./checks";
import { getExercise } from "./loader";
import { prng } from "./params";
import { replay, restoreSession, startSession, type LogEntry } from "./session";

/** A random but plausible command log: creates, scales, breaks, waits, edits files, makes mistakes. */
function randomLog(seed: number, length: number): LogEntry[] {
  const r = prng(seed);
  const pick = <T,>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const names = ["web", "api", "db"];
  const out: LogEntry[] = [];
  for (let i = 0; i < length; i++) {
    const n = pick(names);
    const gen: (() => LogEntry)[] = [
      () => ({ kind: "run", line: `kubectl create deployment ${n} --image=${pick(["nginx:1.27", "httpd:2.4", "nginx:9.9"])} --replicas=${1 + Math.floor(r() * 3)}` }),
      () => ({ kind: "run", line: `kubectl scale deployment ${n} --replicas=${Math.floor(r() * 4)}` }),
      () => ({ kind: "run", line: `kubectl expose deployment ${n} --port=80 --type=${pick(["ClusterIP", "NodePort"])}` }),
      () => ({ kind: "run", line: `kubectl delete pod -l app=${n} --wait=false` }),
      () => ({ kind: "run", line: `kubectl set image deployment/${n} ${n}=nginx:${pick(["1.26", "1.27", "1.99"])}` }),
      () => ({ kind: "run", line: `kubectl rollout undo deployment/${n}` }),
      () => ({ kind: "run", line: `kubectl ${pick(["cordon", "uncordon"])} ${pick(["node01", "node02"])}` }),
      () => ({ kind: "run", line: `kubectl get pods -o wide` }),
      () => ({ kind: "run", line: `kubectl label deployment ${n} tier=${pick(["a", "b"])} --overwrite` }),
      () => ({ kind: "run", line: pick(["kubectl get nodes", "echo hello > note.txt", "cat note.txt", "kubectl nonsense", "ls -la", "cd /tmp", "cd"]) }),
      () => ({ kind: "save", path: `${n}.yaml`, content: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${n}-cfg\ndata:\n  k: "${Math.floor(r() * 100)}"\n` }),
      () => ({ kind: "run", line: `kubectl apply -f ${n}.yaml` }),
      () => ({ kind: "advance", seconds: 1 + Math.floor(r() * 120) }),
      () => ({ kind: "idle" }),
    ];
    out.push(pick(gen)());
  }
  return out;
}

describe("replay", () => {
  const le = getExercise("expose-nodeport")!;

  it.each(Array.from({ length: 50 }, (_, i) => i + 1))("random log %i: replayed state equals the live state", (n) => {
    const seed = 1000 + n;
    const log = randomLog(n, 12 + (n % 9));
    const live = startSession(le.exercise, seed);
    log.forEach((e, i) => {
      live.apply(e);
      live.view(); // what the server does after each entry must not change the state
      if (n % 3 === 0 && i === Math.floor(log.length / 2)) grade(live); // neither must grading, mid-way
    });
    if (n % 5 === 0) grade(live);
    const again = replay(le.exercise, seed, log);
    expect(again.stateHash()).toBe(live.stateHash());
    expect(again.exitCodes).toEqual(live.exitCodes);
    expect(again.view()).toEqual(live.view());
  });

  it.each(Array.from({ length: 20 }, (_, i) => i + 1))("random log %i: checkpoint + tail equals the live state", (n) => {
    const seed = 2000 + n;
    const log = randomLog(100 + n, 14 + (n % 7));
    const cut = 1 + (n * 7) % (log.length - 1);
    const live = startSession(le.exercise, seed);
    let cp: string | null = null;
    log.forEach((e, i) => {
      live.apply(e);
      if (i + 1 === cut) cp = live.checkpoint();
    });
    expect(cp).not.toBeNull();
    const rebuilt = restoreSession(le.exercise, seed, live.params, cp!, log)!;
    expect(rebuilt.stateHash()).toBe(live.stateHash());
    expect(rebuilt.exitCodes).toEqual(live.exitCodes);
    expect(rebuilt.log).toEqual(live.log);
    // and it keeps behaving the same afterwards
    const more: LogEntry = { kind: "run", line: "kubectl create deployment after --image=nginx:1.27 && ls -la && history | tail -3" };
    expect(rebuilt.apply(more).stdout).toBe(live.apply(more).stdout);
    expect(rebuilt.stateHash()).toBe(live.stateHash());
  });

  it("a checkpoint does not fit another exercise or a shorter log", () => {
    const s = replay(le.exercise, 4, randomLog(3, 6));
    const cp = s.checkpoint()!;
    expect(restoreSession(le.exercise, 4, s.params, cp, s.log.slice(0, 3))).toBeNull();
    expect(restoreSession(getExercise("rollout-undo")!.exercise, 4, s.params, cp, s.log)).toBeNull();
    expect(restoreSession(le.exercise, 4, s.params, "{broken", s.log)).toBeNull();
  });

  it("a different log gives a different state (the hash can tell)", () => {
    const a = replay(le.exercise, 5, randomLog(1, 10));
    const b = replay(le.exercise, 5, [...randomLog(1, 10), { kind: "run", line: "kubectl create namespace extra" }]);
    expect(b.stateHash()).not.toBe(a.stateHash());
  });

  it("catching up a session entry by entry equals replaying all at once", () => {
    const log = randomLog(77, 20);
    const s = replay(le.exercise, 3, log.slice(0, 8));
    for (const e of log.slice(8)) s.apply(e);
    expect(s.stateHash()).toBe(replay(le.exercise, 3, log).stateHash());
  });
});
