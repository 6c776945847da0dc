import { describe, expect, it } from "vitest";
import { createSimSession } from "../sim-adapter";
import { humanDuration } from "./crictl";

const REFUSED = "The connection to the server 172.30.1.2:6443 was refused - did you specify the right host or port?\n";
const MANIFESTS = "/etc/kubernetes/manifests";

function session() {
  return createSimSession({ preset: "cka", seed: 3 });
}

describe("kubeadm's control plane as files", () => {
  it("has the four static pod manifests, the certificates they name and the kubelet's staticPodPath", () => {
    const s = session();
    expect(s.run(`ls ${MANIFESTS}`).stdout).toBe("etcd.yaml  kube-apiserver.yaml  kube-controller-manager.yaml  kube-scheduler.yaml\n");
    const api = s.run(`cat ${MANIFESTS}/kube-apiserver.yaml`).stdout;
    expect(api).toContain("    - --secure-port=6443\n");
    expect(api).toContain("    - --advertise-address=172.30.1.2\n");
    expect(api).toContain("    - --etcd-servers=https://127.0.0.1:2379\n");
    expect(api).toContain("    image: registry.k8s.io/kube-apiserver:v1.35.0\n");
    expect(s.run(`grep secure-port ${MANIFESTS}/kube-scheduler.yaml ${MANIFESTS}/kube-controller-manager.yaml`).exitCode).toBe(1);
    expect(s.run(`grep 'port: 10259' ${MANIFESTS}/kube-scheduler.yaml | head -1`).stdout).toBe("        port: 10259\n");
    expect(s.run(`grep 'port: 10257' ${MANIFESTS}/kube-controller-manager.yaml | head -1`).stdout).toBe("        port: 10257\n");
    expect(s.run(`grep -c 'https://172.30.1.2:2379' ${MANIFESTS}/etcd.yaml`).stdout).toBe("3\n");
    expect(s.run("ls /etc/kubernetes/pki/apiserver.crt /etc/kubernetes/pki/etcd/server.key /etc/kubernetes/scheduler.conf").exitCode).toBe(0);
    expect(s.run("grep staticPodPath /var/lib/kubelet/config.yaml").stdout).toBe("staticPodPath: /etc/kubernetes/manifests\n");
    expect(s.run("grep server: /etc/kubernetes/admin.conf").stdout).toBe("    server: https://172.30.1.2:6443\n");
  });

  it("runs them as mirror pods <component>-<node> owned by their Node, with the component and tier labels", () => {
    const s = session();
    const out = s.run("kubectl get pods -n kube-system -l tier=control-plane -o custom-columns=NAME:.metadata.name,COMPONENT:.metadata.labels.component,OWNER:.metadata.ownerReferences[0].kind,OWNER-NAME:.metadata.ownerReferences[0].name --no-headers").stdout;
    expect(out.split("\n").filter(Boolean).map((l) => l.split(/\s+/).join(" "))).toEqual([
      "etcd-controlplane etcd Node controlplane",
      "kube-apiserver-controlplane kube-apiserver Node controlplane",
      "kube-controller-manager-controlplane kube-controller-manager Node controlplane",
      "kube-scheduler-controlplane kube-scheduler Node controlplane",
    ]);
    expect(s.run("kubectl get pod -n kube-system etcd-controlplane -o yaml | grep config.source").stdout).toBe("    kubernetes.io/config.source: file\n");
    // untouched files change nothing: the pods keep running from the boot
    expect(s.run("kubectl get pod -n kube-system kube-scheduler-controlplane --no-headers").stdout).toMatch(/1\/1\s+Running\s+0\s+10d/);
  });
});

