/** Seconds a client is told to wait (Retry-After) when the database stayed locked for a whole retry budget. */
export const BUSY_RETRY_AFTER_S = 2;

function originalCode(e: unknown): string | undefined {
  const err = e as { code?: unknown; cause?: { originalCode?: unknown }; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null;
  if (!err || typeof err !== "object") return undefined;
  const code = err.meta?.driverAdapterError?.cause?.originalCode ?? err.cause?.originalCode ?? err.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * True for SQLite's "database is locked" (SQLITE_BUSY and its extended codes), however it surfaces: from
 * better-sqlite3, from Prisma's driver adapter, or wrapped in a PrismaClientKnownRequestError. Callers answer
 * 503 with Retry-After: the request was fine, the database was busy.
 */
export function isDatabaseBusy(e: unknown): boolean {
  return /^SQLITE_BUSY/.test(originalCode(e) ?? "");
}
