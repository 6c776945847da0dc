import { z } from "zod";
import { locales } from "#lib/i18n/routing";
import { isGuessablePassword } from "./password-strength";
import { roles } from "./roles";

// Error messages are catalogue keys under "auth.errors", resolved by the form in the user's language.
export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, { message: "emailTooLong" })
  .pipe(z.email({ message: "emailInvalid" }));

export const PasswordSchema = z
  .string()
  .min(8, { message: "passwordTooShort" })
  .max(128, { message: "passwordTooLong" });

export const NameSchema = z
  .string()
  .trim()
  .min(1, { message: "nameRequired" })
  .max(80, { message: "nameTooLong" })
  .refine((s) => !/[\u0000-\u001f<>]/.test(s), { message: "nameInvalid" });

export const SignUpSchema = z
  .object({
    email: EmailSchema,
    name: NameSchema,
    password: PasswordSchema,
    locale: z.enum(locales).default("ko"),
  })
  .superRefine((v, ctx) => {
    if (isGuessablePassword(v.password, [v.email, v.name])) ctx.addIssue({ code: "custom", path: ["password"], message: "passwordWeak" });
  });
export type SignUp = z.infer<typeof SignUpSchema>;

export const SignInSchema = z.object({
  email: EmailSchema,
  // Any length is compared, but never more than the hash function should see.
  password: z.string().min(1).max(128),
});
export type SignIn = z.infer<typeof SignInSchema>;

export const RoleChangeSchema = z.object({
  userId: z.string().min(1).max(64),
  role: z.enum(roles),
});
export type RoleChange = z.infer<typeof RoleChangeSchema>;

export const LocaleSchema = z.enum(locales);

/** Field errors as { field: firstMessageKey }. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    out[field] ??= issue.message;
  }
  return out;
}
