import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SimulationStopped } from "../cluster-api";
import { createMemoryCluster } from "../memory-cluster";
import { MAX_FUNC_DEPTH, MAX_LOOP_MS, MAX_LOOP_TURNS } from "./compound";
import { compoundDepth, splitUnits } from "./line-units";
import { splitScript } from "./parse";
import { getExercise } from "#lib/exercise/loader";
import { restoreSession, startSession } from "#lib/exercise/session";
import { createShell } from "./shell";

const sh = () => createShell(createMemoryCluster());
/** bash 5.2's answers, recorded by testdata/compound-bash.mjs (the test never runs the machine's bash) */
const recorded = JSON.parse(readFileSync(path.join(import.meta.dirname, "testdata/compound-bash.json"), "utf8")) as {
  cases: ({ line: string } | { script: string })[] & { stdout: string; stderr: string; exitCode: number }[];
};

describe("compound commands answer as bash 5.2 does (recorded)", () => {
  it("has the recorded cases", () => {
    expect(recorded.cases.length).toBeGreaterThanOrEqual(40);
  });
  for (const c of recorded.cases) {
    const typed = "line" in c;
    const name = typed ? c.line : `bash script.sh: ${c.script.split("\n")[0]} …`;
    it(name, () => {
      const s = sh();
      if (!typed) s.run(`cat > script.sh <<'EOF_SCRIPT'\n${c.script}EOF_SCRIPT`);
      const r = s.run(typed ? c.line : "bash script.sh");
      expect({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }).toEqual({ stdout: c.stdout, stderr: c.stderr, exitCode: c.exitCode });
    });
  }
});

describe("compound commands: bounds, state and the rest of the shell", () => {
  it("bash -c text reports syntax errors with its line, as `bash -c` does", () => {
    const s = sh();
    // bash 5.2 on this machine: bash -c 'echo a; fi' / bash -c 'if true; then echo'
    expect(s.run(`bash -c 'echo a; fi'`).stderr).toBe("bash: -c: line 1: syntax error near unexpected token `fi'\nbash: -c: line 1: `echo a; fi'\n");
    expect(s.run(`bash -c 'if true; then echo'`)).toMatchObject({ stderr: "bash: -c: line 2: syntax error: unexpected end of file\n", exitCode: 2 });
  });
  it("an endless while loop ends as Ctrl-C would after its turns (exit 130, the rest of the line not run)", () => {
    const s = sh();
    const r = s.run("while true; do echo x; done; echo after");
    expect(r.exitCode).toBe(130);
    expect(r.stdout).toBe("x\n".repeat(MAX_LOOP_TURNS));
    // the shell goes on normally afterwards
    expect(s.run("for i in 1 2; do echo $i; done")).toMatchObject({ stdout: "1\n2\n", exitCode: 0 });
    expect(s.run("echo $?").stdout).toBe("0\n");
  });
  it("sleep in a loop advances virtual time; the loop stops at 15 virtual minutes", () => {
    const cluster = createMemoryCluster();
    const s = createShell(cluster);
    const t0 = cluster.now();
    const r = s.run("while true; do sleep 5; done");
    expect(r.exitCode).toBe(130);
    expect(cluster.now() - t0).toBe(MAX_LOOP_MS);
    const t1 = cluster.now();
    expect(s.run("until false; do sleep 60; break; done").exitCode).toBe(0);
    expect(cluster.now() - t1).toBe(60_000);
  });
  it("the caller's deadline stops a runaway loop wherever it is", () => {
    const s = sh();
    let asked = 0;
    s.state.shouldStop = () => ++asked > 50;
    expect(() => s.run("while true; do echo x; done")).toThrow(SimulationStopped);
    expect(asked).toBeLessThan(60);
    s.state.shouldStop = null;
    // nothing pending from the stopped line
    expect(s.run("echo ok; for i in a; do echo $i; done")).toMatchObject({ stdout: "ok\na\n", exitCode: 0 });
  });
  it("a for loop runs over at most 500 words", () => {
    expect(sh().run("for i in $(seq 1 600); do echo $i; done | wc -l").stdout).toBe("500\n");
  });
  it("source and bash run multi-line files; heredocs inside a loop body", () => {
    const s = sh();
    s.run(`cat > w.sh <<'EOF'\nfor n in a b\ndo\n  cat <<EOT > $n.txt\nfile $n\nEOT\ndone\nEOF`);
    expect(s.run("source w.sh; cat a.txt b.txt").stdout).toBe("file a\nfile b\n");
    s.run(`cat > bad.sh <<'EOF'\necho one\nif true\nthen\nEOF`);
    // bash 5.2 here (interactive): `source bad.sh` runs the complete commands before the error, which names the line after the last
    expect(s.run("source bad.sh")).toMatchObject({ stdout: "one\n", stderr: "bash: ./bad.sh: line 4: syntax error: unexpected end of file\n", exitCode: 2 });
    s.run(`cat > t2.sh <<'EOF'\necho a\nfi\necho b\nEOF`);
    expect(s.run("bash t2.sh")).toMatchObject({ stdout: "a\n", stderr: "t2.sh: line 2: syntax error near unexpected token `fi'\nt2.sh: line 2: `fi'\n", exitCode: 2 });
    expect(s.run("bash -c 'echo a\nfi'")).toMatchObject({ stdout: "a\n", stderr: "bash: -c: line 2: syntax error near unexpected token `fi'\nbash: -c: line 2: `fi'\n", exitCode: 2 });
  });
  it("quoted reserved words are plain words, and reserved words count only in command position", () => {
    const s = sh();
    expect(s.run(`echo if then fi; "if" 2>/dev/null; echo $?`).stdout).toBe("if then fi\n127\n");
    expect(s.run("echo done }").stdout).toBe("done }\n");
  });
  it("bad input changes nothing: a syntax error runs no part of the line", () => {
    const s = sh();
    expect(s.run("touch made.txt; for i in 1; do echo $i; done; fi").exitCode).toBe(2);
    expect(s.run("ls").stdout).toBe("");
  });
});

