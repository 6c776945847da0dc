import fs from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { Locale } from "#lib/i18n/routing";
import { ContentError } from "./errors";

const GlossaryTextSchema = z.strictObject({ term: z.string().min(1).max(80), definition: z.string().min(10).max(600) });
export const GlossaryEntrySchema = z.strictObject({ ko: GlossaryTextSchema, en: GlossaryTextSchema });
export type GlossaryEntry = z.infer<typeof GlossaryEntrySchema>;
export type Glossary = Record<string, GlossaryEntry>;
export type GlossaryText = { term: string; definition: string };

const IdSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "kebab-case id");

/** Reads every content/glossary/*.yaml into one map; errors name the file and the id. Ids must be unique across files. */
export async function loadGlossary(dir: string): Promise<Glossary> {
  const files = (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith(".yaml") || f.endsWith(".yml")).sort();
  const out: Glossary = {};
  const seenIn = new Map<string, string>();
  for (const name of files) {
    const file = path.join(dir, name);
    const rel = path.relative(process.cwd(), file);
    let data: unknown;
    try {
      data = parseYaml(await fs.readFile(file, "utf8"));
    } catch (e) {
      throw new ContentError(`${rel}: not valid YAML: ${(e as Error).message}`);
    }
    if (data === null || data === undefined) continue;
    if (typeof data !== "object" || Array.isArray(data)) throw new ContentError(`${rel}: must be a map of id -> { ko, en }`);
    for (const [id, value] of Object.entries(data)) {
      if (!IdSchema.safeParse(id).success) throw new ContentError(`${rel}: glossary id "${id}" must be kebab-case`);
      const prev = seenIn.get(id);
      if (prev) throw new ContentError(`${rel}: glossary id "${id}" is already defined in ${prev}`);
      const parsed = GlossaryEntrySchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ContentError(`${rel}: glossary "${id}" field "${issue.path.join(".") || "(root)"}": ${issue.message}`);
      }
      seenIn.set(id, rel);
      out[id] = parsed.data;
    }
  }
  return out;
}

export const glossaryDir = () => path.join(/*turbopackIgnore: true*/ process.cwd(), "content", "glossary");

let cache: Promise<Glossary> | null = null;

/** The course glossary, read once per server process. */
export function getGlossary(): Promise<Glossary> {
  cache ??= loadGlossary(glossaryDir());
  return cache;
}

/** Only the entries a lesson uses, in one language: what the page passes to <Term>. */
export function pickGlossary(glossary: Glossary, ids: Iterable<string>, locale: Locale): Record<string, GlossaryText> {
  const out: Record<string, GlossaryText> = {};
  for (const id of ids) if (glossary[id]) out[id] = glossary[id][locale];
  return out;
}
