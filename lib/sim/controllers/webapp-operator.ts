/**
 * A small operator for the lessons (the operator pattern: a custom resource + a controller that
 * reconciles it). `WebApp` (webapps.demo.kubeclass.dev/v1: spec.image, spec.replicas, spec.port)
 * becomes a Deployment and a ClusterIP Service of the same name, owned by the WebApp (so the
 * garbage collector removes them with it), and the operator writes `status` back
 * (observedGeneration, availableReplicas, phase Progressing/Ready, url). Drift is repaired: a
 * deleted or edited child is put back on the next reconcile.
 *
 * Like a real operator it only works while it runs: its Deployment `webapp-operator` in the
 * namespace `webapp-system` (applied by the learner from the install manifest, with the CRD)
 * must have an available replica. Until then WebApps are stored but nothing happens; when it
 * becomes available it lists every WebApp and reconciles them.
 */
import type { ImageSpec } from "../images";
import { clone, deepEqual, type Obj } from "../util";
import { controllerOf, ownerRef, splitKey, type Ctx } from "./common";

export const WEBAPP_GROUP = "demo.kubeclass.dev";
export const WEBAPP_RESOURCE = "webapps";
export const OPERATOR_NAMESPACE = "webapp-system";
export const OPERATOR_DEPLOYMENT = "webapp-operator";
const FROM = "webapp-operator";

/** Is the operator's Deployment running (an available replica)? */
export function operatorRunning(ctx: Ctx): boolean {
  const d = ctx.k.get("deployments", OPERATOR_NAMESPACE, OPERATOR_DEPLOYMENT);
  return !!d && !d.metadata.deletionTimestamp && (d.status?.availableReplicas ?? 0) >= 1;
}

const isWebApp = (o: Obj) => o.apiVersion?.startsWith(`${WEBAPP_GROUP}/`) && o.kind === "WebApp";

/** Wire the operator's watches; returns its sync function ("webapp" work queue). */
export function registerWebAppOperator(ctx: Ctx): (key: string) => void {
  const { k } = ctx;
  k.on(WEBAPP_RESOURCE, (t, o) => {
    if (t !== "DELETED" && isWebApp(o)) k.enqueue("webapp", `${o.metadata.namespace}/${o.metadata.name}`, 200);
  });
  const child = (_t: string, o: Obj) => {
    const owner = controllerOf(o);
    if (owner?.kind === "WebApp" && owner.apiVersion?.startsWith(`${WEBAPP_GROUP}/`)) k.enqueue("webapp", `${o.metadata.namespace}/${owner.name}`, 200);
  };
  k.on("deployments", (t, d, old) => {
    child(t, d);
    if (d.metadata.namespace !== OPERATOR_NAMESPACE || d.metadata.name !== OPERATOR_DEPLOYMENT) return;
    const was = (old?.status?.availableReplicas ?? 0) >= 1 && t !== "ADDED";
    // the operator just started: its informers list every WebApp
    if (!was && operatorRunning(ctx)) {
      k.trace(FROM, "kube-apiserver", "list", "WebApp", "operator started: list and watch webapps");
      for (const o of k.list(WEBAPP_RESOURCE)) if (isWebApp(o)) k.enqueue("webapp", `${o.metadata.namespace}/${o.metadata.name}`, 500);
    }
  });
  k.on("services", child);
  return (key) => syncWebApp(ctx, key);
}

function desiredDeployment(wa: Obj): Obj {
  const { name, namespace } = wa.metadata;
  const labels = { app: name, "app.kubernetes.io/managed-by": FROM };
  return {
    apiVersion: "apps/v1", kind: "Deployment",
    metadata: { name, namespace, labels, ownerReferences: [ownerRef(wa)] },
    spec: {
      replicas: wa.spec?.replicas ?? 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "web", image: wa.spec?.image, ports: [{ containerPort: wa.spec?.port ?? 80 }] }] } },
    },
  };
}

function desiredService(wa: Obj): Obj {
  const { name, namespace } = wa.metadata;
  const port = wa.spec?.port ?? 80;
  return {
    apiVersion: "v1", kind: "Service",
    metadata: { name, namespace, labels: { app: name, "app.kubernetes.io/managed-by": FROM }, ownerReferences: [ownerRef(wa)] },
    spec: { selector: { app: name }, ports: [{ name: "http", port, targetPort: port, protocol: "TCP" }] },
  };
}

