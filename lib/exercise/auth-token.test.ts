import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { sessionTokenFrom, claimsFromToken } from "#app/api/_exercise/session";
import { serverEnv } from "#lib/env";

const secret = serverEnv().NEXTAUTH_SECRET;
const token = (claims: Record<string, unknown>, maxAge = 3600) => encode({ token: claims as never, secret, maxAge });

describe("session token for exercise routes", () => {
  it("reads the user and session ids of a valid token, also from the cache", async () => {
    const t = await token({ uid: "user-1", sid: "s1" });
    expect(await claimsFromToken(t)).toEqual({ uid: "user-1", sid: "s1" });
    expect(await claimsFromToken(t)).toEqual({ uid: "user-1", sid: "s1" });
  });

  it("rejects tampered, foreign-key, expired, id-less and session-less tokens", async () => {
    const t = await token({ uid: "user-2", sid: "s2" });
    const tampered = t.slice(0, -4) + (t.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect(await claimsFromToken(tampered)).toBeNull();
    const foreign = await encode({ token: { uid: "user-3", sid: "s3" } as never, secret: "another-secret-0123456789abcdef" });
    expect(await claimsFromToken(foreign)).toBeNull();
    expect(await claimsFromToken(await token({ uid: "user-4", sid: "s4" }, -60))).toBeNull();
    expect(await claimsFromToken(await token({ name: "no uid", sid: "s4" }))).toBeNull();
    // Issued before sessions were recorded: nothing could end it, so it is not accepted.
    expect(await claimsFromToken(await token({ uid: "user-4" }))).toBeNull();
    expect(await claimsFromToken("garbage")).toBeNull();
  });

  it("a cached token stops working when it expires", async () => {
    const t = await token({ uid: "user-5", sid: "s5" }, 60);
    expect(await claimsFromToken(t)).toEqual({ uid: "user-5", sid: "s5" });
    expect(await claimsFromToken(t, Date.now() / 1000 + 3600)).toBeNull();
  });

  it("finds the cookie under either name, whole or in chunks", () => {
    const jar = (m: Record<string, string>) => (n: string) => m[n];
    expect(sessionTokenFrom(jar({ "next-auth.session-token": "abc" }))).toBe("abc");
    expect(sessionTokenFrom(jar({ "__Secure-next-auth.session-token": "s" }))).toBe("s");
    expect(sessionTokenFrom(jar({ "next-auth.session-token.0": "ab", "next-auth.session-token.1": "cd" }))).toBe("abcd");
    expect(sessionTokenFrom(jar({ other: "x" }))).toBeNull();
  });
});
