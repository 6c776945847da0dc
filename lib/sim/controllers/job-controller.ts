/** Job controller (pkg/controller/job): completions, parallelism, backoffLimit, deadlines, TTL. */
import { clone, isoTime, parseIsoTime, type Obj } from "../util";
import { CM, controllerOf, isOwnedBy, isPodReady, podFromTemplate, setCondition, splitKey, type Ctx } from "./common";

const NAME = "job";
const FROM = `${CM}/job-controller`;

/** Wire the Job controller's informers; returns its sync function. */
export function registerJobController(ctx: Ctx): (key: string) => void {
  const { k } = ctx;
  k.on("jobs", (_t, j) => k.enqueue(NAME, `${j.metadata.namespace}/${j.metadata.name}`));
  k.on("pods", (_t, p) => {
    const ref = controllerOf(p);
    if (ref?.kind === "Job") k.enqueue(NAME, `${p.metadata.namespace}/${ref.name}`);
  });
  return (key) => syncJob(ctx, key);
}

function finished(j: Obj): string | null {
  const c = (j.status?.conditions ?? []).find((x: Obj) => (x.type === "Complete" || x.type === "Failed") && x.status === "True");
  return c ? c.type : null;
}

/** Reconcile one Job. */
export function syncJob(ctx: Ctx, key: string): void {
  const { k, api } = ctx;
  const [ns, name] = splitKey(key);
  const job = k.get("jobs", ns, name);
  if (!job || job.metadata.deletionTimestamp) return;
  const now = k.now;
  const pods = k.list("pods", ns).filter((p) => isOwnedBy(p, job));
  const active = pods.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed");
  const succeeded = pods.filter((p) => p.status?.phase === "Succeeded").length + (job.status?.succeededRemoved ?? 0);
  const failed = pods.filter((p) => p.status?.phase === "Failed").length;
  const st = clone(job);
  const s: Obj = (st.status ??= {});
  const done = finished(job);
  const ttl = job.spec.ttlSecondsAfterFinished;
  if (done) {
    if (ttl !== undefined) {
      const fin = parseIsoTime(job.status?.completionTime ?? (job.status?.conditions ?? []).find((c: Obj) => c.type === done)?.lastTransitionTime);
      if (now >= fin + ttl * 1000) api.delete("jobs", name, { namespace: ns, from: `${CM}/ttl-after-finished-controller`, propagationPolicy: "Background" });
      else k.enqueue(NAME, key, fin + ttl * 1000 - now);
    }
    return;
  }
  s.startTime ??= isoTime(now);
  const completions = job.spec.completions;
  const parallelism = job.spec.parallelism ?? 1;
  const backoffLimit = job.spec.backoffLimit ?? 6;
  const restarts = pods.reduce((a, p) => a + (job.spec.template.spec.restartPolicy === "OnFailure" ? (p.status?.containerStatuses ?? []).reduce((b: number, c: Obj) => b + (c.restartCount ?? 0), 0) : 0), 0);
  let failReason: [string, string] | null = null;
  if (failed + restarts > backoffLimit) failReason = ["BackoffLimitExceeded", "Job has reached the specified backoff limit"];
  const ads = job.spec.activeDeadlineSeconds;
  if (ads !== undefined) {
    const start = parseIsoTime(s.startTime);
    if (now - start >= ads * 1000) failReason = ["DeadlineExceeded", "Job was active longer than specified deadline"];
    else k.enqueue(NAME, key, start + ads * 1000 - now);
  }
  if (failReason) {
    for (const p of active) api.delete("pods", p.metadata.name, { namespace: ns, from: FROM });
    setCondition(s, { type: "FailureTarget", status: "True", reason: failReason[0], message: failReason[1], lastProbeTime: isoTime(now) }, now);
    setCondition(s, { type: "Failed", status: "True", reason: failReason[0], message: failReason[1], lastProbeTime: isoTime(now) }, now);
    k.event(job, "Warning", failReason[0], failReason[1], "job-controller");
    s.active = 0;
  } else if (completions !== undefined && succeeded >= completions) {
    setCondition(s, { type: "SuccessCriteriaMet", status: "True", reason: "CompletionsReached", message: "Reached expected number of succeeded pods", lastProbeTime: isoTime(now) }, now);
    setCondition(s, { type: "Complete", status: "True", reason: "CompletionsReached", message: "Reached expected number of succeeded pods", lastProbeTime: isoTime(now) }, now);
    s.completionTime = isoTime(now);
    k.event(job, "Normal", "Completed", "Job completed", "job-controller");
    if (ttl !== undefined) k.enqueue(NAME, key, ttl * 1000);
  } else if (completions === undefined && succeeded > 0 && active.length === 0) {
    setCondition(s, { type: "Complete", status: "True", reason: "CompletionsReached", message: "Reached expected number of succeeded pods", lastProbeTime: isoTime(now) }, now);
    s.completionTime = isoTime(now);
    k.event(job, "Normal", "Completed", "Job completed", "job-controller");
  } else if (!job.spec.suspend) {
    const remaining = completions === undefined ? (succeeded > 0 ? 0 : parallelism) : completions - succeeded;
    const want = Math.min(parallelism, remaining) - active.length;
    const rt = ((k.s.rt.jobs ??= {})[job.metadata.uid] ??= { lastFailed: 0, nextAt: 0 });
    if (failed > rt.lastFailed) {
      rt.nextAt = now + Math.min(10_000 * 2 ** (failed - 1), 360_000);
      rt.lastFailed = failed;
    }
    if (want > 0 && now < rt.nextAt) k.enqueue(NAME, key, rt.nextAt - now);
    else for (let i = 0; i < want; i++) {
      const pod = podFromTemplate(job.spec.template, job, `${name}-`);
      if (job.spec.completionMode === "Indexed") {
        const used = new Set(pods.map((p) => p.metadata.annotations?.["batch.kubernetes.io/job-completion-index"]));
        let idx = 0;
        while (used.has(String(idx))) idx++;
        pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), "batch.kubernetes.io/job-completion-index": String(idx) };
        pod.metadata.labels["batch.kubernetes.io/job-completion-index"] = String(idx);
        pod.metadata.generateName = `${name}-${idx}-`;
        pods.push(pod);
      }
      const r = api.create(pod, { from: FROM, user: "system:serviceaccount:kube-system:job-controller" });
      if (!r.ok) {
        k.event(job, "Warning", "FailedCreate", `Error creating: ${r.status.message}`, "job-controller");
        break;
      }
      k.event(job, "Normal", "SuccessfulCreate", `Created pod: ${r.object.metadata.name}`, "job-controller");
    }
    s.active = Math.max(0, active.length + Math.max(0, want));
  }
  const fresh = k.list("pods", ns).filter((p) => isOwnedBy(p, job));
  s.active = fresh.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed").length;
  s.ready = fresh.filter((p) => isPodReady(p) && !p.metadata.deletionTimestamp).length;
  s.terminating = fresh.filter((p) => p.metadata.deletionTimestamp).length;
  if (succeeded) s.succeeded = succeeded; else delete s.succeeded;
  if (failed) s.failed = failed; else delete s.failed;
  if (!s.active) delete s.active;
  s.uncountedTerminatedPods = {};
  api.writeStatus(st, FROM);
}
