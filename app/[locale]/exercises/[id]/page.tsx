import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { notFound } from "next/navigation";
import { Exercise } from "#app/_components/workspace";
import { getLesson } from "#lib/content/lessons";
import { getExercise } from "#lib/exercise/loader";
import { Link } from "#lib/i18n/navigation";
import type { Locale } from "#lib/i18n/routing";

type Params = { params: Promise<{ locale: Locale; id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { locale, id } = await params;
  const found = getExercise(id);
  if (!found) return {};
  return { title: found.exercise.title[locale], alternates: { languages: { ko: `/ko/exercises/${id}`, en: `/en/exercises/${id}` } } };
}

// Only the id and the localized title leave the server here: the task (with the attempt's parameters),
// hints and results come from the exercise API, and checks and the solution never reach this page.
export default async function ExercisePage({ params }: Params) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const found = getExercise(id);
  if (!found) notFound();
  const { exercise, lessonSlug } = found;
  const [t, lesson] = await Promise.all([getTranslations("exercisePage"), getLesson(lessonSlug, locale)]);

  return (
    <article aria-labelledby="exercise-title">
      <header className="mb-6">
        {lesson && (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            <Link href={`/lessons/${lessonSlug}`} className="font-medium text-brand-600 underline dark:text-brand-100">
              {t("fromLesson", { n: lesson.lesson.order, title: lesson.lesson.title })}
            </Link>
            {exercise.minutes && <span> · {t("minutes", { minutes: exercise.minutes })}</span>}
          </p>
        )}
        <h1 id="exercise-title" className="mt-1 text-3xl font-bold tracking-tight">
          {exercise.title[locale]}
        </h1>
      </header>
      <Exercise id={id} page />
    </article>
  );
}
