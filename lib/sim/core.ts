/**
 * The simulator kernel: virtual clock, deterministic event queue, seeded PRNG, the etcd-like
 * versioned store with watches, the flow trace and Kubernetes Events. All mutable state lives
 * in `SimState` (plain data) so snapshot/restore and stateHash are exact.
 */
import { clone, isoTime, prngNext, randomSuffix, type Obj } from "./util";
import { RESOURCES, resourceByKind, type ResourceInfo } from "./resources";
import { SimulationStopped } from "./stop";

/** One flow-trace record: who told whom what, at which virtual time. */
export interface TraceEntry {
  t: number;
  from: string;
  to: string;
  action: string;
  /** "Kind namespace/name" or "Kind name"; "" when not about one object */
  object: string;
  detail: string;
}

export interface QueuedEvent {
  t: number;
  seq: number;
  kind: string;
  key: string;
  /** foreground work keeps runUntilIdle going; periodic ticks are background */
  fg: boolean;
}

export type WatchType = "ADDED" | "MODIFIED" | "DELETED";
export type Informer = (type: WatchType, obj: Obj, old: Obj | undefined) => void;

export interface SimState {
  now: number;
  seq: number;
  rng: number;
  /** etcd revision */
  rev: number;
  uidCounter: number;
  /** resource -> "ns/name" -> object */
  objects: Record<string, Map<string, Obj>>;
  queue: QueuedEvent[];
  /** pending (kind|key) pairs, to dedupe timers */
  pending: Set<string>;
  trace: TraceEntry[];
  traceDropped: number;
  /** number of queued foreground events */
  fgCount: number;
  /** controller work queues: key -> due time */
  work: Record<string, Record<string, number>>;
  /** earliest scheduled pump per controller */
  pumpAt: Record<string, number>;
  /** free-form component state (kubelets, allocators, metrics, ...) — plain JSON-able data */
  rt: Obj;
}

/** Maximum trace entries kept (oldest dropped). */
export const TRACE_LIMIT = 50_000;

/** Empty simulator state for a seed. */
export function newState(seed: number): SimState {
  const objects: Record<string, Map<string, Obj>> = {};
  for (const r of RESOURCES) objects[r.resource] = new Map();
  return {
    now: 0, seq: 0, rng: seed >>> 0, rev: 1, uidCounter: 0, objects, queue: [], pending: new Set(),
    trace: [], traceDropped: 0, fgCount: 0, work: {}, pumpAt: {}, rt: {},
  };
}

/** Store key: "namespace/name" or "name". */
export function objKey(ns: string | undefined, name: string): string {
  return ns ? `${ns}/${name}` : name;
}

/** "Kind namespace/name" for traces. */
export function describeObj(o: Obj): string {
  const m = o.metadata ?? {};
  return `${o.kind} ${m.namespace ? m.namespace + "/" : ""}${m.name}`;
}

type Handler = (key: string) => void;

/** The kernel that components share. Components register informers and timer handlers at wiring time. */
export class Kernel {
  s: SimState;
  private informers: Record<string, Informer[]> = {};
  private handlers: Record<string, Handler> = {};
  /** derived index: resource -> namespace -> key -> object (rebuilt on restore) */
  private nsIdx = new Map<string, Map<string, Map<string, Obj>>>();
  /** derived index: controller owner uid -> "resource|key" -> object */
  private ownerIdx = new Map<string, Map<string, Obj>>();
  /** derived index: namespace -> key -> pod without a controller */
  private orphanPods = new Map<string, Map<string, Obj>>();
  /** external watch subscribers (not part of state) */
  private subscribers = new Set<(type: WatchType, obj: Obj, resource: string) => void>();
  /** caller-supplied stop predicate, asked before each event (not part of state: the caller owns the clock) */
  private shouldStop: (() => boolean) | null = null;

  constructor(seed: number) {
    this.s = newState(seed);
  }

  // --- time and queue ---------------------------------------------------------------------
  get now(): number {
    return this.s.now;
  }

  random(): number {
    return prngNext(this.s);
  }

  suffix(n = 5): string {
    return randomSuffix(this.s, n);
  }

