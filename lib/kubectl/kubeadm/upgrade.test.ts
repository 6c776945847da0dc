import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createCluster } from "../../sim/index";
import { simClusterApi } from "../sim-adapter";
import { createShell } from "../shell/shell";
import { tabwrite as goTabwriter } from "./token";
import { versionPolicy } from "./upgrade";

const GOLDEN = join(__dirname, "testdata");

/** A cka cluster kubeadm set up at v1.34.3 (all nodes, manifests, kube-proxy, CoreDNS, kubeadm-config). */
function old(seed = 3) {
  return createShell(simClusterApi(createCluster({ preset: "cka", seed, kubernetesVersion: "v1.34.3" })));
}

/** Run lines; the transcript as a terminal shows it ("$ line", output, exit code when not 0). */
function transcript(s: ReturnType<typeof old>, lines: string[]): string {
  return lines.map((l) => {
    const r = s.run(l);
    return `$ ${l}\n${r.output}${r.exitCode ? `[exit ${r.exitCode}]\n` : ""}`;
  }).join("");
}

function golden(name: string, text: string) {
  const file = join(GOLDEN, `${name}.golden`);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, "utf8"));
}

const NEW_REPO = [
  "sed -i 's#/v1.34/#/v1.35/#' /etc/apt/sources.list.d/kubernetes.list",
  "apt-mark unhold kubeadm",
  "apt-get update",
  "apt-get install -y kubeadm=1.35.1-1.1",
  "apt-mark hold kubeadm",
];

