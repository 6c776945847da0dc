// Shared by route handlers and proxy.ts: bounded bodies, same-origin checks, and 4xx answers in the visitor's language.
import en from "#lib/i18n/messages/en.json";
import ko from "#lib/i18n/messages/ko.json";

export type HttpLocale = "ko" | "en";
type ProblemCode = keyof typeof en.httpErrors;

/** The cookies of a Cookie header (first value wins, undecodable values kept as sent). */
export function parseCookies(header: string | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    if (!name || out.has(name)) continue;
    const raw = part.slice(i + 1).trim();
    try {
      out.set(name, decodeURIComponent(raw));
    } catch {
      out.set(name, raw);
    }
  }
  return out;
}

/** The visitor's language: the `locale` query parameter, else the NEXT_LOCALE cookie, else the path prefix, else Korean. */
export function requestLocale(req: Request): HttpLocale {
  const url = new URL(req.url);
  const q = url.searchParams.get("locale");
  if (q === "en" || q === "ko") return q;
  const c = parseCookies(req.headers.get("cookie")).get("NEXT_LOCALE");
  if (c === "en" || c === "ko") return c;
  return url.pathname.startsWith("/en/") || url.pathname === "/en" ? "en" : "ko";
}

/** A JSON error `{ error: { code, message } }` with a localized message. */
export function problem(status: number, code: ProblemCode, locale: HttpLocale, vars: Record<string, string | number> = {}, headers: Record<string, string> = {}): Response {
  const text: string = (locale === "en" ? en : ko).httpErrors[code];
  const message = text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
  return Response.json({ error: { code, message } }, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

/**
 * The body, read as a stream and abandoned as soon as it passes `maxBytes` (null then): a declared or an
 * undeclared (chunked) oversized body is never held in memory.
 */
export async function readBoundedBody(req: Request, maxBytes: number): Promise<Buffer | null> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    await req.body?.cancel().catch(() => undefined);
    return null;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}

/**
 * False when the request names an Origin other than its own host: a page on another site posting here.
 * Browsers send Origin on every cross-site POST (https://fetch.spec.whatwg.org/#origin-header); a request
 * without one (curl, a same-origin GET) is not a browser acting for another site.
 */
export function isSameOrigin(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (origin === null) return true;
  if (origin === "null") return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const own = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? new URL(req.url).host;
  return host === own;
}

/** What a server action may carry (next.config.mjs sets Next's own limits to the same). */
export const MAX_ACTION_BODY_BYTES = 64 * 1024;

/**
 * Whether a server action's body is in the shape React's client sends (encodeReply): the arguments as a JSON
 * array, either the whole text/plain body or, when an argument is FormData, the multipart field "0" beside it.
 * Next hands anything else to the decoder, which throws and becomes a 500.
 */
async function isActionReply(req: Request, type: string): Promise<boolean> {
  const isArray = (text: unknown) => {
    if (typeof text !== "string") return false;
    try {
      return Array.isArray(JSON.parse(text));
    } catch {
      return false;
    }
  };
  if (/^text\/plain\b/i.test(type)) return isArray(await req.clone().text());
  try {
    return isArray((await req.clone().formData()).get("0"));
  } catch {
    return false;
  }
}

/**
 * For a POST to a page: 403 from another site, 413 over the size limit; for a server action (Next-Action
 * header) also 415 for a content type React never sends and 400 for a body that is not an argument list.
 * Null when Next may have it. Next itself answers all of these with a 500.
 */
export async function refusePagePost(req: Request): Promise<Response | null> {
  const locale = requestLocale(req);
  if (!isSameOrigin(req)) return problem(403, "crossSite", locale);
  if (Number(req.headers.get("content-length") ?? "0") > MAX_ACTION_BODY_BYTES) return problem(413, "tooLarge", locale, { limit: "64 KiB" });
  if (!req.headers.has("next-action")) return null;
  const type = req.headers.get("content-type") ?? "";
  if (!/^(text\/plain|multipart\/form-data)\b/i.test(type)) return problem(415, "unsupportedType", locale);
  return (await isActionReply(req, type)) ? null : problem(400, "badRequest", locale);
}

/** The FormData a form action was called with; an empty one for anything else (a forged call), so its validation reports the fields. */
export function formDataOf(value: unknown): FormData {
  return value instanceof FormData ? value : new FormData();
}
