import { useId, type ReactNode } from "react";
import type { GlossaryText } from "#lib/content/glossary";

/**
 * A glossary term: keyboard-focusable, its definition shown on hover and focus by CSS alone
 * (no JavaScript) and announced through aria-describedby.
 */
export function Term({ id, entry, children }: { id: string; entry: GlossaryText | undefined; children?: ReactNode }) {
  const tipId = useId();
  if (!entry) return <>{children}</>;
  return (
    <span className="term group relative" data-term={id}>
      <dfn
        tabIndex={0}
        aria-describedby={tipId}
        className="cursor-help not-italic underline decoration-slate-400 decoration-dotted underline-offset-4 focus-visible:rounded-sm dark:decoration-slate-500"
      >
        {children}
      </dfn>
      <span
        role="tooltip"
        id={tipId}
        className="pointer-events-none absolute bottom-full left-0 z-20 mb-2 hidden w-72 max-w-[80vw] rounded-md border border-slate-200 bg-white p-3 text-left text-sm font-normal leading-snug text-slate-800 shadow-lg group-focus-within:block group-hover:block dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        <strong className="block font-semibold">{entry.term}</strong>
        {entry.definition}
      </span>
    </span>
  );
}