  uid(): string {
    const n = ++this.s.uidCounter;
    const r = Math.floor(this.random() * 0xffffffff) >>> 0;
    // A random (version 4, RFC 4122 variant) UUID as the API server makes them (k8s.io/apimachinery
    // util/uuid: google/uuid NewRandom). One PRNG draw, widened by mixing it with the counter, so the
    // PRNG stream (names, IPs, tie-breaks) is the same as with shorter ids.
    // Layout: hex(r) - w1[0..4) - "4" w1[5..8) - "89ab"[w2[0] & 3] w2[1..4) - w2[4..8) hex(w3), written as character
    // codes into one buffer and made a string once (a uid per object and Event; the string pieces it was built from
    // were a sizeable share of a 10k-pod run's garbage).
    const w1 = mix32(r ^ Math.imul(n, 0x9e3779b1)), w2 = mix32(r + n + 0x6d2b79f5), w3 = mix32(Math.imul(r ^ 0x85ebca6b, n | 1));
    const b = UID_BUF;
    hexInto(b, 0, r, 0, 8);
    b[8] = DASH;
    hexInto(b, 9, w1, 0, 4);
    b[13] = DASH;
    b[14] = 0x34; // "4": version 4
    hexInto(b, 15, w1, 5, 8);
    b[18] = DASH;
    b[19] = VARIANT[(w2 >>> 28) & 3];
    hexInto(b, 20, w2, 1, 4);
    b[23] = DASH;
    hexInto(b, 24, w2, 4, 8);
    hexInto(b, 28, w3, 0, 8);
    return String.fromCharCode.apply(null, b);
  }

  onTimer(kind: string, h: Handler): void {
    this.handlers[kind] = h;
  }

  /** Schedule `kind(key)` at now+delay; with `dedupe`, an identical pending timer is kept instead. */
  schedule(delayMs: number, kind: string, key: string, fg = true, dedupe = false): void {
    const id = kind + "|" + key;
    if (dedupe) {
      if (this.s.pending.has(id)) return;
      this.s.pending.add(id);
    }
    const ev: QueuedEvent = { t: this.s.now + Math.max(0, Math.round(delayMs)), seq: ++this.s.seq, kind, key, fg };
    if (fg) this.s.fgCount++;
    heapPush(this.s.queue, ev);
  }

  /**
   * Install (or clear with null) a predicate asked before each queued event; when it returns true the
   * loop throws SimulationStopped, leaving the event queued. Every loop that runs events goes through runTo.
   */
  setShouldStop(fn: (() => boolean) | null): void {
    this.shouldStop = fn;
  }

  /** Run the queue up to (and including) time `until`. */
  runTo(until: number): void {
    const q = this.s.queue;
    while (q.length && q[0].t <= until) {
      if (this.shouldStop !== null && this.shouldStop()) throw new SimulationStopped();
      const ev = heapPop(q)!;
      if (ev.fg) this.s.fgCount--;
      this.s.now = Math.max(this.s.now, ev.t);
      this.s.pending.delete(ev.kind + "|" + ev.key);
      const h = this.handlers[ev.kind];
      if (h) {
        try {
          h(ev.key);
        } catch (e) {
          if (e instanceof SimulationStopped) throw e;
          // A simulator bug must not crash the learner's session: record it in the trace and go on.
          this.trace("simulator", "simulator", "internal error", ev.kind, `${ev.key}: ${(e as Error).message}`);
        }
      }
    }
    this.s.now = Math.max(this.s.now, until);
  }

  /** Run until no foreground event is pending or `maxMs` of virtual time passed. Returns elapsed ms. */
  runUntilIdle(maxMs: number): number {
    const start = this.s.now;
    const limit = start + maxMs;
    const q = this.s.queue;
    for (;;) {
      if (!q.length) break;
      if (this.s.fgCount <= 0) break;
      const next = q[0];
      if (next.t > limit) break;
      this.runTo(next.t);
    }
    return this.s.now - start;
  }

  // --- trace ------------------------------------------------------------------------------
  trace(from: string, to: string, action: string, object: string, detail = ""): void {
    const tr = this.s.trace;
    tr.push({ t: this.s.now, from, to, action, object, detail });
    if (tr.length > TRACE_LIMIT) {
      const drop = tr.length - TRACE_LIMIT + 5_000;
      tr.splice(0, drop);
      this.s.traceDropped += drop;
    }
  }

  // --- store ------------------------------------------------------------------------------
  on(resource: string, inf: Informer): void {
    (this.informers[resource] ??= []).push(inf);
  }

