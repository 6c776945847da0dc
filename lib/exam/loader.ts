// Reads and validates content/exams: blueprints, named exams and the task pool (Node fs, no Next).
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { WrongSolutionSchema, type WrongSolution } from "#lib/exercise/schema";
import { BlueprintSchema, ExamTaskSchema, NamedExamSchema, type Blueprint, type ExamTask, type NamedExam } from "./schema";

export class ExamFileError extends Error {}

export type ExamContent = { blueprints: Map<string, Blueprint>; named: Map<string, NamedExam>; tasks: Map<string, ExamTask>; files: Map<string, string> };

/** content/exams of this checkout. */
export function defaultExamsRoot(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "content", "exams");
}

function readYaml(file: string): unknown {
  try {
    return parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new ExamFileError(`${file}: ${(e as Error).message}`);
  }
}

function check<T>(file: string, r: { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } }): T {
  if (!r.success) throw new ExamFileError(`${file}: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return r.data;
}

/** Load and validate every exam file; throws on the first invalid one, a duplicate id or an unknown reference. */
export function loadExamContent(root: string): ExamContent {
  const out: ExamContent = { blueprints: new Map(), named: new Map(), tasks: new Map(), files: new Map() };
  const dir = path.join(root, "tasks");
  if (fs.existsSync(dir)) {
    for (const f of fs.readdirSync(dir).sort()) {
      if (!f.endsWith(".yaml") || f.endsWith(".wrong.yaml")) continue;
      const file = path.join(dir, f);
      const t = check(file, ExamTaskSchema.safeParse(readYaml(file)));
      if (`${t.id}.yaml` !== f) throw new ExamFileError(`${file}: id ${t.id} does not match the file name`);
      out.tasks.set(t.id, t);
      out.files.set(t.id, file);
    }
  }
  if (fs.existsSync(root)) {
    for (const f of fs.readdirSync(root).sort()) {
      if (!f.endsWith(".yaml")) continue;
      const file = path.join(root, f);
      const raw = readYaml(file) as Record<string, unknown>;
      if (raw && typeof raw === "object" && "blueprint" in raw) {
        const n = check(file, NamedExamSchema.safeParse(raw));
        for (const id of n.tasks) if (!out.tasks.has(id)) throw new ExamFileError(`${file}: unknown task ${id}`);
        out.named.set(n.id, n);
      } else {
        const b = check(file, BlueprintSchema.safeParse(raw));
        out.blueprints.set(b.id, b);
      }
    }
  }
  for (const n of out.named.values()) {
    if (!out.blueprints.has(n.blueprint)) throw new ExamFileError(`named exam ${n.id}: unknown blueprint ${n.blueprint}`);
  }
  return out;
}

/** The wrong-solution test data beside a task file, or null. */
export function loadTaskWrongSolution(taskFile: string): WrongSolution | null {
  const file = taskFile.replace(/\.yaml$/, ".wrong.yaml");
  if (!fs.existsSync(file)) return null;
  return check(file, WrongSolutionSchema.safeParse(readYaml(file)));
}

let cached: ExamContent | null = null;

/** The exam content of this checkout, loaded once in production and on every call elsewhere (cheap). */
export function examContent(): ExamContent {
  if (!cached || process.env.NODE_ENV !== "production") cached = loadExamContent(defaultExamsRoot());
  return cached;
}
