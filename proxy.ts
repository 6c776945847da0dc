import createMiddleware from "next-intl/middleware";
import type { NextRequest } from "next/server";
import { contentSecurityPolicy, createNonce } from "#lib/csp";
import { refusePagePost } from "#lib/http/guard";
import { routing } from "#lib/i18n/routing";

const handleI18nRouting = createMiddleware(routing);

// Next reads the nonce from the request's CSP header and puts it on its own inline scripts;
// next-intl copies the request headers it is given into the forwarded request.
export default async function proxy(request: NextRequest) {
  // Pages take no POST but server actions: refuse other sites' and oversized ones before Next reads them.
  if (request.method !== "GET" && request.method !== "HEAD") {
    const refused = await refusePagePost(request);
    if (refused) return refused;
  }
  const nonce = createNonce();
  const csp = contentSecurityPolicy(nonce);
  request.headers.set("content-security-policy", csp);
  request.headers.set("x-nonce", nonce);
  const response = handleI18nRouting(request);
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Pages only: not build assets, files with an extension (icons, fonts), or the JSON API, whose responses
  // get a fixed deny-all CSP from next.config instead (a nonce is of no use there, and every learner
  // command goes through the API).
  matcher: ["/((?!api/|_next/static|_next/image|.*\\..*).*)"],
};
