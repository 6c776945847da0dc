// kubectl inside a container: identity, in-cluster config (client-go clientcmd inClusterClientConfig:
// Possible() needs the service env and the token file; Namespace() is POD_NAMESPACE, else the
// namespace file), the automount switch on Pod and ServiceAccount, and replay of a container program's
// kubectl output (golden: testdata/in-pod-kubectl.sh).
import { describe, expect, it } from "vitest";
import { createCluster, type Cluster } from "../../sim/index";
import { simClusterApi } from "../sim-adapter";
import { runPodKubectl } from "./in-pod-kubectl";
import { createShell, type Shell } from "./shell";

type Obj = Record<string, unknown>;

function pod(name: string, spec: Obj, extra: Obj = {}): Obj {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "team" }, spec: { serviceAccountName: "reader", ...spec }, ...extra };
}

const SLEEPER = { containers: [{ name: "k", image: "bitnami/kubectl", command: ["sh", "-c", "sleep 3600"] }] };

function setup(seed = 3): { c: Cluster; sh: Shell } {
  const c = createCluster({ preset: "cka", seed });
  const sh = createShell(simClusterApi(c));
  for (const line of [
    "kubectl create namespace team",
    "kubectl -n team create serviceaccount reader",
    "kubectl -n team create role r --verb=list --resource=pods",
    "kubectl -n team create rolebinding r --role=r --serviceaccount=team:reader",
  ]) expect(sh.run(line).exitCode).toBe(0);
  return { c, sh };
}

function apply(c: Cluster, o: Obj) {
  const r = c.apply(o);
  if (!r.ok) throw new Error(r.status.message);
  c.runUntilIdle({ maxMs: 30_000 });
}

