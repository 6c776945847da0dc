import { describe, expect, it } from "vitest";
import { clusterWithHost } from "./testkit";

const TAIL = "To see the stack trace of this error execute with --v=5 or higher\n";

describe("kubeadm token", () => {
  it("create makes a bootstrap-token Secret as kubeadm writes it; list shows its real table; delete removes it", () => {
    const { s } = clusterWithHost();
    expect(s.run("kubeadm token list").stdout).toBe("TOKEN     TTL       EXPIRES   USAGES    DESCRIPTION   EXTRA GROUPS\n");
    const created = s.run("kubeadm token create abcdef.0123456789abcdef --ttl 2h --description 'for node03'");
    expect(created.stdout).toBe("abcdef.0123456789abcdef\n");
    const sec = JSON.parse(s.run("kubectl get secret -n kube-system bootstrap-token-abcdef -o json").stdout);
    expect(sec.type).toBe("bootstrap.kubernetes.io/token");
    const data = Object.fromEntries(Object.entries(sec.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, "base64").toString()]));
    expect(data).toEqual({
      "auth-extra-groups": "system:bootstrappers:kubeadm:default-node-token",
      description: "for node03",
      expiration: "2026-01-01T02:00:00Z",
      "token-id": "abcdef",
      "token-secret": "0123456789abcdef",
      "usage-bootstrap-authentication": "true",
      "usage-bootstrap-signing": "true",
    });
    s.run("sleep 1");
    expect(s.run("kubeadm token list").stdout).toBe(
      "TOKEN                     TTL       EXPIRES                USAGES                   DESCRIPTION   EXTRA GROUPS\n" +
        "abcdef.0123456789abcdef   1h        2026-01-01T02:00:00Z   authentication,signing   for node03    system:bootstrappers:kubeadm:default-node-token\n",
    );
    expect(s.run("kubeadm token create --ttl 0").exitCode).toBe(0);
    expect(s.run("kubeadm token list").stdout).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}   <forever>   <never>   /m);
    expect(s.run("kubeadm token delete abcdef").stdout).toBe('bootstrap token "abcdef" deleted\n');
    expect(s.run("kubectl get secret -n kube-system bootstrap-token-abcdef").exitCode).toBe(1);
  });

  it("an expired token is gone (the token cleaner); list shows only the live ones", () => {
    const { s } = clusterWithHost();
    s.run("kubeadm token create aaaaaa.0123456789abcdef --ttl 1m");
    s.run("sleep 59");
    expect(s.run("kubeadm token list").stdout).toContain("aaaaaa.0123456789abcdef   1s ");
    s.run("sleep 1");
    expect(s.run("kubeadm token list").stdout).not.toContain("aaaaaa");
    expect(s.run("kubectl get secret -n kube-system bootstrap-token-aaaaaa").exitCode).toBe(1);
  });

  it("bad input gets kubeadm's error and creates nothing", () => {
    const { s } = clusterWithHost();
    const bad = s.run("kubeadm token create ABCDEF.0123456789abcdef");
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe(`error: the bootstrap token "ABCDEF.0123456789abcdef" was not of the form "^([a-z0-9]{6})\\.([a-z0-9]{16})$"\n${TAIL}`);
    expect(s.run("kubeadm token create --ttl 5x").stderr).toBe(`error: invalid argument "5x" for "--ttl" flag: time: invalid duration "5x"\n${TAIL}`);
    expect(s.run("kubeadm token create --usages signing,bogus").stderr).toContain("invalid bootstrap token usage string: bogus");
    expect(s.run("kubectl get secrets -n kube-system --field-selector type=bootstrap.kubernetes.io/token -o name").stdout).toBe("");
    s.run("kubeadm token create abcdef.0123456789abcdef");
    expect(s.run("kubeadm token create abcdef.0123456789abcdef").exitCode).toBe(1);
    expect(s.run("kubeadm token delete nope").stderr).toContain("given token didn't match pattern");
    // only the control plane has admin.conf
    s.run("ssh node03");
    expect(s.run("kubeadm token list").stderr).toBe(`error: failed to load admin kubeconfig: open /etc/kubernetes/admin.conf: no such file or directory\n${TAIL}`);
  });

  it("--print-join-command names the API server and a CA pin that stays the same for the cluster, with a new token each time", () => {
    const { s } = clusterWithHost();
    const a = s.run("kubeadm token create --print-join-command").stdout;
    const b = s.run("kubeadm token create --print-join-command").stdout;
    expect(a).toMatch(/^kubeadm join 172\.30\.1\.2:6443 --token ([a-z0-9]{6})\.[a-z0-9]{16} --discovery-token-ca-cert-hash sha256:[0-9a-f]{64} \n$/);
    expect(a.replace(/--token \S+/, "")).toBe(b.replace(/--token \S+/, ""));
    expect(a).not.toBe(b);
  });
});
