/**
 * Benchmark of lib/sim (issue 3). Wall-clock figures depend on machine load; run it on a quiet
 * machine for budget checks. Prints one JSON line per figure:
 * {"name": "...", "value": N, "unit": "..."}. Run: npm run bench:sim
 * sim.baseline_cpu.ms (first and last) is a fixed pure-JS workload measured in the same run (scripts/bench-baseline.ts):
 * divide a figure by it to compare runs on a busy or different machine.
 * sim.scale.{boot,pods,verify}_ms split sim.scale_1k_nodes_10k_pods.wall_ms into its phases (boot_cpu_ms: the boot's CPU time).
 * sim.access_log.request_us: one HTTP request to an nginx Pod, its access-log line included; logs_since_timestamps_ms:
 * reading that log back with --since and --timestamps.
 */
import { createCluster, type NodeSpec, type Obj } from "../lib/sim/index";
import { cpuBaselineMs } from "./bench-baseline";

function emit(name: string, value: number, unit: string) {
  console.log(JSON.stringify({ name, value: Math.round(value * 100) / 100, unit }));
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

emit("sim.baseline_cpu.ms", cpuBaselineMs(), "ms");

// 1. create a cka cluster
{
  // the first call bootstraps the preset; 20 more warm the JIT (untimed)
  for (let i = 0; i < 21; i++) createCluster({ preset: "cka", seed: 1000 + i });
  const ts: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now();
    createCluster({ preset: "cka", seed: i + 1 });
    ts.push(performance.now() - t0);
  }
  emit("sim.create_cka.p50_ms", pct(ts, 50), "ms");
  emit("sim.create_cka.p95_ms", pct(ts, 95), "ms");
}

// 2. apply a 3-replica Deployment + Service and run until idle, in steady state: 300 warm-up rounds untimed
// (with 50, V8 was still optimising the controllers inside the timed rounds, and those compiles on a
// second thread took the tail on 2 cores), then 200 timed.
{
  const WARMUP = 300;
  const ts: number[] = [];
  for (let i = 0; i < WARMUP + 200; i++) {
    const c = createCluster({ preset: "cka", seed: i + 1 });
    const t0 = performance.now();
    c.apply({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.27", ports: [{ containerPort: 80 }] }] } } } });
    c.apply({ apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } });
    c.runUntilIdle({ maxMs: 60_000 });
    if (i >= WARMUP) ts.push(performance.now() - t0);
  }
  emit("sim.apply_deploy_svc.p95_ms", pct(ts, 95), "ms");
}

// 3. 1,000 nodes and 10,000 pods (mixed Deployments with requests, some with affinity and tolerations)
{
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  const sample = () => { peak = Math.max(peak, process.memoryUsage().heapUsed); };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const nodes: NodeSpec[] = [{ name: "controlplane", cpu: "8", memory: "32Gi", controlPlane: true }];
  for (let i = 1; i < 1000; i++) {
    nodes.push({
      name: `node-${String(i).padStart(4, "0")}`, cpu: "16", memory: "64Gi",
      labels: { "topology.kubernetes.io/zone": `zone-${i % 3}`, ...(i % 10 === 0 ? { disktype: "ssd" } : {}) },
      ...(i % 50 === 0 ? { taints: [{ key: "dedicated", value: "batch", effect: "NoSchedule" }] } : {}),
    });
  }
  const c = createCluster({ seed: 1, nodes, addons: { metricsServer: false } });
  const tBoot = performance.now();
  const cpuBoot = process.cpuUsage(cpu0);
  sample();
  let created = 0;
  for (let ns = 0; ns < 20; ns++) {
    const namespace = `team-${ns}`;
    c.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
    for (let d = 0; d < 5; d++) {
      const spec: Obj = { containers: [{ name: "app", image: d % 2 ? "nginx:1.27" : "redis:7", resources: { requests: { cpu: `${50 + d * 25}m`, memory: `${64 + d * 32}Mi` } } }] };
      if (d === 1) spec.affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: "disktype", operator: "In", values: ["ssd"] }] } }] } };
      if (d === 2) spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: ["zone-1", "zone-2"] }] }] } } };
      if (d === 3) spec.tolerations = [{ key: "dedicated", operator: "Equal", value: "batch", effect: "NoSchedule" }];
      const r = c.create({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: `app-${d}`, namespace }, spec: { replicas: 100, selector: { matchLabels: { app: `app-${d}` } }, template: { metadata: { labels: { app: `app-${d}` } }, spec } } });
      if (r.ok) created += 100;
    }
  }
  c.runUntilIdle({ maxMs: 300_000 });
  const tRun = performance.now();
  sample();
  const pods = c.list("pods", { allNamespaces: true });
  const running = pods.ok ? pods.object.filter((p) => p.metadata.namespace.startsWith("team-") && p.status.phase === "Running").length : 0;
  const wall = performance.now() - t0;
  if (running !== created) console.error(`warning: ${running}/${created} pods Running`);
  const cpu = process.cpuUsage(cpu0);
  emit("sim.scale_1k_nodes_10k_pods.wall_ms", wall, "ms");
  // CPU time of this process (includes GC threads): a load-independent view on shared machines.
  emit("sim.scale_1k_nodes_10k_pods.cpu_ms", (cpu.user + cpu.system) / 1000, "ms");
  // the phases of that wall time: booting the 1k-node cluster (kube-proxy and flannel on every node), the
  // Deployments' 10k pods created, scheduled and started, and listing them to count the Running ones
  emit("sim.scale.boot_ms", tBoot - t0, "ms");
  emit("sim.scale.boot_cpu_ms", (cpuBoot.user + cpuBoot.system) / 1000, "ms");
  emit("sim.scale.pods_ms", tRun - tBoot, "ms");
  emit("sim.scale.verify_ms", wall - (tRun - t0), "ms");
  emit("sim.scale.peak_heap_mb", peak / 1024 / 1024, "MB");
  const s0 = performance.now();
  const snap = c.snapshot();
  emit("sim.snapshot.ms", performance.now() - s0, "ms");
  emit("sim.snapshot.bytes", Buffer.byteLength(snap), "bytes");
  const r0 = performance.now();
  const c2 = createCluster({ preset: "single", seed: 2 });
  c2.restore(snap);
  emit("sim.restore.ms", performance.now() - r0, "ms");
}

// 4. an nginx Pod's access log, a line per request (kept as a ring of the last 500 lines with their times):
// 20,000 requests from its node, then `kubectl logs --since=60s --timestamps` over the ring
{
  const c = createCluster({ preset: "cka", seed: 7 });
  c.create({ apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] } });
  c.advance(30_000);
  const got = c.get("pods", "web", { namespace: "default" });
  if (!got.ok) throw new Error(got.status.message);
  const p = got.object;
  const url = `http://${p.status.podIP}/`;
  const from = { node: p.spec.nodeName as string };
  const N = 20_000;
  for (let i = 0; i < 2_000; i++) c.curl(from, url); // warm-up (untimed)
  const t0 = performance.now();
  for (let i = 0; i < N; i++) c.curl(from, url);
  emit("sim.access_log.request_us", ((performance.now() - t0) * 1000) / N, "us");
  const l0 = performance.now();
  for (let i = 0; i < 200; i++) c.logs({ pod: "web", sinceSeconds: 60, timestamps: true });
  emit("sim.access_log.logs_since_timestamps_ms", (performance.now() - l0) / 200, "ms");
}

emit("sim.baseline_cpu_end.ms", cpuBaselineMs(), "ms");
