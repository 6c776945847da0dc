// Object builders for kubectl create <kind>, run and expose, shaped exactly like
// kubectl's own generators (so --dry-run=client -o yaml prints what kubectl prints).
import { b64encode } from "../base64";
import type { Json } from "../cluster-api";

/** A usage error found while building an object (kubectl prints it as `error: …`). */
export class GenError extends Error {}

/** Parse `k=v,k2=v2` lists (labels, selectors, --hard). */
export function parseKeyVals(items: string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const it of items) {
    for (const part of it.split(",")) {
      if (!part) continue;
      const i = part.indexOf("=");
      if (i <= 0) throw new GenError(what === "hard" ? `Invalid argument syntax ${part}, expected <resource>=<value>` : `invalid ${what}: ${part}`);
      out[part.slice(0, i)] = part.slice(i + 1);
    }
  }
  return out;
}

/** kubectl create deployment NAME --image=... [--replicas] [--port] */
export function deploymentObj(name: string, images: string[], replicas: number, port: number | undefined, ns: string | undefined, command: string[]): Json {
  const labels = { app: name };
  const containers = images.map((img, i) => {
    const c: Json = { image: img, name: containerName(img, images.length > 1 ? i : -1) };
    if (command.length) c.command = command;
    if (port !== undefined) c.ports = [{ containerPort: port }];
    c.resources = {};
    return c;
  });
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { labels, name, ...(ns ? { namespace: ns } : {}) },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      strategy: {},
      template: { metadata: { labels }, spec: { containers } },
    },
    status: {},
  };
}

/** container name kubectl derives from an image: last path part without tag/digest. */
export function containerName(image: string, idx: number): string {
  let n = image.split("@")[0];
  n = n.split("/").pop() ?? n;
  n = n.split(":")[0];
  n = n.replace(/[^a-z0-9-]/g, "-");
  return idx >= 0 ? n : n;
}

/** kubectl run NAME --image=... */
export function podObj(o: {
  name: string;
  image: string;
  ns?: string;
  labels?: Record<string, string>;
  env: string[];
  port?: number;
  command: boolean;
  args: string[];
  restart: string;
  annotations?: Record<string, string>;
  imagePullPolicy?: string;
  serviceAccount?: string;
  privileged?: boolean;
  stdin?: boolean;
  tty?: boolean;
}): Json {
  const c: Json = { image: o.image, name: o.name };
  if (o.args.length) {
    if (o.command) c.command = o.args;
    else c.args = o.args;
  }
  if (o.env.length) {
    c.env = o.env.map((e) => {
      const i = e.indexOf("=");
      return { name: e.slice(0, i), value: e.slice(i + 1) };
    });
  }
  if (o.imagePullPolicy) c.imagePullPolicy = o.imagePullPolicy;
  if (o.port !== undefined) c.ports = [{ containerPort: o.port }];
  c.resources = {};
  if (o.privileged) c.securityContext = { privileged: true };
  if (o.stdin) c.stdin = true;
  if (o.stdin && o.tty) c.tty = true;
  if (o.stdin) c.stdinOnce = true;
  const spec: Json = { containers: [c], dnsPolicy: "ClusterFirst", restartPolicy: o.restart };
  if (o.serviceAccount) spec.serviceAccountName = o.serviceAccount;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      ...(o.annotations && Object.keys(o.annotations).length ? { annotations: o.annotations } : {}),
      labels: o.labels ?? { run: o.name },
      name: o.name,
      ...(o.ns ? { namespace: o.ns } : {}),
    },
    spec,
    status: {},
  };
}

/** Parse `port[:targetPort]` of --tcp. */
export function parsePortSpec(spec: string): { port: number; targetPort: number | string; name?: string } | null {
  const m = /^([0-9]+)(?::([0-9]+|[a-z][-a-z0-9]*))?$/.exec(spec);
  if (!m) return null;
  const port = Number(m[1]);
  const target = m[2] === undefined ? port : /^[0-9]+$/.test(m[2]) ? Number(m[2]) : m[2];
  return { port, targetPort: target };
}

/** kubectl create service clusterip|nodeport|loadbalancer|externalname NAME --tcp=... */
export function serviceObj(type: string, name: string, tcp: string[], nodePort: number | undefined, clusterIP: string | undefined, externalName: string | undefined, ns: string | undefined): Json {
  const typeName = { clusterip: "ClusterIP", nodeport: "NodePort", loadbalancer: "LoadBalancer", externalname: "ExternalName" }[type] ?? "ClusterIP";
  const ports = tcp.map((t) => {
    const ps = parsePortSpec(t)!;
    const p: Json = { name: `${ps.port}-${ps.targetPort}`, port: ps.port, protocol: "TCP", targetPort: ps.targetPort };
    if (nodePort !== undefined && typeName === "NodePort") p.nodePort = nodePort;
    return p;
  });
  const spec: Json = { ...(ports.length ? { ports } : {}), selector: { app: name }, type: typeName };
  if (clusterIP) spec.clusterIP = clusterIP;
  if (typeName === "ExternalName") spec.externalName = externalName;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { labels: { app: name }, name, ...(ns ? { namespace: ns } : {}) },
    spec,
    status: { loadBalancer: {} },
  };
}

