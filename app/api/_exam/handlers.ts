import "server-only";
// HTTP side of mock exams (lib/exam/service.ts). Signed-in learners only. Route files resolve the user and call
// these; tests call them with crafted Requests and a stub user resolver. No response carries a check, a hint or
// a solution of a timed exam before it is graded.
import { z } from "zod";
import { createRateLimiter } from "#lib/auth/rate-limit";
import { inBackground } from "#lib/background";
import { sharedCounterStore } from "#lib/data/shared-state";
import { listOverdueExams, examStoreFor } from "#lib/data/exams";
import { BUSY_RETRY_AFTER_S, isDatabaseBusy } from "#lib/db-busy";
import { simulationBudgetMs } from "#lib/exercise/service";
import { fail, json, limited, localeOf, readJson } from "#app/api/_exercise/handlers";
import en from "#lib/i18n/messages/en.json";
import ko from "#lib/i18n/messages/ko.json";
import { MAX_COMMAND_LINE_BYTES } from "#lib/kubectl/shell/limits";
import {
  applyExamEntry, completeExamLine, ExamError, maxExamEntries, examResult, examTranscript, examView, newExamView, practiceCheck, practiceHints, startExam, submitExam, sweepOverdue,
  updateExamMeta,
  type Locale,
} from "#lib/exam/service";

export type CurrentUser = () => Promise<{ id: string } | null>;
type Ctx<P> = { params: Promise<P> };
type Handler<P> = (req: Request, ctx: Ctx<P>, currentUser: CurrentUser, now?: () => Date) => Promise<Response>;

const MAX_FILE_BYTES = 256 * 1024;
const MAX_NOTES = 20_000;
const WINDOW_MS = 10_000;
const rateLimit = () => Number(process.env.EXAM_RATE_LIMIT) || Number(process.env.EXERCISE_RATE_LIMIT) || 100;
const gl = globalThis as unknown as { __kubeclassExamLimiters?: { action: ReturnType<typeof createRateLimiter>; start: ReturnType<typeof createRateLimiter> }; __kubeclassExamSweep?: number };
const limiters = (gl.__kubeclassExamLimiters ??= {
  // counted in the database, so the limits hold across every server
  action: createRateLimiter({ name: "exam", limit: rateLimit(), windowMs: WINDOW_MS }, sharedCounterStore()),
  start: createRateLimiter({ name: "exam-start", limit: 5, windowMs: WINDOW_MS }, sharedCounterStore()),
});

type MessageKey = keyof typeof en.examApi;
function msg(locale: Locale, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text: string = (locale === "en" ? en : ko).examApi[key];
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}
/** A JSON object body (same-origin, bounded, application/json), or the error Response. */
async function readObject(req: Request, maxBytes: number, locale: Locale): Promise<Record<string, unknown> | Response> {
  const v = await readJson(req, maxBytes, locale);
  if (v instanceof Response) return v;
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(400, "badInput", msg(locale, "badInput"));
}

function errorResponse(e: unknown, locale: Locale): Response {
  if (e instanceof ExamError) {
    switch (e.code) {
      case "notFound": return fail(404, "notFound", msg(locale, "notFound"));
      case "examOver": return fail(409, "examOver", msg(locale, "examOver"));
      case "notOver": return fail(409, "notOver", msg(locale, "notOver"));
      case "notPractice": return fail(403, "notPractice", msg(locale, "notPractice"));
      case "conflict": return fail(409, "conflict", msg(locale, "conflict"));
      case "timeout": return fail(504, "simulationTimeout", msg(locale, "timeout", { seconds: Math.max(0.1, Math.round(simulationBudgetMs() / 100) / 10) }));
      case "badInput": return fail(400, "badInput", msg(locale, "badInput"));
      case "poolTooSmall": return fail(503, "poolTooSmall", msg(locale, "poolTooSmall"));
      case "logFull": return fail(413, "logFull", msg(locale, "logFull", { count: maxExamEntries() }));
    }
  }
  if (isDatabaseBusy(e)) return fail(503, "busy", msg(locale, "busy"), { "Retry-After": String(BUSY_RETRY_AFTER_S) });
  throw e;
}

const ExamIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const LocaleField = z.enum(["ko", "en"]).optional();
const TaskField = z.number().int().min(0).max(30);
const StartBody = z.object({ locale: LocaleField, mode: z.enum(["timed", "practice"]), namedId: z.string().max(64).optional(), count: z.number().int().optional() });
const CommandBody = z.object({ line: z.string(), task: TaskField, locale: LocaleField });
const FileBody = z.union([
  z.object({ path: z.string().min(1).max(512), content: z.string(), task: TaskField, locale: LocaleField }),
  z.object({ path: z.string().min(1).max(512), discard: z.literal(true), task: TaskField, locale: LocaleField }),
]);
const MetaBody = z.object({ flags: z.array(z.string().max(64)).max(30).optional(), notes: z.string().max(MAX_NOTES).optional(), locale: LocaleField });
const TaskBody = z.object({ task: TaskField, locale: LocaleField });
const LocaleBody = z.object({ locale: LocaleField });

const SWEEP_EVERY_MS = 60_000;
/** Grades overdue exams of every learner at most once a minute, on the back of any exam request (no timers). */
function maybeSweep(now: Date) {
  if ((gl.__kubeclassExamSweep ?? 0) > now.getTime() - SWEEP_EVERY_MS) return;
  gl.__kubeclassExamSweep = now.getTime();
  inBackground(() => listOverdueExams(now).then((o) => sweepOverdue(o, now)));
}

/** Shared frame: id, signed-in owner, body, rate limit, errors. */
function examRoute<B extends z.ZodTypeAny>(
  schema: B | null,
  maxBody: number,
  run: (a: { req: Request; user: { id: string }; examId: string; locale: Locale; body: z.infer<B>; now: () => Date }) => Promise<Response>,
): Handler<{ examId: string }> {
  return async (req, ctx, currentUser, now = () => new Date()) => {
    let locale = localeOf(req);
    const { examId } = await ctx.params;
    if (!ExamIdSchema.safeParse(examId).success) return fail(404, "notFound", msg(locale, "notFound"));
    let body = {} as z.infer<B>;
    if (schema) {
      const b = await readObject(req, maxBody, locale);
      if (b instanceof Response) return b;
      locale = localeOf(req, b.locale);
      const parsed = schema.safeParse(b);
      if (!parsed.success) return fail(400, "badInput", msg(locale, "badInput"));
      body = parsed.data;
    }
    const user = await currentUser();
    if (!user) return fail(401, "signIn", msg(locale, "signIn"));
    const rl = await limited(limiters.action, user.id, locale);
    if (rl) return rl;
    maybeSweep(now());
    try {
      return await run({ req, user, examId, locale, body, now });
    } catch (e) {
      return errorResponse(e, locale);
    }
  };
}

/** POST /api/exams: start a timed or practice exam (generated, or a named one). */
export const startExamPOST = async (req: Request, currentUser: CurrentUser, now = () => new Date()): Promise<Response> => {
  let locale = localeOf(req);
  const b = await readObject(req, 4 * 1024, locale);
  if (b instanceof Response) return b;
  locale = localeOf(req, b.locale);
  const parsed = StartBody.safeParse(b);
  if (!parsed.success) return fail(400, "badInput", msg(locale, "badInput"));
  const user = await currentUser();
  if (!user) return fail(401, "signIn", msg(locale, "signIn"));
  const rl = await limited(limiters.start, user.id, locale);
  if (rl) return rl;
  try {
    const store = examStoreFor(user);
    const seed = (Math.random() * 2 ** 31) >>> 0 || 1;
    const { rec, readout } = await startExam(store, { mode: parsed.data.mode, seed, now: now(), ...(parsed.data.namedId ? { namedId: parsed.data.namedId } : {}), ...(parsed.data.count ? { count: parsed.data.count } : {}) });
    return json(newExamView(rec, readout, locale, now()), 201);
  } catch (e) {
    return errorResponse(e, locale);
  }
};

