// Instructor dashboard benchmarks. One JSON line per figure:
//   teach.dashboard.p95_ms            GET /en/teach/:cohort (learners x lessons heat map of the first 50 learners, the
//                                     at-risk list computed over all 1,000), server-rendered HTML, by its instructor
//   teach.heatmap_exercises.p95_ms    GET /en/teach/:cohort?view=exercises (learners x 34 exercises)
//   teach.learner_page.p95_ms         GET /en/teach/:cohort/learners/:id (timeline, lessons, attempts with gradings, answers)
//   teach.replay.p95_ms               GET .../attempts/:id of an attempt of 300 commands (the log replayed from the start
//                                     on an exercise worker; no checkpoints are used, so every request replays all 300)
//   teach.csv_export.ms               GET /api/teach/:cohort/export/roster?format=csv for 1,000 learners (median of 5)
//   teach.http_baseline.p95_ms        GET /api/health in the same run: what any request costs on this machine
// Seeds its own throw-away database: one cohort of 1,000 learners over the real 20 lessons, 34 exercises and 300
// quiz items; each learner has read some lessons, attempted about 10 exercises (1-3 gradings each with per-check
// results and explanations, 6 commands per attempt), answered 60 items and holds 10 review cards.
// Builds first if needed (NEXT_DIST_DIR), serves on BENCH_PORT / E2E_PORT (default 3270). Run with
// `tsx --conditions=react-server` (npm run bench:teach) so the seeding can load lib/ content.
import type Database from "better-sqlite3";
import { performance } from "node:perf_hooks";
// @ts-expect-error plain .mjs helpers without type declarations
import { ensureBuild } from "./lib.mjs";
import { emit, log, p95, startBenchServer, type Client } from "./bench-http";

const port = process.env.BENCH_PORT ?? process.env.E2E_PORT ?? "3270";
const LEARNERS = 1000;
const COHORT = "bench-cohort";
const REPLAY_ATTEMPT = "bench-replay";

