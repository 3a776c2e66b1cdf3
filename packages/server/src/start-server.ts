import { openStore } from "@ciclo/store";
import { seedProtocol } from "@ciclo/trial";
import { serve } from "@hono/node-server";
import { createApp } from "./create-app";
import { importDemoCohort } from "./demo-cohort";
import { demoPassword, isEmptyStore, seedDemoStudy } from "./demo-study";

export interface ServerOptions {
  port: number;
  /** Interface to listen on; 0.0.0.0 for every interface. */
  host?: string;
  /** PGlite data directory, used when no databaseUrl is given. */
  dataDir: string;
  /** PostgreSQL URL; when set, the data live there instead of in dataDir. */
  databaseUrl?: string;
  /** The built web application to serve at `/`. */
  webDir?: string;
  /** Where to print the URL and the demo logins. */
  print: (line: string) => void;
}

/**
 * Opens (and migrates) the database, seeds the demo trial into an empty one, and serves the app
 * until SIGINT or SIGTERM, then closes the database cleanly.
 *
 * @example
 * await startServer({ port: 3000, dataDir: "./.ciclo/data", print: console.log });
 */
export async function startServer(options: ServerOptions): Promise<void> {
  const shown = options.host && options.host !== "0.0.0.0" ? options.host : "localhost";
  const url = `http://${shown}:${options.port}/`;
  // The URL goes into the data directory's lock, so a second command can say where the API is.
  const store = await openStore(
    options.databaseUrl
      ? { databaseUrl: options.databaseUrl }
      : { dataDir: options.dataDir, serving: url },
  );
  const where = options.databaseUrl ? "PostgreSQL (DATABASE_URL)" : options.dataDir;
  if (await isEmptyStore(store)) {
    const demo = await seedDemoStudy(store, { protocol: seedProtocol });
    options.print(`Created the demo trial in ${where}. Demo logins (password '${demoPassword}'):`);
    for (const login of demo.logins) {
      const site = login.siteCode ?? "all sites";
      options.print(`  ${login.username.padEnd(24)} ${login.role.padEnd(13)} ${site}`);
    }
    options.print("Importing the simulated demo cohort through the CSV import…");
    const cohort = await importDemoCohort(store, {
      protocol: seedProtocol,
      studyId: demo.studyId,
      siteCodes: Object.keys(demo.siteIds),
    });
    if (!cohort.ok) throw new Error(`demo cohort: ${cohort.problem.message}`);
    options.print(`  ${cohort.value.map((count) => `${count.rows} ${count.kind}`).join(", ")}`);
  } else {
    options.print(`Using the trial in ${where}.`);
  }
  const app = createApp({ store, webDir: options.webDir });
  const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host });
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
