/** CronJob controller on the virtual clock: creates Jobs at schedule times, history limits, concurrency. */
import { clone, EPOCH_MS, isoTime, parseIsoTime, type Obj } from "../util";
import { CM, isOwnedBy, ownerRef, splitKey, type Ctx } from "./common";

const FROM = `${CM}/cronjob-controller`;

function field(spec: string, min: number, max: number, names?: string[]): Set<number> | null {
  const out = new Set<number>();
  for (let part of spec.split(",")) {
    if (names) names.forEach((n, i) => { part = part.replace(new RegExp(n, "i"), String(i + min)); });
    const [range, stepS] = part.split("/");
    const step = stepS ? Number(stepS) : 1;
    let lo: number, hi: number;
    if (range === "*" || range === "?") { lo = min; hi = max; }
    else if (range.includes("-")) [lo, hi] = range.split("-").map(Number);
    else { lo = Number(range); hi = stepS ? max : lo; }
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || !step || lo < min || hi > max) return null;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** Next schedule time (virtual ms) strictly after `after`, or null if the schedule is invalid. */
export function nextSchedule(schedule: string, after: number): number | null {
  const macros: Record<string, string> = { "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *" };
  const parts = (macros[schedule.trim()] ?? schedule.trim()).split(/\s+/);
  if (parts.length !== 5) return null;
  const mi = field(parts[0], 0, 59), h = field(parts[1], 0, 23), dom = field(parts[2], 1, 31);
  const mon = field(parts[3], 1, 12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]);
  const dow = field(parts[4].replace("7", "0"), 0, 6, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]);
  if (!mi || !h || !dom || !mon || !dow) return null;
  let t = Math.floor(after / 60_000) * 60_000 + 60_000;
  for (let i = 0; i < 366 * 24 * 60; i++, t += 60_000) {
    const d = new Date(EPOCH_MS + t);
    if (!mi.has(d.getUTCMinutes()) || !h.has(d.getUTCHours()) || !mon.has(d.getUTCMonth() + 1)) continue;
    const domStar = parts[2] === "*" || parts[2] === "?", dowStar = parts[4] === "*" || parts[4] === "?";
    const okDom = dom.has(d.getUTCDate()), okDow = dow.has(d.getUTCDay());
    if (domStar || dowStar ? okDom && okDow : okDom || okDow) return t;
  }
  return null;
}

/** Wire the CronJob controller's informers and schedule timer; returns its sync function. */
export function registerCronJobController(ctx: Ctx): (key: string) => void {
  const { k } = ctx;
  k.on("cronjobs", (t, cj) => { if (t !== "DELETED") k.enqueue("cronjob", `${cj.metadata.namespace}/${cj.metadata.name}`); });
  k.on("jobs", (_t, j) => {
    const ref = (j.metadata.ownerReferences ?? []).find((r: Obj) => r.kind === "CronJob");
    if (ref) k.enqueue("cronjob", `${j.metadata.namespace}/${ref.name}`);
  });
  k.onTimer("cronjob-tick", (key) => syncCronJob(ctx, key, true));
  return (key) => syncCronJob(ctx, key, false);
}

