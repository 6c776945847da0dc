// `npm test`: typecheck, lint, unit tests, then the Playwright suite on a production build and a throw-away DB.
import { baseEnv, bin, ensureBuild, run } from "./lib.mjs";
import { chromiumHelp, findChromium } from "./chromium.mjs";

const chromium = findChromium();
if (!chromium) {
  console.error(chromiumHelp);
  process.exit(1);
}

const timings = [];
async function step(name, fn) {
  const t0 = Date.now();
  console.log(`\n== ${name}`);
  await fn();
  timings.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

try {
  await step("typecheck", () => run(bin("tsc"), ["--noEmit"]));
  await step("lint", () => run(bin("eslint"), ["--max-warnings=0", "."]));
  await step("unit", () => run(bin("vitest"), ["run"]));
  await step("build", () => ensureBuild());
  await step("e2e", () => run(bin("playwright"), ["test"], { env: baseEnv({ CHROMIUM_PATH: chromium }) }));
  console.log(`\n${timings.join(" | ")}`);
} catch (e) {
  console.error(`\n${e.message}`);
  console.log(timings.join(" | "));
  process.exit(1);
}
