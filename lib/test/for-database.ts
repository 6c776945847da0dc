// Tests of one database provider only (vitest; lib/test/db.ts stays free of it, benches import that).
import { describe, it } from "vitest";
import { testDatabase } from "./db";

/**
 * Tests of one provider's own behaviour (SQLite's file locks, PostgreSQL's serialization failures): registered only in
 * the run on that provider (`npm test` runs both), so the other run neither runs nor reports them as skipped.
 */
export function forDatabase(db: "sqlite" | "postgresql"): { describe: typeof describe; it: typeof it } {
  if (db === testDatabase) return { describe, it };
  const none = (() => undefined) as unknown;
  return { describe: none as typeof describe, it: none as typeof it };
}
