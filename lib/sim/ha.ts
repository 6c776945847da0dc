/**
 * A highly-available kubeadm control plane (the `ha` preset): three control-plane nodes, each running
 * the four static Pods with a stacked etcd member, behind a load balancer at `controlPlaneEndpoint`.
 * Sources: "Options for Highly Available Topology" (stacked etcd: each API server talks only to its
 * local member, `--etcd-servers=https://127.0.0.1:2379`), "Creating Highly Available Clusters with
 * kubeadm" (`--control-plane-endpoint`, `kubeadm join --control-plane`), "Operating etcd clusters for
 * Kubernetes" (a cluster of n members tolerates (n-1)/2 failures), kubeadm's ha-considerations.md
 * (HAProxy in TCP mode with `option httpchk GET /healthz` on each API server), client-go
 * tools/leaderelection (leaseDuration 15 s, renewDeadline 10 s, retryPeriod 2 s; identity
 * `<hostname>_<uuid>`).
 *
 * The model, kept to what a learner can observe:
 * - etcd has quorum while more than half of its members run (their container serves, their node is on);
 * - the load balancer forwards to the API servers whose /healthz passes: the process serves and its
 *   local etcd member answers with quorum; none left -> HAProxy closes the connection (kubectl:
 *   "Unable to connect to the server: EOF");
 * - kube-scheduler and kube-controller-manager run on every control-plane node but only the holder of
 *   their Lease in kube-system works; it renews every 2 s through its local API server; when it cannot,
 *   another instance takes the Lease once 15 s have passed since the last renewal (leaseTransitions + 1,
 *   a LeaderElection event), and work resumes there.
 * State: `rt.cp.ha` (plain data: snapshots and stateHash carry it). The cka preset has no `ha` and pays nothing.
 */
import type { Kernel } from "./core";
import { isoTime, parseIsoTime, type Obj } from "./util";

/** The load balancer in front of the API servers (kubeadm's controlPlaneEndpoint). */
export const HA_ENDPOINT = "172.30.1.10:6443";
/** Leader-election timing of kube-scheduler and kube-controller-manager (component-base defaults). */
export const LEASE_DURATION_S = 15;
export const RETRY_PERIOD_MS = 2000;
export const ELECTED = ["kube-controller-manager", "kube-scheduler"] as const;
export type ElectedComponent = (typeof ELECTED)[number];

export interface HaMember {
  node: string;
  ip: string;
  /** etcd member ID, hex as etcdctl prints it */
  id: string;
}

export interface HaState {
  endpoint: string;
  /** etcd members in join order (the first ran `kubeadm init`) */
  members: HaMember[];
  /** powered-off nodes */
  off: Record<string, true>;
  /** etcd raft leader (a member's node) and term */
  etcdLeader: string;
  raftTerm: number;
}

/** What callers (etcdctl, kubectl's connection) see of an HA control plane. */
export interface HaView {
  endpoint: string;
  quorum: boolean;
  /** control-plane nodes the load balancer forwards to */
  backends: string[];
  etcdLeader: string;
  raftTerm: number;
  members: (HaMember & { etcdUp: boolean; poweredOff: boolean })[];
}

/** The HA state of a cluster, if it has one. */
export function haOf(k: Kernel): HaState | undefined {
  return k.s.rt.cp?.ha;
}

/** Is a component's process on this node serving (its node on, its container up)? */
export function haUp(k: Kernel, ha: HaState, component: string, node: string): boolean {
  return !ha.off[node] && !k.s.rt.cp?.down?.[`${component}@${node}`];
}

/** More than half of the etcd members run ("Operating etcd clusters": fault tolerance (n-1)/2). */
export function etcdQuorum(k: Kernel, ha: HaState): boolean {
  return ha.members.filter((m) => haUp(k, ha, "etcd", m.node)).length * 2 > ha.members.length;
}

/** Can the API server on this node answer requests (its process serves, its local member is up, etcd has quorum)? */
export function apiServerHealthy(k: Kernel, ha: HaState, node: string): boolean {
  return haUp(k, ha, "kube-apiserver", node) && haUp(k, ha, "etcd", node) && etcdQuorum(k, ha);
}

/** The control-plane nodes the load balancer forwards to (their /healthz passes). */
export function lbBackends(k: Kernel, ha: HaState): string[] {
  return ha.members.filter((m) => apiServerHealthy(k, ha, m.node)).map((m) => m.node);
}

/** The node whose instance of a leader-elected component holds its Lease and can work (null: none). */
export function activeLeader(k: Kernel, ha: HaState, component: ElectedComponent): string | null {
  const node = holderNode(k.get("leases", "kube-system", component));
  return node && canLead(k, ha, component, node) ? node : null;
}

