/** The container log store and the kubelet's ReadLogs over it: per-line times, --since, --timestamps, --tail. */
import { describe, expect, it, vi } from "vitest";
import { ACCESS_LOG_CAP, accessLogEvents, appendAccessLog, formatLogTime, logFromEvents, readLog, type AccessLog, type ContainerLog } from "./container-logs";
import { cka, mustGet, pod } from "./test-helpers";
import { EPOCH_MS } from "./util";

vi.setConfig({ testTimeout: 60_000 });

const log = (): ContainerLog => ({ t: [1000, 2000, 3000, 4000], line: ["a", "b", "c", "d"], partial: false });

describe("readLog (kubelet kuberuntime/logs ReadLogs)", () => {
  it("since: a line written exactly at since is kept, one ms earlier is skipped (!timestamp.Before(since))", () => {
    expect(readLog(log(), { since: 3000 })).toBe("c\nd\n");
    expect(readLog(log(), { since: 2999 })).toBe("c\nd\n");
    expect(readLog(log(), { since: 2001 })).toBe("c\nd\n");
    expect(readLog(log(), { since: 2000 })).toBe("b\nc\nd\n");
    expect(readLog(log(), { since: 4001 })).toBe("");
  });

  it("tail picks the last lines first, then since filters them", () => {
    expect(readLog(log(), { tailLines: 2 })).toBe("c\nd\n");
    expect(readLog(log(), { tailLines: 0 })).toBe("");
    expect(readLog(log(), { tailLines: 9 })).toBe("a\nb\nc\nd\n");
    expect(readLog(log(), { tailLines: 3, since: 3000 })).toBe("c\nd\n");
    expect(readLog(log(), { tailLines: 1, since: 1000 })).toBe("d\n");
  });

  it("timestamps: RFC3339NanoFixed (nine fraction digits, the sim's ms then zeros) and one space", () => {
    expect(readLog(log(), { timestamps: true, tailLines: 1 })).toBe("2026-01-01T00:00:04.000000000Z d\n");
    expect(formatLogTime(0)).toBe("2026-01-01T00:00:00.000000000Z");
    expect(formatLogTime(3_723_456)).toBe("2026-01-01T01:02:03.456000000Z");
    expect(formatLogTime(86_400_000 * 31 + 1)).toBe("2026-02-01T00:00:00.001000000Z");
  });

  it("limitBytes counts the prefix and the newline, cuts the last line mid-way (a character cut in its bytes is dropped: a JS string holds no half of one)", () => {
    expect(readLog(log(), { limitBytes: 4 })).toBe("a\nb\n");
    expect(readLog(log(), { limitBytes: 3 })).toBe("a\nb");
    expect(readLog(log(), { limitBytes: 1 })).toBe("a");
    expect(readLog(log(), { limitBytes: 100 })).toBe("a\nb\nc\nd\n");
    expect(readLog(log(), { limitBytes: 33, timestamps: true })).toBe("2026-01-01T00:00:01.000000000Z a\n");
    expect(readLog(log(), { limitBytes: 34, timestamps: true })).toBe("2026-01-01T00:00:01.000000000Z a\n2");
    expect(readLog(log(), { limitBytes: 2, since: 3000 })).toBe("c\n");
    const wide: ContainerLog = { t: [0], line: ["héllo"], partial: false };
    expect(readLog(wide, { limitBytes: 2 })).toBe("h");
    expect(readLog(wide, { limitBytes: 3 })).toBe("hé");
  });

  it("a last line without a newline stays without one, with or without its time", () => {
    const l: ContainerLog = { t: [5, 6], line: ["x", "y"], partial: true };
    expect(readLog(l)).toBe("x\ny");
    expect(readLog(l, { timestamps: true, tailLines: 1 })).toBe("2026-01-01T00:00:00.006000000Z y");
  });
});

describe("logFromEvents", () => {
  it("each line gets its time (start + event time); events after until are not written yet", () => {
    const l = logFromEvents([{ t: 0, out: "one" }, { t: 500, err: "two" }, { t: 1500, out: "three" }], 1000, 10_000);
    expect(l).toEqual({ t: [10_000, 10_500], line: ["one", "two"], partial: false });
  });

  it("output without a newline joins the next line, which carries the time it was completed", () => {
    const l = logFromEvents([{ t: 0, out: "a", nonl: true }, { t: 200, out: "b" }, { t: 300, out: "c", nonl: true }], 1000, 0);
    expect(l).toEqual({ t: [200, 300], line: ["ab", "c"], partial: true });
    expect(readLog(l)).toBe("ab\nc");
  });
});

