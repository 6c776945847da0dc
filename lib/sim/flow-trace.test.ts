/**
 * Flow-trace entries the lessons' FlowPlayer animates (lib/sim/REQUESTS.md F1–F5): kube-proxy's
 * watch and rule sync, the forwarded packet, the kubelet's Secret/ConfigMap watch, cAdvisor stats
 * and the HPA's metrics read, the pod sandbox. Entries are trace only: they change no object.
 */
import { describe, expect, it, vi } from "vitest";
import type { Cluster } from "./cluster";
import type { TraceEntry } from "./core";
import { cka, deployment, mustGet, pod, service } from "./test-helpers";
import type { Obj } from "./util";

// Simulations are CPU-bound; CI machines are shared.
vi.setConfig({ testTimeout: 60_000 });

/** Trace entries from index `since` on with this action. */
function entries(c: Cluster, action: string, since = 0): TraceEntry[] {
  return c.trace().slice(since).filter((e) => e.action === action);
}

const secret = (name: string, value: string): Obj => ({ apiVersion: "v1", kind: "Secret", metadata: { name }, stringData: { password: value } });
const configMap = (name: string, value: string): Obj => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { key: value } });

describe("F1: kube-proxy syncs its rules on Service and EndpointSlice changes", () => {
  it("every running node's kube-proxy watches the EndpointSlice and rewrites the Service's chain", () => {
    const c = cka();
    c.apply(deployment("web", { replicas: 2 }));
    c.apply(service("web", { app: "web" }));
    c.runUntilIdle();
    c.advance(10_000);
    const slice = c.list("endpointslices", { labelSelector: "kubernetes.io/service-name=web" });
    const sliceName = slice.ok ? slice.object[0].metadata.name : "";
    const watches = c.trace().filter((e) => e.action === "watch" && e.object === `EndpointSlice default/${sliceName}`);
    expect(new Set(watches.map((e) => e.to))).toEqual(new Set(["kube-proxy/controlplane", "kube-proxy/node01", "kube-proxy/node02"]));
    expect(watches.every((e) => e.from === "kube-apiserver")).toBe(true);
    const syncs = entries(c, "sync rules").filter((e) => e.object === "Service default/web");
    for (const e of syncs) expect(e.to).toBe(e.from);
    const last = syncs.slice(-3);
    expect(last.map((e) => e.from)).toEqual(["kube-proxy/controlplane", "kube-proxy/node01", "kube-proxy/node02"]);
    // The chain named in the detail is the one in the node's rules, with the ready endpoints.
    const chain = /^(KUBE-SVC-[A-Z2-7]{16}) 2 endpoints$/.exec(last[0].detail)?.[1];
    expect(chain).toBeDefined();
    expect(c.proxyRules("node01").filter((l) => l.startsWith(`-A ${chain} `))).toHaveLength(2);
  });

  it("a deleted Service's rules are removed; a node whose kubelet is down hears nothing", () => {
    const c = cka();
    c.apply(service("web", { app: "web" }));
    c.runUntilIdle();
    c.setKubeletRunning("node02", false);
    const at = c.trace().length;
    c.delete("services", "web");
    c.runUntilIdle();
    const syncs = entries(c, "sync rules", at);
    expect(syncs.map((e) => [e.from, e.detail])).toEqual([["kube-proxy/controlplane", "rules removed"], ["kube-proxy/node01", "rules removed"]]);
  });

  it("no sync when nothing Service-related changed: unrelated Pods, ConfigMaps, headless and ExternalName Services", () => {
    const c = cka();
    c.apply(deployment("web", { replicas: 2 }));
    c.apply(service("web", { app: "web" }));
    c.runUntilIdle();
    c.advance(10_000);
    const at = c.trace().length;
    c.apply(deployment("batch", { replicas: 2 }));
    c.apply(configMap("settings", "a"));
    c.apply(service("db", { app: "db" }, { clusterIP: "None" }));
    c.apply({ apiVersion: "v1", kind: "Service", metadata: { name: "ext" }, spec: { type: "ExternalName", externalName: "example.com" } });
    c.runUntilIdle();
    c.advance(30_000);
    expect(entries(c, "sync rules", at)).toEqual([]);
    expect(c.trace().slice(at).filter((e) => e.to.startsWith("kube-proxy/"))).toEqual([]);
  });
});

