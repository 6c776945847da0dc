import { OFFICIAL_TAGS } from "./image-tags";

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
  /** the image's ENTRYPOINT when it is not a shell: a container's `args` without `command` follow it */
  entrypoint?: string[];
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
  /** tags that exist, when not "*" nor the generated official list (lib/sim/image-tags.ts) */
  tagPattern?: RegExp;
  /** an image the catalogue does not know: it runs the container's command */
  generic?: boolean;
  /** programs in the image besides the shell's builtins (for exec probes, `kubectl exec`, `command`) */
  programs?: string[];
  /** programs the interpreter models that this image does not have */
  missing?: string[];
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

// The nginx image's configuration (github.com/nginx/docker-nginx, mainline/debian/nginx.conf and default.conf).
const NGINX_CONF = `
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /run/nginx.pid;


events {
    worker_connections  1024;
}


http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
`;
const NGINX_DEFAULT_CONF = `server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # redirect server error pages to the static page /50x.html
    #
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
`;

// What the nginx image logs on start (docker-entrypoint.sh and its /docker-entrypoint.d hooks, then
// nginx's notices); {time} is the start in nginx's error-log format, {version} the image's nginx.
const NGINX_START = [
  "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
  "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
  "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
  "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
  "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
  "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
  "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
  "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
  "/docker-entrypoint.sh: Configuration complete; ready for start up",
  '{time} [notice] 1#1: using the "epoll" event method',
  "{time} [notice] 1#1: nginx/{version}",
  "{time} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) ",
  "{time} [notice] 1#1: OS: Linux 6.8.0",
  "{time} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576",
  "{time} [notice] 1#1: start worker processes",
  "{time} [notice] 1#1: start worker process 29",
  "{time} [notice] 1#1: start worker process 30",
];

const MB = 1024 * 1024;
/** busybox's applets have wget and nslookup but no curl, bash or perl (alpine's base is busybox too). */
const BUSYBOX_MISSING = ["curl", "bash", "perl", "stress"];

