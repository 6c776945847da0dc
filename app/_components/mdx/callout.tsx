import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import type { CalloutType } from "#lib/content/mdx-rules";

const styles: Record<CalloutType, { box: string; icon: string }> = {
  note: { box: "border-sky-300 bg-sky-50 dark:border-sky-800 dark:bg-sky-950/40", icon: "i" },
  warning: { box: "border-amber-400 bg-amber-50 dark:border-amber-700 dark:bg-amber-950/40", icon: "!" },
  "exam-tip": { box: "border-violet-300 bg-violet-50 dark:border-violet-800 dark:bg-violet-950/40", icon: "✓" },
};

/** A boxed aside: note, warning or exam tip, with a localized label that screen readers hear first. */
export function Callout({ type = "note", children }: { type?: CalloutType; children?: ReactNode }) {
  const t = useTranslations("lesson.callout");
  const s = styles[type] ?? styles.note;
  return (
    <aside className={`callout my-6 rounded-lg border-l-4 px-4 py-3 ${s.box}`} data-callout={type}>
      <p className="mb-1 flex items-center gap-2 text-sm font-semibold">
        <span aria-hidden="true" className="inline-flex h-5 w-5 items-center justify-center rounded-full bg-current/10 text-xs">
          {s.icon}
        </span>
        {t(type)}
      </p>
      <div className="callout-body text-[0.95rem]">{children}</div>
    </aside>
  );
}
