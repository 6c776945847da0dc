/**
 * metrics-server (scrapes kubelet/cAdvisor usage every 15 s, `kubectl top` and HPA read it) and a
 * load generator that sends requests to a Service so its pods' CPU rises (HPA walkthrough).
 */
import type { Kernel } from "./core";
import type { Kubelets } from "./kubelet";
import type { Network } from "./network";
import { serveHttp } from "./http";
import { resolveImage } from "./images";
import { bytes, milliCpu, type Obj } from "./util";

export const METRIC_RESOLUTION_MS = 15_000;

export interface LoadSpec {
  /** "ns/service" */
  service: string;
  /** requests per second */
  rps: number;
  path?: string;
}

export class MetricsServer {
  constructor(private k: Kernel, private kubelets: Kubelets, private net: Network) {
    k.onTimer("metrics-scrape", () => {
      this.scrape();
      k.schedule(METRIC_RESOLUTION_MS, "metrics-scrape", "", false);
    });
  }

  start(): void {
    this.k.s.rt.metricsEnabled = true;
    this.k.schedule(METRIC_RESOLUTION_MS, "metrics-scrape", "", false, true);
  }

  /** Extra CPU (millicores) per pod from the load generators. */
  private loadCpu(): Record<string, number> {
    const out: Record<string, number> = {};
    const loads: LoadSpec[] = [...((this.k.s.rt.load ?? []) as LoadSpec[])];
    // Pods whose programs loop over wget/curl (the HPA walkthrough's load-generator) add load too.
    for (const p of this.k.list("pods")) {
      if (p.status?.phase !== "Running") continue;
      for (const r of this.kubelets.programRequests(p)) {
        const m = /^(?:https?:\/\/)?([^/:]+)(?::\d+)?(\/.*)?$/.exec(r.url);
        const ip = m && this.net.resolve(m[1], p.metadata.namespace)?.[0];
        const svc = ip ? this.k.list("services").find((x) => x.spec?.clusterIP === ip) : undefined;
        if (svc) loads.push({ service: `${svc.metadata.namespace}/${svc.metadata.name}`, rps: r.rps, path: m![2] ?? "/" });
      }
    }
    for (const l of loads) {
      const [ns, name] = l.service.split("/");
      const svc = this.k.get("services", ns, name);
      if (!svc?.spec?.ports?.length) continue;
      const eps = this.net.endpointsFor(svc, svc.spec.ports[0]);
      if (!eps.length) continue;
      const per = l.rps / eps.length;
      for (const e of eps) {
        const c = e.pod.spec.containers[0];
        const img = resolveImage(c.image, this.kubelets.customImages);
        const env = Object.fromEntries((c.env ?? []).filter((x: Obj) => x.value !== undefined).map((x: Obj) => [x.name, x.value]));
        const reply = img.ok ? serveHttp(img.spec.http, l.path ?? "/", { sinceStart: 0, env, args: c.args ?? [], hostname: e.pod.metadata.name, readFile: () => null }) : null;
        const cost = reply?.cpuCost ?? 1;
        const key = `${e.pod.metadata.namespace}/${e.pod.metadata.name}`;
        out[key] = (out[key] ?? 0) + per * cost;
      }
    }
    return out;
  }