/** The catalogue (Docker Hub "library" images and the Kubernetes test images used in the docs). */
export const IMAGES: ImageSpec[] = [
  { repo: "library/nginx", tags: ["*"], sizeBytes: 72_223_946, cmd: ["nginx", "-g", "daemon off;"], kind: "server", ports: [80], startupMs: 0, memBytes: 6 * MB, cpuMilli: 0, files: { "/usr/share/nginx/html/index.html": NGINX_INDEX, "/etc/nginx/nginx.conf": NGINX_CONF, "/etc/nginx/conf.d/default.conf": NGINX_DEFAULT_CONF }, http: "nginx", startLog: NGINX_START },
  { repo: "library/httpd", tags: ["*"], sizeBytes: 58_160_132, cmd: ["httpd-foreground"], kind: "server", ports: [80], startupMs: 0, memBytes: 8 * MB, cpuMilli: 1, files: { "/usr/local/apache2/htdocs/index.html": "<html><body><h1>It works!</h1></body></html>\n" }, http: "httpd", startLog: ["AH00094: Command line: 'httpd -D FOREGROUND'"] },
  { repo: "library/busybox", tags: ["*"], missing: BUSYBOX_MISSING, sizeBytes: 2_155_116, cmd: ["sh"], kind: "shell", ports: [], startupMs: 0, memBytes: 1 * MB, cpuMilli: 0 },
  { repo: "registry.k8s.io/busybox", tags: ["*"], missing: BUSYBOX_MISSING, sizeBytes: 1_144_547, cmd: ["sh"], kind: "shell", ports: [], startupMs: 0, memBytes: 1 * MB, cpuMilli: 0 },
  { repo: "registry.k8s.io/nginx-slim", tags: ["*"], sizeBytes: 20_000_000, cmd: ["nginx", "-g", "daemon off;"], kind: "server", ports: [80], startupMs: 0, memBytes: 5 * MB, cpuMilli: 0, files: { "/usr/share/nginx/html/index.html": NGINX_INDEX }, http: "nginx" },
  { repo: "library/alpine", tags: ["*"], missing: BUSYBOX_MISSING, sizeBytes: 3_623_807, cmd: ["/bin/sh"], kind: "shell", ports: [], startupMs: 0, memBytes: 1 * MB, cpuMilli: 0 },
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
  { repo: "library/mariadb", tags: ["*"], sizeBytes: 120_734_339, cmd: ["mariadbd"], kind: "server", ports: [3306], startupMs: 6000, memBytes: 90 * MB, cpuMilli: 4, requireEnv: { anyOf: ["MARIADB_ROOT_PASSWORD", "MYSQL_ROOT_PASSWORD", "MARIADB_ROOT_PASSWORD_HASH", "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MARIADB_RANDOM_ROOT_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD"], log: ["[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified", "\tYou need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD"] }, startLog: ["[Note] mariadbd: ready for connections."] },
  { repo: "library/fluentd", tags: ["*"], sizeBytes: 43_000_000, cmd: ["fluentd"], kind: "server", ports: [24224], startupMs: 1500, memBytes: 60 * MB, cpuMilli: 3, startLog: ["[info]: fluent/log.rb: starting fluentd worker pid=17 ppid=7 worker=0", "[info]: fluent/log.rb: fluentd worker is now running worker=0"] },
  { repo: "fluent/fluentd", tags: ["*"], sizeBytes: 43_000_000, cmd: ["fluentd"], kind: "server", ports: [24224], startupMs: 1500, memBytes: 60 * MB, cpuMilli: 3, startLog: ["[info]: fluent/log.rb: fluentd worker is now running worker=0"] },
  { repo: "fluent/fluent-bit", tags: ["*"], sizeBytes: 35_000_000, cmd: ["/fluent-bit/bin/fluent-bit"], kind: "server", ports: [2020], startupMs: 300, memBytes: 15 * MB, cpuMilli: 2 },
  { repo: "library/memcached", tags: ["*"], sizeBytes: 30_000_000, cmd: ["memcached"], kind: "server", ports: [11211], startupMs: 100, memBytes: 3 * MB, cpuMilli: 1 },
  { repo: "library/rabbitmq", tags: ["*"], sizeBytes: 100_000_000, cmd: ["rabbitmq-server"], kind: "server", ports: [5672], startupMs: 5000, memBytes: 100 * MB, cpuMilli: 5 },
  { repo: "library/registry", tags: ["*"], sizeBytes: 10_000_000, cmd: ["registry", "serve", "/etc/docker/registry/config.yml"], kind: "server", ports: [5000], startupMs: 100, memBytes: 8 * MB, cpuMilli: 0, http: "ok" },
  { repo: "library/caddy", tags: ["*"], sizeBytes: 20_000_000, cmd: ["caddy", "run"], kind: "server", ports: [80], startupMs: 100, memBytes: 10 * MB, cpuMilli: 0, http: "ok" },
  { repo: "library/mongo", tags: ["*"], sizeBytes: 250_000_000, cmd: ["mongod"], kind: "server", ports: [27017], startupMs: 2000, memBytes: 80 * MB, cpuMilli: 4 },
  { repo: "library/haproxy", tags: ["*"], sizeBytes: 40_000_000, cmd: ["haproxy"], kind: "server", ports: [80], startupMs: 100, memBytes: 8 * MB, cpuMilli: 0 },
  { repo: "library/traefik", tags: ["*"], sizeBytes: 50_000_000, cmd: ["traefik"], kind: "server", ports: [80, 8080], startupMs: 300, memBytes: 30 * MB, cpuMilli: 1 },
  { repo: "library/golang", tags: ["*"], sizeBytes: 300_000_000, cmd: ["bash"], kind: "shell", ports: [], startupMs: 0, memBytes: 2 * MB, cpuMilli: 0 },
  { repo: "library/bash", tags: ["*"], sizeBytes: 6_000_000, cmd: ["bash"], kind: "shell", ports: [], startupMs: 0, memBytes: 1 * MB, cpuMilli: 0 },
  { repo: "library/amazonlinux", tags: ["*"], sizeBytes: 60_000_000, cmd: ["/bin/bash"], kind: "shell", ports: [], startupMs: 0, memBytes: 2 * MB, cpuMilli: 0 },
  // kubectl images: since 2025-08-28 Bitnami publishes only `latest` of its free images on Docker Hub
  // (versioned tags moved to bitnamilegacy/*; github.com/bitnami/containers issues 83267 and 88999).
  // Bitnami's Dockerfile: ENTRYPOINT [ "kubectl" ], CMD [ "--help" ] (so `kubectl run x --image=bitnami/kubectl -- get pods` runs kubectl)
  { repo: "bitnami/kubectl", tags: ["latest"], sizeBytes: 80_000_000, cmd: ["kubectl"], entrypoint: ["kubectl"], kind: "shell", ports: [], startupMs: 0, memBytes: 10 * MB, cpuMilli: 0, programs: ["kubectl"] },
  { repo: "bitnamilegacy/kubectl", tags: ["*"], tagPattern: /^(latest|1\.\d{1,2}(\.\d{1,2})?(-debian-1[12]-r\d+)?)$/, sizeBytes: 80_000_000, cmd: ["kubectl"], entrypoint: ["kubectl"], kind: "shell", ports: [], startupMs: 0, memBytes: 10 * MB, cpuMilli: 0, programs: ["kubectl"] },
  // kubernetes/kubernetes build/server-image/kubectl/Dockerfile: COPY kubectl /bin/, ENTRYPOINT ["/bin/kubectl"], no CMD
  // (so `kubectl run x --image=registry.k8s.io/kubectl:v1.35.0 -- get pods` runs kubectl, and no args prints its help)
  { repo: "registry.k8s.io/kubectl", tags: ["*"], tagPattern: /^v1\.(2[89]|3\d)\.\d{1,2}$/, sizeBytes: 20_000_000, cmd: ["/bin/kubectl"], entrypoint: ["/bin/kubectl"], kind: "shell", ports: [], startupMs: 0, memBytes: 10 * MB, cpuMilli: 0, programs: ["kubectl"] },
  { repo: "alpine/k8s", tags: ["*"], sizeBytes: 200_000_000, cmd: ["/bin/sh"], kind: "shell", ports: [], startupMs: 0, memBytes: 10 * MB, cpuMilli: 0, programs: ["kubectl"] },
  { repo: "registry.k8s.io/e2e-test-images/busybox", tags: ["*"], missing: BUSYBOX_MISSING, sizeBytes: 1_300_000, cmd: ["sh"], kind: "shell", ports: [], startupMs: 0, memBytes: 1 * MB, cpuMilli: 0 },
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

/** The catalogue by repository key (see catalogueKey). */
const CATALOGUE = new Map<string, ImageSpec>(IMAGES.map((s) => [s.repo, s]));

export interface ImageRef {
  /** the registry containerd contacts (docker.io, public.ecr.aws, registry.k8s.io, ...) */
  registry: string;
  /** repository path on that registry (library/nginx, docker/library/nginx, e2e-test-images/agnhost) */
  repo: string;
  /** the tag ("latest" when none was given and there is no digest) */
  tag: string;
  /** sha256 digest when the reference pins one */
  digest?: string;
  /** the fully qualified reference containerd pulls (docker.io/library/nginx:1.27) */
  full: string;
}

// github.com/distribution/reference (the parser behind the kubelet's parsers.ParseImageName and
// containerd's reference.ParseDockerRef): path components, tag and digest grammar.
const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
const DOMAIN = "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?";
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$`);

/**
 * Parse and normalise an image reference as the kubelet and containerd do ("nginx" ->
 * docker.io/library/nginx:latest). Returns the reference, or the reference parser's error
 * ("invalid reference format", "repository name must be lowercase").
 */
export function parseImageRef(image: string): ImageRef | { error: string } {
  if (!image) return { error: "repository name must have at least one component" };
  const m = REFERENCE.exec(image);
  if (!m) return { error: REFERENCE.test(image.toLowerCase()) ? "repository name must be lowercase" : "invalid reference format" };
  let name = m[1];
  const tag = m[2];
  const digest = m[3];
  if (digest && !/^sha256:[0-9a-f]{64}$/.test(digest)) {
    // digest.Validate: a sha256 digest is 64 lowercase hex characters
    return { error: digest.startsWith("sha256:") ? "invalid checksum digest length" : "unsupported digest algorithm" };
  }
  if (name.length > 255) return { error: "repository name must not be more than 255 characters" };
  // splitDockerDomain: the first component is a registry when it has a dot or a port, or is localhost.
  let registry = "docker.io";
  const i = name.indexOf("/");
  const first = i < 0 ? "" : name.slice(0, i);
  if (i >= 0 && (first.includes(".") || first.includes(":") || first === "localhost" || first !== first.toLowerCase())) {
    registry = first;
    name = name.slice(i + 1);
  }
  if (name !== name.toLowerCase()) return { error: "repository name must be lowercase" };
  if (registry === "index.docker.io") registry = "docker.io";
  if (registry === "docker.io" && !name.includes("/")) name = `library/${name}`;
  const t = tag ?? (digest ? "" : "latest");
  return { registry, repo: name, tag: t, digest, full: `${registry}/${name}${tag || !digest ? `:${t}` : ""}${digest ? `@${digest}` : ""}` };
}

/** Normalise an image reference like containerd does ("nginx" -> docker.io/library/nginx:latest); null when it does not parse. */
export function parseImage(image: string): ImageRef | null {
  const r = parseImageRef(image);
  return "error" in r ? null : r;
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

/**
 * Registries that serve Docker Hub's images under another path: Amazon ECR Public's Docker
 * official images gallery (public.ecr.aws/docker/library/nginx, used throughout Killercoda) and
 * Google's Docker Hub mirror (mirror.gcr.io/library/nginx). Same images, same tags.
 */
const HUB_MIRRORS: [prefix: string, hub: string][] = [
  ["public.ecr.aws/docker/library/", "library/"],
  ["mirror.gcr.io/", ""],
  ["registry-1.docker.io/", ""],
];

/** The catalogue key of a reference: Docker Hub repositories by their path, other registries as registry/path. */
export function catalogueKey(ref: ImageRef): string {
  if (ref.registry === "docker.io") return ref.repo;
  const path = `${ref.registry}/${ref.repo}`;
  for (const [prefix, hub] of HUB_MIRRORS) if (path.startsWith(prefix)) return hub + path.slice(prefix.length);
  return path;
}

/** Registries whose every repository the catalogue knows: an unknown repository there does not exist. */
function closedNamespace(key: string): boolean {
  // kubeclass/ is this course's own Docker Hub namespace: only its catalogued images exist
  return key.startsWith("library/") || key.startsWith("kubeclass/") || key.startsWith("registry.k8s.io/") || key.startsWith("k8s.gcr.io/");
}

const GENERIC: Omit<ImageSpec, "repo"> = { tags: ["*"], sizeBytes: 25_000_000, cmd: [], kind: "server", ports: [], startupMs: 0, memBytes: 4 * MB, cpuMilli: 0, generic: true };

function resolveImageUncached(image: string, custom: ImageSpec[]): PullResult {
  const parsed = parseImageRef(image);
  // kubelet images.applyDefaultImageTag -> parsers.ParseImageName (pkg/kubelet/images/image_manager.go)
  if ("error" in parsed) return { ok: false, invalid: true, error: `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${parsed.error}` };
  const ref = parsed;
  const key = catalogueKey(ref);
  const spec = custom.find((s) => s.repo === key || s.repo === `docker.io/${key}`) ?? CATALOGUE.get(key) ?? CATALOGUE.get(`docker.io/${key}`);
  const shown = ref.full;
  if (!spec) {
    if (closedNamespace(key)) {
      if (ref.registry === "docker.io") {
        // containerd's docker resolver on a 401 from Docker Hub for a repository that does not exist
        return { ok: false, error: `rpc error: code = Unknown desc = failed to pull and unpack image "${shown}": failed to resolve reference "${shown}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed` };
      }
      return notFoundTag(shown);
    }
    const unreachable = unreachableRegistry(ref);
    if (unreachable) return { ok: false, error: `rpc error: code = Unknown desc = failed to pull and unpack image "${shown}": failed to resolve reference "${shown}": failed to do request: Head "https://${ref.registry}/v2/${ref.repo}/manifests/${ref.digest ?? ref.tag}": ${unreachable}` };
    // Any other well-formed repository (quay.io, ghcr.io, a Docker Hub user's image): the
    // simulator cannot know what it contains, so it behaves as a generic image that runs the
    // container's command (or keeps running when there is none).
    return { ok: true, spec: { ...GENERIC, repo: key }, ref };
  }
  if (ref.digest) return { ok: true, spec, ref };
  if (!tagExists(spec, key, ref.tag)) return notFoundTag(shown);
  return { ok: true, spec, ref };
}

