import { describe, expect, it } from "vitest";
import { applyEntry, attemptTranscript, clearSessionCache, ExerciseError, startAttempt } from "./service";
import { anonymousStore, newId } from "./store";
import { tailTranscript, type TranscriptEntry } from "./transcript";

const run = (line: string, output: string): TranscriptEntry => ({ kind: "run", line, cwd: "/root", output, stderr: "", exitCode: 0 });

describe("tailTranscript", () => {
  it("keeps the newest blocks that fit and counts the ones left out", () => {
    const blocks = Array.from({ length: 10 }, (_, i) => run(`echo ${i}`, `${"x".repeat(84)}\n`));
    // each block: 6 (line) + 5 (cwd) + 85 (output) + 16 = 112
    expect(tailTranscript(blocks, 112 * 10)).toEqual({ entries: blocks, omitted: 0 });
    expect(tailTranscript(blocks, 112 * 3)).toEqual({ entries: blocks.slice(7), omitted: 7 });
    expect(tailTranscript(blocks, 112 * 3 - 1)).toEqual({ entries: blocks.slice(8), omitted: 8 });
    expect(tailTranscript([], 100)).toEqual({ entries: [], omitted: 0 });
  });

  it("keeps the end of one block that is larger than the window, from a line start", () => {
    const big = run("seq 1000", Array.from({ length: 1000 }, (_, i) => `${i + 1}\n`).join(""));
    const { entries, omitted } = tailTranscript([run("true", ""), big], 100);
    expect(omitted).toBe(1);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: "run", line: "seq 1000" });
    expect(entries[0].output.endsWith("999\n1000\n")).toBe(true);
    expect(entries[0].output.split("\n")[0]).toMatch(/^\d+$/);
    expect(entries[0].output.length).toBeLessThanOrEqual(100);
  });
});

describe("attemptTranscript", () => {
  it("replays the log to the same scrollback the commands printed live, prompts' directories included", async () => {
    const store = anonymousStore(newId());
    const { rec } = await startAttempt(store, "expose-nodeport", { seed: 7 });
    const lines = ["kubectl get nodes", "mkdir work && cd work", "echo hello > note.txt", "kubectl create deployment web --image=nginx:1.27", "kubectl get pods", "kubectl nonsense"];
    const live: TranscriptEntry[] = [];
    let cwd = "/root";
    for (const line of lines) {
      const { result, session } = await applyEntry(store, rec.id, { kind: "run", line });
      live.push({ kind: "run", line, cwd, output: result.output, stderr: result.stderr, exitCode: result.exitCode });
      cwd = session.shell.state.cwd;
    }
    await applyEntry(store, rec.id, { kind: "advance", seconds: 30 });
    const { result } = await applyEntry(store, rec.id, { kind: "run", line: "kubectl get pods -o wide" });
    live.push({ kind: "run", line: "kubectl get pods -o wide", cwd, output: result.output, stderr: result.stderr, exitCode: result.exitCode });
    await clearSessionCache();

    const t = await attemptTranscript(store, rec.id);
    expect(t).toEqual({ entries: live, omitted: 0, complete: true });
    expect(t!.entries[2]).toMatchObject({ line: "echo hello > note.txt", cwd: "/root/work" });
    expect(t!.entries[5].exitCode).not.toBe(0);
    expect(t!.entries[6].output).toMatch(/Running/);

    const small = await attemptTranscript(store, rec.id, 400);
    expect(small!.entries.at(-1)).toMatchObject({ line: "kubectl get pods -o wide" });
    expect(small!.omitted + small!.entries.length).toBe(live.length);
    expect(small!.omitted).toBeGreaterThan(0);
  });

  it("is notFound for an attempt the actor does not own", async () => {
    const { rec } = await startAttempt(anonymousStore(newId()), "expose-nodeport", { seed: 1 });
    await expect(attemptTranscript(anonymousStore(newId()), rec.id)).rejects.toBeInstanceOf(ExerciseError);
  });

  it("comes back empty and incomplete when the replay runs past the simulation budget", async () => {
    const store = anonymousStore(newId());
    const { rec } = await startAttempt(store, "expose-nodeport", { seed: 3 });
    await applyEntry(store, rec.id, { kind: "run", line: "kubectl create deployment web --image=nginx:1.27 --replicas=3" });
    process.env.EXERCISE_SIM_BUDGET_MS = "0.000001";
    try {
      expect(await attemptTranscript(store, rec.id)).toEqual({ entries: [], omitted: 1, complete: false });
    } finally {
      delete process.env.EXERCISE_SIM_BUDGET_MS;
    }
  });
});
