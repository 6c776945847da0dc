import path from "node:path";

/** The two databases the app runs on: SQLite (a file, the default) and PostgreSQL (a server). */
export type DatabaseProvider = "sqlite" | "postgresql";

/** Which database DATABASE_URL names: postgres:// or postgresql:// is PostgreSQL, anything else a SQLite file. */
export function databaseProvider(env: Record<string, string | undefined> = process.env): DatabaseProvider {
  return /^postgres(ql)?:\/\//.test(env.DATABASE_URL ?? "") ? "postgresql" : "sqlite";
}

/** The SQLite file URL from DATABASE_URL (default prisma/dev.db), made absolute against the cwd. */
export function databaseFileUrl(env: Record<string, string | undefined> = process.env): string {
  if (databaseProvider(env) === "postgresql") throw new Error("databaseFileUrl: DATABASE_URL names a PostgreSQL server, not a SQLite file");
  const raw = (env.DATABASE_URL ?? "file:./prisma/dev.db").replace(/^file:/, "");
  return "file:" + (path.isAbsolute(raw) ? raw : path.join(/*turbopackIgnore: true*/ process.cwd(), raw));
}
