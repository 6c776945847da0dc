/**
 * Cluster networking: CoreDNS names (k8s-reference §7), the kube-proxy iptables-style rule table
 * per node, traffic that follows it (curl from a pod, a node or outside to a ClusterIP, NodePort,
 * DNS name or Ingress host), and a minimal Ingress controller.
 */
import type { Kernel } from "./core";
import type { Kubelets, PodRt } from "./kubelet";
import { targetPortFor } from "./controllers/endpoints-controller";
import { GATEWAY_PAGES, gatewayAddressForHost, gatewayByAddress, matchRoute } from "./controllers/gateway-controller";
import { deepEqual, fnv32a, matchesMap, matchesSelector, type Obj } from "./util";

export interface CurlFrom {
  /** "ns/name" of a pod */
  pod?: string;
  /** node name */
  node?: string;
}

export interface CurlResult {
  ok: boolean;
  /** HTTP status when connected */
  code?: number;
  body: string;
  /** curl's error line when not connected, e.g. "curl: (7) Failed to connect ..." */
  error?: string;
  exitCode: number;
  /** hops for the flow picture */
  path: string[];
}

const EXTERNAL: Record<string, string> = { "info.cern.ch": "188.184.67.127", "example.com": "93.184.215.14", "www.example.com": "93.184.215.14", "kubernetes.io": "147.75.40.148", "google.com": "142.250.185.78", "www.google.com": "142.250.185.78" };
const EXTERNAL_PAGE = '<html><head></head><body><header>\n<title>http://info.cern.ch</title>\n</header>\n\n<h1>http://info.cern.ch - home of the first website</h1>\n</body></html>\n';

function chainHash(s: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let h1 = fnv32a(s), h2 = fnv32a(s + "#"), out = "";
  for (let i = 0; i < 16; i++) {
    const src = i < 8 ? h1 : h2;
    out += alphabet[src & 31];
    if (i < 8) h1 = (h1 >>> 5) | ((h1 & 31) << 27);
    else h2 = (h2 >>> 5) | ((h2 & 31) << 27);
  }
  return out;
}

/** The KUBE-SVC-… chain of a Service port (from "ns/name[:port]" and the protocol, like kube-proxy's servicePortChainName). */
function svcChain(svc: Obj, p: Obj): string {
  const spn = `${svc.metadata.namespace}/${svc.metadata.name}${p.name ? ":" + p.name : ""}`;
  return `KUBE-SVC-${chainHash(spn + (p.protocol ?? "TCP").toLowerCase())}`;
}

/** Whether kube-proxy writes rules for a Service: not ExternalName, not headless (its slices are filtered out too). */
function proxied(svc: Obj): boolean {
  return svc.spec?.type !== "ExternalName" && !!svc.spec?.clusterIP && svc.spec.clusterIP !== "None";
}

export class Network {
  /** while true, traffic has no side effects (no trace, no PRNG, no access logs): container programs' timelines */
  private pure = false;
  private pureKey = "";

  constructor(private k: Kernel, private kubelets: Kubelets) {
    k.on("services", (t, svc, old) => {
      if (t === "MODIFIED" && deepEqual(old?.spec, svc.spec)) return; // status-only writes change no rule
      if (!proxied(svc) && !(old && proxied(old))) return;
      const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
      this.syncRules(`Service ${key}`, key, t === "DELETED" || !proxied(svc) ? null : svc);
    });
    k.on("endpointslices", (_t, slice) => {
      const ns = slice.metadata.namespace;
      const svc = this.k.get("services", ns, slice.metadata.labels?.["kubernetes.io/service-name"] ?? "");
      // A slice outliving its Service changes nothing: the Service's deletion already removed the rules.
      if (!svc || !proxied(svc)) return;
      this.syncRules(`EndpointSlice ${ns}/${slice.metadata.name}`, `${ns}/${svc.metadata.name}`, svc);
    });
  }

