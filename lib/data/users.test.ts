import { beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "#lib/test/db-fixture";

const { prisma, users, makeUser } = await openTestDatabase("u");

describe("users data access (real SQLite)", () => {
  beforeAll(async () => {
    await prisma.user.deleteMany();
  });

  it("runs with WAL and a busy timeout on the connection", async () => {
    const [mode] = await prisma.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    const [timeout] = await prisma.$queryRawUnsafe<{ timeout: bigint }[]>("PRAGMA busy_timeout");
    expect(mode.journal_mode).toBe("wal");
    expect(Number(timeout.timeout)).toBeGreaterThanOrEqual(5000);
  });

  it("a second account with the same email is refused and nothing is written", async () => {
    const first = await users.createUser({ email: "dup@example.test", name: "A", passwordHash: "x", locale: "en" });
    expect(first).toMatchObject({ ok: true, user: { email: "dup@example.test", role: "LEARNER", locale: "en" } });
    const before = await prisma.user.count();
    expect(await users.createUser({ email: "dup@example.test", name: "B", passwordHash: "y", locale: "ko" })).toEqual({ ok: false, reason: "emailTaken" });
    expect(await prisma.user.count()).toBe(before);
  });

  it("only admins list users, and the DTO never carries the password hash", async () => {
    const learner = await makeUser();
    const admin = await makeUser("ADMIN");
    expect(await users.listUsersForAdmin(learner)).toEqual([]);
    const list = await users.listUsersForAdmin(admin);
    expect(list.length).toBeGreaterThan(1);
    expect(Object.keys(list[0]).sort()).toEqual(["createdAt", "email", "id", "locale", "name", "role"]);
  });

  it("role changes: admins only, and never removing the last admin", async () => {
    await prisma.user.deleteMany();
    const admin = await makeUser("ADMIN");
    const instructor = await makeUser("INSTRUCTOR");
    const learner = await makeUser();

    expect(await users.updateUserRole(instructor, learner.id, "ADMIN")).toEqual({ ok: false, reason: "forbidden" });
    expect(await users.updateUserRole(admin, "no-such-id", "ADMIN")).toEqual({ ok: false, reason: "notFound" });
    expect(await users.updateUserRole(admin, admin.id, "LEARNER")).toEqual({ ok: false, reason: "lastAdmin" });
    expect((await users.getSessionUser(admin.id))!.role).toBe("ADMIN");

    expect(await users.updateUserRole(admin, learner.id, "ADMIN")).toEqual({ ok: true });
    // with a second admin the first may step down
    expect(await users.updateUserRole(admin, admin.id, "INSTRUCTOR")).toEqual({ ok: true });
    expect((await users.getSessionUser(admin.id))!.role).toBe("INSTRUCTOR");
  });

  it("stores the locale choice", async () => {
    const u = await makeUser();
    await users.updateUserLocale(u.id, "en");
    expect((await users.getSessionUser(u.id))!.locale).toBe("en");
  });
});
