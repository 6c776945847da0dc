// compileRegex keeps compiled patterns (one RE2JS per flags and source): the cache must not mix flags,
// must keep a bad pattern's error, and a shared pattern must match each caller's input on its own
import { describe, expect, it } from "vitest";
import { compileRegex } from "./regex";

function re(source: string, opts: { ignoreCase?: boolean } = {}) {
  const r = compileRegex(source, opts);
  if (!r.ok) throw new Error(r.error);
  return r.re;
}

describe("compileRegex, compiled once per pattern", () => {
  it("the same source with and without ignoreCase stays two patterns, in either order", () => {
    expect(re("running").test("Running")).toBe(false);
    expect(re("running", { ignoreCase: true }).test("Running")).toBe(true);
    expect(re("running").test("Running")).toBe(false);
    expect(re("PENDING", { ignoreCase: true }).test("pending")).toBe(true);
    expect(re("PENDING").test("pending")).toBe(false);
  });

  it("a bad pattern gives the regcomp error each time", () => {
    expect(compileRegex("a(b")).toEqual({ ok: false, error: "Unmatched ( or \\(" });
    expect(compileRegex("a(b")).toEqual({ ok: false, error: "Unmatched ( or \\(" });
    expect(compileRegex("a(b)").ok).toBe(true);
  });

  it("one pattern used inside another's iteration keeps both matches apart", () => {
    const a = re("[0-9]+");
    const b = re("[0-9]+");
    const out: string[][] = [];
    for (const m of a.matches("1 22 333")) out.push([m, ...b.matches(`x${m}y${m}${m}`)]);
    expect(out).toEqual([["1", "1", "11"], ["22", "22", "2222"], ["333", "333", "333333"]]);
    expect(a.replace("a1b22", "<$&>", true)).toBe("a<1>b<22>");
    expect(b.split("a1b22c")).toEqual(["a", "b", "c"]);
  });

  it("more distinct patterns than the cache holds still compile and match right", () => {
    for (let i = 0; i < 300; i++) expect(re(`^p${i}$`).test(`p${i}`)).toBe(true);
    expect(re("^p0$").test("p1")).toBe(false);
  });
});
