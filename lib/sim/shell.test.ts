/** busybox wget/curl inside containers: option parsing (networking/wget.c getopt32) and outcomes on virtual time. */
import { describe, expect, it, vi } from "vitest";
import { cka, deployment, pod, service } from "./test-helpers";
import { parseWgetArgs, runProgram, type ShellIO } from "./shell";

vi.setConfig({ testTimeout: 60_000 });

describe("parseWgetArgs", () => {
  it.each([
    [["-T", "2", "http://web"], { urls: ["http://web"], timeoutS: 2 }],
    [["-T5", "web"], { urls: ["web"], timeoutS: 5 }],
    [["--timeout=7", "web"], { urls: ["web"], timeoutS: 7 }],
    [["--timeout", "8", "web"], { urls: ["web"], timeoutS: 8 }],
    [["-qO-", "http://web"], { urls: ["http://web"], quiet: true, output: "-" }],
    [["-qO", "-", "http://web"], { urls: ["http://web"], quiet: true, output: "-" }],
    [["-O", "-", "-q", "http://web"], { urls: ["http://web"], quiet: true, output: "-" }],
    [["-O-", "http://web"], { urls: ["http://web"], output: "-" }],
    [["-q", "-O", "/tmp/page", "web"], { urls: ["web"], output: "/tmp/page" }],
    [["--output-document=/tmp/p", "web"], { urls: ["web"], output: "/tmp/p" }],
    [["--spider", "-S", "web"], { urls: ["web"], spider: true, serverResponse: true }],
    [["http://web", "-T", "3"], { urls: ["http://web"], timeoutS: 3 }],
    [["-nv", "-c", "-U", "agent/1", "--header", "X-A: b", "web"], { urls: ["web"], quiet: false }],
    [["-P", "/tmp", "a", "b"], { urls: ["a", "b"], dir: "/tmp" }],
    [["--", "-odd"], { urls: ["-odd"] }],
  ])("%j", (args, want) => {
    expect(parseWgetArgs(args)).toMatchObject(want);
  });

  it("defaults: not quiet, 900 s timeout, no output file", () => {
    expect(parseWgetArgs(["web"])).toEqual({ urls: ["web"], quiet: false, timeoutS: 900, spider: false, serverResponse: false });
  });

  it("reports what busybox reports for bad command lines", () => {
    expect(parseWgetArgs(["-T", "abc", "web"])).toEqual({ error: "wget: invalid number 'abc'" });
    const bad = parseWgetArgs(["-Z", "web"]);
    expect("error" in bad && bad.error.split("\n").slice(0, 4)).toEqual(["wget: invalid option -- 'Z'", "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.", "", "Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]"]);
    expect(parseWgetArgs(["--bogus", "web"])).toMatchObject({ error: expect.stringMatching(/^wget: unrecognized option '--bogus'\n/) });
    expect(parseWgetArgs(["-O"])).toMatchObject({ error: expect.stringMatching(/^wget: option requires an argument -- 'O'\n/) });
    expect(parseWgetArgs(["-q"])).toMatchObject({ error: expect.stringMatching(/^BusyBox v1\.36\.1/) });
  });
});

/** A container whose network answers `answer(url)`; DNS knows web -> 10.96.0.5. */
function io(answer: (url: string) => { code: number; body: string } | { error: string; exit?: number }): ShellIO & { seen: string[] } {
  const seen: string[] = [];
  return {
    env: {}, hostname: "client", startMs: 0, seen,
    readFile: () => null,
    listDir: () => [],
    http: (url) => { seen.push(url); return answer(url); },
    nslookup: (name) => (name === "web" ? ["10.96.0.5"] : null),
  };
}

/** Run `sh -c script`; stdout/stderr lines with their virtual times. */
function run(script: string, x: ShellIO) {
  const tl = runProgram(["sh", "-c", script], x, { horizonMs: 3_600_000 });
  return {
    out: tl.events.filter((e) => e.out !== undefined).map((e) => [e.t, e.out]),
    err: tl.events.filter((e) => e.err !== undefined).map((e) => [e.t, e.err]),
    files: Object.fromEntries(tl.events.filter((e) => e.file).map((e) => [e.file!.path, e.file!.content])),
    exit: tl.exit,
  };
}

const OK = () => ({ code: 200, body: "hello\n" });

