import "server-only";
// HTTP side of exercise attempts (contract: lib/exercise/API.md). Route files only resolve the
// signed-in user and call these; tests call them with crafted Requests and a stub user resolver.
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { clientAddress } from "#lib/auth/client-address";
import { createRateLimiter, type RateLimiter } from "#lib/auth/rate-limit";
import { sharedCounterStore, startSharedStateSweeps } from "#lib/data/shared-state";
import { anonymousAttemptStore, moveAnonymousAttempts } from "#lib/data/anon-attempts";
import { attemptStoreForUser } from "#lib/data/exercises";
import { recordGradeEvidence } from "#lib/data/quiz";
import { BUSY_RETRY_AFTER_S, isDatabaseBusy } from "#lib/db-busy";
import { serverEnv } from "#lib/env";
import { isSameOrigin, readBoundedBody } from "#lib/http/guard";
import en from "#lib/i18n/messages/en.json";
import ko from "#lib/i18n/messages/ko.json";
import {
  applyEntry, attemptTranscript, attemptView, completeLine, ExerciseError, gradeAttempt, newAttemptView, revealHint, revealSolution,
  logCaps, simulationBudgetMs, SOLUTION_AFTER_FAILED_GRADES, startAttempt, type CommandResult, type Locale,
} from "#lib/exercise/service";
import type { LogEntry } from "#lib/exercise/session";
import { newId, type AttemptStore } from "#lib/exercise/store";
import { MAX_COMMAND_LINE_BYTES } from "#lib/kubectl/shell/limits";

export type CurrentUser = () => Promise<{ id: string } | null>;
type Ctx<P> = { params: Promise<P> };

/** The command-line limit the terminal and the shell share (lib/kubectl/shell/limits.ts). */
export const MAX_LINE_BYTES = MAX_COMMAND_LINE_BYTES;
const LINE_LIMIT = `${MAX_LINE_BYTES / 1024} KiB`;
export const MAX_FILE_BYTES = 256 * 1024;
const MAX_PATH = 512;
const ANON_COOKIE = "kc_ex_anon";
const ANON_MAX_AGE_S = 7 * 24 * 3600;

const WINDOW_MS = 10_000;
const rateLimit = () => Number(process.env.EXERCISE_RATE_LIMIT) || 100;
type Limiters = { action: RateLimiter; start: RateLimiter; anonStart: RateLimiter };
// Counted in the database (lib/data/shared-state.ts), so a limit holds across every server; one set of limiter
// objects per process (even if each route bundles this module).
const gl = globalThis as unknown as { __kubeclassExerciseLimiters?: Limiters };
const limiters = (gl.__kubeclassExerciseLimiters ??= {
  action: createRateLimiter({ name: "exercise", limit: rateLimit(), windowMs: WINDOW_MS }, sharedCounterStore()),
  start: createRateLimiter({ name: "exercise-start", limit: Math.max(10, Math.ceil(rateLimit() / 5)), windowMs: WINDOW_MS }, sharedCounterStore()),
  // Anonymous visitors can mint new cookie sessions at will, so their starts are also limited per address.
  anonStart: createRateLimiter({ name: "exercise-anon-start", limit: Math.max(30, Math.ceil(rateLimit() / 2)), windowMs: WINDOW_MS }, sharedCounterStore()),
});
const actionLimiter = limiters.action;
const startLimiter = limiters.start;
const anonStartLimiter = limiters.anonStart;

type MessageKey = keyof typeof en.exerciseApi;
function msg(locale: Locale, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text: string = (locale === "en" ? en : ko).exerciseApi[key];
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

const NO_STORE = { "Cache-Control": "no-store" };

/** A JSON response that is never cached. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}
/** `{ error: { code, message } }` with a status. */
export function fail(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return json({ error: { code, message } }, status, headers);
}

function cookies(req: Request): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
  }
  return out;
}

/** Locale from the body's `locale`, else the `locale` query parameter, else the NEXT_LOCALE cookie (ko default). */
export function localeOf(req: Request, bodyLocale?: unknown): Locale {
  if (bodyLocale === "en" || bodyLocale === "ko") return bodyLocale;
  const q = new URL(req.url).searchParams.get("locale");
  if (q === "en" || q === "ko") return q;
  return cookies(req).get("NEXT_LOCALE") === "en" ? "en" : "ko";
}

