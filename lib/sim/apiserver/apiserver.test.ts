/** kube-apiserver pipeline: errors and texts from k8s-reference §8.3, §6, §7. */
import { describe, expect, it, vi } from "vitest";
import { cka, deployment, mustGet, pod, service } from "../test-helpers";

// Simulations are CPU-bound; CI machines are shared.
vi.setConfig({ testTimeout: 60_000 });

describe("strict decoding (§8.3 Unknown field)", () => {
  it("rejects an unknown field with the API server's text", () => {
    const c = cka();
    const d = deployment("web");
    d.spec.template.spec.containers[0].imagee = "nginx";
    const r = c.create(d);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.status.reason).toBe("BadRequest");
      expect(r.status.code).toBe(400);
      expect(r.status.message).toBe('Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagee"');
    }
  });

  it("reports a JSON type mismatch like Go's encoding/json", () => {
    const c = cka();
    const d = deployment("web");
    d.spec.replicas = "3";
    const r = c.create(d);
    expect(!r.ok && r.status.message).toBe('Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
  });

  it("Warn mode accepts and warns", () => {
    const c = cka();
    const p = pod("p", { image: "nginx", foo: 1 });
    const r = c.create(p, { fieldValidation: "Warn" });
    expect(r.ok && r.warnings).toEqual(['unknown field "spec.containers[0].foo"']);
  });
});

