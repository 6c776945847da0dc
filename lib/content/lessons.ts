import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { Locale } from "#lib/i18n/routing";
import { LessonFrontmatterSchema, parseLessonDir, splitFrontmatter, type LessonFrontmatter } from "./lesson-schema";

export type LessonMeta = LessonFrontmatter & { slug: string; dir: string };

const lessonsRoot = () => path.join(/*turbopackIgnore: true*/ process.cwd(), "content", "lessons");

export class ContentError extends Error {}

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
