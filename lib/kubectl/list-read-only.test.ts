/** kubectl get's tables read the API server's stored objects without copies (list readOnly): they must not change them. */
import { describe, expect, it } from "vitest";
import { createCluster } from "../sim/index";
import { createShell } from "./shell/shell";
import { simClusterApi } from "./sim-adapter";

describe("list readOnly", () => {
  it("returns the stored objects only when asked; a plain list returns copies", () => {
    const c = createCluster({ seed: 1, preset: "cka" });
    const stored = c.k.get("pods", "kube-system", "etcd-controlplane");
    const shared = c.list("pods", { namespace: "kube-system", readOnly: true });
    const copied = c.list("pods", { namespace: "kube-system" });
    if (!shared.ok || !copied.ok) throw new Error("list failed");
    expect(shared.object.find((p) => p.metadata.name === "etcd-controlplane")).toBe(stored);
    const copy = copied.object.find((p) => p.metadata.name === "etcd-controlplane");
    expect(copy).not.toBe(stored);
    expect(copy).toEqual(stored);
  });

  it("table output of every kind kubectl get prints leaves the stored state as it was", () => {
    const c = createCluster({ seed: 1, preset: "cka" });
    const api = simClusterApi(c);
    const shell = createShell(api);
    for (const line of [
      "kubectl create deployment web --image=nginx --replicas=2",
      "kubectl expose deployment web --port=80",
      "kubectl create job j --image=busybox -- true",
      "kubectl create quota q --hard=pods=10",
      "kubectl label deployment web tier=frontend",
    ]) expect(shell.run(line).exitCode).toBe(0);
    api.settle = () => {};
    const before = c.stateHash();
    for (const line of [
      "kubectl get all -A -o wide --show-labels",
      "kubectl get nodes,pods,svc,deploy,rs,jobs,quota,ns,sa,cm,secrets,events,ep,endpointslices,pv,pvc,sc,csr,roles,rolebindings,clusterroles,crd -A -o wide -L tier",
      "kubectl get pods -A --sort-by=.metadata.creationTimestamp --show-kind",
      "kubectl get deploy -l tier=frontend --no-headers",
    ]) shell.run(line);
    expect(c.stateHash()).toBe(before);
  });

  it("describe's events and a Deployment's ReplicaSets (read without copies) leave the stored state as it was", () => {
    const c = createCluster({ seed: 1, preset: "cka" });
    const api = simClusterApi(c);
    const shell = createShell(api);
    for (const line of ["kubectl create deployment web --image=nginx --replicas=2", "kubectl set image deployment/web nginx=nginx:1.27"]) expect(shell.run(line).exitCode).toBe(0);
    api.settle = () => {};
    const before = c.stateHash();
    const out = shell.run("kubectl describe deployment web").stdout;
    expect(out).toMatch(/OldReplicaSets:\s+web-\S+ \(0\/0 replicas created\)|OldReplicaSets:\s+<none>/);
    expect(out).toMatch(/NewReplicaSet:\s+web-\S+ \(2\/2 replicas created\)/);
    expect(out).toMatch(/ScalingReplicaSet/);
    shell.run("kubectl describe pods -A");
    shell.run("kubectl describe nodes");
    expect(c.stateHash()).toBe(before);
  });
});
