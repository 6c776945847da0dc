// A tiny in-memory ClusterApi for unit tests of the shell and kubectl front end: an object
// store with names, namespaces, uids, resourceVersions and the common Status errors.
// It has no controllers; the real cluster is lib/sim (see sim-adapter.ts).
import { alreadyExists, notFound, status, type ApiResource, type ApiResult, type ClusterApi, type Json, type RequestOpts } from "./cluster-api";
import { DEFAULT_RESOURCES } from "./resources";

/** Create an in-memory cluster with the default namespaces and three nodes. */
export function createMemoryCluster(opts: { start?: number } = {}): ClusterApi & { store: Map<string, Json> } {
  let now = opts.start ?? Date.UTC(2026, 0, 1);
  let uid = 0;
  let rv = 1000;
  const store = new Map<string, Json>();
  const key = (res: ApiResource, ns: string | undefined, name: string) => `${res.group}/${res.name}/${res.namespaced ? ns : ""}/${name}`;
  const iso = () => new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z");
  const put = (res: ApiResource, obj: Json) => {
    store.set(key(res, obj.metadata.namespace, obj.metadata.name), obj);
  };
  const nsRes = DEFAULT_RESOURCES.find((r) => r.name === "namespaces")!;
  const nodeRes = DEFAULT_RESOURCES.find((r) => r.name === "nodes")!;
  const stamp = (obj: Json, ns: string | undefined, res: ApiResource) => {
    obj.metadata = { ...obj.metadata };
    if (res.namespaced) obj.metadata.namespace = ns ?? obj.metadata.namespace ?? "default";
    else delete obj.metadata.namespace;
    obj.metadata.uid = `00000000-0000-4000-8000-${String(++uid).padStart(12, "0")}`;
    obj.metadata.resourceVersion = String(++rv);
    obj.metadata.creationTimestamp = iso();
    return obj;
  };
  for (const n of ["default", "kube-system", "kube-public", "kube-node-lease"]) {
    put(nsRes, stamp({ apiVersion: "v1", kind: "Namespace", metadata: { name: n, labels: { "kubernetes.io/metadata.name": n } }, spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } }, undefined, nsRes));
  }
  for (const [n, role] of [["controlplane", true], ["node01", false], ["node02", false]] as const) {
    const labels: Record<string, string> = { "kubernetes.io/hostname": n, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64" };
    if (role) labels["node-role.kubernetes.io/control-plane"] = "";
    put(
      nodeRes,
      stamp(
        {
          apiVersion: "v1",
          kind: "Node",
          metadata: { name: n, labels },
          spec: role ? { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] } : {},
          status: {
            conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" }],
            addresses: [{ type: "InternalIP", address: role ? "192.168.0.10" : n === "node01" ? "192.168.0.11" : "192.168.0.12" }, { type: "Hostname", address: n }],
            nodeInfo: { kubeletVersion: "v1.35.0", osImage: "Ubuntu 24.04.1 LTS", kernelVersion: "6.8.0-1015", containerRuntimeVersion: "containerd://2.1.4" },
            capacity: { cpu: "2", memory: "4Gi", pods: "110" },
            allocatable: { cpu: "2", memory: "4Gi", pods: "110" },
          },
        },
        undefined,
        nodeRes,
      ),
    );
  }

  const nsExists = (ns: string) => store.has(key(nsRes, undefined, ns));
  const checkNs = (res: ApiResource, ns: string | undefined): ApiResult<never> | null => {
    if (res.namespaced && ns && !nsExists(ns)) return { ok: false, status: status(404, "NotFound", `namespaces "${ns}" not found`, { name: ns, kind: "namespaces" }) };
    return null;
  };

  const api: ClusterApi & { store: Map<string, Json> } = {
    store,
    now: () => now,
    settle: () => {
      now += 1000;
    },
    advance: (ms) => {
      now += ms;
    },
    resources: () => DEFAULT_RESOURCES,
    version: () => "v1.35.0",
    create(res, ns, obj, o: RequestOpts) {
      const bad = checkNs(res, ns);
      if (bad) return bad;
      const name = obj?.metadata?.name;
      if (!name) return { ok: false, status: status(422, "Invalid", `${res.kind} "" is invalid: metadata.name: Required value: name or generateName is required`, { kind: res.kind, name: "", causes: [{ reason: "FieldValueRequired", message: "Required value: name or generateName is required", field: "metadata.name" }] }) };
      if (store.has(key(res, ns, name))) return { ok: false, status: alreadyExists(res, name) };
      const copy = stamp(JSON.parse(JSON.stringify(obj)), ns, res);
      if (!o.dryRun) put(res, copy);
      return { ok: true, value: JSON.parse(JSON.stringify(copy)) };
    },
    update(res, ns, obj, o) {
      const name = obj?.metadata?.name;
      const k = key(res, ns, name);
      const cur = store.get(k);
      if (!cur) return { ok: false, status: notFound(res, name) };
      const next = JSON.parse(JSON.stringify(obj));
      next.metadata = { ...next.metadata, uid: cur.metadata.uid, creationTimestamp: cur.metadata.creationTimestamp, resourceVersion: String(++rv) };
      if (res.namespaced) next.metadata.namespace = cur.metadata.namespace;
      if (!o.dryRun) store.set(k, next);
      return { ok: true, value: JSON.parse(JSON.stringify(next)) };
    },
    delete(res, ns, name, o) {
      const k = key(res, ns, name);
      const cur = store.get(k);
      if (!cur) return { ok: false, status: notFound(res, name) };
      if (!o.dryRun) store.delete(k);
      return { ok: true, value: cur };
    },
    get(res, ns, name) {
      const bad = checkNs(res, ns);
      if (bad && res.name !== "namespaces") return bad;
      const cur = store.get(key(res, ns, name));
      if (!cur) return { ok: false, status: notFound(res, name) };
      return { ok: true, value: JSON.parse(JSON.stringify(cur)) };
    },
    list(res, ns) {
      const prefix = `${res.group}/${res.name}/`;
      const items: Json[] = [];
      for (const [k, v] of store) {
        if (!k.startsWith(prefix)) continue;
        if (res.namespaced && ns !== undefined && v.metadata.namespace !== ns) continue;
        items.push(JSON.parse(JSON.stringify(v)));
      }
      items.sort((a, b) => (a.metadata.namespace ?? "").localeCompare(b.metadata.namespace ?? "") || a.metadata.name.localeCompare(b.metadata.name));
      return { ok: true, value: items };
    },
  };
  return api;
}
