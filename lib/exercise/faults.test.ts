import { describe, expect, it } from "vitest";
import type { Obj } from "#lib/sim/index";
import { ExerciseSchema } from "./schema";
import { startSession } from "./session";

const base = {
  id: "fault-demo",
  title: { ko: "t", en: "t" },
  difficulty: "easy",
  domain: "troubleshooting",
  task: { ko: "t", en: "t" },
  solution: ["kubectl get pods"],
  checks: [{ id: "c", title: { ko: "c", en: "c" }, type: "node-ready", node: "node01" }],
};
const manifests = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: "nginx:1.27", ports: [{ containerPort: 80 }] }]
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: default }
spec: { selector: { app: web }, ports: [{ port: 80, targetPort: 80 }] }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: doomed, namespace: default }
data: { a: "1" }
`;

function start(faults: unknown[]) {
  const ex = ExerciseSchema.parse({ ...base, start: { preset: "cka", manifests, faults } });
  const s = startSession(ex, 1);
  const get = (r: string, name: string, namespace?: string): Obj | null => {
    const x = s.cluster.get(r, name, { user: "kubernetes-admin", ...(namespace ? { namespace } : {}) });
    return x.ok ? (x.object as Obj) : null;
  };
  return { s, get };
}

describe("faults", () => {
  it("each fault type changes the starting cluster as documented", () => {
    const { s, get } = start([
      { type: "wrong-image", namespace: "default", deployment: "web", image: "nginx:1.99" },
      { type: "broken-selector", namespace: "default", service: "web", selector: { app: "www" } },
      { type: "wrong-target-port", namespace: "default", service: "web", targetPort: "8080" },
      { type: "taint-node", node: "node01", key: "k", value: "v", effect: "NoSchedule" },
      { type: "cordon-node", node: "node02" },
      { type: "failing-probe", namespace: "default", deployment: "web", probe: "liveness", port: 9999 },
      { type: "scale", namespace: "default", deployment: "web", replicas: "3" },
      { type: "delete", resource: "configmaps", namespace: "default", name: "doomed" },
      { type: "label-node", node: "node01", labels: { disk: "ssd", "kubernetes.io/os": null } },
      { type: "stop-kubelet", node: "node02" },
      { type: "advance", seconds: 120 },
    ]);
    const d = get("deployments", "web", "default")!;
    expect(d.spec.template.spec.containers[0].image).toBe("nginx:1.99");
    expect(d.spec.template.spec.containers[0].livenessProbe.httpGet.port).toBe(9999);
    expect(d.spec.replicas).toBe(3);
    const svc = get("services", "web", "default")!;
    expect(svc.spec.selector).toEqual({ app: "www" });
    expect(svc.spec.ports[0].targetPort).toBe(8080);
    const n1 = get("nodes", "node01")!;
    expect(n1.spec.taints).toContainEqual({ key: "k", value: "v", effect: "NoSchedule" });
    expect(n1.metadata.labels.disk).toBe("ssd");
    expect(n1.metadata.labels["kubernetes.io/os"]).toBeUndefined();
    const n2 = get("nodes", "node02")!;
    expect(n2.spec.unschedulable).toBe(true);
    expect(n2.status.conditions.find((c: Obj) => c.type === "Ready").status).not.toBe("True");
    expect(get("configmaps", "doomed", "default")).toBeNull();
    expect(s.view().nodes.find((n) => n.name === "node02")).toMatchObject({ ready: false, unschedulable: true });
  });

  it("a fault on a missing object fails loudly (an authoring error, not a learner's)", () => {
    expect(() => start([{ type: "scale", namespace: "default", deployment: "nope", replicas: 1 }])).toThrow(/fault/);
  });
});
