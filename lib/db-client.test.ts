import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "#lib/db-client";
import { isDatabaseBusy } from "#lib/db-busy";
import { createTempDatabase } from "#lib/test/db";
import { forDatabase } from "#lib/test/for-database";

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

// SQLite's single writer: another connection holding the write lock (better-sqlite3 on the same file).
forDatabase("sqlite").describe("a database locked by another connection", () => {
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

// PostgreSQL: $transaction runs SERIALIZABLE; of two that read and then write what the other read, PostgreSQL aborts one
// with a serialization failure (40001), and the client runs that transaction again.
forDatabase("postgresql").describe("conflicting transactions on PostgreSQL", () => {
  it("runs $transaction serializable, a lone statement read committed", async () => {
    const inTx = await prisma.$transaction((t) => t.$queryRawUnsafe<{ transaction_isolation: string }[]>("SHOW transaction_isolation"));
    expect(inTx[0].transaction_isolation).toBe("serializable");
    const [alone] = await prisma.$queryRawUnsafe<{ transaction_isolation: string }[]>("SHOW transaction_isolation");
    expect(alone.transaction_isolation).toBe("read committed");
  });

  /** Two transactions that each count the users and then add one only when the count is still what they saw. */
  async function raceOnCount(client: typeof prisma) {
    let gate!: () => void;
    const bothRead = new Promise<void>((r) => (gate = r));
    let reads = 0;
    let runs = 0;
    const addIfCount = (name: string) =>
      client.$transaction(async (t) => {
        runs++;
        const n = await t.user.count();
        if (++reads === 2) gate();
        await Promise.race([bothRead, new Promise((r) => setTimeout(r, 200))]);
        await t.user.create(newUser(`${name}-${n}`));
        return n;
      });
    const settled = await Promise.allSettled([addIfCount("ra"), addIfCount("rb")]);
    return { settled, runs };
  }

  it("of two transactions that read what the other writes, one is aborted and run again: both land, one after the other", async () => {
    const before = await prisma.user.count();
    const { settled, runs } = await raceOnCount(prisma);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled"]);
    const counts = settled.map((s) => (s as PromiseFulfilledResult<number>).value).sort();
    // Serial outcome: the second saw the first's row (with READ COMMITTED both would have seen `before`).
    expect(counts).toEqual([before, before + 1]);
    expect(runs).toBeGreaterThanOrEqual(3);
  });

  it("with no retry budget the aborted transaction's error reaches the caller as busy, and it wrote nothing", async () => {
    const noRetry = createPrismaClient(tmp.url, { busyWaitMs: 0 });
    try {
      const before = await noRetry.user.count();
      const { settled } = await raceOnCount(noRetry);
      const failed = settled.filter((s) => s.status === "rejected") as PromiseRejectedResult[];
      expect(failed).toHaveLength(1);
      expect(isDatabaseBusy(failed[0].reason)).toBe(true);
      expect(await noRetry.user.count()).toBe(before + 1);
    } finally {
      await noRetry.$disconnect();
    }
  });
});

describe("isDatabaseBusy", () => {
  it.each([
    [{ code: "SQLITE_BUSY" }, true],
    [{ code: "SQLITE_BUSY_SNAPSHOT" }, true],
    [{ code: "P1008", meta: { driverAdapterError: { cause: { originalCode: "SQLITE_BUSY" } } } }, true],
    [{ cause: { originalCode: "SQLITE_BUSY" } }, true],
    [{ code: "P2034" }, true],
    [{ code: "P2010", meta: { driverAdapterError: { cause: { originalCode: "40001" } } } }, true],
    [{ cause: { originalCode: "40P01" } }, true],
    [{ cause: { originalCode: "23505" } }, false],
    [{ code: "SQLITE_CONSTRAINT" }, false],
    [{ code: "P2002" }, false],
    [new Error("database is locked"), false],
    [null, false],
  ])("%j -> %s", (e, want) => expect(isDatabaseBusy(e)).toBe(want));
});