describe("a broken kube-scheduler manifest", () => {
  it("leaves new pods Pending without events; crictl and the kubelet's journal show why; the fix schedules them", () => {
    const s = session();
    s.run(`sed -i 's/- --leader-elect=true/- --leader-elect=true\\n    - --foo=bar/' ${MANIFESTS}/kube-scheduler.yaml`);
    expect(s.run("kubectl run web --image=nginx").exitCode).toBe(0);
    s.run("sleep 40");
    expect(s.run("kubectl get pod web --no-headers").stdout).toMatch(/^web\s+0\/1\s+Pending\s+0\s/);
    expect(s.run("kubectl get events --field-selector involvedObject.name=web").stderr).toBe("No resources found in default namespace.\n");
    expect(s.run("kubectl get pod -n kube-system kube-scheduler-controlplane --no-headers").stdout).toMatch(/0\/1\s+(CrashLoopBackOff|Error)\s+[1-9]/);
    const ps = s.run("crictl ps -a --name kube-scheduler").stdout.split("\n");
    expect(ps[0]).toBe("CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID              POD                           NAMESPACE");
    expect(ps[1]).toMatch(/^[0-9a-f]{13}       [0-9a-f]{13}       \d+ seconds ago\s+Exited              kube-scheduler      \d+\s+[0-9a-f]{13}       kube-scheduler-controlplane   kube-system$/);
    // a running container is not listed without -a
    expect(s.run("crictl ps --name kube-scheduler").stdout.split("\n").filter(Boolean)).toHaveLength(1);
    const logs = s.run("crictl logs $(crictl ps -a --name kube-scheduler -q | head -1)");
    expect(logs.exitCode).toBe(0);
    expect(logs.stdout.trimEnd().split("\n").pop()).toBe("Error: unknown flag: --foo");
    expect(s.run("kubectl logs -n kube-system kube-scheduler-controlplane --previous | tail -1").stdout).toBe("Error: unknown flag: --foo\n");
    const journal = s.run("journalctl -u kubelet").stdout;
    expect(journal).toMatch(/kubelet\[2417\]: E\d{4} [\d:.]+ +2417 pod_workers\.go:1301\] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"kube-scheduler\\" with CrashLoopBackOff: \\"back-off \d+s restarting failed container=kube-scheduler pod=kube-scheduler-controlplane_kube-system\([0-9a-f-]+\)\\"" pod="kube-system\/kube-scheduler-controlplane"/);

    s.run(`sed -i '/--foo=bar/d' ${MANIFESTS}/kube-scheduler.yaml`);
    s.run("sleep 10");
    expect(s.run("kubectl get pod web --no-headers").stdout).toMatch(/^web\s+1\/1\s+Running\s+0\s/);
    expect(s.run("kubectl get events --field-selector involvedObject.name=web,reason=Scheduled --no-headers").stdout).toContain("Successfully assigned default/web to node0");
    expect(s.run("kubectl get pod -n kube-system kube-scheduler-controlplane --no-headers").stdout).toMatch(/Running\s+0\s/);
  });
});

