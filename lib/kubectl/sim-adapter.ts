// Adapts a lib/sim Cluster to the ClusterApi port kubectl drives.
import { createCluster, DESCRIPTIONS_JSON, EPOCH_MS, SCHEMA, type Cluster } from "../sim/index";
import { ROUND_TRIP_MS, type ApiResource, type ApiResult, type ClusterApi, type EtcdApi, type EtcdSnapshotInfo, type Json, type Status, type TimeMode } from "./cluster-api";
import { setExplainSchema } from "./kubectl/explain";
import { DEFAULT_RESOURCES } from "./resources";
import { createShell, type Shell, type ShellOptions } from "./shell/shell";
import { inPodKubectlRunner } from "./shell/in-pod-kubectl";
import { apiServing } from "../sim/controlplane";
import { criView } from "../sim/cri";
import { isCustom, type CustomResourceInfo } from "../sim/apiserver/crd";

/** The discovery entry of a resource the simulator serves for a CRD (its storage version's columns and schema). */
function customResourceApi(r: CustomResourceInfo): ApiResource {
  return {
    name: r.resource, singularName: r.singular, shortNames: r.shortNames, kind: r.kind, group: r.group, version: r.version,
    namespaced: r.namespaced, verbs: r.verbs, ...(r.categories.length ? { categories: r.categories } : {}),
    printerColumns: r.printerColumns[r.version] ?? [], openAPISchema: r.schemas[r.version],
  };
}

/** Virtual time one command may let pass while its effects settle (settle time mode only). */
export const SETTLE_MAX_MS = 30_000;

export interface SessionOptions extends Omit<ShellOptions, "contexts"> {
  preset?: "cka" | "single" | "ha";
  seed?: number;
  /** extra kubeconfig contexts, each on its own fresh simulated cluster */
  contexts?: { name: string; preset?: "cka" | "single" | "ha"; seed?: number; namespace?: string }[];
  /** how time passes at the end of a command (ClusterApi.settle); default "settle" */
  time?: TimeMode;
}

