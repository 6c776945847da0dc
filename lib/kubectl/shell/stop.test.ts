import { describe, expect, it } from "vitest";
import { SimulationStopped } from "../cluster-api";
import { createMemoryCluster } from "../memory-cluster";
import { createShell } from "./shell";

const sh = () => createShell(createMemoryCluster());
/** A deterministic deadline: true from the n-th question on (no clock in the test). */
const stopAfter = (n: number) => {
  let asked = 0;
  return () => ++asked > n;
};
const words = (n: number) => Array.from({ length: n }, (_, i) => i).join(" ");

describe("the caller's deadline inside the shell", () => {
  it("stops a nested for loop part-way (the loops never reach the cluster)", () => {
    const s = sh();
    s.state.shouldStop = stopAfter(2_000);
    const line = `for a in ${words(30)}; do for b in ${words(30)}; do for c in ${words(30)}; do echo $a$b$c; done; done; done`;
    expect(() => s.run(line)).toThrow(SimulationStopped);
  });
  it("stops grep, sed and awk inside their line loops", () => {
    for (const cmd of ["grep -c x big.txt", "sed 's/x/y/' big.txt", "awk '{print $1}' big.txt"]) {
      const s = sh();
      s.state.fs.write(`${s.state.home}/big.txt`, "x\n".repeat(50_000));
      let asked = 0;
      // the first questions come from the command line itself; the rest from the tool's line loop
      s.state.shouldStop = () => ++asked > 20;
      expect(() => s.run(cmd), cmd).toThrow(SimulationStopped);
      expect(asked, cmd).toBeLessThan(200);
    }
  });
  it("runs to the end when the deadline is not reached, and without one", () => {
    const s = sh();
    s.state.shouldStop = stopAfter(1_000_000);
    expect(s.run(`for a in ${words(3)}; do for b in ${words(3)}; do echo $a$b; done; done`).stdout).toBe("00\n01\n02\n10\n11\n12\n20\n21\n22\n");
    s.state.shouldStop = null;
    expect(s.run(`for a in ${words(3)}; do echo $a; done`).stdout).toBe("0\n1\n2\n");
  });
});

describe("grep, sed and awk on a linear-time engine (RE2)", () => {
  it("matches a pattern that backtracks exponentially in a JavaScript RegExp, at once", () => {
    const s = sh();
    // 60 a's: hours for a backtracking engine (each extra character doubles it), linear for RE2
    const r = s.run(`echo ${"a".repeat(60)}b | grep -E '(a|a)*$'`);
    expect(r.stdout).toBe(`${"a".repeat(60)}b\n`);
    expect(s.run(`echo ${"a".repeat(60)} | grep -cE '^(a+)+$'`).stdout).toBe("1\n");
  });
  it("keeps the flags' behaviour: -E -i -v -o -c -w -F -n", () => {
    const s = sh();
    s.run("echo -e 'web-1 Running\\nweb-2 Pending\\nDB-1 Running\\nweb.x 1' > p.txt");
    expect(s.run("grep -E 'web-[0-9] (Running|Pending)' p.txt").stdout).toBe("web-1 Running\nweb-2 Pending\n");
    expect(s.run("grep -i db p.txt").stdout).toBe("DB-1 Running\n");
    expect(s.run("grep -v Running p.txt").stdout).toBe("web-2 Pending\nweb.x 1\n");
    expect(s.run("grep -o 'web-[0-9]' p.txt").stdout).toBe("web-1\nweb-2\n");
    expect(s.run("grep -c Running p.txt").stdout).toBe("2\n");
    expect(s.run("grep -w web p.txt | wc -l").stdout).toBe("3\n");
    expect(s.run("grep -F 'web.' p.txt").stdout).toBe("web.x 1\n");
    expect(s.run("grep -n Pending p.txt").stdout).toBe("2:web-2 Pending\n");
    expect(s.run("grep 'web-1\\|DB' p.txt").stdout).toBe("web-1 Running\nDB-1 Running\n");
  });
  it("prints GNU grep's messages for bad patterns (exit 2)", () => {
    const s = sh();
    const bad = (p: string) => s.run(`echo a | grep -E '${p}'`);
    expect(bad("(a").stderr).toBe("grep: Unmatched ( or \\(\n");
    expect(bad("a)").stderr).toBe("grep: Unmatched ) or \\)\n");
    expect(bad("[a").stderr).toBe("grep: Unmatched [, [^, [:, [., or [=\n");
    expect(bad("[z-a]").stderr).toBe("grep: Invalid range end\n");
    expect(bad("a{2,1}").stderr).toBe("grep: Invalid content of \\{\\}\n");
    // RE2 has no back-references: refused, never matched differently from GNU grep
    expect(bad("(a)\\1").stderr).toBe("grep: Invalid back reference\n");
    expect(bad("(a").exitCode).toBe(2);
  });
  it("sed s/// and /re/ addresses: replacement syntax, flags and GNU's error text", () => {
    const s = sh();
    expect(s.run("echo hello world | sed 's/o/0/g'").stdout).toBe("hell0 w0rld\n");
    expect(s.run("echo hello world | sed 's/O/0/I'").stdout).toBe("hell0 world\n");
    expect(s.run("echo image: nginx:1.25 | sed 's/\\(nginx\\):\\(.*\\)/\\1@\\2 [&]/'").stdout).toBe("image: nginx@1.25 [nginx:1.25]\n");
    expect(s.run("echo -e 'a\\nb\\nc' | sed '/b/d'").stdout).toBe("a\nc\n");
    const r = s.run("echo a | sed 's/\\(a/b/'");
    expect(r.stderr).toBe("sed: -e expression #1, char 8: Unmatched ( or \\(\n");
    expect(r.exitCode).toBe(1);
  });
  it("awk: /regex/ conditions and a regex field separator", () => {
    const s = sh();
    expect(s.run("echo -e 'a::b::c\\nx::y::z' | awk -F'::' '/b/ {print $3}'").stdout).toBe("c\n");
    expect(s.run("echo -e 'a 1\\nb 2' | awk '/^(a|a)*b/ {print $2}'").stdout).toBe("2\n");
  });
});
