"use server";
import { z } from "zod";
import { redirect } from "next/navigation";
import { getCurrentUser } from "#lib/auth/session";
import { createPracticeSet, finishPracticeSet } from "#lib/data/quiz";
import { locales, type Locale } from "#lib/i18n/routing";

const StartSchema = z.strictObject({
  kind: z.enum(["domain", "competency", "lesson", "mixed"]),
  key: z.string().max(80).regex(/^[a-z0-9-]*$/),
  locale: z.enum(locales),
});

/** Starts a practice set from the /quiz form and opens it. */
export async function startPracticeAction(form: FormData): Promise<void> {
  const p = StartSchema.safeParse({ kind: form.get("kind"), key: form.get("key") ?? "", locale: form.get("locale") });
  if (!p.success) return;
  const user = await getCurrentUser();
  if (!user) redirect(`/${p.data.locale}/signin?callbackUrl=${encodeURIComponent(`/${p.data.locale}/quiz`)}`);
  const id = await createPracticeSet(user, p.data.kind, p.data.key);
  if (id) redirect(`/${p.data.locale}/quiz/${id}`);
}

/** Finishes a practice set; the page then shows its result. */
export async function finishPracticeAction(id: string, locale: Locale): Promise<void> {
  const user = await getCurrentUser();
  if (!user || typeof id !== "string" || id.length > 40) return;
  await finishPracticeSet(user, id);
  redirect(`/${locale}/quiz/${id}`);
}
