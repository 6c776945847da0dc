/**
 * Per-pod DNS names (k8s-reference §7, W concepts/services-networking/dns-pod-service):
 * `<hostname>.<subdomain>.<ns>.svc.cluster.local` exists only for a pod with spec.hostname whose
 * spec.subdomain names a headless Service in its namespace that selects it (ready, or
 * publishNotReadyAddresses); `<a-b-c-d>.<ns>.pod.cluster.local` answers the dashed IP.
 */
import { describe, expect, it, vi } from "vitest";
import type { Cluster } from "./cluster";
import { cka, mustGet, pod, service } from "./test-helpers";
import type { Obj } from "./util";

vi.setConfig({ testTimeout: 60_000 });

/** A pod `name` labelled app=db with the given hostname/subdomain, and a busybox client. */
function member(c: Cluster, name: string, spec: Obj, container: Obj = {}): void {
  c.apply(pod(name, { image: "nginx:1.27", ...container }, spec, { labels: { app: "db" } }));
}

function withClient(c: Cluster): Cluster {
  c.apply(pod("client", { image: "busybox:1.36", command: ["sleep", "3600"] }));
  c.runUntilIdle();
  return c;
}

const FQDN = "db-0.db.default.svc.cluster.local";

describe("per-pod DNS names", () => {
  it("resolve through a headless Service named by the pod's subdomain, from nslookup, wget and curl", () => {
    const c = cka();
    c.apply(service("db", { app: "db" }, { clusterIP: "None" }));
    member(c, "db-0", { hostname: "db-0", subdomain: "db" });
    withClient(c);
    const ip = mustGet(c, "pods", "db-0").status.podIP;
    expect(c.resolveDns(FQDN)).toEqual([ip]);
    // the short forms go through the pod's search path
    expect(c.resolveDns("db-0.db")).toEqual([ip]);
    expect(c.resolveDns("db-0.db.default")).toEqual([ip]);
    const ns = c.exec({ pod: "client", command: ["nslookup", FQDN] });
    expect(ns.ok && ns.stdout).toBe(`Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\t${FQDN}\nAddress: ${ip}\n`);
    const get = c.exec({ pod: "client", command: ["wget", "-qO-", `http://${FQDN}`] });
    expect(get.ok && get.stdout).toContain("Welcome to nginx!");
    expect(c.curl({ pod: "default/client" }, `http://db-0.db/`).code).toBe(200);
    // the endpoints controller records the hostname (endpointutil.ShouldSetHostname)
    expect(mustGet(c, "endpoints", "db").subsets[0].addresses[0].hostname).toBe("db-0");
    const slices = c.list("endpointslices", { namespace: "default", labelSelector: "kubernetes.io/service-name=db" });
    expect(slices.ok && slices.object[0].endpoints[0].hostname).toBe("db-0");
  });

  it("do not resolve through a ClusterIP Service with the same name", () => {
    const c = cka();
    c.apply(service("db", { app: "db" }));
    member(c, "db-0", { hostname: "db-0", subdomain: "db" });
    withClient(c);
    // the Service name itself still resolves (to the ClusterIP), the per-pod name does not
    expect(c.resolveDns("db.default.svc.cluster.local")).toEqual([mustGet(c, "services", "db").spec.clusterIP]);
    expect(c.resolveDns(FQDN)).toBeNull();
    const ns = c.exec({ pod: "client", command: ["nslookup", FQDN] });
    expect(ns.ok && ns.exitCode).toBe(1);
    expect(ns.ok && ns.stderr).toBe(`** server can't find ${FQDN}: NXDOMAIN\n`);
    const get = c.exec({ pod: "client", command: ["wget", "-qO-", `http://${FQDN}`] });
    expect(get.ok && get.stderr).toBe(`wget: bad address '${FQDN}'\n`);
    expect(c.curl({ pod: "default/client" }, `http://${FQDN}/`).exitCode).toBe(6);
  });

  it("need spec.hostname, a matching spec.subdomain, a selecting Service and a pod in its namespace", () => {
    const c = cka();
    c.apply(service("db", { app: "db" }, { clusterIP: "None" }));
    c.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: "other" } });
    member(c, "db-0", { subdomain: "db" }); // no hostname: only the Service's own record
    member(c, "db-1", { hostname: "db-1", subdomain: "cache" }); // subdomain names another Service
    c.apply(pod("db-2", { image: "nginx:1.27" }, { hostname: "db-2", subdomain: "db" }, { labels: { app: "other" } })); // not selected
    c.apply({ ...pod("db-3", { image: "nginx:1.27" }, { hostname: "db-3", subdomain: "db" }, { labels: { app: "db" } }), metadata: { name: "db-3", namespace: "other", labels: { app: "db" } } });
    withClient(c);
    expect(c.resolveDns("db.default.svc.cluster.local")).toHaveLength(2); // db-0 and db-1 are endpoints
    for (const host of ["db-0", "db-1", "db-2", "db-3"]) expect(c.resolveDns(`${host}.db.default.svc.cluster.local`)).toBeNull();
    expect(c.resolveDns("db-3.db.other.svc.cluster.local")).toBeNull(); // no Service "db" in "other"
  });

  it("a pod that is not ready has no record unless the Service publishes not-ready addresses", () => {
    const c = cka();
    const never = { readinessProbe: { exec: { command: ["false"] }, periodSeconds: 1 } };
    c.apply(service("db", { app: "db" }, { clusterIP: "None" }));
    member(c, "db-0", { hostname: "db-0", subdomain: "db" }, never);
    withClient(c);
    c.advance(5_000);
    expect(mustGet(c, "pods", "db-0").status.conditions.find((x: Obj) => x.type === "Ready").status).toBe("False");
    expect(c.resolveDns(FQDN)).toBeNull();
    c.patch("services", "db", { spec: { publishNotReadyAddresses: true } });
    c.runUntilIdle();
    expect(c.resolveDns(FQDN)).toEqual([mustGet(c, "pods", "db-0").status.podIP]);
  });

  it("a headless Service without ports still lists its pods and backs their names", () => {
    const c = cka();
    c.apply({ apiVersion: "v1", kind: "Service", metadata: { name: "db" }, spec: { clusterIP: "None", selector: { app: "db" } } });
    member(c, "db-0", { hostname: "db-0", subdomain: "db" });
    withClient(c);
    const ip = mustGet(c, "pods", "db-0").status.podIP;
    expect(mustGet(c, "endpoints", "db").subsets).toEqual([{ addresses: [expect.objectContaining({ ip, hostname: "db-0" })] }]);
    expect(c.resolveDns(FQDN)).toEqual([ip]);
  });

  it("pod A records answer the dashed IP", () => {
    const c = withClient(cka());
    expect(c.resolveDns("10-244-1-7.default.pod.cluster.local")).toEqual(["10.244.1.7"]);
  });
});
