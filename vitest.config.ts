import os from "node:os";
import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";
// @ts-expect-error -- a plain ES module shared with scripts/test.mjs, no types
import { databaseTestFiles } from "./scripts/test-files.mjs";

const root = import.meta.dirname;
const include = ["lib/**/*.test.ts", "app/**/*.test.ts", "content/**/*.test.ts", "prisma/**/*.test.ts", "scripts/**/*.test.ts"];
const dbFiles: string[] = databaseTestFiles();

export default defineConfig({
  resolve: {
    alias: [
      { find: /^#lib\/(.*)$/, replacement: path.join(root, "lib/$1") },
      { find: /^#app\/(.*)$/, replacement: path.join(root, "app/$1") },
      { find: /^#content\/(.*)$/, replacement: path.join(root, "content/$1") },
      // `server-only` throws outside React Server Components; unit tests run server code directly.
      { find: /^server-only$/, replacement: path.join(root, "lib/test/server-only-stub.ts") },
    ],
  },
  test: {
    environment: "node",
    pool: "threads",
    // Vitest's default is one worker fewer than the cores: one on a 2-core machine such as CI's. Tests pass with every
    // core busy, so use them all.
    maxWorkers: Math.max(os.availableParallelism(), 2),
    projects: [
      {
        // Files that open a test database set DATABASE_URL and keep a client in module state: each gets its own module
        // graph, as Vitest does by default.
        extends: true,
        test: { name: "db", include: dbFiles, isolate: true },
      },
      {
        // The rest (simulator, kubectl, content, quiz, exam tasks) import the same large modules and keep no state a
        // later file could see, so they share one module graph per worker: each file no longer re-imports the
        // simulator, which was most of the unit run's time.
        extends: true,
        test: { name: "unit", include, exclude: [...configDefaults.exclude, ...dbFiles], isolate: false },
      },
    ],
  },
});