  /**
   * kube-proxy on every running node hears of a Service/EndpointSlice change through its watch and
   * rewrites its rules (iptables mode: syncProxyRules, pkg/proxy/iptables/proxier.go). Traffic reads the
   * current endpoints directly, so the rules are in place at once. `svc` null: the Service's rules go.
   */
  private syncRules(watched: string, key: string, svc: Obj | null) {
    const nodes = this.k.list("nodes").map((n) => n.metadata.name as string).filter((n) => this.kubelets.nodes[n]?.up);
    if (!nodes.length) return;
    let detail = "rules removed";
    if (svc) {
      const parts = (svc.spec.ports ?? []).map((p: Obj) => {
        const n = this.endpointsFor(svc, p).length;
        return `${svcChain(svc, p)} ${n} endpoint${n === 1 ? "" : "s"}`;
      });
      detail = parts.join(", ") || "no ports";
    }
    for (const node of nodes) {
      this.k.trace("kube-apiserver", `kube-proxy/${node}`, "watch", watched);
      this.k.trace(`kube-proxy/${node}`, `kube-proxy/${node}`, "sync rules", `Service ${key}`, detail);
    }
  }

  private tr(from: string, to: string, action: string, object: string, detail: string) {
    if (!this.pure) this.k.trace(from, to, action, object, detail);
  }

  /** Endpoint choice: iptables-style random, or a stable hash for side-effect-free traffic. */
  private pick(n: number): number {
    return this.pure ? fnv32a(this.pureKey) % n : Math.floor(this.k.random() * n);
  }

  // --- DNS ------------------------------------------------------------------------------------
  /** Resolve a name as CoreDNS would for a client in `ns` (null ns = a node: no cluster search path). */
  resolve(name: string, ns: string | null): string[] | null {
    const n = name.replace(/\.$/, "").toLowerCase();
    if (/^\d+\.\d+\.\d+\.\d+$/.test(n)) return [n];
    if (EXTERNAL[n]) return [EXTERNAL[n]];
    const ing = this.ingressIP(n) ?? gatewayAddressForHost({ k: this.k }, n);
    const candidates = ns ? [n, `${n}.${ns}.svc.cluster.local`, `${n}.svc.cluster.local`, `${n}.cluster.local`] : [n];
    for (const c of candidates) {
      const r = this.resolveFqdn(c);
      if (r) return r;
    }
    if (ing) return [ing];
    return null;
  }

  private resolveFqdn(fqdn: string): string[] | null {
    let m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local$/.exec(fqdn) ?? /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc$/.exec(fqdn);
    if (m) {
      const svc = this.k.get("services", m[2], m[1]);
      if (!svc) return null;
      if (svc.spec.type === "ExternalName") return this.resolve(svc.spec.externalName, null);
      if (svc.spec.clusterIP === "None") {
        const ep = this.k.get("endpoints", m[2], m[1]);
        const ips = (ep?.subsets ?? []).flatMap((s: Obj) => (s.addresses ?? []).map((a: Obj) => a.ip));
        return ips.length ? ips : null;
      }
      return [svc.spec.clusterIP];
    }
    m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local$/.exec(fqdn);
    if (m) {
      // <hostname>.<subdomain>.<ns>.svc: "If there exists a headless Service in the same namespace
      // as the Pod, with the same name as the subdomain, the cluster's DNS Server also returns A
      // records for the Pod's fully qualified hostname" (W dns-pod-service). CoreDNS answers from the
      // Service's ready endpoints whose hostname the endpoints controller set from the pod's
      // spec.hostname (only when spec.subdomain names that Service); a pod without spec.hostname
      // has no such record, a not-ready one only with publishNotReadyAddresses.
      const svc = this.k.get("services", m[3], m[2]);
      if (!svc || svc.spec.clusterIP !== "None") return null;
      const ep = this.k.get("endpoints", m[3], m[2]);
      const host = m[1];
      const ips = (ep?.subsets ?? []).flatMap((s: Obj) => (s.addresses ?? []).filter((a: Obj) => a.hostname === host).map((a: Obj) => a.ip));
      return ips.length ? ips : null;
    }
    m = /^(\d+)-(\d+)-(\d+)-(\d+)\.([a-z0-9-]+)\.pod\.cluster\.local$/.exec(fqdn);
    if (m) return [`${m[1]}.${m[2]}.${m[3]}.${m[4]}`];
    if (fqdn === "kubernetes" || fqdn === "kubernetes.default") return ["10.96.0.1"];
    return null;
  }