describe("kubeadm upgrade (a v1.34.3 cluster to v1.35.1)", () => {
  it("starts at v1.34.3 everywhere, the apt source on pkgs.k8s.io v1.34", () => {
    const s = old();
    expect(s.run("kubectl get nodes -o jsonpath='{.items[*].status.nodeInfo.kubeletVersion}'").stdout).toBe("v1.34.3 v1.34.3 v1.34.3");
    expect(s.run("kubectl version").stdout).toBe("Client Version: v1.34.3\nKustomize Version: v5.7.1\nServer Version: v1.34.3\n");
    expect(s.run("cat /etc/apt/sources.list.d/kubernetes.list").stdout).toContain("https://pkgs.k8s.io/core:/stable:/v1.34/deb/ /");
    expect(s.run("grep image: /etc/kubernetes/manifests/kube-apiserver.yaml").stdout).toBe("    image: registry.k8s.io/kube-apiserver:v1.34.3\n");
    expect(s.run("kubectl -n kube-system get ds kube-proxy -o jsonpath='{.spec.template.spec.containers[0].image}'").stdout).toBe("registry.k8s.io/kube-proxy:v1.34.3");
    expect(s.run("kubectl -n kube-system get deploy coredns -o jsonpath='{.spec.template.spec.containers[0].image}'").stdout).toBe("registry.k8s.io/coredns/coredns:v1.12.1");
    expect(s.run("kubectl -n kube-system get cm kubeadm-config -o jsonpath='{.data.ClusterConfiguration}'").stdout).toContain("kubernetesVersion: v1.34.3\n");
    // nothing restarted because the shell wrote its manifests: the control plane serves at once
    expect(s.run("kubectl get pods -n kube-system -l component=kube-apiserver -o jsonpath='{.items[0].status.containerStatuses[0].restartCount}'").stdout).toBe("0");
  });

  it("plan: kubeadm's own version without a newer kubeadm (nothing to offer), then the v1.34-series table (golden)", () => {
    const s = old();
    const before = s.run("kubeadm upgrade plan");
    expect(before.exitCode).toBe(0);
    expect(before.stdout.endsWith("[upgrade/versions] Latest version in the v1.34 series: v1.34.3\n\n")).toBe(true);
    for (const l of NEW_REPO) expect(s.run(l).exitCode).toBe(0);
    golden("plan", transcript(s, ["kubeadm upgrade plan", "kubeadm upgrade plan v1.35.0"]));
  });

  it("apply: prompt without -y aborts and changes nothing; with the answer piped it upgrades (golden)", () => {
    const s = old();
    for (const l of NEW_REPO) s.run(l);
    const no = s.run("kubeadm upgrade apply v1.35.1");
    expect(no.exitCode).toBe(1);
    expect(no.stderr).toBe("error execution phase preflight: won't proceed; the user didn't answer (Y|y) in order to continue\nTo see the stack trace of this error execute with --v=5 or higher\n");
    expect(s.run("echo n | kubeadm upgrade apply v1.35.1").exitCode).toBe(1);
    expect(s.run("kubectl version").stdout).toContain("Server Version: v1.34.3\n");
    expect(s.run("grep -c v1.34.3 /etc/kubernetes/manifests/kube-apiserver.yaml").stdout).toBe("1\n");
    golden("apply", transcript(s, ["echo y | kubeadm upgrade apply v1.35.1", "kubectl version", "kubectl get nodes", "grep image: /etc/kubernetes/manifests/*.yaml"]));
    expect(s.run("kubectl -n kube-system get ds kube-proxy -o jsonpath='{.spec.template.spec.containers[0].image}'").stdout).toBe("registry.k8s.io/kube-proxy:v1.35.1");
    expect(s.run("kubectl -n kube-system get deploy coredns -o jsonpath='{.spec.template.spec.containers[0].image}'").stdout).toBe("registry.k8s.io/coredns/coredns:v1.13.1");
    expect(s.run("kubectl -n kube-system get cm kubeadm-config -o jsonpath='{.data.ClusterConfiguration}'").stdout).toContain("kubernetesVersion: v1.35.1\n");
    expect(s.run("curl -sk https://172.30.1.2:6443/version").stdout).toContain('"gitVersion": "v1.35.1"');
    // the old manifests are backed up as kubeadm does
    expect(s.run("ls /etc/kubernetes/tmp").stdout).toMatch(/kubeadm-backup-manifests-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d/);
  });

  it("apply refuses what the version skew policy refuses, with kubeadm's errors, and changes nothing", () => {
    const s = old();
    // kubeadm still v1.34.3: a newer patch of its own minor needs --force, a newer minor is fatal
    const patch = s.run("kubeadm upgrade apply v1.34.9 -y");
    expect(patch.exitCode).toBe(1);
    expect(patch.stderr).toBe('error execution phase preflight: the version argument is invalid due to these errors:\n\n\t- Specified version to upgrade to "v1.34.9" is higher than the kubeadm version "v1.34.3". Upgrade kubeadm first using the tool you used to install kubeadm\n\nCan be bypassed if you pass the --force flag\nTo see the stack trace of this error execute with --v=5 or higher\n');
    const minor = s.run("kubeadm upgrade apply v1.35.1 -y");
    expect(minor.stderr).toContain('\t- Specified version to upgrade to "v1.35.1" is at least one minor release higher than the kubeadm minor release (35 > 34). Such an upgrade is not supported\n');
    expect(minor.stderr).toContain("fatal errors");
    for (const l of NEW_REPO) s.run(l);
    // skipping a minor is fatal
    const skip = s.run("kubeadm upgrade apply v1.36.0 -y");
    expect(skip.exitCode).toBe(1);
    expect(skip.stderr).toContain('\t- Specified version to upgrade to "v1.36.0" is too high; kubeadm can upgrade only 1 minor version at a time\n');
    // kubeadm 1.35 cannot set up 1.34 (the minimum control plane version) nor stay on it without --force
    const down = s.run("kubeadm upgrade apply v1.34.0 -y");
    expect(down.stderr).toContain('\t- Specified version to upgrade to "v1.34.0" is equal to or lower than the minimum supported version "v1.34.3". Please specify a higher version to upgrade to\n');
    const same = s.run("kubeadm upgrade apply v1.34.3 -y");
    expect(same.stderr).toContain("\t- Kubeadm version v1.35.1 can only be used to upgrade to Kubernetes version 1.35\n\nCan be bypassed if you pass the --force flag\n");
    expect(s.run("kubectl version").stdout).toContain("Server Version: v1.34.3\n");
    // not a control-plane node: no admin.conf for kubeadm there
    const worker = s.run("ssh node01 kubeadm upgrade apply v1.35.1 -y");
    expect(worker.exitCode).toBe(1);
    expect(worker.stderr).toContain('couldn\'t create a Kubernetes client from file "/etc/kubernetes/admin.conf"');
    expect(s.run("kubeadm upgrade apply").stderr).toBe("missing one or more required arguments: [version]\nTo see the stack trace of this error execute with --v=5 or higher\n");
    expect(s.run("kubeadm upgrade apply v1.35.1 --bogus").stderr).toBe("unknown flag: --bogus\nTo see the stack trace of this error execute with --v=5 or higher\n");
  });

  it("the documented order: control plane, then each worker; get nodes ends at v1.35.1 everywhere", () => {
    const s = old(7);
    const cp = [
      ...NEW_REPO,
      "kubeadm upgrade apply v1.35.1 -y",
      "kubectl drain controlplane --ignore-daemonsets",
      "apt-mark unhold kubelet kubectl",
      "apt-get install -y kubelet=1.35.1-1.1 kubectl=1.35.1-1.1",
      "apt-mark hold kubelet kubectl",
    ];
    for (const l of cp) expect(s.run(l).exitCode, l).toBe(0);
    // the kubelet package alone changes nothing: the running kubelet still reports v1.34.3
    expect(s.run("kubectl get node controlplane -o jsonpath='{.status.nodeInfo.kubeletVersion}'").stdout).toBe("v1.34.3");
    for (const l of ["systemctl daemon-reload", "systemctl restart kubelet", "kubectl uncordon controlplane"]) expect(s.run(l).exitCode, l).toBe(0);
    expect(s.run("kubectl get node controlplane -o jsonpath='{.status.nodeInfo.kubeletVersion}'").stdout).toBe("v1.35.1");
    expect(s.run("kubectl version --client").stdout).toBe("Client Version: v1.35.1\nKustomize Version: v5.7.1\n");
    for (const w of ["node01", "node02"]) {
      expect(s.run(`ssh ${w}`).exitCode).toBe(0);
      // every node has its own apt source (its own disk): the repository changes on each one
      expect(s.run("grep -o 'v1.3[45]' /etc/apt/sources.list.d/kubernetes.list").stdout).toBe("v1.34\n");
      for (const l of ["sed -i 's#/v1.34/#/v1.35/#' /etc/apt/sources.list.d/kubernetes.list", "apt-mark unhold kubeadm", "apt-get update", "apt-get install -y kubeadm=1.35.1-1.1", "apt-mark hold kubeadm"]) expect(s.run(l).exitCode, `${w}: ${l}`).toBe(0);
      const node = s.run("kubeadm upgrade node");
      expect(node.exitCode).toBe(0);
      expect(node.stdout).toContain("[upgrade/preflight] Skipping prepull. Not a control plane node.\n[upgrade/control-plane] Skipping phase. Not a control plane node.\n");
      expect(s.run("exit").exitCode).toBe(0);
      expect(s.run(`kubectl drain ${w} --ignore-daemonsets --delete-emptydir-data`).exitCode).toBe(0);
      for (const l of ["apt-mark unhold kubelet kubectl", "apt-get install -y kubelet=1.35.1-1.1 kubectl=1.35.1-1.1", "apt-mark hold kubelet kubectl", "systemctl daemon-reload", "systemctl restart kubelet"]) expect(s.run(`ssh ${w} ${l}`).exitCode, `${w}: ${l}`).toBe(0);
      expect(s.run(`kubectl uncordon ${w}`).exitCode).toBe(0);
    }
    golden("flow-end", transcript(s, ["kubectl get nodes", "kubeadm upgrade plan"]));
  });

  it("upgrade node on a worker only rewrites the kubelet configuration (golden)", () => {
    const s = old();
    for (const l of NEW_REPO) s.run(l);
    s.run("kubeadm upgrade apply v1.35.1 -y");
    golden("node", transcript(s, ["ssh node01", "kubeadm upgrade node", "exit", "kubectl get node node01 -o jsonpath='{.status.nodeInfo.kubeletVersion}{\"\\n\"}'"]));
  });
});

