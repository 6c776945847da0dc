"use server";
import { formDataOf } from "#lib/http/guard";
import { revalidatePath } from "next/cache";
import { getCurrentUser } from "#lib/auth/session";
import { joinCohortByCode, JoinCodeSchema } from "#lib/data/cohorts";

export type JoinCohortState = { ok: boolean; error?: string; joined?: { name: string; alreadyMember: boolean }; code: string };

/** Joins the signed-in learner to the cohort with the typed code; a field error for anything else. */
export async function joinCohortAction(_prev: JoinCohortState, input: FormData): Promise<JoinCohortState> {
  const form = formDataOf(input);
  const raw = form.get("code");
  const code = typeof raw === "string" ? raw.slice(0, 64) : "";
  const parsed = JoinCodeSchema.safeParse(code);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "invalid", code };
  const user = await getCurrentUser();
  if (!user) return { ok: false, error: "invalid", code };
  const result = await joinCohortByCode(user, parsed.data);
  if (!result.ok) return { ok: false, error: result.reason, code };
  revalidatePath("/[locale]/me", "page");
  return { ok: true, joined: { name: result.name, alreadyMember: result.alreadyMember }, code: "" };
}
