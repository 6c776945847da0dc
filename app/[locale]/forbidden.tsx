import { getTranslations } from "next-intl/server";
import { Link } from "#lib/i18n/navigation";

export default async function Forbidden() {
  const t = await getTranslations("errors");
  return (
    <div className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold text-brand-600 dark:text-brand-100">403</p>
      <h1 className="mt-2 text-3xl font-bold">{t("forbiddenTitle")}</h1>
      <p className="mt-3 text-slate-600 dark:text-slate-400">{t("forbiddenBody")}</p>
      <Link href="/" className="mt-6 inline-block rounded-md bg-brand-500 px-4 py-2 font-medium text-white hover:bg-brand-600">
        {t("backHome")}
      </Link>
    </div>
  );
}
