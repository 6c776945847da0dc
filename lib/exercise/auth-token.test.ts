import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { sessionTokenFrom, userIdFromToken } from "#app/api/_exercise/session";
import { serverEnv } from "#lib/env";

const secret = serverEnv().NEXTAUTH_SECRET;
const token = (claims: Record<string, unknown>, maxAge = 3600) => encode({ token: claims as never, secret, maxAge });

describe("session token for exercise routes", () => {
  it("reads the user id of a valid token, also from the cache", async () => {
    const t = await token({ uid: "user-1" });
    expect(await userIdFromToken(t)).toBe("user-1");
    expect(await userIdFromToken(t)).toBe("user-1");
  });

  it("rejects tampered, foreign-key, expired and id-less tokens", async () => {
    const t = await token({ uid: "user-2" });
    const tampered = t.slice(0, -4) + (t.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect(await userIdFromToken(tampered)).toBeNull();
    const foreign = await encode({ token: { uid: "user-3" } as never, secret: "another-secret-0123456789abcdef" });
    expect(await userIdFromToken(foreign)).toBeNull();
    expect(await userIdFromToken(await token({ uid: "user-4" }, -60))).toBeNull();
    expect(await userIdFromToken(await token({ name: "no uid" }))).toBeNull();
    expect(await userIdFromToken("garbage")).toBeNull();
  });

  it("a cached token stops working when it expires", async () => {
    const t = await token({ uid: "user-5" }, 60);
    expect(await userIdFromToken(t)).toBe("user-5");
    expect(await userIdFromToken(t, Date.now() / 1000 + 3600)).toBeNull();
  });

  it("finds the cookie under either name, whole or in chunks", () => {
    const jar = (m: Record<string, string>) => (n: string) => m[n];
    expect(sessionTokenFrom(jar({ "next-auth.session-token": "abc" }))).toBe("abc");
    expect(sessionTokenFrom(jar({ "__Secure-next-auth.session-token": "s" }))).toBe("s");
    expect(sessionTokenFrom(jar({ "next-auth.session-token.0": "ab", "next-auth.session-token.1": "cd" }))).toBe("abcd");
    expect(sessionTokenFrom(jar({ other: "x" }))).toBeNull();
  });
});
