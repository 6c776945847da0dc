import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The database the data-layer tests run on: SQLite unless KUBECLASS_TEST_DB=postgresql (scripts/test.mjs sets it). */
export const testDatabase: "sqlite" | "postgresql" = process.env.KUBECLASS_TEST_DB === "postgresql" ? "postgresql" : "sqlite";

function psql(url: string, sql: string) {
  execFileSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql], { stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * A throw-away PostgreSQL database on the server scripts/pg.mjs started (KUBECLASS_PG_URL), copied from its
 * template that holds every PostgreSQL migration; dropped again by cleanup.
 */
function createTempPgDatabase(): { url: string; cleanup: () => void } {
  const admin = process.env.KUBECLASS_PG_URL;
  if (!admin) throw new Error("KUBECLASS_TEST_DB=postgresql needs KUBECLASS_PG_URL: run the tests under `node scripts/pg.mjs run -- …`");
  const name = `test_${crypto.randomBytes(6).toString("hex")}`;
  psql(admin, `CREATE DATABASE ${name} TEMPLATE kubeclass_template`);
  const url = admin.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  process.env.DATABASE_URL = url;
  return { url, cleanup: () => psql(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * A throw-away database with every committed migration applied, exported as DATABASE_URL: a SQLite file, or a
 * PostgreSQL database when the tests run on PostgreSQL (testDatabase).
 * Call before importing anything that imports lib/db.ts.
 */
export function createTempDatabase(): { url: string; cleanup: () => void } {
  if (testDatabase === "postgresql") return createTempPgDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubeclass-unit-"));
  const file = path.join(dir, "test.db");
  const db = new Database(file);
  const migrations = path.resolve(import.meta.dirname, "../../prisma/migrations");
  for (const name of fs.readdirSync(migrations).sort()) {
    const sql = path.join(migrations, name, "migration.sql");
    if (fs.existsSync(sql)) db.exec(fs.readFileSync(sql, "utf8"));
  }
  db.close();
  const url = `file:${file}`;
  process.env.DATABASE_URL = url;
  return { url, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
