/** apimachinery util/diff.Diff (json.MarshalIndent + go-difflib unified diff) and Quantity canonical strings. */
import { describe, expect, it } from "vitest";
import { canonicalQuantity } from "../util";
import { goDiff, goJsonIndent, unifiedDiff } from "./go-diff";

describe("unifiedDiff (go-difflib, context 3, no file header)", () => {
  // Expected texts produced by Python's difflib.unified_diff, the algorithm go-difflib ports.
  it("one changed line", () => {
    expect(unifiedDiff("x", "y")).toBe("@@ -1 +1 @@\n-x\n+y\n");
  });

  it("an added last line", () => {
    expect(unifiedDiff("a\nb", "a\nb\nc")).toBe("@@ -1,2 +1,3 @@\n a\n b\n+c\n");
  });

  it("splits hunks when more than 6 equal lines separate changes", () => {
    const a = Array.from({ length: 20 }, (_, i) => String(i + 1)).join("\n");
    const b = a.replace("\n2\n", "\n2b\n").replace("\n18\n", "\n").replace("\n10\n", "\n10\n10a\n");
    expect(unifiedDiff(a, b)).toBe(
      "@@ -1,5 +1,5 @@\n 1\n-2\n+2b\n 3\n 4\n 5\n@@ -8,6 +8,7 @@\n 8\n 9\n 10\n+10a\n 11\n 12\n 13\n@@ -15,6 +16,5 @@\n 15\n 16\n 17\n-18\n 19\n 20\n",
    );
  });

  it("is empty for equal texts", () => {
    expect(unifiedDiff("a\nb", "a\nb")).toBe("");
  });
});

describe("goJsonIndent (json.MarshalIndent with one space)", () => {
  it("prints structs in field order, maps sorted, nil as null, empty containers inline", () => {
    const v = { B: new Map([["z", "1"], ["a", "2"]]), A: null, E: [], M: new Map(), S: ["x"] };
    expect(goJsonIndent(v)).toBe('{\n "B": {\n  "a": "2",\n  "z": "1"\n },\n "A": null,\n "E": [],\n "M": {},\n "S": [\n  "x"\n ]\n}');
  });

  it("escapes like encoding/json (HTML-safe)", () => {
    expect(goJsonIndent('a<b>&"\\\n\u2028')).toBe('"a\\u003cb\\u003e\\u0026\\"\\\\\\n\\u2028"');
  });

  it("goDiff marks the changed field", () => {
    expect(goDiff({ A: "x", B: 1 }, { A: "y", B: 1 })).toBe('@@ -1,4 +1,4 @@\n {\n- "A": "x",\n+ "A": "y",\n  "B": 1\n }\n');
  });
});

describe("canonicalQuantity (Quantity.String)", () => {
  it.each([
    ["1Gi", "1Gi"], ["1024Mi", "1Gi"], ["1.5Gi", "1536Mi"], ["1000Mi", "1000Mi"], ["2048Ki", "2Mi"],
    ["0.5Ki", "512"], ["1023Ki", "1023Ki"], ["1000", "1k"], ["1500", "1500"], ["1.5k", "1500"], ["2000000", "2M"],
    ["0.5", "500m"], ["100m", "100m"], ["10G", "10G"], ["1e3", "1e3"], ["12e2", "1200"], ["0", "0"], ["0Gi", "0"],
    ["-1Gi", "-1Gi"], ["1.5", "1500m"],
  ])("%s -> %s", (q, want) => {
    expect(canonicalQuantity(q)).toBe(want);
  });

  it("leaves malformed input unchanged", () => {
    expect(canonicalQuantity("1GB")).toBe("1GB");
    expect(canonicalQuantity("")).toBe("");
  });
});
