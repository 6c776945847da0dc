/**
 * The pods/eviction subresource (policy/v1 Eviction), as pkg/registry/core/pod/storage/eviction.go
 * serves it: the pod is deleted unless the one PodDisruptionBudget matching it allows no disruption,
 * in which case the answer is 429 TooManyRequests (kubectl drain retries it every 5 s).
 * Authorization (`create` on `pods/eviction`) is done by ApiServer.evict before this runs; the
 * delete itself is the registry's, not a second authorized request.
 */
import type { Kernel } from "../core";
import type { Status } from "../errors";
import { clone, isoTime, matchesSelector, type Obj } from "../util";
import type { ApiResult, ApiServer, DeleteOptions } from "./apiserver";
import { isPodReady } from "../controllers/common";

const MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";

/** errors.NewTooManyRequests(MESSAGE, retryAfter) with a DisruptionBudget cause (policyv1.DisruptionBudgetCause). */
function tooManyRequests(retryAfterSeconds: number, cause: string): Status {
  return {
    kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason: "TooManyRequests", code: 429, message: MESSAGE,
    details: { retryAfterSeconds, causes: [{ reason: "DisruptionBudget", message: cause }] },
  } as Status;
}

/** canIgnorePDB: terminal, pending or already terminating pods are deleted without checking budgets. */
function canIgnorePDB(pod: Obj): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed" || phase === "Pending" || !!pod.metadata.deletionTimestamp;
}

/** getPodDisruptionBudgets: a nil or empty selector matches nothing, not everything. */
function budgetsFor(k: Kernel, pod: Obj): Obj[] {
  return k.list("poddisruptionbudgets", pod.metadata.namespace).filter((pdb) => {
    const s = pdb.spec?.selector;
    const empty = !s || (!Object.keys(s.matchLabels ?? {}).length && !(s.matchExpressions ?? []).length);
    return !empty && matchesSelector(s, pod.metadata.labels ?? {});
  });
}

/**
 * checkAndDecrement: refuse while the controller has not observed the budget's generation or it allows
 * no disruption; otherwise take one disruption and record the pod in status.disruptedPods so the
 * disruption controller does not count it healthy before its deletion is seen.
 */
function checkAndDecrement(api: ApiServer, k: Kernel, pdb: Obj, podName: string, dryRun: boolean): Status | null {
  const st = pdb.status ?? {};
  if ((st.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1)) return tooManyRequests(10, `The disruption budget ${pdb.metadata.name} is still being processed by the server.`);
  const allowed = st.disruptionsAllowed ?? 0;
  if (allowed < 0) return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason: "Forbidden", code: 403, message: `poddisruptionbudgets.policy "${pdb.metadata.name}" is forbidden: pdb disruptions allowed is negative`, details: { name: pdb.metadata.name, group: "policy", kind: "poddisruptionbudgets" } } as Status;
  if (allowed === 0) return tooManyRequests(0, `The disruption budget ${pdb.metadata.name} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently`);
  if (dryRun) return null;
  const c = clone(pdb);
  c.status = { ...st, disruptionsAllowed: allowed - 1, disruptedPods: { ...(st.disruptedPods ?? {}), [podName]: isoTime(k.now) } };
  if (allowed - 1 === 0) {
    // pdbhelper.UpdateDisruptionAllowedCondition
    const prev = (st.conditions ?? []).find((x: Obj) => x.type === "DisruptionAllowed");
    const cond = { type: "DisruptionAllowed", status: "False", reason: "InsufficientPods", message: "", observedGeneration: pdb.metadata.generation, lastTransitionTime: prev?.status === "False" ? prev.lastTransitionTime : isoTime(k.now) };
    c.status.conditions = [...(st.conditions ?? []).filter((x: Obj) => x.type !== "DisruptionAllowed"), cond];
  }
  api.writeStatus(c, "kube-apiserver");
  return null;
}

/** EvictionREST.Create for an authorized request. */
export function evictPod(k: Kernel, api: ApiServer, ns: string, name: string, opts: DeleteOptions = {}): ApiResult {
  const pod = k.get("pods", ns, name);
  if (!pod) return api.get("pods", name, { ...opts, namespace: ns });
  k.trace(opts.from ?? "kubectl", "kube-apiserver", "create eviction", `Pod ${ns}/${name}`);
  // The registry deletes on behalf of the (already authorized) eviction request.
  const del = (): ApiResult => {
    const r = api.delete("pods", name, { ...opts, user: undefined, namespace: ns });
    return r.ok ? { ok: true, object: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success" } } : r;
  };
  if (canIgnorePDB(pod)) return del();
  const pdbs = budgetsFor(k, pod);
  if (pdbs.length > 1) {
    // Returned as the response object with code 500 (not as an error) upstream; clients see a failure.
    return { ok: false, status: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason: "", code: 500, message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support." } as Status };
  }
  if (pdbs.length === 1) {
    const pdb = pdbs[0];
    const st = pdb.status ?? {};
    // An unready pod does not count towards healthy: no decrement while enough are healthy.
    const unreadyOk = !isPodReady(pod) && (st.currentHealthy ?? 0) >= (st.desiredHealthy ?? 0) && (st.desiredHealthy ?? 0) > 0;
    if (!unreadyOk) {
      const err = checkAndDecrement(api, k, pdb, name, !!opts.dryRun);
      if (err) return { ok: false, status: err };
    }
  }
  return del();
}