function res<T>(r: { ok: true; object: T; warnings?: string[] } | { ok: false; status: unknown }): ApiResult<T> {
  if (!r.ok) return { ok: false, status: r.status as Status };
  return r.warnings?.length ? { ok: true, value: r.object, warnings: r.warnings } : { ok: true, value: r.object };
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Wrap a lib/sim cluster as a ClusterApi. */
export function simClusterApi(c: Cluster, opts: { time?: TimeMode } = {}): ClusterApi {
  let mode: TimeMode = opts.time ?? "settle";
  setExplainSchema(SCHEMA, DESCRIPTIONS_JSON);
  const categories = new Map(DEFAULT_RESOURCES.filter((r) => r.categories).map((r) => [`${r.group}/${r.name}`, r.categories!]));
  const builtin = c.resources().filter((ri) => !("custom" in ri));
  const base: ApiResource[] = builtin.map((ri) => ({
    name: ri.resource,
    singularName: ri.singular,
    shortNames: ri.shortNames,
    kind: ri.kind,
    group: ri.group,
    version: ri.version,
    namespaced: ri.namespaced,
    verbs: ri.verbs,
    ...(categories.has(`${ri.group}/${ri.resource}`) ? { categories: categories.get(`${ri.group}/${ri.resource}`) } : {}),
  }));
  // Discovery follows the CRDs the cluster serves (customResourceApi); built-ins are mapped once.
  let customKey: unknown = null, withCustom = base;
  const resources = (): ApiResource[] => {
    const all = c.resources();
    if (all.length === builtin.length) return base;
    if (all !== customKey) {
      customKey = all;
      withCustom = [...base, ...all.slice(builtin.length).filter(isCustom).map(customResourceApi)];
    }
    return withCustom;
  };
  // etcd data dirs: a restore writes a snapshot into a dir; pointing the etcd manifest at it swaps state
  let dataDir = "/var/lib/etcd";
  const dirs = new Map<string, string>();
  const info = (data: string): EtcdSnapshotInfo | null => {
    try {
      const d = JSON.parse(data);
      if (!d || typeof d !== "object" || !d.objects) return null;
      const keys = Object.values(d.objects as Record<string, unknown[]>).reduce((n, l) => n + l.length, 0);
      return { hash: fnv(data), revision: d.rev ?? 0, totalKeys: keys, totalSize: data.length };
    } catch {
      return null;
    }
  };
  const etcd: EtcdApi = {
    get(key, o) {
      const keys = o.prefix ? c.etcdKeys(key) : [key];
      const out: { key: string; value: string }[] = [];
      for (const k of keys) {
        const v = c.etcdGet(k);
        if (v !== null) out.push({ key: k, value: v });
      }
      return out;
    },
    put: (key, value) => c.etcdPut(key, value),
    del(key, o) {
      const keys = o.prefix ? c.etcdKeys(key) : [key];
      let n = 0;
      for (const k of keys) n += c.etcdDel(k);
      return n;
    },
    members: () => {
      const ha = c.haState();
      if (ha) return ha.members.map((m) => ({ id: m.id, status: "started", name: m.node, peerURLs: `https://${m.ip}:2380`, clientURLs: `https://${m.ip}:2379`, isLearner: false }));
      const ip = c.kubelets.nodeIP("controlplane") || "172.30.1.2";
      return [{ id: "8e9e05c52164694d", status: "started", name: "controlplane", peerURLs: `https://${ip}:2380`, clientURLs: `https://${ip}:2379`, isLearner: false }];
    },
    snapshot() {
      const data = c.snapshot();
      return { data, info: info(data)! };
    },
    snapshotInfo: info,
    cluster() {
      const ha = c.haState();
      if (!ha) return null;
      const leader = ha.members.find((m) => m.node === ha.etcdLeader);
      return { quorum: ha.quorum, leaderId: leader?.id ?? "", raftTerm: ha.raftTerm, raftIndex: c.etcdRevision, members: ha.members.map((m) => ({ id: m.id, name: m.node, clientURL: `https://${m.ip}:2379`, up: m.etcdUp })) };
    },
    restore(data, dir) {
      if (!info(data)) return { ok: false, error: "snapshot file has wrong format or is corrupted" };
      dirs.set(dir, data);
      return { ok: true };
    },
    dataDir: () => dataDir,
    setDataDir(dir) {
      dataDir = dir;
      const snap = dirs.get(dir);
      if (snap) c.restore(snap);
    },
    exportDirs: () => ({ dataDir, dirs: [...dirs] }),
    importDirs(s) {
      dataDir = s.dataDir;
      dirs.clear();
      for (const [k, v] of s.dirs) dirs.set(k, v);
    },
  };
  const cpNode = () => {
    const r = c.get("nodes", "controlplane", {});
    return r.ok ? "controlplane" : null;
  };
  const api = {
    now: () => EPOCH_MS + c.now,
    settle: () => {
      if (mode === "real") c.advance(ROUND_TRIP_MS);
      else c.runUntilIdle({ maxMs: SETTLE_MAX_MS });
    },
    timeMode: () => mode,
    setTimeMode: (m) => {
      mode = m;
    },
    runUntilIdle: (maxMs) => {
      c.runUntilIdle({ maxMs });
    },
    advance: (ms) => c.advance(ms),
    resources,
    // the kube-apiserver static Pod's image tag (a kubeadm upgrade moves it)
    version: () => c.version().gitVersion,
    create: (r, ns, obj, o) => res(c.create(obj, { user: o.user, groups: o.groups, namespace: ns, dryRun: o.dryRun, ...(o.fieldValidation ? { fieldValidation: o.fieldValidation } : {}) })),
    updateApproval: (obj, o) => res(c.updateApproval(obj, { user: o.user, groups: o.groups })),
    update: (r, ns, obj, o) => res(c.replace(obj, { user: o.user, groups: o.groups, namespace: ns, dryRun: o.dryRun, ...(o.fieldValidation ? { fieldValidation: o.fieldValidation } : {}) })),
    delete: (r, ns, name, o) => res(c.delete(r.group ? `${r.name}.${r.group}` : r.name, name, { user: o.user, groups: o.groups, namespace: ns, dryRun: o.dryRun, ...(o.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: o.gracePeriodSeconds } : {}), ...(o.propagationPolicy ? { propagationPolicy: o.propagationPolicy } : {}) })),
    evict: (ns, name, o) => res(c.evict(name, { user: o.user, groups: o.groups, namespace: ns, dryRun: o.dryRun, ...(o.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: o.gracePeriodSeconds } : {}) })),
    get: (r, ns, name, o) => res(c.get(r.group ? `${r.name}.${r.group}` : r.name, name, { user: o.user, groups: o.groups, namespace: ns })),
    list: (r, ns, o) => res(c.list(r.group ? `${r.name}.${r.group}` : r.name, { user: o.user, groups: o.groups, ...(ns === undefined ? { allNamespaces: true } : { namespace: ns }), ...(o.readOnly ? { readOnly: true } : {}) })),
    logs(namespace, pod, o) {
      const r = c.logs({ namespace, pod, ...(o.container ? { container: o.container } : {}), previous: !!o.previous, tail: o.tailLines, sinceSeconds: o.sinceSeconds, sinceTime: o.sinceTime === undefined ? undefined : o.sinceTime - EPOCH_MS, timestamps: o.timestamps, limitBytes: o.limitBytes });
      return r.ok ? { ok: true, value: r.text } : { ok: false, status: r.status as Status };
    },
    exec(namespace, pod, container, argv) {
      const r = c.exec({ namespace, pod, ...(container ? { container } : {}), command: argv });
      return r.ok ? { ok: true, value: { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode } } : { ok: false, status: r.status as Status };
    },
    http(from, url) {
      const node = cpNode();
      const r = c.curl(node ? { node } : {}, url);
      if (r.ok) return { ok: true, status: r.code, body: r.body };
      return { ok: false, error: (r.error ?? "Couldn't connect to server").replace(/^curl: \(\d+\) /, ""), code: r.exitCode };
    },
    topNodes() {
      const t = c.topNodes();
      return t ? t.map((n) => ({ name: n.name, cpuMilli: n.cpu, memoryBytes: n.mem })) : null;
    },
    topPods(ns) {
      const t = c.topPods(ns);
      return t ? t.map((p) => ({ name: p.name, namespace: p.namespace, cpuMilli: p.cpu, memoryBytes: p.mem, containers: p.containers.map((x) => ({ name: x.name, cpuMilli: x.cpu, memoryBytes: x.mem })) })) : null;
    },
    canI(user, groups, verb, r, name, ns, subresource) {
      return c.canI(user, verb, r.group ? `${r.name}.${r.group}` : r.name, { groups, name, subresource, ...(ns === undefined ? { allNamespaces: true } : { namespace: ns }) });
    },
    etcd,
    kubeletRunning(node) {
      const n = (c.kubelets as unknown as { nodes: Record<string, { up: boolean }> }).nodes[node];
      return n ? n.up : null;
    },
    setKubeletRunning(node, running) {
      c.setKubeletRunning(node, running);
    },
    nodePackages: (node) => c.nodePackages(node),
    setNodePackages: (node, p) => c.setNodePackages(node, p),
    restartKubelet: (node) => c.restartKubelet(node),
    hosts: {
      get: (name) => c.host(name),
      names: () => Object.keys(c.k.s.rt.hosts ?? {}).sort(),
      set: (name, h) => c.setHost(name, h),
      join: (name) => c.joinHost(name),
      certRenewals: () => ({ ...(c.k.s.rt.certRenewals ?? {}) }),
      setCertRenewals: (r) => void (c.k.s.rt.certRenewals = { ...r }),
    },
    controlPlane: {
      server: () => {
        const ha = c.haState();
        return ha ? `https://${ha.endpoint}` : `https://${c.kubelets.nodeIP("controlplane") || "172.30.1.2"}:6443`;
      },
      loadBalanced: () => c.haState() !== null,
      poweredOff: (node) => !!c.haState()?.members.some((m) => m.node === node && m.poweredOff),
      apiServing: () => apiServing(c.k),
      down: () => c.controlPlane.status(),
      setFault: (hash, fault) => c.controlPlane.setFault(hash, fault),
      fault: (hash) => c.controlPlane.fault(hash),
      nodeIP: (node) => c.kubelets.nodeIP(node),
      cri(node) {
        // the runtime's times on the wall clock kubectl uses (EPOCH_MS + virtual ms)
        const v = criView(c.k, node);
        return {
          sandboxes: v.sandboxes.map((x) => ({ ...x, createdAt: EPOCH_MS + x.createdAt })),
          containers: v.containers.map((x) => ({ ...x, createdAt: EPOCH_MS + x.createdAt, startedAt: EPOCH_MS + x.startedAt, ...(x.finishedAt !== undefined ? { finishedAt: EPOCH_MS + x.finishedAt } : {}) })),
        };
      },
    },
  } satisfies ClusterApi as ClusterApi & { sim?: Json };
  // `kubectl` inside containers runs this kubectl against the same cluster (lib/sim/in-pod-kubectl.ts)
  c.kubelets.setInPodKubectl(inPodKubectlRunner(api));
  return api;
}

/** A shell over a fresh simulated cluster of the given preset. */
export function createSimSession(opts: SessionOptions = {}): Shell {
  const cluster = createCluster({ seed: opts.seed ?? 1, preset: opts.preset ?? "cka" });
  const contexts = (opts.contexts ?? []).map((c, i) => ({
    name: c.name,
    cluster: simClusterApi(createCluster({ seed: c.seed ?? (opts.seed ?? 1) + i + 1, preset: c.preset ?? opts.preset ?? "cka" }), { time: opts.time }),
    ...(c.namespace ? { namespace: c.namespace } : {}),
  }));
  return createShell(simClusterApi(cluster, { time: opts.time }), { ...opts, contexts });
}