describe("multi-line compound commands: one unit until bash has read all of it", () => {
  it("splitScript keeps a multi-line loop (with a heredoc in its body) together, as bash reads it", () => {
    const script = "echo a\nfor f in x y\ndo\n  cat <<EOF > $f\nif done\nEOF\ndone\necho b\n";
    expect(splitScript(script)).toEqual(["echo a", "for f in x y\ndo\n  cat <<EOF > $f\nif done\nEOF\ndone", "echo b"]);
    const s = sh();
    for (const unit of splitScript(script)) s.run(unit);
    expect(s.run("cat x y").stdout).toBe("if done\nif done\n");
  });
  it("the terminal waits (bash's `> `) while a compound command is open, and not for reserved words as arguments", () => {
    const waits = (text: string) => !splitUnits(text.split("\n")).complete;
    expect(waits("if true; then echo")).toBe(true);
    expect(waits("while true; do\nkubectl get pods\nsleep 5")).toBe(true);
    expect(waits("while true; do\nkubectl get pods\nsleep 5\ndone")).toBe(false);
    expect(waits("for i in 1 2")).toBe(true);
    expect(waits("{ echo a;")).toBe(true);
    expect(waits("for i in 1 2; do for j in a; do echo; done")).toBe(true);
    expect(waits("for i in 1 2; do for j in a; do echo; done; done | wc -l")).toBe(false);
    for (const done of ["echo if for while", "echo 'if' \"{\"", "kubectl get pods # if", "echo $(if true; then echo x; fi)", "x=if; echo $x", "echo a > if", "if true; then echo; fi", "echo done; fi"]) {
      expect(waits(done), done).toBe(false);
    }
    expect(compoundDepth("if true; then echo; fi; fi")).toBe(-1);
  });
  it("$'…' is one quote whose \\' does not end it: the terminal waits only while it is open", () => {
    const cases: [string, boolean][] = [
      ["x=$'it\\'s'; echo \"$x\"", false],
      ["x=$'it\\'s", true],
      ["x=$'a\nb'", false],
      ["for w in $'a\\'b'; do", true],
      // a here-string opens no heredoc, so EOF below is a heredoc's own end
      ["cat <<< $'x\\'y' <<EOF\nbody\nEOF", false],
    ];
    for (const [text, open] of cases) expect(!splitUnits(text.split("\n")).complete, text).toBe(open);
  });
});

describe("loops in an exercise attempt (lib/exercise): the simulation budget cuts a runaway loop", () => {
  const exercise = () => getExercise("expose-nodeport")!.exercise;
  it("a loop past the entry's deadline throws SimulationStopped part-way and records nothing; the attempt goes on", () => {
    const s = startSession(exercise(), 7);
    const create = { kind: "run", line: "kubectl create deployment big --image=nginx:1.27" } as const;
    expect(s.apply(create).exitCode).toBe(0);
    let calls = 0;
    const loop = { kind: "run", line: "while true; do for i in $(seq 1 500); do kubectl get deploy big >/dev/null; done; done" } as const;
    expect(() => s.apply(loop, { shouldStop: () => ++calls > 300 })).toThrow(SimulationStopped);
    expect(s.log).toEqual([create]);
    expect(s.apply({ kind: "run", line: "until kubectl get deploy big -o name; do sleep 1; done" }).output).toBe("deployment.apps/big\n");
  });
  it("`while true; do kubectl get …; sleep 5; done` ends at 15 virtual minutes with exit 130", () => {
    const s = startSession(exercise(), 7);
    const t0 = s.cluster.now;
    const r = s.apply({ kind: "run", line: "while true; do kubectl get deploy --no-headers 2>&1 | wc -l; sleep 5; done" });
    expect(r.exitCode).toBe(130);
    // each turn's kubectl takes its round trip, so fewer than 180 turns fit
    const turns = r.stdout.split("\n").filter(Boolean).length;
    expect(turns).toBeGreaterThan(100);
    expect(turns).toBeLessThanOrEqual(180);
    expect(s.cluster.now - t0).toBeGreaterThanOrEqual(MAX_LOOP_MS);
  });
});