describe("kubeadm upgrade's health checks", () => {
  it("plan and apply stop on a NotReady control-plane node and on a refused API server, changing nothing", () => {
    const s = old();
    for (const l of NEW_REPO) s.run(l);
    s.run("systemctl stop kubelet");
    s.run("sleep 60");
    const plan = s.run("kubeadm upgrade plan");
    expect(plan.exitCode).toBe(1);
    expect(plan.stderr).toContain("[upgrade/health] FATAL: [preflight] Some fatal errors occurred:\n\t[ERROR ControlPlaneNodesReady]: there are NotReady control-planes in the cluster: [controlplane]\n");
    expect(s.run("kubeadm upgrade apply v1.35.1 -y").stderr).toContain("error execution phase preflight: [preflight] Some fatal errors occurred:\n\t[ERROR ControlPlaneNodesReady]");
    s.run("systemctl start kubelet");
    s.run("sleep 30");
    expect(s.run("kubeadm upgrade plan").exitCode).toBe(0);
    // the API server's manifest moved away: kubeadm cannot read its configuration
    s.run("mv /etc/kubernetes/manifests/kube-apiserver.yaml /root/");
    s.run("sleep 5");
    const down = s.run("kubeadm upgrade apply v1.35.1 -y");
    expect(down.exitCode).toBe(1);
    expect(down.stderr).toContain('[upgrade/config] FATAL: failed to get config map: Get "https://172.30.1.2:6443/api/v1/namespaces/kube-system/configmaps/kubeadm-config?timeout=10s": dial tcp 172.30.1.2:6443: connect: connection refused\n');
    expect(s.run("grep image: /root/kube-apiserver.yaml").stdout).toContain("kube-apiserver:v1.34.3");
  });
});

