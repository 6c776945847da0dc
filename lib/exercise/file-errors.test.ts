import { describe, expect, it } from "vitest";
import { editErrors, kubectlFileErrors, yamlSyntaxErrors } from "./file-errors";
import { ExerciseSchema } from "./schema";
import { startSession } from "./session";

const lines = (...l: string[]) => l.join("\n") + "\n";

const exercise = ExerciseSchema.parse({
  id: "x-file-errors",
  title: { ko: "t", en: "t" },
  difficulty: "easy",
  domain: "workloads",
  task: { ko: "t", en: "t" },
  start: { preset: "single", setup: ["kubectl create deployment web --image=nginx:1.27"] },
  solution: ["true"],
  checks: [{ id: "c", title: { ko: "c", en: "c" }, type: "node-ready", node: "controlplane" }],
});

/** A session with a pending `kubectl edit deployment web`: the buffer the editor shows, and a save of it. */
function editing() {
  const s = startSession(exercise, 1);
  const opened = s.apply({ kind: "run", line: "kubectl edit deployment web" }).editor!;
  const buffer = opened.content.split("\n");
  /** The 1-based line of the buffer that reads `text` (trimmed), so a change of the printed object shows up here first. */
  const lineOf = (text: string) => buffer.findIndex((l) => l.trim() === text) + 1;
  const save = (content: string) => s.apply({ kind: "save", path: opened.path, content });
  return { s, buffer, lineOf, save };
}

describe("YAML syntax errors of a saved file", () => {
  it("point at the line of the error", () => {
    const text = lines(
      "apiVersion: v1", // 1
      "kind: Pod", // 2
      "metadata:", // 3
      "  name: web", // 4
      "spec:", // 5
      "  containers:", // 6
      "  - name: web", // 7
      "    image: nginx", // 8
      "   ports: []", // 9: less indented than the item's keys
    );
    expect(yamlSyntaxErrors(text)).toEqual([{ line: 9, message: expect.any(String) }]);
  });

  it("count lines from the top of the file in the 2nd and 3rd --- documents", () => {
    // An unclosed `[` is noticed at the end of the file; the error belongs to the line that opened it.
    const doc1 = ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: one", "data:", "  a: b"]; // 1-6
    const doc2 = ["---", "apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: two", "data: c: d"]; // 7-12
    const doc3 = ["---", "apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: three", "data:", "  x: [1, 2"]; // 13-19
    expect(yamlSyntaxErrors(lines(...doc1, ...doc2))).toEqual([{ line: 12, message: "Nested mappings are not allowed in compact mappings" }]);
    expect(yamlSyntaxErrors(lines(...doc1, ...doc2.slice(0, 5), "data: {}", ...doc3)).map((e) => e.line)).toEqual([19]);
    expect(yamlSyntaxErrors(lines(...doc1, ...doc2, ...doc3)).map((e) => e.line)).toEqual([12, 19]);
  });

  it("count the comment lines a file starts with", () => {
    const text = lines("# web.yaml", "# a comment header", "", "apiVersion: v1", "kind: Pod", "metadata:", "  name: web", "  name: again");
    expect(yamlSyntaxErrors(text)).toEqual([{ line: 8, message: "Map keys must be unique" }]);
  });

  it("are none for a good file, and a save returns them from the session", () => {
    expect(yamlSyntaxErrors(lines("# ok", "a: 1", "---", "b: [1, 2]"))).toEqual([]);
    const s = startSession(exercise, 1);
    const r = s.apply({ kind: "save", path: "pod.yaml", content: lines("# pod", "apiVersion: v1", "kind: Pod", "metadata:", "\tname: web") });
    expect(r.errors).toEqual([{ line: 5, message: "Tabs are not allowed as indentation" }]);
    expect(s.apply({ kind: "save", path: "notes.txt", content: "a: b: c\n" }).errors).toBeUndefined();
  });

  it("a save that fails as a whole has no line", () => {
    const s = startSession(exercise, 1);
    s.apply({ kind: "run", line: "mkdir -p dir.yaml" });
    const r = s.apply({ kind: "save", path: "dir.yaml", content: "a: 1\n" });
    expect(r.exitCode).toBe(1);
    expect(r.errors).toEqual([{ line: 0, message: expect.stringContaining("E212") }]);
  });
});

