// kubectl, etcdctl and ssh on an HA control plane that loses etcd quorum (lib/sim ha.ts): the load balancer has
// no healthy API server left, a powered-off node does not answer ssh, and the cluster comes back with a member.
import { describe, expect, it } from "vitest";
import { createCluster } from "../../sim/index";
import { simClusterApi } from "../sim-adapter";
import { createShell } from "./shell";

const ETCDCTL = "etcdctl --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key";

function quorumLost() {
  const c = createCluster({ seed: 5, preset: "ha" });
  c.setNodePower("controlplane3", false);
  const s = createShell(simClusterApi(c));
  s.run("sed -i 's#--key-file=/etc/kubernetes/pki/etcd/server.key#--key-file=/etc/kubernetes/pki/etcd/x.key#' /etc/kubernetes/manifests/etcd.yaml");
  s.run("sleep 30");
  return { c, s };
}

describe("HA control plane without quorum", () => {
  it("answers kubectl through the load balancer while one node is off", () => {
    const c = createCluster({ seed: 5, preset: "ha" });
    c.setNodePower("controlplane3", false);
    const s = createShell(simClusterApi(c));
    const r = s.run("kubectl get ns default");
    expect(r.exitCode).toBe(0);
    expect(s.run(`${ETCDCTL} --endpoints=https://127.0.0.1:2379 endpoint health --cluster`).stderr).toBe(
      "https://172.30.2.3:2379 is unhealthy: failed to commit proposal: context deadline exceeded\nError: unhealthy cluster\n",
    );
  });

  it("refuses every kubectl request with the load balancer's EOF once a second member stops", () => {
    const { s } = quorumLost();
    const r = s.run("kubectl get nodes");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe("Unable to connect to the server: EOF\n");
    // a local-only command still works
    expect(s.run("kubectl config view -o jsonpath='{.clusters[0].cluster.server}'").stdout).toBe("https://172.30.1.10:6443");
  });

  it("shows a running member without a leader: health fails everywhere, status names no leader", () => {
    const { s } = quorumLost();
    const h = s.run(`${ETCDCTL} --endpoints=https://172.30.2.2:2379 endpoint health`);
    expect(h.exitCode).toBe(1);
    expect(h.stderr).toBe("https://172.30.2.2:2379 is unhealthy: failed to commit proposal: context deadline exceeded\nError: unhealthy cluster\n");
    const st = s.run(`${ETCDCTL} --endpoints=https://172.30.2.2:2379 endpoint status`);
    expect(st.stdout).toMatch(/^https:\/\/172\.30\.2\.2:2379, [0-9a-f]{16}, 3\.6\.4, 4\.2 MB, false, false, \d+, \d+, \d+, etcdserver: no leader\n$/);
    expect(s.run(`${ETCDCTL} --endpoints=https://172.30.2.2:2379 get /registry/namespaces/default`).stderr).toBe("Error: context deadline exceeded\n");
  });

  it("cannot ssh to a powered-off node", () => {
    const { s } = quorumLost();
    const r = s.run("ssh controlplane3");
    expect(r.exitCode).toBe(255);
    expect(r.stderr).toBe("ssh: connect to host controlplane3 port 22: Connection timed out\n");
    expect(s.run("hostname").stdout).toBe("controlplane\n");
  });

  it("answers again once the local member is fixed (quorum 2 of 3)", () => {
    const { s } = quorumLost();
    s.run("sed -i 's#--key-file=/etc/kubernetes/pki/etcd/x.key#--key-file=/etc/kubernetes/pki/etcd/server.key#' /etc/kubernetes/manifests/etcd.yaml");
    s.run("sleep 20");
    const r = s.run("kubectl create configmap back --from-literal=a=b");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("configmap/back created\n");
  });
});
