// lib/kubectl public API: a learner's shell with kubectl, etcdctl/etcdutl, curl and text tools
// over one or more clusters. See README.md for what is supported.
export { createShell, type Shell, type ShellOptions } from "./shell/shell";
export type { RunResult, EditorRequest, KubeContext, ShellState, HostFs } from "./shell/types";
export { VirtualFs } from "./shell/vfs";
export { hostFsOf } from "./shell/host-fs";
export type { ClusterApi, ApiResource, Status, Json, TimeMode } from "./cluster-api";
export { SimulationStopped, ROUND_TRIP_MS } from "./cluster-api";
export { createMemoryCluster } from "./memory-cluster";
export { createSimSession, simClusterApi, SETTLE_MAX_MS, type SessionOptions } from "./sim-adapter";
export { runTranscript, transcriptStep } from "./transcript";
export { splitScript } from "./shell/parse";
export { complete } from "./complete";
export { setExplainSchema } from "./kubectl/explain";
export { snapshotFileInfo, SNAP_MAGIC } from "./etcd/etcdctl";
