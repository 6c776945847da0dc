/**
 * What the container runtime (containerd, through the CRI) reports for one node: pod sandboxes and
 * containers, including the last exited container of each one that restarted, as `crictl pods` /
 * `crictl ps -a` list them. Derived from the kubelet's runtime state (read-only; ids are hashes of
 * the pod uid, container name and attempt, so they are stable across snapshots).
 */
import type { Kernel } from "./core";
import type { Obj } from "./util";

export interface CriContainer {
  id: string;
  podSandboxId: string;
  name: string;
  /** the image reference the pod asked for */
  image: string;
  /** the image id (sha256:…) */
  imageRef: string;
  state: "CONTAINER_RUNNING" | "CONTAINER_EXITED" | "CONTAINER_CREATED";
  /** virtual ms */
  createdAt: number;
  startedAt: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
  attempt: number;
  podName: string;
  podNamespace: string;
  podUid: string;
  /** true when this is an earlier attempt than the container's current one (logs --previous) */
  previous: boolean;
}

export interface CriSandbox {
  id: string;
  name: string;
  namespace: string;
  uid: string;
  createdAt: number;
  state: "SANDBOX_READY" | "SANDBOX_NOTREADY";
  attempt: number;
}

/** 64 hex digits from a string (FNV-1a seeded per round, then murmur3's finaliser; ids only need to be stable and distinct). */
export function hexId(s: string): string {
  let out = "";
  for (let round = 0; out.length < 64; round++) {
    let h = (0x811c9dc5 ^ Math.imul(round + 1, 0x9e3779b1)) >>> 0;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
    out += (h >>> 0).toString(16).padStart(8, "0");
  }
  return out.slice(0, 64);
}

function imageId(c: Obj, image: string): string {
  const digest = /@sha256:([0-9a-f]+)/.exec(c.imageID ?? "")?.[1];
  return `sha256:${(digest ?? hexId(image)).padEnd(64, "0").slice(0, 64)}`;
}

/** Sandboxes and containers on a node (sorted newest first, as crictl prints them). */
export function criView(k: Kernel, node: string): { sandboxes: CriSandbox[]; containers: CriContainer[] } {
  const sandboxes: CriSandbox[] = [];
  const containers: CriContainer[] = [];
  const pods = (k.s.rt.pods ?? {}) as Record<string, Obj>;
  for (const uid of Object.keys(k.s.rt.nodePods?.[node] ?? {})) {
    const pr = pods[uid];
    if (!pr) continue;
    const pod = k.get("pods", pr.ns, pr.name);
    const live = pod && pod.metadata.uid === uid ? pod : undefined;
    const sandboxId = hexId(`sandbox/${uid}`);
    const terminal = live?.status?.phase === "Succeeded" || live?.status?.phase === "Failed";
    sandboxes.push({ id: sandboxId, name: pr.name, namespace: pr.ns, uid, createdAt: pr.startTime, state: live && !live.metadata.deletionTimestamp && !terminal ? "SANDBOX_READY" : "SANDBOX_NOTREADY", attempt: 0 });
    const specs: Obj[] = live ? [...(live.spec.initContainers ?? []), ...live.spec.containers] : [];
    for (const c of Object.values(pr.cs as Record<string, Obj>)) {
      const spec = specs.find((s) => s.name === c.name);
      const image = spec?.image ?? "";
      const base = { podSandboxId: sandboxId, name: c.name, image, imageRef: imageId(c, image), podName: pr.name, podNamespace: pr.ns, podUid: uid };
      const cur = c.restartCount as number;
      if (c.state === "running" || c.state === "terminated") {
        containers.push({
          ...base, id: hexId(`${uid}/${c.name}/${cur}`), attempt: cur, previous: false,
          state: c.state === "running" ? "CONTAINER_RUNNING" : "CONTAINER_EXITED",
          createdAt: c.startedAt ?? pr.startTime, startedAt: c.startedAt ?? pr.startTime,
          ...(c.state === "terminated" ? { finishedAt: c.finishedAt, exitCode: c.exitCode ?? 0, reason: c.reason } : {}),
        });
      }
      if (c.last) {
        // the exited container of the previous attempt (still listed until the kubelet removes it)
        const attempt = c.state === "waiting" ? cur : cur - 1;
        if (attempt >= 0 && !(c.state === "terminated")) {
          containers.push({
            ...base, id: hexId(`${uid}/${c.name}/${attempt}`), attempt, previous: c.state !== "waiting",
            state: "CONTAINER_EXITED", createdAt: c.last.startedAt, startedAt: c.last.startedAt, finishedAt: c.last.finishedAt, exitCode: c.last.exitCode, reason: c.last.reason,
          });
        }
      }
    }
  }
  sandboxes.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
  containers.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
  return { sandboxes, containers };
}
