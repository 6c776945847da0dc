import { notFound } from "next/navigation";

// Unknown paths under a locale render [locale]/not-found.tsx, in the visitor's language and with the page's CSP nonce.
export default function CatchAll() {
  notFound();
}
