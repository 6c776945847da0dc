// etcdctl (v3 API) and etcdutl on the simulated etcd: put/get/del, member list, endpoint
// health, snapshot save (with the TLS flags a kubeadm etcd requires), snapshot status/restore.
import { b64encode } from "../base64";
import type { ClusterApi, EtcdApi, EtcdSnapshotInfo } from "../cluster-api";
import { abs } from "../shell/builtins";
import type { Command, CmdIO, ShellState } from "../shell/types";
import { parentOf } from "../shell/vfs";
import { endpointHealth, endpointStatus, endpointsOf, memberAt, table } from "./etcd-cluster";

/** First line of a file written by `etcdctl snapshot save`. */
export const SNAP_MAGIC = "# etcd snapshot (simulated)\n";

/** What `etcdutl snapshot status` reports for a saved snapshot file's content (null: not a snapshot). */
export function snapshotFileInfo(content: string, cluster: ClusterApi): EtcdSnapshotInfo | null {
  if (!content.startsWith(SNAP_MAGIC) || !cluster.etcd) return null;
  return cluster.etcd.snapshotInfo(content.slice(SNAP_MAGIC.length));
}

interface Opts {
  flags: Map<string, string | true>;
  args: string[];
}

function parse(argv: string[]): Opts {
  const flags = new Map<string, string | true>();
  const args: string[] = [];
  const valued = new Set(["endpoints", "cacert", "cert", "key", "write-out", "w", "data-dir", "name", "initial-cluster", "initial-advertise-peer-urls", "initial-cluster-token", "command-timeout", "dial-timeout", "user", "password", "skip-hash-check"]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const k = eq < 0 ? a.slice(2) : a.slice(2, eq);
      if (eq >= 0) flags.set(k, a.slice(eq + 1));
      else if (valued.has(k) && i + 1 < argv.length) flags.set(k, argv[++i]);
      else flags.set(k, true);
    } else if (a === "-w" && i + 1 < argv.length) flags.set("write-out", argv[++i]);
    else if (a.startsWith("-w=")) flags.set("write-out", a.slice(3));
    else args.push(a);
  }
  if (flags.has("w")) flags.set("write-out", flags.get("w")!);
  return { flags, args };
}

function etcdOf(state: ShellState): EtcdApi | null {
  const c: ClusterApi | undefined = state.clusters.get(state.currentContext);
  return c?.etcd ?? null;
}

const REQUIRED_CERTS: Record<string, string> = {
  cacert: "/etc/kubernetes/pki/etcd/ca.crt",
  cert: "/etc/kubernetes/pki/etcd/server.crt",
  key: "/etc/kubernetes/pki/etcd/server.key",
};