describe("F2: the DNAT'd packet is forwarded to the chosen Pod", () => {
  it("ClusterIP from a pod and NodePort from outside: DNAT, then forward from that node's kube-proxy", () => {
    const c = cka();
    c.apply(deployment("web", { replicas: 2, container: { ports: [{ containerPort: 80 }] } }));
    c.apply(service("web", { app: "web" }, { type: "NodePort" }));
    c.apply(pod("client", { image: "busybox:1.36", command: ["sleep", "3600"] }));
    c.runUntilIdle();
    c.advance(10_000);
    const client = mustGet(c, "pods", "client");
    const np = mustGet(c, "services", "web").spec.ports[0].nodePort;
    for (const [from, url, proxy] of [
      [{ pod: "default/client" }, "http://web/", `kube-proxy/${client.spec.nodeName}`],
      [{}, `http://172.30.2.2:${np}/`, "kube-proxy/node01"],
    ] as const) {
      const at = c.trace().length;
      const r = c.curl(from, url);
      expect(r.code).toBe(200);
      const tail = c.trace().slice(at).filter((e) => e.action === "DNAT" || e.action === "forward");
      expect(tail.map((e) => e.action)).toEqual(["DNAT", "forward"]);
      const [dnat, fwd] = tail;
      expect(dnat.to).toBe(proxy);
      expect(fwd.from).toBe(proxy);
      const target = mustGet(c, "pods", fwd.to.split("/")[1]);
      expect(fwd).toMatchObject({ to: `Pod default/${target.metadata.name}`, object: `Pod default/${target.metadata.name}`, detail: `${target.status.podIP}:80 on ${target.spec.nodeName}` });
      expect(dnat.detail.endsWith(` -> ${target.status.podIP}:80`)).toBe(true);
      expect(r.path.at(-1)).toBe(fwd.to);
    }
  });

  it("a Pod IP reached directly passes no kube-proxy: no forward entry", () => {
    const c = cka();
    c.apply(pod("server", { image: "nginx:1.27" }));
    c.runUntilIdle();
    const at = c.trace().length;
    expect(c.curl({ node: "node01" }, `http://${mustGet(c, "pods", "server").status.podIP}/`).code).toBe(200);
    expect(entries(c, "forward", at)).toEqual([]);
  });
});

describe("F3: the kubelet's Secret/ConfigMap watch", () => {
  it("only nodes with a Pod that uses the object hear of the change, before the volume sync", () => {
    const c = cka();
    c.apply(secret("db-cred", "old"));
    c.apply(configMap("settings", "a"));
    // node01: the Secret as a volume; node02: the ConfigMap through env only, and a Pod using neither.
    c.apply(pod("vol", { image: "nginx:1.27", volumeMounts: [{ name: "cred", mountPath: "/etc/cred" }] }, { nodeName: "node01", volumes: [{ name: "cred", secret: { secretName: "db-cred" } }] }));
    c.apply(pod("env", { image: "nginx:1.27", env: [{ name: "K", valueFrom: { configMapKeyRef: { name: "settings", key: "key" } } }] }, { nodeName: "node02" }));
    c.apply(pod("plain", { image: "nginx:1.27" }, { nodeName: "node02" }));
    c.runUntilIdle();
    const at = c.trace().length;
    c.apply(secret("db-cred", "new"));
    c.apply(configMap("settings", "b"));
    c.advance(65_000);
    const watches = c.trace().slice(at).filter((e) => e.action === "watch" && e.to.startsWith("kubelet/"));
    expect(watches.map((e) => [e.from, e.to, e.object, e.detail])).toEqual([
      ["kube-apiserver", "kubelet/node01", "Secret default/db-cred", "cache updated"],
      ["kube-apiserver", "kubelet/node02", "ConfigMap default/settings", "cache updated"],
    ]);
    const sync = c.trace().slice(at).findIndex((e) => e.action === "sync volumes" && e.object === "Pod default/vol");
    expect(sync).toBeGreaterThan(c.trace().slice(at).indexOf(watches[0]));
  });

  it("no watch entry on a node with no Pod using that Secret, nor for a Secret no Pod uses", () => {
    const c = cka();
    c.apply(secret("db-cred", "old"));
    c.apply(pod("vol", { image: "nginx:1.27" }, { nodeName: "node01", volumes: [{ name: "cred", secret: { secretName: "db-cred" } }] }));
    c.apply(pod("other", { image: "nginx:1.27" }, { nodeName: "node02" }));
    c.runUntilIdle();
    const at = c.trace().length;
    c.apply(secret("db-cred", "new"));
    c.apply(secret("unused", "x"));
    c.runUntilIdle();
    const watches = c.trace().slice(at).filter((e) => e.action === "watch" && /^(Secret|ConfigMap) /.test(e.object));
    expect(watches.map((e) => `${e.to} ${e.object}`)).toEqual(["kubelet/node01 Secret default/db-cred"]);
  });
});

