/**
 * Benchmark of container programs on the clock (issue 15 §2, lib/sim LiveProgram): what Pods whose
 * programs poll every second cost while the clock runs an hour, and the settle after a Service appears
 * while they wait. Prints one JSON line per figure: {"name": "...", "value": N, "unit": "..."}, with the
 * same cluster without pollers as this run's baseline, and sim.baseline_cpu.ms (scripts/bench-baseline.ts)
 * to compare runs on a busy or different machine. Run: npm run bench:programs
 */
import { createCluster } from "../lib/sim/index";
import { cpuBaselineMs } from "./bench-baseline";

function emit(name: string, value: number, unit: string) {
  console.log(JSON.stringify({ name, value: Math.round(value * 100) / 100, unit }));
}

function cpuMs(f: () => void): number {
  const t0 = process.cpuUsage();
  f();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

const POLLERS = 5;

/** Five Pods running `poll` (none when it is empty): an hour of polling, then a settle after a new Service while they still wait. */
function run(poll: string) {
  const c = createCluster({ seed: 1, preset: "cka" });
  for (let i = 0; poll && i < POLLERS; i++) c.create({ apiVersion: "v1", kind: "Pod", metadata: { name: `p${i}` }, spec: { containers: [{ name: "c", image: "busybox:1.36", command: ["sh", "-c", poll] }] } });
  c.runUntilIdle({ maxMs: 30_000 });
  const settle = cpuMs(() => {
    c.create({ apiVersion: "v1", kind: "Service", metadata: { name: "other" }, spec: { ports: [{ port: 80 }] } });
    c.runUntilIdle({ maxMs: 30_000 });
  });
  const hour = cpuMs(() => c.advance(3_600_000));
  return { hour, settle, bytes: c.snapshot().length };
}

emit("sim.baseline_cpu.ms", cpuBaselineMs(), "ms");
run("until nslookup warmup; do sleep 1; done"); // JIT warm-up, untimed
for (const [name, poll] of [
  ["baseline", ""],
  ["nslookup_1s", "until nslookup myservice; do echo waiting for myservice; sleep 1; done"],
  ["wget_1s", "while ! wget -q -O- -T 1 http://myservice; do sleep 1; done"],
] as const) {
  const r = run(poll);
  emit(`sim.programs.${name}.advance_1h_cpu_ms`, r.hour, "ms");
  emit(`sim.programs.${name}.settle_cpu_ms`, r.settle, "ms");
  emit(`sim.programs.${name}.snapshot_bytes`, r.bytes, "bytes");
}
emit("sim.baseline_cpu_end.ms", cpuBaselineMs(), "ms");
