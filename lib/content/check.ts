import fs from "node:fs/promises";
import path from "node:path";
import { ExerciseFileError, loadExercisesFrom } from "#lib/exercise/loader";
import { loadItemsFrom, QuizFileError, type LoadedItem } from "#lib/quiz/loader";
import { ContentError } from "./errors";
import { flowScenarioIds } from "./flow-scenarios";
import { loadGlossary } from "./glossary";
import { parseLessonDir } from "./lesson-schema";
import { parseLessonFrontmatter, type LessonMeta } from "./lessons";
import { getCompiledLesson, type KnownNames } from "./mdx";

export type CheckContentOptions = {
  lessonsDir: string;
  glossaryDir: string;
  /** Registered figure names (app/_components/mdx/figures/index.ts). */
  figures: Iterable<string>;
  scenarios?: Iterable<string>;
  /** Compile every lesson too (the slow part); on by default. */
  compile?: boolean;
  /** Where compiled lessons are cached for the server; null for none. */
  diskCache?: string | null;
  /** The quiz banks (content/quizzes); null to skip the quiz checks. Default: beside the lessons folder. */
  quizDir?: string | null;
  /** How many `<Quiz id>` check-questions each lesson must embed (default 3). */
  minCheckQuestions?: number;
};

/** Check-questions every lesson embeds at least. */
export const MIN_CHECK_QUESTIONS = 3;

export type CheckContentResult = { problems: string[]; lessons: number; files: number };

const rel = (p: string) => path.relative(process.cwd(), p) || p;
const message = (e: unknown) => (e instanceof ContentError ? e.message : `unexpected error: ${(e as Error).stack ?? String(e)}`);
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Every rule of content/AUTHORING.md that a machine can check: frontmatter, ko/en agreement,
 * prerequisites, glossary, Term/Figure/FlowPlayer names, that each lesson compiles, and that every
 * `<Exercise id>` is a valid exercise of the lesson's own exercises/ folder, and that each lesson's page
 * embeds every exercise of its folder (completion needs them all).
 * Returns all problems found (empty when the content is good) rather than stopping at the first.
 */
