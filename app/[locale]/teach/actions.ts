"use server";
import { formDataOf } from "#lib/http/guard";
import { revalidatePath } from "next/cache";
import { getCurrentUser } from "#lib/auth/session";
import { hasRole } from "#lib/auth/roles";
import { CohortNameSchema, createCohort } from "#lib/data/cohorts";

export type CreateCohortState = { ok: boolean; error?: string; created?: { name: string; joinCode: string }; name: string };

/** Creates a cohort taught by the signed-in instructor; a field error for a bad name. */
export async function createCohortAction(_prev: CreateCohortState, input: FormData): Promise<CreateCohortState> {
  const form = formDataOf(input);
  const raw = form.get("name");
  const name = typeof raw === "string" ? raw.slice(0, 200) : "";
  const parsed = CohortNameSchema.safeParse(name);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "invalid", name };
  const user = await getCurrentUser();
  if (!user || !hasRole(user.role, "INSTRUCTOR")) return { ok: false, error: "invalid", name };
  const c = await createCohort(user, { name: parsed.data });
  revalidatePath("/[locale]/teach", "page");
  return { ok: true, created: { name: c.name, joinCode: c.joinCode }, name: "" };
}
