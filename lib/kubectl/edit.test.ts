// kubectl edit hands the object to the UI editor and applies what comes back.
import { describe, expect, it } from "vitest";
import { createSimSession } from "./sim-adapter";

describe("kubectl edit", () => {
  it("applies a valid change", () => {
    const shell = createSimSession();
    shell.run("kubectl create deployment web --image=nginx --replicas=2");
    const r = shell.run("kubectl edit deploy web");
    expect(r.exitCode).toBe(0);
    expect(r.editor?.kind).toBe("kubectl-edit");
    expect(r.editor?.content.startsWith("# Please edit the object below.")).toBe(true);
    const done = shell.finishEdit(r.editor!.content.replace("replicas: 2", "replicas: 5"));
    expect(done.output).toBe("deployment.apps/web edited\n");
    expect(shell.run("kubectl get deploy web -o jsonpath='{.spec.replicas}'").stdout).toBe("5");
  });

  it("re-opens the editor with the validation error; giving up keeps the file (editoptions.go)", () => {
    const shell = createSimSession();
    shell.run("kubectl create deployment web --image=nginx");
    const r = shell.run("kubectl edit deployment/web");
    const bad = r.editor!.content.replace(/matchLabels:\n(\s+)app: web/, "matchLabels:\n$1app: other");
    const res = shell.finishEdit(bad);
    expect(res.exitCode).toBe(1);
    // editResults.addError prints `is invalid`; the causes go into the reopened header
    expect(res.stderr).toBe('error: deployments.apps "web" is invalid\n');
    expect(res.editor?.kind).toBe("kubectl-edit");
    const header = res.editor!.content.slice(0, res.editor!.content.indexOf("apiVersion:"));
    expect(header).toMatch(
      /^# Please edit the object below\. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit\. If an error occurs while saving this file will be\n# reopened with the relevant failures\.\n#\n# deployments\.apps "web" was not valid:\n(# \* spec\.\S+: [^\n]+\n)+#\n$/,
    );
    expect(header).toContain("# * spec.selector: Invalid value");
    // the object below the header is the saved text without its comments (ManualStrip)
    expect(res.editor!.content.slice(header.length)).toBe(bad.split("\n").filter((l) => !l.startsWith("#")).join("\n"));
    // quitting the reopened editor without a change gives up (preservedFile)
    const quit = shell.finishEdit(null);
    expect(quit.exitCode).toBe(1);
    expect(quit.stdout).toBe("");
    expect(quit.stderr).toBe(`A copy of your changes has been stored to "${r.editor!.path}"\nerror: Edit cancelled, no valid changes were saved.\n`);
    expect(shell.run(`cat ${r.editor!.path}`).stdout).toContain("app: other");
    expect(shell.run("kubectl get deploy web -o jsonpath='{.spec.selector.matchLabels.app}'").stdout).toBe("web");
  });

  it("a second invalid save re-opens again; saving the same text again gives up", () => {
    const shell = createSimSession();
    shell.run("kubectl create deployment web --image=nginx");
    const r = shell.run("kubectl edit deploy web");
    const first = shell.finishEdit(r.editor!.content.replace("replicas: 1", "replicas: -1"));
    expect(first.stderr).toBe('error: deployments.apps "web" is invalid\n');
    expect(first.editor!.content).toContain("# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\n");
    const second = shell.finishEdit(first.editor!.content.replace("replicas: -1", "replicas: -2"));
    expect(second.exitCode).toBe(1);
    expect(second.stderr).toBe('error: deployments.apps "web" is invalid\n');
    expect(second.editor!.content).toContain("# * spec.replicas: Invalid value: -2: must be greater than or equal to 0\n#\n");
    // the header of the second round replaces the first one
    expect(second.editor!.content).not.toContain("-1:");
    const same = shell.finishEdit(second.editor!.content);
    expect(same.stderr).toBe(`A copy of your changes has been stored to "${r.editor!.path}"\nerror: Edit cancelled, no valid changes were saved.\n`);
    expect(same.exitCode).toBe(1);
    // and a fix after an error is applied
    const again = shell.run("kubectl edit deploy web");
    const bad = shell.finishEdit(again.editor!.content.replace("replicas: 1", "replicas: -1"));
    const fixed = shell.finishEdit(bad.editor!.content.replace("replicas: -1", "replicas: 3"));
    expect(fixed.output).toBe("deployment.apps/web edited\n");
    expect(fixed.exitCode).toBe(0);
  });

  it("an update refused for another reason stops with kubectl replace's hint (a forbidden PVC resize)", () => {
    const shell = createSimSession();
    shell.run(`cat <<'EOF' > pvc.yaml
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fixed
provisioner: rancher.io/local-path
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  storageClassName: fixed
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
EOF`);
    shell.run("kubectl apply -f pvc.yaml");
    const r = shell.run("kubectl edit pvc data");
    const res = shell.finishEdit(r.editor!.content.replace("storage: 1Gi", "storage: 2Gi"));
    expect(res.exitCode).toBe(1);
    expect(res.editor).toBeUndefined();
    expect(res.stdout).toBe("");
    expect(res.stderr).toBe(
      'error: persistentvolumeclaims "data" could not be patched: persistentvolumeclaims "data" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize\n' +
        `You can run \`kubectl replace -f ${r.editor!.path}\` to try this update again.\n`,
    );
    // the edit is over, and the saved file is where the hint says
    expect(shell.finishEdit(null).stderr).toBe("error: no edit in progress\n");
    expect(shell.run(`grep 'storage: 2Gi' ${r.editor!.path}`).exitCode).toBe(0);
  });

  it("an object deleted while the editor was open: the edits are saved to the file", () => {
    const shell = createSimSession();
    shell.run("kubectl create configmap cfg --from-literal=a=b");
    const r = shell.run("kubectl edit cm cfg");
    shell.run("kubectl delete cm cfg");
    const res = shell.finishEdit(r.editor!.content.replace("a: b", "a: c"));
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toBe(`error: configmaps "cfg" could not be found on the server\nThe edits you made on deleted resources have been saved to "${r.editor!.path}"\n`);
  });

  it("no change and an empty file cancel on stderr with exit 0; -o json has no comment header", () => {
    const shell = createSimSession();
    shell.run("kubectl create namespace dev");
    const r = shell.run("kubectl edit ns dev");
    const same = shell.finishEdit(r.editor!.content.replace("# Please edit", "# I did not really edit"));
    expect(same).toMatchObject({ stdout: "", stderr: "Edit cancelled, no changes made.\n", exitCode: 0 });
    shell.run("kubectl edit ns dev");
    expect(shell.finishEdit("# nothing left\n\n")).toMatchObject({ stdout: "", stderr: "Edit cancelled, saved file was empty.\n", exitCode: 0 });
    const json = shell.run("kubectl edit ns dev -o json");
    expect(json.editor!.content.startsWith("{")).toBe(true);
    expect(json.editor!.path.endsWith(".json")).toBe(true);
    expect(shell.finishEdit(null).stderr).toBe("Edit cancelled, no changes made.\n");
  });

  it("keeps a multi-line validation error (a PVC spec diff) inside the comment header", () => {
    const shell = createSimSession();
    shell.run(`cat <<'EOF' > pvc.yaml
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
EOF`);
    shell.run("kubectl apply -f pvc.yaml");
    const r = shell.run("kubectl edit pvc data");
    const res = shell.finishEdit(r.editor!.content.replace("- ReadWriteOnce", "- ReadWriteMany"));
    expect(res.exitCode).toBe(1);
    const header = res.editor!.content.slice(0, res.editor!.content.indexOf("apiVersion:"));
    // kubectl's hashOnLineBreak: every continuation line is a comment; the message's own final newline stays
    expect(header).toContain(
      '# persistentvolumeclaims "data" was not valid:\n# * spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n' +
        '# @@ -1,6 +1,6 @@\n#  {\n#   "AccessModes": [\n# -  "ReadWriteOnce"\n# +  "ReadWriteMany"\n#   ],\n#   "Selector": null,\n#   "Resources": {\n\n#\n',
    );
    // the reopened file parses again: undoing the change cancels the edit
    const back = shell.finishEdit(res.editor!.content.replace("- ReadWriteMany", "- ReadWriteOnce"));
    expect(back.output).toBe("Edit cancelled, no changes made.\n");
    expect(shell.run("kubectl get pvc data -o jsonpath='{.spec.accessModes[0]}'").stdout).toBe("ReadWriteOnce");
  });

  it("quitting without changes cancels", () => {
    const shell = createSimSession();
    shell.run("kubectl create namespace dev");
    const r = shell.run("kubectl edit ns dev");
    expect(shell.finishEdit(r.editor!.content).output).toBe("Edit cancelled, no changes made.\n");
    expect(shell.run("kubectl edit ns nosuch").stderr).toBe('Error from server (NotFound): namespaces "nosuch" not found\n');
  });
});
