import { describe, expect, it } from "vitest";
import { executeTemplate } from "./jsonpath";
import { jsonPatch, mergePatch, strategicPatch, threeWay } from "./merge";
import { matchLabels, parseLabelSelector } from "./selector";
import { goTabwriter, humanDuration, podStatus, tabwrite } from "./table";
import { parseManifests, toJson, toKyaml, toYaml } from "./yaml";
import { parseArgs, UsageError } from "./args";

describe("humanDuration (apimachinery duration.HumanDuration)", () => {
  it.each([
    [45_000, "45s"],
    [119_000, "119s"],
    [200_000, "3m20s"],
    [180_000, "3m"],
    [95 * 60_000, "95m"],
    [(5 * 60 + 3) * 60_000, "5h3m"],
    [22 * 3600_000, "22h"],
    [(3 * 24 + 4) * 3600_000, "3d4h"],
    [125 * 86400_000, "125d"],
    [(2 * 365 + 10) * 86400_000, "2y10d"],
    [9 * 365 * 86400_000, "9y"],
    [-5_000, "<invalid>"],
    [-500, "0s"],
  ])("%i ms -> %s", (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe("tabwriter", () => {
  it("pads cells with 3 spaces like kubectl get", () => {
    expect(tabwrite([["NAME", "READY", "STATUS"], ["nginx-deployment-75675f5897-kzszj", "1/1", "Running"]])).toBe(
      "NAME                                READY   STATUS\nnginx-deployment-75675f5897-kzszj   1/1     Running\n",
    );
  });
  it("aligns describe blocks separately (Go column blocks)", () => {
    expect(goTabwriter("Name:\tx\nLongerKey:\ty\nPlain line\nA:\tz\n", 0, 2)).toBe("Name:       x\nLongerKey:  y\nPlain line\nA:  z\n");
  });
});

describe("yaml output like sigs.k8s.io/yaml", () => {
  it("sorts keys, does not indent sequences and quotes like go-yaml", () => {
    expect(toYaml({ b: ["3600", "*", "", "a: b", "true", "x"], a: { t: "2026-01-01T00:00:00Z", nil: null, e: {}, l: [] }, m: "line1\nline2\n" })).toBe(
      'a:\n  e: {}\n  l: []\n  nil: null\n  t: "2026-01-01T00:00:00Z"\nb:\n- "3600"\n- \'*\'\n- ""\n- \'a: b\'\n- "true"\n- x\nm: |\n  line1\n  line2\n',
    );
  });
  it("prints lists of maps under a dash", () => {
    expect(toYaml({ c: [{ name: "a", image: "nginx" }] })).toBe("c:\n- image: nginx\n  name: a\n");
  });
  it("kyaml is flow style with cuddled lists of maps and reads back", () => {
    const obj = { kind: "Pod", spec: { containers: [{ name: "a" }, { name: "b" }], args: ["x"] }, "no": true, ".dot": 1 };
    const text = toKyaml(obj);
    expect(text).toBe('---\n{\n  ".dot": 1,\n  kind: "Pod",\n  "no": true,\n  spec: {\n    args: [\n      "x",\n    ],\n    containers: [{\n      name: "a",\n    }, {\n      name: "b",\n    }],\n  },\n}\n');
    const back = parseManifests(text, "k.yaml");
    expect(back.ok && back.docs[0]).toEqual(obj);
  });
  it("json uses 4 spaces and sorted keys", () => {
    expect(toJson({ b: 1, a: [1] })).toBe('{\n    "a": [\n        1\n    ],\n    "b": 1\n}\n');
  });
});

describe("manifest parsing", () => {
  it("reads KYAML flow style with trailing commas and comments", () => {
    const r = parseManifests('---\n{ apiVersion: "v1", kind: "Pod", # c\n metadata: { name: "x", labels: { app.kubernetes.io/name: "y", }, }, }\n', "f.yaml");
    expect(r.ok && r.docs[0].metadata.labels["app.kubernetes.io/name"]).toBe("y");
  });
  it("reports syntax errors with a line number", () => {
    const r = parseManifests("a: 1\nb: c: d\n", "f.yaml");
    expect(r).toEqual({ ok: false, error: "error: error parsing f.yaml: error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context" });
  });
  it("bounds alias expansion (billion laughs)", () => {
    const bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n";
    const r = parseManifests(bomb, "f.yaml");
    expect(r.ok).toBe(false);
  });
  it("splits multi-doc files and skips empty documents", () => {
    const r = parseManifests("---\na: 1\n---\n---\nb: 2\n...\n", "f.yaml");
    expect(r.ok && r.docs.length).toBe(2);
  });
});

describe("jsonpath", () => {
  const data = { items: [{ metadata: { name: "a" }, status: { conditions: [{ type: "Ready", status: "True" }] } }, { metadata: { name: "b" }, status: { conditions: [{ type: "Ready", status: "False" }] } }] };
  it("supports wildcards, ranges and filters", () => {
    expect(executeTemplate("{.items[*].metadata.name}", data)).toBe("a b");
    expect(executeTemplate('{range .items[*]}{.metadata.name}{"\\n"}{end}', data)).toBe("a\nb\n");
    expect(executeTemplate('{.items[?(@.status.conditions[0].status=="True")].metadata.name}', data)).toBe("a");
    expect(executeTemplate("{.items[-1:].metadata.name}", data)).toBe("b");
    expect(executeTemplate("{..name}", data)).toBe("a b");
  });
});

describe("label selectors", () => {
  it("supports all operators", () => {
    const s = parseLabelSelector("app=web,tier in (fe,be),env!=prod,!canary,zone");
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect(matchLabels(s.reqs, { app: "web", tier: "fe", zone: "a" })).toBe(true);
    expect(matchLabels(s.reqs, { app: "web", tier: "fe", zone: "a", canary: "1" })).toBe(false);
    expect(matchLabels(s.reqs, { app: "web", tier: "x", zone: "a" })).toBe(false);
    expect(parseLabelSelector("a b c").ok).toBe(false);
  });
});

describe("merging", () => {
  it("three-way apply keeps defaulted fields and removes dropped ones", () => {
    const live = { spec: { containers: [{ name: "a", image: "x", imagePullPolicy: "Always" }], dropped: 1, extra: 2 } };
    const last = { spec: { containers: [{ name: "a", image: "x" }], dropped: 1 } };
    const desired = { spec: { containers: [{ name: "a", image: "y" }] } };
    expect(threeWay(live, last, desired)).toEqual({ spec: { containers: [{ name: "a", image: "y", imagePullPolicy: "Always" }], extra: 2 } });
  });
  it("strategic, merge and json patches", () => {
    const o = { spec: { replicas: 1, template: { spec: { containers: [{ name: "a", image: "x" }, { name: "b", image: "y" }] } } } };
    expect(strategicPatch(o, { spec: { template: { spec: { containers: [{ name: "b", image: "z" }] } } } }).spec.template.spec.containers).toEqual([{ name: "a", image: "x" }, { name: "b", image: "z" }]);
    expect(mergePatch(o, { spec: { template: { spec: { containers: [{ name: "b", image: "z" }] } } } }).spec.template.spec.containers).toEqual([{ name: "b", image: "z" }]);
    expect(jsonPatch(o, [{ op: "replace", path: "/spec/replicas", value: 3 }]).spec.replicas).toBe(3);
    expect(() => jsonPatch(o, [{ op: "remove", path: "/spec/nope" }])).toThrow(/missing/);
  });
});

describe("pod STATUS column", () => {
  it("follows printPod", () => {
    expect(podStatus({ status: { phase: "Pending" } })).toBe("Pending");
    expect(podStatus({ spec: { containers: [{}] }, status: { phase: "Pending", containerStatuses: [{ state: { waiting: { reason: "ContainerCreating" } } }] } })).toBe("ContainerCreating");
    expect(podStatus({ spec: { initContainers: [{ name: "i" }] }, status: { phase: "Pending", initContainerStatuses: [{ name: "i", state: { running: {} } }] } })).toBe("Init:0/1");
    expect(podStatus({ metadata: { deletionTimestamp: "x" }, status: { phase: "Running" } })).toBe("Terminating");
    expect(podStatus({ status: { phase: "Running", conditions: [{ type: "Ready", status: "False" }], containerStatuses: [{ ready: false, state: { terminated: { reason: "Completed", exitCode: 0 } } }, { ready: true, state: { running: {} } }] } })).toBe("NotReady");
  });
});

describe("flag parsing", () => {
  it("parses pflag forms and rejects unknown flags", () => {
    const p = parseArgs(["pods", "-nkube-system", "--output=wide", "-A", "--", "x"], [{ name: "output", short: "o", type: "string" }, { name: "all-namespaces", short: "A", type: "bool" }], "kubectl get");
    expect(p.flags).toMatchObject({ namespace: "kube-system", output: "wide", "all-namespaces": true });
    expect(p.dash).toEqual(["x"]);
    expect(() => parseArgs(["--nope"], [], "kubectl get")).toThrow(UsageError);
  });
});

describe("unified diff", () => {
  it("prints hunks like diff -u", async () => {
    const { unifiedDiff } = await import("./diff");
    expect(unifiedDiff("a\nb\nc\n", "a\nB\nc\n")).toEqual(["@@ -1,3 +1,3 @@", " a", "-b", "+B", " c"]);
    expect(unifiedDiff("", "x\n")).toEqual(["@@ -0,0 +1,1 @@", "+x"]);
  });
});

describe("go-yaml line folding", () => {
  it("folds long plain scalars at the first space past column 80", () => {
    const cmd = 'while true; do echo "$(date) My preferred sport is $(cat /etc/config/sport)"; sleep 10; done;';
    const y = toYaml({ spec: { template: { spec: { containers: [{ args: [cmd] }] } } } });
    expect(y).toContain('      - args:\n        - while true; do echo "$(date) My preferred sport is $(cat /etc/config/sport)";\n          sleep 10; done;\n');
  });
  it("folds long single-quoted values with the value indent", () => {
    const msg = 'Failed to pull image "nginx:bad": rpc error: code = NotFound desc = failed to pull and unpack image';
    expect(toYaml({ message: msg })).toBe(`message: 'Failed to pull image "nginx:bad": rpc error: code = NotFound desc = failed\n  to pull and unpack image'\n`);
  });
});
