// Two app servers on one database (issue 17): nothing a learner's next request needs lives in one server's memory.
// Runs against the e2e suite's build, with servers of its own (e2e/servers.ts); the suite's own server is not used.
import { test, expect, request, type APIRequestContext } from "@playwright/test";
import { killHard, sharedDatabase, startServer, type Server } from "./servers";

const EX = "expose-nodeport";
/** per actor per 10 s on the two servers: low enough to reach in a test, high enough for the learner's runs */
const RATE_LIMIT = 60;
const env = { EXERCISE_RATE_LIMIT: String(RATE_LIMIT), EXAM_RATE_LIMIT: "1000", EXERCISE_WORKERS: "1" };

let db: Awaited<ReturnType<typeof sharedDatabase>>;
let a: Server;
let b: Server;

test.describe.configure({ mode: "serial", timeout: 300_000 });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  db = await sharedDatabase();
  [a, b] = await Promise.all([startServer(db.url, env), startServer(db.url, env)]);
});

test.afterAll(async () => {
  for (const s of [a, b]) if (s) await killHard(s);
  await db?.cleanup();
});

type Command = { output: string; exitCode: number };
async function ok<T>(res: Awaited<ReturnType<APIRequestContext["get"]>>): Promise<T> {
  expect(res.status(), `${res.url()}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

/** One learner's session over `pick(i)` servers: commands, three failed gradings, the solution, a passing grading. */
async function exercise(api: APIRequestContext, pick: (i: number) => Server) {
  let i = 0;
  const next = () => pick(i++).url;
  const started = await ok<{ attemptId: string }>(await api.post(`${next()}/api/exercises/${EX}/attempts`, { data: { locale: "en" } }));
  const id = started.attemptId;
  const run = async (line: string) => {
    const r = await ok<Command>(await api.post(`${next()}/api/attempts/${id}/commands`, { data: { line, locale: "en" } }));
    return { line, output: r.output, exitCode: r.exitCode };
  };
  const grade = async () => {
    const g = await ok<{ score: number; passed: boolean; checks: { id: string; passed: boolean; explanation?: string }[] }>(await api.post(`${next()}/api/attempts/${id}/grade`, { data: { locale: "en" } }));
    return { score: g.score, passed: g.passed, checks: g.checks.map((c) => [c.id, c.passed, c.explanation ?? ""]) };
  };
  const outputs = [];
  for (const line of ["kubectl get nodes", "kubectl get ns", "mkdir -p work && cd work && echo hello > a.txt && cat a.txt", "pwd", "kubectl get pods -A -o wide | head -4"]) outputs.push(await run(line));
  const grades = [await grade(), await grade(), await grade()];
  const solution = (await ok<{ commands: string[] }>(await api.get(`${next()}/api/attempts/${id}/solution?locale=en`))).commands;
  for (const line of solution) outputs.push(await run(line));
  outputs.push(await run("kubectl get deploy,svc -A"));
  grades.push(await grade());
  return { id, outputs, grades };
}

// A command's output depends on the learner's think time before it (recorded in the log as thinkMs, measured in
// wall time), so two live runs of the same commands differ; what must hold is that the answers the two servers
// gave in turn are exactly what one server prints replaying the recorded log from the start, and that both see
// and grade the same state.
test("one learner's commands sent alternately to two servers: what they answered is what one server replaying the log prints; both grade alike", async () => {
  const api = await request.newContext(); // an anonymous visitor: their attempts are in the database too
  const live = await exercise(api, (i) => (i % 2 ? a : b));
  expect(live.grades.slice(0, 3).every((g) => !g.passed)).toBe(true);
  expect(live.grades.at(-1)!.passed).toBe(true);
  for (const s of [a, b]) {
    const t = await ok<{ entries: { line?: string; output: string; exitCode: number }[]; omitted: number; complete: boolean }>(await api.get(`${s.url}/api/attempts/${live.id}/transcript?locale=en`));
    expect(t).toMatchObject({ omitted: 0, complete: true });
    expect(t.entries.map((e) => ({ line: e.line, output: e.output, exitCode: e.exitCode }))).toEqual(live.outputs);
  }
  const grade = async (s: Server) => ok<unknown>(await api.post(`${s.url}/api/attempts/${live.id}/grade`, { data: { locale: "en" } }));
  const view = async (s: Server) => ok<{ history: unknown[]; view: unknown; grades: unknown[] }>(await api.get(`${s.url}/api/attempts/${live.id}?locale=en`));
  const [ga, gb] = [await grade(a), await grade(b)];
  expect({ ...(gb as object), at: null }).toEqual({ ...(ga as object), at: null });
  const [va, vb] = [await view(a), await view(b)];
  expect(vb.history).toEqual(va.history);
  expect(vb.view).toEqual(va.view);
  expect(va.grades).toHaveLength(6);
  await api.dispose();
});

test("a rate limit holds across both servers", async () => {
  const api = await request.newContext();
  const { attemptId } = await ok<{ attemptId: string }>(await api.post(`${a.url}/api/exercises/${EX}/attempts`, { data: { locale: "en" } }));
  // Start at the beginning of a 10 s window, so the burst is counted in one window (no weight from another).
  await expect.poll(() => Date.now() % 10_000, { timeout: 11_000, intervals: [50] }).toBeLessThan(1_000);
  const statuses = await Promise.all(Array.from({ length: RATE_LIMIT + 20 }, (_, i) => api.get(`${(i % 2 ? b : a).url}/api/attempts/${attemptId}/complete?line=kubectl%20g&locale=en`).then((r) => [i % 2, r.status()] as const)));
  // one server alone would have let each of its 40 through
  expect(statuses.filter(([, s]) => s === 200)).toHaveLength(RATE_LIMIT);
  expect(statuses.filter(([, s]) => s === 429).length).toBe(20);
  expect(new Set(statuses.filter(([, s]) => s === 429).map(([server]) => server)).size).toBe(2);
  await api.dispose();
});

async function signIn(api: APIRequestContext, s: Server, email: string, password: string) {
  const { csrfToken } = await ok<{ csrfToken: string }>(await api.get(`${s.url}/api/auth/csrf`));
  const res = await api.post(`${s.url}/api/auth/callback/credentials`, { form: { csrfToken, email, password, callbackUrl: `${s.url}/en`, json: "true" }, maxRedirects: 0 });
  expect(res.status(), await res.text()).toBeLessThan(400);
  const session = await ok<{ user?: { email: string } }>(await api.get(`${s.url}/api/auth/session`));
  expect(session.user?.email).toBe(email);
}

type ExamView = { id: string; deadline: string; history: { line: string; exitCode: number; context: string }[]; tasks: unknown[] };

test("an exam goes on after its server is killed (kill -9): nothing acknowledged is lost, deadline and result unchanged", async () => {
  const api = await request.newContext();
  await signIn(api, a, "learner@kubeclass.local", "kubeclass");
  // a named exam: a random one may open in the context of a task whose API server is broken on purpose
  // (cp-apiserver-missing-cert), where the namespace below could not be created
  const started = await ok<ExamView>(await api.post(`${a.url}/api/exams`, { data: { mode: "timed", namedId: "named-a", locale: "en" } }));
  const id = started.id;
  const acked: string[] = [];
  const command = async (s: Server, line: string, task: number) => {
    const r = await api.post(`${s.url}/api/exams/${id}/commands`, { data: { line, task, locale: "en" } });
    if (r.status() === 200) acked.push(line);
    return r.status();
  };
  for (const [k, line] of ["kubectl config get-contexts", "kubectl get nodes", "echo first > notes.txt", "kubectl create namespace two-servers"].entries()) expect(await command(a, line, k % 2)).toBe(200);
  // one more sent, and the server killed while it may still be running it: acknowledged or not, never half
  const inflight = command(a, "kubectl get ns", 1).catch(() => 0);
  await killHard(a);
  await inflight;

  const resumed = await ok<ExamView>(await api.get(`${b.url}/api/exams/${id}?locale=en`));
  expect(resumed.deadline).toBe(started.deadline);
  const lines = resumed.history.map((h) => h.line);
  // every acknowledged command is in the log, in order (the killed one may be there without its answer)
  expect(lines.slice(0, acked.length)).toEqual(acked);
  expect(lines.length - acked.length).toBeLessThanOrEqual(1);
  // the cluster on the other server is the one those commands built
  expect((await ok<{ output: string }>(await api.post(`${b.url}/api/exams/${id}/commands`, { data: { line: "cat notes.txt; kubectl get ns two-servers -o name", task: 0, locale: "en" } }))).output).toContain("first\nnamespace/two-servers");
  await ok(await api.post(`${b.url}/api/exams/${id}/submit`, { data: { locale: "en" } }));
  const result = await ok<{ summary: unknown; tasks: { commands: { line: string }[] }[] }>(await api.get(`${b.url}/api/exams/${id}/result?locale=en`));
  expect(result.tasks.flatMap((t) => t.commands.map((c) => c.line))).toEqual(expect.arrayContaining([...acked, "cat notes.txt; kubectl get ns two-servers -o name"]));

  // A fresh server (the killed one back on its port) reads the same deadline and the same result from the database.
  a = await startServer(db.url, env, a.port);
  expect((await ok<ExamView>(await api.get(`${a.url}/api/exams/${id}?locale=en`))).deadline).toBe(started.deadline);
  expect(await ok(await api.get(`${a.url}/api/exams/${id}/result?locale=en`))).toEqual(result);
  await api.dispose();
});
