import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeader } from "#app/_components/page-header";
import { SignInNotice } from "#app/_components/sign-in-notice";
import { getCurrentUser } from "#lib/auth/session";
import { examStoreFor } from "#lib/data/exams";
import { ExamError, examResult, type ExamResultView } from "#lib/exam/service";
import { Link } from "#lib/i18n/navigation";
import type { Locale } from "#lib/i18n/routing";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("exam"))("resultTitle") };
}

/** The result: total and pass/fail, points per domain and competency, and per task every check with its explanation, the commands and the reference solution. */
export default async function ExamResultPage({ params }: { params: Promise<{ locale: Locale; examId: string }> }) {
  const { locale, examId } = await params;
  setRequestLocale(locale);
  const [t, tq, user] = await Promise.all([getTranslations("exam"), getTranslations("quiz"), getCurrentUser()]);
  if (!user) return <SignInNotice text={t("signIn")} linkLabel={t("signInLink")} returnTo={`/${locale}/exam/${examId}/result`} className="" />;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(examId)) notFound();
  let r: ExamResultView;
  try {
    r = await examResult(examStoreFor(user), examId, locale, new Date());
  } catch (e) {
    if (e instanceof ExamError && e.code === "notFound") notFound();
    if (e instanceof ExamError && e.code === "notOver") {
      return (
        <div>
          <PageHeader title={t("resultTitle")} />
          <p>{t("notOver")}</p>
          <Link href={`/exam/${examId}`} className="text-brand-600 underline dark:text-brand-100">
            {t("resume")}
          </Link>
        </div>
      );
    }
    throw e;
  }
  const s = r.summary;
  return (
    <div>
      <PageHeader title={t("resultTitle")} intro={r.title} />
      <p className="text-2xl font-semibold" data-testid="exam-total">
        {t("total", { earned: s.earned, points: s.points, percent: s.percent })}{" "}
        <span className={s.passed ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}>{s.passed ? t("pass") : t("fail")}</span>
      </p>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t("passMark", { pass: r.passPercent })}</p>

      <div className="mt-6 grid gap-6 md:grid-cols-2">
        <ScoreTable title={t("byDomain")} rows={s.domains.map((d) => ({ key: d.domain, label: tq(`domains.${d.domain}` as "domains.troubleshooting"), ...d }))} />
        <ScoreTable title={t("byCompetency")} rows={s.competencies.map((c) => ({ key: c.competency, label: tq(`competencies.${c.competency}` as "competencies.ts-nodes"), ...c }))} />
      </div>

      <h2 className="mb-2 mt-8 text-lg font-semibold">{t("byTask")}</h2>
      <ol className="space-y-4">
        {r.tasks.map((task) => (
          <li key={task.taskId} className="rounded-lg border border-slate-200 p-4 dark:border-slate-800" data-testid="result-task">
            <h3 className="font-semibold">
              {t("taskHeading", { n: task.position + 1, total: r.tasks.length, title: task.title })}{" "}
              <span className="font-mono text-sm font-normal">{t("earnedOf", { earned: task.earned, points: task.points })}</span>
            </h3>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {t("taskContext", { context: task.context })} · {t("timeSpent", { minutes: Math.round(task.seconds / 60) })}
            </p>
            <ul className="mt-2 space-y-1 text-sm">
              {task.checks.map((c) => (
                <li key={c.id}>
                  <span aria-hidden="true">{c.passed ? "✓ " : "✗ "}</span>
                  <span className="sr-only">{c.passed ? t("checkPassed") : t("checkFailed")} </span>
                  {c.title}
                  {c.explanation && <span className="block pl-5 text-slate-600 dark:text-slate-400">{c.explanation}</span>}
                </li>
              ))}
            </ul>
            <details className="mt-2 text-sm">
              <summary className="cursor-pointer">{t("yourCommands", { count: task.commands.length })}</summary>
              <pre className="mt-1 overflow-x-auto rounded bg-slate-900 p-2 font-mono text-xs text-slate-100">{task.commands.map((c) => `[${c.context}] $ ${c.line}`).join("\n") || "—"}</pre>
            </details>
            <details className="mt-1 text-sm">
              <summary className="cursor-pointer">{t("solution")}</summary>
              <pre className="mt-1 overflow-x-auto rounded bg-slate-900 p-2 font-mono text-xs text-slate-100">{[`kubectl config use-context ${task.context}`, ...task.solution].join("\n")}</pre>
            </details>
          </li>
        ))}
      </ol>
      <p className="mt-6 text-sm">
        {t("reviewHint")}{" "}
        <Link href="/review" className="text-brand-600 underline dark:text-brand-100">
          {t("reviewLink")}
        </Link>
      </p>
    </div>
  );
}

/** Points earned of points possible per row (a domain or a competency). */
function ScoreTable({ title, rows }: { title: string; rows: { key: string; label: string; earned: number; points: number }[] }) {
  return (
    <section>
      <h2 className="mb-2 font-semibold">{title}</h2>
      <table className="w-full text-sm">
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className="border-b border-slate-200 dark:border-slate-800">
              <th scope="row" className="py-1 text-left font-normal">{r.label}</th>
              <td className="py-1 text-right font-mono">
                {r.earned} / {r.points} ({r.points ? Math.round((r.earned / r.points) * 100) : 0} %)
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