describe("a kubectl edit save: errors at lines of the buffer with kubectl's header", () => {
  it("the buffer starts with kubectl's 4-line comment header", () => {
    const { buffer } = editing();
    expect(buffer.slice(0, 5)).toEqual([
      "# Please edit the object below. Lines beginning with a '#' will be ignored,",
      "# and an empty file will abort the edit. If an error occurs while saving this file will be",
      "# reopened with the relevant failures.",
      "#",
      "apiVersion: apps/v1",
    ]);
  });

  it("a YAML syntax error: kubectl counts without the # lines, the editor with them", () => {
    const { buffer, lineOf, save } = editing();
    const at = lineOf("replicas: 1");
    const content = [...buffer.slice(0, at), " bad: indent", ...buffer.slice(at)].join("\n");
    const r = save(content);
    // kubectl's own message counts in the text without the 4 header lines.
    expect(r.stderr).toContain(`yaml: line ${at + 1 - 4}: did not find expected key`);
    expect(r.errors).toEqual([{ line: at + 1, message: `yaml: line ${at + 1}: did not find expected key` }]);
  });

  it("the same, with comment lines the learner added above the object", () => {
    const { buffer, lineOf, save } = editing();
    const at = lineOf("replicas: 1");
    const content = ["# my notes", "# more notes", ...buffer.slice(0, at), " bad: indent", ...buffer.slice(at)].join("\n");
    expect(save(content).errors).toEqual([{ line: at + 3, message: `yaml: line ${at + 3}: did not find expected key` }]);
  });

  it("a wrong type: the line of the field", () => {
    const { buffer, lineOf, save } = editing();
    const at = lineOf("replicas: 1");
    expect(at).toBe(20);
    const r = save(buffer.join("\n").replace("replicas: 1", "replicas: many"));
    expect(r.errors).toEqual([{ line: 20, message: "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32" }]);
  });

  it("an unknown field nested in a list item: the line of that field", () => {
    const { buffer, lineOf, save } = editing();
    const at = lineOf("name: nginx");
    expect(buffer[at - 1]).toBe("        name: nginx");
    const r = save(buffer.join("\n").replace("        name: nginx", "        nam: nginx"));
    expect(r.errors).toEqual([{ line: at, message: 'unknown field "spec.template.spec.containers[0].nam"' }]);
  });

  it("a missing required field: the line of the nearest enclosing field that exists", () => {
    const { buffer, lineOf, save } = editing();
    const image = lineOf("- image: nginx:1.27");
    // Drop the image: the list item now starts on the same line with its next key.
    const content = buffer.map((l, i) => (i === image - 1 ? "      - imagePullPolicy: IfNotPresent" : l)).filter((l, i) => i !== image).join("\n");
    const r = save(content);
    // kubectl's editResults.addError: the Invalid save is reported as `is invalid`, the causes go into the reopened header
    expect(r.stderr).toBe('error: deployments.apps "web" is invalid\n');
    expect(r.errors).toEqual([{ line: image, message: "spec.template.spec.containers[0].image: Required value" }]);
  });

  it("an error about the whole buffer has no line", () => {
    const { buffer, save } = editing();
    const r = save([...buffer, "---", "apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: extra"].join("\n"));
    expect(r.errors).toEqual([{ line: 0, message: "the edited file must contain exactly one object" }]);
  });

  it("without kubectl's reopened buffer the errors come from stderr", () => {
    const content = lines("# header", "apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: web", "spec:", "  replicas: many");
    const stderr = 'error: Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32\n';
    expect(editErrors(content, stderr)).toEqual([{ line: 7, message: expect.stringContaining("cannot unmarshal string") }]);
  });
});

