// `npm test`: typecheck, lint, unit tests, then the Playwright suite on a production build and a throw-away DB.
// With PostgreSQL installed (Debian's `postgresql`), the same run also starts a throw-away PostgreSQL server
// (scripts/pg.mjs) and runs there: the migration-history check, the data-layer tests (every test file that opens a
// test database) and the e2e journeys that use the database most (PG_E2E_SPECS). In CI (CI=true, as .ci/run sets)
// or with KUBECLASS_REQUIRE_PG=1 a missing PostgreSQL fails the run; elsewhere the run goes on on SQLite alone and
// says so loudly at the start and in the summary.
import fs from "node:fs";
import path from "node:path";
import { baseEnv, bin, ensureBuild, root, run } from "./lib.mjs";
import { chromiumHelp, findChromium } from "./chromium.mjs";
import { findPostgresBin, startPostgres } from "./pg.mjs";
import { databaseTestFiles } from "./test-files.mjs";

/**
 * The e2e specs that also run on PostgreSQL: those that write and read the most shared state per page (the mock exam,
 * the instructor's journey, two servers on one database, an anonymous attempt moved to an account at sign-in). The
 * rest run on SQLite only, for CI's 20-minute budget (this 2-core VM's speed varies by up to 1.8x between runs); the
 * data-layer functions they reach are the ones the unit tests run on both databases.
 */
export const PG_E2E_SPECS = ["e2e/exam.spec.ts", "e2e/teach-journey.spec.ts", "e2e/two-servers.spec.ts", "e2e/exercise-signin.spec.ts"];

const chromium = findChromium();
if (!chromium) {
  console.error(chromiumHelp);
  process.exit(1);
}

const requirePg = process.env.CI === "true" || process.env.KUBECLASS_REQUIRE_PG === "1";
const pgMissing = !findPostgresBin();
const pgNotice = [
  "!!! PostgreSQL is not installed: the PostgreSQL half of the tests (data layer, migrations, e2e journeys) is NOT run.",
  "!!! Install it (Debian: apt-get install -y postgresql) to run them; CI installs it and requires them.",
].join("\n");
if (pgMissing && requirePg) {
  console.error("PostgreSQL is required here (CI=true or KUBECLASS_REQUIRE_PG=1) and not installed: apt-get install -y postgresql");
  process.exit(1);
}
if (pgMissing) console.warn(`\n${pgNotice}\n`);

const timings = [];
async function step(name, fn) {
  const t0 = Date.now();
  console.log(`\n== ${name}`);
  await fn();
  timings.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

let pg = null;
try {
  // one core each: neither uses both
  await step("typecheck + lint", () => Promise.all([run(bin("tsc"), ["--noEmit"]), run(bin("eslint"), ["--max-warnings=0", "."])]));
  await step("schemas", () => run(process.execPath, ["prisma/pg-schema.mjs", "--check"]));
  await step("unit", () => run(bin("vitest"), ["run"]));
  if (!pgMissing) {
    await step("postgres start", async () => {
      pg = await startPostgres();
      console.log(`postgres: throw-away server on port ${pg.port}`);
    });
    const pgEnv = (extra = {}) => baseEnv({ KUBECLASS_PG_URL: pg.url, ...extra });
    await step("migrations (PostgreSQL)", () => run(process.execPath, ["prisma/pg-schema.mjs", "--check-migrations"], { env: pgEnv() }));
    // Longer timeouts than SQLite's defaults: a file's database is created from the template over a connection, and
    // every statement is a round trip to another process.
    const slow = ["--testTimeout=30000", "--hookTimeout=60000"];
    await step("unit (PostgreSQL)", () => run(bin("vitest"), ["run", ...slow, ...databaseTestFiles()], { env: pgEnv({ KUBECLASS_TEST_DB: "postgresql" }) }));
  }
  await step("build", () => ensureBuild());
  await step("e2e", () => run(bin("playwright"), ["test"], { env: baseEnv({ CHROMIUM_PATH: chromium, KUBECLASS_PG_URL: "" }) }));
  if (pg) {
    const env = baseEnv({ CHROMIUM_PATH: chromium, KUBECLASS_PG_URL: pg.url, E2E_DATABASE: "postgresql" });
    await step("e2e (PostgreSQL)", () => run(bin("playwright"), ["test", ...PG_E2E_SPECS.filter((f) => fs.existsSync(path.join(root, f)))], { env }));
  }
  console.log(`\n${timings.join(" | ")}`);
  if (pgMissing) console.warn(`\n${pgNotice}`);
} catch (e) {
  console.error(`\n${e.message}`);
  console.log(timings.join(" | "));
  if (pgMissing) console.warn(`\n${pgNotice}`);
  process.exitCode = 1;
} finally {
  pg?.stop();
}
