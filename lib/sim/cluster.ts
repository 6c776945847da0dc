/**
 * The public face of the simulated cluster: wires the components together, bootstraps presets,
 * and exposes the API-server entry points, time control, trace, runtime helpers (logs, exec,
 * curl, top) and snapshot/restore/stateHash.
 */
import { ApiServer, b64encode, type ApiResult, type ApplyResult, type DeleteOptions, type ListOptions, type RequestOptions } from "./apiserver/apiserver";
import { Kernel, type SimState, type TraceEntry, type WatchType } from "./core";
import { compareVersions, gitVersionOf, readPackages, writePackages, type NodePackages } from "./node-versions";
import { freshHost, preparedHost, readHost, readHosts, writeHost, type AddHostOptions, type HostState } from "./hosts";
import type { Ctx } from "./controllers/common";
import { registerCrdController } from "./apiserver/crd-controller";
import { registerWebAppOperator } from "./controllers/webapp-operator";
import { registerGatewayController } from "./controllers/gateway-controller";
import { CRD_INFO, customResources } from "./apiserver/crd";
import { kubeletCsiNode } from "./apiserver/csi";
import { registerCronJobController } from "./controllers/cronjob-controller";
import { registerDaemonSetController } from "./controllers/daemonset-controller";
import { registerDeploymentController } from "./controllers/deployment-controller";
import { registerDisruptionController } from "./controllers/disruption-controller";
import { registerEndpointsController } from "./controllers/endpoints-controller";
import { registerGarbageCollector } from "./controllers/garbagecollector-controller";
import { registerHpaController } from "./controllers/hpa-controller";
import { registerJobController } from "./controllers/job-controller";
import { registerNamespaceController } from "./controllers/namespace-controller";
import { registerNodeLifecycleController, startNodeMonitor } from "./controllers/node-lifecycle-controller";
import { registerPersistentVolumeController } from "./controllers/persistentvolume-controller";
import { reconcileKubernetesEndpoints } from "./apiserver/kubernetes-endpoints";
import { registerReplicaSetController } from "./controllers/replicaset-controller";
import { registerResourceQuotaController } from "./controllers/resourcequota-controller";
import { registerServiceAccountController } from "./controllers/serviceaccount-controller";
import { registerCsrSigningController } from "./controllers/csr-controller";
import { registerClusterRoleAggregationController } from "./controllers/clusterrole-aggregation-controller";
import { registerStatefulSetController } from "./controllers/statefulset-controller";
import { badRequest, invalid, type Status } from "./errors";
import { readLog } from "./container-logs";
import type { ImageSpec } from "./images";
import { ELECTED, etcdQuorum, freshenLeaderLeases, HA_ENDPOINT, haOf, haUp, joinedEtcdCommand, lbBackends, leaderLease, type HaMember, type HaView } from "./ha";
import { Kubelets } from "./kubelet";
import { ControlPlane, controllersActive, type ControlPlaneComponent } from "./controlplane";
import { corednsImage, DEFAULT_K8S_VERSION, imageTag, kubeadmConfigMap, kubeadmStaticPod } from "./kubeadm";
import { MetricsServer, type LoadSpec } from "./metrics";
import { Network, type CurlFrom, type CurlResult } from "./network";
import { RESOURCES, type ResourceInfo } from "./resources";
import { Scheduler } from "./scheduler";
import { SimulationStopped } from "./stop";
import { authenticate, authorize } from "./apiserver/rbac";
import { clone, EPOCH_MS, fnv32a, isoTime, matchesSelector, parseSelectorString, type Obj } from "./util";

export interface NodeSpec {
  name: string;
  /** CPU capacity, e.g. "2" (default "2") */
  cpu?: string;
  /** memory capacity, e.g. "4Gi" (default "4Gi") */
  memory?: string;
  pods?: number;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  controlPlane?: boolean;
}

export interface Addons {
  /** metrics-server in kube-system (kubectl top, HPA); default true */
  metricsServer?: boolean;
  /** ingress-nginx controller; default false (the corpus cluster has none) */
  ingressController?: boolean;
  /** a default StorageClass "local-path" with dynamic provisioning; default: true on the `cka` preset, else false */
  defaultStorageClass?: boolean;
  /** enforce NetworkPolicies (as Calico/Cilium would; flannel alone does not); default: true on the `cka` preset, else false */
  networkPolicies?: boolean;
}

export interface CreateClusterOptions {
  /** PRNG seed (names, IPs, tie-breaks); default 1 */
  seed?: number;
  /**
   * "single": one untainted node; "cka": controlplane (tainted) + node01 + node02, set up as exam and
   * Killercoda clusters are: NetworkPolicies enforced (their CNI enforces them) and a default
   * StorageClass `local-path` (rancher.io/local-path, WaitForFirstConsumer); `addons` can turn either off.
   */
  preset?: "single" | "cka" | "ha";
  /** explicit nodes instead of a preset */
  nodes?: NodeSpec[];
  /** objects created (as the admin) after the bootstrap, then the cluster runs until idle */
  objects?: Obj[];
  addons?: Addons;
  /** extra images for the containerd catalogue */
  images?: ImageSpec[];
  /**
   * the Kubernetes version kubeadm set the cluster up at (default v1.35.0): the nodes' packages and
   * kubelets, the control-plane manifests, kube-proxy, CoreDNS and the kubeadm-config ConfigMap
   * (an older cluster to upgrade, lib/kubectl/kubeadm/upgrade.ts)
   */
  kubernetesVersion?: string;
}

export interface TraceQuery {
  /** virtual ms, inclusive */
  from?: number;
  /** virtual ms, inclusive */
  to?: number;
  /** substring of the `object` field, e.g. "Pod default/web" or "default/web" */
  object?: string;
  /** component name matched against `from` or `to` (prefix match, e.g. "kubelet") */
  component?: string;
  limit?: number;
}

export interface WatchEvent {
  type: WatchType;
  object: Obj;
}

export interface WatchHandle {
  ok: true;
  /** events received since the last call */
  drain(): WatchEvent[];
  stop(): void;
}

export type LogsResult = { ok: true; text: string } | { ok: false; status: Status };
/** PodLogOptions of a log request; sinceTime is virtual ms (whole seconds, as the query parameter carries it). */
export interface LogsOptions { namespace?: string; pod: string; container?: string; previous?: boolean; tail?: number; sinceSeconds?: number; sinceTime?: number; timestamps?: boolean; limitBytes?: number }
export type ExecResult = { ok: true; stdout: string; stderr: string; exitCode: number } | { ok: false; status: Status };

