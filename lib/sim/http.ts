/** How the simulated images answer HTTP (used by curl, probes, kube-proxy traffic and Ingress). */

export interface ServeContext {
  /** ms since the container started */
  sinceStart: number;
  env: Record<string, string>;
  args: string[];
  hostname: string;
  readFile(path: string): string | null;
}

export interface HttpReply {
  code: number;
  body: string;
  /** CPU cost in millicore-seconds (load generator) */
  cpuCost?: number;
  /** time to answer (ms); probes time out when it exceeds timeoutSeconds */
  delayMs?: number;
}

const NGINX_404 = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
const HTTPD_404 = '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n';

function serveDir(root: string, path: string, ctx: ServeContext, notFound: string, index = "index.html"): HttpReply {
  const p = path.split("?")[0];
  const file = p.endsWith("/") ? `${root}${p}${index}` : `${root}${p}`;
  const c = ctx.readFile(file);
  if (c !== null) return { code: 200, body: c };
  return { code: 404, body: notFound };
}

/** Parse DEMO_PATHS="/=200:hello;/healthz=200;/boom=500:oops". */
function demoPaths(spec: string | undefined): Record<string, { code: number; body: string }> {
  const out: Record<string, { code: number; body: string }> = {};
  for (const part of (spec ?? "").split(";").filter(Boolean)) {
    const m = /^([^=]+)=(\d{3})(?::(.*))?$/.exec(part.trim());
    if (m) out[m[1]] = { code: Number(m[2]), body: m[3] ?? "" };
  }
  return out;
}

/**
 * What nginx serves, from its configuration as mounted in the container: /etc/nginx/nginx.conf and,
 * when it includes them, /etc/nginx/conf.d/*.conf (the image's default.conf: listen 80, root
 * /usr/share/nginx/html). The first server's `listen` ports, `root`, `index`, and a server-level
 * `return CODE "text"` are modelled; locations, proxy_pass and TLS are not.
 */
type NginxConf = { ports: number[]; root: string; index: string; ret?: { code: number; body: string } };
const NGINX_CONF_MEMO = new Map<string, NginxConf>();

export function nginxConf(readFile: (p: string) => string | null): NginxConf {
  const main = readFile("/etc/nginx/nginx.conf") ?? "";
  const key = `${main}\u0000${readFile("/etc/nginx/conf.d/default.conf") ?? ""}`;
  let conf = NGINX_CONF_MEMO.get(key);
  if (!conf) {
    if (NGINX_CONF_MEMO.size > 200) NGINX_CONF_MEMO.clear();
    conf = parseNginxConf(main, readFile);
    NGINX_CONF_MEMO.set(key, conf);
  }
  return conf;
}

