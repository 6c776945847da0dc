/** Job and CronJob controllers (k8s-reference §8.1 job STATUS inputs). */
import { describe, expect, it, vi } from "vitest";
import { cka, eventsFor, mustGet } from "../test-helpers";
import type { Obj } from "../util";
import { nextSchedule } from "./cronjob-controller";

// Simulations are CPU-bound; CI machines are shared.
vi.setConfig({ testTimeout: 60_000 });

function job(name: string, cmd: string[], spec: Obj = {}): Obj {
  return { apiVersion: "batch/v1", kind: "Job", metadata: { name }, spec: { ...spec, template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "busybox:1.36", command: cmd }] } } } };
}

describe("Job", () => {
  it("runs completions with parallelism and completes", () => {
    const c = cka();
    c.create(job("j", ["sh", "-c", "sleep 2"], { completions: 4, parallelism: 2 }));
    c.runUntilIdle();
    const j0 = mustGet(c, "jobs", "j");
    expect(j0.spec.selector.matchLabels["batch.kubernetes.io/controller-uid"]).toBe(j0.metadata.uid);
    c.advance(60_000);
    const j = mustGet(c, "jobs", "j");
    expect(j.status.succeeded).toBe(4);
    expect(j.status.conditions.map((x: Obj) => x.type)).toEqual(["SuccessCriteriaMet", "Complete"]);
    expect(eventsFor(c, "j").filter((e) => e.reason === "SuccessfulCreate")).toHaveLength(4);
    expect(eventsFor(c, "j").some((e) => e.reason === "Completed" && e.message === "Job completed")).toBe(true);
  });

  it("fails after backoffLimit with BackoffLimitExceeded", () => {
    const c = cka();
    c.create(job("f", ["sh", "-c", "exit 1"], { backoffLimit: 2 }));
    c.advance(300_000);
    const j = mustGet(c, "jobs", "f");
    expect(j.status.failed).toBe(3);
    const failed = j.status.conditions.find((x: Obj) => x.type === "Failed");
    expect(failed).toMatchObject({ status: "True", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" });
  });
});

describe("CronJob on the virtual clock", () => {
  it("parses schedules", () => {
    expect(nextSchedule("*/5 * * * *", 0)).toBe(5 * 60_000);
    expect(nextSchedule("0 2 * * *", 0)).toBe(2 * 3600_000);
    expect(nextSchedule("@hourly", 59 * 60_000)).toBe(3600_000);
    expect(nextSchedule("bad", 0)).toBeNull();
  });

  it("creates a Job per minute and keeps 3 successful ones", () => {
    const c = cka();
    c.create({ apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "hello" }, spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { spec: { restartPolicy: "OnFailure", containers: [{ name: "hello", image: "busybox:1.28", command: ["/bin/sh", "-c", "date; echo Hello from the Kubernetes cluster"] }] } } } } } });
    c.advance(5 * 60_000 + 30_000);
    const jobs = c.list("jobs");
    expect(jobs.ok && jobs.object.length).toBe(3);
    expect(jobs.ok && jobs.object.every((j) => /^hello-\d+$/.test(j.metadata.name))).toBe(true);
    expect(eventsFor(c, "hello").some((e) => e.reason === "SawCompletedJob")).toBe(true);
    expect(mustGet(c, "cronjobs", "hello").status.lastScheduleTime).toBe("2026-01-01T00:05:00Z");
  });
});
