/** kubectl logs and crictl logs over the same container log: times per line, --tail, -t/--timestamps. */
import { describe, expect, it } from "vitest";
import { createSimSession } from "./sim-adapter";

const STAMP = /^2026-01-01T\d\d:\d\d:\d\d\.\d{3}000000Z /;

describe("crictl logs (cri-tools reads the file with the kubelet's ReadLogs)", () => {
  it("-t prefixes each line with the time kubectl logs --timestamps shows; --tail keeps the last lines", () => {
    const s = createSimSession({ preset: "cka", seed: 3 });
    s.run(`kubectl run ticker --image=busybox:1.36 -- sh -c 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 10; done'`);
    s.run("sleep 35");
    const viaKubectl = s.run("kubectl logs ticker --timestamps").stdout;
    expect(viaKubectl.split("\n")[0]).toMatch(new RegExp(STAMP.source + "tick 1$"));
    const node = s.run("kubectl get pod ticker -o jsonpath='{.spec.nodeName}'").stdout;
    s.run(`ssh ${node}`);
    const id = s.run("crictl ps --name ticker -q").stdout.trim();
    expect(id).not.toBe("");
    const viaCrictl = s.run(`crictl logs -t ${id}`).stdout;
    expect(viaCrictl).toBe(viaKubectl);
    expect(s.run(`crictl logs --timestamps --tail 1 ${id}`).stdout).toBe(viaKubectl.trimEnd().split("\n").pop() + "\n");
    expect(s.run(`crictl logs --tail=2 ${id}`).stdout).toBe(viaKubectl.trimEnd().split("\n").slice(-2).map((l) => l.replace(STAMP, "") + "\n").join(""));
    expect(s.run(`crictl logs --tail 0 ${id}`).stdout).toBe("");
  });

  it("--since takes a Go duration (cut to whole seconds), an RFC3339 time or a Unix timestamp; a line written at that second is kept", () => {
    const s = createSimSession({ preset: "cka", seed: 3 });
    s.run(`kubectl run ticker --image=busybox:1.36 -- sh -c 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 10; done'`);
    s.run("sleep 35");
    const lines = s.run("kubectl logs ticker --timestamps").stdout.trimEnd().split("\n");
    const at = (l: string) => l.slice(0, l.indexOf(" "));
    // the same lines kubectl logs --since-time gives, from the second of the third line on
    const third = at(lines[2]).replace(/\.\d+Z$/, "Z");
    const want = s.run(`kubectl logs ticker --since-time=${third}`).stdout;
    expect(want).toBe("tick 3\ntick 4\n");
    const all = s.run("kubectl logs ticker").stdout;
    const lastSecond = s.run("kubectl logs ticker --since=1s").stdout;
    const node = s.run("kubectl get pod ticker -o jsonpath='{.spec.nodeName}'").stdout;
    s.run(`ssh ${node}`);
    const id = s.run("crictl ps --name ticker -q").stdout.trim();
    const since = (v: string) => s.run(`crictl logs --since ${v} ${id}`);
    expect(since(third).stdout).toBe(want);
    expect(since(String(Date.parse(third) / 1000)).stdout).toBe(want);
    // one second later: that line is left out
    expect(since(new Date(Date.parse(third) + 1000).toISOString().replace(/\.000Z$/, "Z")).stdout).toBe(want.split("\n").slice(1).join("\n"));
    // a duration counts back from now; everything, or nothing written in the last half second
    expect(since("1h").stdout).toBe(all);
    expect(since("500ms").stdout).toBe(lastSecond);
    expect(since("6s").stdout).toBe("tick 4\n");
    // what crictl exits with for a value it cannot read (docker's api/types/time GetTimestamp, Go's time.Parse)
    expect(since("abc")).toMatchObject({ stdout: "", stderr: 'FATA[0000] failed to parse value as time or duration: "abc"\n', exitCode: 1 });
    expect(since("2026-13-01T00:00:00Z")).toMatchObject({ stderr: 'FATA[0000] parsing time "2026-13-01T00:00:00Z": month out of range\n', exitCode: 1 });
    // --limit-bytes cuts the output after that many bytes
    expect(s.run(`crictl logs --limit-bytes 9 ${id}`).stdout).toBe("tick 1\nti");
    expect(s.run(`crictl logs --limit-bytes=0 ${id}`).stdout).toBe("");
  });
});
