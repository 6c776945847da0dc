/**
 * ComponentStatus (v1, deprecated in 1.19, still served): not stored but computed on each request by
 * pkg/registry/core/componentstatus/rest.go. The API server probes the controller manager and the
 * scheduler on its own host (https://127.0.0.1:10257/healthz and :10259, HttpServer.DoServerCheck through
 * the HTTP prober, which turns a connection error into a Failure whose message is the error text) and
 * each etcd server it stores in (EtcdServer.DoServerCheck: "ok"). Healthy condition: True with message
 * "ok", else False with the prober's message. Items come back in goroutine order; kubeadm clusters
 * usually print scheduler, controller-manager, etcd-0, the order used here.
 */
import type { Kernel } from "../core";
import type { Obj } from "../util";

const PROBES: [name: string, component: string, port: number][] = [
  ["scheduler", "kube-scheduler", 10259],
  ["controller-manager", "kube-controller-manager", 10257],
];

/**
 * Is this component down on the API server's host? `rt.cp.down` (controlplane.ts) is keyed by component,
 * or `<component>@<node>` in an HA control plane, where the first control-plane node's instance answers.
 */
function downOnHost(k: Kernel, component: string): boolean {
  const down = ((k.s.rt as Obj).cp?.down ?? {}) as Record<string, string>;
  if (component in down) return true;
  const instances = Object.keys(down).filter((key) => key.startsWith(`${component}@`));
  if (!instances.length) return false;
  const first = k.list("nodes").filter((n) => n.metadata.labels?.["node-role.kubernetes.io/control-plane"] !== undefined).map((n) => n.metadata.name).sort()[0];
  return instances.includes(`${component}@${first}`);
}

/** The ComponentStatus objects as the API server computes them now. */
export function componentStatuses(k: Kernel): Obj[] {
  const items = PROBES.map(([name, component, port]) => {
    const healthy = !downOnHost(k, component);
    const url = `https://127.0.0.1:${port}/healthz`;
    const condition = healthy
      ? { type: "Healthy", status: "True", message: "ok" }
      : { type: "Healthy", status: "False", message: `Get "${url}": dial tcp 127.0.0.1:${port}: connect: connection refused` };
    return { name, condition };
  });
  // etcd: when it is down the API server does not answer at all, so a reply always finds it healthy
  items.push({ name: "etcd-0", condition: { type: "Healthy", status: "True", message: "ok" } });
  return items.map(({ name, condition }) => ({ kind: "ComponentStatus", apiVersion: "v1", metadata: { name }, conditions: [condition] }));
}
