import { describe, expect, it } from "vitest";
import { clusterWithHost } from "./testkit";

describe("host preparation on a host that has not joined", () => {
  it("kernel modules: lsmod lists what modprobe loaded; br_netfilter brings its sysctls", () => {
    const { s } = clusterWithHost();
    s.run("ssh node03");
    expect(s.run("lsmod | grep -E 'overlay|br_netfilter'").exitCode).toBe(1);
    expect(s.run("sysctl net.bridge.bridge-nf-call-iptables").stderr).toBe("sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory\n");
    expect(s.run("modprobe overlay && modprobe br_netfilter").exitCode).toBe(0);
    expect(s.run("lsmod | grep -E '^(overlay|br_netfilter)'").stdout).toBe("br_netfilter           32768  0\noverlay               212992  0\n");
    expect(s.run("sysctl net.bridge.bridge-nf-call-iptables").stdout).toBe("net.bridge.bridge-nf-call-iptables = 1\n");
    const bad = s.run("modprobe br-netfiltr");
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe("modprobe: FATAL: Module br-netfiltr not found in directory /lib/modules/6.8.0-85-generic\n");
  });

  it("sysctl: read, -n, -w, key=value, and --system applying /etc/sysctl.d in order; /proc shows it", () => {
    const { s } = clusterWithHost();
    s.run("ssh node03");
    expect(s.run("sysctl net.ipv4.ip_forward").stdout).toBe("net.ipv4.ip_forward = 0\n");
    expect(s.run("cat /proc/sys/net/ipv4/ip_forward").stdout).toBe("0\n");
    expect(s.run("sysctl -w net.ipv4.ip_forward=1").stdout).toBe("net.ipv4.ip_forward = 1\n");
    expect(s.run("cat /proc/sys/net/ipv4/ip_forward").stdout).toBe("1\n");
    expect(s.run("sysctl net.ipv4.ip_forward=0").stdout).toBe("net.ipv4.ip_forward = 0\n");
    expect(s.run("sysctl -n net.ipv4.ip_forward").stdout).toBe("0\n");
    expect(s.run("sysctl -w net.ipv4.ip_forward").exitCode).toBe(255);
    s.run("printf 'net.ipv4.ip_forward = 1\\n' > /etc/sysctl.d/k8s.conf");
    expect(s.run("sysctl --system").stdout).toBe(
      "* Applying /usr/lib/sysctl.d/50-pid-max.conf ...\nkernel.pid_max = 4194304\n* Applying /etc/sysctl.d/k8s.conf ...\nnet.ipv4.ip_forward = 1\n* Applying /etc/sysctl.conf ...\n",
    );
    expect(s.run("sysctl -n net.ipv4.ip_forward").stdout).toBe("1\n");
    expect(s.run("sysctl -p /etc/sysctl.d/k8s.conf").stdout).toBe("net.ipv4.ip_forward = 1\n");
  });

  it("swap: on at start, swapoff -a turns it off, swapon -a brings back what /etc/fstab lists", () => {
    const { s } = clusterWithHost();
    s.run("ssh node03");
    expect(s.run("swapon --show").stdout).toBe("NAME      TYPE SIZE USED PRIO\n/swap.img file   2G   0B   -2\n");
    expect(s.run("cat /proc/swaps").stdout.split("\n").length).toBe(3);
    s.run("swapoff -a");
    expect(s.run("swapon --show").stdout).toBe("");
    expect(s.run("cat /proc/swaps").stdout).toBe("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
    s.run("swapon -a");
    expect(s.run("swapon --show").stdout).not.toBe("");
    s.run("swapoff -a && sed -i '/swap/s/^/#/' /etc/fstab && swapon -a");
    expect(s.run("swapon --show").stdout).toBe("");
  });

  it("systemd: containerd stopped and disabled, the kubelet crash-looping until kubeadm writes its config", () => {
    const { s } = clusterWithHost();
    s.run("ssh node03");
    const st = s.run("systemctl status containerd");
    expect(st.exitCode).toBe(3);
    expect(st.stdout).toBe("○ containerd.service - containerd container runtime\n     Loaded: loaded (/usr/lib/systemd/system/containerd.service; disabled; preset: enabled)\n     Active: inactive (dead)\n");
    expect(s.run("systemctl status kubelet").stdout).toContain("Active: activating (auto-restart) (Result: exit-code)\n");
    expect(s.run("journalctl -u kubelet").stdout).toContain("open /var/lib/kubelet/config.yaml: no such file or directory");
    const en = s.run("systemctl enable --now containerd");
    expect(en.stderr).toBe("Created symlink /etc/systemd/system/multi-user.target.wants/containerd.service → /usr/lib/systemd/system/containerd.service.\n");
    expect(s.run("systemctl is-active containerd").stdout).toBe("active\n");
    expect(s.run("systemctl is-enabled containerd").stdout).toBe("enabled\n");
    expect(s.run("systemctl status nginx").stderr).toBe("Unit nginx.service could not be found.\n");
  });

  it("containerd config default has the runc options with SystemdCgroup to edit", () => {
    const { s } = clusterWithHost();
    s.run("ssh node03");
    s.run("mkdir -p /etc/containerd && containerd config default > /etc/containerd/config.toml");
    expect(s.run("grep SystemdCgroup /etc/containerd/config.toml").stdout).toBe("            SystemdCgroup = false\n");
    s.run("sed -i 's/SystemdCgroup = false/SystemdCgroup = true/' /etc/containerd/config.toml");
    expect(s.run("grep -B10 SystemdCgroup /etc/containerd/config.toml").stdout).toContain("[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]\n");
  });

  it("a node the cluster booted with is prepared already", () => {
    const { s } = clusterWithHost();
    s.run("ssh node01");
    expect(s.run("sysctl -n net.ipv4.ip_forward").stdout).toBe("1\n");
    expect(s.run("swapon --show").stdout).toBe("");
    expect(s.run("lsmod | grep -c -E '^(overlay|br_netfilter) '").stdout).toBe("2\n");
    expect(s.run("ssh node09").stderr).toBe("ssh: Could not resolve hostname node09: Name or service not known\n");
  });
});

describe("the CNI a learner can inspect (extension interfaces)", () => {
  it("flannel's conflist is in the directory containerd's CRI plugin reads, and names the plugin chain", () => {
    const { s } = clusterWithHost();
    const confDir = (JSON.parse(s.run("crictl info").stdout) as { config: { cni: { confDir: string } } }).config.cni.confDir;
    expect(confDir).toBe("/etc/cni/net.d");
    expect(s.run(`ls ${confDir}`).stdout).toBe("10-flannel.conflist\n");
    const conf = JSON.parse(s.run(`cat ${confDir}/10-flannel.conflist`).stdout) as { name: string; plugins: { type: string }[] };
    expect(conf.plugins.map((p) => p.type)).toEqual(["flannel", "portmap"]);
    expect(s.run("grep FLANNEL_NETWORK /run/flannel/subnet.env").stdout).toBe("FLANNEL_NETWORK=10.244.0.0/16\n");
  });
});
