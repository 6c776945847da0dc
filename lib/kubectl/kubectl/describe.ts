// kubectl describe (KC pkg/describe/describe.go layouts for the kinds learners inspect most).
import { b64bytes } from "../base64";
import { unstructuredLines } from "./crd-columns";
import { annotationDescribeLines, CSI_DESCRIBED, csiNodeDescribeLines, genericDescribeLines } from "./csi";
import type { ApiResource, Json } from "../cluster-api";
import { resolveResource } from "../resources";
import { bool, str, type FlagSpec, type Parsed } from "./args";
import { parseTypeNames, printStatus, reqOpts, type Ctx } from "./ctx";
import { listObjects } from "./get";
import { selectorMatches } from "./selector";
import { goTabwriter, humanDuration, selectorString } from "./table";

export const DESCRIBE_FLAGS: FlagSpec[] = [
  { name: "selector", short: "l", type: "string" },
  { name: "all-namespaces", short: "A", type: "bool" },
  { name: "show-events", type: "bool" },
  { name: "filename", short: "f", type: "array" },
  { name: "recursive", short: "R", type: "bool" },
  { name: "chunk-size", type: "int" },
];

/** A describe writer: lines with tab-separated cells, aligned at the end by tabwriter(0, 8, 2). */
class W {
  lines: string[] = [];
  w(level: number, s: string) {
    this.lines.push("  ".repeat(level) + s);
  }
  text(): string {
    return goTabwriter(this.lines.join("\n") + "\n", 0, 2);
  }
}

function date(ts: string | undefined): string {
  if (!ts) return "<unknown>";
  const t = new Date(ts);
  if (Number.isNaN(t.getTime())) return ts;
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${days[t.getUTCDay()]}, ${p(t.getUTCDate())} ${months[t.getUTCMonth()]} ${t.getUTCFullYear()} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())} +0000`;
}

function mapLines(w: W, title: string, m: Record<string, string> | undefined, skip: string[] = []) {
  const keys = Object.keys(m ?? {})
    .filter((k) => !skip.includes(k))
    .sort();
  if (!keys.length) {
    w.w(0, `${title}:\t<none>`);
    return;
  }
  keys.forEach((k, i) => w.w(0, `${i === 0 ? title + ":" : ""}\t${k}=${m![k]}`));
}

function annotationLines(w: W, m: Record<string, string> | undefined) {
  for (const [level, line] of annotationDescribeLines(m)) w.w(level, line);
}

function eventsFor(ctx: Ctx, obj: Json): Json[] {
  const evRes = resolveResource(ctx.resources, "events");
  if (!evRes) return [];
  // readOnly: the events are only printed (eventsSection), so they need not be copies of the server's
  const r = ctx.cluster.list(evRes, obj.metadata?.namespace ?? (evRes.namespaced ? "default" : undefined), { ...reqOpts(ctx), readOnly: true });
  if (!r.ok) return [];
  return r.value
    .filter((e) => {
      const io = e.involvedObject ?? e.regarding ?? {};
      if (obj.metadata?.uid && io.uid) return io.uid === obj.metadata.uid;
      return io.name === obj.metadata?.name && io.kind === obj.kind;
    })
    .sort((a, b) => Date.parse(a.lastTimestamp ?? a.eventTime ?? a.metadata?.creationTimestamp ?? "") - Date.parse(b.lastTimestamp ?? b.eventTime ?? b.metadata?.creationTimestamp ?? ""));
}

function eventsSection(ctx: Ctx, w: W, obj: Json) {
  const evs = eventsFor(ctx, obj);
  if (!evs.length) {
    w.w(0, "Events:\t<none>");
    return;
  }
  w.w(0, "Events:");
  w.w(1, "Type\tReason\tAge\tFrom\tMessage");
  w.w(1, "----\t------\t----\t----\t-------");
  for (const e of evs) {
    const first = e.firstTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp;
    const last = e.lastTimestamp ?? first;
    const since = (ts: string | undefined) => (ts ? humanDuration(ctx.now - Date.parse(ts)) : "<unknown>");
    const count = e.count ?? e.series?.count ?? 1;
    const interval = count > 1 ? `${since(last)} (x${count} over ${since(first)})` : since(first);
    const comp = e.source?.component ?? e.reportingComponent ?? e.reportingController ?? "";
    const host = e.source?.host ?? "";
    // modern kubectl shows the reporting component only (e.g. "kubelet")
    const from = comp;
    void host;
    w.w(1, `${e.type ?? "Normal"}\t${e.reason ?? ""}\t${interval}\t${from}\t${String(e.message ?? e.note ?? "").trim()}`);
  }
}

function header(w: W, o: Json, namespaced: boolean) {
  w.w(0, `Name:\t${o.metadata?.name}`);
  if (namespaced) w.w(0, `Namespace:\t${o.metadata?.namespace ?? ""}`);
}

function resourceList(w: W, level: number, title: string, r: Record<string, string> | undefined) {
  if (!r || !Object.keys(r).length) return;
  w.w(level, `${title}:`);
  for (const k of Object.keys(r).sort()) w.w(level + 1, `${k}:\t${r[k]}`);
}

function probeText(p: Json): string {
  let s: string;
  if (p.httpGet) s = `http-get ${(p.httpGet.scheme ?? "HTTP").toLowerCase()}://${p.httpGet.host ?? ""}:${p.httpGet.port}${p.httpGet.path ?? ""}`;
  else if (p.tcpSocket) s = `tcp-socket ${p.tcpSocket.host ?? ""}:${p.tcpSocket.port}`;
  else if (p.exec) s = `exec [${(p.exec.command ?? []).join(" ")}]`;
  else if (p.grpc) s = `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ""}`;
  else s = "unknown";
  return `${s} delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
}

/**
 * A fieldRef's value as describe shows it: EnvValueRetriever -> fieldpath.ExtractFieldPathAsString,
 * which knows only metadata fields (spec.nodeName, status.podIP… print empty). Templates print none.
 */
function fieldRefValue(pod: Json | undefined, path: string): string {
  if (!pod) return "";
  const m = pod.metadata ?? {};
  const sub = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (sub) return m[sub[1]]?.[sub[2]] ?? "";
  if (path === "metadata.labels" || path === "metadata.annotations") {
    const map: Record<string, string> = m[path.slice(9)] ?? {};
    return Object.keys(map).sort().map((k) => `${k}=${JSON.stringify(map[k])}`).join("\n");
  }
  return path === "metadata.name" ? m.name ?? "" : path === "metadata.namespace" ? m.namespace ?? "" : path === "metadata.uid" ? m.uid ?? "" : "";
}

/**
 * resourcehelper.ExtractContainerResourceValue: the container's own request/limit over the divisor,
 * rounded up (cpu in millicores, memory in bytes); describe shows an unset limit as "node allocatable".
 */
function resourceFieldValue(c: Json, ref: Json): string {
  const [kind, name] = String(ref.resource ?? "").split(".");
  if ((kind !== "limits" && kind !== "requests") || !["cpu", "memory", "ephemeral-storage"].includes(name)) return "";
  const q = c.resources?.[kind]?.[name] ?? "0";
  const div = ref.divisor && ref.divisor !== "0" ? String(ref.divisor) : "1";
  const v = name === "cpu" ? Math.ceil(milli(q) / milli(div)) : Math.ceil(bytes(q) / bytes(div));
  const out = String(Number.isFinite(v) ? v : 0);
  return out === "0" && kind === "limits" && name !== "ephemeral-storage" ? "node allocatable" : out;
}

function envLines(w: W, level: number, c: Json, pod?: Json) {
  const env: Json[] = c.env ?? [];
  const envFrom: Json[] = c.envFrom ?? [];
  if (!env.length && !envFrom.length) {
    w.w(level, "Environment:\t<none>");
  } else {
    if (envFrom.length) {
      w.w(level, "Environment Variables from:");
      for (const f of envFrom) {
        if (f.configMapRef) w.w(level + 1, `${f.configMapRef.name}\tConfigMap\tOptional: ${f.configMapRef.optional ?? false}`);
        if (f.secretRef) w.w(level + 1, `${f.secretRef.name}\tSecret\tOptional: ${f.secretRef.optional ?? false}`);
      }
    }
    if (env.length) {
      w.w(level, "Environment:");
      for (const e of env) {
        if (e.value !== undefined) w.w(level + 1, `${e.name}:\t${e.value}`);
        else if (e.valueFrom?.configMapKeyRef) w.w(level + 1, `${e.name}:\t<set to the key '${e.valueFrom.configMapKeyRef.key}' of config map '${e.valueFrom.configMapKeyRef.name}'>\tOptional: ${e.valueFrom.configMapKeyRef.optional ?? false}`);
        else if (e.valueFrom?.secretKeyRef) w.w(level + 1, `${e.name}:\t<set to the key '${e.valueFrom.secretKeyRef.key}' in secret '${e.valueFrom.secretKeyRef.name}'>\tOptional: ${e.valueFrom.secretKeyRef.optional ?? false}`);
        else if (e.valueFrom?.fieldRef) w.w(level + 1, `${e.name}:\t${fieldRefValue(pod, e.valueFrom.fieldRef.fieldPath)} (${e.valueFrom.fieldRef.apiVersion ?? "v1"}:${e.valueFrom.fieldRef.fieldPath})`);
        else if (e.valueFrom?.resourceFieldRef) w.w(level + 1, `${e.name}:\t${resourceFieldValue(e.valueFrom.resourceFieldRef.containerName ? (pod?.spec?.containers ?? []).find((x: Json) => x.name === e.valueFrom.resourceFieldRef.containerName) ?? c : c, e.valueFrom.resourceFieldRef)} (${e.valueFrom.resourceFieldRef.resource})`);
        else w.w(level + 1, `${e.name}:\t`);
      }
    }
  }
}

function mountLines(w: W, level: number, c: Json) {
  const mounts: Json[] = c.volumeMounts ?? [];
  if (!mounts.length) {
    w.w(level, "Mounts:\t<none>");
    return;
  }
  w.w(level, "Mounts:");
  for (const m of mounts) w.w(level + 1, `${m.mountPath} from ${m.name} (${m.readOnly ? "ro" : "rw"}${m.subPath ? `,path="${m.subPath}"` : ""})`);
}

function stateLines(w: W, level: number, title: string, st: Json | undefined) {
  if (!st || !Object.keys(st).length) {
    if (title === "State") w.w(level, `${title}:\tWaiting`);
    return;
  }
  if (st.running) {
    w.w(level, `${title}:\tRunning`);
    w.w(level + 1, `Started:\t${date(st.running.startedAt)}`);
  } else if (st.waiting) {
    w.w(level, `${title}:\tWaiting`);
    if (st.waiting.reason) w.w(level + 1, `Reason:\t${st.waiting.reason}`);
  } else if (st.terminated) {
    w.w(level, `${title}:\tTerminated`);
    if (st.terminated.reason) w.w(level + 1, `Reason:\t${st.terminated.reason}`);
    if (st.terminated.message) w.w(level + 1, `Message:\t${st.terminated.message}`);
    w.w(level + 1, `Exit Code:\t${st.terminated.exitCode ?? 0}`);
    if (st.terminated.signal) w.w(level + 1, `Signal:\t${st.terminated.signal}`);
    w.w(level + 1, `Started:\t${date(st.terminated.startedAt)}`);
    w.w(level + 1, `Finished:\t${date(st.terminated.finishedAt)}`);
  }
}

function containerLines(w: W, level: number, c: Json, status: Json | undefined, isTemplate: boolean, pod?: Json) {
  // KC describeContainerBasicInfo: template container names get one extra space
  w.w(level, `${isTemplate ? " " : ""}${c.name}:`);
  if (!isTemplate) w.w(level + 1, `Container ID:\t${status?.containerID ?? ""}`);
  w.w(level + 1, `Image:\t${c.image}`);
  if (!isTemplate) w.w(level + 1, `Image ID:\t${status?.imageID ?? ""}`);
  const ports: Json[] = c.ports ?? [];
  if (!ports.length) {
    w.w(level + 1, "Port:\t<none>");
    w.w(level + 1, "Host Port:\t<none>");
  } else {
    w.w(level + 1, `Port${ports.length > 1 ? "s" : ""}:\t${ports.map((p) => `${p.containerPort}/${p.protocol ?? "TCP"}`).join(", ")}${ports.length === 1 && ports[0].name ? ` (${ports[0].name})` : ""}`);
    w.w(level + 1, `Host Port${ports.length > 1 ? "s" : ""}:\t${ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? "TCP"}`).join(", ")}${ports.length === 1 && ports[0].name ? ` (${ports[0].name})` : ""}`);
  }
  if (c.command?.length) {
    w.w(level + 1, "Command:");
    for (const x of c.command) w.w(level + 2, x);
  }
  if (c.args?.length) {
    w.w(level + 1, "Args:");
    for (const x of c.args) w.w(level + 2, x);
  }
  if (!isTemplate) {
    stateLines(w, level + 1, "State", status?.state);
    stateLines(w, level + 1, "Last State", status?.lastState);
    w.w(level + 1, `Ready:\t${status?.ready ? "True" : "False"}`);
    w.w(level + 1, `Restart Count:\t${status?.restartCount ?? 0}`);
  }
  resourceList(w, level + 1, "Limits", c.resources?.limits);
  resourceList(w, level + 1, "Requests", c.resources?.requests);
  if (c.livenessProbe) w.w(level + 1, `Liveness:\t${probeText(c.livenessProbe)}`);
  if (c.readinessProbe) w.w(level + 1, `Readiness:\t${probeText(c.readinessProbe)}`);
  if (c.startupProbe) w.w(level + 1, `Startup:\t${probeText(c.startupProbe)}`);
  envLines(w, level + 1, c, pod);
  mountLines(w, level + 1, c);
}

