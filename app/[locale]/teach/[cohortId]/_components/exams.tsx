import { getTranslations } from "next-intl/server";
import type { CohortExamResultsDto, ExamTaskCellDto, ExamTaskRef, LearnerExamDto, LiveExamDto } from "#lib/data/exam-results";
import { Link } from "#lib/i18n/navigation";
import { heatLevel } from "#lib/teach/heat";
import { PRACTICE_LIVE_MS } from "#lib/teach/exam";
import { MAX_EXTENSION } from "#lib/exam/rules";
import { AutoRefresh, ExtendForm, TimeLeft } from "./exam-forms";
import { HeatTable, pct, type HeatCell } from "./heat";

type Learner = { id: string; name: string; email: string };

/** Learners x exam tasks: the latest graded sitting of each task (points earned of points). */
export async function ExamTaskHeatmap({ cohortId, tasks, rows }: { cohortId: string; tasks: ExamTaskRef[]; rows: { learner: Learner; cells: ExamTaskCellDto[] }[] }) {
  const t = await getTranslations("teach.heatmap");
  const tq = await getTranslations("quiz.domains");
  const table = rows.map((r) => ({
    learner: r.learner,
    cells: r.cells.map((c, i): HeatCell =>
      c === null
        ? { level: 0, title: t("examCellNone", { learner: r.learner.name, task: tasks[i].title }), text: "·" }
        : {
            level: heatLevel(Math.round(c.earned * 10), c.points * 10),
            title: t("examCell", { learner: r.learner.name, task: tasks[i].title, earned: c.earned, points: c.points, sittings: c.sittings }),
            text: `${c.earned}/${c.points}`,
          },
    ),
  }));
  return (
    <div className="overflow-x-auto">
      <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">{t("examsLegend")}</p>
      <HeatTable cohortId={cohortId} testId="heatmap-exam-tasks" learnerLabel={t("learner")} columns={tasks.map((x, i) => ({ key: x.id, label: String(i + 1), title: `${x.title} (${tq(x.domain)})` }))} rows={table} />
    </div>
  );
}