  // --- kube-proxy rules --------------------------------------------------------------------------
  /** The iptables-save style rules kube-proxy writes on a node (nat table, KUBE-* chains). */
  rules(node: string): string[] {
    const out: string[] = ["*nat", ":KUBE-SERVICES - [0:0]", ":KUBE-NODEPORTS - [0:0]", ":KUBE-POSTROUTING - [0:0]", ":KUBE-MARK-MASQ - [0:0]"];
    const svcs = this.k.list("services").filter((s) => s.spec.type !== "ExternalName" && s.spec.clusterIP && s.spec.clusterIP !== "None")
      .sort((a, b) => (a.metadata.namespace + a.metadata.name < b.metadata.namespace + b.metadata.name ? -1 : 1));
    const body: string[] = [];
    for (const s of svcs) {
      for (const p of s.spec.ports ?? []) {
        const spn = `${s.metadata.namespace}/${s.metadata.name}${p.name ? ":" + p.name : ""}`;
        const proto = (p.protocol ?? "TCP").toLowerCase();
        const chain = svcChain(s, p);
        const eps = this.endpointsFor(s, p);
        out.push(`:${chain} - [0:0]`);
        if (!eps.length) {
          body.push(`-A KUBE-SERVICES -d ${s.spec.clusterIP}/32 -p ${proto} -m comment --comment "${spn} has no endpoints" -m ${proto} --dport ${p.port} -j REJECT --reject-with icmp-port-unreachable`);
          continue;
        }
        body.push(`-A KUBE-SERVICES -d ${s.spec.clusterIP}/32 -p ${proto} -m comment --comment "${spn} cluster IP" -m ${proto} --dport ${p.port} -j ${chain}`);
        if (p.nodePort) {
          const local = s.spec.externalTrafficPolicy === "Local";
          const extEps = local ? eps.filter((e) => e.node === node) : eps;
          if (extEps.length) body.push(`-A KUBE-NODEPORTS -p ${proto} -m comment --comment "${spn}" -m ${proto} --dport ${p.nodePort} -j ${local ? "KUBE-EXT-" + chainHash(spn + proto + "ext") : chain}`);
          else body.push(`-A KUBE-NODEPORTS -p ${proto} -m comment --comment "${spn} has no local endpoints" -m ${proto} --dport ${p.nodePort} -j DROP`);
        }
        eps.forEach((e, i) => {
          const sep = `KUBE-SEP-${chainHash(spn + e.ip + ":" + e.port)}`;
          const left = eps.length - i;
          const prob = left > 1 ? ` -m statistic --mode random --probability ${(1 / left).toFixed(11)}` : "";
          body.push(`-A ${chain} -m comment --comment "${spn} -> ${e.ip}:${e.port}"${prob} -j ${sep}`);
          body.push(`-A ${sep} -s ${e.ip}/32 -m comment --comment "${spn}" -j KUBE-MARK-MASQ`);
          body.push(`-A ${sep} -p ${proto} -m comment --comment "${spn}" -m ${proto} -j DNAT --to-destination ${e.ip}:${e.port}`);
        });
      }
    }
    out.push(...body, `-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS`, "COMMIT");
    return out;
  }

  /** Ready endpoints (ip, port, node, pod) of a Service port. */
  endpointsFor(svc: Obj, port: Obj): { ip: string; port: number; node: string; pod: Obj }[] {
    const ns = svc.metadata.namespace;
    const out: { ip: string; port: number; node: string; pod: Obj }[] = [];
    const ep = this.k.get("endpoints", ns, svc.metadata.name);
    if (svc.spec.selector) {
      for (const sub of ep?.subsets ?? []) {
        for (const a of sub.addresses ?? []) {
          const pod = this.k.get("pods", ns, a.targetRef?.name ?? "");
          if (!pod) continue;
          const tp = targetPortFor(pod, port.targetPort, port.port);
          if (tp !== null) out.push({ ip: a.ip, port: tp, node: a.nodeName, pod });
        }
      }
    } else {
      for (const sub of ep?.subsets ?? []) for (const a of sub.addresses ?? []) {
        const pod = this.k.list("pods").find((p) => p.status?.podIP === a.ip);
        const pp = (sub.ports ?? []).find((x: Obj) => x.name === port.name) ?? sub.ports?.[0];
        if (pod && pp) out.push({ ip: a.ip, port: pp.port, node: pod.spec.nodeName, pod });
      }
    }
    return out.sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
  }

