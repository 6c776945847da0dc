// A thin fetch client for the exercise endpoints (lib/exercise/API.md).
import type { AttemptView, ClusterView, CommandResult, FlowStep, GradeView, SaveFileResult, Transcript } from "./types";

/** A failed request, carrying the server's localized message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init?.method ?? "GET",
      headers: init?.body !== undefined ? { "content-type": "application/json" } : undefined,
      body: init?.body !== undefined ? JSON.stringify(init.body) : undefined,
      cache: "no-store",
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "network", "");
  }
  const data = (await res.json().catch(() => null)) as (T & { error?: { code: string; message: string } }) | null;
  if (!res.ok || data === null) {
    throw new ApiError(res.status, data?.error?.code ?? "http", data?.error?.message ?? "");
  }
  return data;
}

const attempt = (id: string) => `/api/attempts/${encodeURIComponent(id)}`;

// One start at a time on a page: an anonymous visitor's first start sets the session cookie, and two exercises of a
// lesson starting together would each get a session of their own, the second cookie replacing the first (whose
// attempt then answers 404).
let starting: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(start: () => Promise<T>): Promise<T> {
  const p = starting.then(start, start);
  starting = p.catch(() => undefined);
  return p;
}

/**
 * The exercise API for one page locale. The locale goes in every query string as well as every body: an
 * error found before the body is read (a body over the size limit, an unknown attempt) still comes back
 * in the page's language.
 */
export function createApi(locale: string) {
  const q = `locale=${encodeURIComponent(locale)}`;
  const exercise = (id: string) => `/api/exercises/${encodeURIComponent(id)}/attempts`;
  return {
    createAttempt: (exerciseId: string, sameParameters = false) =>
      oneAtATime(() => call<AttemptView>(`${exercise(exerciseId)}?${q}`, { method: "POST", body: { locale, sameParameters } })),
    /** The caller's most recent attempt at the exercise (404 if none). */
    latestAttempt: (exerciseId: string) => call<AttemptView>(`${exercise(exerciseId)}/latest?${q}`),
    getAttempt: (id: string) => call<AttemptView>(`${attempt(id)}?${q}`),
    /** The attempt's terminal scrollback, replayed on the server. */
    transcript: (id: string) => call<Transcript>(`${attempt(id)}/transcript?${q}`),
    run: (id: string, line: string) => call<CommandResult>(`${attempt(id)}/commands?${q}`, { method: "POST", body: { line, locale } }),
    saveFile: (id: string, path: string, content: string) => call<SaveFileResult>(`${attempt(id)}/files?${q}`, { method: "POST", body: { path, content, locale } }),
    advance: (id: string, body: { seconds: number } | { untilIdle: true }) =>
      call<{ view: ClusterView; trace: FlowStep[] }>(`${attempt(id)}/advance?${q}`, { method: "POST", body: { ...body, locale } }),
    grade: (id: string) => call<GradeView>(`${attempt(id)}/grade?${q}`, { method: "POST", body: { locale } }),
    revealHint: (id: string) => call<{ hints: string[] }>(`${attempt(id)}/hints?${q}`, { method: "POST", body: { locale } }),
    solution: (id: string) => call<{ commands: string[] }>(`${attempt(id)}/solution?${q}`),
    complete: (id: string, line: string) => call<{ candidates: string[] }>(`${attempt(id)}/complete?line=${encodeURIComponent(line)}&${q}`),
  };
}

export type ExerciseApi = ReturnType<typeof createApi>;
