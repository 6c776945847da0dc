// kubectl certificate approve|deny and `kubectl get csr` columns.
// Source: staging/src/k8s.io/kubectl/pkg/cmd/certificates/certificates.go (modifyCertificateCondition,
// addConditionIfNeeded: the opposite decision is an error even with --force; the same decision is only
// sent again with --force; the object is printed with the "approved"/"denied" operation) and
// pkg/printers/internalversion/printers.go printCertificateSigningRequest / extractCSRStatus.
import type { ApiResource, Json } from "../cluster-api";
import { csrCondition } from "../../sim/apiserver/csr";
import { bool, type FlagSpec, type Parsed } from "./args";
import { type CliError, fail, newAggregate, plainError, printErr, reqOpts, statusError, type Ctx } from "./ctx";
import { age, humanDuration, type ColumnSet } from "./table";

/** `kubectl get csr`: NAME AGE SIGNERNAME REQUESTOR REQUESTEDDURATION CONDITION. */
export const CSR_COLUMNS: Record<string, ColumnSet> = {
  certificatesigningrequests: {
    headers: ["NAME", "AGE", "SIGNERNAME", "REQUESTOR", "REQUESTEDDURATION", "CONDITION"],
    row: (o: Json, now: number) => [
      o.metadata.name, age(now, o.metadata.creationTimestamp), o.spec?.signerName || "<none>", o.spec?.username ?? "",
      typeof o.spec?.expirationSeconds === "number" ? humanDuration(o.spec.expirationSeconds * 1000) : "<none>", csrCondition(o),
    ],
    wide: [],
    wideRow: () => [],
  },
};

export const CERTIFICATE_FLAGS: FlagSpec[] = [
  { name: "force", type: "bool" },
  { name: "output", short: "o", type: "string" },
  { name: "filename", short: "f", type: "array" },
];

const GROUP_HELP = `Modify certificate resources.

Available Commands:
  approve       Approve a certificate signing request
  deny          Deny a certificate signing request

Usage:
  kubectl certificate SUBCOMMAND [options]

Use "kubectl certificate <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

const DECISIONS = {
  approve: { type: "Approved", opposite: "Denied", reason: "KubectlApprove", message: "This CSR was approved by kubectl certificate approve.", op: "approved" },
  deny: { type: "Denied", opposite: "Approved", reason: "KubectlDeny", message: "This CSR was denied by kubectl certificate deny.", op: "denied" },
} as const;

/** kubectl certificate approve|deny NAME... [--force] */
export function cmdCertificate(ctx: Ctx, p: Parsed): number {
  const sub = p.args[0] as keyof typeof DECISIONS;
  const d = DECISIONS[sub];
  if (!d) {
    ctx.io.err(GROUP_HELP);
    return 1;
  }
  const names = p.args.slice(1);
  if (!names.length) return fail(ctx, "one or more CSRs must be specified as <name> or -f <filename>");
  const res = ctx.resources.find((r) => r.name === "certificatesigningrequests" && r.group === "certificates.k8s.io") as ApiResource | undefined;
  if (!res || !ctx.cluster.updateApproval) return fail(ctx, `the server doesn't have a resource type "certificatesigningrequests"`);
  const errs: CliError[] = [];
  const force = bool(p, "force");
  for (const name of names) {
    const got = ctx.cluster.get(res, undefined, name, reqOpts(ctx));
    if (!got.ok) {
      errs.push(statusError(got.status));
      continue;
    }
    const csr = got.value;
    const conds = (csr.status?.conditions ?? []) as Json[];
    const opposite = conds.find((c) => c.type === d.opposite);
    if (opposite) {
      errs.push(plainError(`certificate signing request ${JSON.stringify(name)} is already ${opposite.type}`));
      continue;
    }
    const already = conds.some((c) => c.type === d.type);
    if (!already || force) {
      const next = already ? csr : { ...csr, status: { ...(csr.status ?? {}), conditions: [...conds, { type: d.type, status: "True", reason: d.reason, message: d.message, lastUpdateTime: new Date(ctx.now).toISOString().replace(/\.\d{3}Z$/, "Z") }] } };
      const r = ctx.cluster.updateApproval(next, reqOpts(ctx));
      if (!r.ok) {
        errs.push(statusError(r.status));
        continue;
      }
    }
    ctx.io.out(`certificatesigningrequest.certificates.k8s.io/${name} ${d.op}\n`);
  }
  return printErr(ctx, newAggregate(errs));
}
