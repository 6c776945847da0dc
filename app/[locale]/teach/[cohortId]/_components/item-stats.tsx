import { getFormatter, getTranslations } from "next-intl/server";
import type { ItemAnalyticsDto } from "#lib/data/teach";
import { FLAG_RULE } from "#lib/quiz/stats";

const n1 = (x: number | null) => (x === null ? "—" : x.toFixed(1));

/** Each flag with the figure and the limit of the rule that set it. */
function flagFigures(i: ItemAnalyticsDto, flag: string): { value: string; limit: number } | null {
  switch (flag) {
    case "tooEasy": return { value: n1(i.facility), limit: FLAG_RULE.maxF };
    case "tooHard": return { value: n1(i.facility), limit: FLAG_RULE.minF };
    case "lowDiscrimination": return { value: n1(i.discrimination), limit: FLAG_RULE.minD };
    case "lowEfficiency": return { value: n1(i.efficiency), limit: FLAG_RULE.minDE };
    default: return null;
  }
}

/** The cohort's item statistics with their flags, each flag with the rule and the figure that set it. */
export async function ItemAnalytics({ data }: { data: ItemAnalyticsDto[] }) {
  const t = await getTranslations("teach.items");
  const format = await getFormatter();
  const updatedAt = data.reduce((m, i) => (i.updatedAt > m ? i.updatedAt : m), "");
  return (
    <div>
      <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">{t("intro")}</p>
      <p className="mb-2 text-sm font-medium">{t("rule", FLAG_RULE)}</p>
      {updatedAt && (
        <p className="mb-4 text-xs text-slate-600 dark:text-slate-400" data-testid="item-stats-updated">
          {t("updated", { at: format.dateTime(new Date(updatedAt), { dateStyle: "medium", timeStyle: "medium" }), answers: data.reduce((s, i) => s + i.n, 0) })}
        </p>
      )}
      {data.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="item-analytics">
            <thead>
              <tr className="text-left text-slate-500">
                {(["item", "n", "facility", "sd", "discrimination", "efficiency", "options", "flags"] as const).map((h) => (
                  <th key={h} scope="col" className="py-1 pr-3 font-normal">{t(`col.${h}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.map((i) => (
                <tr key={i.itemId} className="border-t border-slate-100 align-top dark:border-slate-800">
                  <td className="max-w-80 py-1 pr-3"><span className="font-mono text-xs">{i.itemId}</span><br />{i.stem}</td>
                  <td className="pr-3 tabular-nums">{i.n}</td>
                  <td className="pr-3 tabular-nums">{n1(i.facility)}</td>
                  <td className="pr-3 tabular-nums">{n1(i.sd)}</td>
                  <td className="pr-3 tabular-nums" title={i.ci ? t("ci", { low: n1(i.ci[0]), high: n1(i.ci[1]) }) : undefined}>
                    {n1(i.discrimination)}{i.ci ? <span className="text-slate-500"> [{n1(i.ci[0])}, {n1(i.ci[1])}]</span> : null}
                    <span className="text-slate-500"> ({i.nRest})</span>
                  </td>
                  <td className="pr-3 tabular-nums">{n1(i.efficiency)}</td>
                  <td className="pr-3">
                    <ul>{i.options.map((o, k) => <li key={k}>{o.correct ? "✔ " : ""}{o.label}: <span className="tabular-nums">{o.count}</span></li>)}</ul>
                  </td>
                  <td>
                    {i.flags.length === 0
                      ? "—"
                      : i.flags.map((f) => {
                          const why = flagFigures(i, f);
                          return (
                            <div key={f}>
                              {t.has(`flag.${f}`) ? t(`flag.${f}`) : f}
                              {why && <span className="text-xs text-slate-500"> ({t(`flagWhy.${f}`, why)})</span>}
                            </div>
                          );
                        })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