/** Reconcile one CronJob; `tick` = a schedule time arrived. */
export function syncCronJob(ctx: Ctx, key: string, tick: boolean): void {
  const { k, api } = ctx;
  const [ns, name] = splitKey(key);
  const cj = k.get("cronjobs", ns, name);
  if (!cj || cj.metadata.deletionTimestamp) return;
  const now = k.now;
  const jobs = k.list("jobs", ns).filter((j) => isOwnedBy(j, cj));
  const isDone = (j: Obj) => (j.status?.conditions ?? []).find((c: Obj) => (c.type === "Complete" || c.type === "Failed") && c.status === "True")?.type;
  const st = clone(cj);
  const s: Obj = (st.status ??= {});
  const seen: Record<string, boolean> = ((k.s.rt.cjSeen ??= {})[cj.metadata.uid] ??= {});
  for (const j of jobs) {
    const d = isDone(j);
    if (d && !seen[j.metadata.name]) {
      seen[j.metadata.name] = true;
      k.event(cj, "Normal", "SawCompletedJob", `Saw completed job: ${j.metadata.name}, condition: ${d}`, "cronjob-controller");
      if (d === "Complete") s.lastSuccessfulTime = j.status?.completionTime ?? isoTime(now);
    }
  }
  let active = jobs.filter((j) => !isDone(j));
  const rt = ((k.s.rt.cron ??= {})[cj.metadata.uid] ??= { next: 0 });
  if (tick && rt.next && now >= rt.next && !cj.spec.suspend) {
    const sched = rt.next;
    const policy = cj.spec.concurrencyPolicy ?? "Allow";
    if (policy === "Forbid" && active.length) {
      k.event(cj, "Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid", "cronjob-controller");
    } else {
      if (policy === "Replace") for (const j of active) {
        api.delete("jobs", j.metadata.name, { namespace: ns, from: FROM, propagationPolicy: "Background" });
        k.event(cj, "Normal", "SuccessfulDelete", `Deleted job ${j.metadata.name}`, "cronjob-controller");
      }
      const jobName = `${name}-${Math.floor((EPOCH_MS + sched) / 60_000)}`;
      const tpl = clone(cj.spec.jobTemplate ?? {});
      const job: Obj = {
        apiVersion: "batch/v1", kind: "Job",
        metadata: { name: jobName, namespace: ns, labels: tpl.metadata?.labels ?? {}, annotations: { ...(tpl.metadata?.annotations ?? {}), "batch.kubernetes.io/cronjob-scheduled-timestamp": isoTime(sched) }, ownerReferences: [ownerRef(cj)] },
        spec: tpl.spec ?? {},
      };
      const r = api.create(job, { from: FROM, user: "system:serviceaccount:kube-system:cronjob-controller" });
      if (r.ok) {
        k.event(cj, "Normal", "SuccessfulCreate", `Created job ${jobName}`, "cronjob-controller");
        s.lastScheduleTime = isoTime(sched);
        active = policy === "Replace" ? [r.object] : [...active, r.object];
      } else k.event(cj, "Warning", "FailedCreate", `Error creating job: ${r.status.message}`, "cronjob-controller");
    }
  }
  // History limits.
  const fin = k.list("jobs", ns).filter((j) => isOwnedBy(j, cj) && isDone(j)).sort((a, b) => parseIsoTime(a.metadata.creationTimestamp) - parseIsoTime(b.metadata.creationTimestamp));
  for (const [type, limit] of [["Complete", cj.spec.successfulJobsHistoryLimit ?? 3], ["Failed", cj.spec.failedJobsHistoryLimit ?? 1]] as const) {
    const list = fin.filter((j) => isDone(j) === type);
    for (const j of list.slice(0, Math.max(0, list.length - limit))) {
      api.delete("jobs", j.metadata.name, { namespace: ns, from: FROM, propagationPolicy: "Background" });
      k.event(cj, "Normal", "SuccessfulDelete", `Deleted job ${j.metadata.name}`, "cronjob-controller");
    }
  }
  const stillActive = k.list("jobs", ns).filter((j) => isOwnedBy(j, cj) && !isDone(j));
  if (stillActive.length) s.active = stillActive.map((j) => ({ apiVersion: "batch/v1", kind: "Job", name: j.metadata.name, namespace: ns, uid: j.metadata.uid, resourceVersion: j.metadata.resourceVersion }));
  else delete s.active;
  api.writeStatus(st, FROM);
  if (!rt.next || now >= rt.next) {
    const next = nextSchedule(cj.spec.schedule, now);
    if (next !== null) {
      rt.next = next;
      k.schedule(next - now, "cronjob-tick", key, false, true);
    }
  }
}
