import { z } from "zod";

export const cka_domains = ["architecture", "workloads", "networking", "storage", "troubleshooting"] as const;
export type CkaDomain = (typeof cka_domains)[number];

export const SlugSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "kebab-case slug");

/** Lesson frontmatter (content/AUTHORING.md). */
export const LessonFrontmatterSchema = z.strictObject({
  title: z.string().min(3).max(80),
  summary: z.string().min(20).max(300),
  order: z.number().int().min(1).max(99),
  minutes: z.number().int().min(5).max(90),
  domains: z.array(z.enum(cka_domains)).min(1).max(3),
  objectives: z.array(z.string().min(3).max(200)).min(2).max(6),
  prerequisites: z.array(SlugSchema).default([]),
});
export type LessonFrontmatter = z.infer<typeof LessonFrontmatterSchema>;

/** "01-cluster-architecture" -> { order: 1, slug: "cluster-architecture" }, or null for other names. */
export function parseLessonDir(dir: string): { order: number; slug: string } | null {
  const m = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(dir);
  return m ? { order: Number(m[1]), slug: m[2] } : null;
}

/** Splits `---\nyaml\n---\nbody`; null if the file does not start with frontmatter. */
export function splitFrontmatter(source: string): { yaml: string; body: string } | null {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
  return m ? { yaml: m[1], body: m[2] } : null;
}
