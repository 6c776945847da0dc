// Table printing like kubectl: text/tabwriter (minwidth 6, padding 3) and the per-kind
// column sets of k8s printers.go (k8s-reference 8.1), AGE via duration.HumanDuration.
import type { Json } from "../cluster-api";

/** duration.HumanDuration from k8s.io/apimachinery/pkg/util/duration. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60000);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(ms / 3600000);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    return dy === 0 ? `${Math.trunc(hours / 24 / 365)}y` : `${Math.trunc(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** Format rows the way Go's tabwriter does with kubectl's settings (minwidth 6, padding 3). */
export function tabwrite(rows: string[][], minWidth = 6, padding = 3): string {
  if (!rows.length) return "";
  return goTabwriter(rows.map((r) => r.join("\t")).join("\n") + "\n", minWidth, padding);
}

/**
 * Go's text/tabwriter (flags 0, pad char ' '): cells are tab-terminated, the text after a
 * line's last tab is not aligned, and columns are aligned per block of consecutive lines.
 */
export function goTabwriter(text: string, minWidth: number, padding: number): string {
  const rawLines = text.split("\n");
  const trailingNewline = text.endsWith("\n");
  if (trailingNewline) rawLines.pop();
  const lines = rawLines.map((l) => l.split("\t"));
  const widths: number[] = [];
  const out: string[] = [];
  const len = (s: string) => [...s].length;
  const writeLines = (l0: number, l1: number) => {
    for (let i = l0; i < l1; i++) {
      const cells = lines[i];
      let s = "";
      cells.forEach((c, j) => {
        if (j < widths.length && j < cells.length - 1) s += c + " ".repeat(Math.max(0, widths[j] - len(c)));
        else s += c;
      });
      out.push(s);
    }
  };
  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur].length - 1) continue;
      writeLines(line0, cur);
      line0 = cur;
      let width = minWidth;
      for (; cur < line1; cur++) {
        if (column >= lines[cur].length - 1) break;
        const w = len(lines[cur][column]) + padding;
        if (w > width) width = w;
      }
      widths.push(width);
      format(line0, cur);
      widths.pop();
      line0 = cur;
      cur--;
    }
    writeLines(line0, line1);
  };
  format(0, lines.length);
  return out.join("\n") + (trailingNewline ? "\n" : "");
}

/** The AGE column for a timestamp. */
export function age(now: number, ts: string | undefined): string {
  if (!ts) return "<unknown>";
  const t = Date.parse(ts);
  if (Number.isNaN(t)) return "<unknown>";
  return humanDuration(now - t);
}


function labelsString(l: Record<string, string> | undefined): string {
  if (!l || !Object.keys(l).length) return "<none>";
  return Object.keys(l)
    .sort()
    .map((k) => `${k}=${l[k]}`)
    .join(",");
}

export { labelsString };

/** A LabelSelector as kubectl prints it (app=web,tier in (a,b)). */
export function selectorString(sel: Json): string {
  if (!sel) return "<none>";
  const parts: string[] = [];
  const ml = sel.matchLabels ?? (sel.matchExpressions ? {} : sel);
  for (const k of Object.keys(ml ?? {}).sort()) if (typeof ml[k] === "string") parts.push(`${k}=${ml[k]}`);
  for (const e of sel.matchExpressions ?? []) {
    const vals = (e.values ?? []).slice().sort().join(",");
    if (e.operator === "In") parts.push(`${e.key} in (${vals})`);
    else if (e.operator === "NotIn") parts.push(`${e.key} notin (${vals})`);
    else if (e.operator === "Exists") parts.push(e.key);
    else if (e.operator === "DoesNotExist") parts.push(`!${e.key}`);
  }
  return parts.length ? parts.join(",") : "<none>";
}

// ---- pods ---------------------------------------------------------------------------

