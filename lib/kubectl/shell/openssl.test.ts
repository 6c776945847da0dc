// openssl on the nodes (texts compared with OpenSSL 3.0.19) and the identity a kubeconfig user's client
// certificate gives kubectl (kubectl/credentials.ts).
import { describe, expect, it } from "vitest";
import { shellSnapshot, restoreShellSnapshot } from "#lib/exercise/session";
import { createSimSession } from "../sim-adapter";
import { opensslDate, opensslName } from "./openssl";

function session(seed = 3) {
  return createSimSession({ preset: "cka", seed });
}

const KEY_AND_CSR = 'openssl genrsa -out u.key 2048 && openssl req -new -key u.key -subj "/CN=jane/O=dev/O=ops" -out u.csr';

describe("openssl", () => {
  it("formats names and dates as X509_NAME_print_ex and ASN1_TIME_print do", () => {
    expect(opensslName("/CN=john/O=dev")).toBe("CN = john, O = dev");
    expect(opensslDate("2026-12-07T08:55:08Z")).toBe("Dec  7 08:55:08 2026 GMT");
    expect(opensslDate("2028-04-20T08:05:00Z")).toBe("Apr 20 08:05:00 2028 GMT");
  });

  it("writes PEM files (genrsa, req) that base64 round-trips and req/x509 read back", () => {
    const s = session();
    expect(s.run(KEY_AND_CSR)).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    expect(s.run("head -1 u.key; tail -1 u.key; head -1 u.csr").stdout).toBe("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE REQUEST-----\n");
    expect(s.run("base64 -w0 u.csr | base64 -d | cmp - u.csr 2>/dev/null; base64 -w0 u.csr | base64 -d > back.csr; openssl req -in back.csr -noout -subject").stdout).toContain("subject=CN = jane, O = dev, O = ops\n");
    const text = s.run("openssl req -in u.csr -noout -text").stdout;
    expect(text.split("\n").slice(0, 4)).toEqual(["Certificate Request:", "    Data:", "        Version: 1 (0x0)", "        Subject: CN = jane, O = dev, O = ops"]);
    expect(text).toContain("                Public-Key: (2048 bit)\n");
    expect(s.run("openssl genrsa 4096 | head -1").stdout).toBe("-----BEGIN PRIVATE KEY-----\n");
  });

  it("signs with the cluster CA (x509 -req): stderr as OpenSSL 3 writes it, -days, the .srl file, dates in the order asked", () => {
    const s = session();
    s.run(KEY_AND_CSR);
    const r = s.run("openssl x509 -req -in u.csr -CA /etc/kubernetes/pki/ca.crt -CAkey /etc/kubernetes/pki/ca.key -CAcreateserial -out u.crt -days 2");
    expect(r).toMatchObject({ stdout: "", stderr: "Certificate request self-signature ok\nsubject=CN = jane, O = dev, O = ops\n", exitCode: 0 });
    expect(s.run("ls /etc/kubernetes/pki/ca.srl").exitCode).toBe(0);
    const out = s.run("openssl x509 -in u.crt -noout -enddate -subject -startdate -issuer").stdout.split("\n");
    expect(out[1]).toBe("subject=CN = jane, O = dev, O = ops");
    expect(out[3]).toBe("issuer=CN = kubernetes");
    expect(Date.parse(out[0].slice("notAfter=".length)) - Date.parse(out[2].slice("notBefore=".length))).toBe(2 * 86400_000);
    expect(s.run("openssl x509 -in /etc/kubernetes/pki/ca.crt -noout -subject -issuer").stdout).toBe("subject=CN = kubernetes\nissuer=CN = kubernetes\n");
    expect(s.run("openssl x509 -in /etc/kubernetes/pki/apiserver.crt -noout -subject").stdout).toBe("subject=CN = kube-apiserver\n");
  });

  it("fails as openssl does: missing files, an unknown command, a subject without '/', a CA key that is not the CA's", () => {
    const s = session();
    s.run(KEY_AND_CSR);
    const miss = s.run("openssl x509 -in nope.crt -noout -subject");
    expect(miss.exitCode).toBe(1);
    expect(miss.stderr.split("\n")[0]).toBe("Could not open file or uri for loading certificate from nope.crt");
    expect(miss.stderr).toMatch(/Unable to load certificate\n$/);
    expect(s.run("openssl req -new -key nokey -subj /CN=a -out a.csr").stderr.split("\n")[0]).toBe("Could not open file or uri for loading private key from nokey");
    expect(s.run("openssl foo")).toMatchObject({ stderr: "Invalid command 'foo'; type \"help\" for a list.\n", exitCode: 1 });
    expect(s.run("openssl req -new -key u.key -subj CN=a -out a.csr").exitCode).toBe(1);
    const mismatch = s.run("openssl x509 -req -in u.csr -CA /etc/kubernetes/pki/ca.crt -CAkey u.key -out bad.crt");
    expect(mismatch.exitCode).toBe(1);
    expect(mismatch.stderr).toContain("key values mismatch");
    expect(s.run("ls bad.crt").exitCode).not.toBe(0);
  });

  it("is deterministic: the same commands on the same seed write the same bytes", () => {
    const files = () => {
      const s = session(9);
      s.run(KEY_AND_CSR);
      s.run("openssl x509 -req -in u.csr -CA /etc/kubernetes/pki/ca.crt -CAkey /etc/kubernetes/pki/ca.key -out u.crt -days 5");
      return s.run("cat u.key u.csr u.crt").stdout;
    };
    expect(files()).toBe(files());
    const s = session(9);
    s.run("openssl genrsa -out a.key");
    s.run("openssl genrsa -out b.key");
    expect(s.run("cat a.key").stdout).not.toBe(s.run("cat b.key").stdout);
  });
});

