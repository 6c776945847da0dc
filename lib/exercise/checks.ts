// Grading: declarative checks evaluated on an attempt's final state, each failure explained
// from the actual state in Korean and English.
import { matchesSelector, parseSelectorString, type Obj } from "#lib/sim/index";
import { hostFsOf } from "#lib/kubectl/index";
import { jsonPathText } from "./jsonpath";
import { substitute, type Params } from "./params";
import { DEFAULT_SETTLE_SECONDS, type Check, type Localized } from "./schema";
import { podStatus, type ExerciseSession } from "./session";

/** What grading reads: a session, or one context of a mock exam (lib/exam) with the task as its exercise. */
export type Gradable = Pick<ExerciseSession, "exercise" | "params" | "cluster" | "shell">;

export type CheckResult = { id: string; title: Localized; passed: boolean; weight: number; explanation?: Localized };
export type GradeOutcome = { score: number; passed: boolean; checks: CheckResult[] };

const ADMIN = { user: "kubernetes-admin" };
const L = (ko: string, en: string): Localized => ({ ko, en });
const MAX_LIST = 5;

/** A JSONPath as a learner reads it: {.spec.ports[0].port} -> spec.ports[0].port */
function fieldName(path: string): string {
  return path.replace(/^\{\.?/, "").replace(/\}$/, "");
}

function few(xs: string[], n = MAX_LIST): string {
  return xs.length <= n ? xs.join(", ") : `${xs.slice(0, n).join(", ")}, … (+${xs.length - n})`;
}
function labelsText(l: Record<string, string> | undefined): string {
  const e = Object.entries(l ?? {});
  return e.length ? e.map(([k, v]) => `${k}=${v}`).join(",") : "(no labels)";
}
function short(s: string, n = 120): string {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > n ? t.slice(0, n) + "…" : t;
}

class Reader {
  constructor(private s: Gradable) {}
  get(resource: string, namespace: string | undefined, name: string): Obj | null {
    const r = this.s.cluster.get(resource, name, { ...ADMIN, ...(namespace ? { namespace } : {}) });
    return r.ok ? (r.object as Obj) : null;
  }
  list(resource: string, namespace?: string): Obj[] {
    const r = this.s.cluster.list(resource, { ...ADMIN, ...(namespace ? { namespace } : { allNamespaces: true }) });
    return r.ok ? (r.object as Obj[]) : [];
  }
  pods(namespace: string, selector: string): Obj[] {
    const sel = parseSelectorString(selector);
    if (!sel) return [];
    return this.list("pods", namespace).filter((p) => matchesSelector(sel, p.metadata.labels ?? {}));
  }
  events(namespace?: string): Obj[] {
    return this.list("events", namespace);
  }
}

function isReady(p: Obj): boolean {
  return !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some((c: Obj) => c.type === "Ready" && c.status === "True");
}

/** Why a pod is not Ready, in a few words, from its status and its latest warning event. */
function podWhy(r: Reader, p: Obj): string {
  const status = podStatus(p);
  const ev = r
    .events(p.metadata.namespace)
    .filter((e) => e.involvedObject?.name === p.metadata.name && e.type === "Warning")
    .sort((a, b) => String(a.lastTimestamp ?? "").localeCompare(String(b.lastTimestamp ?? "")))
    .pop();
  return ev ? `${p.metadata.name}: ${status} (${ev.reason}: ${short(ev.message ?? "", 140)})` : `${p.metadata.name}: ${status}`;
}

function resolveTargetPort(svcPort: Obj, pod: Obj): number | null {
  const tp = svcPort.targetPort ?? svcPort.port;
  if (typeof tp === "number") return tp;
  if (/^\d+$/.test(String(tp))) return Number(tp);
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === tp) return p.containerPort;
  return null;
}

function declaredPorts(pod: Obj): number[] {
  return (pod.spec?.containers ?? []).flatMap((c: Obj) => (c.ports ?? []).map((p: Obj) => p.containerPort as number));
}

