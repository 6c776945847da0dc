// Host preparation before `kubeadm join`, as "Installing kubeadm" and "Container Runtimes" describe it:
// lsmod / modprobe (kmod), sysctl (procps-ng: -w, -n, -p, --system), swapoff/swapon (util-linux), the
// /proc files kubeadm's preflight reads (/proc/sys/net/ipv4/ip_forward, /proc/swaps), `containerd config
// default`, and systemctl/journalctl for containerd and the kubelet on a host that is not a Node yet.
// The kernel side is lib/sim hosts.ts (cluster state); config files are the shell's files.
import { KNOWN_MODULES, loadModule, sysctlExists, sysctlValue, type HostState } from "../../sim/hosts";
import type { ClusterApi } from "../cluster-api";
import type { CmdIO, ShellState } from "../shell/types";
import type { VirtualFs } from "../shell/vfs";

const KERNEL = "6.8.0-85-generic";

export interface HostRef {
  cluster: ClusterApi;
  name: string;
  h: HostState;
}

/** The current host's state (null: no cluster or the shell's host is unknown to it). */
export function hostOf(state: ShellState): HostRef | null {
  const cluster = state.clusters.get(state.currentContext);
  const h = cluster?.hosts?.get(state.hostname) ?? null;
  return cluster && h ? { cluster, name: state.hostname, h } : null;
}

function save(r: HostRef) {
  r.cluster.hosts?.set(r.name, r.h);
}

/** An added host that has not joined: systemd runs its units as modelled here, not the cluster's kubelets. */
export function unjoinedHost(state: ShellState): HostRef | null {
  const r = hostOf(state);
  return r && !r.h.joined ? r : null;
}

/** lsmod lines (kernel 6.8 module sizes; `Used by` as after loading them by hand). */
const LSMOD: Record<string, string[]> = {
  overlay: ["overlay               212992  0"],
  br_netfilter: ["br_netfilter           32768  0", "bridge                421888  1 br_netfilter", "stp                    12288  1 bridge", "llc                    16384  2 bridge,stp"],
};

function lsmod(io: CmdIO, r: HostRef): number {
  const base = ["xt_conntrack           12288  0", "nf_conntrack          196608  1 xt_conntrack", "nf_defrag_ipv6         24576  1 nf_conntrack", "nf_defrag_ipv4         12288  1 nf_conntrack", "ip_tables              32768  0", "x_tables               65536  2 xt_conntrack,ip_tables"];
  // /proc/modules lists the most recently loaded module first
  const lines = [...[...r.h.modules].reverse().flatMap((m) => LSMOD[m] ?? [`${m.padEnd(22)}16384  0`]), ...base];
  io.out(`Module                  Size  Used by\n${lines.join("\n")}\n`);
  return 0;
}

function modprobe(argv: string[], io: CmdIO, r: HostRef): number {
  const mods = argv.slice(1).filter((a) => !a.startsWith("-"));
  if (!mods.length) {
    io.err("modprobe: ERROR: missing parameters. See -h.\n");
    return 1;
  }
  const remove = argv.includes("-r") || argv.includes("--remove");
  for (const m of mods) {
    const mod = m.replace(/-/g, "_");
    if (!KNOWN_MODULES.includes(mod)) {
      io.err(`modprobe: FATAL: Module ${m} not found in directory /lib/modules/${KERNEL}\n`);
      return 1;
    }
    if (remove) r.h.modules = r.h.modules.filter((x) => x !== mod);
    else loadModule(r.h, mod);
  }
  save(r);
  return 0;
}