const CP_TAINT = { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" };
const PRESETS: Record<string, NodeSpec[]> = {
  single: [{ name: "node01", cpu: "4", memory: "8Gi" }],
  cka: [
    { name: "controlplane", cpu: "2", memory: "4Gi", controlPlane: true },
    { name: "node01", cpu: "2", memory: "4Gi" },
    { name: "node02", cpu: "2", memory: "4Gi" },
  ],
  // three stacked-etcd control-plane nodes behind a load balancer (ha.ts)
  ha: [
    { name: "controlplane", cpu: "2", memory: "4Gi", controlPlane: true },
    { name: "controlplane2", cpu: "2", memory: "4Gi", controlPlane: true },
    { name: "controlplane3", cpu: "2", memory: "4Gi", controlPlane: true },
    { name: "node01", cpu: "2", memory: "4Gi" },
  ],
};

const ADMIN: RequestOptions = { from: "kubeadm", user: "kubernetes-admin" };
/** Built-in resources in discovery order, with the CRD resource after the core group (api-resources). */
const SERVED: ResourceInfo[] = [...RESOURCES.filter((r) => r.group === ""), CRD_INFO, ...RESOURCES.filter((r) => r.group !== "")];
const BOOT_AGE_MS = 10 * 86_400_000;

/** A simulated Kubernetes 1.35 cluster. */
export class Cluster {
  readonly k: Kernel;
  readonly api: ApiServer;
  readonly kubelets: Kubelets;
  readonly scheduler: Scheduler;
  readonly network: Network;
  readonly metricsServer: MetricsServer;
  /** the control-plane components' up/down state (static Pods), see controlplane.ts */
  readonly controlPlane: ControlPlane;
  private syncers: Record<string, (key: string) => void> = {};

  /** Use createCluster(); the constructor only wires components. */
  constructor(seed: number) {
    this.k = new Kernel(seed);
    this.api = new ApiServer(this.k);
    const ctx: Ctx = { k: this.k, api: this.api };
    this.scheduler = new Scheduler(this.k, this.api);
    this.kubelets = new Kubelets(this.k, this.api);
    this.network = new Network(this.k, this.kubelets);
    // Hooks go in as call arguments: V8 allocates a function literal assigned straight to a property
    // (`obj.f = () => ...`) in old space, and such a closure keeps the whole (young) cluster alive
    // through every scavenge until the next mark-compact, long after the cluster is dropped.
    this.kubelets.setNetworkHooks((pr, url, pure) => this.network.podHttp(pr, url, pure), (pr, name) => this.network.resolve(name, pr?.ns ?? null));
    this.metricsServer = new MetricsServer(this.k, this.kubelets, this.network);
    this.controlPlane = new ControlPlane(this.k, (name) => this.componentBack(name));
    this.kubelets.setControlPlane(this.controlPlane);
    this.syncers = {
      replicaset: registerReplicaSetController(ctx),
      deployment: registerDeploymentController(ctx),
      endpoints: registerEndpointsController(ctx),
      gc: registerGarbageCollector(ctx),
      namespace: registerNamespaceController(ctx),
      serviceaccount: registerServiceAccountController(ctx),
      resourcequota: registerResourceQuotaController(ctx),
      job: registerJobController(ctx),
      cronjob: registerCronJobController(ctx),
      daemonset: registerDaemonSetController(ctx),
      statefulset: registerStatefulSetController(ctx),
      pv: registerPersistentVolumeController(ctx),
      disruption: registerDisruptionController(ctx),
      crd: registerCrdController(ctx),
      webapp: registerWebAppOperator(ctx),
      gateway: registerGatewayController(ctx),
      csrsigning: registerCsrSigningController(ctx),
      clusterroleaggregation: registerClusterRoleAggregationController(ctx),
    };
    registerNodeLifecycleController(ctx);
    registerHpaController(ctx);
    this.k.onTimer("work", (controller) => {
      const sync = this.syncers[controller];
      if (!sync) return;
      // kube-controller-manager (or the API server it talks to) is down: the keys wait in the queue
      if (!controllersActive(this.k)) return;
      for (const key of this.k.drain(controller)) sync(key);
    });
    this.k.on("ingresses", (t, ing) => this.ingressStatus(t, ing));
  }

  /** A control-plane component serves again: what it drives picks up the work that waited. */
  private componentBack(name: ControlPlaneComponent): void {
    if (name !== "kube-scheduler") {
      for (const [controller, q] of Object.entries(this.k.s.work)) {
        if (!Object.keys(q).length) continue;
        this.k.s.pumpAt[controller] = this.k.now;
        this.k.schedule(0, "work", controller, true);
      }
    }
    if (name !== "kube-controller-manager") this.scheduler.wake();
  }

  // --- API server entry points (as a user) --------------------------------------------------------
  /** Create an object (kubectl create). */
  create(obj: Obj, opts?: RequestOptions): ApiResult {
    return this.guard(() => this.api.create(obj, opts));
  }
  /** Client-side apply with last-applied-configuration: created | configured | unchanged. */
  apply(obj: Obj, opts?: RequestOptions): ApplyResult {
    return this.guard(() => this.api.apply(obj, opts));
  }
  /** Replace (PUT) an object. */
  replace(obj: Obj, opts?: RequestOptions): ApiResult {
    return this.guard(() => this.api.update(obj, opts));
  }
  /** PUT certificatesigningrequests/NAME/approval (kubectl certificate approve|deny): only status.conditions change. */
  updateApproval(obj: Obj, opts?: RequestOptions): ApiResult {
    return this.guard(() => this.api.update(obj, opts, "approval"));
  }
  /** Patch an object: "strategic" (kubectl default), "merge" or "json". */
  patch(resource: string, name: string, patch: unknown, type: "strategic" | "merge" | "json" = "strategic", opts?: RequestOptions): ApiResult {
    return this.guard(() => this.api.patch(resource, name, patch, type, opts));
  }
  /** Delete an object (graceful for pods; dependents by the garbage collector). */
  delete(resource: string, name: string, opts?: DeleteOptions): ApiResult {
    return this.guard(() => this.api.delete(resource, name, opts));
  }
  get(resource: string, name: string, opts?: RequestOptions): ApiResult {
    return this.guard(() => this.api.get(resource, name, opts));
  }
  list(resource: string, opts?: ListOptions): ApiResult<Obj[]> {
    return this.guard(() => this.api.list(resource, opts));
  }
  /** Watch a resource; events are buffered until drained (not part of snapshots). */
  watch(resource: string, opts: ListOptions = {}): WatchHandle | { ok: false; status: Status } {
    const ri = this.api.lookup(resource);
    if (!ri) return { ok: false, status: badRequest(`the server doesn't have a resource type "${resource}"`) };
    const check = this.api.list(resource, opts);
    if (!check.ok) return check;
    const sel = typeof opts.labelSelector === "string" ? parseSelectorString(opts.labelSelector) : opts.labelSelector;
    const ns = ri.namespaced && !opts.allNamespaces ? opts.namespace || "default" : undefined;
    const buf: WatchEvent[] = [];
    const stop = this.k.subscribe((type, obj, res) => {
      if (res !== ri.resource) return;
      if (ns && obj.metadata.namespace !== ns) return;
      if (sel && !matchesSelector(sel, obj.metadata.labels)) return;
      if (buf.length < 10_000) buf.push({ type, object: clone(obj) });
    });
    return { ok: true, drain: () => buf.splice(0, buf.length), stop: () => { stop(); } };
  }

  /**
   * Every stored change as it happens, with its virtual time: `fn(type, obj, resource, t)`. `obj` is the
   * stored object (read it, do not keep or mutate it). Not part of the state. Returns the unsubscribe.
   */
  onChange(fn: (type: WatchType, obj: Readonly<Obj>, resource: string, t: number) => void): () => void {
    const stop = this.k.subscribe((type, obj, resource) => fn(type, obj, resource, this.k.now));
    return () => { stop(); };
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof SimulationStopped) throw e;
      return { ok: false, status: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason: "InternalError", code: 500, message: `Internal error occurred: ${(e as Error).message}` } } as T;
    }
  }

  // --- time --------------------------------------------------------------------------------------
  /** Current virtual time in ms since the cluster's epoch (2026-01-01T00:00:00Z). */
  get now(): number {
    return this.k.now;
  }
  /** Let `ms` of virtual time pass, running everything due. */
  advance(ms: number): void {
    this.k.runTo(this.k.now + Math.max(0, ms));
  }
  /** Run until no foreground work is pending (controllers, scheduling, pulls, starts) or `maxMs` passed. */
  runUntilIdle(opts: { maxMs?: number } = {}): number {
    return this.k.runUntilIdle(opts.maxMs ?? 120_000);
  }
  /**
   * Let the caller stop a long step: `fn` is asked before each event that advance/runUntilIdle (and
   * everything built on them) runs; once it returns true they throw SimulationStopped and the state is
   * part-way through the step. The simulator has no clock of its own, so a wall-clock budget lives in
   * the caller's `fn`. null clears it. Not part of the state (snapshot, stateHash).
   */
  setShouldStop(fn: (() => boolean) | null): void {
    this.k.setShouldStop(fn);
  }

  // --- trace -------------------------------------------------------------------------------------
  /** Flow trace entries filtered by time range, object and component. */
  trace(q: TraceQuery = {}): TraceEntry[] {
    const out: TraceEntry[] = [];
    for (const e of this.k.s.trace) {
      if (q.from !== undefined && e.t < q.from) continue;
      if (q.to !== undefined && e.t > q.to) continue;
      if (q.object && !e.object.includes(q.object) && !e.detail.includes(q.object)) continue;
      if (q.component && !e.from.startsWith(q.component) && !e.to.startsWith(q.component)) continue;
      out.push(e);
      if (q.limit && out.length >= q.limit) break;
    }
    return out;
  }

  // --- runtime helpers -------------------------------------------------------------------------
  /** Container logs (kubectl logs [-c] [-p] [--tail] [--since|--since-time] [--timestamps]): PodLogOptions. */
  logs(opts: LogsOptions): LogsResult {
    return this.guard(() => this.logsUnguarded(opts));
  }

  private logsUnguarded(opts: LogsOptions): LogsResult {
    const ns = opts.namespace ?? "default";
    const pod = this.k.get("pods", ns, opts.pod);
    if (!pod) return { ok: false, status: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason: "NotFound", code: 404, message: `pods "${opts.pod}" not found` } };
    const all = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c: Obj) => c.name);
    const name = opts.container ?? pod.metadata.annotations?.["kubectl.kubernetes.io/default-container"] ?? pod.spec.containers[0].name;
    if (!all.includes(name)) {
      return { ok: false, status: badRequest(`container ${name} is not valid for pod ${opts.pod}`) };
    }
    // the API server's ValidatePodLogOptions (pkg/apis/core/validation), before the kubelet is asked
    if (opts.sinceSeconds !== undefined && opts.sinceTime !== undefined) return { ok: false, status: invalid("PodLogOptions", "", opts.pod, [{ type: "Forbidden", field: "", detail: "at most one of `sinceTime` or `sinceSeconds` may be specified" }]) };
    if (opts.sinceSeconds !== undefined && opts.sinceSeconds < 1) return { ok: false, status: invalid("PodLogOptions", "", opts.pod, [{ type: "Invalid value", field: "sinceSeconds", value: opts.sinceSeconds, detail: "must be greater than 0" }]) };
    if (opts.limitBytes !== undefined && opts.limitBytes < 1) return { ok: false, status: invalid("PodLogOptions", "", opts.pod, [{ type: "Invalid value", field: "limitBytes", value: opts.limitBytes, detail: "must be greater than 0" }]) };
    const log = this.kubelets.logs(pod, name, !!opts.previous);
    if (log === null) {
      if (opts.previous) return { ok: false, status: badRequest(`previous terminated container "${name}" in pod "${opts.pod}" not found`) };
      const cs = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find((c: Obj) => c.name === name);
      const reason = cs?.state?.waiting?.reason ?? "ContainerCreating";
      return { ok: false, status: badRequest(`container "${name}" in pod "${opts.pod}" is waiting to start: ${reason}`) };
    }
    // kubelet NewLogOptions: sinceSeconds counts back from now (at most one of the two gets this far)
    const since = opts.sinceSeconds !== undefined ? this.k.now - opts.sinceSeconds * 1000 : opts.sinceTime;
    return { ok: true, text: readLog(log, { tailLines: opts.tail, since, timestamps: opts.timestamps, limitBytes: opts.limitBytes }) };
  }

  /** kubectl exec: run a command in a running container. */
  exec(opts: { namespace?: string; pod: string; container?: string; command: string[] }): ExecResult {
    return this.guard(() => this.execUnguarded(opts));
  }

  private execUnguarded(opts: { namespace?: string; pod: string; container?: string; command: string[] }): ExecResult {
    const ns = opts.namespace ?? "default";
    const pod = this.k.get("pods", ns, opts.pod);
    if (!pod) return { ok: false, status: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason: "NotFound", code: 404, message: `pods "${opts.pod}" not found` } };
    const name = opts.container ?? pod.spec.containers[0].name;
    if (!pod.spec.containers.some((c: Obj) => c.name === name)) return { ok: false, status: badRequest(`container ${name} is not valid for pod ${opts.pod}`) };
    if (pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") return { ok: false, status: badRequest(`cannot exec into a container in a completed pod; current phase is ${pod.status.phase}`) };
    const r = this.kubelets.exec(pod, name, opts.command);
    if (!r) return { ok: false, status: badRequest(`unable to upgrade connection: container not found ("${name}")`) };
    // a program the image lacks: the runtime's exec error comes back over the stream as an InternalError
    if (r.error) return { ok: false, status: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason: "InternalError", code: 500, message: `Internal error occurred: ${r.error}` } };
    return { ok: true, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  }

  /** curl from a pod ({pod: "ns/name"}), a node ({node}) or outside ({}) to a URL. */
  curl(from: CurlFrom, url: string): CurlResult {
    try {
      return this.network.curl(from, url);
    } catch (e) {
      return { ok: false, body: "", error: `curl: (2) ${(e as Error).message}`, exitCode: 2, path: [] };
    }
  }
  /** CoreDNS lookup as seen from a namespace (null = from a node). */
  resolveDns(name: string, namespace: string | null = "default"): string[] | null {
    return this.network.resolve(name, namespace);
  }
  /** kube-proxy's iptables-save style nat rules on a node. */
  proxyRules(node: string): string[] {
    return this.network.rules(node);
  }
  topPods(namespace?: string) {
    return this.metricsServer.topPods(namespace);
  }
  topNodes() {
    return this.metricsServer.topNodes();
  }
  /** Whether a node's kubelet is running (null for an unknown node). */
  kubeletRunning(node: string): boolean | null {
    const n = this.kubelets.nodes[node];
    return n ? n.up : null;
  }

  /** Stop or start a node's kubelet (node failure drills). */
  setKubeletRunning(node: string, running: boolean): void {
    const was = this.kubelets.nodes[node]?.up;
    this.kubelets.setKubeletUp(node, running);
    if (running && was === false) this.ensureCsiNode(node, `csinode/${this.k.s.rev}`);
  }
  /**
   * A starting kubelet's CSI plugin creates the node's CSINode when it is missing (nodeinfomanager
   * InitializeCSINodeWithAnnotation); written directly so that it draws nothing from the PRNG or the uid counter.
   * Its UID is derived from the Node's (`salt` tells a re-created one from the first).
   */
  private ensureCsiNode(node: string, salt = "csinode"): void {
    const n = this.k.get("nodes", undefined, node);
    if (!n || this.k.get("csinodes", undefined, node)) return;
    this.k.trace(`kubelet/${node}`, "kube-apiserver", "create", `CSINode ${node}`);
    this.k.put("csinodes", kubeletCsiNode(n, isoTime(this.k.now), salt));
  }
  /**
   * Power a control-plane node of an HA control plane off or on (ha.ts): off stops its kubelet and every
   * control-plane instance on it; false when the cluster has no such node or nothing changed.
   */
  setNodePower(node: string, on: boolean): boolean {
    if (!this.controlPlane.setPower(node, on)) return false;
    this.kubelets.setKubeletUp(node, on);
    return true;
  }
  /** An HA control plane's state (etcd members, load balancer, powered-off nodes); null for a single control plane. */
  haState(): HaView | null {
    const ha = haOf(this.k);
    if (!ha) return null;
    return {
      endpoint: ha.endpoint,
      quorum: etcdQuorum(this.k, ha),
      backends: lbBackends(this.k, ha),
      etcdLeader: ha.etcdLeader,
      raftTerm: ha.raftTerm,
      members: ha.members.map((m) => ({ ...m, etcdUp: haUp(this.k, ha, "etcd", m.node), poweredOff: !!ha.off[m.node] })),
    };
  }
  /** A node's Kubernetes packages (node-versions.ts); null for an unknown node. */
  nodePackages(node: string): NodePackages | null {
    return this.kubelets.nodes[node] || readHosts(this.k.s.rt)[node] ? readPackages(this.k.s.rt, node, this.bootVersion()) : null;
  }
  /** Replace a node's Kubernetes packages (apt-get install, apt-mark, apt-get update). */
  setNodePackages(node: string, p: NodePackages): void {
    if (this.kubelets.nodes[node] || readHosts(this.k.s.rt)[node]) writePackages(this.k.s.rt, node, p);
  }
  /** A machine's host preparation (hosts.ts): an added host's, or a prepared one for a node that booted with the cluster; null: unknown. */
  host(name: string): HostState | null {
    return readHost(this.k.s.rt, name) ?? (this.kubelets.nodes[name] ? preparedHost(this.kubelets.nodeIP(name)) : null);
  }
  /** Change an added host's kernel/service state (modprobe, sysctl, swapoff, systemctl); nodes that booted with the cluster stay prepared. */
  setHost(name: string, h: HostState): void {
    if (readHosts(this.k.s.rt)[name]) writeHost(this.k.s.rt, name, h);
  }
  /** Add a machine that is not a Node yet, with kubeadm/kubelet/kubectl installed at the cluster's version (an exercise's start). */
  addHost(name: string, o: AddHostOptions = {}): void {
    if (this.kubelets.nodes[name] || readHosts(this.k.s.rt)[name]) throw new Error(`host ${name} exists`);
    const i = Object.keys(this.kubelets.nodes).length + Object.keys(readHosts(this.k.s.rt)).length;
    writeHost(this.k.s.rt, name, freshHost(`172.30.${2 + Math.floor((i - 1) / 250)}.${2 + ((i - 1) % 250)}`, o));
  }
  /** `kubeadm join` succeeded on an added host: its kubelet registers the Node (TLS bootstrap done) and runs. */
  joinHost(name: string): void {
    const h = readHost(this.k.s.rt, name);
    if (!h) return;
    writeHost(this.k.s.rt, name, { ...h, joined: true, kubeadmFiles: true, kubeletActive: true });
    if (this.kubelets.nodes[name]) {
      // joined before and reset: the kubelet comes back on the same Node
      this.setKubeletRunning(name, true);
      return;
    }
    this.addNode({ name, cpu: "2", memory: "4Gi" }, Object.keys(this.kubelets.nodes).length, h.ip);
    this.k.trace(`kubelet/${name}`, "kube-apiserver", "join", `Node ${name}`, "kubeadm join: TLS bootstrap, Node registered");
  }
  /**
   * (Re)start a node's kubelet from its installed package: the running kubelet and the Node's
   * status.nodeInfo.kubeletVersion take the installed version (systemctl restart kubelet).
   */
  restartKubelet(node: string): void {
    const p = this.nodePackages(node);
    if (!p) return;
    const v = gitVersionOf(p.installed.kubelet);
    if (p.kubeletRunning !== v) {
      writePackages(this.k.s.rt, node, { ...p, kubeletRunning: v });
      const n = this.k.get("nodes", undefined, node);
      if (n) {
        const c = clone(n);
        c.status = { ...c.status, nodeInfo: { ...c.status?.nodeInfo, kubeletVersion: v } };
        this.api.writeStatus(c, `kubelet/${node}`);
      }
      this.k.trace(`kubelet/${node}`, `kubelet/${node}`, "restart", `Node ${node}`, `kubelet ${v}`);
    }
    this.setKubeletRunning(node, true);
    this.ensureCsiNode(node, `csinode/${this.k.s.rev}`);
  }
  /** Switch a load generator on (rps > 0) or off (rps 0) for a Service "ns/name". */
  setLoad(spec: LoadSpec): void {
    const list: LoadSpec[] = (this.k.s.rt.load ?? []).filter((l: LoadSpec) => l.service !== spec.service || l.path !== spec.path);
    if (spec.rps > 0) list.push({ ...spec });
    this.k.s.rt.load = list;
    this.k.trace("load-generator", `Service ${spec.service}`, spec.rps > 0 ? "start load" : "stop load", `Service ${spec.service}`, `${spec.rps} req/s`);
  }
  /** Add images to containerd's catalogue (e.g. an exercise's demo image). */
  registerImage(spec: ImageSpec): void {
    this.k.s.rt.customImages = [...(this.k.s.rt.customImages ?? []), spec];
    this.kubelets.customImages = this.k.s.rt.customImages;
  }
  /** TokenRequest (kubectl create token): a signed-looking JWT for a ServiceAccount, valid `seconds`. */
  createToken(serviceAccount: string, opts: RequestOptions & { expirationSeconds?: number; audiences?: string[] } = {}): { ok: true; token: string } | { ok: false; status: Status } {
    const ns = opts.namespace ?? "default";
    const sa = this.api.get("serviceaccounts", serviceAccount, { ...opts, namespace: ns });
    if (!sa.ok) return sa;
    const iat = Math.floor((EPOCH_MS + this.k.now) / 1000);
    const exp = iat + (opts.expirationSeconds ?? 3600);
    const b64url = (o: unknown) => b64encode(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    const payload = {
      aud: opts.audiences ?? ["https://kubernetes.default.svc.cluster.local"], exp, iat, iss: "https://kubernetes.default.svc.cluster.local",
      jti: this.k.uid(), "kubernetes.io": { namespace: ns, serviceaccount: { name: serviceAccount, uid: sa.object.metadata.uid } }, nbf: iat,
      sub: `system:serviceaccount:${ns}:${serviceAccount}`,
    };
    const sig = b64url({ s: fnv32a(JSON.stringify(payload)).toString(16) }).repeat(8).slice(0, 342);
    this.k.trace(opts.from ?? "kubectl", "kube-apiserver", "create token", `ServiceAccount ${ns}/${serviceAccount}`);
    return { ok: true, token: `${b64url({ alg: "RS256", kid: "sim" })}.${b64url(payload)}.${sig}` };
  }

  /** The Kubernetes version the cluster was set up at (createCluster kubernetesVersion). */
  bootVersion(): string {
    return (this.k.s.rt.k8sVersion as string | undefined) ?? DEFAULT_K8S_VERSION;
  }

  /**
   * Server version (kubectl version, /version): the API server's binary, i.e. the image tag of the
   * kube-apiserver static Pod kubeadm wrote (a `kubeadm upgrade apply` rewrites it); the newest
   * when control planes differ, as kubeadm's getLatestClusterVersion reads it. Without a
   * control-plane Pod (preset single) the version the cluster was set up at.
   */
  version(): { major: string; minor: string; gitVersion: string; platform: string; goVersion: string } {
    let gv = "";
    for (const p of this.k.list("pods", "kube-system")) {
      if (p.metadata.labels?.component !== "kube-apiserver" || p.metadata.labels?.tier !== "control-plane") continue;
      const tag = imageTag(p.spec?.containers?.[0]?.image ?? "");
      if (/^v\d+\.\d+\.\d+$/.test(tag) && (!gv || compareVersions(tag, gv) > 0)) gv = tag;
    }
    if (!gv) gv = this.bootVersion();
    const [major, minor] = gv.slice(1).split(".");
    return { major, minor, gitVersion: gv, platform: "linux/amd64", goVersion: minor === "34" ? "go1.24.11" : "go1.25.5" };
  }

  /**
   * `kubectl auth can-i` (a SelfSubjectAccessReview): would RBAC allow `user` (plus impersonated
   * `groups`) to `verb` the resource (optionally a named object)? `allNamespaces` asks cluster-wide.
   */
  canI(user: string, verb: string, resource: string, opts: { namespace?: string; name?: string; subresource?: string; groups?: string[]; allNamespaces?: boolean } = {}): boolean {
    const ri = this.api.lookup(resource);
    const u = authenticate(user);
    if (!u) return false;
    const group = ri?.group ?? "";
    const res = ri?.resource ?? resource;
    const namespace = ri?.namespaced === false || opts.allNamespaces ? undefined : opts.namespace ?? "default";
    return authorize(this.k, { name: u.name, groups: [...new Set([...u.groups, ...(opts.groups ?? [])])] }, { verb, group, resource: res, subresource: opts.subresource, namespace, name: opts.name });
  }

  /** Eviction API (kubectl drain): pods/eviction as the API server serves it (apiserver/eviction.ts). */
  evict(name: string, opts: DeleteOptions = {}): ApiResult {
    return this.guard(() => this.api.evict(name, opts));
  }

  /** Served API resources (kubectl api-resources, discovery). */
  resources(): ResourceInfo[] {
    const custom = customResources(this.k);
    return custom.length ? [...SERVED, ...custom] : SERVED;
  }

  // --- etcd view ---------------------------------------------------------------------------------
  /** etcd keys (e.g. "/registry/pods/default/nginx") with an optional prefix, sorted. */
  etcdKeys(prefix = ""): string[] {
    const out: string[] = [];
    for (const ri of this.resources()) {
      const base = `/registry/${ri.group && !["apps", "batch", "autoscaling", "policy"].includes(ri.group) ? ri.group + "/" : ""}${ri.resource}/`;
      for (const o of this.k.list(ri.resource)) {
        const key = base + (o.metadata.namespace ? o.metadata.namespace + "/" : "") + o.metadata.name;
        if (key.startsWith(prefix)) out.push(key);
      }
    }
    for (const key of Object.keys(this.k.s.rt.etcdExtra ?? {})) if (key.startsWith(prefix)) out.push(key);
    return out.sort();
  }
  /** Value of an etcd key (objects as JSON), or null. */
  etcdGet(key: string): string | null {
    const extra = this.k.s.rt.etcdExtra?.[key];
    if (extra !== undefined) return extra;
    const m = /^\/registry\/(?:([a-z0-9.-]+\.[a-z.]+)\/)?([a-z]+)\/(.+)$/.exec(key);
    if (!m) return null;
    const ri = this.api.lookup(m[2]);
    if (!ri) return null;
    const parts = m[3].split("/");
    const o = ri.namespaced ? this.k.get(ri.resource, parts[0], parts[1] ?? "") : this.k.get(ri.resource, undefined, parts[0]);
    return o ? JSON.stringify(o) : null;
  }
  /** etcdctl put of a non-object key. */
  etcdPut(key: string, value: string): void {
    this.k.s.rt.etcdExtra = { ...(this.k.s.rt.etcdExtra ?? {}), [key]: value };
    this.k.s.rev++;
  }
  etcdDel(key: string): number {
    if (this.k.s.rt.etcdExtra?.[key] === undefined) return 0;
    delete this.k.s.rt.etcdExtra[key];
    this.k.s.rev++;
    return 1;
  }
  get etcdRevision(): number {
    return this.k.s.rev;
  }

  // --- snapshot / restore / hash -------------------------------------------------------------------
  /** Serialise the whole cluster state (store, clock, queue, PRNG, runtime) to a JSON string. */
  snapshot(): string {
    const s = this.k.s;
    return JSON.stringify({
      v: 1, now: s.now, seq: s.seq, rng: s.rng, rev: s.rev, uidCounter: s.uidCounter,
      objects: Object.fromEntries(Object.entries(s.objects).map(([r, m]) => [r, [...m.values()]])),
      queue: s.queue, pending: [...s.pending], trace: s.trace, traceDropped: s.traceDropped, fgCount: s.fgCount,
      work: s.work, pumpAt: s.pumpAt, rt: s.rt,
    });
  }

  /** Replace this cluster's state with a snapshot taken by snapshot(). */
  restore(snap: string): void {
    const d = JSON.parse(snap);
    const objects: SimState["objects"] = {};
    for (const ri of RESOURCES) objects[ri.resource] = new Map();
    for (const [r, list] of Object.entries(d.objects as Record<string, Obj[]>)) {
      const m = (objects[r] ??= new Map());
      for (const o of list) m.set(o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name, o);
    }
    this.k.s = {
      now: d.now, seq: d.seq, rng: d.rng, rev: d.rev, uidCounter: d.uidCounter, objects, queue: d.queue,
      pending: new Set(d.pending), trace: d.trace, traceDropped: d.traceDropped, fgCount: d.fgCount, work: d.work, pumpAt: d.pumpAt, rt: d.rt,
    };
    this.k.reindex();
    this.kubelets.customImages = d.rt.customImages ?? [];
    this.kubelets.resetCaches();
  }

  /** A stable hash of the cluster state (same seed + same calls = same hash). */
  stateHash(): string {
    const s = this.snapshot();
    let h1 = 0x811c9dc5, h2 = 0x01000193;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
    }
    return h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0") + fnv32a(String(s.length)).toString(16).padStart(8, "0");
  }

  // --- bootstrap ---------------------------------------------------------------------------------
  /** Register a node (kubelet joins): the Node object, its lease and images. */
  addNode(spec: NodeSpec, idx?: number, internalIP?: string): void {
    const i = idx ?? Object.keys(this.kubelets.nodes).length;
    const labels: Record<string, string> = {
      "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
      "kubernetes.io/hostname": spec.name, "kubernetes.io/os": "linux", ...(spec.labels ?? {}),
    };
    if (spec.controlPlane) {
      labels["node-role.kubernetes.io/control-plane"] = "";
      labels["node.kubernetes.io/exclude-from-external-load-balancers"] = "";
    }
    const memBytes = parseMem(spec.memory ?? "4Gi");
    const capacity = { cpu: spec.cpu ?? "2", "ephemeral-storage": "20134592Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0", memory: `${Math.round(memBytes / 1024)}Ki`, pods: String(spec.pods ?? 110) };
    const allocatable = { ...capacity, "ephemeral-storage": "18556039957" };
    const ts = isoTime(this.k.now);
    const ip = internalIP ?? (i === 0 ? "172.30.1.2" : `172.30.${2 + Math.floor((i - 1) / 250)}.${2 + ((i - 1) % 250)}`);
    const conds = [
      { type: "MemoryPressure", status: "False", reason: "KubeletHasSufficientMemory", message: "kubelet has sufficient memory available" },
      { type: "DiskPressure", status: "False", reason: "KubeletHasNoDiskPressure", message: "kubelet has no disk pressure" },
      { type: "PIDPressure", status: "False", reason: "KubeletHasSufficientPID", message: "kubelet has sufficient PID available" },
      { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" },
    ].map((c) => ({ ...c, lastHeartbeatTime: ts, lastTransitionTime: ts }));
    const taints = [...(spec.controlPlane ? [CP_TAINT] : []), ...(spec.taints ?? [])];
    const node: Obj = {
      apiVersion: "v1", kind: "Node",
      metadata: { name: spec.name, labels, annotations: { "node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true" } },
      spec: { podCIDR: `10.244.${i}.0/24`, podCIDRs: [`10.244.${i}.0/24`], ...(taints.length ? { taints } : {}) },
    };
    const r = this.api.create(node, { from: `kubelet/${spec.name}`, user: `system:node:${spec.name}` });
    if (!r.ok) return;
    const n = clone(r.object);
    n.status = {
      capacity, allocatable, conditions: conds,
      addresses: [{ type: "InternalIP", address: ip }, { type: "Hostname", address: spec.name }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: "amd64", bootID: this.k.uid(), containerRuntimeVersion: "containerd://2.1.4", kernelVersion: "6.8.0-85-generic",
        kubeProxyVersion: "", kubeletVersion: this.bootVersion(), machineID: fnv32a(spec.name).toString(16).padStart(32, "0"), operatingSystem: "linux",
        osImage: "Ubuntu 24.04.3 LTS", systemUUID: this.k.uid(),
      },
    };
    this.api.writeStatus(n, `kubelet/${spec.name}`);
    this.kubelets.registerNode(n, i, preloaded(this.bootVersion()));
    this.ensureCsiNode(spec.name);
  }

  private ingressStatus(t: WatchType, ing: Obj) {
    const ic = this.k.s.rt.ingressController;
    if (t === "DELETED" || !ic) return;
    const cls = ing.spec?.ingressClassName ?? ing.metadata.annotations?.["kubernetes.io/ingress.class"];
    if (cls && cls !== "nginx") return;
    if (ing.status?.loadBalancer?.ingress?.[0]?.ip === ic.ip) return;
    const c = clone(ing);
    c.status = { loadBalancer: { ingress: [{ ip: ic.ip }] } };
    this.api.writeStatus(c, "ingress-nginx-controller");
  }
}

