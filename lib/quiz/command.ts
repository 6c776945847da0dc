// Command items: the learner's command line (or YAML) runs in the simulator on the item's seeded start
// state and is graded by the same declarative checks as exercises: the state, never the string.
import { grade } from "#lib/exercise/checks";
import { substitute } from "#lib/exercise/params";
import type { Exercise } from "#lib/exercise/schema";
import { startSession, type ApplyOptions } from "#lib/exercise/session";
import type { Item } from "./schema";
import { drawQuizParameters, type Feedback } from "./variant";

type CommandItem = Extract<Item, { type: "command" }>;
/** The verdict on a command item, with what the learner's command printed. */
export type CommandFeedback = Feedback & { output: string };

/** The longest answer a command item takes (a command line or a small manifest). */
export const MAX_COMMAND_ANSWER = 8 * 1024;

/** The item as an exercise the session engine understands (no task page, no hints). */
function asExercise(item: CommandItem): Exercise {
  return {
    id: `quiz-${item.id}`,
    title: item.stem,
    difficulty: item.difficulty,
    domain: "workloads",
    parameters: {},
    task: item.stem,
    start: item.start,
    hints: [],
    solution: [item.solution],
    checks: item.checks,
  };
}

/**
 * Runs `answer` on a fresh start of the item's variant and grades the result. A YAML answer is saved as
 * answer.yaml and applied; a command line runs as typed (one line; kubectl, the shell and pipes work).
 */
export function gradeCommandItem(item: CommandItem, seed: number, locale: "ko" | "en", answer: string, opts: ApplyOptions = {}): CommandFeedback {
  const p = drawQuizParameters(item.id, item.parameters, seed);
  const exercise = asExercise(item);
  const s = startSession(exercise, seed, p);
  let output = "";
  if (item.yaml) {
    s.apply({ kind: "save", path: "answer.yaml", content: answer }, opts);
    const r = s.apply({ kind: "run", line: "kubectl apply -f answer.yaml" }, opts);
    output = r.output ?? `${r.stdout}${r.stderr}`;
  } else {
    const line = answer.replace(/\r?\n/g, " ").trim();
    if (line) {
      const r = s.apply({ kind: "run", line }, opts);
      output = r.output ?? `${r.stdout}${r.stderr}`;
    }
  }
  // Let controllers, the scheduler and kubelets act, as a learner would wait before checking.
  s.apply({ kind: "idle" }, opts);
  const outcome = grade(s, p);
  return {
    score: outcome.score / 100,
    correct: outcome.passed,
    explanation: substitute(item.explanation[locale], p),
    checks: outcome.checks.map((c) => ({ id: c.id, title: c.title[locale], passed: c.passed, ...(c.explanation ? { explanation: c.explanation[locale] } : {}) })),
    expected: [substitute(item.solution, p)],
    output: output.slice(0, 4000),
  };
}