// --- anonymous visitors: a signed, httpOnly cookie naming their session (attempts in the DB: lib/data/anon-attempts.ts) -----------------
function sign(payload: string): string {
  return createHmac("sha256", serverEnv().NEXTAUTH_SECRET).update(`exercise-anon:${payload}`).digest("base64url");
}

/** The anonymous session id in a valid signed cookie, or null. */
export function readAnonCookie(value: string | undefined): string | null {
  if (!value) return null;
  const [payload, sig] = value.split(".");
  if (!payload || !sig) return null;
  const want = Buffer.from(sign(payload));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  try {
    const p = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { sid?: unknown; exp?: unknown };
    if (typeof p.sid !== "string" || typeof p.exp !== "number" || p.exp < Date.now() / 1000) return null;
    return p.sid;
  } catch {
    return null;
  }
}

/** A signed cookie value for an anonymous session id. */
export function makeAnonCookie(sid: string): string {
  const payload = Buffer.from(JSON.stringify({ sid, exp: Math.floor(Date.now() / 1000) + ANON_MAX_AGE_S })).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

/** Set-Cookie for the anonymous session: a new session's signed id, or (sid null) clearing it. */
function anonCookieHeader(req: Request, sid: string | null): string {
  const secure = new URL(req.url).protocol === "https:" ? "; Secure" : "";
  const value = sid ? makeAnonCookie(sid) : "";
  return `${ANON_COOKIE}=${value}; Path=/api; HttpOnly; SameSite=Lax; Max-Age=${sid ? ANON_MAX_AGE_S : 0}${secure}`;
}

type Actor = { store: AttemptStore; key: string; setCookie?: string };

/**
 * Who is asking: a signed-in user (DB store) or an anonymous visitor (their attempts in the DB; created on demand).
 * A signed-in user who still carries an anonymous cookie has just signed in: the attempts made before are
 * saved to the account (same ids, logs, gradings) and the cookie is cleared.
 */
async function actorOf(req: Request, currentUser: CurrentUser, create: boolean): Promise<Actor | null> {
  startSharedStateSweeps(); // expired anonymous visitors and counters are cleared by some server's sweep
  const user = await currentUser();
  const anonCookie = cookies(req).get(ANON_COOKIE);
  const anonSid = readAnonCookie(anonCookie);
  if (user) {
    const actor: Actor = { store: attemptStoreForUser(user), key: `user:${user.id}` };
    if (anonCookie === undefined) return actor;
    // Requests racing in with the same cookie (two exercises on one lesson page), on this server or another, wait
    // for the one move: it is claimed in the database (lib/data/anon-attempts.ts).
    if (anonSid) await moveAnonymousAttempts(user, anonSid);
    return { ...actor, setCookie: anonCookieHeader(req, null) };
  }
  let sid = anonSid;
  let setCookie: string | undefined;
  if (!sid) {
    if (!create) return null;
    sid = newId();
    setCookie = anonCookieHeader(req, sid);
  }
  return { store: anonymousAttemptStore(sid), key: `anon:${sid}`, ...(setCookie ? { setCookie } : {}) };
}

/** The response with the actor's cookie change (a new anonymous session, or clearing one after sign-in). */
function withCookie(res: Response, actor: Actor): Response {
  if (actor.setCookie) res.headers.append("Set-Cookie", actor.setCookie);
  return res;
}

/** Counts a request against `limiter`; a 429 with Retry-After once the key is over its limit. Also used by the exam API. */
export async function limited(limiter: RateLimiter, key: string, locale: Locale): Promise<Response | null> {
  let st;
  try {
    st = await limiter.hit(key); // counted in the database: a locked one answers 503 as any other write would
  } catch (e) {
    if (isDatabaseBusy(e)) return fail(503, "busy", msg(locale, "busy"), { "Retry-After": String(BUSY_RETRY_AFTER_S) });
    throw e;
  }
  if (!st.locked) return null;
  const seconds = Math.max(1, Math.ceil(st.retryAfterMs / 1000));
  return fail(429, "rateLimited", msg(locale, "rateLimited", { seconds }), { "Retry-After": String(seconds) });
}

/** The request body as JSON, bounded in size; a Response on failure (naming `shownLimit`, the limit of the field the learner filled). */
export async function readJson(req: Request, maxBytes: number, locale: Locale, shownLimit = maxBytes): Promise<unknown | Response> {
  // An empty body needs no content type, so a cross-site page could post one without a preflight: the Origin decides.
  if (!isSameOrigin(req)) return fail(403, "crossSite", msg(locale, "crossSite"));
  const raw = await readBoundedBody(req, maxBytes);
  if (raw === null) return fail(413, "tooLarge", msg(locale, "tooLarge", { limit: `${Math.round(shownLimit / 1024)} KiB` }));
  const text = raw.toString("utf8");
  if (!text.trim()) return {};
  // JSON only: a cross-site HTML form cannot send application/json without a CORS preflight.
  if (!/^application\/json\b/i.test(req.headers.get("content-type") ?? "")) return fail(400, "badInput", msg(locale, "badInput"));
  try {
    return JSON.parse(text);
  } catch {
    return fail(400, "badInput", msg(locale, "badInput"));
  }
}

function errorResponse(e: unknown, locale: Locale): Response {
  if (e instanceof ExerciseError) {
    switch (e.code) {
      case "notFound": return fail(404, "notFound", msg(locale, "notFound"));
      case "conflict": return fail(409, "conflict", msg(locale, "conflict"));
      case "timeout": return fail(504, "simulationTimeout", msg(locale, "timeout", { seconds: Math.max(0.1, Math.round(simulationBudgetMs() / 100) / 10) }));
      case "solutionLocked": return fail(403, "solutionLocked", msg(locale, "solutionLocked", { count: SOLUTION_AFTER_FAILED_GRADES }));
      case "badInput": return fail(400, "badInput", msg(locale, "badInput"));
      case "logFull": return fail(413, "logFull", msg(locale, "logFull", { limit: sizeText(logCaps().attemptBytes) }));
      case "dailyLogFull": {
        // until the next UTC midnight, when the day's count starts again
        const seconds = Math.max(1, Math.ceil((86_400_000 - (Date.now() % 86_400_000)) / 1000));
        return fail(429, "dailyLogFull", msg(locale, "dailyLogFull", { limit: sizeText(logCaps().dayBytes), hours: Math.ceil(seconds / 3600) }), { "Retry-After": String(seconds) });
      }
    }
  }
  if (isDatabaseBusy(e)) return fail(503, "busy", msg(locale, "busy"), { "Retry-After": String(BUSY_RETRY_AFTER_S) });
  throw e;
}

/** 4096 KiB -> "4 MiB", 300 KiB -> "300 KiB" */
function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

const ExerciseIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/);
const AttemptIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const LocaleField = z.enum(["ko", "en"]).optional();

