import "server-only";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { getSessionUserBySession, isAuthSessionOpen, type SessionUserDto } from "#lib/data/users";
import { serverEnv } from "#lib/env";

// next-auth v4's session cookie (the __Secure- name when NEXTAUTH_URL is https; large tokens come in .0, .1 chunks).
const COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];
const MAX_CACHED = 10_000;

type Claims = { uid: string; sid: string };
type Cached = Claims & { exp: number };
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
 * The user and session ids in a next-auth session token, or null. Decrypting a token derives its key with HKDF
 * every time (the largest cost of an exercise command in profiles), so tokens that decrypted once are
 * remembered until they expire; an unknown or tampered token is always decrypted and verified. The cache is per
 * process and safe so: a token's claims never change, any server with the same NEXTAUTH_SECRET decrypts it alike,
 * and whether its session is still open is asked of the database (`isAuthSessionOpen`) on every request.
 */
export async function claimsFromToken(token: string, now = Date.now() / 1000): Promise<Claims | null> {
  const hit = verified.get(token);
  if (hit) {
    if (hit.exp > now) return { uid: hit.uid, sid: hit.sid };
    verified.delete(token);
    return null;
  }
  let payload: Awaited<ReturnType<typeof decode>>;
  try {
    payload = await decode({ token, secret: serverEnv().NEXTAUTH_SECRET });
  } catch {
    return null;
  }
  const { uid, sid } = payload ?? {};
  const exp = typeof payload?.exp === "number" ? payload.exp : 0;
  if (typeof uid !== "string" || !uid || typeof sid !== "string" || !sid || exp <= now) return null;
  verified.set(token, { uid, sid, exp });
  if (verified.size > MAX_CACHED) verified.delete(verified.keys().next().value as string);
  return { uid, sid };
}

async function cookieClaims(): Promise<Claims | null> {
  const jar = await cookies();
  const token = sessionTokenFrom((name) => jar.get(name)?.value);
  return token ? claimsFromToken(token) : null;
}

/**
 * The signed-in user from the session cookie, if its session is still open (a cookie kept after sign-out,
 * a role or a password change must stop working here too), or null.
 */
export async function currentSessionUser(): Promise<SessionUserDto | null> {
  const claims = await cookieClaims();
  return claims ? getSessionUserBySession(claims.sid, claims.uid) : null;
}

/**
 * The signed-in user's id, if the cookie's session is open: exercise routes only need to know whose attempts
 * to touch (every attempt query is scoped to it), and run once per command, so they use the cached check.
 */
export async function currentUserId(): Promise<{ id: string } | null> {
  const claims = await cookieClaims();
  return claims && (await isAuthSessionOpen(claims.sid, claims.uid)) ? { id: claims.uid } : null;
}
