// kubectl front-end benchmarks (one JSON line per figure):
//   kubectl.get_pods_all.p95_ms   `kubectl get pods -A` on the cka preset with 50 pods (no settling)
//   kubectl.apply_3doc.p95_ms     `kubectl apply -f` of a 3-document manifest (no settling)
//   kubectl.script_300.wall_ms    a 300-command exam-style script through the CLI (`npm run sim`: scripts/sim-cli.mjs),
//                                 whole process, median of 3 runs (one run alone moved ±10 % with the machine's
//                                 noise); kubectl.script_300.wall_min_ms the fastest of the 3. Before them, the first
//                                 run builds the CLI's bundle and V8 code cache if the sources changed
//                                 (kubectl.script_300.first_run_ms: what an edit costs once)
//   kubectl.script_300.startup_ms the same CLI process running a 1-command script (module load, cluster creation)
//   kubectl.script_300.startup_tsx_ms the CLI loaded through tsx instead (how it ran before), same run, for comparison
//   kubectl.script_300.commands_ms the 300 commands in-process on a fresh cluster (what the simulator and kubectl cost)
//   kubectl.baseline_cpu.ms, kubectl.baseline_node_start.ms  same-run baselines (scripts/bench-baseline.ts)
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createCluster } from "../lib/sim/index";
import { simClusterApi } from "../lib/kubectl/sim-adapter";
import { createShell } from "../lib/kubectl/shell/shell";
import { createSimSession } from "../lib/kubectl/sim-adapter";
import { runTranscript } from "../lib/kubectl/transcript";
import { cpuBaselineMs, nodeStartMs } from "./bench-baseline";

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}
function emit(name: string, value: number) {
  process.stdout.write(JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit: "ms" }) + "\n");
}

// a cka cluster with 50 pods; settling is switched off while measuring
const api = simClusterApi(createCluster({ seed: 1, preset: "cka" }));
const shell = createShell(api);
for (let i = 0; i < 10; i++) shell.run(`kubectl create deployment app${i} --image=nginx --replicas=${i < 7 ? 4 : 3}`);
shell.run("kubectl get pods -A --no-headers | wc -l");
const realSettle = api.settle;
api.settle = () => {};
const n = (shell.run("kubectl get pods -A --no-headers").stdout.match(/\n/g) ?? []).length;
if (n < 50) throw new Error(`expected at least 50 pods, got ${n}`);

const getTimes: number[] = [];
for (let i = 0; i < 1000; i++) {
  const t = performance.now();
  shell.run("kubectl get pods -A");
  getTimes.push(performance.now() - t);
}
emit("kubectl.get_pods_all.p95_ms", p95(getTimes.slice(200)));

const applyTimes: number[] = [];
for (let i = 0; i < 1000; i++) {
  shell.saveFile(
    "/root/app.yaml",
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  n: "${i}"\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels:\n    rev: "${i}"\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    rev: "${i}"\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n`,
  );
  const t = performance.now();
  const r = shell.run("kubectl apply -f app.yaml");
  applyTimes.push(performance.now() - t);
  if (r.exitCode !== 0) throw new Error(r.output);
  // the controllers' reaction is settling: run it outside the measured window
  realSettle();
}
emit("kubectl.apply_3doc.p95_ms", p95(applyTimes.slice(200)));
api.settle = realSettle;

// 300-command exam-style script through the CLI process
const lines: string[] = [];
const block = (i: number) => [
  `kubectl create namespace team${i}`,
  `kubectl create deployment web${i} --image=nginx --replicas=2 -n team${i}`,
  `kubectl get pods -n team${i}`,
  `kubectl expose deployment web${i} --port=80 -n team${i}`,
  `kubectl get svc -n team${i} -o wide`,
  `kubectl scale deployment web${i} --replicas=3 -n team${i}`,
  `kubectl set image deployment/web${i} nginx=nginx:1.27 -n team${i}`,
  `kubectl rollout status deployment/web${i} -n team${i}`,
  `kubectl label deployment web${i} tier=frontend -n team${i}`,
  `kubectl get deploy -n team${i} -l tier=frontend -o name`,
  `kubectl run tmp${i} --image=busybox --restart=Never --dry-run=client -o yaml > pod${i}.yaml`,
  `kubectl apply -f pod${i}.yaml -n team${i}`,
  `kubectl get pods -A | grep -c Running`,
  `kubectl describe deployment web${i} -n team${i} | head -5`,
  `kubectl delete pod tmp${i} -n team${i}`,
];
for (let i = 0; lines.length < 300; i++) lines.push(...block(i));
const dir = mkdtempSync(path.join(tmpdir(), "bench-kubectl-"));
const script = path.join(dir, "exam.sh");
const one = path.join(dir, "one.sh");
writeFileSync(script, lines.slice(0, 300).join("\n") + "\n");
writeFileSync(one, "kubectl get nodes\n");
const root = path.resolve(import.meta.dirname, "..");
const cli = (file: string, viaTsx = false) => {
  const t0 = performance.now();
  const argv = viaTsx ? ["--import", "tsx", path.join(root, "scripts/sim-cli.ts")] : [path.join(root, "scripts/sim-cli.mjs")];
  const res = spawnSync(process.execPath, [...argv, "--script", file], { cwd: root, encoding: "utf8" });
  const ms = performance.now() - t0;
  if (res.status !== 0) throw new Error(`sim-cli failed: ${res.stderr}`);
  return { ms, stdout: res.stdout };
};
const build = cli(one).ms; // builds the bundle and its code cache when the sources changed since the last run
cli(one); // a run with the code cache in place (untimed)
const startup = [cli(one).ms, cli(one).ms, cli(one).ms].sort((a, b) => a - b)[1];
cli(one, true); // warms tsx's transform cache (untimed)
const startupTsx = [cli(one, true).ms, cli(one, true).ms, cli(one, true).ms].sort((a, b) => a - b)[1];
const scriptRuns = [cli(script), cli(script), cli(script)];
rmSync(dir, { recursive: true, force: true });
for (const res of scriptRuns) {
  const steps = (res.stdout.match(/^\$ /gm) ?? []).length;
  if (steps !== 300) throw new Error(`expected 300 transcript steps, got ${steps}`);
  // same seed, same script: the runs must print the same transcript (determinism of the CLI path)
  if (res.stdout !== scriptRuns[0].stdout) throw new Error("script_300: the CLI's transcripts differ between runs");
}
const wall = scriptRuns.map((r) => r.ms).sort((a, b) => a - b);
emit("kubectl.script_300.wall_ms", wall[1]);
emit("kubectl.script_300.wall_min_ms", wall[0]);
emit("kubectl.script_300.startup_ms", startup);
emit("kubectl.script_300.startup_tsx_ms", startupTsx);
emit("kubectl.script_300.first_run_ms", build);

// the same 300 commands in-process (one untimed run warms the JIT)
const text = lines.slice(0, 300).join("\n") + "\n";
runTranscript(createSimSession({ preset: "cka", seed: 2 }), text);
const runs: number[] = [];
for (let i = 0; i < 3; i++) {
  const sh = createSimSession({ preset: "cka", seed: 3 + i });
  const t = performance.now();
  runTranscript(sh, text);
  runs.push(performance.now() - t);
}
emit("kubectl.script_300.commands_ms", runs.sort((a, b) => a - b)[1]);
emit("kubectl.baseline_cpu.ms", cpuBaselineMs());
emit("kubectl.baseline_node_start.ms", nodeStartMs());
