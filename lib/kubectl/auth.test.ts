// kubectl auth can-i asks the cluster's RBAC authorizer (lib/sim canI), with --as, --as-group, -A and --subresource.
import { describe, expect, it } from "vitest";
import { createSimSession } from "./sim-adapter";
import { createShell } from "./shell/shell";
import { createMemoryCluster } from "./memory-cluster";

describe("kubectl auth can-i", () => {
  it("answers from RoleBindings in the namespace, not cluster-wide, and counts impersonated groups", () => {
    const sh = createSimSession();
    for (const c of [
      "kubectl create namespace dev",
      "kubectl create role pod-logs -n dev --verb=get --resource=pods,pods/log",
      "kubectl create rolebinding devs -n dev --role=pod-logs --group=devs",
    ]) expect(sh.run(c).exitCode).toBe(0);
    const ask = (c: string) => {
      const r = sh.run(c);
      return `${r.stdout.trim()} ${r.exitCode}`;
    };
    expect(ask("kubectl auth can-i get pods -n dev --as=jane")).toBe("no 1");
    expect(ask("kubectl auth can-i get pods -n dev --as=jane --as-group=devs")).toBe("yes 0");
    expect(ask("kubectl auth can-i get pods --subresource=log -n dev --as=jane --as-group=devs")).toBe("yes 0");
    expect(ask("kubectl auth can-i create pods --subresource=exec -n dev --as=jane --as-group=devs")).toBe("no 1");
    expect(ask("kubectl auth can-i get pods -A --as=jane --as-group=devs")).toBe("no 1");
    expect(ask("kubectl auth can-i get pods/web -n dev --as=jane --as-group=devs")).toBe("yes 0");
    expect(ask("kubectl auth can-i '*' '*'")).toBe("yes 0");
    expect(ask("kubectl auth can-i '*' '*' -n dev --as=jane --as-group=devs")).toBe("no 1");
  });

  it("an unknown type is warned about and checked by its typed name", () => {
    const sh = createSimSession();
    const r = sh.run("kubectl auth can-i get widgets --as=jane");
    expect(r.stderr).toBe("Warning: the server doesn't have a resource type 'widgets'\n\n");
    expect(r.stdout).toBe("no\n");
    expect(sh.run("kubectl auth can-i get widgets").stdout).toBe("yes\n");
  });

  it("a cluster without an authorizer allows everything", () => {
    const sh = createShell(createMemoryCluster());
    expect(sh.run("kubectl auth can-i delete nodes --as=jane").stdout).toBe("yes\n");
  });
});
