import type { HighlighterGeneric } from "shiki";
import type { RehypeShikiCoreOptions } from "@shikijs/rehype/core";

/** Languages lessons use (AUTHORING.md: yaml, bash, text, json); anything else falls back to plain text. */
export const highlightLanguages = ["yaml", "shellscript", "json", "diff", "ini"] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Highlighter = HighlighterGeneric<any, any>;
let instance: Promise<Highlighter> | null = null;

/**
 * One shiki highlighter per process, on the JavaScript regex engine (no WebAssembly to load).
 * It runs only at compile time, on the server: pages receive plain coloured spans.
 */
export function highlighter(): Promise<Highlighter> {
  instance ??= (async () => {
    const [{ createHighlighter }, { createJavaScriptRegexEngine }] = await Promise.all([import("shiki"), import("shiki/engine/javascript")]);
    return createHighlighter({
      themes: ["github-light", "github-dark"],
      langs: [...highlightLanguages],
      engine: createJavaScriptRegexEngine(),
    });
  })();
  return instance;
}

/** Light colours inline, dark ones as --shiki-dark variables that the `dark:` CSS switches to. */
export const highlightOptions: RehypeShikiCoreOptions = {
  themes: { light: "github-light", dark: "github-dark" },
  defaultColor: "light",
  defaultLanguage: "text",
  fallbackLanguage: "text",
  addLanguageClass: false,
  transformers: [
    {
      name: "kubeclass:language",
      pre(node) {
        node.properties["data-language"] = this.options.lang;
      },
    },
  ],
};