const PRELOADED = [
  "registry.k8s.io/kube-proxy:v1.35.0", "registry.k8s.io/coredns/coredns:v1.12.1", "registry.k8s.io/pause:3.10",
  "registry.k8s.io/metrics-server/metrics-server:v0.8.0", "registry.k8s.io/etcd:3.6.4-0", "registry.k8s.io/kube-apiserver:v1.35.0",
  "registry.k8s.io/kube-controller-manager:v1.35.0", "registry.k8s.io/kube-scheduler:v1.35.0", "docker.io/flannel/flannel:v0.27.3",
];

/** The images a node set up at `version` has pulled (the default list names v1.35.0's). */
function preloaded(version: string): string[] {
  if (version === DEFAULT_K8S_VERSION) return PRELOADED;
  const cp = new Set(["kube-proxy", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]);
  return PRELOADED.map((img) => {
    const repo = img.slice(0, img.lastIndexOf(":"));
    const name = repo.slice(repo.lastIndexOf("/") + 1);
    if (cp.has(name)) return `${repo}:${version}`;
    if (name === "coredns") return corednsImage(version);
    return img;
  });
}

function parseMem(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti)?$/.exec(s);
  if (!m) return 4 * 1024 ** 3;
  return Number(m[1]) * ({ "": 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 }[(m[2] ?? "") as ""]);
}

