// One file system per host: ssh moves the shell onto the host's own disk; every node's kubelet runs the static Pods
// of its own staticPodPath (mirror Pods <name>-<node>, owned by the Node), as upstream's kubelet does.
import { describe, expect, it } from "vitest";
import { createCluster } from "../../sim/index";
import { simClusterApi } from "../sim-adapter";
import { clusterWithHost, PREPARE } from "../kubeadm/testkit";
import { createShell } from "./shell";

const POD = (name: string, ns = "") =>
  `cat > /etc/kubernetes/manifests/${name}.yaml <<'EOF'\napiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ""}spec:\n  containers:\n  - name: c\n    image: nginx:1.27\nEOF`;

function shell(seed = 3) {
  return createShell(simClusterApi(createCluster({ seed, preset: "cka" })));
}

describe("a file system per host", () => {
  it("is made only when the shell first reaches a host", () => {
    const s = shell();
    expect([...s.state.hosts.keys()]).toEqual(["kubernetes/controlplane"]);
    s.run("ssh node01");
    s.run("exit");
    expect([...s.state.hosts.keys()]).toEqual(["kubernetes/controlplane", "kubernetes/node01"]);
  });

  it("keeps node01's files on node01 and the home directory on the host the shell started on", () => {
    const s = shell();
    s.run("mkdir -p /root/work && cd /root/work && echo mine > notes.txt");
    expect(s.run("ssh node01").exitCode).toBe(0);
    expect(s.run("pwd").stdout).toBe("/root\n");
    expect(s.run("cat /root/work/notes.txt").stderr).toBe("cat: /root/work/notes.txt: No such file or directory\n");
    s.run("echo worker > /tmp/w.txt");
    expect(s.run("ls /etc/kubernetes").stdout).toBe("kubelet.conf  manifests  pki\n");
    expect(s.run("ls /etc/kubernetes/manifests").stdout).toBe("");
    expect(s.run("grep -c server: /etc/kubernetes/kubelet.conf").stdout).toBe("1\n");
    expect(s.run("exit").stdout).toBe("logout\nConnection to node01 closed.\n");
    // back where it was
    expect(s.run("pwd").stdout).toBe("/root/work\n");
    expect(s.run("cat notes.txt").stdout).toBe("mine\n");
    expect(s.run("cat /tmp/w.txt").exitCode).toBe(1);
    expect(s.run("ssh node01 cat /tmp/w.txt").stdout).toBe("worker\n");
    expect(s.run("ssh node02 cat /tmp/w.txt").exitCode).toBe(1);
  });

  it("kubectl works on a control-plane host (admin.conf) and not on a worker (no kubeconfig)", () => {
    const s = shell();
    s.run("ssh node01");
    expect(s.run("kubectl get ns default").stderr).toBe("The connection to the server localhost:8080 was refused - did you specify the right host or port?\n");
    expect(s.run("kubeadm token list").exitCode).toBe(1);
    s.run("exit");
    s.run("ssh controlplane");
    expect(s.run("kubectl get ns default -o name").stdout).toBe("namespace/default\n");
    expect(s.run("kubeadm token list").exitCode).toBe(0);
  });

  it("scp copies between hosts, and says so when the host or file is not there", () => {
    const s = shell();
    s.run("echo join > /root/join.sh");
    expect(s.run("scp /root/join.sh node01:/root/").exitCode).toBe(0);
    expect(s.run("ssh node01 cat /root/join.sh").stdout).toBe("join\n");
    expect(s.run("scp node01:/root/join.sh /tmp/back.sh").exitCode).toBe(0);
    expect(s.run("cat /tmp/back.sh").stdout).toBe("join\n");
    expect(s.run("scp /root/nope node01:").stderr).toBe("scp: /root/nope: No such file or directory\n");
    const r = s.run("scp /root/join.sh node09:/root/");
    expect(r.exitCode).toBe(255);
    expect(r.stderr).toContain("ssh: Could not resolve hostname node09: Name or service not known");
  });
});

describe("control-plane nodes of an HA cluster", () => {
  it("each has its own kubeadm manifests: breaking and fixing controlplane2's etcd touches only its member", () => {
    const s = createShell(simClusterApi(createCluster({ seed: 5, preset: "ha" })));
    s.run("ssh controlplane2");
    expect(s.run("grep -e --advertise-address= /etc/kubernetes/manifests/kube-apiserver.yaml").stdout).toBe("    - --advertise-address=172.30.2.2\n");
    s.run("sed -i 's#--key-file=/etc/kubernetes/pki/etcd/server.key#--key-file=/etc/kubernetes/pki/etcd/x.key#' /etc/kubernetes/manifests/etcd.yaml");
    s.run("exit");
    expect(s.run("grep -c x.key /etc/kubernetes/manifests/etcd.yaml").stdout).toBe("0\n");
    s.run("sleep 30");
    const ready = () => s.run("kubectl get pods -n kube-system -l component=etcd -o jsonpath='{range .items[*]}{.metadata.name}={.status.containerStatuses[0].ready} {end}'").stdout;
    expect(ready()).toBe("etcd-controlplane=true etcd-controlplane2=false etcd-controlplane3=true ");
    s.run("ssh controlplane2 sed -i 's#x.key#server.key#' /etc/kubernetes/manifests/etcd.yaml");
    s.run("sleep 30");
    expect(ready()).toBe("etcd-controlplane=true etcd-controlplane2=true etcd-controlplane3=true ");
  });
});

