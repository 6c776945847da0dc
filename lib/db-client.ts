import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "#lib/generated/prisma/client";
import { databaseFileUrl } from "#lib/db-url";

/** Runs on every new SQLite connection: WAL for concurrent readers, a busy timeout for writers. */
export const CONNECTION_PRAGMAS =
  "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";

class ConfiguredSQLite extends PrismaBetterSQLite3 {
  override async connect() {
    const adapter = await super.connect();
    await adapter.executeScript(CONNECTION_PRAGMAS);
    return adapter;
  }
}

/** A Prisma client on the SQLite file named by DATABASE_URL (or `url`). */
export function createPrismaClient(url = databaseFileUrl()): PrismaClient {
  return new PrismaClient({ adapter: new ConfiguredSQLite({ url, timeout: 5000 }) });
}
