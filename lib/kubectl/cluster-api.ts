// The port kubectl drives: the API-server calls and side channels (logs, exec, metrics,
// network, etcd) it needs from a cluster. lib/sim is adapted to it in sim-adapter.ts;
// memory-cluster.ts is a small in-memory implementation for unit tests.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/**
 * The one exception a cluster may throw out of settle/advance (and anything that runs its events): the
 * embedding application's stop predicate fired (lib/sim `setShouldStop`). kubectl and the shell never
 * turn it into output: every catch that could see it rethrows it, so `Shell.run` throws it too.
 */
export { SimulationStopped } from "../sim/stop";
import type { NodePackages } from "../sim/node-versions";
import type { HostState } from "../sim/hosts";

/** A Kubernetes metav1.Status failure. */
export interface Status {
  kind: "Status";
  apiVersion: "v1";
  status: "Failure";
  message: string;
  reason: string;
  code: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: { reason?: string; message?: string; field?: string }[];
  };
}

export type ApiResult<T> = { ok: true; value: T; warnings?: string[] } | { ok: false; status: Status };

/** One served resource, as in discovery (`kubectl api-resources`). */
export interface ApiResource {
  name: string;
  singularName: string;
  shortNames: string[];
  kind: string;
  group: string;
  version: string;
  namespaced: boolean;
  verbs: string[];
  categories?: string[];
  /** a CustomResourceDefinition's additionalPrinterColumns for this version (server-side table columns) */
  printerColumns?: { name: string; type: string; jsonPath: string; priority?: number; description?: string }[];
  /** a CustomResourceDefinition's openAPIV3Schema for this version (kubectl explain) */
  openAPISchema?: Json;
}

export interface RequestOpts {
  user: string;
  groups?: string[];
  dryRun?: boolean;
  /** server-side field validation (kubectl --validate): Strict (default), Warn or Ignore */
  fieldValidation?: "Strict" | "Warn" | "Ignore";
}