  // --- traffic -------------------------------------------------------------------------------
  private clientNode(from: CurlFrom): { node: string | null; ns: string | null; label: string } {
    if (from.pod) {
      const [ns, name] = from.pod.split("/");
      const p = this.k.get("pods", ns, name);
      return { node: p?.spec.nodeName ?? null, ns, label: `Pod ${from.pod}` };
    }
    if (from.node) return { node: from.node, ns: null, label: `Node ${from.node}` };
    return { node: null, ns: null, label: "outside" };
  }

  /** `curl <url>` from a pod, a node or outside the cluster. */
  curl(from: CurlFrom, url: string): CurlResult {
    const m = /^(?:(https?):\/\/)?([^/:]+)(?::(\d+))?(\/.*)?$/.exec(url.trim());
    if (!m) return this.fail(3, `curl: (3) URL rejected: Malformed input to a URL function`, []);
    const scheme = m[1] ?? "http";
    const host = m[2];
    const port = m[3] ? Number(m[3]) : scheme === "https" ? 443 : 80;
    const path = m[4] ?? "/";
    const client = this.clientNode(from);
    const hops = [client.label];
    const srcPod = from.pod ? this.k.get("pods", ...(from.pod.split("/") as [string, string])) : undefined;
    if (host === "localhost" || /^127\.\d+\.\d+\.\d+$/.test(host)) return this.loopback(srcPod, client, port, path, host, hops);
    if (srcPod && !/^\d+\.\d+\.\d+\.\d+$/.test(host) && !this.dnsAllowed(srcPod)) return this.fail(6, `curl: (6) Could not resolve host: ${host}`, hops);
    const ips = from.pod ? this.resolve(host, client.ns) : this.resolveOutside(host, client.node !== null);
    if (!ips) return this.fail(6, `curl: (6) Could not resolve host: ${host}`, hops);
    const ip = ips[0];
    if (from.pod) this.tr(client.label, "coredns", "dns query", "", `${host} -> ${ip}`);
    return this.connectIP(client, ip, port, path, host, hops);
  }

  /**
   * localhost / 127.0.0.0/8: the containers of a Pod share one network namespace, so a port any of
   * them listens on answers on the Pod's loopback (no Service, no NetworkPolicy: loopback traffic
   * never leaves the namespace). A hostNetwork Pod and the node itself share the node's loopback,
   * where hostNetwork Pods (the control plane's static Pods) and NodePorts answer (kube-proxy's
   * iptables mode accepts localhost NodePorts: --iptables-localhost-nodeports, default true).
   */
  private loopback(srcPod: Obj | undefined, client: { node: string | null; ns: string | null; label: string }, port: number, path: string, host: string, hops: string[]): CurlResult {
    const refused = () => this.fail(7, `curl: (7) Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`, hops);
    if (srcPod && !srcPod.spec.hostNetwork) {
      const r = this.kubelets.podHttp(srcPod, port, path, "127.0.0.1", "curl/8.5.0", this.pure);
      return r ? { ok: true, code: r.code, body: r.body, exitCode: 0, path: hops } : refused();
    }
    if (!client.node) return refused();
    for (const p of this.k.list("pods")) {
      if (!p.spec.hostNetwork || p.spec.nodeName !== client.node) continue;
      const r = this.kubelets.podHttp(p, port, path, "127.0.0.1", "curl/8.5.0", this.pure);
      if (r) return { ok: true, code: r.code, body: r.body, exitCode: 0, path: [...hops, `Pod ${p.metadata.namespace}/${p.metadata.name}`] };
    }
    const viaNode = this.connectIP(client, this.kubelets.nodeIP(client.node), port, path, host, hops);
    return viaNode;
  }

