import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { parse } from "pg-connection-string";

// Catalogue-only string types the adapter has no column type for: `"char"` (OID 18, one byte, e.g. pg_class.relkind)
// and `name` (OID 19, identifiers, 63 bytes).
const CATALOGUE_STRING_OIDS = new Set([18, 19]);
const TEXT_OID = 25;

type Field = { dataTypeID: number };
type OneResult = { fields?: Field[] };
type Result = OneResult | OneResult[];
const asText = (r: Result | undefined) => {
  const all: OneResult[] = Array.isArray(r) ? r : r ? [r] : [];
  for (const one of all) for (const f of one.fields ?? []) if (CATALOGUE_STRING_OIDS.has(f.dataTypeID)) f.dataTypeID = TEXT_OID;
  return r;
};

/**
 * A pg client whose results describe `name` and `"char"` columns as text. Prisma 6.19's Wasm schema engine reads the catalogues
 * through the driver adapter, and @prisma/adapter-pg 6.19.3 has no column type for `name` (fieldToColumnType throws
 * UnsupportedNativeDataType), so `prisma migrate deploy|status|diff` on PostgreSQL fail with "Column type 'name' could
 * not be deserialized from the database" (prisma/orm#27403, open). pg already returns their values as strings; only
 * the type id the adapter looks at changes. Used for the Prisma CLI only (prisma.config.ts), not by the app.
 */
class NameAsTextClient extends pg.Client {
  // pg's query has many overloads (config object or text, values, callback or promise); forward them all.
  override query(...args: unknown[]): never {
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const cb = args[last] as (err: Error | null, res?: Result) => void;
      args[last] = (err: Error | null, res?: Result) => cb(err, asText(res));
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    const out = (super.query as (...a: unknown[]) => unknown)(...args);
    return (out instanceof Promise ? out.then(asText) : out) as never;
  }
}

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/**
 * Sends a migration script to the server as one simple query (several statements, one implicit transaction), as psql
 * and Prisma's native schema engine do. @prisma/adapter-pg 6.19.3's executeScript splits the script on every `;`,
 * which cuts a PL/pgSQL function body (prisma/postgres/migrations/*_exercise_log_caps) into broken statements.
 */
function wholeScripts(adapter: Adapter): Adapter {
  const onError = (adapter as unknown as { onError: (e: unknown) => never }).onError.bind(adapter);
  adapter.executeScript = async (script: string) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (e) {
      onError(e);
    }
  };
  return adapter;
}

/** PrismaPg for the CLI: `name` as text, whole scripts, and a shadow database that is dropped after it is closed. */
class MigratePg extends PrismaPg {
  constructor(private readonly cfg: pg.PoolConfig) {
    super(cfg);
  }

  override async connect() {
    return wholeScripts(await super.connect());
  }

  // Upstream drops the shadow database before closing its pool, which PostgreSQL refuses ("is being accessed by
  // other users"); close first, then drop.
  override async connectToShadowDb() {
    const main = await this.connect();
    const database = `prisma_migrate_shadow_db_${crypto.randomUUID()}`;
    await main.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = await new MigratePg({ ...this.cfg, database }).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await main.executeScript(`DROP DATABASE "${database}"`);
      await main.dispose();
    };
    return shadow;
  }
}

/** The driver adapter the Prisma CLI uses on PostgreSQL (migrate deploy, status, diff). */
export function pgMigrateAdapter(connectionString: string): PrismaPg {
  // Parsed, not a connectionString, so that the shadow database's `database` is not overridden by the URL's.
  return new MigratePg({ ...parse(connectionString), Client: NameAsTextClient } as pg.PoolConfig);
}