export interface DeleteOpts extends RequestOpts {
  gracePeriodSeconds?: number;
  propagationPolicy?: "Foreground" | "Background" | "Orphan";
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface HttpResult {
  ok: boolean;
  status?: number;
  body?: string;
  /** a curl-style error, e.g. "Failed to connect to 10.96.0.5 port 80 after 0 ms: Couldn't connect to server" */
  error?: string;
  /** curl exit code on error (7 connect, 6 resolve, 28 timeout) */
  code?: number;
}

export interface UsageSample {
  name: string;
  namespace?: string;
  cpuMilli: number;
  memoryBytes: number;
  containers?: { name: string; cpuMilli: number; memoryBytes: number }[];
}

export interface EtcdKv {
  key: string;
  value: string;
}

export interface EtcdSnapshotInfo {
  hash: number;
  revision: number;
  totalKeys: number;
  totalSize: number;
}

/** The simulated etcd, as etcdctl/etcdutl see it. */
export interface EtcdApi {
  get(key: string, opts: { prefix?: boolean }): EtcdKv[];
  put(key: string, value: string): void;
  del(key: string, opts: { prefix?: boolean }): number;
  members(): { id: string; status: string; name: string; peerURLs: string; clientURLs: string; isLearner: boolean }[];
  snapshot(): { data: string; info: EtcdSnapshotInfo };
  snapshotInfo(data: string): EtcdSnapshotInfo | null;
  /** a multi-member (stacked, HA) etcd: quorum, raft leader and which members answer; null for a single member */
  cluster?(): EtcdClusterView | null;
  restore(data: string, dataDir: string): { ok: true } | { ok: false; error: string };
  /** The data dir etcd currently serves from (the etcd static pod's hostPath). */
  dataDir(): string;
  setDataDir(dir: string): void;
  /** The data dir and every restored dir's snapshot, for saving a session (the cluster itself is saved apart). */
  exportDirs(): { dataDir: string; dirs: [string, string][] };
  /** Put back what exportDirs returned without touching the cluster (it already holds the served state). */
  importDirs(s: { dataDir: string; dirs: [string, string][] }): void;
}

/** Containers and pod sandboxes as the container runtime (CRI) reports them (crictl); times are ms since the epoch. */
export type { CriContainer, CriSandbox } from "../sim/cri";
/** What a control-plane container started from a broken manifest does (lib/sim controlplane.ts). */
export type { StaticPodFault } from "../sim/controlplane";
import type { CriContainer, CriSandbox } from "../sim/cri";
import type { StaticPodFault } from "../sim/controlplane";

/** The control plane and the nodes' runtimes, as a shell on a kubeadm node sees them. */
export interface ControlPlaneApi {
  /** the API server address in the kubeconfig (https://<control-plane IP>:6443) */
  server(): string;
  /** does the API server answer there (its container serves and etcd is up)? */
  apiServing(): boolean;
  /** is server() a load balancer in front of several API servers (an HA control plane)? */
  loadBalanced?(): boolean;
  /** is this control-plane node powered off (HA drills)? */
  poweredOff?(node: string): boolean;
  /** components that do not serve, and why */
  down(): Record<string, string>;
  /** register (null: clear) what containers started from the manifest with this config hash do */
  setFault(hash: string, fault: StaticPodFault | null): void;
  /** the fault registered for a manifest's config hash */
  fault(hash: string): StaticPodFault | null;
  /** the node's InternalIP ("" for an unknown node) */
  nodeIP(node: string): string;
  /** sandboxes and containers on a node (newest first) */
  cri(node: string): { sandboxes: CriSandbox[]; containers: CriContainer[] };
}

/** How time passes at the end of a command: see ClusterApi.settle. */
export type TimeMode = "settle" | "real";

/**
 * Virtual time one kubectl invocation takes on a real cluster when it does not wait: starting the binary,
 * reading the kubeconfig, discovery from the on-disk cache (~/.kube/cache, valid 6 h: no discovery round
 * trips after the first command) and one or two API requests; measured as 0.1–0.3 s against a kubeadm
 * cluster, so 200 ms.
 */
export const ROUND_TRIP_MS = 200;

/** A multi-member etcd as etcdctl sees it (lib/sim ha.ts). */
export interface EtcdClusterView {
  quorum: boolean;
  leaderId: string;
  raftTerm: number;
  raftIndex: number;
  members: { id: string; name: string; clientURL: string; up: boolean }[];
}

/** What kubectl needs from a cluster. Every method returns; none throws (except SimulationStopped). */
export interface ClusterApi {
  /** virtual wall clock in ms since the epoch */
  now(): number;
  /**
   * The end of one command. In "settle" time (fixtures, goldens, the `sim` CLI) the cluster settles (bounded);
   * in "real" time (learner sessions) only the command's own round trip passes (ROUND_TRIP_MS): what happens
   * next happens while the learner reads and types, as on a real cluster.
   */
  settle(): void;
  /** "settle" (default) or "real": see settle(); kubectl's own waits (delete --wait, wait, rollout status) advance time in both */
  timeMode?(): TimeMode;
  setTimeMode?(m: TimeMode): void;
  /** run until no foreground work is left or `maxMs` of virtual time passed, whatever the time mode */
  runUntilIdle?(maxMs: number): void;
  /** let virtual time pass */
  advance(ms: number): void;
  resources(): ApiResource[];
  create(res: ApiResource, namespace: string | undefined, obj: Json, opts: RequestOpts): ApiResult<Json>;
  update(res: ApiResource, namespace: string | undefined, obj: Json, opts: RequestOpts): ApiResult<Json>;
  delete(res: ApiResource, namespace: string | undefined, name: string, opts: DeleteOpts): ApiResult<Json>;
  get(res: ApiResource, namespace: string | undefined, name: string, opts: RequestOpts): ApiResult<Json>;
  /** namespace undefined = all namespaces */
  /** `readOnly`: the caller only reads the items, so they may be the server's own objects instead of copies */
  list(res: ApiResource, namespace: string | undefined, opts: RequestOpts & { readOnly?: boolean }): ApiResult<Json[]>;

