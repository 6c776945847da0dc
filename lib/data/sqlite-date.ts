/** Prisma's text form of a DateTime in SQLite (what its own writes store), for raw statements. */
export const sqliteDate = (d: Date) => d.toISOString().replace("Z", "+00:00");
