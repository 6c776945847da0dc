/**
 * Container programs that see the cluster change while they run (issue 15 §2): a program's lookups
 * (nslookup, wget, files on a shared emptyDir) are answered at the virtual time the program makes them,
 * so a wait loop ends once what it waits for exists, as on a real cluster.
 */
import { describe, expect, it, vi } from "vitest";
import { podStatus } from "../kubectl/kubectl/table";
import { createCluster, type Cluster } from "./cluster";
import { LiveProgram, type ShellIO } from "./shell";
import { cka, mustGet, pod, service } from "./test-helpers";
import type { Obj } from "./util";

vi.setConfig({ testTimeout: 60_000 });

// The init containers example of https://kubernetes.io/docs/concepts/workloads/pods/init-containers/
// ("Init containers in use"): two init containers wait for the Services myservice and mydb.
const wait = (svc: string) => ["sh", "-c", `until nslookup ${svc}.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for ${svc}; sleep 2; done`];
const MYAPP: Obj = {
  apiVersion: "v1", kind: "Pod", metadata: { name: "myapp-pod", labels: { "app.kubernetes.io/name": "MyApp" } },
  spec: {
    containers: [{ name: "myapp-container", image: "busybox:1.28", command: ["sh", "-c", "echo The app is running! && sleep 3600"] }],
    initContainers: [
      { name: "init-myservice", image: "busybox:1.28", command: wait("myservice") },
      { name: "init-mydb", image: "busybox:1.28", command: wait("mydb") },
    ],
  },
};
const svc = (name: string, targetPort: number): Obj => ({ apiVersion: "v1", kind: "Service", metadata: { name }, spec: { ports: [{ protocol: "TCP", port: 80, targetPort }] } });

function state(c: Cluster, name: string, ctr: string): string {
  const p = mustGet(c, "pods", name);
  const s = [...(p.status.initContainerStatuses ?? []), ...p.status.containerStatuses].find((x: Obj) => x.name === ctr);
  return Object.keys(s.state)[0];
}

function logs(c: Cluster, name: string, container: string): string {
  const r = c.logs({ namespace: "default", pod: name, container });
  return r.ok ? r.text : `error: ${r.status.message}`;
}

function runtime(c: Cluster, name: string, ctr: string) {
  const f = c.kubelets.findPod("default", name);
  if (!f) throw new Error("no runtime");
  return f.rt.cs[ctr];
}

/** The docs' walkthrough: the Pod waits, myservice comes, then mydb, then the app runs. */
function myappScenario(c: Cluster, opts: { between?: (c: Cluster) => void } = {}) {
  c.create(MYAPP);
  c.runUntilIdle();
  c.advance(20_000);
  opts.between?.(c);
  c.create(svc("myservice", 9376));
  c.runUntilIdle();
  c.advance(5_000);
  c.create(svc("mydb", 9377));
  c.runUntilIdle();
}

