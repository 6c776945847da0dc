"use client";
import { useTranslations } from "next-intl";
import { useSearchParams } from "next/navigation";
import { Suspense, useTransition } from "react";
import { setLocaleAction } from "#app/[locale]/actions";
import { usePathname, useRouter } from "#lib/i18n/navigation";
import { locales, type Locale } from "#lib/i18n/routing";

const names: Record<Locale, string> = { ko: "한국어", en: "English" };

export function LocaleSwitcher(props: { current: Locale; signedIn: boolean }) {
  return (
    <Suspense fallback={null}>
      <Switcher {...props} />
    </Suspense>
  );
}

function Switcher({ current, signedIn }: { current: Locale; signedIn: boolean }) {
  const t = useTranslations("nav");
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const href = pathname + (search ? `?${search}` : "");

  return (
    <div role="group" aria-label={t("language")} className="flex rounded-md border border-slate-200 text-xs dark:border-slate-700">
      {locales.map((l) => (
        <a
          key={l}
          href={`/${l}${pathname === "/" ? "" : pathname}${search ? `?${search}` : ""}`}
          hrefLang={l}
          lang={l}
          aria-current={l === current ? "true" : undefined}
          aria-disabled={pending || undefined}
          onClick={(e) => {
            e.preventDefault();
            if (l === current) return;
            startTransition(async () => {
              if (signedIn) await setLocaleAction(l);
              router.replace(href, { locale: l });
            });
          }}
          className={
            l === current
              ? "rounded-md bg-slate-900 px-2 py-1 font-semibold text-white dark:bg-slate-100 dark:text-slate-900"
              : "px-2 py-1 text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
          }
        >
          {names[l]}
        </a>
      ))}
    </div>
  );
}
