// openssl on the nodes: the subset a CKA "user with a client certificate" task uses, with OpenSSL 3.0's
// texts (compared with OpenSSL 3.0.19 on Debian): genrsa, req -new / -x509, req -in -noout -text|-subject,
// x509 -noout -text|-subject|-issuer|-dates|-startdate|-enddate, x509 -req -CA -CAkey -CAcreateserial.
// Key material is not real cryptography: files are PEM blocks whose base64 body carries the fields later
// steps read back (lib/sim/apiserver/csr.ts pemBlock/pemDecode). Key ids come from a hash of the output path,
// the virtual time and the command count, so a replay writes the same bytes.
// kubeadm's placeholder certificates ("(simulated ca.crt)" under /etc/kubernetes/pki) are read as the
// certificates kubeadm makes: ca.crt is CN=kubernetes, signed by ca.key, valid 10 years (pkiutil).
import { pemBlock, pemDecode } from "../../sim/apiserver/csr";
import { CLUSTER_CA_KEY } from "../../sim/controllers/csr-controller";
import { fnv32a } from "../../sim/util";
import { abs } from "./builtins";
import { currentCluster } from "./host-fs";
import type { CmdIO, ShellState } from "./types";

const YEAR = 365 * 86400_000;

/** kubeadm's certificates as `openssl x509` reads them: subject and signer by file name. */
const KUBEADM_CERTS: Record<string, { subject: string; issuer: string; key: string; years: number }> = {
  "ca.crt": { subject: "/CN=kubernetes", issuer: "/CN=kubernetes", key: CLUSTER_CA_KEY, years: 10 },
  "apiserver.crt": { subject: "/CN=kube-apiserver", issuer: "/CN=kubernetes", key: "apiserver", years: 1 },
  "apiserver-kubelet-client.crt": { subject: "/O=kubeadm:cluster-admins/CN=kube-apiserver-kubelet-client", issuer: "/CN=kubernetes", key: "apiserver-kubelet-client", years: 1 },
  "front-proxy-ca.crt": { subject: "/CN=front-proxy-ca", issuer: "/CN=front-proxy-ca", key: "front-proxy-ca", years: 10 },
  "front-proxy-client.crt": { subject: "/CN=front-proxy-client", issuer: "/CN=front-proxy-ca", key: "front-proxy-client", years: 1 },
};

export interface PemFile {
  label: string;
  f: Record<string, string>;
}

/** Read a PEM file the way this simulator wrote it, or kubeadm's placeholder certificates; null when unreadable. */
export function readPem(state: ShellState, path: string): PemFile | null {
  const r = state.fs.read(abs(state, path));
  if (!r.ok) return null;
  const placeholder = /^-----BEGIN ([A-Z ]+)-----\n\(simulated ([^)]+)\)\n/.exec(r.value);
  if (placeholder) {
    const name = placeholder[2].replace(/^etcd\//, "");
    if (placeholder[1].includes("PRIVATE KEY")) return { label: "PRIVATE KEY", f: { kind: "key", id: name === "ca.key" && !placeholder[2].startsWith("etcd/") && !path.includes("/etcd/") ? CLUSTER_CA_KEY : name.replace(/\.key$/, ""), bits: "2048" } };
    const k = path.includes("/etcd/") ? undefined : KUBEADM_CERTS[name];
    const born = bootTime(state);
    const c = k ?? { subject: `/CN=${name.replace(/\.crt$/, "")}`, issuer: "/CN=etcd-ca", key: name, years: 1 };
    return { label: "CERTIFICATE", f: { subject: c.subject, issuer: c.issuer, notBefore: iso(born), notAfter: iso(born + c.years * YEAR), serial: hex(fnv32a(name)).repeat(2), key: c.key, signedBy: c.issuer === c.subject ? c.key : CLUSTER_CA_KEY, bits: "2048" } };
  }
  const d = pemDecode(r.value);
  return d && Object.keys(d.fields).length ? { label: d.label, f: d.fields } : null;
}

