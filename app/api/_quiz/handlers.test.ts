// HTTP-level: the quiz API on a real SQLite file with crafted Requests (no key before answering, one answer per
// presentation, review cards from misses, another user's token refused, bad input as field errors).
import { afterAll, describe, expect, it } from "vitest";
import { createTempDatabase } from "#lib/test/db";

process.env.NEXTAUTH_SECRET ??= "quiz-test-secret-0123456789abcdef";
const tmp = createTempDatabase();
const h = await import("./handlers");
const users = await import("#lib/data/users");
const { prisma } = await import("#lib/db");
const { quizBank } = await import("#lib/quiz/loader");
const { referenceResponse } = await import("#lib/quiz/variant");
type Item = import("#lib/quiz/schema").Item;

afterAll(async () => {
  await prisma.$disconnect();
  tmp.cleanup();
});

let n = 0;
async function user(role: "LEARNER" | "INSTRUCTOR" = "LEARNER") {
  const r = await users.createUser({ email: `qz${++n}@example.test`, name: "Q", passwordHash: "x", locale: "en" });
  if (!r.ok) throw new Error("setup");
  return { id: r.user.id, role } as const;
}
const as = (u: { id: string; role: "LEARNER" | "INSTRUCTOR" } | null) => async () => u;
function post(path: string, body: unknown, init: { origin?: string; type?: string } = {}) {
  const headers: Record<string, string> = { host: "localhost:3000", "content-type": init.type ?? "application/json" };
  if (init.origin) headers.origin = init.origin;
  return new Request(`http://localhost:3000${path}`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
}
const ITEM = "svc-selector-mismatch";
const item = quizBank().byId.get(ITEM)!.item as Extract<Item, { type: "single" }>;
const variant = async (u: Parameters<typeof as>[0]) => (await (await h.variantPOST(post("/api/quiz/variants", { itemId: ITEM, locale: "en" }), as(u))).json()) as { token: string; view: { choices: { id: string }[] } };
const seedOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString()).s as number;