/** Reconcile one WebApp. */
export function syncWebApp(ctx: Ctx, key: string): void {
  const { k, api } = ctx;
  if (!operatorRunning(ctx)) return;
  const [ns, name] = splitKey(key);
  const wa = k.get(WEBAPP_RESOURCE, ns, name);
  if (!wa || !isWebApp(wa) || wa.metadata.deletionTimestamp) return;
  const opts = { namespace: ns, from: FROM };
  let problem = "";
  const want = desiredDeployment(wa);
  const dep = k.get("deployments", ns, name);
  if (!dep) {
    const r = api.create(want, opts);
    if (r.ok) k.event(wa, "Normal", "Created", `Created Deployment ${name}`, FROM);
    else problem = r.status.message;
  } else if (controllerOf(dep)?.uid !== wa.metadata.uid) {
    problem = `Deployment ${name} already exists and is not owned by this WebApp`;
  } else {
    const c = dep.spec.template.spec.containers.find((x: Obj) => x.name === "web");
    const same = dep.spec.replicas === want.spec.replicas && c?.image === wa.spec?.image && deepEqual(c?.ports?.map((p: Obj) => p.containerPort), [wa.spec?.port ?? 80]);
    if (!same) {
      const r = api.patch("deployments", name, { spec: { replicas: want.spec.replicas, template: { spec: { containers: want.spec.template.spec.containers } } } }, "strategic", opts);
      if (r.ok) k.event(wa, "Normal", "Updated", `Updated Deployment ${name}`, FROM);
      else problem = r.status.message;
    }
  }
  const svcWant = desiredService(wa);
  const svc = k.get("services", ns, name);
  if (!svc) {
    const r = api.create(svcWant, opts);
    if (r.ok) k.event(wa, "Normal", "Created", `Created Service ${name}`, FROM);
    else problem ||= r.status.message;
  } else if (controllerOf(svc)?.uid !== wa.metadata.uid) {
    problem ||= `Service ${name} already exists and is not owned by this WebApp`;
  } else if (!deepEqual(svc.spec.ports?.map((p: Obj) => [p.port, p.targetPort]), [[svcWant.spec.ports[0].port, svcWant.spec.ports[0].targetPort]])) {
    const r = api.patch("services", name, { spec: { ports: svcWant.spec.ports } }, "merge", opts);
    if (!r.ok) problem ||= r.status.message;
  }
  const cur = k.get("deployments", ns, name);
  const owned = cur && controllerOf(cur)?.uid === wa.metadata.uid;
  const available = owned ? (cur.status?.availableReplicas ?? 0) : 0;
  const replicas = wa.spec?.replicas ?? 1;
  const status: Obj = {
    observedGeneration: wa.metadata.generation,
    availableReplicas: available,
    phase: problem ? "Error" : available >= replicas && cur?.status?.updatedReplicas === replicas ? "Ready" : "Progressing",
    url: `http://${name}.${ns}.svc.cluster.local:${wa.spec?.port ?? 80}`,
    ...(problem ? { message: problem } : {}),
  };
  if (problem && wa.status?.message !== problem) k.event(wa, "Warning", "ReconcileError", problem, FROM);
  if (!deepEqual(wa.status ?? null, status)) {
    const next = clone(wa);
    next.status = status;
    api.writeStatus(next, FROM);
  }
}

/** The operator's image (give it to a cluster with `images`, as lessons and exam tasks do with `start.images`). */
export const WEBAPP_OPERATOR_IMAGE: ImageSpec = {
  repo: "kubeclass/webapp-operator", tags: ["v1"], sizeBytes: 24_000_000, cmd: ["/manager"], kind: "server", ports: [8080],
  startupMs: 500, memBytes: 20 * 1024 * 1024, cpuMilli: 2,
  startLog: [
    'INFO\tstarting manager\t{"version": "v1"}',
    'INFO\tStarting EventSource\t{"controller": "webapp", "controllerGroup": "demo.kubeclass.dev", "controllerKind": "WebApp"}',
    'INFO\tStarting Controller\t{"controller": "webapp", "controllerGroup": "demo.kubeclass.dev", "controllerKind": "WebApp"}',
    'INFO\tStarting workers\t{"controller": "webapp", "worker count": 1}',
  ],
};