describe("wget in a container", () => {
  it("-T is a timeout, not the URL: a silent target times out after T seconds", () => {
    const x = io(() => ({ error: "Failed to connect to web port 80 after 10002 ms: Timeout was reached", exit: 28 }));
    const r = run("wget -T 2 -qO- http://web; echo rc=$?", x);
    expect(x.seen).toEqual(["http://web"]);
    expect(r.err).toEqual([[2005, "wget: download timed out"]]);
    expect(r.out).toEqual([[2005, "rc=1"]]);
  });

  it("without -T the kernel gives up connecting first (~127 s of SYN retries)", () => {
    const r = run("wget -qO- http://web; echo rc=$?", io(() => ({ error: "timeout", exit: 28 })));
    expect(r.err).toEqual([[127_005, "wget: can't connect to remote host (10.96.0.5): Connection timed out"]]);
    expect(r.out).toEqual([[127_005, "rc=1"]]);
  });

  it("a refused connection and an unknown name, with busybox's texts", () => {
    expect(run("wget -q -O- http://web:81", io(() => ({ error: "Failed to connect to web port 81 after 0 ms: Couldn't connect to server", exit: 7 }))).err)
      .toEqual([[5, "wget: can't connect to remote host (10.96.0.5): Connection refused"]]);
    expect(run("wget -q -O- http://nope", io(() => ({ error: "bad address 'nope'", exit: 6 }))).err).toEqual([[5, "wget: bad address 'nope'"]]);
  });

  it("-O- and -O - print the body; without -O it is saved under the URL's file name", () => {
    expect(run("wget -qO- http://web", io(OK)).out).toEqual([[5, "hello"]]);
    expect(run("wget -q -O - http://web", io(OK)).out).toEqual([[5, "hello"]]);
    const saved = run("wget -q http://web; wget -q http://web/docs/a.txt; wget -q -O /tmp/x http://web; wget -q -P /data http://web/b", io(OK));
    expect(saved.out).toEqual([]);
    expect(saved.files).toEqual({ "index.html": "hello\n", "a.txt": "hello\n", "/tmp/x": "hello\n", "/data/b": "hello\n" });
  });

  it("--spider only checks; -S shows the status line; HTTP errors fail", () => {
    const spider = run("wget --spider -q http://web; echo rc=$?", io(OK));
    expect(spider.out).toEqual([[5, "rc=0"]]);
    expect(spider.files).toEqual({});
    expect(run("wget -S -qO- http://web", io(OK)).err).toEqual([[5, "  HTTP/1.1 200 OK"]]);
    const missing = run("wget --spider http://web/missing; echo rc=$?", io(() => ({ code: 404, body: "" })));
    expect(missing.err).toEqual([[5, "wget: server returned error: HTTP/1.1 404 Not Found"]]);
    expect(missing.out).toEqual([[5, "rc=1"]]);
  });

  it("a bad option prints busybox's usage and makes no request", () => {
    const x = io(OK);
    const r = run("wget -Z http://web; echo rc=$?", x);
    expect(x.seen).toEqual([]);
    expect(r.err[0][1]).toBe("wget: invalid option -- 'Z'");
    expect(r.out.at(-1)?.[1]).toBe("rc=1");
  });
});

describe("curl in a container", () => {
  it("options with a value are not taken for the URL; errors carry curl's exit code", () => {
    const x = io(OK);
    expect(run("curl -s -m 5 --connect-timeout 3 -H 'Host: a' http://web/", x).out).toEqual([[5, "hello"]]);
    expect(x.seen).toEqual(["http://web/"]);
    const refused = run("curl -sS http://web:81; echo rc=$?", io(() => ({ error: "Failed to connect to web port 81 after 0 ms: Couldn't connect to server", exit: 7 })));
    expect(refused.err).toEqual([[5, "curl: (7) Failed to connect to web port 81 after 0 ms: Couldn't connect to server"]]);
    expect(refused.out).toEqual([[5, "rc=7"]]);
    expect(run("curl -fsS http://web/x; echo rc=$?", io(() => ({ code: 404, body: "nope" }))).out).toEqual([[5, "rc=22"]]);
    expect(run("curl -so /tmp/o http://web", io(OK)).files).toEqual({ "/tmp/o": "hello\n" });
  });
});

describe("wget -T through the cluster (REQUESTS item 16)", () => {
  it("kubectl exec client -- wget -T 2 -qO- http://web:8080 fetches the page", () => {
    const c = cka();
    c.apply(deployment("web", { replicas: 1, container: { ports: [{ containerPort: 80 }] } }));
    c.apply(service("web", { app: "web" }, { ports: [{ port: 8080, targetPort: 80 }] }));
    c.apply(pod("client", { image: "busybox:1.36", command: ["sleep", "3600"] }));
    c.runUntilIdle();
    const r = c.exec({ pod: "client", command: ["wget", "-T", "2", "-qO-", "http://web:8080"] });
    expect(r.ok && r.stderr).toBe("");
    expect(r.ok && r.stdout).toContain("Welcome to nginx!");
  });
});
