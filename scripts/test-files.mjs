// Which unit-test files open a test database (lib/test/db.ts or its fixture). Shared by vitest.config.ts (those files
// run isolated, each in a fresh module graph; the rest share one per worker) and scripts/test.mjs (the PostgreSQL run).
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const OPENS_DB = /from "#lib\/test\/db(-fixture)?"/;

/** Every `*.test.ts` under lib/ and app/ that opens a test database, as paths relative to the repository, sorted. */
export function databaseTestFiles() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== "node_modules" && e.name !== "generated" && !e.name.startsWith(".")) walk(p);
      } else if (e.name.endsWith(".test.ts") && OPENS_DB.test(fs.readFileSync(p, "utf8"))) out.push(path.relative(root, p));
    }
  };
  for (const d of ["lib", "app"]) walk(path.join(root, d));
  return out.sort();
}
