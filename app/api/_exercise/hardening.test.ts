// HTTP-level: cross-site posts and a locked database on the exercise API (real SQLite file, crafted Requests).
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createTempDatabase } from "#lib/test/db";
import { forDatabase } from "#lib/test/for-database";

const tmp = createTempDatabase();
const h = await import("./handlers");
const users = await import("#lib/data/users");
const { prisma } = await import("#lib/db");

afterAll(async () => {
  await prisma.$disconnect();
  tmp.cleanup();
});

const EX = "expose-nodeport";
const params = <P,>(p: P) => ({ params: Promise.resolve(p) });
let n = 0;
async function learner() {
  const r = await users.createUser({ email: `hx${++n}@example.test`, name: "H", passwordHash: "x", locale: "en" });
  if (!r.ok) throw new Error("setup");
  return async () => ({ id: r.user.id });
}
function post(path: string, init: { origin?: string; body?: string; type?: string } = {}) {
  const headers: Record<string, string> = { host: "localhost:3000" };
  if (init.origin) headers.origin = init.origin;
  if (init.type) headers["content-type"] = init.type;
  return new Request(`http://localhost:3000${path}?locale=en`, { method: "POST", headers, ...(init.body !== undefined ? { body: init.body } : {}) });
}

describe("exercise API: posts from another site", () => {
  it("an empty-body grade, hint or start from a foreign Origin is refused with 403 and changes nothing", async () => {
    const me = await learner();
    const started = await h.startAttemptPOST(post(`/api/exercises/${EX}/attempts`, { origin: "http://localhost:3000" }), params({ exerciseId: EX }), me);
    expect(started.status).toBe(201);
    const { attemptId } = (await started.json()) as { attemptId: string };

    const evil = "https://evil.example";
    const hint = await h.hintPOST(post(`/api/attempts/${attemptId}/hints`, { origin: evil }), params({ attemptId }), me);
    expect(hint.status).toBe(403);
    expect(await hint.json()).toEqual({ error: { code: "crossSite", message: "Requests from other sites are not accepted. Reload the page and try again." } });
    expect((await h.gradePOST(post(`/api/attempts/${attemptId}/grade`, { origin: evil }), params({ attemptId }), me)).status).toBe(403);
    expect((await h.startAttemptPOST(post(`/api/exercises/${EX}/attempts`, { origin: evil }), params({ exerciseId: EX }), me)).status).toBe(403);
    expect((await h.startAttemptPOST(post(`/api/exercises/${EX}/attempts`, { origin: "null" }), params({ exerciseId: EX }), me)).status).toBe(403);
    const form = await h.commandPOST(post(`/api/attempts/${attemptId}/commands`, { origin: evil, type: "text/plain", body: '{"line":"kubectl delete ns default"}' }), params({ attemptId }), me);
    expect(form.status).toBe(403);

    const row = await prisma.exerciseAttempt.findUniqueOrThrow({ where: { id: attemptId }, select: { hintsUsed: true, _count: { select: { grades: true, commands: true } } } });
    expect(row).toEqual({ hintsUsed: 0, _count: { grades: 0, commands: 0 } });
    expect(await prisma.exerciseAttempt.count({ where: { exerciseId: EX } })).toBe(1);

    // The same empty-body hint from the page itself works.
    expect((await h.hintPOST(post(`/api/attempts/${attemptId}/hints`, { origin: "http://localhost:3000" }), params({ attemptId }), me)).status).toBe(200);
  });
});

// SQLite's write lock held by another connection; PostgreSQL's busy answers are tested in lib/db-client.test.ts.
forDatabase("sqlite").describe("exercise API: a locked database", () => {
  it("a command that cannot be recorded gets 503 with Retry-After, not a 500", async () => {
    const me = await learner();
    const started = await h.startAttemptPOST(post(`/api/exercises/${EX}/attempts`), params({ exerciseId: EX }), me);
    const { attemptId } = (await started.json()) as { attemptId: string };
    const other = new Database(tmp.url.replace(/^file:/, ""));
    other.prepare("BEGIN IMMEDIATE").run();
    other.prepare("UPDATE User SET name = name").run();
    try {
      const res = await h.commandPOST(post(`/api/attempts/${attemptId}/commands`, { type: "application/json", body: JSON.stringify({ line: "kubectl get nodes" }) }), params({ attemptId }), me);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("2");
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("busy");
    } finally {
      other.prepare("ROLLBACK").run();
      other.close();
    }
  }, 20_000);
});
