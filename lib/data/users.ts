import "server-only";
import { prisma } from "#lib/db";
import { Prisma } from "#lib/generated/prisma/client";
import type { Role } from "#lib/auth/roles";
import type { Locale } from "#lib/i18n/routing";

export type SessionUserDto = { id: string; email: string; name: string; role: Role; locale: Locale };
export type AdminUserDto = SessionUserDto & { createdAt: string };

const sessionSelect = { id: true, email: true, name: true, role: true, locale: true } as const;

function toDto(u: { id: string; email: string; name: string; role: Role; locale: string }): SessionUserDto {
  return { id: u.id, email: u.email, name: u.name, role: u.role, locale: u.locale === "en" ? "en" : "ko" };
}

/** The signed-in user's own record (the session only carries the id). */
export async function getSessionUser(id: string): Promise<SessionUserDto | null> {
  const u = await prisma.user.findUnique({ where: { id }, select: sessionSelect });
  return u ? toDto(u) : null;
}

/** How long a sign-in lasts at most, however often its cookie is refreshed (next-auth's maxAge is the same). */
export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;
/** Browsers one account may stay signed in on; signing in on one more ends the oldest. */
export const MAX_SESSIONS_PER_USER = 20;

/** Records a new signed-in browser for the user (and forgets their expired or surplus ones); returns its id. */
export async function createAuthSession(userId: string, now = new Date()): Promise<string> {
  return prisma.$transaction(async (tx) => {
    const expired = new Date(now.getTime() - SESSION_MAX_AGE_S * 1000);
    await tx.authSession.deleteMany({ where: { userId, createdAt: { lte: expired } } });
    const keep = await tx.authSession.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take: MAX_SESSIONS_PER_USER - 1, select: { id: true } });
    await tx.authSession.deleteMany({ where: { userId, id: { notIn: keep.map((k) => k.id) } } });
    const row = await tx.authSession.create({ data: { userId, createdAt: now }, select: { id: true } });
    return row.id;
  });
}

/**
 * The user a session cookie speaks for, as the database has them now, or null when that session was ended
 * (signed out, role or password changed), has expired, or belongs to someone else.
 */
export async function getSessionUserBySession(sessionId: string, userId: string, now = new Date()): Promise<SessionUserDto | null> {
  const row = await prisma.authSession.findUnique({ where: { id: sessionId }, select: { userId: true, createdAt: true, user: { select: sessionSelect } } });
  if (!row || row.userId !== userId) return null;
  if (now.getTime() - row.createdAt.getTime() >= SESSION_MAX_AGE_S * 1000) return null;
  return toDto(row.user);
}

// Sessions seen open in the last moments, for the exercise API's per-command check (a primary-key read costs
// more than the rest of a short command's bookkeeping). Ending a session in this process drops it at once;
// another server instance may accept the ended cookie for at most OPEN_SESSION_CACHE_MS.
const OPEN_SESSION_CACHE_MS = 2000;
const g = globalThis as unknown as { __kubeclassOpenSessions?: Map<string, { userId: string; until: number }> };
const openSessions = (g.__kubeclassOpenSessions ??= new Map());

function forgetOpenSessions(match: (id: string, userId: string) => boolean) {
  for (const [id, e] of openSessions) if (match(id, e.userId)) openSessions.delete(id);
}

/** True when the session exists, belongs to the user and has not expired (cached for a moment; see above). */
export async function isAuthSessionOpen(sessionId: string, userId: string, now = Date.now()): Promise<boolean> {
  const hit = openSessions.get(sessionId);
  if (hit && hit.until > now) return hit.userId === userId;
  const row = await prisma.authSession.findUnique({ where: { id: sessionId }, select: { userId: true, createdAt: true } });
  if (!row || now - row.createdAt.getTime() >= SESSION_MAX_AGE_S * 1000) return false;
  openSessions.set(sessionId, { userId: row.userId, until: now + OPEN_SESSION_CACHE_MS });
  if (openSessions.size > 10_000) openSessions.delete(openSessions.keys().next().value as string);
  return row.userId === userId;
}

/** Ends one signed-in browser (sign-out). Ending a session that is already gone is not an error. */
export async function deleteAuthSession(sessionId: string): Promise<void> {
  await prisma.authSession.deleteMany({ where: { id: sessionId } });
  forgetOpenSessions((id) => id === sessionId);
}

/** Sets a new password hash and ends every session of the user: a stolen cookie dies with the old password. */
export async function updateUserPassword(userId: string, passwordHash: string): Promise<void> {
  await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { passwordHash }, select: { id: true } }),
    prisma.authSession.deleteMany({ where: { userId } }),
  ]);
  forgetOpenSessions((_id, owner) => owner === userId);
}

/** For sign-in only: the hash never leaves lib/auth. */
export async function getUserCredentials(email: string) {
  return prisma.user.findUnique({ where: { email }, select: { ...sessionSelect, passwordHash: true } });
}

export type CreateUserResult = { ok: true; user: SessionUserDto } | { ok: false; reason: "emailTaken" };

export async function createUser(input: {
  email: string;
  name: string;
  passwordHash: string;
  locale: Locale;
}): Promise<CreateUserResult> {
  try {
    // Looking first keeps a taken email off Prisma's slow error path, so both answers take about as long
    // (sign-up must not reveal which emails have accounts); the unique index still settles a race.
    return await prisma.$transaction(async (tx): Promise<CreateUserResult> => {
      if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) return { ok: false, reason: "emailTaken" };
      return { ok: true, user: toDto(await tx.user.create({ data: input, select: sessionSelect })) };
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") return { ok: false, reason: "emailTaken" };
    throw e;
  }
}

export async function updateUserLocale(userId: string, locale: Locale): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { locale }, select: { id: true } });
}

/** Admin only: every account, newest first. */
export async function listUsersForAdmin(actor: SessionUserDto): Promise<AdminUserDto[]> {
  if (actor.role !== "ADMIN") return [];
  const rows = await prisma.user.findMany({
    orderBy: { createdAt: "desc" },
    take: 500,
    select: { ...sessionSelect, createdAt: true },
  });
  return rows.map((u) => ({ ...toDto(u), createdAt: u.createdAt.toISOString() }));
}

export type RoleChangeResult = { ok: true } | { ok: false; reason: "forbidden" | "notFound" | "lastAdmin" };

/** Admin only. The last admin cannot demote themselves out of the admin role. */
export async function updateUserRole(actor: SessionUserDto, userId: string, role: Role): Promise<RoleChangeResult> {
  if (actor.role !== "ADMIN") return { ok: false, reason: "forbidden" };
  return prisma.$transaction(async (tx) => {
    const target = await tx.user.findUnique({ where: { id: userId }, select: { role: true } });
    if (!target) return { ok: false, reason: "notFound" } as const;
    if (target.role === "ADMIN" && role !== "ADMIN") {
      const admins = await tx.user.count({ where: { role: "ADMIN" } });
      if (admins <= 1) return { ok: false, reason: "lastAdmin" } as const;
    }
    await tx.user.update({ where: { id: userId }, data: { role }, select: { id: true } });
    // Sessions opened under the old role end: the user signs in again and sees what the new role allows.
    await tx.authSession.deleteMany({ where: { userId } });
    return { ok: true } as const;
  }).then((r) => {
    if (r.ok) forgetOpenSessions((_id, owner) => owner === userId);
    return r;
  });
}
