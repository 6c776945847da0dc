import { getTranslations } from "next-intl/server";
import { countDueReviews, getReadiness, MIN_EVIDENCE } from "#lib/data/quiz";
import { getMyExamDomains } from "#lib/data/exam-results";
import { combinedReadiness, EXAM_READINESS_EXAMS } from "#lib/teach/exam";
import { Link } from "#lib/i18n/navigation";
import { QUIZ_DOMAINS } from "#lib/quiz/schema";

const pct = (x: number) => Math.round(x * 100);

/** Readiness per CKA domain and competency, from evidence only, with one suggestion of what to do next. */
export async function Readiness({ user }: { user: { id: string } }) {
  const [t, tq, rows, due, exams] = await Promise.all([getTranslations("readiness"), getTranslations("quiz"), getReadiness(user), countDueReviews(user), getMyExamDomains(user)]);
  const quizOf = (d: string) => {
    const vals = rows.filter((r) => r.domain === d && r.readiness !== null);
    return vals.length ? vals.reduce((s, r) => s + r.readiness!, 0) / vals.length : null;
  };
  const examOf = new Map(exams.domains.map((d) => [d.domain as string, d]));
  const known = rows.filter((r) => r.readiness !== null);
  const weakest = [...known].sort((a, b) => a.readiness! - b.readiness!)[0];
  const untried = rows.find((r) => r.evidence === 0 && r.bankItems > 0);
  return (
    <section aria-labelledby="readiness-title" className="mt-10">
      <h2 id="readiness-title" className="mb-1 text-xl font-semibold">
        {t("title")}
      </h2>
      <p className="mb-3 max-w-3xl text-sm text-slate-600 dark:text-slate-400">{t("intro")}</p>
      <p className="mb-4 text-sm" data-testid="readiness-next">
        <strong>{t("next")}</strong>{" "}
        {due > 0 ? (
          <Link href="/review" className="text-brand-600 underline dark:text-brand-100">
            {t("reviewDue", { count: due })}
          </Link>
        ) : weakest && weakest.readiness! < 0.8 ? (
          <Link href="/quiz" className="text-brand-600 underline dark:text-brand-100">
            {t("practiseIt", { name: tq(`competencies.${weakest.competency}` as "competencies.ts-nodes") })}
          </Link>
        ) : untried ? (
          <Link href="/quiz" className="text-brand-600 underline dark:text-brand-100">
            {t("practiseIt", { name: tq(`competencies.${untried.competency}` as "competencies.ts-nodes") })}
          </Link>
        ) : (
          <Link href="/quiz" className="text-brand-600 underline dark:text-brand-100">
            {t("allGood")}
          </Link>
        )}
      </p>
      <table className="mb-2 w-full max-w-2xl text-left text-sm" data-testid="readiness-domains">
        <caption className="mb-1 text-left font-semibold">{t("domainsTitle")}</caption>
        <thead className="border-b border-slate-200 text-slate-500 dark:border-slate-800">
          <tr>
            <th scope="col" className="py-1">{t("domain")}</th>
            <th scope="col" className="py-1 text-right">{t("quiz")}</th>
            <th scope="col" className="py-1 text-right">{t("exam")}</th>
            <th scope="col" className="py-1 text-right">{t("combined")}</th>
          </tr>
        </thead>
        <tbody>
          {QUIZ_DOMAINS.map((d) => {
            const q = quizOf(d);
            const e = examOf.get(d);
            const c = combinedReadiness(q, e ? e.share : null);
            const show = (x: number | null) => (x === null ? "—" : t("percent", { percent: pct(x) }));
            return (
              <tr key={d} className="border-b border-slate-100 dark:border-slate-900">
                <th scope="row" className="py-1 font-normal">{tq(`domains.${d}`)}</th>
                <td className="py-1 text-right tabular-nums">{show(q)}</td>
                <td className="py-1 text-right tabular-nums">{e ? `${show(e.share)} (${e.earned}/${e.points})` : "—"}</td>
                <td className="py-1 text-right font-semibold tabular-nums">{show(c)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="mb-6 max-w-3xl text-sm text-slate-600 dark:text-slate-400">{t("domainsRule", { n: EXAM_READINESS_EXAMS })}</p>
      <div className="grid gap-6 lg:grid-cols-2">
        {QUIZ_DOMAINS.map((d) => {
          const comps = rows.filter((r) => r.domain === d);
          const dom = quizOf(d);
          return (
            <table key={d} className="w-full text-left text-sm" data-testid={`readiness-${d}`}>
              <caption className="mb-1 text-left font-semibold">
                {tq(`domains.${d}`)}: {dom === null ? "—" : t("percent", { percent: pct(dom) })}
              </caption>
              <thead className="border-b border-slate-200 text-slate-500 dark:border-slate-800">
                <tr>
                  <th scope="col" className="py-1">{t("competency")}</th>
                  <th scope="col" className="py-1 text-right">{t("value")}</th>
                </tr>
              </thead>
              <tbody>
                {comps.map((r) => (
                  <tr key={r.competency} className="border-b border-slate-100 dark:border-slate-900">
                    <td className="py-1">{tq(`competencies.${r.competency}` as "competencies.ts-nodes")}</td>
                    <td className="py-1 text-right tabular-nums">{r.readiness === null ? <span className="text-slate-500">{t("notEnough", { evidence: r.evidence, min: MIN_EVIDENCE })}</span> : t("percent", { percent: pct(r.readiness) })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        })}
      </div>
    </section>
  );
}
