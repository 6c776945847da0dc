// The data bench-teach.ts measures on (see there); deterministic.
import type Database from "better-sqlite3";
import { log } from "./bench-http";
import { prng } from "../lib/exercise/params";

export const LEARNERS = 1000;
export const COHORT = "bench-cohort";
export const REPLAY_ATTEMPT = "bench-replay";
/** The same 300 commands again, for a replay with no checkpoint kept from the first. */
export const REPLAY_ATTEMPT_2 = "bench-replay-2";
/** Learners with a timed exam open now (the live monitor's subjects); every learner has 2 graded exams of 17 tasks. */
export const LIVE_EXAMS = 100;

/** Writes the benchmark's cohort into a database whose users bench-0 ... bench-999 exist (bench-0 becomes the instructor). */
export async function teachSeeder() {
  const { exerciseCatalogue } = await import("../lib/exercise/loader");
  const { quizBank } = await import("../lib/quiz/loader");
  const { review } = await import("../lib/quiz/review");
  const { examContent } = await import("../lib/exam/loader");
  const pool = [...examContent().tasks.values()];
  const fs = await import("node:fs");
  const path = await import("node:path");
  const lessons = fs.readdirSync(path.join(process.cwd(), "content", "lessons")).filter((d) => /^\d\d-/.test(d)).sort().map((d) => d.slice(3));
  const exercises = exerciseCatalogue().all;
  const items = quizBank().all.map((l) => l.item).slice(0, 300);
  log(`${lessons.length} lessons, ${exercises.length} exercises, ${items.length} items`);
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

  return (db: Database.Database) => {
    const r = prng(42);
    db.prepare(`UPDATE "User" SET role = 'INSTRUCTOR', name = 'Bench instructor' WHERE id = 'bench-0'`).run();
    db.prepare(`INSERT INTO "Cohort" (id, name, joinCode, createdAt) VALUES (?, 'Bench cohort', 'BENC-HMRK', ?)`).run(COHORT, iso(now - 60 * 86_400_000));
    db.prepare(`INSERT INTO "_CohortInstructors" ("A", "B") VALUES (?, 'bench-0')`).run(COHORT);
    const member = db.prepare(`INSERT INTO "CohortMember" (cohortId, userId, joinedAt) VALUES (?, ?, ?)`);
    const progress = db.prepare(`INSERT INTO "LessonProgress" (id, userId, lessonSlug, status, percent, timeSpentSec, completedAt, passedExercises, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, '[]', ?)`);
    const attempt = db.prepare(`INSERT INTO "ExerciseAttempt" (id, userId, exerciseId, lessonSlug, seed, parameters, status, createdAt, passedAt, hintsUsed, solutionRevealedAt) VALUES (?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?)`);
    const command = db.prepare(`INSERT INTO "AttemptCommand" (id, attemptId, seq, kind, payload, exitCode, createdAt) VALUES (?, ?, ?, 'run', ?, 0, ?)`);
    const grade = db.prepare(`INSERT INTO "GradeResult" (id, attemptId, score, passed, checks, createdAt) VALUES (?, ?, ?, ?, ?, ?)`);
    const answer = db.prepare(`INSERT INTO "QuizAnswer" (id, userId, itemId, seed, context, nonce, response, score, correct, first, countsForStats, createdAt) VALUES (?, ?, ?, 1, ?, ?, '{}', ?, ?, ?, 1, ?)`);
    const examSession = db.prepare(`INSERT INTO "ExamSession" (id, userId, blueprintId, mode, seed, tasks, startedAt, deadline, extension, flags, notes, submittedAt, gradedAt, score, passed) VALUES (?, ?, 'cka', 'timed', ?, ?, ?, ?, 1, '[]', '', ?, ?, ?, ?)`);
    const examTask = db.prepare(`INSERT INTO "ExamTaskGrade" (sessionId, taskId, position, context, points, earned) VALUES (?, ?, ?, ?, ?, ?)`);
    const examCheck = db.prepare(`INSERT INTO "ExamCheckGrade" (sessionId, taskId, checkId, passed, weight, explanation, foundIn) VALUES (?, ?, ?, ?, 1, ?, NULL)`);
    const examCommand = db.prepare(`INSERT INTO "ExamCommand" (id, sessionId, seq, context, task, kind, payload, exitCode, createdAt) VALUES (?, ?, ?, ?, ?, 'run', ?, 0, ?)`);
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
        // Two graded timed exams of 17 pool tasks (about 6 points each, checks failing with the learner's ability);
        // the first LIVE_EXAMS learners also sit one now, 20 commands in.
        for (let k = 0; k < (u <= LIVE_EXAMS ? 3 : 2); k++) {
          const sid = `x${u}-${k}`;
          const tasks = Array.from({ length: 17 }, (_, i) => pool[(u * 3 + k * 17 + i) % pool.length]);
          const start = k < 2 ? lastDay - (2 - k) * 5 * 86_400_000 : now - 30 * 60_000;
          const graded = k < 2;
          let score = 0;
          const grades = tasks.map((t) => {
            const points = 6;
            const checks = t.checks.map((c) => ({ id: c.id, passed: r() < ability + 0.3 }));
            const earned = Math.floor((points * checks.filter((c) => c.passed).length * 10) / Math.max(1, checks.length)) / 10;
            score += earned;
            return { t, points, earned, checks };
          });
          examSession.run(sid, id, u * 10 + k, JSON.stringify(tasks.map((t) => ({ taskId: t.id, seed: 1, points: 6 }))), iso(start), iso(start + 120 * 60_000), graded ? iso(start + 100 * 60_000) : null, graded ? iso(start + 100 * 60_000) : null, graded ? score : null, graded ? (score >= 66 ? 1 : 0) : null);
          if (graded) {
            grades.forEach((g, position) => {
              examTask.run(sid, g.t.id, position, g.t.context, g.points, g.earned);
              for (const c of g.checks) examCheck.run(sid, g.t.id, c.id, c.passed ? 1 : 0, c.passed ? null : JSON.stringify({ ko: `${c.id}: 조건 불충족`, en: `${c.id}: not met` }));
            });
          } else for (let c = 0; c < 20; c++) examCommand.run(`xc${u}-${c}`, sid, c, tasks[Math.floor(c / 5)].context, Math.floor(c / 5), JSON.stringify({ kind: "run", line: lines[c % lines.length] }), iso(start + c * 60_000));
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
      attempt.run(REPLAY_ATTEMPT_2, "bench-1", ex.exercise.id, ex.lessonSlug, 7, "IN_PROGRESS", iso(now - 3_500_000), null, 0, null);
      replayLines.forEach((line, i) => command.run(`cr2-${i}`, REPLAY_ATTEMPT_2, i, JSON.stringify({ line }), iso(now - 3_500_000 + i * 1000)));
    })();
    log(`seeded ${LEARNERS - 1} learners in one cohort`);
  };
}

