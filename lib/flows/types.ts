// The serializable result of running a flow scenario, as the FlowPlayer receives it.
// Client-safe: types and tiny pure helpers only.
import type { TraceEntry } from "#lib/sim/core";

/** Where a message starts or ends on the picture: a control-plane component, a per-node agent or a Pod. */
export type FlowEndpoint =
  | "kubectl"
  | "client"
  | "load-generator"
  | "kube-apiserver"
  | "etcd"
  | "kube-scheduler"
  | "kube-controller-manager"
  | "metrics-server"
  | "coredns"
  | `kubelet@${string}`
  | `containerd@${string}`
  | `kube-proxy@${string}`
  | `node@${string}`
  | `pod@${string}`;

/** One flow-trace entry plus the endpoints it is drawn between. */
export interface FlowEntry extends TraceEntry {
  src: FlowEndpoint;
  dst: FlowEndpoint;
}

export type PodState = "Pending" | "ContainerCreating" | "Running" | "Ready" | "Terminating" | "Failed" | "Deleted";

/** A Pod's state from virtual time `t` on. */
export interface PodChange {
  t: number;
  /** "namespace/name" */
  pod: string;
  node: string | null;
  state: PodState;
}

/** A Node's readiness and taints from virtual time `t` on. */
export interface NodeChange {
  t: number;
  node: string;
  ready: boolean;
  /** "key=value:Effect" or "key:Effect" */
  taints: string[];
}

export interface Localized {
  ko: string;
  en: string;
}

export interface FlowCommandRun {
  t: number;
  text: string;
  output: string;
}

export interface FlowRunStep {
  title: Localized;
  caption: Localized;
  entries: FlowEntry[];
}

export interface FlowRun {
  id: string;
  /** content hash of the scenario file */
  hash: string;
  /** the shown commands as a learner would type them, when they ran and what they printed (trimmed) */
  commands: FlowCommandRun[];
  /** nodes of the cluster, in order */
  nodes: string[];
  /** control-plane and outside components that take part (kube-apiserver and etcd always do) */
  components: FlowEndpoint[];
  steps: FlowRunStep[];
  /** Pod state changes of the scenario's Pods, in time order */
  pods: PodChange[];
  /** Node readiness and taint changes (the first entries are the state when the commands start) */
  nodeChanges: NodeChange[];
}

/** A FlowRun in one language, as the client island gets it. */
export interface LocalFlowRun extends Omit<FlowRun, "steps"> {
  steps: { title: string; caption: string; entries: FlowEntry[] }[];
}

/** Pick one language of a FlowRun. */
export function localizeFlowRun(run: FlowRun, locale: "ko" | "en"): LocalFlowRun {
  return { ...run, steps: run.steps.map((s) => ({ title: s.title[locale], caption: s.caption[locale], entries: s.entries })) };
}
