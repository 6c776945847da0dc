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
});
