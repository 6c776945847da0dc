// Same-run baselines for the CPU-bound benchmarks (bench:kubectl, bench:sim): what this machine does right now
// with work that does not depend on our code, so a figure can be read as a ratio when the machine is slower or busy.
//   <prefix>.baseline_cpu.ms         a fixed pure-JS workload (JSON round trips, a sort, string building), in-process
//   <prefix>.baseline_node_start.ms  spawning `node -e 0` (process start; the floor of any whole-process figure)
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";

/** A fixed amount of work: no I/O, no allocation that grows with the machine. */
function fixedWork(): number {
  const rows = Array.from({ length: 2000 }, (_, i) => ({ name: `pod-${i}`, ns: `team-${i % 20}`, labels: { app: `a${i % 7}`, tier: i % 2 ? "web" : "db" }, n: i }));
  let acc = 0;
  for (let r = 0; r < 20; r++) {
    const back = JSON.parse(JSON.stringify(rows)) as typeof rows;
    back.sort((a, b) => (a.ns === b.ns ? b.n - a.n : a.ns < b.ns ? -1 : 1));
    acc += back.map((x) => `${x.ns}/${x.name}`).join("\n").length;
  }
  return acc;
}

/** Median of 5 runs of the fixed workload, after 3 untimed. */
export function cpuBaselineMs(): number {
  for (let i = 0; i < 3; i++) fixedWork();
  const ts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    fixedWork();
    ts.push(performance.now() - t);
  }
  return ts.sort((a, b) => a - b)[2];
}

/** Median of 5 `node -e 0` spawns. */
export function nodeStartMs(): number {
  const ts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    spawnSync(process.execPath, ["-e", "0"]);
    ts.push(performance.now() - t);
  }
  return ts.sort((a, b) => a - b)[2];
}
