// Copies every table of a migrated SQLite database into a PostgreSQL database migrated to the same schema (the
// benchmarks seed SQLite with better-sqlite3 and run the same data on PostgreSQL). Rows go over as JSON through
// json_populate_recordset, so each value is read by its column's own type: ISO text to timestamp(3), 0/1 to
// boolean. Triggers (the log-bytes counters, foreign keys) are off while copying (session_replication_role =
// replica; the throw-away server's user is a superuser): the counters come over already counted.
import Database from "better-sqlite3";
import pg from "pg";

export async function copySqliteToPostgres(sqliteFile, pgUrl, { batch = 2000 } = {}) {
  const lite = new Database(sqliteFile, { readonly: true });
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`);
    await client.query("BEGIN");
    await client.query("SET LOCAL session_replication_role = replica");
    let total = 0;
    for (const { tablename } of tables) {
      const q = `"${tablename.replaceAll('"', '""')}"`;
      const rows = lite.prepare(`SELECT * FROM ${q}`).all();
      for (let i = 0; i < rows.length; i += batch) {
        const chunk = rows.slice(i, i + batch).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v])));
        await client.query(`INSERT INTO ${q} SELECT * FROM json_populate_recordset(NULL::${q}, $1)`, [JSON.stringify(chunk)]);
      }
      total += rows.length;
    }
    await client.query("COMMIT");
    return total;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    await client.end();
    lite.close();
  }
}