  /** certificatesigningrequests/approval (kubectl certificate approve|deny); without it the command is unavailable */
  updateApproval?(obj: Json, opts: RequestOpts): ApiResult<Json>;
  /** pods/eviction (policy/v1 Eviction); without it kubectl drain deletes */
  evict?(namespace: string, name: string, opts: DeleteOpts): ApiResult<Json>;
  /** PodLogOptions: sinceTime in ms of the clock now() reads (whole seconds, as its query parameter carries it) */
  logs?(namespace: string, pod: string, opts: { container?: string; previous?: boolean; tailLines?: number; sinceSeconds?: number; sinceTime?: number; timestamps?: boolean; limitBytes?: number }): ApiResult<string>;
  exec?(namespace: string, pod: string, container: string | undefined, argv: string[]): ApiResult<ExecResult>;
  http?(from: string, url: string): HttpResult;
  topNodes?(): UsageSample[] | null;
  topPods?(namespace: string | undefined): UsageSample[] | null;
  /**
   * RBAC decision for `kubectl auth can-i` (a SelfSubjectAccessReview). `res` is the resolved type, or
   * the typed word with group "" when discovery does not know it ("*" for all); namespace undefined =
   * cluster-wide. Without canI the cluster has no authorizer (AlwaysAllow).
   */
  canI?(user: string, groups: string[], verb: string, res: Pick<ApiResource, "name" | "group">, resourceName: string | undefined, namespace: string | undefined, subresource?: string): boolean;
  etcd?: EtcdApi;
  /** is the node's kubelet running (null: unknown node) */
  kubeletRunning?(node: string): boolean | null;
  /** start or stop a node's kubelet (systemctl on the node) */
  setKubeletRunning?(node: string, running: boolean): void;
  /** a node's Kubernetes packages (apt, kubeadm; lib/sim node-versions.ts); null: unknown node */
  nodePackages?(node: string): NodePackages | null;
  setNodePackages?(node: string, p: NodePackages): void;
  /** machines by host name (lib/sim hosts.ts): an added host not joined yet, or a node (prepared); kubeadm join */
  hosts?: HostsApi;
  /** start the node's kubelet from its installed package (systemctl restart kubelet) */
  restartKubelet?(node: string): void;
  /** server version, e.g. v1.35.0 */
  version?(): string;
  /** the control plane as static Pods and the nodes' container runtimes (crictl, kubeadm manifests) */
  controlPlane?: ControlPlaneApi;
}

/** Build a Status failure. */
export function status(code: number, reason: string, message: string, details?: Status["details"]): Status {
  return { kind: "Status", apiVersion: "v1", status: "Failure", message, reason, code, ...(details ? { details } : {}) };
}

/** A NotFound Status for a named object. */
export function notFound(res: ApiResource, name: string): Status {
  return status(404, "NotFound", `${qualified(res)} "${name}" not found`, { name, group: res.group, kind: res.name });
}

/** An AlreadyExists Status for a named object. */
export function alreadyExists(res: ApiResource, name: string): Status {
  return status(409, "AlreadyExists", `${qualified(res)} "${name}" already exists`, { name, group: res.group, kind: res.name });
}

/** `deployments.apps`, `pods` */
export function qualified(res: ApiResource): string {
  return res.group ? `${res.name}.${res.group}` : res.name;
}
/** Host preparation and joining (lib/sim hosts.ts; kubeadm join in lib/kubectl/kubeadm). */
export interface HostsApi {
  /** null: no such machine */
  get(name: string): HostState | null;
  /** the hosts added to the cluster (not the nodes it booted with) */
  names?(): string[];
  set(name: string, h: HostState): void;
  /** the host's kubelet registers its Node (kubeadm join succeeded) */
  join(name: string): void;
  /** kubeadm certs renew: epoch ms of each certificate's last renewal */
  certRenewals?(): Record<string, number>;
  setCertRenewals?(r: Record<string, number>): void;
}
