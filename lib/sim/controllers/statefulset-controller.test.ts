/** StatefulSet, DaemonSet, PV binding, GC and namespace deletion. */
import { describe, expect, it, vi } from "vitest";
import { createCluster } from "../cluster";
import { cka, deployment, mustGet, podsOf } from "../test-helpers";
import type { Obj } from "../util";

// Simulations are CPU-bound; CI machines are shared.
vi.setConfig({ testTimeout: 60_000 });

function sts(replicas: number): Obj {
  return {
    apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "web" },
    spec: {
      serviceName: "nginx", replicas, selector: { matchLabels: { app: "nginx" } },
      template: { metadata: { labels: { app: "nginx" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.27", volumeMounts: [{ name: "www", mountPath: "/usr/share/nginx/html" }] }] } },
      volumeClaimTemplates: [{ metadata: { name: "www" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
    },
  };
}

describe("StatefulSet with a default StorageClass", () => {
  it("creates web-0 then web-1 in order, each with its own bound PVC and DNS name", () => {
    const c = createCluster({ preset: "cka", seed: 4, addons: { defaultStorageClass: true } });
    c.apply({ apiVersion: "v1", kind: "Service", metadata: { name: "nginx" }, spec: { clusterIP: "None", selector: { app: "nginx" }, ports: [{ port: 80 }] } });
    c.apply(sts(2));
    c.runUntilIdle();
    c.advance(30_000);
    const p0 = mustGet(c, "pods", "web-0"), p1 = mustGet(c, "pods", "web-1");
    expect(p0.status.phase).toBe("Running");
    expect(p1.status.phase).toBe("Running");
    expect(Date.parse(p1.metadata.creationTimestamp)).toBeGreaterThanOrEqual(Date.parse(p0.metadata.creationTimestamp));
    expect(mustGet(c, "persistentvolumeclaims", "www-web-0").status.phase).toBe("Bound");
    expect(mustGet(c, "persistentvolumeclaims", "www-web-1").spec.storageClassName).toBe("local-path");
    expect(c.resolveDns("web-0.nginx.default.svc.cluster.local")).toEqual([p0.status.podIP]);
    c.patch("statefulsets", "web", { spec: { replicas: 1 } });
    c.advance(40_000);
    expect(c.get("pods", "web-1").ok).toBe(false);
    expect(c.get("persistentvolumeclaims", "www-web-1").ok).toBe(true);
  });
});

describe("DaemonSet", () => {
  it("one pod per worker; the control plane only with a toleration", () => {
    const c = cka();
    const ds = (name: string, tol: Obj[]) => ({ apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name }, spec: { selector: { matchLabels: { ds: name } }, template: { metadata: { labels: { ds: name } }, spec: { tolerations: tol, containers: [{ name: "c", image: "registry.k8s.io/pause:3.10" }] } } } });
    c.apply(ds("workers", []));
    c.apply(ds("all", [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }]));
    c.runUntilIdle();
    expect(mustGet(c, "daemonsets", "workers").status).toMatchObject({ desiredNumberScheduled: 2, numberReady: 2 });
    expect(mustGet(c, "daemonsets", "all").status).toMatchObject({ desiredNumberScheduled: 3, numberReady: 3 });
  });
});

describe("garbage collection and namespaces", () => {
  it("deleting a Deployment removes its ReplicaSets and Pods; orphan keeps them", () => {
    const c = cka();
    c.apply(deployment("web", { replicas: 2 }));
    c.apply(deployment("keep", { replicas: 1 }));
    c.runUntilIdle();
    c.delete("deployments", "web");
    c.delete("deployments", "keep", { propagationPolicy: "Orphan" });
    c.runUntilIdle();
    c.advance(40_000);
    const rs = c.list("replicasets");
    expect(rs.ok && rs.object.map((r) => r.metadata.name.split("-")[0])).toEqual(["keep"]);
    expect(rs.ok && rs.object[0].metadata.ownerReferences).toBeUndefined();
    expect(podsOf(c, "app=web")).toHaveLength(0);
    expect(podsOf(c, "app=keep")).toHaveLength(1);
  });

  it("a deleted namespace is Terminating until its content is gone", () => {
    const c = cka();
    c.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" } });
    c.runUntilIdle();
    expect(mustGet(c, "serviceaccounts", "default", "dev").metadata.name).toBe("default");
    c.create({ ...deployment("web", { replicas: 1 }), metadata: { name: "web", namespace: "dev" } });
    c.runUntilIdle();
    c.delete("namespaces", "dev");
    expect(mustGet(c, "namespaces", "dev").status.phase).toBe("Terminating");
    const r = c.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "dev" } });
    expect(!r.ok && r.status.message).toBe('configmaps "x" is forbidden: unable to create new content in namespace dev because it is being terminated');
    c.advance(60_000);
    expect(c.get("namespaces", "dev").ok).toBe(false);
  });
});

describe("metrics-server (kubectl top data)", () => {
  it("has pod and node samples one resolution window after start", () => {
    const c = cka();
    c.apply(deployment("web", { replicas: 1 }));
    c.runUntilIdle();
    expect(c.topPods("default")).toEqual([]);
    c.advance(31_000);
    const top = c.topPods("default")!;
    expect(top).toHaveLength(1);
    expect(top[0].mem).toBeGreaterThan(0);
    const nodes = c.topNodes()!;
    expect(nodes.map((n) => n.name)).toEqual(["controlplane", "node01", "node02"]);
  });
});
