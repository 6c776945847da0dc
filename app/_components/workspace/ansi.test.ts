import { describe, expect, it } from "vitest";
import { C, colourOutput, scrollbackText, stripAnsi } from "./ansi";

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

describe("scrollbackText", () => {
  it("prints a restored command as the terminal showed it: prompt, heredoc lines after >, output with stderr in red", () => {
    const block = { prompt: "controlplane:~/work$ ", line: "cat <<EOF > a.txt\nhello\nEOF", output: "", stderr: "" };
    expect(stripAnsi(scrollbackText(block))).toBe("controlplane:~/work$ cat <<EOF > a.txt\n> hello\n> EOF\n");
    expect(scrollbackText(block)).toContain(`${C.blue}${C.bold}~/work${C.reset}`);
    const failed = { prompt: "controlplane:~$ ", line: "kubectl get pod x", output: "Error from server (NotFound): pods \"x\" not found", stderr: "Error from server (NotFound): pods \"x\" not found\n" };
    const text = scrollbackText(failed);
    expect(stripAnsi(text)).toBe('controlplane:~$ kubectl get pod x\nError from server (NotFound): pods "x" not found\n');
    expect(text).toContain(`${C.red}Error from server`);
  });

  it("prints what an editor save printed without a prompt", () => {
    expect(stripAnsi(scrollbackText({ output: "deployment.apps/web edited\n", stderr: "" }))).toBe("deployment.apps/web edited\n");
    expect(scrollbackText({ output: "", stderr: "" })).toBe("");
  });
});