export async function checkContent(opts: CheckContentOptions): Promise<CheckContentResult> {
  const problems: string[] = [];
  const locales = ["ko", "en"] as const;

  let glossaryIds: Set<string> | null = null;
  try {
    glossaryIds = new Set(Object.keys(await loadGlossary(opts.glossaryDir)));
  } catch (e) {
    problems.push(message(e));
  }
  const known: KnownNames = {
    terms: glossaryIds,
    figures: new Set(opts.figures),
    scenarios: new Set(opts.scenarios ?? flowScenarioIds),
  };

  const entries = await fs.readdir(opts.lessonsDir, { withFileTypes: true }).catch(() => null);
  if (!entries) return { problems: [...problems, `${rel(opts.lessonsDir)}: no lessons folder`], lessons: 0, files: 0 };
  const dirs: string[] = [];
  for (const d of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!d.isDirectory()) continue;
    if (parseLessonDir(d.name)) dirs.push(d.name);
    else problems.push(`${rel(path.join(opts.lessonsDir, d.name))}: lesson folders are named NN-slug (two digits, kebab-case)`);
  }

  const metas = new Map<string, Partial<Record<"ko" | "en", LessonMeta>>>();
  const files: { dir: string; locale: "ko" | "en"; abs: string }[] = [];
  for (const dir of dirs) {
    const byLocale: Partial<Record<"ko" | "en", LessonMeta>> = {};
    for (const locale of locales) {
      const abs = path.join(opts.lessonsDir, dir, `${locale}.mdx`);
      const source = await fs.readFile(abs, "utf8").catch(() => null);
      if (source === null) {
        problems.push(`${rel(abs)}: missing (every lesson needs ko.mdx and en.mdx)`);
        continue;
      }
      files.push({ dir, locale, abs });
      try {
        byLocale[locale] = parseLessonFrontmatter(rel(abs), source, dir);
      } catch (e) {
        problems.push(message(e));
      }
    }
    metas.set(dir, byLocale);
  }

  const slugs = new Map<string, string>();
  const orders = new Map<number, string>();
  for (const dir of dirs) {
    const { order, slug } = parseLessonDir(dir)!;
    if (slugs.has(slug)) problems.push(`${rel(path.join(opts.lessonsDir, dir))}: slug "${slug}" is also used by ${slugs.get(slug)}`);
    else slugs.set(slug, dir);
    if (orders.has(order)) problems.push(`${rel(path.join(opts.lessonsDir, dir))}: number ${order} is also used by ${orders.get(order)}`);
    else orders.set(order, dir);
  }

  for (const [dir, { ko, en }] of metas) {
    const where = rel(path.join(opts.lessonsDir, dir));
    for (const meta of [ko, en]) {
      if (!meta) continue;
      for (const p of meta.prerequisites) {
        if (p === meta.slug) problems.push(`${where}: prerequisite "${p}" is the lesson itself`);
        else if (!slugs.has(p)) problems.push(`${where}/${meta === ko ? "ko" : "en"}.mdx: frontmatter field "prerequisites": no lesson with slug "${p}"`);
      }
    }
    if (!ko || !en) continue;
    const differ = (field: string, a: unknown, b: unknown) => problems.push(`${where}: ko.mdx and en.mdx disagree on "${field}" (${JSON.stringify(a)} vs ${JSON.stringify(b)})`);
    if (ko.minutes !== en.minutes) differ("minutes", ko.minutes, en.minutes);
    if (!sameList(ko.domains, en.domains)) differ("domains", ko.domains, en.domains);
    if (!sameList([...ko.prerequisites].sort(), [...en.prerequisites].sort())) differ("prerequisites", ko.prerequisites, en.prerequisites);
    if (ko.objectives.length !== en.objectives.length) differ("objectives (count)", ko.objectives.length, en.objectives.length);
  }

  if (opts.compile !== false) {
    const exerciseOwners = exerciseLessons(opts.lessonsDir, problems);
    const usage = new Map<string, Partial<Record<"ko" | "en", { figures: string[]; scenarios: string[]; exercises: string[]; quizzes: string[]; anchors: string[] }>>>();
    for (const f of files) {
      try {
        const compiled = await getCompiledLesson(f.abs, known, { diskCache: opts.diskCache ?? null });
        usage.set(f.dir, { ...usage.get(f.dir), [f.locale]: { ...compiled.usage, anchors: compiled.toc.map((t) => t.id) } });
        for (const id of compiled.usage.exercises) {
          const owner = exerciseOwners?.get(id);
          if (!exerciseOwners || owner === f.dir) continue;
          if (!owner) problems.push(`${rel(f.abs)}: <Exercise id="${id}">: no such exercise (content/lessons/*/exercises/${id}.yaml)`);
          else problems.push(`${rel(f.abs)}: <Exercise id="${id}">: the exercise belongs to lesson ${owner}; a lesson embeds only exercises from its own folder (${f.dir}/exercises/)`);
        }
      } catch (e) {
        problems.push(message(e));
      }
    }
    for (const [dir, { ko, en }] of usage) {
      if (!ko || !en) continue;
      const where = rel(path.join(opts.lessonsDir, dir));
      if (!sameList(ko.figures, en.figures)) problems.push(`${where}: ko.mdx and en.mdx use different figures (${ko.figures.join(", ") || "none"} vs ${en.figures.join(", ") || "none"})`);
      if (!sameList(ko.scenarios, en.scenarios)) problems.push(`${where}: ko.mdx and en.mdx use different FlowPlayer scenarios (${ko.scenarios.join(", ") || "none"} vs ${en.scenarios.join(", ") || "none"})`);
      const [koEx, enEx] = [[...ko.exercises].sort(), [...en.exercises].sort()];
      if (!sameList(koEx, enEx)) problems.push(`${where}: ko.mdx and en.mdx embed different exercises (${koEx.join(", ") || "none"} vs ${enEx.join(", ") || "none"})`);
    }
    const quizDir = opts.quizDir === undefined ? path.join(opts.lessonsDir, "..", "quizzes") : opts.quizDir;
    if (quizDir) checkQuizzes(quizDir, usage, slugs, opts.minCheckQuestions ?? MIN_CHECK_QUESTIONS, opts.lessonsDir, problems);
    // A lesson is completed only when every exercise of its folder is passed (lib/data/progress.ts), so each
    // must be on the lesson's page in both languages; otherwise the learner cannot find what completion needs.
    for (const [id, owner] of exerciseOwners ?? []) {
      for (const locale of locales) {
        const used = usage.get(owner)?.[locale]; // absent when the file is missing or did not compile (reported above)
        if (used && !used.exercises.includes(id)) {
          problems.push(`${rel(path.join(opts.lessonsDir, owner, `${locale}.mdx`))}: exercise "${id}" (${owner}/exercises/${id}.yaml) is embedded nowhere on its lesson's page; add <Exercise id="${id}" /> where the lesson teaches it (completing the lesson requires it)`);
        }
      }
    }
  }

  return { problems, lessons: dirs.length, files: files.length };
}