  subscribe(fn: (type: WatchType, obj: Obj, resource: string) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  get(resource: string, ns: string | undefined, name: string): Obj | undefined {
    return this.s.objects[resource]?.get(objKey(ns, name));
  }

  list(resource: string, ns?: string): Obj[] {
    if (ns) {
      const m = this.nsIdx.get(resource)?.get(ns);
      return m ? [...m.values()] : [];
    }
    const m = this.s.objects[resource];
    return m ? [...m.values()] : [];
  }

  /** Rebuild derived indexes after the state was replaced. */
  reindex(): void {
    this.nsIdx.clear();
    this.ownerIdx.clear();
    this.orphanPods.clear();
    for (const [res, m] of Object.entries(this.s.objects)) for (const [k, o] of m) {
      this.index(res, k, o);
      this.indexOwner(res, k, undefined, o);
    }
  }

  /** Objects of `resource` whose controller ownerReference has this uid. */
  ownedBy(uid: string, resource: string): Obj[] {
    const m = this.ownerIdx.get(uid);
    if (!m) return [];
    const out: Obj[] = [];
    const prefix = resource + "|";
    for (const [k, o] of m) if (k.startsWith(prefix)) out.push(o);
    return out;
  }

  /** Pods in a namespace that have no controller (candidates for adoption). */
  orphans(ns: string): Obj[] {
    const m = this.orphanPods.get(ns);
    return m ? [...m.values()] : [];
  }

  private indexOwner(resource: string, key: string, old: Obj | undefined, obj: Obj | undefined) {
    const ctrl = (o: Obj | undefined) => o?.metadata?.ownerReferences?.find((r: Obj) => r.controller)?.uid as string | undefined;
    const oldUid = ctrl(old), newUid = ctrl(obj);
    const rk = resource + "|" + key;
    if (oldUid && oldUid !== newUid) this.ownerIdx.get(oldUid)?.delete(rk);
    if (newUid) {
      let m = this.ownerIdx.get(newUid);
      if (!m) this.ownerIdx.set(newUid, (m = new Map()));
      m.set(rk, obj!);
    }
    if (resource === "pods") {
      const ns = (obj ?? old)!.metadata.namespace;
      let m = this.orphanPods.get(ns);
      if (!m) this.orphanPods.set(ns, (m = new Map()));
      if (obj && !newUid) m.set(key, obj);
      else m.delete(key);
    }
  }

  private index(resource: string, key: string, o: Obj | undefined, ns?: string) {
    const n = ns ?? o?.metadata.namespace;
    if (!n) return;
    let r = this.nsIdx.get(resource);
    if (!r) this.nsIdx.set(resource, (r = new Map()));
    let m = r.get(n);
    if (!m) r.set(n, (m = new Map()));
    if (o) m.set(key, o);
    else m.delete(key);
  }

  /** Write an object (already validated) to the store; bumps the revision and notifies watchers. */
  put(resource: string, obj: Obj): Obj {
    const m = this.s.objects[resource];
    const k = objKey(obj.metadata.namespace, obj.metadata.name);
    const old = m.get(k);
    obj.metadata.resourceVersion = String(++this.s.rev);
    m.set(k, obj);
    this.index(resource, k, obj);
    this.indexOwner(resource, k, old, obj);
    this.notify(resource, old ? "MODIFIED" : "ADDED", obj, old);
    return obj;
  }

  remove(resource: string, ns: string | undefined, name: string): Obj | undefined {
    const m = this.s.objects[resource];
    const k = objKey(ns, name);
    const old = m.get(k);
    if (!old) return undefined;
    m.delete(k);
    this.index(resource, k, undefined, ns);
    this.indexOwner(resource, k, old, undefined);
    ++this.s.rev;
    this.notify(resource, "DELETED", old, old);
    return old;
  }

  private notify(resource: string, type: WatchType, obj: Obj, old: Obj | undefined) {
    for (const inf of this.informers[resource] ?? []) inf(type, obj, old);
    if (this.subscribers.size) for (const fn of this.subscribers) fn(type, obj, resource);
  }

  // --- controller work queues ---------------------------------------------------------------
  /** Enqueue a key for a controller; its sync runs after `delay` ms (level-driven reconcile). */
  enqueue(controller: string, key: string, delay = 5): void {
    const due = this.s.now + Math.max(0, Math.round(delay));
    const q = (this.s.work[controller] ??= {});
    if (q[key] !== undefined && q[key] <= due) return;
    q[key] = due;
    const at = this.s.pumpAt[controller];
    if (at === undefined || at > due || at < this.s.now) {
      this.s.pumpAt[controller] = due;
      this.schedule(due - this.s.now, "work", controller, delay <= 30_000);
    }
  }

  /** Pop the keys that are due for a controller (and schedule the next pump). */
  drain(controller: string): string[] {
    const q = this.s.work[controller] ?? {};
    const now = this.s.now;
    const keys: string[] = [];
    let next = Infinity;
    for (const key of Object.keys(q)) {
      if (q[key] <= now) {
        keys.push(key);
        delete q[key];
      } else next = Math.min(next, q[key]);
    }
    delete this.s.pumpAt[controller];
    if (next !== Infinity) {
      this.s.pumpAt[controller] = next;
      this.schedule(next - now, "work", controller, next - now <= 30_000);
    }
    return keys;
  }

  // --- Kubernetes Events --------------------------------------------------------------------
  /** Record a core/v1 Event about `obj`, aggregating repeats like the event recorder does. */
  event(obj: Obj, type: "Normal" | "Warning", reason: string, message: string, source: string, host?: string, fieldPath?: string): void {
    const ns = obj.metadata?.namespace || "default";
    const evs = this.s.objects.events;
    const involved = obj.metadata?.uid ?? "";
    const aggKey = `${involved}|${fieldPath ?? ""}|${reason}|${message}|${source}`;
    let agg = this.s.rt.eventAgg as EventAgg | Record<string, string> | undefined;
    if (!(agg instanceof EventAgg)) agg = this.s.rt.eventAgg = new EventAgg(Object.entries(agg ?? {}));
    const aggName = agg.get(aggKey);
    const existing = aggName ? evs.get(aggName) : undefined;
    const ts = isoTime(this.s.now);
    if (existing) {
      const e = clone(existing);
      e.count = (e.count ?? 1) + 1;
      e.lastTimestamp = ts;
      this.put("events", e);
    } else {
      const n = (this.s.rt.evCounter = ((this.s.rt.evCounter ?? 0) + 1) % 1000);
      const name = `${obj.metadata?.name}.${(1_767_225_600_000_000 + this.s.now * 1000 + n).toString(16)}`;
      const ri = resourceByKind(obj.kind) as ResourceInfo | null;
      const e: Obj = {
        apiVersion: "v1", kind: "Event",
        metadata: { name, namespace: ns, uid: this.uid(), creationTimestamp: ts },
        involvedObject: {
          kind: obj.kind, namespace: obj.metadata?.namespace, name: obj.metadata?.name, uid: involved,
          apiVersion: ri ? (ri.group ? `${ri.group}/${ri.version}` : ri.version) : "v1",
          resourceVersion: obj.metadata?.resourceVersion,
        },
        reason, message, type, count: 1, firstTimestamp: ts, lastTimestamp: ts,
        source: host ? { component: source, host } : { component: source },
        reportingComponent: source, reportingInstance: host ?? "",
      };
      if (!e.involvedObject.namespace) delete e.involvedObject.namespace;
      if (fieldPath) e.involvedObject.fieldPath = fieldPath;
      agg.set(aggKey, objKey(ns, name));
      this.put("events", e);
    }
    // Events are part of the flow the lessons show (e.g. default-scheduler -> Scheduled/FailedScheduling).
    this.trace(source === "kubelet" ? `kubelet/${host}` : source, "kube-apiserver", "create", `Event ${ns}/${obj.metadata?.name}`, `${type} ${reason}: ${message}`);
  }
}

/**
 * The event recorder's aggregation index (rt.eventAgg): a Map, since a plain object with one key per distinct
 * event (tens of thousands in a 10k-pod run) made every lookup a slow dictionary probe. It serialises as the
 * plain object it replaces (same keys, same order), so snapshots and stateHash are unchanged; a restored
 * snapshot's object is turned back into a Map on the next event.
 */
class EventAgg extends Map<string, string> {
  toJSON(): Record<string, string> {
    return Object.fromEntries(this);
  }
}

// --- binary heap ordered by (t, seq) ------------------------------------------------------------
function less(a: QueuedEvent, b: QueuedEvent): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}
function heapPush(h: QueuedEvent[], e: QueuedEvent) {
  h.push(e);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!less(h[i], h[p])) break;
    [h[i], h[p]] = [h[p], h[i]];
    i = p;
  }
}
function heapPop(h: QueuedEvent[]): QueuedEvent | undefined {
  if (!h.length) return undefined;
  const top = h[0];
  const last = h.pop()!;
  if (h.length) {
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < h.length && less(h[l], h[m])) m = l;
      if (r < h.length && less(h[r], h[m])) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
  return top;
}

const HEX_CODES = Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
const VARIANT = Array.from("89ab", (c) => c.charCodeAt(0));
const DASH = 0x2d;
const UID_BUF: number[] = new Array(36).fill(0);
/** Hex digits from..to-1 of x as an 8-digit number ((x >>> 0).toString(16).padStart(8, "0").slice(from, to)), at buf[off]. */
function hexInto(buf: number[], off: number, x: number, from: number, to: number): void {
  for (let i = from; i < to; i++) buf[off + i - from] = HEX_CODES[(x >>> (28 - 4 * i)) & 15];
}
/** A 32-bit integer finaliser (murmur3 fmix32): spreads every input bit over the output. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
