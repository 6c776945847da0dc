"use server";
import { hashPassword } from "#lib/auth/password";
import { fieldErrors, SignUpSchema } from "#lib/auth/schemas";
import { createUser } from "#lib/data/users";

export type SignUpState = { ok: boolean; errors: Record<string, string>; values: { email: string; name: string } };

/** Creates a learner account; the form then signs in with the same credentials. */
export async function signUpAction(_prev: SignUpState, form: FormData): Promise<SignUpState> {
  const raw = {
    email: String(form.get("email") ?? ""),
    name: String(form.get("name") ?? ""),
    password: String(form.get("password") ?? ""),
    locale: String(form.get("locale") ?? "ko"),
  };
  const values = { email: raw.email.slice(0, 254), name: raw.name.slice(0, 80) };
  const parsed = SignUpSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error), values };
  const { password, ...rest } = parsed.data;
  const result = await createUser({ ...rest, passwordHash: await hashPassword(password) });
  if (!result.ok) return { ok: false, errors: { email: result.reason }, values };
  return { ok: true, errors: {}, values };
}
