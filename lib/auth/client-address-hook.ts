import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { CLIENT_ADDRESS_HEADER, parseTrustedProxies, resolveClientAddress } from "./client-address";

const g = globalThis as unknown as { __kubeclassClientAddressHook?: boolean };

/**
 * Tags every request the Node HTTP server receives with the client's address (CLIENT_ADDRESS_HEADER),
 * before Next sees it. Node publishes `http.server.request.start` ahead of the server's 'request' event
 * (https://nodejs.org/api/diagnostics_channel.html#http), and only there is the socket still in reach:
 * App Router handlers get a Web Request without it. A client-sent X-Forwarded-For is dropped unless the
 * peer is a trusted proxy, so Next fills it from the socket as it does for direct clients.
 */
export function installClientAddressHook(trustedProxies: string | undefined): void {
  if (g.__kubeclassClientAddressHook) return;
  const trusted = parseTrustedProxies(trustedProxies);
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    const headers = request.headers;
    headers[CLIENT_ADDRESS_HEADER] = resolveClientAddress(socket.remoteAddress, headers["x-forwarded-for"], trusted);
    if (!trusted.check(socket.remoteAddress ?? "")) {
      delete headers["x-forwarded-for"];
      delete headers["x-real-ip"];
    }
  });
  g.__kubeclassClientAddressHook = true;
}
