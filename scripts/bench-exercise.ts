// Exercise attempt benchmarks over HTTP against `next start` on a throw-away SQLite file.
// One JSON line per figure:
//   exercise.start.p95_ms             POST /api/exercises/{id}/attempts, new attempt ready (signed-in learners)
//   exercise.command_c50.p95_ms       one kubectl command through HTTP, 50 learners working at once, each in their own
//                                     attempt, each sending its next command 0.5-1.5 s after the last answer (a class at
//                                     work, typing faster than people do); the budget figure
//   exercise.command_c50.rps          the server's capacity: commands per second with the same 50 learners sending
//                                     back to back (closed loop, no pause)
//   exercise.command_c50_closed.p95_ms  latency in that closed loop: 50 requests always in flight, so it is about
//                                     50 / capacity; compare exercise.http_baseline_health_c50_closed.p95_ms, the same
//                                     closed loop on GET /api/health (one SQLite query): the floor of any route here
//   exercise.command_c50_paced.rps    the load the paced learners offered
//   exercise.grade.p95_ms             POST /api/attempts/{id}/grade
//   exercise.replay_300.ms            rebuilding a 300-command attempt as the server does: latest checkpoint + the
//                                     entries after it (in process, no HTTP); replay_300_from_start.ms: all 300 re-run
//   exercise.rss_200_attempts_mb      server resident memory with 200 live attempts
//   exercise.http_baseline_health.p95_ms  GET /api/health, for scale: what any request costs on this machine
// Builds first if needed (NEXT_DIST_DIR selects the build folder), serves on BENCH_PORT / E2E_PORT (default 3250),
// and raises the per-learner rate limit (EXERCISE_RATE_LIMIT) so the load is measured, not throttled
// (scripts/bench-http.ts). BENCH_SERVER_NODE_ARGS adds node flags to the server process (profiling).
import { performance } from "node:perf_hooks";
// @ts-expect-error plain .mjs helpers without type declarations
import { ensureBuild } from "./lib.mjs";
import { Client, emit, log, p95, signInAll, startBenchServer, treeRssMb } from "./bench-http";
import { getExercise } from "../lib/exercise/loader";
import { replay, restoreSession, startSession, type LogEntry } from "../lib/exercise/session";

const EXERCISE = "expose-nodeport";
const LEARNERS = 50;
const port = process.env.BENCH_PORT ?? process.env.E2E_PORT ?? "3250";

/** The command mix of the load: creates, scales, reads (kubectl's own printers included). */
const lines = (i: number) => [
  `kubectl create deployment app${i} --image=nginx:1.27 --replicas=2`,
  "kubectl get pods -o wide",
  `kubectl scale deployment app${i} --replicas=3`,
  "kubectl get deploy",
  `kubectl expose deployment app${i} --port=80`,
  "kubectl get svc",
  "kubectl describe nodes | head -20",
  "kubectl get pods -A",
];

/** Rebuilding a 300-command attempt in process: as the server does it (checkpoint + tail) and from the start. */
function benchReplay() {
  const le = getExercise(EXERCISE)!;
  const big: LogEntry[] = [];
  for (let i = 0; i < 300; i++) {
    const ls = lines(i % 25);
    big.push({ kind: "run", line: ls[i % ls.length] });
  }
  replay(le.exercise, 9, big.slice(0, 20)); // warm
  // the server's rebuild: the latest checkpoint (taken as the server takes them) + the entries after it
  const liveS = startSession(le.exercise, 9);
  let cost = 0;
  let since = 0;
  let cp: string | null = null;
  for (const e of big) {
    const c0 = performance.now();
    liveS.apply(e);
    cost += performance.now() - c0;
    since++;
    if ((cost > 60 && since >= 5) || cost > 250) {
      cp = liveS.checkpoint();
      cost = 0;
      since = 0;
    }
  }
  const rebuilds: number[] = [];
  const full: number[] = [];
  for (let k = 0; k < 5; k++) {
    const r0 = performance.now();
    const rebuilt = cp ? restoreSession(le.exercise, 9, liveS.params, cp, big) : replay(le.exercise, 9, big);
    rebuilds.push(performance.now() - r0);
    if (rebuilt?.stateHash() !== liveS.stateHash()) throw new Error("rebuild differs from the live state");
    const f0 = performance.now();
    replay(le.exercise, 9, big);
    full.push(performance.now() - f0);
  }
  emit("exercise.replay_300.ms", rebuilds.sort((a, b) => a - b)[2]);
  emit("exercise.replay_300_from_start.ms", full.sort((a, b) => a - b)[2]);
}