describe("F4: cAdvisor stats per scrape and the HPA's metrics read", () => {
  it("one stats entry per running node and scrape, not per pod", () => {
    const c = cka();
    c.apply(deployment("web", { replicas: 4 }));
    c.runUntilIdle();
    c.setKubeletRunning("node02", false);
    const at = c.trace().length;
    c.advance(45_000);
    const scrapes = entries(c, "scrape", at).length;
    const stats = entries(c, "stats", at);
    expect(scrapes).toBe(3);
    expect(stats).toHaveLength(scrapes * 2);
    expect(new Set(stats.map((e) => e.from))).toEqual(new Set(["kubelet/controlplane", "kubelet/node01"]));
    for (const e of stats) {
      expect(e.to).toBe(e.from.replace("kubelet/", "containerd/"));
      expect(e.object).toBe(`Node ${e.from.slice(8)}`);
      expect(e.detail).toMatch(/^\d+ containers?: cpu \d+m, memory \d+Mi$/);
    }
  });

  it("the HPA controller reads metrics-server and the detail is the utilization it computed", () => {
    const c = cka();
    c.apply(deployment("web", { replicas: 2, image: "registry.k8s.io/hpa-example", container: { resources: { requests: { cpu: "200m" } } } }));
    c.apply(service("web", { app: "web" }));
    c.apply({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "web" }, spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, minReplicas: 2, maxReplicas: 10, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } }] } });
    c.runUntilIdle();
    c.advance(60_000);
    c.setLoad({ service: "default/web", rps: 100 });
    const at = c.trace().length;
    c.advance(30_000);
    const reads = entries(c, "get metrics", at);
    expect(reads.length).toBeGreaterThan(0);
    const last = reads.at(-1)!;
    expect(last).toMatchObject({ from: "kube-controller-manager/horizontal-pod-autoscaler", to: "metrics-server", object: "HorizontalPodAutoscaler default/web" });
    const util = mustGet(c, "horizontalpodautoscalers", "web").status.currentMetrics[0].resource.current.averageUtilization;
    expect(last.detail).toBe(`cpu ${util}% of request`);
    expect(util).toBeGreaterThan(50);
  });
});

describe("F5: the pod sandbox", () => {
  it("run pod sandbox with the Pod IP comes once, after the watch and before the image pull", () => {
    const c = cka();
    c.apply(pod("web", { image: "nginx:1.27" }, { nodeName: "node01" }));
    c.runUntilIdle();
    const mine = c.trace().filter((e) => e.object === "Pod default/web" && e.from === "kubelet/node01" || (e.action === "watch" && e.object === "Pod default/web" && e.to === "kubelet/node01"));
    const actions = mine.map((e) => e.action).filter((a) => ["watch", "run pod sandbox", "pull image", "start container"].includes(a));
    expect(actions).toEqual(["watch", "run pod sandbox", "pull image", "start container"]);
    const sandbox = mine.find((e) => e.action === "run pod sandbox")!;
    expect(sandbox).toMatchObject({ to: "containerd/node01", detail: `pod IP ${mustGet(c, "pods", "web").status.podIP}` });
  });

  it("not before the volumes are mounted, and not again on container retries", () => {
    const c = cka();
    // FailedMount until the ConfigMap exists; CreateContainerConfigError retries until the Secret exists.
    c.apply(pod("mount", { image: "nginx:1.27" }, { volumes: [{ name: "v", configMap: { name: "late" } }] }));
    c.apply(pod("envref", { image: "nginx:1.27", env: [{ name: "P", valueFrom: { secretKeyRef: { name: "later", key: "password" } } }] }));
    c.runUntilIdle();
    c.advance(30_000);
    const sandboxes = (name: string) => c.trace().filter((e) => e.action === "run pod sandbox" && e.object === `Pod default/${name}`);
    expect(sandboxes("mount")).toHaveLength(0);
    expect(sandboxes("envref")).toHaveLength(1);
    c.apply(configMap("late", "x"));
    c.apply(secret("later", "p"));
    c.runUntilIdle();
    c.advance(30_000);
    expect(sandboxes("mount")).toHaveLength(1);
    expect(sandboxes("envref")).toHaveLength(1);
    expect(mustGet(c, "pods", "mount").status.phase).toBe("Running");
    expect(mustGet(c, "pods", "envref").status.phase).toBe("Running");
  });
});
