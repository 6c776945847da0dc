/** The container log store and the kubelet's ReadLogs over it: per-line times, --since, --timestamps, --tail. */
import { describe, expect, it, vi } from "vitest";
import { formatLogTime, logFromEvents, readLog, type ContainerLog } from "./container-logs";
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