/** The STATUS column (k8s printers.go printPod, k8s-reference 4.4). */
export function podStatus(pod: Json): string {
  const st = pod.status ?? {};
  let reason: string = st.phase ?? "Pending";
  if (st.reason) reason = st.reason;
  const conds: Json[] = st.conditions ?? [];
  const sched = conds.find((c) => c.type === "PodScheduled");
  if (sched && sched.reason === "SchedulingGated") reason = "SchedulingGated";
  const initStatuses: Json[] = st.initContainerStatuses ?? [];
  const initSpecs: Json[] = pod.spec?.initContainers ?? [];
  let initializing = false;
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    const spec = initSpecs.find((c) => c.name === cs.name);
    const restartable = spec?.restartPolicy === "Always";
    const term = cs.state?.terminated;
    if (term && term.exitCode === 0) continue;
    if (restartable && cs.started) continue;
    if (term) {
      if (term.reason) reason = `Init:${term.reason}`;
      else if (term.signal) reason = `Init:Signal:${term.signal}`;
      else reason = `Init:ExitCode:${term.exitCode}`;
    } else if (cs.state?.waiting?.reason && cs.state.waiting.reason !== "PodInitializing") {
      reason = `Init:${cs.state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }
  const initializedTrue = conds.some((c) => c.type === "Initialized" && c.status === "True");
  if (!initializing || initializedTrue) {
    let hasRunning = false;
    const css: Json[] = st.containerStatuses ?? [];
    for (let i = css.length - 1; i >= 0; i--) {
      const cs = css[i];
      const w = cs.state?.waiting;
      const t = cs.state?.terminated;
      if (w?.reason) reason = w.reason;
      else if (t?.reason) reason = t.reason;
      else if (t) reason = t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`;
      else if (cs.ready && cs.state?.running) hasRunning = true;
    }
    if (reason === "Completed" && hasRunning) {
      reason = conds.some((c) => c.type === "Ready" && c.status === "True") ? "Running" : "NotReady";
    }
  }
  if (pod.metadata?.deletionTimestamp) {
    if (st.reason === "NodeLost") reason = "Unknown";
    else if (st.phase !== "Failed" && st.phase !== "Succeeded") reason = "Terminating";
  }
  return reason;
}

/** The READY column of a pod (ready/total containers). */
export function podReady(pod: Json): string {
  const css: Json[] = pod.status?.containerStatuses ?? [];
  const total = (pod.spec?.containers ?? []).length + (pod.spec?.initContainers ?? []).filter((c: Json) => c.restartPolicy === "Always").length;
  let ready = css.filter((c) => c.ready).length;
  ready += (pod.status?.initContainerStatuses ?? []).filter((c: Json) => c.ready && (pod.spec?.initContainers ?? []).find((s: Json) => s.name === c.name)?.restartPolicy === "Always").length;
  return `${ready}/${total}`;
}

/** The RESTARTS column of a pod, with the age of the last restart. */
export function podRestarts(pod: Json, now: number): string {
  let restarts = 0;
  let last: number | null = null;
  const all: Json[] = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const cs of all) {
    restarts += cs.restartCount ?? 0;
    const fin = cs.lastState?.terminated?.finishedAt;
    if (fin && (cs.restartCount ?? 0) > 0) {
      const t = Date.parse(fin);
      if (!Number.isNaN(t) && (last === null || t > last)) last = t;
    }
  }
  if (restarts > 0 && last !== null) return `${restarts} (${humanDuration(now - last)} ago)`;
  return String(restarts);
}

// ---- columns per resource -----------------------------------------------------------

export interface ColumnSet {
  headers: string[];
  wide: string[];
  row(o: Json, now: number): string[];
  wideRow(o: Json, now: number): string[];
}

const none = (s: string | undefined | null) => (s === undefined || s === null || s === "" ? "<none>" : s);

function containersImages(spec: Json): [string, string] {
  const cs: Json[] = spec?.containers ?? [];
  return [cs.map((c) => c.name).join(","), cs.map((c) => c.image).join(",")];
}

