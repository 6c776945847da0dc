// kubectl drain, after the filters: evict (or delete) the pods and wait for them to be gone, as
// staging/src/k8s.io/kubectl/pkg/drain/drain.go (evictPods, deletePods, waitForDelete) and
// pkg/cmd/drain/drain.go (deleteOrEvictPodsSimple, RunDrain, onPodDeletedOrEvicted) do it.
import type { Json } from "../cluster-api";
import { bool, int, str, type Parsed } from "./args";
import { printStatus, reqOpts, type Ctx } from "./ctx";
import { dryRunOf, dryRunSuffix } from "./apply";
import { resolveResource } from "../resources";

/**
 * Without --timeout kubectl waits forever (globalTimeout = MaxInt64). The simulator bounds that wait
 * at 15 virtual minutes of its clock (as rollout status does): then the command ends as if the
 * learner had pressed Ctrl-C (exit 130, nothing more printed), the node stays cordoned.
 */
const UNBOUNDED_WAIT_MS = 15 * 60_000;
/** drain.go: time.Sleep(5 * time.Second) after a 429; waitForDelete polls every second. */
const RETRY_MS = 5000;
const POLL_MS = 1000;

/** Go time.ParseDuration for the forms kubectl users type (300ms, 30s, 1m30s, 2h); null if invalid. */
export function parseGoDuration(s: string): number | null {
  if (s === "0") return 0;
  const re = /([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)/y;
  let ms = 0, i = 0;
  if (!s) return null;
  while (i < s.length) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) return null;
    ms += Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as Record<string, number>)[m[2]];
    i = re.lastIndex;
  }
  return ms;
}

/** Go time.Duration.String() (30s, 1m30s, 2m0s, 1h0m0s, 500ms). */
export function formatGoDuration(ms: number): string {
  if (ms < 1000) return ms === 0 ? "0s" : `${ms}ms`;
  const totalS = ms / 1000;
  const h = Math.floor(totalS / 3600), m = Math.floor((totalS % 3600) / 60), s = +(totalS % 60).toFixed(3);
  if (h) return `${h}h${m}m${s}s`;
  if (m) return `${m}m${s}s`;
  return `${s}s`;
}

/** pflag's error for a --timeout that is not a Go duration (checked before the node is cordoned); null if valid. */
export function drainTimeoutError(p: Parsed): string | null {
  const raw = str(p, "timeout") || "0s";
  return parseGoDuration(raw) === null ? `invalid argument "${raw}" for "--timeout" flag: time: invalid duration "${raw}"` : null;
}

interface PodState { pod: Json; phase: "evict" | "wait" | "done"; next: number }

/** Evict (or with --disable-eviction delete) `pods` of node `node`; prints and returns the exit code. */
export function evictOrDeletePods(ctx: Ctx, p: Parsed, node: string, pods: Json[]): number {
  const podRes = resolveResource(ctx.resources, "pods")!;
  const dry = dryRunOf(p);
  if (dry === "client") {
    // deleteOrEvictPodsSimple: a client dry run only names the pods
    for (const pod of pods) ctx.io.out(`evicting pod ${pod.metadata.namespace}/${pod.metadata.name} (dry run)\n`);
    ctx.io.out(`node/${node} drained (dry run)\n`);
    return 0;
  }
  const timeout = parseGoDuration(str(p, "timeout") || "0s") ?? 0;
  const grace = p.set.has("grace-period") ? int(p, "grace-period", -1) : -1;
  const opts = { ...reqOpts(ctx), ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}), ...(dry === "server" ? { dryRun: true } : {}) };
  const useEviction = !bool(p, "disable-eviction") && !!ctx.cluster.evict;
  const limit = timeout > 0 ? timeout : UNBOUNDED_WAIT_MS;
  const start = ctx.cluster.now();
  const errors: string[] = [];
  const gone = (pod: Json): boolean => {
    const g = ctx.cluster.get(podRes, pod.metadata.namespace, pod.metadata.name, reqOpts(ctx));
    return (!g.ok && g.status.reason === "NotFound") || (g.ok && g.value.metadata?.uid !== pod.metadata.uid);
  };
  const states: PodState[] = pods.map((pod) => ({ pod, phase: useEviction ? "evict" : dry === "server" ? "done" : "wait", next: 0 }));
  if (!useEviction) {
    // deletePods: delete all, then wait (with --timeout, wait.PollImmediate's own timeout error)
    for (const pod of pods) {
      const r = ctx.cluster.delete(podRes, pod.metadata.namespace, pod.metadata.name, opts);
      if (!r.ok && r.status.reason !== "NotFound") return printStatus(ctx, r.status);
    }
  }
  for (;;) {
    const t = ctx.cluster.now() - start;
    // Each pod's goroutine prints "evicting pod" before its request returns, so the lines of the pods
    // due now come before the answers.
    const due = states.filter((s) => s.phase === "evict" && t >= s.next);
    for (const s of due) ctx.io.out(`evicting pod ${s.pod.metadata.namespace}/${s.pod.metadata.name}${dry === "server" ? " (server dry run)" : ""}\n`);
    for (const s of states) {
      const { name, namespace: ns } = s.pod.metadata;
      if (due.includes(s)) {
        if (timeout > 0 && t >= timeout) {
          errors.push(`error when evicting pods/"${name}" -n "${ns}": global timeout reached: ${formatGoDuration(timeout)}`);
          s.phase = "done";
          continue;
        }
        const r = ctx.cluster.evict!(ns, name, opts);
        // evictPods: a server dry run does not wait for the pod to go
        if (r.ok) s.phase = dry === "server" ? "done" : "wait";
        else if (r.status.reason === "NotFound") s.phase = "done";
        else if (r.status.code === 429) {
          ctx.io.err(`error when evicting pods/"${name}" -n "${ns}" (will retry after 5s): ${r.status.message}\n`);
          s.next = t + RETRY_MS;
        } else {
          errors.push(`error when evicting pods/"${name}" -n "${ns}": ${r.status.message}`);
          s.phase = "done";
        }
      }
      if (s.phase === "wait") {
        if (gone(s.pod)) {
          ctx.io.out(`pod/${name} ${useEviction ? "evicted" : "deleted"}\n`);
          s.phase = "done";
        } else if (timeout > 0 && t >= timeout) {
          errors.push(useEviction ? `error when waiting for pod "${name}" in namespace "${ns}" to terminate: global timeout reached: ${formatGoDuration(timeout)}` : "timed out waiting for the condition");
          s.phase = "done";
          if (!useEviction) break;
        }
      }
    }
    if (!useEviction && errors.length) break;
    if (states.every((s) => s.phase === "done")) break;
    if (t >= limit) return 130;
    ctx.cluster.advance(POLL_MS);
    ctx.now = ctx.cluster.now();
  }
  if (!errors.length) {
    ctx.io.out(`node/${node} drained${dryRunSuffix(dry)}\n`);
    return 0;
  }
  // deleteOrEvictPodsSimple lists the pods still pending; RunDrain names the node; CheckErr prints the aggregate.
  const agg = errors.length > 1 ? `[${errors.join(", ")}]` : errors[0];
  const pending = pods.filter((pod) => !gone(pod));
  if (pending.length) ctx.io.err(`There are pending pods in node "${node}" when an error occurred: ${agg}\n${pending.map((x) => `pod/${x.metadata.name}\n`).join("")}`);
  ctx.io.err(`error: unable to drain node "${node}" due to error: ${agg}, continuing command...\nThere are pending nodes to be drained:\n ${node}\n${agg}\n`);
  return 1;
}