/**
 * A registry host no node can reach: private names (registry.local, *.example.com, myreg:5000,
 * an IP) exist only in someone else's network. containerd's resolver fails on the HTTP request
 * (net.Dial's "no such host" / "connection refused"); the node's resolver is systemd-resolved's stub.
 */
function unreachableRegistry(ref: ImageRef): string | null {
  const host = ref.registry.replace(/:\d+$/, "");
  const port = /:(\d+)$/.exec(ref.registry)?.[1];
  if (host === "localhost" || host === "127.0.0.1") return `dial tcp 127.0.0.1:${port ?? 443}: connect: connection refused`;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return `dial tcp ${host}:${port ?? 443}: i/o timeout`;
  const tld = host.split(".").pop() ?? "";
  const privateName = !host.includes(".") || ["local", "localdomain", "example", "test", "invalid", "internal", "lan", "corp", "home", "intranet"].includes(tld) || /(^|\.)example\.(com|org|net)$/.test(host);
  return privateName ? `dial tcp: lookup ${host} on 127.0.0.53:53: no such host` : null;
}

function notFoundTag(shown: string): PullResult {
  // containerd remotes/docker resolver: a 404 on the manifest is errdefs.ErrNotFound "<ref>: not found",
  // wrapped by "failed to resolve reference" and the CRI's "failed to pull and unpack image".
  return { ok: false, error: `rpc error: code = NotFound desc = failed to pull and unpack image "${shown}": failed to resolve reference "${shown}": ${shown}: not found` };
}