type Eval = { passed: boolean; explanation?: Localized };

function evalObject(r: Reader, c: Extract<Check, { type: "object" }>): Eval {
  const o = r.get(c.resource, c.namespace, c.name);
  const where = c.namespace ? L(` (네임스페이스 ${c.namespace})`, ` in namespace ${c.namespace}`) : L("", "");
  if (c.absent) {
    return o ? { passed: false, explanation: L(`${c.resource} "${c.name}"${where.ko}이(가) 아직 있습니다.`, `${c.resource} "${c.name}" still exists${where.en}.`) } : { passed: true };
  }
  if (!o) {
    const others = r.list(c.resource, c.namespace).map((x) => x.metadata.name as string);
    const seen = others.length ? L(` 있는 것: ${few(others)}.`, ` Found: ${few(others)}.`) : L("", "");
    return { passed: false, explanation: L(`${c.resource} "${c.name}"이(가) 없습니다${where.ko}.${seen.ko}`, `${c.resource} "${c.name}" not found${where.en}.${seen.en}`) };
  }
  const ko: string[] = [];
  const en: string[] = [];
  for (const f of c.fields ?? []) {
    let v: string | null;
    try {
      v = jsonPathText(o, f.path);
    } catch {
      v = null;
    }
    const shown = v === null ? null : short(v, 80);
    const field = fieldName(f.path);
    if (f.absent) {
      if (v !== null) {
        ko.push(`${field}가 ${shown}로 설정되어 있습니다 (없어야 함)`);
        en.push(`${field} is ${shown} but should not be set`);
      }
      continue;
    }
    if (v === null) {
      ko.push(`${field}가 설정되어 있지 않습니다`);
      en.push(`${field} is not set`);
      continue;
    }
    if (f.equals !== undefined && v !== String(f.equals)) {
      ko.push(`${field}가 ${shown}입니다 (기대: ${f.equals})`);
      en.push(`${field} is ${shown}, expected ${f.equals}`);
    }
    if (f.contains !== undefined && !v.includes(String(f.contains))) {
      ko.push(`${field}(${shown})에 ${f.contains}가 없습니다`);
      en.push(`${field} (${shown}) does not contain ${f.contains}`);
    }
    if (f.matches !== undefined && !new RegExp(f.matches).test(v)) {
      ko.push(`${field}가 ${shown}입니다 (기대 형식: ${f.matches})`);
      en.push(`${field} is ${shown}, which does not match ${f.matches}`);
    }
  }
  if (!ko.length) return { passed: true };
  return { passed: false, explanation: L(`${o.kind} ${c.name}: ${ko.join("; ")}.`, `${o.kind} ${c.name}: ${en.join("; ")}.`) };
}

function podsInNamespaceByLabels(r: Reader, ns: string): string {
  const pods = r.list("pods", ns);
  if (!pods.length) return "";
  const groups = new Map<string, number>();
  for (const p of pods) groups.set(labelsText(p.metadata.labels), (groups.get(labelsText(p.metadata.labels)) ?? 0) + 1);
  return few([...groups].map(([l, n]) => (n > 1 ? `${l} (×${n})` : l)), 4);
}

