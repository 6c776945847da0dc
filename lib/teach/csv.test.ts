import { describe, expect, it } from "vitest";
import { neutralise, toCsv } from "./csv";

describe("CSV export", () => {
  it("starts with a BOM, uses CRLF and quotes what needs quoting", () => {
    const csv = toCsv(["name", "note"], [["김민수", 'say "hi", then go'], ["Ann", "two\nlines"]]);
    expect(csv.startsWith("\uFEFFname,note\r\n")).toBe(true);
    expect(csv).toContain('"say ""hi"", then go"');
  });
  it("neutralises text cells a spreadsheet would run as a formula, not numbers", () => {
    for (const bad of ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=x", "\r=x"]) expect(neutralise(bad)).toBe(`'${bad}`);
    expect(neutralise("a=b")).toBe("a=b");
    expect(neutralise(-3)).toBe(-3);
    expect(neutralise(null)).toBe("");
    expect(neutralise(Number.NaN)).toBe("");
    expect(toCsv(["h"], [["=HYPERLINK(\"x\")"]])).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
