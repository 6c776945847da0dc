// Static pods: manifests in a node's staticPodPath (its /var/lib/kubelet/config.yaml, read when its kubelet
// starts: kubeadm sets /etc/kubernetes/manifests) become mirror pods named <name>-<node>, owned by their Node,
// recreated while the file exists and removed with it, as the kubelet does (pkg/kubelet/config/common.go
// applyDefaults: name + "-" + nodeName, annotations kubernetes.io/config.hash, config.source=file;
// pkg/kubelet/pod/mirror_client.go: kubernetes.io/config.mirror and the Node as controller owner). Every host has
// its own files (host-fs.ts), so every node's kubelet reads its own directory. kubeadm's four manifests are files
// like any other: a change restarts that component from the new file, and a manifest the component cannot run
// with (control-plane.ts) makes it fail as it would.
// The kubelet notices a change at once (its file source watches the directory with inotify,
// pkg/kubelet/config/file_linux.go; the 20 s fileCheckFrequency is only the re-list fallback);
// the delay a learner sees is the component's own start-up (lib/sim controlplane.ts).
import type { ClusterApi, Json } from "../cluster-api";
import { COMPONENT_FILES, judgeManifest } from "./control-plane";
import { clusterByKey, hostFsOf, hostKeyOf, isControlPlaneNode, staticPodPathOf } from "./host-fs";
import { parseManifestCached } from "./manifest-cache";
import type { HostFs, ShellState } from "./types";
import type { VirtualFs } from "./vfs";
const ADMIN = { user: "kubernetes-admin", groups: ["system:masters"] };
/** keys of state.staticPods that record a file the kubelet could not read (for journalctl), not a mirror pod */
export const ERROR_KEY = "!";

function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

interface Wanted {
  ns: string;
  /** the mirror pod's name, <name>-<node> */
  name: string;
  /** the mirror pod to create (built when needed: most re-reads find the pod in place) */
  pod: () => Json;
  hash: string;
  component?: string;
  fault?: Parameters<NonNullable<ClusterApi["controlPlane"]>["setFault"]>[1];
}

type Manifests = { wanted: Map<string, Wanted>; errors: Map<string, string> };

/** A parsed doc's JSON and its hash, once per doc: manifest-cache.ts shares the docs of an unchanged file, which nobody changes. */
const printedDocs = new WeakMap<object, { h: string; json: string }>();
function printed(d: Json): { h: string; json: string } {
  let p = printedDocs.get(d);
  if (!p) {
    const json = JSON.stringify(d);
    printedDocs.set(d, (p = { h: hash(json), json }));
  }
  return p;
}

/** readManifests' last result per host file system and generation (files are re-read only after a write). */
const cache = new WeakMap<VirtualFs, { gen: number; dir: string; node: string; cluster: ClusterApi; result: Manifests }>();

function manifestsOf(h: HostFs, dir: string, node: string, cluster: ClusterApi): { result: Manifests; fresh: boolean } {
  const c = cache.get(h.fs);
  if (c && c.gen === h.fs.generation && c.dir === dir && c.node === node && c.cluster === cluster) return { result: c.result, fresh: false };
  const result = readManifests(h.fs, dir, node, cluster);
  cache.set(h.fs, { gen: h.fs.generation, dir, node, cluster, result });
  return { result, fresh: true };
}

/** A fault without its log stamps, to tell whether a re-read changed what the component does. */
function faultSig(f: Wanted["fault"]): string {
  return f ? JSON.stringify(f).replace(/\d{4} \d\d:\d\d:\d\d\.\d+|\d{4}-\d\d-\d\dT[\d:.]+Z/g, "") : "";
}

