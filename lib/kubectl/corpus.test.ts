// The conformance corpus: `kubectl apply -f <file>` of every manifest in lib/testdata/k8s-examples (the shared corpus)
// prints exactly the line(s) of its README index (stdout, or stderr + exit 1 for NEGATIVE rows).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createSimSession } from "./sim-adapter";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const corpus = path.resolve(repoRoot, "lib/testdata/k8s-examples");

interface Row {
  file: string;
  negative: boolean;
  expected: string;
  namespaces: string[];
}

function rows(): Row[] {
  const readme = readFileSync(path.join(corpus, "README.md"), "utf8");
  const out: Row[] = [];
  for (const line of readme.split("\n")) {
    const m = /^\| (\d+) \| `([^`]+)` \| [^|]+ \| [^|]+ \| (.+?) \| (.+?) \| .* \|$/.exec(line);
    if (!m) continue;
    const [, , file, output, prereq] = m;
    const negative = output.startsWith("**NEGATIVE");
    const ticks = [...output.matchAll(/`([^`]+)`/g)].map((x) => x[1].replace(/<file>/g, file));
    let expected: string;
    if (negative) {
      // the error, plus a second line for the resource-mapping case
      expected = ticks.filter((t) => !/created$/.test(t)).join("\n");
    } else {
      expected = output
        .split("<br>")
        .map((c) => /^`([^`]+)`/.exec(c.trim())?.[1])
        .filter((x): x is string => !!x)
        .join("\n");
    }
    const namespaces = [...prereq.matchAll(/kubectl create namespace ([a-z0-9-]+)/g)].map((x) => x[1]);
    out.push({ file, negative, expected, namespaces });
  }
  return out;
}

describe("k8s-examples corpus: kubectl apply -f prints the README line", () => {
  const all = rows();
  it("reads all 94 rows of the index", () => {
    expect(all.length).toBe(94);
  });
  for (const row of all) {
    it(row.file, () => {
      const shell = createSimSession({ preset: "cka", seed: 1 });
      for (const ns of row.namespaces) expect(shell.run(`kubectl create namespace ${ns}`).exitCode).toBe(0);
      const text = readFileSync(path.join(corpus, row.file), "utf8");
      const dir = path.dirname(row.file);
      shell.run(`mkdir -p ${dir}`);
      shell.saveFile(`/root/${row.file}`, text);
      const r = shell.run(`kubectl apply -f ${row.file}`);
      if (row.negative) {
        expect(r.stderr.trimEnd()).toBe(row.expected);
        expect(r.exitCode).toBe(1);
      } else {
        expect(r.stderr).toBe("");
        expect(r.stdout.trimEnd()).toBe(row.expected);
        expect(r.exitCode).toBe(0);
      }
    });
  }
});
