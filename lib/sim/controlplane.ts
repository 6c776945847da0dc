/**
 * The control plane as static Pods: whether kube-apiserver, etcd, kube-scheduler and
 * kube-controller-manager are serving follows the containers the control-plane node's kubelet
 * runs for their mirror Pods (label `tier=control-plane`, `component=<name>`, annotation
 * `kubernetes.io/config.source: file`). A manifest the caller found broken (a bad flag, a missing
 * certificate, a wrong port) is registered as a fault for its config hash: the container started
 * from it prints the component's own error and exits (or runs without serving), so the kubelet's
 * usual crash back-off, `kubectl logs` and `crictl` show it, and the component stays down.
 *
 * Effects while a component is down (what depends on what, as on a kubeadm node):
 * - etcd down -> the API server cannot serve (its storage is gone);
 * - API server down -> callers get "connection refused" (lib/kubectl), the scheduler and the
 *   controllers cannot list/watch, so they do nothing;
 * - kube-scheduler down -> new Pods stay Pending, with no FailedScheduling event (nobody tried);
 * - kube-controller-manager down -> the work queues of the controllers keep their keys (no
 *   ReplicaSets/Pods for new Deployments, no Endpoints updates) until it serves again.
 * State lives in `rt.cp` (plain data: part of snapshots and stateHash).
 */
import type { Kernel } from "./core";
import { activeLeader, electEtcdLeader, electionTick, etcdQuorum, haOf, lbBackends, RETRY_PERIOD_MS, type HaState } from "./ha";
import type { Obj } from "./util";

export const CONTROL_PLANE_COMPONENTS = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"] as const;
export type ControlPlaneComponent = (typeof CONTROL_PLANE_COMPONENTS)[number];

/** What a container started from a broken manifest does. */
export interface StaticPodFault {
  /** lines the component writes before it fails (stderr), as crictl/kubectl logs show them */
  log: string[];
  /** ms after the start when it exits; undefined = keeps running without serving */
  exitAfterMs?: number;
  exitCode?: number;
}

interface CpState {
  /** component -> why it is not serving ("starting", "exited", "removed", "fault") */
  down: Record<string, string>;
  /** kubernetes.io/config.hash -> fault of the containers started from that manifest */
  faults: Record<string, StaticPodFault>;
  /** an HA control plane (ha.ts): then `down` is keyed `<component>@<node>` */
  ha?: HaState;
}

/** The key of a component instance in `down`: per node in an HA control plane, else the component. */
function downKey(k: Kernel, name: string, node: string): string {
  return k.s.rt.cp?.ha ? `${name}@${node}` : name;
}

/**
 * Time from a control-plane container's start until it serves. The API server is the slow one
 * (it opens its storage and installs every API group before /readyz passes; on kubeadm nodes
 * that is typically 10–20 s); the others serve after leader election and informer sync.
 */
const READY_MS: Record<string, number> = { etcd: 2_000, "kube-apiserver": 15_000, "kube-controller-manager": 5_000, "kube-scheduler": 3_000 };

function cp(k: Kernel): CpState {
  return (k.s.rt.cp ??= { down: {}, faults: {} }) as CpState;
}

/** The component a Pod runs if it is a control-plane static Pod, else null. */
export function staticComponent(pod: Obj): ControlPlaneComponent | null {
  const m = pod.metadata;
  if (m?.namespace !== "kube-system" || m.annotations?.["kubernetes.io/config.source"] !== "file" || m.labels?.tier !== "control-plane") return null;
  const c = m.labels?.component;
  return (CONTROL_PLANE_COMPONENTS as readonly string[]).includes(c) ? (c as ControlPlaneComponent) : null;
}

/** Is the component's own process serving (not counting what it depends on)? In an HA control plane: its instance on `node`. */
export function componentRunning(k: Kernel, name: ControlPlaneComponent, node = "controlplane"): boolean {
  const d = k.s.rt.cp?.down;
  return !d || !d[downKey(k, name, node)];
}

/** Does the API server answer (its process serves and etcd is there)? */
export function apiServing(k: Kernel): boolean {
  const ha = haOf(k);
  if (ha) return lbBackends(k, ha).length > 0;
  const d = k.s.rt.cp?.down;
  return !d || (!d["kube-apiserver"] && !d.etcd);
}

/** Are the scheduler's binding calls possible? */
export function schedulerActive(k: Kernel): boolean {
  const ha = haOf(k);
  if (ha) return activeLeader(k, ha, "kube-scheduler") !== null;
  const d = k.s.rt.cp?.down;
  return !d || (!d["kube-scheduler"] && !d["kube-apiserver"] && !d.etcd);
}

/** Are the kube-controller-manager's reconcilers running? */
export function controllersActive(k: Kernel): boolean {
  const ha = haOf(k);
  if (ha) return activeLeader(k, ha, "kube-controller-manager") !== null;
  const d = k.s.rt.cp?.down;
  return !d || (!d["kube-controller-manager"] && !d["kube-apiserver"] && !d.etcd);
}

