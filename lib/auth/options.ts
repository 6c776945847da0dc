import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { createAuthSession, deleteAuthSession, getSessionUserBySession, SESSION_MAX_AGE_S } from "#lib/data/users";
import { isDatabaseBusy } from "#lib/db-busy";
import { serverEnv } from "#lib/env";
import { authRequestContext } from "./request-context";
import { safeCallbackPath } from "./roles";
import { SignInSchema } from "./schemas";
import { createSignInGuard, type SignInGuard } from "./sign-in";

/** Thrown out of authorize(); next-auth hands the message to the client as `error` (`RateLimited:<seconds>`). */
export const RATE_LIMITED = "RateLimited";
/** The message of the error a jwt callback throws for a cookie whose session has ended (not worth logging). */
const SESSION_ENDED = "SessionEnded";

// One guard per process, shared by every bundle that imports this module.
const g = globalThis as unknown as { __kubeclassSignInGuard?: SignInGuard };
export const signInGuard = (g.__kubeclassSignInGuard ??= createSignInGuard(serverEnv().NEXTAUTH_SECRET));

async function orBusy<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const ctx = authRequestContext.getStore();
    if (ctx && isDatabaseBusy(e)) ctx.busy = true;
    throw e;
  }
}

export const authOptions: NextAuthOptions = {
  secret: serverEnv().NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/ko/signin", error: "/ko/signin" },
  providers: [
    CredentialsProvider({
      name: "credentials",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials) {
        const parsed = SignInSchema.safeParse(credentials ?? {});
        const ctx = authRequestContext.getStore();
        // Only lib/auth/handler.ts runs next-auth, always inside a context; without one, refuse.
        if (!parsed.success || !ctx) return null;
        const outcome = await orBusy(() => signInGuard.attempt({ ...parsed.data, address: ctx.address, deviceCookie: ctx.deviceCookie }));
        if (outcome.ok) {
          ctx.signedInUserId = outcome.user.id;
          return outcome.user;
        }
        if (outcome.reason === "throttled") {
          ctx.retryAfterS = outcome.retryAfterS;
          throw new Error(`${RATE_LIMITED}:${outcome.retryAfterS}`);
        }
        return null;
      },
    }),
  ],
  callbacks: {
    // next-auth's default throws on a callbackUrl (body, query or cookie) that does not parse; go home instead.
    redirect({ url, baseUrl }) {
      if (safeCallbackPath(url)) return `${baseUrl}${url}`;
      return URL.canParse(url) && new URL(url).origin === baseUrl ? url : baseUrl;
    },
    async jwt({ token, user }) {
      if (user) {
        // A new sign-in: the cookie names a session row that sign-out, a role or a password change deletes.
        return { ...token, uid: user.id, sid: await orBusy(() => createAuthSession(user.id)), role: user.role, locale: user.locale };
      }
      // Every later use of the cookie: the session must still exist, and the user's details are re-read.
      const live = typeof token.sid === "string" && typeof token.uid === "string" ? await getSessionUserBySession(token.sid, token.uid) : null;
      if (!live) throw new Error(SESSION_ENDED);
      return { ...token, name: live.name, email: live.email, role: live.role, locale: live.locale };
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
  events: {
    async signOut({ token }) {
      const sid = token?.sid;
      if (typeof sid === "string") await orBusy(() => deleteAuthSession(sid));
    },
  },
  logger: {
    error(code, metadata) {
      const message = (metadata as { message?: string } | undefined)?.message ?? (metadata instanceof Error ? metadata.message : "");
      if (code === "JWT_SESSION_ERROR" && message === SESSION_ENDED) return;
      console.error(`[next-auth][error][${code}]`, metadata);
    },
    warn(code) {
      console.warn(`[next-auth][warn][${code}]`);
    },
    debug() {},
  },
};
