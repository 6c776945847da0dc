// `npm start`: migrate, seed if empty, build if the build is stale, then serve on PORT (default 3000).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { baseEnv, bin, ensureBuild, prepareDatabase, root } from "./lib.mjs";

const port = process.env.PORT ?? "3000";

// A per-installation secret for session cookies, kept out of git in .env.local (which next start also reads).
const envLocal = path.join(root, ".env.local");
function readSecret() {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const existing = fs.existsSync(envLocal) ? /^NEXTAUTH_SECRET=(.+)$/m.exec(fs.readFileSync(envLocal, "utf8"))?.[1] : undefined;
  if (existing) return existing.trim();
  const secret = crypto.randomBytes(32).toString("base64url");
  fs.appendFileSync(envLocal, `NEXTAUTH_SECRET=${secret}\n`);
  console.log("start: wrote a new NEXTAUTH_SECRET to .env.local");
  return secret;
}

const env = baseEnv({
  NEXTAUTH_SECRET: readSecret(),
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
  NODE_ENV: "production",
});

await prepareDatabase(env);
await ensureBuild();

const server = spawn(bin("next"), ["start", "-p", port], { cwd: root, env, stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));
