import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, createApi } from "./api";

type Call = { url: string; method: string; body?: Record<string, unknown> };

/** A fetch stub that records each request and answers with `reply(call)` (a status and a JSON body). */
function stubFetch(reply: (c: Call) => { status: number; body: unknown } | Promise<{ status: number; body: unknown }>) {
  const calls: Call[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    const c: Call = { url, method: init.method ?? "GET", ...(init.body ? { body: JSON.parse(String(init.body)) } : {}) };
    calls.push(c);
    const r = await reply(c);
    return new Response(JSON.stringify(r.body), { status: r.status, headers: { "content-type": "application/json" } });
  });
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe("the exercise API client", () => {
  it("puts the page's locale in the query of every request, and in every POST body", async () => {
    const calls = stubFetch(() => ({ status: 200, body: {} }));
    const api = createApi("en");
    await api.createAttempt("ex-1");
    await api.latestAttempt("ex-1");
    await api.getAttempt("a1");
    await api.transcript("a1");
    await api.run("a1", "kubectl get pods");
    await api.saveFile("a1", "/root/a.yaml", "a: 1\n");
    await api.advance("a1", { seconds: 30 });
    await api.grade("a1");
    await api.revealHint("a1");
    await api.solution("a1");
    await api.complete("a1", "kubectl get po");
    expect(calls).toHaveLength(11);
    for (const c of calls) {
      expect(new URL(c.url, "http://x").searchParams.get("locale"), c.url).toBe("en");
      if (c.method === "POST") expect(c.body?.locale, c.url).toBe("en");
    }
  });

  it("carries the server's localized message and status in the error", async () => {
    stubFetch(() => ({ status: 413, body: { error: { code: "tooLarge", message: "The input is too large (at most 16 KiB)." } } }));
    const e = await createApi("en").run("a1", "x").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 413, code: "tooLarge", message: "The input is too large (at most 16 KiB)." });
  });

  it("starts attempts one at a time, so the first can set the anonymous session cookie the next one uses", async () => {
    let open = 0;
    let most = 0;
    const calls = stubFetch(async () => {
      open++;
      most = Math.max(most, open);
      await new Promise((r) => setTimeout(r, 5));
      open--;
      return { status: 201, body: {} };
    });
    const api = createApi("ko");
    await Promise.all([api.createAttempt("ex-1"), createApi("en").createAttempt("ex-2"), api.createAttempt("ex-3")]);
    expect(calls).toHaveLength(3);
    expect(most).toBe(1);
  });
});
