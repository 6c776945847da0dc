import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { Locale } from "#lib/i18n/routing";
import { ContentError } from "./errors";
import { LessonFrontmatterSchema, parseLessonDir, splitFrontmatter, type LessonFrontmatter } from "./lesson-schema";

export { ContentError };

export type LessonMeta = LessonFrontmatter & { slug: string; dir: string };

export const lessonsRoot = () => path.join(/*turbopackIgnore: true*/ process.cwd(), "content", "lessons");

/** Reads and validates one lesson file's frontmatter; errors name the file and the field. */
export function parseLessonFrontmatter(file: string, source: string, dir: string): LessonMeta {
  const parts = splitFrontmatter(source);
  if (!parts) throw new ContentError(`${file}: missing frontmatter (--- ... ---)`);
  const parsedDir = parseLessonDir(dir);
  if (!parsedDir) throw new ContentError(`${file}: folder must be named NN-slug`);
  let data: unknown;
  try {
    data = parseYaml(parts.yaml);
  } catch (e) {
    throw new ContentError(`${file}: frontmatter is not valid YAML: ${(e as Error).message}`);
  }
  const result = LessonFrontmatterSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ContentError(`${file}: frontmatter field "${issue.path.join(".") || "(root)"}": ${issue.message}`);
  }
  if (result.data.order !== parsedDir.order) throw new ContentError(`${file}: frontmatter field "order" is ${result.data.order} but the folder says ${parsedDir.order}`);
  return { ...result.data, slug: parsedDir.slug, dir };
}

/** Path of one lesson's MDX file in a language. */
export function lessonFile(meta: Pick<LessonMeta, "dir">, locale: Locale, root = lessonsRoot()): string {
  return path.join(root, meta.dir, `${locale}.mdx`);
}

let cache: Promise<Record<Locale, LessonMeta[]>> | null = null;

async function loadAll(): Promise<Record<Locale, LessonMeta[]>> {
  const root = lessonsRoot();
  const dirs = (await fs.readdir(root, { withFileTypes: true }).catch(() => []))
    .filter((d) => d.isDirectory() && parseLessonDir(d.name))
    .map((d) => d.name)
    .sort();
  const out: Record<Locale, LessonMeta[]> = { ko: [], en: [] };
  for (const dir of dirs) {
    for (const locale of ["ko", "en"] as const) {
      const file = path.join(root, dir, `${locale}.mdx`);
      const source = await fs.readFile(file, "utf8").catch(() => null);
      if (source === null) continue;
      out[locale].push(parseLessonFrontmatter(path.relative(process.cwd(), file), source, dir));
    }
  }
  return out;
}

/** All lessons in a language, in course order. Read once per server process. */
export async function listLessons(locale: Locale): Promise<LessonMeta[]> {
  cache ??= loadAll();
  return (await cache)[locale] ?? [];
}

export type LessonWithNeighbours = {
  lesson: LessonMeta;
  prev: Pick<LessonMeta, "slug" | "title" | "order"> | null;
  next: Pick<LessonMeta, "slug" | "title" | "order"> | null;
  prerequisites: Pick<LessonMeta, "slug" | "title" | "order">[];
};

const brief = (l: LessonMeta) => ({ slug: l.slug, title: l.title, order: l.order });

/** One lesson in a language with its neighbours in course order and its prerequisites' titles, or null. */
export async function getLesson(slug: string, locale: Locale): Promise<LessonWithNeighbours | null> {
  const all = await listLessons(locale);
  const i = all.findIndex((l) => l.slug === slug);
  if (i < 0) return null;
  const lesson = all[i];
  const bySlug = new Map(all.map((l) => [l.slug, l]));
  return {
    lesson,
    prev: i > 0 ? brief(all[i - 1]) : null,
    next: i < all.length - 1 ? brief(all[i + 1]) : null,
    prerequisites: lesson.prerequisites.flatMap((p) => (bySlug.has(p) ? [brief(bySlug.get(p)!)] : [])),
  };
}
