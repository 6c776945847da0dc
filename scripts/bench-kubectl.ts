// kubectl front-end benchmarks (one JSON line per figure):
//   kubectl.get_pods_all.p95_ms   `kubectl get pods -A` on the cka preset with 50 pods (no settling)
//   kubectl.apply_3doc.p95_ms     `kubectl apply -f` of a 3-document manifest (no settling)
//   kubectl.script_300.wall_ms    a 300-command exam-style script through the CLI, whole process
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createCluster } from "../lib/sim/index";
import { simClusterApi } from "../lib/kubectl/sim-adapter";
import { createShell } from "../lib/kubectl/shell/shell";

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
writeFileSync(script, lines.slice(0, 300).join("\n") + "\n");
const root = path.resolve(import.meta.dirname, "..");
const t0 = performance.now();
const res = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts/sim-cli.ts"), "--script", script], { cwd: root, encoding: "utf8" });
const wall = performance.now() - t0;
rmSync(dir, { recursive: true, force: true });
if (res.status !== 0) throw new Error(`sim-cli failed: ${res.stderr}`);
const steps = (res.stdout.match(/^\$ /gm) ?? []).length;
if (steps !== 300) throw new Error(`expected 300 transcript steps, got ${steps}`);
emit("kubectl.script_300.wall_ms", wall);
