import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { CamelCasePlugin, type Dialect, Kysely, PostgresDialect, sql } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { claimDataDirectory, damaged } from "./data-directory";
import { type Database, migrations } from "./schema";

/** Where the data live: a PostgreSQL URL, a PGlite data directory, or (neither) PGlite in memory. */
export interface DatabaseLocation {
  databaseUrl?: string;
  dataDir?: string;
  /** A migrated PGlite data directory to start from (tests clone one instead of migrating). */
  loadDataDir?: Blob;
  /** The address a server answers at, written in the data directory's lock for other processes. */
  serving?: string;
}

export interface OpenedDatabase {
  db: Kysely<Database>;
  engine: "pglite" | "postgres";
  pglite?: PGlite;
  close(): Promise<void>;
}

// OIDs of the types whose default parsing loses meaning: plain dates must stay 'YYYY-MM-DD' (a
// JavaScript Date would shift them by the time zone), instants become ISO strings in UTC, and
// bigint sequence numbers become numbers.
const DATE = 1082;
const TIMESTAMPTZ = 1184;
const INT8 = 20;
const parseInstant = (text: string) => new Date(text).toISOString();

/** Opens the database and brings its schema up to date. */
export async function openDatabase(location: DatabaseLocation): Promise<OpenedDatabase> {
  if (location.databaseUrl) return migrated(openPostgres(location.databaseUrl));
  if (!location.dataDir) return migrated(await openPglite(location));
  const release = claimDataDirectory(location.dataDir, { serving: location.serving });
  try {
    const database = await openClaimedPglite({ ...location, dataDir: location.dataDir });
    return { ...database, close: () => database.close().finally(release) };
  } catch (error) {
    release();
    throw error;
  }
}

/** Opens and migrates PGlite in a data directory this process has already claimed. */
export async function openClaimedPglite(
  location: DatabaseLocation & { dataDir: string },
): Promise<OpenedDatabase> {
  let database: OpenedDatabase | undefined;
  try {
    database = await openPglite(location);
    return await migrated(database);
  } catch (error) {
    await database?.close().catch(() => undefined);
    // PGlite aborts on a folder it cannot recover; its abort prints pages of minified source.
    if (isPgliteAbort(error)) throw damaged(location.dataDir);
    throw error;
  }
}

async function migrated(database: OpenedDatabase): Promise<OpenedDatabase> {
  await migrate(database);
  return database;
}

const isPgliteAbort = (error: unknown) =>
  error instanceof WebAssembly.RuntimeError || /\bAborted\(/.test(String(error));

function openPostgres(url: string): OpenedDatabase {
  const db = kyselyOver(new PostgresDialect({ pool: postgresPool(url, 10) }));
  return { db, engine: "postgres", close: () => db.destroy() };
}

/**
 * A connection pool that reads dates, instants and sequence numbers as the store expects, and
 * survives the database dropping its connections.
 */
export function postgresPool(url: string, max: number): pg.Pool {
  const types = {
    getTypeParser: (oid: number, format?: "text" | "binary") => {
      if (oid === DATE) return (text: string) => text;
      if (oid === TIMESTAMPTZ) return parseInstant;
      if (oid === INT8) return Number;
      return pg.types.getTypeParser(oid, format as "text");
    },
  };
  const pool = new pg.Pool({ connectionString: url, max, types });
  // PostgreSQL can drop a connection at any time (pg_terminate_backend, a restart, a network
  // cut). Without listeners the 'error' event would end the process. The pool discards the dead
  // connection and opens a new one on the next request; the query that was running fails and is
  // answered as "database unavailable" by the server.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  return pool;
}

async function openPglite(location: DatabaseLocation): Promise<OpenedDatabase> {
  const pglite = await startPglite(location);
  const db = kyselyOver(new PGliteDialect(pglite));
  return { db, engine: "pglite", pglite, close: () => db.destroy() };
}

/** A running PGlite that reads dates, instants and sequence numbers as the store expects. */
export async function startPglite(location: DatabaseLocation): Promise<PGlite> {
  // PGlite creates only the last folder of the path; a fresh clone has no ./.ciclo yet.
  if (location.dataDir) mkdirSync(location.dataDir, { recursive: true });
  const pglite = new PGlite({
    dataDir: location.dataDir,
    loadDataDir: location.loadDataDir,
    parsers: {
      [DATE]: (text: string) => text,
      [TIMESTAMPTZ]: parseInstant,
      [INT8]: (text: string) => Number(text),
    },
  });
  await pglite.waitReady;
  return pglite;
}

/** The query builder over a dialect, with the store's snake_case ↔ camelCase mapping. */
export function kyselyOver(dialect: Dialect): Kysely<Database> {
  return new Kysely<Database>({ dialect, plugins: [new CamelCasePlugin()] });
}

async function migrate(database: OpenedDatabase): Promise<void> {
  const pending = async (applied: number[]) =>
    migrations.filter((migration) => !applied.includes(migration.id));
  const ledger = `create table if not exists schema_migration (
    id integer primary key, name text not null, applied_at timestamptz not null default now())`;
  if (database.pglite) {
    // PGlite runs multi-statement scripts only through exec, outside the prepared-statement path.
    const pglite = database.pglite;
    await pglite.exec(ledger);
    await pglite.transaction(async (tx) => {
      const applied = await tx.query<{ id: number }>("select id from schema_migration");
      for (const migration of await pending(applied.rows.map((row) => row.id))) {
        await tx.exec(migration.sql);
        await tx.query("insert into schema_migration (id, name) values ($1, $2)", [
          migration.id,
          migration.name,
        ]);
      }
    });
    return;
  }
  await sql.raw(ledger).execute(database.db);
  // One migrator at a time: two app servers starting together must not both apply a migration.
  await database.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(7243001)`.execute(trx);
    const applied = await sql<{ id: number }>`select id from schema_migration`.execute(trx);
    for (const migration of await pending(applied.rows.map((row) => row.id))) {
      await sql.raw(migration.sql).execute(trx);
      await sql`insert into schema_migration (id, name) values (${migration.id}, ${migration.name})`.execute(
        trx,
      );
    }
  });
}
