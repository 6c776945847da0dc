/**
 * Image references and pulls as containerd and the kubelet do them (k8s-reference §4.2):
 * normalisation (docker.io, library/, mirrors, digests), real tags of official images
 * (image-tags.ts, generated from docker-library/official-images), the runtime's error texts,
 * and recovery from ImagePullBackOff once the image is fixed.
 */
import { describe, expect, it, vi } from "vitest";
import { cka, containerStatus, deployment, eventsFor, mustGet, pod, podsOf } from "./test-helpers";
import { parseImageRef, resolveImage } from "./images";

vi.setConfig({ testTimeout: 60_000 });

const notFound = (full: string) => `rpc error: code = NotFound desc = failed to pull and unpack image "${full}": failed to resolve reference "${full}": ${full}: not found`;

describe("image references (distribution/reference, containerd)", () => {
  it.each([
    ["nginx", "docker.io/library/nginx:latest"],
    ["nginx:1.27", "docker.io/library/nginx:1.27"],
    ["library/nginx:1.27", "docker.io/library/nginx:1.27"],
    ["docker.io/nginx:1.27", "docker.io/library/nginx:1.27"],
    ["index.docker.io/library/nginx", "docker.io/library/nginx:latest"],
    ["bitnami/kubectl", "docker.io/bitnami/kubectl:latest"],
    ["public.ecr.aws/docker/library/httpd:2.4", "public.ecr.aws/docker/library/httpd:2.4"],
    ["localhost:5000/app", "localhost:5000/app:latest"],
    [`nginx@sha256:${"a".repeat(64)}`, `docker.io/library/nginx@sha256:${"a".repeat(64)}`],
    [`nginx:1.27@sha256:${"b".repeat(64)}`, `docker.io/library/nginx:1.27@sha256:${"b".repeat(64)}`],
  ])("%s -> %s", (image, full) => {
    const r = parseImageRef(image);
    expect("error" in r ? r.error : r.full).toBe(full);
  });

  it.each([
    ["Nginx", "repository name must be lowercase"],
    ["nginx:", "invalid reference format"],
    ["nginx::1", "invalid reference format"],
    ["nginx@sha256:abc", "invalid reference format"],
    [`nginx@sha256:${"a".repeat(40)}`, "invalid checksum digest length"],
    ["ngi nx", "invalid reference format"],
    ["-nginx", "invalid reference format"],
  ])("%s does not parse: %s", (image, error) => {
    expect(parseImageRef(image)).toEqual({ error });
    const r = resolveImage(image);
    expect(!r.ok && r.invalid && r.error).toBe(`Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${error}`);
  });
});