function volumeLines(w: W, level: number, vols: Json[] | undefined) {
  if (!vols?.length) {
    w.w(level, "Volumes:\t<none>");
    return;
  }
  w.w(level, "Volumes:");
  for (const v of vols) {
    w.w(level + 1, `${v.name}:`);
    const l = level + 2;
    if (v.configMap) {
      w.w(l, "Type:\tConfigMap (a volume populated by a ConfigMap)");
      w.w(l, `Name:\t${v.configMap.name}`);
      w.w(l, `Optional:\t${v.configMap.optional ?? false}`);
    } else if (v.secret) {
      w.w(l, "Type:\tSecret (a volume populated by a Secret)");
      w.w(l, `SecretName:\t${v.secret.secretName}`);
      w.w(l, `Optional:\t${v.secret.optional ?? false}`);
    } else if (v.emptyDir) {
      w.w(l, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)");
      w.w(l, `Medium:\t${v.emptyDir.medium ?? ""}`);
      w.w(l, `SizeLimit:\t${v.emptyDir.sizeLimit ?? "<unset>"}`);
    } else if (v.hostPath) {
      w.w(l, "Type:\tHostPath (bare host directory volume)");
      w.w(l, `Path:\t${v.hostPath.path}`);
      w.w(l, `HostPathType:\t${v.hostPath.type ?? ""}`);
    } else if (v.persistentVolumeClaim) {
      w.w(l, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)");
      w.w(l, `ClaimName:\t${v.persistentVolumeClaim.claimName}`);
      w.w(l, `ReadOnly:\t${v.persistentVolumeClaim.readOnly ?? false}`);
    } else if (v.projected) {
      w.w(l, "Type:\tProjected (a volume that contains injected data from multiple sources)");
      const sat = (v.projected.sources ?? []).find((s: Json) => s.serviceAccountToken);
      if (sat) w.w(l, `TokenExpirationSeconds:\t${sat.serviceAccountToken.expirationSeconds ?? 3607}`);
      const cm = (v.projected.sources ?? []).find((s: Json) => s.configMap);
      if (cm) {
        w.w(l, `ConfigMapName:\t${cm.configMap.name}`);
        w.w(l, `Optional:\t${cm.configMap.optional ?? false}`);
      }
      if ((v.projected.sources ?? []).some((s: Json) => s.downwardAPI)) w.w(l, "DownwardAPI:\ttrue");
    } else {
      w.w(l, `Type:\t${Object.keys(v).find((k) => k !== "name") ?? "<unknown>"}`);
    }
  }
}

function qos(pod: Json): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const cs: Json[] = pod.spec?.containers ?? [];
  let any = false;
  let guaranteed = true;
  for (const c of cs) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ["cpu", "memory"]) if (!lim[r] || (req[r] && req[r] !== lim[r])) guaranteed = false;
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