/** Exercise id -> lesson folder, from the validated exercise files; null (and a problem) when one does not load. */
function exerciseLessons(lessonsDir: string, problems: string[]): Map<string, string> | null {
  try {
    return new Map(loadExercisesFrom(lessonsDir).map((e) => [e.exercise.id, e.lessonDir]));
  } catch (e) {
    if (!(e instanceof ExerciseFileError)) throw e;
    problems.push(e.message.replaceAll(lessonsDir, rel(lessonsDir)));
    return null;
  }
}

type Usage = Map<string, Partial<Record<"ko" | "en", { quizzes: string[]; anchors: string[] }>>>;

/**
 * Quiz items against the lessons: each item's lesson exists and its anchors are headings of that lesson in
 * each language; each `<Quiz id>` names an item of the bank that links back to the same lesson; ko and en
 * embed the same items; every lesson embeds at least `min`.
 */
function checkQuizzes(quizDir: string, usage: Usage, slugs: Map<string, string>, min: number, lessonsDir: string, problems: string[]) {
  let items: LoadedItem[];
  try {
    items = loadItemsFrom(quizDir);
  } catch (e) {
    if (!(e instanceof QuizFileError)) throw e;
    problems.push(e.message.replaceAll(quizDir, rel(quizDir)));
    return;
  }
  const byId = new Map(items.map((l) => [l.item.id, l]));
  for (const { item, file } of items) {
    const dir = slugs.get(item.lesson.slug);
    if (!dir) {
      problems.push(`${rel(file)}: item ${item.id}: lesson "${item.lesson.slug}" does not exist`);
      continue;
    }
    for (const locale of ["ko", "en"] as const) {
      const anchors = usage.get(dir)?.[locale]?.anchors;
      if (anchors && !anchors.includes(item.lesson.anchor[locale])) {
        problems.push(`${rel(file)}: item ${item.id}: lesson.anchor.${locale} "${item.lesson.anchor[locale]}" is not a heading of ${dir}/${locale}.mdx (npm run -s content:anchors ${item.lesson.slug})`);
      }
    }
  }
  for (const [dir, { ko, en }] of usage) {
    const where = rel(path.join(lessonsDir, dir));
    const slug = dir.replace(/^\d+-/, "");
    for (const [locale, u] of [["ko", ko], ["en", en]] as const) {
      if (!u) continue;
      for (const id of u.quizzes) {
        const l = byId.get(id);
        if (!l) problems.push(`${where}/${locale}.mdx: <Quiz id="${id}">: no such quiz item (content/quizzes/**/*.yaml)`);
        else if (l.item.lesson.slug !== slug) problems.push(`${where}/${locale}.mdx: <Quiz id="${id}">: the item links to lesson "${l.item.lesson.slug}"; embed it there, or point its lesson at this one`);
      }
      if (u.quizzes.length < min) problems.push(`${where}/${locale}.mdx: embeds ${u.quizzes.length} check-question(s) (<Quiz id>); every lesson needs at least ${min}`);
    }
    if (ko && en) {
      const [a, b] = [[...ko.quizzes].sort(), [...en.quizzes].sort()];
      if (!sameList(a, b)) problems.push(`${where}: ko.mdx and en.mdx embed different check-questions (${a.join(", ") || "none"} vs ${b.join(", ") || "none"})`);
    }
  }
}