/** The fault registered for a static Pod's manifest, if any. */
export function staticPodFault(k: Kernel, pod: Obj): StaticPodFault | undefined {
  const h = pod.metadata?.annotations?.["kubernetes.io/config.hash"];
  return h ? k.s.rt.cp?.faults?.[h] : undefined;
}

/** Wiring: the timer that marks a started component as serving, and what to wake when one comes back. */
export class ControlPlane {
  constructor(
    private k: Kernel,
    private wake: (component: ControlPlaneComponent) => void,
  ) {
    k.onTimer("cp-ready", (key) => {
      const [name, uid, run] = key.split("|");
      const rt = k.s.rt.pods?.[uid];
      const c = rt && Object.values(rt.cs as Record<string, Obj>)[0];
      if (!c || c.state !== "running" || String(c.run) !== run) return;
      this.setDown(name as ControlPlaneComponent, null, rt.node);
    });
    k.onTimer("ha-elect", () => {
      const ha = haOf(k);
      if (!ha) return;
      for (const c of electionTick(k, ha)) this.wake(c);
      k.schedule(RETRY_PERIOD_MS, "ha-elect", "", false);
    });
  }

  /** Start an HA control plane's leader election (the ha preset's bootstrap). */
  startHa(ha: HaState): void {
    cp(this.k).ha = ha;
    this.k.schedule(RETRY_PERIOD_MS, "ha-elect", "", false);
  }

  /**
   * Power a control-plane node off (its kubelet and every container stop: its etcd member, API server and the
   * rest are gone) or back on (they serve again). Only in an HA control plane; false when nothing changed.
   */
  setPower(node: string, on: boolean): boolean {
    const ha = haOf(this.k);
    if (!ha || !ha.members.some((m) => m.node === node) || !ha.off[node] === on) return false;
    if (on) delete ha.off[node];
    else ha.off[node] = true;
    this.k.trace(`machine/${node}`, `machine/${node}`, on ? "power on" : "power off", `Node ${node}`, "");
    this.afterHaChange(on);
    return true;
  }

  /** After an instance changed in an HA control plane: a new etcd leader if needed, and wake what waited. */
  private afterHaChange(back: boolean): void {
    const ha = haOf(this.k);
    if (!ha) return;
    electEtcdLeader(this.k, ha);
    // something serves again: the scheduler and the controllers pick up what waited (if their leader can work)
    if (back && etcdQuorum(this.k, ha)) this.wake("kube-apiserver");
  }

  /** Register (or clear) the fault of the containers started from the manifest with this config hash. */
  setFault(hash: string, fault: StaticPodFault | null): void {
    const s = cp(this.k);
    if (fault) s.faults[hash] = { ...fault, log: [...fault.log] };
    else delete s.faults[hash];
  }

  /** The fault registered for a config hash (null: none). */
  fault(hash: string): StaticPodFault | null {
    const f = this.k.s.rt.cp?.faults?.[hash];
    return f ? { ...f, log: [...f.log] } : null;
  }

  /** Mark a component down (with why) or serving (null). */
  setDown(name: ControlPlaneComponent, why: string | null, node = "controlplane"): void {
    const s = cp(this.k);
    const key = downKey(this.k, name, node);
    const was = !!s.down[key];
    if (why) {
      if (!was) this.k.trace(`kubelet/${node}`, name, "stopped serving", "", why);
      s.down[key] = why;
      if (s.ha) this.afterHaChange(false);
      return;
    }
    if (!was) return;
    delete s.down[key];
    this.k.trace(`kubelet/${node}`, name, "serving", "");
    if (s.ha) this.afterHaChange(true);
    else this.wake(name);
  }

  /** Which components are down and why (empty when all serve). */
  status(): Record<string, string> {
    return { ...(this.k.s.rt.cp?.down ?? {}) };
  }

  /** kubelet hook: a container of a static Pod started (run = its run counter). */
  containerStarted(pod: Obj, run: number): void {
    const name = staticComponent(pod);
    if (!name) return;
    if (staticPodFault(this.k, pod)) {
      this.setDown(name, "fault", pod.spec.nodeName);
      return;
    }
    // A mirror Pod recreated for a container that keeps running changes nothing; a new one serves after its start-up.
    if (componentRunning(this.k, name, pod.spec.nodeName)) return;
    this.k.schedule(READY_MS[name], "cp-ready", `${name}|${pod.metadata.uid}|${run}`, true);
  }

  /** kubelet hook: a container of a static Pod exited. */
  containerExited(pod: Obj): void {
    const name = staticComponent(pod);
    if (name) this.setDown(name, "exited", pod.spec.nodeName);
  }

  /** kubelet hook: a Pod's runtime is gone. Only a static Pod whose manifest changed or went away stops the component. */
  podRemoved(pod: Obj): void {
    const name = staticComponent(pod);
    if (name && !pod.metadata.annotations?.["kubernetes.io/config.mirror"]) this.setDown(name, "removed", pod.spec.nodeName);
  }
}