describe("a broken kube-apiserver manifest", () => {
  it("makes kubectl refuse to connect until the file is fixed", () => {
    const s = session();
    s.run(`sed -i 's/--allow-privileged=true/--allow-privileged=true\\n    - --this-flag-does-not-exist=1/' ${MANIFESTS}/kube-apiserver.yaml`);
    const r = s.run("kubectl get pods");
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(REFUSED);
    expect(r.exitCode).toBe(1);
    const v = s.run("kubectl version");
    expect(v.stdout).toBe("Client Version: v1.35.0\nKustomize Version: v5.7.1\n");
    expect(v.stderr).toBe(REFUSED);
    // commands that never reach the server still work
    expect(s.run("kubectl config current-context").stdout).toBe("kubernetes-admin@kubernetes\n");
    expect(s.run("kubectl run x --image=nginx --dry-run=client -o name").stdout).toBe("pod/x\n");
    expect(s.run("crictl ps -a --name kube-apiserver -o json").exitCode).toBe(0);
    expect(s.run("crictl logs $(crictl ps -a --name kube-apiserver -q | head -1) | tail -1").stdout).toBe("Error: unknown flag: --this-flag-does-not-exist\n");
    expect(s.run("journalctl -u kubelet | grep -c 'dial tcp 172.30.1.2:6443: connect: connection refused'").stdout).toBe("1\n");
    s.run(`sed -i '/this-flag-does-not-exist/d' ${MANIFESTS}/kube-apiserver.yaml`);
    expect(s.run("kubectl get pods").stderr).toBe("No resources found in default namespace.\n");
  });

  it("serves on another --secure-port: the container runs, but nothing answers on 6443", () => {
    const s = session();
    s.run(`sed -i 's/--secure-port=6443/--secure-port=6444/' ${MANIFESTS}/kube-apiserver.yaml`);
    expect(s.run("kubectl get nodes").stderr).toBe(REFUSED);
    expect(s.run("crictl ps --name kube-apiserver --no-trunc | tail -1").stdout).toMatch(/Running\s+kube-apiserver/);
    s.run(`sed -i 's/--secure-port=6444/--secure-port=6443/' ${MANIFESTS}/kube-apiserver.yaml`);
    expect(s.run("kubectl get nodes --no-headers | wc -l").stdout).toBe("3\n");
  });

  it("names a certificate that is not there: the API server exits with the file's error", () => {
    const s = session();
    s.run(`sed -i 's#--tls-cert-file=/etc/kubernetes/pki/apiserver.crt#--tls-cert-file=/etc/kubernetes/pki/apiserver-new.crt#' ${MANIFESTS}/kube-apiserver.yaml`);
    expect(s.run("kubectl get pods").stderr).toBe(REFUSED);
    expect(s.run("crictl logs $(crictl ps -a --name kube-apiserver -q | head -1)").stdout).toMatch(/^E\d{4} [\d:.]+ +1 run\.go:72\] "command failed" err="unable to load server certificate: open \/etc\/kubernetes\/pki\/apiserver-new\.crt: no such file or directory"\n$/);
    // creating the file on the host is a fix too: the next restart (after the kubelet's back-off) finds it
    s.run("cp /etc/kubernetes/pki/apiserver.crt /etc/kubernetes/pki/apiserver-new.crt");
    expect(s.run("kubectl get ns default").stderr).toBe(REFUSED);
    s.run("sleep 320");
    expect(s.run("kubectl get ns default --no-headers").stdout).toMatch(/^default\s+Active/);
    // and so is pointing the flag back at the file that is there (a new pod, no back-off)
    s.run("rm /etc/kubernetes/pki/apiserver-new.crt");
    s.run("sed -i 's/apiserver-new.crt/apiserver-x.crt/' " + MANIFESTS + "/kube-apiserver.yaml");
    expect(s.run("kubectl get ns default").stderr).toBe(REFUSED);
    s.run("sed -i 's/apiserver-x.crt/apiserver.crt/' " + MANIFESTS + "/kube-apiserver.yaml");
    expect(s.run("kubectl get ns default --no-headers").stdout).toMatch(/^default\s+Active/);
  });

  it("reads files only through its hostPath mounts: an audit policy outside them is not found", () => {
    const s = session();
    s.run("mkdir -p /etc/kubernetes/audit && echo 'apiVersion: audit.k8s.io/v1' > /etc/kubernetes/audit/policy.yaml");
    s.run(`sed -i 's#- --allow-privileged=true#- --allow-privileged=true\\n    - --audit-policy-file=/etc/kubernetes/audit/policy.yaml#' ${MANIFESTS}/kube-apiserver.yaml`);
    expect(s.run("kubectl get pods").stderr).toBe(REFUSED);
    expect(s.run("crictl logs $(crictl ps -a --name kube-apiserver -q | head -1)").stdout).toContain('err="open /etc/kubernetes/audit/policy.yaml: no such file or directory"');
  });

  it("points at an etcd port nothing listens on: connection errors, then it gives up", () => {
    const s = session();
    s.run(`sed -i 's#--etcd-servers=https://127.0.0.1:2379#--etcd-servers=https://127.0.0.1:2380#' ${MANIFESTS}/kube-apiserver.yaml`);
    s.run("sleep 30");
    expect(s.run("kubectl get pods").stderr).toBe(REFUSED);
    const log = s.run("crictl logs $(crictl ps -a --name kube-apiserver -q | head -1)").stdout;
    expect(log).toContain('dial tcp 127.0.0.1:2380: connect: connection refused"');
    expect(log).toMatch(/Error creating leases: error creating storage factory: context deadline exceeded\n$/);
  });
});

