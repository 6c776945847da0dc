// Test helper: a cka cluster with an added host that has not joined (the `unjoined-node` start).
import { createCluster, type Cluster } from "../../sim/cluster";
import { createShell, type Shell } from "../shell/shell";
import { simClusterApi } from "../sim-adapter";
import type { AddHostOptions } from "../../sim/hosts";

export function clusterWithHost(opts: AddHostOptions & { seed?: number } = {}): { c: Cluster; s: Shell } {
  const c = createCluster({ preset: "cka", seed: opts.seed ?? 3 });
  c.addHost("node03", opts);
  return { c, s: createShell(simClusterApi(c)) };
}

/** Prepare node03 the way the install docs say (run on node03). */
export const PREPARE = [
  "printf 'overlay\\nbr_netfilter\\n' > /etc/modules-load.d/k8s.conf",
  "modprobe overlay",
  "modprobe br_netfilter",
  "printf 'net.bridge.bridge-nf-call-iptables = 1\\nnet.ipv4.ip_forward = 1\\n' > /etc/sysctl.d/k8s.conf",
  "sysctl --system",
  "swapoff -a",
  "sed -i '/swap/s/^/#/' /etc/fstab",
  "systemctl enable --now containerd",
];
