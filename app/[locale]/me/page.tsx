import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeader } from "#app/_components/page-header";
import { requireUser } from "#lib/auth/session";
import { listLessons } from "#lib/content/lessons";
import { listProgressForUser } from "#lib/data/progress";
import { Link } from "#lib/i18n/navigation";
import type { Locale } from "#lib/i18n/routing";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("me"))("title") };
}

export default async function MyProgressPage({ params }: { params: Promise<{ locale: Locale }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requireUser(locale, "/me");
  const t = await getTranslations("me");
  const tc = await getTranslations("catalogue");
  const [lessons, progress] = await Promise.all([listLessons(locale), listProgressForUser(user.id)]);
  const byslug = new Map(progress.map((p) => [p.lessonSlug, p]));
  const done = progress.filter((p) => p.status === "COMPLETED").length;

  return (
    <div>
      <PageHeader title={t("title")} intro={t("greeting", { name: user.name })} />
      <p className="mb-4 text-sm" data-testid="me-summary">
        {t("summary", { done, total: lessons.length })}
      </p>
      {lessons.length === 0 ? (
        <p className="text-slate-600 dark:text-slate-400">{tc("empty")}</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-slate-500 dark:border-slate-800">
            <tr>
              <th scope="col" className="py-2">{t("lesson")}</th>
              <th scope="col" className="py-2">{t("status")}</th>
              <th scope="col" className="py-2 text-right">{t("percent")}</th>
            </tr>
          </thead>
          <tbody>
            {lessons.map((l) => {
              const p = byslug.get(l.slug);
              return (
                <tr key={l.slug} className="border-b border-slate-100 dark:border-slate-900">
                  <td className="py-2">
                    <Link href={`/lessons/${l.slug}`} className="hover:underline">
                      {l.order}. {l.title}
                    </Link>
                  </td>
                  <td className="py-2">{tc(`status.${p?.status ?? "NOT_STARTED"}`)}</td>
                  <td className="py-2 text-right tabular-nums">{p?.percent ?? 0}%</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
