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

  it("quitting without changes cancels", () => {
    const shell = createSimSession();
    shell.run("kubectl create namespace dev");
    const r = shell.run("kubectl edit ns dev");
    expect(shell.finishEdit(r.editor!.content).output).toBe("Edit cancelled, no changes made.\n");
    expect(shell.run("kubectl edit ns nosuch").stderr).toBe('Error from server (NotFound): namespaces "nosuch" not found\n');
  });
});