/** Check endpoint + TLS flags the way a kubeadm etcd (client-cert-auth) reacts to them. */
function connect(o: Opts, io: CmdIO, state: ShellState): string | null {
  const ep = String(o.flags.get("endpoints") ?? "127.0.0.1:2379");
  const host = ep.replace(/^https?:\/\//, "").split(",")[0];
  const files: Record<string, string> = {};
  for (const k of ["cacert", "cert", "key"]) {
    const v = o.flags.get(k);
    if (typeof v === "string") {
      const p = abs(state, v);
      const r = state.fs.read(p);
      if (!r.ok) {
        io.err(`Error: open ${v}: no such file or directory\n`);
        return null;
      }
      files[k] = p;
    }
  }
  const httpsOk = files.cacert === REQUIRED_CERTS.cacert && files.cert && files.key;
  const plain = !ep.startsWith("https://") && !files.cacert;
  const ts = "{\"level\":\"warn\",\"ts\":\"2026-01-01T00:00:00.000Z\",\"logger\":\"etcd-client\",\"caller\":\"v3@v3.6.5/retry_interceptor.go:63\",\"msg\":\"retrying of unary invoker failed\",\"target\":\"etcd-endpoints://0xc000420000/" + host + "\",\"attempt\":0,\"error\":\"rpc error: code = DeadlineExceeded desc = context deadline exceeded\"}";
  if (plain || !files.cacert) {
    io.err(`${ts}\nError: context deadline exceeded\n`);
    return null;
  }
  if (files.cacert !== REQUIRED_CERTS.cacert) {
    io.err(`${ts}\nError: context deadline exceeded\n`);
    return null;
  }
  if (!files.cert || !files.key) {
    io.err(`${ts}\nError: context deadline exceeded\n`);
    return null;
  }
  const okPair = (files.cert === REQUIRED_CERTS.cert && files.key === REQUIRED_CERTS.key) || (files.cert.endsWith("healthcheck-client.crt") && files.key.endsWith("healthcheck-client.key")) || (files.cert.endsWith("/apiserver-etcd-client.crt") && files.key.endsWith("/apiserver-etcd-client.key")) || (files.cert.endsWith("peer.crt") && files.key.endsWith("peer.key"));
  if (!httpsOk || !okPair) {
    io.err(`Error: tls: private key does not match public key\n`);
    return null;
  }
  return host;
}

function statusTable(info: EtcdSnapshotInfo, fmt: string): string {
  const size = info.totalSize >= 1024 * 1024 ? `${(info.totalSize / 1024 / 1024).toFixed(1)} MB` : `${Math.round(info.totalSize / 1024)} kB`;
  const hash = info.hash.toString(16).padStart(8, "0");
  if (fmt === "json") return JSON.stringify({ hash: info.hash, revision: info.revision, totalKey: info.totalKeys, totalSize: info.totalSize, version: "3.6.0" }) + "\n";
  if (fmt === "table") return table([["HASH", "REVISION", "TOTAL KEYS", "TOTAL SIZE", "VERSION"], [hash, String(info.revision), String(info.totalKeys), size, "3.6.0"]]);
  return `${hash}, ${info.revision}, ${info.totalKeys}, ${size}, 3.6.0\n`;
}

function snapshotStatus(o: Opts, io: CmdIO, state: ShellState, etcd: EtcdApi | null, tool: string): number {
  const f = o.args[2];
  if (!f) {
    io.err(`Error: snapshot filename required\n`);
    return 1;
  }
  const r = state.fs.read(abs(state, f));
  if (!r.ok) {
    io.err(`Error: stat ${f}: no such file or directory\n`);
    return 1;
  }
  const info = etcd?.snapshotInfo(r.value.startsWith(SNAP_MAGIC) ? r.value.slice(SNAP_MAGIC.length) : r.value) ?? null;
  if (!info) {
    io.err(`Error: invalid database\n`);
    return 1;
  }
  if (tool === "etcdctl") io.err(`Deprecated: Use \`etcdutl snapshot status\` instead.\n\n`);
  io.out(statusTable(info, String(o.flags.get("write-out") ?? "simple")));
  return 0;
}

function snapshotRestore(o: Opts, io: CmdIO, state: ShellState, etcd: EtcdApi | null, tool: string): number {
  const f = o.args[2];
  if (!f) {
    io.err(`Error: snapshot path is required\n`);
    return 1;
  }
  const r = state.fs.read(abs(state, f));
  if (!r.ok) {
    io.err(`Error: open ${f}: no such file or directory\n`);
    return 1;
  }
  const dir = abs(state, String(o.flags.get("data-dir") ?? "default.etcd"));
  if (state.fs.exists(dir) && state.fs.list(dir).length) {
    io.err(`Error: data-dir "${o.flags.get("data-dir") ?? "default.etcd"}" not empty or could not be read\n`);
    return 1;
  }
  if (!etcd) {
    io.err("Error: etcd is not simulated on this cluster\n");
    return 1;
  }
  const res = etcd.restore(r.value.startsWith(SNAP_MAGIC) ? r.value.slice(SNAP_MAGIC.length) : r.value, dir);
  if (!res.ok) {
    io.err(`Error: ${res.error}\n`);
    return 1;
  }
  state.fs.mkdirp(dir + "/member/snap");
  state.fs.mkdirp(dir + "/member/wal");
  state.fs.write(dir + "/member/snap/db", "(restored etcd database)\n");
  if (tool === "etcdctl") io.err(`Deprecated: Use \`etcdutl snapshot restore\` instead.\n\n`);
  const name = String(o.flags.get("name") ?? "default");
  io.err(`2026-01-01T00:00:00Z\tinfo\tsnapshot/v3_snapshot.go:265\trestoring snapshot\t{"path": "${f}", "wal-dir": "${dir}/member/wal", "data-dir": "${dir}", "snap-dir": "${dir}/member/snap"}\n2026-01-01T00:00:00Z\tinfo\tsnapshot/v3_snapshot.go:293\trestored snapshot\t{"path": "${f}", "wal-dir": "${dir}/member/wal", "data-dir": "${dir}", "snap-dir": "${dir}/member/snap", "name": "${name}"}\n`);
  return 0;
}

/** The etcd-data hostPath of a manifest's text (null: none). */
function etcdDataPath(text: string): string | null {
  const m = /- hostPath:\s*\n\s*path:\s*(\S+)\s*\n\s*type: DirectoryOrCreate\s*\n\s*name: etcd-data/.exec(text) ?? /path:\s*(\S+)\s*\n(?:\s*type:\s*\S+\s*\n)?\s*name:\s*etcd-data/.exec(text);
  return m ? m[1] : null;
}
/** the last manifest text searched and its path: this runs after every command and the file rarely changes */
let lastManifest: { text: string; path: string | null } | null = null;

/** Sync etcd's data dir from the static pod manifest (the learner edits the hostPath). */
export function syncEtcdManifest(state: ShellState): void {
  const etcd = etcdOf(state);
  if (!etcd) return;
  const r = state.fs.read("/etc/kubernetes/manifests/etcd.yaml");
  if (!r.ok) return;
  if (lastManifest?.text !== r.value) lastManifest = { text: r.value, path: etcdDataPath(r.value) };
  const p = lastManifest.path;
  if (p !== null && p !== etcd.dataDir()) etcd.setDataDir(p);
}

/** etcdctl (v3 API) against the current cluster's simulated etcd. */
export const etcdctl: Command = (argv, io, state) => {
  const o = parse(argv.slice(1));
  const api = state.env.get("ETCDCTL_API");
  if (api && api !== "3") {
    io.err(`Error: unknown API version "${api}" (only 3 is supported)\n`);
    return 1;
  }
  const etcd = etcdOf(state);
  const cmd = o.args[0];
  if (!cmd || o.flags.has("help")) {
    io.out(`NAME:\n\tetcdctl - A simple command line client for etcd3.\n\nUSAGE:\n\tetcdctl [flags]\n\nVERSION:\n\t3.6.5\n\nAPI VERSION:\n\t3.6\n\nCOMMANDS:\n\tdel\t\t\tRemoves the specified key or range of keys [key, range_end)\n\tendpoint health\t\tChecks the healthiness of endpoints specified in \`--endpoints\` flag\n\tendpoint status\t\tPrints out the status of endpoints specified in \`--endpoints\` flag\n\tget\t\t\tGets the key or a range of keys\n\tmember list\t\tLists all members in the cluster\n\tput\t\t\tPuts the given key into the store\n\tsnapshot save\t\tStores an etcd node backend snapshot to a given file\n\tsnapshot restore\tRestores an etcd member snapshot to an etcd directory (deprecated: use etcdutl)\n\tsnapshot status\t\t[deprecated] Gets backend snapshot status of a given file\n\tversion\t\t\tPrints the version of etcdctl\n`);
    return 0;
  }
  if (cmd === "version") {
    io.out("etcdctl version: 3.6.5\nAPI version: 3.6\n");
    return 0;
  }
  if (cmd === "snapshot" && o.args[1] === "status") return snapshotStatus(o, io, state, etcd, "etcdctl");
  if (cmd === "snapshot" && o.args[1] === "restore") return snapshotRestore(o, io, state, etcd, "etcdctl");
  const known = ["get", "put", "del", "member", "endpoint", "snapshot"];
  if (!known.includes(cmd)) {
    io.err(`Error: unknown command "${cmd}" for "etcdctl"\nRun 'etcdctl --help' for usage.\n`);
    return 1;
  }
  const host = connect(o, io, state);
  if (host === null) return 1;
  if (!etcd) {
    io.err("Error: etcd is not simulated on this cluster\n");
    return 1;
  }
  // a stacked member that is down does not answer; without quorum a linearizable request times out
  const members = etcd.cluster?.() ?? null;
  if (members && cmd !== "endpoint") {
    const m = memberAt(members, host, state.hostname);
    if (!m?.up || ((cmd === "get" || cmd === "put" || cmd === "del") && !members.quorum)) {
      io.err("Error: context deadline exceeded\n");
      return 1;
    }
  }
  switch (cmd) {
    case "put": {
      if (o.args.length < 3) {
        io.err("Error: put command needs 1 argument and input from stdin or 2 arguments\n");
        return 1;
      }
      etcd.put(o.args[1], o.args[2]);
      io.out("OK\n");
      return 0;
    }
    case "get": {
      if (!o.args[1]) {
        io.err("Error: get command needs one argument as key and an optional argument as range_end\n");
        return 1;
      }
      const kvs = etcd.get(o.args[1], { prefix: o.flags.has("prefix") || o.args[1] === "" });
      const limit = Number(o.flags.get("limit") ?? 0);
      const sel = limit > 0 ? kvs.slice(0, limit) : kvs;
      if (o.flags.get("write-out") === "json") {
        io.out(JSON.stringify({ header: { revision: sel.length }, kvs: sel.map((kv) => ({ key: b64encode(kv.key), value: b64encode(kv.value) })), count: sel.length }) + "\n");
        return 0;
      }
      if (o.flags.has("count-only")) {
        return 0;
      }
      for (const kv of sel) io.out(o.flags.has("keys-only") ? `${kv.key}\n\n` : o.flags.has("print-value-only") ? `${kv.value}\n` : `${kv.key}\n${kv.value}\n`);
      return 0;
    }
    case "del": {
      if (!o.args[1]) {
        io.err("Error: del command needs one argument as key and an optional argument as range_end\n");
        return 1;
      }
      io.out(`${etcd.del(o.args[1], { prefix: o.flags.has("prefix") })}\n`);
      return 0;
    }
    case "member": {
      if (o.args[1] !== "list") {
        io.err(`Error: unknown command "${o.args[1] ?? ""}" for "etcdctl member"\n`);
        return 1;
      }
      const ms = etcd.members();
      if (o.flags.get("write-out") === "table") {
        io.out(table([["ID", "STATUS", "NAME", "PEER ADDRS", "CLIENT ADDRS", "IS LEARNER"], ...ms.map((m) => [m.id, m.status, m.name, m.peerURLs, m.clientURLs, String(m.isLearner)])]));
      } else io.out(ms.map((m) => `${m.id}, ${m.status}, ${m.name}, ${m.peerURLs}, ${m.clientURLs}, ${m.isLearner}\n`).join(""));
      return 0;
    }
    case "endpoint": {
      const view = etcd.cluster?.() ?? null;
      if (view && (o.args[1] === "health" || o.args[1] === "status")) {
        const eps = endpointsOf(view, String(o.flags.get("endpoints") ?? "127.0.0.1:2379").split(","), o.flags.has("cluster"), state.hostname, io);
        if (!eps) return 1;
        const fmt = String(o.flags.get("write-out") ?? "simple");
        return o.args[1] === "health" ? endpointHealth(view, eps, state.hostname, fmt, io) : endpointStatus(view, eps, state.hostname, fmt, io);
      }
      const ep = String(o.flags.get("endpoints") ?? "127.0.0.1:2379").split(",")[0];
      if (o.args[1] === "health") {
        io.out(`${ep} is healthy: successfully committed proposal: took = 9.531ms\n`);
        return 0;
      }
      if (o.args[1] === "status") {
        const w = o.flags.get("write-out");
        const row = [ep, "8e9e05c52164694d", "3.6.5", "4.2 MB", "true", "false", "2", "1234", "1234", ""];
        if (w === "table") io.out(table([["ENDPOINT", "ID", "VERSION", "DB SIZE", "IS LEADER", "IS LEARNER", "RAFT TERM", "RAFT INDEX", "RAFT APPLIED INDEX", "ERRORS"], row]));
        else io.out(row.join(", ") + "\n");
        return 0;
      }
      io.err(`Error: unknown command "${o.args[1] ?? ""}" for "etcdctl endpoint"\n`);
      return 1;
    }
    case "snapshot": {
      if (o.args[1] !== "save") {
        io.err(`Error: unknown command "${o.args[1] ?? ""}" for "etcdctl snapshot"\n`);
        return 1;
      }
      const f = o.args[2];
      if (!f) {
        io.err("Error: snapshot save expects one argument\n");
        return 1;
      }
      const p = abs(state, f);
      if (!state.fs.isDir(parentOf(p))) {
        io.err(`Error: could not open ${f}.part (open ${f}.part: no such file or directory)\n`);
        return 1;
      }
      const snap = etcd.snapshot();
      const w = state.fs.write(p, SNAP_MAGIC + snap.data);
      if (!w.ok) {
        io.err(`Error: ${w.error}\n`);
        return 1;
      }
      io.err(`{"level":"info","ts":"2026-01-01T00:00:00.000Z","caller":"snapshot/v3_snapshot.go:83","msg":"created temporary db file","path":"${f}.part"}\n{"level":"info","ts":"2026-01-01T00:00:00.000Z","caller":"snapshot/v3_snapshot.go:93","msg":"fetching snapshot","endpoint":"${String(o.flags.get("endpoints") ?? "127.0.0.1:2379")}"}\n{"level":"info","ts":"2026-01-01T00:00:00.000Z","caller":"snapshot/v3_snapshot.go:106","msg":"fetched snapshot","endpoint":"${String(o.flags.get("endpoints") ?? "127.0.0.1:2379")}","size":"${(snap.info.totalSize / 1024 / 1024).toFixed(1)} MB","took":"now"}\n{"level":"info","ts":"2026-01-01T00:00:00.000Z","caller":"snapshot/v3_snapshot.go:115","msg":"saved","path":"${f}"}\n`);
      io.out(`Snapshot saved at ${f}\n`);
      return 0;
    }
  }
  return 1;
};

/** etcdutl snapshot status|restore. */
export const etcdutl: Command = (argv, io, state) => {
  const o = parse(argv.slice(1));
  const etcd = etcdOf(state);
  if (o.args[0] === "version") {
    io.out("etcdutl version: 3.6.5\nAPI version: 3.6\n");
    return 0;
  }
  if (o.args[0] !== "snapshot" || !["status", "restore"].includes(o.args[1] ?? "")) {
    if (!o.args[0] || o.flags.has("help")) {
      io.out(`NAME:\n\tetcdutl - An administrative command line tool for etcd3.\n\nUSAGE:\n\tetcdutl [flags]\n\nCOMMANDS:\n\tsnapshot restore\tRestores an etcd member snapshot to an etcd directory\n\tsnapshot status\t\tGets backend snapshot status of a given file\n\tversion\t\t\tPrints the version of etcdutl\n`);
      return 0;
    }
    io.err(`Error: unknown command "${o.args.join(" ")}" for "etcdutl"\nRun 'etcdutl --help' for usage.\n`);
    return 1;
  }
  if (o.args[1] === "status") return snapshotStatus(o, io, state, etcd, "etcdutl");
  return snapshotRestore(o, io, state, etcd, "etcdutl");
};
