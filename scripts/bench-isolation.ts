// One learner cannot hurt the others: 50 learners at a human pace measure their command latency, first alone
// (the baseline), then while one attacker sends the heaviest inputs it can in a loop, one request at a time:
// triple-nested shell loops that run past the budget, `grep -E '(a|a)*$'` on a long line of a's, loops sized
// to finish just under the budget, and 256 KiB file saves (new attempts when one's log is full).
// Figures (JSON lines, as bench:exercise):
//   isolation.victim_baseline.p95_ms   victims' command latency without the attacker
//   isolation.victim.p95_ms            the same victims while the attacker runs (goal: within 2x the baseline)
//   isolation.victim.max_ms            their slowest request while the attacker runs (goal: under 500 ms)
//   isolation.attacker.requests        requests the attacker got answered during the attack phase
//   isolation.attacker.timeouts        of those, cut at the budget (504)
//   isolation.rss_mb                   server resident memory (all threads) after the attack
//   isolation.rss_files_mb             the same after 20 more attempts each fill their shell's files (~16 MiB, made
//                                      by shell commands, so the log stays small): bounded by the session cache
// Builds first if needed (NEXT_DIST_DIR), serves on BENCH_PORT / E2E_PORT (default 3251).
import { performance } from "node:perf_hooks";
// @ts-expect-error plain .mjs helpers without type declarations
import { ensureBuild } from "./lib.mjs";
import { emit, log, p95, signInAll, startBenchServer, treeRssMb, type Client } from "./bench-http";

const EXERCISE = "expose-nodeport";
const VICTIMS = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS) || 12;
const port = process.env.BENCH_PORT ?? process.env.E2E_PORT ?? "3251";

const victimLines = (i: number) => [
  `kubectl create deployment v${i} --image=nginx:1.27 --replicas=2`,
  "kubectl get pods -o wide",
  `kubectl scale deployment v${i} --replicas=3`,
  "kubectl get deploy",
  "kubectl get pods -A",
  "kubectl get svc",
];

const words = (n: number) => Array.from({ length: n }, (_, i) => i).join(" ");
const nested = (n: number) => `for a in ${words(n)}; do for b in ${words(n)}; do for c in ${words(n)}; do echo $a$b$c; done; done; done`;

type View = { attemptId: string };

/** Paced victims: each sends ROUNDS commands, 0.5-1.5 s apart; returns every request's latency. */
async function victims(clients: Client[], attempts: string[], salt: number): Promise<number[]> {
  const ms: number[] = [];
  await Promise.all(
    clients.map(async (c, i) => {
      const ls = victimLines(i + salt);
      for (let k = 0; k < ROUNDS; k++) {
        await new Promise((r) => setTimeout(r, 500 + ((i * 37 + k * 101 + salt) % 1000)));
        ms.push((await c.json(`/api/attempts/${attempts[i]}/commands`, { json: { line: ls[k % ls.length], locale: "en" } })).ms);
      }
    }),
  );
  return ms;
}

/** The attacker: heavy inputs in a loop, one request at a time, until `done()`. */
async function attack(c: Client, done: () => boolean, nearBudget: string) {
  const fresh = async () => (await c.json<View>(`/api/exercises/${EXERCISE}/attempts`, { json: { locale: "en" } }, 201)).body.attemptId;
  let id = await fresh();
  const big = "x".repeat(256 * 1024 - 64);
  const stats = { requests: 0, timeouts: 0, full: 0 };
  const heavy: ({ line: string } | { path: string; content: string })[] = [
    { line: nested(500) },
    { line: `echo ${"a".repeat(40)}b | grep -E '(a|a)*$'` },
    { line: nearBudget },
    { path: "big1.yaml", content: big },
    { path: "big2.yaml", content: big },
  ];
  for (let k = 0; !done(); k++) {
    const h = heavy[k % heavy.length];
    const route = "line" in h ? "commands" : "files";
    const r = await c.json<unknown>(`/api/attempts/${id}/${route}`, { json: { ...h, locale: "en" } }, [200, 413, 429, 504]);
    stats.requests++;
    if (r.status === 504) stats.timeouts++;
    if (r.status === 413 || r.status === 429) {
      stats.full++;
      id = await fresh();
    }
  }
  return stats;
}

/** A nested loop that takes about `targetMs` on this server (sized from a measured smaller one). */
async function calibrate(c: Client, targetMs: number): Promise<string> {
  const id = (await c.json<View>(`/api/exercises/${EXERCISE}/attempts`, { json: { locale: "en" } }, 201)).body.attemptId;
  let n = 20;
  for (let i = 0; i < 4; i++) {
    const r = await c.json(`/api/attempts/${id}/commands`, { json: { line: nested(n) } }, [200, 504]);
    if (r.status === 504) {
      n = Math.floor(n * 0.7);
      continue;
    }
    // iterations grow with n^3
    n = Math.max(5, Math.min(500, Math.floor(n * Math.cbrt(targetMs / Math.max(1, r.ms)))));
  }
  return nested(n);
}

async function main() {
  await ensureBuild();
  const { server, clients, stop } = await startBenchServer({ port, learners: VICTIMS + 1 });
  try {
    await signInAll(clients);
    const attacker = clients[VICTIMS];
    const victimClients = clients.slice(0, VICTIMS);
    log(`${VICTIMS} victims and 1 attacker signed in`);
    const attempts: string[] = [];
    for (const c of victimClients) attempts.push((await c.json<View>(`/api/exercises/${EXERCISE}/attempts`, { json: { locale: "en" } }, 201)).body.attemptId);
    // warm-up: every victim's first command, not measured
    await Promise.all(victimClients.map((c, i) => c.json(`/api/attempts/${attempts[i]}/commands`, { json: { line: "kubectl get nodes" } })));

    const base = await victims(victimClients, attempts, 0);
    emit("isolation.victim_baseline.p95_ms", p95(base));

    const nearBudget = await calibrate(attacker, 2_400);
    log("attack phase");
    let over = false;
    const a0 = performance.now();
    const [attacked, stats] = await Promise.all([
      victims(victimClients, attempts, 7).finally(() => (over = true)),
      attack(attacker, () => over, nearBudget),
    ]);
    log(`attack phase took ${((performance.now() - a0) / 1000).toFixed(1)} s; attacker log full ${stats.full} times`);
    emit("isolation.victim.p95_ms", p95(attacked));
    emit("isolation.victim.max_ms", Math.max(...attacked));
    emit("isolation.attacker.requests", stats.requests);
    emit("isolation.attacker.timeouts", stats.timeouts);
    emit("isolation.rss_mb", treeRssMb(server.pid!));

    // memory: 20 attempts with their shell's files full (1 MiB files doubled from one line, each made distinct by
    // sed: a plain copy would share the string in memory)
    const fill = [`echo ${"k".repeat(4000)} > s`, ...Array.from({ length: 8 }, () => "cat s s > t && mv t s"), `for i in ${words(16)}; do sed s/k/$i/ s > f$i; done`];
    for (let n = 0; n < 20; n++) {
      const id = (await attacker.json<View>(`/api/exercises/${EXERCISE}/attempts`, { json: { locale: "en" } }, 201)).body.attemptId;
      for (const line of fill) await attacker.json(`/api/attempts/${id}/commands`, { json: { line } }, [200, 504]);
    }
    emit("isolation.rss_files_mb", treeRssMb(server.pid!));
  } finally {
    await stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
