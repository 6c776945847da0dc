/** Services, endpoints, kube-proxy, CoreDNS, Ingress: k8s-reference §7. */
import { describe, expect, it, vi } from "vitest";
import { createCluster } from "./cluster";
import { cka, deployment, mustGet, pod, service } from "./test-helpers";

// Simulations are CPU-bound; CI machines are shared.
vi.setConfig({ testTimeout: 60_000 });

function web(c: ReturnType<typeof cka>, replicas = 2) {
  c.apply(deployment("web", { replicas, container: { ports: [{ containerPort: 80, name: "http" }] } }));
  c.apply(service("web", { app: "web" }, { type: "NodePort", ports: [{ port: 8080, targetPort: "http" }] }));
  c.apply(pod("client", { image: "busybox:1.36", command: ["sleep", "3600"] }));
  c.runUntilIdle();
}

describe("traffic through kube-proxy (§7)", () => {
  it("curl from a pod by DNS name, from a node to the ClusterIP, from outside to a NodePort", () => {
    const c = cka();
    web(c);
    const svc = mustGet(c, "services", "web");
    const fromPod = c.curl({ pod: "default/client" }, "http://web:8080/");
    expect(fromPod.ok && fromPod.code).toBe(200);
    expect(fromPod.body).toContain("Welcome to nginx!");
    expect(c.curl({ node: "controlplane" }, `http://${svc.spec.clusterIP}:8080`).code).toBe(200);
    const np = svc.spec.ports[0].nodePort;
    expect(c.curl({}, `http://172.30.2.2:${np}/`).code).toBe(200);
    const outside = c.curl({}, `http://${svc.spec.clusterIP}:8080/`);
    expect(outside.ok).toBe(false);
    expect(outside.exitCode).toBe(28);
    expect(c.curl({ pod: "default/client" }, "http://web.default.svc.cluster.local:8080/missing").code).toBe(404);
    const backend = fromPod.path[fromPod.path.length - 1].slice(4).split("/")[1];
    const logs = c.logs({ pod: backend });
    const clientIP = mustGet(c, "pods", "client").status.podIP;
    expect(logs.ok && logs.text).toMatch(new RegExp(`^${clientIP.replace(/\./g, "\\.")} - - \\[01/Jan/2026:\\d{2}:\\d{2}:\\d{2} \\+0000\\] "GET / HTTP/1.1" 200 \\d+ "-" "curl/8.5.0" "-"$`, "m"));
  });

  it("exec wget inside a pod reaches the Service; nslookup answers from CoreDNS", () => {
    const c = cka();
    web(c);
    const r = c.exec({ pod: "client", command: ["wget", "-qO-", "http://web:8080"] });
    expect(r.ok && r.stdout).toContain("Welcome to nginx!");
    const ns = c.exec({ pod: "client", command: ["nslookup", "web"] });
    expect(ns.ok && ns.stdout).toContain(`Address: ${mustGet(c, "services", "web").spec.clusterIP}`);
    const bad = c.exec({ pod: "client", command: ["nslookup", "nope"] });
    expect(bad.ok && bad.exitCode).toBe(1);
  });

  it("no ready endpoints: connection refused; Endpoints lists ready pods only", () => {
    const c = cka();
    c.apply(service("empty", { app: "none" }));
    c.apply(pod("client", { image: "busybox:1.36", command: ["sleep", "3600"] }));
    c.runUntilIdle();
    const r = c.curl({ pod: "default/client" }, "http://empty");
    expect(r.exitCode).toBe(7);
    expect(r.error).toBe("curl: (7) Failed to connect to empty port 80 after 0 ms: Couldn't connect to server");
    const ep = mustGet(c, "endpoints", "empty");
    expect(ep.subsets).toBeUndefined();
  });

  it("externalTrafficPolicy Local drops NodePort traffic on nodes without a local endpoint", () => {
    const c = cka();
    c.apply(pod("one", { image: "nginx:1.27" }, { nodeName: "node01" }, { labels: { app: "one" } }));
    c.apply(service("one", { app: "one" }, { type: "NodePort", externalTrafficPolicy: "Local" }));
    c.runUntilIdle();
    const np = mustGet(c, "services", "one").spec.ports[0].nodePort;
    expect(c.curl({}, `http://172.30.2.2:${np}`).code).toBe(200);
    expect(c.curl({}, `http://172.30.2.3:${np}`).exitCode).toBe(28);
    expect(c.proxyRules("node02").some((l) => l.includes("has no local endpoints") && l.endsWith("-j DROP"))).toBe(true);
  });

  it("kube-proxy rules: KUBE-SERVICES -> KUBE-SVC -> KUBE-SEP with random probabilities", () => {
    const c = cka();
    web(c, 3);
    const rules = c.proxyRules("node01");
    const svcIP = mustGet(c, "services", "web").spec.clusterIP;
    expect(rules.some((l) => l.startsWith(`-A KUBE-SERVICES -d ${svcIP}/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 8080 -j KUBE-SVC-`))).toBe(true);
    expect(rules.filter((l) => l.includes("default/web ->") && l.includes("--probability"))).toHaveLength(2);
    expect(rules.filter((l) => l.includes('"default/web"') && l.includes("-j DNAT --to-destination 10.244."))).toHaveLength(3);
  });

  it("headless Services resolve to pod IPs; LoadBalancer stays pending", () => {
    const c = cka();
    web(c, 2);
    c.apply(service("hl", { app: "web" }, { clusterIP: "None" }));
    c.apply(service("lb", { app: "web" }, { type: "LoadBalancer" }));
    c.runUntilIdle();
    expect(c.resolveDns("hl.default.svc.cluster.local")).toHaveLength(2);
    expect(mustGet(c, "services", "lb").status).toEqual({ loadBalancer: {} });
  });

  it("Ingress host and path rules route to Services through the controller", () => {
    const c = createCluster({ preset: "cka", seed: 3, addons: { ingressController: true } });
    web(c);
    c.apply({
      apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "ing" },
      spec: { ingressClassName: "nginx", rules: [{ host: "shop.example.test", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 8080 } } } }] } }] },
    });
    c.runUntilIdle();
    const r = c.curl({}, "http://shop.example.test/");
    expect(r.code).toBe(200);
    expect(r.path).toContain("ingress-nginx");
    expect(mustGet(c, "ingresses", "ing").status.loadBalancer.ingress[0].ip).toBe("172.30.1.2");
  });
});

