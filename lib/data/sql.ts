import { Prisma } from "#lib/generated/prisma/client";
import { databaseProvider, type DatabaseProvider } from "#lib/db-url";
import { sqliteDate } from "./sqlite-date";

/**
 * Portable raw SQL for the two databases (lib/db-client.ts picks one by DATABASE_URL). Raw statements in lib/data
 * quote every identifier ("userId": PostgreSQL folds unquoted names to lower case), write booleans as TRUE/FALSE
 * (SQLite reads them as 1/0) and take the few pieces that differ from here.
 */
export const dialect = (): DatabaseProvider => databaseProvider();

/**
 * A DateTime value for a raw statement, compared with or stored in a Prisma DateTime column: SQLite keeps Prisma's
 * ISO text (lib/data/sqlite-date.ts); PostgreSQL has timestamp(3) holding UTC, so the UTC wall time cast to it.
 */
export function sqlDate(d: Date): Prisma.Sql {
  return dialect() === "postgresql" ? Prisma.sql`CAST(${d.toISOString().slice(0, -1)} AS TIMESTAMP(3))` : Prisma.sql`${sqliteDate(d)}`;
}

/** A whole number that may not fit 32 bits (a byte budget): PostgreSQL would type a bare parameter as integer. */
export const sqlBigInt = (n: number): Prisma.Sql => Prisma.sql`CAST(${n} AS BIGINT)`;

/** A one-column table `j` with column `value`, one row per id: json_each on SQLite, json_array_elements_text on PostgreSQL. */
export function idsTable(ids: string[]): Prisma.Sql {
  const json = JSON.stringify(ids);
  return dialect() === "postgresql" ? Prisma.sql`json_array_elements_text(CAST(${json} AS JSON)) AS j(value)` : Prisma.sql`json_each(${json}) j`;
}

/** SQLite's INDEXED BY hint (its planner otherwise scans the wrong index for these joins); nothing on PostgreSQL. */
export const indexedBy = (index: string): Prisma.Sql => (dialect() === "postgresql" ? Prisma.empty : Prisma.raw(`INDEXED BY "${index}"`));

/** A number field of a JSON text column: json_extract on SQLite, ->> and a cast on PostgreSQL. */
export const jsonNumber = (column: string, key: string): Prisma.Sql =>
  dialect() === "postgresql" ? Prisma.raw(`CAST(CAST(${column} AS JSONB)->>'${key}' AS DOUBLE PRECISION)`) : Prisma.raw(`json_extract(${column}, '$.${key}')`);

/** A text field of a JSON text column. */
export const jsonText = (column: string, key: string): Prisma.Sql =>
  dialect() === "postgresql" ? Prisma.raw(`CAST(${column} AS JSONB)->>'${key}'`) : Prisma.raw(`json_extract(${column}, '$.${key}')`);

/**
 * A unique-constraint violation, from a model query (P2002) or a raw statement (P2010 carrying SQLite's "UNIQUE
 * constraint failed" or PostgreSQL's 23505 "duplicate key value violates unique constraint").
 */
export function isUniqueViolation(e: unknown): boolean {
  if (!(e instanceof Prisma.PrismaClientKnownRequestError)) return false;
  return e.code === "P2002" || (e.code === "P2010" && /UNIQUE constraint failed|duplicate key value|\b23505\b/i.test(e.message));
}

/** A DateTime read by a raw query: a Date on PostgreSQL, ISO text (or epoch ms) on SQLite. */
export const asDate = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(typeof v === "bigint" ? Number(v) : (v as string | number)));

/**
 * A join whose left table SQLite must scan first (its CROSS JOIN fixes the order; the cohort's members drive the
 * lookups): a plain JOIN on PostgreSQL, whose CROSS JOIN takes no ON clause.
 */
export const orderedJoin = (): Prisma.Sql => Prisma.raw(dialect() === "postgresql" ? "JOIN" : "CROSS JOIN");