/** Bootstrapped clusters by node/add-on/image set: bootstrap once, restore afterwards. */
const BOOT_CACHE = new Map<string, string>();
const BOOT_SEED = 0x5eed;

/**
 * This process's boot snapshots, key -> snapshot (createCluster restores every cluster from one): the terminal CLI
 * (scripts/sim-cli.ts) keeps them on disk next to its bundle, so a CLI run restores the booted cluster instead of booting it.
 */
export function bootSnapshots(): Map<string, string> {
  return BOOT_CACHE;
}

/** Create a simulated cluster: a preset or explicit nodes, kube-system add-ons, then `objects`. */
export function createCluster(opts: CreateClusterOptions = {}): Cluster {
  // The cka preset is an exam cluster: an enforcing CNI and local-path as the default StorageClass.
  const exam = !opts.nodes && (opts.preset ?? "cka") !== "single";
  const addons: Addons = { metricsServer: true, ingressController: false, defaultStorageClass: exam, networkPolicies: exam, ...(opts.addons ?? {}) };
  const nodes = opts.nodes ?? PRESETS[opts.preset ?? "cka"];
  const version = opts.kubernetesVersion ?? DEFAULT_K8S_VERSION;
  const cacheKey = JSON.stringify([nodes, addons, opts.images ?? [], ...(version === DEFAULT_K8S_VERSION ? [] : [version])]);
  let c: Cluster;
  if (nodes.length > 20) {
    // Large clusters are one-offs (benchmarks, scale drills): boot directly, no cache.
    c = bootstrap(nodes, addons, opts.images ?? [], version);
  } else {
    let snap = BOOT_CACHE.get(cacheKey);
    if (!snap) {
      snap = bootstrap(nodes, addons, opts.images ?? [], version).snapshot();
      if (BOOT_CACHE.size > 32) BOOT_CACHE.delete(BOOT_CACHE.keys().next().value as string);
      BOOT_CACHE.set(cacheKey, snap);
    }
    c = new Cluster(opts.seed ?? 1);
    c.restore(snap);
  }
  // The learner's seed drives everything from here on (the bootstrap is seed-independent).
  c.k.s.rng = (Math.imul((opts.seed ?? 1) >>> 0, 0x9e3779b1) ^ 0x85ebca6b) >>> 0;
  for (const o of opts.objects ?? []) c.apply(o, ADMIN);
  if (opts.objects?.length) c.runUntilIdle({ maxMs: 120_000 });
  return c;
}

