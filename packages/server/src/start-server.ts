import { openStore, type Store } from "@ciclo/store";
import { seedProtocol } from "@ciclo/trial";
import { serve } from "@hono/node-server";
import { createApp } from "./create-app";
import { importDemoCohort } from "./demo-cohort";
import { readPhase2Protocol, seedPhase2DemoStudy } from "./demo-phase2";
import { demoPassword, isEmptyStore, seedDemoStudy } from "./demo-study";
import { createFirstAdministrator, StartRefused } from "./first-administrator";

export interface ServerOptions {
  port: number;
  /** Interface to listen on (default 127.0.0.1, this machine only); 0.0.0.0 for every interface. */
  host?: string;
  /** PGlite data directory, used when no databaseUrl is given. */
  dataDir: string;
  /** PostgreSQL URL; when set, the data live there instead of in dataDir. */
  databaseUrl?: string;
  /** The built web application to serve at `/`. */
  webDir?: string;
  /** Where to print the URL and the demo logins. */
  print: (line: string) => void;
  /** On an empty database, create the demo trial, whose users share a published password. */
  demo?: boolean;
  /**
   * On an empty database without `demo`: the first administrator's password, asked only then.
   * Undefined when there is none to give.
   */
  administratorPassword?: () => Promise<string | undefined>;
}

/**
 * Opens (and migrates) the database; into an empty one it seeds the demo trial (`demo`) or only
 * the first administrator (a real study). Serves the app on 127.0.0.1 unless told another host,
 * until SIGINT or SIGTERM, then closes the database cleanly.
 *
 * @example
 * await startServer({ port: 3000, dataDir: "./.ciclo/data", demo: true, print: console.log });
 */
export async function startServer(options: ServerOptions): Promise<void> {
  const host = options.host ?? "127.0.0.1";
  const shown = host === "0.0.0.0" ? "localhost" : host;
  const url = `http://${shown}:${options.port}/`;
  // The URL goes into the data directory's lock, so a second command can say where the API is.
  const store = await openStore(
    options.databaseUrl
      ? { databaseUrl: options.databaseUrl }
      : { dataDir: options.dataDir, serving: url },
  );
  const where = options.databaseUrl ? "PostgreSQL (DATABASE_URL)" : options.dataDir;
  try {
    if (!(await isEmptyStore(store))) options.print(`Using the trial in ${where}.`);
    else if (options.demo) await seedTheDemo(store, where, options.print);
    else {
      const password = await options.administratorPassword?.();
      if (!password) {
        throw new StartRefused(
          "the database is empty: give the first administrator's password with --admin-password-file FILE or CICLO_ADMIN_PASSWORD, or start the demo trial with --demo",
        );
      }
      const username = await createFirstAdministrator(store, password);
      options.print(
        `Created the administrator '${username}' in ${where}; sign in to create the study.`,
      );
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  const app = createApp({ store, webDir: options.webDir });
  const server = serve({ fetch: app.fetch, port: options.port, hostname: host });
  options.print(`Ciclo is serving at ${url} (API reference at /api/docs)`);
  // Requests in flight finish, then the database closes cleanly and releases its folder.
  const stop = (signal: string) => {
    options.print(`${signal}: stopping Ciclo…`);
    server.close(() => {
      void store.close().then(
        () => process.exit(0),
        (error) => {
          console.error("closing the database failed", error);
          process.exit(1);
        },
      );
    });
    if ("closeIdleConnections" in server) server.closeIdleConnections();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

async function seedTheDemo(store: Store, where: string, print: (line: string) => void) {
  const demo = await seedDemoStudy(store, { protocol: seedProtocol });
  print(`Created the demo trial in ${where}. Demo logins (password '${demoPassword}'):`);
  for (const login of demo.logins) {
    const site = login.siteCode ?? "all sites";
    print(`  ${login.username.padEnd(24)} ${login.role.padEnd(13)} ${site}`);
  }
  print(
    "The demo password works only from this machine and only while the demo studies are the only studies.",
  );
  print("Importing the simulated demo cohort through the CSV import…");
  const cohort = await importDemoCohort(store, {
    protocol: seedProtocol,
    studyId: demo.studyId,
    siteCodes: Object.keys(demo.siteIds),
    today: new Date().toISOString().slice(0, 10),
  });
  if (!cohort.ok) throw new Error(`demo cohort: ${cohort.problem.message}`);
  print(`  ${cohort.value.map((count) => `${count.rows} ${count.kind}`).join(", ")}`);
  const phase2 = await seedPhase2DemoStudy(store, { protocol: readPhase2Protocol() });
  print("Created the randomized phase II (CICLO-PHASE2), enrolled and randomized in the app:");
  for (const login of phase2.logins) {
    const site = login.siteCode ?? "all sites";
    print(`  ${login.username.padEnd(24)} ${login.role.padEnd(13)} ${site}`);
  }
}
