import { describe, expect, it } from "vitest";
import { openTestDatabase } from "#lib/test/db-fixture";

const { prisma, makeUser } = await openTestDatabase("an");
const { anonymousAttemptStore, moveAnonymousAttempts, deleteExpiredAnonymousVisitors, ANON_TTL_MS, MAX_ANON_ATTEMPTS_PER_VISITOR, MOVE_LEASE_MS } = await import("./anon-attempts");
const { attemptStoreForUser } = await import("./exercises");
const { encodeEntry, newId } = await import("#lib/exercise/store");

const input = { exerciseId: "expose-nodeport", lessonSlug: "05-services", seed: 7, parameters: { port: 30080 } };
const run = (line: string) => ({ kind: "run" as const, line });

describe("anonymous attempts in the database", () => {
  it("two stores of one visitor (two servers) see one attempt; a second append at one seq is a conflict; other visitors see nothing", async () => {
    const sid = newId();
    const [a, b] = [anonymousAttemptStore(sid), anonymousAttemptStore(sid)];
    const rec = await a.create(input);
    expect(await b.get(rec.id)).toEqual(rec);
    expect(await a.append(rec.id, { seq: 0, entry: run("kubectl get pods"), exitCode: 0 })).toBe("ok");
    expect(await b.append(rec.id, { seq: 0, entry: run("kubectl get svc"), exitCode: 0 })).toBe("conflict");
    expect(await b.append(rec.id, { seq: 1, entry: run("kubectl get svc"), exitCode: 1 })).toBe("ok");
    expect((await a.listLog(rec.id)).map((e) => [e.seq, e.entry, e.exitCode])).toEqual([[0, run("kubectl get pods"), 0], [1, run("kubectl get svc"), 1]]);
    expect(await a.countLog(rec.id)).toBe(2);
    const stranger = anonymousAttemptStore(newId());
    expect(await stranger.get(rec.id)).toBeNull();
    expect(await stranger.countLog(rec.id)).toBe(0);
    expect(await stranger.append(rec.id, { seq: 2, entry: run("x"), exitCode: 0 })).toBe("notFound");
    expect(await a.countLog(rec.id)).toBe(2);
  });

  it("the caps refuse an entry that would pass them and write nothing; the day's usage starts again on a new UTC day", async () => {
    let now = new Date("2026-12-07T23:59:59.000Z");
    const st = anonymousAttemptStore(newId(), () => now);
    const rec = await st.create(input);
    const entry = run("x".repeat(10));
    const n = Buffer.byteLength(encodeEntry(entry).payload);
    expect(await st.append(rec.id, { seq: 0, entry, exitCode: 0 }, { attemptBytes: 2 * n, dayBytes: 1000 })).toBe("ok");
    expect(await st.append(rec.id, { seq: 1, entry, exitCode: 0 }, { attemptBytes: 2 * n, dayBytes: 1000 })).toBe("ok");
    expect(await st.append(rec.id, { seq: 2, entry, exitCode: 0 }, { attemptBytes: 2 * n, dayBytes: 1000 })).toBe("attemptFull");
    const other = await st.create(input);
    expect(await st.append(other.id, { seq: 0, entry, exitCode: 0 }, { attemptBytes: 1000, dayBytes: 3 * n - 1 })).toBe("dayFull");
    expect(await st.countLog(other.id)).toBe(0);
    now = new Date("2026-12-08T00:00:00.000Z");
    expect(await st.append(other.id, { seq: 0, entry, exitCode: 0 }, { attemptBytes: 1000, dayBytes: 3 * n - 1 })).toBe("ok");
  });

  it("grades, hints, the solution and checkpoints; a checkpoint never goes back", async () => {
    const st = anonymousAttemptStore(newId());
    const rec = await st.create(input);
    await st.recordGrade(rec.id, { score: 50, passed: false, checks: [{ id: "svc", passed: false, weight: 1, explanation: { ko: "없음", en: "missing" } }] });
    await st.recordGrade(rec.id, { score: 100, passed: true, checks: [{ id: "svc", passed: true, weight: 1 }] });
    expect((await st.listGrades(rec.id)).map((g) => g.score)).toEqual([50, 100]);
    expect((await st.get(rec.id))!.status).toBe("PASSED");
    expect(await st.recordHints(rec.id, 2)).toBe(true);
    expect(await st.recordHints(rec.id, 1)).toBe(true);
    expect((await st.get(rec.id))!.hintsUsed).toBe(2);
    expect(await anonymousAttemptStore(newId()).recordHints(rec.id, 3)).toBe(false);
    await st.putCheckpoint(rec.id, 5, "five");
    await st.putCheckpoint(rec.id, 3, "three");
    expect(await st.getCheckpoint(rec.id)).toEqual({ seq: 5, data: "five" });
  });

  it("a visitor keeps their latest attempts only", async () => {
    const st = anonymousAttemptStore(newId());
    const ids: string[] = [];
    for (let i = 0; i <= MAX_ANON_ATTEMPTS_PER_VISITOR; i++) ids.push((await st.create(input)).id);
    expect(await st.get(ids[0])).toBeNull();
    expect(await st.get(ids[1])).not.toBeNull();
    expect((await st.latest(input.exerciseId))!.id).toBe(ids[ids.length - 1]);
  });

  it("a visitor is forgotten ANON_TTL_MS after their last command, not before", async () => {
    const t0 = new Date("2026-12-01T00:00:00.000Z");
    const sid = newId();
    const st = anonymousAttemptStore(sid, () => t0);
    const rec = await st.create(input);
    await st.append(rec.id, { seq: 0, entry: run("ls"), exitCode: 0 });
    await deleteExpiredAnonymousVisitors(new Date(t0.getTime() + ANON_TTL_MS - 1));
    expect(await st.get(rec.id)).not.toBeNull();
    await deleteExpiredAnonymousVisitors(new Date(t0.getTime() + ANON_TTL_MS));
    expect(await st.get(rec.id)).toBeNull();
    expect(await prisma.anonCommand.count({ where: { attemptId: rec.id } })).toBe(0);
  });
});

