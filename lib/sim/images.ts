/**
 * containerd's view of registries: a catalogue of simulated images. Each image says how big it
 * is (pull time), what its default process does (server / shell / one-shot), which ports it
 * listens on, how it answers HTTP, and how much CPU and memory it uses.
 */

export interface HttpAnswer {
  code: number;
  body: string;
}

export interface ImageSpec {
  /** repository without registry/tag, e.g. "library/nginx" */
  repo: string;
  /** tags that exist ("*" = any tag) */
  tags: string[];
  sizeBytes: number;
  /** default ENTRYPOINT+CMD */
  cmd: string[];
  /** "server": runs until killed; "shell": runs the default command through the shell interpreter */
  kind: "server" | "shell";
  ports: number[];
  /** ms until the ports accept connections */
  startupMs: number;
  memBytes: number;
  /** idle CPU in millicores */
  cpuMilli: number;
  /** files in the image */
  files?: Record<string, string>;
  /** HTTP behaviour: (path, msSinceStart, env) -> answer */
  http?: string;
  /** exits with this code and log when required env is missing */
  requireEnv?: { anyOf: string[]; log: string[] };
  startLog?: string[];
}

const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>
</body>
</html>
`;

const MB = 1024 * 1024;

/** The catalogue (Docker Hub "library" images and the Kubernetes test images used in the docs). */
export const IMAGES: ImageSpec[] = [
  { repo: "library/nginx", tags: ["*"], sizeBytes: 72_223_946, cmd: ["nginx", "-g", "daemon off;"], kind: "server", ports: [80], startupMs: 0, memBytes: 6 * MB, cpuMilli: 0, files: { "/usr/share/nginx/html/index.html": NGINX_INDEX, "/etc/nginx/nginx.conf": "user nginx;\nworker_processes auto;\n" }, http: "nginx", startLog: ["/docker-entrypoint.sh: Configuration complete; ready for start up"] },
  { repo: "library/httpd", tags: ["*"], sizeBytes: 58_160_132, cmd: ["httpd-foreground"], kind: "server", ports: [80], startupMs: 0, memBytes: 8 * MB, cpuMilli: 1, files: { "/usr/local/apache2/htdocs/index.html": "<html><body><h1>It works!</h1></body></html>\n" }, http: "httpd", startLog: ["AH00094: Command line: 'httpd -D FOREGROUND'"] },
  { repo: "library/busybox", tags: ["*"], sizeBytes: 2_155_116, cmd: ["sh"], kind: "shell", ports: [], startupMs: 0, memBytes: 1 * MB, cpuMilli: 0 },
  { repo: "registry.k8s.io/busybox", tags: ["*"], sizeBytes: 1_144_547, cmd: ["sh"], kind: "shell", ports: [], startupMs: 0, memBytes: 1 * MB, cpuMilli: 0 },
  { repo: "registry.k8s.io/nginx-slim", tags: ["*"], sizeBytes: 20_000_000, cmd: ["nginx", "-g", "daemon off;"], kind: "server", ports: [80], startupMs: 0, memBytes: 5 * MB, cpuMilli: 0, files: { "/usr/share/nginx/html/index.html": NGINX_INDEX }, http: "nginx" },
  { repo: "library/alpine", tags: ["*"], sizeBytes: 3_623_807, cmd: ["/bin/sh"], kind: "shell", ports: [], startupMs: 0, memBytes: 1 * MB, cpuMilli: 0 },
  { repo: "library/debian", tags: ["*"], sizeBytes: 48_494_272, cmd: ["bash"], kind: "shell", ports: [], startupMs: 0, memBytes: 2 * MB, cpuMilli: 0 },
  { repo: "library/ubuntu", tags: ["*"], sizeBytes: 29_754_290, cmd: ["/bin/bash"], kind: "shell", ports: [], startupMs: 0, memBytes: 2 * MB, cpuMilli: 0 },
  { repo: "library/perl", tags: ["*"], sizeBytes: 343_101_243, cmd: ["perl", "-de0"], kind: "shell", ports: [], startupMs: 0, memBytes: 4 * MB, cpuMilli: 0 },
  { repo: "library/redis", tags: ["*"], sizeBytes: 45_083_567, cmd: ["redis-server"], kind: "server", ports: [6379], startupMs: 200, memBytes: 3 * MB, cpuMilli: 2, startLog: ["1:M * Ready to accept connections tcp"] },
  { repo: "library/mysql", tags: ["*"], sizeBytes: 170_483_523, cmd: ["mysqld"], kind: "server", ports: [3306, 33060], startupMs: 8000, memBytes: 380 * MB, cpuMilli: 5, requireEnv: { anyOf: ["MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD"], log: ["[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified", "    You need to specify one of the following as an environment variable:", "    - MYSQL_ROOT_PASSWORD", "    - MYSQL_ALLOW_EMPTY_PASSWORD", "    - MYSQL_RANDOM_ROOT_PASSWORD"] }, startLog: ["[Server] /usr/sbin/mysqld: ready for connections. Version: '8.4.0'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL."] },
  { repo: "library/postgres", tags: ["*"], sizeBytes: 153_402_862, cmd: ["postgres"], kind: "server", ports: [5432], startupMs: 3000, memBytes: 40 * MB, cpuMilli: 2, requireEnv: { anyOf: ["POSTGRES_PASSWORD", "POSTGRES_HOST_AUTH_METHOD"], log: ["Error: Database is uninitialized and superuser password is not specified.", "       You must specify POSTGRES_PASSWORD to a non-empty value for the", "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\"."] }, startLog: ["LOG:  database system is ready to accept connections"] },
  { repo: "library/php", tags: ["*"], sizeBytes: 180_000_000, cmd: ["apache2-foreground"], kind: "server", ports: [80], startupMs: 0, memBytes: 12 * MB, cpuMilli: 1, http: "php" },
  { repo: "library/python", tags: ["*"], sizeBytes: 400_000_000, cmd: ["python3"], kind: "shell", ports: [], startupMs: 0, memBytes: 8 * MB, cpuMilli: 0 },
  { repo: "library/ruby", tags: ["*"], sizeBytes: 400_000_000, cmd: ["irb"], kind: "shell", ports: [], startupMs: 0, memBytes: 8 * MB, cpuMilli: 0 },
  { repo: "library/node", tags: ["*"], sizeBytes: 400_000_000, cmd: ["node"], kind: "shell", ports: [], startupMs: 0, memBytes: 8 * MB, cpuMilli: 0 },
  { repo: "library/centos", tags: ["*"], sizeBytes: 80_000_000, cmd: ["/bin/bash"], kind: "shell", ports: [], startupMs: 0, memBytes: 2 * MB, cpuMilli: 0 },
  { repo: "library/fedora", tags: ["*"], sizeBytes: 60_000_000, cmd: ["/bin/bash"], kind: "shell", ports: [], startupMs: 0, memBytes: 2 * MB, cpuMilli: 0 },
  // Kubernetes documentation and test images
  { repo: "registry.k8s.io/pause", tags: ["*"], sizeBytes: 320_368, cmd: ["/pause"], kind: "server", ports: [], startupMs: 0, memBytes: 0.3 * MB, cpuMilli: 0 },
  { repo: "k8s.gcr.io/pause", tags: ["*"], sizeBytes: 320_368, cmd: ["/pause"], kind: "server", ports: [], startupMs: 0, memBytes: 0.3 * MB, cpuMilli: 0 },
  { repo: "registry.k8s.io/e2e-test-images/agnhost", tags: ["*"], sizeBytes: 51_000_000, cmd: ["/agnhost"], kind: "server", ports: [8080], startupMs: 100, memBytes: 5 * MB, cpuMilli: 0, http: "agnhost" },
  { repo: "registry.k8s.io/liveness", tags: ["*"], sizeBytes: 4_500_000, cmd: ["/server"], kind: "server", ports: [8080], startupMs: 100, memBytes: 3 * MB, cpuMilli: 0, http: "liveness" },
  { repo: "registry.k8s.io/goproxy", tags: ["*"], sizeBytes: 3_000_000, cmd: ["/goproxy"], kind: "server", ports: [8080], startupMs: 100, memBytes: 3 * MB, cpuMilli: 0, http: "ok" },
  { repo: "registry.k8s.io/etcd", tags: ["*"], sizeBytes: 57_000_000, cmd: ["etcd"], kind: "server", ports: [2379, 2380], startupMs: 500, memBytes: 30 * MB, cpuMilli: 10 },
  { repo: "registry.k8s.io/hpa-example", tags: ["*"], sizeBytes: 180_000_000, cmd: ["apache2-foreground"], kind: "server", ports: [80], startupMs: 0, memBytes: 10 * MB, cpuMilli: 1, http: "php" },
  { repo: "polinux/stress", tags: ["*"], sizeBytes: 4_000_000, cmd: ["stress"], kind: "shell", ports: [], startupMs: 0, memBytes: 1 * MB, cpuMilli: 0 },
  { repo: "vish/stress", tags: ["*"], sizeBytes: 4_000_000, cmd: ["/stress"], kind: "shell", ports: [], startupMs: 0, memBytes: 1 * MB, cpuMilli: 0 },
  { repo: "k8s.gcr.io/fluentd-elasticsearch", tags: ["*"], sizeBytes: 140_000_000, cmd: ["/run.sh"], kind: "server", ports: [], startupMs: 500, memBytes: 100 * MB, cpuMilli: 5 },
  { repo: "quay.io/fluentd_elasticsearch/fluentd", tags: ["*"], sizeBytes: 140_000_000, cmd: ["/run.sh"], kind: "server", ports: [], startupMs: 500, memBytes: 100 * MB, cpuMilli: 5 },
  { repo: "gcr.io/google-samples/hello-app", tags: ["*"], sizeBytes: 11_000_000, cmd: ["/hello-app"], kind: "server", ports: [8080], startupMs: 100, memBytes: 4 * MB, cpuMilli: 0, http: "hello" },
  { repo: "gcr.io/google-samples/node-hello", tags: ["*"], sizeBytes: 200_000_000, cmd: ["node", "server.js"], kind: "server", ports: [8080], startupMs: 0, memBytes: 20 * MB, cpuMilli: 0, http: "hello" },
  { repo: "gcr.io/google-samples/hello-frontend", tags: ["*"], sizeBytes: 60_000_000, cmd: ["nginx"], kind: "server", ports: [80], startupMs: 0, memBytes: 6 * MB, cpuMilli: 0, http: "nginx" },
  { repo: "gcr.io/google-samples/hello-go-gke", tags: ["*"], sizeBytes: 11_000_000, cmd: ["/usr/bin/hello"], kind: "server", ports: [80], startupMs: 100, memBytes: 4 * MB, cpuMilli: 0, http: "hello" },
  { repo: "gcr.io/google-samples/gb-frontend", tags: ["*"], sizeBytes: 150_000_000, cmd: ["apache2-foreground"], kind: "server", ports: [80], startupMs: 0, memBytes: 12 * MB, cpuMilli: 0, http: "php" },
  { repo: "gcr.io/kubernetes-e2e-test-images/dnsutils", tags: ["*"], sizeBytes: 4_000_000, cmd: ["sleep", "3600"], kind: "shell", ports: [], startupMs: 0, memBytes: 1 * MB, cpuMilli: 0 },
  { repo: "registry.k8s.io/e2e-test-images/jessie-dnsutils", tags: ["*"], sizeBytes: 100_000_000, cmd: ["sleep", "3600"], kind: "shell", ports: [], startupMs: 0, memBytes: 1 * MB, cpuMilli: 0 },
  { repo: "curlimages/curl", tags: ["*"], sizeBytes: 12_000_000, cmd: ["curl"], kind: "shell", ports: [], startupMs: 0, memBytes: 1 * MB, cpuMilli: 0 },
  { repo: "nicolaka/netshoot", tags: ["*"], sizeBytes: 200_000_000, cmd: ["zsh"], kind: "shell", ports: [], startupMs: 0, memBytes: 2 * MB, cpuMilli: 0 },
  // The configurable demo web app (see README "Demo app").
  { repo: "kubeclass/demo-app", tags: ["*"], sizeBytes: 9_800_000, cmd: ["/demo-app"], kind: "server", ports: [8080], startupMs: 0, memBytes: 10 * MB, cpuMilli: 1, http: "demo" },
  // kube-system add-ons (preloaded on nodes)
  { repo: "registry.k8s.io/coredns/coredns", tags: ["*"], sizeBytes: 18_000_000, cmd: ["/coredns"], kind: "server", ports: [53, 9153, 8080, 8181], startupMs: 300, memBytes: 15 * MB, cpuMilli: 3, http: "coredns" },
  { repo: "registry.k8s.io/kube-proxy", tags: ["*"], sizeBytes: 30_000_000, cmd: ["/usr/local/bin/kube-proxy"], kind: "server", ports: [], startupMs: 100, memBytes: 20 * MB, cpuMilli: 1 },
  { repo: "registry.k8s.io/metrics-server/metrics-server", tags: ["*"], sizeBytes: 19_000_000, cmd: ["/metrics-server"], kind: "server", ports: [10250], startupMs: 300, memBytes: 20 * MB, cpuMilli: 3, http: "ok" },
  { repo: "registry.k8s.io/kube-apiserver", tags: ["*"], sizeBytes: 30_000_000, cmd: ["kube-apiserver"], kind: "server", ports: [6443], startupMs: 500, memBytes: 250 * MB, cpuMilli: 40, http: "ok" },
  { repo: "registry.k8s.io/kube-controller-manager", tags: ["*"], sizeBytes: 30_000_000, cmd: ["kube-controller-manager"], kind: "server", ports: [10257], startupMs: 500, memBytes: 50 * MB, cpuMilli: 15 },
  { repo: "registry.k8s.io/kube-scheduler", tags: ["*"], sizeBytes: 20_000_000, cmd: ["kube-scheduler"], kind: "server", ports: [10259], startupMs: 300, memBytes: 20 * MB, cpuMilli: 3 },
  { repo: "docker.io/flannel/flannel", tags: ["*"], sizeBytes: 30_000_000, cmd: ["/opt/bin/flanneld"], kind: "server", ports: [], startupMs: 300, memBytes: 15 * MB, cpuMilli: 2 },
];

export interface ImageRef {
  registry: string;
  repo: string;
  tag: string;
  full: string;
}

/** Normalise an image reference like containerd does ("nginx" -> docker.io/library/nginx:latest). */
export function parseImage(image: string): ImageRef | null {
  if (!image || /\s/.test(image) || /[A-Z]/.test(image.split("@")[0].split(":")[0])) return null;
  let rest = image.split("@")[0];
  let registry = "docker.io";
  const first = rest.split("/")[0];
  if (rest.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost")) {
    registry = first;
    rest = rest.slice(first.length + 1);
  }
  let tag = "latest";
  const colon = rest.lastIndexOf(":");
  if (colon > 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (!/^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/.test(rest) || !/^[\w][\w.-]{0,127}$/.test(tag)) return null;
  if (registry === "docker.io" && !rest.includes("/")) rest = `library/${rest}`;
  return { registry, repo: rest, tag, full: `${registry}/${rest}:${tag}` };
}

export type PullResult = { ok: true; spec: ImageSpec; ref: ImageRef } | { ok: false; error: string; invalid?: boolean };

/** Resolve an image against the catalogue plus any custom images; unknown images fail like a registry. */
const RESOLVE_MEMO = new Map<string, PullResult>();

export function resolveImage(image: string, custom: ImageSpec[] = []): PullResult {
  if (custom.length === 0) {
    let r = RESOLVE_MEMO.get(image);
    if (!r) {
      r = resolveImageUncached(image, []);
      if (RESOLVE_MEMO.size > 5000) RESOLVE_MEMO.clear();
      RESOLVE_MEMO.set(image, r);
    }
    return r;
  }
  return resolveImageUncached(image, custom);
}

function resolveImageUncached(image: string, custom: ImageSpec[]): PullResult {
  const ref = parseImage(image);
  if (!ref) return { ok: false, invalid: true, error: `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format` };
  const candidates = [...custom, ...IMAGES];
  const key = ref.registry === "docker.io" ? ref.repo : `${ref.registry}/${ref.repo}`;
  const spec = candidates.find((s) => s.repo === key || (ref.registry === "docker.io" && s.repo === `docker.io/${ref.repo}`));
  const shown = `${ref.registry}/${ref.repo}:${ref.tag}`;
  if (!spec) {
    return { ok: false, error: `rpc error: code = Unknown desc = failed to pull and unpack image "${shown}": failed to resolve reference "${shown}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed` };
  }
  if (!spec.tags.includes("*") && !spec.tags.includes(ref.tag)) return notFoundTag(shown);
  if (spec.tags.includes("*") && !plausibleTag(spec.repo, ref.tag)) return notFoundTag(shown);
  return { ok: true, spec, ref };
}