describe("init containers wait for Services created later (the docs' myapp-pod)", () => {
  it("Init:0/2 -> Init:1/2 -> Running within one poll period of each Service, with the waiting lines in the logs", () => {
    const c = cka();
    c.create(MYAPP);
    c.runUntilIdle();
    c.advance(20_000);
    expect(state(c, "myapp-pod", "init-myservice")).toBe("running");
    expect(state(c, "myapp-pod", "init-mydb")).toBe("waiting");
    expect(mustGet(c, "pods", "myapp-pod").status.phase).toBe("Pending");
    const waiting = logs(c, "myapp-pod", "init-myservice");
    // busybox nslookup: the server, then NXDOMAIN, then the loop's echo, every 2 s up to now
    expect(waiting).toContain("** server can't find myservice.default.svc.cluster.local: NXDOMAIN\nwaiting for myservice\n");
    const started = runtime(c, "myapp-pod", "init-myservice").startedAt!;
    const polls = waiting.split("\n").filter((l) => l === "waiting for myservice").length;
    expect(polls).toBe(Math.floor((c.now - started) / 2000) + 1);

    const created = c.now;
    c.create(svc("myservice", 9376));
    c.runUntilIdle(); // the Service is a change in the store: the waiting program's next poll is foreground work
    expect(state(c, "myapp-pod", "init-myservice")).toBe("terminated");
    const done = runtime(c, "myapp-pod", "init-myservice");
    expect(done.exitCode).toBe(0);
    // the next nslookup after the Service exists succeeds: at most one poll period (2 s) later
    expect(done.finishedAt! - created).toBeGreaterThanOrEqual(0);
    expect(done.finishedAt! - created).toBeLessThanOrEqual(2_000);
    expect(logs(c, "myapp-pod", "init-myservice")).toMatch(/waiting for myservice\nServer:\t\t10\.96\.0\.10\nAddress:\t10\.96\.0\.10:53\n\nName:\tmyservice\.default\.svc\.cluster\.local\nAddress: 10\.\d+\.\d+\.\d+\n$/);
    c.advance(3_000);
    expect(state(c, "myapp-pod", "init-mydb")).toBe("running");
    expect(logs(c, "myapp-pod", "init-mydb")).toContain("waiting for mydb\n");
    expect(state(c, "myapp-pod", "myapp-container")).toBe("waiting");

    c.create(svc("mydb", 9377));
    c.runUntilIdle();
    expect(state(c, "myapp-pod", "init-mydb")).toBe("terminated");
    expect(state(c, "myapp-pod", "myapp-container")).toBe("running");
    expect(mustGet(c, "pods", "myapp-pod").status.phase).toBe("Running");
    expect(logs(c, "myapp-pod", "myapp-container")).toBe("The app is running!\n");
  });

  it("kubectl's STATUS goes Init:0/1 -> PodInitializing -> Running (printers.go printPod) as the app's image is pulled", () => {
    const c = cka();
    c.create({
      apiVersion: "v1", kind: "Pod", metadata: { name: "one" },
      spec: {
        initContainers: [{ name: "wait", image: "busybox:1.28", command: wait("myservice") }],
        // Always: the kubelet pulls (again) once the init container is done, so the app waits in PodInitializing
        containers: [{ name: "app", image: "nginx:1.27", imagePullPolicy: "Always" }],
      },
    });
    c.runUntilIdle();
    c.advance(10_000);
    const seen: string[] = [podStatus(mustGet(c, "pods", "one"))];
    c.create(svc("myservice", 9376));
    for (let i = 0; i < 100 && seen[seen.length - 1] !== "Running"; i++) {
      c.advance(100);
      const s = podStatus(mustGet(c, "pods", "one"));
      if (s !== seen[seen.length - 1]) seen.push(s);
    }
    expect(seen).toEqual(["Init:0/1", "PodInitializing", "Running"]);
  });

  it("a Service that exists before the Pod: the init containers finish on their first lookup", () => {
    const c = cka();
    c.create(svc("myservice", 9376));
    c.create(svc("mydb", 9377));
    c.create(MYAPP);
    c.runUntilIdle();
    expect(state(c, "myapp-pod", "myapp-container")).toBe("running");
    expect(logs(c, "myapp-pod", "init-myservice")).not.toContain("waiting");
  });

  it("without the Service nothing moves on, however long the clock runs", () => {
    const c = cka();
    c.create(MYAPP);
    c.runUntilIdle();
    c.advance(600_000);
    expect(state(c, "myapp-pod", "init-myservice")).toBe("running");
    const n = logs(c, "myapp-pod", "init-myservice").split("\n").filter((l) => l === "waiting for myservice").length;
    expect(n).toBeGreaterThan(290);
    // the answers are kept for replay, each distinct one once: the namespace file and NXDOMAIN
    const kept = Object.values(runtime(c, "myapp-pod", "init-myservice").answers ?? {});
    expect(kept).toHaveLength(1);
    expect(kept[0].i.length).toBeGreaterThan(2 * 290);
    expect(kept[0].v).toEqual([JSON.stringify("default"), "null"]);
  });
});