function servicePorts(svc: Json): string {
  const ports: Json[] = svc.spec?.ports ?? [];
  if (!ports.length) return "<none>";
  return ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? "TCP"}` : `${p.port}/${p.protocol ?? "TCP"}`)).join(",");
}

function externalIp(svc: Json): string {
  const type = svc.spec?.type ?? "ClusterIP";
  const ext: string[] = svc.spec?.externalIPs ?? [];
  if (type === "ExternalName") return svc.spec?.externalName ?? "<none>";
  if (type === "LoadBalancer") {
    const ing: Json[] = svc.status?.loadBalancer?.ingress ?? [];
    const ips = [...ing.map((i) => i.ip ?? i.hostname), ...ext];
    return ips.length ? ips.join(",") : "<pending>";
  }
  return ext.length ? ext.join(",") : "<none>";
}

function nodeStatus(n: Json): string {
  const conds: Json[] = n.status?.conditions ?? [];
  const ready = conds.find((c) => c.type === "Ready");
  let s = !ready ? "Unknown" : ready.status === "True" ? "Ready" : "NotReady";
  if (n.spec?.unschedulable) s += ",SchedulingDisabled";
  return s;
}

function nodeRoles(n: Json): string {
  const roles: string[] = [];
  for (const [k, v] of Object.entries((n.metadata?.labels ?? {}) as Record<string, string>)) {
    if (k.startsWith("node-role.kubernetes.io/")) roles.push(k.slice("node-role.kubernetes.io/".length));
    else if (k === "kubernetes.io/role") roles.push(v);
  }
  return roles.length ? roles.sort().join(",") : "<none>";
}

function addr(n: Json, type: string): string {
  return (n.status?.addresses ?? []).find((a: Json) => a.type === type)?.address ?? "<none>";
}

/** printers.go printPersistentVolume/printPersistentVolumeClaim: "Terminating" once deletionTimestamp is set. */
function storagePhase(p: Json): string {
  return p.metadata?.deletionTimestamp ? "Terminating" : (p.status?.phase ?? "Pending");
}

function jobStatus(j: Json): string {
  const conds: Json[] = j.status?.conditions ?? [];
  const has = (t: string) => conds.some((c) => c.type === t && c.status === "True");
  if (has("Complete")) return "Complete";
  if (has("Failed")) return "Failed";
  if (j.metadata?.deletionTimestamp) return "Terminating";
  if (has("FailureTarget")) return "FailureTarget";
  if (has("Suspended") || j.spec?.suspend) return "Suspended";
  return "Running";
}

function jobDuration(j: Json, now: number): string {
  const s = j.status?.startTime;
  if (!s) return "";
  const end = j.status?.completionTime ? Date.parse(j.status.completionTime) : now;
  return humanDuration(end - Date.parse(s));
}

function endpointsString(ep: Json): string {
  const subsets: Json[] = ep.subsets ?? [];
  if (!subsets.length) return "<none>";
  const list: string[] = [];
  let count = 0;
  // k8s printers formatEndpoints: ports outer, addresses inner
  for (const ss of subsets) {
    const ports: Json[] = ss.ports?.length ? ss.ports : [{}];
    for (const p of ports) {
      for (const a of ss.addresses ?? []) {
        count++;
        if (list.length < 3) list.push(p.port !== undefined ? `${a.ip}:${p.port}` : a.ip);
      }
    }
  }
  let s = list.join(",");
  if (count > 3) s += ` + ${count - 3} more...`;
  return s;
}

function hpaTargets(h: Json): string {
  const metrics: Json[] = h.spec?.metrics ?? (h.spec?.targetCPUUtilizationPercentage !== undefined ? [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: h.spec.targetCPUUtilizationPercentage } } }] : []);
  if (!metrics.length) return "<none>";
  const current: Json[] = h.status?.currentMetrics ?? [];
  const parts: string[] = [];
  metrics.forEach((m, i) => {
    if (m.type === "Resource" && m.resource) {
      const name = m.resource.name;
      const cur = current.find((c) => c.type === "Resource" && c.resource?.name === name) ?? current[i];
      if (m.resource.target?.type === "Utilization" || m.resource.target?.averageUtilization !== undefined) {
        const tgt = m.resource.target?.averageUtilization;
        const curV = cur?.resource?.current?.averageUtilization;
        parts.push(`${name}: ${curV !== undefined && curV !== null ? curV + "%" : "<unknown>"}/${tgt !== undefined ? tgt + "%" : "<auto>"}`);
      } else {
        const tgt = m.resource.target?.averageValue ?? m.resource.target?.value;
        const curV = cur?.resource?.current?.averageValue;
        parts.push(`${name}: ${curV ?? "<unknown>"}/${tgt ?? "<auto>"}`);
      }
    } else {
      parts.push(`<unknown>/<unknown>`);
    }
  });
  if (parts.length > 2) return `${parts.slice(0, 2).join(", ")} + ${parts.length - 2} more...`;
  return parts.join(", ");
}

function secretDataCount(s: Json): number {
  return Object.keys(s.data ?? {}).length + Object.keys(s.stringData ?? {}).filter((k) => !(k in (s.data ?? {}))).length;
}

function ingressHosts(i: Json): string {
  const hosts = (i.spec?.rules ?? []).map((r: Json) => r.host).filter(Boolean);
  if (!hosts.length) return "*";
  const uniq = [...new Set(hosts)] as string[];
  if (uniq.length > 4) return uniq.slice(0, 4).join(",") + ` + ${uniq.length - 4} more...`;
  return uniq.join(",");
}

function ingressAddress(i: Json): string {
  const ing: Json[] = i.status?.loadBalancer?.ingress ?? [];
  return ing.map((x) => x.ip ?? x.hostname).join(",");
}

/** printResourceQuota: the spec's resources, `used/hard` from the status (an unset quantity prints 0). */
function quotaCol(q: Json, prefix: "request" | "limit"): string {
  const hard: Record<string, string> = q.status?.hard ?? {};
  const used: Record<string, string> = q.status?.used ?? {};
  const keys = Object.keys(q.spec?.hard ?? {})
    .sort()
    .filter((k) => (prefix === "limit" ? k.startsWith("limits.") : !k.startsWith("limits.")));
  return keys.map((k) => `${k}: ${used[k] ?? "0"}/${hard[k] ?? "0"}`).join(", ");
}

function createdAt(o: Json): string {
  return o.metadata?.creationTimestamp ?? "<unknown>";
}

function accessModes(modes: string[] | undefined): string {
  const map: Record<string, string> = { ReadWriteOnce: "RWO", ReadOnlyMany: "ROX", ReadWriteMany: "RWX", ReadWriteOncePod: "RWOP" };
  return (modes ?? []).map((m) => map[m] ?? m).join(",");
}

function subjects(rb: Json, kind: string): string {
  return (rb.subjects ?? [])
    .filter((s: Json) => s.kind === kind)
    .map((s: Json) => (kind === "ServiceAccount" ? `${s.namespace ?? ""}/${s.name}` : s.name))
    .join(", ");
}

function cs(headers: string[], row: (o: Json, now: number) => string[], wide: string[] = [], wideRow: (o: Json, now: number) => string[] = () => []): ColumnSet {
  return { headers, row, wide, wideRow };
}

export const COLUMNS: Record<string, ColumnSet> = {
  pods: cs(
    ["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
    (p, now) => [p.metadata.name, podReady(p), podStatus(p), podRestarts(p, now), age(now, p.metadata.creationTimestamp)],
    ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
    (p) => [none(p.status?.podIP), none(p.spec?.nodeName), none(p.status?.nominatedNodeName), (p.spec?.readinessGates ?? []).length ? `${(p.status?.conditions ?? []).filter((c: Json) => (p.spec.readinessGates as Json[]).some((g) => g.conditionType === c.type) && c.status === "True").length}/${p.spec.readinessGates.length}` : "<none>"],
  ),
  deployments: cs(
    ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
    (d, now) => [d.metadata.name, `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`, String(d.status?.updatedReplicas ?? 0), String(d.status?.availableReplicas ?? 0), age(now, d.metadata.creationTimestamp)],
    ["CONTAINERS", "IMAGES", "SELECTOR"],
    (d) => [...containersImages(d.spec?.template?.spec), selectorString(d.spec?.selector)],
  ),
  replicasets: cs(
    ["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
    (r, now) => [r.metadata.name, String(r.spec?.replicas ?? 1), String(r.status?.replicas ?? 0), String(r.status?.readyReplicas ?? 0), age(now, r.metadata.creationTimestamp)],
    ["CONTAINERS", "IMAGES", "SELECTOR"],
    (r) => [...containersImages(r.spec?.template?.spec), selectorString(r.spec?.selector)],
  ),
  replicationcontrollers: cs(
    ["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
    (r, now) => [r.metadata.name, String(r.spec?.replicas ?? 1), String(r.status?.replicas ?? 0), String(r.status?.readyReplicas ?? 0), age(now, r.metadata.creationTimestamp)],
    ["CONTAINERS", "IMAGES", "SELECTOR"],
    (r) => [...containersImages(r.spec?.template?.spec), selectorString(r.spec?.selector)],
  ),
  services: cs(
    ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"],
    (s, now) => [s.metadata.name, s.spec?.type ?? "ClusterIP", none(s.spec?.clusterIP), externalIp(s), servicePorts(s), age(now, s.metadata.creationTimestamp)],
    ["SELECTOR"],
    (s) => [s.spec?.selector && Object.keys(s.spec.selector).length ? labelsString(s.spec.selector) : "<none>"],
  ),
  nodes: cs(
    ["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
    (n, now) => [n.metadata.name, nodeStatus(n), nodeRoles(n), age(now, n.metadata.creationTimestamp), n.status?.nodeInfo?.kubeletVersion ?? ""],
    ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"],
    (n) => [addr(n, "InternalIP"), addr(n, "ExternalIP"), n.status?.nodeInfo?.osImage ?? "<unknown>", n.status?.nodeInfo?.kernelVersion ?? "<unknown>", n.status?.nodeInfo?.containerRuntimeVersion ?? "<unknown>"],
  ),
  namespaces: cs(["NAME", "STATUS", "AGE"], (n, now) => [n.metadata.name, n.status?.phase ?? "Active", age(now, n.metadata.creationTimestamp)]),
  configmaps: cs(["NAME", "DATA", "AGE"], (c, now) => [c.metadata.name, String(Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length), age(now, c.metadata.creationTimestamp)]),
  secrets: cs(["NAME", "TYPE", "DATA", "AGE"], (s, now) => [s.metadata.name, s.type ?? "Opaque", String(secretDataCount(s)), age(now, s.metadata.creationTimestamp)]),
  serviceaccounts: cs(["NAME", "SECRETS", "AGE"], (s, now) => [s.metadata.name, String((s.secrets ?? []).length), age(now, s.metadata.creationTimestamp)]),
  daemonsets: cs(
    ["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"],
    (d, now) => [d.metadata.name, String(d.status?.desiredNumberScheduled ?? 0), String(d.status?.currentNumberScheduled ?? 0), String(d.status?.numberReady ?? 0), String(d.status?.updatedNumberScheduled ?? 0), String(d.status?.numberAvailable ?? 0), labelsString(d.spec?.template?.spec?.nodeSelector), age(now, d.metadata.creationTimestamp)],
    ["CONTAINERS", "IMAGES", "SELECTOR"],
    (d) => [...containersImages(d.spec?.template?.spec), selectorString(d.spec?.selector)],
  ),
  statefulsets: cs(
    ["NAME", "READY", "AGE"],
    (s, now) => [s.metadata.name, `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 1}`, age(now, s.metadata.creationTimestamp)],
    ["CONTAINERS", "IMAGES"],
    (s) => containersImages(s.spec?.template?.spec),
  ),
  jobs: cs(
    ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"],
    (j, now) => [j.metadata.name, jobStatus(j), `${j.status?.succeeded ?? 0}/${j.spec?.completions ?? (j.spec?.parallelism !== undefined && j.spec?.completions === undefined ? 1 : 1)}`, jobDuration(j, now), age(now, j.metadata.creationTimestamp)],
    ["CONTAINERS", "IMAGES", "SELECTOR"],
    (j) => [...containersImages(j.spec?.template?.spec), selectorString(j.spec?.selector)],
  ),
  cronjobs: cs(
    ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"],
    (c, now) => [c.metadata.name, c.spec?.schedule ?? "", none(c.spec?.timeZone), c.spec?.suspend ? "True" : "False", String((c.status?.active ?? []).length), c.status?.lastScheduleTime ? age(now, c.status.lastScheduleTime) : "<none>", age(now, c.metadata.creationTimestamp)],
    ["CONTAINERS", "IMAGES", "SELECTOR"],
    (c) => [...containersImages(c.spec?.jobTemplate?.spec?.template?.spec), selectorString(c.spec?.jobTemplate?.spec?.selector)],
  ),
  endpoints: cs(["NAME", "ENDPOINTS", "AGE"], (e, now) => [e.metadata.name, endpointsString(e), age(now, e.metadata.creationTimestamp)]),
  endpointslices: cs(["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], (e, now) => {
    const ports = (e.ports ?? []).map((p: Json) => p.port).join(",") || "<unset>";
    const addrs: string[] = (e.endpoints ?? []).flatMap((x: Json) => x.addresses ?? []);
    return [e.metadata.name, e.addressType ?? "IPv4", ports, addrs.length ? addrs.slice(0, 3).join(",") + (addrs.length > 3 ? ` + ${addrs.length - 3} more...` : "") : "<unset>", age(now, e.metadata.creationTimestamp)];
  }),
  events: cs(["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], (e, now) => {
    const last = e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp;
    const io = e.involvedObject ?? e.regarding ?? {};
    return [age(now, last), e.type ?? "Normal", e.reason ?? "", `${(io.kind ?? "").toLowerCase()}/${io.name ?? ""}`, (e.message ?? e.note ?? "").trim()];
  }),
  ingresses: cs(["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"], (i, now) => [i.metadata.name, none(i.spec?.ingressClassName), ingressHosts(i), ingressAddress(i), (i.spec?.tls ?? []).length ? "80, 443" : "80", age(now, i.metadata.creationTimestamp)]),
  ingressclasses: cs(["NAME", "CONTROLLER", "PARAMETERS", "AGE"], (i, now) => [i.metadata.name, i.spec?.controller ?? "", "<none>", age(now, i.metadata.creationTimestamp)]),
  horizontalpodautoscalers: cs(
    ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"],
    (h, now) => [h.metadata.name, `${h.spec?.scaleTargetRef?.kind}/${h.spec?.scaleTargetRef?.name}`, hpaTargets(h), h.spec?.minReplicas !== undefined ? String(h.spec.minReplicas) : "<unset>", String(h.spec?.maxReplicas ?? ""), String(h.status?.currentReplicas ?? 0), age(now, h.metadata.creationTimestamp)],
  ),
  persistentvolumes: cs(["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"], (p, now) => [p.metadata.name, p.spec?.capacity?.storage ?? "", accessModes(p.spec?.accessModes), p.spec?.persistentVolumeReclaimPolicy ?? "Retain", storagePhase(p), p.spec?.claimRef ? `${p.spec.claimRef.namespace}/${p.spec.claimRef.name}` : "", p.metadata.annotations?.["volume.beta.kubernetes.io/storage-class"] ?? p.spec?.storageClassName ?? "", p.spec?.volumeAttributesClassName ?? "<unset>", p.status?.reason ?? "", age(now, p.metadata.creationTimestamp)]),
  persistentvolumeclaims: cs(["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"], (p, now) => [p.metadata.name, storagePhase(p), p.spec?.volumeName ?? "", p.status?.capacity?.storage ?? "", accessModes(p.status?.accessModes), p.metadata.annotations?.["volume.beta.kubernetes.io/storage-class"] ?? p.spec?.storageClassName ?? "", p.spec?.volumeAttributesClassName ?? "<unset>", age(now, p.metadata.creationTimestamp)]),
  // printers.go printComponentStatus: the Healthy condition's status (Healthy/Unhealthy), message and error
  componentstatuses: cs(["NAME", "STATUS", "MESSAGE", "ERROR"], (c) => {
    const h = (c.conditions ?? []).find((x: Json) => x.type === "Healthy");
    return [c.metadata.name, h ? (h.status === "True" ? "Healthy" : "Unhealthy") : "Unknown", h?.message ?? "", h?.error ?? ""];
  }),
  storageclasses: cs(["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"], (s, now) => [s.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true" ? `${s.metadata.name} (default)` : s.metadata.name, s.provisioner ?? "", s.reclaimPolicy ?? "Delete", s.volumeBindingMode ?? "Immediate", String(s.allowVolumeExpansion ?? false), age(now, s.metadata.creationTimestamp)]),
  roles: cs(["NAME", "CREATED AT"], (r) => [r.metadata.name, createdAt(r)]),
  clusterroles: cs(["NAME", "CREATED AT"], (r) => [r.metadata.name, createdAt(r)]),
  rolebindings: cs(
    ["NAME", "ROLE", "AGE"],
    (r, now) => [r.metadata.name, `${r.roleRef?.kind}/${r.roleRef?.name}`, age(now, r.metadata.creationTimestamp)],
    ["USERS", "GROUPS", "SERVICEACCOUNTS"],
    (r) => [subjects(r, "User"), subjects(r, "Group"), subjects(r, "ServiceAccount")],
  ),
  clusterrolebindings: cs(
    ["NAME", "ROLE", "AGE"],
    (r, now) => [r.metadata.name, `${r.roleRef?.kind}/${r.roleRef?.name}`, age(now, r.metadata.creationTimestamp)],
    ["USERS", "GROUPS", "SERVICEACCOUNTS"],
    (r) => [subjects(r, "User"), subjects(r, "Group"), subjects(r, "ServiceAccount")],
  ),
  networkpolicies: cs(["NAME", "POD-SELECTOR", "AGE"], (n, now) => [n.metadata.name, selectorString(n.spec?.podSelector) === "<none>" ? "<none>" : selectorString(n.spec?.podSelector), age(now, n.metadata.creationTimestamp)]),
  // NAME REQUEST LIMIT AGE since 1.33 (pkg/printers/internalversion/printers.go resourceQuotaColumnDefinitions)
  resourcequotas: cs(["NAME", "REQUEST", "LIMIT", "AGE"], (q, now) => [q.metadata.name, quotaCol(q, "request"), quotaCol(q, "limit"), age(now, q.metadata.creationTimestamp)]),
  limitranges: cs(["NAME", "CREATED AT"], (l) => [l.metadata.name, createdAt(l)]),
  poddisruptionbudgets: cs(["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"], (p, now) => [p.metadata.name, p.spec?.minAvailable !== undefined ? String(p.spec.minAvailable) : "N/A", p.spec?.maxUnavailable !== undefined ? String(p.spec.maxUnavailable) : "N/A", String(p.status?.disruptionsAllowed ?? 0), age(now, p.metadata.creationTimestamp)]),
  priorityclasses: cs(["NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"], (p, now) => [p.metadata.name, String(p.value ?? 0), String(p.globalDefault ?? false), age(now, p.metadata.creationTimestamp), p.preemptionPolicy ?? "PreemptLowerPriority"]),
  leases: cs(["NAME", "HOLDER", "AGE"], (l, now) => [l.metadata.name, l.spec?.holderIdentity ?? "", age(now, l.metadata.creationTimestamp)]),
  customresourcedefinitions: cs(["NAME", "CREATED AT"], (c) => [c.metadata.name, createdAt(c)]),
};

export const DEFAULT_COLUMNS: ColumnSet = cs(["NAME", "AGE"], (o, now) => [o.metadata?.name ?? "", age(now, o.metadata?.creationTimestamp)]);
