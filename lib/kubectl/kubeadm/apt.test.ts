import { describe, expect, it } from "vitest";
import { createSimSession } from "../sim-adapter";

const READING = "Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\n";
const SRC = "https://pkgs.k8s.io/core:/stable:/v1.35/deb  Packages";

function session() {
  return createSimSession({ preset: "cka", seed: 5 });
}

describe("apt for the Kubernetes packages", () => {
  it("has the pkgs.k8s.io source for the cluster's minor, the packages held, madison newest first", () => {
    const s = session();
    expect(s.run("cat /etc/apt/sources.list.d/kubernetes.list").stdout).toBe("deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.35/deb/ /\n");
    expect(s.run("apt-mark showhold").stdout).toBe("kubeadm\nkubectl\nkubelet\n");
    expect(s.run("apt-get update").stdout).toBe("Hit:1 https://prod-cdn.packages.k8s.io/repositories/isv:/kubernetes:/core:/stable:/v1.35/deb  InRelease\nReading package lists... Done\n");
    expect(s.run("apt-cache madison kubeadm").stdout).toBe(`   kubeadm | 1.35.1-1.1 | ${SRC}\n   kubeadm | 1.35.0-1.1 | ${SRC}\n`);
  });

  it("refuses a held package with -y (apt's words, nothing changes), installs it once unheld", () => {
    const s = session();
    const held = s.run("apt-get install -y kubeadm=1.35.1-1.1");
    expect(held.exitCode).toBe(100);
    expect(held.stdout).toBe(`${READING}The following held packages will be changed:\n  kubeadm\nThe following packages will be upgraded:\n  kubeadm\n1 upgraded, 0 newly installed, 0 to remove and 2 not upgraded.\n`);
    expect(held.stderr).toBe("E: Held packages were changed and -y was used without --allow-change-held-packages.\n");
    expect(s.run("kubeadm version -o short").stdout).toBe("v1.35.0\n");
    expect(s.run("apt-mark unhold kubeadm").stdout).toBe("Canceled hold on kubeadm.\n");
    expect(s.run("apt-mark unhold kubeadm").stdout).toBe("kubeadm was already not on hold.\n");
    const ok = s.run("apt-get update && apt-get install -y kubeadm='1.35.1-*'");
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain("Unpacking kubeadm (1.35.1-1.1) over (1.35.0-1.1) ...\nSetting up kubeadm (1.35.1-1.1) ...\n");
    expect(s.run("apt-mark hold kubeadm").stdout).toBe("kubeadm set on hold.\n");
    expect(s.run("apt-mark hold kubeadm").stdout).toBe("kubeadm was already set on hold.\n");
    expect(s.run("kubeadm version").stdout).toBe(
      'kubeadm version: &version.Info{Major:"1", Minor:"35", EmulationMajor:"", EmulationMinor:"", MinCompatibilityMajor:"", MinCompatibilityMinor:"", GitVersion:"v1.35.1", GitCommit:"8fea90b45245ef5c8ba54e7ae044d3e777c22500", GitTreeState:"clean", BuildDate:"2026-02-10T12:55:17Z", GoVersion:"go1.25.6", Compiler:"gc", Platform:"linux/amd64"}\n',
    );
    // --allow-change-held-packages is the documented one-liner alternative
    expect(s.run("apt-get install -y --allow-change-held-packages kubectl=1.35.1-1.1").exitCode).toBe(0);
    expect(s.run("apt-mark showhold").stdout).toBe("kubeadm\nkubectl\nkubelet\n");
  });

  it("rejects versions the lists lack, unknown packages, downgrades under -y and a prompt without -y", () => {
    const s = session();
    s.run("apt-mark unhold kubeadm kubelet kubectl");
    expect(s.run("apt-get install -y kubectl=1.29.0-1.1").stderr).toBe("E: Version '1.29.0-1.1' for 'kubectl' was not found\n");
    expect(s.run("apt-get install -y kubeadm=1.36.0-1.1").exitCode).toBe(100);
    expect(s.run("apt-get install -y nginx").stderr).toBe("E: Unable to locate package nginx\n");
    const prompt = s.run("apt-get install kubelet=1.35.1-1.1");
    expect(prompt.exitCode).toBe(1);
    expect(prompt.stdout).toContain("Do you want to continue? [Y/n] Abort.\n");
    expect(s.run("kubelet --version").stdout).toBe("Kubernetes v1.35.0\n");
    expect(s.run("apt-get install -y kubelet=1.35.1-1.1").exitCode).toBe(0);
    expect(s.run("apt-get install -y kubelet=1.35.0-1.1").stderr).toBe("E: Packages were downgraded and -y was used without --allow-downgrades.\n");
    expect(s.run("apt-get install -y kubelet=1.35.1-1.1").stdout).toContain("kubelet is already the newest version (1.35.1-1.1).\n0 upgraded");
    expect(s.run("apt list --installed 2>/dev/null").stdout).toBe(
      "Listing... Done\nkubeadm/unknown,now 1.35.0-1.1 amd64 [installed,upgradable to: 1.35.1-1.1]\nkubelet/unknown,now 1.35.1-1.1 amd64 [installed]\nkubectl/unknown,now 1.35.0-1.1 amd64 [installed,upgradable to: 1.35.1-1.1]\n",
    );
  });

  it("follows the source file's minor on apt-get update; a channel pkgs.k8s.io lacks fails and keeps the lists", () => {
    const s = session();
    s.run("sed -i 's#/v1.35/#/v1.34/#' /etc/apt/sources.list.d/kubernetes.list");
    expect(s.run("apt-cache madison kubeadm").stdout.split("\n")[0]).toBe(`   kubeadm | 1.35.1-1.1 | ${SRC}`);
    expect(s.run("apt-get update").stdout.startsWith("Get:1 ")).toBe(true);
    expect(s.run("apt-cache madison kubelet").stdout.split("\n").length).toBe(5);
    s.run("sed -i 's#/v1.34/#/v1.99/#' /etc/apt/sources.list.d/kubernetes.list");
    const bad = s.run("apt-get update");
    expect(bad.exitCode).toBe(100);
    expect(bad.stderr).toContain("does not have a Release file.");
    expect(s.run("apt-cache madison kubelet").stdout).toContain("1.34.3-1.1 | https://pkgs.k8s.io/core:/stable:/v1.34/deb  Packages");
  });
});

