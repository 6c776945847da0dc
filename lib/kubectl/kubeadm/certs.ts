// kubeadm certs check-expiration / renew (cmd/kubeadm/app/cmd/certs.go, phases/certs/renewal): the
// certificates `kubeadm init` wrote on the control-plane host, valid 365 days from init (CAs ten
// years), times on the virtual clock. A renewal is kept in the cluster state (its time per certificate).
import { EPOCH_MS } from "../../sim/util";
import { shortHumanDuration, tabwrite } from "./token";
import type { ClusterApi } from "../cluster-api";
import type { CmdIO, ShellState } from "../shell/types";

const DAY = 86_400_000;
/** The cluster was set up with `kubeadm init` ten days before the simulator's epoch (cluster.ts BOOT_AGE_MS). */
export const INIT_MS = EPOCH_MS - 10 * DAY;
/** constants.CertificateValidityPeriod / CACertificateValidityPeriod */
const CERT_VALIDITY = 365 * DAY;
const CA_VALIDITY = 10 * 365 * DAY;
const ERR_TAIL = "\nTo see the stack trace of this error execute with --v=5 or higher\n";

/** The certificates kubeadm manages, in check-expiration's order, with their CA and renew line (renewal LongName). */
export const CERTS: { name: string; ca: string; long: string }[] = [
  { name: "admin.conf", ca: "ca", long: "certificate embedded in the kubeconfig file for the admin to use and for kubeadm itself" },
  { name: "apiserver", ca: "ca", long: "certificate for serving the Kubernetes API" },
  { name: "apiserver-etcd-client", ca: "etcd-ca", long: "certificate the apiserver uses to access etcd" },
  { name: "apiserver-kubelet-client", ca: "ca", long: "certificate for the API server to connect to kubelet" },
  { name: "controller-manager.conf", ca: "ca", long: "certificate embedded in the kubeconfig file for the controller manager to use" },
  { name: "etcd-healthcheck-client", ca: "etcd-ca", long: "certificate for liveness probes to healthcheck etcd" },
  { name: "etcd-peer", ca: "etcd-ca", long: "certificate for etcd nodes to communicate with each other" },
  { name: "etcd-server", ca: "etcd-ca", long: "certificate for serving etcd" },
  { name: "front-proxy-client", ca: "front-proxy-ca", long: "certificate for the front proxy client" },
  { name: "scheduler.conf", ca: "ca", long: "certificate embedded in the kubeconfig file for the scheduler manager to use" },
  { name: "super-admin.conf", ca: "ca", long: "certificate embedded in the kubeconfig file for the super-admin" },
];
const CAS = ["ca", "etcd-ca", "front-proxy-ca"];

/** When each certificate expires (epoch ms): 365 days after init or after its last renewal. */
export function certExpiry(c: ClusterApi): Record<string, number> {
  const ren = c.hosts?.certRenewals?.() ?? {};
  return Object.fromEntries(CERTS.map((x) => [x.name, (ren[x.name] ?? INIT_MS) + CERT_VALIDITY]));
}

/** "Jan 02, 2006 15:04 MST" */
function goDate(ms: number): string {
  const d = new Date(ms);
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${months[d.getUTCMonth()]} ${p(d.getUTCDate())}, ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} UTC`;
}

const READING = (phase: string) => `[${phase}] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...\n[${phase}] Use 'kubeadm init phase upload-config --config your-config.yaml' to re-upload it.\n`;

function checkExpiration(io: CmdIO, c: ClusterApi): number {
  const now = c.now();
  const exp = certExpiry(c);
  const residual = (t: number) => (t <= now ? "<invalid>" : shortHumanDuration(t - now));
  const rows = [["CERTIFICATE", "EXPIRES", "RESIDUAL TIME", "CERTIFICATE AUTHORITY", "EXTERNALLY MANAGED"], ...CERTS.map((x) => [x.name, goDate(exp[x.name]), residual(exp[x.name]), x.ca, "no"])];
  const caRows = [["CERTIFICATE AUTHORITY", "EXPIRES", "RESIDUAL TIME", "EXTERNALLY MANAGED"], ...CAS.map((n) => [n, goDate(INIT_MS + CA_VALIDITY), residual(INIT_MS + CA_VALIDITY), "no"])];
  io.out(`${READING("check-expiration")}\n${tabwrite(rows)}\n${tabwrite(caRows)}`);
  return 0;
}

function renew(args: string[], io: CmdIO, c: ClusterApi): number {
  const target = args.find((a) => !a.startsWith("-"));
  const names = CERTS.map((x) => x.name);
  if (!target) {
    io.err(`error: missing subcommand; "renew" is not meant to be run on its own${ERR_TAIL}`);
    return 1;
  }
  if (target !== "all" && !names.includes(target)) {
    io.err(`error: unknown command "${target}" for "kubeadm certs renew"${ERR_TAIL}`);
    return 1;
  }
  const ren = { ...(c.hosts?.certRenewals?.() ?? {}) };
  const todo = target === "all" ? CERTS : CERTS.filter((x) => x.name === target);
  let out = `${READING("renew")}\n`;
  for (const x of todo) {
    ren[x.name] = c.now();
    out += `${x.long} renewed\n`;
  }
  c.hosts?.setCertRenewals?.(ren);
  if (target === "all") out += "\nDone renewing certificates. You must restart the kube-apiserver, kube-controller-manager, kube-scheduler and etcd, so that they can use the new certificates.\n";
  io.out(out);
  return 0;
}

/** kubeadm certs SUBCOMMAND on the control-plane host. */
export function kubeadmCerts(argv: string[], io: CmdIO, state: ShellState): number {
  const c = state.clusters.get(state.currentContext);
  const sub = argv[2];
  if (!c || state.hostname !== "controlplane") {
    io.err(`error: failed to load admin kubeconfig: open /etc/kubernetes/admin.conf: no such file or directory${ERR_TAIL}`);
    return 1;
  }
  if (sub === "check-expiration") return checkExpiration(io, c);
  if (sub === "renew") return renew(argv.slice(3), io, c);
  io.err(`error: ${sub ? `unknown command "${sub}" for "kubeadm certs"` : `missing subcommand; "certs" is not meant to be run on its own`}${ERR_TAIL}`);
  return 1;
}
