/**
 * status.containerStatuses[].image: the spec's words until the runtime has created the container, then the
 * CRI status's image, which containerd reports as the image's first repo tag, normalised
 * (containerd internal/cri/server/container_status.go; kubelet kubelet_pods.go convertToAPIContainerStatuses).
 */
import { describe, expect, it, vi } from "vitest";
import { cka, containerStatus, mustGet, pod } from "./test-helpers";

vi.setConfig({ testTimeout: 60_000 });

const imageOf = (c: ReturnType<typeof cka>, name: string) => containerStatus(mustGet(c, "pods", name)).image;

describe("containerStatuses[].image", () => {
  it("is the normalised reference once the container exists, the spec's before", () => {
    const c = cka();
    c.create(pod("short", { image: "nginx:1.27" }));
    c.create(pod("untagged", { image: "nginx" }));
    c.create(pod("mirror", { image: "public.ecr.aws/docker/library/httpd:2.4" }));
    c.create(pod("k8s", { image: "registry.k8s.io/pause:3.10" }));
    c.advance(200);
    expect(containerStatus(mustGet(c, "pods", "short")).state.waiting?.reason).toBe("ContainerCreating");
    expect(imageOf(c, "short")).toBe("nginx:1.27");
    c.advance(30_000);
    expect(containerStatus(mustGet(c, "pods", "short")).state.running).toBeDefined();
    expect(imageOf(c, "short")).toBe("docker.io/library/nginx:1.27");
    expect(imageOf(c, "untagged")).toBe("docker.io/library/nginx:latest");
    expect(imageOf(c, "mirror")).toBe("public.ecr.aws/docker/library/httpd:2.4");
    expect(imageOf(c, "k8s")).toBe("registry.k8s.io/pause:3.10");
    expect(mustGet(c, "pods", "short").spec.containers[0].image).toBe("nginx:1.27");
  });

  it("a container never created (image pull failing) keeps the spec's words; a crashed one the runtime's", () => {
    const c = cka();
    c.create(pod("bad", { image: "nginx:no-such-tag" }));
    c.create(pod("crash", { image: "busybox:1.36", command: ["sh", "-c", "exit 1"] }));
    c.advance(40_000);
    expect(containerStatus(mustGet(c, "pods", "bad")).state.waiting?.reason).toMatch(/ErrImagePull|ImagePullBackOff/);
    expect(imageOf(c, "bad")).toBe("nginx:no-such-tag");
    expect(containerStatus(mustGet(c, "pods", "crash")).state.waiting?.reason).toBe("CrashLoopBackOff");
    expect(imageOf(c, "crash")).toBe("docker.io/library/busybox:1.36");
  });
});
