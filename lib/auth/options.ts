import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getUserCredentials } from "#lib/data/users";
import { serverEnv } from "#lib/env";
import { isLocale } from "#lib/i18n/routing";
import { burnVerify, verifyPassword } from "./password";
import { createRateLimiter } from "./rate-limit";
import { SignInSchema } from "./schemas";

/** Thrown out of authorize(); next-auth hands the message to the client as `error`. */
export const RATE_LIMITED = "RateLimited";

const WINDOW_MS = 15 * 60 * 1000;
// Per email: the 6th try inside 15 minutes is refused without checking the password.
export const emailLimiter = createRateLimiter({ limit: 5, windowMs: WINDOW_MS });
// Per client address: wide enough for a classroom behind one NAT, tight enough to stop spraying.
export const ipLimiter = createRateLimiter({ limit: 50, windowMs: WINDOW_MS });

type HeaderBag = Record<string, string | string[] | undefined> | Headers | undefined;

function header(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const v = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v[0] : v;
}

export function clientAddress(headers: HeaderBag): string {
  const forwarded = header(headers, "x-forwarded-for")?.split(",")[0]?.trim();
  return (forwarded || header(headers, "x-real-ip") || "local").slice(0, 64);
}

export const authOptions: NextAuthOptions = {
  secret: serverEnv().NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/ko/signin", error: "/ko/signin" },
  providers: [
    CredentialsProvider({
      name: "credentials",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, req) {
        const parsed = SignInSchema.safeParse(credentials ?? {});
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const ip = clientAddress(req?.headers as HeaderBag);
        if (emailLimiter.check(email).locked || ipLimiter.check(ip).locked) throw new Error(RATE_LIMITED);

        const user = await getUserCredentials(email);
        const ok = user ? await verifyPassword(user.passwordHash, password) : (await burnVerify(password), false);
        if (!user || !ok) {
          emailLimiter.recordFailure(email);
          ipLimiter.recordFailure(ip);
          return null;
        }
        emailLimiter.reset(email);
        return { id: user.id, email: user.email, name: user.name, role: user.role, locale: isLocale(user.locale) ? user.locale : "ko" };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = user.role;
        token.locale = user.locale;
      }
      return token;
    },
    session({ session, token }) {
      session.user = {
        id: token.uid,
        name: token.name ?? "",
        email: token.email ?? "",
        role: token.role,
        locale: token.locale,
      };
      return session;
    },
  },
};