describe("other wait loops", () => {
  it("a wget poll loop ends once the Service has a ready endpoint", () => {
    const c = cka();
    c.create(pod("client", { image: "busybox:1.36", command: ["sh", "-c", "while ! wget -q -O- -T 2 http://web; do echo web not up; sleep 1; done; echo web is up; sleep 3600"] }));
    c.runUntilIdle();
    c.advance(10_000);
    expect(logs(c, "client", "c")).toContain("wget: bad address 'web'\nweb not up\n");
    expect(logs(c, "client", "c")).not.toContain("web is up");
    c.create(pod("web", { image: "nginx:1.27" }, {}, { labels: { app: "web" } }));
    c.create(service("web", { app: "web" }, { ports: [{ port: 80, targetPort: 80 }] }));
    c.runUntilIdle();
    c.advance(5_000);
    const out = logs(c, "client", "c");
    expect(out).toContain("<title>Welcome to nginx!</title>");
    expect(out).toMatch(/\nweb is up\n$/);
  });

  it("a file another container of the Pod writes on a shared emptyDir is seen when it is written", () => {
    const c = cka();
    c.create({
      apiVersion: "v1", kind: "Pod", metadata: { name: "pair" },
      spec: {
        containers: [
          { name: "writer", image: "busybox:1.36", command: ["sh", "-c", "sleep 15; echo ready > /shared/flag; sleep 3600"], volumeMounts: [{ name: "s", mountPath: "/shared" }] },
          { name: "reader", image: "busybox:1.36", command: ["sh", "-c", "until [ -f /data/flag ]; do echo no flag; sleep 2; done; echo got $(cat /data/flag); sleep 3600"], volumeMounts: [{ name: "s", mountPath: "/data" }] },
        ],
        volumes: [{ name: "s", emptyDir: {} }],
      },
    });
    c.runUntilIdle();
    c.advance(10_000);
    expect(logs(c, "pair", "reader")).not.toContain("got");
    c.advance(10_000);
    const out = logs(c, "pair", "reader");
    expect(out).toMatch(/no flag\ngot ready\n$/);
    // the writer starts right after the reader or before it: the flag appears 15 s into its run
    const polls = out.split("\n").filter((l) => l === "no flag").length;
    expect(polls).toBeGreaterThanOrEqual(7);
    expect(polls).toBeLessThanOrEqual(9);
    // kubectl exec in the other container reads the same live file
    const r = c.exec({ namespace: "default", pod: "pair", container: "reader", command: ["cat", "/data/flag"] });
    expect(r.ok && r.stdout).toBe("ready\n");
  });
});

describe("kubelet restarts", () => {
  it("a program that waited through a kubelet outage goes on when the kubelet is back", () => {
    const c = cka();
    c.create(MYAPP);
    c.runUntilIdle();
    c.advance(10_000);
    const node = mustGet(c, "pods", "myapp-pod").spec.nodeName;
    c.setKubeletRunning(node, false);
    c.advance(20_000);
    c.create(svc("myservice", 9376));
    c.create(svc("mydb", 9377));
    c.advance(5_000);
    expect(state(c, "myapp-pod", "init-myservice")).toBe("running");
    c.setKubeletRunning(node, true);
    c.runUntilIdle();
    c.advance(5_000);
    expect(state(c, "myapp-pod", "myapp-container")).toBe("running");
  });
});

describe("exec probes", () => {
  it("a readiness probe that looks a Service up passes from the first period after the Service exists", () => {
    const c = cka();
    c.create(pod("ready-when-db", { image: "busybox:1.36", command: ["sh", "-c", "sleep 3600"], readinessProbe: { exec: { command: ["nslookup", "db"] }, periodSeconds: 5 } }));
    c.runUntilIdle();
    c.advance(20_000);
    expect(mustGet(c, "pods", "ready-when-db").status.containerStatuses[0].ready).toBe(false);
    c.create(svc("db", 5432));
    c.advance(5_000);
    expect(mustGet(c, "pods", "ready-when-db").status.containerStatuses[0].ready).toBe(true);
  });
});

describe("determinism and checkpoints", () => {
  it("the same operations give the same stateHash", () => {
    const a = cka(3), b = cka(3);
    myappScenario(a);
    myappScenario(b);
    expect(a.stateHash()).toBe(b.stateHash());
    expect(logs(a, "myapp-pod", "init-myservice")).toBe(logs(b, "myapp-pod", "init-myservice"));
  });

  it("a checkpoint taken while an init container waits restores to the same state and goes on the same way", () => {
    const a = cka(5);
    let snap = "";
    myappScenario(a, { between: (c) => { snap = c.snapshot(); } });
    const b = createCluster({ seed: 99, preset: "cka" });
    b.restore(snap);
    expect(logs(b, "myapp-pod", "init-myservice")).toContain("waiting for myservice");
    expect(b.snapshot()).toBe(snap); // reading the logs after a restore changes nothing
    b.create(svc("myservice", 9376));
    b.runUntilIdle();
    b.advance(5_000);
    b.create(svc("mydb", 9377));
    b.runUntilIdle();
    expect(b.stateHash()).toBe(a.stateHash());
    for (const ctr of ["init-myservice", "init-mydb", "myapp-container"]) expect(logs(b, "myapp-pod", ctr)).toBe(logs(a, "myapp-pod", ctr));
  });

  it("a checkpoint from before programs kept their answers still shows the waiting run's logs", () => {
    const a = cka(9);
    a.create(MYAPP);
    a.runUntilIdle();
    a.advance(20_000);
    const snap = JSON.parse(a.snapshot());
    for (const pr of Object.values(snap.rt.pods as Record<string, { cs: Record<string, { answers?: unknown }> }>)) for (const c of Object.values(pr.cs)) delete c.answers;
    const b = createCluster({ seed: 9, preset: "cka" });
    b.restore(JSON.stringify(snap));
    expect(logs(b, "myapp-pod", "init-myservice")).toBe(logs(a, "myapp-pod", "init-myservice"));
  });

  it("reading logs mid-wait does not change the state", () => {
    const a = cka(7), b = cka(7);
    myappScenario(a, { between: (c) => { logs(c, "myapp-pod", "init-myservice"); c.logs({ namespace: "default", pod: "myapp-pod", container: "init-mydb" }); } });
    myappScenario(b);
    expect(a.stateHash()).toBe(b.stateHash());
  });
});

