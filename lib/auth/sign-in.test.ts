import { describe, expect, it } from "vitest";
import { openTestDatabase } from "#lib/test/db-fixture";

const { makeUser } = await openTestDatabase("si");
const { createSignInGuard, SIGN_IN_POLICY } = await import("./sign-in");
const { makeDeviceToken } = await import("./device");

const SECRET = "test-secret-0123456789abcdef";
const RIGHT = "blue-pony-sings-loud";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const account = () => makeUser("LEARNER", undefined, RIGHT);

describe("sign-in throttling (real SQLite, real argon2)", () => {
  it("an attacker's guesses slow down the account for strangers, never for the owner's own browser", async () => {
    const victim = await account();
    const c = clock();
    const guard = createSignInGuard(SECRET, c.now);
    const device = makeDeviceToken(SECRET, victim.id);
    const attacker = { email: victim.email, address: "198.51.100.66" };

    for (let i = 1; i <= SIGN_IN_POLICY.account.freeFailures; i++) {
      expect(await guard.attempt({ ...attacker, password: `guess-${i}` })).toEqual({ ok: false, reason: "invalid" });
    }
    // Next stranger's try, even with the right password, must wait the base delay; from any address.
    expect(await guard.attempt({ ...attacker, password: RIGHT })).toEqual({ ok: false, reason: "throttled", retryAfterS: 30 });
    expect(await guard.attempt({ email: victim.email, address: "203.0.113.1", password: RIGHT })).toMatchObject({ reason: "throttled" });
    // The owner, on a browser that signed in before, gets in at once.
    expect(await guard.attempt({ email: victim.email, address: "203.0.113.1", password: RIGHT, deviceCookie: device })).toMatchObject({ ok: true, user: { id: victim.id } });
    // After the wait a stranger may try again; a wrong try doubles the wait.
    c.advance(30_000);
    expect(await guard.attempt({ ...attacker, password: "guess-6" })).toEqual({ ok: false, reason: "invalid" });
    expect(await guard.attempt({ ...attacker, password: "guess-7" })).toEqual({ ok: false, reason: "throttled", retryAfterS: 60 });
  });

  it("the wait is capped, and is never a lock: after it, the right password works", async () => {
    const u = await account();
    const c = clock();
    const guard = createSignInGuard(SECRET, c.now);
    for (let i = 0; i < 12; i++) {
      expect(await guard.attempt({ email: u.email, address: "198.51.100.1", password: `nope-${i}` })).toEqual({ ok: false, reason: "invalid" });
      c.advance(SIGN_IN_POLICY.account.maxDelayMs);
    }
    expect(await guard.attempt({ email: u.email, address: "198.51.100.1", password: "again" })).toEqual({ ok: false, reason: "invalid" });
    const waiting = await guard.attempt({ email: u.email, address: "198.51.100.1", password: RIGHT });
    expect(waiting).toEqual({ ok: false, reason: "throttled", retryAfterS: SIGN_IN_POLICY.account.maxDelayMs / 1000 });
    c.advance(SIGN_IN_POLICY.account.maxDelayMs);
    expect(await guard.attempt({ email: u.email, address: "198.51.100.1", password: RIGHT })).toMatchObject({ ok: true });
  });

  it("one address spraying many accounts is slowed down; other addresses are not", { timeout: 30_000 }, async () => {
    const guard = createSignInGuard(SECRET, clock().now);
    const free = SIGN_IN_POLICY.address.freeFailures;
    for (let i = 0; i < free; i++) {
      expect(await guard.attempt({ email: `nobody-${i}@example.test`, address: "198.51.100.9", password: "Winter2026!" })).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await guard.attempt({ email: "nobody-x@example.test", address: "198.51.100.9", password: "Winter2026!" })).toEqual({ ok: false, reason: "throttled", retryAfterS: 5 });
    const u = await account();
    expect(await guard.attempt({ email: u.email, address: "203.0.113.50", password: RIGHT })).toMatchObject({ ok: true });
  });

  it("parallel guesses cannot get more than the free tries past the check", async () => {
    const u = await account();
    const guard = createSignInGuard(SECRET, clock().now);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => guard.attempt({ email: u.email, address: `198.51.100.${i}`, password: `p-${i}` })));
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(SIGN_IN_POLICY.account.freeFailures);
  });

  it("unknown and known emails are answered alike", async () => {
    const u = await account();
    const guard = createSignInGuard(SECRET, clock().now);
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 0; i < 7; i++) {
      known.push(await guard.attempt({ email: u.email, address: "198.51.100.20", password: "wrong" }));
      unknown.push(await guard.attempt({ email: "ghost@example.test", address: "198.51.100.21", password: "wrong" }));
    }
    expect(unknown).toEqual(known);
  });

  it("a device cookie counts only for the account it was issued for, and only when signed with our secret", async () => {
    const owner = await account();
    const other = await account();
    const c = clock();
    const guard = createSignInGuard(SECRET, c.now);
    for (let i = 0; i < SIGN_IN_POLICY.account.freeFailures; i++) await guard.attempt({ email: other.email, address: "198.51.100.30", password: "x" });
    expect(await guard.attempt({ email: other.email, address: "198.51.100.30", password: RIGHT, deviceCookie: makeDeviceToken(SECRET, owner.id) })).toMatchObject({ reason: "throttled" });
    expect(await guard.attempt({ email: other.email, address: "198.51.100.30", password: RIGHT, deviceCookie: makeDeviceToken("another-secret-0123456789", other.id) })).toMatchObject({ reason: "throttled" });
    expect(await guard.attempt({ email: other.email, address: "198.51.100.30", password: RIGHT, deviceCookie: makeDeviceToken(SECRET, other.id) })).toMatchObject({ ok: true });
  });

  it("a device is throttled by its own failures", async () => {
    const u = await account();
    const guard = createSignInGuard(SECRET, clock().now);
    const deviceCookie = makeDeviceToken(SECRET, u.id);
    for (let i = 0; i < SIGN_IN_POLICY.device.freeFailures; i++) await guard.attempt({ email: u.email, address: "a", password: "x", deviceCookie });
    expect(await guard.attempt({ email: u.email, address: "a", password: RIGHT, deviceCookie })).toMatchObject({ reason: "throttled", retryAfterS: 30 });
    // The same browser with a fresh device id (a new sign-in elsewhere) is unaffected.
    expect(await guard.attempt({ email: u.email, address: "a", password: RIGHT, deviceCookie: makeDeviceToken(SECRET, u.id) })).toMatchObject({ ok: true });
  });
});