describe("other components", () => {
  it("a YAML error in kube-controller-manager.yaml: the kubelet drops the pod, Deployments get no ReplicaSets until it is fixed", () => {
    const s = session();
    s.run(`sed -i 's/^kind: Pod/kind Pod/' ${MANIFESTS}/kube-controller-manager.yaml`);
    expect(s.run("kubectl get pods -n kube-system kube-controller-manager-controlplane").stderr).toBe('Error from server (NotFound): pods "kube-controller-manager-controlplane" not found\n');
    expect(s.run("journalctl -u kubelet | grep file.go").stdout).toMatch(/"Could not process manifest file" err="\/etc\/kubernetes\/manifests\/kube-controller-manager\.yaml: couldn't parse as pod\(yaml: line \d+: [^)]*\), please check config file" path="\/etc\/kubernetes\/manifests\/kube-controller-manager\.yaml"\n$/);
    s.run("kubectl create deployment web --image=nginx");
    s.run("sleep 20");
    expect(s.run("kubectl get rs").stderr).toBe("No resources found in default namespace.\n");
    s.run(`sed -i 's/^kind Pod/kind: Pod/' ${MANIFESTS}/kube-controller-manager.yaml`);
    expect(s.run("journalctl -u kubelet | grep -c file.go").stdout).toBe("0\n");
    s.run("sleep 10");
    expect(s.run("kubectl get deploy web --no-headers").stdout).toMatch(/^web\s+1\/1\s+1\s+1\s/);
  });

  it("etcd with a certificate it cannot open stops etcd, and with it the API server", () => {
    const s = session();
    s.run(`sed -i 's#--cert-file=/etc/kubernetes/pki/etcd/server.crt#--cert-file=/etc/kubernetes/pki/etcd/srv.crt#' ${MANIFESTS}/etcd.yaml`);
    expect(s.run("kubectl get pods").stderr).toBe(REFUSED);
    expect(s.run("crictl logs $(crictl ps -a --name etcd -q | head -1)").stdout).toContain('"msg":"discovery failed","error":"open /etc/kubernetes/pki/etcd/srv.crt: no such file or directory"');
    s.run(`sed -i 's#/etc/kubernetes/pki/etcd/srv.crt#/etc/kubernetes/pki/etcd/server.crt#' ${MANIFESTS}/etcd.yaml`);
    expect(s.run("kubectl get pods -n kube-system etcd-controlplane --no-headers").stdout).toMatch(/^etcd-controlplane\s+[01]\/1\s+Running/);
  });
});

describe("crictl", () => {
  it("needs a node's container runtime: on a worker it lists that node's containers", () => {
    const s = session();
    const pods = s.run("ssh node01 crictl pods").stdout.split("\n");
    expect(pods[0]).toBe("POD ID              CREATED             STATE               NAME                             NAMESPACE           ATTEMPT             RUNTIME");
    expect(pods.some((l) => /^[0-9a-f]{13}       10 days ago         Ready               kube-proxy-[a-z0-9]{5}                 kube-system         0                   \(default\)$/.test(l))).toBe(true);
    expect(pods.some((l) => l.includes("kube-apiserver"))).toBe(false);
    expect(s.run("ssh node01 crictl ps --name kube-apiserver -q").stdout).toBe("");
    const missing = s.run("crictl logs 0123456789abc");
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('FATA[0000] rpc error: code = NotFound desc = an error occurred when try to find container "0123456789abc": not found');
    expect(JSON.parse(s.run("crictl info").stdout).status.conditions.map((c: { type: string; status: boolean }) => `${c.type}=${c.status}`)).toContain("RuntimeReady=true");
    const id = s.run("crictl ps --name etcd -q").stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(s.run(`crictl inspect ${id.slice(0, 6)}`).stdout).status.labels["io.kubernetes.pod.name"]).toBe("etcd-controlplane");
  });

  it("prints ages as go-units HumanDuration", () => {
    expect([0, 1000, 59_000, 60_000, 119_000, 3_599_000, 3_600_000, 47 * 3_600_000, 48 * 3_600_000, 10 * 86_400_000, 20 * 86_400_000].map(humanDuration)).toEqual([
      "Less than a second", "1 second", "59 seconds", "About a minute", "About a minute", "59 minutes", "About an hour", "47 hours", "2 days", "10 days", "2 weeks",
    ]);
  });
});

describe("namespaces the cluster needs", () => {
  it("cannot be deleted, with the API server's message; others can", () => {
    const s = session();
    for (const ns of ["default", "kube-system", "kube-public", "kube-node-lease"]) {
      const r = s.run(`kubectl delete namespace ${ns}`);
      expect(r.stderr).toBe(`Error from server (Forbidden): namespaces "${ns}" is forbidden: this namespace may not be deleted\n`);
      expect(r.exitCode).toBe(1);
    }
    expect(s.run("kubectl get ns default --no-headers").stdout).toMatch(/^default\s+Active/);
    s.run("kubectl create ns scratch");
    expect(s.run("kubectl delete ns scratch").stdout).toBe('namespace "scratch" deleted\n');
  });
});

describe("state", () => {
  it("a broken component survives a snapshot and replays the same", () => {
    const run = () => {
      const s = session();
      s.run(`sed -i 's/--leader-elect=true/--leader-elect=maybe/' ${MANIFESTS}/kube-scheduler.yaml`);
      s.run("kubectl run p --image=nginx");
      s.run("sleep 60");
      return s;
    };
    const a = run(), b = run();
    const ca = a.cluster(), cb = b.cluster();
    expect(ca.controlPlane!.down()).toEqual(cb.controlPlane!.down());
    expect(a.run("crictl ps -a").stdout).toBe(b.run("crictl ps -a").stdout);
    expect(a.run("kubectl get pods -A").stdout).toBe(b.run("kubectl get pods -A").stdout);
  });
});

