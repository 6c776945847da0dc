import "server-only";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getSessionUser, type SessionUserDto } from "#lib/data/users";
import type { Locale } from "#lib/i18n/routing";
import { authOptions } from "./options";
import { decideAccess, type Role } from "./roles";

/** The signed-in user as the database has them now (role changes apply at once), or null. */
export const getCurrentUser = cache(async (): Promise<SessionUserDto | null> => {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  return id ? getSessionUser(id) : null;
});

function signInPath(locale: Locale, returnTo: string): string {
  return `/${locale}/signin?callbackUrl=${encodeURIComponent(`/${locale}${returnTo}`)}`;
}

/** The current user, or a redirect to sign-in that comes back to `returnTo` (a path below the locale). */
export async function requireUser(locale: Locale, returnTo: string): Promise<SessionUserDto> {
  const user = await getCurrentUser();
  if (!user) redirect(signInPath(locale, returnTo));
  return user;
}

/** The current user if their role is at least `role`; anonymous visitors go to sign-in, others get 403. */
export async function requireRole(role: Role, locale: Locale, returnTo: string): Promise<SessionUserDto> {
  const user = await getCurrentUser();
  const decision = decideAccess(user, role);
  if (decision === "sign-in" || !user) redirect(signInPath(locale, returnTo));
  if (decision === "forbidden") forbidden();
  return user;
}
