"use server";
import { formDataOf } from "#lib/http/guard";
import { revalidatePath } from "next/cache";
import { fieldErrors, RoleChangeSchema } from "#lib/auth/schemas";
import { getCurrentUser } from "#lib/auth/session";
import { updateUserRole } from "#lib/data/users";
import { isDatabaseBusy } from "#lib/db-busy";

export type RoleChangeState = { ok: boolean; error: string | null; userId: string | null };

export async function changeRoleAction(_prev: RoleChangeState, input: FormData): Promise<RoleChangeState> {
  const form = formDataOf(input);
  const parsed = RoleChangeSchema.safeParse({ userId: form.get("userId"), role: form.get("role") });
  if (!parsed.success) return { ok: false, error: fieldErrors(parsed.error).role ? "badRole" : "notFound", userId: null };
  const actor = await getCurrentUser();
  if (!actor) return { ok: false, error: "forbidden", userId: parsed.data.userId };
  let result: Awaited<ReturnType<typeof updateUserRole>>;
  try {
    result = await updateUserRole(actor, parsed.data.userId, parsed.data.role);
  } catch (e) {
    if (isDatabaseBusy(e)) return { ok: false, error: "busy", userId: parsed.data.userId };
    throw e;
  }
  if (!result.ok) return { ok: false, error: result.reason, userId: parsed.data.userId };
  revalidatePath("/[locale]/admin", "page");
  return { ok: true, error: null, userId: parsed.data.userId };
}
