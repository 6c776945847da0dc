import { describe, expect, it } from "vitest";
import { clusterWithHost, PREPARE } from "./testkit";
import type { Shell } from "../shell/shell";

const TAIL = "To see the stack trace of this error execute with --v=5 or higher\n";
const CRI_WARNING =
  `[preflight] WARNING: Couldn't create the interface used for talking to the container runtime: failed to create new CRI runtime service: validate service connection: validate CRI v1 runtime API for endpoint "unix:///var/run/containerd/containerd.sock": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix /var/run/containerd/containerd.sock: connect: no such file or directory"`;
const SWAP_WARNING = "\t[WARNING Swap]: swap is supported for cgroup v2 only. The kubelet must be properly configured to use swap. Please refer to https://kubernetes.io/docs/concepts/architecture/nodes/#swap-memory, or disable swap on the node\n";
const FATAL = (errs: string) =>
  `[preflight] Some fatal errors occurred:\n${errs}[preflight] If you know what you are doing, you can make a check non-fatal with \`--ignore-preflight-errors=...\`\nerror: error execution phase preflight: preflight checks failed\n${TAIL}`;
const IP_FORWARD = "\t[ERROR FileContent--proc-sys-net-ipv4-ip_forward]: /proc/sys/net/ipv4/ip_forward contents are not set to 1\n";

function joinCommand(s: Shell): string {
  const r = s.run("kubeadm token create --print-join-command");
  expect(r.exitCode).toBe(0);
  return r.stdout.trim();
}

/** All of PREPARE but the lines matching `skip`. */
function prepareExcept(s: Shell, skip?: RegExp) {
  for (const l of PREPARE) if (!skip || !skip.test(l)) expect(s.run(l).exitCode).toBe(0);
}

