import { describe, expect, it } from "vitest";
import { formDataOf, isSameOrigin, parseCookies, readBoundedBody, refusePagePost, requestLocale } from "./guard";

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
  const own = { host: "localhost:3000", origin: "http://localhost:3000" };
  const action = (body: BodyInit, type: string | null, extra: Record<string, string> = {}) =>
    new Request("http://localhost:3000/en/signup", { method: "POST", body, headers: { ...own, "next-action": "7f00", ...(type ? { "content-type": type } : {}), ...extra } });

  it("a server action from another site is 403 in the page's language", async () => {
    const r = (await refusePagePost(at("http://localhost:3000/en/signup", { host: "localhost:3000", origin: "https://evil.example" })))!;
    expect(r.status).toBe(403);
    expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/other sites/);
    const ko = (await refusePagePost(at("http://localhost:3000/ko/signup", { host: "localhost:3000", origin: "https://evil.example" })))!;
    expect(((await ko.json()) as { error: { message: string } }).error.message).toMatch(/다른 사이트/);
  });

  it("a declared length over 64 KiB is 413; at the limit it passes", async () => {
    expect((await refusePagePost(at("http://localhost:3000/ko", { ...own, "content-length": String(64 * 1024 + 1) })))?.status).toBe(413);
    expect(await refusePagePost(at("http://localhost:3000/ko", { ...own, "content-length": String(64 * 1024) }))).toBeNull();
  });

  it("passes the two shapes React sends: a JSON argument list, or multipart with the list in field 0", async () => {
    expect(await refusePagePost(action('["en"]', "text/plain;charset=UTF-8"))).toBeNull();
    const fd = new FormData();
    fd.set("0", '["$K1"]');
    fd.set("1_email", "a@b.co");
    expect(await refusePagePost(action(fd, null))).toBeNull();
  });

  it.each([
    ["", "text/plain;charset=UTF-8", 400],
    ["%%%{{{", "text/plain", 400],
    ['{"a":1}', "text/plain", 400],
    ["[".repeat(5000), "text/plain", 400],
    ["--zzz\r\nbroken", "multipart/form-data; boundary=zzz", 400],
    ["", "multipart/form-data; boundary=zzz", 400],
    ['["en"]', "application/json", 415],
    ["a=b", "application/x-www-form-urlencoded", 415],
  ] as const)("a server action body %j of type %j is refused with %i", async (body, type, status) => {
    expect((await refusePagePost(action(body, type)))?.status).toBe(status);
  });

  it("a body without a content type is refused with 415", async () => {
    expect((await refusePagePost(action(new TextEncoder().encode('["en"]'), null)))?.status).toBe(415);
  });

  it("multipart without the argument list in field 0 is refused", async () => {
    const fd = new FormData();
    fd.set("email", "a@b.co");
    expect((await refusePagePost(action(fd, null)))?.status).toBe(400);
    fd.set("0", "not json");
    expect((await refusePagePost(action(fd, null)))?.status).toBe(400);
  });
});

describe("formDataOf", () => {
  it("passes FormData through and turns anything else into an empty form", () => {
    const fd = new FormData();
    fd.set("a", "1");
    expect(formDataOf(fd)).toBe(fd);
    for (const v of [undefined, null, "x", { get: 1 }, ["a"]]) expect([...formDataOf(v).keys()]).toEqual([]);
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