/** The mirror pods the manifest files ask for, and the files the kubelet cannot process. */
function readManifests(fs: VirtualFs, dir: string, node: string, cluster: ClusterApi): Manifests {
  let cp: boolean | undefined;
  const wanted = new Map<string, Wanted>();
  const errors = new Map<string, string>();
  // the kubelet skips names starting with a dot (pkg/kubelet/config/file.go extractFromDir)
  const files = fs.isDir(dir) ? fs.list(dir).filter((f) => /\.(ya?ml|json)$/.test(f) && !f.startsWith(".")) : [];
  const nodeRes = cluster.resources().find((r) => r.name === "nodes" && r.group === "");
  const nodeObj = nodeRes ? cluster.get(nodeRes, undefined, node, ADMIN) : null;
  const owner = nodeObj?.ok ? [{ apiVersion: "v1", controller: true, kind: "Node", name: node, uid: nodeObj.value.metadata.uid }] : undefined;
  for (const f of files) {
    const path = `${dir === "/" ? "" : dir}/${f}`;
    const r = fs.read(path);
    if (!r.ok) continue;
    const parsed = parseManifestCached(r.value, f);
    // kubeadm's own manifests matter only to a cluster that runs its control plane as static pods
    // on a node that runs no control plane, kubeadm's file names are ordinary static Pods
    const component = COMPONENT_FILES[f] && (cp ??= isControlPlaneNode(cluster, node)) ? COMPONENT_FILES[f] : undefined;
    if (component && !cluster.controlPlane) continue;
    let docs: Json[];
    let fault: Wanted["fault"];
    if (component) {
      const verdict = judgeManifest(component, path, parsed.ok ? parsed.docs : null, parsed.ok ? null : parsed.error.replace(/^error: error parsing [^:]*: (error converting YAML to JSON: )?/, ""), (p) => fs.isFile(p) || fs.isDir(p), cluster.now());
      if (!verdict.ok) {
        errors.set(path, verdict.error);
        continue;
      }
      docs = [verdict.pod];
      fault = verdict.fault;
    } else {
      if (!parsed.ok) {
        errors.set(path, `${path}: couldn't parse as pod(${parsed.error.replace(/^error: error parsing [^:]*: (error converting YAML to JSON: )?/, "")}), please check config file`);
        continue;
      }
      docs = parsed.docs;
    }
    for (const d of docs) {
      if (d?.kind !== "Pod" || d?.apiVersion !== "v1" || !d?.metadata?.name) continue;
      const ns = d.metadata.namespace || "default";
      const name = `${d.metadata.name}-${node}`;
      const { h, json } = printed(d);
      const mirror = () => {
        const pod = JSON.parse(json);
        pod.metadata = {
          ...pod.metadata,
          name,
          namespace: ns,
          annotations: { ...(pod.metadata.annotations ?? {}), "kubernetes.io/config.hash": h, "kubernetes.io/config.mirror": h, "kubernetes.io/config.source": "file" },
          ...(owner ? { ownerReferences: owner } : {}),
        };
        pod.spec = { ...(pod.spec ?? {}), nodeName: node };
        delete pod.status;
        return pod;
      };
      wanted.set(`${ns}/${name}`, { ns, name, pod: mirror, hash: h, ...(component ? { component, fault: fault ?? null } : {}) });
    }
  }
  return { wanted, errors };
}

/**
 * Take the manifests as they are now as the ones the running mirror pods came from (a new shell over a
 * freshly booted cluster: kubeadm's files match the control plane it booted), without touching the cluster.
 */
export function adoptStaticPods(state: ShellState, cluster: ClusterApi, node: string): void {
  if (!cluster.controlPlane || !cluster.kubeletRunning || cluster.kubeletRunning(node) === null) return;
  const h = hostFsOf(state, cluster, node, false);
  const dir = h ? (h.staticPodPath ?? staticPodPathOf(h.fs)) : null;
  if (!h || !dir) return;
  const key = hostKeyOf(state, cluster, node);
  const { wanted } = readManifests(h.fs, dir, node, cluster);
  for (const [k, w] of wanted) if (w.component) state.staticPods.set(`${key}|${k}`, w.hash);
}

/** The manifest files a node's kubelet could not process, path -> message (for journalctl; current context). */
export function manifestErrorsOf(state: ShellState, node: string): [string, string][] {
  const cluster = state.clusters.get(state.currentContext);
  if (!cluster) return [];
  const prefix = `${ERROR_KEY}${hostKeyOf(state, cluster, node)}|`;
  return [...state.staticPods].filter(([k]) => k.startsWith(prefix)).map(([k, msg]) => [k.slice(prefix.length), msg]);
}