function bootstrap(nodes: NodeSpec[], addons: Addons, images: ImageSpec[], version = DEFAULT_K8S_VERSION): Cluster {
  const c = new Cluster(BOOT_SEED);
  const k = c.k;
  if (version !== DEFAULT_K8S_VERSION) k.s.rt.k8sVersion = version;
  for (const img of images) c.registerImage(img);
  // The cluster was born BOOT_AGE_MS before the learner arrives; bootstrap runs at that time.
  k.s.now = -BOOT_AGE_MS;
  startNodeMonitor({ k, api: c.api });
  for (const ns of ["default", "kube-system", "kube-public", "kube-node-lease"]) c.api.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }, ADMIN);
  bootstrapRbac(c);
  for (const [name, value] of [["system-cluster-critical", 2000000000], ["system-node-critical", 2000001000]] as const) {
    c.api.create({ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value, description: `Used for system critical pods that must not be moved from their current ${name === "system-node-critical" ? "node" : "cluster"}.`, preemptionPolicy: "PreemptLowerPriority" }, ADMIN);
  }
  c.api.create({ apiVersion: "v1", kind: "Service", metadata: { name: "kubernetes", namespace: "default", labels: { component: "apiserver", provider: "kubernetes" } }, spec: { clusterIP: "10.96.0.1", ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }], type: "ClusterIP" } }, ADMIN);
  nodes.forEach((n, i) => c.addNode(n, i));
  // more than one control-plane node: an HA control plane (the ha preset, ha.ts)
  const cps = nodes.filter((n) => n.controlPlane).map((n) => n.name);
  if (cps.length > 1) bootstrapHa(c, cps);
  // the API server writes the kubernetes Service's Endpoints/EndpointSlice (apiserver/kubernetes-endpoints.ts)
  if (cps.length) reconcileKubernetesEndpoints(c.api, cps.map((n) => c.kubelets.nodeIP(n)));
  const cp = nodes.find((n) => n.controlPlane)?.name;
  bootstrapAddons(c, cp, addons, version);
  k.runUntilIdle(120_000);
  // Fast-forward to "now": the add-ons have been running for a while.
  k.runTo(-BOOT_AGE_MS + 60_000);
  k.s.now = 0;
  k.s.rt.leaseRenew = Object.fromEntries(Object.keys(c.kubelets.nodes).map((n) => [n, 0]));
  // ...and so do the Lease objects (describe node shows RenewTime within the last 10 s, not the boot's).
  for (const l of k.list("leases", "kube-node-lease")) k.put("leases", { ...l, spec: { ...l.spec, renewTime: isoTime(0) } });
  if (cps.length > 1) freshenLeaderLeases(k);
  shiftTimers(k, BOOT_AGE_MS - 60_000);
  for (const key of Object.keys(k.s.pumpAt)) k.s.pumpAt[key] += BOOT_AGE_MS - 60_000;
  for (const q of Object.values(k.s.work)) for (const key of Object.keys(q)) q[key] += BOOT_AGE_MS - 60_000;
  // kubeadm init's uploaded ClusterConfiguration, for a cluster set up at another version (the default cluster's
  // objects, resourceVersions and uids stay as they were; kubeadm upgrade reads its configuration from the
  // cluster when this ConfigMap is missing and uploads it, lib/kubectl/kubeadm/upgrade.ts)
  if (cp && version !== DEFAULT_K8S_VERSION && !k.get("configmaps", "kube-system", "kubeadm-config")) c.api.create(kubeadmConfigMap(version, `${c.kubelets.nodeIP(cp) || "172.30.1.2"}:6443`), ADMIN);
  k.s.trace = [];
  // Events live one hour (--event-ttl): none survive from the boot ten days ago.
  for (const e of k.list("events")) k.remove("events", e.metadata.namespace, e.metadata.name);
  k.s.rt.eventAgg = {};
  return c;
}

