// CustomResourceDefinitions in the simulated API server: CRD validation texts
// (apiextensions-apiserver validation.go), establishing, structural pruning/defaulting, OpenAPI
// validation texts and edges, status subresource, cleanup on CRD/namespace deletion, GC, snapshots.
import { describe, expect, it } from "vitest";
import { createCluster, type Cluster } from "../index";
import type { Obj } from "../util";

function crd(over: Obj = {}, version: Obj = {}): Obj {
  return {
    apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "widgets.toys.example.com" },
    spec: {
      group: "toys.example.com", scope: "Namespaced", names: { plural: "widgets", singular: "widget", kind: "Widget", shortNames: ["wd"] },
      versions: [{
        name: "v1", served: true, storage: true,
        schema: { openAPIV3Schema: { type: "object", properties: {
          spec: { type: "object", required: ["size"], properties: {
            size: { type: "integer", minimum: 1, maximum: 10 },
            color: { type: "string", enum: ["red", "blue"], default: "red" },
            name: { type: "string", maxLength: 5, pattern: "^[a-z]+$" },
            labels: { type: "object", additionalProperties: { type: "string" } },
            extra: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
            ports: { type: "array", maxItems: 2, items: { type: "object", properties: { port: { type: "integer" } } } },
          } },
          status: { type: "object", properties: { phase: { type: "string" } } },
        } } },
        subresources: { status: {} },
        ...version,
      }],
      ...over,
    },
  };
}

const widget = (spec: Obj, name = "w1", ns?: string): Obj => ({ apiVersion: "toys.example.com/v1", kind: "Widget", metadata: { name, ...(ns ? { namespace: ns } : {}) }, spec });

function withCrd(): Cluster {
  const c = createCluster({ seed: 3, preset: "single" });
  const r = c.apply(crd());
  expect(r.ok).toBe(true);
  c.runUntilIdle({ maxMs: 5000 });
  return c;
}

function message(r: { ok: boolean; status?: { message: string } }): string {
  expect(r.ok).toBe(false);
  return r.status!.message;
}

describe("CustomResourceDefinition validation", () => {
  const c = createCluster({ seed: 1, preset: "single" });
  it("names must agree with metadata.name", () => {
    const bad = crd();
    bad.metadata.name = "widget.toys.example.com";
    expect(message(c.create(bad))).toBe('CustomResourceDefinition.apiextensions.k8s.io "widget.toys.example.com" is invalid: metadata.name: Invalid value: "widget.toys.example.com": must be spec.names.plural+"."+spec.group');
  });
  it("a group needs a dot, the scope one of two values", () => {
    const bad = crd({ group: "toys", scope: "Global" });
    bad.metadata.name = "widgets.toys";
    expect(message(c.create(bad))).toBe('CustomResourceDefinition.apiextensions.k8s.io "widgets.toys" is invalid: [spec.group: Invalid value: "toys": should be a domain with at least one dot, spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"]');
  });
  it("exactly one storage version", () => {
    const none = crd({}, { storage: false });
    expect(message(c.create(none))).toContain("spec.versions: Invalid value: ");
    expect(message(c.create(none))).toContain(": must have exactly one version marked as storage version");
    const two = crd();
    two.spec.versions.push({ ...two.spec.versions[0], name: "v2" });
    expect(message(c.create(two))).toContain("must have exactly one version marked as storage version");
  });
  it("v1 requires a schema", () => {
    const bad = crd({}, { schema: undefined });
    expect(message(c.create(bad))).toContain("spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required");
  });
  it("defaults singular and listKind, adds the cleanup finalizer; group and plural are immutable", () => {
    const c2 = createCluster({ seed: 1, preset: "single" });
    const r = c2.create(crd({ names: { plural: "widgets", kind: "Widget" } }));
    expect(r.ok).toBe(true);
    const o = (r as { object: Obj }).object;
    expect(o.spec.names.singular).toBe("widget");
    expect(o.spec.names.listKind).toBe("WidgetList");
    expect(o.metadata.finalizers).toEqual(["customresourcecleanup.apiextensions.k8s.io"]);
    const upd = c2.patch("crd", "widgets.toys.example.com", { spec: { group: "other.example.com" } }, "merge");
    expect(message(upd)).toContain('spec.group: Invalid value: "other.example.com": field is immutable');
  });
});

