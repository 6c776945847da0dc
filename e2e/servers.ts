// Several production servers (`next start`, the e2e suite's build) on one throw-away database, for the multi-server
// tests (issue 17). SQLite by default (one file in WAL mode, shared by the processes); PostgreSQL when
// KUBECLASS_PG_URL names a server (scripts/pg.mjs run -- ...): a database made from its migrated template.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
// @ts-expect-error plain .mjs shared with the scripts (no types)
import { baseEnv, bin, prepareDatabase, root, run } from "../scripts/lib.mjs";

export type Server = { url: string; port: number; proc: ChildProcess; exited: Promise<void> };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A throw-away database every server of a test shares, migrated and seeded (the demo accounts). */
export async function sharedDatabase(): Promise<{ url: string; kind: "sqlite" | "postgresql"; cleanup: () => Promise<void> }> {
  const admin = process.env.KUBECLASS_PG_URL;
  if (admin) {
    const pg = await import("pg");
    const name = `kc_two_${process.pid}_${Date.now().toString(36)}`;
    const client = new pg.default.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "kubeclass_template"`);
    await client.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    await run(bin("tsx"), ["prisma/seed.ts", "--if-empty"], { env: baseEnv({ DATABASE_URL: url.toString() }) });
    return {
      url: url.toString(), kind: "postgresql",
      cleanup: async () => {
        const c = new pg.default.Client({ connectionString: admin });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubeclass-two-"));
  const url = `file:${path.join(dir, "shared.db")}`;
  await prepareDatabase(baseEnv({ DATABASE_URL: url }));
  return { url, kind: "sqlite", cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Starts `next start` on a free port (or `port`) with the shared settings; resolves once /api/health answers. */
export async function startServer(databaseUrl: string, env: Record<string, string>, port?: number): Promise<Server> {
  const p = port ?? (await freePort());
  const url = `http://localhost:${p}`;
  const proc = spawn(bin("next"), ["start", "-p", String(p)], {
    cwd: root,
    // its own process group, so a kill -9 takes the whole server (and nothing else)
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: baseEnv({
      DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: "two-servers-secret-0123456789abcdef", NEXTAUTH_URL: url, NODE_ENV: "production", ...env,
    }),
  });
  let stderr = "";
  proc.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`server on ${p} exited: ${stderr}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server on ${p} did not answer /api/health in 120 s: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, port: p, proc, exited };
}

/** kill -9 of the server's process group: no shutdown, no flushing, as a crash. */
export async function killHard(s: Server): Promise<void> {
  try {
    process.kill(-s.proc.pid!, "SIGKILL");
  } catch {
    // already gone
  }
  await s.exited;
}
