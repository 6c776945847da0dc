// Terminal CLI for the simulated cluster: `npm run sim -- [--preset cka|single] [--seed N] [--script FILE]`.
// Interactive prompt with history on a TTY; otherwise a transcript of the script (from --script or stdin).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import readline from "node:readline";
import { createSimSession } from "../lib/kubectl/sim-adapter";
import { runTranscript } from "../lib/kubectl/transcript";
import { complete } from "../lib/kubectl/complete";
import type { RunResult } from "../lib/kubectl/shell/types";
import { bootSnapshots } from "../lib/sim/cluster";

function usage(msg?: string): never {
  if (msg) process.stderr.write(`sim: ${msg}\n`);
  process.stderr.write("usage: npm run sim -- [--preset cka|single] [--seed N] [--script FILE]\n");
  process.exit(2);
}

const args = process.argv.slice(2);
let preset: "cka" | "single" = "cka";
let seed = 1;
let script: string | null = null;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const val = () => {
    const eq = a.indexOf("=");
    if (eq >= 0) return a.slice(eq + 1);
    if (i + 1 >= args.length) usage(`${a} needs a value`);
    return args[++i];
  };
  if (a === "--preset" || a.startsWith("--preset=")) {
    const v = val();
    if (v !== "cka" && v !== "single") usage(`unknown preset "${v}"`);
    preset = v;
  } else if (a === "--seed" || a.startsWith("--seed=")) {
    seed = Number(val());
    if (!Number.isInteger(seed)) usage("--seed must be an integer");
  } else if (a === "--script" || a.startsWith("--script=")) script = val();
  else if (a === "-h" || a === "--help") usage();
  else usage(`unknown argument "${a}"`);
}

// The launcher (sim-cli.mjs) names a file for the booted clusters' snapshots, tied to the bundle it runs (stamp: the
// bundle's build time, so a snapshot from other sources is never restored); createCluster then restores the boot
// instead of running it (what every createCluster after the first does in one process anyway).
const bootFile = (globalThis as { __kubeclassBootCache?: { file: string; stamp: number } }).__kubeclassBootCache;
const boots = bootSnapshots();
let known = 0;
if (bootFile) {
  try {
    const saved = JSON.parse(readFileSync(bootFile.file, "utf8")) as { stamp: number; entries: [string, string][] };
    if (saved.stamp === bootFile.stamp) for (const [k, v] of saved.entries) if (!boots.has(k)) boots.set(k, v);
  } catch {
    // no file yet (or a half-written one from a crash): boot as usual
  }
  known = boots.size;
}
const shell = createSimSession({ preset, seed });
if (bootFile && boots.size > known) {
  try {
    const tmp = `${bootFile.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ stamp: bootFile.stamp, entries: [...boots] }));
    renameSync(tmp, bootFile.file);
  } catch {
    // a read-only cache directory only costs the next run its boot
  }
}

function editInTerminal(r: RunResult): RunResult | null {
  if (!r.editor) return null;
  const dir = mkdtempSync(path.join(tmpdir(), "kubeclass-"));
  const file = path.join(dir, path.basename(r.editor.path));
  writeFileSync(file, r.editor.content);
  const editor = process.env.EDITOR || "vi";
  // hand the terminal to the editor, then take it back for readline
  if (process.stdin.isTTY) process.stdin.setRawMode(false);
  const res = spawnSync(editor, [file], { stdio: "inherit" });
  if (process.stdin.isTTY) process.stdin.setRawMode(true);
  const content = res.status === 0 ? readFileSync(file, "utf8") : null;
  rmSync(dir, { recursive: true, force: true });
  if (r.editor.kind === "file") return content === null ? null : shell.saveFile(r.editor.path, content);
  return shell.finishEdit(content);
}

if (script !== null || !process.stdin.isTTY) {
  const text = script !== null ? readFileSync(script, "utf8") : readFileSync(0, "utf8");
  process.stdout.write(runTranscript(shell, text));
} else {
  // tab completion from lib/kubectl (commands, verbs, types, object names, flags, paths)
  const completer = (line: string): [string[], string] => {
    const cur = line.split(/\s+/).pop() ?? "";
    return [complete(shell, line), cur];
  };
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, historySize: 1000, prompt: "controlplane:~$ ", completer });
  let pending = "";
  rl.prompt();
  rl.on("line", (line) => {
    pending = pending ? pending + "\n" + line : line;
    // keep reading while a heredoc or a continuation is open
    const units = (pending.match(/<<-?\s*['"]?(\w+)['"]?/g) ?? []).map((m) => m.replace(/<<-?\s*['"]?/, "").replace(/['"]$/, ""));
    const open = units.some((d) => !pending.split("\n").slice(1).some((l) => l.trim() === d)) || /\\$/.test(line);
    if (open) {
      process.stdout.write("> ");
      return;
    }
    const ex = /^\s*(?:exit|logout)(?:\s+(\d+))?\s*$/.exec(pending);
    if (ex && !shell.state.attached && shell.state.sshStack.length === 0) process.exit(Number(ex[1] ?? 0));
    let r = shell.run(pending);
    pending = "";
    process.stdout.write(r.output);
    const edited = editInTerminal(r);
    if (edited) {
      r = edited;
      process.stdout.write(r.output);
    }
    rl.setPrompt(shell.prompt());
    rl.prompt();
  });
  rl.on("close", () => process.exit(0));
}
