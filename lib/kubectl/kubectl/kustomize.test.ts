// Kustomize build: the name hash against real kustomize outputs, the legacy output order, the
// transformers' edges and kustomize's error texts. Transcripts through kubectl are in testdata/kustomize.sh.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Json } from "../cluster-api";
import { kustomizeBuild, kustomizeHash, kustomizeYaml, sha256Hex, type KustomizeFs } from "./kustomize";
import { parseManifests } from "./yaml";

/** A file system from a map of absolute paths to contents (directories are implied). */
function memFs(files: Record<string, string>): KustomizeFs {
  const dirs = new Set<string>(["/"]);
  for (const f of Object.keys(files)) {
    const parts = f.split("/").filter(Boolean);
    for (let i = 1; i < parts.length; i++) dirs.add("/" + parts.slice(0, i).join("/"));
  }
  return { isDir: (p) => dirs.has(p), isFile: (p) => p in files, read: (p) => files[p] ?? null };
}

function build(files: Record<string, string>, dir = "/k") {
  const r = kustomizeBuild(memFs(files), dir);
  if (!r.ok) throw new Error(r.error);
  return r.docs;
}

function buildError(files: Record<string, string>, dir = "/k") {
  const r = kustomizeBuild(memFs(files), dir);
  if (r.ok) throw new Error("expected the build to fail");
  return r.error;
}

const names = (docs: Json[]) => docs.map((d) => `${d.kind}/${d.metadata.namespace ? d.metadata.namespace + "/" : ""}${d.metadata.name}`);

describe("name hash (api/hasher/hasher.go)", () => {
  it("sha256 matches node's crypto on ASCII, multi-byte text and every padding length", () => {
    const texts = ["", "abc", "키 = 값", "emoji 🚀 and \u2028", "lone \ud800 surrogate"];
    for (let n = 0; n <= 130; n++) texts.push("x".repeat(n), "한".repeat(n % 40));
    for (const t of texts) expect(sha256Hex(t), JSON.stringify(t)).toBe(createHash("sha256").update(t, "utf8").digest("hex"));
  });

  it("matches the hashes kustomize's own hasher tests expect", () => {
    // expected values: kubernetes-sigs/kustomize api/hasher/hasher_test.go
    expect(kustomizeHash({ apiVersion: "v1", kind: "ConfigMap" })).toBe("6ct58987ht");
    expect(kustomizeHash({ apiVersion: "v1", kind: "ConfigMap", data: { one: "" } })).toBe("9g67k2htb6");
    expect(kustomizeHash({ apiVersion: "v1", kind: "ConfigMap", binaryData: { one: "" } })).toBe("6mtk2m274t");
    expect(kustomizeHash({ apiVersion: "v1", kind: "ConfigMap", data: { one: "" }, binaryData: { two: "" } })).toBe("698h7c7t9m");
    expect(kustomizeHash({ apiVersion: "v1", kind: "Secret", type: "my-type" })).toBe("5gmgkf8578");
    expect(kustomizeHash({ apiVersion: "v1", kind: "Secret", type: "my-type", data: { one: "" } })).toBe("74bd68bm66");
  });

  it("names a generated ConfigMap as `kubectl kustomize` does in the Kubernetes documentation", () => {
    // kubernetes.io/docs/tasks/manage-kubernetes-objects/kustomization: a files generator over
    // "FOO=Bar\n" named example-configmap-1 prints example-configmap-1-8mbdf7882g
    const docs = build({
      "/k/kustomization.yaml": "configMapGenerator:\n- name: example-configmap-1\n  files:\n  - application.properties\n",
      "/k/application.properties": "FOO=Bar\n",
    });
    expect(kustomizeYaml(docs)).toBe("apiVersion: v1\ndata:\n  application.properties: |\n    FOO=Bar\nkind: ConfigMap\nmetadata:\n  name: example-configmap-1-8mbdf7882g\n");
  });

  it("hashes Go's JSON: <, > and & are escaped before hashing", () => {
    const plain = kustomizeHash({ kind: "ConfigMap", metadata: { name: "a" }, data: { k: "<&>" } });
    const asJs = createHash("sha256").update(JSON.stringify({ data: { k: "<&>" }, kind: "ConfigMap", name: "a" })).digest("hex");
    const asGo = createHash("sha256").update('{"data":{"k":"\\u003c\\u0026\\u003e"},"kind":"ConfigMap","name":"a"}').digest("hex");
    const enc = (h: string) => [...h.slice(0, 10)].map((c) => ({ "0": "g", "1": "h", "3": "k", a: "m", e: "t" })[c] ?? c).join("");
    expect(plain).toBe(enc(asGo));
    expect(plain).not.toBe(enc(asJs));
  });

  it("covers the final name: a prefix from the overlay changes the hash, the data decides it", () => {
    const base = { "/b/kustomization.yaml": "configMapGenerator:\n- name: cfg\n  literals:\n  - a=1\n" };
    const plain = build(base, "/b")[0].metadata.name;
    const prefixed = build({ ...base, "/k/kustomization.yaml": "namePrefix: p-\nresources:\n- ../b\n" })[0].metadata.name;
    expect(plain).toMatch(/^cfg-[a-z0-9]{10}$/);
    expect(prefixed).toBe(`p-cfg-${kustomizeHash({ kind: "ConfigMap", metadata: { name: "p-cfg" }, data: { a: "1" } })}`);
    const changed = build({ "/b/kustomization.yaml": "configMapGenerator:\n- name: cfg\n  literals:\n  - a=2\n" }, "/b")[0].metadata.name;
    expect(changed).not.toBe(plain);
  });

  it("disableNameSuffixHash: globally, per generator, and a global true wins over a local false", () => {
    const k = (opts: string, local = "") => build({ "/k/kustomization.yaml": `${opts}configMapGenerator:\n- name: cfg\n  literals:\n  - a=1\n${local}` })[0].metadata.name;
    expect(k("generatorOptions:\n  disableNameSuffixHash: true\n")).toBe("cfg");
    expect(k("", "  options:\n    disableNameSuffixHash: true\n")).toBe("cfg");
    expect(k("generatorOptions:\n  disableNameSuffixHash: true\n", "  options:\n    disableNameSuffixHash: false\n")).toBe("cfg");
    expect(k("")).not.toBe("cfg");
  });
});

