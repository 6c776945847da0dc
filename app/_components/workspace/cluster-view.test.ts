import { describe, expect, it } from "vitest";
import { clockTime, podTone } from "./cluster-view";

describe("podTone", () => {
  it("colours pods by kubectl's STATUS column and readiness", () => {
    expect(podTone({ status: "Running", ready: "1/1" })).toBe("ok");
    expect(podTone({ status: "Running", ready: "0/1" })).toBe("progress");
    expect(podTone({ status: "ContainerCreating" })).toBe("progress");
    expect(podTone({ status: "Pending" })).toBe("progress");
    for (const s of ["CrashLoopBackOff", "ErrImagePull", "ImagePullBackOff", "OOMKilled", "Error", "Evicted"]) expect(podTone({ status: s })).toBe("bad");
    expect(podTone({ status: "Completed" })).toBe("done");
  });
});

describe("clockTime", () => {
  it("formats the virtual clock", () => {
    expect(clockTime(0)).toBe("0:00");
    expect(clockTime(125.4)).toBe("2:05");
    expect(clockTime(62142)).toBe("17:15:42");
  });
});