describe("which images and tags exist", () => {
  it.each([
    "nginx", "nginx:1.27", "nginx:1.27.3-alpine", "nginx:1.14.2", "nginx:1.7.9", "nginx:stable-alpine", "nginx:alpine-slim",
    "httpd:trixie", "httpd:2.4", "httpd:2.4-alpine", "busybox:1.36", "busybox:1.28", "busybox:musl", "alpine:3.20",
    "redis:7.4", "redis:7-alpine", "mysql:8.0", "mariadb:11", "mariadb:10.6", "postgres:16-alpine", "fluentd:v1.16-1",
    "fluent/fluentd:v1.16-debian-1", "memcached:1.6", "perl:5.34", "ubuntu:22.04", "ubuntu:jammy-20240125",
    "public.ecr.aws/docker/library/nginx:1.27", "public.ecr.aws/docker/library/busybox", "mirror.gcr.io/library/redis:7",
    "registry.k8s.io/pause:3.10", "registry.k8s.io/etcd:3.6.6-0", "registry.k8s.io/kubectl:v1.35.0", "bitnami/kubectl",
    "bitnami/kubectl:latest", "bitnamilegacy/kubectl:1.30.2", "curlimages/curl:8.5.0", "registry.k8s.io/e2e-test-images/agnhost:2.39",
  ])("%s pulls", (image) => {
    const r = resolveImage(image);
    expect(r.ok ? "ok" : r.error).toBe("ok");
  });

  it.each([
    ["nginx:1.27-bad", "docker.io/library/nginx:1.27-bad"],
    ["nginx:1.99", "docker.io/library/nginx:1.99"],
    ["nginx:lates", "docker.io/library/nginx:lates"],
    ["nginx:1.27.99", "docker.io/library/nginx:1.27.99"],
    ["httpd:3", "docker.io/library/httpd:3"],
    ["busybox:2.0", "docker.io/library/busybox:2.0"],
    ["public.ecr.aws/docker/library/nginx:1.27-bad", "public.ecr.aws/docker/library/nginx:1.27-bad"],
    // Bitnami's free catalogue keeps only `latest` since 2025-08-28 (bitnami/containers#83267, #88999)
    ["bitnami/kubectl:1.30", "docker.io/bitnami/kubectl:1.30"],
    ["registry.k8s.io/nope:1.0", "registry.k8s.io/nope:1.0"],
    ["curlimages/curl:8.5.0-bad", "docker.io/curlimages/curl:8.5.0-bad"],
  ])("%s: the tag does not exist", (image, full) => {
    const r = resolveImage(image);
    expect(!r.ok && r.error).toBe(notFound(full));
  });

  it("an unknown official-image name is Docker Hub's pull access denied", () => {
    const r = resolveImage("ngnix");
    expect(!r.ok && r.error).toBe('rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/ngnix:latest": failed to resolve reference "docker.io/library/ngnix:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed');
  });

  it("an unknown repository elsewhere is a generic image that runs its command", () => {
    for (const image of ["quay.io/acme/shop:1.2", "ghcr.io/acme/tool", "acme/worker:2.1", "gcr.io/acme/app:v3"]) {
      const r = resolveImage(image);
      expect(r.ok && r.spec.generic).toBe(true);
    }
  });

  it.each([
    ["registry.local/nginx:1.27", 'Head "https://registry.local/v2/nginx/manifests/1.27": dial tcp: lookup registry.local on 127.0.0.53:53: no such host'],
    ["registry.example.com/team/web:1.0", 'Head "https://registry.example.com/v2/team/web/manifests/1.0": dial tcp: lookup registry.example.com on 127.0.0.53:53: no such host'],
    ["myreg:5000/app", 'Head "https://myreg:5000/v2/app/manifests/latest": dial tcp: lookup myreg on 127.0.0.53:53: no such host'],
    ["localhost:5000/app:1", 'Head "https://localhost:5000/v2/app/manifests/1": dial tcp 127.0.0.1:5000: connect: connection refused'],
  ])("%s: a private registry no node can reach", (image, tail) => {
    const r = resolveImage(image);
    const full = parseImageRef(image);
    expect(!r.ok && r.error).toBe(`rpc error: code = Unknown desc = failed to pull and unpack image "${"full" in full ? full.full : ""}": failed to resolve reference "${"full" in full ? full.full : ""}": failed to do request: ${tail}`);
  });
});

describe("kubelet pulls", () => {
  it("a wrong tag: ErrImagePull, then ImagePullBackOff whose message carries the pull error (1.32+)", () => {
    const c = cka();
    c.create(pod("bad", { image: "nginx:1.27-bad" }));
    c.advance(1500);
    const s1 = containerStatus(mustGet(c, "pods", "bad"));
    expect(s1.state.waiting).toEqual({ reason: "ErrImagePull", message: notFound("docker.io/library/nginx:1.27-bad") });
    c.advance(3000);
    const s2 = containerStatus(mustGet(c, "pods", "bad"));
    expect(s2.state.waiting).toEqual({ reason: "ImagePullBackOff", message: `Back-off pulling image "nginx:1.27-bad": ErrImagePull: ${notFound("docker.io/library/nginx:1.27-bad")}` });
    const msgs = eventsFor(c, "bad").map((e) => `${e.reason}: ${e.message}`);
    expect(msgs).toEqual(expect.arrayContaining([
      'Pulling: Pulling image "nginx:1.27-bad"',
      `Failed: Failed to pull image "nginx:1.27-bad": ${notFound("docker.io/library/nginx:1.27-bad")}`,
      "Failed: Error: ErrImagePull",
      'BackOff: Back-off pulling image "nginx:1.27-bad"',
      "Failed: Error: ImagePullBackOff",
    ]));
  });

  it("fixing the image of a Pod in ImagePullBackOff pulls the new one at once (back-off is per image)", () => {
    const c = cka();
    c.create(pod("web", { image: "nginx:1.27-bad" }));
    // several failures: the back-off has grown past a minute
    c.advance(200_000);
    expect(containerStatus(mustGet(c, "pods", "web")).state.waiting?.reason).toMatch(/ImagePullBackOff|ErrImagePull/);
    expect(c.patch("pods", "web", { spec: { containers: [{ name: "c", image: "nginx:1.27" }] } }, "strategic", { namespace: "default" }).ok).toBe(true);
    c.advance(5000);
    const p = mustGet(c, "pods", "web");
    expect(p.status.phase).toBe("Running");
    expect(containerStatus(p).state.running).toBeDefined();
    expect(containerStatus(p).restartCount).toBe(0);
  });

  it("fixing the Deployment's image replaces its stuck Pods", () => {
    const c = cka();
    c.apply(deployment("api", { replicas: 2, image: "public.ecr.aws/docker/library/nginx:1.27-bad" }));
    c.advance(60_000);
    expect(podsOf(c, "app=api").every((p) => containerStatus(p).state.waiting)).toBe(true);
    const d = mustGet(c, "deployments", "api");
    d.spec.template.spec.containers[0].image = "public.ecr.aws/docker/library/nginx:1.27";
    expect(c.replace(d).ok).toBe(true);
    c.advance(30_000);
    const pods = podsOf(c, "app=api").filter((p) => !p.metadata.deletionTimestamp);
    expect(pods.map((p) => p.status.phase)).toEqual(["Running", "Running"]);
  });

  it("a generic image runs its command", () => {
    const c = cka();
    c.create(pod("job", { image: "quay.io/acme/worker:1.0", command: ["sh", "-c", "echo working; sleep 3600"] }));
    c.advance(5000);
    const l = c.logs({ namespace: "default", pod: "job" });
    expect(l.ok && l.text).toBe("working\n");
  });
});