describe("quiz API", () => {
  it("a variant carries no key, no reasons and no explanation", async () => {
    const u = await user();
    const res = await h.variantPOST(post("/api/quiz/variants", { itemId: ITEM, locale: "en" }), as(u));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toMatch(/"correct"|"why"|"explanation"/);
    for (const o of item.options) expect(text).not.toContain(o.why.en.slice(0, 25));
    expect(text).not.toContain(item.explanation.en.slice(0, 25));
  });

  it("an answer is graded once per presentation: a double submit returns the first verdict and stores one row", async () => {
    const u = await user();
    const v = await variant(u);
    const right = referenceResponse(item, seedOf(v.token));
    const first = await h.answerPOST(post("/api/quiz/answers", { token: v.token, response: right, locale: "en" }), as(u));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ correct: true, score: 1, duplicate: false, saved: true });
    const wrongPick = { choices: v.view.choices.map((c) => c.id).filter((id) => !(right as { choices: string[] }).choices.includes(id)).slice(0, 1) };
    const again = await h.answerPOST(post("/api/quiz/answers", { token: v.token, response: wrongPick, locale: "en" }), as(u));
    expect(await again.json()).toMatchObject({ correct: true, duplicate: true });
    expect(await prisma.quizAnswer.count({ where: { userId: u.id } })).toBe(1);
    expect(await prisma.reviewCard.count({ where: { userId: u.id } })).toBe(0); // right first time: no card
  });

  it("a miss makes a review card (Again); the next right answer reschedules it (Hard); first answers are marked", async () => {
    const u = await user();
    const v1 = await variant(u);
    const wrong = { choices: v1.view.choices.map((c) => c.id).filter((id) => !(referenceResponse(item, seedOf(v1.token)) as { choices: string[] }).choices.includes(id)).slice(0, 1) };
    expect(await (await h.answerPOST(post("/api/quiz/answers", { token: v1.token, response: wrong, locale: "en" }), as(u))).json()).toMatchObject({ correct: false, score: 0 });
    const v2 = await variant(u);
    await h.answerPOST(post("/api/quiz/answers", { token: v2.token, response: referenceResponse(item, seedOf(v2.token)), locale: "en" }), as(u));
    const card = await prisma.reviewCard.findFirstOrThrow({ where: { userId: u.id }, select: { kind: true, ref: true, logs: { select: { rating: true }, orderBy: { reviewedAt: "asc" } } } });
    expect(card).toEqual({ kind: "item", ref: ITEM, logs: [{ rating: 1 }, { rating: 2 }] });
    const answers = await prisma.quizAnswer.findMany({ where: { userId: u.id }, orderBy: { createdAt: "asc" }, select: { first: true, countsForStats: true } });
    expect(answers).toEqual([{ first: true, countsForStats: true }, { first: false, countsForStats: true }]);
  });

  it("instructors' answers are kept out of item statistics", async () => {
    const u = await user("INSTRUCTOR");
    const v = await variant(u);
    await h.answerPOST(post("/api/quiz/answers", { token: v.token, response: { choices: [] }, locale: "en" }), as(u));
    expect(await prisma.quizAnswer.findFirstOrThrow({ where: { userId: u.id }, select: { countsForStats: true } })).toEqual({ countsForStats: false });
  });

  it("another user's token, a forged token, a foreign Origin, wrong types, oversized bodies: 4xx in the asked language, nothing stored", async () => {
    const a = await user();
    const b = await user();
    const v = await variant(a);
    const ok = { token: v.token, response: { choices: [] }, locale: "en" };
    const stale = await h.answerPOST(post("/api/quiz/answers", ok), as(b));
    expect(stale.status).toBe(400);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe("staleToken");
    expect((await h.answerPOST(post("/api/quiz/answers", { ...ok, token: v.token.replace(/.$/, "x") }), as(a))).status).toBe(400);
    expect((await h.answerPOST(post("/api/quiz/answers", ok, { origin: "https://evil.example" }), as(a))).status).toBe(403);
    expect((await h.answerPOST(post("/api/quiz/answers", ok, { type: "text/plain" }), as(a))).status).toBe(415);
    const bad = await h.answerPOST(post("/api/quiz/answers", { ...ok, response: { choices: "all" }, locale: "ko" }), as(a));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: "badAnswer", message: "이 문제에 맞지 않는 답입니다. 확인하고 다시 제출하세요.", field: "response" } });
    expect((await h.answerPOST(post("/api/quiz/answers", { ...ok, response: { text: "x".repeat(20_000) } }), as(a))).status).toBe(413);
    expect((await h.answerPOST(post("/api/quiz/answers", "{not json"), as(a))).status).toBe(400);
    expect((await h.variantPOST(post("/api/quiz/variants", { itemId: "no-such-item", locale: "en" }), as(a))).status).toBe(404);
    expect(await prisma.quizAnswer.count({ where: { userId: { in: [a.id, b.id] } } })).toBe(0);
  });

  it("anonymous visitors are graded and nothing is stored", async () => {
    const v = await variant(null);
    const before = await prisma.quizAnswer.count();
    const res = await h.answerPOST(post("/api/quiz/answers", { token: v.token, response: referenceResponse(item, seedOf(v.token)), locale: "en" }), as(null));
    expect(await res.json()).toMatchObject({ correct: true, saved: false });
    expect(await prisma.quizAnswer.count()).toBe(before);
  });

  it("a command item is graded on the simulator's state; a runaway command is cut with 504 and stores nothing", async () => {
    const u = await user();
    const cmd = quizBank().byId.get("svc-expose-deployment")!.item;
    const { presentItem } = h;
    const p = presentItem(u.id, cmd.id, 7, "en", "lesson")!;
    const right = referenceResponse(cmd, 7);
    expect(await (await h.answerPOST(post("/api/quiz/answers", { token: p.token, response: right, locale: "en" }), as(u))).json()).toMatchObject({ correct: true });
    const p2 = presentItem(u.id, cmd.id, 7, "en", "lesson")!;
    const string = await h.answerPOST(post("/api/quiz/answers", { token: p2.token, response: { text: `echo ${(right as { text: string }).text}` }, locale: "en" }), as(u));
    expect(await string.json()).toMatchObject({ correct: false }); // the right words echoed are not the right state
    const p3 = presentItem(u.id, cmd.id, 7, "en", "lesson")!;
    const slow = await h.answerPOST(post("/api/quiz/answers", { token: p3.token, response: { text: "for a in 1 2 3 4 5 6 7 8 9 10; do for b in 1 2 3 4 5 6 7 8 9 10; do for c in 1 2 3 4 5 6 7 8 9 10; do for d in 1 2 3 4 5 6 7 8 9 10; do for e in 1 2 3 4 5 6 7 8 9 10; do for f in 1 2 3 4 5 6 7 8 9 10; do for g in 1 2 3 4 5 6 7 8 9 10; do kubectl get pods > /dev/null; done; done; done; done; done; done; done" }, locale: "en" }), as(u));
    expect(slow.status).toBe(504);
    expect(await prisma.quizAnswer.count({ where: { userId: u.id } })).toBe(2);
  }, 30_000);
});
