// HTTP-level: the next-auth endpoint as the browser calls it (csrf, credentials callback, session, signout),
// through handleAuthRequest, on a real SQLite file.
import { describe, expect, it } from "vitest";
import { openTestDatabase } from "#lib/test/db-fixture";
import { forDatabase } from "#lib/test/for-database";

const { users, makeUser } = await openTestDatabase("ah");
const { hashPassword } = await import("./password");
const { handleAuthRequest } = await import("./handler");
const { CLIENT_ADDRESS_HEADER } = await import("./client-address");

const BASE = "http://localhost:3000/api/auth/";
const RIGHT = "blue-pony-sings-loud";
let addressCounter = 0;

/** A browser: a cookie jar and an address of its own (so tests do not share address throttles). */
function browser(address = `198.51.100.${++addressCounter}`) {
  const jar = new Map<string, string>();
  async function call(method: string, path: string, init: { form?: Record<string, string>; body?: BodyInit; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { host: "localhost:3000", [CLIENT_ADDRESS_HEADER]: address, ...init.headers };
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    let body = init.body;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers["content-type"] ??= "application/x-www-form-urlencoded";
    }
    const req = new Request(BASE + path, { method, headers, body, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);
    const res = await handleAuthRequest(req, new URL(req.url).pathname.replace("/api/auth/", "").split("/"));
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (!value || attrs.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a.trim()))) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }
  async function csrf() {
    return ((await (await call("GET", "csrf")).json()) as { csrfToken: string }).csrfToken;
  }
  return {
    jar,
    call,
    csrf,
    async signIn(email: string, password: string) {
      return call("POST", "callback/credentials", { form: { email, password, csrfToken: await csrf(), callbackUrl: "/ko", json: "true" } });
    },
    async signOut() {
      return call("POST", "signout", { form: { csrfToken: await csrf(), callbackUrl: "/ko", json: "true" } });
    },
    async sessionEmail(): Promise<string | null> {
      const s = (await (await call("GET", "session")).json()) as { user?: { email: string } };
      return s.user?.email ?? null;
    },
  };
}

const account = (role: "LEARNER" | "ADMIN" = "LEARNER") => makeUser(role, undefined, RIGHT);

describe("sessions end on the server", () => {
  it("a session cookie copied before sign-out no longer works after it", async () => {
    const u = await account();
    const b = browser();
    expect((await b.signIn(u.email, RIGHT)).status).toBe(200);
    expect(await b.sessionEmail()).toBe(u.email);
    const stolen = browser();
    for (const [k, v] of b.jar) stolen.jar.set(k, v);
    expect(await stolen.sessionEmail()).toBe(u.email);

    expect((await b.signOut()).status).toBe(200);
    expect(await b.sessionEmail()).toBeNull();
    expect(await stolen.sessionEmail()).toBeNull();
  });

  it("signing out on one browser leaves the user's other browsers signed in", async () => {
    const u = await account();
    const laptop = browser();
    const phone = browser();
    await laptop.signIn(u.email, RIGHT);
    await phone.signIn(u.email, RIGHT);
    await laptop.signOut();
    expect(await laptop.sessionEmail()).toBeNull();
    expect(await phone.sessionEmail()).toBe(u.email);
  });

  it("a role change and a password change end every session of that user", async () => {
    const admin = await account("ADMIN");
    const u = await account();
    const b = browser();
    await b.signIn(u.email, RIGHT);
    expect(await users.updateUserRole(admin, u.id, "INSTRUCTOR")).toEqual({ ok: true });
    expect(await b.sessionEmail()).toBeNull();

    await b.signIn(u.email, RIGHT);
    expect(await b.sessionEmail()).toBe(u.email);
    await users.updateUserPassword(u.id, await hashPassword("another-long-password"));
    expect(await b.sessionEmail()).toBeNull();
  });
});