describe("a host that joins", () => {
  it("has no kubeadm files before kubeadm join and a worker's after; then runs static Pods", () => {
    const { s } = clusterWithHost();
    const join = s.run("kubeadm token create --print-join-command").stdout.trim();
    s.run("ssh node03");
    expect(s.run("ls /etc/kubernetes").stderr).toBe("ls: cannot access '/etc/kubernetes': No such file or directory\n");
    for (const l of PREPARE) expect(s.run(l).exitCode, l).toBe(0);
    expect(s.run(join).exitCode).toBe(0);
    expect(s.run("ls /etc/kubernetes").stdout).toBe("kubelet.conf  manifests  pki\n");
    s.run(POD("probe"));
    s.run("exit");
    s.run("sleep 20");
    expect(s.run("kubectl get pod probe-node03 -o jsonpath='{.spec.nodeName}'").stdout).toBe("node03");
  });
});

describe("static Pods on a worker", () => {
  it("a manifest in node01's staticPodPath runs as mirror Pod <name>-node01, owned by Node node01, in its namespace", () => {
    const s = shell();
    expect(s.run("ssh node01 grep staticPodPath /var/lib/kubelet/config.yaml").stdout).toBe("staticPodPath: /etc/kubernetes/manifests\n");
    s.run("kubectl create namespace web");
    s.run("ssh node01");
    s.run(POD("static-web", "web"));
    s.run("exit");
    // the control plane's directory is another disk
    expect(s.run("ls /etc/kubernetes/manifests").stdout).toBe("etcd.yaml  kube-apiserver.yaml  kube-controller-manager.yaml  kube-scheduler.yaml\n");
    s.run("sleep 15");
    expect(s.run("kubectl get pod static-web-node01 -n web -o jsonpath='{.metadata.ownerReferences[0].kind}'").stdout).toBe("Node");
    const ann = s.run("kubectl get pod static-web-node01 -n web -o jsonpath='{.spec.nodeName} {.metadata.ownerReferences[0].name} {.metadata.annotations.kubernetes\\.io/config\\.source} {.status.phase}'");
    expect(ann.stdout).toBe("node01 node01 file Running");
    expect(s.run("kubectl get pod static-web-controlplane -n web").exitCode).toBe(1);
  });

  it("comes back after kubectl delete and goes with its file", () => {
    const s = shell();
    s.run("ssh node02");
    s.run(POD("agent"));
    s.run("exit");
    s.run("sleep 10");
    expect(s.run("kubectl delete pod agent-node02").stdout).toBe('pod "agent-node02" deleted from default namespace\n');
    s.run("sleep 5");
    expect(s.run("kubectl get pod agent-node02 -o jsonpath='{.spec.nodeName}'").stdout).toBe("node02");
    s.run("ssh node02 rm /etc/kubernetes/manifests/agent.yaml");
    expect(s.run("kubectl get pod agent-node02").stderr).toBe('Error from server (NotFound): pods "agent-node02" not found\n');
    s.run("sleep 10");
    expect(s.run("kubectl get pods").stderr).toBe("No resources found in default namespace.\n");
  });

  it("follows staticPodPath in the kubelet's config once the kubelet restarts; a stopped kubelet reads nothing", () => {
    const s = shell();
    s.run("ssh node01");
    s.run("mkdir -p /etc/kubelet.d");
    s.run(POD("moved").replace("/etc/kubernetes/manifests/", "/etc/kubelet.d/"));
    s.run("sed -i 's#staticPodPath: /etc/kubernetes/manifests#staticPodPath: /etc/kubelet.d#' /var/lib/kubelet/config.yaml");
    s.run("exit");
    // the running kubelet still watches the old directory
    expect(s.run("kubectl get pod moved-node01").exitCode).toBe(1);
    s.run("ssh node01 systemctl restart kubelet");
    s.run("sleep 10");
    expect(s.run("kubectl get pod moved-node01 -o jsonpath='{.spec.nodeName}'").stdout).toBe("node01");
    // stopped: a new file waits for the kubelet
    s.run("ssh node01 systemctl stop kubelet");
    s.run("ssh node01 \"printf 'apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: later\\nspec:\\n  containers:\\n  - name: c\\n    image: nginx:1.27\\n' > /etc/kubelet.d/later.yaml\"");
    expect(s.run("ssh node01 ls /etc/kubelet.d").stdout).toBe("later.yaml  moved.yaml\n");
    expect(s.run("kubectl get pod later-node01").exitCode).toBe(1);
    s.run("ssh node01 systemctl start kubelet");
    s.run("sleep 10");
    expect(s.run("kubectl get pod later-node01 -o jsonpath='{.spec.nodeName}'").stdout).toBe("node01");
  });

  it("a manifest node01's kubelet cannot read shows in node01's journal, not the control plane's", () => {
    const s = shell();
    s.run("ssh node01");
    s.run("printf 'apiVersion: v1\\nkind: Pod\\nmetadata: [oops\\n' > /etc/kubernetes/manifests/bad.yaml");
    expect(s.run("journalctl -u kubelet").stdout).toContain('"Could not process manifest file" err="/etc/kubernetes/manifests/bad.yaml: couldn\'t parse as pod(');
    s.run("exit");
    expect(s.run("journalctl -u kubelet").stdout).not.toContain("Could not process manifest file");
    s.run("ssh node01 rm /etc/kubernetes/manifests/bad.yaml");
    expect(s.run("ssh node01 journalctl -u kubelet").stdout).not.toContain("Could not process manifest file");
  });

  it("a file named like a kubeadm manifest on a worker is an ordinary static Pod", () => {
    const s = shell();
    s.run("ssh node01");
    s.run(POD("kube-scheduler"));
    s.run("exit");
    s.run("sleep 10");
    expect(s.run("kubectl get pod kube-scheduler-node01 -o jsonpath='{.spec.containers[0].image}'").stdout).toBe("nginx:1.27");
    expect(s.run("kubectl get pods -n kube-system -l component=kube-scheduler -o name").stdout).toBe("pod/kube-scheduler-controlplane\n");
  });
});
