import "server-only";
import { getUserCredentials, type SessionUserDto } from "#lib/data/users";
import { readDeviceToken } from "./device";
import { burnVerify, verifyPassword } from "./password";
import { sharedThrottleStore } from "#lib/data/shared-state";
import { createThrottle, type Throttle, type ThrottleState, type ThrottleStore } from "./throttle";

const MINUTE = 60_000;

/** How guessing is slowed down (see README, "Sign-in limits"). Each kind of key has its own throttle. */
export const SIGN_IN_POLICY = {
  // Per account, for browsers that never signed in to it: 5 free failures, then 30 s, 1 min, 2 min ... 15 min.
  account: { freeFailures: 5, baseDelayMs: 30_000, maxDelayMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE },
  // Per client address, across accounts (password spraying); wide enough for a classroom behind one NAT.
  address: { freeFailures: 30, baseDelayMs: 5_000, maxDelayMs: 5 * MINUTE, forgetAfterMs: 60 * MINUTE },
  // Per device cookie: the owner's own browser, throttled only by its own failures.
  device: { freeFailures: 5, baseDelayMs: 30_000, maxDelayMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE },
} as const;

export type SignInAttempt = { email: string; password: string; address: string; deviceCookie?: string };
export type SignInOutcome =
  | { ok: true; user: SessionUserDto }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterS: number };

export type SignInGuard = { attempt(input: SignInAttempt): Promise<SignInOutcome> };

/**
 * Checks a password under the throttles. A browser holding a device cookie for the account is judged by its
 * own record only; every other try counts against both the account and the client address. Tries are counted
 * before the (slow) hash comparison and forgiven when they succeed, so parallel guesses cannot slip through,
 * on one server or several: the records are shared (`store`, the database by default) and each count is a
 * compare-and-set that only counts an allowed try.
 * Unknown emails are throttled exactly like real ones, so the answers reveal nothing about who has an account.
 */
export function createSignInGuard(secret: string, now: () => number = Date.now, store: ThrottleStore = sharedThrottleStore()): SignInGuard {
  // One table for the three kinds of key, so each key names its kind.
  const throttles = {
    account: createThrottle({ ...SIGN_IN_POLICY.account, now }, store),
    address: createThrottle({ ...SIGN_IN_POLICY.address, now }, store),
    device: createThrottle({ ...SIGN_IN_POLICY.device, now }, store),
  };
  const throttled = (waits: ThrottleState[]): SignInOutcome => ({ ok: false, reason: "throttled", retryAfterS: Math.ceil(Math.max(...waits.map((s) => s.retryAfterMs)) / 1000) });
  return {
    async attempt({ email, password, address, deviceCookie }) {
      const user = await getUserCredentials(email);
      const device = readDeviceToken(secret, deviceCookie);
      const keys: [Throttle, string][] =
        user && device?.userId === user.id
          ? [[throttles.device, `signin:device:${user.id}:${device.nonce}`]]
          : [[throttles.account, `signin:account:${email}`], [throttles.address, `signin:address:${address}`]];
      const waits = (await Promise.all(keys.map(([t, k]) => t.check(k)))).filter((s) => !s.allowed);
      if (waits.length) return throttled(waits);
      // Count each key only if it is still allowed (another request, here or on another server, may have counted
      // meanwhile); a refusal takes back what this try counted.
      const taken: [Throttle, string][] = [];
      for (const [t, k] of keys) {
        const s = await t.take(k);
        if (!s.allowed) {
          for (const [tt, kk] of taken) await tt.forgive(kk);
          return throttled([s]);
        }
        taken.push([t, k]);
      }
      const ok = user ? await verifyPassword(user.passwordHash, password) : (await burnVerify(password), false);
      if (!ok || !user) return { ok: false, reason: "invalid" };
      // The owner's own browser starts afresh; account and address records only take back this try.
      for (const [t, k] of keys) {
        if (t === throttles.device) await t.reset(k);
        else await t.forgive(k);
      }
      return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale === "en" ? "en" : "ko" } };
    },
  };
}
