/**
 * A Gateway API implementation (standard channel, gateway.networking.k8s.io/v1; the CRDs are
 * applied as the project's install manifest, see testdata/gateway-api-crds.yaml). It reconciles
 * the GatewayClasses whose `spec.controllerName` is `kubeclass.dev/gateway-controller`:
 *
 * - GatewayClass: `Accepted` (reason Accepted).
 * - Gateway of such a class: an address (`status.addresses`, IPAddress from 172.30.10.0/24, kept
 *   while the Gateway exists), `Accepted` + `Programmed`, and per listener `attachedRoutes`,
 *   `supportedKinds` and Accepted/Programmed/ResolvedRefs. Only HTTP listeners are programmed
 *   (HTTPS/TLS need certificates: `Programmed=False`, reason Invalid).
 * - HTTPRoute: for each `parentRefs` entry naming such a Gateway (and `sectionName`/`port` when
 *   given), the route attaches to the listeners whose `allowedRoutes.namespaces` (`Same` by default,
 *   `All`, `Selector`) admit the route's namespace and whose hostname intersects the route's
 *   `hostnames`; `status.parents[]` gets Accepted (or NotAllowedByListeners / NoMatchingListenerHostname
 *   / NoMatchingParent) and ResolvedRefs (BackendNotFound, RefNotPermitted for a Service in another
 *   namespace: ReferenceGrant is not modelled).
 *
 * Traffic (network.ts): a Gateway's address and the hostnames of its attached routes resolve for
 * `curl`; a request picks the matching rule (Exact over PathPrefix, longest prefix first, then
 * header matches), then a backend by weight. No match: 404; an unresolved backend: 500
 * (the spec's required behaviour). Spec: https://gateway-api.sigs.k8s.io/reference/spec/
 */
import { clone, deepEqual, isoTime, matchesSelector, type Obj } from "../util";
import { splitKey, type Ctx } from "./common";

export const GATEWAY_GROUP = "gateway.networking.k8s.io";
export const GATEWAY_CONTROLLER_NAME = "kubeclass.dev/gateway-controller";
const FROM = "gateway-controller";
const GW = "gateways", GWC = "gatewayclasses", HR = "httproutes";

function cond(prev: Obj[] | undefined, type: string, status: string, reason: string, message: string, gen: number, now: number): Obj {
  const p = (prev ?? []).find((c) => c.type === type);
  return { type, status, reason, message, observedGeneration: gen, lastTransitionTime: p && p.status === status && p.reason === reason ? p.lastTransitionTime : isoTime(now) };
}

function ours(ctx: Ctx, className: string | undefined): boolean {
  const c = className ? ctx.k.get(GWC, undefined, className) : undefined;
  return !!c && c.spec?.controllerName === GATEWAY_CONTROLLER_NAME;
}

/** Wire the controller's watches; returns its sync function ("gateway" work queue: "class/NAME", "gw/NS/NAME", "route/NS/NAME"). */
export function registerGatewayController(ctx: Ctx): (key: string) => void {
  const { k } = ctx;
  const all = () => {
    for (const g of k.list(GW)) k.enqueue("gateway", `gw/${g.metadata.namespace}/${g.metadata.name}`, 100);
    for (const r of k.list(HR)) k.enqueue("gateway", `route/${r.metadata.namespace}/${r.metadata.name}`, 150);
  };
  k.on(GWC, (t, c) => {
    if (t !== "DELETED") k.enqueue("gateway", `class/${c.metadata.name}`, 100);
    all();
  });
  k.on(GW, () => all());
  k.on(HR, (t, r) => {
    if (t !== "DELETED") k.enqueue("gateway", `route/${r.metadata.namespace}/${r.metadata.name}`, 100);
    for (const g of k.list(GW)) k.enqueue("gateway", `gw/${g.metadata.namespace}/${g.metadata.name}`, 150);
  });
  k.on("services", (_t, s) => {
    for (const r of k.list(HR, s.metadata.namespace)) k.enqueue("gateway", `route/${r.metadata.namespace}/${r.metadata.name}`, 100);
  });
  k.on("namespaces", () => {
    if (k.list(HR).length) all();
  });
  return (key) => syncGateway(ctx, key);
}

function writeStatus(ctx: Ctx, o: Obj, status: Obj): void {
  if (deepEqual(o.status ?? null, status)) return;
  const c = clone(o);
  c.status = status;
  ctx.api.writeStatus(c, FROM);
}