function evalPodsReady(r: Reader, c: Extract<Check, { type: "pods-ready" }>): Eval {
  if (!parseSelectorString(c.selector)) return { passed: false, explanation: L(`잘못된 셀렉터 ${c.selector}`, `bad selector ${c.selector}`) };
  const pods = r.pods(c.namespace, c.selector).filter((p) => !p.metadata.deletionTimestamp);
  const ready = pods.filter(isReady);
  const want = c.count !== undefined ? Number(c.count) : c.min !== undefined ? Number(c.min) : 1;
  const exact = c.count !== undefined;
  if (!pods.length) {
    const labels = podsInNamespaceByLabels(r, c.namespace);
    return {
      passed: false,
      explanation: labels
        ? L(`네임스페이스 ${c.namespace}에 ${c.selector} 레이블의 파드가 없습니다. 있는 파드의 레이블: ${labels}.`, `No pod in namespace ${c.namespace} has labels ${c.selector}; the pods there are labelled ${labels}.`)
        : L(`네임스페이스 ${c.namespace}에 ${c.selector} 레이블의 파드가 없습니다.`, `No pod in namespace ${c.namespace} has labels ${c.selector}.`),
    };
  }
  const placement: string[] = [];
  if (c.node) for (const p of ready) if (p.spec?.nodeName !== c.node) placement.push(`${p.metadata.name} → ${p.spec?.nodeName}`);
  if (c.notNode) for (const p of ready) if (p.spec?.nodeName === c.notNode) placement.push(`${p.metadata.name} → ${p.spec?.nodeName}`);
  const countOk = exact ? ready.length === want && pods.length === want : ready.length >= want;
  if (countOk && !placement.length) return { passed: true };
  const notReady = pods.filter((p) => !isReady(p)).map((p) => podWhy(r, p));
  const parts = { ko: [] as string[], en: [] as string[] };
  parts.ko.push(`${c.selector} 파드 ${pods.length}개 중 ${ready.length}개가 Ready입니다 (기대: ${exact ? "" : "최소 "}${want}개)`);
  parts.en.push(`${ready.length} of ${pods.length} pods with ${c.selector} are Ready (expected ${exact ? "" : "at least "}${want})`);
  if (notReady.length) {
    parts.ko.push(`준비되지 않은 파드: ${few(notReady, 3)}`);
    parts.en.push(`not ready: ${few(notReady, 3)}`);
  }
  if (placement.length) {
    const where = c.node ? L(`${c.node}에 있어야 하는데`, `should run on ${c.node} but`) : L(`${c.notNode}에 있으면 안 되는데`, `must not run on ${c.notNode} but`);
    parts.ko.push(`${where.ko} ${few(placement, 3)}`);
    parts.en.push(`${where.en} ${few(placement, 3)}`);
  }
  return { passed: false, explanation: L(parts.ko.join("; ") + ".", parts.en.join("; ") + ".") };
}

