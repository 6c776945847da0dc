import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { notFound } from "next/navigation";
import { presentItem } from "#app/api/_quiz/handlers";
import { PageHeader } from "#app/_components/page-header";
import { QuizItem } from "#app/_components/quiz/quiz-item";
import { requireUser } from "#lib/auth/session";
import { listLessons } from "#lib/content/lessons";
import { getPracticeSet, gradeVariant } from "#lib/data/quiz";
import { Link } from "#lib/i18n/navigation";
import type { Locale } from "#lib/i18n/routing";
import { quizBank } from "#lib/quiz/loader";
import { finishPracticeAction, startPracticeAction } from "../actions";

type Props = { params: Promise<{ locale: Locale; id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("quiz"))("title") };
}

/** A practice set: its items to answer one by one, then (once finished) the result per competency. */
export default async function PracticePage({ params }: Props) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const user = await requireUser(locale, `/quiz/${id}`);
  const set = await getPracticeSet(user, id);
  if (!set) notFound();
  const [t, lessons] = await Promise.all([getTranslations("quiz"), listLessons(locale)]);
  const bank = quizBank();
  const name =
    set.kind === "mixed" ? t("mixedName") : set.kind === "domain" ? t(`domains.${set.key}` as "domains.storage") : set.kind === "competency" ? t(`competencies.${set.key}` as "competencies.ts-nodes") : (lessons.find((l) => l.slug === set.key)?.title ?? set.key);
  const items = (
    await Promise.all(
      set.items.map(async (it, k) => {
        const item = bank.byId.get(it.itemId)?.item;
        const presented = item ? presentItem(user.id, it.itemId, it.seed, locale, "practice", set.id) : null;
        if (!item || !presented) return [];
        let answered = null;
        if (it.answer) {
          try {
            answered = { response: it.answer.response, feedback: { ...(await gradeVariant(item, it.seed, locale, it.answer.response)), saved: true } };
          } catch {
            answered = null;
          }
        }
        return [{ k, item, presented, answered, score: it.answer?.score ?? 0 }];
      }),
    )
  ).flat();
  const answeredCount = items.filter((x) => x.answered).length;
  const finished = Boolean(set.finishedAt);

  if (!finished) {
    return (
      <div>
        <PageHeader title={t("setTitle", { name })} intro={t("answered", { answered: answeredCount, total: items.length })} />
        {items.map((x) => (
          <QuizItem key={`${x.item.id}-${x.k}`} presented={x.presented} answered={x.answered} label={t("questionOf", { n: x.k + 1, total: items.length })} />
        ))}
        <form action={finishPracticeAction.bind(null, set.id, locale)} className="mt-8 flex flex-wrap items-center gap-3">
          <button type="submit" className="rounded-md bg-brand-500 px-4 py-2 font-medium text-white hover:bg-brand-600">
            {t("finish")}
          </button>
          <span className="text-sm text-slate-600 dark:text-slate-400">{t("finishHint")}</span>
        </form>
      </div>
    );
  }

  // The result: score per competency, then every item with the learner's answer, the verdict and the explanation.
  const total = items.reduce((s, x) => s + x.score, 0);
  const perComp = new Map<string, { n: number; score: number }>();
  for (const x of items) {
    for (const c of x.item.competencies) {
      const e = perComp.get(c) ?? { n: 0, score: 0 };
      perComp.set(c, { n: e.n + 1, score: e.score + x.score });
    }
  }
  return (
    <div>
      <PageHeader title={t("resultTitle", { name })} intro={t("answered", { answered: answeredCount, total: items.length })}>
        <p className="text-2xl font-bold tabular-nums" data-testid="practice-score">
          {t("score", { percent: Math.round((total / Math.max(1, items.length)) * 100) })}
        </p>
      </PageHeader>
      <section aria-labelledby="per-comp" className="mb-8">
        <h2 id="per-comp" className="mb-2 text-xl font-semibold">
          {t("perCompetency")}
        </h2>
        <table className="w-full max-w-2xl text-left text-sm" data-testid="per-competency">
          <thead className="border-b border-slate-200 text-slate-500 dark:border-slate-800">
            <tr>
              <th scope="col" className="py-2">{t("competency")}</th>
              <th scope="col" className="py-2 text-right">{t("itemsCol")}</th>
              <th scope="col" className="py-2 text-right">{t("scoreCol")}</th>
            </tr>
          </thead>
          <tbody>
            {[...perComp.entries()].map(([c, e]) => (
              <tr key={c} className="border-b border-slate-100 dark:border-slate-900">
                <td className="py-2">{t(`competencies.${c}` as "competencies.ts-nodes")}</td>
                <td className="py-2 text-right tabular-nums">{e.n}</td>
                <td className="py-2 text-right tabular-nums">{Math.round((e.score / e.n) * 100)}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {items.map((x) =>
        x.answered ? (
          <QuizItem key={`${x.item.id}-${x.k}`} presented={x.presented} answered={x.answered} label={t("questionOf", { n: x.k + 1, total: items.length })} />
        ) : (
          <section key={`${x.item.id}-${x.k}`} className="my-6 rounded-lg border border-dashed border-slate-300 p-4 text-sm dark:border-slate-700">
            <h3 className="mb-1 text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">{t("questionOf", { n: x.k + 1, total: items.length })}</h3>
            <p>{x.presented.view.stem.split("\n")[0]}</p>
            <p className="mt-1 text-slate-600 dark:text-slate-400">
              {t("notAnswered")} ·{" "}
              <Link href={x.presented.view.lessonHref} className="underline">
                {t("readLesson")}
              </Link>
            </p>
          </section>
        ),
      )}
      <div className="mt-8 flex flex-wrap gap-4">
        <form action={startPracticeAction}>
          <input type="hidden" name="kind" value={set.kind} />
          <input type="hidden" name="key" value={set.key} />
          <input type="hidden" name="locale" value={locale} />
          <button type="submit" className="rounded-md bg-brand-500 px-4 py-2 font-medium text-white hover:bg-brand-600">
            {t("again")}
          </button>
        </form>
        <Link href="/quiz" className="self-center text-brand-600 underline dark:text-brand-100">
          {t("backToQuiz")}
        </Link>
      </div>
    </div>
  );
}