describe("the API server from curl and the kubeconfig", () => {
  it("answers REST requests with a ServiceAccount's bearer token: 403 from RBAC, 401 for a bad token, the list once allowed", () => {
    const s = session();
    s.run("kubectl create serviceaccount bot");
    s.run("kubectl run p --image=nginx");
    s.run("TOKEN=$(kubectl create token bot)");
    const url = "https://172.30.1.2:6443/api/v1/namespaces/default/pods";
    const forbidden = JSON.parse(s.run(`curl -sk ${url} -H "Authorization: Bearer $TOKEN"`).stdout);
    expect(forbidden).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: 'pods is forbidden: User "system:serviceaccount:default:bot" cannot list resource "pods" in API group "" in the namespace "default"', reason: "Forbidden", details: { kind: "pods" }, code: 403 });
    expect(s.run(`curl -sk ${url} -H "Authorization: Bearer not-a-token"`).stdout).toBe('{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": "Unauthorized",\n  "reason": "Unauthorized",\n  "code": 401\n}\n');
    expect(JSON.parse(s.run(`curl -sk ${url}`).stdout).message).toBe('pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "default"');
    s.run("kubectl create role pod-reader --verb=list --resource=pods");
    s.run("kubectl create rolebinding bot-read --role=pod-reader --serviceaccount=default:bot");
    const list = JSON.parse(s.run(`curl -sk ${url} -H "Authorization: Bearer $TOKEN"`).stdout);
    expect(list.kind).toBe("PodList");
    expect(list.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(["p"]);
    // without -k curl does not trust the cluster CA; with the API server down it cannot connect
    expect(s.run(`curl -s ${url}`).exitCode).toBe(60);
    s.run("sed -i 's/--secure-port=6443/--secure-port=6444/' /etc/kubernetes/manifests/kube-apiserver.yaml");
    const down = s.run(`curl -k ${url}`);
    expect(down.exitCode).toBe(7);
    expect(down.stderr).toBe("curl: (7) Failed to connect to 172.30.1.2 port 6443 after 0 ms: Couldn't connect to server\n");
  });

  it("kubectl config view shows the control-plane node's address, reads --kubeconfig FILE and prints JSONPath", () => {
    const s = session();
    expect(s.run("kubectl config view -o jsonpath='{.clusters[0].cluster.server}'").stdout).toBe("https://172.30.1.2:6443");
    expect(s.run("kubectl get nodes controlplane -o jsonpath='{.status.addresses[0].address}'").stdout).toBe("172.30.1.2");
    expect(s.run("kubectl config view --kubeconfig /etc/kubernetes/scheduler.conf -o jsonpath='{.contexts[0].context.user}'").stdout).toBe("system:kube-scheduler");
    expect(s.run("kubectl config view --kubeconfig /etc/kubernetes/admin.conf | grep client-key-data").stdout).toBe("    client-key-data: DATA+OMITTED\n");
    expect(s.run("kubectl config view --kubeconfig /etc/kubernetes/admin.conf --raw | grep -c DATA+OMITTED").stdout).toBe("0\n");
    const missing = s.run("kubectl config view --kubeconfig /root/nope.conf");
    expect(missing.stderr).toBe("error: stat /root/nope.conf: no such file or directory\n");
    expect(missing.exitCode).toBe(1);
  });

  it("config view --minify keeps the context --context names (view.go), else the current one; a missing one cannot be located", () => {
    const s = session();
    s.run("kubectl config set-context dev --cluster=kubernetes --user=kubernetes-admin --namespace=dev");
    const view = (flags: string) => s.run(`kubectl config view --minify ${flags} -o jsonpath='{.current-context} {.contexts[*].name} {..namespace}'`);
    expect(view("--context=dev").stdout).toBe("dev dev dev");
    expect(view("").stdout).toBe("kubernetes-admin@kubernetes kubernetes-admin@kubernetes ");
    expect(s.run("kubectl config view --context=dev -o jsonpath='{.current-context}'").stdout).toBe("kubernetes-admin@kubernetes");
    const nope = view("--context=nope");
    expect([nope.stderr, nope.exitCode]).toEqual(["error: cannot locate context nope\n", 1]);
    expect(s.run("kubectl get ns --context=nope").stderr).toBe("error: context was not found for specified context: nope\n");
  });
});