/** Bring every node's mirror pods in line with its files, on every host the shell has files of (after every command). */
export function syncAllStaticPods(state: ShellState): void {
  for (const key of state.hosts.keys()) {
    const slash = key.indexOf("/");
    const cluster = clusterByKey(state, key.slice(0, slash));
    if (cluster) syncStaticPods(state, key.slice(slash + 1), cluster);
  }
}

/** Bring a node's mirror pods in line with the manifest files in its staticPodPath (default: the current context's cluster). */
export function syncStaticPods(state: ShellState, node: string, cluster: ClusterApi | undefined = state.clusters.get(state.currentContext)): void {
  // a stopped kubelet reads nothing; it catches up when it starts
  if (!cluster || !cluster.kubeletRunning || cluster.kubeletRunning(node) !== true) return;
  const h = hostFsOf(state, cluster, node, false);
  if (!h || h.unjoined) return;
  const podRes = cluster.resources().find((r) => r.name === "pods" && r.group === "");
  if (!podRes) return;
  const hostKey = hostKeyOf(state, cluster, node);
  const mine = `${hostKey}|`;
  const errPrefix = `${ERROR_KEY}${mine}`;
  const dir = h.staticPodPath;
  const { result, fresh } = dir ? manifestsOf(h, dir, node, cluster) : { result: { wanted: new Map<string, Wanted>(), errors: new Map<string, string>() }, fresh: false };
  const { wanted, errors } = result;
  const known = state.staticPods;
  const cp = cluster.controlPlane;
  // what journalctl shows: the files the kubelet could not process
  for (const key of [...known.keys()]) if (key.startsWith(errPrefix) && !errors.has(key.slice(errPrefix.length))) known.delete(key);
  for (const [path, msg] of errors) known.set(errPrefix + path, msg);
  let changed = false;
  // removed or changed files: delete their mirror pods
  for (const [key, h0] of known) {
    if (!key.startsWith(mine)) continue;
    const podKey = key.slice(mine.length);
    const w = wanted.get(podKey);
    if (w && w.hash === h0) continue;
    const [ns, name] = podKey.split("/");
    // drop the mirror annotation first: the kubelet (lib/sim) recreates deleted mirror pods
    const cur = cluster.get(podRes, ns, name, ADMIN);
    if (cur.ok && cur.value.metadata?.annotations?.["kubernetes.io/config.mirror"]) {
      const released = JSON.parse(JSON.stringify(cur.value));
      delete released.metadata.annotations["kubernetes.io/config.mirror"];
      cluster.update(podRes, ns, released, ADMIN);
    }
    cluster.delete(podRes, ns, name, { ...ADMIN, gracePeriodSeconds: 0 });
    known.delete(key);
    changed = true;
  }
  for (const [podKey, w] of wanted) {
    const key = mine + podKey;
    if (known.get(key) === w.hash) {
      // the files a component reads may have appeared or gone since: its next start (after the back-off) sees them
      if (fresh && w.component && cp && faultSig(cp.fault(w.hash)) !== faultSig(w.fault)) cp.setFault(w.hash, w.fault ?? null);
      continue;
    }
    const cur = cluster.get(podRes, w.ns, w.name, ADMIN);
    if (cur.ok && cur.value.metadata?.annotations?.["kubernetes.io/config.hash"] === w.hash && !cur.value.metadata?.deletionTimestamp) {
      known.set(key, w.hash);
      continue;
    }
    if (cur.ok) continue; // being replaced; try again after the next command
    // tell the runtime what the component will do with this manifest before its container starts
    if (w.component) cp?.setFault(w.hash, w.fault ?? null);
    const r = cluster.create(podRes, w.ns, w.pod(), ADMIN);
    if (r.ok) known.set(key, w.hash);
    changed = true;
  }
  if (changed) cluster.settle();
}
