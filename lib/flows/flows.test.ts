import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { flowScenarioIds } from "#lib/content/flow-scenarios";
import { FlowScenarioError, getFlowRun, matchSteps, parseFlowScenario, runFlowScenario } from "./run";
import type { FlowRun } from "./types";

const root = path.join(import.meta.dirname, "..", "..");

function load(id: string) {
  const file = `content/flows/${id}.yaml`;
  return parseFlowScenario(file, fs.readFileSync(path.join(root, file), "utf8"));
}

function run(id: string): FlowRun {
  return runFlowScenario(id, load(id));
}

/** Per step: "from > to: action Kind", deduplicated in order; nodes and Pods anonymised. */
function sequence(r: FlowRun): string[][] {
  return r.steps.map((s) => {
    const out: string[] = [];
    for (const e of s.entries) {
      const ep = (x: string) => x.replace(/^pod@.*/, "pod").replace(/@(?!\*).*$/, "@node");
      const sig = `${ep(e.src)} > ${ep(e.dst)}: ${e.action} ${e.object.split(" ")[0]}`.trim();
      if (!out.includes(sig)) out.push(sig);
    }
    return out;
  });
}

/** The numbered list right after `<FlowPlayer scenario="id" />` in a lesson file. */
function numberedStepsAfterPlayer(file: string, id: string): number {
  const src = fs.readFileSync(file, "utf8");
  const at = src.indexOf(`<FlowPlayer scenario="${id}" />`);
  if (at < 0) return -1;
  const lines = src.slice(at).split("\n").slice(1);
  let n = 0;
  for (const line of lines) {
    if (line.trim() === "" && n === 0) continue;
    const m = /^(\d+)\. /.exec(line);
    if (m && Number(m[1]) === n + 1) n++;
    else if (line.trim() !== "") break;
  }
  return n;
}