describe("sign-in throttling over HTTP", () => {
  it("answers 429 with Retry-After once an account's free failures are spent, and the owner's browser still gets in", async () => {
    const u = await account();
    const owner = browser();
    expect((await owner.signIn(u.email, RIGHT)).status).toBe(200);
    expect(owner.jar.has("kc_device")).toBe(true);
    await owner.signOut();

    const attacker = browser();
    for (let i = 0; i < 5; i++) {
      const r = await attacker.signIn(u.email, `guess-${i}`);
      expect(r.status).toBe(401);
      expect(((await r.json()) as { url: string }).url).toContain("error=CredentialsSignin");
    }
    const refused = await attacker.signIn(u.email, RIGHT);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("30");
    expect(((await refused.json()) as { url: string }).url).toContain("error=RateLimited%3A30");
    expect(await attacker.sessionEmail()).toBeNull();

    expect((await owner.signIn(u.email, RIGHT)).status).toBe(200);
    expect(await owner.sessionEmail()).toBe(u.email);
  });

  it("a rotating X-Forwarded-For does not give a client a fresh address", async () => {
    const b = browser("198.51.100.201");
    const statuses: number[] = [];
    for (let i = 0; i <= 30; i++) {
      const r = await b.call("POST", "callback/credentials", {
        form: { email: `spray-${i}@example.test`, password: "Winter2026!", csrfToken: await b.csrf(), json: "true" },
        headers: { "x-forwarded-for": `10.0.${i}.1` },
      });
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});

// SQLite's write lock held by another connection; PostgreSQL's busy answers are tested in lib/db-client.test.ts.
forDatabase("sqlite").describe("a locked database", () => {
  it("a sign-in that cannot record its session answers 503 with Retry-After and a url the browser client can read", async () => {
    const u = await account();
    const b = browser();
    const csrfToken = await b.csrf();
    const Database = (await import("better-sqlite3")).default;
    const other = new Database(process.env.DATABASE_URL!.replace(/^file:/, ""));
    other.prepare("BEGIN IMMEDIATE").run();
    other.prepare("UPDATE User SET name = name").run();
    try {
      const r = await b.call("POST", "callback/credentials", { form: { email: u.email, password: RIGHT, csrfToken, json: "true" }, headers: { cookie: "NEXT_LOCALE=en" } });
      expect(r.status).toBe(503);
      expect(r.headers.get("retry-after")).toBe("2");
      const body = (await r.json()) as { url: string; error: { code: string; message: string } };
      expect(new URL(body.url).searchParams.get("error")).toBe("Busy");
      expect(body.error.code).toBe("busy");
      expect(b.jar.has("next-auth.session-token")).toBe(false);
    } finally {
      other.prepare("ROLLBACK").run();
      other.close();
    }
    expect((await b.signIn(u.email, RIGHT)).status).toBe(200);
  }, 20_000);
});

describe("bodies and bad input", () => {
  it("an oversized body is refused with 413 whether or not its length is announced", async () => {
    const b = browser();
    const big = "a=" + "x".repeat(10 * 1024 * 1024);
    const declared = await b.call("POST", "callback/credentials", { body: big, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { message: string } }).error.message).toContain("8 KiB");

    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        sent += 64 * 1024;
        if (sent > 64 * 1024 * 1024) c.close();
        else c.enqueue(new Uint8Array(64 * 1024).fill(97));
      },
    });
    const chunked = await b.call("POST", "callback/credentials", { body: endless, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(chunked.status).toBe(413);
    expect(sent).toBeLessThan(1024 * 1024);
  });

  it("answers in the visitor's language", async () => {
    const b = browser();
    const r = await b.call("POST", "signout", { body: "{}", headers: { "content-type": "application/json", cookie: "NEXT_LOCALE=en" } });
    expect(r.status).toBe(415);
    expect(await r.json()).toEqual({ error: { code: "unsupportedType", message: "This endpoint does not accept that kind of content." } });
    const ko = await browser().call("POST", "signout", { body: "{}", headers: { "content-type": "application/json" } });
    expect(((await ko.json()) as { error: { message: string } }).error.message).toBe("이 주소는 이런 형식의 내용을 받지 않습니다.");
  });

  const forms: [string, string, string | undefined][] = [
    ["POST", "callback/credentials", "email=a%40b.co&password=x"],
    ["POST", "callback/credentials", "%%%&&&==="],
    ["POST", "callback/credentials", "email=%E0%A4%A&password=%FF%FE"],
    ["POST", "callback/credentials", "csrfToken=&email=&password="],
    ["POST", "callback/credentials", "json=true&callbackUrl=javascript:alert(1)&csrfToken=x"],
    ["POST", "callback/credentials", "callbackUrl=%00%0a&json=true"],
    ["POST", "callback/nope", "json=true"],
    ["POST", "signin/credentials", "callbackUrl=http://evil.example/&json=true"],
    ["POST", "signin", "json=true"],
    ["POST", "signout", ""],
    ["POST", "session", "data=%7B%22x%22%3A1%7D&csrfToken=x"],
    ["POST", "_log", "level=error&code=x&message=y"],
    ["POST", "csrf", "a=b"],
    ["GET", "session", undefined],
    ["GET", "providers", undefined],
    ["GET", "signin?callbackUrl=%ZZ", undefined],
    ["GET", "error?error=%3Cscript%3E", undefined],
    ["GET", "callback/credentials", undefined],
    ["GET", "signin?callbackUrl=%00%0a", undefined],
    ["GET", "nope", undefined],
    ["GET", "signin/credentials/extra", undefined],
  ];
  it.each(forms)("%s %s %s -> a 2xx/3xx/4xx, never a 500", async (method, path, body) => {
    const b = browser();
    const r = await b.call(method, path, body === undefined ? {} : { body, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(r.status).toBeLessThan(500);
  });

  it.each(["application/json", "text/plain", "multipart/form-data; boundary=x", ""])("a POST of type %j is refused with 415", async (type) => {
    const r = await browser().call("POST", "callback/credentials", { body: "email=a", headers: type ? { "content-type": type } : {} });
    expect(r.status).toBe(415);
  });

  it("unknown actions are 404", async () => {
    expect((await browser().call("GET", "nope")).status).toBe(404);
  });
});
