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

  it("re-opens the editor with the validation error", () => {
    const shell = createSimSession();
    shell.run("kubectl create deployment web --image=nginx");
    const r = shell.run("kubectl edit deployment/web");
    const bad = r.editor!.content.replace(/matchLabels:\n(\s+)app: web/, "matchLabels:\n$1app: other");
    const res = shell.finishEdit(bad);
    expect(res.exitCode).toBe(1);
    expect(res.editor?.kind).toBe("kubectl-edit");
    expect(res.editor?.content).toContain('# deployments.apps "web" was not valid:');
    expect(res.editor?.content).toContain("# * spec.selector: Invalid value");
    expect(shell.finishEdit(null).output).toBe("Edit cancelled, no changes made.\n");
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
