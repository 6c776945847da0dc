// The presentation token: which variant of which item the learner was shown, signed by the server, so the
// answer can be graded without trusting the browser and a double submit is recognised by its nonce.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export type Presentation = {
  /** item id */
  i: string;
  /** seed of the variant */
  s: number;
  /** lesson | practice | review */
  c: "lesson" | "practice" | "review";
  /** practice attempt id, if any */
  a?: string;
  /** nonce: one per presentation */
  n: string;
  /** the user it was shown to ("" when anonymous): a token cannot be replayed by someone else */
  u: string;
};

const sign = (secret: string, payload: string) => createHmac("sha256", secret).update(`quiz:${payload}`).digest("base64url");

/** A fresh presentation token for a variant. */
export function presentationToken(secret: string, p: Omit<Presentation, "n"> & { n?: string }): string {
  const payload = Buffer.from(JSON.stringify({ ...p, n: p.n ?? randomBytes(9).toString("base64url") })).toString("base64url");
  return `${payload}.${sign(secret, payload)}`;
}

/** The presentation a token names, or null when it is malformed, forged or for another user. */
export function readPresentation(secret: string, token: unknown, userId: string): Presentation | null {
  if (typeof token !== "string" || token.length > 600) return null;
  const [payload, mac] = token.split(".");
  if (!payload || !mac) return null;
  const want = Buffer.from(sign(secret, payload));
  const got = Buffer.from(mac);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  try {
    const p = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Presentation;
    if (typeof p.i !== "string" || !Number.isInteger(p.s) || !["lesson", "practice", "review"].includes(p.c) || typeof p.n !== "string") return null;
    if (p.u !== userId) return null;
    return p;
  } catch {
    return null;
  }
}