/** After the boot fast-forward, pending periodic timers move to the present. */
function shiftTimers(k: Kernel, by: number) {
  for (const e of k.s.queue) e.t = Math.max(0, e.t + by);
}

function bootstrapRbac(c: Cluster) {
  const all = [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }, { nonResourceURLs: ["*"], verbs: ["*"] }];
  const read = ["get", "list", "watch"];
  const write = ["create", "delete", "deletecollection", "patch", "update"];
  const core = ["pods", "pods/log", "pods/exec", "services", "endpoints", "configmaps", "secrets", "persistentvolumeclaims", "replicationcontrollers", "serviceaccounts", "events", "limitranges", "resourcequotas"];
  const apps = ["deployments", "replicasets", "statefulsets", "daemonsets", "deployments/scale", "replicasets/scale", "statefulsets/scale"];
  const roles: Obj[] = [
    { name: "cluster-admin", rules: all },
    { name: "admin", rules: [{ apiGroups: [""], resources: core, verbs: [...read, ...write] }, { apiGroups: ["apps"], resources: apps, verbs: [...read, ...write] }, { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: [...read, ...write] }, { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: [...read, ...write] }, { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: [...read, ...write] }, { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: [...read, ...write] }, { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: [...read, ...write] }] },
    { name: "edit", rules: [{ apiGroups: [""], resources: core, verbs: [...read, ...write] }, { apiGroups: ["apps"], resources: apps, verbs: [...read, ...write] }, { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: [...read, ...write] }, { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: [...read, ...write] }, { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: [...read, ...write] }] },
    { name: "view", rules: [{ apiGroups: [""], resources: core.filter((r) => r !== "secrets" && r !== "pods/exec"), verbs: read }, { apiGroups: ["apps"], resources: apps, verbs: read }, { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: read }, { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: read }, { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: read }] },
  ];
  for (const r of roles) {
    c.api.create({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: r.name, labels: { "kubernetes.io/bootstrapping": "rbac-defaults" }, annotations: { "rbac.authorization.kubernetes.io/autoupdate": "true" } }, rules: r.rules }, ADMIN);
  }
  c.api.create({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "cluster-admin", labels: { "kubernetes.io/bootstrapping": "rbac-defaults" } }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" }, subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:masters" }] }, ADMIN);
  c.api.create({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "kubeadm:cluster-admins" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" }, subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "kubeadm:cluster-admins" }] }, ADMIN);
}

/**
 * The ha preset: the nodes after the first joined with `kubeadm join --control-plane` (their own four static
 * Pods, a stacked etcd member each), the load balancer's endpoint in kubeadm-config, and the Leases of the
 * leader-elected components, first held by the node that ran `kubeadm init` (ha.ts).
 */
function bootstrapHa(c: Cluster, cps: string[]) {
  const k = c.k;
  const ipOf = (n: string) => c.kubelets.nodeIP(n);
  const members: HaMember[] = cps.map((n) => ({ node: n, ip: ipOf(n), id: fnv32a(`etcd-member/${n}`).toString(16).padStart(8, "0") + fnv32a(`peer/${n}`).toString(16).padStart(8, "0") }));
  for (const [i, node] of cps.entries()) {
    if (i === 0) continue;
    const owner = k.get("nodes", undefined, node);
    for (const name of ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
      const pod = kubeadmStaticPod(name, node, ipOf(node));
      if (name === "etcd") pod.spec.containers[0].command = joinedEtcdCommand(pod.spec.containers[0].command, members.slice(0, i + 1));
      delete pod.status;
      const hash = fnv32a(`${name}@${node}`).toString(16);
      pod.metadata.name = `${name}-${node}`;
      pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), "kubernetes.io/config.hash": hash, "kubernetes.io/config.mirror": hash, "kubernetes.io/config.seen": isoTime(k.now), "kubernetes.io/config.source": "file" };
      pod.metadata.ownerReferences = [{ apiVersion: "v1", controller: true, kind: "Node", name: node, uid: owner?.metadata.uid }];
      pod.spec.nodeName = node;
      pod.spec.tolerations = [{ effect: "NoExecute", operator: "Exists" }];
      pod.spec.enableServiceLinks = true;
      c.api.create(pod, ADMIN);
    }
  }
  c.api.create(kubeadmConfigMap(DEFAULT_K8S_VERSION, HA_ENDPOINT), ADMIN);
  for (const component of ELECTED) c.api.create(leaderLease(k, component, cps[0]), ADMIN);
  c.controlPlane.startHa({ endpoint: HA_ENDPOINT, members, off: {}, etcdLeader: cps[0], raftTerm: 2 });
}

