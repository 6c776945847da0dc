// The content check that gates `next build`: run with `tsx --conditions=react-server scripts/check-content.ts`
// (the condition lets it import the server-only modules the pages use). Exits 1 with every problem listed.
import path from "node:path";
import { figures } from "#app/_components/mdx/figures/index";
import { checkContent } from "#lib/content/check";
import { diskCacheDir } from "#lib/content/mdx";

const started = Date.now();
const root = process.cwd();
const result = await checkContent({
  lessonsDir: path.join(root, "content", "lessons"),
  glossaryDir: path.join(root, "content", "glossary"),
  figures: Object.keys(figures),
  // Compiled lessons go where the server looks for them, so the first page view needs no compile.
  diskCache: diskCacheDir(),
});
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (result.problems.length) {
  console.error(`content check: ${result.problems.length} problem(s) in ${result.lessons} lessons:\n`);
  for (const p of result.problems) console.error(`  ${p.replaceAll("\n", "\n  ")}`);
  process.exit(1);
}
console.log(`content check: ${result.lessons} lessons, ${result.files} files compiled, no problems (${seconds} s)`);
