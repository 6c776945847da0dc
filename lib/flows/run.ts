import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { createShell, simClusterApi } from "#lib/kubectl/index";
import { createCluster, type Cluster, type Obj, type TraceEntry } from "#lib/sim/index";
import { FlowScenarioSchema, type FlowCommand, type FlowScenario, type FlowStep, type TraceMatcher } from "./schema";
import type { FlowEndpoint, FlowEntry, FlowRun, NodeChange, PodChange, PodState } from "./types";

/** Where the scenario files live (content/flows). */
export const flowsRoot = () => path.join(/*turbopackIgnore: true*/ process.cwd(), "content", "flows");

/** A scenario that does not load, does not run, or has a step that selects nothing. */
export class FlowScenarioError extends Error {
  override name = "FlowScenarioError";
}

/** Parse and validate a scenario's YAML; errors name the file and the field. */
export function parseFlowScenario(file: string, source: string): FlowScenario {
  let data: unknown;
  try {
    data = parseYaml(source);
  } catch (e) {
    throw new FlowScenarioError(`${file}: invalid YAML: ${(e as Error).message}`);
  }
  const r = FlowScenarioSchema.safeParse(data);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new FlowScenarioError(`${file}: ${issues}`);
  }
  return r.data;
}

function globRegex(glob: string): RegExp {
  return new RegExp("^" + glob.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$", "s");
}

/** Compile a matcher into a predicate over trace entries. */
export function compileMatcher(m: TraceMatcher): (e: TraceEntry) => boolean {
  const from = m.from ? globRegex(m.from) : null;
  const to = m.to ? globRegex(m.to) : null;
  const name = m.name ? globRegex(m.name) : null;
  const detail = m.detail ? globRegex(m.detail) : null;
  const actions = m.action === undefined ? null : Array.isArray(m.action) ? m.action : [m.action];
  return (e) => {
    if (from && !from.test(e.from)) return false;
    if (to && !to.test(e.to)) return false;
    if (actions && !actions.includes(e.action)) return false;
    const sp = e.object.indexOf(" ");
    if (m.kind && (sp < 0 ? e.object : e.object.slice(0, sp)) !== m.kind) return false;
    if (name && !name.test(sp < 0 ? "" : e.object.slice(sp + 1))) return false;
    if (detail && !detail.test(e.detail)) return false;
    return true;
  };
}

/** Where a trace participant sits on the picture. */
export function endpointOf(participant: string): FlowEndpoint {
  const [head, rest] = splitOnce(participant, "/");
  if (participant === "kubectl" || participant === "kubeadm") return "kubectl";
  if (participant === "outside") return "client";
  if (participant === "load-generator") return "load-generator";
  if (participant === "kube-apiserver" || participant === "etcd" || participant === "metrics-server" || participant === "coredns") return participant;
  if (participant === "kube-scheduler" || participant === "default-scheduler") return "kube-scheduler";
  if (head === "kube-controller-manager" || /-controller(-manager)?$/.test(participant) || participant === "horizontal-pod-autoscaler") return "kube-controller-manager";
  if (rest && (head === "kubelet" || head === "containerd" || head === "kube-proxy")) return `${head}@${rest}`;
  if (participant.startsWith("Pod ")) return `pod@${participant.slice(4)}`;
  if (participant.startsWith("Node ")) return `node@${participant.slice(5)}`;
  // A Service is not a process: traffic to it is handled by kube-proxy's rules on the nodes.
  if (participant.startsWith("Service ")) return "kube-proxy@*";
  return "client";
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

/** Each step = the trace entries its matchers select, in time order; a step that selects nothing is an error. */
export function matchSteps(trace: readonly TraceEntry[], steps: readonly FlowStep[], scenario = "scenario"): FlowEntry[][] {
  return steps.map((step, i) => {
    const picked = new Set<number>();
    for (const m of step.match) {
      const test = compileMatcher(m);
      let n = 0;
      let skip = m.skip ?? 0;
      const order = m.latest ? [...trace.keys()].reverse() : trace.keys();
      for (const j of order) {
        if (m.limit !== undefined && n >= m.limit) break;
        if (!test(trace[j])) continue;
        if (skip > 0) {
          skip--;
          continue;
        }
        picked.add(j);
        n++;
      }
    }
    if (picked.size === 0) {
      throw new FlowScenarioError(`Flow scenario "${scenario}": step ${i + 1} ("${step.title.en}") matched no trace entry; matchers: ${JSON.stringify(step.match)}`);
    }
    return [...picked].sort((a, b) => a - b).map((j) => ({ ...trace[j], src: endpointOf(trace[j].from), dst: endpointOf(trace[j].to) }));
  });
}

function podState(pod: Obj): PodState {
  if (pod.metadata.deletionTimestamp) return "Terminating";
  if (!pod.spec?.nodeName) return "Pending";
  const phase = pod.status?.phase;
  if (phase === "Failed" || phase === "Succeeded") return "Failed";
  if (phase === "Running") {
    const ready = (pod.status?.conditions ?? []).some((c: Obj) => c.type === "Ready" && c.status === "True");
    return ready ? "Ready" : "Running";
  }
  const waiting = (pod.status?.containerStatuses ?? []).some((c: Obj) => c.state?.waiting);
  return waiting || pod.status?.startTime ? "ContainerCreating" : "Pending";
}

function nodeState(node: Obj): Omit<NodeChange, "t"> {
  const ready = (node.status?.conditions ?? []).some((c: Obj) => c.type === "Ready" && c.status === "True");
  const taints = (node.spec?.taints ?? []).map((t: Obj) => `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`);
  return { node: node.metadata.name, ready, taints };
}

/** Records the scenario Pods' and the Nodes' state changes with their virtual time. */
function watchObjects(c: Cluster): { pods: PodChange[]; nodes: NodeChange[]; stop: () => void } {
  const pods: PodChange[] = [];
  const nodes: NodeChange[] = [];
  const last = new Map<string, string>();
  const record = (resource: string, obj: Obj, deleted: boolean, t: number) => {
    if (resource === "nodes") {
      const st = nodeState(obj);
      const sig = JSON.stringify(st);
      if (last.get(`node/${st.node}`) === sig) return;
      last.set(`node/${st.node}`, sig);
      nodes.push({ t, ...st });
      return;
    }
    if (resource !== "pods" || obj.metadata.namespace === "kube-system") return;
    const pod = `${obj.metadata.namespace}/${obj.metadata.name}`;
    const state: PodState = deleted ? "Deleted" : podState(obj);
    const node = obj.spec?.nodeName ?? null;
    const sig = `${state}|${node}`;
    if (last.get(pod) === sig) return;
    last.set(pod, sig);
    pods.push({ t, pod, node, state });
  };
  for (const resource of ["nodes", "pods"]) {
    const existing = c.list(resource, { allNamespaces: true });
    for (const obj of existing.ok ? existing.object : []) record(resource, obj, false, c.now);
  }
  const stop = c.onChange((type, obj, resource, t) => record(resource, obj, type === "DELETED", t));
  return { pods, nodes, stop };
}

function commandText(cmd: FlowCommand): string {
  if (typeof cmd === "string") return cmd;
  if ("load" in cmd) return `# load-generator → Service ${cmd.load.service}: ${cmd.load.rps} req/s`;
  return `# ${cmd.kubelet.node}: kubelet ${cmd.kubelet.running ? "started" : "stopped"}`;
}

const MAX_OUTPUT_LINES = 10;

/** Run one command; returns what it printed (at most a few lines). A failing command fails the scenario. */
function exec(c: Cluster, sh: ReturnType<typeof createShell>, cmd: FlowCommand, scenario: string): string {
  if (typeof cmd === "string") {
    const r = sh.run(cmd);
    if (r.exitCode !== 0) throw new FlowScenarioError(`Flow scenario "${scenario}": \`${cmd}\` failed (exit ${r.exitCode}): ${r.stderr.trim() || r.stdout.trim()}`);
    const lines = r.stdout.replace(/\n$/, "").split("\n");
    return lines.length > MAX_OUTPUT_LINES ? [...lines.slice(0, MAX_OUTPUT_LINES), "…"].join("\n") : lines.join("\n");
  }
  if ("load" in cmd) c.setLoad({ service: cmd.load.service, rps: cmd.load.rps });
  else c.setKubeletRunning(cmd.kubelet.node, cmd.kubelet.running);
  return "";
}

const ALWAYS: FlowEndpoint[] = ["kube-apiserver", "etcd"];
const ORDER: FlowEndpoint[] = ["kubectl", "client", "load-generator", "kube-apiserver", "etcd", "kube-scheduler", "kube-controller-manager", "metrics-server", "coredns"];

/** Run a scenario on a fresh simulated cluster (deterministic: fixed seed, virtual time) and map its trace to the steps. */
export function runFlowScenario(id: string, scenario: FlowScenario, hash = ""): FlowRun {
  const c = createCluster({ seed: scenario.seed, preset: scenario.preset });
  const sh = createShell(simClusterApi(c), { files: scenario.files });
  for (const cmd of scenario.setup) exec(c, sh, cmd, id);
  const before = c.trace().length;
  const watch = watchObjects(c);
  const commands: FlowRun["commands"] = [];
  try {
    for (const cmd of scenario.commands) {
      const t = c.now;
      commands.push({ t, text: commandText(cmd), output: exec(c, sh, cmd, id) });
    }
  } finally {
    watch.stop();
  }
  const trace = c.trace().slice(before);
  const matched = matchSteps(trace, scenario.steps, id);
  const used = new Set<FlowEndpoint>(ALWAYS);
  for (const entries of matched) for (const e of entries) used.add(e.src).add(e.dst);
  const nodesResult = c.list("nodes");
  const nodes = nodesResult.ok ? nodesResult.object.map((n) => n.metadata.name as string) : [];
  return {
    id,
    hash,
    commands,
    nodes,
    components: ORDER.filter((e) => used.has(e)),
    steps: scenario.steps.map((s, i) => ({ title: s.title, caption: s.caption, entries: matched[i] })),
    pods: watch.pods,
    nodeChanges: watch.nodes,
  };
}

const cache = new Map<string, FlowRun>();

/** Load content/flows/<id>.yaml, run it and cache the result by the file's content hash. */
export async function getFlowRun(id: string): Promise<FlowRun> {
  if (!/^[a-z0-9-]+$/.test(id)) throw new FlowScenarioError(`Unknown flow scenario "${id}"`);
  const file = path.join(flowsRoot(), `${id}.yaml`);
  const source = await fs.readFile(file, "utf8").catch(() => null);
  if (source === null) throw new FlowScenarioError(`Unknown flow scenario "${id}": ${path.relative(process.cwd(), file)} not found`);
  const hash = createHash("sha256").update(source).digest("hex").slice(0, 16);
  const key = `${id}@${hash}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const run = runFlowScenario(id, parseFlowScenario(`content/flows/${id}.yaml`, source), hash);
  for (const k of cache.keys()) if (k.startsWith(`${id}@`)) cache.delete(k);
  cache.set(key, run);
  return run;
}
