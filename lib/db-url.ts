import path from "node:path";

/** The SQLite file URL from DATABASE_URL (default prisma/dev.db), made absolute against the cwd. */
export function databaseFileUrl(env: Record<string, string | undefined> = process.env): string {
  const raw = (env.DATABASE_URL ?? "file:./prisma/dev.db").replace(/^file:/, "");
  return "file:" + (path.isAbsolute(raw) ? raw : path.join(/*turbopackIgnore: true*/ process.cwd(), raw));
}
