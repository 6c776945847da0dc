import "server-only";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { ContentError } from "./errors";
import { highlighter, highlightOptions } from "./highlight";
import { checkMdxTree, type KnownNames, type LessonUsage, type MdxNode } from "./mdx-rules";

export type { KnownNames, LessonUsage } from "./mdx-rules";

export type TocEntry = { depth: 2 | 3; id: string; text: string };
export type CompiledLesson = { code: string; toc: TocEntry[]; usage: LessonUsage };

// Bump when the pipeline's output changes (plugins, options), so old disk-cache entries are ignored.
const PIPELINE_VERSION = "4"; // 4: usage.quizzes

type HastNode = { type: string; tagName?: string; properties?: Record<string, unknown>; children?: HastNode[]; value?: string };

function textOf(node: HastNode): string {
  if (node.type === "text") return node.value ?? "";
  return (node.children ?? []).map(textOf).join("");
}

/** rehype plugin: collects h2/h3 (already given ids by rehype-slug) into `out`. */
function rehypeCollectToc(out: TocEntry[]) {
  return () => (tree: HastNode) => {
    const walk = (node: HastNode) => {
      if (node.type === "element" && (node.tagName === "h2" || node.tagName === "h3") && typeof node.properties?.id === "string") {
        out.push({ depth: node.tagName === "h2" ? 2 : 3, id: node.properties.id, text: textOf(node).trim() });
      }
      node.children?.forEach(walk);
    };
    walk(tree);
  };
}

/** remark plugin: checks components and attributes against content/AUTHORING.md; problems are collected, not thrown. */
function remarkCheckComponents(file: string, known: KnownNames, problems: string[], usage: LessonUsage) {
  return () => (tree: MdxNode) => {
    const result = checkMdxTree(tree, known);
    for (const p of result.problems) problems.push(`${file}:${p}`);
    Object.assign(usage, result.usage);
  };
}

function keyOf(source: string, known: KnownNames): string {
  const h = crypto.createHash("sha256");
  h.update(PIPELINE_VERSION);
  for (const set of [known.terms, known.figures, known.scenarios]) h.update(`\0${set ? [...set].sort().join(",") : "*"}`);
  h.update("\0");
  h.update(source);
  return h.digest("hex");
}

/**
 * Compiles one MDX lesson body with mdx-bundler: GFM, CJK-friendly emphasis (so `**용어**는` is bold in
 * Korean), heading ids and a table of contents, and
 * syntax highlighting done here so no highlighter ships to the browser. Anything AUTHORING.md does
 * not allow (unknown component, import, raw HTML, unknown Term/Figure/FlowPlayer name) throws a
 * ContentError naming `file` and the line.
 */
export async function compileMdx(source: string, { file, known }: { file: string; known: KnownNames }): Promise<CompiledLesson> {
  const [{ bundleMDX }, { default: remarkGfm }, { default: remarkCjkFriendly }, { default: rehypeSlug }, { default: rehypeShikiFromHighlighter }, hl] = await Promise.all([
    import("mdx-bundler"),
    import("remark-gfm"),
    import("remark-cjk-friendly"),
    import("rehype-slug"),
    import("@shikijs/rehype/core"),
    highlighter(),
  ]);
  const problems: string[] = [];
  const toc: TocEntry[] = [];
  const usage: LessonUsage = { terms: [], figures: [], scenarios: [], exercises: [], quizzes: [] };
  let code: string;
  try {
    const result = await bundleMDX({
      source,
      mdxOptions(options) {
        // The check runs first, before remark-mdx-frontmatter adds its own `export const frontmatter`.
        options.remarkPlugins = [remarkCheckComponents(file, known, problems, usage), ...(options.remarkPlugins ?? []), remarkGfm, remarkCjkFriendly];
        options.rehypePlugins = [
          ...(options.rehypePlugins ?? []),
          rehypeSlug,
          rehypeCollectToc(toc),
          [rehypeShikiFromHighlighter, hl, highlightOptions],
        ];
        return options;
      },
      esbuildOptions(options) {
        options.minify = true;
        options.charset = "utf8";
        options.logLevel = "silent";
        options.target = ["es2022"];
        return options;
      },
    });
    code = result.code;
  } catch (e) {
    if (problems.length) throw new ContentError(problems.join("\n"));
    throw new ContentError(`${file}: does not compile: ${describeError(e)}`);
  }
  if (problems.length) throw new ContentError(problems.join("\n"));
  return { code, toc, usage };
}

/** esbuild's error for a failed MDX compile, on one line: "Expected a closing tag for `<Callout>` (5:1-5:22)". */
function describeError(e: unknown): string {
  const err = e as { errors?: { text?: string }[]; message?: string };
  const text = Array.isArray(err.errors) && err.errors.length ? err.errors.map((x) => x.text ?? "").join("; ") : (err.message ?? String(e));
  return text
    .replace(/Cannot process MDX file with esbuild:\s*/g, "")
    .replace(/^\d+:\d+: /, "")
    .replace(/\s+/g, " ")
    .trim();
}

const memory = new Map<string, Promise<CompiledLesson>>();
const MEMORY_LIMIT = 200;

/** Where compiled lessons are kept between server starts: under the build folder, next to Next's own cache. */
export function diskCacheDir(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), process.env.NEXT_DIST_DIR ?? ".next", "cache", "kubeclass-mdx");
}

async function readDisk(dir: string, key: string): Promise<CompiledLesson | null> {
  try {
    return JSON.parse(await fs.readFile(path.join(dir, `${key}.json`), "utf8")) as CompiledLesson;
  } catch {
    return null;
  }
}

async function writeDisk(dir: string, key: string, value: CompiledLesson): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
    const tmp = path.join(dir, `${key}.${process.pid}.tmp`);
    await fs.writeFile(tmp, JSON.stringify(value));
    await fs.rename(tmp, path.join(dir, `${key}.json`));
  } catch {
    // A read-only build folder only costs a recompile after restart.
  }
}

/**
 * A lesson file compiled, cached by the hash of its content (and of the names it may use): in memory,
 * and on disk when `diskCache` is given (the content check fills it before `next build`).
 */
export async function getCompiledLesson(
  absFile: string,
  known: KnownNames,
  { diskCache = diskCacheDir() }: { diskCache?: string | null } = {},
): Promise<CompiledLesson> {
  const source = await fs.readFile(absFile, "utf8");
  const key = keyOf(source, known);
  let entry = memory.get(key);
  if (!entry) {
    entry = (async () => {
      const cached = diskCache ? await readDisk(diskCache, key) : null;
      if (cached) return cached;
      const compiled = await compileMdx(source, { file: path.relative(process.cwd(), absFile), known });
      if (diskCache) await writeDisk(diskCache, key, compiled);
      return compiled;
    })();
    if (memory.size >= MEMORY_LIMIT) memory.delete(memory.keys().next().value!);
    memory.set(key, entry);
    entry.catch(() => memory.delete(key));
  }
  return entry;
}
