import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "#lib/db-client";
import { isDatabaseBusy } from "#lib/db-busy";
import { createTempDatabase } from "#lib/test/db";

const tmp = createTempDatabase();
const prisma = createPrismaClient(tmp.url, { busyWaitMs: 400 });
afterAll(async () => {
  await prisma.$disconnect();
  tmp.cleanup();
});

/** Another connection (say an admin's sqlite3 shell) that takes the write lock and keeps it. */
function holdWriteLock() {
  const other = new Database(tmp.url.replace(/^file:/, ""));
  other.prepare("BEGIN IMMEDIATE").run();
  other.prepare("INSERT INTO User (id, email, name, passwordHash) VALUES ('locker', 'locker@example.test', 'L', 'x')").run();
  return { release: () => (other.prepare("ROLLBACK").run(), other.close()) };
}

const newUser = (n: string) => ({ data: { email: `${n}@example.test`, name: n, passwordHash: "x" }, select: { id: true } });

describe("a database locked by another connection", () => {
  it("sets no SQLite busy wait on the connection (it would stop the event loop)", async () => {
    const [mode] = await prisma.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    const [timeout] = await prisma.$queryRawUnsafe<{ timeout: bigint }[]>("PRAGMA busy_timeout");
    expect(mode.journal_mode).toBe("wal");
    expect(Number(timeout.timeout)).toBe(0);
  });

  it("reads and timers keep going while a write waits; the write fails as busy once its budget is spent", async () => {
    await prisma.user.count();
    const lock = holdWriteLock();
    try {
      const order: string[] = [];
      const write = prisma.user.create(newUser("w1")).then(
        () => order.push("write ok"),
        (e: unknown) => order.push(isDatabaseBusy(e) ? "write busy" : `write failed: ${String(e)}`),
      );
      const read = prisma.user.count().then((n) => order.push(`read ${n}`));
      const timer = new Promise((r) => setTimeout(r, 20)).then(() => order.push("timer"));
      await Promise.all([write, read, timer]);
      // With SQLite's own busy wait, the write would hold the thread and finish first.
      expect(order).toEqual(["read 0", "timer", "write busy"]);
    } finally {
      lock.release();
    }
  });

  it("a write that waits succeeds when the lock is let go inside its budget, in a transaction too", async () => {
    const lock = holdWriteLock();
    const single = prisma.user.create(newUser("w2"));
    const tx = prisma.$transaction(async (t) => {
      const n = await t.user.count();
      await t.user.create(newUser("w3"));
      return n;
    });
    setTimeout(() => lock.release(), 50);
    await expect(single).resolves.toEqual({ id: expect.any(String) });
    await expect(tx).resolves.toBeGreaterThanOrEqual(0);
    expect(await prisma.user.count({ where: { email: { in: ["w2@example.test", "w3@example.test"] } } })).toBe(2);
  });
});

describe("isDatabaseBusy", () => {
  it.each([
    [{ code: "SQLITE_BUSY" }, true],
    [{ code: "SQLITE_BUSY_SNAPSHOT" }, true],
    [{ code: "P1008", meta: { driverAdapterError: { cause: { originalCode: "SQLITE_BUSY" } } } }, true],
    [{ cause: { originalCode: "SQLITE_BUSY" } }, true],
    [{ code: "SQLITE_CONSTRAINT" }, false],
    [{ code: "P2002" }, false],
    [new Error("database is locked"), false],
    [null, false],
  ])("%j -> %s", (e, want) => expect(isDatabaseBusy(e)).toBe(want));
});
