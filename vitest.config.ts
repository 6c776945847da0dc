import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

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
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "content/**/*.test.ts", "prisma/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    pool: "threads",
  },
});
