"use server";
import { z } from "zod";
import { getCurrentUser } from "#lib/auth/session";
import { getAttemptReplayStep, type ReplayStepResult } from "#lib/data/teach-learner";

const InputSchema = z.object({
  cohortId: z.string().min(1).max(64),
  userId: z.string().min(1).max(64),
  attemptId: z.string().min(1).max(64),
  step: z.number().int().min(0).max(1_000_000),
  outputsFrom: z.number().int().min(0).max(1_000_000),
});

/** One step of a learner's command replay: its output (and those just before it) and the cluster after it. */
export async function replayStepAction(input: z.input<typeof InputSchema>): Promise<ReplayStepResult> {
  const parsed = InputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "badWindow" };
  const u = await getCurrentUser();
  if (!u) return { ok: false, error: "notFound" };
  const { cohortId, userId, attemptId, step, outputsFrom } = parsed.data;
  return getAttemptReplayStep({ id: u.id, role: u.role }, cohortId, userId, attemptId, { step, outputsFrom });
}
