// Reads and validates the quiz banks under content/quizzes/ (Node fs, no Next).
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { ALL_COMPETENCIES, BankSchema, type Item } from "./schema";
import { drawQuizParameters } from "./variant";

export type LoadedItem = { item: Item; file: string };
export class QuizFileError extends Error {}

/** content/quizzes of this checkout. */
export function defaultQuizRoot(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "content", "quizzes");
}

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((d) => (d.isDirectory() ? yamlFiles(path.join(dir, d.name)) : d.name.endsWith(".yaml") ? [path.join(dir, d.name)] : []));
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g;

/** Rules zod cannot say: known competencies and placeholders, the right number of correct options, a drawable variant. */
export function itemProblems(item: Item): string[] {
  const out: string[] = [];
  for (const c of item.competencies) if (!ALL_COMPETENCIES.includes(c)) out.push(`unknown competency ${c}`);
  const names = Object.keys(item.parameters);
  const unknown = new Set<string>();
  for (const m of JSON.stringify({ ...item, parameters: undefined }).matchAll(PLACEHOLDER)) if (!names.includes(m[1])) unknown.add(m[1]);
  for (const u of unknown) out.push(`unknown placeholder {{${u}}}`);
  if (item.type === "single" || (item.type === "predict" && item.options)) {
    const n = item.options!.filter((o) => o.correct).length;
    if (n !== 1) out.push(`${item.type} needs exactly one correct option (has ${n})`);
  }
  if (item.type === "multi") {
    const n = item.options.filter((o) => o.correct).length;
    if (n < 1 || n === item.options.length) out.push(`multi needs at least one correct and one wrong option (has ${n} of ${item.options.length} correct)`);
  }
  if (item.type === "predict" && !item.options === !item.accept) out.push("predict needs either options (pick the output) or accept (type it), not both");
  if (item.type === "predict" && !item.code) out.push("predict needs code: the manifest and the command whose output is asked");
  try {
    for (const seed of [1, 2, 3]) drawQuizParameters(item.id, item.parameters, seed);
  } catch (e) {
    out.push(`parameters: ${(e as Error).message}`);
  }
  return out;
}

/** Loads and validates every bank; throws on the first invalid file, duplicate id or broken rule. */
export function loadItemsFrom(root: string): LoadedItem[] {
  const out: LoadedItem[] = [];
  const seen = new Map<string, string>();
  for (const file of yamlFiles(root)) {
    let raw: unknown;
    try {
      raw = parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
      throw new QuizFileError(`${file}: ${(e as Error).message}`);
    }
    const parsed = BankSchema.safeParse(raw);
    if (!parsed.success) throw new QuizFileError(`${file}: ${parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    for (const item of parsed.data) {
      if (seen.has(item.id)) throw new QuizFileError(`${file}: duplicate item id ${item.id} (also in ${seen.get(item.id)})`);
      seen.set(item.id, file);
      const problems = itemProblems(item);
      if (problems.length) throw new QuizFileError(`${file}: item ${item.id}: ${problems.join("; ")}`);
      out.push({ item, file });
    }
  }
  return out;
}

let bank: { all: LoadedItem[]; byId: Map<string, LoadedItem> } | null = null;

/** All items of this checkout, loaded once (again on every call in `next dev`, to pick up edits). */
export function quizBank(): { all: LoadedItem[]; byId: Map<string, LoadedItem> } {
  if (!bank || process.env.NODE_ENV === "development") {
    const all = loadItemsFrom(defaultQuizRoot());
    bank = { all, byId: new Map(all.map((l) => [l.item.id, l])) };
  }
  return bank;
}

/** One item by id, or null. */
export function getItem(id: string): Item | null {
  return quizBank().byId.get(id)?.item ?? null;
}
