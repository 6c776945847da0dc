"use server";
import { cookies } from "next/headers";
import { z } from "zod";
import { getCurrentUser } from "#lib/auth/session";
import { LocaleSchema } from "#lib/auth/schemas";
import { updateUserLocale } from "#lib/data/users";
import { themes, THEME_COOKIE } from "#lib/theme";

/** Stores a signed-in user's language choice on their account (anonymous visitors keep the cookie only). */
export async function setLocaleAction(input: unknown): Promise<{ ok: boolean }> {
  const parsed = LocaleSchema.safeParse(input);
  if (!parsed.success) return { ok: false };
  const user = await getCurrentUser();
  if (user && user.locale !== parsed.data) await updateUserLocale(user.id, parsed.data);
  return { ok: true };
}

export async function setThemeAction(input: unknown): Promise<{ ok: boolean }> {
  const parsed = z.enum(themes).safeParse(input);
  if (!parsed.success) return { ok: false };
  (await cookies()).set(THEME_COOKIE, parsed.data, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 * 60 * 24 * 365 });
  return { ok: true };
}
