import { describe, expect, it } from "vitest";
import { KeyedMutex, SessionLru } from "./cache";
import { jsonPath, jsonPathText } from "./jsonpath";
import { drawParameters, substitute } from "./params";
import { ExerciseSchema } from "./schema";
import { decodeEntry, encodeEntry } from "./store";

const minimal = {
  id: "x-demo",
  title: { ko: "t", en: "t" },
  difficulty: "easy",
  domain: "workloads",
  parameters: { app: { pick: ["a", "b"] } },
  task: { ko: "{{app}}", en: "{{app}}" },
  start: { preset: "cka" },
  solution: ["kubectl create deployment {{app}} --image=nginx"],
  checks: [{ id: "c", title: { ko: "c", en: "c" }, type: "object", resource: "deployments", name: "{{app}}" }],
};

describe("parameters", () => {
  const specs = { a: { pick: ["x", "y", "z"] }, n: { int: [2, 5] as [number, number] }, id: { name: "v" }, d: { value: "{{a}}-svc" } };
  it("are a pure function of exercise id and seed", () => {
    expect(drawParameters("ex", specs, 42)).toEqual(drawParameters("ex", specs, 42));
    const many = new Set(Array.from({ length: 30 }, (_, i) => JSON.stringify(drawParameters("ex", specs, i))));
    expect(many.size).toBeGreaterThan(5);
  });
  it("respect their generators and may derive from earlier ones", () => {
    for (let seed = 0; seed < 50; seed++) {
      const p = drawParameters("ex", specs, seed);
      expect(["x", "y", "z"]).toContain(p.a);
      expect(p.n).toBeGreaterThanOrEqual(2);
      expect(p.n).toBeLessThanOrEqual(5);
      expect(String(p.id)).toMatch(/^v[a-z0-9]{4}$/);
      expect(p.d).toBe(`${p.a}-svc`);
    }
  });
  it("substitute deeply and leave unknown placeholders", () => {
    expect(substitute({ a: ["{{x}}", { b: "{{ y }}-{{z}}" }], n: 3 }, { x: 1, y: "q" })).toEqual({ a: ["1", { b: "q-{{z}}" }], n: 3 });
    expect(substitute({ "{{y}}.yaml": "x" }, { y: "web" })).toEqual({ "web.yaml": "x" });
  });
});

describe("schema", () => {
  it("accepts a minimal exercise", () => {
    expect(ExerciseSchema.safeParse(minimal).success).toBe(true);
  });
  it("rejects unknown placeholders, duplicate check ids and unknown fields", () => {
    expect(ExerciseSchema.safeParse({ ...minimal, task: { ko: "{{nope}}", en: "x" } }).success).toBe(false);
    expect(ExerciseSchema.safeParse({ ...minimal, start: { files: { "{{nope}}.yaml": "a" } } }).success).toBe(false);
    expect(ExerciseSchema.safeParse({ ...minimal, checks: [minimal.checks[0], minimal.checks[0]] }).success).toBe(false);
    expect(ExerciseSchema.safeParse({ ...minimal, extra: 1 }).success).toBe(false);
    expect(ExerciseSchema.safeParse({ ...minimal, parameters: { a: { value: "{{b}}" }, b: { pick: [1] } } }).success).toBe(false);
  });
});

describe("jsonpath", () => {
  const o = { spec: { ports: [{ name: "http", port: 80 }, { name: "https", port: 443 }], "a.b": 1 }, metadata: { labels: { "app.kubernetes.io/name": "x" } } };
  it("selects fields, indexes, wildcards, filters and quoted keys", () => {
    expect(jsonPathText(o, "{.spec.ports[0].port}")).toBe("80");
    expect(jsonPathText(o, "{.spec.ports[*].port}")).toBe("80 443");
    expect(jsonPathText(o, '{.spec.ports[?(@.name=="https")].port}')).toBe("443");
    expect(jsonPathText(o, "{.metadata.labels['app.kubernetes.io/name']}")).toBe("x");
    expect(jsonPathText(o, "{.metadata.labels.app\\.kubernetes\\.io/name}")).toBe("x");
    expect(jsonPath(o, "{.spec.nothing}")).toEqual([]);
    expect(jsonPathText(o, "{.spec.ports[-1].name}")).toBe("https");
  });
});

describe("session LRU", () => {
  const item = (bytes: number) => ({ approxBytes: () => bytes });
  it("evicts the least recently used by count", () => {
    const lru = new SessionLru({ maxEntries: 2, maxBytes: 1e9 });
    lru.set("a", item(1));
    lru.set("b", item(1));
    lru.get("a");
    lru.set("c", item(1));
    expect([lru.get("a"), lru.get("b"), lru.get("c")].map(Boolean)).toEqual([true, false, true]);
  });
  it("evicts by approximate memory and keeps the newest even if it alone is too big", () => {
    const lru = new SessionLru({ maxEntries: 10, maxBytes: 100 });
    lru.set("a", item(60));
    lru.set("b", item(60));
    expect(lru.get("a")).toBeUndefined();
    expect(lru.totalBytes).toBe(60);
    lru.set("huge", item(500));
    expect(lru.size).toBe(1);
    expect(lru.get("huge")).toBeDefined();
  });
});

describe("keyed mutex", () => {
  it("runs work for one key strictly in order", async () => {
    const m = new KeyedMutex();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = m.run("k", async () => {
      await gate;
      order.push("first");
    });
    const second = m.run("k", async () => {
      order.push("second");
    });
    const other = m.run("other", async () => {
      order.push("other");
    });
    await other;
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(["other", "first", "second"]);
  });
});

describe("log entry encoding", () => {
  it("round-trips every kind", () => {
    for (const e of [
      { kind: "run", line: "kubectl get pods | grep x" },
      { kind: "save", path: "a.yaml", content: "x: 1\n" },
      { kind: "edit", content: null },
      { kind: "advance", seconds: 30 },
      { kind: "idle" },
    ] as const) {
      const { kind, payload } = encodeEntry(e);
      expect(decodeEntry(kind, payload)).toEqual(e);
    }
    expect(() => decodeEntry("rm", "{}")).toThrow();
  });
});