  private resolveOutside(host: string, onNode: boolean): string[] | null {
    if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return [host];
    if (EXTERNAL[host]) return [EXTERNAL[host]];
    const n = this.k.get("nodes", undefined, host);
    if (n) return [this.kubelets.nodeIP(host)];
    const ing = this.ingressIP(host) ?? gatewayAddressForHost({ k: this.k }, host);
    if (ing) return [ing];
    void onNode;
    return null;
  }

  private fail(code: number, error: string, path: string[]): CurlResult {
    return { ok: false, body: "", error, exitCode: code, path };
  }

  private connectIP(client: { node: string | null; ns: string | null; label: string }, ip: string, port: number, path: string, host: string, hops: string[]): CurlResult {
    const refused = () => this.fail(7, `curl: (7) Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`, hops);
    const timeout = () => this.fail(28, `curl: (28) Failed to connect to ${host} port ${port} after 10002 ms: Timeout was reached`, hops);
    if (Object.values(EXTERNAL).includes(ip)) {
      hops.push(host);
      return { ok: true, code: 200, body: EXTERNAL_PAGE, exitCode: 0, path: hops };
    }
    // ClusterIP: only reachable from inside the cluster (pods and nodes).
    const svc = this.k.list("services").find((s) => s.spec.clusterIP === ip);
    if (svc) {
      if (!client.node) return timeout();
      const sp = (svc.spec.ports ?? []).find((p: Obj) => p.port === port);
      if (!sp) return timeout();
      const eps = this.endpointsFor(svc, sp);
      hops.push(`kube-proxy/${client.node}`);
      if (!eps.length) return refused();
      const e = eps[this.pick(eps.length)];
      this.tr(client.label, `kube-proxy/${client.node}`, "DNAT", `Service ${svc.metadata.namespace}/${svc.metadata.name}`, `${ip}:${port} -> ${e.ip}:${e.port}`);
      return this.toPod(e.pod, e.port, path, hops, host, port, `kube-proxy/${client.node}`);
    }
    // Node IP: NodePorts (and the Ingress controller's ports).
    const node = this.k.list("nodes").find((n) => this.kubelets.nodeIP(n.metadata.name) === ip);
    if (node) {
      const nodeName = node.metadata.name;
      if (!this.kubelets.nodes[nodeName]?.up && !client.node) return timeout();
      const ingress = this.k.s.rt.ingressController?.nodePorts as Record<string, number> | undefined;
      if (ingress && (port === ingress.http || (port === 80 && this.k.s.rt.ingressController?.hostNetwork))) return this.viaIngress(host, path, hops, client);
      const svc2 = this.k.list("services").find((s) => (s.spec.ports ?? []).some((p: Obj) => p.nodePort === port));
      if (!svc2) return refused();
      const sp = svc2.spec.ports.find((p: Obj) => p.nodePort === port);
      let eps = this.endpointsFor(svc2, sp);
      hops.push(`kube-proxy/${nodeName}`);
      if (svc2.spec.externalTrafficPolicy === "Local") {
        eps = eps.filter((e) => e.node === nodeName);
        if (!eps.length) return timeout();
      }
      if (!eps.length) return refused();
      const e = eps[this.pick(eps.length)];
      this.tr(client.label, `kube-proxy/${nodeName}`, "DNAT", `Service ${svc2.metadata.namespace}/${svc2.metadata.name}`, `${ip}:${port} -> ${e.ip}:${e.port}`);
      return this.toPod(e.pod, e.port, path, hops, host, port, `kube-proxy/${nodeName}`);
    }
    // Ingress controller's address from outside (LoadBalancer IP).
    if (this.k.s.rt.ingressController && ip === this.k.s.rt.ingressController.ip) return this.viaIngress(host, path, hops, client);
    // A Gateway's address (Gateway API, controllers/gateway-controller.ts).
    const gw = gatewayByAddress({ k: this.k }, ip);
    if (gw) return this.viaGateway(gw, host, port, path, hops, client);
    // Pod IP directly.
    const pod = this.k.list("pods").find((p) => p.status?.podIP === ip && !p.spec.hostNetwork);
    if (pod) {
      if (!client.node) return timeout();
      return this.toPod(pod, port, path, hops, host, port);
    }
    return timeout();
  }