describe("kubectl in a Pod", () => {
  it("acts as the Pod's ServiceAccount in the namespace of its token", () => {
    const { c, sh } = setup();
    apply(c, pod("client", SLEEPER));
    const ok = sh.run("kubectl -n team exec client -- kubectl get pods -o name");
    expect(ok.stdout).toBe("pod/client\n");
    const denied = sh.run("kubectl -n team exec client -- kubectl get configmaps");
    expect(denied.exitCode).toBe(1);
    expect(denied.stderr).toContain('Error from server (Forbidden): configmaps is forbidden: User "system:serviceaccount:team:reader" cannot list resource "configmaps" in API group "" in the namespace "team"');
    // get (not list) is not granted: the rule's edge
    expect(sh.run("kubectl -n team exec client -- kubectl get pod client").stderr).toContain('cannot get resource "pods"');
    expect(sh.run("kubectl -n team exec client -- kubectl auth can-i --list").exitCode).toBe(0);
    // --as needs the impersonate verb; granting it lets the call through
    expect(sh.run("kubectl -n team exec client -- kubectl get secrets --as=kubernetes-admin").stderr).toContain('Error from server (Forbidden): users "kubernetes-admin" is forbidden: User "system:serviceaccount:team:reader" cannot impersonate resource "users" in API group "" at the cluster scope');
    expect(sh.run("kubectl -n team exec client -- kubectl get pods --as system:serviceaccount:team:other").stderr).toContain('serviceaccounts "other" is forbidden: User "system:serviceaccount:team:reader" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "team"');
    apply(c, { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "imp" }, rules: [{ apiGroups: [""], resources: ["users"], verbs: ["impersonate"] }] });
    expect(sh.run("kubectl create clusterrolebinding imp --clusterrole=imp --serviceaccount=team:reader").exitCode).toBe(0);
    expect(sh.run("kubectl -n team exec client -- kubectl get secrets --as=kubernetes-admin").stderr).toBe("No resources found in team namespace.\n");
    // no kubeconfig file in the container: the in-cluster config has no context
    expect(sh.run("kubectl -n team exec client -- kubectl config current-context").stderr).toContain("error: current-context is not set");
    expect(sh.run("kubectl -n team exec client -- kubectl config view").stdout).not.toContain("kubernetes-admin");
  });

  it("POD_NAMESPACE overrides the namespace file (inClusterClientConfig.Namespace)", () => {
    const { c, sh } = setup();
    const spec = { containers: [{ ...SLEEPER.containers[0], env: [{ name: "POD_NAMESPACE", value: "default" }] }] };
    apply(c, pod("client", spec));
    expect(sh.run("kubectl -n team exec client -- cat /var/run/secrets/kubernetes.io/serviceaccount/namespace").stdout).toBe("team");
    expect(sh.run("kubectl -n team exec client -- kubectl get pods").stderr).toContain('in the namespace "default"');
  });

  it("automountServiceAccountToken: the Pod's setting wins over the ServiceAccount's", () => {
    const { c, sh } = setup();
    expect(sh.run(`kubectl -n team patch serviceaccount reader -p '{"automountServiceAccountToken":false}'`).exitCode).toBe(0);
    apply(c, pod("off", SLEEPER));
    apply(c, pod("on", { ...SLEEPER, automountServiceAccountToken: true }));
    const off = sh.run("kubectl -n team exec off -- kubectl get pods");
    expect(off.stderr).toContain("The connection to the server localhost:8080 was refused - did you specify the right host or port?");
    expect(sh.run("kubectl -n team exec off -- cat /var/run/secrets/kubernetes.io/serviceaccount/token").exitCode).not.toBe(0);
    const token = sh.run("kubectl -n team exec on -- cat /var/run/secrets/kubernetes.io/serviceaccount/token").stdout;
    const claims = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    expect(claims.sub).toBe("system:serviceaccount:team:reader");
    expect(sh.run("kubectl -n team exec on -- kubectl get pods -o name").stdout).toBe("pod/off\npod/on\n");
  });

  it("without KUBERNETES_SERVICE_HOST there is no in-cluster config", () => {
    const { c, sh } = setup();
    apply(c, pod("client", { containers: [{ ...SLEEPER.containers[0], env: [{ name: "KUBERNETES_SERVICE_HOST", value: "" }] }] }));
    expect(sh.run("kubectl -n team exec client -- kubectl get pods").stderr).toContain("localhost:8080 was refused");
  });

  it("a container program's kubectl output is fixed at its run and survives restore; it does not change the cluster", () => {
    const { c, sh } = setup();
    apply(c, pod("lister", { restartPolicy: "Never", containers: [{ name: "k", image: "bitnami/kubectl", command: ["sh", "-c", "kubectl get pods -o name; kubectl create configmap x; echo rc=$?"] }] }));
    const logs = sh.run("kubectl -n team logs lister").stdout;
    // a mutating call from derived data is not modelled: it fails as a missing program does
    expect(logs).toBe("pod/lister\nsh: kubectl: not found\nrc=127\n");
    expect(sh.run("kubectl -n team get configmap x").exitCode).toBe(1);
    const snap = c.snapshot();
    apply(c, pod("later", SLEEPER));
    expect(sh.run("kubectl -n team logs lister").stdout).toBe(logs);
    const c2 = createCluster({ preset: "cka", seed: 3 });
    const sh2 = createShell(simClusterApi(c2));
    c2.restore(snap);
    apply(c2, pod("later2", SLEEPER));
    expect(sh2.run("kubectl -n team logs lister").stdout).toBe(logs);
  });

  it("each run of a restarting container keeps its own kubectl output (logs --previous)", () => {
    const { c, sh } = setup();
    apply(c, pod("lister", { containers: [{ name: "k", image: "bitnami/kubectl", command: ["sh", "-c", "kubectl get pods -o name; sleep 200; exit 1"] }] }));
    expect(sh.run("kubectl -n team logs lister").stdout).toBe("pod/lister\n");
    apply(c, pod("later", SLEEPER));
    sh.run("sleep 200");
    expect(sh.run("kubectl -n team get pod lister -o jsonpath='{.status.containerStatuses[0].restartCount}'").stdout).toBe("1");
    const prev = sh.run("kubectl -n team logs lister --previous").stdout;
    const cur = sh.run("kubectl -n team logs lister").stdout;
    expect(prev).toBe("pod/lister\n");
    expect(cur).toBe("pod/later\npod/lister\n");
    const c2 = createCluster({ preset: "cka", seed: 3 });
    const sh2 = createShell(simClusterApi(c2));
    c2.restore(c.snapshot());
    expect(sh2.run("kubectl -n team logs lister --previous").stdout).toBe(prev);
    expect(sh2.run("kubectl -n team logs lister").stdout).toBe(cur);
  });

  it("with the API server down the in-cluster address refuses the connection", () => {
    const c = createCluster({ preset: "cka", seed: 3 });
    const api = simClusterApi(c);
    const call = { namespace: "default", saNamespace: "default", serviceAccount: "default", pod: "p", server: "10.96.0.1:443", args: ["get", "pods"], readOnly: false };
    expect(runPodKubectl(api, call).stderr).toContain("Error from server (Forbidden): pods is forbidden");
    const down = { ...api, controlPlane: { ...api.controlPlane!, apiServing: () => false } };
    expect(runPodKubectl(down, call)).toEqual({ stdout: "", stderr: "The connection to the server 10.96.0.1:443 was refused - did you specify the right host or port?\n", exitCode: 1 });
    expect(runPodKubectl(down, { ...call, args: ["version"] }).stdout).toContain("Client Version: v1.35.0");
  });

  it("replays to the same state", () => {
    const run = () => {
      const { c, sh } = setup(9);
      apply(c, pod("lister", { restartPolicy: "Never", containers: [{ name: "k", image: "registry.k8s.io/kubectl:v1.35.0", command: ["kubectl", "get", "pods"] }] }));
      apply(c, pod("client", SLEEPER));
      const out = [sh.run("kubectl -n team logs lister").stdout, sh.run("kubectl -n team exec client -- kubectl get pods").stdout];
      return { out, hash: c.stateHash() };
    };
    const a = run(), b = run();
    expect(a.out[0]).toContain("lister");
    expect(a).toEqual(b);
  });
});
