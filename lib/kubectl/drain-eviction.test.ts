// kubectl drain through pods/eviction (drain-wait.ts): the edges the golden transcripts
// drain-pdb-blocked / drain-pdb-allowed do not show.
import { describe, expect, it } from "vitest";
import { createSimSession } from "./sim-adapter";
import { runTranscript } from "./transcript";
import { formatGoDuration, parseGoDuration } from "./kubectl/drain-wait";

const BLOCKED = `kubectl create deployment web --image=nginx --replicas=2
kubectl create pdb web --selector=app=web --min-available=2
kubectl get pods -l app=web -o wide
`;

describe("kubectl drain with eviction", () => {
  it("rejects a --timeout that is not a duration before cordoning", () => {
    const shell = createSimSession({ preset: "cka", seed: 1 });
    const out = runTranscript(shell, "kubectl drain node01 --ignore-daemonsets --timeout=abc\nkubectl get node node01\n");
    expect(out).toContain(`error: invalid argument "abc" for "--timeout" flag: time: invalid duration "abc"\nSee 'kubectl drain --help' for usage.\n[exit 1]`);
    expect(out).not.toContain("cordoned");
    expect(out).not.toContain("SchedulingDisabled");
  });

  it("without --timeout keeps retrying a blocked pod, bounded at 15 virtual minutes (exit 130), the node cordoned", () => {
    const shell = createSimSession({ preset: "cka", seed: 1 });
    const setup = runTranscript(shell, BLOCKED);
    const pod = /^(web-\S+)\s.*node01/m.exec(setup)?.[1];
    expect(pod).toBeDefined();
    const out = runTranscript(shell, "kubectl drain node01 --ignore-daemonsets --delete-emptydir-data\nkubectl get node node01\n");
    const retries = out.split(`error when evicting pods/"${pod}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`).length - 1;
    // one attempt every 5 s, at 0 s .. 900 s
    expect(retries).toBe(181);
    expect(out).toContain("[exit 130]");
    expect(out).not.toContain("drained");
    expect(out).toContain("Ready,SchedulingDisabled");
  });

  it("a user who may cordon and list pods but not create pods/eviction gets the forbidden error", () => {
    const shell = createSimSession({ preset: "cka", seed: 1 });
    runTranscript(shell, `kubectl create deployment web --image=nginx --replicas=2
kubectl create clusterrole cordoner --verb=get,list,update,patch --resource=nodes,pods
kubectl create clusterrolebinding cordoner --clusterrole=cordoner --user=jane
`);
    const out = runTranscript(shell, "kubectl drain node01 --ignore-daemonsets --delete-emptydir-data --as=jane\n");
    expect(out).toContain("node/node01 cordoned");
    expect(out).toMatch(/error when evicting pods\/"web-\S+" -n "default": pods "web-\S+" is forbidden: User "jane" cannot create resource "pods\/eviction" in API group "" in the namespace "default"/);
    expect(out).toContain(`error: unable to drain node "node01" due to error: `);
    expect(out).toContain("[exit 1]");
    const after = runTranscript(shell, "kubectl get pods -l app=web\n");
    expect(after).not.toContain("Terminating");
  });
});

describe("Go durations", () => {
  it("parses and prints as time.ParseDuration / Duration.String", () => {
    expect(parseGoDuration("30s")).toBe(30_000);
    expect(parseGoDuration("1m30s")).toBe(90_000);
    expect(parseGoDuration("1.5h")).toBe(5_400_000);
    expect(parseGoDuration("0")).toBe(0);
    expect(parseGoDuration("30")).toBeNull();
    expect(parseGoDuration("")).toBeNull();
    expect(formatGoDuration(30_000)).toBe("30s");
    expect(formatGoDuration(90_000)).toBe("1m30s");
    expect(formatGoDuration(120_000)).toBe("2m0s");
    expect(formatGoDuration(3_600_000)).toBe("1h0m0s");
    expect(formatGoDuration(500)).toBe("500ms");
  });
});
