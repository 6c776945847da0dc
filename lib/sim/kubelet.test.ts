/** kubelet + containerd: probes, restarts, back-off, images, commands, volumes. k8s-reference §4, §6. */
import { describe, expect, it, vi } from "vitest";
import type { Cluster } from "./cluster";
import { cka, containerStatus, eventsFor, mustGet, pod } from "./test-helpers";

// Simulations are CPU-bound; CI machines are shared.
vi.setConfig({ testTimeout: 60_000 });

function startedAt(c: Cluster, name: string, ctr = "c"): number {
  const f = c.kubelets.findPod("default", name);
  if (!f) throw new Error("no runtime");
  return f.rt.cs[ctr].startedAt!;
}

function untilRunning(c: Cluster, name: string) {
  for (let i = 0; i < 600; i++) {
    const p = mustGet(c, "pods", name);
    if (p.status.containerStatuses?.[0]?.state?.running) return;
    c.advance(100);
  }
  throw new Error(`${name} never ran`);
}

describe("probes on their timers (§4.1)", () => {
  it("readiness: not ready before initialDelaySeconds, ready right after", () => {
    const c = cka();
    c.create(pod("r", { image: "kubeclass/demo-app:1.0", readinessProbe: { httpGet: { path: "/ready", port: 8080 }, initialDelaySeconds: 5, periodSeconds: 10 } }));
    untilRunning(c, "r");
    const s = startedAt(c, "r");
    c.advance(s + 4_900 - c.now);
    expect(containerStatus(mustGet(c, "pods", "r")).ready).toBe(false);
    c.advance(200);
    expect(containerStatus(mustGet(c, "pods", "r")).ready).toBe(true);
    expect(mustGet(c, "pods", "r").status.conditions.find((x: { type: string }) => x.type === "Ready").status).toBe("True");
  });

  it("liveness: killed after failureThreshold x periodSeconds, then restarted", () => {
    const c = cka();
    c.create(pod("l", { image: "kubeclass/demo-app:1.0", env: [{ name: "DEMO_PATHS", value: "/healthz=500:boom" }], livenessProbe: { httpGet: { path: "/healthz", port: 8080 }, initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 3 } }));
    untilRunning(c, "l");
    const s = startedAt(c, "l");
    c.advance(s + 19_900 - c.now);
    expect(containerStatus(mustGet(c, "pods", "l")).restartCount).toBe(0);
    const unhealthy = eventsFor(c, "l").find((e) => e.reason === "Unhealthy");
    expect(unhealthy?.message).toBe("Liveness probe failed: HTTP probe failed with statuscode: 500");
    expect(unhealthy?.count).toBe(2);
    c.advance(1_000);
    expect(eventsFor(c, "l").find((e) => e.reason === "Killing")?.message).toBe("Container c failed liveness probe, will be restarted");
    expect(containerStatus(mustGet(c, "pods", "l")).restartCount).toBe(1);
  });

  it("a startup probe gates liveness until it succeeds", () => {
    const c = cka();
    c.create(pod("s", {
      image: "kubeclass/demo-app:1.0", env: [{ name: "DEMO_STARTUP_SECONDS", value: "30" }],
      startupProbe: { tcpSocket: { port: 8080 }, periodSeconds: 10, failureThreshold: 6 },
      livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1, failureThreshold: 1 },
    }));
    untilRunning(c, "s");
    const s = startedAt(c, "s");
    c.advance(s + 29_000 - c.now);
    const p = mustGet(c, "pods", "s");
    expect(containerStatus(p).started).toBe(false);
    expect(containerStatus(p).restartCount).toBe(0);
    expect(eventsFor(c, "s").filter((e) => e.reason === "Unhealthy").map((e) => e.message)).toEqual([
      `Startup probe failed: dial tcp ${p.status.podIP}:8080: connect: connection refused`,
    ]);
    c.advance(2_000);
    expect(containerStatus(mustGet(c, "pods", "s")).started).toBe(true);
    c.advance(30_000);
    expect(containerStatus(mustGet(c, "pods", "s")).restartCount).toBe(0);
  });

  it("a failing startup probe kills after failureThreshold x periodSeconds", () => {
    const c = cka();
    c.create(pod("s", { image: "kubeclass/demo-app:1.0", env: [{ name: "DEMO_STARTUP_SECONDS", value: "600" }], startupProbe: { tcpSocket: { port: 8080 }, periodSeconds: 5, failureThreshold: 3 } }));
    untilRunning(c, "s");
    // probes at 0 s, 5 s, 10 s: the third consecutive failure kills the container
    c.advance(startedAt(c, "s") + 9_000 - c.now);
    expect(containerStatus(mustGet(c, "pods", "s")).restartCount).toBe(0);
    c.advance(2_000);
    expect(eventsFor(c, "s").some((e) => e.message === "Container c failed startup probe, will be restarted")).toBe(true);
  });
});

