// The CLI launcher keeps the booted clusters' snapshots on disk (sim-cli.mjs / sim-cli.ts): a run that restores
// them prints what a run that boots prints, and a file from another bundle (its stamp) is never restored.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const tag = createHash("sha256").update(root).digest("hex").slice(0, 12);
const bootFile = path.join(root, "node_modules", ".cache", "kubeclass", `sim-cli-${tag}.boot.json`);
const dir = mkdtempSync(path.join(tmpdir(), "sim-cli-test-"));
const script = path.join(dir, "s.sh");
writeFileSync(script, "kubectl get nodes -o wide\nkubectl get pods -A -o wide\nkubectl create deployment web --image=nginx --replicas=2\nkubectl get pods\n");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sim(...args: string[]): string {
  const r = spawnSync(process.execPath, [path.join(root, "scripts", "sim-cli.mjs"), ...args, "--script", script], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`sim-cli failed: ${r.stderr}`);
  return r.stdout;
}

describe("sim CLI boot snapshots on disk", () => {
  it("a run that restores the saved boot prints what a run that boots prints; another bundle's file is ignored", () => {
    rmSync(bootFile, { force: true });
    const booted = sim();
    expect(booted).toMatch(/web-\S+\s+[01]\/1/);
    // the first run saved the cka boot for this bundle
    expect(existsSync(bootFile)).toBe(true);
    const saved = JSON.parse(readFileSync(bootFile, "utf8")) as { stamp: number; entries: [string, string][] };
    expect(saved.entries.length).toBeGreaterThan(0);
    expect(sim()).toBe(booted);
    // a file stamped for another build (whose snapshot is not this cluster) is not restored
    writeFileSync(bootFile, JSON.stringify({ stamp: saved.stamp - 1, entries: saved.entries.map(([k, v]) => [k, v.replace(/controlplane/g, "wrongplane")]) }));
    expect(sim()).toBe(booted);
    // a damaged file only costs the boot
    writeFileSync(bootFile, "{");
    expect(sim()).toBe(booted);
    // the single preset gets its own entry next to cka's
    sim("--preset", "single");
    expect((JSON.parse(readFileSync(bootFile, "utf8")) as { entries: unknown[] }).entries.length).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
