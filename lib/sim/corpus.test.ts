/**
 * Conformance corpus (lib/testdata/k8s-examples, a copy of the shared corpus; README index): every manifest is accepted or
 * rejected as the README says, and reaches the expected steady state on the `cka` preset.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { parseAllDocuments } from "yaml";
import { createCluster, type Cluster } from "./index";
import type { Obj } from "./util";

// Simulations are CPU-bound; CI machines are shared.
vi.setConfig({ testTimeout: 60_000 });

const repoRoot = path.resolve(import.meta.dirname, "../..");
const corpus = path.resolve(repoRoot, "lib/testdata/k8s-examples");

interface Row {
  n: number;
  file: string;
  output: string;
  prereq: string;
}

function readIndex(): Row[] {
  const readme = fs.readFileSync(path.join(corpus, "README.md"), "utf8");
  const rows: Row[] = [];
  for (const line of readme.split("\n")) {
    const m = /^\| (\d+) \| `([^`]+)` \| [^|]+ \| [^|]+ \| (.+?) \| (.+?) \| .* \|$/.exec(line);
    if (m) rows.push({ n: Number(m[1]), file: m[2], output: m[3], prereq: m[4] });
  }
  return rows;
}

function docs(file: string): Obj[] {
  const text = fs.readFileSync(path.join(corpus, file), "utf8");
  return parseAllDocuments(text).map((d) => d.toJSON()).filter((d) => d && typeof d === "object");
}

/** Prerequisite objects per file (README "prerequisites" column). */
const PREREQS: Record<string, string[]> = {
  "pods/pod-configmap-volume.yaml": ["configmap/configmaps.yaml"],
  "pods/pod-configmap-envFrom.yaml": ["configmap/configmaps.yaml"],
  "pods/pod-single-configmap-env-variable.yaml": ["configmap/configmaps.yaml"],
  "pods/config/redis-pod.yaml": ["pods/config/example-redis-config.yaml"],
  "pods/inject/secret-pod.yaml": ["pods/inject/secret.yaml"],
  "pods/inject/secret-envars-pod.yaml": ["pods/inject/secret.yaml"],
  "deployments/deployment-with-immutable-configmap-as-volume.yaml": ["configmap/immutable-configmap.yaml"],
  "application/hpa/php-apache.yaml": ["application/php-apache.yaml"],
  "controllers/hpa-rs.yaml": ["controllers/frontend.yaml"],
  "service/networking/nginx-svc.yaml": ["service/networking/run-my-nginx.yaml"],
  "service/access/backend-service.yaml": ["service/access/backend-deployment.yaml"],
  "service/access/frontend-deployment.yaml": ["service/access/backend-service.yaml"],
  "service/access/frontend-service.yaml": ["service/access/frontend-deployment.yaml"],
  "service/nginx-service.yaml": ["controllers/nginx-deployment.yaml"],
};

const EXTRA_OBJECTS: Record<string, Obj[]> = {
  "configmap/configure-pod.yaml": [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "game-demo" }, data: { player_initial_lives: "3", ui_properties_file_name: "user-interface.properties", "game.properties": "enemy.types=aliens,monsters\n", "user-interface.properties": "color.good=purple\n" } }],
  "deployments/deployment-with-configmap-as-envvar.yaml": [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "fruits" }, data: { fruits: "apples" } }],
  "deployments/deployment-with-configmap-as-volume.yaml": [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "sport" }, data: { sport: "football" } }],
};

function setup(row: Row): Cluster {
  const c = createCluster({ preset: "cka", seed: 7 });
  for (const m of row.prereq.matchAll(/namespace `([a-z0-9-]+)` must exist/g)) c.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: m[1] } });
  for (const f of PREREQS[row.file] ?? []) for (const d of docs(f)) expect(c.apply(d).ok).toBe(true);
  for (const o of EXTRA_OBJECTS[row.file] ?? []) expect(c.create(o).ok).toBe(true);
  c.runUntilIdle({ maxMs: 60_000 });
  return c;
}

function pod(c: Cluster, name: string, ns = "default"): Obj {
  const r = c.get("pods", name, { namespace: ns });
  if (!r.ok) throw new Error(`pod ${ns}/${name}: ${r.status.message}`);
  return r.object;
}

function events(c: Cluster, name: string, ns = "default"): Obj[] {
  const r = c.list("events", { namespace: ns });
  return r.ok ? r.object.filter((e) => e.involvedObject.name === name) : [];
}

