import "server-only";
// HTTP side of quiz items: a new variant of an item, and an answer to a variant. Route files resolve the
// signed-in user and call these; tests call them with crafted Requests and a stub user resolver.
import { z } from "zod";
import type { Role } from "#lib/auth/roles";
import { clientAddress } from "#lib/auth/client-address";
import { createRateLimiter, type RateLimiter } from "#lib/auth/rate-limit";
import { sharedCounterStore } from "#lib/data/shared-state";
import { answerQuiz, QuizError } from "#lib/data/quiz";
import { BUSY_RETRY_AFTER_S, isDatabaseBusy } from "#lib/db-busy";
import { serverEnv } from "#lib/env";
import { isSameOrigin, readBoundedBody } from "#lib/http/guard";
import en from "#lib/i18n/messages/en.json";
import ko from "#lib/i18n/messages/ko.json";
import { MAX_COMMAND_ANSWER } from "#lib/quiz/command";
import { quizBank } from "#lib/quiz/loader";
import { presentationToken, readPresentation } from "#lib/quiz/token";
import { renderItem, type ItemView } from "#lib/quiz/variant";

export type QuizUser = { id: string; role: Role } | null;
export type CurrentQuizUser = () => Promise<QuizUser>;
type Locale = "ko" | "en";

const MAX_BODY = MAX_COMMAND_ANSWER + 2048;
const WINDOW_MS = 60_000;
/** Answers (and new variants) per user or address per minute: far above a person, far below a script. */
export const QUIZ_RATE_LIMIT = Number(process.env.QUIZ_RATE_LIMIT) || 120;
const g = globalThis as unknown as { __kubeclassQuizLimiter?: RateLimiter };
// counted in the database, so the limit holds across every server
const limiter = (g.__kubeclassQuizLimiter ??= createRateLimiter({ name: "quiz", limit: QUIZ_RATE_LIMIT, windowMs: WINDOW_MS }, sharedCounterStore()));

type Key = keyof typeof en.quizApi;
const msg = (locale: Locale, key: Key) => (locale === "en" ? en : ko).quizApi[key];
const NO_STORE = { "Cache-Control": "no-store" };
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
const fail = (status: number, code: Key, locale: Locale, field?: string, headers: Record<string, string> = {}) =>
  json({ error: { code, message: msg(locale, code), ...(field ? { field } : {}) } }, status, headers);

const Id = z.string().max(16);
export const ResponseSchema = z.union([
  z.strictObject({ choices: z.array(Id).max(10) }),
  z.strictObject({ order: z.array(Id).max(10) }),
  z.strictObject({ matches: z.record(Id, Id).refine((m) => Object.keys(m).length <= 10) }),
  z.strictObject({ text: z.string().max(MAX_COMMAND_ANSWER) }),
  z.strictObject({ number: z.number().finite() }),
]);
const AnswerBody = z.strictObject({ token: z.string().max(600), response: ResponseSchema, locale: z.enum(["ko", "en"]) });
const VariantBody = z.strictObject({ itemId: z.string().max(64), locale: z.enum(["ko", "en"]) });

export type Presented = { token: string; view: ItemView };

/** A variant of an item for a user (or anonymous ""), signed so the answer can be graded without trusting the browser. */
export function presentItem(userId: string, itemId: string, seed: number, locale: Locale, context: "lesson" | "practice" | "review", attemptId?: string): Presented | null {
  const item = quizBank().byId.get(itemId)?.item;
  if (!item) return null;
  return { token: presentationToken(serverEnv().NEXTAUTH_SECRET, { i: itemId, s: seed, c: context, u: userId, ...(attemptId ? { a: attemptId } : {}) }), view: renderItem(item, seed, locale) };
}

async function readJson(req: Request, locale: Locale): Promise<{ ok: true; body: unknown } | { ok: false; res: Response }> {
  if (!isSameOrigin(req)) return { ok: false, res: fail(403, "crossSite", locale) };
  if (!(req.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) return { ok: false, res: fail(415, "badInput", locale) };
  const raw = await readBoundedBody(req, MAX_BODY);
  if (!raw) return { ok: false, res: fail(413, "tooLarge", locale) };
  try {
    return { ok: true, body: JSON.parse(raw.toString("utf8")) };
  } catch {
    return { ok: false, res: fail(400, "badInput", locale) };
  }
}

const localeOf = (req: Request, body?: unknown): Locale => {
  const b = (body as { locale?: unknown } | null)?.locale;
  if (b === "en" || b === "ko") return b;
  return new URL(req.url).searchParams.get("locale") === "en" ? "en" : "ko";
};

async function limited(req: Request, user: QuizUser, locale: Locale): Promise<Response | null> {
  const key = user ? `u:${user.id}` : `a:${clientAddress(req.headers)}`;
  let st;
  try {
    st = await limiter.hit(key); // every request counts against the window
  } catch (e) {
    if (isDatabaseBusy(e)) return fail(503, "busy", locale, undefined, { "Retry-After": String(BUSY_RETRY_AFTER_S) });
    throw e;
  }
  if (st.locked) return fail(429, "rateLimited", locale, undefined, { "Retry-After": String(Math.max(1, Math.ceil(st.retryAfterMs / 1000))) });
  return null;
}

/** POST /api/quiz/variants `{ itemId, locale }`: a fresh variant (new seed) of an item, for "try another". */
export async function variantPOST(req: Request, currentUser: CurrentQuizUser): Promise<Response> {
  const r = await readJson(req, localeOf(req));
  if (!r.ok) return r.res;
  const locale = localeOf(req, r.body);
  const p = VariantBody.safeParse(r.body);
  if (!p.success) return fail(400, "badInput", locale);
  const user = await currentUser();
  const stop = await limited(req, user, locale);
  if (stop) return stop;
  const seed = (crypto.getRandomValues(new Uint32Array(1))[0] >>> 1) || 1;
  const presented = presentItem(user?.id ?? "", p.data.itemId, seed, locale, "lesson");
  if (!presented) return fail(404, "notFound", locale);
  return json(presented);
}

/** POST /api/quiz/answers `{ token, response, locale }`: the verdict, the explanation and per-option reasons. */
export async function answerPOST(req: Request, currentUser: CurrentQuizUser): Promise<Response> {
  const r = await readJson(req, localeOf(req));
  if (!r.ok) return r.res;
  const locale = localeOf(req, r.body);
  const p = AnswerBody.safeParse(r.body);
  if (!p.success) {
    const field = p.error.issues[0]?.path[0] === "response" ? "response" : undefined;
    return fail(400, field ? "badAnswer" : "badInput", locale, field);
  }
  const user = await currentUser();
  const presentation = readPresentation(serverEnv().NEXTAUTH_SECRET, p.data.token, user?.id ?? "");
  if (!presentation) return fail(400, "staleToken", locale);
  const stop = await limited(req, user, locale);
  if (stop) return stop;
  try {
    const { feedback, duplicate } = await answerQuiz(user, presentation, p.data.response, locale);
    return json({ ...feedback, duplicate, saved: Boolean(user) });
  } catch (e) {
    if (e instanceof QuizError) {
      if (e.code === "notFound") return fail(404, "notFound", locale);
      if (e.code === "timeout") return fail(504, "timeout", locale);
      return fail(400, "badAnswer", locale, "response");
    }
    if (isDatabaseBusy(e)) return fail(503, "busy", locale, undefined, { "Retry-After": String(BUSY_RETRY_AFTER_S) });
    throw e;
  }
}
