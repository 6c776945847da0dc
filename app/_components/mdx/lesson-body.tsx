import "./mdx.css";
import * as jsxRuntime from "react/jsx-runtime";
import type { MDXComponents } from "mdx/types";
import type { ReactNode } from "react";

type MdxContent = (props: { components?: MDXComponents }) => ReactNode;
const evaluated = new Map<string, MdxContent>();

/** Turns mdx-bundler's output into its component (on the server only; the browser never evaluates lesson code). */
function contentOf(code: string): MdxContent {
  let Content = evaluated.get(code);
  if (!Content) {
    // mdx-bundler's output is a script that expects the JSX runtime as a global named _jsx_runtime.
    const mod = new Function("_jsx_runtime", code)(jsxRuntime) as { default: MdxContent };
    Content = mod.default;
    if (evaluated.size > 100) evaluated.delete(evaluated.keys().next().value!);
    evaluated.set(code, Content);
  }
  return Content;
}

/** Renders a compiled lesson with the MDX component kit. */
export function LessonBody({ code, components }: { code: string; components: MDXComponents }) {
  // MDX's content function uses no hooks: calling it renders the same tree as mounting it, without a component made during render.
  return <div className="lesson-body">{contentOf(code)({ components })}</div>;
}