/** Reconcile one key. */
export function syncGateway(ctx: Ctx, key: string): void {
  const { k } = ctx;
  const kind = key.slice(0, key.indexOf("/"));
  const rest = key.slice(kind.length + 1);
  if (kind === "class") {
    const c = k.get(GWC, undefined, rest);
    if (!c || c.spec?.controllerName !== GATEWAY_CONTROLLER_NAME) return;
    writeStatus(ctx, c, { ...(c.status ?? {}), conditions: [cond(c.status?.conditions, "Accepted", "True", "Accepted", "GatewayClass is accepted", c.metadata.generation ?? 1, k.now)] });
    return;
  }
  const [ns, name] = splitKey(rest);
  if (kind === "gw") syncGatewayObj(ctx, ns, name);
  else if (kind === "route") syncRoute(ctx, ns, name);
}

function gatewayIP(ctx: Ctx, g: Obj): string {
  const ips = (ctx.k.s.rt.gatewayIPs ??= {}) as Record<string, string>;
  const key = `${g.metadata.namespace}/${g.metadata.name}`;
  if (!ips[key]) {
    const used = new Set(Object.values(ips));
    let n = 1;
    while (used.has(`172.30.10.${n}`)) n++;
    ips[key] = `172.30.10.${n}`;
  }
  return ips[key];
}

/** Listeners of a Gateway that admit a route's namespace (allowedRoutes.namespaces). */
function admits(ctx: Ctx, g: Obj, l: Obj, routeNs: string): boolean {
  const from = l.allowedRoutes?.namespaces?.from ?? "Same";
  if (from === "All") return true;
  if (from === "Same") return routeNs === g.metadata.namespace;
  if (from === "Selector") return matchesSelector(l.allowedRoutes?.namespaces?.selector ?? {}, ctx.k.get("namespaces", undefined, routeNs)?.metadata?.labels);
  return false;
}

function hostIntersects(listenerHost: string | undefined, routeHosts: string[] | undefined): boolean {
  if (!listenerHost || !routeHosts?.length) return true;
  return routeHosts.some((h) => wildcardMatch(listenerHost, h) || wildcardMatch(h, listenerHost));
}

/** `*.example.com` matches `a.example.com` and `a.b.example.com` (Gateway API hostname rules). */
export function wildcardMatch(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (pattern.startsWith("*.")) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return false;
}

interface Attachment {
  gateway: Obj;
  listeners: Obj[];
  reason: string;
}