const TAG_SETS = new Map<string, { versions: Set<string>; suffixes: Set<string>; named: Set<string>; dated: Set<string> }>();

function officialTags(name: string) {
  let t = TAG_SETS.get(name);
  const row = OFFICIAL_TAGS[name];
  if (!t && row) {
    const set = (s: string) => new Set(s ? s.split(" ") : []);
    t = { versions: set(row[0]), suffixes: set(row[1]), named: set(row[2]), dated: set(row[3]) };
    TAG_SETS.set(name, t);
  }
  return t;
}

/** Split a tag into a version prefix and the suffix after its dash (also how gen-image-tags.ts encodes the tag list). */
export function splitTag(tag: string): { version: string; suffix: string } | null {
  const m = /^v?\d+(?:\.\d+)*/.exec(tag);
  if (!m) return null;
  const rest = tag.slice(m[0].length);
  if (rest === "") return { version: m[0], suffix: "" };
  return rest.startsWith("-") ? { version: m[0], suffix: rest.slice(1) } : null;
}

/** Does this tag exist for the image? Official images from the generated tag list, others by their list or a version-shaped tag. */
export function tagExists(spec: ImageSpec, key: string, tag: string): boolean {
  const official = key.startsWith("library/") ? officialTags(key.slice("library/".length)) : undefined;
  if (official) {
    if (official.named.has(tag) || official.versions.has(tag)) return true;
    const d = /^(.*)-\d{8}$/.exec(tag);
    if (d && official.dated.has(d[1])) return true;
    const s = splitTag(tag);
    return !!s && official.versions.has(s.version) && official.suffixes.has(s.suffix);
  }
  if (spec.tagPattern) return spec.tagPattern.test(tag);
  if (!spec.tags.includes("*")) return spec.tags.includes(tag);
  return plausibleTag(tag);
}

