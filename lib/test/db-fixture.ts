import { afterAll } from "vitest";
import type { Role } from "#lib/auth/roles";
import { createTempDatabase } from "./db";

/**
 * A migrated throw-away SQLite file for one test file, the Prisma client on it, and a user factory.
 * Await it at the top of the test file, before importing modules that import lib/db.ts.
 */
export async function openTestDatabase(prefix = "u") {
  const tmp = createTempDatabase();
  const users = await import("#lib/data/users");
  const { prisma } = await import("#lib/db");
  afterAll(async () => {
    await (await import("#lib/background")).backgroundIdle();
    await prisma.$disconnect();
    tmp.cleanup();
  });

  let n = 0;
  /** A new account; with `password`, one that can really sign in (argon2-hashed). */
  async function makeUser(role: Role = "LEARNER", name?: string, password?: string) {
    n += 1;
    const passwordHash = password ? await (await import("#lib/auth/password")).hashPassword(password) : "x";
    const r = await users.createUser({ email: `${prefix}${n}@example.test`, name: name ?? `User ${n}`, passwordHash, locale: "ko" });
    if (!r.ok) throw new Error("test setup: createUser failed");
    if (role !== "LEARNER") await prisma.user.update({ where: { id: r.user.id }, data: { role } });
    return (await users.getSessionUser(r.user.id))!;
  }
  return { prisma, users, makeUser };
}
