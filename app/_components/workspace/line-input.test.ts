import { describe, expect, it } from "vitest";
import { applyCompletion, columns, displayWidth, heredocDelimiters, isIncomplete, lastWordStart } from "./line-input";

describe("isIncomplete", () => {
  it("runs a plain line at once", () => {
    expect(isIncomplete("kubectl get pods")).toBe(false);
    expect(isIncomplete("")).toBe(false);
  });

  it("waits for a heredoc's terminator", () => {
    expect(isIncomplete("cat <<EOF > pod.yaml")).toBe(true);
    expect(isIncomplete("cat <<EOF > pod.yaml\napiVersion: v1")).toBe(true);
    expect(isIncomplete("cat <<EOF > pod.yaml\napiVersion: v1\nEOF")).toBe(false);
    expect(isIncomplete("kubectl apply -f - <<'END'\nkind: Pod\n  END\nEND")).toBe(false);
    expect(isIncomplete("cat <<-EOF\n\tx\n\tEOF")).toBe(false);
  });

  it("waits for a closing quote, a continuation and a dangling pipe", () => {
    expect(isIncomplete("echo 'a")).toBe(true);
    expect(isIncomplete("echo 'a\nb'")).toBe(false);
    expect(isIncomplete("kubectl run web \\")).toBe(true);
    expect(isIncomplete("kubectl run web \\\n --image=nginx")).toBe(false);
    expect(isIncomplete("kubectl get pods |")).toBe(true);
  });

  it("ignores heredoc markers in quotes and comments", () => {
    expect(isIncomplete("echo '<<EOF'")).toBe(false);
    expect(isIncomplete("echo hi # <<EOF")).toBe(false);
    expect(heredocDelimiters("cat <<A <<'B'")).toEqual([
      { delim: "A", strip: false },
      { delim: "B", strip: false },
    ]);
  });
});

describe("completion", () => {
  it("finds the last word", () => {
    expect(lastWordStart("kubectl get depl")).toBe(12);
    expect(lastWordStart("kubectl get 'a b")).toBe(12);
    expect(lastWordStart("")).toBe(0);
  });

  it("completes a unique candidate with a trailing space", () => {
    expect(applyCompletion("kubectl get depl", ["deployments"])).toEqual({ insert: "oyments ", list: [] });
  });

  it("extends to the common prefix, then lists", () => {
    expect(applyCompletion("kubectl get po", ["pods", "podtemplates"])).toEqual({ insert: "d", list: [] });
    expect(applyCompletion("kubectl get pod", ["pods", "podtemplates"])).toEqual({ insert: "", list: ["pods", "podtemplates"] });
    expect(applyCompletion("kubectl get x", ["pods"])).toEqual({ insert: "", list: [] });
  });

  it("lays out candidates in columns", () => {
    expect(columns(["a", "bb", "ccc"], 10)).toEqual(["a    bb", "ccc"]);
  });

  it("counts Hangul as two cells", () => {
    expect(displayWidth("ab한글")).toBe(6);
  });
});

describe("colourOutput", () => {
  it("colours status words and stderr lines", async () => {
    const { colourOutput } = await import("./ansi");
    expect(colourOutput("web-1   1/1   Running   0")).toBe("web-1   1/1   \x1b[32mRunning\x1b[0m   0");
    expect(colourOutput("ok\nError from server (NotFound)", "Error from server (NotFound)\n")).toBe("ok\n\x1b[31mError from server (NotFound)\x1b[0m");
  });
});
