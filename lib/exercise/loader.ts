// Reads and validates the exercise files under content/lessons/*/exercises/ (Node fs, no Next).
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { ExerciseSchema, WrongSolutionSchema, type Exercise, type WrongSolution } from "./schema";

export type LoadedExercise = {
  exercise: Exercise;
  /** the lesson's slug (folder name without the NN- prefix) */
  lessonSlug: string;
  /** the lesson folder name, e.g. 10-deployments */
  lessonDir: string;
  file: string;
};

export class ExerciseFileError extends Error {}

/** The content root (content/lessons) of this checkout. */
export function defaultLessonsRoot(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "content", "lessons");
}

function readYaml(file: string): unknown {
  try {
    return parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new ExerciseFileError(`${file}: ${(e as Error).message}`);
  }
}

/** Load and validate every exercise; throws on the first invalid file or duplicate id. */
export function loadExercisesFrom(root: string): LoadedExercise[] {
  const out: LoadedExercise[] = [];
  const seen = new Map<string, string>();
  if (!fs.existsSync(root)) return out;
  for (const lessonDir of fs.readdirSync(root).sort()) {
    const dir = path.join(root, lessonDir, "exercises");
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).sort()) {
      if (!f.endsWith(".yaml") || f.endsWith(".wrong.yaml")) continue;
      const file = path.join(dir, f);
      const parsed = ExerciseSchema.safeParse(readYaml(file));
      if (!parsed.success) throw new ExerciseFileError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      const ex = parsed.data;
      if (`${ex.id}.yaml` !== f) throw new ExerciseFileError(`${file}: id ${ex.id} does not match the file name`);
      if (seen.has(ex.id)) throw new ExerciseFileError(`${file}: duplicate exercise id ${ex.id} (also in ${seen.get(ex.id)})`);
      seen.set(ex.id, file);
      out.push({ exercise: ex, lessonSlug: lessonDir.replace(/^\d+-/, ""), lessonDir, file });
    }
  }
  return out;
}

/** The wrong-solution test data beside an exercise file, or null. */
export function loadWrongSolution(exerciseFile: string): WrongSolution | null {
  const file = exerciseFile.replace(/\.yaml$/, ".wrong.yaml");
  if (!fs.existsSync(file)) return null;
  const parsed = WrongSolutionSchema.safeParse(readYaml(file));
  if (!parsed.success) throw new ExerciseFileError(`${file}: ${parsed.error.message}`);
  return parsed.data;
}

let catalogue: { byId: Map<string, LoadedExercise>; all: LoadedExercise[]; signature: string } | null = null;

/** Names and modification times of the exercise files (to notice edits outside production). */
function filesSignature(root: string): string {
  if (!fs.existsSync(root)) return "";
  const parts: string[] = [];
  for (const lessonDir of fs.readdirSync(root).sort()) {
    const dir = path.join(root, lessonDir, "exercises");
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).sort()) parts.push(`${lessonDir}/${f}:${fs.statSync(path.join(dir, f)).mtimeMs}`);
  }
  return parts.join("|");
}

/** All exercises of this checkout: loaded once in production, reloaded after edits otherwise. */
export function exerciseCatalogue(): { byId: Map<string, LoadedExercise>; all: LoadedExercise[] } {
  const root = defaultLessonsRoot();
  const signature = !catalogue || process.env.NODE_ENV !== "production" ? filesSignature(root) : catalogue.signature;
  if (!catalogue || catalogue.signature !== signature) {
    const all = loadExercisesFrom(root);
    catalogue = { all, byId: new Map(all.map((e) => [e.exercise.id, e])), signature };
  }
  return catalogue;
}

/** One exercise by id, or null. */
export function getExercise(id: string): LoadedExercise | null {
  return exerciseCatalogue().byId.get(id) ?? null;
}

/** The exercise ids of a lesson (by slug), in file order. */
export function listLessonExerciseIds(lessonSlug: string): string[] {
  return exerciseCatalogue().all.filter((e) => e.lessonSlug === lessonSlug).map((e) => e.exercise.id);
}
