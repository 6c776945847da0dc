"use server";
import { revalidatePath } from "next/cache";
import { getCurrentUser } from "#lib/auth/session";
import { formDataOf } from "#lib/http/guard";
import {
  addCoInstructor, CohortSettingsSchema, extendCohortExam, regenerateJoinCode, removeCoInstructor, removeLearner, setCohortArchived, updateCohortSettings,
} from "#lib/data/teach-cohorts";

/** A form's outcome: `error` is a message key under teach.errors, `field` the input it belongs to. */
export type TeachFormState = { ok: boolean; error?: string; field?: string; values?: Record<string, string> };

const text = (form: FormData, name: string, max = 200) => {
  const v = form.get(name);
  return typeof v === "string" ? v.slice(0, max) : "";
};

async function actor() {
  const u = await getCurrentUser();
  return u ? { id: u.id, role: u.role } : null;
}

function done(cohortId: string): TeachFormState {
  revalidatePath("/[locale]/teach", "page");
  revalidatePath(`/[locale]/teach/${cohortId}`, "page");
  return { ok: true };
}

/** Renames the cohort and sets its dates; field errors for a bad name or day. */
export async function updateCohortSettingsAction(_prev: TeachFormState, input: FormData): Promise<TeachFormState> {
  const form = formDataOf(input);
  const cohortId = text(form, "cohortId", 64);
  const values = { name: text(form, "name"), startsOn: text(form, "startsOn", 20), endsOn: text(form, "endsOn", 20), examOn: text(form, "examOn", 20), joinCodeExpiresOn: text(form, "joinCodeExpiresOn", 20) };
  const parsed = CohortSettingsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: issue?.message ?? "invalid", field: String(issue?.path[0] ?? "name"), values };
  }
  const r = await updateCohortSettings(await actor(), cohortId, parsed.data);
  return r.ok ? { ...done(cohortId), values } : { ok: false, error: r.error, values };
}

/** Archives or brings back the cohort (`archived` = "1" or "0"). */
export async function setCohortArchivedAction(_prev: TeachFormState, input: FormData): Promise<TeachFormState> {
  const form = formDataOf(input);
  const cohortId = text(form, "cohortId", 64);
  const r = await setCohortArchived(await actor(), cohortId, text(form, "archived", 1) === "1");
  return r.ok ? done(cohortId) : { ok: false, error: r.error };
}

/** Draws a new join code. */
export async function regenerateJoinCodeAction(_prev: TeachFormState, input: FormData): Promise<TeachFormState> {
  const form = formDataOf(input);
  const cohortId = text(form, "cohortId", 64);
  const r = await regenerateJoinCode(await actor(), cohortId);
  return r.ok ? done(cohortId) : { ok: false, error: r.error };
}

/** Adds a co-instructor by email. */
export async function addCoInstructorAction(_prev: TeachFormState, input: FormData): Promise<TeachFormState> {
  const form = formDataOf(input);
  const cohortId = text(form, "cohortId", 64);
  const email = text(form, "email", 300);
  const r = await addCoInstructor(await actor(), cohortId, email);
  return r.ok ? done(cohortId) : { ok: false, error: r.error, field: r.field, values: { email } };
}

/** Removes a co-instructor. */
export async function removeCoInstructorAction(_prev: TeachFormState, input: FormData): Promise<TeachFormState> {
  const form = formDataOf(input);
  const cohortId = text(form, "cohortId", 64);
  const r = await removeCoInstructor(await actor(), cohortId, text(form, "userId", 64));
  return r.ok ? done(cohortId) : { ok: false, error: r.error };
}

/** Takes a learner out of the cohort. */
export async function removeLearnerAction(_prev: TeachFormState, input: FormData): Promise<TeachFormState> {
  const form = formDataOf(input);
  const cohortId = text(form, "cohortId", 64);
  const r = await removeLearner(await actor(), cohortId, text(form, "userId", 64));
  return r.ok ? done(cohortId) : { ok: false, error: r.error };
}

/** Gives one learner extra time on their open timed exam (`multiplier` 1..2 of the exam's minutes). */
export async function extendExamAction(_prev: TeachFormState, input: FormData): Promise<TeachFormState> {
  const form = formDataOf(input);
  const cohortId = text(form, "cohortId", 64);
  const multiplier = text(form, "multiplier", 10);
  const value = multiplier.trim() === "" ? Number.NaN : Number(multiplier);
  const r = await extendCohortExam(await actor(), cohortId, text(form, "examId", 64), value);
  return r.ok ? { ...done(cohortId), values: { multiplier } } : { ok: false, error: r.error, field: r.field, values: { multiplier } };
}