function bootTime(state: ShellState): number {
  const c = currentCluster(state);
  const now = c?.now() ?? 0;
  // the cluster is 10 days old when the learner arrives (lib/sim README, presets)
  return now - 10 * 86400_000;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const hex = (n: number) => n.toString(16).padStart(8, "0");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** ASN1_TIME_print: `Dec  7 08:55:08 2026 GMT`. */
export function opensslDate(isoText: string): string {
  const d = new Date(isoText);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()} GMT`;
}

/** X509_NAME_print_ex with XN_FLAG_ONELINE: `CN = john, O = dev`. */
export function opensslName(subject: string): string {
  return subject.split("/").filter(Boolean).map((p) => {
    const i = p.indexOf("=");
    return i < 0 ? p : `${p.slice(0, i)} = ${p.slice(i + 1)}`;
  }).join(", ");
}

function opts(argv: string[]): { flags: Set<string>; vals: Map<string, string>; rest: string[]; order: string[] } {
  const withValue = new Set(["-out", "-in", "-key", "-subj", "-days", "-CA", "-CAkey", "-CAserial", "-set_serial", "-keyout", "-passout", "-extfile", "-extensions", "-config", "-newkey", "-addext", "-signkey"]);
  const flags = new Set<string>(), vals = new Map<string, string>(), rest: string[] = [], order: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (withValue.has(a)) vals.set(a, argv[++i] ?? "");
    else if (a.startsWith("-")) {
      flags.add(a);
      order.push(a);
    } else rest.push(a);
  }
  return { flags, vals, rest, order };
}

function write(state: ShellState, io: CmdIO, out: string | undefined, text: string): boolean {
  if (!out) {
    io.out(text);
    return true;
  }
  const r = state.fs.write(abs(state, out), text);
  if (!r.ok) {
    io.err(`Could not open file or uri for writing ${out}\n`);
    return false;
  }
  return true;
}

function openError(io: CmdIO, what: string, path: string): number {
  io.err(`Could not open file or uri for loading ${what} from ${path}\n`);
  io.err(`40F7E1B8E77F0000:error:80000002:system library:file_open:No such file or directory:../providers/implementations/storemgmt/file_store.c:267:calling stat(${path})\n`);
  return 1;
}

function keyId(state: ShellState, seed: string): string {
  const now = currentCluster(state)?.now() ?? 0;
  return hex(fnv32a(`${seed}|${now}|${state.history.length}`)) + hex(fnv32a(`${state.history.length}|${seed}`));
}

function genrsa(argv: string[], io: CmdIO, state: ShellState): number {
  const o = opts(argv);
  const bits = o.rest[0] ?? "2048";
  if (!/^\d+$/.test(bits)) {
    io.err(`genrsa: Extra option: "${bits}"\ngenrsa: Use -help for summary.\n`);
    return 1;
  }
  const id = keyId(state, `genrsa:${o.vals.get("-out") ?? ""}`);
  return write(state, io, o.vals.get("-out"), pemBlock("PRIVATE KEY", { kind: "key", id, bits }, id.repeat(20))) ? 0 : 1;
}

function subjectArg(s: string | undefined): string | null {
  if (!s || !s.startsWith("/")) return null;
  return s.replace(/\/+$/, "");
}

function req(argv: string[], io: CmdIO, state: ShellState): number {
  const o = opts(argv);
  const inPath = o.vals.get("-in");
  if (inPath) {
    const p = readPem(state, inPath);
    if (!p || p.label !== "CERTIFICATE REQUEST") {
      if (!state.fs.isFile(abs(state, inPath))) return openError(io, "certificate request", inPath);
      io.err("Unable to load X509 request\n");
      return 1;
    }
    if (o.flags.has("-text")) {
      io.out(`Certificate Request:\n    Data:\n        Version: 1 (0x0)\n        Subject: ${opensslName(p.f.subject)}\n        Subject Public Key Info:\n            Public Key Algorithm: rsaEncryption\n                Public-Key: (${p.f.bits ?? "2048"} bit)\n                Exponent: 65537 (0x10001)\n        Attributes:\n            (none)\n            Requested Extensions:\n    Signature Algorithm: sha256WithRSAEncryption\n`);
    }
    if (o.flags.has("-subject")) io.out(`subject=${opensslName(p.f.subject)}\n`);
    if (!o.flags.has("-noout")) write(state, io, o.vals.get("-out"), pemBlock("CERTIFICATE REQUEST", p.f, p.f.key ?? ""));
    return 0;
  }
  if (!o.flags.has("-new") && !o.flags.has("-x509")) {
    io.err("req: Use -help for summary.\n");
    return 1;
  }
  const keyPath = o.vals.get("-key");
  if (!keyPath) {
    io.err("req: a private key is needed: use -key FILE (generating one with -newkey is not simulated)\n");
    return 1;
  }
  const key = readPem(state, keyPath);
  if (!key || key.label !== "PRIVATE KEY") return key ? (io.err(`Could not read private key from ${keyPath}\n`), 1) : openError(io, "private key", keyPath);
  const subject = subjectArg(o.vals.get("-subj"));
  if (!subject) {
    io.err(o.vals.has("-subj") ? `req: Subject does not start with '/'.\nreq: Error making certificate request\n` : "req: reading the subject from a terminal prompt is not simulated; use -subj \"/CN=…/O=…\"\n");
    return 1;
  }
  const f = { kind: "csr", subject, key: key.f.id, bits: key.f.bits ?? "2048" };
  if (o.flags.has("-x509")) {
    const now = currentCluster(state)?.now() ?? 0;
    const days = Number(o.vals.get("-days") ?? "30");
    const cert = { subject, issuer: subject, notBefore: iso(now), notAfter: iso(now + days * 86400_000), serial: keyId(state, "serial:" + subject), key: key.f.id, signedBy: key.f.id, bits: f.bits };
    return write(state, io, o.vals.get("-out"), pemBlock("CERTIFICATE", cert, key.f.id)) ? 0 : 1;
  }
  return write(state, io, o.vals.get("-out"), pemBlock("CERTIFICATE REQUEST", f, key.f.id)) ? 0 : 1;
}

function certText(p: PemFile): string {
  const serial = (p.f.serial ?? "").toLowerCase().match(/.{1,2}/g)?.join(":") ?? "";
  return `Certificate:\n    Data:\n        Version: 3 (0x2)\n        Serial Number:\n            ${serial}\n        Signature Algorithm: sha256WithRSAEncryption\n        Issuer: ${opensslName(p.f.issuer)}\n        Validity\n            Not Before: ${opensslDate(p.f.notBefore)}\n            Not After : ${opensslDate(p.f.notAfter)}\n        Subject: ${opensslName(p.f.subject)}\n        Subject Public Key Info:\n            Public Key Algorithm: rsaEncryption\n                Public-Key: (${p.f.bits ?? "2048"} bit)\n                Exponent: 65537 (0x10001)\n    Signature Algorithm: sha256WithRSAEncryption\n`;
}

function x509(argv: string[], io: CmdIO, state: ShellState): number {
  const o = opts(argv);
  const inPath = o.vals.get("-in");
  if (!inPath) {
    io.err("x509: reading from standard input is not simulated; use -in FILE\n");
    return 1;
  }
  if (o.flags.has("-req")) {
    const csr = readPem(state, inPath);
    if (!csr || csr.label !== "CERTIFICATE REQUEST") return csr ? (io.err("Unable to load X509 request\n"), 1) : openError(io, "certificate request", inPath);
    const caPath = o.vals.get("-CA"), caKeyPath = o.vals.get("-CAkey") ?? caPath;
    const ca = caPath ? readPem(state, caPath) : null;
    if (caPath && (!ca || ca.label !== "CERTIFICATE")) return openError(io, "CA certificate", caPath);
    const caKey = caKeyPath ? readPem(state, caKeyPath) : null;
    if (caKeyPath && (!caKey || caKey.label !== "PRIVATE KEY")) return openError(io, "CA private key", caKeyPath);
    const signKeyPath = o.vals.get("-signkey");
    const signKey = signKeyPath ? readPem(state, signKeyPath) : null;
    if (signKeyPath && (!signKey || signKey.label !== "PRIVATE KEY")) return openError(io, "private key", signKeyPath);
    if (!ca && !signKey) {
      io.err("x509: We need a private key to sign with, use -signkey or -CAkey or -CA <file> with private key\n");
      return 1;
    }
    if (ca && caKey && ca.f.key !== caKey.f.id) {
      io.err("Certificate request self-signature ok\n" + `subject=${opensslName(csr.f.subject)}\n`);
      io.err("40F7E1B8E77F0000:error:05800074:x509 certificate routines:X509_check_private_key:key values mismatch:../crypto/x509/x509_cmp.c:405:\n");
      return 1;
    }
    const now = currentCluster(state)?.now() ?? 0;
    const days = Number(o.vals.get("-days") ?? "30");
    const serial = keyId(state, `serial:${inPath}`).toUpperCase();
    if (caPath && o.flags.has("-CAcreateserial")) state.fs.write(abs(state, caPath.replace(/\.[^./]*$/, "") + ".srl"), serial + "\n");
    const cert = { subject: csr.f.subject, issuer: ca?.f.subject ?? csr.f.subject, notBefore: iso(now), notAfter: iso(now + days * 86400_000), serial, key: csr.f.key, signedBy: caKey?.f.id ?? signKey?.f.id ?? csr.f.key, bits: csr.f.bits ?? "2048" };
    io.err(`Certificate request self-signature ok\nsubject=${opensslName(csr.f.subject)}\n`);
    return write(state, io, o.vals.get("-out"), pemBlock("CERTIFICATE", cert, csr.f.key ?? "")) ? 0 : 1;
  }
  const p = readPem(state, inPath);
  if (!p || p.label !== "CERTIFICATE") {
    if (!state.fs.isFile(abs(state, inPath))) {
      openError(io, "certificate", inPath);
      io.err("Unable to load certificate\n");
      return 1;
    }
    io.err(`Could not read certificate from ${inPath}\nUnable to load certificate\n`);
    return 1;
  }
  // the print options in the order given (x509.c walks its print flags as they were parsed)
  for (const f of o.order) {
    if (f === "-subject") io.out(`subject=${opensslName(p.f.subject)}\n`);
    else if (f === "-issuer") io.out(`issuer=${opensslName(p.f.issuer)}\n`);
    else if (f === "-startdate") io.out(`notBefore=${opensslDate(p.f.notBefore)}\n`);
    else if (f === "-enddate") io.out(`notAfter=${opensslDate(p.f.notAfter)}\n`);
    else if (f === "-dates") io.out(`notBefore=${opensslDate(p.f.notBefore)}\nnotAfter=${opensslDate(p.f.notAfter)}\n`);
    else if (f === "-serial") io.out(`serial=${(p.f.serial ?? "").toUpperCase()}\n`);
  }
  if (o.flags.has("-text")) io.out(certText(p));
  if (!o.flags.has("-noout")) write(state, io, o.vals.get("-out"), pemBlock("CERTIFICATE", p.f, p.f.key ?? ""));
  return 0;
}

/** openssl SUBCOMMAND … */
export function openssl(argv: string[], io: CmdIO, state: ShellState): number {
  const sub = argv[1];
  if (sub === "genrsa") return genrsa(argv.slice(2), io, state);
  if (sub === "req") return req(argv.slice(2), io, state);
  if (sub === "x509") return x509(argv.slice(2), io, state);
  if (sub === "version") {
    io.out("OpenSSL 3.0.19 27 Jan 2026 (Library: OpenSSL 3.0.19 27 Jan 2026)\n");
    return 0;
  }
  if (!sub) {
    io.err("openssl: the interactive prompt is not simulated\n");
    return 1;
  }
  if (["rsa", "genpkey", "ca", "verify", "s_client", "pkcs12", "ecparam", "rand", "dgst", "enc", "x509v3"].includes(sub)) {
    io.err(`openssl ${sub}: not simulated here (genrsa, req and x509 are)\n`);
    return 1;
  }
  io.err(`Invalid command '${sub}'; type "help" for a list.\n`);
  return 1;
}
