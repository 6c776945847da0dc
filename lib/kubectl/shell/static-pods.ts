// Static pods: manifests in the control plane's /etc/kubernetes/manifests become mirror pods
// named <name>-<node>, recreated while the file exists and removed with it (as the kubelet does).
import type { ClusterApi, Json } from "../cluster-api";
import { parseManifests } from "../kubectl/yaml";
import type { ShellState } from "./types";

const DIR = "/etc/kubernetes/manifests";
/** kubeadm's own manifests; the simulated control plane runs those already */
const SYSTEM = new Set(["etcd.yaml", "kube-apiserver.yaml", "kube-controller-manager.yaml", "kube-scheduler.yaml"]);
const ADMIN = { user: "kubernetes-admin", groups: ["system:masters"] };

function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

/** Bring mirror pods in line with the manifest files (called after every command). */
export function syncStaticPods(state: ShellState, node: string): void {
  const cluster: ClusterApi | undefined = state.clusters.get(state.contexts[0].name);
  if (!cluster || !cluster.kubeletRunning || cluster.kubeletRunning(node) === null) return;
  const podRes = cluster.resources().find((r) => r.name === "pods" && r.group === "");
  if (!podRes) return;
  const files = state.fs.list(DIR).filter((f) => /\.(ya?ml|json)$/.test(f) && !SYSTEM.has(f));
  const wanted = new Map<string, { ns: string; pod: Json; hash: string }>();
  for (const f of files) {
    const r = state.fs.read(`${DIR}/${f}`);
    if (!r.ok) continue;
    const parsed = parseManifests(r.value, f);
    if (!parsed.ok) continue;
    for (const d of parsed.docs) {
      if (d?.kind !== "Pod" || d?.apiVersion !== "v1" || !d?.metadata?.name) continue;
      const ns = d.metadata.namespace || "default";
      const name = `${d.metadata.name}-${node}`;
      const h = hash(JSON.stringify(d));
      const pod = JSON.parse(JSON.stringify(d));
      pod.metadata = {
        ...pod.metadata,
        name,
        namespace: ns,
        annotations: { ...(pod.metadata.annotations ?? {}), "kubernetes.io/config.hash": h, "kubernetes.io/config.mirror": h, "kubernetes.io/config.source": "file" },
      };
      pod.spec = { ...(pod.spec ?? {}), nodeName: node };
      delete pod.status;
      wanted.set(`${ns}/${name}`, { ns, pod, hash: h });
    }
  }
  const known = state.staticPods;
  let changed = false;
  // removed or changed files: delete their mirror pods
  for (const [key, h] of known) {
    const w = wanted.get(key);
    if (w && w.hash === h) continue;
    const [ns, name] = key.split("/");
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
  for (const [key, w] of wanted) {
    const cur = cluster.get(podRes, w.ns, w.pod.metadata.name, ADMIN);
    if (cur.ok && cur.value.metadata?.annotations?.["kubernetes.io/config.hash"] === w.hash && !cur.value.metadata?.deletionTimestamp) {
      known.set(key, w.hash);
      continue;
    }
    if (cur.ok) continue; // being replaced; try again after the next command
    const r = cluster.create(podRes, w.ns, w.pod, ADMIN);
    if (r.ok) known.set(key, w.hash);
    changed = true;
  }
  if (changed) cluster.settle();
}