describe("LiveProgram", () => {
  /** DNS answers `name` from `exists` at the moment of asking; every call is counted. */
  function fakeIo(exists: () => boolean): ShellIO & { calls: number } {
    const x = {
      calls: 0, env: {}, hostname: "h", startMs: 0,
      readFile: () => null, listDir: () => null,
      nslookup: () => { x.calls++; return exists() ? ["10.96.0.9"] : null; },
    };
    return x;
  }
  const LOOP = ["sh", "-c", "until nslookup db; do echo waiting; sleep 2; done; echo found"];

  it("answers lookups up to `until` (inclusive) and waits at the first later one", () => {
    const io = fakeIo(() => false);
    const answers: unknown[] = [];
    const p = new LiveProgram(LOOP, io, answers).advance(4_000);
    // polls at 0, 2 and 4 s are answered; the one at 6 s waits
    expect(answers).toEqual([null, null, null]);
    expect(p.waitAt).toBe(6_000);
    expect(p.timeline.exit).toBeUndefined();
    p.advance(5_999);
    expect(p.waitAt).toBe(6_000);
    expect(io.calls).toBe(3);
  });

  it("goes on from where it waited, asking the cluster as it is then", () => {
    let db = false;
    const io = fakeIo(() => db);
    const p = new LiveProgram(LOOP, io, []).advance(0);
    db = true;
    p.advance(2_000);
    expect(p.waitAt).toBeUndefined();
    expect(p.timeline.exit).toEqual({ t: 2_000, code: 0 });
    expect(p.timeline.events.filter((e) => e.out === "waiting")).toHaveLength(1);
    expect(p.timeline.events.at(-1)).toMatchObject({ t: 2_000, out: "found" });
  });

  it("replays the answers it was given without asking again, to the same timeline", () => {
    let db = false;
    const answers: unknown[] = [];
    const live = new LiveProgram(LOOP, fakeIo(() => db), answers).advance(6_000);
    db = true;
    live.advance(8_000);
    const io = fakeIo(() => false);
    const replay = new LiveProgram(LOOP, io, JSON.parse(JSON.stringify(answers)) as unknown[]).advance(-1);
    expect(io.calls).toBe(0);
    expect(replay.timeline).toEqual(live.timeline);
    // with no answers and nothing allowed, it stops at its first lookup
    const none = new LiveProgram(LOOP, io, []).advance(-1);
    expect(none.waitAt).toBe(0);
    expect(io.calls).toBe(0);
  });

  it("a program with no lookups runs to its end at once", () => {
    const p = new LiveProgram(["sh", "-c", "echo a; sleep 5; echo b; exit 3"], fakeIo(() => false), []).advance(-1);
    expect(p.waitAt).toBeUndefined();
    expect(p.timeline.exit).toEqual({ t: 5_000, code: 3 });
  });

  it("! negates a pipeline's status", () => {
    const p = new LiveProgram(["sh", "-c", "! false && echo yes; ! true || echo no; if ! nslookup db; then echo missing; fi"], fakeIo(() => false), []).advance(0);
    expect(p.timeline.events.filter((e) => e.out !== undefined && !/^(Server|Address|$)/.test(e.out)).map((e) => e.out)).toEqual(["yes", "no", "missing"]);
  });
});
