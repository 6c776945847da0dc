// The components lessons may use (content/AUTHORING.md), exported from one place.
import type { MDXComponents } from "mdx/types";
import type { ComponentProps, ReactNode } from "react";
import type { GlossaryText } from "#lib/content/glossary";
import type { Locale } from "#lib/i18n/routing";
import { Exercise } from "#app/_components/workspace";
import { QuizItem, type AnsweredFeedback, type Presented } from "#app/_components/quiz/quiz-item";
import type { Response } from "#lib/quiz/variant";
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
export type LessonQuiz = { presented: Presented; answered: { response: Response; feedback: AnsweredFeedback } | null };

export function createMdxComponents({ locale, glossary, quizzes = {} }: { locale: Locale; glossary: Record<string, GlossaryText>; quizzes?: Record<string, LessonQuiz> }): MDXComponents {
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
    // The page prepares each embedded item (a variant, or the learner's last answer to it): see lessons/[slug]/page.tsx.
    Quiz: (props: { id: string }) => (quizzes[props.id] ? <QuizItem presented={quizzes[props.id].presented} answered={quizzes[props.id].answered} allowNewVariant /> : null),
    Term: (props: { id: string; children?: ReactNode }) => <Term {...props} entry={glossary[props.id]} />,
    Figure: (props: { name: string; caption?: string }) => <Figure {...props} locale={locale} />,
  };
}