describe("kubeadm upgrade on the default v1.35.0 cluster", () => {
  it("patch upgrade v1.35.0 -> v1.35.1: kubeadm uploads its configuration, the server version follows the manifest", () => {
    const s = createShell(simClusterApi(createCluster({ preset: "cka", seed: 2 })));
    expect(s.run("kubectl -n kube-system get cm kubeadm-config").exitCode).toBe(1);
    for (const l of ["apt-mark unhold kubeadm", "apt-get install -y kubeadm=1.35.1-1.1"]) expect(s.run(l).exitCode).toBe(0);
    const plan = s.run("kubeadm upgrade plan");
    expect(plan.stdout).toContain("Upgrade to the latest version in the v1.35 series:\n");
    expect(plan.stdout).toContain("kube-apiserver            controlplane   v1.35.0   v1.35.1\n");
    expect(s.run("kubeadm upgrade apply v1.35.1 --yes").exitCode).toBe(0);
    expect(s.run("kubectl -n kube-system get cm kubeadm-config -o jsonpath='{.data.ClusterConfiguration}'").stdout).toContain("kubernetesVersion: v1.35.1\n");
    expect(s.run("kubectl version").stdout).toContain("Server Version: v1.35.1\n");
    // a hand edit of the manifest's tag moves the server version too (it is the running binary)
    s.run("sed -i 's#kube-apiserver:v1.35.1#kube-apiserver:v1.35.0#' /etc/kubernetes/manifests/kube-apiserver.yaml");
    s.run("sleep 40");
    expect(s.run("kubectl version").stdout).toContain("Server Version: v1.35.0\n");
  });
});

describe("kubeadm's version policy and table writer", () => {
  it("policy edges: one minor up is fine, two are fatal; kubeadm must be at least the target", () => {
    expect(versionPolicy("v1.35.1", "v1.34.3", "v1.35.1", ["v1.34.3"])).toEqual([[], []]);
    expect(versionPolicy("v1.35.0", "v1.34.3", "v1.35.1", ["v1.32.0"])).toEqual([[], []]);
    expect(versionPolicy("v1.35.0", "v1.34.3", "v1.35.1", ["v1.31.9"])[1]).toEqual(["There are kubelets in this cluster that are too old that have these versions [v1.31.9]"]);
    expect(versionPolicy("v1.35.1", "v1.35.0", "v1.35.1", [])).toEqual([[], []]);
    expect(versionPolicy("v1.35.2", "v1.35.0", "v1.35.1", [])[1]).toHaveLength(1);
    expect(versionPolicy("v1.36.0", "v1.34.3", "v1.36.0", [])[0]).toEqual(['Specified version to upgrade to "v1.36.0" is too high; kubeadm can upgrade only 1 minor version at a time']);
  });

  it("pads like Go's tabwriter (minwidth 10, padding 3; last column unpadded)", () => {
    expect(goTabwriter([["A", "NODE", "X"], ["kubelet", "", "1"]])).toBe("A         NODE      X\nkubelet             1\n");
  });
});
