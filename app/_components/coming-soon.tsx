import { getTranslations } from "next-intl/server";
import { PageHeader } from "./page-header";

/** A placeholder for a route a later milestone builds; says so plainly. */
export async function ComingSoon({ titleKey }: { titleKey: "quiz" | "exam" }) {
  const t = await getTranslations("coming");
  return (
    <div>
      <PageHeader title={t(`${titleKey}.title`)} intro={t(`${titleKey}.intro`)} />
      <p className="rounded-lg border border-dashed border-slate-300 p-6 text-slate-600 dark:border-slate-700 dark:text-slate-400">{t("body")}</p>
    </div>
  );
}