const EXPECTED: Record<string, string[][]> = {
  "deployment-create": [
    ["kubectl > kube-apiserver: create Deployment", "kube-apiserver > etcd: put Deployment"],
    ["kube-controller-manager > kube-apiserver: create ReplicaSet", "kube-apiserver > etcd: put ReplicaSet", "kube-controller-manager > kube-apiserver: create Pod", "kube-apiserver > etcd: put Pod"],
    ["kube-apiserver > kube-scheduler: watch Pod", "kube-scheduler > kube-apiserver: create binding Pod"],
    ["kube-apiserver > kubelet@node: watch Pod", "kubelet@node > containerd@node: run pod sandbox Pod", "kubelet@node > containerd@node: pull image Pod", "kubelet@node > containerd@node: start container Pod"],
    ["kubelet@node > pod: liveness probe Pod", "kubelet@node > pod: readiness probe Pod"],
  ],
  "service-nodeport": [
    ["kubectl > kube-apiserver: create Service", "kube-apiserver > etcd: put Service", "kube-controller-manager > kube-apiserver: create EndpointSlice"],
    ["kubelet@node > containerd@node: run pod sandbox Pod", "kubelet@node > containerd@node: pull image Pod", "kubelet@node > containerd@node: start container Pod", "kubelet@node > pod: readiness probe Pod"],
    ["kube-controller-manager > kube-apiserver: update EndpointSlice", "kube-apiserver > kube-proxy@node: watch EndpointSlice", "kube-proxy@node > kube-proxy@node: sync rules Service"],
    ["node@node > kube-proxy@node: DNAT Service", "kube-proxy@node > pod: forward Pod"],
  ],
  "hpa-scale-out": [
    ["load-generator > kube-proxy@*: start load Service", "kubelet@node > containerd@node: stats Node"],
    ["metrics-server > kubelet@*: scrape"],
    ["kube-controller-manager > metrics-server: get metrics HorizontalPodAutoscaler", "kube-controller-manager > kube-apiserver: create Event", "kube-controller-manager > kube-apiserver: update status HorizontalPodAutoscaler"],
    [
      "kube-controller-manager > kube-apiserver: update Deployment",
      "kube-controller-manager > kube-apiserver: update ReplicaSet",
      "kube-controller-manager > kube-apiserver: create Pod",
      "kube-scheduler > kube-apiserver: create binding Pod",
      "kubelet@node > containerd@node: start container Pod",
    ],
  ],
  "secret-update": [
    ["kubectl > kube-apiserver: update Secret", "kube-apiserver > etcd: put Secret"],
    ["kube-apiserver > kubelet@node: watch Secret", "kubectl > kubelet@node: exec Pod"],
    ["kubelet@node > kubelet@node: sync volumes Pod"],
    ["kubectl > kubelet@node: exec Pod"],
  ],
  "rolling-update": [
    ["kubectl > kube-apiserver: update Deployment", "kube-apiserver > etcd: put Deployment"],
    ["kube-controller-manager > kube-apiserver: create ReplicaSet", "kube-controller-manager > kube-apiserver: update ReplicaSet", "kube-controller-manager > kube-apiserver: create Pod"],
    ["kube-scheduler > kube-apiserver: create binding Pod", "kubelet@node > containerd@node: pull image Pod", "kubelet@node > containerd@node: start container Pod"],
    ["kube-controller-manager > kube-apiserver: delete Pod", "kube-controller-manager > kube-apiserver: create Pod", "kube-controller-manager > kube-apiserver: update ReplicaSet"],
    ["kubelet@node > kube-apiserver: delete Pod", "kube-controller-manager > kube-apiserver: update status Deployment"],
  ],
  "node-failure": [
    ["kubelet@node > kubelet@node: stop Node"],
    ["kube-controller-manager > kube-apiserver: update status Node", "kube-controller-manager > kube-apiserver: create Event"],
    ["kube-controller-manager > kube-apiserver: update Node", "kube-controller-manager > kube-apiserver: update status Pod"],
    ["kube-controller-manager > kube-apiserver: create Event", "kube-controller-manager > kube-apiserver: delete Pod"],
    ["kube-controller-manager > kube-apiserver: create Pod", "kube-scheduler > kube-apiserver: create binding Pod", "kubelet@node > containerd@node: start container Pod"],
  ],
  "scheduling-taints-affinity": [
    ["kubectl > kube-apiserver: update Node", "kube-apiserver > etcd: put Node"],
    ["kubectl > kube-apiserver: create Pod", "kube-apiserver > etcd: put Pod"],
    ["kube-apiserver > kube-scheduler: watch Pod", "kube-scheduler > kube-apiserver: create Event"],
    ["kube-scheduler > kube-apiserver: create binding Pod", "kube-scheduler > kube-apiserver: create Event"],
    ["kube-apiserver > kubelet@node: watch Pod", "kubelet@node > containerd@node: pull image Pod", "kubelet@node > containerd@node: start container Pod"],
  ],
};