describe("NetworkPolicy enforcement (addons.networkPolicies)", () => {
  function setup() {
    const c = createCluster({ preset: "cka", seed: 8, addons: { networkPolicies: true } });
    c.apply(deployment("db", { replicas: 1, labels: { app: "db" }, container: { ports: [{ containerPort: 80 }] } }));
    c.apply(service("db", { app: "db" }));
    c.apply(pod("frontend", { image: "busybox:1.36", command: ["sleep", "3600"] }, {}, { labels: { role: "frontend" } }));
    c.apply(pod("other", { image: "busybox:1.36", command: ["sleep", "3600"] }));
    c.runUntilIdle();
    return c;
  }

  it("default deny, then allow from role=frontend on port 80", () => {
    const c = setup();
    expect(c.curl({ pod: "default/other" }, "http://db").code).toBe(200);
    c.apply({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "deny" }, spec: { podSelector: {}, policyTypes: ["Ingress"] } });
    expect(c.curl({ pod: "default/other" }, "http://db").exitCode).toBe(28);
    c.apply({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "allow-fe" }, spec: { podSelector: { matchLabels: { app: "db" } }, ingress: [{ from: [{ podSelector: { matchLabels: { role: "frontend" } } }], ports: [{ port: 80 }] }] } });
    expect(c.curl({ pod: "default/frontend" }, "http://db").code).toBe(200);
    expect(c.curl({ pod: "default/other" }, "http://db").exitCode).toBe(28);
  });

  it("egress deny-all also blocks DNS unless port 53 is allowed", () => {
    const c = setup();
    c.apply({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "no-egress" }, spec: { podSelector: { matchLabels: { role: "frontend" } }, policyTypes: ["Egress"] } });
    expect(c.curl({ pod: "default/frontend" }, "http://db").exitCode).toBe(6);
    c.apply({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "dns-and-db" }, spec: { podSelector: { matchLabels: { role: "frontend" } }, policyTypes: ["Egress"], egress: [{ ports: [{ port: 53, protocol: "UDP" }] }, { to: [{ podSelector: { matchLabels: { app: "db" } } }], ports: [{ port: 80 }] }] } });
    expect(c.curl({ pod: "default/frontend" }, "http://db").code).toBe(200);
  });

  it("the cka preset enforces them like an exam cluster; turned off (flannel alone) they are stored but not enforced", () => {
    const denyAll = (c: ReturnType<typeof cka>) => {
      c.apply(deployment("db", { replicas: 1, labels: { app: "db" } }));
      c.apply(service("db", { app: "db" }));
      c.apply(pod("other", { image: "busybox:1.36", command: ["sleep", "3600"] }));
      c.apply({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "deny" }, spec: { podSelector: {}, policyTypes: ["Ingress"] } });
      c.runUntilIdle();
      return c;
    };
    expect(denyAll(cka()).curl({ pod: "default/other" }, "http://db").exitCode).toBe(28);
    const c = denyAll(createCluster({ preset: "cka", addons: { networkPolicies: false } }));
    expect(c.curl({ pod: "default/other" }, "http://db").code).toBe(200);
  });
});
