// `npm run bench:db -- exercise|teach`: the same benchmark on SQLite and then on PostgreSQL (a throw-away server,
// scripts/pg.mjs), in one run on one machine. PostgreSQL's figures are named pg.<name> (scripts/bench-http.ts).
import { baseEnv, root, run } from "./lib.mjs";
import { startPostgres } from "./pg.mjs";

const which = process.argv[2];
const scripts = { exercise: ["scripts/bench-exercise.ts"], teach: ["--conditions=react-server", "scripts/bench-teach.ts"] };
if (!scripts[which]) {
  console.error("usage: npm run bench:db -- exercise|teach");
  process.exit(2);
}
const tsx = `${root}/node_modules/.bin/tsx`;
const env = { ...baseEnv() };
delete env.DATABASE_URL;
await run(tsx, scripts[which], { env });
const pg = await startPostgres();
try {
  await run(tsx, scripts[which], { env: { ...env, DATABASE_URL: pg.url } });
} finally {
  pg.stop();
}