function evalServiceRoutes(s: Gradable, r: Reader, c: Extract<Check, { type: "service-routes" }>): Eval {
  const svc = r.get("services", c.namespace, c.service);
  if (!svc) {
    const others = r.list("services", c.namespace).map((x) => x.metadata.name as string);
    return { passed: false, explanation: L(`네임스페이스 ${c.namespace}에 Service ${c.service}이(가) 없습니다${others.length ? ` (있는 것: ${few(others)})` : ""}.`, `Service ${c.service} not found in namespace ${c.namespace}${others.length ? ` (found: ${few(others)})` : ""}.`) };
  }
  const port = Number(c.port);
  const sp = (svc.spec?.ports ?? []).find((p: Obj) => p.port === port);
  if (!sp) {
    const ports = (svc.spec?.ports ?? []).map((p: Obj) => String(p.port));
    return { passed: false, explanation: L(`Service ${c.service}에 포트 ${port}가 없습니다 (포트: ${ports.join(", ") || "없음"}).`, `Service ${c.service} has no port ${port} (its ports: ${ports.join(", ") || "none"}).`) };
  }
  const sel = svc.spec?.selector as Record<string, string> | undefined;
  if (!sel || !Object.keys(sel).length) return { passed: false, explanation: L(`Service ${c.service}에 selector가 없어 어떤 파드도 고르지 않습니다.`, `Service ${c.service} has no selector, so it selects no pods.`) };
  const selText = labelsText(sel);
  const expected = c.selector ? r.pods(c.namespace, c.selector) : r.list("pods", c.namespace).filter((p) => matchesSelector({ matchLabels: sel }, p.metadata.labels ?? {}));
  const selected = r.list("pods", c.namespace).filter((p) => !p.metadata.deletionTimestamp && matchesSelector({ matchLabels: sel }, p.metadata.labels ?? {}));
  if (!selected.length) {
    const target = c.selector ? expected : r.list("pods", c.namespace);
    const labels = [...new Set(target.map((p) => labelsText(p.metadata.labels)))];
    return {
      passed: false,
      explanation: labels.length
        ? L(`Service ${c.service}는 ${selText}를 고르지만 파드의 레이블은 ${few(labels, 3)}입니다.`, `Service ${c.service} selects ${selText} but the pods are labelled ${few(labels, 3)}.`)
        : L(`Service ${c.service}는 ${selText}를 고르지만 네임스페이스 ${c.namespace}에 파드가 없습니다.`, `Service ${c.service} selects ${selText} but there are no pods in namespace ${c.namespace}.`),
    };
  }
  if (c.selector) {
    const want = new Set(expected.map((p) => p.metadata.name));
    const extra = selected.filter((p) => !want.has(p.metadata.name)).map((p) => p.metadata.name as string);
    const missing = expected.filter((p) => !selected.some((q) => q.metadata.name === p.metadata.name)).map((p) => p.metadata.name as string);
    if (!expected.length) return { passed: false, explanation: L(`${c.selector} 레이블의 파드가 없습니다.`, `There are no pods with labels ${c.selector}.`) };
    if (missing.length) return { passed: false, explanation: L(`Service ${c.service}(${selText})가 ${few(missing, 3)}를 고르지 않습니다.`, `Service ${c.service} (${selText}) does not select ${few(missing, 3)}.`) };
    if (extra.length) return { passed: false, explanation: L(`Service ${c.service}(${selText})가 다른 파드도 고릅니다: ${few(extra, 3)}.`, `Service ${c.service} (${selText}) also selects other pods: ${few(extra, 3)}.`) };
  }
  const readyPods = selected.filter(isReady);
  if (!readyPods.length) {
    const why = selected.map((p) => podWhy(r, p));
    return { passed: false, explanation: L(`Service ${c.service}가 고른 파드 중 Ready인 것이 없어 엔드포인트가 비어 있습니다: ${few(why, 3)}.`, `None of the pods Service ${c.service} selects is Ready, so it has no endpoints: ${few(why, 3)}.`) };
  }
  // Does the target port reach a listening process? Ask the network from a node (graded on a restored copy).
  const pod = readyPods[0];
  const tp = resolveTargetPort(sp, pod);
  if (tp === null) return { passed: false, explanation: L(`Service ${c.service}의 targetPort "${sp.targetPort}"라는 이름의 컨테이너 포트가 ${pod.metadata.name}에 없습니다.`, `Service ${c.service} targets port "${sp.targetPort}" but pod ${pod.metadata.name} has no container port with that name.`) };
  const node = pod.spec?.nodeName;
  const res = s.cluster.curl(node ? { node } : {}, `http://${pod.status?.podIP}:${tp}/`);
  if (!res.ok) {
    const declared = declaredPorts(pod);
    return {
      passed: false,
      explanation: L(
        `Service ${c.service}의 targetPort는 ${tp}인데 파드 ${pod.metadata.name}의 컨테이너는 그 포트에서 듣지 않습니다${declared.length ? ` (선언된 containerPort: ${declared.join(", ")})` : ""}.`,
        `Service ${c.service} has targetPort ${tp} but the container of pod ${pod.metadata.name} does not listen there${declared.length ? ` (declared containerPort: ${declared.join(", ")})` : ""}.`,
      ),
    };
  }
  const ep = r.get("endpoints", c.namespace, c.service);
  const ips = new Set<string>();
  for (const sub of ep?.subsets ?? []) for (const a of sub.addresses ?? []) ips.add(a.ip);
  const missing = readyPods.filter((p) => !ips.has(p.status?.podIP)).map((p) => p.metadata.name as string);
  if (!ips.size || missing.length) return { passed: false, explanation: L(`Service ${c.service}의 엔드포인트에 Ready 파드가 빠져 있습니다: ${few(missing, 3)}.`, `Service ${c.service}'s endpoints miss Ready pods: ${few(missing, 3)}.`) };
  return { passed: true };
}

