/**
 * kube-controller-manager's csrsigning controller (pkg/controller/certificates/signer): an Approved CSR
 * (not Denied, not Failed, no certificate yet) for one of the in-tree signers kubeadm enables
 * (kube-apiserver-client, kube-apiserver-client-kubelet, kubelet-serving; all signed by the cluster CA
 * /etc/kubernetes/pki/ca.crt) gets status.certificate. Validity: --cluster-signing-duration (8760h) or the
 * CSR's expirationSeconds when shorter, backdated 5 minutes (authority.go PermissiveSigningPolicy).
 * A kube-apiserver-client CSR with a usage other than digital signature, key encipherment and client auth
 * fails as signer.go reports it (condition Failed, reason SignerValidationFailure).
 *
 * Not modelled: csrapproving's auto-approval of node client CSRs (no kubelet here bootstraps; kubeadm's
 * join CSRs of a 10-day-old cluster are gone, csrcleaner deletes issued ones after 1 h), csrcleaner itself.
 */
import { CLIENT_SIGNER, KUBELET_CLIENT_SIGNER, KUBELET_SERVING_SIGNER, csrFields, pemBlock } from "../apiserver/csr";
import { b64encode } from "../apiserver/apiserver";
import { isoTime, type Obj } from "../util";
import { CM, type Ctx } from "./common";

const FROM = `${CM}/certificatesigningrequest-signing-controller`;
const SIGNERS = [CLIENT_SIGNER, KUBELET_CLIENT_SIGNER, KUBELET_SERVING_SIGNER];
const CLIENT_USAGES = ["digital signature", "key encipherment", "client auth"];
/** --cluster-signing-duration default */
const SIGNING_DURATION_S = 8760 * 3600;
const BACKDATE_MS = 5 * 60_000;
/** The cluster CA's subject (kubeadm: CN=kubernetes). */
export const CLUSTER_CA_SUBJECT = "/CN=kubernetes";

/** Wire the signing controller; returns its sync function. */
export function registerCsrSigningController(ctx: Ctx): (key: string) => void {
  ctx.k.on("certificatesigningrequests", (t, csr) => {
    if (t !== "DELETED") ctx.k.enqueue("csrsigning", csr.metadata.name, 1);
  });
  return (key) => syncCsr(ctx, key);
}

const has = (csr: Obj, t: string) => (csr.status?.conditions ?? []).some((c: Obj) => c.type === t);

/** Sign one approved CSR (or mark it Failed). */
export function syncCsr(ctx: Ctx, name: string): void {
  const csr = ctx.k.get("certificatesigningrequests", undefined, name);
  if (!csr || !has(csr, "Approved") || has(csr, "Denied") || has(csr, "Failed") || csr.status?.certificate) return;
  const signer = csr.spec?.signerName;
  if (!SIGNERS.includes(signer)) return;
  const now = ctx.k.now;
  const status: Obj = { ...(csr.status ?? {}) };
  const bad = signer === CLIENT_SIGNER ? (csr.spec.usages ?? []).find((u: string) => !CLIENT_USAGES.includes(u)) : undefined;
  if (bad) {
    status.conditions = [...(status.conditions ?? []), { type: "Failed", status: "True", reason: "SignerValidationFailure", message: `invalid usage for client certificate: ${bad}`, lastUpdateTime: isoTime(now), lastTransitionTime: isoTime(now) }];
  } else {
    const secs = Math.min(SIGNING_DURATION_S, typeof csr.spec.expirationSeconds === "number" ? csr.spec.expirationSeconds : SIGNING_DURATION_S);
    const pem = signedCertificate(csr, now - BACKDATE_MS, now + secs * 1000);
    status.certificate = b64encode(pem);
  }
  ctx.api.writeStatus({ ...csr, status }, FROM);
}

/** The cluster CA's key id in the simulator's PEM fields (kubeadm's /etc/kubernetes/pki/ca.key). */
export const CLUSTER_CA_KEY = "kubernetes-ca";

/** The certificate the cluster CA issues for a CSR (subject and key from its request, serial from its UID). */
function signedCertificate(csr: Obj, notBefore: number, notAfter: number): string {
  const seed: string = csr.metadata.uid;
  const serial = seed.replace(/-/g, "").slice(0, 16).toUpperCase();
  const req = csrFields(csr);
  return pemBlock("CERTIFICATE", {
    subject: req.subject ?? "", issuer: CLUSTER_CA_SUBJECT, notBefore: isoTime(notBefore), notAfter: isoTime(notAfter), serial,
    key: req.key ?? "", signedBy: CLUSTER_CA_KEY, bits: req.bits ?? "2048",
  }, seed);
}