  /** Deliver to a pod; `via` is the kube-proxy whose DNAT chose it (the packet is then routed to the pod's node). */
  private toPod(pod: Obj, port: number, path: string, hops: string[], host: string, shownPort = port, via?: string): CurlResult {
    const podLabel = `Pod ${pod.metadata.namespace}/${pod.metadata.name}`;
    if (!this.policyAllows(hops[0], pod, port)) {
      this.tr(hops[0], podLabel, "dropped", podLabel, "NetworkPolicy");
      return this.fail(28, `curl: (28) Failed to connect to ${host} port ${shownPort} after 10002 ms: Timeout was reached`, hops);
    }
    if (via) this.tr(via, podLabel, "forward", podLabel, `${pod.status?.podIP}:${port} on ${pod.spec.nodeName}`);
    hops.push(`Pod ${pod.metadata.namespace}/${pod.metadata.name}`);
    const client = hops[0]?.startsWith("Pod ") ? this.k.get("pods", ...(hops[0].slice(4).split("/") as [string, string]))?.status?.podIP : hops[0]?.startsWith("Node ") ? this.kubelets.nodeIP(hops[0].slice(5)) : undefined;
    const r = this.kubelets.podHttp(pod, port, path, client ?? "10.244.0.0", "curl/8.5.0", this.pure);
    if (!r) return this.fail(7, `curl: (7) Failed to connect to ${host} port ${shownPort} after 0 ms: Couldn't connect to server`, hops);
    if (r.cpuCost && !this.pure) {
      const load = (this.k.s.rt.reqCount ??= {}) as Record<string, number>;
      load[`${pod.metadata.namespace}/${pod.metadata.name}`] = (load[`${pod.metadata.namespace}/${pod.metadata.name}`] ?? 0) + 1;
    }
    return { ok: true, code: r.code, body: r.body, exitCode: 0, path: hops };
  }

  // --- NetworkPolicy (enforced with addons.networkPolicies, like Calico) ----------------------
  private policies(ns: string, pod: Obj, type: "Ingress" | "Egress"): Obj[] {
    return this.k.list("networkpolicies", ns).filter((np) => {
      const types: string[] = np.spec?.policyTypes ?? (np.spec?.egress ? ["Ingress", "Egress"] : ["Ingress"]);
      return types.includes(type) && matchesSelector(np.spec?.podSelector ?? {}, pod.metadata.labels);
    });
  }

  private peerMatches(peer: Obj, policyNs: string, other: Obj | undefined, ip: string): boolean {
    if (peer.ipBlock) {
      if (!cidrContains(peer.ipBlock.cidr, ip)) return false;
      return !(peer.ipBlock.except ?? []).some((c: string) => cidrContains(c, ip));
    }
    if (!other) return false;
    if (peer.namespaceSelector) {
      const ns = this.k.get("namespaces", undefined, other.metadata.namespace);
      if (!ns || !matchesSelector(peer.namespaceSelector, ns.metadata.labels)) return false;
    } else if (other.metadata.namespace !== policyNs) return false;
    return peer.podSelector ? matchesSelector(peer.podSelector, other.metadata.labels) : true;
  }

  private portMatches(rulePorts: Obj[] | undefined, target: Obj | undefined, port: number, protocol = "TCP"): boolean {
    if (!rulePorts?.length) return true;
    return rulePorts.some((p) => {
      if ((p.protocol ?? "TCP") !== protocol) return false;
      if (p.port === undefined) return true;
      let n = p.port;
      if (typeof n === "string" && target) n = (target.spec.containers ?? []).flatMap((c: Obj) => c.ports ?? []).find((cp: Obj) => cp.name === p.port)?.containerPort;
      if (typeof n !== "number") return false;
      return p.endPort !== undefined ? port >= n && port <= p.endPort : port === n;
    });
  }

