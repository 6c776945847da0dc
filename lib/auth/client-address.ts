import { BlockList, isIP } from "node:net";

/**
 * The header our HTTP hook (instrumentation.ts) writes on every incoming request with the address it resolved.
 * Whatever a client sends under this name is overwritten, so code behind the hook can trust it.
 */
export const CLIENT_ADDRESS_HEADER = "x-kubeclass-client-address";

/** A set of proxy addresses (single addresses or CIDR ranges) whose X-Forwarded-For we believe. */
export type TrustedProxies = { check(address: string): boolean; size: number };

function normalise(address: string): string {
  const a = address.trim();
  // An IPv4 client on a dual-stack socket shows up as ::ffff:1.2.3.4.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return mapped ? mapped[1] : a;
}

/**
 * Parses TRUSTED_PROXIES: comma-separated addresses or CIDR ranges (`127.0.0.1, 10.0.0.0/8, ::1`).
 * Throws on an entry that is neither, so a typo cannot silently trust nobody (or everybody).
 */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const list = new BlockList();
  let size = 0;
  for (const raw of (value ?? "").split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const [addr, bits, extra] = entry.split("/");
    const family = isIP(addr);
    const prefix = bits === undefined ? undefined : Number(bits);
    const max = family === 4 ? 32 : 128;
    const badPrefix = bits !== undefined && !(bits !== "" && Number.isInteger(prefix) && prefix! >= 0 && prefix! <= max);
    if (!family || extra !== undefined || badPrefix) {
      throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    }
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, prefix, type);
    size += 1;
  }
  return {
    size,
    check(address) {
      const a = normalise(address);
      const family = isIP(a);
      return family !== 0 && list.check(a, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

/**
 * Who is on the other end: the socket's peer, unless that peer is a trusted proxy, in which case the nearest
 * X-Forwarded-For entry that is not itself a trusted proxy (proxies append, so entries further left are
 * whatever the client claimed and are never believed).
 */
export function resolveClientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string {
  const peer = normalise(socketAddress ?? "") || "unknown";
  if (trusted.size === 0 || !trusted.check(peer)) return peer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map(normalise)
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isIP(hops[i])) return peer; // garbage from the client side of a proxy: fall back to what we know
    if (!trusted.check(hops[i])) return hops[i];
  }
  return hops[0] ?? peer;
}

type HeaderBag = Record<string, string | string[] | undefined> | Headers | undefined;

/** The client address our HTTP hook resolved for this request ("unknown" where no hook ran, e.g. `next dev`). */
export function clientAddress(headers: HeaderBag): string {
  if (!headers) return "unknown";
  const v = typeof (headers as Headers).get === "function" ? (headers as Headers).get(CLIENT_ADDRESS_HEADER) : (headers as Record<string, string | string[] | undefined>)[CLIENT_ADDRESS_HEADER];
  const value = Array.isArray(v) ? v[0] : v;
  return (value || "unknown").slice(0, 64);
}