describe("validation (§8.3 Invalid names, required, immutable)", () => {
  it("DNS-1123 subdomain text for a Deployment name", () => {
    const r = cka().create(deployment("My_App"));
    expect(!r.ok && r.status.reason).toBe("Invalid");
    expect(!r.ok && r.status.message).toBe(`Deployment.apps "My_App" is invalid: metadata.name: Invalid value: "My_App": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`);
  });

  it("DNS-1035 text for a Service name (two spaces before 'or')", () => {
    const r = cka().create(service("1svc", { app: "x" }));
    expect(!r.ok && r.status.message).toContain("(e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
  });

  it("missing image is Required value", () => {
    const r = cka().create(pod("p", { image: "" }));
    expect(!r.ok && r.status.message).toBe('Pod "p" is invalid: spec.containers[0].image: Required value');
  });

  it("selector must match template labels; several causes are listed", () => {
    const d = deployment("web");
    d.spec.template.metadata.labels = { run: "app" };
    const r = cka().create(d);
    expect(!r.ok && r.status.message).toBe('Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: {"run":"app"}: `selector` does not match template `labels`');
    expect(!r.ok && r.status.details?.causes?.[0].field).toBe("spec.template.metadata.labels");
  });

  it("maxSurge and maxUnavailable both 0 are rejected", () => {
    const r = cka().create(deployment("web", { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }));
    expect(!r.ok && r.status.message).toContain("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0");
  });

  it("the selector of a Deployment is immutable", () => {
    const c = cka();
    expect(c.create(deployment("web")).ok).toBe(true);
    const d = mustGet(c, "deployments", "web");
    d.spec.selector = { matchLabels: { app: "web2" } };
    d.spec.template.metadata.labels = { app: "web2" };
    const r = c.replace(d);
    expect(!r.ok && r.status.message).toBe('Deployment.apps "web" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"web2"}}: field is immutable');
  });

  it("pod spec updates are Forbidden except the image", () => {
    const c = cka();
    c.create(pod("p", { image: "nginx" }));
    expect(c.patch("pods", "p", { spec: { containers: [{ name: "c", image: "nginx:1.27" }] } }).ok).toBe(true);
    const r = c.patch("pods", "p", { spec: { containers: [{ name: "c", ports: [{ containerPort: 80 }] }] } });
    expect(!r.ok && r.status.message).toMatch(/^Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`/);
  });

  it("immutable ConfigMap data (§6)", () => {
    const c = cka();
    c.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm" }, data: { a: "1" }, immutable: true });
    const r = c.patch("configmaps", "cm", { data: { a: "2" } }, "merge");
    expect(!r.ok && r.status.message).toBe('ConfigMap "cm" is invalid: data: Forbidden: field is immutable when `immutable` is set');
  });

  it("NodePort outside the range (§8.3)", () => {
    const r = cka().create(service("web", { app: "web" }, { type: "NodePort", ports: [{ port: 80, nodePort: 8080 }] }));
    expect(!r.ok && r.status.message).toBe('Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767');
  });

  it("Gt tolerations need an alpha gate", () => {
    const r = cka().create(pod("p", { image: "nginx" }, { tolerations: [{ key: "k", operator: "Gt", value: "1", effect: "NoSchedule" }] }));
    expect(!r.ok && r.status.message).toBe('Pod "p" is invalid: spec.tolerations[0].operator: Unsupported value: "Gt": supported values: "Equal", "Exists"');
  });
});

describe("status errors (§8.3 message bodies)", () => {
  it("NotFound and AlreadyExists use resource.group", () => {
    const c = cka();
    const nf = c.get("deployments", "web");
    expect(!nf.ok && nf.status.message).toBe('deployments.apps "web" not found');
    c.create(deployment("web"));
    const ae = c.create(deployment("web"));
    expect(!ae.ok && ae.status.reason).toBe("AlreadyExists");
    expect(!ae.ok && ae.status.message).toBe('deployments.apps "web" already exists');
  });

  it("a missing namespace is NotFound", () => {
    const r = cka().create(pod("p", { image: "nginx" }), { namespace: "dev" });
    expect(!r.ok && r.status.message).toBe('namespaces "dev" not found');
  });

  it("RBAC denial for a user without bindings, allowed after a RoleBinding", () => {
    const c = cka();
    const r = c.list("pods", { user: "jane" });
    expect(!r.ok && r.status.message).toBe('pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"');
    c.create({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "reader" }, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }] });
    c.create({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "jane-reader" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "reader" }, subjects: [{ kind: "User", name: "jane", apiGroup: "rbac.authorization.k8s.io" }] });
    expect(c.list("pods", { user: "jane" }).ok).toBe(true);
    const del = c.delete("pods", "x", { user: "jane" });
    expect(!del.ok && del.status.message).toBe('pods "x" is forbidden: User "jane" cannot delete resource "pods" in API group "" in the namespace "default"');
  });

  it("Conflict on a stale resourceVersion", () => {
    const c = cka();
    c.create(deployment("web"));
    const d = mustGet(c, "deployments", "web");
    c.patch("deployments", "web", { metadata: { labels: { x: "1" } } });
    d.spec.replicas = 5;
    const r = c.replace(d);
    expect(!r.ok && r.status.message).toBe('Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again');
  });

  it("Secret data must be base64 (corpus tls-auth-secret)", () => {
    const r = cka().create({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data: { "tls.crt": "REPLACE_WITH_BASE64_CERT" } });
    expect(!r.ok && r.status.message).toBe('Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 7');
  });
});

describe("apply, patch, defaults", () => {
  it("apply prints created, unchanged, configured", () => {
    const c = cka();
    const d = deployment("web");
    expect(c.apply(d)).toMatchObject({ ok: true, result: "created" });
    expect(c.apply(d)).toMatchObject({ ok: true, result: "unchanged" });
    d.spec.replicas = 5;
    expect(c.apply(d)).toMatchObject({ ok: true, result: "configured" });
    expect(mustGet(c, "deployments", "web").spec.replicas).toBe(5);
  });

  it("apply removes fields dropped from the config (three-way merge)", () => {
    const c = cka();
    const d = deployment("web");
    d.metadata.labels = { a: "1", b: "2" };
    c.apply(d);
    d.metadata.labels = { a: "1" };
    c.apply(d);
    expect(mustGet(c, "deployments", "web").metadata.labels).toEqual({ a: "1" });
  });

  it("strategic merge patches containers by name; json patch works", () => {
    const c = cka();
    c.create(deployment("web"));
    c.patch("deployments", "web", { spec: { template: { spec: { containers: [{ name: "app", image: "nginx:1.28" }] } } } });
    expect(mustGet(c, "deployments", "web").spec.template.spec.containers).toHaveLength(1);
    c.patch("deployments", "web", [{ op: "replace", path: "/spec/replicas", value: 1 }], "json");
    expect(mustGet(c, "deployments", "web").spec.replicas).toBe(1);
  });

  it("defaults like the API (§2.1, §4.1, §4.2, §7)", () => {
    const c = cka();
    c.create(deployment("web", { container: { livenessProbe: { httpGet: { port: 80 } } } }));
    const d = mustGet(c, "deployments", "web");
    expect(d.spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } });
    expect(d.spec.revisionHistoryLimit).toBe(10);
    expect(d.spec.progressDeadlineSeconds).toBe(600);
    const ctr = d.spec.template.spec.containers[0];
    expect(ctr.imagePullPolicy).toBe("IfNotPresent");
    expect(ctr.livenessProbe).toMatchObject({ periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
    c.create(pod("p", { image: "nginx" }));
    const p = mustGet(c, "pods", "p");
    expect(p.spec.containers[0].imagePullPolicy).toBe("Always");
    expect(p.spec.tolerations).toEqual([
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ]);
    c.create(service("web", { app: "web" }, { type: "NodePort" }));
    const s = mustGet(c, "services", "web");
    expect(s.spec.clusterIP).toMatch(/^10\.(9[6-9]|1[01]\d)\./);
    expect(s.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(s.spec.ports[0].nodePort).toBeLessThanOrEqual(32767);
  });

  it("dry-run does not persist", () => {
    const c = cka();
    expect(c.create(deployment("web"), { dryRun: true }).ok).toBe(true);
    expect(c.get("deployments", "web").ok).toBe(false);
  });

  it("generateName gets 5 chars from the safe alphabet (§2.3)", () => {
    const c = cka();
    const r = c.create({ apiVersion: "v1", kind: "Pod", metadata: { generateName: "x-" }, spec: { containers: [{ name: "c", image: "nginx" }] } });
    expect(r.ok && r.object.metadata.name).toMatch(/^x-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
});

describe("auth can-i and eviction", () => {
  it("canI follows RBAC bindings", () => {
    const c = cka();
    expect(c.canI("kubernetes-admin", "delete", "nodes")).toBe(true);
    expect(c.canI("jane", "get", "pods")).toBe(false);
    c.create({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "jane-view" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" }, subjects: [{ kind: "User", name: "jane", apiGroup: "rbac.authorization.k8s.io" }] });
    expect(c.canI("jane", "get", "pods", { namespace: "kube-system" })).toBe(true);
    expect(c.canI("jane", "get", "secrets")).toBe(false);
  });

  it("canI: namespaced grants stay in their namespace; impersonated groups count; subresources and resourceNames", () => {
    const c = cka();
    const rbac = "rbac.authorization.k8s.io";
    c.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" } });
    c.create({ apiVersion: `${rbac}/v1`, kind: "Role", metadata: { name: "logs", namespace: "dev" }, rules: [{ apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get"] }, { apiGroups: ["apps"], resources: ["deployments"], resourceNames: ["web"], verbs: ["patch"] }] });
    c.create({ apiVersion: `${rbac}/v1`, kind: "RoleBinding", metadata: { name: "devs", namespace: "dev" }, roleRef: { apiGroup: rbac, kind: "Role", name: "logs" }, subjects: [{ kind: "Group", name: "devs", apiGroup: rbac }] });
    expect(c.canI("jane", "get", "pods", { namespace: "dev" })).toBe(false);
    expect(c.canI("jane", "get", "pods", { namespace: "dev", groups: ["devs"] })).toBe(true);
    expect(c.canI("jane", "get", "pods", { namespace: "dev", groups: ["devs"], subresource: "log" })).toBe(true);
    expect(c.canI("jane", "get", "pods", { namespace: "dev", groups: ["devs"], subresource: "exec" })).toBe(false);
    // a RoleBinding never answers a cluster-wide question (kubectl auth can-i -A)
    expect(c.canI("jane", "get", "pods", { allNamespaces: true, groups: ["devs"] })).toBe(false);
    expect(c.canI("jane", "get", "pods", { namespace: "default", groups: ["devs"] })).toBe(false);
    expect(c.canI("jane", "patch", "deployments.apps", { namespace: "dev", groups: ["devs"], name: "web" })).toBe(true);
    expect(c.canI("jane", "patch", "deployments", { namespace: "dev", groups: ["devs"], name: "api" })).toBe(false);
    expect(c.canI("jane", "patch", "deployments", { namespace: "dev", groups: ["devs"] })).toBe(false);
    expect(c.canI("kubernetes-admin", "*", "*", { allNamespaces: true })).toBe(true);
  });

  it("createToken returns a JWT for an existing ServiceAccount", () => {
    const c = cka();
    const t = c.createToken("default");
    expect(t.ok && t.token.split(".")).toHaveLength(3);
    const payload = t.ok ? JSON.parse(atob(t.token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))) : {};
    expect(payload.sub).toBe("system:serviceaccount:default:default");
    const missing = c.createToken("nope");
    expect(!missing.ok && missing.status.message).toBe('serviceaccounts "nope" not found');
  });

  it("evict respects a PodDisruptionBudget", () => {
    const c = cka();
    c.apply(deployment("web", { replicas: 2 }));
    c.apply({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "web" }, spec: { minAvailable: 2, selector: { matchLabels: { app: "web" } } } });
    c.runUntilIdle();
    const pods = c.list("pods", { labelSelector: "app=web" });
    const name = pods.ok ? pods.object[0].metadata.name : "";
    const r = c.evict(name);
    expect(!r.ok && r.status.code).toBe(429);
    expect(!r.ok && r.status.message).toBe("Cannot evict pod as it would violate the pod's disruption budget.");
    c.patch("poddisruptionbudgets", "web", { spec: { minAvailable: 1 } });
    // until the disruption controller has observed the new generation (eviction.go createTooManyRequestsError)
    const early = c.evict(name);
    expect(!early.ok && early.status.details?.causes?.[0].message).toBe("The disruption budget web is still being processed by the server.");
    c.runUntilIdle();
    expect(c.evict(name).ok).toBe(true);
  });
});

describe("kubectl apply three-way merge", () => {
  it("removes env vars, container fields and containers dropped from the config", () => {
    const c = cka();
    const d = deployment("web", { container: { env: [{ name: "A", value: "1" }, { name: "B", value: "2" }], ports: [{ containerPort: 80 }] } });
    d.spec.template.spec.containers.push({ name: "side", image: "busybox:1.36", command: ["sleep", "3600"] });
    expect(c.apply(d).ok).toBe(true);
    const d2 = deployment("web", { container: { env: [{ name: "A", value: "10" }] } });
    const r = c.apply(d2);
    expect(r.ok && r.result).toBe("configured");
    const ctrs = mustGet(c, "deployments", "web").spec.template.spec.containers;
    expect(ctrs).toHaveLength(1);
    expect(ctrs[0].env).toEqual([{ name: "A", value: "10" }]);
    expect(ctrs[0].ports).toBeUndefined();
  });

  it("keeps fields set by others (e.g. kubectl scale) that were never in the applied config", () => {
    const c = cka();
    const d = deployment("web");
    delete d.spec.replicas;
    c.apply(d);
    c.patch("deployments", "web", { spec: { replicas: 7 } });
    const again = c.apply(d);
    expect(again.ok && again.result).toBe("unchanged");
    expect(mustGet(c, "deployments", "web").spec.replicas).toBe(7);
  });
});
