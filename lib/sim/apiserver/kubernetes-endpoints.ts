/**
 * The `kubernetes` Service's endpoints, written by the API server itself rather than the endpoints and
 * endpointslice controllers (the Service has no selector): pkg/controlplane/reconcilers (lease
 * reconciler, the default --endpoint-reconciler-type) keeps Endpoints default/kubernetes listing every
 * live API server's advertise address on its secure port, labelled endpointslice.kubernetes.io/skip-mirror
 * so the mirroring controller leaves it alone, and endpointsadapter.go endpointSliceFromEndpoints writes
 * the EndpointSlice default/kubernetes (label kubernetes.io/service-name only, IPv4, each address with
 * conditions.ready and nothing else).
 */
import type { ApiServer, RequestOptions } from "./apiserver";

const FROM: RequestOptions = { from: "kube-apiserver", user: "system:apiserver" };

/** Create or update default/kubernetes Endpoints and EndpointSlice for these API server addresses. */
export function reconcileKubernetesEndpoints(api: ApiServer, ips: string[], port = 6443): void {
  const ports = [{ name: "https", port, protocol: "TCP" }];
  const endpoints = {
    apiVersion: "v1", kind: "Endpoints",
    metadata: { name: "kubernetes", namespace: "default", labels: { "endpointslice.kubernetes.io/skip-mirror": "true" } },
    subsets: [{ addresses: ips.map((ip) => ({ ip })), ports }],
  };
  const slice = {
    apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice",
    metadata: { name: "kubernetes", namespace: "default", labels: { "kubernetes.io/service-name": "kubernetes" } },
    addressType: "IPv4",
    endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports,
  };
  for (const obj of [endpoints, slice]) {
    const r = api.create(obj, FROM);
    if (!r.ok && r.status.reason === "AlreadyExists") api.apply(obj, FROM);
  }
}
