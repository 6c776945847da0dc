import { getFormatter, getTranslations } from "next-intl/server";
import type { MyExamDto } from "#lib/data/exam-results";
import { Link } from "#lib/i18n/navigation";
import { trendGeometry, type TrendPoint } from "#lib/teach/exam";

const W = 560;
const H = 200;

/** The chart's line for one mode: shape and dash say the mode, so it reads without colour. */
function Series({ points, shape, dashed }: { points: TrendPoint[]; shape: "circle" | "square"; dashed: boolean }) {
  if (!points.length) return null;
  return (
    <g className={shape === "circle" ? "text-brand-600 dark:text-brand-100" : "text-slate-700 dark:text-slate-300"}>
      {points.length > 1 && <polyline points={points.map((p) => `${p.x},${p.y}`).join(" ")} fill="none" stroke="currentColor" strokeWidth={2} strokeDasharray={dashed ? "6 4" : undefined} />}
      {points.map((p) =>
        shape === "circle" ? <circle key={p.id} cx={p.x} cy={p.y} r={4} fill="currentColor" /> : <rect key={p.id} x={p.x - 4} y={p.y - 4} width={8} height={8} fill="currentColor" />,
      )}
    </g>
  );
}

/** The learner's mock exams over time, timed and practice apart: a small chart and the same figures as a table, each exam linked to its result. */
export async function ExamTrend({ exams, locale, passPercent }: { exams: MyExamDto[]; locale: "ko" | "en"; passPercent: number }) {
  const [t, format] = await Promise.all([getTranslations("me"), getFormatter()]);
  const g = trendGeometry(exams.map((e) => ({ id: e.id, mode: e.mode, at: e.startedAt, percent: e.percent })), W, H, passPercent);
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" });
  const line = (xs: MyExamDto[]) => (xs.length ? xs.map((e) => `${e.percent}%`).join(" → ") : t("examsNone"));
  return (
    <section aria-labelledby="exams-title" className="mt-10">
      <h2 id="exams-title" className="mb-3 text-xl font-semibold">{t("examsTitle")}</h2>
      {exams.length === 0 ? (
        <p className="text-slate-600 dark:text-slate-400">
          {t("examsEmpty")}{" "}
          <Link href="/exam" className="text-brand-600 underline dark:text-brand-100">{t("examsStart")}</Link>
        </p>
      ) : (
        <>
          <figure className="mb-4">
            <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full max-w-xl" role="img" aria-labelledby="exams-chart-caption">
              <rect x={0} y={0} width={W} height={H} fill="none" stroke="currentColor" strokeOpacity={0.2} />
              <line x1={0} x2={W} y1={g.passY} y2={g.passY} stroke="currentColor" strokeOpacity={0.5} strokeDasharray="2 3" />
              <text x={4} y={g.passY - 4} fontSize={10} fill="currentColor">{passPercent}%</text>
              <Series points={g.timed} shape="circle" dashed={false} />
              <Series points={g.practice} shape="square" dashed />
            </svg>
            <figcaption id="exams-chart-caption" className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("examsChart", { mark: passPercent })}</figcaption>
          </figure>
          <dl className="mb-4 grid gap-1 text-sm sm:grid-cols-[max-content_1fr] sm:gap-x-4" data-testid="exam-trend">
            <dt className="font-semibold">{t("examsTimed")}</dt>
            <dd className="tabular-nums">{line(exams.filter((e) => e.mode === "timed"))}</dd>
            <dt className="font-semibold">{t("examsPractice")}</dt>
            <dd className="tabular-nums">{line(exams.filter((e) => e.mode === "practice"))}</dd>
          </dl>
          <div className="overflow-x-auto">
            <table className="w-full min-w-[36rem] text-left text-sm" data-testid="exam-history">
              <thead className="border-b border-slate-200 text-slate-500 dark:border-slate-800">
                <tr>
                  <th scope="col" className="py-2 pr-3">{t("examCol")}</th>
                  <th scope="col" className="py-2 pr-3">{t("modeCol")}</th>
                  <th scope="col" className="py-2 pr-3">{t("dateCol")}</th>
                  <th scope="col" className="py-2 pr-3">{t("resultCol")}</th>
                  <th scope="col" className="py-2">{t("scoreCol")}</th>
                </tr>
              </thead>
              <tbody>
                {[...exams].reverse().map((e) => (
                  <tr key={e.id} className="border-b border-slate-100 dark:border-slate-900">
                    <td className="py-2 pr-3">{e.title[locale]}</td>
                    <td className="py-2 pr-3">{e.mode === "practice" ? t("examsPractice") : t("examsTimed")}</td>
                    <td className="py-2 pr-3">{when(e.startedAt)}</td>
                    <td className="py-2 pr-3">{e.passed ? t("examPassed") : t("examFailed")}</td>
                    <td className="py-2">
                      <Link href={`/exam/${e.id}/result`} className="text-brand-600 underline dark:text-brand-100">{t("examResultLink", { percent: e.percent })}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
