import { describe, expect, it } from "vitest";
import { C, colourOutput, stripAnsi } from "./ansi";

describe("stripAnsi", () => {
  it("removes the colours the terminal adds, leaving the text as printed", () => {
    const out = "NAME    READY   STATUS             RESTARTS\nweb-1   1/1     Running            0\nweb-2   0/1     CrashLoopBackOff   3\n";
    const coloured = colourOutput(out, "");
    expect(coloured).toContain("\x1b[");
    expect(stripAnsi(coloured)).toBe(out);
    expect(stripAnsi(`${C.red}${C.bold}error:${C.reset} no such file`)).toBe("error: no such file");
  });

  it("removes cursor moves, titles, other escapes and control characters; keeps newlines, tabs and Hangul", () => {
    expect(stripAnsi("a\x1b[2K\x1b[1;5Hb\x1b[?25lc")).toBe("abc");
    expect(stripAnsi("\x1b]0;title\x07x\x1b]8;;http://e\x1b\\y")).toBe("xy");
    expect(stripAnsi("\x1b7save\x1b8\x1b(B")).toBe("save");
    expect(stripAnsi("bell\x07 back\b nul\x00\r\nnext\tcol 파드")).toBe("bell back nul\nnext\tcol 파드");
    expect(stripAnsi("dangling \x1b")).toBe("dangling ");
  });
});
