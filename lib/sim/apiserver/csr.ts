/**
 * certificates.k8s.io/v1 CertificateSigningRequest: the registry strategy (pkg/registry/certificates/
 * certificates/strategy.go: PrepareForCreate fills spec.username/uid/groups/extra from the requester and
 * clears status; a plain update keeps spec and status; the approval subresource changes only the
 * conditions; the status subresource only status), validation (pkg/apis/certificates/validation/
 * validation.go ValidateCertificateSigningRequestCreate/Update) and the CertificateSubjectRestriction
 * admission plugin (plugin/pkg/admission/certificates/subjectrestriction: no system:masters through the
 * kube-apiserver-client signer).
 *
 * Key material is not real cryptography: a "CERTIFICATE REQUEST" / "CERTIFICATE" PEM block made by this
 * simulator carries its fields as `key=value` text lines inside the base64 body (pemFields), which is
 * what openssl on the nodes writes and reads back (lib/kubectl/shell/openssl.ts).
 */
import type { FieldError } from "../errors";
import { isoTime, type Obj } from "../util";
import type { UserInfo } from "./rbac";

export const CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client";
export const KUBELET_CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
export const KUBELET_SERVING_SIGNER = "kubernetes.io/kubelet-serving";
const LEGACY_SIGNER = "kubernetes.io/legacy-unknown";

/** certificates/v1 KeyUsage values (types.go), sorted as sets.List prints them in NotSupported. */
export const KEY_USAGES = [
  "any", "cert sign", "client auth", "code signing", "content commitment", "crl sign", "data encipherment", "decipher only",
  "digital signature", "email protection", "encipher only", "ipsec end system", "ipsec tunnel", "ipsec user", "key agreement",
  "key encipherment", "microsoft sgc", "netscape sgc", "ocsp signing", "s/mime", "server auth", "signing", "timestamping",
];

/** A PEM block: its label and base64 body (RFC 7468 text encoding). */
export function pemBlock(label: string, fields: Record<string, string>, pad: string): string {
  const text = Object.entries(fields).map(([k, v]) => `${k}=${v}`).join("\n") + "\n#" + pad;
  const b64 = btoa(unescape(encodeURIComponent(text)));
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** The first PEM block of `text` (pem.Decode): its label and the fields this simulator wrote into it (null if none). */
export function pemDecode(text: string): { label: string; fields: Record<string, string> } | null {
  const m = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]*?)-----END \1-----/.exec(text);
  if (!m) return null;
  let body = "";
  try {
    body = decodeURIComponent(escape(atob(m[2].replace(/[\r\n]/g, ""))));
  } catch {
    return { label: m[1], fields: {} };
  }
  const fields: Record<string, string> = {};
  for (const line of body.split("\n")) {
    const i = line.indexOf("=");
    if (i > 0 && !line.startsWith("#")) fields[line.slice(0, i)] = line.slice(i + 1);
  }
  return { label: m[1], fields };
}

/** "/CN=john/O=dev" -> [["CN","john"],["O","dev"]] */
export function parseSubject(s: string): [string, string][] {
  return s.split("/").filter(Boolean).map((p) => {
    const i = p.indexOf("=");
    return (i < 0 ? [p, ""] : [p.slice(0, i), p.slice(i + 1)]) as [string, string];
  });
}

/** The identity a client certificate gives (x509 authenticator: CN = user, O = groups). */
export function certIdentity(subject: string): { user: string; groups: string[] } {
  const rdns = parseSubject(subject);
  return { user: rdns.find(([k]) => k === "CN")?.[1] ?? "", groups: rdns.filter(([k]) => k === "O").map(([, v]) => v) };
}

function b64ToText(s: string): string | null {
  try {
    return atob(s.replace(/[\r\n]/g, ""));
  } catch {
    return null;
  }
}

/** ValidateCertificateSigningRequestSignerName (pkg/apis/certificates/validation). */
function signerNameErrors(signer: unknown): FieldError[] {
  const f = "spec.signerName";
  const v = typeof signer === "string" ? signer : "";
  if (!v) return [{ type: "Required value", field: f }];
  const parts = v.split("/");
  if (parts.length < 2) return [{ type: "Invalid value", field: f, value: v, detail: "must be a fully qualified domain and path of the form 'example.com/signer-name'" }];
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(parts[0])) return [{ type: "Invalid value", field: f, value: v, detail: "must be a fully qualified domain and path of the form 'example.com/signer-name'" }];
  if (v === LEGACY_SIGNER) return [{ type: "Invalid value", field: f, value: v, detail: "the legacy signerName is not allowed via this API version" }];
  return [];
}

