// kubeconfig users with client certificates: `kubectl config set-credentials` (create_authinfo.go: file paths
// are made absolute, --embed-certs reads the files then and keeps their bytes, `User "john" set.`) and the
// identity a request carries. The API server's x509 authenticator (apiserver/pkg/authentication/request/x509)
// takes the user from the certificate's CN and the groups from its O entries, and accepts only certificates
// that chain to --client-ca-file (kubeadm's /etc/kubernetes/pki/ca.crt) and are within their validity;
// anything else is 401 Unauthorized. The TLS client refuses a key that does not belong to the certificate.
import type { Json } from "../cluster-api";
import { certIdentity, pemDecode } from "../../sim/apiserver/csr";
import { CLUSTER_CA_KEY } from "../../sim/controllers/csr-controller";
import { abs } from "../shell/builtins";
import type { KubeContext, KubeUser, ShellState } from "../shell/types";
import { bool, str, type FlagSpec, type Parsed } from "./args";
import { fail, type Ctx } from "./ctx";

export const CREDENTIAL_FLAGS: FlagSpec[] = [
  { name: "client-certificate", type: "string" },
  { name: "client-key", type: "string" },
  { name: "embed-certs", type: "bool" },
  { name: "token", type: "string" },
];

/** kubectl config set-credentials NAME [--client-certificate=F] [--client-key=F] [--embed-certs] [--token=T] */
export function setCredentials(ctx: Ctx, p: Parsed): number {
  const name = p.args[1];
  if (!name) return fail(ctx, "you must specify a non-empty user name");
  const st = ctx.state;
  st.kubeUsers ??= [];
  let u = st.kubeUsers.find((x) => x.name === name);
  if (!u) {
    u = { name };
    st.kubeUsers.push(u);
  }
  const embed = bool(p, "embed-certs");
  for (const [flag, file, data] of [["client-certificate", "clientCertificate", "clientCertificateData"], ["client-key", "clientKey", "clientKeyData"]] as const) {
    if (!p.set.has(flag)) continue;
    const path = str(p, flag);
    if (embed) {
      const r = st.fs.read(abs(st, path));
      if (!r.ok) return fail(ctx, `error reading ${flag} data from ${path}: open ${path}: no such file or directory`);
      u[data] = r.value;
      delete u[file];
    } else {
      u[file] = abs(st, path);
      delete u[data];
    }
  }
  if (p.set.has("token")) u.token = str(p, "token");
  ctx.io.out(`User "${name}" set.\n`);
  return 0;
}

/** The user entry as `kubectl config view` prints it (embedded data omitted, token redacted). */
export function kubeconfigUser(u: KubeUser): Json {
  const o: Json = {};
  if (u.clientCertificate) o["client-certificate"] = u.clientCertificate;
  if (u.clientCertificateData) o["client-certificate-data"] = "DATA+OMITTED";
  if (u.clientKey) o["client-key"] = u.clientKey;
  if (u.clientKeyData) o["client-key-data"] = "DATA+OMITTED";
  if (u.token) o.token = "REDACTED";
  return o;
}

export type Identity = { user: string; groups: string[] } | { error: string };

/** Who a request of this context is, when its kubeconfig user has a client certificate (null: the session's own user). */
export function certificateIdentity(state: ShellState, kc: KubeContext, now: number): Identity | null {
  const u = state.kubeUsers?.find((x) => x.name === kc.user);
  if (!u || (!u.clientCertificate && !u.clientCertificateData)) return null;
  const read = (file: string | undefined, data: string | undefined, what: string): string | { error: string } => {
    if (data !== undefined) return data;
    const r = state.fs.read(file!);
    return r.ok ? r.value : { error: `unable to read ${what} ${file} for ${u.name} due to open ${file}: no such file or directory` };
  };
  const certText = read(u.clientCertificate, u.clientCertificateData, "client-cert");
  if (typeof certText !== "string") return certText;
  if (!u.clientKey && !u.clientKeyData) return { error: "tls: private key does not match public key" };
  const keyText = read(u.clientKey, u.clientKeyData, "client-key");
  if (typeof keyText !== "string") return keyText;
  const cert = pemDecode(certText), key = pemDecode(keyText);
  if (!cert || cert.label !== "CERTIFICATE") return { error: "tls: failed to find any PEM data in certificate input" };
  if (!key || !key.label.includes("PRIVATE KEY")) return { error: "tls: failed to find any PEM data in key input" };
  if (cert.fields.key !== key.fields.id) return { error: "tls: private key does not match public key" };
  const valid = cert.fields.signedBy === CLUSTER_CA_KEY && Date.parse(cert.fields.notBefore) <= now && now <= Date.parse(cert.fields.notAfter);
  // an empty user name is refused by the API server's authenticator: 401 Unauthorized
  if (!valid) return { user: "", groups: [] };
  const id = certIdentity(cert.fields.subject ?? "");
  return { user: id.user, groups: [...id.groups, "system:authenticated"] };
}