function parseNginxConf(main: string, readFile: (p: string) => string | null): NginxConf {
  let text = main.replace(/#.*$/gm, "");
  if (!main || /include\s+\/etc\/nginx\/conf\.d\/\*\.conf\s*;/.test(text)) text += "\n" + (readFile("/etc/nginx/conf.d/default.conf") ?? "").replace(/#.*$/gm, "");
  const ports = [...text.matchAll(/\blisten\s+(?:[\d.]+:|\[::\]:)?(\d+)[^;]*;/g)].map((m) => Number(m[1]));
  const root = /\broot\s+([^;\s]+)\s*;/.exec(text)?.[1]?.replace(/\/$/, "") ?? "/usr/share/nginx/html";
  const index = /\bindex\s+([^;\s]+)[^;]*;/.exec(text)?.[1] ?? "index.html";
  const r = /(?:^|[;{])\s*return\s+(\d{3})(?:\s+(?:"([^"]*)"|'([^']*)'|([^;\s]+)))?\s*;/m.exec(text.replace(/location[^{]*\{[^}]*\}/g, ""));
  return { ports: ports.length ? [...new Set(ports)] : [80], root, index, ...(r ? { ret: { code: Number(r[1]), body: r[2] ?? r[3] ?? r[4] ?? "" } } : {}) };
}

/** Ports the process listens on (the demo app's port is configurable; nginx reads its configuration). */
export function listeningPorts(handler: string | undefined, imagePorts: number[], env: Record<string, string>, args: string[], readFile?: (p: string) => string | null): number[] {
  if (handler === "demo") return [Number(env.DEMO_PORT ?? 8080)];
  // nginx listens where its configuration says; an image described without any nginx configuration file (a
  // custom image whose server is only modelled as nginx-like) listens on the ports its catalogue entry declares
  if (handler === "nginx" && readFile && (readFile("/etc/nginx/nginx.conf") !== null || readFile("/etc/nginx/conf.d/default.conf") !== null)) return nginxConf(readFile).ports;
  if (handler === "agnhost") {
    const p = args.find((a) => a.startsWith("--http-port=") || a.startsWith("--port="));
    if (p) return [Number(p.split("=")[1])];
    if (args[0] === "serve-hostname") return [9376];
  }
  return imagePorts;
}

/** Start-up delay before the ports accept connections. */
export function startupDelay(handler: string | undefined, base: number, env: Record<string, string>): number {
  if (handler === "demo") return Math.round(Number(env.DEMO_STARTUP_SECONDS ?? 0) * 1000);
  return base;
}

/** Answer one HTTP request to a running server. */
export function serveHttp(handler: string | undefined, path: string, ctx: ServeContext): HttpReply {
  switch (handler) {
    case "nginx": {
      const conf = nginxConf(ctx.readFile);
      if (conf.ret) return { code: conf.ret.code, body: conf.ret.body };
      return serveDir(conf.root, path, ctx, NGINX_404, conf.index);
    }
    case "httpd":
      return serveDir("/usr/local/apache2/htdocs", path, ctx, HTTPD_404);
    case "php":
      return { code: 200, body: "OK!", cpuCost: 5 };
    case "hello":
      return { code: 200, body: `Hello, world!\nVersion: 1.0.0\nHostname: ${ctx.hostname}\n` };
    case "liveness":
      return livenessServer(path, ctx);
    case "agnhost": {
      const mode = ctx.args[0] ?? "";
      if (mode === "liveness") return livenessServer(path, ctx);
      if (mode === "serve-hostname") return { code: 200, body: ctx.hostname };
      if (mode === "netexec") {
        if (path.startsWith("/hostname")) return { code: 200, body: ctx.hostname };
        if (path.startsWith("/healthz")) return { code: 200, body: "" };
        return { code: 200, body: `NOW: ${new Date(Date.UTC(2026, 0, 1) + ctx.sinceStart).toISOString()}` };
      }
      return { code: 200, body: ctx.hostname };
    }
    case "coredns":
      return { code: 200, body: "OK" };
    case "demo": {
      const reply = serveDemo(path, ctx);
      const delay = Number(ctx.env.DEMO_RESPONSE_DELAY_MS ?? 0);
      return delay ? { ...reply, delayMs: delay } : reply;
    }
    case "ok":
    default:
      return { code: 200, body: "ok" };
  }
}

function serveDemo(path: string, ctx: ServeContext): HttpReply {
  const env = ctx.env;
  const readyFile = env.DEMO_READY_FILE;
  if (path.startsWith("/ready")) {
    if (readyFile && ctx.readFile(readyFile) === null) return { code: 503, body: "not ready\n" };
    return { code: 200, body: "ready\n" };
  }
  const paths = demoPaths(env.DEMO_PATHS);
  const p = path.split("?")[0];
  const cost = Number(env.DEMO_CPU_PER_REQUEST_M ?? 0);
  if (paths[p]) return { code: paths[p].code, body: paths[p].body, cpuCost: cost };
  if (p === "/" && !paths["/"]) return { code: 200, body: `${env.DEMO_MESSAGE ?? "Hello from demo-app"} (${ctx.hostname})\n`, cpuCost: cost };
  if (p === "/healthz" && !paths["/healthz"]) return { code: 200, body: "ok\n" };
  return { code: 404, body: "404 page not found\n" };
}

/** registry.k8s.io liveness server: /healthz answers 200 for 10 s, then 500 (docs' http-liveness example). */
function livenessServer(path: string, ctx: ServeContext): HttpReply {
  if (path.startsWith("/healthz")) {
    const s = ctx.sinceStart / 1000;
    if (s > 10) return { code: 500, body: `error: ${s.toFixed(6)}` };
    return { code: 200, body: "ok" };
  }
  return { code: 200, body: ctx.hostname };
}