function evalCurl(s: Gradable, c: Extract<Check, { type: "curl" }>): Eval {
  const node = c.from.startsWith("node:") ? c.from.slice(5) : null;
  const pod = c.from.startsWith("pod:") ? c.from.slice(4) : null;
  const from = node ? { node } : pod ? { pod } : {};
  const fromText = node ? L(`노드 ${node}`, `node ${node}`) : pod ? L(`파드 ${pod}`, `pod ${pod}`) : L("클러스터 밖", "outside the cluster");
  const res = s.cluster.curl(from, c.url);
  if (!res.ok) {
    const err = short(res.error ?? "connection failed", 160);
    return { passed: false, explanation: L(`${fromText.ko}에서 ${c.url}로 연결하지 못했습니다: ${err}`, `From ${fromText.en}, ${c.url} could not be reached: ${err}`) };
  }
  if (c.status !== undefined && res.code !== Number(c.status)) {
    return { passed: false, explanation: L(`${fromText.ko}에서 ${c.url}의 응답이 ${res.code}입니다 (기대: ${c.status}). 본문: ${short(res.body, 80)}`, `From ${fromText.en}, ${c.url} answered ${res.code} (expected ${c.status}). Body: ${short(res.body, 80)}`) };
  }
  if (c.bodyContains !== undefined && !res.body.includes(c.bodyContains)) {
    return { passed: false, explanation: L(`${fromText.ko}에서 ${c.url}의 응답에 "${c.bodyContains}"가 없습니다. 받은 본문: ${short(res.body, 80)}`, `From ${fromText.en}, the answer of ${c.url} does not contain "${c.bodyContains}". Got: ${short(res.body, 80)}`) };
  }
  return { passed: true };
}

function evalEvent(r: Reader, c: Extract<Check, { type: "event" }>): Eval {
  const evs = r.events(c.namespace);
  const hit = evs.some(
    (e) =>
      e.reason === c.reason &&
      (!c.kind || e.involvedObject?.kind === c.kind) &&
      (!c.name || String(e.involvedObject?.name ?? "").startsWith(c.name)) &&
      (!c.messageContains || String(e.message ?? "").includes(c.messageContains)),
  );
  if (hit) return { passed: true };
  const what = `${c.reason}${c.kind || c.name ? ` (${[c.kind, c.name].filter(Boolean).join(" ")})` : ""}`;
  const seen = [...new Set(evs.filter((e) => !c.name || String(e.involvedObject?.name ?? "").startsWith(c.name)).map((e) => e.reason as string))];
  return { passed: false, explanation: L(`${what} 이벤트가 없습니다${seen.length ? ` (있는 이벤트: ${few(seen)})` : ""}.`, `No ${what} event happened${seen.length ? ` (events seen: ${few(seen)})` : ""}.`) };
}

