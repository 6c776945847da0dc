import { describe, expect, it } from "vitest";
import en from "./messages/en.json";
import ko from "./messages/ko.json";

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

/** ICU argument names in a message, e.g. "{done} of {total}" -> ["done", "total"]. */
function argumentsOf(message: string): string[] {
  return [...new Set([...message.matchAll(/\{\s*([A-Za-z_]\w*)\s*[,}]/g)].map((m) => m[1]))].sort();
}

export function parityProblems(a: Tree, b: Tree): string[] {
  const la = leaves(a);
  const lb = leaves(b);
  const problems: string[] = [];
  for (const k of la.keys()) if (!lb.has(k)) problems.push(`missing in second: ${k}`);
  for (const k of lb.keys()) if (!la.has(k)) problems.push(`missing in first: ${k}`);
  for (const [k, v] of la) {
    const w = lb.get(k);
    if (w !== undefined && argumentsOf(v).join() !== argumentsOf(w).join()) problems.push(`arguments differ: ${k}`);
    if (!v.trim()) problems.push(`empty: ${k}`);
  }
  return problems;
}

describe("message catalogues", () => {
  it("ko and en have exactly the same keys and arguments", () => {
    expect(parityProblems(ko, en)).toEqual([]);
  });

  it("the check notices a key that exists in one catalogue only", () => {
    expect(parityProblems({ a: "x", b: { c: "y" } }, { a: "x" })).toEqual(["missing in second: b.c"]);
    expect(parityProblems({ a: "x" }, { a: "x", d: "z" })).toEqual(["missing in first: d"]);
  });

  it("the check notices a placeholder that differs", () => {
    expect(parityProblems({ a: "{n} done" }, { a: "{count} done" })).toEqual(["arguments differ: a"]);
  });
});