function ready(p: Obj): boolean {
  return (p.status.conditions ?? []).some((x: Obj) => x.type === "Ready" && x.status === "True");
}

function restarts(p: Obj): number {
  return (p.status.containerStatuses ?? []).reduce((a: number, s: Obj) => a + s.restartCount, 0);
}

function deploymentReady(c: Cluster, name: string, replicas: number, ns = "default") {
  const d = c.get("deployments", name, { namespace: ns });
  expect(d.ok && d.object.status.availableReplicas).toBe(replicas);
}

const SCHED_TAINT = "1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }";

/** Steady state about a minute after the apply (README "expected steady state" column). */
const STEADY: Record<string, (c: Cluster) => void> = {
  "pods/simple-pod.yaml": (c) => { const p = pod(c, "nginx"); expect(p.status.phase).toBe("Running"); expect(p.spec.nodeName).not.toBe("controlplane"); expect(p.status.podIP).toMatch(/^10\.244\./); },
  "pods/two-container-pod.yaml": (c) => { const p = pod(c, "two-containers"); expect(p.status.phase).toBe("Running"); expect(ready(p)).toBe(false); },
  "pods/commands.yaml": (c) => {
    const p = pod(c, "command-demo");
    expect(p.status.phase).toBe("Succeeded");
    const l = c.logs({ pod: "command-demo" });
    expect(l.ok && l.text).toBe("command-demo\ntcp://10.96.0.1:443\n");
  },
  "pods/init-containers.yaml": (c) => expect(pod(c, "init-demo").status.phase).toBe("Running"),
  "pods/lifecycle-events.yaml": (c) => {
    expect(pod(c, "lifecycle-demo").status.phase).toBe("Running");
    const r = c.exec({ pod: "lifecycle-demo", command: ["cat", "/usr/share/message"] });
    expect(r.ok && r.stdout).toBe("Hello from the postStart handler\n");
  },
  "pods/resource/memory-request-limit.yaml": (c) => expect(pod(c, "memory-demo", "mem-example").status.phase).toBe("Running"),
  "pods/resource/memory-request-limit-2.yaml": (c) => {
    const p = pod(c, "memory-demo-2", "mem-example");
    const cs = p.status.containerStatuses[0];
    expect(cs.lastState.terminated.reason).toBe("OOMKilled");
    expect(cs.lastState.terminated.exitCode).toBe(137);
    expect(cs.restartCount).toBeGreaterThanOrEqual(2);
  },
  "pods/resource/memory-request-limit-3.yaml": (c) => {
    expect(pod(c, "memory-demo-3", "mem-example").status.phase).toBe("Pending");
    expect(events(c, "memory-demo-3", "mem-example").find((e) => e.reason === "FailedScheduling")?.message).toBe(`0/3 nodes are available: ${SCHED_TAINT}, 2 Insufficient memory. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`);
  },
  "pods/resource/cpu-request-limit.yaml": (c) => expect(pod(c, "cpu-demo", "cpu-example").status.phase).toBe("Running"),
  "pods/resource/cpu-request-limit-2.yaml": (c) => expect(events(c, "cpu-demo-2", "cpu-example").find((e) => e.reason === "FailedScheduling")?.message).toContain(`${SCHED_TAINT}, 2 Insufficient cpu. preemption:`),
  "pods/qos/qos-pod.yaml": (c) => expect(pod(c, "qos-demo", "qos-example").status.qosClass).toBe("Guaranteed"),
  "pods/qos/qos-pod-2.yaml": (c) => expect(pod(c, "qos-demo-2", "qos-example").status.qosClass).toBe("Burstable"),
  "pods/qos/qos-pod-3.yaml": (c) => { const p = pod(c, "qos-demo-3", "qos-example"); expect(p.status.qosClass).toBe("BestEffort"); expect(p.status.phase).toBe("Running"); },
  "debug/termination.yaml": (c) => {
    const cs = pod(c, "termination-demo").status.containerStatuses[0];
    expect(cs.restartCount).toBeGreaterThanOrEqual(2);
    expect(cs.lastState.terminated.message).toBe("Sleep expired");
    expect(cs.lastState.terminated.reason).toBe("Completed");
  },
  "pods/probe/exec-liveness.yaml": (c) => {
    // killed at ~40 s; sh as PID 1 ignores SIGTERM, so SIGKILL comes after the 30 s grace period
    // ("wait another 30 seconds, and verify that the container has been restarted", the docs' page)
    c.advance(20_000);
    expect(restarts(pod(c, "liveness-exec"))).toBe(1);
    const evs = events(c, "liveness-exec");
    expect(evs.some((e) => e.message === "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory")).toBe(true);
    expect(evs.some((e) => e.reason === "Killing" && e.message === "Container liveness failed liveness probe, will be restarted")).toBe(true);
  },
  "pods/probe/http-liveness.yaml": (c) => {
    expect(restarts(pod(c, "liveness-http"))).toBeGreaterThanOrEqual(1);
    expect(events(c, "liveness-http").some((e) => e.message === "Liveness probe failed: HTTP probe failed with statuscode: 500")).toBe(true);
  },
  "pods/probe/tcp-liveness-readiness.yaml": (c) => { const p = pod(c, "goproxy"); expect(ready(p)).toBe(true); expect(restarts(p)).toBe(0); },
  "pods/probe/grpc-liveness.yaml": (c) => { const p = pod(c, "etcd-with-grpc"); expect(p.status.phase).toBe("Running"); expect(restarts(p)).toBe(0); },
  "pods/probe/pod-with-http-healthcheck.yaml": (c) => expect(restarts(pod(c, "pod-with-http-healthcheck"))).toBe(1),
  "pods/probe/pod-with-tcp-socket-healthcheck.yaml": (c) => { const p = pod(c, "pod-with-tcp-socket-healthcheck"); expect(ready(p)).toBe(true); expect(restarts(p)).toBe(0); },
  "pods/pod-nginx.yaml": (c) => expect(events(c, "nginx").find((e) => e.reason === "FailedScheduling")?.message).toBe(`0/3 nodes are available: ${SCHED_TAINT}, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`),
  "pods/pod-nginx-specific-node.yaml": (c) => { c.advance(60_000); expect(c.get("pods", "nginx").ok).toBe(false); },
  "pods/pod-nginx-required-affinity.yaml": (c) => expect(pod(c, "nginx").status.phase).toBe("Pending"),
  "pods/pod-nginx-preferred-affinity.yaml": (c) => expect(pod(c, "nginx").status.phase).toBe("Running"),
  "pods/pod-with-affinity-preferred-weight.yaml": (c) => expect(pod(c, "with-affinity-preferred-weight").status.phase).toBe("Running"),
  "pods/pod-with-toleration.yaml": (c) => { const p = pod(c, "nginx"); expect(p.status.phase).toBe("Running"); expect(p.spec.nodeName).not.toBe("controlplane"); },
  "pods/pod-with-pod-affinity.yaml": (c) => expect(events(c, "with-pod-affinity").find((e) => e.reason === "FailedScheduling")?.message).toBe(`0/3 nodes are available: ${SCHED_TAINT}, 2 node(s) didn't match pod affinity rules. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`),
  "pods/pod-with-affinity-anti-affinity.yaml": (c) => expect(pod(c, "with-affinity-anti-affinity").status.phase).toBe("Running"),
  "pods/topology-spread-constraints/one-constraint.yaml": (c) => expect(events(c, "mypod").find((e) => e.reason === "FailedScheduling")?.message).toBe(`0/3 nodes are available: ${SCHED_TAINT}, 2 node(s) didn't match pod topology spread constraints (missing required label). preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`),
  "pods/pod-with-scheduling-gates.yaml": (c) => { const p = pod(c, "test-pod"); expect(p.status.conditions.find((x: Obj) => x.type === "PodScheduled").reason).toBe("SchedulingGated"); },
  "admin/sched/pod3.yaml": (c) => { expect(pod(c, "annotation-second-scheduler").status.phase).toBe("Pending"); expect(events(c, "annotation-second-scheduler")).toEqual([]); },
  "controllers/nginx-deployment.yaml": (c) => deploymentReady(c, "nginx-deployment", 3),
  "application/deployment.yaml": (c) => deploymentReady(c, "nginx-deployment", 2),
  "application/deployment-update.yaml": (c) => deploymentReady(c, "nginx-deployment", 2),
  "application/deployment-scale.yaml": (c) => deploymentReady(c, "nginx-deployment", 4),
  "application/nginx-app.yaml": (c) => {
    deploymentReady(c, "my-nginx", 3);
    const s = c.get("services", "my-nginx-svc");
    expect(s.ok && s.object.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(s.ok && s.object.status.loadBalancer).toEqual({});
  },
  "application/simple_deployment.yaml": (c) => {
    deploymentReady(c, "nginx-deployment", 1);
    const again = c.apply(docs("application/simple_deployment.yaml")[0]);
    expect(again.ok && again.result).toBe("unchanged");
  },
  "application/update_deployment.yaml": (c) => deploymentReady(c, "nginx-deployment", 1),
  "controllers/frontend.yaml": (c) => { const r = c.get("replicasets", "frontend"); expect(r.ok && r.object.status.readyReplicas).toBe(3); },
  "pods/pod-rs.yaml": (c) => { expect(pod(c, "pod1").status.phase).toBe("Running"); expect(pod(c, "pod2").status.phase).toBe("Running"); },
  "admin/namespace-dev.yaml": (c) => { const n = c.get("namespaces", "development"); expect(n.ok && n.object.status.phase).toBe("Active"); },
  "service/networking/nginx-svc.yaml": (c) => {
    const ep = c.get("endpoints", "my-nginx");
    expect(ep.ok && ep.object.subsets[0].addresses.length).toBe(2);
    expect(c.resolveDns("my-nginx.default.svc.cluster.local")).toHaveLength(1);
  },
  "service/access/backend-service.yaml": (c) => { const ep = c.get("endpoints", "hello"); expect(ep.ok && ep.object.subsets[0].addresses.length).toBe(3); expect(ep.ok && ep.object.subsets[0].ports[0].port).toBe(80); },
  "service/nginx-service.yaml": (c) => { const ep = c.get("endpoints", "nginx-service"); expect(ep.ok && ep.object.subsets[0].addresses.length).toBe(3); },
  "service/load-balancer-example.yaml": (c) => deploymentReady(c, "hello-world", 5),
  "configmap/configure-pod.yaml": (c) => expect(pod(c, "configmap-demo-pod").status.phase).toBe("Running"),
  "pods/pod-configmap-volume.yaml": (c) => { expect(pod(c, "dapi-test-pod").status.phase).toBe("Succeeded"); const l = c.logs({ pod: "dapi-test-pod" }); expect(l.ok && l.text).toContain("special.how"); },
  "pods/pod-configmap-envFrom.yaml": (c) => { const l = c.logs({ pod: "dapi-test-pod" }); expect(l.ok && l.text).toContain("special.how=very"); },
  "pods/pod-single-configmap-env-variable.yaml": (c) => { const l = c.logs({ pod: "dapi-test-pod" }); expect(l.ok && l.text).toContain("SPECIAL_LEVEL_KEY=very"); },
  "pods/config/example-redis-config.yaml": (c) => { const cm = c.get("configmaps", "example-redis-config"); expect(cm.ok && cm.object.data["redis-config"]).toBe("maxmemory 2mb\nmaxmemory-policy allkeys-lru\n"); },
  "pods/config/redis-pod.yaml": (c) => expect(pod(c, "redis").status.phase).toBe("Running"),
  "pods/inject/secret-pod.yaml": (c) => { const r = c.exec({ pod: "secret-test-pod", command: ["cat", "/etc/secret-volume/password"] }); expect(r.ok && r.stdout).toBe("39528$vdg7Jb"); },
  "pods/inject/secret-envars-pod.yaml": (c) => { const r = c.exec({ pod: "secret-envars-test-pod", command: ["printenv", "SECRET_USERNAME"] }); expect(r.ok && r.stdout).toBe("my-app\n"); },
  "secret/optional-secret.yaml": (c) => expect(pod(c, "mypod").status.phase).toBe("Running"),
  "secret/basicauth-secret.yaml": (c) => { const s = c.get("secrets", "secret-basic-auth"); expect(s.ok && Object.keys(s.object.data).length).toBe(2); expect(s.ok && s.object.stringData).toBeUndefined(); },
  "deployments/deployment-with-configmap-as-envvar.yaml": (c) => deploymentReady(c, "configmap-env-var", 3),
  "deployments/deployment-with-configmap-as-volume.yaml": (c) => deploymentReady(c, "configmap-volume", 3),
  "deployments/deployment-with-immutable-configmap-as-volume.yaml": (c) => deploymentReady(c, "immutable-configmap-volume", 3),
  "application/php-apache.yaml": (c) => deploymentReady(c, "php-apache", 1),
  "application/hpa/php-apache.yaml": (c) => {
    const h = c.get("horizontalpodautoscalers", "php-apache");
    expect(h.ok && h.object.status.currentReplicas).toBe(1);
    expect(h.ok && h.object.status.currentMetrics[0].resource.current.averageUtilization).toBe(0);
  },
  "controllers/hpa-rs.yaml": (c) => { const h = c.get("horizontalpodautoscalers", "frontend-scaler"); expect(h.ok && h.object.status.currentReplicas).toBe(3); },
  "controllers/daemonset.yaml": (c) => { const d = c.get("daemonsets", "fluentd-elasticsearch", { namespace: "kube-system" }); expect(d.ok && d.object.status.desiredNumberScheduled).toBe(2); expect(d.ok && d.object.status.numberReady).toBe(2); },
  "application/basic-daemonset.yaml": (c) => { const d = c.get("daemonsets", "example-daemonset"); expect(d.ok && d.object.status.numberReady).toBe(2); },
  // The cka preset has a default StorageClass (local-path, as on Killercoda): the README's second case.
  "application/web/web.yaml": (c) => {
    for (const n of ["www-web-0", "www-web-1"]) {
      const pvc = c.get("persistentvolumeclaims", n);
      expect(pvc.ok && pvc.object.status.phase).toBe("Bound");
    }
    expect(pod(c, "web-0").status.phase).toBe("Running");
    expect(pod(c, "web-1").status.phase).toBe("Running");
  },
  "policy/zookeeper-pod-disruption-budget-minavailable.yaml": (c) => {
    const p = c.get("poddisruptionbudgets", "zk-pdb");
    expect(p.ok && p.object.status).toMatchObject({ desiredHealthy: 2, currentHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 });
  },
  "controllers/job.yaml": (c) => {
    c.advance(60_000);
    const j = c.get("jobs", "pi");
    expect(j.ok && j.object.status.conditions.some((x: Obj) => x.type === "Complete" && x.status === "True")).toBe(true);
    expect(j.ok && j.object.status.succeeded).toBe(1);
  },
};

const rows = readIndex();

describe("k8s-examples corpus on the cka preset", () => {
  it("indexes all 94 files", () => {
    expect(rows).toHaveLength(94);
  });

  for (const row of rows) {
    it(`#${row.n} ${row.file}`, () => {
      const c = setup(row);
      const negative = row.output.includes("NEGATIVE") && !row.output.includes("(fresh)");
      const results = docs(row.file).map((d) => c.apply(d));
      if (negative) {
        const expected = /`(?:Error from server \((\w+)\): error when creating "<file>": |error: resource mapping not found for name: "[^"]+" namespace: "" from "<file>": |The Pod "[^"]+" is invalid: )([^`]+)`/.exec(row.output);
        expect(results.some((r) => !r.ok)).toBe(true);
        const failed = results.find((r) => !r.ok)!;
        expect(failed.ok).toBe(false);
        if (!failed.ok && expected) expect(failed.status.message).toContain(expected[2].replace(/ \[UNCERTAIN.*$/, ""));
        return;
      }
      for (const r of results) {
        if (!r.ok) throw new Error(`${row.file}: ${r.status.message}`);
        expect(r.result).toBe("created");
      }
      c.runUntilIdle({ maxMs: 60_000 });
      c.advance(60_000 - (c.now % 60_000));
      STEADY[row.file]?.(c);
    });
  }
});

describe("conditional negatives from the corpus README", () => {
  it("quota-mem-cpu-pod-2 after the quota and the first pod is Forbidden", () => {
    const c = createCluster({ preset: "cka", seed: 2 });
    for (const f of ["admin/resource/quota-mem-cpu.yaml", "admin/resource/quota-mem-cpu-pod.yaml"]) for (const d of docs(f)) expect(c.apply(d).ok).toBe(true);
    const r = c.apply(docs("admin/resource/quota-mem-cpu-pod-2.yaml")[0]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.status.message).toBe('pods "quota-mem-cpu-demo-2" is forbidden: exceeded quota: mem-cpu-demo, requested: requests.memory=700Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi');
  });

  it("cpu-constraints-pod-2 after the LimitRange is Forbidden", () => {
    const c = createCluster({ preset: "cka", seed: 2 });
    expect(c.apply(docs("admin/resource/cpu-constraints.yaml")[0]).ok).toBe(true);
    const r = c.apply(docs("admin/resource/cpu-constraints-pod-2.yaml")[0]);
    expect(!r.ok && r.status.message).toBe('pods "constraints-cpu-demo-2" is forbidden: maximum cpu usage per Container is 800m, but limit is 1500m');
  });

  it("deployment-scale.yaml over deployment.yaml: selector is immutable (k8s-reference §8.3)", () => {
    const c = createCluster({ preset: "cka", seed: 2 });
    expect(c.apply(docs("application/deployment.yaml")[0]).ok).toBe(true);
    const r = c.apply(docs("application/deployment-scale.yaml")[0]);
    expect(!r.ok && r.status.message).toBe('Deployment.apps "nginx-deployment" is invalid: spec.selector: Invalid value: {"matchLabels":{"app.kubernetes.io/name":"nginx"}}: field is immutable');
  });

  it("quota-pod-deployment with the pod quota: 2 of 3 pods and a FailedCreate event", () => {
    const c = createCluster({ preset: "cka", seed: 2 });
    expect(c.apply(docs("admin/resource/quota-pod.yaml")[0]).ok).toBe(true);
    expect(c.apply(docs("admin/resource/quota-pod-deployment.yaml")[0]).ok).toBe(true);
    c.runUntilIdle({ maxMs: 60_000 });
    const d = c.get("deployments", "pod-quota-demo");
    expect(d.ok && d.object.status.availableReplicas).toBe(2);
    expect(d.ok && d.object.status.conditions.some((x: Obj) => x.type === "ReplicaFailure" && x.reason === "FailedCreate")).toBe(true);
    const evs = c.list("events");
    expect(evs.ok && evs.object.some((e) => e.reason === "FailedCreate" && /^Error creating: pods "pod-quota-demo-[a-z0-9]+-[a-z0-9]{5}" is forbidden: exceeded quota: pod-demo, requested: pods=1, used: pods=2, limited: pods=2$/.test(e.message))).toBe(true);
  });

  it("a missing namespace is NotFound (namespaces \"mem-example\" not found)", () => {
    const c = createCluster({ preset: "cka", seed: 2 });
    const r = c.apply(docs("pods/resource/memory-request-limit.yaml")[0]);
    expect(!r.ok && r.status.message).toBe('namespaces "mem-example" not found');
  });

  it("memory-defaults-pod gets the LimitRange defaults and the limit-ranger annotation", () => {
    const c = createCluster({ preset: "cka", seed: 2 });
    expect(c.apply(docs("admin/resource/memory-defaults.yaml")[0]).ok).toBe(true);
    const r = c.apply(docs("admin/resource/memory-defaults-pod.yaml")[0]);
    expect(r.ok).toBe(true);
    const p = pod(c, "default-mem-demo");
    expect(p.spec.containers[0].resources).toEqual({ limits: { memory: "512Mi" }, requests: { memory: "256Mi" } });
    expect(p.metadata.annotations["kubernetes.io/limit-ranger"]).toBe("LimitRanger plugin set: memory request for container default-mem-demo-ctr; memory limit for container default-mem-demo-ctr");
  });
});

describe("the whole corpus in one namespace (README sequencing conflicts)", () => {
  it("applies all 94 files in index order without internal errors; conflicts are Status errors", () => {
    const c = createCluster({ preset: "cka", seed: 11, addons: { defaultStorageClass: true, ingressController: true } });
    for (const ns of ["mem-example", "cpu-example", "qos-example"]) c.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    let accepted = 0, rejected = 0;
    for (const row of rows) {
      for (const d of docs(row.file)) {
        const r = c.apply(d);
        if (r.ok) accepted++;
        else {
          rejected++;
          expect(["Forbidden", "Invalid", "BadRequest", "NotFound"]).toContain(r.status.reason);
          if (process.env.SIM_CORPUS_DEBUG) console.log(row.file, r.status.reason, r.status.message.slice(0, 140));
        }
      }
      c.advance(2_000);
    }
    c.advance(120_000);
    // The quotas and LimitRanges of admin/resource/* apply to every later pod in "default".
    expect(accepted).toBeGreaterThan(60);
    expect(rejected).toBeGreaterThan(4);
    expect(c.trace().some((e) => e.action === "internal error")).toBe(false);
    // Pod "nginx" is reused by several files: the later applies are pod-update errors.
    const nginx = c.get("pods", "nginx");
    expect(nginx.ok).toBe(true);
  });
});
