import Link from "next/link";

// Paths outside any locale (proxy.ts normally redirects them first).
export default function GlobalNotFound() {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "3rem" }}>
        <h1>404</h1>
        <p>
          <Link href="/">kubeclass</Link>
        </p>
      </body>
    </html>
  );
}
