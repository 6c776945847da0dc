import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeader } from "#app/_components/page-header";
import { SignInNotice } from "#app/_components/sign-in-notice";
import { getCurrentUser } from "#lib/auth/session";
import { listLessons } from "#lib/content/lessons";
import { listPracticeSets, practicePool, type PracticeKind } from "#lib/data/quiz";
import { Link } from "#lib/i18n/navigation";
import type { Locale } from "#lib/i18n/routing";
import { COMPETENCIES, QUIZ_DOMAINS } from "#lib/quiz/schema";
import { startPracticeAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("quiz"))("title") };
}

const WEIGHTS = { troubleshooting: 30, "cluster-architecture": 25, networking: 20, workloads: 15, storage: 10 } as const;

function StartButton({ kind, k, locale, label, count, start }: { kind: PracticeKind; k: string; locale: Locale; label: string; count: string; start: string }) {
  return (
    <form action={startPracticeAction} className="flex items-center justify-between gap-3 rounded-md border border-slate-200 px-3 py-2 dark:border-slate-800">
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="key" value={k} />
      <input type="hidden" name="locale" value={locale} />
      <span>
        {label} <span className="text-xs text-slate-500 dark:text-slate-400">· {count}</span>
      </span>
      <button type="submit" aria-label={`${start}: ${label}`} className="rounded-md bg-brand-500 px-3 py-1 text-sm font-medium text-white hover:bg-brand-600">
        ▶
      </button>
    </form>
  );
}

export default async function QuizPage({ params }: { params: Promise<{ locale: Locale }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const [t, user, lessons] = await Promise.all([getTranslations("quiz"), getCurrentUser(), listLessons(locale)]);
  const recent = user ? await listPracticeSets(user) : [];
  const count = (kind: PracticeKind, key: string) => t("items", { count: practicePool(kind, key).length });
  const nameOf = (kind: PracticeKind, key: string) =>
    kind === "mixed" ? t("mixedName") : kind === "domain" ? t(`domains.${key}` as "domains.storage") : kind === "competency" ? t(`competencies.${key}` as "competencies.ts-nodes") : (lessons.find((l) => l.slug === key)?.title ?? key);

  return (
    <div>
      <PageHeader title={t("title")} intro={t("intro")} />
      {!user && (
        <SignInNotice text={t("signIn")} linkLabel={t("signInLink")} returnTo={`/${locale}/quiz`} />
      )}

      {user && (
        <section aria-labelledby="recent-title" className="mb-8">
          <h2 id="recent-title" className="mb-2 text-xl font-semibold">
            {t("recent")}
          </h2>
          {recent.length === 0 ? (
            <p className="text-slate-600 dark:text-slate-400">{t("noRecent")}</p>
          ) : (
            <ul className="space-y-1 text-sm" data-testid="recent-sets">
              {recent.map((r) => (
                <li key={r.id}>
                  <Link href={`/quiz/${r.id}`} className="text-brand-600 underline dark:text-brand-100">
                    {nameOf(r.kind, r.key)}
                  </Link>{" "}
                  · {t("answered", { answered: r.answered, total: r.items })} · {r.finishedAt ? t("score", { percent: Math.round(r.score * 100) }) : t("resume")}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <section aria-labelledby="mixed-title" className="mb-8">
        <h2 id="mixed-title" className="mb-2 text-xl font-semibold">
          {t("mixed")}
        </h2>
        <StartButton start={t("start")} kind="mixed" k="" locale={locale} label={t("mixedName")} count={t("items", { count: 20 })} />
      </section>

      <section aria-labelledby="domain-title" className="mb-8">
        <h2 id="domain-title" className="mb-2 text-xl font-semibold">
          {t("byDomain")} / {t("byCompetency")}
        </h2>
        <div className="grid gap-6 lg:grid-cols-2">
          {QUIZ_DOMAINS.map((d) => (
            <div key={d}>
              <h3 className="mb-2 font-semibold">
                {t(`domains.${d}`)} <span className="text-sm font-normal text-slate-500">({t("weight", { weight: WEIGHTS[d] })})</span>
              </h3>
              <div className="space-y-2">
                <StartButton start={t("start")} kind="domain" k={d} locale={locale} label={t(`domains.${d}`)} count={count("domain", d)} />
                <ul className="space-y-2 pl-4">
                  {COMPETENCIES[d].map((c) => (
                    <li key={c}>
                      <StartButton start={t("start")} kind="competency" k={c} locale={locale} label={t(`competencies.${c}`)} count={count("competency", c)} />
                    </li>
                  ))}
                </ul>
              </div>
            </div>
          ))}
        </div>
      </section>

      <section aria-labelledby="lesson-title" className="mb-8">
        <h2 id="lesson-title" className="mb-2 text-xl font-semibold">
          {t("byLesson")}
        </h2>
        <ul className="grid gap-2 sm:grid-cols-2">
          {lessons.map((l) => (
            <li key={l.slug}>
              <StartButton start={t("start")} kind="lesson" k={l.slug} locale={locale} label={`${l.order}. ${l.title}`} count={count("lesson", l.slug)} />
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
