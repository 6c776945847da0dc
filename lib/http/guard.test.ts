import { describe, expect, it } from "vitest";
import { isSameOrigin, parseCookies, readBoundedBody, refusePagePost, requestLocale } from "./guard";

const at = (url: string, headers: Record<string, string> = {}, init: RequestInit = {}) => new Request(url, { headers, ...init });

describe("isSameOrigin", () => {
  it.each([
    [{}, true],
    [{ origin: "http://localhost:3000" }, true],
    [{ origin: "http://localhost:3001" }, false],
    [{ origin: "https://evil.example" }, false],
    [{ origin: "null" }, false],
    [{ origin: "not a url" }, false],
    [{ origin: "https://kubeclass.example", "x-forwarded-host": "kubeclass.example" }, true],
  ])("%j -> %s", (headers, want) => {
    expect(isSameOrigin(at("http://localhost:3000/api/x", { host: "localhost:3000", ...headers }))).toBe(want);
  });
});

describe("refusePagePost", () => {
  it("a server action from another site is 403 in the page's language", async () => {
    const r = refusePagePost(at("http://localhost:3000/en/signup", { host: "localhost:3000", origin: "https://evil.example" }))!;
    expect(r.status).toBe(403);
    expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/other sites/);
    const ko = refusePagePost(at("http://localhost:3000/ko/signup", { host: "localhost:3000", origin: "https://evil.example" }))!;
    expect(((await ko.json()) as { error: { message: string } }).error.message).toMatch(/다른 사이트/);
  });

  it("a declared length over 64 KiB is 413; at the limit it passes", () => {
    const base = { host: "localhost:3000", origin: "http://localhost:3000" };
    expect(refusePagePost(at("http://localhost:3000/ko", { ...base, "content-length": String(64 * 1024 + 1) }))?.status).toBe(413);
    expect(refusePagePost(at("http://localhost:3000/ko", { ...base, "content-length": String(64 * 1024) }))).toBeNull();
  });
});

describe("readBoundedBody", () => {
  it("returns the body up to the limit, null past it", async () => {
    const post = (body: string) => new Request("http://x/", { method: "POST", body });
    expect((await readBoundedBody(post("abc"), 3))?.toString()).toBe("abc");
    expect(await readBoundedBody(post("abcd"), 3)).toBeNull();
    expect((await readBoundedBody(new Request("http://x/"), 3))?.length).toBe(0);
  });
});

describe("requestLocale and parseCookies", () => {
  it("query, then cookie, then path prefix, then Korean", () => {
    expect(requestLocale(at("http://x/api/a?locale=en", { cookie: "NEXT_LOCALE=ko" }))).toBe("en");
    expect(requestLocale(at("http://x/api/a", { cookie: "NEXT_LOCALE=en" }))).toBe("en");
    expect(requestLocale(at("http://x/en/signup"))).toBe("en");
    expect(requestLocale(at("http://x/english"))).toBe("ko");
  });
  it("keeps the first of repeated cookies and survives bad escapes", () => {
    expect([...parseCookies("a=1; a=2; b=%E0%A4%A; =x; c")]).toEqual([
      ["a", "1"],
      ["b", "%E0%A4%A"],
    ]);
  });
});
