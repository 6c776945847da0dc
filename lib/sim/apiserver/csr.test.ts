/**
 * certificates.k8s.io/v1 CertificateSigningRequest: the requester's identity in the spec, validation
 * (pkg/apis/certificates/validation), the approval subresource, CertificateSubjectRestriction and the
 * csrsigning controller (pkg/controller/certificates/signer).
 */
import { describe, expect, it, vi } from "vitest";
import { b64decode, b64encode } from "./apiserver";
import { cka, mustGet } from "../test-helpers";
import type { Obj } from "../util";
import { certIdentity, csrCondition, pemBlock, pemDecode } from "./csr";

vi.setConfig({ testTimeout: 60_000 });

const csrPem = (subject: string) => pemBlock("CERTIFICATE REQUEST", { kind: "csr", subject, key: "k1" }, "x");
function csr(name: string, spec: Obj = {}): Obj {
  return {
    apiVersion: "certificates.k8s.io/v1", kind: "CertificateSigningRequest", metadata: { name },
    spec: { request: b64encode(csrPem("/CN=john/O=dev")), signerName: "kubernetes.io/kube-apiserver-client", usages: ["client auth"], ...spec },
  };
}
function approve(c: ReturnType<typeof cka>, name: string, type = "Approved") {
  const cur = mustGet(c, "certificatesigningrequests", name);
  cur.status = { conditions: [...(cur.status?.conditions ?? []), { type, status: "True", reason: "KubectlApprove", message: "m" }] };
  return c.updateApproval(cur);
}
function causes(r: { ok: boolean; status?: Obj }): string[] {
  expect(r.ok).toBe(false);
  return (r.status!.details?.causes ?? []).map((x: Obj) => `${x.field}: ${x.message}`);
}

