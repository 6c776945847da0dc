/**
 * Endpoints and EndpointSlice controllers: ready pods as addresses, not-ready ones as
 * notReadyAddresses / ready=false, terminating ones serving-only (k8s-reference §7).
 */
import { deepEqual, isoTime, matchesMap, type Obj } from "../util";
import { CM, isPodReady, splitKey, type Ctx } from "./common";

const NAME = "endpoints";
const FROM = `${CM}/endpoint-controller`;

/** Wire the Endpoints/EndpointSlice controller's informers; returns its sync function. */
export function registerEndpointsController(ctx: Ctx): (key: string) => void {
  const { k } = ctx;
  k.on("services", (_t, s) => k.enqueue(NAME, `${s.metadata.namespace}/${s.metadata.name}`, 1));
  k.on("pods", (_t, p, old) => {
    for (const s of k.list("services", p.metadata.namespace)) {
      if (!s.spec?.selector) continue;
      if (matchesMap(s.spec.selector, p.metadata.labels) || (old && matchesMap(s.spec.selector, old.metadata.labels))) k.enqueue(NAME, `${s.metadata.namespace}/${s.metadata.name}`, 1);
    }
  });
  return (key) => syncEndpoints(ctx, key);
}

/** Resolve a Service targetPort (number or container port name) for a pod. */
export function targetPortFor(pod: Obj, tp: number | string | undefined, port: number): number | null {
  if (tp === undefined) return port;
  if (typeof tp === "number") return tp;
  if (/^\d+$/.test(tp)) return Number(tp);
  for (const c of pod.spec.containers ?? []) for (const p of c.ports ?? []) if (p.name === tp) return p.containerPort;
  return null;
}

/** Reconcile the Endpoints and EndpointSlice of one Service. */
export function syncEndpoints(ctx: Ctx, key: string): void {
  const { k, api } = ctx;
  const [ns, name] = splitKey(key);
  const svc = k.get("services", ns, name);
  const sliceName = `${name}-${sliceSuffix(name)}`;
  if (!svc) {
    if (k.get("endpoints", ns, name)) api.forceRemove("endpoints", ns, name, FROM);
    if (k.get("endpointslices", ns, sliceName)) api.forceRemove("endpointslices", ns, sliceName, `${CM}/endpointslice-controller`);
    return;
  }
  if (!svc.spec?.selector || svc.spec.type === "ExternalName") return;
  const pods = k.list("pods", ns).filter((p) => matchesMap(svc.spec.selector, p.metadata.labels) && p.status?.podIP && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed");
  pods.sort((a, b) => (a.status.podIP < b.status.podIP ? -1 : a.status.podIP > b.status.podIP ? 1 : 0));
  const publishNotReady = !!svc.spec.publishNotReadyAddresses;
  const headless = svc.spec.clusterIP === "None";
  // Endpoints: one subset per distinct port set (we group all pods with the same resolved ports).
  const subsets = new Map<string, { addresses: Obj[]; notReadyAddresses: Obj[]; ports: Obj[] }>();
  const sliceEndpoints: Obj[] = [];
  let slicePorts: Obj[] | null = null;
  for (const p of pods) {
    const ports: Obj[] = [];
    for (const sp of svc.spec.ports ?? []) {
      const tp = targetPortFor(p, sp.targetPort, sp.port);
      if (tp === null) continue;
      ports.push({ ...(sp.name ? { name: sp.name } : {}), port: tp, protocol: sp.protocol ?? "TCP" });
    }
    // a headless Service may have no ports; its pods are still listed (they back its DNS records)
    if (!ports.length && !(headless && !svc.spec.ports?.length)) continue;
    const terminating = !!p.metadata.deletionTimestamp;
    const ready = (isPodReady(p) && !terminating) || publishNotReady;
    // endpointutil.ShouldSetHostname: the pod's hostname names its DNS record <hostname>.<svc>.<ns>.svc
    const hostname = p.spec.hostname && p.spec.subdomain === name ? p.spec.hostname : undefined;
    const addr = { ip: p.status.podIP, ...(hostname ? { hostname } : {}), nodeName: p.spec.nodeName, targetRef: { kind: "Pod", namespace: ns, name: p.metadata.name, uid: p.metadata.uid } };
    if (!terminating || publishNotReady) {
      const sk = JSON.stringify(ports);
      const sub = subsets.get(sk) ?? { addresses: [], notReadyAddresses: [], ports };
      (ready ? sub.addresses : sub.notReadyAddresses).push(addr);
      subsets.set(sk, sub);
    }
    slicePorts ??= ports;
    sliceEndpoints.push({
      addresses: [p.status.podIP],
      conditions: { ready, serving: isPodReady(p), terminating },
      ...(hostname ? { hostname } : {}),
      nodeName: p.spec.nodeName,
      targetRef: { kind: "Pod", namespace: ns, name: p.metadata.name, uid: p.metadata.uid },
    });
  }
  const owner = { apiVersion: "v1", kind: "Service", name, uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true };
  const epSubsets = [...subsets.values()].map((s) => {
    const o: Obj = {};
    if (s.addresses.length) o.addresses = s.addresses;
    if (s.notReadyAddresses.length) o.notReadyAddresses = s.notReadyAddresses;
    if (s.ports.length) o.ports = s.ports;
    return o;
  });
  const existing = k.get("endpoints", ns, name);
  // copies of the stored objects' top level and metadata: what is written replaces fields, never changes them in place
  const ep: Obj = existing ? { ...existing, metadata: { ...existing.metadata } } : {
    apiVersion: "v1", kind: "Endpoints",
    metadata: { name, namespace: ns, labels: { ...(svc.metadata.labels ?? {}) }, uid: k.uid(), creationTimestamp: isoTime(k.now) },
  };
  if (epSubsets.length) ep.subsets = epSubsets;
  else delete ep.subsets;
  ep.metadata.annotations = { ...(ep.metadata.annotations ?? {}), "endpoints.kubernetes.io/last-change-trigger-time": isoTime(k.now) };
  if (!existing || !deepEqual(existing.subsets ?? null, ep.subsets ?? null)) {
    k.trace(FROM, "kube-apiserver", existing ? "update" : "create", `Endpoints ${ns}/${name}`, `${epSubsets.reduce((a, s) => a + (s.addresses?.length ?? 0), 0)} ready address(es)`);
    k.put("endpoints", ep);
  }
  const exSlice = k.get("endpointslices", ns, sliceName);
  const slice: Obj = exSlice ? { ...exSlice, metadata: { ...exSlice.metadata } } : {
    apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice",
    metadata: {
      name: sliceName, generateName: `${name}-`, namespace: ns, uid: k.uid(), creationTimestamp: isoTime(k.now),
      labels: { ...(svc.metadata.labels ?? {}), "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io", "kubernetes.io/service-name": name },
      ownerReferences: [owner],
    },
    addressType: "IPv4",
  };
  slice.endpoints = sliceEndpoints;
  slice.ports = slicePorts ?? null;
  if (!exSlice || !deepEqual(exSlice.endpoints, slice.endpoints) || !deepEqual(exSlice.ports, slice.ports)) {
    k.trace(`${CM}/endpointslice-controller`, "kube-apiserver", exSlice ? "update" : "create", `EndpointSlice ${ns}/${sliceName}`);
    k.put("endpointslices", slice);
  }
}

/** Stable 5-char suffix for the (single) slice of a Service. */
function sliceSuffix(name: string): string {
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0;
  let s = "";
  for (let i = 0; i < 5; i++) { s += alphabet[h % 27]; h = Math.floor(h / 27) + 7919 * (i + 1); }
  return s;
}