function evalRolloutUndone(r: Reader, c: Extract<Check, { type: "rollout-undone" }>): Eval {
  const d = r.get("deployments", c.namespace, c.deployment);
  if (!d) return { passed: false, explanation: L(`Deployment ${c.deployment}이(가) 없습니다.`, `Deployment ${c.deployment} not found.`) };
  const rev = d.metadata.annotations?.["deployment.kubernetes.io/revision"];
  const rss = r.list("replicasets", c.namespace).filter((x) => (x.metadata.ownerReferences ?? []).some((o: Obj) => o.uid === d.metadata.uid));
  const cur = rss.find((x) => x.metadata.annotations?.["deployment.kubernetes.io/revision"] === rev);
  const images = (d.spec.template.spec.containers as Obj[]).map((x) => x.image as string);
  if (!images.includes(c.image)) return { passed: false, explanation: L(`Deployment ${c.deployment}의 이미지가 ${images.join(", ")}입니다 (되돌린 뒤 기대: ${c.image}).`, `Deployment ${c.deployment} runs ${images.join(", ")} (after the undo it should run ${c.image}).`) };
  const history = cur?.metadata.annotations?.["deployment.kubernetes.io/revision-history"];
  if (!cur || !history) return { passed: false, explanation: L(`Deployment ${c.deployment}의 현재 리비전 ${rev ?? "?"}은(는) 이전 리비전을 되살린 것이 아닙니다 (kubectl rollout undo를 쓰세요).`, `Deployment ${c.deployment}'s current revision ${rev ?? "?"} is not an earlier revision brought back (use kubectl rollout undo).`) };
  const want = d.spec.replicas ?? 1;
  const st = d.status ?? {};
  if ((st.updatedReplicas ?? 0) < want || (st.availableReplicas ?? 0) < want || (st.replicas ?? 0) > want) {
    return { passed: false, explanation: L(`롤백이 아직 끝나지 않았습니다: ${st.updatedReplicas ?? 0}/${want} updated, ${st.availableReplicas ?? 0} available.`, `The rollback has not finished: ${st.updatedReplicas ?? 0}/${want} updated, ${st.availableReplicas ?? 0} available.`) };
  }
  return { passed: true };
}

function evalSecretMounted(r: Reader, c: Extract<Check, { type: "secret-mounted" }>): Eval {
  const pods = r.pods(c.namespace, c.selector).filter((p) => !p.metadata.deletionTimestamp);
  if (!pods.length) return { passed: false, explanation: L(`${c.selector} 레이블의 파드가 없습니다.`, `There are no pods with labels ${c.selector}.`) };
  for (const p of pods) {
    const vols = (p.spec.volumes ?? []).filter((v: Obj) => v.secret?.secretName === c.secret).map((v: Obj) => v.name as string);
    const mounts = (p.spec.containers as Obj[]).flatMap((x) => (x.volumeMounts ?? []).filter((m: Obj) => vols.includes(m.name)));
    if (!vols.length || !mounts.length) return { passed: false, explanation: L(`파드 ${p.metadata.name}가 Secret ${c.secret}을(를) 볼륨으로 마운트하지 않습니다.`, `Pod ${p.metadata.name} does not mount Secret ${c.secret} as a volume.`) };
    if (c.mountPath && !mounts.some((m: Obj) => m.mountPath === c.mountPath)) {
      return { passed: false, explanation: L(`파드 ${p.metadata.name}가 Secret ${c.secret}을(를) ${mounts.map((m: Obj) => m.mountPath).join(", ")}에 마운트합니다 (기대: ${c.mountPath}).`, `Pod ${p.metadata.name} mounts Secret ${c.secret} at ${mounts.map((m: Obj) => m.mountPath).join(", ")}, expected ${c.mountPath}.`) };
    }
    if (c.notInEnv) {
      for (const x of p.spec.containers as Obj[]) {
        const env = (x.env ?? []).filter((e: Obj) => e.valueFrom?.secretKeyRef?.name === c.secret).map((e: Obj) => e.name as string);
        const from = (x.envFrom ?? []).some((e: Obj) => e.secretRef?.name === c.secret);
        if (env.length || from) {
          const how = from ? "envFrom" : `env ${env.join(", ")}`;
          return { passed: false, explanation: L(`컨테이너 ${x.name}(파드 ${p.metadata.name})가 Secret ${c.secret}을(를) 환경 변수로도 받습니다 (${how}).`, `Container ${x.name} of pod ${p.metadata.name} also takes Secret ${c.secret} through the environment (${how}).`) };
        }
      }
    }
  }
  return { passed: true };
}

