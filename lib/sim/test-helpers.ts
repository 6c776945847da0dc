/** Factories shared by the simulator's tests (not part of the public API). */
import { createCluster, type Cluster } from "./cluster";
import type { Obj } from "./util";

/** A Deployment manifest for tests. */
export function deployment(name: string, opts: { replicas?: number; image?: string; labels?: Record<string, string>; strategy?: Obj; container?: Obj; minReadySeconds?: number } = {}): Obj {
  const labels = opts.labels ?? { app: name };
  return {
    apiVersion: "apps/v1", kind: "Deployment", metadata: { name },
    spec: {
      replicas: opts.replicas ?? 3, selector: { matchLabels: labels }, ...(opts.strategy ? { strategy: opts.strategy } : {}),
      ...(opts.minReadySeconds ? { minReadySeconds: opts.minReadySeconds } : {}),
      template: { metadata: { labels }, spec: { containers: [{ name: "app", image: opts.image ?? "nginx:1.27", ...(opts.container ?? {}) }] } },
    },
  };
}

/** A single-container Pod manifest for tests. */
export function pod(name: string, container: Obj, spec: Obj = {}, meta: Obj = {}): Obj {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, ...meta }, spec: { containers: [{ name: "c", ...container }], ...spec } };
}

/** A Service manifest for tests. */
export function service(name: string, selector: Record<string, string>, spec: Obj = {}): Obj {
  return { apiVersion: "v1", kind: "Service", metadata: { name }, spec: { selector, ports: [{ port: 80, targetPort: 80 }], ...spec } };
}

/** A fresh `cka` preset cluster. */
export function cka(seed = 1): Cluster {
  return createCluster({ preset: "cka", seed });
}

/** Get an object or throw (tests). */
export function mustGet(c: Cluster, resource: string, name: string, namespace = "default"): Obj {
  const r = c.get(resource, name, { namespace });
  if (!r.ok) throw new Error(r.status.message);
  return r.object;
}

/** Pods matching a selector (tests). */
export function podsOf(c: Cluster, selector: string, namespace = "default"): Obj[] {
  const r = c.list("pods", { namespace, labelSelector: selector });
  if (!r.ok) throw new Error(r.status.message);
  return r.object;
}

/** Events about an object, oldest first (tests). */
export function eventsFor(c: Cluster, name: string, namespace = "default"): Obj[] {
  const r = c.list("events", { namespace });
  if (!r.ok) throw new Error(r.status.message);
  return r.object.filter((e) => e.involvedObject.name === name).sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
}

/** The i-th container status of a pod (tests). */
export function containerStatus(p: Obj, i = 0): Obj {
  return p.status.containerStatuses[i];
}
