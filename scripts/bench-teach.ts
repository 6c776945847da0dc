// Instructor dashboard benchmarks. One JSON line per figure:
//   teach.dashboard.p95_ms            GET /en/teach/:cohort (learners x lessons heat map of the first 50 learners, the
//                                     at-risk list computed over all 1,000), server-rendered HTML, by its instructor
//   teach.heatmap_exercises.p95_ms    GET /en/teach/:cohort?view=exercises (learners x 34 exercises)
//   teach.heatmap_exam_tasks.p95_ms   GET /en/teach/:cohort?view=examTasks (learners x the exam pool's tasks, the latest
//                                     graded sitting of each; every learner has 2 graded exams of 17 tasks)
//   teach.exam_results.p95_ms         GET /en/teach/:cohort?view=exams (per learner, domain, task and check over 2,000 exams)
//   teach.live_monitor.p95_ms         GET /en/teach/:cohort?view=live (100 learners in a timed exam now)
//   teach.learner_page.p95_ms         GET /en/teach/:cohort/learners/:id (timeline, lessons, attempts with gradings, answers)
//   teach.replay_cold.ms              GET .../attempts/:id of an attempt of 300 commands, the first time: the log replayed
//                                     from the start on an exercise worker (checkpoints cannot help: every output is needed)
//   teach.replay.p95_ms               the same page again (the transcript is kept per attempt and log length)
//   teach.csv_export.ms               GET /api/teach/:cohort/export/roster?format=csv for 1,000 learners (median of 5)
//   teach.http_baseline.p95_ms        GET /api/health in the same run: what any request costs on this machine
// Seeds its own throw-away database: one cohort of 1,000 learners over the real 20 lessons, 34 exercises and 300
// quiz items; each learner has read some lessons, attempted about 10 exercises (1-3 gradings each with per-check
// results and explanations, 6 commands per attempt), answered 60 items and holds 10 review cards.
// Builds first if needed (NEXT_DIST_DIR), serves on BENCH_PORT / E2E_PORT (default 3270). Run with
// `tsx --conditions=react-server` (npm run bench:teach) so the seeding can load lib/ content.
import { performance } from "node:perf_hooks";
// @ts-expect-error plain .mjs helpers without type declarations
import { ensureBuild } from "./lib.mjs";
import { emit, p95, startBenchServer, type Client } from "./bench-http";
import { COHORT, LEARNERS, REPLAY_ATTEMPT, teachSeeder } from "./bench-teach-seed";

const port = process.env.BENCH_PORT ?? process.env.E2E_PORT ?? "3270";

async function timed(c: Client, path: string, want = 200, contains?: string): Promise<number> {
  const t0 = performance.now();
  const res = await c.fetch(path);
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== want) throw new Error(`GET ${path}: ${res.status} ${text.slice(0, 200)}`);
  if (contains && !text.includes(contains)) throw new Error(`GET ${path}: the answer lacks ${JSON.stringify(contains)}`);
  return ms;
}

async function series(c: Client, path: string, n: number, contains?: string): Promise<number[]> {
  for (let i = 0; i < 3; i++) await timed(c, path, 200, contains); // warm-up: compile, caches
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await timed(c, path, 200, contains));
  return out;
}

await ensureBuild();
const seed = await teachSeeder();
const { clients, stop } = await startBenchServer({ port, learners: LEARNERS, seed, env: { EXERCISE_WORKERS: process.env.EXERCISE_WORKERS ?? "2" } });
try {
  const teacher = clients[0];
  await teacher.signIn();
  emit("teach.dashboard.p95_ms", p95(await series(teacher, `/en/teach/${COHORT}`, 30, "heatmap-lessons")));
  emit("teach.heatmap_exercises.p95_ms", p95(await series(teacher, `/en/teach/${COHORT}?view=exercises`, 30, "heatmap-exercises")));
  emit("teach.heatmap_exam_tasks.p95_ms", p95(await series(teacher, `/en/teach/${COHORT}?view=examTasks`, 30, "heatmap-exam-tasks")));
  emit("teach.exam_results.p95_ms", p95(await series(teacher, `/en/teach/${COHORT}?view=exams`, 30, "exam-learners")));
  emit("teach.live_monitor.p95_ms", p95(await series(teacher, `/en/teach/${COHORT}?view=live`, 30, "live-exams")));
  emit("teach.learner_page.p95_ms", p95(await series(teacher, `/en/teach/${COHORT}/learners/bench-1`, 30, "learner-attempts")));
  // The first request replays all 300 commands; later ones find the transcript kept for this log length.
  const replayPath = `/en/teach/${COHORT}/learners/bench-1/attempts/${REPLAY_ATTEMPT}`;
  emit("teach.replay_cold.ms", await timed(teacher, replayPath, 200, "replay"));
  emit("teach.replay.p95_ms", p95(await series(teacher, replayPath, 20, "replay")));
  const csv: number[] = [];
  await timed(teacher, `/api/teach/${COHORT}/export/roster?format=csv`);
  for (let i = 0; i < 5; i++) csv.push(await timed(teacher, `/api/teach/${COHORT}/export/roster?format=csv`, 200, "bench999@bench.test"));
  emit("teach.csv_export.ms", csv.sort((a, b) => a - b)[2]);
  const base: number[] = [];
  for (let i = 0; i < 100; i++) base.push(await timed(teacher, "/api/health"));
  emit("teach.http_baseline.p95_ms", p95(base));
} finally {
  await stop();
}
