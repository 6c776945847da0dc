// Shared by scripts/start.mjs, scripts/test.mjs and scripts/e2e-server.mjs. Plain Node, no dependencies.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");
export const bin = (name) => path.join(root, "node_modules", ".bin", name);

/** Environment every child gets: no telemetry, no phone-home. */
export function baseEnv(extra = {}) {
  return { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1", ...extra };
}

/** Runs a command, inheriting stdio; rejects with its exit code. */
export function run(cmd, args, { env = baseEnv(), label = `${path.basename(cmd)} ${args.join(" ")}` } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${label} failed (${signal ?? `exit ${code}`})`))));
  });
}

// What a production build depends on. Tests and e2e specs are included on purpose: cheap, and simpler than a second list.
const buildInputs = ["app", "lib", "content", "public", "types", "proxy.ts", "instrumentation.ts", "next.config.mjs", "postcss.config.mjs", "tsconfig.json", "package-lock.json", "prisma/schema.prisma"];
const skip = new Set(["node_modules", ".next", "generated", "testdata"]);

function walk(p, out) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return;
  }
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(p).sort()) if (!skip.has(name) && !name.startsWith(".next")) walk(path.join(p, name), out);
  } else out.push(p);
}

/** A hash of the build's inputs, so a build is redone only when they change. */
export function sourceHash() {
  const h = crypto.createHash("sha256");
  const files = [];
  for (const rel of buildInputs) walk(path.join(root, rel), files);
  for (const f of files) {
    h.update(path.relative(root, f));
    h.update("\0");
    h.update(fs.readFileSync(f));
    h.update("\0");
  }
  return h.digest("hex");
}

export const distDir = path.join(root, process.env.NEXT_DIST_DIR ?? ".next");
const stampFile = path.join(distDir, "kubeclass-source-hash");

/** Runs `next build` unless .next holds a build of exactly the current sources. */
export async function ensureBuild({ force = false } = {}) {
  const hash = sourceHash();
  const built = fs.existsSync(path.join(distDir, "BUILD_ID")) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === hash;
  if (built && !force) {
    console.log(`build: ${path.basename(distDir)} is current, skipping next build`);
    return;
  }
  const started = Date.now();
  // The content check fails the build on a bad lesson (naming file and field) and leaves the compiled lessons in the build's cache.
  await run(bin("tsx"), ["--conditions=react-server", "scripts/check-content.ts"], { label: "content check" });
  await run(bin("next"), ["build"], { env: baseEnv({ NODE_ENV: "production" }) });
  fs.writeFileSync(stampFile, hash);
  console.log(`build: next build took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Applies migrations (creating the SQLite file if missing) and seeds an empty database. */
export async function prepareDatabase(env) {
  await run(bin("prisma"), ["migrate", "deploy"], { env });
  await run(bin("tsx"), ["prisma/seed.ts", "--if-empty"], { env });
}
