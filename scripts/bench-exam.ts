// Mock-exam benchmarks. One JSON line per figure:
//   exam.start.p95_ms          POST /api/exams (17 tasks of named exam A, every context's cluster built) for one learner
//   exam.command.p95_ms        POST /api/exams/{id}/commands while LEARNERS learners each sit an exam, one command every
//                              PACE_MS each (paced, not flat out)
//   exam.http_baseline.p95_ms  GET /api/health measured during that load: what any request costs on this machine then
//   exam.grade.p95_ms          grading a whole exam (17 tasks, every reference solution applied; in process)
//   exam.resume.p95_ms         rebuilding an exam after a restart as a worker does: its latest checkpoint restored onto
//                              bare clusters, then the entries after it (a checkpoint 5 entries back; in process)
//   exam.resume_replay.p95_ms  same-run baseline: the same exam rebuilt by replaying its whole log from the start
//                              (what a rebuild cost before checkpoints)
//   exam.start_inprocess.p95_ms same-run baseline: building the 17 tasks' clusters alone (the work inside a start)
//   exam.checkpoint_kb         size of one exam checkpoint as stored
//   exam.session_mb            estimated memory of one live exam session (all its clusters and the shell; the caches' unit)
//   exam.session_heap_mb       measured: heap growth per live exam session, 10 sessions held (after a GC when exposed)
// Builds first if needed (NEXT_DIST_DIR), serves on BENCH_PORT / E2E_PORT (default 3266). BENCH_EXAM_PART=inprocess|http
// runs one half.
import { performance } from "node:perf_hooks";
// @ts-expect-error plain .mjs helpers without type declarations
import { ensureBuild } from "./lib.mjs";
import { emit, log, p95, signInAll, startBenchServer } from "./bench-http";
import { substitute } from "../lib/exercise/params";
import { toLogEntry, type LogEntry } from "../lib/exercise/session";
import { examContent } from "../lib/exam/loader";
import { namedExamItems } from "../lib/exam/generator";
import { replayExam, restoreExam, startExam, type ExamSession } from "../lib/exam/session";

const port = process.env.BENCH_PORT ?? process.env.E2E_PORT ?? "3266";
const LEARNERS = Number(process.env.BENCH_EXAM_LEARNERS) || 50;
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
  const replays: number[] = [];
  const starts: number[] = [];
  let mb = 0;
  let kb = 0;
  for (let seed = 1; seed <= 5; seed++) {
    const items = namedExamItems(bp, content.named.get("named-a")!, content.tasks, seed);
    const t = performance.now();
    const s = startExam(items, content.tasks, seed);
    starts.push(performance.now() - t);
    let cp = "";
    for (const it of s.items) {
      s.apply({ kind: "run", line: `kubectl config use-context ${it.task.context}` });
      for (const e of substitute(it.task.solution, it.params)) s.apply(toLogEntry(e));
      if (s.log.length >= 55 && !cp) cp = s.checkpoint();
    }
    const t0 = performance.now();
    s.gradeAll();
    grades.push(performance.now() - t0);
    mb = Math.max(mb, s.approxBytes() / 1024 / 1024);
    const log60: LogEntry[] = s.log.map((x) => x.entry).slice(0, 60);
    cp ||= s.checkpoint();
    kb = Math.max(kb, cp.length / 1024);
    const t1 = performance.now();
    const r = restoreExam(items, content.tasks, seed, cp, log60)!;
    for (const e of log60.slice(r.log.length)) r.apply(e);
    resumes.push(performance.now() - t1);
    const t2 = performance.now();
    replayExam(items, content.tasks, seed, log60);
    replays.push(performance.now() - t2);
  }
  emit("exam.grade.p95_ms", p95(grades));
  emit("exam.resume.p95_ms", p95(resumes));
  emit("exam.resume_replay.p95_ms", p95(replays));
  emit("exam.start_inprocess.p95_ms", p95(starts));
  emit("exam.checkpoint_kb", Math.round(kb));
  emit("exam.session_mb", Math.round(mb * 10) / 10);
  // measured: the heap 10 live sessions take (a GC first when node runs with --expose-gc)
  const gc = (globalThis as { gc?: () => void }).gc;
  const items = namedExamItems(bp, content.named.get("named-a")!, content.tasks, 1);
  gc?.();
  const h0 = process.memoryUsage().heapUsed;
  const held: ExamSession[] = [];
  for (let seed = 11; seed <= 20; seed++) held.push(startExam(items, content.tasks, seed));
  gc?.();
  emit("exam.session_heap_mb", Math.round(((process.memoryUsage().heapUsed - h0) / held.length / 1024 / 1024) * 10) / 10);
}

// BENCH_EXAM_PART=inprocess|http runs one half only
if (process.env.BENCH_EXAM_PART !== "http") inProcess();
if (process.env.BENCH_EXAM_PART !== "inprocess") await http();