  /** Whether NetworkPolicies let `source` (hop label) reach `dst` on `port` (ingress of dst, egress of a source pod). */
  private policyAllows(source: string, dst: Obj, port: number): boolean {
    if (!this.k.s.rt.networkPolicies) return true;
    const src = source.startsWith("Pod ") ? this.k.get("pods", ...(source.slice(4).split("/") as [string, string])) : undefined;
    const srcIP = src?.status?.podIP ?? (source.startsWith("Node ") ? this.kubelets.nodeIP(source.slice(5)) : "203.0.113.10");
    const dstIP = dst.status?.podIP ?? "";
    if (src) {
      const eg = this.policies(src.metadata.namespace, src, "Egress");
      if (eg.length && !eg.some((np) => (np.spec.egress ?? []).some((r: Obj) => (!r.to?.length || r.to.some((peer: Obj) => this.peerMatches(peer, np.metadata.namespace, dst, dstIP))) && this.portMatches(r.ports, dst, port)))) return false;
    }
    const ing = this.policies(dst.metadata.namespace, dst, "Ingress");
    if (!ing.length) return true;
    return ing.some((np) => (np.spec.ingress ?? []).some((r: Obj) => (!r.from?.length || r.from.some((peer: Obj) => this.peerMatches(peer, np.metadata.namespace, src, srcIP))) && this.portMatches(r.ports, dst, port)));
  }

  /** With egress isolation, DNS works only if some egress rule allows port 53 to CoreDNS. */
  private dnsAllowed(src: Obj): boolean {
    if (!this.k.s.rt.networkPolicies) return true;
    const eg = this.policies(src.metadata.namespace, src, "Egress");
    if (!eg.length) return true;
    const dns = this.k.list("pods", "kube-system").find((p) => p.metadata.labels?.["k8s-app"] === "kube-dns");
    const ip = dns?.status?.podIP ?? "10.96.0.10";
    return eg.some((np) => (np.spec.egress ?? []).some((r: Obj) => (!r.to?.length || r.to.some((peer: Obj) => this.peerMatches(peer, np.metadata.namespace, dns, ip))) && (this.portMatches(r.ports, dns, 53, "UDP") || this.portMatches(r.ports, dns, 53, "TCP"))));
  }

  // --- Gateway API ---------------------------------------------------------------------------
  /** A request to a Gateway: the matching HTTPRoute rule, a backend by weight, then the Service's endpoints. */
  private viaGateway(g: Obj, host: string, port: number, path: string, hops: string[], client: { node: string | null; ns: string | null; label: string }): CurlResult {
    const label = `Gateway ${g.metadata.namespace}/${g.metadata.name}`;
    hops.push(label);
    if (!(g.spec?.listeners ?? []).some((l: Obj) => l.port === port && l.protocol === "HTTP")) return this.fail(7, `curl: (7) Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`, hops);
    const m = matchRoute({ k: this.k }, g, port, host, path);
    if (!m) return { ok: true, code: 404, body: GATEWAY_PAGES[404], exitCode: 0, path: hops };
    const total = m.backends.reduce((sum, b) => sum + b.weight, 0);
    let r = total ? (this.pure ? fnv32a(this.pureKey) % total : Math.floor(this.k.random() * total)) : 0;
    const b = total ? m.backends.find((x) => (r -= x.weight) < 0) : undefined;
    const svc = b?.name ? this.k.get("services", m.route.metadata.namespace, b.name) : undefined;
    const sp = svc && (svc.spec.ports ?? []).find((p: Obj) => p.port === b!.port);
    if (!svc || !sp) return { ok: true, code: 500, body: GATEWAY_PAGES[500], exitCode: 0, path: hops };
    const eps = this.endpointsFor(svc, sp);
    if (!eps.length) return { ok: true, code: 503, body: GATEWAY_PAGES[503], exitCode: 0, path: hops };
    const e = eps[this.pick(eps.length)];
    this.tr(client.label, label, "route", `HTTPRoute ${m.route.metadata.namespace}/${m.route.metadata.name}`, `${host}${path} -> ${svc.metadata.name}:${sp.port} -> ${e.ip}:${e.port}`);
    return this.toPod(e.pod, e.port, path, hops, host, port);
  }