describe("generators", () => {
  it("secretGenerator: base64 data, type Opaque unless set, literals with quotes removed", () => {
    const [s] = build({ "/k/kustomization.yaml": "secretGenerator:\n- name: s\n  type: kubernetes.io/basic-auth\n  literals:\n  - username=admin\n  - password='p w'\n" });
    expect(s.type).toBe("kubernetes.io/basic-auth");
    expect(s.data).toEqual({ username: "YWRtaW4=", password: "cCB3" });
    const [o] = build({ "/k/kustomization.yaml": "secretGenerator:\n- name: s\n  literals:\n  - a=b\n" });
    expect(o.type).toBe("Opaque");
  });

  it("env files: comments and blank lines skipped, leading space trimmed, a bare key is empty", () => {
    const [c] = build({ "/k/kustomization.yaml": "configMapGenerator:\n- name: c\n  envs:\n  - a.env\n", "/k/a.env": "# x\n\n  A=1\nB\nC=x=y\n" });
    expect(c.data).toEqual({ A: "1", B: "", C: "x=y" });
  });

  it("refuses a repeated key, a bad key, a literal without '=' and a file outside the root", () => {
    expect(buildError({ "/k/kustomization.yaml": "configMapGenerator:\n- name: c\n  literals:\n  - a=1\n  - a=2\n" })).toBe("configmap c illegally repeats the key `a`");
    expect(buildError({ "/k/kustomization.yaml": "configMapGenerator:\n- name: c\n  literals:\n  - a b=1\n" })).toMatch(/^"a b" is not a valid key name/);
    expect(buildError({ "/k/kustomization.yaml": "configMapGenerator:\n- name: c\n  literals:\n  - novalue\n" })).toBe("loading KV pairs: literal sources [novalue]: invalid literal source novalue, expected key=value");
    expect(buildError({ "/k/kustomization.yaml": "configMapGenerator:\n- name: c\n  files:\n  - ../secret.txt\n", "/secret.txt": "x" })).toBe("loading KV pairs: file sources: [../secret.txt]: security; file '/secret.txt' is not in or below '/k'");
  });

  it("behavior merge needs the generated object in a base; create refuses a duplicate", () => {
    expect(buildError({ "/k/kustomization.yaml": "configMapGenerator:\n- name: c\n  behavior: merge\n  literals:\n  - a=1\n" })).toMatch(/does not exist; cannot merge or replace$/);
    const files = { "/b/kustomization.yaml": "configMapGenerator:\n- name: c\n  literals:\n  - a=1\n  - b=1\n" };
    const [merged] = build({ ...files, "/k/kustomization.yaml": "resources:\n- ../b\nconfigMapGenerator:\n- name: c\n  behavior: merge\n  literals:\n  - b=2\n" });
    expect(merged.data).toEqual({ a: "1", b: "2" });
    const [replaced] = build({ ...files, "/k/kustomization.yaml": "resources:\n- ../b\nconfigMapGenerator:\n- name: c\n  behavior: replace\n  literals:\n  - b=2\n" });
    expect(replaced.data).toEqual({ b: "2" });
  });
});

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      initContainers:
      - name: init
        image: busybox
      containers:
      - name: web
        image: nginx:1.25
      - name: side
        image: example.com:5000/nginx:1.0