/** Words that follow a version in real tags (distribution, variant, build); "1.27-bad" has none of them. */
const TAG_WORDS = new Set(["alpine", "slim", "bookworm", "bullseye", "buster", "trixie", "stretch", "jammy", "noble", "focal", "bionic", "xenial", "debian", "ubuntu", "fpm", "apache", "cli", "zts", "perl", "otel", "jdk", "jre", "temurin", "openjdk", "management", "full", "onbuild", "musl", "glibc", "uclibc", "distroless", "rootless", "nonroot", "static", "amd64", "arm64", "linux", "windowsservercore", "nanoserver", "dev", "debug", "minimal", "scratch", "ltsc2022", "el8", "el9", "ubi8", "ubi9"]);

/** A version-shaped tag ("1.2.3", "v1.19-debian-1", "3.6.6-0", "8.4-rc1") or a common channel name. */
function plausibleTag(tag: string): boolean {
  if (["latest", "stable", "mainline", "edge", "lts", "current", "main", "master", "nightly", "canary"].includes(tag)) return true;
  if (TAG_WORDS.has(tag)) return true;
  const s = splitTag(tag);
  if (!s) return false;
  if (!s.suffix) return true;
  return s.suffix.split(/[-_]/).every((w) => TAG_WORDS.has(w) || /^(?:alpine|debian|ubuntu|r|rc|beta|alpha|b|p|u|jdk|java|v)?\.?\d+(?:\.\d+)*$/.test(w));
}

