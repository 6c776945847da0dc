import "server-only";
import { prisma } from "#lib/db";

export type ProgressDto = { lessonSlug: string; status: "NOT_STARTED" | "IN_PROGRESS" | "COMPLETED"; percent: number; completedAt: string | null };

/** One user's own lesson progress. */
export async function listProgressForUser(userId: string): Promise<ProgressDto[]> {
  const rows = await prisma.lessonProgress.findMany({
    where: { userId },
    select: { lessonSlug: true, status: true, percent: true, completedAt: true },
  });
  return rows.map((r) => ({ ...r, completedAt: r.completedAt?.toISOString() ?? null }));
}
