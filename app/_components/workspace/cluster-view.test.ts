import { describe, expect, it } from "vitest";
import { podTone } from "./cluster-view";

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
