// Instructor dashboard benchmarks. One JSON line per figure:
//   teach.dashboard.p95_ms            GET /en/teach/:cohort (learners x lessons heat map of the first 50 learners, the
//                                     at-risk list computed over all 1,000), server-rendered HTML, by its instructor
//   teach.heatmap_exercises.p95_ms    GET /en/teach/:cohort?view=exercises (learners x 34 exercises)
//   teach.heatmap_exam_tasks.p95_ms   GET /en/teach/:cohort?view=examTasks (learners x the exam pool's tasks, the latest
//                                     graded sitting of each; every learner has 2 graded exams of 17 tasks)
//   teach.exam_results.p95_ms         GET /en/teach/:cohort?view=exams (per learner, domain, task and check over 2,000 exams)
//   teach.live_monitor.p95_ms         GET /en/teach/:cohort?view=live (100 learners in a timed exam now)
//   teach.learner_page.p95_ms         GET /en/teach/:cohort/learners/:id (timeline, lessons, attempts with gradings, answers)
//   teach.replay_cold.ms              GET .../attempts/:id of an attempt of 300 commands, the first time: the steps listed
//                                     from the log, step 1's output and the cluster after it replayed on an exercise worker
//   teach.replay.p95_ms               the same page again (step 1 from its kept checkpoint)
//   teach.replay_step.p95_ms          the replay's "Next" (server action replayStepAction over HTTP) through steps 2-60: the
//                                     step's output and the cluster after it, from the previous step's checkpoint
//   teach.replay_last_cold.ms         the last step (300) of a fresh attempt of the same 300 commands, the first time: all
//                                     300 entries replayed (no checkpoint yet) with the outputs of steps 291-300
//   teach.replay_jump.p95_ms          jumps to 30 steps spread over the log, 10 outputs each, once the checkpoints taken on
//                                     the way (every ~120 ms of simulation) are kept
//   teach.item_stats_cold.ms          GET /en/teach/:cohort?view=items the first time: the cohort's item statistics computed
//                                     from its members' 60,000 first answers (300 items) and stored
//   teach.item_stats.p95_ms           the same page again (the stored statistics, their basis checked)
//   teach.csv_export.ms               GET /api/teach/:cohort/export/roster?format=csv for 1,000 learners (median of 5)
//   teach.http_baseline.p95_ms        GET /api/health in the same run: what any request costs on this machine
// Seeds its own throw-away database: one cohort of 1,000 learners over the real 20 lessons, 34 exercises and 300
// quiz items; each learner has read some lessons, attempted about 10 exercises (1-3 gradings each with per-check
// results and explanations, 6 commands per attempt), answered 60 items and holds 10 review cards.
// Builds first if needed (NEXT_DIST_DIR), serves on BENCH_PORT / E2E_PORT (default 3270). Run with
// `tsx --conditions=react-server` (npm run bench:teach) so the seeding can load lib/ content.
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
// @ts-expect-error plain .mjs helpers without type declarations
import { distDir, ensureBuild } from "./lib.mjs";
import { emit, p95, startBenchServer, type Client } from "./bench-http";
import { COHORT, LEARNERS, REPLAY_ATTEMPT, REPLAY_ATTEMPT_2, teachSeeder } from "./bench-teach-seed";

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

/** The id Next gave the replay's server action (replayStepAction) in this build. */
function replayActionId(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, "server", "server-reference-manifest.json"), "utf8")) as { node: Record<string, { workers: Record<string, unknown>; exportedName?: string }> };
  const ids = Object.entries(manifest.node).filter(([, v]) => Object.keys(v.workers).some((w) => w.includes("attempts/[attemptId]/page")) && (v.exportedName ?? "replayStepAction") === "replayStepAction");
  if (ids.length !== 1) throw new Error(`replayStepAction: ${ids.length} candidate action ids in the build's manifest`);
  return ids[0][0];
}

/** Calls the replay's server action as the page does (POST to the page with Next-Action); resolves to its time in ms. */
function replayStep(c: Client, pagePath: string) {
  const id = replayActionId();
  const [, , , cohortId, , userId, , attemptIdInPath] = pagePath.split("/");
  return async (attemptId: string, stepNo: number, outputsFrom: number): Promise<number> => {
    if (attemptId !== attemptIdInPath) throw new Error("the page and the attempt differ");
    const t0 = performance.now();
    const res = await fetch(c.base + pagePath, {
      method: "POST",
      headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; "), origin: c.base, accept: "text/x-component", "next-action": id, "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify([{ cohortId, userId, attemptId, step: stepNo, outputsFrom }]),
    });
    const text = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200 || !text.includes(`"ok":true`) || !text.includes(`"step":${stepNo}`)) throw new Error(`replay step ${stepNo}: ${res.status} ${text.slice(0, 300)}`);
    return ms;
  };
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
  // The page lists the 300 steps from the log and replays step 1; the rest are asked step by step.
  const replayPath = `/en/teach/${COHORT}/learners/bench-1/attempts/${REPLAY_ATTEMPT}`;
  // Warm the exercise workers (bundled and started on first use) on another attempt: "cold" is this attempt's first replay.
  await timed(teacher, `/en/teach/${COHORT}/learners/bench-1/attempts/a1-0`, 200, "replay-state");
  emit("teach.replay_cold.ms", await timed(teacher, replayPath, 200, "replay-state"));
  emit("teach.replay.p95_ms", p95(await series(teacher, replayPath, 20, "replay-state")));
  const step = replayStep(teacher, replayPath);
  const next: number[] = [];
  for (let k = 2; k <= 60; k++) next.push(await step(REPLAY_ATTEMPT, k, k - 1));
  emit("teach.replay_step.p95_ms", p95(next));
  const fresh = `${replayPath.slice(0, replayPath.lastIndexOf("/"))}/${REPLAY_ATTEMPT_2}`;
  const second = replayStep(teacher, fresh);
  emit("teach.replay_last_cold.ms", await second(REPLAY_ATTEMPT_2, 300, 290));
  const jumps: number[] = [];
  for (let k = 0; k < 30; k++) {
    const to = 10 + ((k * 97) % 290);
    jumps.push(await second(REPLAY_ATTEMPT_2, to, to - 10));
  }
  emit("teach.replay_jump.p95_ms", p95(jumps));
  emit("teach.item_stats_cold.ms", await timed(teacher, `/en/teach/${COHORT}?view=items`, 200, "item-analytics"));
  emit("teach.item_stats.p95_ms", p95(await series(teacher, `/en/teach/${COHORT}?view=items`, 20, "item-analytics")));
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
