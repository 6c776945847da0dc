import { describe, expect, it } from "vitest";
import { presentationToken, readPresentation } from "./token";

describe("presentation tokens", () => {
  const secret = "s".repeat(32);
  it("round-trip for the same user; every token has its own nonce", () => {
    const a = presentationToken(secret, { i: "svc-x", s: 42, c: "lesson", u: "u1" });
    const b = presentationToken(secret, { i: "svc-x", s: 42, c: "lesson", u: "u1" });
    expect(readPresentation(secret, a, "u1")).toMatchObject({ i: "svc-x", s: 42, c: "lesson", u: "u1" });
    expect(readPresentation(secret, a, "u1")!.n).not.toBe(readPresentation(secret, b, "u1")!.n);
  });

  it("refuse another user, another secret, a changed payload, and junk", () => {
    const t = presentationToken(secret, { i: "svc-x", s: 42, c: "practice", a: "att1", u: "u1" });
    expect(readPresentation(secret, t, "u2")).toBeNull();
    expect(readPresentation(secret, t, "")).toBeNull();
    expect(readPresentation("t".repeat(32), t, "u1")).toBeNull();
    const [payload, mac] = t.split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), s: 43 })).toString("base64url");
    expect(readPresentation(secret, `${forged}.${mac}`, "u1")).toBeNull();
    for (const junk of [null, 5, "", ".", "a.b", "x".repeat(700)]) expect(readPresentation(secret, junk, "u1")).toBeNull();
  });
});