const StartBody = z.object({ locale: LocaleField, sameParameters: z.boolean().optional() });
const CommandBody = z.object({ line: z.string(), locale: LocaleField });
const FileBody = z.union([
  z.object({ path: z.string().min(1).max(MAX_PATH), content: z.string(), locale: LocaleField }),
  z.object({ path: z.string().min(1).max(MAX_PATH), discard: z.literal(true), locale: LocaleField }),
]);
const AdvanceBody = z.union([
  z.object({ seconds: z.number().int().min(1).max(600), locale: LocaleField }),
  z.object({ untilIdle: z.literal(true), locale: LocaleField }),
]);
const LocaleBody = z.object({ locale: LocaleField });

type Handler<P> = (req: Request, ctx: Ctx<P>, currentUser: CurrentUser) => Promise<Response>;

/** Shared frame: ids, actor, rate limit, errors. */
function attemptRoute(
  maxBody: number,
  run: (a: { req: Request; actor: Actor; attemptId: string; locale: Locale; body: Record<string, unknown> }) => Promise<Response>,
  opts: { readBody?: boolean; shownLimit?: number } = {},
): Handler<{ attemptId: string }> {
  return async (req, ctx, currentUser) => {
    let locale = localeOf(req);
    const { attemptId } = await ctx.params;
    if (!AttemptIdSchema.safeParse(attemptId).success) return fail(404, "notFound", msg(locale, "notFound"));
    let body: Record<string, unknown> = {};
    if (opts.readBody ?? true) {
      const b = await readJson(req, maxBody, locale, opts.shownLimit);
      if (b instanceof Response) return b;
      if (!b || typeof b !== "object" || Array.isArray(b)) return fail(400, "badInput", msg(locale, "badInput"));
      body = b as Record<string, unknown>;
      locale = localeOf(req, body.locale);
    }
    const actor = await actorOf(req, currentUser, false);
    if (!actor) return fail(404, "notFound", msg(locale, "notFound"));
    const rl = await limited(actionLimiter, actor.key, locale);
    if (rl) return withCookie(rl, actor);
    try {
      return withCookie(await run({ req, actor, attemptId, locale, body }), actor);
    } catch (e) {
      return withCookie(errorResponse(e, locale), actor);
    }
  };
}