describe("establishing and discovery", () => {
  it("objects are refused until the CRD is Established, then served under every name", () => {
    const c = createCluster({ seed: 2, preset: "single" });
    c.apply(crd());
    expect(message(c.create(widget({ size: 1 })))).toBe('no matches for kind "Widget" in version "toys.example.com/v1"');
    c.runUntilIdle({ maxMs: 5000 });
    const got = c.get("crd", "widgets.toys.example.com");
    const conds = (got as { object: Obj }).object.status.conditions.map((x: Obj) => `${x.type}=${x.status}`);
    expect(conds).toEqual(["NamesAccepted=True", "Established=True"]);
    expect(c.create(widget({ size: 1 })).ok).toBe(true);
    for (const n of ["widgets", "widget", "wd", "widgets.toys.example.com"]) expect(c.list(n).ok).toBe(true);
    expect(c.resources().map((r) => r.resource)).toContain("widgets");
    expect(c.resources().map((r) => r.resource)).toContain("customresourcedefinitions");
  });
  it("a plural that clashes with a served resource is not accepted", () => {
    const c = withCrd();
    const clash = crd({ group: "more.example.com", names: { plural: "widgets", kind: "Gadget" } });
    clash.metadata.name = "widgets.more.example.com";
    expect(c.create(clash).ok).toBe(true);
    c.runUntilIdle({ maxMs: 5000 });
    const o = (c.get("crd", "widgets.more.example.com") as { object: Obj }).object;
    expect(o.status.conditions[0]).toMatchObject({ type: "NamesAccepted", status: "False", reason: "NameConflict" });
    expect(message(c.create({ apiVersion: "more.example.com/v1", kind: "Gadget", metadata: { name: "g" }, spec: { size: 1 } }))).toContain("no matches for kind");
  });
});

describe("custom objects: OpenAPI validation (kube-openapi texts)", () => {
  const c = withCrd();
  const err = (spec: Obj) => message(c.create(widget(spec, "bad")));
  it("minimum and maximum are inclusive", () => {
    expect(c.create(widget({ size: 1 }, "lo")).ok).toBe(true);
    expect(c.create(widget({ size: 10 }, "hi")).ok).toBe(true);
    expect(err({ size: 0 })).toBe('Widget.toys.example.com "bad" is invalid: spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1');
    expect(err({ size: 11 })).toBe('Widget.toys.example.com "bad" is invalid: spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10');
  });
  it("types, required, enum, length, pattern, items", () => {
    expect(err({ size: "3" })).toContain('spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"');
    expect(err({ size: 2.5 })).toContain('spec.size in body must be of type integer: "number"');
    expect(err({})).toBe('Widget.toys.example.com "bad" is invalid: spec.size: Required value');
    expect(err({ size: 1, color: "green" })).toContain('spec.color: Unsupported value: "green": supported values: "red", "blue"');
    expect(err({ size: 1, name: "abcdef" })).toContain("spec.name: Too long: may not be more than 5 bytes");
    expect(err({ size: 1, name: "ab1" })).toContain("spec.name: Invalid value: \"ab1\": spec.name in body should match '^[a-z]+$'");
    expect(err({ size: 1, ports: [{ port: 1 }, { port: 2 }, { port: 3 }] })).toContain("spec.ports: Too many: 3: must have at most 2 items");
    expect(err({ size: 1, ports: [{ port: "x" }] })).toContain('spec.ports[0].port: Invalid value: "string"');
    expect(err({ size: 1, labels: { a: 1 } })).toContain('spec.labels.a: Invalid value: "integer"');
  });
  it("defaults are applied, unknown fields are pruned (strict: refused), preserve-unknown-fields keeps them", () => {
    const r = c.create(widget({ size: 2, extra: { anything: [1] } }, "d1"));
    expect((r as { object: Obj }).object.spec).toEqual({ size: 2, color: "red", extra: { anything: [1] } });
    expect(message(c.create(widget({ size: 2, shape: "round" }, "d2")))).toBe('Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.shape"');
    const ign = c.create(widget({ size: 2, shape: "round" }, "d3"), { fieldValidation: "Ignore" });
    expect((ign as { object: Obj }).object.spec).toEqual({ size: 2, color: "red" });
    const warn = c.create(widget({ size: 2, shape: "round" }, "d4"), { fieldValidation: "Warn" });
    expect(warn.ok && warn.warnings).toEqual(['unknown field "spec.shape"']);
  });
  it("a patch is validated too", () => {
    expect(c.create(widget({ size: 3 }, "p1")).ok).toBe(true);
    expect(message(c.patch("widgets", "p1", { spec: { size: 99 } }, "merge"))).toContain("spec.size in body should be less than or equal to 10");
    const ok = c.patch("widgets", "p1", { spec: { size: 4 } }, "merge");
    expect((ok as { object: Obj }).object.metadata.generation).toBe(2);
  });
});

