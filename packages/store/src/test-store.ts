import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PostgresDialect } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { kyselyOver, postgresPool, startPglite } from "./database";
import type { Result } from "./problem";
import type { StoredRecord } from "./records";
import { RollbackDialect } from "./rollback-dialect";
import { migrations } from "./schema";
import { openStore, type Store, type StoreOptions, storeOn, type Tx } from "./store";

let template: Promise<Blob> | undefined;
let shared: Promise<PGlite> | undefined;
let sharedInUse = false;

/**
 * A fresh, migrated, empty embedded store of its own (it can be dumped, e.g. to make a seeded
 * template).
 *
 * Creating and migrating a database costs seconds, so it happens once: the migrated data
 * directory is kept in the system's temporary directory, named after the migrations and the
 * PGlite version, and every call loads a copy of it.
 *
 * @example
 * const store = await openTestStore(() => new Date("2024-05-02T10:00:00Z"));
 */
export async function openTestStore(clock: () => Date = () => new Date()): Promise<Store> {
  template ??= migratedTemplate();
  return openStore({ loadDataDir: await template, clock });
}

/**
 * The fastest fresh store for a test: it lives inside one transaction on a migrated database
 * shared by the test file, and `close()` rolls everything back, so nothing is copied per test.
 * A test that holds two such stores at once gets its own copy for the second. It cannot be
 * dumped.
 *
 * @example
 * beforeEach(async () => { store = await openTestStoreInTransaction(clock); });
 * afterEach(() => store.close());
 */
export async function openTestStoreInTransaction(
  clock: () => Date = () => new Date(),
): Promise<Store> {
  template ??= migratedTemplate();
  if (sharedInUse) return openStore({ loadDataDir: await template, clock });
  sharedInUse = true;
  shared ??= template.then((dump) => startPglite({ loadDataDir: dump }));
  const db = kyselyOver(new RollbackDialect(new PGliteDialect(await shared)));
  const close = async () => {
    await db.destroy();
    sharedInUse = false;
  };
  return storeOn({ db, engine: "pglite", close }, clock);
}

/** A migrated, empty embedded data directory as a tarball, to start a data directory from. */
export function migratedDataDirectory(): Promise<Blob> {
  template ??= migratedTemplate();
  return template;
}

async function migratedTemplate(): Promise<Blob> {
  const file = join(tmpdir(), `ciclo-pglite-${templateKey()}.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    // Not kept yet: migrate once below.
  }
  const first = await openStore({});
  const dump = await first.dump();
  await first.close();
  // Written aside and renamed, so a parallel test file never reads half a file.
  const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
  await rename(partial, file);
  return dump;
}

function templateKey(): string {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const manifest = JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8"));
  return createHash("sha256")
    .update(JSON.stringify([manifest.version, migrations]))
    .digest("hex")
    .slice(0, 16);
}

/**
 * A fresh store in a new, uniquely named PostgreSQL database made from `serverUrl`; closing it
 * drops the database, so parallel runs never see each other's rows.
 */
export async function openPostgresTestStore(
  serverUrl: string,
  clock?: () => Date,
  options: StoreOptions = {},
): Promise<Store> {
  const name = `ciclo_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const store = await openStore({ ...options, databaseUrl: url.toString(), clock });
  return {
    ...store,
    close: async () => {
      await store.close();
      const cleaner = new pg.Client({ connectionString: serverUrl });
      await cleaner.connect();
      await cleaner.query(`drop database if exists ${name} with (force)`);
      await cleaner.end();
    },
  };
}

/** A PostgreSQL database made for one test file, and stores that each live in a rolled-back transaction on it. */
export interface PostgresTestDatabase {
  /** A fresh store inside one transaction on the file's database; `close()` rolls it back. */
  openStore(clock?: () => Date): Promise<Store>;
  /** Drops the file's database. */
  drop(): Promise<void>;
}

/**
 * Creates (on first use) one uniquely named, migrated database from `serverUrl` for a test
 * file; each store of a test lives in a transaction on it that is rolled back on close, and
 * `drop()` removes the database, so parallel runs never see each other's rows.
 *
 * @example
 * const database = postgresTestDatabase(process.env.TEST_DATABASE_URL!);
 * afterAll(() => database.drop());
 * const store = await database.openStore(clock);
 */
export function postgresTestDatabase(serverUrl: string): PostgresTestDatabase {
  const name = `ciclo_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  let created: Promise<string> | undefined;
  const create = async () => {
    await onServer(serverUrl, `create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const migrated = await openStore({ databaseUrl: url.toString() });
    await migrated.close();
    return url.toString();
  };
  return {
    openStore: async (clock = () => new Date()) => {
      created ??= create();
      const url = await created;
      const dialect = new PostgresDialect({ pool: postgresPool(url, 1) });
      const db = kyselyOver(new RollbackDialect(dialect, true));
      return storeOn({ db, engine: "postgres", close: () => db.destroy() }, clock);
    },
    drop: async () => {
      if (created) await onServer(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A study as the tests seed it: its id and its sites' ids by code. */
export interface TestStudy {
  studyId: string;
  siteIds: Record<string, string>;
}

/**
 * Seeds the study most tests need, within the caller's transaction: the Ciclo pilot with the
 * sites given (Pisa alone by default) and, when one is given, protocol version 1.
 *
 * @example
 * const { studyId, siteIds } = await store.transaction(systemActor, (tx) =>
 *   seedTestStudy(tx, { sites: { PI: "Pisa", FI: "Firenze" }, protocol: seedProtocol }));
 */
export async function seedTestStudy(
  tx: Tx,
  { sites = { PI: "Pisa" }, protocol }: { sites?: Record<string, string>; protocol?: unknown } = {},
): Promise<TestStudy> {
  const study = created(await tx.records.create("study", { code: "CICLO", title: "Ciclo pilot" }));
  const studyId = study.id;
  if (protocol !== undefined)
    created(
      await tx.records.create("protocolVersion", {
        studyId,
        number: 1,
        effectiveDate: "2024-01-01",
        document: protocol,
      }),
    );
  const siteIds: Record<string, string> = {};
  for (const [code, name] of Object.entries(sites))
    siteIds[code] = created(await tx.records.create("site", { studyId, code, name })).id;
  return { studyId, siteIds };
}

/** A seeded record; a refusal here is a broken fixture, so it throws. */
function created(outcome: Result<StoredRecord>): StoredRecord {
  if (!outcome.ok) throw new Error(`test fixture refused: ${outcome.problem.message}`);
  return outcome.value;
}