/** POST /api/exercises/{exerciseId}/attempts */
export const startAttemptPOST: Handler<{ exerciseId: string }> = async (req, ctx, currentUser) => {
  let locale = localeOf(req);
  const { exerciseId } = await ctx.params;
  if (!ExerciseIdSchema.safeParse(exerciseId).success) return fail(404, "notFound", msg(locale, "notFound"));
  const b = await readJson(req, 4 * 1024, locale);
  if (b instanceof Response) return b;
  const parsed = StartBody.safeParse(b);
  if (!parsed.success) return fail(400, "badInput", msg(locale, "badInput"));
  locale = localeOf(req, parsed.data.locale);
  const actor = await actorOf(req, currentUser, true);
  if (!actor) return fail(404, "notFound", msg(locale, "notFound"));
  const rl = (await limited(startLimiter, actor.key, locale)) ?? (actor.store.anonymous ? await limited(anonStartLimiter, `ip:${clientAddress(req.headers)}`, locale) : null);
  if (rl) return withCookie(rl, actor);
  try {
    const { rec, session } = await startAttempt(actor.store, exerciseId, { sameParameters: parsed.data.sameParameters });
    return withCookie(json(newAttemptView(actor.store, rec, session, locale), 201), actor);
  } catch (e) {
    return withCookie(errorResponse(e, locale), actor);
  }
};

/** GET /api/exercises/{exerciseId}/attempts/latest: the caller's most recent attempt (404 if none). */
export const latestAttemptGET: Handler<{ exerciseId: string }> = async (req, ctx, currentUser) => {
  const locale = localeOf(req);
  const { exerciseId } = await ctx.params;
  if (!ExerciseIdSchema.safeParse(exerciseId).success) return fail(404, "notFound", msg(locale, "notFound"));
  const actor = await actorOf(req, currentUser, false);
  if (!actor) return fail(404, "notFound", msg(locale, "notFound"));
  const rl = await limited(actionLimiter, actor.key, locale);
  if (rl) return withCookie(rl, actor);
  try {
    const latest = await actor.store.latest(exerciseId);
    if (!latest) return withCookie(fail(404, "notFound", msg(locale, "notFound")), actor);
    return withCookie(json(await attemptView(actor.store, latest.id, locale)), actor);
  } catch (e) {
    return withCookie(errorResponse(e, locale), actor);
  }
};

/** GET /api/attempts/{attemptId} */
export const attemptGET = attemptRoute(0, async ({ actor, attemptId, locale }) => json(await attemptView(actor.store, attemptId, locale)), { readBody: false });

function commandResult(r: Awaited<ReturnType<typeof applyEntry>>): CommandResult {
  const { result, session } = r;
  return {
    stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode,
    ...(result.editor ? { editor: result.editor } : {}),
    ...(result.fileErrors ? { fileErrors: result.fileErrors } : {}),
    view: session.view(), trace: result.trace,
    output: result.output, cwd: session.shell.state.cwd, files: session.files(),
  };
}

/** POST /api/attempts/{attemptId}/commands */
// JSON escapes can make a line up to six times longer (\u0001); the line itself is measured after parsing.
export const commandPOST = attemptRoute(MAX_LINE_BYTES * 6 + 1024, async ({ actor, attemptId, locale, body }) => {
  const p = CommandBody.safeParse(body);
  if (!p.success) return fail(400, "badInput", msg(locale, "badInput"));
  if (Buffer.byteLength(p.data.line) > MAX_LINE_BYTES) return fail(413, "tooLarge", msg(locale, "tooLarge", { limit: LINE_LIMIT }));
  const entry: LogEntry = { kind: "run", line: p.data.line };
  return json(commandResult(await applyEntry(actor.store, attemptId, entry)));
}, { shownLimit: MAX_LINE_BYTES });

