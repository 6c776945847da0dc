import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * A throw-away SQLite file with every committed migration applied, exported as DATABASE_URL.
 * Call before importing anything that imports lib/db.ts.
 */
export function createTempDatabase(): { url: string; cleanup: () => void } {
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