  // --- Ingress -------------------------------------------------------------------------------
  private ingressIP(host: string): string | null {
    const ic = this.k.s.rt.ingressController;
    if (!ic) return null;
    for (const ing of this.k.list("ingresses")) for (const r of ing.spec?.rules ?? []) if (r.host && hostMatches(r.host, host)) return ic.ip;
    return null;
  }

  private viaIngress(host: string, path: string, hops: string[], client: { node: string | null; ns: string | null; label: string }): CurlResult {
    hops.push("ingress-nginx");
    const ing = this.matchIngress(host, path);
    if (!ing) return { ok: true, code: 404, body: "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n", exitCode: 0, path: hops };
    const svc = this.k.get("services", ing.ns, ing.backend.service?.name ?? "");
    if (!svc) return { ok: true, code: 503, body: "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n", exitCode: 0, path: hops };
    const bp = ing.backend.service.port ?? {};
    const sp = (svc.spec.ports ?? []).find((p: Obj) => (bp.number !== undefined ? p.port === bp.number : p.name === bp.name));
    const eps = sp ? this.endpointsFor(svc, sp) : [];
    if (!eps.length) return { ok: true, code: 503, body: "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n", exitCode: 0, path: hops };
    const e = eps[this.pick(eps.length)];
    this.tr(client.label, "ingress-nginx", "route", `Ingress ${ing.ns}/${ing.name}`, `${host}${path} -> ${svc.metadata.name}:${sp.port} -> ${e.ip}:${e.port}`);
    return this.toPod(e.pod, e.port, path, hops, host, sp.port);
  }

  private matchIngress(host: string, path: string): { ns: string; name: string; backend: Obj } | null {
    let best: { ns: string; name: string; backend: Obj; len: number } | null = null;
    for (const ing of this.k.list("ingresses")) {
      for (const r of ing.spec?.rules ?? []) {
        if (r.host && !hostMatches(r.host, host)) continue;
        for (const p of r.http?.paths ?? []) {
          const pp = p.path ?? "/";
          const ok = p.pathType === "Exact" ? path === pp : path === pp || path.startsWith(pp.endsWith("/") ? pp : pp + "/") || pp === "/";
          if (ok && (!best || pp.length > best.len)) best = { ns: ing.metadata.namespace, name: ing.metadata.name, backend: p.backend, len: pp.length };
        }
      }
      if (!best && ing.spec?.defaultBackend) best = { ns: ing.metadata.namespace, name: ing.metadata.name, backend: ing.spec.defaultBackend, len: 0 };
    }
    return best;
  }

  /** curl from a pod's container (used by shell wget/curl inside containers). */
  podHttp(pr: PodRt | null, url: string, pure = false): { code: number; body: string } | { error: string; exit: number } {
    const prev = this.pure, prevKey = this.pureKey;
    this.pure = pure || prev;
    this.pureKey = `${pr?.uid ?? ""}|${url}`;
    let r: CurlResult;
    try {
      r = this.curl(pr ? { pod: `${pr.ns}/${pr.name}` } : {}, url);
    } finally {
      this.pure = prev;
      this.pureKey = prevKey;
    }
    if (r.ok) return { code: r.code ?? 200, body: r.body };
    const m = /^curl: \(\d+\) (.*)$/.exec(r.error ?? "");
    if (r.exitCode === 6) return { error: `bad address '${url.replace(/^https?:\/\//, "").split(/[/:]/)[0]}'`, exit: 6 };
    return { error: m ? m[1] : "error", exit: r.exitCode };
  }
}

/** IPv4 CIDR membership. */
function cidrContains(cidr: string, ip: string): boolean {
  const [base, bitsS] = cidr.split("/");
  const bits = Number(bitsS ?? 32);
  const toN = (a: string) => a.split(".").reduce((n, x) => (n << 8) + (Number(x) & 255), 0) >>> 0;
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip) || !/^\d+\.\d+\.\d+\.\d+$/.test(base)) return false;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (toN(ip) & mask) === (toN(base) & mask);
}

function hostMatches(rule: string, host: string): boolean {
  if (rule.startsWith("*.")) return host.endsWith(rule.slice(1)) && host.split(".").length === rule.split(".").length;
  return rule === host;
}

export { matchesMap };
