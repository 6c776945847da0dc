import { beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "#lib/test/db-fixture";
import { testDatabase } from "#lib/test/db";
import { forDatabase } from "#lib/test/for-database";

const { prisma, users, makeUser } = await openTestDatabase("u");

describe(`users data access (real ${testDatabase})`, () => {
  beforeAll(async () => {
    await prisma.user.deleteMany();
  });

  // SQLite only; PostgreSQL's concurrency (serializable transactions, retried) is tested in lib/db-client.test.ts.
  forDatabase("sqlite").it("runs with WAL on the connection (locked writes are retried asynchronously: lib/db-client.test.ts)", async () => {
    const [mode] = await prisma.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(mode.journal_mode).toBe("wal");
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

  it("sessions: one row per sign-in, ended by sign-out, refused when expired or shown by another user", async () => {
    const u = await makeUser();
    const other = await makeUser();
    const t0 = new Date("2026-01-01T00:00:00Z");
    const sid = await users.createAuthSession(u.id, t0);
    expect(await users.getSessionUserBySession(sid, u.id, t0)).toMatchObject({ id: u.id, email: u.email });
    expect(await users.getSessionUserBySession(sid, other.id, t0)).toBeNull();
    const justBefore = new Date(t0.getTime() + users.SESSION_MAX_AGE_S * 1000 - 1);
    expect(await users.getSessionUserBySession(sid, u.id, justBefore)).not.toBeNull();
    expect(await users.getSessionUserBySession(sid, u.id, new Date(justBefore.getTime() + 1))).toBeNull();
    await users.deleteAuthSession(sid);
    await users.deleteAuthSession(sid);
    expect(await users.getSessionUserBySession(sid, u.id, t0)).toBeNull();
  });

  it("sessions: a new sign-in forgets expired rows and keeps at most MAX_SESSIONS_PER_USER", async () => {
    const u = await makeUser();
    const t0 = new Date("2026-01-01T00:00:00Z");
    const first = await users.createAuthSession(u.id, t0);
    const later = new Date(t0.getTime() + users.SESSION_MAX_AGE_S * 1000);
    const ids: string[] = [];
    for (let i = 0; i < users.MAX_SESSIONS_PER_USER + 3; i++) ids.push(await users.createAuthSession(u.id, new Date(later.getTime() + i * 1000)));
    const left = await prisma.authSession.findMany({ where: { userId: u.id }, select: { id: true } });
    expect(left.map((r) => r.id).sort()).toEqual(ids.slice(-users.MAX_SESSIONS_PER_USER).sort());
    expect(left.some((r) => r.id === first)).toBe(false);
  });

  it("sessions: a role change and a password change end all of the user's sessions, and only theirs", async () => {
    const admin = await makeUser("ADMIN");
    const u = await makeUser();
    const bystander = await makeUser();
    const a = await users.createAuthSession(u.id);
    const b = await users.createAuthSession(u.id);
    const keep = await users.createAuthSession(bystander.id);
    expect(await users.updateUserRole(admin, u.id, "INSTRUCTOR")).toEqual({ ok: true });
    expect(await users.getSessionUserBySession(a, u.id)).toBeNull();
    expect(await users.getSessionUserBySession(b, u.id)).toBeNull();
    expect(await users.getSessionUserBySession(keep, bystander.id)).not.toBeNull();

    const c = await users.createAuthSession(u.id);
    await users.updateUserPassword(u.id, "new-hash");
    expect(await users.getSessionUserBySession(c, u.id)).toBeNull();
    expect(await users.getSessionUserBySession(keep, bystander.id)).not.toBeNull();
  });

  it("a refused role change ends no session", async () => {
    await prisma.user.deleteMany({ where: { role: "ADMIN" } });
    const admin = await makeUser("ADMIN");
    const sid = await users.createAuthSession(admin.id);
    expect(await users.updateUserRole(admin, admin.id, "LEARNER")).toEqual({ ok: false, reason: "lastAdmin" });
    expect(await users.getSessionUserBySession(sid, admin.id)).not.toBeNull();
  });

  it("isAuthSessionOpen: ended here at once, ended elsewhere within OPEN_SESSION_CACHE_MS", async () => {
    const admin = await makeUser("ADMIN");
    const u = await makeUser();
    const other = await makeUser();
    const now = Date.now();
    const a = await users.createAuthSession(u.id, new Date(now));
    expect(await users.isAuthSessionOpen(a, u.id, now)).toBe(true);
    expect(await users.isAuthSessionOpen(a, other.id, now)).toBe(false);
    await users.deleteAuthSession(a);
    expect(await users.isAuthSessionOpen(a, u.id, now)).toBe(false);

    const b = await users.createAuthSession(u.id, new Date(now));
    expect(await users.isAuthSessionOpen(b, u.id, now)).toBe(true);
    expect(await users.updateUserRole(admin, u.id, "INSTRUCTOR")).toEqual({ ok: true });
    expect(await users.isAuthSessionOpen(b, u.id, now)).toBe(false);

    // Another server instance signs the user out: this one may believe its cached answer for a moment only.
    const c = await users.createAuthSession(u.id, new Date(now));
    expect(await users.isAuthSessionOpen(c, u.id, now)).toBe(true);
    await prisma.authSession.delete({ where: { id: c } });
    expect(await users.isAuthSessionOpen(c, u.id, now + 1999)).toBe(true);
    expect(await users.isAuthSessionOpen(c, u.id, now + 2000)).toBe(false);

    const old = await users.createAuthSession(u.id, new Date(now - users.SESSION_MAX_AGE_S * 1000));
    expect(await users.isAuthSessionOpen(old, u.id, now)).toBe(false);
  });
});
