import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, clientAddress, parseTrustedProxies, resolveClientAddress } from "./client-address";

const none = parseTrustedProxies(undefined);
const proxy = parseTrustedProxies("127.0.0.1, 10.0.0.0/8, ::1");

describe("resolveClientAddress", () => {
  it("served directly: the socket's peer, whatever X-Forwarded-For claims", () => {
    expect(resolveClientAddress("203.0.113.7", "1.2.3.4", none)).toBe("203.0.113.7");
    expect(resolveClientAddress("203.0.113.7", undefined, none)).toBe("203.0.113.7");
    // Rotating the header changes nothing.
    expect(resolveClientAddress("203.0.113.7", "5.6.7.8", none)).toBe("203.0.113.7");
  });

  it("an IPv4 peer on a dual-stack socket is named as IPv4", () => {
    expect(resolveClientAddress("::ffff:203.0.113.7", undefined, none)).toBe("203.0.113.7");
    expect(resolveClientAddress("::ffff:127.0.0.1", "198.51.100.2", proxy)).toBe("198.51.100.2");
  });

  it("behind a trusted proxy: the nearest untrusted hop, never the client's own claim further left", () => {
    expect(resolveClientAddress("127.0.0.1", "198.51.100.2", proxy)).toBe("198.51.100.2");
    expect(resolveClientAddress("127.0.0.1", "6.6.6.6, 198.51.100.2", proxy)).toBe("198.51.100.2");
    expect(resolveClientAddress("10.1.2.3", "6.6.6.6, 198.51.100.2, 10.0.0.5", proxy)).toBe("198.51.100.2");
    expect(resolveClientAddress("127.0.0.1", ["6.6.6.6", "198.51.100.2"], proxy)).toBe("198.51.100.2");
  });

  it("a peer that is not a trusted proxy is not believed even when others are configured", () => {
    expect(resolveClientAddress("203.0.113.7", "198.51.100.2", proxy)).toBe("203.0.113.7");
  });

  it("a trusted proxy with no or only-trusted or garbage hops falls back sensibly", () => {
    expect(resolveClientAddress("127.0.0.1", undefined, proxy)).toBe("127.0.0.1");
    expect(resolveClientAddress("127.0.0.1", "10.0.0.1, 10.0.0.2", proxy)).toBe("10.0.0.1");
    expect(resolveClientAddress("127.0.0.1", "not-an-ip", proxy)).toBe("127.0.0.1");
  });
});

describe("parseTrustedProxies", () => {
  it("accepts addresses and CIDR ranges of both families", () => {
    const t = parseTrustedProxies(" 192.168.0.0/16 ,fd00::/8,203.0.113.9 ");
    expect(t.size).toBe(3);
    expect(t.check("192.168.44.1")).toBe(true);
    expect(t.check("192.169.0.1")).toBe(false);
    expect(t.check("fd12::1")).toBe(true);
    expect(t.check("203.0.113.9")).toBe(true);
    expect(t.check("203.0.113.10")).toBe(false);
    expect(t.check("garbage")).toBe(false);
  });

  it.each(["localhost", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/8/1", "::1/129", "1.2.3"])("refuses %s", (v) => {
    expect(() => parseTrustedProxies(v)).toThrow(/TRUSTED_PROXIES/);
  });

  it("empty means no proxy is trusted", () => {
    expect(parseTrustedProxies("").size).toBe(0);
    expect(parseTrustedProxies(" , ").size).toBe(0);
  });
});

describe("clientAddress", () => {
  it("reads only the hook's header, not X-Forwarded-For", () => {
    expect(clientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: "203.0.113.7", "x-forwarded-for": "1.1.1.1" }))).toBe("203.0.113.7");
    expect(clientAddress(new Headers({ "x-forwarded-for": "1.1.1.1" }))).toBe("unknown");
    expect(clientAddress({ [CLIENT_ADDRESS_HEADER]: "198.51.100.2" })).toBe("198.51.100.2");
    expect(clientAddress(undefined)).toBe("unknown");
  });
});

describe("the HTTP hook", () => {
  it("tags each request with its socket peer and drops a direct client's X-Forwarded-For and forged tag", async () => {
    const http = await import("node:http");
    const { installClientAddressHook } = await import("./client-address-hook");
    installClientAddressHook("");
    const seen: Record<string, unknown>[] = [];
    const server = http.createServer((req, res) => {
      seen.push({ tag: req.headers[CLIENT_ADDRESS_HEADER], xff: req.headers["x-forwarded-for"] });
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    try {
      await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-forwarded-for": "6.6.6.6", [CLIENT_ADDRESS_HEADER]: "9.9.9.9" } });
      await fetch(`http://127.0.0.1:${port}/`);
    } finally {
      server.close();
    }
    expect(seen).toEqual([
      { tag: "127.0.0.1", xff: undefined },
      { tag: "127.0.0.1", xff: undefined },
    ]);
  });
});
