// Prints each lesson's heading ids (the anchors quiz items link to): `npm run -s content:anchors [slug]`.
import fs from "node:fs";
import path from "node:path";
import { figures } from "#app/_components/mdx/figures/index";
import { flowScenarioIds } from "#lib/content/flow-scenarios";
import { getGlossary } from "#lib/content/glossary";
import { getCompiledLesson } from "#lib/content/mdx";

const only = process.argv[2];
const dir = path.join(process.cwd(), "content", "lessons");
const known = { terms: new Set(Object.keys(await getGlossary())), figures: new Set(Object.keys(figures)), scenarios: new Set(flowScenarioIds) };
for (const d of fs.readdirSync(dir).sort()) {
  const slug = d.replace(/^\d+-/, "");
  if (only && only !== slug) continue;
  for (const locale of ["ko", "en"] as const) {
    const compiled = await getCompiledLesson(path.join(dir, d, `${locale}.mdx`), known);
    console.log(`${slug} ${locale}: ${compiled.toc.map((t) => t.id).join("  ")}`);
  }
}
