import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * A "device cookie" (OWASP, Slow Down Online Guessing Attacks with Device Cookies): a browser that has signed
 * in to an account before carries a signed token naming that account. Its tries are throttled on their own,
 * so a stranger's failed guesses cannot keep the owner out of their account on a browser they already used.
 */
export const DEVICE_COOKIE = "kc_device";
export const DEVICE_MAX_AGE_S = 365 * 24 * 60 * 60;

export type DeviceToken = { userId: string; nonce: string };

function sign(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(`device:${payload}`).digest("base64url");
}

/** A new device token for the user (an unguessable nonce, signed with the server secret). */
export function makeDeviceToken(secret: string, userId: string, nonce = randomBytes(12).toString("base64url")): string {
  const payload = `${userId}.${nonce}`;
  return `${payload}.${sign(secret, payload)}`;
}

/** The account and nonce in a well-formed, correctly signed token; null for anything else. */
export function readDeviceToken(secret: string, value: string | undefined): DeviceToken | null {
  if (!value || value.length > 200) return null;
  const m = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{8,64})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!m) return null;
  const want = Buffer.from(sign(secret, `${m[1]}.${m[2]}`));
  const got = Buffer.from(m[3]);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  return { userId: m[1], nonce: m[2] };
}