/** What one parentRef of a route attaches to. */
function attach(ctx: Ctx, route: Obj, ref: Obj): Attachment | null {
  if ((ref.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (ref.kind ?? "Gateway") !== "Gateway") return null;
  const g = ctx.k.get(GW, ref.namespace ?? route.metadata.namespace, ref.name);
  if (!g || !ours(ctx, g.spec?.gatewayClassName)) return g ? null : { gateway: { metadata: { name: ref.name, namespace: ref.namespace ?? route.metadata.namespace } }, listeners: [], reason: "NoMatchingParent" };
  let ls: Obj[] = (g.spec?.listeners ?? []).filter((l: Obj) => (!ref.sectionName || l.name === ref.sectionName) && (ref.port === undefined || l.port === ref.port) && (l.protocol === "HTTP" || l.protocol === "HTTPS"));
  if (!ls.length) return { gateway: g, listeners: [], reason: "NoMatchingParent" };
  ls = ls.filter((l) => admits(ctx, g, l, route.metadata.namespace));
  if (!ls.length) return { gateway: g, listeners: [], reason: "NotAllowedByListeners" };
  ls = ls.filter((l) => hostIntersects(l.hostname, route.spec?.hostnames));
  if (!ls.length) return { gateway: g, listeners: [], reason: "NoMatchingListenerHostname" };
  return { gateway: g, listeners: ls, reason: "Accepted" };
}

function syncGatewayObj(ctx: Ctx, ns: string, name: string): void {
  const { k } = ctx;
  const g = k.get(GW, ns, name);
  if (!g) {
    if (k.s.rt.gatewayIPs) delete k.s.rt.gatewayIPs[`${ns}/${name}`];
    return;
  }
  if (!ours(ctx, g.spec?.gatewayClassName)) return;
  const gen = g.metadata.generation ?? 1;
  const listeners: Obj[] = g.spec?.listeners ?? [];
  const counts = new Map<string, number>();
  for (const r of k.list(HR)) {
    for (const ref of r.spec?.parentRefs ?? []) {
      const a = attach(ctx, r, ref);
      if (a?.reason === "Accepted" && a.gateway.metadata.uid === g.metadata.uid) for (const l of a.listeners) counts.set(l.name, (counts.get(l.name) ?? 0) + 1);
    }
  }
  const prevL: Obj[] = g.status?.listeners ?? [];
  const lst = listeners.map((l) => {
    const prev = prevL.find((p) => p.name === l.name)?.conditions;
    const ok = l.protocol === "HTTP";
    return {
      name: l.name, attachedRoutes: counts.get(l.name) ?? 0,
      supportedKinds: ok ? [{ group: GATEWAY_GROUP, kind: "HTTPRoute" }] : [],
      conditions: [
        cond(prev, "Accepted", "True", "Accepted", "Listener is accepted", gen, k.now),
        cond(prev, "Programmed", ok ? "True" : "False", ok ? "Programmed" : "Invalid", ok ? "Listener is programmed" : `${l.protocol} listeners need a certificate, which this simulated gateway does not serve`, gen, k.now),
        cond(prev, "ResolvedRefs", "True", "ResolvedRefs", "All references are resolved", gen, k.now),
      ],
    };
  });
  const programmed = lst.some((l) => l.conditions[1].status === "True");
  writeStatus(ctx, g, {
    addresses: [{ type: "IPAddress", value: gatewayIP(ctx, g) }],
    conditions: [
      cond(g.status?.conditions, "Accepted", "True", "Accepted", "Gateway is accepted", gen, k.now),
      cond(g.status?.conditions, "Programmed", programmed ? "True" : "False", programmed ? "Programmed" : "Invalid", programmed ? "Gateway is programmed" : "No listener is programmed", gen, k.now),
    ],
    listeners: lst,
  });
}

function syncRoute(ctx: Ctx, ns: string, name: string): void {
  const { k } = ctx;
  const r = k.get(HR, ns, name);
  if (!r) return;
  const gen = r.metadata.generation ?? 1;
  // ResolvedRefs: every backendRef a Service in the route's namespace that exists
  let resolved = { status: "True", reason: "ResolvedRefs", message: "All references are resolved" };
  for (const rule of r.spec?.rules ?? []) {
    for (const b of rule.backendRefs ?? []) {
      if ((b.group ?? "") !== "" || (b.kind ?? "Service") !== "Service") resolved = { status: "False", reason: "InvalidKind", message: `Unsupported backend kind ${b.kind}` };
      else if (b.namespace && b.namespace !== ns) resolved = { status: "False", reason: "RefNotPermitted", message: `Backend ref to Service ${b.namespace}/${b.name} not permitted by any ReferenceGrant` };
      else if (!k.get("services", ns, b.name)) resolved = { status: "False", reason: "BackendNotFound", message: `Service "${b.name}" not found` };
    }
  }
  const prevParents: Obj[] = r.status?.parents ?? [];
  const parents: Obj[] = [];
  for (const ref of r.spec?.parentRefs ?? []) {
    const a = attach(ctx, r, ref);
    if (!a) continue;
    const parentRef = { group: GATEWAY_GROUP, kind: "Gateway", name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}), ...(ref.sectionName ? { sectionName: ref.sectionName } : {}), ...(ref.port !== undefined ? { port: ref.port } : {}) };
    const prev = prevParents.find((p) => deepEqual(p.parentRef, parentRef))?.conditions;
    const msg: Record<string, string> = {
      Accepted: "Route is accepted", NotAllowedByListeners: "No listener allows routes from this namespace", NoMatchingListenerHostname: "No listener hostname matches the route's hostnames", NoMatchingParent: "No listener matches the parentRef",
    };
    parents.push({
      parentRef, controllerName: GATEWAY_CONTROLLER_NAME,
      conditions: [
        cond(prev, "Accepted", a.reason === "Accepted" ? "True" : "False", a.reason, msg[a.reason], gen, k.now),
        cond(prev, "ResolvedRefs", resolved.status, resolved.reason, resolved.message, gen, k.now),
      ],
    });
  }
  const others = prevParents.filter((p) => p.controllerName !== GATEWAY_CONTROLLER_NAME);
  writeStatus(ctx, r, { parents: [...others, ...parents] });
}

