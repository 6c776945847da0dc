import "server-only";
import { z } from "zod";
import { prisma } from "#lib/db";
import type { Role } from "#lib/auth/roles";
import { examContent } from "#lib/exam/loader";
import { deadlineFor, MAX_EXTENSION } from "#lib/exam/rules";
import { CohortNameSchema, newJoinCode } from "./cohorts";
import { setExamExtension } from "./exams";

/** Who is asking: every function here checks that they teach the cohort (admins teach every cohort). */
export type TeachActor = { id: string; role: Role } | null;

const DAY_MS = 86_400_000;

/** The where-clause of the cohorts the actor may see, or null when they may see none. */
export function taughtCohortWhere(actor: TeachActor, cohortId: string): { id: string; instructors?: { some: { id: string } } } | null {
  if (!actor || actor.role === "LEARNER") return null;
  return actor.role === "ADMIN" ? { id: cohortId } : { id: cohortId, instructors: { some: { id: actor.id } } };
}

/** True when the actor teaches the cohort (or is an admin and it exists). */
export async function canTeachCohort(actor: TeachActor, cohortId: string): Promise<boolean> {
  const where = taughtCohortWhere(actor, cohortId);
  return where ? (await prisma.cohort.count({ where })) > 0 : false;
}

export type CohortDetailDto = {
  id: string;
  name: string;
  joinCode: string;
  /** ISO dates (YYYY-MM-DD) or null */
  joinCodeExpiresOn: string | null;
  codeExpired: boolean;
  archived: boolean;
  startsOn: string | null;
  endsOn: string | null;
  examOn: string | null;
  instructors: { id: string; name: string; email: string }[];
  memberCount: number;
};

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** A cohort the actor teaches with its settings and instructors, or null (missing and forbidden look alike). */
export async function getTaughtCohort(actor: TeachActor, cohortId: string, now = new Date()): Promise<CohortDetailDto | null> {
  const where = taughtCohortWhere(actor, cohortId);
  if (!where) return null;
  const c = await prisma.cohort.findFirst({
    where,
    select: {
      id: true, name: true, joinCode: true, joinCodeExpiresAt: true, archivedAt: true, startsAt: true, endsAt: true, examDate: true,
      instructors: { select: { id: true, name: true, email: true }, orderBy: { name: "asc" } },
      _count: { select: { members: true } },
    },
  });
  if (!c) return null;
  return {
    id: c.id, name: c.name, joinCode: c.joinCode,
    // The stored expiry is the end of the chosen day (UTC); show the day itself.
    joinCodeExpiresOn: c.joinCodeExpiresAt ? day(new Date(c.joinCodeExpiresAt.getTime() - DAY_MS)) : null,
    codeExpired: Boolean(c.joinCodeExpiresAt && c.joinCodeExpiresAt.getTime() <= now.getTime()),
    archived: c.archivedAt !== null,
    startsOn: day(c.startsAt), endsOn: day(c.endsAt), examOn: day(c.examDate),
    instructors: c.instructors, memberCount: c._count.members,
  };
}

// "" means "no date"; anything else must be a real calendar day.
const OptionalDaySchema = z
  .string()
  .trim()
  .max(10, "badDate")
  .refine((s) => s === "" || (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)), "badDate")
  .transform((s) => (s === "" ? null : new Date(`${s}T00:00:00Z`)));

/** The settings form of a cohort: name and optional days (YYYY-MM-DD, UTC). */
export const CohortSettingsSchema = z
  .object({ name: CohortNameSchema, startsOn: OptionalDaySchema, endsOn: OptionalDaySchema, examOn: OptionalDaySchema, joinCodeExpiresOn: OptionalDaySchema })
  .superRefine((v, ctx) => {
    if (v.startsOn && v.endsOn && v.endsOn < v.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "endBeforeStart" });
  });
export type CohortSettings = z.infer<typeof CohortSettingsSchema>;

export type TeachResult = { ok: true } | { ok: false; error: string; field?: string };
const NOT_FOUND: TeachResult = { ok: false, error: "notFound" };

/** Renames the cohort and sets its dates; the join code then lasts until the end of its expiry day (UTC). */
export async function updateCohortSettings(actor: TeachActor, cohortId: string, settings: CohortSettings): Promise<TeachResult> {
  if (!(await canTeachCohort(actor, cohortId))) return NOT_FOUND;
  await prisma.cohort.update({
    where: { id: cohortId },
    data: {
      name: settings.name, startsAt: settings.startsOn, endsAt: settings.endsOn, examDate: settings.examOn,
      joinCodeExpiresAt: settings.joinCodeExpiresOn ? new Date(settings.joinCodeExpiresOn.getTime() + DAY_MS) : null,
    },
    select: { id: true },
  });
  return { ok: true };
}

/** Archives (or brings back) a cohort: an archived cohort admits nobody new and is listed last. */
export async function setCohortArchived(actor: TeachActor, cohortId: string, archived: boolean, now = new Date()): Promise<TeachResult> {
  if (!(await canTeachCohort(actor, cohortId))) return NOT_FOUND;
  await prisma.cohort.update({ where: { id: cohortId }, data: { archivedAt: archived ? now : null }, select: { id: true } });
  return { ok: true };
}

