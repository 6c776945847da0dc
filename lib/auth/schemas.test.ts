import { describe, expect, it } from "vitest";
import { fieldErrors, RoleChangeSchema, SignInSchema, SignUpSchema } from "./schemas";

const valid = { email: "a@b.co", name: "Kim", password: "blue-pony-sings", locale: "ko" };

function errorsOf(input: unknown) {
  const r = SignUpSchema.safeParse(input);
  return r.success ? {} : fieldErrors(r.error);
}

describe("SignUpSchema", () => {
  it("accepts a valid sign-up and normalises the email", () => {
    const r = SignUpSchema.parse({ ...valid, email: "  Kim@Example.COM " });
    expect(r.email).toBe("kim@example.com");
  });

  it("password length: 7 fails, 128 passes, 129 fails", () => {
    const long = "orange-tiger-keyboard-lamp-".repeat(5).slice(0, 128);
    expect(errorsOf({ ...valid, password: "Qm7$xT2" })).toEqual({ password: "passwordTooShort" });
    expect(errorsOf({ ...valid, password: long })).toEqual({});
    expect(errorsOf({ ...valid, password: long + "x" })).toEqual({ password: "passwordTooLong" });
  });

  it.each(["12345678", "password", "        ", "password123", "qwertyuiop", "kubeclass2026", "aaaaaaaaaaaaaaaa"])("password %j is too easy to guess", (password) => {
    expect(errorsOf({ ...valid, password })).toEqual({ password: "passwordWeak" });
  });

  it("a password made of the account's own email or name is too easy to guess", () => {
    expect(errorsOf({ ...valid, email: "minsu.kim@example.com", name: "Minsu Kim", password: "minsu.kim@example.com" })).toEqual({ password: "passwordWeak" });
    expect(errorsOf({ ...valid, email: "minsu.kim@example.com", name: "Minsu Kim", password: "minsukim2026" })).toEqual({ password: "passwordWeak" });
  });

  it.each(["blue-pony-sings", "correct horse", "orange-tiger-keyboard-lamp"])("password %j is strong enough", (password) => {
    expect(errorsOf({ ...valid, password })).toEqual({});
  });

  it("name: blank fails, 80 passes, 81 fails, markup fails", () => {
    expect(errorsOf({ ...valid, name: "   " })).toEqual({ name: "nameRequired" });
    expect(errorsOf({ ...valid, name: "가".repeat(80) })).toEqual({});
    expect(errorsOf({ ...valid, name: "가".repeat(81) })).toEqual({ name: "nameTooLong" });
    expect(errorsOf({ ...valid, name: "<script>" })).toEqual({ name: "nameInvalid" });
  });

  it("email: invalid and over-long addresses fail", () => {
    expect(errorsOf({ ...valid, email: "not-an-email" })).toEqual({ email: "emailInvalid" });
    expect(errorsOf({ ...valid, email: `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}.com` })).toEqual({ email: "emailTooLong" });
  });

  it("reports every bad field once", () => {
    expect(errorsOf({ email: "x", name: "", password: "1", locale: "ko" })).toEqual({
      email: "emailInvalid",
      name: "nameRequired",
      password: "passwordTooShort",
    });
  });

  it("locale must be one we serve", () => {
    expect(SignUpSchema.safeParse({ ...valid, locale: "fr" }).success).toBe(false);
  });
});

describe("SignInSchema", () => {
  it("needs a password of 1..128 characters", () => {
    expect(SignInSchema.safeParse({ email: "a@b.co", password: "" }).success).toBe(false);
    expect(SignInSchema.safeParse({ email: "a@b.co", password: "x" }).success).toBe(true);
    expect(SignInSchema.safeParse({ email: "a@b.co", password: "x".repeat(129) }).success).toBe(false);
  });
});

describe("RoleChangeSchema", () => {
  it("accepts only the three roles", () => {
    expect(RoleChangeSchema.safeParse({ userId: "u1", role: "ADMIN" }).success).toBe(true);
    expect(RoleChangeSchema.safeParse({ userId: "u1", role: "ROOT" }).success).toBe(false);
    expect(RoleChangeSchema.safeParse({ userId: "", role: "ADMIN" }).success).toBe(false);
  });
});
