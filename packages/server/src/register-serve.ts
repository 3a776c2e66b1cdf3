import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { minimumPasswordLength } from "@ciclo/store";
import type { Command } from "commander";
import { StartRefused } from "./first-administrator";
import { serveCommand } from "./serve-command";
import { startServer } from "./start-server";

interface ServeOptions {
  port: string;
  dataDir: string;
  host: string;
  demo?: boolean;
  adminPasswordFile?: string;
}

/**
 * `ciclo serve`: opens the database (PGlite in --data-dir, or PostgreSQL when DATABASE_URL is
 * set), migrates it, and serves the API and the web application. An empty database gets the
 * demo trial with --demo, otherwise only a first administrator whose password is asked for.
 */
export function registerServe(program: Command): void {
  program
    .command(serveCommand.name)
    .description(serveCommand.summary)
    .option("--port <port>", "port to listen on (env PORT)", process.env.PORT ?? "3000")
    .option(
      "--data-dir <dir>",
      "embedded database directory (ignored when DATABASE_URL is set)",
      "./.ciclo/data",
    )
    .option(
      "--host <host>",
      "interface to listen on; 0.0.0.0 opens Ciclo to other machines",
      "127.0.0.1",
    )
    .option(
      "--demo",
      "on an empty database, create the demo trial (its users share the password ciclo-demo)",
    )
    .option(
      "--admin-password-file <file>",
      "on an empty database, the first administrator's password (env CICLO_ADMIN_PASSWORD; asked when neither is given)",
    )
    .action(async (options: ServeOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        program.error(`--port '${options.port}' is not a port; use a whole number from 1 to 65535`);
      }
      // From packages/server/src, and from the built command in packages/cli/dist alike.
      const webDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../web/dist");
      try {
        await startServer({
          port,
          host: options.host,
          dataDir: resolve(options.dataDir),
          databaseUrl: process.env.DATABASE_URL,
          webDir: existsSync(webDir) ? webDir : undefined,
          demo: options.demo,
          administratorPassword: () => administratorPassword(options),
          print: (line) => console.log(line),
        });
      } catch (error) {
        // A first start without a password is the user's situation, not a bug: say what to do.
        if (!(error instanceof StartRefused)) throw error;
        console.error(`ciclo: ${error.message}`);
        process.exit(1);
      }
    });
}

/** The first administrator's password: from the file, the environment, or asked at the terminal. */
async function administratorPassword(options: ServeOptions): Promise<string | undefined> {
  if (options.adminPasswordFile) {
    return readFileSync(options.adminPasswordFile, "utf8").replace(/\r?\n$/, "");
  }
  if (process.env.CICLO_ADMIN_PASSWORD) return process.env.CICLO_ADMIN_PASSWORD;
  if (!process.stdin.isTTY) return undefined;
  console.log("The database is empty. Choose the password of the administrator 'admin'.");
  for (;;) {
    const password = await askHidden(`Password (at least ${minimumPasswordLength} characters): `);
    if (password.length < minimumPasswordLength) {
      console.log(`Too short: use at least ${minimumPasswordLength} characters.`);
      continue;
    }
    if ((await askHidden("The same password again: ")) === password) return password;
    console.log("The two passwords differ; start again.");
  }
}

/** Reads a line from the terminal without echoing it. */
async function askHidden(question: string): Promise<string> {
  process.stdout.write(question);
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const terminal = createInterface({ input: process.stdin, output: silent, terminal: true });
  try {
    return await terminal.question("");
  } finally {
    terminal.close();
    process.stdout.write("\n");
  }
}
