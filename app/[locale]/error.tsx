"use client";
import { useTranslations } from "next-intl";

// Production builds hide the error's message and stack; only the digest reaches the browser.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors");
  return (
    <div className="mx-auto max-w-lg py-16 text-center">
      <h1 className="text-3xl font-bold">{t("serverErrorTitle")}</h1>
      <p className="mt-3 text-slate-600 dark:text-slate-400">{t("serverErrorBody")}</p>
      {error.digest && <p className="mt-2 font-mono text-xs text-slate-500">{error.digest}</p>}
      <button type="button" onClick={reset} className="mt-6 rounded-md bg-brand-500 px-4 py-2 font-medium text-white hover:bg-brand-600">
        {t("retry")}
      </button>
    </div>
  );
}