describe("moving anonymous attempts at sign-in", () => {
  it("moves once when requests race in on several servers: same ids, logs and grades, the visitor gone", async () => {
    const user = await makeUser();
    const sid = newId();
    const st = anonymousAttemptStore(sid);
    const one = await st.create(input);
    await st.append(one.id, { seq: 0, entry: run("kubectl get pods"), exitCode: 0 });
    await st.recordGrade(one.id, { score: 100, passed: true, checks: [] });
    const two = await st.create({ ...input, seed: 8 });
    const moved = await Promise.all([1, 2, 3, 4].map(() => moveAnonymousAttempts(user, sid, { pollMs: 5 })));
    expect(moved.sort()).toEqual([0, 0, 0, 2]);
    const mine = attemptStoreForUser(user);
    expect((await mine.get(one.id))!.status).toBe("PASSED");
    expect((await mine.listLog(one.id)).map((e) => e.entry)).toEqual([run("kubectl get pods")]);
    expect(await mine.get(two.id)).not.toBeNull();
    expect(await prisma.anonVisitor.count({ where: { sid } })).toBe(0);
  });

  it("a request waits while another holds the move, and takes it over once the lease has passed (the mover died)", async () => {
    const user = await makeUser();
    const sid = newId();
    const st = anonymousAttemptStore(sid);
    const rec = await st.create(input);
    const t = new Date();
    await prisma.anonVisitor.update({ where: { sid }, data: { movingUntil: new Date(t.getTime() + MOVE_LEASE_MS) } }); // a server claimed it, then died
    await expect(moveAnonymousAttempts(user, sid, { now: () => t, waitMs: 30, pollMs: 5 })).rejects.toThrow(/held by another request/);
    expect(await attemptStoreForUser(user).get(rec.id)).toBeNull();
    expect(await moveAnonymousAttempts(user, sid, { now: () => new Date(t.getTime() + MOVE_LEASE_MS) })).toBe(1);
    expect(await attemptStoreForUser(user).get(rec.id)).not.toBeNull();
  });

  it("a move that dies after saving is finished by the next: nothing is saved twice", async () => {
    const user = await makeUser();
    const sid = newId();
    const st = anonymousAttemptStore(sid);
    const rec = await st.create(input);
    await st.append(rec.id, { seq: 0, entry: run("ls"), exitCode: 0 });
    const { importAttempts } = await import("./exercises");
    await importAttempts(user, [{ rec: (await st.get(rec.id))!, log: [{ seq: 0, kind: "run", payload: JSON.stringify({ line: "ls" }), exitCode: 0 }], grades: [] }]);
    expect(await moveAnonymousAttempts(user, sid)).toBe(1);
    expect(await prisma.attemptCommand.count({ where: { attemptId: rec.id } })).toBe(1);
    expect(await prisma.anonVisitor.count({ where: { sid } })).toBe(0);
  });
});
