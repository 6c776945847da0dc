import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

// Headers every response carries; the per-request CSP (with a nonce) is set in proxy.ts.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build folder lets two checkouts' builds and e2e runs share one work tree.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  experimental: {
    authInterrupts: true,
    // Our server actions take short forms. Bodies over this get a 413 (proxy.ts refuses a declared length first);
    // the proxy itself buffers no more than this of a body it passes on (Next's default for both is megabytes).
    serverActions: { bodySizeLimit: "64kb" },
    proxyClientMaxBodySize: "64kb",
  },
  // The lesson compiler runs on the server only (lib/content/mdx.ts): load these from node_modules, do not bundle them.
  serverExternalPackages: ["mdx-bundler", "esbuild", "shiki", "@shikijs/rehype"],
  // `npm test` runs `tsc --noEmit` over the whole repo; checking again inside next build only costs time.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // JSON and redirects only: nothing to load, nothing to frame (pages get a nonce CSP in proxy.ts).
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
};

export default withNextIntl(nextConfig);
