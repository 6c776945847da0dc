"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { setThemeAction } from "#app/[locale]/actions";
import { themes, type Theme } from "#lib/theme";

const icons: Record<Theme, string> = { system: "◐", light: "☀", dark: "☾" };

export function ThemeToggle({ theme }: { theme: Theme }) {
  const t = useTranslations("nav");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const next = themes[(themes.indexOf(theme) + 1) % themes.length];
  const label = t("themeNow", { theme: t(`theme.${theme}`), next: t(`theme.${next}`) });
  return (
    <button
      type="button"
      disabled={pending}
      aria-label={label}
      title={label}
      onClick={() =>
        startTransition(async () => {
          await setThemeAction(next);
          router.refresh();
        })
      }
      className="h-8 w-8 rounded-md border border-slate-200 text-base leading-none text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
    >
      <span aria-hidden="true">{icons[theme]}</span>
    </button>
  );
}
