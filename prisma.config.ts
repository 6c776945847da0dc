import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { databaseFileUrl, databaseProvider } from "./lib/db-url";
import { pgMigrateAdapter } from "./lib/db-pg-migrate";

// Prisma 6 with the JS (Wasm) schema engine: migrate deploy / diff work offline, no binaries.
// With a config file Prisma does not read .env, so the URL default lives in lib/db-url.ts.
// DATABASE_URL picks the database, and with it the schema and the migration history: a postgres(ql):// URL uses
// prisma/postgres (generated from prisma/schema.prisma by prisma/pg-schema.mjs), anything else the SQLite file.
const pg = databaseProvider() === "postgresql";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: pg ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: pg ? "prisma/postgres/migrations" : "prisma/migrations", seed: "tsx prisma/seed.ts" },
  async adapter() {
    return pg ? pgMigrateAdapter(process.env.DATABASE_URL!) : new PrismaBetterSQLite3({ url: databaseFileUrl() });
  },
});
