import "server-only";
import { cookies } from "next/headers";
import { claimsFromToken, sessionTokenFrom } from "#app/api/_exercise/session";
import { getSessionUserBySession } from "#lib/data/users";
import type { QuizUser } from "./handlers";

/** The signed-in user with their role (instructors' answers stay out of item statistics), or null. */
export async function currentQuizUser(): Promise<QuizUser> {
  const jar = await cookies();
  const token = sessionTokenFrom((name) => jar.get(name)?.value);
  if (!token) return null;
  const claims = await claimsFromToken(token);
  if (!claims) return null;
  const user = await getSessionUserBySession(claims.sid, claims.uid);
  return user ? { id: user.id, role: user.role } : null;
}
