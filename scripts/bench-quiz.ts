// Quiz benchmarks. One JSON line per figure:
//   quiz.answer.p95_ms              POST /api/quiz/answers for a choice item (graded, stored, review card), one learner
//                                   answering 100 items one after another: the cost of an answer (the budget figure)
//   quiz.command_item.p95_ms        the same for a command item: a fresh simulated cluster, the learner's line, settle,
//                                   grade by the item's checks (40 in a row)
//   quiz.http_baseline.p95_ms       GET /api/health one after another: what any request costs on this machine
//   quiz.answer_c20.p95_ms          answers with 20 learners answering back to back at once (closed loop: about 20 /
//                                   capacity); quiz.http_baseline_c20.p95_ms is GET /api/health measured during that load
//   quiz.review_queue.p95_ms        a learner's review queue with 2,000 cards (in process: read, recall per card, order)
//   quiz.item_stats_refresh.ms      recomputing every item's statistics from 1,000 learners x 300 items (300,000 first
//                                   answers; in process)
// Builds first if needed (NEXT_DIST_DIR), serves on BENCH_PORT / E2E_PORT (default 3260). Run with
// `tsx --conditions=react-server` (npm run bench:quiz) so the in-process parts can load lib/data.
import Database from "better-sqlite3";
import { performance } from "node:perf_hooks";
// @ts-expect-error plain .mjs helpers without type declarations
import { ensureBuild } from "./lib.mjs";
import { emit, log, p95, startBenchServer, type Client } from "./bench-http";
import { createTempDatabase } from "../lib/test/db";

const port = process.env.BENCH_PORT ?? process.env.E2E_PORT ?? "3260";
const LEARNERS = 20;
const ROUNDS = 15;

type Presented = { token: string; view: { choices?: { id: string }[] } };

async function answerLoop(c: Client, itemId: string, response: (p: Presented) => unknown, times: number[], rounds: number) {
  for (let i = 0; i < rounds; i++) {
    const v = await c.json<Presented>("/api/quiz/variants", { json: { itemId, locale: "en" } });
    const r = await c.json<{ correct: boolean }>("/api/quiz/answers", { json: { token: v.body.token, response: response(v.body), locale: "en" } });
    times.push(r.ms);
  }
}

async function http() {
  await ensureBuild();
  const { clients, stop } = await startBenchServer({ port, learners: LEARNERS, env: { QUIZ_RATE_LIMIT: "1000000" } });
  try {
    await Promise.all(clients.map((c) => c.signIn()));
    const pick = (p: Presented) => ({ choices: [p.view.choices![0].id] });
    await answerLoop(clients[0], "svc-selector-mismatch", pick, [], 5); // warm-up
    await answerLoop(clients[0], "svc-expose-deployment", () => ({ text: "kubectl get pods" }), [], 3);

    const alone: number[] = [];
    await answerLoop(clients[0], "svc-selector-mismatch", pick, alone, 100);
    const aloneCmd: number[] = [];
    await answerLoop(clients[0], "svc-expose-deployment", () => ({ text: "kubectl expose deployment web --port=80" }), aloneCmd, 40);
    const base: number[] = [];
    for (let i = 0; i < 100; i++) base.push((await clients[0].json("/api/health")).ms);
    emit("quiz.answer.p95_ms", p95(alone));
    emit("quiz.command_item.p95_ms", p95(aloneCmd));
    emit("quiz.http_baseline.p95_ms", p95(base));

    const health: number[] = [];
    const answers: number[] = [];
    let done = false;
    const probe = (async () => {
      while (!done) health.push((await clients[0].json("/api/health")).ms);
    })();
    await Promise.all(clients.slice(1).map((c) => answerLoop(c, "svc-selector-mismatch", pick, answers, ROUNDS)));
    done = true;
    await probe;
    emit("quiz.answer_c20.p95_ms", p95(answers));
    emit("quiz.http_baseline_c20.p95_ms", p95(health));
    log(`${answers.length} answers at once, ${health.length} health probes`);
  } finally {
    await stop();
  }
}

async function inProcess() {
  const tmp = createTempDatabase();
  const db = new Database(tmp.url.slice("file:".length));
  const { quizBank } = await import("../lib/quiz/loader");
  const { review } = await import("../lib/quiz/review");
  const items = quizBank().all.map((l) => l.item).slice(0, 300);
  const t0 = new Date("2026-12-01T00:00:00Z");

  db.prepare(`INSERT INTO "User" (id, email, name, passwordHash, role, locale, createdAt) VALUES ('u0', 'u0@b.test', 'U', 'x', 'LEARNER', 'en', CURRENT_TIMESTAMP)`).run();
  const insCard = db.prepare(`INSERT INTO "ReviewCard" (id, userId, kind, ref, competency, due, fsrs, createdAt) VALUES (?, 'u0', 'item', ?, ?, ?, ?, CURRENT_TIMESTAMP)`);
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) {
      const item = items[i % items.length];
      const r = review(null, 1, new Date(t0.getTime() - (i % 30) * 86_400_000));
      insCard.run(`c${i}`, `${item.id}#${i}`, item.competencies[0], r.due.toISOString().replace("Z", "+00:00"), JSON.stringify(r.card));
    }
  })();

  const insUser = db.prepare(`INSERT INTO "User" (id, email, name, passwordHash, role, locale, createdAt) VALUES (?, ?, 'L', 'x', 'LEARNER', 'en', CURRENT_TIMESTAMP)`);
  const insAns = db.prepare(`INSERT INTO "QuizAnswer" (id, userId, itemId, seed, context, nonce, response, score, correct, first, countsForStats, createdAt) VALUES (?, ?, ?, 1, 'practice', ?, '{"choices":[]}', ?, ?, 1, 1, CURRENT_TIMESTAMP)`);
  db.transaction(() => {
    for (let u = 0; u < 1000; u++) {
      insUser.run(`l${u}`, `l${u}@b.test`);
      const ability = (u % 100) / 100;
      for (let k = 0; k < items.length; k++) {
        const hardness = (k % 10) / 10;
        const right = ability + 0.3 > hardness + ((u * 7 + k * 13) % 10) / 20;
        insAns.run(`a${u}-${k}`, `l${u}`, items[k].id, `n${u}-${k}`, right ? 1000 : 0, right ? 1 : 0);
      }
    }
  })();
  db.close();
  log("seeded 2,000 review cards and 300,000 first answers");

  const { listReviewQueue } = await import("../lib/data/quiz");
  const { refreshItemStats } = await import("../lib/data/item-stats");
  const queue: number[] = [];
  for (let i = 0; i < 80; i++) {
    const s = performance.now();
    const q = await listReviewQueue({ id: "u0" }, t0);
    queue.push(performance.now() - s);
    if (q.total !== 2000 || q.due !== 2000 || q.queue.length !== 20) throw new Error(`queue read ${q.total} cards, ${q.due} due`);
  }
  emit("quiz.review_queue.p95_ms", p95(queue.slice(20))); // after the JIT has warmed up
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const s = performance.now();
    const n = await refreshItemStats();
    runs.push(performance.now() - s);
    if (n !== items.length) throw new Error(`stats for ${n} items`);
  }
  emit("quiz.item_stats_refresh.ms", runs.sort((a, b) => a - b)[1]);
  const { prisma } = await import("../lib/db");
  await prisma.$disconnect();
  tmp.cleanup();
}

await inProcess();
await http();