/** Create validation past metadata: a PEM CSR, usages required/known/unique, signerName, expirationSeconds >= 600. */
export function validateCsrCreate(obj: Obj): FieldError[] {
  const spec: Obj = obj.spec ?? {};
  const errs: FieldError[] = [];
  const req = typeof spec.request === "string" ? (b64ToText(spec.request) ?? "") : "";
  const block = pemDecode(req);
  if (!block || block.label !== "CERTIFICATE REQUEST") {
    // the []byte value is rendered as JSON since 1.34 (§8.3), i.e. base64 again
    errs.push({ type: "Invalid value", field: "spec.request", value: typeof spec.request === "string" ? spec.request : "", detail: "PEM block type must be CERTIFICATE REQUEST" });
  }
  const usages: unknown[] = Array.isArray(spec.usages) ? spec.usages : [];
  if (!usages.length) errs.push({ type: "Required value", field: "spec.usages" });
  const seen = new Set<unknown>();
  usages.forEach((u, i) => {
    if (!KEY_USAGES.includes(u as string)) errs.push({ type: "Unsupported value", field: `spec.usages[${i}]`, value: u, detail: `supported values: ${KEY_USAGES.map((x) => `"${x}"`).join(", ")}` });
    else if (seen.has(u)) errs.push({ type: "Duplicate value", field: `spec.usages[${i}]`, value: u });
    seen.add(u);
  });
  errs.push(...signerNameErrors(spec.signerName));
  if (typeof spec.expirationSeconds === "number" && spec.expirationSeconds < 600) {
    errs.push({ type: "Invalid value", field: "spec.expirationSeconds", value: spec.expirationSeconds, detail: "may not specify a duration less than 600 seconds (10 minutes)" });
  }
  return errs;
}

/** strategy.go PrepareForCreate: the requester's identity goes into the spec, status starts empty. */
export function prepareCsrCreate(obj: Obj, u: UserInfo): void {
  obj.spec ??= {};
  obj.spec.username = u.name;
  obj.spec.groups = [...u.groups];
  delete obj.spec.uid;
  delete obj.spec.extra;
  obj.status = {};
}

/** The fields of the CSR in spec.request (empty when it is not one this simulator can read). */
export function csrFields(csr: Obj): Record<string, string> {
  return pemDecode(b64ToText(csr.spec?.request ?? "") ?? "")?.fields ?? {};
}

/** The subject of the CSR in spec.request ("" when it is not one this simulator can read). */
export function csrSubject(csr: Obj): string {
  return csrFields(csr).subject ?? "";
}

/** CertificateSubjectRestriction admission: the error text, or null. */
export function csrSubjectRestriction(obj: Obj): string | null {
  if (obj.spec?.signerName !== CLIENT_SIGNER) return null;
  if (certIdentity(csrSubject(obj)).groups.includes("system:masters")) return `use of ${CLIENT_SIGNER} signer with system:masters group is not allowed`;
  return null;
}

/**
 * The approval subresource (strategy.go csrApprovalStrategy): only status.conditions change, and
 * ValidateCertificateSigningRequestApprovalUpdate refuses Approved together with Denied and removing either.
 */
export function approvalUpdate(old: Obj, obj: Obj, now: number): { merged: Obj; errs: FieldError[] } {
  const merged: Obj = { ...old, metadata: { ...old.metadata }, status: { ...(old.status ?? {}) } };
  const conds: Obj[] = (obj.status?.conditions ?? []).map((c: Obj) => ({ ...c }));
  const errs: FieldError[] = [];
  const has = (list: Obj[], t: string) => list.some((c) => c.type === t);
  if (has(conds, "Approved") && has(conds, "Denied")) errs.push({ type: "Invalid value", field: "status.conditions", value: "Denied", detail: "Approved and Denied conditions are mutually exclusive" });
  for (const t of ["Approved", "Denied"]) {
    if (has(old.status?.conditions ?? [], t) && !has(conds, t)) errs.push({ type: "Forbidden", field: "status.conditions", detail: `updates may not remove a condition of type "${t}"` });
  }
  // strategy.go populateConditionTimestamps: lastUpdateTime and lastTransitionTime default to now
  for (const c of conds) {
    c.lastUpdateTime ??= isoTime(now);
    c.lastTransitionTime ??= isoTime(now);
  }
  merged.status.conditions = conds;
  return { merged, errs };
}

/** printers.go extractCSRStatus: Denied over Approved over Pending, then ,Failed and ,Issued. */
export function csrCondition(csr: Obj): string {
  const types = new Set((csr.status?.conditions ?? []).map((c: Obj) => c.type));
  let s = types.has("Denied") ? "Denied" : types.has("Approved") ? "Approved" : "Pending";
  if (types.has("Failed")) s += ",Failed";
  if (csr.status?.certificate) s += ",Issued";
  return s;
}
