import { AsyncLocalStorage } from "node:async_hooks";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "#lib/generated/prisma/client";
import { PrismaClient as PgPrismaClient } from "#lib/generated/prisma-pg/client";
import { databaseFileUrl, databaseProvider } from "#lib/db-url";
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

/**
 * Runs `op`, retrying with growing pauses (5 ms doubling to 200 ms) while the database answers busy (isDatabaseBusy),
 * up to `budgetMs` since the start, or, with `pausesOnly`, up to `budgetMs` spent pausing (a whole transaction may
 * itself take longer than the budget and still deserves another run).
 */
export async function retryWhileBusy<T>(op: () => Promise<T>, budgetMs: number, { pausesOnly = false } = {}): Promise<T> {
  const deadline = Date.now() + budgetMs;
  let paused = 0;
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    try {
      return await op();
    } catch (e) {
      const left = pausesOnly ? budgetMs - paused : deadline - Date.now();
      if (!isDatabaseBusy(e) || left <= 0) throw e;
      paused += Math.min(wait, left);
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

/**
 * PostgreSQL. $transaction runs SERIALIZABLE, which gives the read-check-write transactions in lib/data the
 * one-writer-at-a-time outcome they have on SQLite; a lone statement runs READ COMMITTED, where a single UPDATE,
 * upsert (INSERT … ON CONFLICT DO UPDATE) or compare-and-set updateMany is atomic and waits for a concurrent writer
 * of its row instead of failing (a hot counter, such as one client address's sign-in limit, stays usable); PostgreSQL may
 * then abort one of two conflicting transactions with a serialization failure (40001) or a deadlock (40P01), "the
 * transaction can be retried" (https://www.postgresql.org/docs/current/transaction-iso.html#XACT-SERIALIZABLE). A
 * lone statement that failed so changed nothing and is retried like SQLITE_BUSY; an interactive transaction is
 * retried whole ($transaction runs its callback again), so callbacks touch only the database. Once the budget is
 * spent the caller gets the error and isDatabaseBusy answers true (503 with Retry-After).
 */
class ConfiguredPg extends PrismaPg {
  constructor(
    url: string,
    private readonly busyWaitMs: number,
  ) {
    super({ connectionString: url });
  }

  override async connect() {
    const adapter = await super.connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args: Parameters<typeof startTransaction>) => releasedOnConflict(await startTransaction(...args));
    return retrying(adapter, this.busyWaitMs);
  }
}

type PgTx = Awaited<ReturnType<Awaited<ReturnType<PrismaPg["connect"]>>["startTransaction"]>>;

/**
 * adapter-pg 6.19.3 hands a transaction's pooled connection back only from commit()/rollback(), and when COMMIT itself
 * fails with a serialization failure neither is called: the connection stays checked out (the pool shrinks, and
 * $disconnect waits for it forever). So a transaction statement that fails as busy rolls back and closes its
 * connection here (pg's release(err) destroys it rather than pooling a connection in an unknown state); the
 * connection is released once only, whatever the engine calls afterwards.
 */
function releasedOnConflict(tx: PgTx): PgTx {
  const client = (tx as unknown as { client: { release: (err?: Error | boolean) => void; query: (sql: string) => Promise<unknown> } }).client;
  const release = client.release.bind(client);
  let released = false;
  client.release = (err?: Error | boolean) => {
    if (released) return;
    released = true;
    release(err);
  };
  let conflict: unknown = null;
  const guard = <R>(f: (q: { sql: string }) => Promise<R>, none: R) =>
    async (q: { sql: string }): Promise<R> => {
      // After a conflict closed the connection: the engine's own ROLLBACK has nothing left to do, anything else
      // fails with the conflict (so the caller still sees a busy database and retries).
      if (conflict) {
        if (/^\s*ROLLBACK\b/i.test(q.sql)) return none;
        throw conflict;
      }
      try {
        return await f(q);
      } catch (e) {
        if (isDatabaseBusy(e) && !released) {
          conflict = e;
          await client.query("ROLLBACK").catch(() => undefined);
          client.release(e instanceof Error ? e : true);
        }
        throw e;
      }
    };
  const emptyResult = { columnNames: [], columnTypes: [], rows: [] } as unknown as Awaited<ReturnType<PgTx["queryRaw"]>>;
  tx.queryRaw = guard(tx.queryRaw.bind(tx) as (q: { sql: string }) => ReturnType<PgTx["queryRaw"]>, emptyResult) as PgTx["queryRaw"];
  tx.executeRaw = guard(tx.executeRaw.bind(tx) as (q: { sql: string }) => ReturnType<PgTx["executeRaw"]>, 0) as PgTx["executeRaw"];
  return tx;
}

/** Set while a $transaction runs: its statements are not retried one by one (the transaction is, whole). */
const inTransaction = new AsyncLocalStorage<true>();

function createPgClient(url: string, busyWaitMs: number): PrismaClient {
  // A model operation that is one statement may still run in an implicit transaction (updateMany, nested writes),
  // out of reach of the adapter-level retry: retry the operation itself, outside a $transaction.
  const client = new PgPrismaClient({ adapter: new ConfiguredPg(url, busyWaitMs) }).$extends({
    query: {
      $allOperations({ args, query }) {
        return inTransaction.getStore() ? query(args) : retryWhileBusy(() => query(args), busyWaitMs, { pausesOnly: true });
      },
    },
  });
  const transaction = client.$transaction.bind(client) as (arg: unknown, options?: Record<string, unknown>) => Promise<unknown>;
  (client as { $transaction: unknown }).$transaction = (arg: unknown, options?: Record<string, unknown>) =>
    retryWhileBusy(() => inTransaction.run(true, () => transaction(arg, { isolationLevel: "Serializable", ...options })), busyWaitMs, { pausesOnly: true });
  // One model definition: the two generated clients have the same models and methods (prisma/pg-schema.mjs).
  return client as unknown as PrismaClient;
}

/**
 * A Prisma client on the database DATABASE_URL (or `url`) names: a SQLite file, or PostgreSQL for a
 * postgres(ql):// URL (lib/db-url.ts).
 */
export function createPrismaClient(url = process.env.DATABASE_URL, { busyWaitMs = DEFAULT_BUSY_WAIT_MS } = {}): PrismaClient {
  if (databaseProvider({ DATABASE_URL: url }) === "postgresql") return createPgClient(url!, busyWaitMs);
  return new PrismaClient({ adapter: new ConfiguredSQLite({ url: databaseFileUrl({ DATABASE_URL: url }), timeout: 0 }, busyWaitMs) });
}