function tolerationLines(w: W, level: number, tols: Json[] | undefined) {
  if (!tols?.length) {
    w.w(level, "Tolerations:\t<none>");
    return;
  }
  tols.forEach((t, i) => {
    let s = t.key ?? "";
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === "Exists" && !t.key && !t.effect) s = "op=Exists";
    else if (t.operator === "Exists") s += " op=Exists";
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.w(level, `${i === 0 ? "Tolerations:" : ""}\t${s}`);
  });
}

function describePod(ctx: Ctx, w: W, pod: Json) {
  header(w, pod, true);
  w.w(0, `Priority:\t${pod.spec?.priority ?? 0}`);
  if (pod.spec?.priorityClassName) w.w(0, `Priority Class Name:\t${pod.spec.priorityClassName}`);
  w.w(0, `Service Account:\t${pod.spec?.serviceAccountName ?? "default"}`);
  const nodeIp = pod.status?.hostIP;
  w.w(0, `Node:\t${pod.spec?.nodeName ? `${pod.spec.nodeName}${nodeIp ? "/" + nodeIp : ""}` : "<none>"}`);
  if (pod.status?.startTime) w.w(0, `Start Time:\t${date(pod.status.startTime)}`);
  mapLines(w, "Labels", pod.metadata?.labels);
  annotationLines(w, pod.metadata?.annotations);
  if (pod.metadata?.deletionTimestamp) {
    w.w(0, `Status:\tTerminating (lasts ${humanDuration(Date.parse(pod.metadata.deletionTimestamp) - ctx.now)})`);
    w.w(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 30}s`);
  } else w.w(0, `Status:\t${pod.status?.phase ?? "Pending"}`);
  if (pod.status?.reason) w.w(0, `Reason:\t${pod.status.reason}`);
  if (pod.status?.message) w.w(0, `Message:\t${pod.status.message}`);
  w.w(0, `IP:\t${pod.status?.podIP ?? ""}`);
  const ips: Json[] = pod.status?.podIPs ?? (pod.status?.podIP ? [{ ip: pod.status.podIP }] : []);
  if (!ips.length) w.w(0, "IPs:\t<none>");
  else {
    w.w(0, "IPs:");
    for (const ip of ips) w.w(1, `IP:\t${ip.ip}`);
  }
  const owner = (pod.metadata?.ownerReferences ?? []).find((o: Json) => o.controller);
  if (owner) w.w(0, `Controlled By:\t${owner.kind}/${owner.name}`);
  if (pod.spec?.initContainers?.length) {
    w.w(0, "Init Containers:");
    for (const c of pod.spec.initContainers) containerLines(w, 1, c, (pod.status?.initContainerStatuses ?? []).find((s: Json) => s.name === c.name), false, pod);
  }
  w.w(0, "Containers:");
  for (const c of pod.spec?.containers ?? []) containerLines(w, 1, c, (pod.status?.containerStatuses ?? []).find((s: Json) => s.name === c.name), false, pod);
  const conds: Json[] = pod.status?.conditions ?? [];
  if (conds.length) {
    w.w(0, "Conditions:");
    w.w(1, "Type\tStatus");
    const order = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"];
    const sorted = [...conds].sort((a, b) => (order.indexOf(a.type) + 100) % 100 - (order.indexOf(b.type) + 100) % 100);
    for (const c of sorted) w.w(1, `${c.type} \t${c.status} `);
  }
  volumeLines(w, 0, pod.spec?.volumes);
  w.w(0, `QoS Class:\t${qos(pod)}`);
  mapLines(w, "Node-Selectors", pod.spec?.nodeSelector);
  tolerationLines(w, 0, pod.spec?.tolerations);
  eventsSection(ctx, w, pod);
}

function templateLines(w: W, tpl: Json) {
  w.w(0, "Pod Template:");
  const labels = tpl?.metadata?.labels ?? {};
  const lk = Object.keys(labels).sort();
  if (!lk.length) w.w(1, "Labels:\t<none>");
  else lk.forEach((k, i) => w.w(1, `${i === 0 ? "Labels:" : ""}\t${k}=${labels[k]}`));
  const ann = tpl?.metadata?.annotations ?? {};
  const ak = Object.keys(ann).sort();
  if (ak.length) ak.forEach((k, i) => w.w(1, `${i === 0 ? "Annotations:" : ""}\t${k}: ${ann[k]}`));
  if (tpl?.spec?.serviceAccountName) w.w(1, `Service Account:\t${tpl.spec.serviceAccountName}`);
  if (tpl?.spec?.initContainers?.length) {
    w.w(1, "Init Containers:");
    for (const c of tpl.spec.initContainers) containerLines(w, 1, c, undefined, true);
  }
  w.w(1, "Containers:");
  for (const c of tpl?.spec?.containers ?? []) containerLines(w, 1, c, undefined, true);
  volumeLines(w, 1, tpl?.spec?.volumes);
  const ns = tpl?.spec?.nodeSelector ?? {};
  const nk = Object.keys(ns).sort();
  if (!nk.length) w.w(1, "Node-Selectors:\t<none>");
  else nk.forEach((k, i) => w.w(1, `${i === 0 ? "Node-Selectors:" : ""}\t${k}=${ns[k]}`));
  tolerationLines(w, 1, tpl?.spec?.tolerations);
}

function conditionTable(w: W, conds: Json[] | undefined) {
  if (!conds?.length) return;
  w.w(0, "Conditions:");
  w.w(1, "Type\tStatus\tReason");
  w.w(1, "----\t------\t------");
  for (const c of conds) w.w(1, `${c.type} \t${c.status}\t${c.reason ?? ""}`);
}

function ownedRs(ctx: Ctx, d: Json): Json[] {
  const rsRes = resolveResource(ctx.resources, "replicasets")!;
  // readOnly: describeDeployment only prints them
  const r = ctx.cluster.list(rsRes, d.metadata.namespace, { ...reqOpts(ctx), readOnly: true });
  if (!r.ok) return [];
  return r.value.filter((rs) => (rs.metadata?.ownerReferences ?? []).some((o: Json) => o.uid === d.metadata.uid || (o.kind === "Deployment" && o.name === d.metadata.name)));
}

function describeDeployment(ctx: Ctx, w: W, d: Json) {
  header(w, d, true);
  w.w(0, `CreationTimestamp:\t${date(d.metadata?.creationTimestamp)}`);
  mapLines(w, "Labels", d.metadata?.labels);
  annotationLines(w, d.metadata?.annotations);
  w.w(0, `Selector:\t${selectorString(d.spec?.selector)}`);
  const st = d.status ?? {};
  w.w(0, `Replicas:\t${d.spec?.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable`);
  const strat = d.spec?.strategy?.type ?? "RollingUpdate";
  w.w(0, `StrategyType:\t${strat}`);
  w.w(0, `MinReadySeconds:\t${d.spec?.minReadySeconds ?? 0}`);
  if (strat === "RollingUpdate") {
    const ru = d.spec?.strategy?.rollingUpdate ?? {};
    w.w(0, `RollingUpdateStrategy:\t${ru.maxUnavailable ?? "25%"} max unavailable, ${ru.maxSurge ?? "25%"} max surge`);
  }
  templateLines(w, d.spec?.template);
  conditionTable(w, d.status?.conditions);
  const rss = ownedRs(ctx, d);
  const rev = d.metadata?.annotations?.["deployment.kubernetes.io/revision"];
  const newRs = rss.find((r) => r.metadata?.annotations?.["deployment.kubernetes.io/revision"] === rev);
  const old = rss.filter((r) => r !== newRs && (r.spec?.replicas ?? 0) > 0);
  w.w(0, `OldReplicaSets:\t${old.length ? old.map((r) => `${r.metadata.name} (${r.status?.replicas ?? 0}/${r.spec?.replicas ?? 0} replicas created)`).join(", ") : "<none>"}`);
  w.w(0, `NewReplicaSet:\t${newRs ? `${newRs.metadata.name} (${newRs.status?.replicas ?? 0}/${newRs.spec?.replicas ?? 0} replicas created)` : "<none>"}`);
  eventsSection(ctx, w, d);
}

function describeReplicaSet(ctx: Ctx, w: W, rs: Json) {
  header(w, rs, true);
  w.w(0, `Selector:\t${selectorString(rs.spec?.selector)}`);
  mapLines(w, "Labels", rs.metadata?.labels);
  annotationLines(w, rs.metadata?.annotations);
  const owner = (rs.metadata?.ownerReferences ?? []).find((o: Json) => o.controller);
  if (owner) w.w(0, `Controlled By:\t${owner.kind}/${owner.name}`);
  w.w(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 1} desired`);
  const podRes = resolveResource(ctx.resources, "pods")!;
  const pods = ctx.cluster.list(podRes, rs.metadata.namespace, reqOpts(ctx));
  const mine = pods.ok ? pods.value.filter((p) => (p.metadata?.ownerReferences ?? []).some((o: Json) => o.uid === rs.metadata.uid) || (!p.metadata?.ownerReferences && selectorMatches(rs.spec?.selector, p.metadata?.labels))) : [];
  const count = (ph: string) => mine.filter((p) => (p.status?.phase ?? "Pending") === ph).length;
  w.w(0, `Pods Status:\t${count("Running")} Running / ${count("Pending")} Waiting / ${count("Succeeded")} Succeeded / ${count("Failed")} Failed`);
  templateLines(w, rs.spec?.template);
  eventsSection(ctx, w, rs);
}

function ownedPods(ctx: Ctx, o: Json): Json[] {
  const podRes = resolveResource(ctx.resources, "pods")!;
  const pods = ctx.cluster.list(podRes, o.metadata.namespace, reqOpts(ctx));
  return pods.ok ? pods.value.filter((p) => (p.metadata?.ownerReferences ?? []).some((r: Json) => r.uid === o.metadata.uid)) : [];
}

function podsStatusLine(pods: Json[]): string {
  const count = (ph: string) => pods.filter((p) => (p.status?.phase ?? "Pending") === ph).length;
  return `${count("Running")} Running / ${count("Pending")} Waiting / ${count("Succeeded")} Succeeded / ${count("Failed")} Failed`;
}

function describeStatefulSet(ctx: Ctx, w: W, o: Json) {
  header(w, o, true);
  w.w(0, `CreationTimestamp:\t${date(o.metadata?.creationTimestamp)}`);
  w.w(0, `Selector:\t${selectorString(o.spec?.selector)}`);
  mapLines(w, "Labels", o.metadata?.labels);
  annotationLines(w, o.metadata?.annotations);
  w.w(0, `Replicas:\t${o.spec?.replicas ?? 1} desired | ${o.status?.replicas ?? 0} total`);
  w.w(0, `Update Strategy:\t${o.spec?.updateStrategy?.type ?? "RollingUpdate"}`);
  if ((o.spec?.updateStrategy?.type ?? "RollingUpdate") === "RollingUpdate") w.w(1, `Partition:\t${o.spec?.updateStrategy?.rollingUpdate?.partition ?? 0}`);
  w.w(0, `Pods Status:\t${podsStatusLine(ownedPods(ctx, o))}`);
  templateLines(w, o.spec?.template);
  const vcts: Json[] = o.spec?.volumeClaimTemplates ?? [];
  if (!vcts.length) w.w(0, "Volume Claims:\t<none>");
  else {
    w.w(0, "Volume Claims:");
    for (const v of vcts) {
      w.w(1, `Name:\t${v.metadata?.name}`);
      w.w(1, `StorageClass:\t${v.spec?.storageClassName ?? ""}`);
      w.w(1, `Labels:\t<none>`);
      w.w(1, `Annotations:\t<none>`);
      w.w(1, `Capacity:\t${v.spec?.resources?.requests?.storage ?? ""}`);
      w.w(1, `Access Modes:\t[${(v.spec?.accessModes ?? []).join(" ")}]`);
    }
  }
  eventsSection(ctx, w, o);
}

function describeDaemonSet(ctx: Ctx, w: W, o: Json) {
  w.w(0, `Name:\t${o.metadata?.name}`);
  w.w(0, `Namespace:\t${o.metadata?.namespace}`);
  w.w(0, `Selector:\t${selectorString(o.spec?.selector)}`);
  const ns = o.spec?.template?.spec?.nodeSelector ?? {};
  w.w(0, `Node-Selector:\t${Object.keys(ns).sort().map((k) => `${k}=${ns[k]}`).join(",") || "<none>"}`);
  mapLines(w, "Labels", o.metadata?.labels);
  annotationLines(w, o.metadata?.annotations);
  const st = o.status ?? {};
  w.w(0, `Desired Number of Nodes Scheduled: ${st.desiredNumberScheduled ?? 0}`);
  w.w(0, `Current Number of Nodes Scheduled: ${st.currentNumberScheduled ?? 0}`);
  w.w(0, `Number of Nodes Scheduled with Up-to-date Pods: ${st.updatedNumberScheduled ?? 0}`);
  w.w(0, `Number of Nodes Scheduled with Available Pods: ${st.numberAvailable ?? 0}`);
  w.w(0, `Number of Nodes Misscheduled: ${st.numberMisscheduled ?? 0}`);
  w.w(0, `Pods Status:\t${podsStatusLine(ownedPods(ctx, o))}`);
  templateLines(w, o.spec?.template);
  eventsSection(ctx, w, o);
}

function describeJob(ctx: Ctx, w: W, o: Json) {
  header(w, o, true);
  w.w(0, `Selector:\t${selectorString(o.spec?.selector)}`);
  mapLines(w, "Labels", o.metadata?.labels);
  annotationLines(w, o.metadata?.annotations);
  const owner = (o.metadata?.ownerReferences ?? []).find((r: Json) => r.controller);
  if (owner) w.w(0, `Controlled By:\t${owner.kind}/${owner.name}`);
  w.w(0, `Parallelism:\t${o.spec?.parallelism ?? 1}`);
  w.w(0, `Completions:\t${o.spec?.completions ?? "<unset>"}`);
  w.w(0, `Completion Mode:\t${o.spec?.completionMode ?? "NonIndexed"}`);
  w.w(0, `Suspend:\t${o.spec?.suspend ?? false}`);
  w.w(0, `Backoff Limit:\t${o.spec?.backoffLimit ?? 6}`);
  if (o.spec?.activeDeadlineSeconds !== undefined) w.w(0, `Active Deadline Seconds:\t${o.spec.activeDeadlineSeconds}s`);
  if (o.status?.startTime) w.w(0, `Start Time:\t${date(o.status.startTime)}`);
  if (o.status?.completionTime) {
    w.w(0, `Completed At:\t${date(o.status.completionTime)}`);
    w.w(0, `Duration:\t${humanDuration(Date.parse(o.status.completionTime) - Date.parse(o.status.startTime))}`);
  }
  w.w(0, `Pods Statuses:\t${o.status?.active ?? 0} Active (${o.status?.ready ?? 0} Ready) / ${o.status?.succeeded ?? 0} Succeeded / ${o.status?.failed ?? 0} Failed`);
  templateLines(w, o.spec?.template);
  eventsSection(ctx, w, o);
}

function describeCronJob(ctx: Ctx, w: W, o: Json) {
  header(w, o, true);
  mapLines(w, "Labels", o.metadata?.labels);
  annotationLines(w, o.metadata?.annotations);
  w.w(0, `Schedule:\t${o.spec?.schedule}`);
  w.w(0, `Concurrency Policy:\t${o.spec?.concurrencyPolicy ?? "Allow"}`);
  w.w(0, `Suspend:\t${o.spec?.suspend ? "True" : "False"}`);
  w.w(0, `Successful Job History Limit:\t${o.spec?.successfulJobsHistoryLimit ?? 3}`);
  w.w(0, `Failed Job History Limit:\t${o.spec?.failedJobsHistoryLimit ?? 1}`);
  w.w(0, `Starting Deadline Seconds:\t${o.spec?.startingDeadlineSeconds !== undefined ? o.spec.startingDeadlineSeconds + "s" : "<unset>"}`);
  w.w(0, `Selector:\t<unset>`);
  w.w(0, `Parallelism:\t${o.spec?.jobTemplate?.spec?.parallelism ?? "<unset>"}`);
  w.w(0, `Completions:\t${o.spec?.jobTemplate?.spec?.completions ?? "<unset>"}`);
  templateLines(w, o.spec?.jobTemplate?.spec?.template);
  w.w(0, `Last Schedule Time:\t${o.status?.lastScheduleTime ? date(o.status.lastScheduleTime) : "<unset>"}`);
  const active: Json[] = o.status?.active ?? [];
  w.w(0, `Active Jobs:\t${active.length ? active.map((a) => a.name).join(", ") : "<none>"}`);
  eventsSection(ctx, w, o);
}

function describeIngress(ctx: Ctx, w: W, o: Json) {
  w.w(0, `Name:\t${o.metadata?.name}`);
  mapLines(w, "Labels", o.metadata?.labels);
  w.w(0, `Namespace:\t${o.metadata?.namespace}`);
  w.w(0, `Address:\t${(o.status?.loadBalancer?.ingress ?? []).map((x: Json) => x.ip ?? x.hostname).join(",")}`);
  w.w(0, `Ingress Class:\t${o.spec?.ingressClassName ?? "<none>"}`);
  const svcRes = resolveResource(ctx.resources, "services")!;
  const epRes = resolveResource(ctx.resources, "endpoints");
  const backend = (b: Json) => {
    if (!b?.service) return "<default>";
    const port = b.service.port?.number ?? b.service.port?.name;
    const svc = ctx.cluster.get(svcRes, o.metadata.namespace, b.service.name, reqOpts(ctx));
    if (!svc.ok) return `${b.service.name}:${port} (<error: services "${b.service.name}" not found>)`;
    const ep = epRes ? ctx.cluster.get(epRes, o.metadata.namespace, b.service.name, reqOpts(ctx)) : null;
    const addrs: string[] = [];
    if (ep?.ok) for (const ss of ep.value.subsets ?? []) for (const a of ss.addresses ?? []) for (const p of ss.ports ?? []) addrs.push(`${a.ip}:${p.port}`);
    return `${b.service.name}:${port} (${addrs.length ? addrs.join(",") : "<none>"})`;
  };
  w.w(0, `Default backend:\t${o.spec?.defaultBackend ? backend(o.spec.defaultBackend) : "<default>"}`);
  const tls: Json[] = o.spec?.tls ?? [];
  if (tls.length) {
    w.w(0, "TLS:");
    for (const t of tls) w.w(1, `${t.secretName ?? "SNI"} terminates ${(t.hosts ?? []).join(",")}`);
  }
  w.w(0, "Rules:");
  w.w(1, "Host\tPath\tBackends");
  w.w(1, "----\t----\t--------");
  for (const r of o.spec?.rules ?? []) {
    w.w(1, `${r.host ?? "*"}\t`);
    for (const p of r.http?.paths ?? []) w.w(1, `\t${p.path ?? "/"}\t${backend(p.backend)}`);
  }
  annotationLines(w, o.metadata?.annotations);
  eventsSection(ctx, w, o);
}

function fmtSelector(sel: Json): string {
  if (!sel) return "<none>";
  const s = selectorString(sel);
  return s;
}

/** KC describeNetworkPolicySpec */
function describeNetworkPolicy(w: W, o: Json) {
  const spec = o.spec ?? {};
  w.w(0, `Name:\t${o.metadata?.name}`);
  w.w(0, `Namespace:\t${o.metadata?.namespace}`);
  w.w(0, `Created on:\t${(o.metadata?.creationTimestamp ?? "").replace("T", " ").replace("Z", " +0000 UTC")}`);
  mapLines(w, "Labels", o.metadata?.labels);
  annotationLines(w, o.metadata?.annotations);
  w.w(0, "Spec:");
  const ps = spec.podSelector ?? {};
  const emptySel = !Object.keys(ps.matchLabels ?? {}).length && !(ps.matchExpressions ?? []).length;
  w.w(1, `PodSelector:     ${emptySel ? "<none> (Allowing the specific traffic to all pods in this namespace)" : fmtSelector(ps)}`);
  const types: string[] = spec.policyTypes ?? [];
  const ingressOn = types.length ? types.includes("Ingress") : true;
  const egressOn = types.length ? types.includes("Egress") : (spec.egress ?? []).length > 0;
  const rules = (list: Json[] | undefined, dir: "ingress" | "egress") => {
    const ind = "    ";
    const peerWord = dir === "ingress" ? "From" : "To";
    if (!list?.length) {
      w.w(0, `${ind}<none> (Selected pods are isolated for ${dir} connectivity)`);
      return;
    }
    list.forEach((r, i) => {
      if (!(r.ports ?? []).length) w.w(0, `${ind}To Port: <any> (traffic allowed to all ports)`);
      else for (const p of r.ports) w.w(0, `${ind}To Port: ${p.port ?? "<nil>"}/${p.protocol ?? "TCP"}`);
      const peers: Json[] = r[dir === "ingress" ? "from" : "to"] ?? [];
      if (!peers.length) w.w(0, `${ind}${peerWord}: <any> (traffic not restricted by ${dir === "ingress" ? "source" : "destination"})`);
      else
        for (const f of peers) {
          w.w(0, `${ind}${peerWord}:`);
          if (f.podSelector && f.namespaceSelector) {
            w.w(1, `${ind}NamespaceSelector: ${fmtSelector(f.namespaceSelector)}`);
            w.w(1, `${ind}PodSelector: ${fmtSelector(f.podSelector)}`);
          } else if (f.podSelector) w.w(1, `${ind}PodSelector: ${fmtSelector(f.podSelector)}`);
          else if (f.namespaceSelector) w.w(1, `${ind}NamespaceSelector: ${fmtSelector(f.namespaceSelector)}`);
          else if (f.ipBlock) {
            w.w(1, `${ind}IPBlock:`);
            w.w(2, `${ind}CIDR: ${f.ipBlock.cidr}`);
            w.w(2, `${ind}Except: ${(f.ipBlock.except ?? []).join(", ")}`);
          }
        }
      if (i !== list.length - 1) w.w(0, `${ind}----------`);
    });
  };
  if (ingressOn) {
    w.w(1, "Allowing ingress traffic:");
    rules(spec.ingress, "ingress");
  } else w.w(1, "Not affecting ingress traffic");
  if (egressOn) {
    w.w(1, "Allowing egress traffic:");
    rules(spec.egress, "egress");
  } else w.w(1, "Not affecting egress traffic");
  w.w(1, `Policy Types: ${(types.length ? types : ["Ingress", ...(egressOn ? ["Egress"] : [])]).join(", ")}`);
}

const ACCESS: Record<string, string> = { ReadWriteOnce: "RWO", ReadOnlyMany: "ROX", ReadWriteMany: "RWX", ReadWriteOncePod: "RWOP" };

/** describe.go (PV and PVC): `Terminating (lasts <age of deletionTimestamp>)` while a finalizer holds it, else the phase. */
function storageStatus(ctx: Ctx, o: Json): string {
  const del = o.metadata?.deletionTimestamp;
  return del ? `Terminating (lasts ${humanDuration(ctx.now - Date.parse(del))})` : (o.status?.phase ?? "Pending");
}

function describePvc(ctx: Ctx, w: W, o: Json) {
  header(w, o, true);
  w.w(0, `StorageClass:\t${o.spec?.storageClassName ?? ""}`);
  w.w(0, `Status:\t${storageStatus(ctx, o)}`);
  w.w(0, `Volume:\t${o.spec?.volumeName ?? ""}`);
  mapLines(w, "Labels", o.metadata?.labels);
  annotationLines(w, o.metadata?.annotations);
  w.w(0, `Finalizers:\t[${(o.metadata?.finalizers ?? []).join(" ")}]`);
  w.w(0, `Capacity:\t${o.status?.capacity?.storage ?? ""}`);
  w.w(0, `Access Modes:\t${(o.status?.accessModes ?? []).map((m: string) => ACCESS[m] ?? m).join(",")}`);
  w.w(0, `VolumeMode:\t${o.spec?.volumeMode ?? "Filesystem"}`);
  const podRes = resolveResource(ctx.resources, "pods")!;
  const pods = ctx.cluster.list(podRes, o.metadata.namespace, reqOpts(ctx));
  const users = pods.ok ? pods.value.filter((p) => (p.spec?.volumes ?? []).some((v: Json) => v.persistentVolumeClaim?.claimName === o.metadata.name)).map((p) => p.metadata.name) : [];
  if (!users.length) w.w(0, "Used By:\t<none>");
  else users.forEach((u, i) => w.w(0, `${i === 0 ? "Used By:" : ""}\t${u}`));
  eventsSection(ctx, w, o);
}

function describePv(ctx: Ctx, w: W, o: Json) {
  w.w(0, `Name:\t${o.metadata?.name}`);
  mapLines(w, "Labels", o.metadata?.labels);
  annotationLines(w, o.metadata?.annotations);
  w.w(0, `Finalizers:\t[${(o.metadata?.finalizers ?? []).join(" ")}]`);
  w.w(0, `StorageClass:\t${o.spec?.storageClassName ?? ""}`);
  w.w(0, `Status:\t${storageStatus(ctx, o)}`);
  w.w(0, `Claim:\t${o.spec?.claimRef ? `${o.spec.claimRef.namespace}/${o.spec.claimRef.name}` : ""}`);
  w.w(0, `Reclaim Policy:\t${o.spec?.persistentVolumeReclaimPolicy ?? "Retain"}`);
  w.w(0, `Access Modes:\t${(o.spec?.accessModes ?? []).map((m: string) => ACCESS[m] ?? m).join(",")}`);
  w.w(0, `VolumeMode:\t${o.spec?.volumeMode ?? "Filesystem"}`);
  w.w(0, `Capacity:\t${o.spec?.capacity?.storage ?? ""}`);
  // printVolumeNodeAffinity: "Term N:" then one "key op [values]" per expression (operator lower-cased).
  const req = o.spec?.nodeAffinity?.required;
  w.w(0, `Node Affinity:\t${req ? "" : "<none>"}`);
  if (req) {
    const terms: Json[] = req.nodeSelectorTerms ?? [];
    w.w(1, `Required Terms:\t${terms.length ? "" : "<none>"}`);
    terms.forEach((t, i) => {
      const exprs: Json[] = t.matchExpressions ?? [];
      if (!exprs.length) w.w(2, `Term ${i}:\t<none>`);
      exprs.forEach((e, j) => w.w(2, `${j === 0 ? `Term ${i}:` : ""}\t${e.key} ${String(e.operator).toLowerCase()}${e.values?.length ? ` [${e.values.join(", ")}]` : ""}`));
    });
  }
  w.w(0, `Message:\t${o.status?.message ?? ""}`);
  w.w(0, "Source:");
  if (o.spec?.hostPath) {
    w.w(2, "Type:\tHostPath (bare host directory volume)");
    w.w(2, `Path:\t${o.spec.hostPath.path}`);
    w.w(2, `HostPathType:\t${o.spec.hostPath.type ?? ""}`);
  } else if (o.spec?.local) {
    w.w(2, "Type:\tLocalVolume (a persistent volume backed by local storage on a node)");
    w.w(2, `Path:\t${o.spec.local.path}`);
  } else {
    w.w(2, `Type:\t${Object.keys(o.spec ?? {}).find((k) => !["capacity", "accessModes", "persistentVolumeReclaimPolicy", "storageClassName", "volumeMode", "claimRef", "nodeAffinity", "mountOptions"].includes(k)) ?? "<unknown>"}`);
  }
  eventsSection(ctx, w, o);
}

function describeNode(ctx: Ctx, w: W, n: Json) {
  w.w(0, `Name:\t${n.metadata.name}`);
  const roles = Object.keys(n.metadata?.labels ?? {}).filter((k) => k.startsWith("node-role.kubernetes.io/")).map((k) => k.slice(24));
  w.w(0, `Roles:\t${roles.length ? roles.sort().join(",") : "<none>"}`);
  mapLines(w, "Labels", n.metadata?.labels);
  annotationLines(w, n.metadata?.annotations);
  w.w(0, `CreationTimestamp:\t${date(n.metadata?.creationTimestamp)}`);
  const taints: Json[] = n.spec?.taints ?? [];
  if (!taints.length) w.w(0, "Taints:\t<none>");
  else taints.forEach((t, i) => w.w(0, `${i === 0 ? "Taints:" : ""}\t${t.key}${t.value ? "=" + t.value : ""}:${t.effect}`));
  w.w(0, `Unschedulable:\t${n.spec?.unschedulable ? "true" : "false"}`);
  // The node's Lease in kube-node-lease (describe.go describeNode); a missing lease prints nothing.
  const leaseRes = resolveResource(ctx.resources, "leases");
  const lease = leaseRes ? ctx.cluster.get(leaseRes, "kube-node-lease", n.metadata.name, reqOpts(ctx)) : null;
  if (lease?.ok) {
    w.w(0, "Lease:");
    w.w(1, `HolderIdentity:\t${lease.value.spec?.holderIdentity ?? "<unset>"}`);
    w.w(1, `AcquireTime:\t${lease.value.spec?.acquireTime ? date(lease.value.spec.acquireTime) : "<unset>"}`);
    w.w(1, `RenewTime:\t${lease.value.spec?.renewTime ? date(lease.value.spec.renewTime) : "<unset>"}`);
  }
  const conds: Json[] = n.status?.conditions ?? [];
  w.w(0, "Conditions:");
  w.w(1, "Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage");
  w.w(1, "----\t------\t-----------------\t------------------\t------\t-------");
  for (const c of conds) w.w(1, `${c.type} \t${c.status} \t${date(c.lastHeartbeatTime)} \t${date(c.lastTransitionTime)} \t${c.reason ?? ""} \t${c.message ?? ""}`);
  w.w(0, "Addresses:");
  for (const a of n.status?.addresses ?? []) w.w(1, `${a.type}:\t${a.address}`);
  resourceList(w, 0, "Capacity", n.status?.capacity);
  resourceList(w, 0, "Allocatable", n.status?.allocatable);
  const info = n.status?.nodeInfo ?? {};
  w.w(0, "System Info:");
  w.w(1, `Machine ID:\t${info.machineID ?? ""}`);
  w.w(1, `System UUID:\t${info.systemUUID ?? ""}`);
  w.w(1, `Boot ID:\t${info.bootID ?? ""}`);
  w.w(1, `Kernel Version:\t${info.kernelVersion ?? ""}`);
  w.w(1, `OS Image:\t${info.osImage ?? ""}`);
  w.w(1, `Operating System:\t${info.operatingSystem ?? "linux"}`);
  w.w(1, `Architecture:\t${info.architecture ?? "amd64"}`);
  w.w(1, `Container Runtime Version:\t${info.containerRuntimeVersion ?? ""}`);
  w.w(1, `Kubelet Version:\t${info.kubeletVersion ?? ""}`);
  if (n.spec?.podCIDR) w.w(0, `PodCIDR:\t${n.spec.podCIDR}`);
  const podRes = resolveResource(ctx.resources, "pods")!;
  const pods = ctx.cluster.list(podRes, undefined, reqOpts(ctx));
  const mine = pods.ok ? pods.value.filter((p) => p.spec?.nodeName === n.metadata.name && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed") : [];
  w.w(0, `Non-terminated Pods:\t(${mine.length} in total)`);
  w.w(1, "Namespace\tName\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge");
  w.w(1, "---------\t----\t------------\t----------\t---------------\t-------------\t---");
  const alloc = n.status?.allocatable ?? {};
  const cpuAlloc = milli(alloc.cpu ?? "0");
  const memAlloc = bytes(alloc.memory ?? "0");
  let tot = { rc: 0, lc: 0, rm: 0, lm: 0 };
  for (const p of mine.sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`))) {
    let rc = 0,
      lc = 0,
      rm = 0,
      lm = 0;
    for (const c of p.spec?.containers ?? []) {
      rc += milli(c.resources?.requests?.cpu ?? "0");
      lc += milli(c.resources?.limits?.cpu ?? "0");
      rm += bytes(c.resources?.requests?.memory ?? "0");
      lm += bytes(c.resources?.limits?.memory ?? "0");
    }
    tot = { rc: tot.rc + rc, lc: tot.lc + lc, rm: tot.rm + rm, lm: tot.lm + lm };
    const pct = (v: number, of: number) => (of ? Math.trunc((v * 100) / of) : 0);
    w.w(1, `${p.metadata.namespace}\t${p.metadata.name}\t${fmtMilli(rc)} (${pct(rc, cpuAlloc)}%)\t${fmtMilli(lc)} (${pct(lc, cpuAlloc)}%)\t${fmtBytes(rm)} (${pct(rm, memAlloc)}%)\t${fmtBytes(lm)} (${pct(lm, memAlloc)}%)\t${humanDuration(ctx.now - Date.parse(p.metadata.creationTimestamp))}`);
  }
  const pct = (v: number, of: number) => (of ? Math.trunc((v * 100) / of) : 0);
  w.w(0, "Allocated resources:");
  w.w(1, "(Total limits may be over 100 percent, i.e., overcommitted.)");
  w.w(1, "Resource\tRequests\tLimits");
  w.w(1, "--------\t--------\t------");
  w.w(1, `cpu\t${fmtMilli(tot.rc)} (${pct(tot.rc, cpuAlloc)}%)\t${fmtMilli(tot.lc)} (${pct(tot.lc, cpuAlloc)}%)`);
  w.w(1, `memory\t${fmtBytes(tot.rm)} (${pct(tot.rm, memAlloc)}%)\t${fmtBytes(tot.lm)} (${pct(tot.lm, memAlloc)}%)`);
  w.w(1, "ephemeral-storage\t0 (0%)\t0 (0%)");
  w.w(1, "hugepages-1Gi\t0 (0%)\t0 (0%)");
  w.w(1, "hugepages-2Mi\t0 (0%)\t0 (0%)");
  eventsSection(ctx, w, n);
}

/** A CPU quantity in millicores. */
export function milli(q: string): number {
  const m = /^([0-9.]+)(m?)$/.exec(String(q));
  if (!m) return 0;
  return m[2] ? parseFloat(m[1]) : parseFloat(m[1]) * 1000;
}

/** A memory quantity in bytes. */
export function bytes(q: string): number {
  const m = /^([0-9.]+)(Ki|Mi|Gi|Ti|k|M|G|T|m)?$/.exec(String(q));
  if (!m) return 0;
  const mult: Record<string, number> = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, M: 1e6, G: 1e9, T: 1e12, m: 1e-3 };
  return parseFloat(m[1]) * (m[2] ? mult[m[2]] : 1);
}

function fmtMilli(v: number): string {
  if (v === 0) return "0";
  return v % 1000 === 0 ? String(v / 1000) : `${Math.round(v)}m`;
}

function fmtBytes(v: number): string {
  if (v === 0) return "0";
  for (const [u, m] of [["Gi", 1024 ** 3], ["Mi", 1024 ** 2], ["Ki", 1024]] as const) if (v % m === 0) return `${v / m}${u}`;
  return String(Math.round(v));
}

function describeService(ctx: Ctx, w: W, s: Json) {
  header(w, s, true);
  mapLines(w, "Labels", s.metadata?.labels);
  annotationLines(w, s.metadata?.annotations);
  const sel = s.spec?.selector ?? {};
  w.w(0, `Selector:\t${Object.keys(sel).sort().map((k) => `${k}=${sel[k]}`).join(",") || "<none>"}`);
  w.w(0, `Type:\t${s.spec?.type ?? "ClusterIP"}`);
  w.w(0, `IP Family Policy:\t${s.spec?.ipFamilyPolicy ?? "SingleStack"}`);
  w.w(0, `IP Families:\t${(s.spec?.ipFamilies ?? ["IPv4"]).join(",")}`);
  w.w(0, `IP:\t${s.spec?.clusterIP ?? ""}`);
  w.w(0, `IPs:\t${(s.spec?.clusterIPs ?? [s.spec?.clusterIP]).filter(Boolean).join(",")}`);
  if (s.spec?.externalName) w.w(0, `External Name:\t${s.spec.externalName}`);
  const epRes = resolveResource(ctx.resources, "endpoints");
  const ep = epRes ? ctx.cluster.get(epRes, s.metadata.namespace, s.metadata.name, reqOpts(ctx)) : null;
  for (const p of s.spec?.ports ?? []) {
    const name = p.name ?? "<unset>";
    w.w(0, `Port:\t${name}\t${p.port}/${p.protocol ?? "TCP"}`);
    w.w(0, `TargetPort:\t${p.targetPort ?? p.port}/${p.protocol ?? "TCP"}`);
    if (p.nodePort) w.w(0, `NodePort:\t${name}\t${p.nodePort}/${p.protocol ?? "TCP"}`);
    let eps = "<none>";
    if (ep?.ok) {
      const list: string[] = [];
      for (const ss of ep.value.subsets ?? []) {
        const port = (ss.ports ?? []).find((x: Json) => (p.name ? x.name === p.name : true));
        for (const a of ss.addresses ?? []) list.push(port ? `${a.ip}:${port.port}` : a.ip);
      }
      if (list.length) eps = list.join(",");
    }
    w.w(0, `Endpoints:\t${eps}`);
  }
  w.w(0, `Session Affinity:\t${s.spec?.sessionAffinity ?? "None"}`);
  if (s.spec?.type === "NodePort" || s.spec?.type === "LoadBalancer") w.w(0, `External Traffic Policy:\t${s.spec?.externalTrafficPolicy ?? "Cluster"}`);
  w.w(0, `Internal Traffic Policy:\t${s.spec?.internalTrafficPolicy ?? "Cluster"}`);
  eventsSection(ctx, w, s);
}

/** describeQuota: no labels, annotations or events; resources sorted by name, Used in Hard's units. */
function describeQuota(w: W, q: Json) {
  header(w, q, true);
  scopeLines(w, 0, q, " * ");
  w.w(0, "Resource\tUsed\tHard");
  w.w(0, "--------\t----\t----");
  const hard: Record<string, string> = q.status?.hard ?? {};
  for (const k of Object.keys(hard).sort()) w.w(0, `${k}\t${usedInHardFormat(q.status?.used?.[k] ?? "0", hard[k], k)}\t${hard[k]}`);
}

/** A quota's sorted scopes and the help text of each (helpTextForResourceQuotaScope). */
function scopeLines(w: W, level: number, q: Json, bullet: string) {
  const scopes: string[] = [...(q.spec?.scopes ?? [])].sort();
  if (!scopes.length) return;
  w.w(level, `Scopes:\t${scopes.join(", ")}`);
  for (const sc of scopes) if (QUOTA_SCOPE_HELP[sc]) w.w(level, `${bullet}${QUOTA_SCOPE_HELP[sc]}`);
}

const QUOTA_SCOPE_HELP: Record<string, string> = {
  Terminating: "Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.",
  NotTerminating: "Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.",
  BestEffort: "Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.",
  NotBestEffort: "Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.",
};

/** describeQuota re-expresses Used in Hard's format when they differ (resource.NewQuantity(used.Value(), hard.Format)). */
function usedInHardFormat(used: string, hard: string, name: string): string {
  const binary = /[KMGTPE]i$/.test(hard);
  const usedBinary = /[KMGTPE]i$/.test(used);
  if (binary === usedBinary || /cpu/.test(name) || used === "0") return used;
  const v = Math.ceil(bytes(used));
  return binary ? fmtBytes(v) : String(v);
}

/** DescribeResourceQuotas (the namespace view): three dashes under Used and Hard. */
function quotaTables(w: W, quotas: Json[]) {
  if (!quotas.length) {
    w.w(0, "No resource quota.");
    return;
  }
  w.w(0, "Resource Quotas");
  for (const q of [...quotas].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
    w.w(1, `Name:\t${q.metadata.name}`);
    scopeLines(w, 1, q, "* ");
    w.w(1, "Resource\tUsed\tHard");
    w.w(1, "--------\t---\t---");
    const hard: Record<string, string> = q.status?.hard ?? {};
    for (const k of Object.keys(hard).sort()) w.w(1, `${k}\t${q.status?.used?.[k] ?? "0"}\t${hard[k]}`);
  }
}

/**
 * describeLimitRangeSpec: one row per limit type and resource, "-" for unset values. Upstream walks a Go
 * map, so its resource order varies between runs; here resources are sorted by name.
 */
function limitRangeRows(w: W, lr: Json, prefix: string) {
  for (const item of lr.spec?.limits ?? []) {
    const maps = [item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio].map((m: Json) => m ?? {});
    const names = [...new Set(maps.flatMap((m) => Object.keys(m)))].sort();
    for (const k of names) w.w(0, `${prefix}${item.type}\t${k}\t${maps.map((m) => m[k] ?? "-").join("\t")}`);
  }
}

function describeLimitRange(w: W, lr: Json) {
  header(w, lr, true);
  w.w(0, "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio");
  w.w(0, "----\t--------\t---\t---\t---------------\t-------------\t-----------------------");
  limitRangeRows(w, lr, "");
}

function describeGeneric(ctx: Ctx, w: W, res: ApiResource, o: Json) {
  header(w, o, res.namespaced);
  mapLines(w, "Labels", o.metadata?.labels);
  annotationLines(w, o.metadata?.annotations);
  if (res.name === "configmaps" || res.name === "secrets") {
    if (res.name === "secrets") w.w(0, "");
    if (res.name === "secrets") w.w(0, `Type:\t${o.type ?? "Opaque"}`);
    w.w(0, "");
    if (res.name === "configmaps") {
      w.w(0, "Data");
      w.w(0, "====");
      for (const k of Object.keys(o.data ?? {}).sort()) {
        w.w(0, `${k}:`);
        w.w(0, "----");
        w.w(0, String(o.data[k]).replace(/\n$/, ""));
        w.w(0, "");
      }
      w.w(0, "");
      w.w(0, "BinaryData");
      w.w(0, "====");
      w.w(0, "");
    } else {
      w.w(0, "Data");
      w.w(0, "====");
      for (const k of Object.keys(o.data ?? {}).sort()) w.w(0, `${k}:\t${b64bytes(String(o.data[k])).length} bytes`);
    }
  } else if (res.name === "namespaces") {
    w.w(0, `Status:\t${o.status?.phase ?? "Active"}`);
    const inNs = (name: string): Json[] => {
      const r = resolveResource(ctx.resources, name);
      const l = r ? ctx.cluster.list(r, o.metadata.name, reqOpts(ctx)) : null;
      return l?.ok ? l.value : [];
    };
    w.w(0, "");
    quotaTables(w, inNs("resourcequotas"));
    w.w(0, "");
    const lrs = inNs("limitranges");
    if (!lrs.length) w.w(0, "No LimitRange resource.");
    else {
      w.w(0, "Resource Limits");
      w.w(0, " Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio");
      w.w(0, " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------");
      for (const lr of lrs) limitRangeRows(w, lr, " ");
    }
    return;
  } else if (res.name === "horizontalpodautoscalers") {
    w.w(0, `CreationTimestamp:\t${date(o.metadata?.creationTimestamp)}`);
    w.w(0, `Reference:\t${o.spec?.scaleTargetRef?.kind}/${o.spec?.scaleTargetRef?.name}`);
    w.w(0, "Metrics:\t( current / target )");
    for (const m of o.spec?.metrics ?? []) {
      if (m.type === "Resource") {
        const cur = (o.status?.currentMetrics ?? []).find((c: Json) => c.resource?.name === m.resource.name)?.resource?.current;
        if (m.resource.target?.averageUtilization !== undefined) w.w(1, `resource ${m.resource.name} on pods  (as a percentage of request):\t${cur?.averageUtilization !== undefined ? `${cur.averageUtilization}% (${cur.averageValue ?? "0"})` : "<unknown>"} / ${m.resource.target.averageUtilization}%`);
        else w.w(1, `resource ${m.resource.name} on pods:\t${cur?.averageValue ?? "<unknown>"} / ${m.resource.target?.averageValue}`);
      }
    }
    w.w(0, `Min replicas:\t${o.spec?.minReplicas ?? 1}`);
    w.w(0, `Max replicas:\t${o.spec?.maxReplicas}`);
    w.w(0, `${o.spec?.scaleTargetRef?.kind} pods:\t${o.status?.currentReplicas ?? 0} current / ${o.status?.desiredReplicas ?? 0} desired`);
    const conds: Json[] = o.status?.conditions ?? [];
    if (conds.length) {
      w.w(0, "Conditions:");
      w.w(1, "Type\tStatus\tReason\tMessage");
      w.w(1, "----\t------\t------\t-------");
      for (const c of conds) w.w(1, `${c.type}\t${c.status}\t${c.reason ?? ""}\t${c.message ?? ""}`);
    }
  } else if (res.name === "roles" || res.name === "clusterroles") {
    w.w(0, "PolicyRule:");
    w.w(1, "Resources\tNon-Resource URLs\tResource Names\tVerbs");
    w.w(1, "---------\t-----------------\t--------------\t-----");
    for (const r of o.rules ?? []) {
      for (const g of r.apiGroups ?? [""]) {
        for (const rs of r.resources ?? []) w.w(1, `${g ? `${rs}.${g}` : rs}\t[]\t[${(r.resourceNames ?? []).join(" ")}]\t[${(r.verbs ?? []).join(" ")}]`);
      }
    }
    return;
  } else if (res.name === "rolebindings" || res.name === "clusterrolebindings") {
    w.w(0, "Role:");
    w.w(1, `Kind:\t${o.roleRef?.kind}`);
    w.w(1, `Name:\t${o.roleRef?.name}`);
    w.w(0, "Subjects:");
    w.w(1, "Kind\tName\tNamespace");
    w.w(1, "----\t----\t---------");
    for (const s of o.subjects ?? []) w.w(1, `${s.kind}\t${s.name}\t${s.namespace ?? ""}`);
    return;
  } else if (res.openAPISchema !== undefined || res.name === "customresourcedefinitions" || res.name === "leases") {
    // custom resources, CRDs and Leases (no typed describer in describe.go): the generic describer prints every field (crd-columns.ts)
    for (const [level, line] of unstructuredLines(o)) w.w(level, line);
  } else if (res.name === "serviceaccounts") {
    w.w(0, "Image pull secrets:\t<none>");
    w.w(0, "Mountable secrets:\t<none>");
    w.w(0, "Tokens:\t<none>");
  }
  eventsSection(ctx, w, o);
}

/** kubectl describe */
export function cmdDescribe(ctx: Ctx, p: Parsed): number {
  if (!p.args.length) {
    ctx.io.err(`error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n`);
    return 1;
  }
  let targets = parseTypeNames(ctx, p.args);
  // `kubectl describe pod web` matches names by prefix when there is no exact match
  const objs: { res: ApiResource; obj: Json }[] = [];
  let code = 0;
  for (const t of targets) {
    if (t.name) {
      const r = ctx.cluster.get(t.res, t.res.namespaced ? ctx.namespace : undefined, t.name, reqOpts(ctx));
      if (r.ok) {
        objs.push({ res: t.res, obj: r.value });
        continue;
      }
      if (r.status.reason === "NotFound") {
        const all = listObjects(ctx, t.res, false, "", "");
        const pref = typeof all === "number" ? [] : all.filter((o) => o.metadata.name.startsWith(t.name!));
        if (pref.length) {
          for (const o of pref) objs.push({ res: t.res, obj: o });
          continue;
        }
      }
      code = printStatus(ctx, r.status);
    } else {
      const items = listObjects(ctx, t.res, bool(p, "all-namespaces"), str(p, "selector"), "");
      if (typeof items === "number") return items;
      if (!items.length) ctx.io.err(bool(p, "all-namespaces") ? "No resources found\n" : `No resources found in ${ctx.namespace} namespace.\n`);
      for (const o of items) objs.push({ res: t.res, obj: o });
    }
  }
  targets = [];
  const texts: string[] = [];
  for (const { res, obj } of objs) {
    const w = new W();
    if (res.name === "pods") describePod(ctx, w, obj);
    else if (res.name === "deployments") describeDeployment(ctx, w, obj);
    else if (res.name === "replicasets") describeReplicaSet(ctx, w, obj);
    else if (res.name === "nodes") describeNode(ctx, w, obj);
    else if (res.name === "services") describeService(ctx, w, obj);
    else if (res.name === "statefulsets") describeStatefulSet(ctx, w, obj);
    else if (res.name === "daemonsets") describeDaemonSet(ctx, w, obj);
    else if (res.name === "jobs") describeJob(ctx, w, obj);
    else if (res.name === "cronjobs") describeCronJob(ctx, w, obj);
    else if (res.name === "ingresses") describeIngress(ctx, w, obj);
    else if (res.name === "networkpolicies") describeNetworkPolicy(w, obj);
    else if (res.name === "persistentvolumeclaims") describePvc(ctx, w, obj);
    else if (res.name === "persistentvolumes") describePv(ctx, w, obj);
    else if (res.name === "resourcequotas") describeQuota(w, obj);
    else if (res.name === "limitranges") describeLimitRange(w, obj);
    else if (res.group === "storage.k8s.io" && CSI_DESCRIBED.has(res.name)) {
      for (const [level, line] of res.name === "csinodes" ? csiNodeDescribeLines(obj, date) : genericDescribeLines(obj)) w.w(level, line);
      eventsSection(ctx, w, obj);
    } else describeGeneric(ctx, w, res, obj);
    texts.push(w.text());
  }
  ctx.io.out(texts.join("\n\n"));
  return code;
}
