// Shared parts of the HTTP benchmarks (bench-exercise.ts, bench-isolation.ts): a throw-away database with
// signed-up learners, `next start` on it, a cookie-keeping client, figures as JSON lines.
import Database from "better-sqlite3";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { hash } from "@node-rs/argon2";
// @ts-expect-error plain .mjs helpers without type declarations
import { baseEnv, bin, prepareDatabase, root, run } from "./lib.mjs";

const runPrisma = (args: string[], env: Record<string, string>) => run(bin("prisma"), args, { env });

export const PASSWORD = "bench-password";

/**
 * DATABASE_URL=postgresql://… runs the benchmark's server on PostgreSQL: a throw-away database on that server (the
 * URL's user needs CREATEDB), migrated with the PostgreSQL history and filled with the very rows seeded into SQLite
 * (scripts/pg-copy.mjs). `npm run bench:db -- exercise|teach` runs SQLite and PostgreSQL one after the other.
 */
const pgServerUrl = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "") ? process.env.DATABASE_URL! : null;
const onPostgres = pgServerUrl !== null;

export function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}
// The unit follows the figure's name: *.ms / *_ms, *.rps, *_mb.
function unitOf(name: string): string {
  if (/(\.|_)ms$/.test(name)) return "ms";
  if (name.endsWith(".rps")) return "req/s";
  if (name.endsWith("_mb")) return "MB";
  return "count";
}
/** One figure as a JSON line on stdout. */
export function emit(name: string, value: number) {
  // On PostgreSQL (DATABASE_URL=postgresql://…) every figure is named pg.<name>, beside SQLite's in the same run.
  const full = onPostgres ? `pg.${name}` : name;
  process.stdout.write(JSON.stringify({ name: full, value: Math.round(value * 100) / 100, unit: unitOf(name) }) + "\n");
}
export const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

/** Resident memory of a process and its descendants (Linux /proc), in MB. */
export function treeRssMb(pid: number): number {
  const children = new Map<number, number[]>();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      // process ended meanwhile
    }
  }
  let kb = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"));
      if (m) kb += Number(m[1]);
    } catch {
      // gone
    }
    stack.push(...(children.get(p) ?? []));
  }
  return kb / 1024;
}

/** A browser-like client of one server: keeps cookies, signs in with the credentials provider. */
export class Client {
  cookies = new Map<string, string>();
  constructor(readonly base: string, readonly email: string) {}
  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [kv] = c.split(";");
      const i = kv.indexOf("=");
      this.cookies.set(kv.slice(0, i), kv.slice(i + 1));
    }
  }
  async fetch(p: string, init: { method?: string; json?: unknown; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { cookie: this.cookieHeader(), origin: this.base };
    let body: string | undefined;
    if (init.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(init.json);
    }
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    const send = () => fetch(this.base + p, { method: init.method ?? (body ? "POST" : "GET"), headers, body, redirect: "manual" });
    // a keep-alive socket the server closed just now: the request never arrived, send it again
    const res = await send().catch((e: { cause?: { code?: string } }) => {
      if (e?.cause?.code === "UND_ERR_SOCKET" || e?.cause?.code === "ECONNRESET") return send();
      throw e;
    });
    this.keep(res);
    return res;
  }
  async signIn() {
    const { csrfToken } = (await (await this.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    await this.fetch("/api/auth/callback/credentials", { form: { csrfToken, email: this.email, password: PASSWORD, json: "true" } });
    if (![...this.cookies.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in failed for ${this.email}`);
  }
  /** A request and its time; `want` other than the status throws. */
  async json<T>(p: string, init: { method?: string; json?: unknown } = {}, want: number | number[] = 200): Promise<{ ms: number; status: number; body: T }> {
    const t0 = performance.now();
    const res = await this.fetch(p, init);
    const text = await res.text();
    const ms = performance.now() - t0;
    if (!(Array.isArray(want) ? want : [want]).includes(res.status)) throw new Error(`${init.method ?? "GET"} ${p}: ${res.status} ${text.slice(0, 200)}`);
    return { ms, status: res.status, body: JSON.parse(text) as T };
  }
}

/**
 * Signs every client in, a few at a time: the sign-in throttle counts a try before the password check and
 * forgives it after, so dozens of parallel sign-ins from one address look like password spraying.
 */
export async function signInAll(clients: Client[], parallel = 8): Promise<void> {
  for (let i = 0; i < clients.length; i += parallel) await Promise.all(clients.slice(i, i + parallel).map((c) => c.signIn()));
}

async function waitForServer(base: string, child: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error("server exited");
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("server did not come up");
}

/**
 * `next start` on a throw-away SQLite file with `learners` accounts (bench0@bench.test ...), the per-learner rate
 * limit raised so the load is measured, not throttled. BENCH_SERVER_NODE_ARGS adds node flags (profiling).
 */
export async function startBenchServer(opts: { port: string; learners: number; env?: Record<string, string>; seed?: (db: Database.Database) => void }) {
  const base = `http://127.0.0.1:${opts.port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubeclass-bench-"));
  const dbFile = path.join(dir, "bench.db");
  const env = baseEnv({
    DATABASE_URL: `file:${dbFile}`,
    NEXTAUTH_SECRET: "bench-only-secret-0123456789abcdef",
    NEXTAUTH_URL: base,
    NODE_ENV: "production",
    EXERCISE_RATE_LIMIT: "1000000",
    ...opts.env,
  });
  await prepareDatabase({ ...env, DATABASE_URL: `file:${dbFile}` });
  const passwordHash = await hash(PASSWORD);
  const db = new Database(dbFile);
  const ins = db.prepare(`INSERT INTO "User" (id, email, name, passwordHash, role, locale, createdAt) VALUES (?, ?, ?, ?, 'LEARNER', 'en', CURRENT_TIMESTAMP)`);
  for (let i = 0; i < opts.learners; i++) ins.run(`bench-${i}`, `bench${i}@bench.test`, `Bench ${i}`, passwordHash);
  // A benchmark's own data, written before the server opens the file.
  opts.seed?.(db);
  db.close();
  let dropPg = async () => {};
  if (pgServerUrl) {
    // @ts-expect-error plain .mjs helpers without type declarations
    const { psql, withDatabase } = await import("./pg.mjs");
    // @ts-expect-error plain .mjs helpers without type declarations
    const { copySqliteToPostgres } = await import("./pg-copy.mjs");
    const name = `bench_${process.pid}`;
    psql(pgServerUrl, ["-c", `CREATE DATABASE ${name}`]);
    env.DATABASE_URL = withDatabase(pgServerUrl, name);
    await runPrisma(["migrate", "deploy"], env);
    const rows = await copySqliteToPostgres(dbFile, env.DATABASE_URL);
    log(`PostgreSQL database ${name}: ${rows} rows copied from the seeded SQLite file`);
    dropPg = async () => void psql(pgServerUrl, ["-c", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
  }
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const server = spawn(process.execPath, [...nodeArgs, bin("next"), "start", "-p", opts.port], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  const stop = async () => {
    if (server.exitCode === null) server.kill("SIGTERM");
    await new Promise<void>((r) => (server.exitCode !== null ? r() : server.once("exit", () => r())));
    fs.rmSync(dir, { recursive: true, force: true });
    await dropPg();
  };
  process.on("SIGINT", () => void stop());
  await waitForServer(base, server);
  const clients = Array.from({ length: opts.learners }, (_, i) => new Client(base, `bench${i}@bench.test`));
  return { base, server, clients, stop };
}
