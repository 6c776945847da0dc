// One file system per host. Every machine of a cluster has its own disk: the shell starts on one host (its
// home directory, /tmp, the learner's files) and `ssh HOST` moves it onto HOST's disk until `exit`. A host's
// files are made the first time the shell reaches it (most sessions never ssh), from the cluster alone, so a
// replay or a restored checkpoint makes the same files: what kubeadm leaves on a control-plane node (the four
// manifests, pki, the kubeconfigs) or on a node it joined (kubelet.conf, pki/ca.crt, the kubelet's config with
// staticPodPath and an empty manifests directory), the apt source, the CNI's files and the host's own.
import type { ClusterApi } from "../cluster-api";
import { aptSourceLine, APT_SOURCE } from "../kubeadm/apt";
import { seedCniFiles, seedHostFiles } from "../kubeadm/host";
import { matchManifestImages } from "../kubeadm/upgrade";
import { KUBELET_CONFIG, MANIFEST_DIR, seedKubeadmFiles } from "./control-plane";
import { adoptStaticPods } from "./static-pods";
import type { HostFs, ShellState } from "./types";
import { VirtualFs } from "./vfs";

export const KUBELET_CONFIG_PATH = "/var/lib/kubelet/config.yaml";
const ADMIN = { user: "kubernetes-admin", groups: ["system:masters"] };

/** each shell's clusters by a stable id (the kubeconfig cluster name of the first context naming it) */
const clusterIds = new WeakMap<ShellState, Map<ClusterApi, string>>();

/** Name the shell's clusters (createShell: in the order of its contexts), so host keys survive a restore. */
export function registerClusters(state: ShellState, clusters: [ClusterApi, string][]): void {
  const m = new Map<ClusterApi, string>();
  for (const [api, id] of clusters) if (!m.has(api)) m.set(api, id);
  clusterIds.set(state, m);
}

/** The key of a host of a cluster: "<cluster>/<host>". */
export function hostKeyOf(state: ShellState, cluster: ClusterApi, host: string): string {
  return `${clusterIds.get(state)?.get(cluster) ?? "?"}/${host}`;
}

/** The cluster of the current kubectl context. */
export function currentCluster(state: ShellState): ClusterApi | undefined {
  return state.clusters.get(state.currentContext);
}

/** Is `host` a machine of the cluster (a Node, or an added host that has not joined)? */
export function isHostOf(cluster: ClusterApi, host: string): boolean {
  return !!cluster.kubeletRunning && (cluster.kubeletRunning(host) !== null || !!cluster.hosts?.get(host));
}

/** The staticPodPath a kubelet config file names (null: none, or no file: no static Pods). */
export function staticPodPathOf(fs: VirtualFs): string | null {
  const r = fs.read(KUBELET_CONFIG_PATH);
  if (!r.ok) return null;
  const m = /^staticPodPath:\s*["']?([^"'\s#]+)["']?\s*$/m.exec(r.value);
  return m ? m[1].replace(/\/+$/, "") || "/" : null;
}

/**
 * A host's file system, made on first use (null: the cluster has no such machine). `create` false: only one
 * that exists already.
 */
export function hostFsOf(state: ShellState, cluster: ClusterApi, host: string, create = true): HostFs | null {
  const key = hostKeyOf(state, cluster, host);
  const have = state.hosts.get(key);
  if (have || !create) return have ?? null;
  if (!isHostOf(cluster, host)) return null;
  const fs = new VirtualFs();
  const joined = cluster.kubeletRunning!(host) !== null;
  seedMachine(state, fs, cluster, host, joined);
  const h: HostFs = { fs, staticPodPath: joined ? staticPodPathOf(fs) : null, ...(joined ? {} : { unjoined: true }) };
  state.hosts.set(key, h);
  // the running control plane came from these files: its mirror Pods are theirs
  if (joined) adoptStaticPods(state, cluster, host);
  return h;
}

/** Does the node carry kubeadm's control-plane role label? */
export function isControlPlaneNode(cluster: ClusterApi, host: string): boolean {
  const nodes = cluster.resources().find((r) => r.name === "nodes" && r.group === "");
  const n = nodes ? cluster.get(nodes, undefined, host, ADMIN) : null;
  return !!(n?.ok && n.value.metadata?.labels?.["node-role.kubernetes.io/control-plane"] !== undefined);
}

/** The files a machine has when the shell first reaches it. */
function seedMachine(state: ShellState, fs: VirtualFs, cluster: ClusterApi, host: string, joined: boolean): void {
  for (const d of ["/root", "/tmp", "/opt"]) fs.mkdirp(d);
  if (state.home !== "/root") fs.mkdirp(state.home);
  if (joined && isControlPlaneNode(cluster, host)) seedControlPlaneHost(state, fs, cluster, host);
  else if (joined) seedWorkerFiles(fs, cluster);
  const pkgs = cluster.nodePackages?.(host);
  if (pkgs) {
    fs.mkdirp("/etc/apt/sources.list.d");
    fs.write(APT_SOURCE, aptSourceLine(pkgs.listsMinor));
  }
  if (joined) seedCniFiles(fs, podSubnet(cluster, host));
  if (cluster.hosts?.names?.().length) seedHostFiles(fs);
}