describe("a kubeconfig user with a client certificate", () => {
  function withUser(signing: string) {
    const s = session();
    s.run(KEY_AND_CSR);
    s.run(signing);
    s.run("kubectl config set-credentials jane --client-key=u.key --client-certificate=u.crt");
    s.run("kubectl config set-context jane --cluster=kubernetes --user=jane");
    return s;
  }
  const CA_SIGN = "openssl x509 -req -in u.csr -CA /etc/kubernetes/pki/ca.crt -CAkey /etc/kubernetes/pki/ca.key -out u.crt -days 1";

  it("is the certificate's CN with its O groups, and RBAC decides", () => {
    const s = withUser(CA_SIGN);
    expect(s.run("kubectl --context jane auth whoami").stdout).toBe("ATTRIBUTE   VALUE\nUsername    jane\nGroups      [dev ops system:authenticated]\n");
    expect(s.run("kubectl --context jane get pods").stderr).toBe('Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"\n');
    s.run("kubectl create rolebinding jane-view --clusterrole=view --user=jane");
    expect(s.run("kubectl --context jane get pods")).toMatchObject({ stderr: "No resources found in default namespace.\n", exitCode: 0 });
    expect(s.run("kubectl --context jane delete pod x").stderr).toContain('User "jane" cannot delete resource "pods"');
  });

  it("is in the groups of its O entries: a binding to Group dev lets it in, one to Group qa does not", () => {
    const s = withUser(CA_SIGN);
    s.run("kubectl create rolebinding qa-view --clusterrole=view --group=qa");
    expect(s.run("kubectl --context jane get pods").exitCode).toBe(1);
    s.run("kubectl create rolebinding dev-view --clusterrole=view --group=dev");
    expect(s.run("kubectl --context jane get pods")).toMatchObject({ stderr: "No resources found in default namespace.\n", exitCode: 0 });
    expect(s.run("kubectl --context jane get pods -n kube-system").exitCode).toBe(1);
  });

  it("is refused (401) once the certificate has expired, and for a certificate from another CA", () => {
    // a 10-minute certificate from the CSR API (expirationSeconds 600, issued backdated 5 minutes)
    const csr = [
      "apiVersion: certificates.k8s.io/v1", "kind: CertificateSigningRequest", "metadata:", "  name: jane", "spec:",
      "  request: $(base64 -w0 u.csr)", "  signerName: kubernetes.io/kube-apiserver-client", "  expirationSeconds: 600", "  usages: [client auth]",
    ].join("\n");
    const s = withUser(`cat <<EOF | kubectl apply -f -\n${csr}\nEOF\nkubectl certificate approve jane && kubectl get csr jane -o jsonpath='{.status.certificate}' | base64 -d > u.crt`);
    s.run("kubectl create rolebinding jane-view --clusterrole=view --user=jane");
    expect(s.run("kubectl --context jane get pods").exitCode).toBe(0);
    s.run("sleep 9m");
    expect(s.run("kubectl --context jane get pods").exitCode).toBe(0);
    s.run("sleep 2m");
    expect(s.run("kubectl --context jane get pods")).toMatchObject({ stderr: "error: You must be logged in to the server (Unauthorized)\n", exitCode: 1 });
    const f = withUser('openssl req -x509 -new -key u.key -subj "/CN=kubernetes" -days 9 -out ca2.crt && openssl x509 -req -in u.csr -CA ca2.crt -CAkey u.key -out u.crt');
    expect(f.run("kubectl --context jane get pods").stderr).toBe("error: You must be logged in to the server (Unauthorized)\n");
  });

  it("survives a checkpoint: the users come back with the shell", () => {
    const s = withUser(CA_SIGN);
    const snap = JSON.parse(JSON.stringify(shellSnapshot(s)));
    const t = session();
    restoreShellSnapshot(t, snap);
    expect(t.run("kubectl config get-users").stdout).toBe("NAME\nkubernetes-admin\njane\n");
    expect(t.run("kubectl --context jane auth whoami").stdout).toContain("Username    jane\n");
  });
});