function bootstrapAddons(c: Cluster, cp: string | undefined, addons: Addons, version: string) {
  const sys = (o: Obj) => c.api.create(o, ADMIN);
  const cpTol = [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }];
  if (cp) {
    // Static pods of the control plane (mirror pods), bound directly to the control-plane node.
    const node = c.k.get("nodes", undefined, cp);
    const ip = node?.status?.addresses?.find((a: Obj) => a.type === "InternalIP")?.address ?? "172.30.1.2";
    // kubeadm's manifests (kubeadm.ts); the mirror Pods are owned by their Node (pkg/kubelet/pod/mirror_client.go)
    for (const name of ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
      const pod = kubeadmStaticPod(name, cp, ip, version);
      delete pod.status;
      pod.metadata.name = `${name}-${cp}`;
      pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), "kubernetes.io/config.hash": fnv32a(name).toString(16), "kubernetes.io/config.mirror": fnv32a(name).toString(16), "kubernetes.io/config.seen": isoTime(c.k.now), "kubernetes.io/config.source": "file" };
      pod.metadata.ownerReferences = [{ apiVersion: "v1", controller: true, kind: "Node", name: cp, uid: node?.metadata.uid }];
      pod.spec.nodeName = cp;
      pod.spec.tolerations = [{ effect: "NoExecute", operator: "Exists" }];
      pod.spec.enableServiceLinks = true;
      sys(pod);
    }
  }
  sys({
    apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "kube-proxy", namespace: "kube-system", labels: { "k8s-app": "kube-proxy" } },
    spec: { selector: { matchLabels: { "k8s-app": "kube-proxy" } }, template: { metadata: { labels: { "k8s-app": "kube-proxy" } }, spec: { hostNetwork: true, priorityClassName: "system-node-critical", nodeSelector: { "kubernetes.io/os": "linux" }, tolerations: [{ operator: "Exists" }], containers: [{ name: "kube-proxy", image: `registry.k8s.io/kube-proxy:${version}`, command: ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)"] }] } } },
  });
  sys({
    apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "kube-flannel-ds", namespace: "kube-system", labels: { app: "flannel", "k8s-app": "flannel" } },
    spec: { selector: { matchLabels: { app: "flannel" } }, template: { metadata: { labels: { app: "flannel", tier: "node" } }, spec: { hostNetwork: true, priorityClassName: "system-node-critical", tolerations: [{ operator: "Exists", effect: "NoSchedule" }], containers: [{ name: "kube-flannel", image: "docker.io/flannel/flannel:v0.27.3", command: ["/opt/bin/flanneld", "--ip-masq", "--kube-subnet-mgr"], resources: { requests: { cpu: "100m", memory: "50Mi" } } }] } } },
  });
  sys({
    apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "coredns", namespace: "kube-system", labels: { "k8s-app": "kube-dns" } },
    spec: {
      replicas: 2, selector: { matchLabels: { "k8s-app": "kube-dns" } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
      template: { metadata: { labels: { "k8s-app": "kube-dns" } }, spec: { priorityClassName: "system-cluster-critical", tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }, ...cpTol], nodeSelector: { "kubernetes.io/os": "linux" }, containers: [{ name: "coredns", image: corednsImage(version), args: ["-conf", "/etc/coredns/Corefile"], ports: [{ containerPort: 53, name: "dns", protocol: "UDP" }, { containerPort: 53, name: "dns-tcp", protocol: "TCP" }, { containerPort: 9153, name: "metrics", protocol: "TCP" }], resources: { limits: { memory: "170Mi" }, requests: { cpu: "100m", memory: "70Mi" } }, readinessProbe: { httpGet: { path: "/ready", port: 8181, scheme: "HTTP" }, periodSeconds: 10 }, livenessProbe: { httpGet: { path: "/health", port: 8080, scheme: "HTTP" }, initialDelaySeconds: 60, timeoutSeconds: 5, failureThreshold: 5 } }] } },
    },
  });
  sys({
    apiVersion: "v1", kind: "Service", metadata: { name: "kube-dns", namespace: "kube-system", labels: { "k8s-app": "kube-dns", "kubernetes.io/name": "CoreDNS" } },
    spec: { clusterIP: "10.96.0.10", selector: { "k8s-app": "kube-dns" }, ports: [{ name: "dns", port: 53, protocol: "UDP", targetPort: 53 }, { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 }, { name: "metrics", port: 9153, protocol: "TCP", targetPort: 9153 }] },
  });
  if (addons.metricsServer) {
    sys({
      apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "metrics-server", namespace: "kube-system", labels: { "k8s-app": "metrics-server" } },
      spec: { replicas: 1, selector: { matchLabels: { "k8s-app": "metrics-server" } }, template: { metadata: { labels: { "k8s-app": "metrics-server" } }, spec: { priorityClassName: "system-cluster-critical", containers: [{ name: "metrics-server", image: "registry.k8s.io/metrics-server/metrics-server:v0.8.0", args: ["--cert-dir=/tmp", "--secure-port=10250", "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname", "--kubelet-use-node-status-port", "--metric-resolution=15s"], ports: [{ containerPort: 10250, name: "https", protocol: "TCP" }], resources: { requests: { cpu: "100m", memory: "200Mi" } }, volumeMounts: [{ mountPath: "/tmp", name: "tmp-dir" }] }], nodeSelector: { "kubernetes.io/os": "linux" }, volumes: [{ emptyDir: {}, name: "tmp-dir" }] } } },
    });
    c.metricsServer.start();
  }
  if (addons.ingressController) {
    sys({ apiVersion: "v1", kind: "Namespace", metadata: { name: "ingress-nginx" } });
    sys({ apiVersion: "networking.k8s.io/v1", kind: "IngressClass", metadata: { name: "nginx", annotations: { "ingressclass.kubernetes.io/is-default-class": "true" } }, spec: { controller: "k8s.io/ingress-nginx" } });
    sys({
      apiVersion: "v1", kind: "Service", metadata: { name: "ingress-nginx-controller", namespace: "ingress-nginx" },
      spec: { type: "NodePort", selector: { "app.kubernetes.io/name": "ingress-nginx" }, ports: [{ name: "http", port: 80, targetPort: 80, nodePort: 30080 }, { name: "https", port: 443, targetPort: 443, nodePort: 30443 }] },
    });
    c.k.s.rt.ingressController = { ip: "172.30.1.2", nodePorts: { http: 30080, https: 30443 }, hostNetwork: true };
  }
  if (addons.networkPolicies) c.k.s.rt.networkPolicies = true;
  if (addons.defaultStorageClass) {
    sys({ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "local-path", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } }, provisioner: "rancher.io/local-path", reclaimPolicy: "Delete", volumeBindingMode: "WaitForFirstConsumer" });
  }
}