function notFoundTag(shown: string): PullResult {
  return { ok: false, error: `rpc error: code = NotFound desc = failed to pull and unpack image "${shown}": failed to resolve reference "${shown}": ${shown}: not found` };
}

/** Tags that exist for "*" images: latest, version-like tags, and common variants; typos like "lates" do not. */
function plausibleTag(repo: string, tag: string): boolean {
  if (tag === "latest" || tag === "stable" || tag === "mainline" || tag === "alpine" || tag === "slim") return true;
  const m = /^v?(\d+)(\.\d+){0,2}([-.][a-z0-9.-]+)?$/.exec(tag);
  if (!m) return /^(stable|mainline|bookworm|bullseye|jammy|noble|alpine)[-a-z0-9.]*$/.test(tag) || /^[a-z]+-\d/.test(tag);
  const major = Number(m[1]);
  if (repo === "library/nginx" && major > 1) return false;
  if (repo === "library/busybox" && major > 1) return false;
  if (repo === "library/httpd" && major > 2) return false;
  if (repo === "library/redis" && major > 8) return false;
  if (repo === "library/mysql" && major > 9) return false;
  if (repo === "library/postgres" && major > 18) return false;
  if (repo === "library/alpine" && major > 3) return false;
  if (repo === "library/nginx" && /^1\.(\d+)/.test(tag) && Number(/^1\.(\d+)/.exec(tag)![1]) > 29) return false;
  return true;
}

/** Virtual pull duration: ~40 MB/s plus 300 ms of registry round-trips. */
export function pullMs(spec: ImageSpec): number {
  return 300 + Math.round(spec.sizeBytes / 40_000);
}
