import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { notFound } from "next/navigation";
import { SignInNotice } from "#app/_components/sign-in-notice";
import { createMdxComponents, figures, LessonBody } from "#app/_components/mdx";
import { getCurrentUser } from "#lib/auth/session";
import { flowScenarioIds } from "#lib/content/flow-scenarios";
import { getGlossary, pickGlossary } from "#lib/content/glossary";
import { getLesson, lessonFile } from "#lib/content/lessons";
import { getCompiledLesson } from "#lib/content/mdx";
import { exerciseStatusOf, listExerciseStatuses } from "#lib/data/learner";
import { getLessonProgress } from "#lib/data/progress";
import { getExercise, listLessonExerciseIds } from "#lib/exercise/loader";
import { presentItem } from "#app/api/_quiz/handlers";
import { gradeVariant, listLatestAnswers } from "#lib/data/quiz";
import { quizBank } from "#lib/quiz/loader";
import type { LessonQuiz } from "#app/_components/mdx";
import { StatusBadge } from "#app/_components/status-badge";
import { Link } from "#lib/i18n/navigation";
import type { Locale } from "#lib/i18n/routing";
import { markLessonCompleteAction } from "./actions";
import { ReadingTracker } from "./_components/reading-tracker";

type Params = { params: Promise<{ locale: Locale; slug: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { locale, slug } = await params;
  const found = await getLesson(slug, locale);
  if (!found) return {};
  return {
    title: found.lesson.title,
    description: found.lesson.summary,
    alternates: { languages: { ko: `/ko/lessons/${slug}`, en: `/en/lessons/${slug}` } },
  };
}

const ARTICLE_ID = "lesson-article";

export default async function LessonPage({ params }: Params) {
  const { locale, slug } = await params;
  setRequestLocale(locale);
  const found = await getLesson(slug, locale);
  if (!found) notFound();
  const { lesson, prev, next, prerequisites } = found;

  const [t, tc, tx, ts, user, glossary] = await Promise.all([
    getTranslations("lesson"),
    getTranslations("catalogue"),
    getTranslations("lessonExercises"),
    getTranslations("exerciseStatus"),
    getCurrentUser(),
    getGlossary(),
  ]);
  const [compiled, progress] = await Promise.all([
    getCompiledLesson(lessonFile(lesson, locale), {
      terms: new Set(Object.keys(glossary)),
      figures: new Set(Object.keys(figures)),
      scenarios: new Set(flowScenarioIds),
    }),
    user ? getLessonProgress(user, slug) : null,
  ]);
  // One read of the learner's attempts gives both the list's states and what completion still needs.
  const statuses = user ? await listExerciseStatuses(user) : null;
  const lessonIds = listLessonExerciseIds(slug);
  const passedIds = lessonIds.filter((id) => exerciseStatusOf(statuses, id) === "PASSED");
  const exercises = statuses ? { required: lessonIds, passed: passedIds, complete: passedIds.length === lessonIds.length } : null;
  // The lesson's exercises in the order its page shows them (the content check makes the two sets equal).
  const required = [...compiled.usage.exercises, ...(exercises?.required ?? []).filter((id) => !compiled.usage.exercises.includes(id))].flatMap((id) => {
    const found = getExercise(id);
    return found ? [{ id, title: found.exercise.title[locale], status: exerciseStatusOf(statuses, id) }] : [];
  });
  const quizzes = await lessonQuizzes(compiled.usage.quizzes, user, locale);
  const components = createMdxComponents({ locale, glossary: pickGlossary(glossary, compiled.usage.terms, locale), quizzes });
  const completed = progress?.status === "COMPLETED";

  return (
    <article id={ARTICLE_ID} aria-labelledby="lesson-title" className="grid gap-x-10 lg:grid-cols-[minmax(0,1fr)_15rem]">
      <header className="lg:col-start-1">
        <p className="flex flex-wrap gap-x-3 text-sm text-slate-600 dark:text-slate-400">
          <span>{tc("lessonNumber", { n: lesson.order })}</span>
          <span aria-hidden="true">·</span>
          <span>{tc("minutes", { minutes: lesson.minutes })}</span>
          {user && progress && (
            <>
              <span aria-hidden="true">·</span>
              <span data-testid="lesson-status">{completed ? t("completed") : t("inProgress", { percent: progress.percent })}</span>
            </>
          )}
        </p>
        <h1 id="lesson-title" className="mt-2 text-3xl font-bold tracking-tight sm:text-4xl">
          {lesson.title}
        </h1>
        <p className="mt-3 text-lg text-slate-600 dark:text-slate-300">{lesson.summary}</p>

        <ul aria-label={t("domains")} className="mt-4 flex flex-wrap gap-2 text-xs">
          {lesson.domains.map((d) => (
            <li key={d} className="rounded-full bg-slate-100 px-2.5 py-0.5 text-slate-700 dark:bg-slate-800 dark:text-slate-300">
              {tc(`domain.${d}`)}
            </li>
          ))}
        </ul>

        <section aria-labelledby="objectives-title" className="mt-6 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
          <h2 id="objectives-title" className="text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
            {t("objectives")}
          </h2>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            {lesson.objectives.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
          {prerequisites.length > 0 && (
            <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
              {t("prerequisites")}:{" "}
              {prerequisites.map((p, i) => (
                <span key={p.slug}>
                  {i > 0 && ", "}
                  <Link href={`/lessons/${p.slug}`} className="font-medium text-brand-600 underline dark:text-brand-100">
                    {p.order}. {p.title}
                  </Link>
                </span>
              ))}
            </p>
          )}
        </section>

        {!user && (
          <SignInNotice text={t("signInToSave")} linkLabel={t("signInLink")} returnTo={`/${locale}/lessons/${slug}`} className="mt-6" />
        )}
      </header>

      {compiled.toc.length > 0 && (
        <aside className="mt-8 lg:col-start-2 lg:row-span-2 lg:row-start-1 lg:mt-0">
          <nav aria-labelledby="toc-title" className="rounded-lg border border-slate-200 p-4 text-sm lg:sticky lg:top-6 lg:max-h-[calc(100vh-3rem)] lg:overflow-y-auto lg:border-0 lg:p-0 dark:border-slate-800">
            <h2 id="toc-title" className="mb-2 font-semibold text-slate-900 dark:text-white">
              {t("toc")}
            </h2>
            <ol className="space-y-1.5">
              {compiled.toc.map((h) => (
                <li key={h.id} className={h.depth === 3 ? "pl-4" : undefined}>
                  <a href={`#${h.id}`} className="text-slate-600 hover:text-brand-600 hover:underline dark:text-slate-400 dark:hover:text-brand-100">
                    {h.text}
                  </a>
                </li>
              ))}
            </ol>
          </nav>
        </aside>
      )}

      <div className="mt-8 min-w-0 lg:col-start-1">
        <LessonBody code={compiled.code} components={components} />

        {required.length > 0 && (
          <section aria-labelledby="lesson-exercises-title" className="mt-12 rounded-lg border border-slate-200 p-4 dark:border-slate-800" data-testid="lesson-exercises">
            <h2 id="lesson-exercises-title" className="text-lg font-semibold">
              {tx("title")}
            </h2>
            {user && exercises && (
              <p className="mt-1 text-sm text-slate-700 dark:text-slate-300" data-testid="exercises-required">
                {tx("required", { passed: exercises.passed.length, total: exercises.required.length })}
              </p>
            )}
            <ul className="mt-3 space-y-2">
              {required.map((e) => (
                <li key={e.id} className="flex flex-wrap items-center gap-3" data-testid={`lesson-exercise-${e.id}`}>
                  <a href={`#exercise-${e.id}`} className="font-medium text-brand-600 underline dark:text-brand-100">
                    {e.title}
                  </a>
                  {user && <StatusBadge status={e.status} label={ts(e.status)} />}
                </li>
              ))}
            </ul>
            {!user && <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">{tx("signIn")}</p>}
          </section>
        )}

        {user && (
          <div className="mt-6 flex flex-wrap items-center gap-4 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
            {completed ? (
              <p role="status" className="font-medium text-emerald-700 dark:text-emerald-400">
                <span aria-hidden="true">✓ </span>
                {t("completedNote")}
              </p>
            ) : exercises && !exercises.complete ? (
              <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="completion-blocked">
                {t("exercisesRequired", { passed: exercises.passed.length, total: exercises.required.length })}
              </p>
            ) : (
              <form action={markLessonCompleteAction.bind(null, slug)}>
                <button type="submit" className="rounded-md bg-brand-500 px-4 py-2 font-medium text-white hover:bg-brand-600">
                  {t("markComplete")}
                </button>
              </form>
            )}
          </div>
        )}

        <nav aria-label={t("pager")} className="mt-10 grid gap-4 border-t border-slate-200 pt-6 sm:grid-cols-2 dark:border-slate-800">
          {prev ? (
            <Link href={`/lessons/${prev.slug}`} rel="prev" className="rounded-lg border border-slate-200 p-4 hover:border-brand-500 dark:border-slate-800">
              <span className="block text-xs text-slate-600 dark:text-slate-400">← {t("prev")}</span>
              <span className="font-medium">
                {prev.order}. {prev.title}
              </span>
            </Link>
          ) : (
            <span />
          )}
          {next && (
            <Link href={`/lessons/${next.slug}`} rel="next" className="rounded-lg border border-slate-200 p-4 text-right hover:border-brand-500 dark:border-slate-800">
              <span className="block text-xs text-slate-600 dark:text-slate-400">{t("next")} →</span>
              <span className="font-medium">
                {next.order}. {next.title}
              </span>
            </Link>
          )}
        </nav>
      </div>

      {user && <ReadingTracker slug={slug} articleId={ARTICLE_ID} />}
    </article>
  );
}

/** Each embedded check-question: the learner's last answered variant with its verdict, or a fresh variant. */
async function lessonQuizzes(ids: string[], user: { id: string } | null, locale: Locale): Promise<Record<string, LessonQuiz>> {
  const latest = user ? await listLatestAnswers(user, ids) : new Map();
  const out: Record<string, LessonQuiz> = {};
  for (const id of ids) {
    const item = quizBank().byId.get(id)?.item;
    if (!item) continue;
    const prev = latest.get(id);
    const seed = prev?.seed ?? ((crypto.getRandomValues(new Uint32Array(1))[0] >>> 1) || 1);
    const presented = presentItem(user?.id ?? "", id, seed, locale, "lesson");
    if (!presented) continue;
    let answered: LessonQuiz["answered"] = null;
    if (prev) {
      try {
        answered = { response: prev.response, feedback: { ...(await gradeVariant(item, seed, locale, prev.response)), saved: true } };
      } catch {
        answered = null; // a stored command answer that no longer runs in time: offer the item fresh
      }
    }
    out[id] = { presented, answered };
  }
  return out;
}
