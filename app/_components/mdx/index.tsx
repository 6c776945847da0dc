// The components lessons may use (content/AUTHORING.md), exported from one place.
import type { MDXComponents } from "mdx/types";
import type { ComponentProps, ReactNode } from "react";
import type { GlossaryText } from "#lib/content/glossary";
import type { Locale } from "#lib/i18n/routing";
import { Exercise } from "#app/_components/workspace";
import { Callout } from "./callout";
import { CodeBlock } from "./code-block";
import { Compare } from "./compare";
import { Figure } from "./figure";
import { FlowPlayer } from "./flow-player";
import { Step, Steps } from "./steps";
import { Term } from "./term";

export { Callout, CodeBlock, Compare, Figure, FlowPlayer, Step, Steps, Term };
export { LessonBody } from "./lesson-body";
export { figures } from "./figures";

/** The MDX components for one lesson page: Term and Figure get the page's glossary entries and language. */
export function createMdxComponents({ locale, glossary }: { locale: Locale; glossary: Record<string, GlossaryText> }): MDXComponents {
  return {
    pre: CodeBlock,
    table: (props: ComponentProps<"table">) => (
      <div className="table-wrap my-6 overflow-x-auto" tabIndex={0}>
        <table {...props} />
      </div>
    ),
    Callout,
    Steps,
    Step,
    Compare,
    FlowPlayer,
    Exercise: (props: { id: string }) => <Exercise id={props.id} />,
    Term: (props: { id: string; children?: ReactNode }) => <Term {...props} entry={glossary[props.id]} />,
    Figure: (props: { name: string; caption?: string }) => <Figure {...props} locale={locale} />,
  };
}