/** A Gateway's programmed address: the Gateway (ours, with an address in status), or null. */
export function gatewayByAddress(ctx: Pick<Ctx, "k">, ip: string): Obj | null {
  const ips = ctx.k.s.rt.gatewayIPs as Record<string, string> | undefined;
  if (!ips) return null;
  for (const [key, v] of Object.entries(ips)) {
    if (v !== ip) continue;
    const [ns, name] = splitKey(key);
    const g = ctx.k.get(GW, ns, name);
    if (g?.status?.addresses?.[0]?.value === ip) return g;
  }
  return null;
}

/** The address of the Gateway a hostname is served by (an attached, accepted route's hostname), or null. */
export function gatewayAddressForHost(ctx: Pick<Ctx, "k">, host: string): string | null {
  const ips = ctx.k.s.rt.gatewayIPs as Record<string, string> | undefined;
  if (!ips) return null;
  for (const r of ctx.k.list(HR)) {
    if (!(r.spec?.hostnames ?? []).some((h: string) => wildcardMatch(h, host))) continue;
    for (const p of r.status?.parents ?? []) {
      if (p.controllerName !== GATEWAY_CONTROLLER_NAME || !(p.conditions ?? []).some((c: Obj) => c.type === "Accepted" && c.status === "True")) continue;
      const ip = ips[`${p.parentRef.namespace ?? r.metadata.namespace}/${p.parentRef.name}`];
      if (ip) return ip;
    }
  }
  return null;
}

/** The rule a request through a Gateway matches: backends with weights, or null (404). */
export function matchRoute(ctx: Pick<Ctx, "k">, g: Obj, port: number, host: string, path: string): { route: Obj; backends: { name: string; port: number; weight: number }[] } | null {
  const listeners: Obj[] = (g.spec?.listeners ?? []).filter((l: Obj) => l.protocol === "HTTP" && l.port === port && (!l.hostname || wildcardMatch(l.hostname, host)));
  if (!listeners.length) return null;
  let best: { route: Obj; rule: Obj; score: number } | null = null;
  for (const r of ctx.k.list(HR)) {
    const accepted = (r.status?.parents ?? []).some((p: Obj) => p.controllerName === GATEWAY_CONTROLLER_NAME && (p.parentRef.namespace ?? r.metadata.namespace) === g.metadata.namespace && p.parentRef.name === g.metadata.name && (!p.parentRef.sectionName || listeners.some((l) => l.name === p.parentRef.sectionName)) && (p.conditions ?? []).some((c: Obj) => c.type === "Accepted" && c.status === "True"));
    if (!accepted) continue;
    const hosts: string[] = r.spec?.hostnames ?? [];
    if (hosts.length && !hosts.some((h) => wildcardMatch(h, host))) continue;
    for (const rule of r.spec?.rules ?? []) {
      const matches: Obj[] = rule.matches?.length ? rule.matches : [{ path: { type: "PathPrefix", value: "/" } }];
      for (const m of matches) {
        const t = m.path?.type ?? "PathPrefix", v = m.path?.value ?? "/";
        const ok = t === "Exact" ? path === v : t === "PathPrefix" ? v === "/" || path === v || path.startsWith(v.endsWith("/") ? v : v + "/") : false;
        if (!ok) continue;
        // precedence (HTTPRouteRule docs): Exact path, then the longest prefix, then more header matches
        const score = (t === "Exact" ? 1e6 : 0) + v.length * 100 + (m.headers?.length ?? 0);
        if (!best || score > best.score) best = { route: r, rule, score };
      }
    }
  }
  if (!best) return null;
  return { route: best.route, backends: (best.rule.backendRefs ?? []).map((b: Obj) => ({ name: b.namespace && b.namespace !== best!.route.metadata.namespace ? "" : b.name, port: b.port, weight: b.weight ?? 1 })) };
}

const page = (title: string) => `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
/** What the gateway's data plane (nginx-based, as NGINX Gateway Fabric) answers itself: no matching rule, an unresolved backend, no endpoints. */
export const GATEWAY_PAGES: Record<404 | 500 | 503, string> = { 404: page("404 Not Found"), 500: page("500 Internal Server Error"), 503: page("503 Service Temporarily Unavailable") };
