// Base64 without Node's Buffer, so lib/kubectl also runs in a browser.

/** Base64 (standard alphabet, padded) of a UTF-8 string. */
export function b64encode(s: string): string {
  let bin = "";
  for (const b of new TextEncoder().encode(s)) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** Bytes of a base64 string (invalid characters stop the decoding, like a lenient decoder). */
export function b64bytes(s: string): Uint8Array {
  const clean = s.replace(/[^A-Za-z0-9+/]/g, "");
  const usable = clean.slice(0, clean.length - (clean.length % 4 === 1 ? 1 : 0));
  const padded = usable + "=".repeat((4 - (usable.length % 4)) % 4);
  try {
    const bin = atob(padded);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return new Uint8Array();
  }
}

/** UTF-8 text of a base64 string. */
export function b64decode(s: string): string {
  return new TextDecoder().decode(b64bytes(s));
}

/** Base64url without padding (JWT segments). */
export function b64url(s: string): string {
  return b64encode(s).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}