describe("kubeadm join", () => {
  it("flow: prepare the host, token create --print-join-command, join: the Node is Ready with kube-proxy and the CNI on it", () => {
    const { s } = clusterWithHost();
    const join = joinCommand(s);
    expect(join).toMatch(/^kubeadm join 172\.30\.1\.2:6443 --token [a-z0-9]{6}\.[a-z0-9]{16} --discovery-token-ca-cert-hash sha256:[0-9a-f]{64}$/);
    expect(s.run("ssh node03").exitCode).toBe(0);
    prepareExcept(s);
    const r = s.run(join);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      "[preflight] Running pre-flight checks\n" +
        '[preflight] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...\n' +
        "[preflight] Use 'kubeadm init phase upload-config --config your-config.yaml' to re-upload it.\n" +
        '[kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"\n' +
        '[kubelet-start] Writing kubelet environment file with flags to file "/var/lib/kubelet/kubeadm-flags.env"\n' +
        "[kubelet-start] Starting the kubelet\n" +
        "[kubelet-check] Waiting for a healthy kubelet at http://127.0.0.1:10248/healthz. This can take up to 4m0s\n" +
        "[kubelet-check] The kubelet is healthy after 501.202518ms\n" +
        "[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap\n\n" +
        "This node has joined the cluster:\n* Certificate signing request was sent to apiserver and a response was received.\n* The Kubelet was informed of the new secure connection details.\n\n" +
        "Run 'kubectl get nodes' on the control-plane to see this node join the cluster.\n\n",
    );
    expect(s.run("systemctl is-active kubelet").stdout).toBe("active\n");
    s.run("exit");
    expect(s.run("kubectl get node node03 --no-headers").stdout).toMatch(/^node03\s+Ready\s+<none>\s+\S+\s+v1\.35\.0\n$/);
    const pods = s.run("kubectl get pods -n kube-system --field-selector spec.nodeName=node03 --no-headers -o custom-columns=NAME:.metadata.name,STATUS:.status.phase").stdout;
    expect(pods).toMatch(/^kube-flannel-ds-\S+\s+Running\n/m);
    expect(pods).toMatch(/^kube-proxy-\S+\s+Running\n/m);
    // joined: a second join fails the preflight as on a real node
    s.run("ssh node03");
    const again = s.run(join);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toBe(
      FATAL("\t[ERROR FileAvailable--etc-kubernetes-kubelet.conf]: /etc/kubernetes/kubelet.conf already exists\n\t[ERROR Port-10250]: Port 10250 is in use\n\t[ERROR FileAvailable--etc-kubernetes-pki-ca.crt]: /etc/kubernetes/pki/ca.crt already exists\n"),
    );
  });

  it("each host setting left undone alone gives exactly its preflight line", () => {
    // ip_forward not set: the one fatal error
    let { s } = clusterWithHost();
    let join = joinCommand(s);
    s.run("ssh node03");
    prepareExcept(s, /sysctl/);
    let r = s.run(join);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(FATAL(IP_FORWARD));
    expect(r.stdout).toBe("[preflight] Running pre-flight checks\n");

    // swap on: a warning, then the kubelet refuses to run (4 minutes of virtual time)
    ({ s } = clusterWithHost());
    join = joinCommand(s);
    s.run("ssh node03");
    prepareExcept(s, /swapoff/);
    const before = s.cluster().now();
    r = s.run(join);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.startsWith(SWAP_WARNING)).toBe(true);
    expect(r.stdout).toContain("[kubelet-check] The kubelet is not healthy after 4m0.000458712s\n\nUnfortunately, an error has occurred:\n");
    expect(r.stderr).toContain(`error: error execution phase kubelet-start: The HTTP call equal to 'curl -sSL http://127.0.0.1:10248/healthz' returned error: Get "http://127.0.0.1:10248/healthz": context deadline exceeded\n${TAIL}`);
    expect(s.cluster().now() - before).toBeGreaterThanOrEqual(4 * 60_000);

    // containerd stopped: kubeadm's klog warning only (no CRI check), then the kubelet cannot start
    ({ s } = clusterWithHost());
    join = joinCommand(s);
    s.run("ssh node03");
    prepareExcept(s, /containerd/);
    r = s.run(join);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^W\\d{4} [0-9:.]+ +\\d+ checks\\.go:1080\\] ${CRI_WARNING.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\n`));
    expect(r.stderr).not.toContain("[ERROR");
    expect(r.stderr).toContain("error execution phase kubelet-start");

    // everything undone: the warnings and the one error, in upstream's order
    ({ s } = clusterWithHost());
    join = joinCommand(s);
    s.run("ssh node03");
    s.run("systemctl disable kubelet");
    r = s.run(join);
    expect(r.stderr.replace(/^W.*\n/, "")).toBe(SWAP_WARNING + "\t[WARNING Service-Kubelet]: kubelet service is not enabled, please run 'systemctl enable kubelet.service'\n" + FATAL(IP_FORWARD));
  });

  it("--ignore-preflight-errors turns the check into a warning", () => {
    const { s } = clusterWithHost({ containerdRunning: true, swap: false });
    const join = joinCommand(s);
    s.run("ssh node03");
    const r = s.run(`${join} --ignore-preflight-errors=FileContent--proc-sys-net-ipv4-ip_forward`);
    expect(r.stderr).toBe("\t[WARNING FileContent--proc-sys-net-ipv4-ip_forward]: /proc/sys/net/ipv4/ip_forward contents are not set to 1\n");
    expect(r.exitCode).toBe(0);
  });

  it("a failed join leaves kubeadm's files: the retry needs kubeadm reset", () => {
    const { s } = clusterWithHost();
    const join = joinCommand(s);
    s.run("ssh node03");
    prepareExcept(s, /swapoff/);
    expect(s.run(join).exitCode).toBe(1);
    s.run("swapoff -a");
    const retry = s.run(join);
    expect(retry.stderr).toBe(FATAL("\t[ERROR FileAvailable--etc-kubernetes-pki-ca.crt]: /etc/kubernetes/pki/ca.crt already exists\n"));
    // without -f kubeadm asks; no answer aborts and changes nothing
    const asked = s.run("kubeadm reset");
    expect(asked.exitCode).toBe(1);
    expect(asked.stdout).toBe("[reset] Are you sure you want to proceed? [y/N]: ");
    expect(asked.stderr).toContain(`error: aborted reset operation\n${TAIL}`);
    expect(s.run(join).exitCode).toBe(1);
    const reset = s.run("echo y | kubeadm reset");
    expect(reset.exitCode).toBe(0);
    expect(reset.stdout).toContain("[reset] Deleting contents of directories: [/etc/kubernetes/manifests /var/lib/kubelet /etc/kubernetes/pki]\n");
    expect(s.run(join).exitCode).toBe(0);
  });

  it("a wrong token, an expired one, a wrong CA hash and a missing hash fail as upstream says", () => {
    const { s } = clusterWithHost({ containerdRunning: true, swap: false });
    const join = joinCommand(s);
    const hash = /sha256:[0-9a-f]{64}/.exec(join)![0];
    const short = s.run("kubeadm token create --ttl 10m").stdout.trim();
    s.run("ssh node03");
    s.run("sysctl -w net.ipv4.ip_forward=1");
    const t0 = s.cluster().now();
    let r = s.run(`kubeadm join 172.30.1.2:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash ${hash}`);
    expect(r.stderr).toBe(`error: error execution phase preflight: couldn't validate the identity of the API Server: could not find a JWS signature in the cluster-info ConfigMap for token ID "abcdef"\n${TAIL}`);
    expect(s.cluster().now() - t0).toBeGreaterThanOrEqual(5 * 60_000);
    // past its 10 minutes the token has expired (the token cleaner removed its Secret)
    s.run("sleep 301");
    r = s.run(`kubeadm join 172.30.1.2:6443 --token ${short} --discovery-token-ca-cert-hash ${hash}`);
    expect(r.stderr).toContain(`could not find a JWS signature in the cluster-info ConfigMap for token ID "${short.slice(0, 6)}"`);
    const tok = /--token (\S+)/.exec(join)![1];
    const wrongHash = "sha256:" + "0".repeat(64);
    r = s.run(`kubeadm join 172.30.1.2:6443 --token ${tok} --discovery-token-ca-cert-hash ${wrongHash}`);
    expect(r.stderr).toBe(`error: error execution phase preflight: couldn't validate the identity of the API Server: cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "${hash}" are pinned\n${TAIL}`);
    r = s.run(`kubeadm join 172.30.1.2:6443 --token ${tok}`);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `error: discovery.bootstrapToken: Invalid value: "": using token-based discovery without caCertHashes can be unsafe. Set unsafeSkipCAVerification as true in your kubeadm config file or pass --discovery-token-unsafe-skip-ca-verification flag to continue\n${TAIL}`,
    );
    r = s.run(`kubeadm join 172.30.1.2:6443 --token not-a-token --discovery-token-ca-cert-hash ${hash}`);
    expect(r.stderr).toContain('discovery.bootstrapToken.token: Invalid value: "not-a-token": the bootstrap token is invalid');
    r = s.run(`kubeadm join 172.30.1.2:6443 --token ${tok} --discovery-token-ca-cert-hash sha256:abcd`);
    expect(r.stderr).toContain("invalid discovery token CA certificate hash: expected a 32 byte SHA-256 hash, found 2 bytes");
    // none of that joined the host
    s.run("exit");
    expect(s.run("kubectl get node node03").exitCode).toBe(1);
    // the right token still works
    s.run("ssh node03");
    expect(s.run(join).exitCode).toBe(0);
  });

  it("reset on a joined worker stops its kubelet; a re-join is refused while the old Node is still Ready, then works", () => {
    const { s } = clusterWithHost({ containerdRunning: true, swap: false });
    const join = joinCommand(s);
    s.run("ssh node03");
    s.run("sysctl -w net.ipv4.ip_forward=1");
    expect(s.run(join).exitCode).toBe(0);
    expect(s.run("kubeadm reset -f").exitCode).toBe(0);
    const early = s.run(join);
    expect(early.stderr).toBe(`error: error execution phase kubelet-start: a Node with name "node03" and status "Ready" already exists in the cluster. You must delete the existing Node or change the name of this new joining Node\n${TAIL}`);
    s.run("exit");
    s.run("sleep 60");
    expect(s.run("kubectl get node node03 --no-headers").stdout).toMatch(/^node03\s+NotReady\s/);
    s.run("ssh node03");
    // the refused attempt had written nothing yet beyond preflight: no reset needed
    expect(s.run(join).exitCode).toBe(0);
    s.run("exit");
    s.run("sleep 10");
    expect(s.run("kubectl get node node03 --no-headers").stdout).toMatch(/^node03\s+Ready\s/);
  });

  it("checkpoints carry the host: a snapshot restores its kernel state and the join", () => {
    const { c, s } = clusterWithHost({ containerdRunning: true, swap: false });
    const h0 = c.stateHash();
    s.run("ssh node03");
    s.run("modprobe br_netfilter");
    const h1 = c.stateHash();
    expect(h1).not.toBe(h0);
    const snap = c.snapshot();
    s.run("sysctl -w net.ipv4.ip_forward=1");
    expect(c.stateHash()).not.toBe(h1);
    c.restore(snap);
    expect(c.stateHash()).toBe(h1);
    expect(c.host("node03")?.modules).toEqual(["br_netfilter"]);
    expect(s.run("sysctl -n net.ipv4.ip_forward").stdout).toBe("0\n");
  });
});
