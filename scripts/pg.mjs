// A throw-away PostgreSQL server for tests and benchmarks: its own data directory (a temp dir), its own port and
// socket directory, trust authentication on 127.0.0.1 only, torn down (stopped and deleted) afterwards. Debian's
// `postgresql` package provides the binaries (apt-get install -y postgresql); no Docker, no systemd, no cluster of
// the package's own is used. As root, initdb and postgres run as the `postgres` user (PostgreSQL refuses root).
//   node scripts/pg.mjs available          exit 0 when the binaries are installed
//   node scripts/pg.mjs run -- CMD ARGS    start a server, run CMD with KUBECLASS_PG_URL set, stop the server
// KUBECLASS_PG_URL is the server's admin URL (database `postgres`); scripts create their own databases on it.
// The server also holds `kubeclass_template`, every PostgreSQL migration applied, so a test file's database is one
// CREATE DATABASE … TEMPLATE away (lib/test/db.ts).
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
export const TEMPLATE_DB = "kubeclass_template";

/** The directory of Debian's PostgreSQL binaries (the newest installed major), or null. */
export function findPostgresBin() {
  const base = "/usr/lib/postgresql";
  if (process.env.PG_BIN) return fs.existsSync(path.join(process.env.PG_BIN, "initdb")) ? process.env.PG_BIN : null;
  if (!fs.existsSync(base)) return null;
  const majors = fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
  return majors.length ? path.join(base, majors[0], "bin") : null;
}

/** The PostgreSQL migration directories, in order (the same names as prisma/migrations). */
export function pgMigrationFiles() {
  const dir = path.join(root, "prisma/postgres/migrations");
  return fs
    .readdirSync(dir)
    .filter((n) => fs.existsSync(path.join(dir, n, "migration.sql")))
    .sort()
    .map((n) => path.join(dir, n, "migration.sql"));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;
/** Runs a PostgreSQL server binary, as `postgres` when we are root. */
function pgExec(bin, file, args) {
  const full = path.join(bin, file);
  if (asRoot) return execFileSync("runuser", ["-u", "postgres", "--", full, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  return execFileSync(full, args, { stdio: ["ignore", "pipe", "pipe"] });
}

/** psql on `url`, stopping at the first error. */
export function psql(url, args) {
  return execFileSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", url, ...args], { stdio: ["ignore", "pipe", "pipe"] }).toString();
}

/** Starts a throw-away server; resolves to { url, stop }. */
export async function startPostgres() {
  const bin = findPostgresBin();
  if (!bin) throw new Error("pg: PostgreSQL is not installed (Debian: apt-get install -y postgresql)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubeclass-pg-"));
  const data = path.join(dir, "data");
  if (asRoot) execFileSync("chown", ["-R", "postgres:postgres", dir]);
  fs.chmodSync(dir, 0o755);
  pgExec(bin, "initdb", ["-D", data, "-U", "kubeclass", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
  const port = await freePort();
  // A test server: durability off (fsync, synchronous_commit, full-page writes), enough connections for parallel
  // vitest workers and two app servers.
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  pgExec(bin, "pg_ctl", ["-D", data, "-o", opts, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "start"]);
  const url = `postgresql://kubeclass@127.0.0.1:${port}/postgres`;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      pgExec(bin, "pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    psql(url, ["-c", `CREATE DATABASE ${TEMPLATE_DB}`]);
    const tmpl = url.replace(/\/postgres$/, `/${TEMPLATE_DB}`);
    for (const f of pgMigrationFiles()) psql(tmpl, ["-f", f]);
  } catch (e) {
    stop();
    throw new Error(`pg: preparing ${TEMPLATE_DB} failed: ${e.stderr?.toString() ?? e.message}`);
  }
  return { url, port, stop };
}

/** `url` with its database name replaced. */
export const withDatabase = (url, name) => url.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const [cmd, ...rest] = process.argv.slice(2);
  if (cmd === "available") process.exit(findPostgresBin() ? 0 : 1);
  if (cmd !== "run" || rest[0] !== "--" || rest.length < 2) {
    console.error("usage: node scripts/pg.mjs available | run -- CMD [ARGS...]");
    process.exit(2);
  }
  const server = await startPostgres();
  console.error(`pg: throw-away PostgreSQL on port ${server.port}`);
  const child = spawn(rest[1], rest.slice(2), { cwd: root, stdio: "inherit", env: { ...process.env, KUBECLASS_PG_URL: server.url } });
  const forward = (sig) => child.kill(sig);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  child.on("exit", (code, signal) => {
    server.stop();
    process.exit(code ?? (signal ? 1 : 0));
  });
}