describe("kubectl apply -f errors: at lines of the file, in the document they are about", () => {
  const file = lines(
    "# three objects", // 1
    "apiVersion: v1", // 2
    "kind: ConfigMap", // 3
    "metadata:", // 4
    "  name: one", // 5
    "data:", // 6
    "  x: y", // 7
    "---", // 8
    "apiVersion: apps/v1", // 9
    "kind: Deployment", // 10
    "metadata:", // 11
    "  name: two", // 12
    "spec:", // 13
    "  selector:", // 14
    "    matchLabels: {app: two}", // 15
    "  template:", // 16
    "    metadata:", // 17
    "      labels: {app: two}", // 18
    "    spec:", // 19
    "      containers:", // 20
    "      - name: c", // 21: no image
    "---", // 22
    "apiVersion: v1", // 23
    "kind: Service", // 24
    "metadata:", // 25
    "  name: three", // 26
    "spec:", // 27
    "  ports:", // 28
    "  - port: 80", // 29
    "    targetPorts: 8080", // 30: unknown field
  );

  it("a missing field in the 2nd document and an unknown field in the 3rd, from the simulator's own output", () => {
    const s = startSession(exercise, 1);
    s.apply({ kind: "save", path: "three.yaml", content: file });
    const r = s.apply({ kind: "run", line: "kubectl apply -f three.yaml" });
    // two errors: CheckErr prints the aggregate one line each, an Invalid one as `Error from server (Invalid): …` too
    expect(r.stderr).toContain('Error from server (Invalid): error when creating "three.yaml": Deployment.apps "two" is invalid: spec.template.spec.containers[0].image: Required value\n');
    expect(r.stderr).toContain('unknown field "spec.ports[0].targetPorts"');
    expect(kubectlFileErrors(file, r.stderr)).toEqual([
      { line: 21, message: "spec.template.spec.containers[0].image: Required value" },
      { line: 30, message: 'unknown field "spec.ports[0].targetPorts"' },
    ]);
  });

  it("a failed `kubectl apply -f FILE` carries them as fileErrors (absolute path); other commands do not", () => {
    const s = startSession(exercise, 1);
    s.apply({ kind: "save", path: "three.yaml", content: file });
    const expected = { path: "/root/three.yaml", errors: [{ line: 21, message: "spec.template.spec.containers[0].image: Required value" }, { line: 30, message: 'unknown field "spec.ports[0].targetPorts"' }] };
    expect(s.apply({ kind: "run", line: "kubectl apply -f three.yaml" }).fileErrors).toEqual(expected);
    expect(s.apply({ kind: "run", line: "kubectl create --filename=/root/three.yaml" }).fileErrors).toEqual(expected);
    expect(s.apply({ kind: "run", line: "kubectl apply -n default -f 'three.yaml'" }).fileErrors).toEqual(expected);
    // a pipeline, a missing file, a command that succeeds, and another verb: nothing to pin
    expect(s.apply({ kind: "run", line: "cat three.yaml | kubectl apply -f -" }).fileErrors).toBeUndefined();
    expect(s.apply({ kind: "run", line: "kubectl apply -f missing.yaml" }).fileErrors).toBeUndefined();
    expect(s.apply({ kind: "run", line: "kubectl get -f three.yaml" }).fileErrors).toBeUndefined();
    s.apply({ kind: "save", path: "ok.yaml", content: lines("apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: fine") });
    const ok = s.apply({ kind: "run", line: "kubectl apply -f ok.yaml" });
    expect(ok.exitCode).toBe(0);
    expect(ok.fileErrors).toBeUndefined();
  });

  it("several causes of one object, and the object is found by kind and name", () => {
    const out = 'The Deployment "two" is invalid: \n* spec.template.spec.containers[0].image: Required value\n* spec.selector.matchLabels: Invalid value: "x"\n';
    expect(kubectlFileErrors(file, out)).toEqual([
      { line: 21, message: "spec.template.spec.containers[0].image: Required value" },
      { line: 15, message: 'spec.selector.matchLabels: Invalid value: "x"' },
    ]);
    // metadata.name exists in every document: the message's name decides.
    expect(kubectlFileErrors(file, 'The Service "three" is invalid: metadata.name: Invalid value: "three"')[0].line).toBe(26);
    expect(kubectlFileErrors(file, 'The ConfigMap "one" is invalid: metadata.name: Invalid value: "one"')[0].line).toBe(5);
  });

  it("several errors: kubectl prints the Status messages, several causes of one object as [a, b]", () => {
    const out =
      'Error from server (AlreadyExists): error when creating "three.yaml": configmaps "one" already exists\n' +
      'Error from server (Invalid): error when creating "three.yaml": Deployment.apps "two" is invalid: [spec.template.spec.containers[0].image: Required value, spec.selector.matchLabels: Invalid value: "x": a, b]\n';
    expect(kubectlFileErrors(file, out).filter((e) => e.line > 0)).toEqual([
      { line: 21, message: "spec.template.spec.containers[0].image: Required value" },
      { line: 15, message: 'spec.selector.matchLabels: Invalid value: "x": a, b' },
    ]);
  });

  it("a refused patch: the object and fields come from the last line of kubectl's block", () => {
    const out = [
      "Error from server (Invalid): error when applying patch:",
      '{"spec":{"replicas":-1}}',
      "to:",
      'Resource: "apps/v1, Resource=deployments", GroupVersionKind: "apps/v1, Kind=Deployment"',
      'Name: "two", Namespace: "default"',
      'for: "three.yaml": error when patching "three.yaml": Deployment.apps "two" is invalid: spec.selector.matchLabels: Invalid value: "x"',
    ].join("\n");
    expect(kubectlFileErrors(file, out).filter((e) => e.line > 0)).toEqual([{ line: 15, message: 'spec.selector.matchLabels: Invalid value: "x"' }]);
  });

  it("a syntax error in the 3rd document, through kubectl's message", () => {
    const broken = file.replace("  - port: 80", "  - port: 80\n   name: http");
    const s = startSession(exercise, 1);
    s.apply({ kind: "save", path: "three.yaml", content: broken });
    const r = s.apply({ kind: "run", line: "kubectl apply -f three.yaml" });
    expect(kubectlFileErrors(broken, r.stderr)).toEqual([{ line: 30, message: expect.stringMatching(/^yaml: line 30: /) }]);
  });

  it("a wrong type under a list: Go's field path has no indices, the value of the wrong kind decides", () => {
    const pod = lines(
      "apiVersion: v1", // 1
      "kind: Pod", // 2
      "metadata:", // 3
      "  name: two-ports", // 4
      "spec:", // 5
      "  containers:", // 6
      "  - name: a", // 7
      "    image: nginx", // 8
      "    ports:", // 9
      "    - containerPort: 80", // 10
      "  - name: b", // 11
      "    image: nginx", // 12
      "    ports:", // 13
      "    - containerPort: 8080", // 14
      '    - containerPort: "8443"', // 15
    );
    const s = startSession(exercise, 1);
    s.apply({ kind: "save", path: "pod.yaml", content: pod });
    const r = s.apply({ kind: "run", line: "kubectl apply -f pod.yaml" });
    expect(r.stderr).toContain("cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32");
    expect(kubectlFileErrors(pod, r.stderr)).toEqual([{ line: 15, message: expect.stringMatching(/^json: cannot unmarshal string/) }]);
  });

  it("what names no field or object is about the whole file", () => {
    expect(kubectlFileErrors(file, 'Error from server (AlreadyExists): error when creating "three.yaml": configmaps "one" already exists')).toEqual([
      { line: 0, message: 'Error from server (AlreadyExists): error when creating "three.yaml": configmaps "one" already exists' },
    ]);
  });
});
