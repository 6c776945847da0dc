import "server-only";
import { z } from "zod";
import { prisma } from "#lib/db";
import type { SessionUserDto } from "./users";

export type CohortSummaryDto = { id: string; name: string; joinCode: string; memberCount: number; archived?: boolean };

/** Cohorts the user teaches (admins see all), active ones first. */
export async function listCohortsForInstructor(actor: Pick<SessionUserDto, "id" | "role">): Promise<CohortSummaryDto[]> {
  if (actor.role === "LEARNER") return [];
  const rows = await prisma.cohort.findMany({
    where: actor.role === "ADMIN" ? {} : { instructors: { some: { id: actor.id } } },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, joinCode: true, archivedAt: true, _count: { select: { members: true } } },
  });
  return rows
    .map((r) => ({ id: r.id, name: r.name, joinCode: r.joinCode, memberCount: r._count.members, ...(r.archivedAt ? { archived: true } : {}) }))
    .sort((a, b) => Number(Boolean(a.archived)) - Number(Boolean(b.archived)));
}

/** A join code as typed: trimmed, upper-case, letters, digits and hyphens. */
export const JoinCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .min(1, "codeRequired")
  .max(24, "codeUnknown")
  .regex(/^[A-Z0-9-]+$/, "codeUnknown");

/** A cohort's name as an instructor types it. */
export const CohortNameSchema = z.string().trim().min(2, "nameTooShort").max(80, "nameTooLong");

// No 0/O, 1/I/L: a code read aloud or off a projector should not be mistyped.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** A fresh join code, `XXXX-XXXX` from a 31-letter alphabet (about 8.5e11 codes). */
export function newJoinCode(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  let out = "";
  // Rejection sampling keeps every letter equally likely (256 is not a multiple of 31).
  while (out.length < 8) {
    for (const b of random(16)) {
      if (b < 248 && out.length < 8) out += CODE_ALPHABET[b % CODE_ALPHABET.length];
    }
  }
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}

export type MyCohortDto = { id: string; name: string; joinedAt: string; instructors: string[] };

/** The cohorts the actor is a member of, newest first. */
export async function listMyCohorts(actor: Pick<SessionUserDto, "id">): Promise<MyCohortDto[]> {
  const rows = await prisma.cohortMember.findMany({
    where: { userId: actor.id },
    orderBy: { joinedAt: "desc" },
    select: { joinedAt: true, cohort: { select: { id: true, name: true, instructors: { select: { name: true }, orderBy: { name: "asc" } } } } },
  });
  return rows.map((r) => ({ id: r.cohort.id, name: r.cohort.name, joinedAt: r.joinedAt.toISOString(), instructors: r.cohort.instructors.map((i) => i.name) }));
}

/** The name of the cohort a join code opens, or null (only the name: the code's owner is not revealed). */
export async function getCohortNameByCode(code: string): Promise<{ name: string } | null> {
  const parsed = JoinCodeSchema.safeParse(code);
  if (!parsed.success) return null;
  return prisma.cohort.findUnique({ where: { joinCode: parsed.data }, select: { name: true } });
}

export type JoinResult = { ok: true; cohortId: string; name: string; alreadyMember: boolean } | { ok: false; reason: "codeUnknown" | "codeExpired" | "cohortArchived" };

/**
 * Adds the actor to the cohort with this code; joining twice is harmless (alreadyMember). A code past its
 * expiry, or of an archived cohort, admits nobody new (a member asking again is still told they are in).
 */
export async function joinCohortByCode(actor: Pick<SessionUserDto, "id">, code: string, now = new Date()): Promise<JoinResult> {
  const parsed = JoinCodeSchema.safeParse(code);
  if (!parsed.success) return { ok: false, reason: "codeUnknown" };
  const cohort = await prisma.cohort.findUnique({ where: { joinCode: parsed.data }, select: { id: true, name: true, archivedAt: true, joinCodeExpiresAt: true } });
  if (!cohort) return { ok: false, reason: "codeUnknown" };
  const key = { cohortId: cohort.id, userId: actor.id };
  const existing = await prisma.cohortMember.findUnique({ where: { cohortId_userId: key }, select: { joinedAt: true } });
  if (!existing && cohort.archivedAt) return { ok: false, reason: "cohortArchived" };
  if (!existing && cohort.joinCodeExpiresAt && cohort.joinCodeExpiresAt.getTime() <= now.getTime()) return { ok: false, reason: "codeExpired" };
  if (!existing) await prisma.cohortMember.upsert({ where: { cohortId_userId: key }, create: key, update: {}, select: { joinedAt: true } });
  return { ok: true, cohortId: cohort.id, name: cohort.name, alreadyMember: Boolean(existing) };
}

/** Creates a cohort taught by the actor (instructors and admins only) with a fresh join code. */
export async function createCohort(actor: SessionUserDto, input: { name: string }): Promise<CohortSummaryDto> {
  if (actor.role === "LEARNER") throw new Error("createCohort: instructors only");
  const name = CohortNameSchema.parse(input.name);
  for (let tries = 0; ; tries++) {
    try {
      const c = await prisma.cohort.create({
        data: { name, joinCode: newJoinCode(), instructors: { connect: { id: actor.id } } },
        select: { id: true, name: true, joinCode: true },
      });
      return { ...c, memberCount: 0 };
    } catch (e) {
      // A join-code collision (unique index) is astronomically rare; draw again a few times.
      if (tries < 3 && (e as { code?: string }).code === "P2002") continue;
      throw e;
    }
  }
}