describe("kubectl logs --since on a cluster", () => {
  it("sinceSeconds counts back from the cluster's now; times follow the virtual clock", () => {
    const c = cka();
    c.create(pod("t", { image: "busybox:1.36", command: ["sh", "-c", "while true; do echo tick; sleep 10; done"] }));
    while (c.kubelets.findPod("default", "t")?.rt.cs.c.startedAt === undefined) c.advance(100);
    const start = c.kubelets.findPod("default", "t")!.rt.cs.c.startedAt!;
    c.advance(start + 15_000 - c.now);
    const all = c.logs({ pod: "t", timestamps: true });
    if (!all.ok) throw new Error("no logs");
    const stamps = all.text.trim().split("\n").map((l) => l.split(" ")[0]);
    expect(stamps[0]).toBe(new Date(EPOCH_MS + start).toISOString().replace(/Z$/, "000000Z"));
    expect(stamps[1]).toBe(new Date(EPOCH_MS + start + 10_000).toISOString().replace(/Z$/, "000000Z"));
    expect(stamps).toHaveLength(2);
    // a since that lands exactly on the second line's time keeps it
    c.advance(start + 10_000 + 20_000 - c.now);
    const at = c.logs({ pod: "t", sinceSeconds: 20 });
    expect(at.ok && at.text).toBe("tick\ntick\ntick\n");
    c.advance(1);
    const after = c.logs({ pod: "t", sinceSeconds: 20 });
    expect(after.ok && after.text).toBe("tick\ntick\n");
  });

  it("the API server rejects sinceSeconds below 1 and both since options together, and changes nothing", () => {
    const c = cka();
    c.create(pod("t", { image: "busybox:1.36", command: ["sh", "-c", "echo hi; sleep 3600"] }));
    c.advance(10_000);
    const before = mustGet(c, "pods", "t").metadata.resourceVersion;
    const zero = c.logs({ pod: "t", sinceSeconds: 0 });
    expect(!zero.ok && zero.status.message).toBe('PodLogOptions "t" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0');
    const both = c.logs({ pod: "t", sinceSeconds: 5, sinceTime: 0 });
    expect(!both.ok && both.status.reason).toBe("Invalid");
    expect(mustGet(c, "pods", "t").metadata.resourceVersion).toBe(before);
    const ok = c.logs({ pod: "t", sinceTime: 0 });
    expect(ok.ok && ok.text).toBe("hi\n");
  });
});

describe("access log ring (nginx/httpd lines per request)", () => {
  it("keeps the last cap lines in order with their times; the write position wraps", () => {
    let log: AccessLog | undefined;
    for (let i = 1; i <= 3; i++) log = appendAccessLog(log, i * 10, `r${i}`, 3);
    expect(log).toEqual({ t: [10, 20, 30], line: ["r1", "r2", "r3"], h: 0 });
    log = appendAccessLog(log, 40, "r4", 3);
    expect(log).toEqual({ t: [40, 20, 30], line: ["r4", "r2", "r3"], h: 1 });
    expect(accessLogEvents(log)).toEqual([{ t: 20, out: "r2" }, { t: 30, out: "r3" }, { t: 40, out: "r4" }]);
    for (let i = 5; i <= 7; i++) log = appendAccessLog(log, i * 10, `r${i}`, 3);
    expect(accessLogEvents(log).map((e) => e.out)).toEqual(["r5", "r6", "r7"]);
    expect(accessLogEvents(undefined)).toEqual([]);
  });

  it("an older checkpoint's array of objects is read as is and turned into the ring on the next line", () => {
    const legacy = [{ t: 5, line: "old1" }, { t: 6, line: "old2" }];
    expect(accessLogEvents(legacy)).toEqual([{ t: 5, out: "old1" }, { t: 6, out: "old2" }]);
    expect(appendAccessLog(legacy, 7, "new")).toEqual({ t: [5, 6, 7], line: ["old1", "old2", "new"], h: 0 });
  });

  it("a busy nginx keeps its start lines and its last ACCESS_LOG_CAP request lines, each with its time", () => {
    const c = cka();
    c.create(pod("web", { image: "nginx:1.27" }));
    c.advance(30_000);
    const { podIP: ip } = mustGet(c, "pods", "web").status;
    const node = mustGet(c, "pods", "web").spec.nodeName;
    const n = ACCESS_LOG_CAP + 20;
    for (let i = 1; i <= n; i++) {
      expect(c.curl({ node }, `http://${ip}/r${i}`).ok).toBe(true);
      c.advance(10);
    }
    const r = c.logs({ pod: "web", timestamps: true });
    if (!r.ok) throw new Error("no logs");
    const lines = r.text.trimEnd().split("\n");
    const access = lines.filter((l) => l.includes('"GET /r'));
    expect(access).toHaveLength(ACCESS_LOG_CAP);
    expect(access[0]).toContain('"GET /r21 HTTP/1.1"');
    expect(access[ACCESS_LOG_CAP - 1]).toContain(`"GET /r${n} HTTP/1.1"`);
    expect(lines[0]).toMatch(/^2026-01-01T\d\d:\d\d:\d\d\.\d{3}000000Z \/docker-entrypoint\.sh: /);
    const since = c.logs({ pod: "web", sinceSeconds: 1 });
    expect(since.ok && since.text.trimEnd().split("\n").length).toBe(100); // 10 ms apart: the last second's requests
  });
});
