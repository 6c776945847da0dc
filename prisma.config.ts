import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { databaseFileUrl } from "./lib/db-url";

// Prisma 6 with the JS (Wasm) schema engine: migrate deploy / diff work offline, no binaries.
// With a config file Prisma does not read .env, so the URL default lives in lib/db-url.ts.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  async adapter() {
    return new PrismaBetterSQLite3({ url: databaseFileUrl() });
  },
});
