// etcdctl against a stacked, multi-member etcd (an HA control plane, lib/sim ha.ts): `endpoint health` and
// `endpoint status` per endpoint or for every member (`--cluster`), and what a request does when the member
// it reaches is down or the cluster lost quorum. Texts from etcdctl/ctlv3/command/ep_command.go and
// printer.go (simple and table printers) of etcd v3.5/3.6.
import type { EtcdClusterView } from "../cluster-api";
import type { CmdIO } from "../shell/types";

type Member = EtcdClusterView["members"][number];

/** The member an endpoint reaches: 127.0.0.1/localhost is the host the shell is on. */
export function memberAt(view: EtcdClusterView, endpoint: string, hostname: string): Member | null {
  const host = endpoint.replace(/^https?:\/\//, "").replace(/:\d+\/?$/, "");
  if (host === "127.0.0.1" || host === "localhost") return view.members.find((m) => m.name === hostname) ?? null;
  return view.members.find((m) => m.clientURL.replace(/^https:\/\//, "").replace(/:\d+$/, "") === host) ?? null;
}

/** Whether a request through this endpoint is served: its member runs and the cluster has quorum. */
export function served(view: EtcdClusterView, m: Member | null): boolean {
  return !!m && m.up && view.quorum;
}

/** The go time.Duration a healthy member's proposal took (deterministic per member). */
function took(i: number): string {
  return `${(8.2 + i * 1.137).toFixed(6)}ms`;
}

/** A table as etcdctl's tablewriter draws it (-w table). */
export function table(rows: string[][]): string {
  const w = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = "+" + w.map((x) => "-".repeat(x + 2)).join("+") + "+";
  const fmt = (r: string[]) => "|" + r.map((c, i) => " " + c.padEnd(w[i]) + " ").join("|") + "|";
  return [line, fmt(rows[0]), line, ...rows.slice(1).map(fmt), line].join("\n") + "\n";
}

/**
 * The endpoints a command addresses: --endpoints, or with --cluster the client URLs of the member list
 * (fetched through the first endpoint; null after printing the error when that fails).
 */
export function endpointsOf(view: EtcdClusterView, endpoints: string[], cluster: boolean, hostname: string, io: CmdIO): string[] | null {
  if (!cluster) return endpoints;
  if (!memberAt(view, endpoints[0], hostname)?.up) {
    io.err("Error: failed to fetch endpoints from etcd cluster member list: context deadline exceeded\n");
    return null;
  }
  return view.members.map((m) => m.clientURL);
}

/** `etcdctl endpoint health`: healthy endpoints on stdout, unhealthy ones on stderr, then "unhealthy cluster" (exit 1). */
export function endpointHealth(view: EtcdClusterView, eps: string[], hostname: string, format: string, io: CmdIO): number {
  const rows = eps.map((ep, i) => ({ ep, ok: served(view, memberAt(view, ep, hostname)), took: took(i) }));
  // the checks run concurrently: the healthy answers come back first, the failed ones at the command timeout
  const ordered = [...rows.filter((r) => r.ok), ...rows.filter((r) => !r.ok)];
  if (format === "table") {
    io.out(table([["ENDPOINT", "HEALTH", "TOOK", "ERROR"], ...ordered.map((r) => [r.ep, String(r.ok), r.ok ? r.took : "5.000982s", r.ok ? "" : "context deadline exceeded"])]));
  } else if (format === "json") {
    io.out(JSON.stringify(ordered.map((r) => ({ endpoint: r.ep, health: r.ok, took: r.ok ? r.took : "5.000982s", ...(r.ok ? {} : { error: "context deadline exceeded" }) }))) + "\n");
  } else {
    for (const r of ordered) {
      if (r.ok) io.out(`${r.ep} is healthy: successfully committed proposal: took = ${r.took}\n`);
      else io.err(`${r.ep} is unhealthy: failed to commit proposal: context deadline exceeded\n`);
    }
  }
  if (rows.every((r) => r.ok)) return 0;
  io.err("Error: unhealthy cluster\n");
  return 1;
}

/** `etcdctl endpoint status`: one row per reachable member; a member that does not answer is reported on stderr (exit 1). */
export function endpointStatus(view: EtcdClusterView, eps: string[], hostname: string, format: string, io: CmdIO): number {
  const rows: string[][] = [];
  let failed = false;
  for (const ep of eps) {
    const m = memberAt(view, ep, hostname);
    if (!m?.up) {
      io.err(`Failed to get the status of endpoint ${ep} (context deadline exceeded)\n`);
      failed = true;
      continue;
    }
    // the Status RPC is answered by the member itself, also without quorum (then it knows no leader)
    const leader = view.quorum && m.id === view.leaderId;
    const idx = String(view.raftIndex + 1000);
    rows.push([ep, m.id, "3.6.4", "4.2 MB", String(leader), "false", String(view.raftTerm), idx, idx, view.quorum ? "" : "etcdserver: no leader"]);
  }
  if (format === "table") io.out(table([["ENDPOINT", "ID", "VERSION", "DB SIZE", "IS LEADER", "IS LEARNER", "RAFT TERM", "RAFT INDEX", "RAFT APPLIED INDEX", "ERRORS"], ...rows]));
  else for (const r of rows) io.out(r.join(", ") + "\n");
  return failed ? 1 : 0;
}
