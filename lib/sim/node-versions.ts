/**
 * A kubeadm node's Kubernetes packages as state: the versions of kubeadm, kubelet and kubectl the
 * node's package manager installed (pkgs.k8s.io Debian packages, "1.35.0-1.1"), which of them are
 * held (`apt-mark hold`, as the install docs leave them), which pkgs.k8s.io minor channel the
 * package lists were last fetched from (`apt-get update`), and the version of the kubelet binary
 * that is running. Installing a kubelet package does not change the running kubelet: the node's
 * status.nodeInfo.kubeletVersion (the VERSION column of `kubectl get nodes`) follows only when the
 * kubelet is restarted (cluster.ts restartKubelet), as on a real node.
 *
 * Kept in the runtime part of the state (`rt.nodePkgs`), created on first change, so snapshots and
 * stateHash carry it and a cluster that never touches it hashes as before.
 */

export const K8S_PACKAGES = ["kubeadm", "kubelet", "kubectl"] as const;
export type K8sPackage = (typeof K8S_PACKAGES)[number];

export interface NodePackages {
  /** installed Debian versions, e.g. { kubeadm: "1.35.0-1.1", … } */
  installed: Record<K8sPackage, string>;
  /** packages on hold (apt-mark hold), sorted */
  held: string[];
  /** minor channel ("1.35") of the package lists fetched by the last apt-get update */
  listsMinor: string;
  /** version of the running kubelet binary, "v1.35.0" */
  kubeletRunning: string;
}

/**
 * What pkgs.k8s.io offers per minor channel (newest last). Patch releases published for v1.34 and
 * v1.35 (kubernetes/kubernetes CHANGELOG-1.34.md, CHANGELOG-1.35.md); the simulated repository
 * stops at these so that exercises have a fixed target.
 */
export const CHANNELS: Record<string, string[]> = {
  "1.34": ["1.34.0", "1.34.1", "1.34.2", "1.34.3"],
  "1.35": ["1.35.0", "1.35.1"],
};

/** The Debian revision pkgs.k8s.io builds carry ("-1.1"). */
export const DEB_REVISION = "-1.1";

/** "1.35.1-1.1" -> "v1.35.1". */
export function gitVersionOf(deb: string): string {
  return `v${deb.replace(/-.*$/, "")}`;
}

/** The default packages of a node kubeadm set up at `gitVersion` (e.g. "v1.35.0"). */
export function defaultPackages(gitVersion: string): NodePackages {
  const v = gitVersion.replace(/^v/, "");
  const deb = v + DEB_REVISION;
  return {
    installed: { kubeadm: deb, kubelet: deb, kubectl: deb },
    held: ["kubeadm", "kubectl", "kubelet"],
    listsMinor: v.split(".").slice(0, 2).join("."),
    kubeletRunning: `v${v}`,
  };
}

/** The node's packages from the runtime state (defaults when never changed); a copy. */
export function readPackages(rt: Record<string, unknown>, node: string, gitVersion: string): NodePackages {
  const all = rt.nodePkgs as Record<string, NodePackages> | undefined;
  const p = all?.[node] ?? defaultPackages(gitVersion);
  return { installed: { ...p.installed }, held: [...p.held], listsMinor: p.listsMinor, kubeletRunning: p.kubeletRunning };
}

/** Store the node's packages in the runtime state. */
export function writePackages(rt: Record<string, unknown>, node: string, p: NodePackages): void {
  const all = ((rt.nodePkgs as Record<string, NodePackages> | undefined) ??= {});
  all[node] = { installed: { ...p.installed }, held: [...p.held].sort(), listsMinor: p.listsMinor, kubeletRunning: p.kubeletRunning };
  rt.nodePkgs = all;
}

/** Compare two dotted versions numerically ("1.35.1" vs "1.35.0-1.1" ignores the revision). */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, "").replace(/-.*$/, "").split(".").map(Number);
  const pb = b.replace(/^v/, "").replace(/-.*$/, "").split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