describe("status subresource and lifecycle", () => {
  it("with the status subresource, a spec write keeps the status and a status write does not bump generation", () => {
    const c = withCrd();
    const created = (c.create(widget({ size: 3 })) as { object: Obj }).object;
    c.api.writeStatus({ ...created, status: { phase: "Ready" } }, "test");
    const upd = c.replace({ ...widget({ size: 4 }), status: { phase: "Lost" } });
    expect((upd as { object: Obj }).object.status).toEqual({ phase: "Ready" });
    expect((upd as { object: Obj }).object.metadata.generation).toBe(2);
  });
  it("deleting the CRD deletes its objects first (Terminating), then the CRD", () => {
    const c = withCrd();
    c.create(widget({ size: 1 }, "a"));
    c.create(widget({ size: 1 }, "b", "kube-system"));
    expect(c.delete("crd", "widgets.toys.example.com").ok).toBe(true);
    expect(message(c.create(widget({ size: 1 }, "late")))).toBe("create not allowed while custom resource definition is terminating");
    c.runUntilIdle({ maxMs: 10_000 });
    expect(c.get("crd", "widgets.toys.example.com").ok).toBe(false);
    expect(message(c.list("widgets"))).toBe('the server doesn\'t have a resource type "widgets"');
    expect(c.snapshot()).not.toContain('"widgets"');
  });
  it("deleting a namespace deletes its custom objects; the GC deletes what a custom object owns", () => {
    const c = withCrd();
    c.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "toys" } });
    const w = (c.create(widget({ size: 1 }, "owner", "toys")) as { object: Obj }).object;
    const ref = { apiVersion: "toys.example.com/v1", kind: "Widget", name: "owner", uid: w.metadata.uid, controller: true, blockOwnerDeletion: true };
    c.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "keep", namespace: "default" } });
    c.create({ apiVersion: "v1", kind: "Service", metadata: { name: "owned", namespace: "toys", ownerReferences: [ref] }, spec: { ports: [{ port: 80 }], selector: { a: "b" } } });
    c.delete("widgets", "owner", { namespace: "toys" });
    c.runUntilIdle({ maxMs: 10_000 });
    expect(c.get("services", "owned", { namespace: "toys" }).ok).toBe(false);
    c.create(widget({ size: 1 }, "w", "toys"));
    c.delete("namespaces", "toys");
    c.runUntilIdle({ maxMs: 30_000 });
    expect(c.get("namespaces", "toys").ok).toBe(false);
    expect((c.list("widgets", { allNamespaces: true }) as { object: Obj[] }).object).toEqual([]);
  });
  it("snapshot/restore and stateHash carry CRDs and their objects", () => {
    const c = withCrd();
    const h0 = c.stateHash();
    c.create(widget({ size: 5 }));
    expect(c.stateHash()).not.toBe(h0);
    const snap = c.snapshot();
    const d = createCluster({ seed: 9, preset: "single" });
    d.restore(snap);
    expect(d.stateHash()).toBe(c.stateHash());
    expect((d.get("wd", "w1") as { object: Obj }).object.spec.size).toBe(5);
    expect(c.trace({ component: "simulator" })).toEqual([]);
  });
});
