// The server Playwright tests run against: a production build on a throw-away SQLite file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { baseEnv, bin, prepareDatabase, root } from "./lib.mjs";

const port = process.env.E2E_PORT ?? "3100";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubeclass-e2e-"));
const env = baseEnv({
  DATABASE_URL: `file:${path.join(dir, "e2e.db")}`,
  NEXTAUTH_SECRET: "e2e-only-secret-0123456789abcdef",
  NEXTAUTH_URL: `http://localhost:${port}`,
  NODE_ENV: "production",
  // The whole suite signs its learners up from one address, more than the per-address limit allows.
  SIGN_UP_LIMIT: "1000",
});

const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
await prepareDatabase(env);
const server = spawn(bin("next"), ["start", "-p", port], { cwd: root, env, stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => {
  cleanup();
  process.exit(code ?? 0);
});
