// Fidelity corpus (issue 15 "Measure"): CKA-practice-style tasks written for this repository, each with setup,
// the learner's solution and verify steps whose expected output is cited from upstream source or docs.
// Every task runs on a fresh `cka` session; lib/testdata/fidelity/README.md indexes them and lists known gaps
// (a known gap is listed there, never run here as a failing test).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { TimeMode } from "../kubectl/cluster-api";
import { createSimSession } from "../kubectl/sim-adapter";
import { splitScript } from "../kubectl/shell/parse";
import type { Shell } from "../kubectl/shell/shell";

const DOMAINS = ["troubleshooting", "cluster-architecture", "networking", "workloads", "storage"] as const;

const VerifySchema = z.object({
  run: z.string().min(1),
  /** expected exit code (default 0) */
  exit: z.number().int().default(0),
  /** each must be a whole line of the output (stdout and stderr as the terminal shows them) */
  lines: z.array(z.string()).default([]),
  /** each regular expression must match somewhere in the output (multiline mode) */
  match: z.array(z.string()).default([]),
  /** none of these may occur anywhere in the output */
  absent: z.array(z.string()).default([]),
  /** where the expected words come from upstream (URL or repo file) */
  cite: z.string().min(8),
}).strict();

const TaskSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(5),
  domain: z.enum(DOMAINS),
  competency: z.string().min(2),
  /** issue 15 classes this task exercises */
  classes: z.array(z.string()).min(1),
  /** whose practice style it follows (written in our own words) */
  style: z.string().min(3),
  setup: z.string().default(""),
  solution: z.string().min(1),
  verify: z.array(VerifySchema).min(1),
}).strict();
type Task = z.infer<typeof TaskSchema>;

const dir = path.join(import.meta.dirname, "..", "testdata", "fidelity");

/** Every corpus file, parsed and validated (a malformed task fails the suite, not silently skips). */
export function loadFidelityTasks(): { file: string; task: Task }[] {
  return readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort().map((file) => ({ file, task: TaskSchema.parse(parse(readFileSync(path.join(dir, file), "utf8"))) }));
}

/**
 * One command as a terminal runs it. `kubectl edit` hands its file to an editor: as kubectl does, the
 * runner starts $KUBE_EDITOR on the file (tasks script it, e.g. `KUBE_EDITOR="sed -i s/a/b/"`, as automated
 * checkers do) and saves what that left (kubectl pkg/cmd/util/editor/editor.go LaunchTempFile).
 */
function runUnit(sh: Shell, unit: string): { exitCode: number; output: string } {
  const r = sh.run(unit);
  if (r.editor?.kind !== "kubectl-edit") return r;
  const ran = sh.run(`${r.editor.editor} ${r.editor.path}`);
  if (ran.exitCode !== 0) return { exitCode: ran.exitCode, output: r.output + ran.output };
  const saved = sh.run(`cat ${r.editor.path}`);
  const fin = sh.finishEdit(saved.exitCode === 0 ? saved.output : null);
  return { exitCode: fin.exitCode, output: r.output + fin.output };
}

/**
 * Runs a task on a fresh cka session; returns the first mismatch as a readable message, or null. `time`: the
 * cluster settles after each command, or time passes per command as on a real cluster (lib/kubectl TimeMode);
 * a task waits as a real solution would, so it holds under both.
 */
export function runFidelityTask(task: Task, time: TimeMode = "settle", seed = 1): string | null {
  const sh = createSimSession({ preset: "cka", seed, time });
  for (const [phase, script] of [["setup", task.setup], ["solution", task.solution]] as const) {
    for (const unit of splitScript(script)) {
      const r = runUnit(sh, unit);
      if (r.exitCode !== 0) return `${phase} step failed (exit ${r.exitCode}): ${unit}\n${r.output}`;
    }
  }
  for (const v of task.verify) {
    const r = runUnit(sh, v.run);
    const out = r.output;
    const lines = new Set(out.split("\n"));
    const where = `verify \`${v.run}\` (${v.cite})`;
    if (r.exitCode !== v.exit) return `${where}: exit ${r.exitCode}, expected ${v.exit}\n${out}`;
    for (const l of v.lines) if (!lines.has(l)) return `${where}: missing line ${JSON.stringify(l)}\n${out}`;
    for (const m of v.match) if (!new RegExp(m, "m").test(out)) return `${where}: no match for /${m}/\n${out}`;
    for (const a of v.absent) if (out.includes(a)) return `${where}: unexpected ${JSON.stringify(a)}\n${out}`;
  }
  return null;
}

describe("fidelity corpus", () => {
  const tasks = loadFidelityTasks();
  it("indexes every task in the README, with unique ids named after their files", () => {
    const readme = readFileSync(path.join(dir, "README.md"), "utf8");
    const ids = tasks.map((t) => t.task.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { file, task } of tasks) {
      expect(file).toBe(`${task.id}.yaml`);
      expect(readme).toContain(`[${task.id}](${file})`);
    }
  });
  it("covers every CKA domain", () => {
    expect(new Set(tasks.map((t) => t.task.domain))).toEqual(new Set(DOMAINS));
  });
  it("a verify step with a wrong expectation fails (the runner can fail)", () => {
    const task = TaskSchema.parse({ id: "self-check", title: "runner self-check", domain: "workloads", competency: "wl-deploy", classes: ["runner"], style: "ours", solution: "kubectl create namespace probe", verify: [{ run: "kubectl get ns probe -o name", lines: ["namespace/nope"], cite: "runner self-check" }] });
    expect(runFidelityTask(task)).toMatch(/missing line "namespace\/nope"/);
    expect(runFidelityTask({ ...task, verify: [{ ...task.verify[0], lines: ["namespace/probe"] }] })).toBeNull();
    expect(runFidelityTask({ ...task, solution: "kubectl get ns nothere" })).toMatch(/^solution step failed \(exit 1\)/);
    // kubectl edit runs $KUBE_EDITOR on the handed-over file: an editor that fails fails the step, one that
    // changes the file saves the change
    expect(runFidelityTask({ ...task, solution: "kubectl create namespace probe\nKUBE_EDITOR=false kubectl edit ns probe" })).toMatch(/^solution step failed \(exit 1\): KUBE_EDITOR=false/);
    const edited = { ...task, solution: "kubectl create deployment w --image=nginx:1.27\nKUBE_EDITOR='sed -i s/nginx:1.27/nginx:1.28/' kubectl edit deployment w", verify: [{ ...task.verify[0], run: "kubectl get deployment w -o jsonpath='{.spec.template.spec.containers[0].image}'", lines: ["nginx:1.28"] }] };
    expect(runFidelityTask(edited)).toBeNull();
  });
  for (const time of ["settle", "real"] as const) {
    for (const { task } of tasks) {
      // a generous limit, not a speed check: a task simulates minutes of cluster time on a loaded CI machine
      it(`${task.id} (${time}): ${task.title}`, { timeout: 60_000 }, () => {
        expect(runFidelityTask(task, time)).toBeNull();
      });
    }
  }
});