describe("CertificateSigningRequest", () => {
  it("is cluster-scoped and takes username and groups from the requester, not from the body", () => {
    const c = cka();
    const r = c.create(csr("john", { username: "mallory", groups: ["system:masters"] }), { namespace: "dev" });
    expect(r.ok).toBe(true);
    const o = mustGet(c, "certificatesigningrequests", "john");
    expect(o.metadata.namespace).toBeUndefined();
    expect(o.spec.username).toBe("kubernetes-admin");
    expect(o.spec.groups).toEqual(["kubeadm:cluster-admins", "system:masters", "system:authenticated"]);
    expect(csrCondition(o)).toBe("Pending");
  });

  it("refuses a request that is not a PEM CSR, missing or unknown or duplicate usages, a bad signer and a short duration", () => {
    const c = cka();
    expect(causes(c.create(csr("a", { request: b64encode("hello") })))).toEqual([`spec.request: Invalid value: "${b64encode("hello")}": PEM block type must be CERTIFICATE REQUEST`]);
    const cert = b64encode(pemBlock("CERTIFICATE", { subject: "/CN=x" }, ""));
    expect(causes(c.create(csr("a", { request: cert })))[0]).toMatch(/PEM block type must be CERTIFICATE REQUEST$/);
    expect(causes(c.create(csr("a", { usages: [] })))).toEqual(["spec.usages: Required value"]);
    expect(causes(c.create(csr("a", { usages: ["client auth", "client auth", "flying"] })))).toEqual([
      "spec.usages[1]: Duplicate value: \"client auth\"",
      expect.stringMatching(/^spec\.usages\[2\]: Unsupported value: "flying": supported values: "any", "cert sign", "client auth",/),
    ]);
    const noSigner = csr("a");
    delete noSigner.spec.signerName;
    expect(causes(c.create(noSigner))).toEqual(["spec.signerName: Required value"]);
    expect(causes(c.create(csr("a", { signerName: "kubernetes" })))[0]).toMatch(/must be a fully qualified domain and path of the form 'example.com\/signer-name'$/);
    expect(causes(c.create(csr("a", { signerName: "kubernetes.io/legacy-unknown" })))[0]).toMatch(/the legacy signerName is not allowed via this API version$/);
    expect(causes(c.create(csr("a", { expirationSeconds: 599 })))).toEqual(["spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 600 seconds (10 minutes)"]);
    expect(c.create(csr("a", { expirationSeconds: 600 })).ok).toBe(true);
    const all = c.list("certificatesigningrequests");
    expect(all.ok && all.object.length).toBe(1);
  });

  it("forbids system:masters through the kube-apiserver-client signer", () => {
    const c = cka();
    const r = c.create(csr("m", { request: b64encode(csrPem("/CN=eve/O=system:masters")) }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.status.message).toBe('certificatesigningrequests.certificates.k8s.io "m" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed');
  });

  it("is signed once approved: Approved,Issued with a certificate whose subject is the CSR's and whose issuer is the cluster CA", () => {
    const c = cka();
    c.create(csr("john", { expirationSeconds: 86400 }));
    c.runUntilIdle({ maxMs: 10_000 });
    expect(mustGet(c, "certificatesigningrequests", "john").status.certificate).toBeUndefined();
    expect(approve(c, "john").ok).toBe(true);
    c.runUntilIdle({ maxMs: 10_000 });
    const o = mustGet(c, "certificatesigningrequests", "john");
    expect(csrCondition(o)).toBe("Approved,Issued");
    const cert = pemDecode(b64decode(o.status.certificate))!;
    expect(cert.label).toBe("CERTIFICATE");
    expect(cert.fields.subject).toBe("/CN=john/O=dev");
    expect(cert.fields.issuer).toBe("/CN=kubernetes");
    expect(Date.parse(cert.fields.notAfter) - Date.parse(cert.fields.notBefore)).toBe(86400_000 + 300_000);
    expect(certIdentity(cert.fields.subject)).toEqual({ user: "john", groups: ["dev"] });
    expect(o.status.conditions[0].lastTransitionTime).toBeTruthy();
  });

  it("fails a client CSR asking for server auth, and leaves a denied or unknown-signer CSR unsigned", () => {
    const c = cka();
    c.create(csr("srv", { usages: ["client auth", "server auth"] }));
    c.create(csr("den"));
    c.create(csr("other", { signerName: "example.com/custom" }));
    approve(c, "srv");
    approve(c, "den", "Denied");
    approve(c, "other");
    c.runUntilIdle({ maxMs: 10_000 });
    const srv = mustGet(c, "certificatesigningrequests", "srv");
    expect(csrCondition(srv)).toBe("Approved,Failed");
    expect(srv.status.conditions[1]).toMatchObject({ type: "Failed", reason: "SignerValidationFailure", message: "invalid usage for client certificate: server auth" });
    expect(csrCondition(mustGet(c, "certificatesigningrequests", "den"))).toBe("Denied");
    expect(csrCondition(mustGet(c, "certificatesigningrequests", "other"))).toBe("Approved");
  });

  it("approval refuses Approved with Denied and the removal of a decision; a plain update cannot change spec or status", () => {
    const c = cka();
    c.create(csr("john"));
    approve(c, "john");
    expect(causes(approve(c, "john", "Denied"))).toEqual(['status.conditions: Invalid value: "Denied": Approved and Denied conditions are mutually exclusive']);
    const cur = mustGet(c, "certificatesigningrequests", "john");
    expect(causes(c.updateApproval({ ...cur, status: { conditions: [] } }))).toEqual(['status.conditions: Forbidden: updates may not remove a condition of type "Approved"']);
    const before = mustGet(c, "certificatesigningrequests", "john");
    expect(c.replace({ ...before, spec: { ...before.spec, usages: ["server auth"] }, status: {} }).ok).toBe(true);
    const after = mustGet(c, "certificatesigningrequests", "john");
    expect(after.spec.usages).toEqual(["client auth"]);
    expect(after.status.conditions).toHaveLength(1);
  });
});
