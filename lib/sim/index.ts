/**
 * lib/sim public API: a deterministic simulated Kubernetes cluster. See README.md.
 */
export { createCluster, Cluster } from "./cluster";
export { SimulationStopped } from "./stop";
export type { CreateClusterOptions, NodeSpec, Addons, TraceQuery, WatchEvent, WatchHandle, LogsResult, LogsOptions, ExecResult } from "./cluster";
export type { ApiResult, ApplyResult, RequestOptions, DeleteOptions, ListOptions } from "./apiserver/apiserver";
export type { Status, StatusCause } from "./errors";
export type { TraceEntry, WatchType } from "./core";
export type { CurlFrom, CurlResult } from "./network";
export type { LoadSpec } from "./metrics";
export type { ImageSpec } from "./images";
export { RESOURCES, findResource, resourceForKind, resourceByKind, qualifiedResource, apiVersionOf } from "./resources";
export type { ResourceInfo } from "./resources";
export { parseSelectorString, matchesSelector, selectorString, parseQuantity, isoTime, parseIsoTime, EPOCH_MS } from "./util";
export type { Obj } from "./util";
export { b64encode, b64decode, qosClass } from "./apiserver/apiserver";
export { SCHEMA } from "./schema/generated";
export { DESCRIPTIONS_JSON } from "./schema/descriptions";
