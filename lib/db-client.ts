import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "#lib/generated/prisma/client";
import { databaseFileUrl } from "#lib/db-url";
import { isDatabaseBusy } from "#lib/db-busy";

/**
 * Runs on every new SQLite connection: WAL for concurrent readers, and no busy timeout. better-sqlite3 is
 * synchronous, so SQLite's own busy wait would stop the whole server (every reader included) for as long as
 * another connection holds the write lock; instead a locked statement fails at once and is retried after an
 * asynchronous pause (retryWhileBusy), and the event loop keeps serving everyone else meanwhile.
 */
export const CONNECTION_PRAGMAS =
  "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 0; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";

/** How long a statement keeps retrying on a locked database before its caller gets the SQLITE_BUSY error. */
export const DEFAULT_BUSY_WAIT_MS = 2000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `op`, retrying with growing pauses (5 ms doubling to 200 ms) while SQLite answers SQLITE_BUSY, up to `budgetMs`. */
export async function retryWhileBusy<T>(op: () => Promise<T>, budgetMs: number): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    try {
      return await op();
    } catch (e) {
      const left = deadline - Date.now();
      if (!isDatabaseBusy(e) || left <= 0) throw e;
      await pause(Math.min(wait, left));
    }
  }
}

type Queryable = { queryRaw: (q: never) => Promise<unknown>; executeRaw: (q: never) => Promise<unknown> };

function retrying<T extends Queryable>(q: T, budgetMs: number): T {
  const queryRaw = q.queryRaw.bind(q);
  const executeRaw = q.executeRaw.bind(q);
  // A statement that failed with SQLITE_BUSY changed nothing, so running it again is safe, in a transaction too.
  q.queryRaw = ((query: never) => retryWhileBusy(() => queryRaw(query), budgetMs)) as T["queryRaw"];
  q.executeRaw = ((query: never) => retryWhileBusy(() => executeRaw(query), budgetMs)) as T["executeRaw"];
  return q;
}

class ConfiguredSQLite extends PrismaBetterSQLite3 {
  constructor(
    config: ConstructorParameters<typeof PrismaBetterSQLite3>[0],
    private readonly busyWaitMs: number,
  ) {
    super(config);
  }

  override async connect() {
    const adapter = await super.connect();
    await adapter.executeScript(CONNECTION_PRAGMAS);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args: Parameters<typeof startTransaction>) => retrying(await startTransaction(...args), this.busyWaitMs);
    return retrying(adapter, this.busyWaitMs);
  }
}

/** A Prisma client on the SQLite file named by DATABASE_URL (or `url`). */
export function createPrismaClient(url = databaseFileUrl(), { busyWaitMs = DEFAULT_BUSY_WAIT_MS } = {}): PrismaClient {
  return new PrismaClient({ adapter: new ConfiguredSQLite({ url, timeout: 0 }, busyWaitMs) });
}
