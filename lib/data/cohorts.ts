import "server-only";
import { prisma } from "#lib/db";
import type { SessionUserDto } from "./users";

export type CohortSummaryDto = { id: string; name: string; joinCode: string; memberCount: number };

/** Cohorts the user teaches (admins see all). */
export async function listCohortsForInstructor(actor: SessionUserDto): Promise<CohortSummaryDto[]> {
  if (actor.role === "LEARNER") return [];
  const rows = await prisma.cohort.findMany({
    where: actor.role === "ADMIN" ? {} : { instructors: { some: { id: actor.id } } },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, joinCode: true, _count: { select: { members: true } } },
  });
  return rows.map((r) => ({ id: r.id, name: r.name, joinCode: r.joinCode, memberCount: r._count.members }));
}