describe("flow scenarios", () => {
  it("has a scenario file with expectations for every id a lesson may use", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...flowScenarioIds].sort());
    for (const id of flowScenarioIds) expect(fs.existsSync(path.join(root, "content/flows", `${id}.yaml`)), id).toBe(true);
  });

  for (const id of flowScenarioIds) {
    describe(id, () => {
      it("runs on the simulator and produces its steps with the expected component sequence", () => {
        const r = run(id);
        expect(sequence(r)).toEqual(EXPECTED[id]);
        for (const s of r.steps) expect(s.entries.length).toBeGreaterThan(0);
        expect(r.components).toEqual(expect.arrayContaining(["kube-apiserver", "etcd"]));
      });

      it("has as many steps as the numbered list after its FlowPlayer in both languages", () => {
        const scenario = load(id);
        for (const locale of ["ko", "en"]) {
          const file = path.join(root, "content/lessons", scenario.lesson, `${locale}.mdx`);
          expect(numberedStepsAfterPlayer(file, id), `${scenario.lesson}/${locale}.mdx`).toBe(scenario.steps.length);
        }
      });

      it("is deterministic", () => {
        expect(JSON.stringify(run(id))).toBe(JSON.stringify(run(id)));
      });
    });
  }

  it("deployment-create follows the Deployment from kubectl to Ready Pods on the workers", () => {
    const r = run("deployment-create");
    const [create, controllers, scheduling, kubelet, probes] = r.steps;
    expect(create.entries[0]).toMatchObject({ from: "kubectl", to: "kube-apiserver", action: "create", object: "Deployment default/web" });
    expect(controllers.entries.map((e) => e.from)).toContain("kube-controller-manager/deployment-controller");
    expect(controllers.entries.map((e) => e.from)).toContain("kube-controller-manager/replicaset-controller");
    expect(scheduling.entries.filter((e) => e.action === "create binding").map((e) => e.detail).sort()).toEqual(["node=node01", "node=node02"]);
    for (const e of kubelet.entries.filter((x) => x.dst.startsWith("containerd@"))) expect(e.dst.slice(11)).toBe(e.src.slice(8));
    expect(probes.entries.every((e) => e.detail.endsWith(": success"))).toBe(true);
    const final = new Map(r.pods.map((p) => [p.pod, p.state]));
    expect([...final.values()]).toEqual(["Ready", "Ready"]);
  });

  it("node-failure taints after the 50 s grace and evicts 300 s later", () => {
    const r = run("node-failure");
    const stop = r.steps[0].entries[0].t;
    const taint = r.steps[2].entries[0].t;
    const evict = r.steps[3].entries[0].t;
    expect(taint - stop).toBeGreaterThanOrEqual(50_000 - 10_000); // the last Lease renewal was up to 10 s before the stop
    expect(taint - stop).toBeLessThanOrEqual(50_000 + 10_000);
    expect(evict - taint).toBe(300_000);
    const node02 = r.nodeChanges.filter((n) => n.node === "node02");
    expect(node02.at(-1)).toEqual({ t: taint, node: "node02", ready: false, taints: ["node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute"] });
    // The evicted Pod stays Terminating (its kubelet cannot confirm) while its replacement becomes Ready elsewhere.
    const evicted = r.steps[3].entries.find((e) => e.action === "delete")!.object.replace("Pod ", "");
    expect(r.pods.filter((p) => p.pod === evicted).at(-1)).toMatchObject({ node: "node02", state: "Terminating" });
    const replacement = r.steps[4].entries.find((e) => e.action === "create binding")!;
    expect(replacement.detail).not.toBe("node=node02");
  });

  it("scheduling-taints-affinity binds only the Pod that tolerates the taint", () => {
    const r = run("scheduling-taints-affinity");
    expect(r.nodeChanges.filter((n) => n.node === "node02").at(-1)?.taints).toEqual(["gpu=true:NoSchedule"]);
    expect(r.steps[2].entries.some((e) => e.object === "Event default/plain" && e.detail.startsWith("Warning FailedScheduling"))).toBe(true);
    expect(r.steps[3].entries.find((e) => e.action === "create binding")).toMatchObject({ object: "Pod default/gpu-job", detail: "node=node02" });
    const final = new Map(r.pods.map((p) => [p.pod, p.state]));
    expect(final.get("default/plain")).toBe("Pending");
  });

  it("secret-update rewrites the file only on the kubelet's next sync", () => {
    const r = run("secret-update");
    const change = r.steps[0].entries[0].t;
    const sync = r.steps[2].entries[0].t;
    // Only the kubelet of the Pod's node watches the Secret, and it hears of the change at once.
    const watch = r.steps[1].entries.filter((e) => e.action === "watch");
    const node = r.pods.find((p) => p.pod === "default/app")!.node;
    expect(watch.map((e) => [e.dst, e.t])).toEqual([[`kubelet@${node}`, change]]);
    expect(sync).toBeGreaterThan(change);
    expect(sync - change).toBeLessThanOrEqual(60_000 + 5_000);
    // The file changes after the sync; the environment variable never does.
    expect(r.commands.filter((c) => c.text.startsWith("kubectl exec")).map((c) => c.output)).toEqual(["old-pass", "new-pass", "old-pass"]);
  });

  it("service-nodeport: every kube-proxy syncs the two endpoints, and the DNAT'd packet reaches the chosen Pod", () => {
    const r = run("service-nodeport");
    const syncs = r.steps[2].entries.filter((e) => e.action === "sync rules");
    expect(syncs.map((e) => e.src)).toEqual(r.nodes.map((n) => `kube-proxy@${n}`));
    for (const e of syncs) expect(e.detail).toMatch(/^KUBE-SVC-[A-Z2-7]{16} 2 endpoints$/);
    const [dnat, forward] = r.steps[3].entries;
    expect(forward).toMatchObject({ action: "forward", src: dnat.dst });
    expect(dnat.detail.split(" -> ")[1]).toBe(forward.detail.split(" ")[0]);
    const pod = forward.to.slice(4);
    expect(r.pods.some((p) => p.pod === pod && p.state === "Ready")).toBe(true);
  });

  it("hpa-scale-out: the node stats and the controller's metrics read come from the load", () => {
    const r = run("hpa-scale-out");
    const stats = r.steps[0].entries.filter((e) => e.action === "stats");
    expect(stats.map((e) => e.src)).toEqual(["kubelet@node01", "kubelet@node02"]);
    const read = r.steps[2].entries.find((e) => e.action === "get metrics")!;
    const utilization = Number(/^cpu (\d+)% of request$/.exec(read.detail)?.[1]);
    expect(utilization).toBeGreaterThan(50 * 1.1);
    expect(r.steps[2].entries.find((e) => e.action === "create")?.detail).toMatch(/SuccessfulRescale/);
  });

  it("fails with a clear error when a step's matcher selects nothing", () => {
    const scenario = load("deployment-create");
    const broken = { ...scenario, steps: scenario.steps.map((s, i) => (i === 2 ? { ...s, match: [{ from: "kube-scheduler", action: "create binding", kind: "Deployment" }] } : s)) };
    expect(() => runFlowScenario("deployment-create", broken)).toThrow(FlowScenarioError);
    expect(() => runFlowScenario("deployment-create", broken)).toThrow(/step 3 \("Scheduling"\) matched no trace entry/);
  });

  it("matches globs, actions, kinds, skip, limit and latest", () => {
    const trace = [
      { t: 1, from: "kubelet/node01", to: "containerd/node01", action: "pull image", object: "Pod default/a", detail: "nginx" },
      { t: 2, from: "kubelet/node02", to: "containerd/node02", action: "start container", object: "Pod default/b", detail: "web" },
      { t: 3, from: "kubelet/node01", to: "containerd/node01", action: "start container", object: "Pod kube-system/c", detail: "x" },
    ];
    const step = (match: object[]) => ({ title: { ko: "t", en: "t" }, caption: { ko: "c", en: "c" }, match }) as never;
    const ts = (m: object[]) => matchSteps(trace, [step(m)])[0].map((e) => e.t);
    expect(ts([{ from: "kubelet/*", action: "start container" }])).toEqual([2, 3]);
    expect(ts([{ kind: "Pod", name: "default/*" }])).toEqual([1, 2]);
    expect(ts([{ to: "containerd/*", skip: 1, limit: 1 }])).toEqual([2]);
    expect(ts([{ to: "containerd/*", latest: true, limit: 1 }])).toEqual([3]);
    expect(ts([{ action: ["pull image", "start container"], detail: "w*" }])).toEqual([2]);
    expect(() => ts([{ kind: "Deployment" }])).toThrow(FlowScenarioError);
  });

  it("rejects a scenario file with a bad field, naming the file and the field", () => {
    expect(() => parseFlowScenario("content/flows/x.yaml", "lesson: 09-x\npreset: big\ncommands: [ls]\nsteps: []\n")).toThrow(/content\/flows\/x\.yaml: preset/);
  });

  it("caches runs by the scenario file's content hash", async () => {
    const a = await getFlowRun("scheduling-taints-affinity");
    const b = await getFlowRun("scheduling-taints-affinity");
    expect(b).toBe(a);
    expect(a.hash).toMatch(/^[0-9a-f]{16}$/);
    await expect(getFlowRun("no-such-flow")).rejects.toThrow(FlowScenarioError);
  });
});
