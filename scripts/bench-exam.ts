// Mock-exam benchmarks. One JSON line per figure:
//   exam.start.p95_ms          POST /api/exams (17 tasks of named exam A, every context's cluster built) for one learner
//   exam.command.p95_ms        POST /api/exams/{id}/commands while LEARNERS learners each sit an exam, one command every
//                              PACE_MS each (paced, not flat out)
//   exam.http_baseline.p95_ms  GET /api/health measured during that load: what any request costs on this machine then
//   exam.grade.p95_ms          grading a whole exam (17 tasks, every reference solution applied; in process)
//   exam.resume.p95_ms         rebuilding an exam from its stored log after a restart (empty cache; 17 tasks, 60 entries)
//   exam.session_mb            estimated memory of one live exam session (all its clusters and the shell)
// Builds first if needed (NEXT_DIST_DIR), serves on BENCH_PORT / E2E_PORT (default 3266).
import { performance } from "node:perf_hooks";
// @ts-expect-error plain .mjs helpers without type declarations
import { ensureBuild } from "./lib.mjs";
import { emit, log, p95, signInAll, startBenchServer } from "./bench-http";
import { substitute } from "../lib/exercise/params";
import { toLogEntry, type LogEntry } from "../lib/exercise/session";
import { examContent } from "../lib/exam/loader";
import { namedExamItems } from "../lib/exam/generator";
import { replayExam, startExam } from "../lib/exam/session";

const port = process.env.BENCH_PORT ?? process.env.E2E_PORT ?? "3266";
const LEARNERS = Number(process.env.BENCH_EXAM_LEARNERS) || 20;
const PACE_MS = 500;
const COMMANDS = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function http() {
  await ensureBuild();
  const { clients, stop } = await startBenchServer({ port, learners: LEARNERS, env: { EXAM_RATE_LIMIT: "1000000" } });
  try {
    await signInAll(clients);
    const starts: number[] = [];
    const ids: string[] = [];
    for (const c of clients) {
      const r = await c.json<{ id: string }>("/api/exams", { json: { mode: "practice", namedId: "named-a", locale: "en" } }, 201);
      starts.push(r.ms);
      ids.push(r.body.id);
    }
    emit("exam.start.p95_ms", p95(starts.slice(1)));
    const cmds: number[] = [];
    const base: number[] = [];
    let done = false;
    const probe = (async () => {
      while (!done) {
        base.push((await clients[0].json("/api/health")).ms);
        await sleep(100);
      }
    })();
    const lines = ["kubectl get pods -A", "kubectl config use-context k8s-b", "k get nodes", "kubectl get svc -A", "kubectl config use-context k8s-a"];
    await Promise.all(
      clients.map(async (c, i) => {
        await sleep((i * PACE_MS) / clients.length);
        for (let k = 0; k < COMMANDS; k++) {
          const t0 = performance.now();
          cmds.push((await c.json(`/api/exams/${ids[i]}/commands`, { json: { line: lines[k % lines.length], task: 0, locale: "en" } })).ms);
          await sleep(Math.max(0, PACE_MS - (performance.now() - t0)));
        }
      }),
    );
    done = true;
    await probe;
    emit("exam.command.p95_ms", p95(cmds));
    emit("exam.http_baseline.p95_ms", p95(base));
    log(`${LEARNERS} learners, ${cmds.length} commands`);
  } finally {
    await stop();
  }
}

function inProcess() {
  const content = examContent();
  const bp = content.blueprints.get("cka")!;
  const grades: number[] = [];
  const resumes: number[] = [];
  let mb = 0;
  for (let seed = 1; seed <= 5; seed++) {
    const items = namedExamItems(bp, content.named.get("named-a")!, content.tasks, seed);
    const s = startExam(items, content.tasks, seed);
    for (const it of s.items) {
      s.apply({ kind: "run", line: `kubectl config use-context ${it.task.context}` });
      for (const e of substitute(it.task.solution, it.params)) s.apply(toLogEntry(e));
    }
    const t0 = performance.now();
    s.gradeAll();
    grades.push(performance.now() - t0);
    mb = Math.max(mb, [...s.contexts.values()].reduce((a, x) => a + x.approxBytes(), 0) / 1024 / 1024);
    const log60: LogEntry[] = s.log.map((x) => x.entry).slice(0, 60);
    const t1 = performance.now();
    replayExam(items, content.tasks, seed, log60);
    resumes.push(performance.now() - t1);
  }
  emit("exam.grade.p95_ms", p95(grades));
  emit("exam.resume.p95_ms", p95(resumes));
  emit("exam.session_mb", Math.round(mb * 10) / 10);
}

inProcess();
await http();