  /** One scrape: pods running for at least one resolution window get a sample. */
  scrape(): void {
    const now = this.k.now;
    const load = this.loadCpu();
    const pods: Record<string, { ts: number; window: number; containers: { name: string; cpu: number; mem: number }[] }> = {};
    const nodes: Record<string, { ts: number; window: number; cpu: number; mem: number }> = {};
    /** what each kubelet read from containerd for its containers (the trace's `stats` entries) */
    const perNode: Record<string, { containers: number; cpu: number; mem: number }> = {};
    for (const n of this.k.list("nodes")) {
      if (!this.kubelets.nodes[n.metadata.name]?.up) continue;
      nodes[n.metadata.name] = { ts: now, window: 20_000, cpu: 80, mem: 600 * 1024 * 1024 };
      perNode[n.metadata.name] = { containers: 0, cpu: 0, mem: 0 };
    }
    for (const p of this.k.list("pods")) {
      const pr = this.kubelets.podRt(p.metadata.uid);
      if (!pr || !this.kubelets.nodes[pr.node]?.up) continue;
      const key = `${p.metadata.namespace}/${p.metadata.name}`;
      const cs: { name: string; cpu: number; mem: number }[] = [];
      let any = false;
      for (const c of p.spec.containers) {
        const cr = pr.cs[c.name];
        if (!cr || cr.state !== "running" || now - (cr.startedAt ?? now) < METRIC_RESOLUTION_MS) continue;
        any = true;
        const u = this.kubelets.usage(p, c.name, c === p.spec.containers[0] ? Math.round(load[key] ?? 0) : 0);
        cs.push({ name: c.name, cpu: u.cpu, mem: u.mem });
      }
      if (!any) continue;
      pods[key] = { ts: now, window: METRIC_RESOLUTION_MS, containers: cs };
      const nm = nodes[pr.node];
      if (nm) {
        const cpu = cs.reduce((a, c) => a + c.cpu, 0), mem = cs.reduce((a, c) => a + c.mem, 0);
        nm.cpu += cpu;
        nm.mem += mem;
        const pn = perNode[pr.node];
        pn.containers += cs.length;
        pn.cpu += cpu;
        pn.mem += mem;
      }
    }
    this.k.s.rt.metrics = { pods, nodes };
    // Each kubelet answers /metrics/resource from the cgroup usage its cAdvisor housekeeping read from
    // the runtime's containers. Traced once per node and scrape, only when metrics-server asks (not per
    // pod or per housekeeping tick), and before the scrape entry as the lessons tell it (usage, then collection).
    for (const [node, s] of Object.entries(perNode)) {
      this.k.trace(`kubelet/${node}`, `containerd/${node}`, "stats", `Node ${node}`, `${s.containers} container${s.containers === 1 ? "" : "s"}: cpu ${s.cpu}m, memory ${Math.round(s.mem / 1024 / 1024)}Mi`);
    }
    this.k.trace("metrics-server", "kubelet/*", "scrape", "", `${Object.keys(pods).length} pods, ${Object.keys(nodes).length} nodes`);
  }

  /** `kubectl top pods` data: cpu millicores and memory bytes per pod, or null without metrics-server. */
  topPods(ns?: string): { namespace: string; name: string; cpu: number; mem: number; containers: { name: string; cpu: number; mem: number }[] }[] | null {
    if (!this.k.s.rt.metricsEnabled) return null;
    const out = [];
    for (const [key, m] of Object.entries((this.k.s.rt.metrics?.pods ?? {}) as Record<string, { containers: { name: string; cpu: number; mem: number }[] }>)) {
      const [pns, name] = key.split("/");
      if (ns && pns !== ns) continue;
      if (!this.k.get("pods", pns, name)) continue;
      out.push({ namespace: pns, name, cpu: m.containers.reduce((a, c) => a + c.cpu, 0), mem: m.containers.reduce((a, c) => a + c.mem, 0), containers: m.containers });
    }
    return out.sort((a, b) => (a.namespace + a.name < b.namespace + b.name ? -1 : 1));
  }

  /** `kubectl top nodes` data with capacity percentages. */
  topNodes(): { name: string; cpu: number; mem: number; cpuPct: number; memPct: number }[] | null {
    if (!this.k.s.rt.metricsEnabled) return null;
    const out = [];
    for (const [name, m] of Object.entries((this.k.s.rt.metrics?.nodes ?? {}) as Record<string, { cpu: number; mem: number }>)) {
      const n = this.k.get("nodes", undefined, name);
      if (!n) continue;
      const cpuA = milliCpu(n.status.allocatable.cpu), memA = bytes(n.status.allocatable.memory);
      out.push({ name, cpu: m.cpu, mem: m.mem, cpuPct: Math.round((m.cpu * 100) / cpuA), memPct: Math.round((m.mem * 100) / memA) });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : 1));
  }
}