/** A small deterministic PRNG (mulberry32), so every run seeds the same data. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function seeder() {
  const { exerciseCatalogue } = await import("../lib/exercise/loader");
  const { quizBank } = await import("../lib/quiz/loader");
  const { review } = await import("../lib/quiz/review");
  const fs = await import("node:fs");
  const path = await import("node:path");
  const lessons = fs.readdirSync(path.join(process.cwd(), "content", "lessons")).filter((d) => /^\d\d-/.test(d)).sort().map((d) => d.slice(3));
  const exercises = exerciseCatalogue().all;
  const items = quizBank().all.map((l) => l.item).slice(0, 300);
  log(`${lessons.length} lessons, ${exercises.length} exercises, ${items.length} items`);
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

  return (db: Database.Database) => {
    const r = rng(42);
    db.prepare(`UPDATE "User" SET role = 'INSTRUCTOR', name = 'Bench instructor' WHERE id = 'bench-0'`).run();
    db.prepare(`INSERT INTO "Cohort" (id, name, joinCode, createdAt) VALUES (?, 'Bench cohort', 'BENC-HMRK', ?)`).run(COHORT, iso(now - 60 * 86_400_000));
    db.prepare(`INSERT INTO "_CohortInstructors" ("A", "B") VALUES (?, 'bench-0')`).run(COHORT);
    const member = db.prepare(`INSERT INTO "CohortMember" (cohortId, userId, joinedAt) VALUES (?, ?, ?)`);
    const progress = db.prepare(`INSERT INTO "LessonProgress" (id, userId, lessonSlug, status, percent, timeSpentSec, completedAt, passedExercises, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, '[]', ?)`);
    const attempt = db.prepare(`INSERT INTO "ExerciseAttempt" (id, userId, exerciseId, lessonSlug, seed, parameters, status, createdAt, passedAt, hintsUsed, solutionRevealedAt) VALUES (?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?)`);
    const command = db.prepare(`INSERT INTO "AttemptCommand" (id, attemptId, seq, kind, payload, exitCode, createdAt) VALUES (?, ?, ?, 'run', ?, 0, ?)`);
    const grade = db.prepare(`INSERT INTO "GradeResult" (id, attemptId, score, passed, checks, createdAt) VALUES (?, ?, ?, ?, ?, ?)`);
    const answer = db.prepare(`INSERT INTO "QuizAnswer" (id, userId, itemId, seed, context, nonce, response, score, correct, first, countsForStats, createdAt) VALUES (?, ?, ?, 1, ?, ?, '{}', ?, ?, ?, 1, ?)`);
    const card = db.prepare(`INSERT INTO "ReviewCard" (id, userId, kind, ref, competency, due, fsrs, createdAt) VALUES (?, ?, 'item', ?, ?, ?, ?, ?)`);
    const lines = ["kubectl get pods", "kubectl get nodes", "kubectl get deploy", "kubectl describe svc web", "kubectl get svc -o wide", "kubectl get events"];
    db.transaction(() => {
      for (let u = 1; u < LEARNERS; u++) {
        const id = `bench-${u}`;
        const ability = r();
        const lastDay = now - Math.floor(r() * 20) * 86_400_000;
        member.run(COHORT, id, iso(now - 40 * 86_400_000));
        const read = Math.floor(r() * (lessons.length + 1));
        for (let k = 0; k < read; k++) {
          const done = k < read - 1;
          progress.run(`p${u}-${k}`, id, lessons[k], done ? "COMPLETED" : "IN_PROGRESS", done ? 100 : Math.floor(r() * 100), 600, done ? iso(lastDay) : null, iso(lastDay - (read - k) * 3_600_000));
        }
        for (let k = 0; k < 10; k++) {
          const le = exercises[Math.floor(r() * exercises.length)];
          const aid = `a${u}-${k}`;
          const passed = r() < ability + 0.2;
          const t = lastDay - k * 7_200_000;
          attempt.run(aid, id, le.exercise.id, le.lessonSlug, 1 + k, passed ? "PASSED" : "IN_PROGRESS", iso(t), passed ? iso(t + 600_000) : null, r() < 0.3 ? 1 : 0, r() < 0.05 ? iso(t + 500_000) : null);
          for (let c = 0; c < 6; c++) command.run(`c${u}-${k}-${c}`, aid, c, JSON.stringify({ line: lines[c] }), iso(t + c * 30_000));
          const gradings = 1 + Math.floor(r() * 3);
          for (let g = 0; g < gradings; g++) {
            const last = g === gradings - 1;
            const ok = last && passed;
            const checks = le.exercise.checks.map((ch, ci) => {
              const pass = ok || (ci > 0 && r() < 0.5);
              return pass ? { id: ch.id, passed: true, weight: 1 } : { id: ch.id, passed: false, weight: 1, explanation: { ko: `${ch.id}: 아직 조건을 만족하지 않음 (${ci % 3})`, en: `${ch.id}: not met yet (${ci % 3})` } };
            });
            grade.run(`g${u}-${k}-${g}`, aid, ok ? 100 : 40, ok ? 1 : 0, JSON.stringify(checks), iso(t + 200_000 + g * 60_000));
          }
        }
        for (let k = 0; k < 60; k++) {
          const item = items[(u * 7 + k * 5) % items.length];
          const right = r() < ability;
          answer.run(`q${u}-${k}`, id, item.id, k % 3 === 0 ? "lesson" : "practice", `n${u}-${k}`, right ? 1000 : 0, right ? 1 : 0, 1, iso(lastDay - k * 600_000));
        }
        for (let k = 0; k < 10; k++) {
          const item = items[(u * 11 + k) % items.length];
          const c = review(null, 1, new Date(lastDay));
          card.run(`rc${u}-${k}`, id, item.id, item.competencies[0], iso(c.due.getTime()), JSON.stringify(c.card), iso(lastDay));
        }
      }
      // The replay subject: one attempt of 300 commands that really run in the simulator.
      const replayLines = Array.from({ length: 300 }, (_, i) => (i % 10 === 0 ? `kubectl create deployment w${i} --image=nginx` : i % 10 === 5 ? `kubectl scale deployment w${i - 5} --replicas=2` : lines[i % lines.length]));
      const ex = exercises.find((e) => e.exercise.id === "expose-nodeport") ?? exercises[0];
      attempt.run(REPLAY_ATTEMPT, "bench-1", ex.exercise.id, ex.lessonSlug, 7, "IN_PROGRESS", iso(now - 3_600_000), null, 0, null);
      replayLines.forEach((line, i) => command.run(`cr-${i}`, REPLAY_ATTEMPT, i, JSON.stringify({ line }), iso(now - 3_600_000 + i * 1000)));
    })();
    log(`seeded ${LEARNERS - 1} learners in one cohort`);
  };
}

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
const seed = await seeder();
const { clients, stop } = await startBenchServer({ port, learners: LEARNERS, seed, env: { EXERCISE_WORKERS: process.env.EXERCISE_WORKERS ?? "2" } });
try {
  const teacher = clients[0];
  await teacher.signIn();
  emit("teach.dashboard.p95_ms", p95(await series(teacher, `/en/teach/${COHORT}`, 30, "heatmap-lessons")));
  emit("teach.heatmap_exercises.p95_ms", p95(await series(teacher, `/en/teach/${COHORT}?view=exercises`, 30, "heatmap-exercises")));
  emit("teach.learner_page.p95_ms", p95(await series(teacher, `/en/teach/${COHORT}/learners/bench-1`, 30, "learner-attempts")));
  emit("teach.replay.p95_ms", p95(await series(teacher, `/en/teach/${COHORT}/learners/bench-1/attempts/${REPLAY_ATTEMPT}`, 20, "replay")));
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
