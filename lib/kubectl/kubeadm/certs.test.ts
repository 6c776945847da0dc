import { describe, expect, it } from "vitest";
import { clusterWithHost } from "./testkit";

const READING = (p: string) => `[${p}] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...\n[${p}] Use 'kubeadm init phase upload-config --config your-config.yaml' to re-upload it.\n`;

describe("kubeadm certs", () => {
  it("check-expiration prints both tables on the virtual clock (init 10 days before the epoch)", () => {
    const { s } = clusterWithHost();
    // exactly at the epoch: 355 days left
    const row = (n: string, ca: string) => `${n.padEnd(27)}Dec 22, 2026 00:00 UTC   355d            ${ca.padEnd(24)}no\n`;
    expect(s.run("kubeadm certs check-expiration").stdout).toBe(
      READING("check-expiration") +
        "\nCERTIFICATE                EXPIRES                  RESIDUAL TIME   CERTIFICATE AUTHORITY   EXTERNALLY MANAGED\n" +
        row("admin.conf", "ca") + row("apiserver", "ca") + row("apiserver-etcd-client", "etcd-ca") + row("apiserver-kubelet-client", "ca") +
        row("controller-manager.conf", "ca") + row("etcd-healthcheck-client", "etcd-ca") + row("etcd-peer", "etcd-ca") + row("etcd-server", "etcd-ca") +
        row("front-proxy-client", "front-proxy-ca") + row("scheduler.conf", "ca") + row("super-admin.conf", "ca") +
        "\nCERTIFICATE AUTHORITY   EXPIRES                  RESIDUAL TIME   EXTERNALLY MANAGED\n" +
        "ca                      Dec 20, 2035 00:00 UTC   9y              no\n" +
        "etcd-ca                 Dec 20, 2035 00:00 UTC   9y              no\n" +
        "front-proxy-ca          Dec 20, 2035 00:00 UTC   9y              no\n",
    );
  });

  it("renew one certificate or all, with upstream's lines; the renewed ones expire a year from now", () => {
    const { s, c } = clusterWithHost();
    s.run("sleep 7200");
    const one = s.run("kubeadm certs renew apiserver");
    expect(one.stdout).toBe(`${READING("renew")}\ncertificate for serving the Kubernetes API renewed\n`);
    s.run("sleep 1");
    const table = s.run("kubeadm certs check-expiration").stdout;
    expect(table).toContain("apiserver                  Jan 01, 2027 02:00 UTC   364d ");
    expect(table).toContain("apiserver-etcd-client      Dec 22, 2026 00:00 UTC   354d ");
    const all = s.run("kubeadm certs renew all").stdout;
    expect(all.endsWith("certificate embedded in the kubeconfig file for the super-admin renewed\n\nDone renewing certificates. You must restart the kube-apiserver, kube-controller-manager, kube-scheduler and etcd, so that they can use the new certificates.\n")).toBe(true);
    expect(all.split("\n").filter((l) => l.endsWith(" renewed")).length).toBe(11);
    expect(s.run("kubeadm certs check-expiration").stdout).not.toContain("Dec 22, 2026");
    // the renewal is cluster state: it survives a snapshot/restore
    const snap = c.snapshot();
    c.restore(snap);
    expect(s.run("kubeadm certs check-expiration").stdout).not.toContain("Dec 22, 2026");
  });

  it("an unknown certificate name changes nothing; a worker has no admin.conf", () => {
    const { s } = clusterWithHost();
    const bad = s.run("kubeadm certs renew apiserverr");
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe('error: unknown command "apiserverr" for "kubeadm certs renew"\nTo see the stack trace of this error execute with --v=5 or higher\n');
    expect(s.run("kubeadm certs check-expiration").stdout).toContain("apiserver                  Dec 22, 2026 00:00 UTC");
    s.run("ssh node01");
    expect(s.run("kubeadm certs check-expiration").exitCode).toBe(1);
  });

  it("past the expiry the residual time is <invalid>", () => {
    const { s } = clusterWithHost();
    // renewed 366 days before now (a year of virtual time would take long to simulate)
    s.cluster().hosts!.setCertRenewals!({ apiserver: s.cluster().now() - 366 * 86_400_000 });
    expect(s.run("kubeadm certs check-expiration").stdout).toContain("apiserver                  Dec 31, 2025 00:00 UTC   <invalid>       ca ");
  });
});
