import "server-only";
import NextAuth from "next-auth";
import type { NextApiRequest, NextApiResponse } from "next";
import { BUSY_RETRY_AFTER_S, isDatabaseBusy } from "#lib/db-busy";
import { serverEnv } from "#lib/env";
import { parseCookies, problem, readBoundedBody, requestLocale, type HttpLocale } from "#lib/http/guard";
import { clientAddress } from "./client-address";
import { DEVICE_COOKIE, DEVICE_MAX_AGE_S, makeDeviceToken } from "./device";
import { authOptions } from "./options";
import { authRequestContext, type AuthRequestContext } from "./request-context";

/** next-auth's forms are a few short fields (csrfToken, callbackUrl, email, password); 8 KiB is plenty. */
export const MAX_AUTH_BODY_BYTES = 8 * 1024;
const ACTIONS = new Set(["providers", "session", "csrf", "signin", "signout", "callback", "verify-request", "error", "_log"]);

function deviceCookieHeader(req: Request, userId: string): string {
  const secure = new URL(req.url).protocol === "https:" ? "; Secure" : "";
  return `${DEVICE_COOKIE}=${makeDeviceToken(serverEnv().NEXTAUTH_SECRET, userId)}; Path=/api/auth; HttpOnly; SameSite=Lax; Max-Age=${DEVICE_MAX_AGE_S}${secure}`;
}

/** 503 for a locked database; next-auth's browser client also needs a `url` whose `error` it can read. */
async function busy(req: Request, locale: HttpLocale, body: Record<string, string> | undefined): Promise<Response> {
  const res = problem(503, "busy", locale, {}, { "Retry-After": String(BUSY_RETRY_AFTER_S) });
  if (body?.json !== "true") return res;
  const payload = (await res.json()) as object;
  return Response.json({ ...payload, url: new URL("/api/auth/error?error=Busy", req.url).href }, { status: 503, headers: res.headers });
}

/**
 * The next-auth endpoint with a guard in front: only GET and form-encoded POST bodies of at most 8 KiB get
 * through (read as a bounded stream, so a huge or endless body costs nothing), every refusal is a 4xx with a
 * message in the visitor's language, a throttled sign-in is a 429 with Retry-After, a locked database a 503.
 */
export async function handleAuthRequest(req: Request, segments: string[]): Promise<Response> {
  const locale = requestLocale(req);
  const [action] = segments;
  if (!action || !ACTIONS.has(action) || segments.length > 2) return problem(404, "notFound", locale);
  let body: Record<string, string> | undefined;
  if (req.method === "POST") {
    if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers.get("content-type") ?? "")) return problem(415, "unsupportedType", locale);
    const raw = await readBoundedBody(req, MAX_AUTH_BODY_BYTES);
    if (raw === null) return problem(413, "tooLarge", locale, { limit: "8 KiB" });
    body = Object.fromEntries(new URLSearchParams(raw.toString("utf8")));
  } else if (req.method !== "GET") {
    return problem(405, "methodNotAllowed", locale, {}, { Allow: "GET, POST" });
  }
  const url = new URL(req.url);
  const query = Object.fromEntries(url.searchParams);
  // Credentials are checked by POST only (next-auth answers a GET with a 500).
  if (action === "callback" && req.method !== "POST") return problem(405, "methodNotAllowed", locale, {}, { Allow: "POST" });
  const cookies = parseCookies(req.headers.get("cookie"));
  const ctx: AuthRequestContext = { address: clientAddress(req.headers), deviceCookie: cookies.get(DEVICE_COOKIE) };
  const res = new CollectedResponse();
  // next-auth's Pages-API entry takes plain objects, so the body it sees is the one read above, never the raw stream.
  const apiReq = { query: { ...query, nextauth: segments }, body, cookies: Object.fromEntries(cookies), headers: Object.fromEntries(req.headers), method: req.method };
  try {
    await authRequestContext.run(ctx, () => NextAuth(apiReq as unknown as NextApiRequest, res as unknown as NextApiResponse, authOptions));
  } catch (e) {
    if (ctx.busy || isDatabaseBusy(e)) return busy(req, locale, body);
    throw e;
  }
  if (ctx.busy) return busy(req, locale, body);

  let status = res.statusCode;
  const headers = res.toHeaders();
  if (ctx.retryAfterS !== undefined && body?.json === "true") {
    status = 429;
    headers.set("Retry-After", String(ctx.retryAfterS));
  }
  if (ctx.signedInUserId) headers.append("Set-Cookie", deviceCookieHeader(req, ctx.signedInUserId));
  return new Response(res.body, { status, headers });
}

/** Collects what next-auth writes to a Pages-API response. */
class CollectedResponse {
  statusCode = 200;
  body: string | null = null;
  private readonly headers = new Map<string, string | string[]>();
  status(code: number) {
    this.statusCode = code;
    return this;
  }
  setHeader(name: string, value: string | string[]) {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }
  getHeader(name: string) {
    return this.headers.get(name.toLowerCase());
  }
  end() {
    return this;
  }
  json(value: unknown) {
    this.setHeader("Content-Type", "application/json");
    this.body = JSON.stringify(value);
    return this;
  }
  send(value: unknown) {
    if (value === undefined || value === null) this.body = null;
    else if (typeof value === "string") this.body = value;
    else {
      if (!this.getHeader("content-type")) this.setHeader("Content-Type", "application/json");
      this.body = JSON.stringify(value);
    }
    return this;
  }
  toHeaders(): Headers {
    const h = new Headers();
    for (const [k, v] of this.headers) for (const one of Array.isArray(v) ? v : [v]) h.append(k, one);
    return h;
  }
}