/** Results per learner, per domain and per task (hardest first, with each check's failures and common explanations). */
export async function ExamResults({ cohortId, data }: { cohortId: string; data: CohortExamResultsDto }) {
  const t = await getTranslations("teach.exams");
  const tq = await getTranslations("quiz.domains");
  const sat = data.learners.filter((l) => l.latest);
  if (!sat.length) return <p>{t("empty")}</p>;
  return (
    <div className="space-y-10">
      <section aria-labelledby="exam-domains-title">
        <h2 id="exam-domains-title" className="mb-2 text-xl font-semibold">{t("byDomain")}</h2>
        <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">{t("byDomainIntro")}</p>
        <table className="text-sm" data-testid="exam-domains">
          <thead><tr className="text-left text-slate-500"><th scope="col" className="pr-4 font-normal">{t("domain")}</th><th scope="col" className="pr-4 font-normal">{t("mean")}</th><th scope="col" className="font-normal">{t("learners")}</th></tr></thead>
          <tbody>
            {data.domains.map((d) => (
              <tr key={d.domain} className="border-t border-slate-100 dark:border-slate-800"><td className="pr-4">{tq(d.domain)}</td><td className="pr-4 tabular-nums">{pct(d.share)}</td><td className="tabular-nums">{d.learners}</td></tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="exam-learners-title">
        <h2 id="exam-learners-title" className="mb-2 text-xl font-semibold">{t("byLearner")}</h2>
        <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="exam-learners">
            <thead>
              <tr className="text-left text-slate-500">
                <th scope="col" className="py-1 pr-3 font-normal">{t("learner")}</th>
                <th scope="col" className="pr-3 font-normal">{t("sittings")}</th>
                <th scope="col" className="pr-3 font-normal">{t("latest")}</th>
                <th scope="col" className="pr-3 font-normal">{t("best")}</th>
                <th scope="col" className="font-normal">{t("latestByDomain")}</th>
              </tr>
            </thead>
            <tbody>
              {sat.map((l) => (
                <tr key={l.learner.id} className="border-t border-slate-100 align-top dark:border-slate-800">
                  <th scope="row" className="py-1 pr-3 text-left font-medium">
                    <Link href={`/teach/${cohortId}/learners/${l.learner.id}`} className="text-brand-600 underline dark:text-brand-100" title={l.learner.email}>{l.learner.name}</Link>
                  </th>
                  <td className="pr-3 tabular-nums">{t("sittingsValue", { timed: l.timed, practice: l.practice })}</td>
                  <td className="pr-3 tabular-nums">
                    {t("latestValue", { percent: l.latest!.percent, outcome: l.latest!.passed ? t("passed") : t("failed"), mode: l.latest!.mode === "practice" ? t("practice") : t("timed") })}
                  </td>
                  <td className="pr-3 tabular-nums">{l.bestTimed === null ? "—" : `${l.bestTimed}%`}</td>
                  <td>{l.latest!.domains.map((d) => `${tq(d.domain)} ${d.earned}/${d.points}`).join(" · ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="exam-tasks-title">
        <h2 id="exam-tasks-title" className="mb-2 text-xl font-semibold">{t("byTask")}</h2>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{t("byTaskIntro")}</p>
        <div className="space-y-4" data-testid="exam-tasks">
          {data.tasks.map((x) => (
            <section key={x.taskId} aria-label={x.title} className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
              <h3 className="font-semibold">{x.title} <span className="font-mono text-xs font-normal text-slate-500">{x.taskId}</span></h3>
              <p className="text-sm tabular-nums">{t("taskSummary", { domain: x.domain ? tq(x.domain) : "—", sittings: x.sittings, share: pct(x.share), full: x.fullMarks })}</p>
              <table className="mt-2 w-full text-sm">
                <thead><tr className="text-left text-slate-500"><th scope="col" className="py-1 pr-2 font-normal">{t("check")}</th><th scope="col" className="pr-2 font-normal">{t("failures")}</th><th scope="col" className="font-normal">{t("explanations")}</th></tr></thead>
                <tbody>
                  {x.checks.map((c) => (
                    <tr key={c.id} className="border-t border-slate-100 align-top dark:border-slate-800">
                      <td className="py-1 pr-2">{c.title}</td>
                      <td className="pr-2 tabular-nums">{t("failuresValue", { failures: c.failures, graded: c.graded })}{c.wrongContext > 0 && <><br />{t("wrongContext", { n: c.wrongContext })}</>}</td>
                      <td><ul>{c.explanations.map((e) => <li key={e.text}>{e.text} <span className="font-semibold tabular-nums">× {e.count}</span></li>)}</ul></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </div>
      </section>
    </div>
  );
}

/** Who is in an exam now, which task they have open, the time left (server time), and extra time. */
export async function LiveMonitor({ cohortId, live }: { cohortId: string; live: LiveExamDto[] }) {
  const t = await getTranslations("teach.live");
  return (
    <section aria-labelledby="live-title">
      <AutoRefresh seconds={15} />
      <h2 id="live-title" className="mb-2 text-xl font-semibold">{t("title", { n: live.length })}</h2>
      <p className="mb-3 max-w-3xl text-sm text-slate-600 dark:text-slate-400">{t("intro", { hours: PRACTICE_LIVE_MS / 3_600_000, max: MAX_EXTENSION })}</p>
      {live.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <ul className="space-y-3" data-testid="live-exams">
          {live.map((e) => (
            <li key={e.examId} aria-label={e.learner.name} className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-800">
              <p>
                <Link href={`/teach/${cohortId}/learners/${e.learner.id}`} className="font-medium text-brand-600 underline dark:text-brand-100">{e.learner.name}</Link>
                {" · "}{e.title} ({e.mode === "practice" ? t("practice") : t("timed")})
              </p>
              <p data-testid="live-task">{e.openTask ? t("openTask", { n: e.openTask.position + 1, title: e.openTask.title, commands: e.commands }) : t("noCommand")}</p>
              {e.timeLeftMs !== null ? (
                <>
                  <p>
                    {t("timeLeft")} <TimeLeft key={e.timeLeftMs} ms={e.timeLeftMs} label={t("timeLeftOf", { learner: e.learner.name })} />
                    {" · "}{t("deadline", { at: e.deadline!.slice(11, 19) })}
                    {e.extension > 1 && <>{" · "}{t("extension", { x: e.extension })}</>}
                  </p>
                  <ExtendForm cohortId={cohortId} examId={e.examId} learner={e.learner.name} current={e.extension} />
                </>
              ) : (
                <p>{t("untimed")}</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A learner's exams on their page: score and outcome, per task the points and each failed check with its explanation. */
export async function LearnerExams({ exams }: { exams: LearnerExamDto[] }) {
  const t = await getTranslations("teach.learnerExams");
  const tq = await getTranslations("quiz.domains");
  return (
    <section aria-labelledby="learner-exams-title" className="mb-10">
      <h2 id="learner-exams-title" className="mb-3 text-xl font-semibold">{t("title")}</h2>
      {exams.length === 0 ? <p>{t("none")}</p> : (
        <ul className="space-y-3" data-testid="learner-exams">
          {exams.map((e) => (
            <li key={e.id} className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-800">
              <details>
                <summary className="cursor-pointer">
                  {e.title} · {e.mode === "practice" ? t("practice") : t("timed")} · {e.startedAt.slice(0, 16).replace("T", " ")} UTC ·{" "}
                  {e.percent === null ? t("notGraded") : t("score", { percent: e.percent, outcome: e.passed ? t("passed") : t("failed") })}
                  {e.extension > 1 && ` · ${t("extension", { x: e.extension })}`}
                </summary>
                <table className="mt-2 w-full">
                  <thead>
                    <tr className="text-left text-slate-500">
                      <th scope="col" className="py-1 pr-2 font-normal">{t("task")}</th>
                      <th scope="col" className="pr-2 font-normal">{t("points")}</th>
                      <th scope="col" className="font-normal">{t("missed")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {e.tasks.map((x) => (
                      <tr key={x.taskId} className="border-t border-slate-100 align-top dark:border-slate-800">
                        <td className="py-1 pr-2">{x.position + 1}. {x.title} <span className="text-xs text-slate-500">({x.domain ? tq(x.domain) : "—"}, {x.context})</span></td>
                        <td className="pr-2 tabular-nums">{x.earned} / {x.points}</td>
                        <td>
                          <ul>
                            {x.failed.map((c) => <li key={c.id}>{c.title}{c.explanation ? `: ${c.explanation}` : ""}{c.foundIn ? ` ${t("foundIn", { context: c.foundIn })}` : ""}</li>)}
                          </ul>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