describe("arithmetic in the terminal's line splitting", () => {
  it("a shift inside $(( )) or (( )) opens no heredoc; a real heredoc still does", () => {
    expect(splitUnits(["echo $((1<<3))", "echo b"]).units).toEqual(["echo $((1<<3))", "echo b"]);
    expect(splitUnits(["x=1; (( x <<= 2 )); echo $x"]).complete).toBe(true);
    expect(splitUnits(["cat <<EOF", "$((1 << 2))", "EOF"]).units).toEqual(["cat <<EOF\n$((1 << 2))\nEOF"]);
    const s = sh();
    expect(s.run("i=0\nwhile (( i < 2 ))\ndo\n  echo $(( i++ ))\ndone").stdout).toBe("0\n1\n");
  });
  it("a variable holding itself stops at the recursion bound with an error, not a hang", () => {
    const r = sh().run("x=x; echo $((x + 1)); echo not");
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^bash: x: expression recursion level exceeded \(error token is "x"\)\n$/);
  });
});

describe("subshells", () => {
  it("the terminal waits for a subshell's `)`; `)` in a case pattern closes nothing", () => {
    const waits = (text: string) => !splitUnits(text.split("\n")).complete;
    expect(waits("(echo a")).toBe(true);
    expect(waits("(echo a\necho b)")).toBe(false);
    expect(waits("( (echo a) ")).toBe(true);
    expect(waits("echo $( (echo a) )")).toBe(false);
    expect(compoundDepth("case x in a) echo;; esac")).toBe(0);
    expect(sh().run("(echo a\necho b) | wc -l").stdout).toBe("2\n");
  });
  it("exit in a subshell inside a loop leaves the subshell only; the shell's state after it is the one before", () => {
    const s = sh();
    s.run("cd /tmp; X=1; alias k=kubectl");
    const r = s.run("for i in 1 2; do (cd /; X=$i; unalias k; exit $i; echo no); echo st$?; done");
    expect(r).toMatchObject({ stdout: "st1\nst2\n", exitCode: 0 });
    expect(s.run("pwd; echo $X; alias k").stdout).toBe("/tmp\n1\nalias k='kubectl'\n");
  });
});

describe("case", () => {
  it("the terminal waits until esac", () => {
    const waits = (text: string) => !splitUnits(text.split("\n")).complete;
    expect(waits("case $x in\n  a) echo a;;")).toBe(true);
    expect(waits("case $x in\n  (a) echo a;;\n  (b) echo b;;\nesac")).toBe(false);
  });
  it("a pattern's quoted parts are literal, its unquoted expansions are patterns", () => {
    const s = sh();
    expect(s.run(`p='a*'; for w in abc 'a*'; do case $w in "$p") echo "lit $w";; $p) echo "glob $w";; esac; done`).stdout).toBe("glob abc\nlit a*\n");
  });
});

describe("functions", () => {
  it("runaway recursion stops at the nesting bound with an error, and the shell goes on", () => {
    const s = sh();
    const r = s.run("f() { f; }; f; echo after $?");
    expect(r.stderr).toBe(`bash: f: maximum function nesting level exceeded (${MAX_FUNC_DEPTH})\n`);
    expect(r.stdout).toBe("after 1\n");
    expect(s.run("g() { echo $1; }; g ok").stdout).toBe("ok\n");
  });
  it("a function defined in an exercise attempt survives a checkpoint and shows in stateHash", () => {
    const ex = getExercise("expose-nodeport")!.exercise;
    const live = startSession(ex, 7);
    const log = [{ kind: "run", line: "kns() { kubectl get ns --no-headers | wc -l; }" } as const];
    live.apply(log[0]);
    const restored = restoreSession(ex, 7, live.params, live.checkpoint(), log);
    expect(restored?.shell.run("kns").stdout).toBe(live.shell.run("kns").stdout);
    expect(restored?.shell.run("kns").stderr).toBe("");
    const other = startSession(ex, 7);
    other.apply({ kind: "run", line: "kns() { kubectl get ns; }" });
    expect(other.stateHash()).not.toBe(live.stateHash());
    // the same session with the function gone hashes differently
    const hashWith = live.stateHash();
    delete live.shell.state.functions;
    expect(live.stateHash()).not.toBe(hashWith);
  });
});
