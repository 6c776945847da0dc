// The server Playwright tests run against: a production build on a throw-away database, a SQLite file, or with
// E2E_DATABASE=postgresql a new database on the PostgreSQL server KUBECLASS_PG_URL names (scripts/pg.mjs), migrated
// with `prisma migrate deploy` as `npm run db:migrate` does and dropped afterwards.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { baseEnv, bin, prepareDatabase, root } from "./lib.mjs";
import { psql, withDatabase } from "./pg.mjs";

const port = process.env.E2E_PORT ?? "3100";
const onPg = process.env.E2E_DATABASE === "postgresql";
const admin = process.env.KUBECLASS_PG_URL;
if (onPg && !admin) {
  console.error("e2e-server: E2E_DATABASE=postgresql needs KUBECLASS_PG_URL (node scripts/pg.mjs run -- …)");
  process.exit(2);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubeclass-e2e-"));
const pgName = `e2e_${port}_${process.pid}`;
if (onPg) psql(admin, ["-c", `CREATE DATABASE ${pgName}`]);
const env = baseEnv({
  DATABASE_URL: onPg ? withDatabase(admin, pgName) : `file:${path.join(dir, "e2e.db")}`,
  NEXTAUTH_SECRET: "e2e-only-secret-0123456789abcdef",
  NEXTAUTH_URL: `http://localhost:${port}`,
  NODE_ENV: "production",
  // The whole suite signs its learners up from one address, more than the per-address limit allows.
  SIGN_UP_LIMIT: "1000",
});

const cleanup = () => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (onPg) {
    try {
      psql(admin, ["-c", `DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`]);
    } catch {
      // The throw-away server may already be gone; it takes the database with it.
    }
  }
};
await prepareDatabase(env);
const server = spawn(bin("next"), ["start", "-p", port], { cwd: root, env, stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => {
  cleanup();
  process.exit(code ?? 0);
});