/** key=value lines of a sysctl.conf(5) file (comments and blank lines skipped; a leading '-' ignores errors). */
function confLines(text: string): { key: string; value: string; quiet: boolean }[] {
  const out: { key: string; value: string; quiet: boolean }[] = [];
  for (const raw of text.split("\n")) {
    const l = raw.trim();
    if (!l || l.startsWith("#") || l.startsWith(";")) continue;
    const eq = l.indexOf("=");
    if (eq < 0) continue;
    const quiet = l.startsWith("-");
    out.push({ key: l.slice(quiet ? 1 : 0, eq).trim().replace(/\//g, "."), value: l.slice(eq + 1).trim(), quiet });
  }
  return out;
}

/** Set one sysctl as procps's WriteSetting does; returns its error line or null. */
function writeSetting(r: HostRef, key: string, value: string, io: CmdIO, quiet: boolean, echo: boolean): boolean {
  if (!sysctlExists(r.h, key)) {
    if (!quiet) io.err(`sysctl: cannot stat /proc/sys/${key.replace(/\./g, "/")}: No such file or directory\n`);
    return false;
  }
  r.h.sysctl[key] = value;
  if (echo) io.out(`${key} = ${value}\n`);
  return true;
}

function sysctl(argv: string[], io: CmdIO, state: ShellState, r: HostRef): number {
  let write = false;
  let valueOnly = false;
  let quiet = false;
  const files: string[] = [];
  let system = false;
  const args: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-w" || a === "--write") write = true;
    else if (a === "-n" || a === "--values") valueOnly = true;
    else if (a === "-q" || a === "--quiet") quiet = true;
    else if (a === "--system") system = true;
    else if (a === "-p" || a === "--load") files.push(argv[i + 1] && !argv[i + 1].startsWith("-") ? argv[++i] : "/etc/sysctl.conf");
    else if (a.startsWith("-p") && a.length > 2) files.push(a.slice(2));
    else if (a.startsWith("--load=")) files.push(a.slice(7));
    else if (a === "-a" || a === "--all") args.push("*");
    else if (a.startsWith("-")) {
      io.err(`sysctl: invalid option -- '${a.replace(/^-+/, "")}'\n`);
      return 255;
    } else args.push(a);
  }
  let code = 0;
  if (system) {
    // procps-ng --system: every *.conf of the sysctl.d directories by file name, /etc/sysctl.conf last
    const byName = new Map<string, string>();
    for (const dir of ["/usr/lib/sysctl.d", "/run/sysctl.d", "/etc/sysctl.d"]) {
      for (const f of state.fs.list(dir)) if (f.endsWith(".conf")) byName.set(f, `${dir}/${f}`);
    }
    const paths = [...byName.keys()].sort().map((n) => byName.get(n)!);
    if (state.fs.isFile("/etc/sysctl.conf")) paths.push("/etc/sysctl.conf");
    for (const p of paths) {
      io.out(`* Applying ${p} ...\n`);
      const t = state.fs.read(p);
      for (const l of t.ok ? confLines(t.value) : []) writeSetting(r, l.key, l.value, io, l.quiet, true);
    }
    save(r);
    return 0;
  }
  for (const f of files) {
    const t = state.fs.read(f.startsWith("/") ? f : `${state.cwd}/${f}`);
    if (!t.ok) {
      io.err(`sysctl: cannot open "${f}": No such file or directory\n`);
      return 255;
    }
    for (const l of confLines(t.value)) if (!writeSetting(r, l.key, l.value, io, l.quiet || quiet, !quiet) && !l.quiet) code = 255;
  }
  for (const a of args) {
    if (a === "*") {
      const keys = [...new Set([...Object.keys(r.h.sysctl), "net.ipv4.ip_forward", "vm.swappiness", "kernel.pid_max"])].sort();
      for (const k of keys) io.out(valueOnly ? `${sysctlValue(r.h, k)}\n` : `${k} = ${sysctlValue(r.h, k)}\n`);
      continue;
    }
    const eq = a.indexOf("=");
    if (eq >= 0 || write) {
      if (eq < 0) {
        io.err(`sysctl: "${a}" must be of the form name=value\n`);
        code = 255;
        continue;
      }
      if (!writeSetting(r, a.slice(0, eq).replace(/\//g, "."), a.slice(eq + 1), io, false, !quiet)) code = 255;
      continue;
    }
    const key = a.replace(/\//g, ".");
    const v = sysctlValue(r.h, key);
    if (v === undefined) {
      io.err(`sysctl: cannot stat /proc/sys/${key.replace(/\./g, "/")}: No such file or directory\n`);
      code = 255;
      continue;
    }
    io.out(valueOnly ? `${v}\n` : `${key} = ${v}\n`);
  }
  save(r);
  return code;
}

const SWAP_LINE = "/swap.img                               file\t\t2097148\t\t0\t\t-2\n";

function swapoff(argv: string[], io: CmdIO, r: HostRef): number {
  const targets = argv.slice(1).filter((a) => !a.startsWith("-"));
  if (argv.includes("-a") || argv.includes("--all") || targets.includes("/swap.img")) {
    r.h.swap = false;
    save(r);
    return 0;
  }
  if (targets.length) {
    io.err(`swapoff: ${targets[0]}: swapoff failed: No such file or directory\n`);
    return 4;
  }
  io.err("Usage:\n swapoff [options] [<spec>]\n");
  return 2;
}

function swapon(argv: string[], io: CmdIO, state: ShellState, r: HostRef): number {
  if (argv.includes("--show") || argv.includes("-s") || argv.length === 1) {
    if (r.h.swap) io.out(argv.includes("-s") ? `Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n${SWAP_LINE}` : "NAME      TYPE SIZE USED PRIO\n/swap.img file   2G   0B   -2\n");
    return 0;
  }
  if (argv.includes("-a") || argv.includes("--all")) {
    // swapon -a activates what /etc/fstab lists
    const f = state.fs.read("/etc/fstab");
    if (f.ok && f.value.split("\n").some((l) => /^\s*[^#\s]\S*\s+\S+\s+swap\s/.test(l))) r.h.swap = true;
    save(r);
    return 0;
  }
  r.h.swap = true;
  save(r);
  return 0;
}

/** `containerd config default` (containerd 2.1, config version 3), trimmed to the sections kubeadm users edit. */
export const CONTAINERD_DEFAULT_CONFIG = `version = 3
root = '/var/lib/containerd'
state = '/run/containerd'
temp = ''
disabled_plugins = []
required_plugins = []
oom_score = 0
imports = []

[grpc]
  address = '/run/containerd/containerd.sock'
  uid = 0
  gid = 0

[plugins]
  [plugins.'io.containerd.cri.v1.images']
    snapshotter = 'overlayfs'
    disable_snapshot_annotations = true
    discard_unpacked_layers = false
    max_concurrent_downloads = 3

    [plugins.'io.containerd.cri.v1.images'.pinned_images]
      sandbox = 'registry.k8s.io/pause:3.10'

  [plugins.'io.containerd.cri.v1.runtime']
    enable_selinux = false
    max_container_log_line_size = 16384

    [plugins.'io.containerd.cri.v1.runtime'.containerd]
      default_runtime_name = 'runc'

      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes]
        [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
          runtime_type = 'io.containerd.runc.v2'
          sandboxer = 'podsandbox'

          [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
            BinaryName = ''
            CriuImagePath = ''
            CriuWorkPath = ''
            IoGid = 0
            IoUid = 0
            NoNewKeyring = false
            Root = ''
            ShimCgroup = ''
            SystemdCgroup = false

    [plugins.'io.containerd.cri.v1.runtime'.cni]
      bin_dirs = ['/opt/cni/bin']
      conf_dir = '/etc/cni/net.d'
`;

function containerdCmd(argv: string[], io: CmdIO): number {
  if (argv[1] === "config" && argv[2] === "default") {
    io.out(CONTAINERD_DEFAULT_CONFIG);
    return 0;
  }
  if (argv[1] === "--version" || argv[1] === "-v") {
    io.out("containerd containerd.io 2.1.4 75cb2b7193e4e490e9fbdc236c0e811ccaba3376\n");
    return 0;
  }
  io.err("containerd: only `containerd config default` and `containerd --version` are simulated (the daemon runs under systemd)\n");
  return 1;
}

/** systemd on a host that is not a Node yet: containerd and the kubelet as units. */
function hostSystemctl(argv: string[], io: CmdIO, r: HostRef): number {
  const args = argv.slice(1).filter((a) => !a.startsWith("-"));
  const now = argv.includes("--now");
  const verb = args[0];
  const units = args.slice(1).map((u) => u.replace(/\.service$/, ""));
  if (!verb) {
    io.out("systemctl [OPTIONS...] COMMAND ...\n");
    return 0;
  }
  if (verb === "daemon-reload") return 0;
  let code = 0;
  for (const unit of units) {
    if (unit !== "kubelet" && unit !== "containerd") {
      io.err(`${verb === "status" ? "" : `Failed to ${verb} ${unit}.service: `}Unit ${unit}.service ${verb === "status" ? "could not be found" : "not found"}.\n`);
      code = verb === "status" ? 4 : 5;
      continue;
    }
    const isK = unit === "kubelet";
    const start = () => {
      if (isK) r.h.kubeletActive = true;
      else r.h.containerd = "active";
    };
    switch (verb) {
      case "start":
      case "restart":
        start();
        break;
      case "stop":
        if (isK) r.h.kubeletActive = false;
        else r.h.containerd = "inactive";
        break;
      case "enable":
        if (isK) r.h.kubeletEnabled = true;
        else r.h.containerdEnabled = true;
        io.err(`Created symlink /etc/systemd/system/multi-user.target.wants/${unit}.service → /usr/lib/systemd/system/${unit}.service.\n`);
        if (now) start();
        break;
      case "disable":
        if (isK) r.h.kubeletEnabled = false;
        else r.h.containerdEnabled = false;
        io.err(`Removed "/etc/systemd/system/multi-user.target.wants/${unit}.service".\n`);
        break;
      case "is-active": {
        const on = isK ? r.h.kubeletActive : r.h.containerd === "active";
        // an unjoined kubelet restarts every 10 s and exits: systemd shows it activating
        io.out(isK && on ? "activating\n" : on ? "active\n" : "inactive\n");
        if (!on || isK) code = 3;
        break;
      }
      case "is-enabled": {
        const en = isK ? r.h.kubeletEnabled : r.h.containerdEnabled;
        io.out(en ? "enabled\n" : "disabled\n");
        if (!en) code = 1;
        break;
      }
      case "status": {
        const en = isK ? r.h.kubeletEnabled : r.h.containerdEnabled;
        const desc = isK ? "kubelet: The Kubernetes Node Agent" : "containerd container runtime";
        const on = isK ? r.h.kubeletActive : r.h.containerd === "active";
        const active = isK && on ? "activating (auto-restart) (Result: exit-code)" : on ? "active (running)" : "inactive (dead)";
        const dropIn = isK ? "    Drop-In: /usr/lib/systemd/system/kubelet.service.d\n             └─10-kubeadm.conf\n" : "";
        io.out(`${on ? "●" : "○"} ${unit}.service - ${desc}\n     Loaded: loaded (/usr/lib/systemd/system/${unit}.service; ${en ? "enabled" : "disabled"}; preset: enabled)\n${dropIn}     Active: ${active}\n`);
        if (!on || isK) code = 3;
        break;
      }
      default:
        io.err(`Unknown command verb '${verb}'.\n`);
        return 1;
    }
  }
  save(r);
  return code;
}

/** journalctl -u kubelet on a host that has not joined: the kubelet exits for want of its config file. */
function hostJournal(argv: string[], io: CmdIO, r: HostRef): number {
  const ui = argv.indexOf("-u");
  const unit = ((ui >= 0 ? argv[ui + 1] : argv.find((a) => a.startsWith("--unit="))?.slice(7)) ?? "").replace(/\.service$/, "");
  if (unit !== "kubelet" || !r.h.kubeletActive) {
    io.out("-- No entries --\n");
    return 0;
  }
  io.out(
    `${r.name} kubelet[1432]: E0101 00:00:00.000000    1432 run.go:72] "command failed" err="failed to load kubelet config file, path: /var/lib/kubelet/config.yaml, error: failed to load Kubelet config file /var/lib/kubelet/config.yaml, error failed to read kubelet config file \\"/var/lib/kubelet/config.yaml\\", error: open /var/lib/kubelet/config.yaml: no such file or directory"\n` +
      `${r.name} systemd[1]: kubelet.service: Main process exited, code=exited, status=1/FAILURE\n${r.name} systemd[1]: kubelet.service: Failed with result 'exit-code'.\n`,
  );
  return 0;
}

/**
 * Run a host-preparation command on the current host; null when the command is not one of them
 * (or, for systemctl/journalctl, when the host is a Node whose kubelet the cluster runs).
 */
export function hostCommand(argv: string[], io: CmdIO, state: ShellState): number | null {
  const name = argv[0];
  if (name === "containerd") return containerdCmd(argv, io);
  if (!["lsmod", "modprobe", "sysctl", "swapoff", "swapon", "systemctl", "journalctl"].includes(name)) return null;
  if (name === "systemctl" || name === "journalctl") {
    const u = unjoinedHost(state);
    if (!u) return null;
    return name === "systemctl" ? hostSystemctl(argv, io, u) : hostJournal(argv, io, u);
  }
  const r = hostOf(state);
  if (!r) {
    io.err(`${name}: not available in this simulated shell\n`);
    return 127;
  }
  switch (name) {
    case "lsmod":
      return lsmod(io, r);
    case "modprobe":
      return modprobe(argv, io, r);
    case "sysctl":
      return sysctl(argv, io, state, r);
    case "swapoff":
      return swapoff(argv, io, r);
    default:
      return swapon(argv, io, state, r);
  }
}

/** Refresh the /proc files of the current host before a command reads one (cat /proc/sys/…, /proc/swaps). */
export function syncProc(state: ShellState): void {
  const r = hostOf(state);
  if (!r) return;
  const fs = state.fs;
  const put = (p: string, v: string) => {
    const cur = fs.read(p);
    if (!cur.ok || cur.value !== v) {
      fs.mkdirp(p.slice(0, p.lastIndexOf("/")));
      fs.write(p, v);
    }
  };
  for (const key of ["net.ipv4.ip_forward", "net.bridge.bridge-nf-call-iptables", "net.bridge.bridge-nf-call-ip6tables", "vm.swappiness"]) {
    const p = `/proc/sys/${key.replace(/\./g, "/")}`;
    const v = sysctlValue(r.h, key);
    if (v === undefined) {
      if (fs.exists(p)) fs.remove(p);
    } else put(p, `${v}\n`);
  }
  put("/proc/swaps", `Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n${r.h.swap ? SWAP_LINE : ""}`);
}

/** Files of a fresh Ubuntu 24.04 host (each host has its own, lib/kubectl/shell/host-fs.ts): swap in /etc/fstab, empty sysctl.d and modules-load.d. */
export function seedHostFiles(fs: VirtualFs): void {
  for (const d of ["/etc/modules-load.d", "/etc/sysctl.d", "/usr/lib/sysctl.d"]) fs.mkdirp(d);
  if (!fs.exists("/etc/fstab")) {
    fs.write("/etc/fstab", "# /etc/fstab: static file system information.\n#\n# <file system> <mount point>   <type>  <options>       <dump>  <pass>\n/dev/disk/by-uuid/5b1d2c7e-8f3a-4c52-9e1b-2a6f0d4c8b13 / ext4 defaults 0 1\n/swap.img\tnone\tswap\tsw\t0\t0\n");
  }
  if (!fs.exists("/etc/sysctl.conf")) fs.write("/etc/sysctl.conf", "#\n# /etc/sysctl.conf - Configuration file for setting system variables\n# See /etc/sysctl.d/ for additional system variables.\n#\n\n#net.ipv4.ip_forward=1\n");
  if (!fs.exists("/usr/lib/sysctl.d/50-pid-max.conf")) fs.write("/usr/lib/sysctl.d/50-pid-max.conf", "kernel.pid_max = 4194304\n");
}

/** The CNI's files on a node of the cluster (`subnet`: the node's first pod address, FLANNEL_SUBNET). */
export function seedCniFiles(fs: VirtualFs, subnet = "10.244.0.1/24"): void {
  // The cluster's CNI is flannel (kube-flannel DaemonSet): its install-cni init container copies the kube-flannel-cfg
  // ConfigMap's cni-conf.json to /etc/cni/net.d/10-flannel.conflist, the directory containerd's CRI plugin reads
  // (crictl info: cni.confDir), and flanneld writes the node's lease to /run/flannel/subnet.env
  // (flannel-io/flannel Documentation/kube-flannel.yml).
  if (!fs.exists("/etc/cni/net.d/10-flannel.conflist")) {
    fs.mkdirp("/etc/cni/net.d");
    fs.write("/etc/cni/net.d/10-flannel.conflist", FLANNEL_CONFLIST);
  }
  if (!fs.exists("/run/flannel/subnet.env")) {
    fs.mkdirp("/run/flannel");
    fs.write("/run/flannel/subnet.env", `FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=${subnet}\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n`);
  }
}

const FLANNEL_CONFLIST = `{
  "name": "cbr0",
  "cniVersion": "0.3.1",
  "plugins": [
    {
      "type": "flannel",
      "delegate": {
        "hairpinMode": true,
        "isDefaultGateway": true
      }
    },
    {
      "type": "portmap",
      "capabilities": {
        "portMappings": true
      }
    }
  ]
}
`;