/** GET /api/exams/{examId}: the exam page's state (graded first when its time is up). */
export const examGET = examRoute(null, 0, async ({ user, examId, locale, now }) => json(await examView(examStoreFor(user), examId, locale, now())));

/** POST /api/exams/{examId}/commands { line, task }: one shell line in the current context. */
export const examCommandPOST = examRoute(CommandBody, MAX_COMMAND_LINE_BYTES * 2 + 1024, async ({ user, examId, locale, body, now }) => {
  if (Buffer.byteLength(body.line) > MAX_COMMAND_LINE_BYTES) return fail(413, "tooLarge", msg(locale, "tooLarge", { limit: `${MAX_COMMAND_LINE_BYTES / 1024} KiB` }));
  if (!body.line.trim()) return fail(400, "badInput", msg(locale, "badInput"));
  return json(await applyExamEntry(examStoreFor(user), examId, { kind: "run", line: body.line }, body.task, now));
});

/** POST /api/exams/{examId}/files { path, content | discard, task }: the editor saved (or closed a kubectl edit). */
export const examFilePOST = examRoute(FileBody, MAX_FILE_BYTES * 2 + 4096, async ({ user, examId, locale, body, now }) => {
  if ("discard" in body) return json(await applyExamEntry(examStoreFor(user), examId, { kind: "edit", content: null }, body.task, now));
  if (Buffer.byteLength(body.content) > MAX_FILE_BYTES) return fail(413, "tooLarge", msg(locale, "tooLarge", { limit: `${MAX_FILE_BYTES / 1024} KiB` }));
  return json(await applyExamEntry(examStoreFor(user), examId, { kind: "save", path: body.path, content: body.content }, body.task, now));
});

/** POST /api/exams/{examId}/meta { flags?, notes? } */
export const examMetaPOST = examRoute(MetaBody, MAX_NOTES * 6 + 4096, async ({ user, examId, body, now }) => {
  await updateExamMeta(examStoreFor(user), examId, { ...(body.flags ? { flags: body.flags } : {}), ...(body.notes !== undefined ? { notes: body.notes } : {}) }, now());
  return json({ ok: true });
});

/** POST /api/exams/{examId}/submit: hand in; graded at once. */
export const examSubmitPOST = examRoute(LocaleBody, 1024, async ({ user, examId, now }) => {
  const rec = await submitExam(examStoreFor(user), examId, now());
  return json({ ok: true, graded: !!rec.gradedAt });
});

/** GET /api/exams/{examId}/result: after grading only (409 notOver before). */
export const examResultGET = examRoute(null, 0, async ({ user, examId, locale, now }) => json(await examResult(examStoreFor(user), examId, locale, now())));

/** POST /api/exams/{examId}/check { task }: practice mode only. */
export const examCheckPOST = examRoute(TaskBody, 1024, async ({ user, examId, locale, body }) => json(await practiceCheck(examStoreFor(user), examId, body.task, locale)));

/** POST /api/exams/{examId}/hints { task }: practice mode only. */
export const examHintsPOST = examRoute(TaskBody, 1024, async ({ user, examId, locale, body }) => json({ hints: await practiceHints(examStoreFor(user), examId, body.task, locale) }));

/** GET /api/exams/{examId}/transcript: the terminal's scrollback (replayed, the last 64 KiB), each block with its context. */
export const examTranscriptGET = examRoute(null, 0, async ({ user, examId }) => json(await examTranscript(examStoreFor(user), examId)));

/** GET /api/exams/{examId}/complete?line=: Tab completion in the current context. */
export const examCompleteGET = examRoute(null, 0, async ({ req, user, examId }) => {
  const line = (new URL(req.url).searchParams.get("line") ?? "").slice(0, 4096);
  return json({ candidates: await completeExamLine(examStoreFor(user), examId, line) });
});
