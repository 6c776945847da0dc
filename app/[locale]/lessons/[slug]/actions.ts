"use server";
import { revalidatePath } from "next/cache";
import { getCurrentUser } from "#lib/auth/session";
import { SlugSchema } from "#lib/content/lesson-schema";
import { listLessons } from "#lib/content/lessons";
import { lessonExercisesPassed, markLessonCompleted, ReadingReportSchema, recordLessonReading } from "#lib/data/progress";

async function isLesson(slug: string): Promise<boolean> {
  return (await listLessons("ko")).some((l) => l.slug === slug);
}

/** Reading progress from the lesson page (percent scrolled, seconds visible); signed-in learners only. */
export async function recordReadingAction(input: unknown): Promise<{ ok: boolean }> {
  const parsed = ReadingReportSchema.safeParse(input);
  if (!parsed.success) return { ok: false };
  const user = await getCurrentUser();
  if (!user || !(await isLesson(parsed.data.lessonSlug))) return { ok: false };
  await recordLessonReading(user, parsed.data);
  return { ok: true };
}

/** "Mark complete": a plain form post, so it works before (or without) JavaScript. */
export async function markLessonCompleteAction(slug: unknown): Promise<void> {
  const parsed = SlugSchema.safeParse(slug);
  if (!parsed.success || !(await isLesson(parsed.data))) return;
  const user = await getCurrentUser();
  if (!user) return;
  // A lesson with exercises is complete only once all of them are passed (issue 6).
  if (!(await lessonExercisesPassed(user, parsed.data))) return;
  await markLessonCompleted(user, parsed.data);
  revalidatePath("/[locale]/lessons/[slug]", "page");
}