/** POST /api/attempts/{attemptId}/files */
export const filePOST = attemptRoute(MAX_FILE_BYTES + 8 * 1024, async ({ actor, attemptId, locale, body }) => {
  const p = FileBody.safeParse(body);
  if (!p.success) return fail(400, "badInput", msg(locale, "badInput"));
  const entry: LogEntry = "discard" in p.data ? { kind: "edit", content: null } : { kind: "save", path: p.data.path, content: p.data.content };
  if (entry.kind === "save" && Buffer.byteLength(entry.content) > MAX_FILE_BYTES) return fail(413, "tooLarge", msg(locale, "tooLarge", { limit: "256 KiB" }));
  const r = await applyEntry(actor.store, attemptId, entry);
  // Lines are 1-based in the text the editor showed; output that names no line is about the whole file (line 0).
  const errors = r.result.errors ?? (r.result.exitCode !== 0 && r.result.stderr ? [{ line: 0, message: r.result.stderr.trim() }] : undefined);
  // `saved`: the file was written (vi), or kubectl applied the edit; errors may come with a written file (YAML syntax).
  return json({
    ok: r.result.exitCode === 0 && !errors?.length, saved: r.result.exitCode === 0, ...(errors?.length ? { errors } : {}), view: r.session.view(),
    output: r.result.output, trace: r.result.trace, cwd: r.session.shell.state.cwd, files: r.session.files(),
  });
}, { shownLimit: MAX_FILE_BYTES });

/** POST /api/attempts/{attemptId}/advance */
export const advancePOST = attemptRoute(1024, async ({ actor, attemptId, locale, body }) => {
  const p = AdvanceBody.safeParse(body);
  if (!p.success) return fail(400, "badInput", msg(locale, "badInput"));
  const entry: LogEntry = "seconds" in p.data ? { kind: "advance", seconds: p.data.seconds } : { kind: "idle" };
  const r = await applyEntry(actor.store, attemptId, entry);
  return json({ view: r.session.view(), trace: r.result.trace });
});

/** POST /api/attempts/{attemptId}/grade */
export const gradePOST = attemptRoute(1024, async ({ actor, attemptId, locale, body }) => {
  const p = LocaleBody.safeParse(body);
  if (!p.success) return fail(400, "badInput", msg(locale, "badInput"));
  const view = await gradeAttempt(actor.store, attemptId, locale);
  // Failed checks become review cards (lib/data/quiz.ts); a hiccup there must not cost the learner the grade.
  if (actor.key.startsWith("user:")) await recordGradeEvidence({ id: actor.key.slice(5) }, attemptId, view.checks).catch(() => undefined);
  return json(view);
});

/** POST /api/attempts/{attemptId}/hints */
export const hintPOST = attemptRoute(1024, async ({ actor, attemptId, locale, body }) => {
  const p = LocaleBody.safeParse(body);
  if (!p.success) return fail(400, "badInput", msg(locale, "badInput"));
  return json({ hints: await revealHint(actor.store, attemptId, locale) });
});

/** GET /api/attempts/{attemptId}/solution */
export const solutionGET = attemptRoute(0, async ({ actor, attemptId }) => json({ commands: await revealSolution(actor.store, attemptId) }), { readBody: false });

/** GET /api/attempts/{attemptId}/complete?line=... */
export const completeGET = attemptRoute(0, async ({ req, actor, attemptId, locale }) => {
  const line = new URL(req.url).searchParams.get("line") ?? "";
  if (Buffer.byteLength(line) > MAX_LINE_BYTES) return fail(413, "tooLarge", msg(locale, "tooLarge", { limit: LINE_LIMIT }));
  return json({ candidates: await completeLine(actor.store, attemptId, line) });
}, { readBody: false });

/** GET /api/attempts/{attemptId}/transcript: the terminal's scrollback, regenerated by replay (the last 64 KiB). */
export const transcriptGET = attemptRoute(0, async ({ actor, attemptId }) => json(await attemptTranscript(actor.store, attemptId)), { readBody: false });
