import { describe, expect, it } from "vitest";
import { openTestDatabase } from "#lib/test/db-fixture";

const { prisma } = await openTestDatabase("su");
const { createSignUpService, SIGN_UP_POLICY } = await import("./sign-up");
const { verifyPassword } = await import("./password");

const STRONG = "blue-pony-sings-loud";
let n = 0;
const form = (over: Record<string, string> = {}) => ({ email: `new-${++n}@example.test`, name: "새 학습자", password: STRONG, locale: "ko", ...over });

describe("sign-up (real SQLite)", () => {
  it("a taken email gets the same answer as a new one, and the existing account is left as it was", async () => {
    const svc = createSignUpService();
    const first = await svc.register(form({ email: "taken@example.test" }), "198.51.100.1");
    expect(first).toEqual({ ok: true, email: "taken@example.test" });
    const before = await prisma.user.findUniqueOrThrow({ where: { email: "taken@example.test" } });

    const again = await svc.register(form({ email: "Taken@Example.test", name: "Copycat", password: "another-long-phrase-here" }), "198.51.100.2");
    const fresh = await svc.register(form({ email: "never-seen@example.test" }), "198.51.100.2");
    expect(again).toEqual({ ok: true, email: "taken@example.test" });
    expect(Object.keys(again)).toEqual(Object.keys(fresh));

    const after = await prisma.user.findUniqueOrThrow({ where: { email: "taken@example.test" } });
    expect(after).toEqual(before);
    expect(await verifyPassword(after.passwordHash, STRONG)).toBe(true);
    expect(await prisma.user.count({ where: { email: "taken@example.test" } })).toBe(1);
  });

  it.each(["12345678", "password", "        "])("refuses the guessable password %j with a field error", async (password) => {
    const svc = createSignUpService();
    const email = `weak-${++n}@example.test`;
    expect(await svc.register(form({ email, password }), "198.51.100.3")).toEqual({ ok: false, errors: { password: "passwordWeak" } });
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  it("limits valid sign-ups per address; invalid ones and other addresses are not affected", { timeout: 30_000 }, async () => {
    let t = 1_000_000;
    const svc = createSignUpService(() => t);
    for (let i = 0; i < 5; i++) expect((await svc.register(form({ password: "short" }), "198.51.100.9")).ok).toBe(false);
    for (let i = 0; i < SIGN_UP_POLICY.limit; i++) expect((await svc.register(form(), "198.51.100.9")).ok).toBe(true);
    const refused = form();
    expect(await svc.register(refused, "198.51.100.9")).toEqual({ ok: false, errors: { form: "signUpLimited" } });
    expect(await prisma.user.count({ where: { email: refused.email } })).toBe(0);
    expect((await svc.register(form(), "198.51.100.10")).ok).toBe(true);
    t += SIGN_UP_POLICY.windowMs;
    expect((await svc.register(form(), "198.51.100.9")).ok).toBe(true);
  });
});
