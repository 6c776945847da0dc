/** Seconds a client is told to wait (Retry-After) when the database stayed locked for a whole retry budget. */
export const BUSY_RETRY_AFTER_S = 2;

function originalCode(e: unknown): string | undefined {
  const err = e as { code?: unknown; cause?: { originalCode?: unknown }; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null;
  if (!err || typeof err !== "object") return undefined;
  const code = err.meta?.driverAdapterError?.cause?.originalCode ?? err.cause?.originalCode ?? err.code;
  return typeof code === "string" ? code : undefined;
}

// PostgreSQL: serialization_failure, deadlock_detected, lock_not_available (Appendix A, Error Codes).
const PG_RETRYABLE = new Set(["40001", "40P01", "55P03"]);

/**
 * True for SQLite's "database is locked" or PostgreSQL's "could not serialize access" / deadlock / lock timeout (SQLITE_BUSY and its extended codes), however it surfaces: from
 * better-sqlite3, from Prisma's driver adapter, or wrapped in a PrismaClientKnownRequestError. Callers answer
 * 503 with Retry-After: the request was fine, the database was busy.
 */
export function isDatabaseBusy(e: unknown): boolean {
  const code = originalCode(e) ?? "";
  // P2034: Prisma's "Transaction failed due to a write conflict or a deadlock" (it wraps 40001 from adapter-pg).
  return /^SQLITE_BUSY/.test(code) || PG_RETRYABLE.has(code) || (e as { code?: unknown } | null)?.code === "P2034";
}
