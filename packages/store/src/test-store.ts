import pg from "pg";
import { openStore, type Store } from "./store";

let template: Promise<Blob> | undefined;

/**
 * A fresh, migrated, empty embedded store for a test. The first call migrates once; later calls
 * clone that data directory, which is much faster than migrating again.
 */
export async function openTestStore(clock?: () => Date): Promise<Store> {
  template ??= (async () => {
    const first = await openStore({});
    const dump = await first.dump();
    await first.close();
    return dump;
  })();
  return openStore({ loadDataDir: await template, clock });
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
