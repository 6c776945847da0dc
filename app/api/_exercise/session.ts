import "server-only";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { serverEnv } from "#lib/env";

// next-auth v4's session cookie (the __Secure- name when NEXTAUTH_URL is https; large tokens come in .0, .1 chunks).
const COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];
const MAX_CACHED = 10_000;

type Cached = { uid: string; exp: number };
const g = globalThis as unknown as { __kubeclassExerciseTokens?: Map<string, Cached> };
const verified = (g.__kubeclassExerciseTokens ??= new Map());

/** The session token from a cookie jar, whole or reassembled from its chunks. */
export function sessionTokenFrom(get: (name: string) => string | undefined): string | null {
  for (const name of COOKIE_NAMES) {
    const whole = get(name);
    if (whole) return whole;
    let joined = "";
    for (let i = 0; ; i++) {
      const part = get(`${name}.${i}`);
      if (part === undefined) break;
      joined += part;
    }
    if (joined) return joined;
  }
  return null;
}

/**
 * The user id in a next-auth session token, or null. Decrypting a token derives its key with HKDF every
 * time (the largest cost of an exercise command in profiles), so tokens that decrypted once are remembered
 * until they expire; an unknown or tampered token is always decrypted and verified.
 */
export async function userIdFromToken(token: string, now = Date.now() / 1000): Promise<string | null> {
  const hit = verified.get(token);
  if (hit) {
    if (hit.exp > now) return hit.uid;
    verified.delete(token);
    return null;
  }
  let payload: Awaited<ReturnType<typeof decode>>;
  try {
    payload = await decode({ token, secret: serverEnv().NEXTAUTH_SECRET });
  } catch {
    return null;
  }
  const uid = payload?.uid;
  const exp = typeof payload?.exp === "number" ? payload.exp : 0;
  if (typeof uid !== "string" || !uid || exp <= now) return null;
  verified.set(token, { uid, exp });
  if (verified.size > MAX_CACHED) verified.delete(verified.keys().next().value as string);
  return uid;
}

/**
 * The signed-in user's id from the session cookie alone (no database read): exercise routes only need to
 * know whose attempts to touch, and every attempt query is scoped to that id.
 */
export async function currentUserId(): Promise<{ id: string } | null> {
  const jar = await cookies();
  const token = sessionTokenFrom((name) => jar.get(name)?.value);
  if (!token) return null;
  const id = await userIdFromToken(token);
  return id ? { id } : null;
}
