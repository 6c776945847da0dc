// `npm run -s content:stats`: one JSON line per figure about the course content, for authors to see the gaps.
import fs from "node:fs";
import path from "node:path";
import { figures } from "#app/_components/mdx/figures/index";
import { flowScenarioIds } from "#lib/content/flow-scenarios";
import { getGlossary } from "#lib/content/glossary";
import { getCompiledLesson } from "#lib/content/mdx";
import { defaultLessonsRoot, loadExercisesFrom } from "#lib/exercise/loader";
import { defaultQuizRoot, loadItemsFrom } from "#lib/quiz/loader";
import { ALL_COMPETENCIES } from "#lib/quiz/schema";

const out = (name: string, value: number, unit: string) => console.log(JSON.stringify({ name, value, unit }));

const items = loadItemsFrom(defaultQuizRoot()).map((l) => l.item);
out("quiz.items", items.length, "items");
out("quiz.items_parameterised", items.filter((i) => Object.keys(i.parameters).length > 0).length, "items");
const perComp = ALL_COMPETENCIES.map((c) => items.filter((i) => i.competencies.includes(c)).length);
out("quiz.min_items_per_competency", Math.min(...perComp), "items");
out("quiz.competencies_covered", perComp.filter((n) => n > 0).length, "of 27");
for (const type of ["single", "multi", "order", "match", "short", "numeric", "predict", "command"]) out(`quiz.type.${type}`, items.filter((i) => i.type === type).length, "items");

const lessonsDir = defaultLessonsRoot();
const known = { terms: new Set(Object.keys(await getGlossary())), figures: new Set(Object.keys(figures)), scenarios: new Set(flowScenarioIds) };
const embedded = new Set<string>();
const checkQuestions: number[] = [];
for (const d of fs.readdirSync(lessonsDir).sort()) {
  if (!fs.existsSync(path.join(lessonsDir, d, "en.mdx"))) continue;
  const per: number[] = [];
  for (const locale of ["ko", "en"] as const) {
    const compiled = await getCompiledLesson(path.join(lessonsDir, d, `${locale}.mdx`), known);
    compiled.usage.exercises.forEach((id) => embedded.add(id));
    per.push(compiled.usage.quizzes.length);
  }
  checkQuestions.push(Math.min(...per));
}
out("lesson.min_check_questions", Math.min(...checkQuestions), "items");
out("lesson.check_questions", checkQuestions.reduce((s, n) => s + n, 0), "items");
const exercises = loadExercisesFrom(lessonsDir);
out("exercise.count", exercises.length, "exercises");
out("exercise.embedded", exercises.filter((e) => embedded.has(e.exercise.id)).length, "exercises");

// The mock-exam task pool (content/exams/tasks): size and the competencies some task covers.
const { examContent } = await import("#lib/exam/loader");
const examTasks = [...examContent().tasks.values()];
out("exam.tasks", examTasks.length, "tasks");
out("exam.competencies_covered", ALL_COMPETENCIES.filter((c) => examTasks.some((t) => t.competencies.includes(c))).length, "of 27");
// Practice in the simulator (issue 16): a competency counts when some exam task (explicit `competencies`, proven in
// CI for 5 seeds) practises it; lesson exercises declare no competencies, so they add nothing here yet.
out("practice.competencies_covered", ALL_COMPETENCIES.filter((c) => examTasks.some((t) => t.competencies.includes(c))).length, "of 27");
out("practice.competencies_uncovered", ALL_COMPETENCIES.filter((c) => !examTasks.some((t) => t.competencies.includes(c))).length, "of 27");
