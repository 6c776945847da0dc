"use client";
import ReactMarkdown, { type Components } from "react-markdown";

// Task text is Markdown from our own content, rendered without raw HTML all the same (skipHtml),
// and links only to http(s) or same-site paths (react-markdown's default URL filter).
const components: Components = {
  p: (props) => <p className="my-2" {...props} />,
  ul: (props) => <ul className="my-2 list-disc space-y-1 pl-5" {...props} />,
  ol: (props) => <ol className="my-2 list-decimal space-y-1 pl-5" {...props} />,
  a: ({ href, children }) => (
    <a href={href} className="font-medium text-brand-600 underline dark:text-brand-100" rel="noreferrer">
      {children}
    </a>
  ),
  code: ({ className, children }) =>
    className ? (
      <code className={className}>{children}</code>
    ) : (
      <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.9em] dark:bg-slate-800">{children}</code>
    ),
  pre: (props) => <pre className="my-2 overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100 [&>code]:bg-transparent [&>code]:p-0 [&>code]:text-inherit" {...props} />,
  h1: (props) => <h4 className="mt-3 font-semibold" {...props} />,
  h2: (props) => <h4 className="mt-3 font-semibold" {...props} />,
  h3: (props) => <h5 className="mt-3 font-semibold" {...props} />,
  img: () => null,
};

/** Renders task Markdown safely: no raw HTML, no images, headings demoted below the panel's own. */
export function Markdown({ children }: { children: string }) {
  return (
    <ReactMarkdown skipHtml components={components}>
      {children}
    </ReactMarkdown>
  );
}
