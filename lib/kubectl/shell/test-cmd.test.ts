import { describe, expect, it } from "vitest";
import { createSimSession } from "../sim-adapter";

function run(line: string) {
  const sh = createSimSession({ preset: "cka", seed: 1 });
  sh.run("mkdir -p /opt/d && echo data > /opt/d/f && touch /opt/d/empty");
  return sh.run(line);
}

describe("test and [ (bash builtins)", () => {
  it.each([
    ["[ -f /opt/d/f ]", 0], ["[ -f /opt/d ]", 1], ["[ -d /opt/d ]", 0], ["[ -e /nope ]", 1],
    ["[ -s /opt/d/f ]", 0], ["[ -s /opt/d/empty ]", 1], ["test -f /etc/kubernetes/manifests/etcd.yaml", 0],
    ["[ a = a ]", 0], ["[ a != a ]", 1], ["[ 3 -gt 2 ]", 0], ["[ 2 -ge 3 ]", 1], ["[ -10 -lt 0 ]", 0],
    ["[ -n '' ]", 1], ["[ -z '' ]", 0], ["[ x ]", 0], ["[ '' ]", 1], ["[ ]", 1], ["test", 1],
    ["[ ! -f /nope ]", 0], ["[ ! x ]", 1], ["[ -f /opt/d/f -a 1 -eq 1 ]", 0], ["[ -f /nope -o -d /opt ]", 0],
    ["[ \\( 1 -eq 2 \\) -o x ]", 0], ["[ -f ]", 0],
  ])("%s exits %i", (line, code) => {
    expect(run(line).exitCode).toBe(code);
  });

  it("relative paths resolve against the working directory", () => {
    const sh = createSimSession({ preset: "cka", seed: 1 });
    sh.run("mkdir -p /opt/d && echo x > /opt/d/f && cd /opt/d");
    expect(sh.run("[ -f f ] && echo yes").stdout).toBe("yes\n");
  });

  it("a malformed expression exits 2 with bash's words", () => {
    expect(run("[ 1 -eq x ]")).toMatchObject({ exitCode: 2, stderr: "bash: [: x: integer expression expected\n" });
    expect(run("[ 1 = 1")).toMatchObject({ exitCode: 2, stderr: "bash: [: missing `]'\n" });
    expect(run("test a b c")).toMatchObject({ exitCode: 2, stderr: "bash: test: b: binary operator expected\n" });
    expect(run("test a = b c")).toMatchObject({ exitCode: 2, stderr: "bash: test: too many arguments\n" });
    expect(run("test -q x")).toMatchObject({ exitCode: 2, stderr: "bash: test: -q: unary operator expected\n" });
  });

  it("works in lists as verify scripts use it", () => {
    expect(run("[ -f /opt/d/f ] && echo ok || echo missing").stdout).toBe("ok\n");
    expect(run("[ -f /opt/d/none ] && echo ok || echo missing").stdout).toBe("missing\n");
  });
});
