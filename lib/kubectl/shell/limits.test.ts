import { describe, expect, it } from "vitest";
import { MAX_COMMAND_LINE_BYTES, utf8Bytes } from "./limits";
import { createSimSession } from "#lib/kubectl/index";

describe("utf8Bytes", () => {
  it("counts like Buffer.byteLength", () => {
    for (const s of ["", "kubectl get pods", "é", "파드", "😀", "a😀b", "\ud800", "x\udc00y", "€".repeat(100)]) expect(utf8Bytes(s), JSON.stringify(s)).toBe(Buffer.byteLength(s));
  });
});

describe("the shell's command-line limit", () => {
  it("runs a line of exactly the limit and refuses one byte more, counted in UTF-8", () => {
    const s = createSimSession({ preset: "single" });
    const fits = `echo ${"a".repeat(MAX_COMMAND_LINE_BYTES - 5)}`;
    expect(utf8Bytes(fits)).toBe(MAX_COMMAND_LINE_BYTES);
    expect(s.run(fits).exitCode).toBe(0);
    const over = s.run(`${fits}a`);
    expect(over.exitCode).toBe(1);
    expect(over.stderr).toBe(`bash: command line too long (${MAX_COMMAND_LINE_BYTES + 1} bytes; the limit is ${MAX_COMMAND_LINE_BYTES})\n`);
    // Hangul is three bytes a character: a third as many characters reach the limit.
    const hangul = `echo ${"가".repeat(Math.ceil((MAX_COMMAND_LINE_BYTES - 4) / 3))}`;
    expect(s.run(hangul).exitCode).toBe(1);
  });
});