`;

describe("transformers", () => {
  it("labels: selectors only with includeSelectors, templates with includeTemplates", () => {
    const k = (labels: string) => build({ "/k/kustomization.yaml": `resources:\n- d.yaml\nlabels:\n${labels}`, "/k/d.yaml": DEPLOY })[0];
    const plain = k("- pairs:\n    t: x\n");
    expect(plain.metadata.labels).toEqual({ t: "x" });
    expect(plain.spec.selector.matchLabels).toEqual({ app: "web" });
    expect(plain.spec.template.metadata.labels).toEqual({ app: "web" });
    const tpl = k("- pairs:\n    t: x\n  includeTemplates: true\n");
    expect(tpl.spec.template.metadata.labels).toEqual({ app: "web", t: "x" });
    expect(tpl.spec.selector.matchLabels).toEqual({ app: "web" });
    const sel = k("- pairs:\n    t: x\n  includeSelectors: true\n");
    expect(sel.spec.selector.matchLabels).toEqual({ app: "web", t: "x" });
    expect(sel.spec.template.metadata.labels).toEqual({ app: "web", t: "x" });
  });

  it("commonLabels create a Service selector but leave a Job's absent selector alone", () => {
    const docs = build({
      "/k/kustomization.yaml": "resources:\n- r.yaml\ncommonLabels:\n  a: b\n",
      "/k/r.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: busybox\n",
    });
    const svc = docs.find((d) => d.kind === "Service");
    const job = docs.find((d) => d.kind === "Job");
    expect(svc.spec.selector).toEqual({ a: "b" });
    expect(job.spec.selector).toBeUndefined();
    expect(job.spec.template.metadata.labels).toEqual({ a: "b" });
  });

  it("images: a name matches with or without a tag, never a longer name; digest replaces the tag", () => {
    const run = (img: string) => build({ "/k/kustomization.yaml": `resources:\n- d.yaml\nimages:\n${img}`, "/k/d.yaml": DEPLOY })[0].spec.template.spec;
    const a = run("- name: nginx\n  newTag: '1.27'\n");
    expect(a.containers.map((c: Json) => c.image)).toEqual(["nginx:1.27", "example.com:5000/nginx:1.0"]);
    const b = run("- name: busybox\n  digest: sha256:abc\n");
    expect(b.initContainers[0].image).toBe("busybox@sha256:abc");
    const c = run("- name: example.com:5000/nginx\n  newName: mirror/nginx\n");
    expect(c.containers[1].image).toBe("mirror/nginx:1.0");
  });

  it("namespace: namespaced objects move, cluster-scoped stay, a Namespace object is renamed", () => {
    const docs = build({
      "/k/kustomization.yaml": "namespace: team\nresources:\n- r.yaml\n",
      "/k/r.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: cr\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: elsewhere\n",
    });
    expect(names(docs)).toEqual(["Namespace/team", "ClusterRole/cr", "ConfigMap/team/c"]);
  });

  it("namespace: RoleBinding subjects named default follow, others keep theirs", () => {
    const [rb] = build({
      "/k/kustomization.yaml": "namespace: team\nresources:\n- rb.yaml\n",
      "/k/rb.yaml": "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: rb\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: r\nsubjects:\n- kind: ServiceAccount\n  name: default\n  namespace: default\n- kind: ServiceAccount\n  name: robot\n  namespace: default\n",
    });
    expect(rb.metadata.namespace).toBe("team");
    expect(rb.subjects.map((s: Json) => s.namespace)).toEqual(["team", "default"]);
  });

  it("patches: JSON 6902 needs a target; a strategic merge patch finds its object by the base name", () => {
    const files = { "/b/kustomization.yaml": "namePrefix: b-\nresources:\n- d.yaml\n", "/b/d.yaml": DEPLOY };
    const [d] = build({
      ...files,
      "/k/kustomization.yaml": "resources:\n- ../b\npatches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: web\n    spec:\n      template:\n        spec:\n          containers:\n          - name: side\n            $patch: delete\n- target:\n    kind: Deployment\n    name: b-.*\n  patch: |-\n    - op: add\n      path: /spec/paused\n      value: true\n",
    });
    expect(d.metadata.name).toBe("b-web");
    expect(d.spec.paused).toBe(true);
    expect(d.spec.template.spec.containers.map((c: Json) => c.name)).toEqual(["web"]);
    expect(buildError({ ...files, "/k/kustomization.yaml": "resources:\n- ../b\npatches:\n- patch: '[{\"op\": \"add\", \"path\": \"/x\", \"value\": 1}]'\n" })).toBe('must specify a target for JSON patch [patch: "[{\\"op\\": \\"add\\", \\"path\\": \\"/x\\", \\"value\\": 1}]"]');
  });

  it("replicas and name references follow prefixes and suffixes", () => {
    const docs = build({
      "/k/kustomization.yaml": "namePrefix: a-\nnameSuffix: -z\nresources:\n- d.yaml\n- c.yaml\nreplicas:\n- name: web\n  count: 4\n",
      "/k/d.yaml": DEPLOY.replace("      - name: web\n        image: nginx:1.25\n", "      - name: web\n        image: nginx:1.25\n        envFrom:\n        - configMapRef:\n            name: cfg\n        - configMapRef:\n            name: not-ours\n"),
      "/k/c.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n",
    });
    const d = docs.find((x) => x.kind === "Deployment");
    expect(d.spec.replicas).toBe(4);
    expect(d.spec.template.spec.containers[0].envFrom).toEqual([{ configMapRef: { name: "a-cfg-z" } }, { configMapRef: { name: "not-ours" } }]);
  });
});

describe("output order (legacy, SortOrderTransformer)", () => {
  it("orderFirst kinds first, unknown kinds by group/version/kind, webhooks last; then namespace, name (no namespace last)", () => {
    const obj = (apiVersion: string, kind: string, name: string, ns?: string) => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ""}`;
    const docs = build({
      "/k/kustomization.yaml": "resources:\n- r.yaml\n",
      "/k/r.yaml": [
        obj("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", "v"),
        obj("v1", "Pod", "p"),
        obj("apps/v1", "Deployment", "b", "z"),
        obj("apps/v1", "Deployment", "a"),
        obj("apps/v1", "Deployment", "c", "y"),
        obj("batch/v1", "Job", "j"),
        obj("v1", "ConfigMap", "c"),
        obj("networking.k8s.io/v1", "Ingress", "i"),
        obj("v1", "Namespace", "n"),
        obj("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", "m"),
      ].join("---\n"),
    });
    expect(names(docs)).toEqual(["Namespace/n", "ConfigMap/c", "Deployment/y/c", "Deployment/z/b", "Deployment/a", "Job/j", "Ingress/i", "Pod/p", "MutatingWebhookConfiguration/m", "ValidatingWebhookConfiguration/v"]);
  });

  it("sortOptions: fifo keeps the order of resources", () => {
    const docs = build({
      "/k/kustomization.yaml": "sortOptions:\n  order: fifo\nresources:\n- r.yaml\n",
      "/k/r.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n",
    });
    expect(names(docs)).toEqual(["Pod/p", "Namespace/n"]);
  });
});

