import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { kyselyOver, startPglite } from "./database";
import { RollbackDialect } from "./rollback-dialect";
import { migrations } from "./schema";
import { openStore, type Store, storeOn } from "./store";

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
export async function openPostgresTestStore(serverUrl: string, clock?: () => Date): Promise<Store> {
  const name = `ciclo_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString(), clock });
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
