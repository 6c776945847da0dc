import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeader } from "#app/_components/page-header";
import { requireRole } from "#lib/auth/session";
import { getCohortLearner } from "#lib/data/teach-learner";
import { listLearnerExams } from "#lib/data/exam-results";
import { Link } from "#lib/i18n/navigation";
import type { Locale } from "#lib/i18n/routing";
import { ActionButton } from "../../_components/manage-forms";
import { LearnerExams } from "../../_components/exams";

type Props = { params: Promise<{ locale: Locale; cohortId: string; userId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("teach.learner"))("title") };
}

export default async function CohortLearnerPage({ params }: Props) {
  const { locale, cohortId, userId } = await params;
  setRequestLocale(locale);
  const user = await requireRole("INSTRUCTOR", locale, `/teach/${cohortId}/learners/${userId}`);
  const [d, exams] = await Promise.all([getCohortLearner(user, cohortId, userId, locale), listLearnerExams(user, cohortId, userId, locale)]);
  if (!d || !exams) notFound();
  const t = await getTranslations("teach.learner");
  const fmt = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  const at = (iso: string) => fmt.format(new Date(iso));

  return (
    <div>
      <p className="mb-2 text-sm">
        <Link href={`/teach/${cohortId}`} className="text-brand-600 underline dark:text-brand-100">{t("back")}</Link>
      </p>
      <PageHeader title={d.learner.name} intro={t("intro", { email: d.learner.email, joined: at(d.learner.joinedAt), exam: d.learner.examDate ?? "—" })}>
        <ActionButton kind="removeLearner" cohortId={cohortId} userId={userId} label={t("remove")} confirm={t("removeConfirm", { name: d.learner.name })} />
      </PageHeader>

      <section aria-labelledby="attempts-title" className="mb-10">
        <h2 id="attempts-title" className="mb-3 text-xl font-semibold">{t("attempts")}</h2>
        {d.attempts.length === 0 ? <p>{t("none")}</p> : (
          <table className="w-full text-sm" data-testid="learner-attempts">
            <thead>
              <tr className="text-left text-slate-500">
                <th scope="col" className="py-1 pr-3 font-normal">{t("exercise")}</th>
                <th scope="col" className="pr-3 font-normal">{t("started")}</th>
                <th scope="col" className="pr-3 font-normal">{t("status")}</th>
                <th scope="col" className="pr-3 font-normal">{t("commands")}</th>
                <th scope="col" className="pr-3 font-normal">{t("gradings")}</th>
                <th scope="col" className="font-normal">{t("replay")}</th>
              </tr>
            </thead>
            <tbody>
              {d.attempts.map((a) => (
                <tr key={a.id} className="border-t border-slate-100 align-top dark:border-slate-800">
                  <td className="py-1 pr-3">{a.title}{a.hintsUsed > 0 || a.solutionRevealed ? <span className="block text-xs text-slate-500">{t("help", { hints: a.hintsUsed, solution: a.solutionRevealed ? t("yes") : t("no") })}</span> : null}</td>
                  <td className="pr-3">{at(a.startedAt)}</td>
                  <td className="pr-3">{a.status === "PASSED" ? t("passed") : t("inProgress")}</td>
                  <td className="pr-3 tabular-nums">{a.commands}</td>
                  <td className="pr-3">
                    <ol className="list-decimal pl-4">
                      {a.grades.map((g, k) => (
                        <li key={k}>
                          {t("grade", { score: g.score, result: g.passed ? t("passed") : t("notPassed") })}
                          {g.failed.length > 0 && <ul className="text-xs text-slate-600 dark:text-slate-400">{g.failed.map((f) => <li key={f.id}>{f.explanation ?? f.id}</li>)}</ul>}
                        </li>
                      ))}
                    </ol>
                  </td>
                  <td>
                    <Link href={`/teach/${cohortId}/learners/${userId}/attempts/${a.id}`} className="text-brand-600 underline dark:text-brand-100">{t("replayLink")}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <LearnerExams exams={exams} />

      <section aria-labelledby="lessons-title" className="mb-10">
        <h2 id="lessons-title" className="mb-3 text-xl font-semibold">{t("lessons")}</h2>
        {d.lessons.length === 0 ? <p>{t("none")}</p> : (
          <ul className="text-sm">
            {d.lessons.map((l) => (
              <li key={l.lessonSlug}>{l.lessonSlug}: {l.status === "COMPLETED" ? t("completed") : `${l.percent}%`} · {t("minutes", { n: Math.round(l.timeSpentSec / 60) })} · {at(l.updatedAt)}</li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="answers-title" className="mb-10">
        <h2 id="answers-title" className="mb-3 text-xl font-semibold">{t("answers")}</h2>
        {d.answers.length === 0 ? <p>{t("none")}</p> : (
          <ul className="space-y-1 text-sm">
            {d.answers.map((q) => (
              <li key={q.id}>{q.correct ? "✔" : "✘"} <span className="font-mono text-xs">{q.itemId}</span> {q.stem} · {t(`context.${q.context === "lesson" || q.context === "review" ? q.context : "practice"}`)}{q.first ? ` · ${t("firstAnswer")}` : ""} · {at(q.at)}</li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title" className="mb-3 text-xl font-semibold">{t("timeline")}</h2>
        <ol className="space-y-1 text-sm" data-testid="learner-timeline">
          {d.timeline.map((e, k) => (
            <li key={k}>
              <span className="tabular-nums text-slate-500">{at(e.at)}</span>{" "}
              {e.kind === "lesson" ? t("event.lesson", { lesson: e.lessonSlug, percent: e.percent })
                : e.kind === "attempt" ? t("event.attempt", { exercise: e.title })
                : e.kind === "grade" ? t("event.grade", { exercise: e.title, score: e.score, result: e.passed ? t("passed") : t("notPassed") })
                : t("event.answer", { item: e.itemId, result: e.correct ? t("right") : t("wrong") })}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