/** Base64 of a UTF-8 string. */
export function b64(s: string): string {
  return b64encode(s);
}

/** kubectl create configmap */
export function configMapObj(name: string, data: Record<string, string>, ns: string | undefined): Json {
  return { apiVersion: "v1", ...(Object.keys(data).length ? { data } : {}), kind: "ConfigMap", metadata: { name, ...(ns ? { namespace: ns } : {}) } };
}

/** kubectl create secret (data base64-encoded) */
export function secretObj(name: string, data: Record<string, string>, type: string | undefined, ns: string | undefined): Json {
  const enc: Record<string, string> = {};
  for (const k of Object.keys(data)) enc[k] = b64(data[k]);
  return { apiVersion: "v1", ...(Object.keys(enc).length ? { data: enc } : {}), kind: "Secret", metadata: { name, ...(ns ? { namespace: ns } : {}) }, ...(type ? { type } : {}) };
}

/** kubectl create job */
export function jobObj(name: string, image: string, command: string[], ns: string | undefined): Json {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, ...(ns ? { namespace: ns } : {}) },
    spec: {
      template: {
        metadata: {},
        spec: { containers: [{ ...(command.length ? { command } : {}), image, name, resources: {} }], restartPolicy: "Never" },
      },
    },
    status: {},
  };
}

/** kubectl create cronjob */
export function cronJobObj(name: string, image: string, schedule: string, command: string[], restart: string, ns: string | undefined): Json {
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name, ...(ns ? { namespace: ns } : {}) },
    spec: {
      jobTemplate: {
        metadata: { name },
        spec: {
          template: {
            metadata: {},
            spec: { containers: [{ ...(command.length ? { command } : {}), image, name, resources: {} }], restartPolicy: restart },
          },
        },
      },
      schedule,
    },
    status: {},
  };
}

/** kubectl create role|clusterrole (rules grouped by API group) */
export function roleObj(kind: "Role" | "ClusterRole", name: string, verbs: string[], resources: { group: string; resource: string; sub?: string }[], resourceNames: string[], ns: string | undefined): Json {
  // group rules by API group, in first-seen order (kubectl create role does this)
  const groups: string[] = [];
  for (const r of resources) if (!groups.includes(r.group)) groups.push(r.group);
  const rules = groups.map((g) => ({
    apiGroups: [g],
    ...(resourceNames.length ? { resourceNames } : {}),
    resources: resources.filter((r) => r.group === g).map((r) => (r.sub ? `${r.resource}/${r.sub}` : r.resource)),
    verbs,
  }));
  return { apiVersion: "rbac.authorization.k8s.io/v1", kind, metadata: { name, ...(ns && kind === "Role" ? { namespace: ns } : {}) }, rules };
}

/** kubectl create rolebinding|clusterrolebinding */
export function bindingObj(kind: "RoleBinding" | "ClusterRoleBinding", name: string, roleKind: string, roleName: string, users: string[], groups: string[], sas: string[], ns: string | undefined): Json {
  const subjects: Json[] = [
    ...users.map((u) => ({ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: u })),
    ...groups.map((g) => ({ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: g })),
    ...sas.map((s) => {
      const [sns, sname] = s.split(":");
      return { kind: "ServiceAccount", name: sname, namespace: sns };
    }),
  ];
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind,
    metadata: { name, ...(ns && kind === "RoleBinding" ? { namespace: ns } : {}) },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name: roleName },
    ...(subjects.length ? { subjects } : {}),
  };
}

/** kubectl create ingress NAME --rule=host/path=svc:port[,tls[=secret]] [--class] */
export function ingressObj(name: string, rules: string[], className: string | undefined, ns: string | undefined): Json | string {
  const rulesOut: Json[] = [];
  const tls: Json[] = [];
  for (const r of rules) {
    const m = /^([^/=]*)(\/[^=]*)?=([^:,]+):([^,]+)(?:,tls(?:=(.+))?)?$/.exec(r);
    if (!m) return `rule ${r} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`;
    const [, host, pathRaw, svc, port] = m;
    const path = pathRaw ?? "/";
    const exact = !path.endsWith("*");
    const backend = { service: { name: svc, port: /^[0-9]+$/.test(port) ? { number: Number(port) } : { name: port } } };
    const p = { backend, path: exact ? path : path.slice(0, -1), pathType: exact ? "Exact" : "Prefix" };
    const existing = rulesOut.find((x) => (x.host ?? "") === host);
    if (existing) existing.http.paths.push(p);
    else rulesOut.push({ ...(host ? { host } : {}), http: { paths: [p] } });
    if (r.includes(",tls")) {
      const secret = m[5];
      tls.push({ ...(host ? { hosts: [host] } : {}), ...(secret ? { secretName: secret } : {}) });
    }
  }
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name, ...(ns ? { namespace: ns } : {}) },
    spec: { ...(className ? { ingressClassName: className } : {}), rules: rulesOut, ...(tls.length ? { tls } : {}) },
    status: { loadBalancer: {} },
  };
}