/** kubeadm's files on a control-plane host; the running control plane came from them (its mirror Pods are adopted). */
export function seedControlPlaneHost(state: ShellState, fs: VirtualFs, cluster: ClusterApi, host: string): void {
  const lb = cluster.controlPlane?.loadBalanced?.() ? cluster.controlPlane.server().replace(/^https:\/\//, "") : undefined;
  const view = { ...state, fs } as ShellState;
  seedKubeadmFiles(view, host, cluster.controlPlane?.nodeIP(host) || "172.30.1.2", lb);
  matchManifestImages(view, cluster, host);
}

/**
 * What `kubeadm join` leaves on a worker (kubeadm join docs, "kubelet-start" phase): the kubelet's kubeconfig, the
 * cluster CA, the kubelet config downloaded from the kubelet-config ConfigMap (the same KubeletConfiguration as
 * on the control plane, staticPodPath /etc/kubernetes/manifests) and an empty manifests directory. A worker has
 * no admin.conf: kubectl there has no kubeconfig.
 */
export function seedWorkerFiles(fs: VirtualFs, cluster: ClusterApi): void {
  for (const d of [MANIFEST_DIR, "/etc/kubernetes/pki", "/var/lib/kubelet"]) fs.mkdirp(d);
  const server = cluster.controlPlane?.server() ?? "https://172.30.1.2:6443";
  // the kubelet's TLS bootstrap writes it with the rotated client certificate (pkg/kubelet/certificate/bootstrap)
  fs.write(
    "/etc/kubernetes/kubelet.conf",
    `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t\n    server: ${server}\n  name: default-cluster\ncontexts:\n- context:\n    cluster: default-cluster\n    namespace: default\n    user: default-auth\n  name: default-context\ncurrent-context: default-context\nkind: Config\npreferences: {}\nusers:\n- name: default-auth\n  user:\n    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem\n    client-key: /var/lib/kubelet/pki/kubelet-client-current.pem\n`,
  );
  fs.write("/etc/kubernetes/pki/ca.crt", "-----BEGIN CERTIFICATE-----\n(simulated ca.crt)\n-----END CERTIFICATE-----\n");
  fs.write(KUBELET_CONFIG_PATH, KUBELET_CONFIG);
}

/** The node's pod subnet (its spec.podCIDR; flannel's subnet.env holds its first address). */
function podSubnet(cluster: ClusterApi, host: string): string | undefined {
  const nodes = cluster.resources().find((r) => r.name === "nodes" && r.group === "");
  const n = nodes ? cluster.get(nodes, undefined, host, ADMIN) : null;
  const cidr: string | undefined = n?.ok ? n.value.spec?.podCIDR : undefined;
  const m = cidr ? /^(\d+\.\d+\.\d+)\.0\/(\d+)$/.exec(cidr) : null;
  return m ? `${m[1]}.1/${m[2]}` : undefined;
}

/** A host seeded before it joined gets kubeadm join's files once it has (called after each command). */
export function syncJoinedHosts(state: ShellState): void {
  for (const [key, h] of state.hosts) {
    if (!h.unjoined) continue;
    const slash = key.indexOf("/");
    const cluster = clusterByKey(state, key.slice(0, slash));
    const host = key.slice(slash + 1);
    if (!cluster?.kubeletRunning || cluster.kubeletRunning(host) === null) continue;
    seedWorkerFiles(h.fs, cluster);
    seedCniFiles(h.fs, podSubnet(cluster, host));
    h.staticPodPath = staticPodPathOf(h.fs);
    delete h.unjoined;
  }
}

/** The cluster a host key's first part names. */
export function clusterByKey(state: ShellState, id: string): ClusterApi | undefined {
  for (const [api, name] of clusterIds.get(state) ?? []) if (name === id) return api;
  return undefined;
}

/** Move the shell onto a host's file system (its home directory becomes the working directory). */
export function enterHost(state: ShellState, key: string, h: HostFs, host: string): void {
  state.sshFrom.push({ key: state.hostKey, cwd: state.cwd });
  state.sshStack.push(state.hostname);
  state.hostname = host;
  state.hostKey = key;
  state.fs = h.fs;
  h.fs.mkdirp(state.home);
  state.cwd = state.home;
}

/** Back to the host the last `ssh` came from; false when there was none. */
export function leaveHost(state: ShellState): boolean {
  const prev = state.sshStack.pop();
  if (prev === undefined) return false;
  const from = state.sshFrom.pop();
  state.hostname = prev;
  const h = from ? state.hosts.get(from.key) : undefined;
  if (from && h) {
    state.hostKey = from.key;
    state.fs = h.fs;
    state.cwd = from.cwd;
  }
  return true;
}

/** Sum of every host's file-system generation: changes whenever any host's files change. */
export function filesGeneration(state: ShellState): number {
  let g = 0;
  for (const h of state.hosts.values()) g += h.fs.generation;
  return g;
}
