// Gateway API through kubectl and curl: a GatewayClass of this controller is Accepted, a Gateway gets an
// address and Programmed, HTTPRoutes attach (parentRefs, hostnames, allowedRoutes), and curl is routed by
// path (Exact over the longest PathPrefix) and weight; 404 without a rule, 500 for a missing backend.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createShell } from "../../kubectl/shell/shell";
import { simClusterApi } from "../../kubectl/sim-adapter";
import { runTranscript } from "../../kubectl/transcript";
import { createCluster } from "../index";

const crds = readFileSync(path.join(import.meta.dirname, "testdata/gateway-api-crds.yaml"), "utf8");
const app = (name: string, msg: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: app
        image: kubeclass/demo-app:1.0
        env: [{name: DEMO_PATHS, value: "/=200:${msg};/api/items=200:${msg}"}, {name: DEMO_PORT, value: "8080"}]
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {app: ${name}}
  ports: [{port: 80, targetPort: 8080}]
`;
const gateway = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: kubeclass}
spec: {controllerName: kubeclass.dev/gateway-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: shop}
spec:
  gatewayClassName: kubeclass
  listeners:
  - {name: http, protocol: HTTP, port: 80}
`;
const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: store, namespace: shop}
spec:
  parentRefs: [{name: web}]
  hostnames: [store.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /api}}]
    backendRefs: [{name: api, port: 80}]
  - matches: [{path: {type: Exact, value: /api/health}}]
    backendRefs: [{name: missing, port: 80}]
  - backendRefs: [{name: v1, port: 80, weight: 90}, {name: v2, port: 80, weight: 10}]
`;

function session() {
  const c = createCluster({ seed: 6, preset: "cka" });
  const files = { "/root/crds.yaml": crds, "/root/apps.yaml": `apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n${app("v1", "version one")}---\n${app("v2", "version two")}---\n${app("api", "the api")}`, "/root/gw.yaml": gateway, "/root/route.yaml": route };
  const sh = createShell(simClusterApi(c), { files });
  return { c, run: (s: string) => runTranscript(sh, s) };
}

describe("Gateway API controller", () => {
  it("accepts its class, programs the Gateway, attaches the route and routes curl by path and weight", () => {
    const { c, run } = session();
    const out = run(["kubectl apply -f crds.yaml", "kubectl apply -f apps.yaml", "kubectl apply -f gw.yaml", "kubectl apply -f route.yaml", "sleep 20", "kubectl get gatewayclass", "kubectl get gateway -n shop", "kubectl get httproute -n shop"].join("\n"));
    expect(out).toMatch(/NAME\s+CONTROLLER\s+ACCEPTED\s+AGE\nkubeclass\s+kubeclass\.dev\/gateway-controller\s+True\s+\d+s\n/);
    expect(out).toMatch(/NAME\s+CLASS\s+ADDRESS\s+PROGRAMMED\s+AGE\nweb\s+kubeclass\s+172\.30\.10\.1\s+True\s+/);
    expect(out).toMatch(/store\s+\["store\.example\.com"\]\s+/);
    const st = c.get("httproutes", "store", { namespace: "shop" });
    expect(st.ok && st.object.status.parents[0].conditions.map((x: { type: string; status: string; reason: string }) => `${x.type}=${x.status}/${x.reason}`)).toEqual(["Accepted=True/Accepted", "ResolvedRefs=False/BackendNotFound"]);
    const gw = c.get("gateways", "web", { namespace: "shop" });
    expect(gw.ok && gw.object.status.listeners[0].attachedRoutes).toBe(1);
    const api = run("curl -s http://store.example.com/api/items");
    expect(api).toContain("the api");
    expect(run("curl -s -o /dev/null -w '%{http_code}' http://store.example.com/api/health")).toContain("500");
    expect(run("curl -s -o /dev/null -w '%{http_code}' http://172.30.10.1/")).toContain("404");
    let one = 0, two = 0;
    for (let i = 0; i < 200; i++) {
      const r = c.curl({}, "http://store.example.com/");
      if (r.body.includes("version one")) one++;
      else if (r.body.includes("version two")) two++;
    }
    expect(one + two).toBe(200);
    expect(one).toBeGreaterThan(150);
    expect(two).toBeGreaterThan(5);
    expect(c.trace({ component: "simulator" })).toEqual([]);
  });

  it("a class of another controller is left alone; routes from other namespaces need allowedRoutes", () => {
    const { c, run } = session();
    run(["kubectl apply -f crds.yaml", "kubectl apply -f apps.yaml", "sleep 2"].join("\n"));
    const other = run(["kubectl apply -f - <<'EOF'\napiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: other}\nspec: {controllerName: example.com/other}\nEOF", "sleep 10", "kubectl get gc other"].join("\n"));
    expect(other).toMatch(/other\s+example\.com\/other\s+Unknown\s+/);
    run(["kubectl apply -f gw.yaml", "kubectl create ns team", "kubectl apply -f - <<'EOF'\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: team}\nspec:\n  parentRefs: [{name: web, namespace: shop}]\n  rules: [{backendRefs: [{name: svc, port: 80}]}]\nEOF", "sleep 10"].join("\n"));
    const r = c.get("httproutes", "r", { namespace: "team" });
    expect(r.ok && r.object.status.parents[0].conditions[0]).toMatchObject({ type: "Accepted", status: "False", reason: "NotAllowedByListeners" });
    run(["kubectl patch gateway web -n shop --type=merge -p '{\"spec\":{\"listeners\":[{\"name\":\"http\",\"protocol\":\"HTTP\",\"port\":80,\"allowedRoutes\":{\"namespaces\":{\"from\":\"All\"}}}]}}'", "sleep 10"].join("\n"));
    const r2 = c.get("httproutes", "r", { namespace: "team" });
    expect(r2.ok && r2.object.status.parents[0].conditions[0]).toMatchObject({ type: "Accepted", status: "True" });
  });
});
