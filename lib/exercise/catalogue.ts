// The exercise catalogue's filters: parsed from a page's query string, applied to the exercise list (pure).
import { z } from "zod";
import { DIFFICULTIES, DOMAINS } from "./schema";

export const EXERCISE_STATUSES = ["NOT_STARTED", "IN_PROGRESS", "PASSED"] as const;
export type CatalogueStatus = (typeof EXERCISE_STATUSES)[number];

const one = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (Array.isArray(v) ? v[0] : v) || undefined, s.optional()).catch(undefined);

/** The catalogue's query string; an unknown or malformed value means "no filter" rather than an error page. */
export const CatalogueFilterSchema = z.object({
  lesson: one(z.string().regex(/^[a-z0-9-]{1,80}$/)),
  domain: one(z.enum(DOMAINS)),
  difficulty: one(z.enum(DIFFICULTIES)),
  status: one(z.enum(EXERCISE_STATUSES)),
});
export type CatalogueFilter = z.infer<typeof CatalogueFilterSchema>;

export type CatalogueEntry = { id: string; lessonSlug: string; domain: (typeof DOMAINS)[number]; difficulty: (typeof DIFFICULTIES)[number]; status: CatalogueStatus | null };

/** The entries that match every filter set; the status filter applies only when statuses are known (signed in). */
export function filterCatalogue<T extends CatalogueEntry>(entries: readonly T[], f: CatalogueFilter): T[] {
  return entries.filter(
    (e) =>
      (!f.lesson || e.lessonSlug === f.lesson) &&
      (!f.domain || e.domain === f.domain) &&
      (!f.difficulty || e.difficulty === f.difficulty) &&
      (!f.status || e.status === null || e.status === f.status),
  );
}
