import "server-only";
import { createUser } from "#lib/data/users";
import { isDatabaseBusy } from "#lib/db-busy";
import { hashPassword } from "./password";
import { sharedCounterStore } from "#lib/data/shared-state";
import { createRateLimiter, type CounterStore } from "./rate-limit";
import { fieldErrors, SignUpSchema } from "./schemas";

/**
 * Valid sign-ups per client address: a classroom behind one NAT signs up together, a script does not get far.
 * SIGN_UP_LIMIT raises it where one address signs many people up on purpose (the e2e server).
 */
export const SIGN_UP_POLICY = { limit: Number(process.env.SIGN_UP_LIMIT) || 30, windowMs: 15 * 60_000 };

export type SignUpOutcome = { ok: true; email: string } | { ok: false; errors: Record<string, string> };
export type SignUpService = { register(input: unknown, address: string): Promise<SignUpOutcome> };

/**
 * Creates learner accounts. A taken email gets exactly the answer a new one gets, after the same work (the
 * password is hashed either way), so sign-up does not tell who has an account; the browser then signs in,
 * which only works for the password's real owner. Valid sign-ups are limited per address.
 */
export function createSignUpService(now: () => number = Date.now, store: CounterStore = sharedCounterStore()): SignUpService {
  // counted in the database, so the limit holds across every server
  const perAddress = createRateLimiter({ name: "signup", ...SIGN_UP_POLICY, now }, store);
  return {
    async register(input, address) {
      const parsed = SignUpSchema.safeParse(input);
      if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
      if ((await perAddress.hit(address)).locked) return { ok: false, errors: { form: "signUpLimited" } };
      const { password, ...rest } = parsed.data;
      try {
        await createUser({ ...rest, passwordHash: await hashPassword(password) });
      } catch (e) {
        if (isDatabaseBusy(e)) return { ok: false, errors: { form: "busy" } };
        throw e;
      }
      return { ok: true, email: rest.email };
    },
  };
}
