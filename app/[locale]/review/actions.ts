"use server";
import { revalidatePath } from "next/cache";
import { getCurrentUser } from "#lib/auth/session";
import { updateExamDate } from "#lib/data/quiz";

export type ExamDateState = { ok: boolean; error?: "date"; value: string };

const DAY = 86_400_000;

/** Sets (or, with an empty field, clears) the learner's exam date: today up to two years ahead. */
export async function examDateAction(_prev: ExamDateState, form: FormData): Promise<ExamDateState> {
  const raw = form.get("examDate");
  const value = typeof raw === "string" ? raw.trim().slice(0, 20) : "";
  const user = await getCurrentUser();
  if (!user) return { ok: false, error: "date", value };
  if (form.get("clear") !== null || value === "") {
    await updateExamDate(user, null);
    revalidatePath("/[locale]/review", "page");
    return { ok: true, value: "" };
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59)) : null;
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value || date.getTime() < today.getTime() || date.getTime() > today.getTime() + 731 * DAY) {
    return { ok: false, error: "date", value };
  }
  await updateExamDate(user, date);
  revalidatePath("/[locale]/review", "page");
  return { ok: true, value };
}
