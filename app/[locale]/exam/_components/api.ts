// A thin fetch client for the exam endpoints (app/api/_exam/handlers.ts).
import { ApiError } from "#app/_components/workspace/api";
import type { ExamCommandResult, ExamView } from "#lib/exam/service";
import type { ExamTranscript } from "#lib/exam/transcript";

async function call<T>(path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: body === undefined ? "GET" : "POST",
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "network", "");
  }
  const data = (await res.json().catch(() => null)) as (T & { error?: { code: string; message: string } }) | null;
  if (!res.ok || data === null) throw new ApiError(res.status, data?.error?.code ?? "http", data?.error?.message ?? "");
  return data;
}

export type PracticeCheck = { earned: number; points: number; checks: { id: string; title: string; passed: boolean; weight: number; explanation?: string; foundIn?: string }[] };

/** The exam API for one page locale (the locale goes in every query and body, as for exercises). */
export function createExamApi(locale: string) {
  const q = `locale=${encodeURIComponent(locale)}`;
  const exam = (id: string) => `/api/exams/${encodeURIComponent(id)}`;
  return {
    start: (body: { mode: "timed" | "practice"; namedId?: string }) => call<ExamView>(`/api/exams?${q}`, { ...body, locale }),
    get: (id: string) => call<ExamView>(`${exam(id)}?${q}`),
    run: (id: string, line: string, task: number) => call<ExamCommandResult>(`${exam(id)}/commands?${q}`, { line, task, locale }),
    saveFile: (id: string, path: string, content: string, task: number) => call<ExamCommandResult>(`${exam(id)}/files?${q}`, { path, content, task, locale }),
    discardEdit: (id: string, path: string, task: number) => call<ExamCommandResult>(`${exam(id)}/files?${q}`, { path, discard: true, task, locale }),
    meta: (id: string, body: { flags?: string[]; notes?: string }) => call<{ ok: true }>(`${exam(id)}/meta?${q}`, { ...body, locale }),
    submit: (id: string) => call<{ ok: true; graded: boolean }>(`${exam(id)}/submit?${q}`, { locale }),
    check: (id: string, task: number) => call<PracticeCheck>(`${exam(id)}/check?${q}`, { task, locale }),
    hints: (id: string, task: number) => call<{ hints: string[] }>(`${exam(id)}/hints?${q}`, { task, locale }),
    transcript: (id: string) => call<ExamTranscript>(`${exam(id)}/transcript?${q}`),
    complete: (id: string, line: string) => call<{ candidates: string[] }>(`${exam(id)}/complete?line=${encodeURIComponent(line)}&${q}`),
  };
}
