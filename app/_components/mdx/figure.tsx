import type { ReactNode } from "react";
import type { Locale } from "#lib/i18n/routing";
import { figures } from "./figures";

export type FigureName = keyof typeof figures;

/** A registered SVG diagram with its caption, drawn in the lesson's language. */
export function Figure({ name, caption, locale }: { name: string; caption?: string; locale: Locale }) {
  const Drawing = (figures as Record<string, ((p: { locale: Locale }) => ReactNode) | undefined>)[name];
  if (!Drawing) throw new Error(`Figure "${name}" is not registered in app/_components/mdx/figures/index.ts`);
  return (
    <figure className="lesson-figure my-8" data-figure={name}>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white p-3 text-slate-800 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-100 [&_svg]:mx-auto [&_svg]:h-auto [&_svg]:w-full [&_svg]:max-w-3xl">
        <Drawing locale={locale} />
      </div>
      {caption && <figcaption className="mt-2 text-center text-sm text-slate-600 dark:text-slate-400">{caption}</figcaption>}
    </figure>
  );
}
