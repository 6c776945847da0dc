/**
 * Machines that are not (yet) Nodes: a host prepared for `kubeadm join` as the "Installing kubeadm"
 * and "Container Runtimes" pages describe it — kernel modules (overlay, br_netfilter), sysctls
 * (net.ipv4.ip_forward, net.bridge.bridge-nf-call-iptables), swap, containerd and the kubelet unit.
 * A fresh host has none of it done: swap on, ip_forward 0, br_netfilter not loaded, containerd
 * installed but stopped, the kubelet package installed and crash-looping (no /var/lib/kubelet/config.yaml
 * until kubeadm writes it). `kubeadm join` turns it into a Node (joinHost).
 *
 * The kernel side lives here, in the runtime state (`rt.hosts`), so snapshots and stateHash carry it;
 * the configuration files (/etc/modules-load.d, /etc/sysctl.d, /etc/fstab, /etc/containerd/config.toml)
 * are the shell's files. Nodes that booted with the cluster count as prepared hosts.
 */

export type ContainerdState = "active" | "inactive";

export interface HostState {
  ip: string;
  /** kernel modules loaded on top of the base set, in load order (lsmod lists the newest first) */
  modules: string[];
  /** runtime values of the sysctls the simulator models */
  sysctl: Record<string, string>;
  /** swap active (/proc/swaps lists /swap.img) */
  swap: boolean;
  containerd: ContainerdState;
  containerdEnabled: boolean;
  kubeletEnabled: boolean;
  /** the kubelet unit runs (before a join it restarts every 10 s and exits: no config yet) */
  kubeletActive: boolean;
  /** `kubeadm join` finished: the host is a Node */
  joined: boolean;
  /** files kubeadm join wrote (/etc/kubernetes/kubelet.conf, pki/ca.crt): a second join fails preflight until `kubeadm reset` */
  kubeadmFiles: boolean;
}

export interface AddHostOptions {
  /** containerd running already (default false: installed, stopped, disabled) */
  containerdRunning?: boolean;
  /** swap active (default true) */
  swap?: boolean;
}

/** Modules whose sysctls appear under /proc/sys once loaded. */
export const MODULE_SYSCTLS: Record<string, Record<string, string>> = {
  // br_netfilter's bridge-nf-call-* default to 1 when the module loads (net/bridge/br_netfilter_hooks.c brnf_call_iptables = 1)
  br_netfilter: { "net.bridge.bridge-nf-call-iptables": "1", "net.bridge.bridge-nf-call-ip6tables": "1", "net.bridge.bridge-nf-call-arptables": "1" },
};

/** Modules `modprobe` finds in /lib/modules of the simulated kernel. */
export const KNOWN_MODULES = ["overlay", "br_netfilter", "ip_vs", "ip_vs_rr", "ip_vs_wrr", "ip_vs_sh", "nf_conntrack", "ip_tables", "iptable_nat", "vxlan"];

/** A host in its state before preparation. */
export function freshHost(ip: string, o: AddHostOptions = {}): HostState {
  return {
    ip,
    modules: [],
    sysctl: { "net.ipv4.ip_forward": "0" },
    swap: o.swap ?? true,
    containerd: o.containerdRunning ? "active" : "inactive",
    containerdEnabled: !!o.containerdRunning,
    kubeletEnabled: true,
    // the kubelet package enables and starts the unit; it exits until kubeadm writes its config (crash loop)
    kubeletActive: true,
    joined: false,
    kubeadmFiles: false,
  };
}

/** What a cluster node's host looks like: everything kubeadm asks for is done. */
export function preparedHost(ip: string): HostState {
  return {
    ip,
    modules: ["overlay", "br_netfilter"],
    sysctl: { "net.ipv4.ip_forward": "1", ...MODULE_SYSCTLS.br_netfilter },
    swap: false,
    containerd: "active",
    containerdEnabled: true,
    kubeletEnabled: true,
    kubeletActive: true,
    joined: true,
    kubeadmFiles: true,
  };
}

export function readHosts(rt: Record<string, unknown>): Record<string, HostState> {
  return (rt.hosts as Record<string, HostState> | undefined) ?? {};
}

/** A copy of a host's state (null: no such host). */
export function readHost(rt: Record<string, unknown>, name: string): HostState | null {
  const h = readHosts(rt)[name];
  return h ? { ...h, modules: [...h.modules], sysctl: { ...h.sysctl } } : null;
}

export function writeHost(rt: Record<string, unknown>, name: string, h: HostState): void {
  const all = { ...readHosts(rt) };
  all[name] = { ...h, modules: [...new Set(h.modules)], sysctl: { ...h.sysctl } };
  rt.hosts = all;
}

/** Load a module: its sysctls appear with their defaults (values already set stay). */
export function loadModule(h: HostState, mod: string): void {
  if (!h.modules.includes(mod)) h.modules = [...h.modules, mod];
  for (const [k, v] of Object.entries(MODULE_SYSCTLS[mod] ?? {})) if (h.sysctl[k] === undefined) h.sysctl[k] = v;
}

/** Whether a sysctl key exists on the host (a file under /proc/sys). */
export function sysctlExists(h: HostState, key: string): boolean {
  return h.sysctl[key] !== undefined || BASE_SYSCTLS[key] !== undefined;
}

/** sysctls every kernel has that the simulator shows but does not act on. */
export const BASE_SYSCTLS: Record<string, string> = {
  "net.ipv4.ip_forward": "0",
  "net.ipv6.conf.all.forwarding": "0",
  "net.ipv6.conf.default.forwarding": "0",
  "vm.swappiness": "60",
  "kernel.pid_max": "4194304",
  "fs.inotify.max_user_instances": "128",
  "fs.inotify.max_user_watches": "65536",
  "vm.overcommit_memory": "0",
  "kernel.panic": "0",
};

export function sysctlValue(h: HostState, key: string): string | undefined {
  return h.sysctl[key] ?? BASE_SYSCTLS[key];
}