/** Draws a new join code (the old one stops working at once); returns it. */
export async function regenerateJoinCode(actor: TeachActor, cohortId: string): Promise<{ ok: true; joinCode: string } | { ok: false; error: string }> {
  if (!(await canTeachCohort(actor, cohortId))) return NOT_FOUND as { ok: false; error: string };
  for (let tries = 0; ; tries++) {
    try {
      const c = await prisma.cohort.update({ where: { id: cohortId }, data: { joinCode: newJoinCode() }, select: { joinCode: true } });
      return { ok: true, joinCode: c.joinCode };
    } catch (e) {
      if (tries < 3 && (e as { code?: string }).code === "P2002") continue;
      throw e;
    }
  }
}

/** An email as typed into the co-instructor field. */
export const InstructorEmailSchema = z.string().trim().toLowerCase().min(1, "emailRequired").max(254, "instructorUnknown").email("instructorUnknown");

/** Adds an existing instructor or admin, by email, as a co-instructor (adding twice is harmless). */
export async function addCoInstructor(actor: TeachActor, cohortId: string, email: string): Promise<TeachResult> {
  if (!(await canTeachCohort(actor, cohortId))) return NOT_FOUND;
  const parsed = InstructorEmailSchema.safeParse(email);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "instructorUnknown", field: "email" };
  const user = await prisma.user.findUnique({ where: { email: parsed.data }, select: { id: true, role: true } });
  // A learner's address is answered like an unknown one: the form does not reveal who has an account.
  if (!user || user.role === "LEARNER") return { ok: false, error: "instructorUnknown", field: "email" };
  await prisma.cohort.update({ where: { id: cohortId }, data: { instructors: { connect: { id: user.id } } }, select: { id: true } });
  return { ok: true };
}

/** Removes a co-instructor; the last instructor stays (a cohort always has someone who sees it). */
export async function removeCoInstructor(actor: TeachActor, cohortId: string, userId: string): Promise<TeachResult> {
  if (!(await canTeachCohort(actor, cohortId))) return NOT_FOUND;
  const n = await prisma.user.count({ where: { teaching: { some: { id: cohortId } } } });
  if (n <= 1) return { ok: false, error: "lastInstructor" };
  await prisma.cohort.update({ where: { id: cohortId }, data: { instructors: { disconnect: { id: userId } } }, select: { id: true } });
  return { ok: true };
}

/** Takes a learner out of the cohort (their own progress is kept; they can join again with a valid code). */
export async function removeLearner(actor: TeachActor, cohortId: string, userId: string): Promise<TeachResult> {
  if (!(await canTeachCohort(actor, cohortId))) return NOT_FOUND;
  const r = await prisma.cohortMember.deleteMany({ where: { cohortId, userId } });
  return r.count ? { ok: true } : NOT_FOUND;
}

/** True when the user is a member of a cohort the actor teaches. */
export async function isTaughtMember(actor: TeachActor, cohortId: string, userId: string): Promise<boolean> {
  if (!(await canTeachCohort(actor, cohortId))) return false;
  return (await prisma.cohortMember.count({ where: { cohortId, userId } })) > 0;
}

/** An extra-time multiplier as typed: 1 (none) to 2 (double), in steps of 0.05. */
export const ExtensionSchema = z.coerce
  .number({ message: "badExtension" })
  .min(1, "badExtension")
  .max(MAX_EXTENSION, "badExtension")
  .refine((x) => Math.abs(x * 20 - Math.round(x * 20)) < 1e-9, "badExtension");

/**
 * Gives a member of a cohort the actor teaches extra time on their open timed exam (deadline = start + minutes x
 * multiplier, lib/data/exams.ts `setExamExtension`, which checks the actor again). Refused (`examNotOpen`) once the
 * exam is submitted, graded or past its deadline: time that has run out is not given back.
 */
export async function extendCohortExam(actor: TeachActor, cohortId: string, examId: string, multiplier: number, now = new Date()): Promise<TeachResult> {
  if (!actor || !(await canTeachCohort(actor, cohortId))) return NOT_FOUND;
  const parsed = ExtensionSchema.safeParse(multiplier);
  if (!parsed.success) return { ok: false, error: "badExtension", field: "multiplier" };
  const exam = await prisma.examSession.findFirst({
    where: { id: examId, user: { memberships: { some: { cohortId } } } },
    select: { mode: true, blueprintId: true, startedAt: true, deadline: true, submittedAt: true, gradedAt: true },
  });
  if (!exam) return NOT_FOUND;
  if (exam.mode !== "timed" || exam.submittedAt || exam.gradedAt || !exam.deadline || exam.deadline.getTime() <= now.getTime()) return { ok: false, error: "examNotOpen" };
  // A smaller multiplier may shorten the exam, but never to a deadline already past (that would end it at once).
  const minutes = examContent().blueprints.get(exam.blueprintId)?.minutes ?? 120;
  if (deadlineFor(exam.startedAt, minutes, parsed.data).getTime() <= now.getTime()) return { ok: false, error: "extensionTooShort", field: "multiplier" };
  return (await setExamExtension(actor, examId, parsed.data, now)) ? { ok: true } : { ok: false, error: "examNotOpen" };
}