const DEBIAN_ROOT = ["bin", "boot", "dev", "etc", "home", "lib", "lib64", "media", "mnt", "opt", "proc", "root", "run", "sbin", "srv", "sys", "tmp", "usr", "var"];
const ROOTS: Record<string, string[]> = {
  // `ls /` in busybox:1.36 and alpine:3.20
  busybox: ["bin", "dev", "etc", "home", "lib", "lib64", "proc", "root", "sys", "tmp", "usr", "var"],
  alpine: ["bin", "dev", "etc", "home", "lib", "media", "mnt", "opt", "proc", "root", "run", "sbin", "srv", "sys", "tmp", "usr", "var"],
  // the nginx image's entrypoint and its hook directory sit at the root
  nginx: [...DEBIAN_ROOT, "docker-entrypoint.d", "docker-entrypoint.sh"],
};

/** What `ls /` shows in a container of this image (Debian's layout unless the image is busybox/alpine-based). */
export function rootListing(spec: ImageSpec): string[] {
  if (spec.missing === BUSYBOX_MISSING) return ROOTS[spec.repo.endsWith("alpine") ? "alpine" : "busybox"];
  if (spec.http === "nginx") return ROOTS.nginx;
  return DEBIAN_ROOT;
}


/** The newest x.y.z among an official image's tags that a tag stands for ("1.27" -> 1.27.5, "latest" -> newest). */
function versionOf(name: string, tag: string): string {
  // asked on every container start (its start-up log): computed once per image and tag (a sort of every tag)
  const key = `${name}:${tag}`;
  let v = VERSION_OF.get(key);
  if (v === undefined) {
    if (VERSION_OF.size >= 1000) VERSION_OF.clear(); // tags are learner input: keep the memo bounded
    VERSION_OF.set(key, (v = newestVersion(name, tag)));
  }
  return v;
}
const VERSION_OF = new Map<string, string>();

function newestVersion(name: string, tag: string): string {
  const t = officialTags(name);
  const base = /^v?\d+(?:\.\d+)*/.exec(tag)?.[0];
  const full = [...(t?.versions ?? [])].filter((v) => /^\d+\.\d+\.\d+$/.test(v) && (!base || v === base || v.startsWith(`${base}.`)));
  const num = (v: string) => v.split(".").map(Number);
  full.sort((a, b) => { const x = num(a), y = num(b); return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
  return full.pop() ?? base ?? "";
}

/** An image's start-up log lines for a container started at virtual ms `at`. */
export function startLogLines(spec: ImageSpec, tag: string, at: number): string[] {
  const lines = spec.startLog ?? [];
  if (!lines.some((l) => l.includes("{"))) return lines;
  const d = new Date(Date.UTC(2026, 0, 1) + at);
  const p = (n: number) => String(n).padStart(2, "0");
  const time = `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  const version = versionOf(spec.repo.replace(/^library\//, ""), tag);
  return lines.map((l) => l.replace("{time}", time).replace("{version}", version));
}

/** Virtual pull duration: ~40 MB/s plus 300 ms of registry round-trips. */
export function pullMs(spec: ImageSpec): number {
  return 300 + Math.round(spec.sizeBytes / 40_000);
}