function holderNode(lease: Obj | undefined): string | null {
  const id: string = lease?.spec?.holderIdentity ?? "";
  return id ? id.slice(0, id.lastIndexOf("_")) : null;
}

/** An instance can renew (or take) its Lease: it runs and its local API server answers. */
function canLead(k: Kernel, ha: HaState, component: string, node: string): boolean {
  return haUp(k, ha, component, node) && apiServerHealthy(k, ha, node);
}

/** MicroTime as the API server serializes it (RFC3339 with microseconds). */
function microTime(ms: number): string {
  return isoTime(ms).replace(/Z$/, `.${String(((ms % 1000) + 1000) % 1000).padStart(3, "0")}000Z`);
}

/** Lease object of a leader-elected component held by `node`. */
export function leaderLease(k: Kernel, component: ElectedComponent, node: string): Obj {
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name: component, namespace: "kube-system", uid: k.uid(), creationTimestamp: isoTime(k.now) },
    spec: { acquireTime: microTime(k.now), holderIdentity: `${node}_${k.uid()}`, leaseDurationSeconds: LEASE_DURATION_S, leaseTransitions: 0, renewTime: microTime(k.now) },
  };
}

/** After the boot's fast-forward: the leaders have been renewing all along (renewTime is now, not the boot's). */
export function freshenLeaderLeases(k: Kernel): void {
  for (const component of ELECTED) {
    const l = k.get("leases", "kube-system", component);
    if (l) k.put("leases", { ...l, metadata: { ...l.metadata }, spec: { ...l.spec, renewTime: microTime(k.now) } });
  }
}

/**
 * One retry period of leader election for both components: the holder renews, or, once its Lease has
 * expired, the first instance that can lead takes it. Returns the components whose leader changed.
 */
export function electionTick(k: Kernel, ha: HaState): ElectedComponent[] {
  const changed: ElectedComponent[] = [];
  for (const component of ELECTED) {
    const lease = k.get("leases", "kube-system", component);
    if (!lease) continue;
    const holder = holderNode(lease);
    if (holder && canLead(k, ha, component, holder)) {
      k.put("leases", { ...lease, metadata: { ...lease.metadata }, spec: { ...lease.spec, renewTime: microTime(k.now) } });
      continue;
    }
    const renewed = parseIsoTime(lease.spec?.renewTime);
    if (!(k.now - renewed >= LEASE_DURATION_S * 1000)) continue;
    const next = ha.members.find((m) => canLead(k, ha, component, m.node));
    if (!next) continue;
    const identity = `${next.node}_${k.uid()}`;
    k.put("leases", {
      ...lease,
      metadata: { ...lease.metadata },
      spec: { ...lease.spec, holderIdentity: identity, acquireTime: microTime(k.now), renewTime: microTime(k.now), leaseTransitions: (lease.spec?.leaseTransitions ?? 0) + 1 },
    });
    // leaderelection's event recorder: "<identity> became leader" on the Lease (resourcelock LeaseLock.RecordEvent)
    k.event(k.get("leases", "kube-system", component)!, "Normal", "LeaderElection", `${identity} became leader`, component === "kube-scheduler" ? "default-scheduler" : component);
    k.trace(`${component}/${next.node}`, "kube-apiserver", "acquire lease", `Lease kube-system/${component}`, identity);
    changed.push(component);
  }
  return changed;
}

/** The etcd leader after a change: the current one while it runs with quorum, else the first running member (a new term). */
export function electEtcdLeader(k: Kernel, ha: HaState): void {
  if (!etcdQuorum(k, ha)) return;
  if (haUp(k, ha, "etcd", ha.etcdLeader)) return;
  const next = ha.members.find((m) => haUp(k, ha, "etcd", m.node));
  if (!next) return;
  ha.etcdLeader = next.node;
  ha.raftTerm += 1;
}

/** etcd's stacked-member flags for a node that joined with `kubeadm join --control-plane` (phases/etcd/local.go: initial-cluster of the members so far, state existing). */
export function joinedEtcdCommand(command: string[], members: HaMember[]): string[] {
  const initial = members.map((m) => `${m.node}=https://${m.ip}:2380`).join(",");
  const out = command.map((a) => (a.startsWith("--initial-cluster=") ? `--initial-cluster=${initial}` : a));
  const at = out.findIndex((a) => a.startsWith("--initial-cluster="));
  out.splice(at + 1, 0, "--initial-cluster-state=existing");
  return out;
}