describe("container programs and probes", () => {
  it("a command the image does not have: StartError 128 with runc's message, then CrashLoopBackOff", () => {
    const c = cka();
    c.create(pod("a", { image: "busybox:1.36", command: ["curl", "http://web"] }));
    c.create(pod("b", { image: "busybox:1.36", command: ["/app/run"] }));
    c.advance(30_000);
    const msg = (x: string) => `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${x}: unknown`;
    const a = containerStatus(mustGet(c, "pods", "a"));
    expect(a.lastState.terminated).toMatchObject({ exitCode: 128, reason: "StartError", message: msg('exec: "curl": executable file not found in $PATH') });
    expect(a.state.waiting.reason).toBe("CrashLoopBackOff");
    expect(containerStatus(mustGet(c, "pods", "b")).lastState.terminated.message).toBe(msg('exec: "/app/run": stat /app/run: no such file or directory'));
    expect(eventsFor(c, "a").map((e) => e.message)).toContain(`Error: ${msg('exec: "curl": executable file not found in $PATH')}`);
  });

  it("inside a script, a program busybox lacks is sh's not found (127)", () => {
    const c = cka();
    c.create(pod("d", { image: "busybox:1.36", command: ["sh", "-c", "curl -s web; echo rc=$?; bash -c true; echo rc=$?; sleep 3600"] }));
    c.advance(10_000);
    const l = c.logs({ namespace: "default", pod: "d" });
    expect(l.ok && l.text).toBe("sh: curl: not found\nrc=127\nsh: bash: not found\nrc=127\n");
  });

  it("liveness kill of a shell PID 1: Running for the grace period, SIGKILL (137), then an immediate first restart", () => {
    const c = cka();
    // the docs' exec liveness example (tasks/configure-pod-container/configure-liveness-readiness-startup-probes)
    c.create(pod("live", { image: "registry.k8s.io/busybox:1.27.2", command: ["sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"], livenessProbe: { exec: { command: ["cat", "/tmp/healthy"] }, initialDelaySeconds: 5, periodSeconds: 5 } }));
    c.advance(5_000);
    const t0 = Date.parse(containerStatus(mustGet(c, "pods", "live")).state.running.startedAt) - Date.UTC(2026, 0, 1);
    // the file is gone at 30 s: failures at 30, 35, 40 s, killed at 40 s, SIGKILL 30 s later
    c.advance(t0 + 40_500 - c.now);
    expect(eventsFor(c, "live").find((e) => e.reason === "Killing")?.message).toBe("Container c failed liveness probe, will be restarted");
    expect(eventsFor(c, "live").find((e) => e.reason === "Unhealthy")?.message).toBe("Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory");
    c.advance(t0 + 69_000 - c.now);
    let s = containerStatus(mustGet(c, "pods", "live"));
    expect(s.state.running).toBeDefined();
    expect(s.restartCount).toBe(0);
    c.advance(t0 + 71_000 - c.now);
    s = containerStatus(mustGet(c, "pods", "live"));
    expect(s.restartCount).toBe(1);
    expect(s.state.running).toBeDefined();
    expect(s.lastState.terminated).toMatchObject({ exitCode: 137, reason: "Error" });
  });

  it("nginx listens where its mounted configuration says and serves the mounted root", () => {
    const c = cka();
    c.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "conf" }, data: { "nginx.conf": "events {}\nhttp { server { listen 8081; return 200 'custom'; } }\n" } });
    c.create(pod("web", { image: "nginx:1.27", volumeMounts: [{ name: "conf", mountPath: "/etc/nginx/nginx.conf", subPath: "nginx.conf" }] }, { volumes: [{ name: "conf", configMap: { name: "conf" } }] }));
    c.advance(10_000);
    const ip = mustGet(c, "pods", "web").status.podIP;
    expect(c.curl({ node: "node01" }, `http://${ip}:8081/`)).toMatchObject({ ok: true, code: 200, body: "custom" });
    expect(c.curl({ node: "node01" }, `http://${ip}:80/`)).toMatchObject({ ok: false, exitCode: 7 });
  });

  it("localhost: containers of a Pod share the network namespace; other Pods' ports are not on it", () => {
    const c = cka();
    c.create({ apiVersion: "v1", kind: "Pod", metadata: { name: "duo" }, spec: { containers: [{ name: "web", image: "nginx:1.27" }, { name: "side", image: "busybox:1.36", command: ["sleep", "3600"] }] } });
    c.create(pod("other", { image: "busybox:1.36", command: ["sleep", "3600"] }));
    c.advance(10_000);
    const ok = c.exec({ pod: "duo", container: "side", command: ["wget", "-qO-", "http://localhost/"] });
    expect(ok.ok && ok.stdout).toContain("Welcome to nginx!");
    const no = c.exec({ pod: "other", command: ["wget", "-qO-", "http://127.0.0.1/"] });
    expect(no.ok && [no.stderr, no.exitCode]).toEqual(["wget: can't connect to remote host (127.0.0.1): Connection refused\n", 1]);
    expect(c.curl({ pod: "default/duo" }, "http://localhost:80/")).toMatchObject({ ok: true, code: 200 });
  });
});

