// Launcher of the terminal CLI (scripts/sim-cli.ts) without a TypeScript loader at run time (bench:kubectl
// startup_ms): loading through tsx cost ~0.35 s of loader start plus the transform and module resolution of
// every file on each run. Instead scripts/sim-cli.ts and everything it imports (lib/, yaml, zod) are bundled
// by esbuild into one CommonJS file under node_modules/.cache/kubeclass, rebuilt only when one of its inputs
// (esbuild's metafile lists them) is newer than the bundle, and compiled with V8's code cache next to it
// (vm.Script cachedData; Node 20 has no module compile cache), so a run neither parses nor resolves modules.
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";

const root = path.resolve(import.meta.dirname, "..");
const dir = path.join(root, "node_modules", ".cache", "kubeclass");
// per checkout: git worktrees that share one node_modules (a symlink) must not run each other's bundle
const tag = createHash("sha256").update(root).digest("hex").slice(0, 12);
const out = path.join(dir, `sim-cli-${tag}.cjs`);
const meta = path.join(dir, `sim-cli-${tag}.inputs.json`);
const codeCache = path.join(dir, `sim-cli-${tag}.v8cache`);
// booted clusters' snapshots (sim-cli.ts): a run restores the cka cluster instead of booting it
const bootCache = path.join(dir, `sim-cli-${tag}.boot.json`);
const require = createRequire(path.join(root, "package.json"));

/** The bundle's build time when it exists and none of its inputs changed (or disappeared) since; else null. */
function fresh() {
  try {
    const m = JSON.parse(fs.readFileSync(meta, "utf8"));
    if (!fs.existsSync(out)) return null;
    for (const f of m.inputs) if (fs.statSync(path.join(root, f)).mtimeMs > m.builtAt) return null;
    return m.builtAt;
  } catch {
    return null;
  }
}

/** Write a file by renaming a per-process temporary: concurrent runs never see half a file. */
function writeAtomic(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

let builtAt = fresh();
if (builtAt === null) {
  const esbuild = require("esbuild");
  // taken before reading the sources: an edit made while building triggers the next rebuild
  builtAt = Date.now();
  fs.mkdirSync(dir, { recursive: true });
  const r = await esbuild.build({
    entryPoints: [path.join(root, "scripts", "sim-cli.ts")], write: false, bundle: true, platform: "node", format: "cjs",
    target: "node20", metafile: true, absWorkingDir: root, logLevel: "error",
  });
  // esbuild's output is ASCII (charset "ascii" escapes strings, regexes and identifiers) except for the comments it
  // keeps; escaping those too lets every run read the bundle as latin1, a plain byte copy instead of UTF-8 decoding
  // (~20 ms for the ~2.5 MB bundle, each start)
  writeAtomic(out, r.outputFiles[0].text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
  fs.rmSync(codeCache, { force: true });
  fs.rmSync(bootCache, { force: true });
  writeAtomic(meta, JSON.stringify({ builtAt, inputs: Object.keys(r.metafile.inputs) }));
}

const source = fs.readFileSync(out, "latin1");
let cachedData;
try {
  cachedData = fs.readFileSync(codeCache);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: out, cachedData });
const mod = { exports: {} };
const run = script.runInThisContext();
// The code cache is written after the first run so that it holds the functions a run compiles, not only the top level.
const saveCache = () => {
  if (cachedData && !script.cachedDataRejected) return;
  try {
    writeAtomic(codeCache, script.createCachedData());
  } catch {
    // a read-only cache directory only costs the next run its compile
  }
};
process.once("exit", saveCache);
// the boot snapshots are valid for this bundle only (its build time, checked by sim-cli.ts)
globalThis.__kubeclassBootCache = { file: bootCache, stamp: builtAt };
run.call(mod.exports, mod.exports, require, mod, out, path.dirname(out));