function evalNodeCordoned(r: Reader, c: Extract<Check, { type: "node-cordoned" }>): Eval {
  const n = r.get("nodes", undefined, c.node);
  if (!n) return { passed: false, explanation: L(`노드 ${c.node}이(가) 없습니다.`, `Node ${c.node} not found.`) };
  const cordoned = !!n.spec?.unschedulable;
  if (cordoned === c.cordoned) return { passed: true };
  return { passed: false, explanation: cordoned ? L(`노드 ${c.node}이(가) 아직 cordon 상태(SchedulingDisabled)입니다.`, `Node ${c.node} is still cordoned (SchedulingDisabled).`) : L(`노드 ${c.node}에 새 파드가 아직 스케줄될 수 있습니다 (cordon되지 않음).`, `Node ${c.node} still accepts new pods (it is not cordoned).`) };
}

function evalNodeReady(r: Reader, c: Extract<Check, { type: "node-ready" }>): Eval {
  const n = r.get("nodes", undefined, c.node);
  if (!n) return { passed: false, explanation: L(`노드 ${c.node}이(가) 없습니다.`, `Node ${c.node} not found.`) };
  const cond = (n.status?.conditions ?? []).find((x: Obj) => x.type === "Ready");
  if (cond?.status === "True") return { passed: true };
  const msg = short(`${cond?.reason ?? ""} ${cond?.message ?? ""}`, 120);
  return { passed: false, explanation: L(`노드 ${c.node}이(가) Ready가 아닙니다 (${cond?.status ?? "Unknown"}: ${msg}).`, `Node ${c.node} is not Ready (${cond?.status ?? "Unknown"}: ${msg}).`) };
}

function evalFile(s: Gradable, c: Extract<Check, { type: "file" }>): Eval {
  const st = s.shell.state;
  const path = c.path.startsWith("/") ? c.path : `${st.home}/${c.path}`;
  // every host has its own disk (lib/kubectl/shell/host-fs.ts); one the learner never reached has only its seeded files
  const fs = c.host ? hostFsOf(st, s.shell.cluster(), c.host, false)?.fs : (st.hosts.get(st.homeKey)?.fs ?? st.fs);
  const f = fs ? fs.read(path) : null;
  const on = c.host ? { ko: ` (${c.host})`, en: ` on ${c.host}` } : { ko: "", en: "" };
  if (!f?.ok) return { passed: false, explanation: L(`파일 ${path}이(가) 없습니다${on.ko}.`, `File ${path} does not exist${on.en}.`) };
  const text = f.value;
  if (c.contains !== undefined && !text.includes(c.contains)) return { passed: false, explanation: L(`파일 ${path}에 "${short(c.contains, 60)}"가 없습니다.`, `File ${path} does not contain "${short(c.contains, 60)}".`) };
  if (c.matches !== undefined && !new RegExp(c.matches, "m").test(text)) return { passed: false, explanation: L(`파일 ${path}의 내용이 기대한 형식이 아닙니다: ${short(text, 80)}`, `File ${path} does not have the expected content: ${short(text, 80)}`) };
  // etcdctl writes a one-line "# etcd snapshot (simulated)" header before the data (lib/kubectl/etcd/etcdctl.ts).
  const data = text.startsWith("# etcd snapshot") ? text.slice(text.indexOf("\n") + 1) : text;
  if (c.snapshot && !s.shell.cluster().etcd?.snapshotInfo(data)) return { passed: false, explanation: L(`${path}은(는) 올바른 etcd 스냅샷이 아닙니다 (etcdutl snapshot status로 확인해 보세요).`, `${path} is not a valid etcd snapshot (try etcdutl snapshot status).`) };
  return { passed: true };
}