describe("probe timeoutSeconds", () => {
  it("a slow endpoint fails an HTTP probe with the client timeout text", () => {
    const c = cka();
    c.create(pod("slow", { image: "kubeclass/demo-app:1.0", env: [{ name: "DEMO_RESPONSE_DELAY_MS", value: "2500" }], readinessProbe: { httpGet: { path: "/", port: 8080 }, timeoutSeconds: 2, periodSeconds: 5 } }));
    c.runUntilIdle();
    c.advance(6_000);
    const ip = mustGet(c, "pods", "slow").status.podIP;
    expect(eventsFor(c, "slow").find((e) => e.reason === "Unhealthy")?.message).toBe(`Readiness probe failed: Get "http://${ip}:8080/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`);
    c.patch("pods", "slow", { spec: { containers: [{ name: "c", image: "kubeclass/demo-app:1.1" }] } });
    expect(containerStatus(mustGet(c, "pods", "slow")).ready).toBe(false);
  });
});

describe("restart back-off (§4.2)", () => {
  it("first restart immediate, then 10s, 20s, 40s ... capped at 300s, with CrashLoopBackOff", () => {
    const c = cka();
    c.create(pod("crash", { image: "busybox:1.36", command: ["sh", "-c", "exit 1"] }));
    c.runUntilIdle();
    c.advance(1_200_000);
    const starts = c.trace({ object: "Pod default/crash" }).filter((e) => e.action === "start container").map((e) => e.t);
    const gaps = starts.slice(1).map((t, i) => Math.round((t - starts[i]) / 1000));
    expect(gaps.slice(0, 8)).toEqual([0, 10, 20, 40, 80, 160, 300, 300]);
    const p = mustGet(c, "pods", "crash");
    const st = containerStatus(p);
    expect(st.lastState.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    const waiting = p.status.containerStatuses[0].state.waiting;
    expect(waiting.reason).toBe("CrashLoopBackOff");
    expect(waiting.message).toBe(`back-off 5m0s restarting failed container=c pod=crash_default(${p.metadata.uid})`);
    expect(eventsFor(c, "crash").find((e) => e.reason === "BackOff")?.message).toBe(`Back-off restarting failed container c in pod crash_default(${p.metadata.uid})`);
  });

  it("a liveness kill restarts at once until the back-off outgrows the probe's cycle (doBackOff judges the attempt before the killed one)", () => {
    // kuberuntime_manager.go: the kill and the start happen in one sync whose pod status still shows
    // the killed container running, so doBackOff looks at the previous exited attempt; the first kill
    // creates no back-off entry, the second starts it at 10 s, later ones double it (flowcontrol.Backoff).
    const c = cka();
    c.create(pod("l", { image: "kubeclass/demo-app:1.0", env: [{ name: "DEMO_PATHS", value: "/healthz=500:boom" }], livenessProbe: { httpGet: { path: "/healthz", port: 8080 }, initialDelaySeconds: 15, periodSeconds: 5, failureThreshold: 1 } }));
    c.runUntilIdle();
    const states: string[] = [];
    for (let i = 0; i < 200; i++) {
      c.advance(1000);
      const s = containerStatus(mustGet(c, "pods", "l"));
      const st = `${s.state.waiting?.reason ?? s.state.terminated?.reason ?? "Running"} ${s.restartCount}`;
      if (states.at(-1) !== st) states.push(st);
    }
    const starts = c.trace({ object: "Pod default/l" }).filter((e) => e.action === "start container").map((e) => e.t);
    // a 15.5 s cycle (15 s to the failing probe, 0.5 s for the server to stop): kills 1-3 restart at once,
    // the 4th waits until 20 s after the 3rd exit, the 5th 40 s after the 4th, the 6th 80 s after the 5th
    expect(starts.slice(1, 7).map((t, i) => (t - starts[i]) / 1000)).toEqual([15.5, 15.5, 15.5, 20, 35.5, 60]);
    expect(states.slice(0, 6)).toEqual(["Running 0", "Running 1", "Running 2", "Running 3", "Error 3", "CrashLoopBackOff 3"]);
    const p = mustGet(c, "pods", "l");
    expect(eventsFor(c, "l").find((e) => e.reason === "BackOff")?.message).toBe(`Back-off restarting failed container c in pod l_default(${p.metadata.uid})`);
  });

  it.each([
    [700, [700, 700, 700]],
    // 590 s after the last Next the entry has not expired (hasExpired: more than 2 x 300 s), so it doubles
    [590, [590, 600, 610]],
  ])("a container that exits after %i s: the back-off resets only after twice the maximum (10 min)", (secs, gaps) => {
    const c = cka();
    c.create(pod("slowcrash", { image: "busybox:1.36", command: ["sh", "-c", `sleep ${secs}; exit 1`] }));
    c.runUntilIdle();
    c.advance(2_400_000);
    const starts = c.trace({ object: "Pod default/slowcrash" }).filter((e) => e.action === "start container").map((e) => e.t);
    expect(starts.slice(1, 4).map((t, i) => Math.round((t - starts[i]) / 1000))).toEqual(gaps);
  });
});

describe("images (§4.2 image pull back-off)", () => {
  it("unknown tag: ErrImagePull then ImagePullBackOff with the kubelet's events", () => {
    const c = cka();
    c.create(pod("bad", { image: "nginx:9.9.9" }));
    c.runUntilIdle();
    c.advance(3_000);
    const reasons = eventsFor(c, "bad").map((e) => `${e.reason}: ${e.message}`);
    expect(reasons).toContain('Pulling: Pulling image "nginx:9.9.9"');
    expect(reasons).toContain('Failed: Failed to pull image "nginx:9.9.9": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:9.9.9": failed to resolve reference "docker.io/library/nginx:9.9.9": docker.io/library/nginx:9.9.9: not found');
    expect(reasons).toContain("Failed: Error: ErrImagePull");
    expect(reasons).toContain('BackOff: Back-off pulling image "nginx:9.9.9"');
    expect(reasons).toContain("Failed: Error: ImagePullBackOff");
    expect(containerStatus(mustGet(c, "pods", "bad")).state.waiting.reason).toBe("ImagePullBackOff");
  });

  it("a known image pulls with the recent Pulled message, then is already present", () => {
    const c = cka();
    c.create(pod("a", { image: "redis:7" }, { nodeName: "node01" }));
    c.runUntilIdle();
    c.create(pod("b", { image: "redis:7" }, { nodeName: "node01" }));
    c.runUntilIdle();
    expect(eventsFor(c, "a").find((e) => e.reason === "Pulled")?.message).toMatch(/^Successfully pulled image "redis:7" in [\d.]+s \([\d.]+s including waiting\)\. Image size: \d+ bytes\.$/);
    expect(eventsFor(c, "b").find((e) => e.reason === "Pulled")?.message).toBe('Container image "redis:7" already present on machine');
    expect(eventsFor(c, "b").map((e) => e.reason)).toEqual(["Pulled", "Created", "Started"]);
    expect(eventsFor(c, "b").find((e) => e.reason === "Created")?.message).toBe("Created container: c");
    expect(eventsFor(c, "b").find((e) => e.reason === "Created")?.involvedObject.fieldPath).toBe("spec.containers{c}");
  });

  it("OOMKilled on the memory limit", () => {
    const c = cka();
    c.create(pod("oom", { image: "polinux/stress", command: ["stress"], args: ["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"], resources: { limits: { memory: "100Mi" } } }));
    c.runUntilIdle();
    c.advance(5_000);
    const st = containerStatus(mustGet(c, "pods", "oom"));
    expect(st.lastState.terminated ?? st.state.terminated).toMatchObject({ reason: "OOMKilled", exitCode: 137 });
  });
});

describe("busybox-like commands", () => {
  it("echo/sleep produce logs over time and exit 0 -> Completed", () => {
    const c = cka();
    c.create(pod("e", { image: "busybox:1.36", command: ["sh", "-c", "echo hello; sleep 5; echo bye"] }, { restartPolicy: "Never" }));
    untilRunning(c, "e");
    const l1 = c.logs({ pod: "e" });
    expect(l1.ok && l1.text).toBe("hello\n");
    c.advance(6_000);
    const l2 = c.logs({ pod: "e" });
    expect(l2.ok && l2.text).toBe("hello\nbye\n");
    const p = mustGet(c, "pods", "e");
    expect(p.status.phase).toBe("Succeeded");
    expect(containerStatus(p).state.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
  });

  it("sh -c 'exit 3' under restartPolicy Never fails the pod", () => {
    const c = cka();
    c.create(pod("x", { image: "busybox:1.36", command: ["sh", "-c", "exit 3"] }, { restartPolicy: "Never" }));
    c.runUntilIdle();
    const p = mustGet(c, "pods", "x");
    expect(p.status.phase).toBe("Failed");
    expect(containerStatus(p).state.terminated).toMatchObject({ exitCode: 3, reason: "Error" });
  });

  it("while loops keep logging; --tail and previous logs", () => {
    const c = cka();
    c.create(pod("w", { image: "busybox:1.36", command: ["sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 2; done"] }));
    untilRunning(c, "w");
    c.advance(9_000);
    const l = c.logs({ pod: "w", tail: 2 });
    expect(l.ok && l.text.split("\n").filter(Boolean)).toHaveLength(2);
    const prev = c.logs({ pod: "w", previous: true });
    expect(!prev.ok && prev.status.message).toBe('previous terminated container "c" in pod "w" not found');
  });

  it("kubectl logs of a waiting container reports its reason", () => {
    const c = cka();
    c.create(pod("bad", { image: "nginx:9.9.9" }));
    c.runUntilIdle();
    c.advance(2_000);
    const l = c.logs({ pod: "bad" });
    expect(!l.ok && l.status.message).toMatch(/^container "c" in pod "bad" is waiting to start: (ErrImagePull|ImagePullBackOff)$/);
  });
});

describe("demo app", () => {
  it("fails readiness until the file exists; exec writes persist; crash after N seconds", () => {
    const c = cka();
    c.create(pod("d", { image: "kubeclass/demo-app:1.0", env: [{ name: "DEMO_READY_FILE", value: "/tmp/ready" }, { name: "DEMO_CRASH_AFTER_SECONDS", value: "120" }], readinessProbe: { httpGet: { path: "/ready", port: 8080 }, periodSeconds: 5 } }));
    untilRunning(c, "d");
    c.advance(20_000);
    expect(containerStatus(mustGet(c, "pods", "d")).ready).toBe(false);
    expect(eventsFor(c, "d").find((e) => e.reason === "Unhealthy")?.message).toBe("Readiness probe failed: HTTP probe failed with statuscode: 503");
    expect(c.exec({ pod: "d", command: ["touch", "/tmp/ready"] }).ok).toBe(true);
    c.advance(6_000);
    expect(containerStatus(mustGet(c, "pods", "d")).ready).toBe(true);
    c.advance(120_000);
    const st = containerStatus(mustGet(c, "pods", "d"));
    expect(st.restartCount).toBe(1);
    expect(st.lastState.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
  });
});

describe("ConfigMap and Secret consumption (§6)", () => {
  it("Secret volume updates after the kubelet sync delay; env keeps the old value", () => {
    const c = cka();
    c.create({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, stringData: { k: "v1" } });
    c.create(pod("p", { image: "nginx:1.27", env: [{ name: "K", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }], volumeMounts: [{ name: "sec", mountPath: "/etc/s" }] }, { volumes: [{ name: "sec", secret: { secretName: "s" } }] }));
    untilRunning(c, "p");
    c.patch("secrets", "s", { stringData: { k: "v2" } });
    c.advance(1_000);
    const read = () => {
      const r = c.exec({ pod: "p", command: ["cat", "/etc/s/k"] });
      return r.ok ? r.stdout : "";
    };
    expect(read()).toBe("v1");
    c.advance(61_000);
    expect(read()).toBe("v2");
    const env = c.exec({ pod: "p", command: ["printenv", "K"] });
    expect(env.ok && env.stdout).toBe("v1\n");
    const mounts = c.exec({ pod: "p", command: ["sh", "-c", "mount | grep /etc/s"] });
    expect(mounts.ok && mounts.stdout).toBe("tmpfs on /etc/s type tmpfs (ro,relatime,size=4005940k)\n");
  });

  it("ConfigMap volume files follow edits after the sync delay; subPath mounts do not", () => {
    const c = cka();
    c.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { color: "blue" } });
    c.create(pod("p", { image: "nginx:1.27", volumeMounts: [{ name: "cfg", mountPath: "/etc/cfg" }, { name: "cfg", mountPath: "/etc/color", subPath: "color" }] }, { volumes: [{ name: "cfg", configMap: { name: "cfg" } }] }));
    untilRunning(c, "p");
    c.patch("configmaps", "cfg", { data: { color: "red" } });
    c.advance(61_000);
    const read = (f: string) => { const r = c.exec({ pod: "p", command: ["cat", f] }); return r.ok ? r.stdout : ""; };
    expect(read("/etc/cfg/color")).toBe("red");
    expect(read("/etc/color")).toBe("blue");
    const m = c.exec({ pod: "p", command: ["sh", "-c", "mount | grep /etc/cfg"] });
    expect(m.ok && m.stdout).toBe("/dev/sda1 on /etc/cfg type ext4 (ro,relatime)\n");
  });

  it("missing ConfigMap: FailedMount for volumes, CreateContainerConfigError for env", () => {
    const c = cka();
    c.create(pod("v", { image: "nginx:1.27", volumeMounts: [{ name: "config", mountPath: "/config" }] }, { volumes: [{ name: "config", configMap: { name: "game-demo" } }] }));
    c.create(pod("e", { image: "nginx:1.27", env: [{ name: "A", valueFrom: { configMapKeyRef: { name: "cm", key: "a" } } }] }));
    c.runUntilIdle();
    c.advance(2_000);
    expect(eventsFor(c, "v").find((e) => e.reason === "FailedMount")?.message).toBe('MountVolume.SetUp failed for volume "config" : configmap "game-demo" not found');
    expect(containerStatus(mustGet(c, "pods", "v")).state.waiting.reason).toBe("ContainerCreating");
    const es = containerStatus(mustGet(c, "pods", "e")).state.waiting;
    expect(es).toEqual({ reason: "CreateContainerConfigError", message: 'configmap "cm" not found' });
    c.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm" }, data: { b: "1" } });
    c.advance(15_000);
    expect(containerStatus(mustGet(c, "pods", "e")).state.waiting.message).toBe("couldn't find key a in ConfigMap default/cm");
    c.patch("configmaps", "cm", { data: { a: "1" } });
    c.advance(15_000);
    expect(mustGet(c, "pods", "e").status.phase).toBe("Running");
  });

  it("graceful delete: Terminating then gone after the grace period for a shell PID 1", () => {
    const c = cka();
    c.create(pod("sl", { image: "busybox:1.36", command: ["sleep", "3600"] }));
    untilRunning(c, "sl");
    c.delete("pods", "sl");
    expect(mustGet(c, "pods", "sl").metadata.deletionTimestamp).toBeDefined();
    c.advance(29_000);
    expect(c.get("pods", "sl").ok).toBe(true);
    c.advance(2_000);
    expect(c.get("pods", "sl").ok).toBe(false);
  });
});

describe("init containers and sidecars", () => {
  it("runs init containers in order, then a sidecar keeps running beside the app", () => {
    const c = cka();
    c.create({
      apiVersion: "v1", kind: "Pod", metadata: { name: "sc" },
      spec: {
        initContainers: [
          { name: "setup", image: "busybox:1.36", command: ["sh", "-c", "sleep 2; echo prepared > /work/ready"], volumeMounts: [{ name: "w", mountPath: "/work" }] },
          { name: "logger", image: "busybox:1.36", restartPolicy: "Always", command: ["sh", "-c", "while true; do echo tick; sleep 5; done"] },
        ],
        containers: [{ name: "app", image: "nginx:1.27", volumeMounts: [{ name: "w", mountPath: "/usr/share/nginx/html" }] }],
        volumes: [{ name: "w", emptyDir: {} }],
      },
    });
    c.runUntilIdle();
    c.advance(10_000);
    const p = mustGet(c, "pods", "sc");
    expect(p.status.phase).toBe("Running");
    expect(p.status.initContainerStatuses.map((s: { name: string; state: object }) => [s.name, Object.keys(s.state)[0]])).toEqual([["setup", "terminated"], ["logger", "running"]]);
    const r = c.exec({ pod: "sc", container: "app", command: ["cat", "/usr/share/nginx/html/ready"] });
    expect(r.ok && r.stdout).toBe("prepared\n");
  });
});

describe("static pods", () => {
  it("deleting a mirror pod: the kubelet recreates it", () => {
    const c = cka();
    const before = mustGet(c, "pods", "etcd-controlplane", "kube-system");
    c.delete("pods", "etcd-controlplane", { namespace: "kube-system" });
    c.runUntilIdle();
    c.advance(5_000);
    const after = mustGet(c, "pods", "etcd-controlplane", "kube-system");
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.status.phase).toBe("Running");
  });
});

describe("shell interpreter details", () => {
  it("variables, arithmetic and seq are evaluated at run time inside loops", () => {
    const c = cka();
    c.create(pod("loop", { image: "busybox:1.36", command: ["sh", "-c", "i=0; while [ $i -lt 3 ]; do echo count $i; i=$((i+1)); sleep 1; done; for n in $(seq 1 2); do echo n$n > /tmp/f$n; done; cat /tmp/f2"] }, { restartPolicy: "Never" }));
    c.runUntilIdle();
    c.advance(10_000);
    const l = c.logs({ pod: "loop" });
    expect(l.ok && l.text).toBe("count 0\ncount 1\ncount 2\nn2\n");
    expect(mustGet(c, "pods", "loop").status.phase).toBe("Succeeded");
  });
});