describe("errors as kustomize words them", () => {
  it("no kustomization file, several, an unknown field, an empty one", () => {
    expect(buildError({ "/k/x.yaml": "a: b" })).toBe("unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '/k'");
    expect(buildError({ "/k/kustomization.yaml": "namespace: a\n", "/k/Kustomization": "namespace: a\n" })).toBe("Found multiple kustomization files under: /k\n");
    expect(buildError({ "/k/kustomization.yaml": "resource:\n- a.yaml\n" })).toBe('invalid Kustomization: json: unknown field "resource"');
    expect(buildError({ "/k/kustomization.yaml": "# nothing\n" })).toBe("kustomization.yaml is empty");
  });

  it("a missing resource, a file outside the root, a cycle", () => {
    expect(buildError({ "/k/kustomization.yaml": "resources:\n- gone.yaml\n" })).toBe(
      "accumulating resources: accumulation err='accumulating resources from 'gone.yaml': evalsymlink failure on '/k/gone.yaml' : lstat /k/gone.yaml: no such file or directory': must build at directory: not a valid directory: evalsymlink failure on '/k/gone.yaml' : lstat /k/gone.yaml: no such file or directory",
    );
    expect(buildError({ "/k/kustomization.yaml": "resources:\n- ../x.yaml\n", "/x.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n" })).toMatch(/security; file '\/x.yaml' is not in or below '\/k'/);
    expect(buildError({ "/k/kustomization.yaml": "resources:\n- ../j\n", "/j/kustomization.yaml": "resources:\n- ../k\n" })).toMatch(/cycle detected: candidate root '\/k'/);
  });

  it("prints kustomize's deprecation warnings and still builds", () => {
    const r = kustomizeBuild(memFs({ "/k/kustomization.yaml": "commonLabels:\n  a: b\npatchesStrategicMerge: []\n" }), "/k");
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([
      "# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically.",
      "# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically.",
    ]);
  });

  it("never throws on arbitrary kustomization text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const r = kustomizeBuild(memFs({ "/k/kustomization.yaml": text, "/k/a.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n" }), "/k");
        expect(typeof r.ok).toBe("boolean");
      }),
    );
  });
});