function evalImage(r: Reader, c: Extract<Check, { type: "image" }>): Eval {
  const pods = r.pods(c.namespace, c.selector).filter((p) => !p.metadata.deletionTimestamp);
  if (!pods.length) return { passed: false, explanation: L(`${c.selector} 레이블의 파드가 없습니다.`, `There are no pods with labels ${c.selector}.`) };
  for (const p of pods) {
    const wrong = (p.spec.containers as Obj[]).filter((x) => x.image !== c.image).map((x) => `${x.name}=${x.image}`);
    if (wrong.length) return { passed: false, explanation: L(`파드 ${p.metadata.name}가 ${few(wrong, 2)}를 실행합니다 (기대: ${c.image}).`, `Pod ${p.metadata.name} runs ${few(wrong, 2)} (expected ${c.image}).`) };
    const pull = (p.status?.containerStatuses ?? []).find((x: Obj) => ["ErrImagePull", "ImagePullBackOff", "InvalidImageName"].includes(x.state?.waiting?.reason));
    if (pull) return { passed: false, explanation: L(`파드 ${p.metadata.name}: ${pull.state.waiting.reason} (${short(pull.state.waiting.message ?? "", 100)}).`, `Pod ${p.metadata.name}: ${pull.state.waiting.reason} (${short(pull.state.waiting.message ?? "", 100)}).`) };
  }
  return { passed: true };
}

function evalCheck(s: Gradable, r: Reader, c: Check): Eval {
  switch (c.type) {
    case "object": return evalObject(r, c);
    case "pods-ready": return evalPodsReady(r, c);
    case "service-routes": return evalServiceRoutes(s, r, c);
    case "curl": return evalCurl(s, c);
    case "event": return evalEvent(r, c);
    case "rollout-undone": return evalRolloutUndone(r, c);
    case "secret-mounted": return evalSecretMounted(r, c);
    case "node-cordoned": return evalNodeCordoned(r, c);
    case "node-ready": return evalNodeReady(r, c);
    case "file": return evalFile(s, c);
    case "image": return evalImage(r, c);
  }
}

/** Grade a session by its exercise's checks. The session's state is left exactly as it was. */
export function grade(s: Gradable, params: Params = s.params): GradeOutcome {
  const checks = substitute(s.exercise.checks, params);
  const probes = checks.some((c) => c.type === "curl" || c.type === "service-routes");
  const settleMs = (s.exercise.settle ?? DEFAULT_SETTLE_SECONDS) * 1000;
  // The checks see the cluster settled (the exercise's `settle`: learner sessions run in real time) and
  // traffic from checks touches runtime counters and the trace: grade on the live cluster, then put it back.
  const snap = probes || settleMs > 0 ? s.cluster.snapshot() : null;
  const r = new Reader(s);
  const results: CheckResult[] = [];
  try {
    if (settleMs > 0) s.cluster.runUntilIdle({ maxMs: settleMs });
    for (const c of checks) {
      let e: Eval;
      try {
        e = evalCheck(s, r, c);
      } catch (err) {
        e = { passed: false, explanation: L(`검사를 실행하지 못했습니다: ${(err as Error).message}`, `The check could not run: ${(err as Error).message}`) };
      }
      const explanation = e.passed ? undefined : c.explain && e.explanation ? L(`${e.explanation.ko} ${c.explain.ko}`, `${e.explanation.en} ${c.explain.en}`) : (e.explanation ?? c.explain);
      results.push({ id: c.id, title: c.title, passed: e.passed, weight: c.weight, ...(explanation ? { explanation } : {}) });
    }
  } finally {
    if (snap) s.cluster.restore(snap);
  }
  const total = results.reduce((a, x) => a + x.weight, 0);
  const got = results.filter((x) => x.passed).reduce((a, x) => a + x.weight, 0);
  return { score: total ? Math.round((got / total) * 100) : 0, passed: results.every((x) => x.passed), checks: results };
}