describe("tail -f of a file another container writes (sidecar logging)", () => {
  it("the sidecar's logs show the lines as the app appends them to the shared emptyDir", () => {
    const c = cka();
    c.create({
      apiVersion: "v1", kind: "Pod", metadata: { name: "app" },
      spec: {
        volumes: [{ name: "logs", emptyDir: {} }],
        containers: [
          { name: "app", image: "busybox:1.36", command: ["sh", "-c", "i=0; while true; do i=$((i+1)); echo \"line $i\" >> /var/log/app.log; sleep 10; done"], volumeMounts: [{ name: "logs", mountPath: "/var/log" }] },
          { name: "sidecar", image: "busybox:1.36", command: ["sh", "-c", "tail -F /var/log/app.log"], volumeMounts: [{ name: "logs", mountPath: "/var/log" }] },
        ],
      },
    });
    c.advance(35_000);
    const l = c.logs({ namespace: "default", pod: "app", container: "sidecar" });
    // the app writes at 0, 10, 20, 30 s; the sidecar starts with it and prints each line as it lands
    expect(l.ok && l.text).toBe("line 1\nline 2\nline 3\nline 4\n");
    expect(l.ok && l.text).not.toContain("can't open");
  });
});

describe("server logs", () => {
  it("nginx logs its entrypoint and notices on start (its own version), then one access line per request", () => {
    const c = cka();
    c.create(pod("n", { image: "nginx:1.27" }));
    c.advance(10_000);
    const ip = mustGet(c, "pods", "n").status.podIP;
    expect(c.curl({ node: "node01" }, `http://${ip}/`)).toMatchObject({ ok: true, code: 200 });
    const l = c.logs({ namespace: "default", pod: "n" });
    const lines = l.ok ? l.text.trimEnd().split("\n") : [];
    expect(lines[0]).toBe("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration");
    expect(lines[8]).toBe("/docker-entrypoint.sh: Configuration complete; ready for start up");
    expect(lines[10]).toMatch(/^2026\/01\/01 00:00:\d\d \[notice\] 1#1: nginx\/1\.27\.5$/);
    expect(lines[lines.length - 1]).toMatch(/^172\.30\.\d+\.\d+ - - \[01\/Jan\/2026:00:00:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 \d+ "-" "curl\/8\.5\.0" "-"$/);
  });
});