describe("any combination of the supported fields", () => {
  it("builds, prints YAML that reads back, and keeps every reference pointing at an object of the build", () => {
    const dns = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
    const labels = fc.dictionary(dns, dns, { maxKeys: 2 });
    const kustomization = fc.record(
      {
        namespace: dns,
        namePrefix: dns.map((x) => x + "-"),
        nameSuffix: dns.map((x) => "-" + x),
        commonLabels: labels,
        labels: fc.array(fc.record({ pairs: labels, includeSelectors: fc.boolean(), includeTemplates: fc.boolean() }), { maxLength: 2 }),
        commonAnnotations: labels,
        images: fc.array(fc.record({ name: fc.constantFrom("nginx", "busybox", "redis"), newTag: fc.constantFrom("1.27", "latest"), newName: fc.constantFrom("nginx", "mirror/nginx") }, { requiredKeys: ["name"] }), { maxLength: 2 }),
        replicas: fc.array(fc.record({ name: fc.constantFrom("web", "other"), count: fc.integer({ min: 0, max: 9 }) }), { maxLength: 2 }),
        generatorOptions: fc.record({ disableNameSuffixHash: fc.boolean(), labels }, { requiredKeys: [] }),
        patches: fc.array(
          fc.constantFrom(
            { target: { kind: "Deployment" }, patch: '[{"op": "add", "path": "/spec/replicas", "value": 2}]' },
            { patch: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: redis:7\n" },
            { target: { kind: "Service", name: "w.*" }, patch: "apiVersion: v1\nkind: Service\nmetadata:\n  name: any\n  labels:\n    patched: \"yes\"\n" },
          ),
          { maxLength: 2 },
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(kustomization, fc.boolean(), (k, generate) => {
        const doc = { resources: ["d.yaml", "s.yaml"], ...k, ...(generate ? { configMapGenerator: [{ name: "cfg", literals: ["a=1"] }], secretGenerator: [{ name: "creds", literals: ["p=q"] }] } : {}) };
        const deploy = DEPLOY.replace("        image: nginx:1.25\n", "        image: nginx:1.25\n        envFrom:\n        - configMapRef:\n            name: cfg\n        - secretRef:\n            name: creds\n");
        const r = kustomizeBuild(memFs({ "/k/kustomization.yaml": JSON.stringify(doc), "/k/d.yaml": deploy, "/k/s.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n" }), "/k");
        if (!r.ok) throw new Error(`${JSON.stringify(doc)}: ${r.error}`);
        const back = parseManifests(kustomizeYaml(r.docs), "out");
        expect(back.ok && back.docs).toEqual(JSON.parse(JSON.stringify(r.docs)));
        expect(r.docs.length).toBe(generate ? 4 : 2);
        const d = r.docs.find((x) => x.kind === "Deployment");
        const built = new Set(r.docs.map((x) => `${x.kind}/${x.metadata.name}`));
        if (generate) for (const e of d.spec.template.spec.containers[0].envFrom) expect(built).toContain(e.configMapRef ? `ConfigMap/${e.configMapRef.name}` : `Secret/${e.secretRef.name}`);
        if (k.namespace) expect(r.docs.every((x) => x.metadata.namespace === k.namespace)).toBe(true);
        expect(d.spec.selector.matchLabels.app).toBe("web");
      }),
      { numRuns: 150, seed: 20 },
    );
  });
});