describe("the kubelet's version on the node and in the Node's status", () => {
  it("changes only when the kubelet restarts, on that node only", () => {
    const s = session();
    s.run("ssh node01 'apt-mark unhold kubelet && apt-get install -y kubelet=1.35.1-1.1'");
    expect(s.run("ssh node01 kubelet --version").stdout).toBe("Kubernetes v1.35.1\n");
    expect(s.run("kubelet --version").stdout).toBe("Kubernetes v1.35.0\n");
    const version = (node: string) => s.run(`kubectl get node ${node} -o jsonpath='{.status.nodeInfo.kubeletVersion}'`).stdout;
    expect(version("node01")).toBe("v1.35.0");
    s.run("ssh node01 systemctl daemon-reload");
    expect(version("node01")).toBe("v1.35.0");
    s.run("ssh node01 systemctl restart kubelet");
    expect(version("node01")).toBe("v1.35.1");
    expect(version("node02")).toBe("v1.35.0");
    expect(s.run("kubectl get nodes").stdout).toContain("node01         Ready    <none>          10d   v1.35.1\n");
  });

  it("kubeadm version's other formats and errors", () => {
    const s = session();
    expect(s.run("kubeadm version -o yaml").stdout).toContain('clientVersion:\n  buildDate: "2025-12-17T12:39:26Z"\n  compiler: gc\n');
    expect(JSON.parse(s.run("kubeadm version -o json").stdout).clientVersion.gitCommit).toBe("66452049f3d692768c39c797b21b793dce80314e");
    expect(s.run("kubeadm version -o wide").stderr.split("\n")[0]).toBe("invalid output format: wide");
  });
});

describe("the kubelet's journal", () => {
  it("names the running kubelet's version, not the installed one", () => {
    const s = session();
    s.run("apt-get install -y --allow-change-held-packages kubelet=1.35.1-1.1");
    expect(s.run("journalctl -u kubelet").stdout).toContain('"Kubelet version" kubeletVersion="v1.35.0"');
    s.run("systemctl restart kubelet");
    expect(s.run("journalctl -u kubelet").stdout).toContain('"Kubelet version" kubeletVersion="v1.35.1"');
  });
});
