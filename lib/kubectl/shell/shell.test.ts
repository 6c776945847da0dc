import { describe, expect, it } from "vitest";
import { createMemoryCluster } from "../memory-cluster";
import { createShell } from "./shell";
import { splitScript } from "./parse";

const sh = () => createShell(createMemoryCluster());

describe("shell", () => {
  it("echoes with quoting and variables", () => {
    const s = sh();
    expect(s.run(`X=world; echo "hello $X" 'and $X' \\$X`).stdout).toBe("hello world and $X $X\n");
  });
  it("handles && || ; and exit codes", () => {
    const s = sh();
    expect(s.run("false && echo a || echo b; echo c").stdout).toBe("b\nc\n");
    expect(s.run("nosuch").exitCode).toBe(127);
    expect(s.run("nosuch").stderr).toBe("nosuch: command not found\n");
    expect(s.run("true; echo $?").stdout).toBe("0\n");
  });
  it("ignores comments", () => {
    expect(sh().run("echo a # b c").stdout).toBe("a\n");
    expect(sh().run("# only a comment").exitCode).toBe(0);
  });
  it("grep -x, -m/--max-count and --, as GNU grep 3.8 answers them (compared on this machine)", () => {
    const s = sh();
    s.run("printf 'a\\nab\\nb\\na\\nc\\nd\\n' > g.txt");
    const r = (line: string) => {
      const o = s.run(line);
      return [o.stdout + o.stderr, o.exitCode];
    };
    expect(r("grep -x a g.txt")).toEqual(["a\na\n", 0]);
    expect(r("grep -xc -E 'a|ab' g.txt")).toEqual(["3\n", 0]);
    expect(r("grep -xw ab g.txt")).toEqual(["ab\n", 0]);
    expect(r("grep -x b. g.txt")).toEqual(["", 1]);
    expect(r("grep -m 1 a g.txt")).toEqual(["a\n", 0]);
    expect(r("grep -m1 -A1 a g.txt")).toEqual(["a\nab\n", 0]);
    expect(r("grep --max-count=2 -c a g.txt")).toEqual(["2\n", 0]);
    expect(r("grep -vm2 a g.txt")).toEqual(["b\nc\n", 0]);
    expect(r("grep -m -1 -c a g.txt")).toEqual(["3\n", 0]);
    expect(r("grep -m 0 a g.txt")).toEqual(["", 1]);
    expect(r("grep -m x a g.txt")).toEqual(["grep: invalid max count\n", 2]);
    expect(r("grep -- -x g.txt")).toEqual(["", 1]);
    expect(r("grep -e a -- g.txt")).toEqual(["a\nab\na\n", 0]);
  });
  it("base64 -w COLS / -w 0 / --wrap, -di, and coreutils' errors (compared with GNU coreutils 9.1 in the C locale)", () => {
    const s = sh();
    s.run("printf 'hello world, this is a test of wrapping' > b.txt");
    const r = (line: string) => {
      const o = s.run(line);
      return [o.stdout + o.stderr, o.exitCode];
    };
    expect(r("base64 -w 10 b.txt")).toEqual(["aGVsbG8gd2\n9ybGQsIHRo\naXMgaXMgYS\nB0ZXN0IG9m\nIHdyYXBwaW\n5n\n", 0]);
    expect(r("base64 --wrap 0 b.txt")).toEqual(["aGVsbG8gd29ybGQsIHRoaXMgaXMgYSB0ZXN0IG9mIHdyYXBwaW5n", 0]);
    expect(r("base64 -w 0 b.txt")).toEqual(r("base64 -w0 b.txt"));
    expect(r("base64 -w0 b.txt | base64 -di")).toEqual(["hello world, this is a test of wrapping", 0]);
    expect(r("base64 -w x b.txt")).toEqual(["base64: invalid wrap size: 'x'\n", 1]);
    expect(r("base64 -w -1 b.txt")).toEqual(["base64: invalid wrap size: '-1'\n", 1]);
    expect(r("base64 -z b.txt")).toEqual(["base64: invalid option -- 'z'\nTry 'base64 --help' for more information.\n", 1]);
    expect(r("base64 b.txt b.txt")).toEqual(["base64: extra operand 'b.txt'\nTry 'base64 --help' for more information.\n", 1]);
    expect(r("printf '' | base64")).toEqual(["", 0]);
  });
  it("head/tail -c bytes, head -n -N, tail -c +N and their errors (compared with GNU coreutils 9.1 in the C locale)", () => {
    const s = sh();
    s.run("printf 'one\\ntwo\\nthree\\nfour\\nfive\\n' > h.txt");
    const r = (line: string) => {
      const o = s.run(line);
      return [o.stdout + o.stderr, o.exitCode];
    };
    expect(r("head -c 5 h.txt")).toEqual(["one\nt", 0]);
    expect(r("head -c -20 h.txt")).toEqual(["one\n", 0]);
    expect(r("head --bytes=3 h.txt")).toEqual(["one", 0]);
    expect(r("head -n -2 h.txt")).toEqual(["one\ntwo\nthree\n", 0]);
    expect(r("tail -c 5 h.txt")).toEqual(["five\n", 0]);
    expect(r("tail -c +20 h.txt")).toEqual(["five\n", 0]);
    expect(r("tail -c0 h.txt")).toEqual(["", 0]);
    expect(r("tail -n +4 h.txt")).toEqual(["four\nfive\n", 0]);
    expect(r("tail -n -2 h.txt")).toEqual(["four\nfive\n", 0]);
    expect(r("head -c x h.txt")).toEqual(["head: invalid number of bytes: 'x'\n", 1]);
    expect(r("tail -n x h.txt")).toEqual(["tail: invalid number of lines: 'x'\n", 1]);
  });
  it("pipes into grep, head, tail, wc, sort, awk", () => {
    const s = sh();
    s.run("printf_unused=1");
    s.run("echo -e 'b 2\\na 1\\nc 3\\nB 4' > f.txt");
    expect(s.run("cat f.txt | grep -i b").stdout).toBe("b 2\nB 4\n");
    expect(s.run("cat f.txt | grep -v b | wc -l").stdout).toBe("3\n");
    expect(s.run("grep -c -E 'a|c' f.txt").stdout).toBe("2\n");
    expect(s.run("sort f.txt | head -n 2").stdout).toBe("B 4\na 1\n");
    expect(s.run("tail -1 f.txt").stdout).toBe("B 4\n");
    expect(s.run("awk '{print $2}' f.txt | sort -n | tail -n 1").stdout).toBe("4\n");
    expect(s.run("grep zzz f.txt").exitCode).toBe(1);
  });
  it("writes heredocs and appends", () => {
    const s = sh();
    const r = s.run("cat <<EOF > a.yaml\nname: $HOME\nEOF");
    expect(r.exitCode).toBe(0);
    expect(s.run("cat a.yaml").stdout).toBe("name: /root\n");
    s.run("cat <<'EOF' >> a.yaml\nliteral: $HOME\nEOF");
    expect(s.run("cat a.yaml").stdout).toBe("name: /root\nliteral: $HOME\n");
    expect(s.run("ls").stdout).toBe("a.yaml\n");
  });
  it("process substitution and 2> truncation", () => {
    const s = sh();
    expect(s.run("cat <(echo hi) <(echo there)").stdout).toBe("hi\nthere\n");
    s.run("cat nofile 2> err.txt; cat nofile 2> err.txt");
    expect(s.run("wc -l err.txt").stdout).toBe("1 err.txt\n");
    s.run("cat nofile 2>> err.txt");
    expect(s.run("wc -l err.txt").stdout).toBe("2 err.txt\n");
  });
  it("xargs passes stdin words to a command", () => {
    const s = sh();
    expect(s.run("echo a b c | xargs echo x").stdout).toBe("x a b c\n");
    expect(s.run("echo a b | xargs -n 1 echo y").stdout).toBe("y a\ny b\n");
    expect(s.run("printf 'p\\nq\\n' | xargs -I {} echo [{}]").stdout).toBe("[p]\n[q]\n");
  });
  it("printf formats and reuses the format", () => {
    expect(sh().run("printf '%s=%d\\n' a 1 b 2").stdout).toBe("a=1\nb=2\n");
  });
  it("base64 round trip", () => {
    const s = sh();
    expect(s.run("echo -n admin | base64").stdout).toBe("YWRtaW4=\n");
    expect(s.run("echo YWRtaW4= | base64 -d").stdout).toBe("admin");
  });
  it("aliases k to kubectl and exports", () => {
    const s = sh();
    expect(s.run("alias k").stdout).toBe("alias k='kubectl'\n");
    s.run("export ETCDCTL_API=3");
    expect(s.run("echo $ETCDCTL_API").stdout).toBe("3\n");
  });
  it("reports syntax errors without throwing", () => {
    const s = sh();
    const r = s.run("echo 'unterminated");
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/unexpected EOF/);
    expect(s.run("| grep x").exitCode).toBe(2);
    expect(s.run("echo >").stderr).toBe("bash: syntax error near unexpected token `newline'\n");
  });
  it("sleep advances the virtual clock", () => {
    const c = createMemoryCluster();
    const s = createShell(c);
    const t0 = c.now();
    s.run("sleep 30");
    expect(c.now() - t0).toBe(30000);
  });
  it("hands files to the editor", () => {
    const s = sh();
    const r = s.run("vi pod.yaml");
    expect(r.editor).toEqual({ kind: "file", path: "/root/pod.yaml", content: "", editor: "vi" });
    s.saveFile("/root/pod.yaml", "x: 1\n");
    expect(s.run("cat pod.yaml").stdout).toBe("x: 1\n");
  });
  it("command substitution and redirects of stderr", () => {
    const s = sh();
    expect(s.run("echo $(echo hi) there").stdout).toBe("hi there\n");
    const r = s.run("cat nofile 2>/dev/null; echo $?");
    expect(r.output).toBe("1\n");
    expect(s.run("cat nofile 2>&1 | wc -l").stdout).toBe("1\n");
  });
  it("splits scripts with heredocs into units", () => {
    expect(splitScript("echo a\ncat <<EOF > f\nx\ny\nEOF\necho b \\\n c\n")).toEqual(["echo a", "cat <<EOF > f\nx\ny\nEOF", "echo b \\\n c"]);
  });
  it("runs for loops and case statements", () => {
    const s = sh();
    expect(s.run("for x in a b 'c d'; do echo [$x]; done").stdout).toBe("[a]\n[b]\n[c d]\n");
    expect(s.run("case a in a) echo matched;; esac")).toMatchObject({ stdout: "matched\n", exitCode: 0 });
  });
  it("sed supports s///, d, p and N, $ and /re/ addresses", () => {
    const s = sh();
    s.run("echo -e 'a\\nb\\nc\\nd' > f");
    expect(s.run("sed 's/b/B/; s/c/[&]/' f").stdout).toBe("a\nB\n[c]\nd\n");
    expect(s.run("sed -n '/b/,/c/p' f").stdout).toBe("b\nc\n");
    expect(s.run("sed '2,3d' f").stdout).toBe("a\nd\n");
    expect(s.run("sed -n '$p' f").stdout).toBe("d\n");
    expect(s.run("sed '/a/d' f | head -1").stdout).toBe("b\n");
    s.run("sed -i 's/a/z/' f");
    expect(s.run("head -1 f").stdout).toBe("z\n");
    expect(s.run("sed 'y/a/b/' f").exitCode).toBe(1);
  });
  it("bounds the line length", () => {
    const r = sh().run("echo " + "x".repeat(70000));
    expect(r.exitCode).toBe(1);
  });
});
