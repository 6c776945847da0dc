"use server";
import { formDataOf } from "#lib/http/guard";
import { headers } from "next/headers";
import { clientAddress } from "#lib/auth/client-address";
import { createSignUpService, type SignUpService } from "#lib/auth/sign-up";

export type SignUpState = { ok: boolean; errors: Record<string, string>; values: { email: string; name: string } };

// One per process (the address limit lives in it).
const g = globalThis as unknown as { __kubeclassSignUp?: SignUpService };
const signUp = (g.__kubeclassSignUp ??= createSignUpService());

/** Creates a learner account; the form then signs in with the same credentials. */
export async function signUpAction(_prev: SignUpState, input: FormData): Promise<SignUpState> {
  // A forged call may pass anything here; an empty form then gets the usual field errors.
  const form = formDataOf(input);
  const raw = {
    email: String(form.get("email") ?? ""),
    name: String(form.get("name") ?? ""),
    password: String(form.get("password") ?? ""),
    locale: String(form.get("locale") ?? "ko"),
  };
  const values = { email: raw.email.slice(0, 254), name: raw.name.slice(0, 80) };
  const result = await signUp.register(raw, clientAddress(await headers()));
  return result.ok ? { ok: true, errors: {}, values } : { ok: false, errors: result.errors, values };
}
