import type { ComponentProps } from "react";
import { CopyButton } from "./copy-button";

/** A fenced code block as shiki coloured it at compile time, with its language and a copy button. */
export function CodeBlock({ children, ...props }: ComponentProps<"pre"> & { "data-language"?: string }) {
  const language = props["data-language"];
  return (
    <div className="code-block my-5 overflow-hidden rounded-lg border border-slate-200 dark:border-slate-800" data-code-block="">
      <div className="flex items-center justify-between border-b border-slate-200 bg-slate-50 px-3 py-1 text-xs text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400">
        <span className="font-mono">{language && language !== "text" ? language : ""}</span>
        <CopyButton />
      </div>
      <pre {...props}>{children}</pre>
    </div>
  );
}