async function main() {
  await ensureBuild();
  benchReplay(); // before the server starts, so neither disturbs the other
  const { base, server, clients, stop } = await startBenchServer({ port, learners: LEARNERS });
  try {
    await signInAll(clients);
    log("50 learners signed in");

    type View = { attemptId: string };
    // warm-up (first compile of the route, exercise catalogue, bootstrap cache)
    for (let i = 0; i < 3; i++) await clients[0].json<View>(`/api/exercises/${EXERCISE}/attempts`, { json: { locale: "en" } }, 201);

    // sanity: an anonymous visitor's attempt lives across the routes (cookie session, process memory)
    const anon = new Client(base, "anonymous");
    const a0 = await anon.json<View>(`/api/exercises/${EXERCISE}/attempts`, { json: { locale: "en" } }, 201);
    await anon.json(`/api/attempts/${a0.body.attemptId}/commands`, { json: { line: "kubectl get nodes" } });
    await anon.json(`/api/attempts/${a0.body.attemptId}/grade`, { json: {} });
    await anon.json(`/api/attempts/${a0.body.attemptId}?locale=en`);

    // the floor: a trivial route (GET /api/health, one SQLite query) through the same server and client
    const floor: number[] = [];
    for (let i = 0; i < 100; i++) floor.push((await clients[i % LEARNERS].json("/api/health")).ms);
    emit("exercise.http_baseline_health.p95_ms", p95(floor));

    // start: sequential, 2 per learner
    const startMs: number[] = [];
    const attempts: string[] = [];
    for (let i = 0; i < LEARNERS * 2; i++) {
      const r = await clients[i % LEARNERS].json<View>(`/api/exercises/${EXERCISE}/attempts`, { json: { locale: "en" } }, 201);
      startMs.push(r.ms);
      if (i < LEARNERS) attempts.push(r.body.attemptId);
    }
    emit("exercise.start.p95_ms", p95(startMs));

    // the floor: the same closed loop (50 clients back to back) on the trivial route
    const floorC50: number[] = [];
    await Promise.all(
      clients.map(async (c) => {
        for (let k = 0; k < 20; k++) floorC50.push((await c.json("/api/health")).ms);
      }),
    );
    emit("exercise.http_baseline_health_c50_closed.p95_ms", p95(floorC50));

    // capacity: 50 learners at once, each 20 commands in its own attempt, back to back
    const cmdMs: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      clients.map(async (c, i) => {
        const ls = lines(i);
        for (let k = 0; k < 20; k++) {
          const r = await c.json(`/api/attempts/${attempts[i]}/commands`, { json: { line: ls[k % ls.length] } });
          cmdMs.push(r.ms);
        }
      }),
    );
    const wall = performance.now() - t0;
    const closedP95 = p95(cmdMs);
    const capacity = cmdMs.length / (wall / 1000);

    // the budget figure: the same 50 learners at a (fast) human pace, a command then 0.5 to 1.5 s of reading and typing
    const pacedMs: number[] = [];
    const p0 = performance.now();
    await Promise.all(
      clients.map(async (c, i) => {
        const ls = lines(i + 100);
        for (let k = 0; k < 12; k++) {
          await new Promise((r) => setTimeout(r, 500 + ((i * 37 + k * 101) % 1000)));
          pacedMs.push((await c.json(`/api/attempts/${attempts[i]}/commands`, { json: { line: ls[k % ls.length] } })).ms);
        }
      }),
    );
    emit("exercise.command_c50.p95_ms", p95(pacedMs));
    emit("exercise.command_c50.rps", capacity);
    emit("exercise.command_c50_closed.p95_ms", closedP95);
    emit("exercise.command_c50_paced.rps", pacedMs.length / ((performance.now() - p0) / 1000));

    // grade: sequential over the 50 attempts, twice
    const gradeMs: number[] = [];
    for (let k = 0; k < 2; k++) for (let i = 0; i < LEARNERS; i++) gradeMs.push((await clients[i].json(`/api/attempts/${attempts[i]}/grade`, { json: {} })).ms);
    emit("exercise.grade.p95_ms", p95(gradeMs));

    // memory with 200 live attempts: 100 so far (+3 warm-up); add more, each with a few commands
    const more: Promise<void>[] = [];
    for (let i = 0; i < LEARNERS; i++) {
      more.push(
        (async () => {
          for (let k = 0; k < 2; k++) {
            const id = (await clients[i].json<View>(`/api/exercises/${EXERCISE}/attempts`, { json: { locale: "en" } }, 201)).body.attemptId;
            await clients[i].json(`/api/attempts/${id}/commands`, { json: { line: `kubectl create deployment m${k} --image=nginx:1.27 --replicas=2` } });
          }
        })(),
      );
    }
    await Promise.all(more);
    await new Promise((r) => setTimeout(r, 500));
    emit("exercise.rss_200_attempts_mb", treeRssMb(server.pid!));
  } finally {
    await stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
