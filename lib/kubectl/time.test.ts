// Time as on a real cluster (issue 15 §1): in "real" time a command takes its round trip and kubectl's own
// waits (delete --wait, wait --for, rollout status) advance the clock until done or --timeout; "settle" time
// (fixtures, goldens) still lets the cluster settle after each command.
import { describe, expect, it } from "vitest";
import { createSimSession } from "./sim-adapter";
import { createMemoryCluster } from "./memory-cluster";
import { createShell } from "./shell/shell";
import { ROUND_TRIP_MS, type ClusterApi } from "./cluster-api";

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: busybox
    command: ["sleep", "3600"]
`;

function realShell() {
  const sh = createSimSession({ preset: "cka", seed: 3, time: "real" });
  sh.saveFile("pod.yaml", POD);
  return sh;
}

/** A memory cluster on which `web` gets condition Ready=True at `at` ms after the start (or is deleted then). */
function scheduled(at: number, change: "ready" | "delete"): { cluster: ClusterApi; start: number } {
  const c = createMemoryCluster();
  const start = c.now();
  const advance = c.advance;
  // a graceful delete: the object stays (Terminating) until `at`
  c.delete = (res, ns, name) => {
    const o = [...c.store.values()].find((x) => x.kind === res.kind && x.metadata.name === name);
    if (!o) return { ok: false, status: { kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404, message: `${res.name} "${name}" not found` } };
    o.metadata.deletionTimestamp = new Date(c.now()).toISOString();
    return { ok: true, value: o };
  };
  c.advance = (ms) => {
    advance(ms);
    if (c.now() - start < at) return;
    for (const [k, o] of c.store) {
      if (o.kind !== "Pod" || o.metadata.name !== "web") continue;
      if (change === "delete") c.store.delete(k);
      else o.status = { phase: "Running", conditions: [{ type: "Ready", status: "True" }] };
    }
  };
  return { cluster: c, start };
}

describe("real time", () => {
  it("a command takes its round trip; a new Pod shows ContainerCreating, then Running as time passes", () => {
    const sh = realShell();
    const t0 = sh.cluster().now();
    expect(sh.run("kubectl run web --image=nginx").exitCode).toBe(0);
    expect(sh.cluster().now() - t0).toBe(ROUND_TRIP_MS);
    expect(sh.run("kubectl get pod web --no-headers").stdout).toMatch(/^web\s+0\/1\s+ContainerCreating\s/);
    sh.run("sleep 20");
    expect(sh.run("kubectl get pod web --no-headers").stdout).toMatch(/^web\s+1\/1\s+Running\s/);
  });

  it("settle time (fixtures) still shows the settled cluster after each command", () => {
    const sh = createSimSession({ preset: "cka", seed: 3 });
    sh.run("kubectl run web --image=nginx");
    expect(sh.run("kubectl get pod web --no-headers").stdout).toMatch(/^web\s+1\/1\s+Running\s/);
  });

  it("the mode can be switched on a live cluster", () => {
    const sh = createSimSession({ preset: "cka", seed: 3 });
    expect(sh.cluster().timeMode?.()).toBe("settle");
    sh.cluster().setTimeMode?.("real");
    sh.run("kubectl run web --image=nginx");
    expect(sh.run("kubectl get pod web --no-headers").stdout).toContain("ContainerCreating");
  });
});

describe("kubectl delete waits for the object to be gone", () => {
  it("delete then an immediate apply creates the Pod again (a new UID)", () => {
    const sh = realShell();
    sh.run("kubectl apply -f pod.yaml");
    sh.run("sleep 10");
    const uid1 = sh.run("kubectl get pod web -o jsonpath='{.metadata.uid}'").stdout;
    const t = sh.cluster().now();
    const d = sh.run("kubectl delete -f pod.yaml");
    expect(d.output).toBe(`pod "web" deleted from default namespace\n`);
    // sleep as PID 1 ignores SIGTERM: the kubelet kills it after the 30 s grace period
    expect(sh.cluster().now() - t).toBeGreaterThanOrEqual(30_000);
    expect(sh.run("kubectl apply -f pod.yaml").output).toBe("pod/web created\n");
    expect(sh.run("kubectl get pod web -o jsonpath='{.metadata.uid}'").stdout).not.toBe(uid1);
  });

  it("--wait=false returns at once: the Pod is still Terminating and apply does not create it again", () => {
    const sh = realShell();
    sh.run("kubectl apply -f pod.yaml");
    sh.run("sleep 10");
    const t = sh.cluster().now();
    sh.run("kubectl delete -f pod.yaml --wait=false");
    expect(sh.cluster().now() - t).toBe(ROUND_TRIP_MS);
    expect(sh.run("kubectl get pod web --no-headers").stdout).toContain("Terminating");
    expect(sh.run("kubectl apply -f pod.yaml").output).not.toContain("created");
  });

  it("--timeout: gone at timeout-1 ms is done; gone after the timeout is kubectl's timeout error", () => {
    for (const [at, code] of [[4_999, 0], [5_000, 0], [5_001, 1]] as const) {
      const { cluster, start } = scheduled(at, "delete");
      const sh = createShell(cluster);
      sh.run("kubectl run web --image=nginx");
      const before = cluster.now() - start;
      const r = sh.run(`kubectl delete pod web --timeout=${5_000 - before}ms`);
      expect(r.exitCode, `gone at ${at} ms`).toBe(code);
      if (code) expect(r.stderr).toBe("error: timed out waiting for the condition on pods/web\n");
      expect(r.stdout).toBe(`pod "web" deleted from default namespace\n`);
    }
  });

  it("an invalid --timeout is pflag's error and deletes nothing", () => {
    const sh = realShell();
    sh.run("kubectl apply -f pod.yaml");
    const r = sh.run("kubectl delete pod web --timeout=soon");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(`error: invalid argument "soon" for "--timeout" flag: time: invalid duration "soon"\nSee 'kubectl delete --help' for usage.\n`);
    expect(sh.run("kubectl get pod web -o name").stdout).toBe("pod/web\n");
  });

  it("--dry-run does not wait", () => {
    const sh = realShell();
    sh.run("kubectl apply -f pod.yaml");
    sh.run("sleep 10");
    const t = sh.cluster().now();
    expect(sh.run("kubectl delete pod web --dry-run=server").stdout).toBe(`pod "web" deleted from default namespace (server dry run)\n`);
    expect(sh.cluster().now() - t).toBe(ROUND_TRIP_MS);
  });
});

describe("kubectl wait", () => {
  it("met at timeout-1 ms and at the timeout; not met 1 ms after: the timeout error, exit 1", () => {
    for (const [at, code] of [[4_999, 0], [5_000, 0], [5_001, 1]] as const) {
      const { cluster, start } = scheduled(at, "ready");
      const sh = createShell(cluster);
      sh.run("kubectl run web --image=nginx");
      const before = cluster.now() - start;
      const r = sh.run(`kubectl wait --for=condition=Ready pod/web --timeout=${5_000 - before}ms`);
      expect(r.exitCode, `ready at ${at} ms`).toBe(code);
      expect(r.output).toBe(code ? "error: timed out waiting for the condition on pods/web\n" : "pod/web condition met\n");
    }
  });

  it("the default timeout is 30 s, one deadline for all objects", () => {
    const sh = realShell();
    sh.run("kubectl run a --image=busybox -- sleep 3600");
    sh.run("kubectl run b --image=busybox -- sleep 3600");
    const t = sh.cluster().now();
    const r = sh.run("kubectl wait --for=delete pod/a pod/b");
    expect(r.output).toBe("error: timed out waiting for the condition on pods/a\n");
    expect(sh.cluster().now() - t).toBe(30_000 + ROUND_TRIP_MS);
  });

  it("waiting for a just-created Pod to be Ready, then exec works", () => {
    const sh = realShell();
    sh.run("kubectl run web --image=nginx");
    expect(sh.run("kubectl wait --for=condition=Ready pod/web").output).toBe("pod/web condition met\n");
    expect(sh.run("kubectl exec web -- echo hi").output).toBe("hi\n");
  });
});
