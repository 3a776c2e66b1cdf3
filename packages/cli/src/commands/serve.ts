import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "@ciclo/server";
import type { Command } from "commander";

/**
 * `ciclo serve`: opens the database (PGlite in --data-dir, or PostgreSQL when DATABASE_URL is
 * set), migrates it, seeds the demo trial into an empty database, and serves the API and the web
 * application.
 */
export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("serve the Ciclo API and web application (seeds the demo trial on first start)")
    .option("--port <port>", "port to listen on (env PORT)", process.env.PORT ?? "3000")
    .option(
      "--data-dir <dir>",
      "embedded database directory (ignored when DATABASE_URL is set)",
      "./.ciclo/data",
    )
    .option("--host <host>", "interface to listen on", "0.0.0.0")
    .action(async (options: { port: string; dataDir: string; host: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        program.error(`--port '${options.port}' is not a port; use a whole number from 1 to 65535`);
      }
      const webDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../../web/dist");
      await startServer({
        port,
        host: options.host,
        dataDir: resolve(options.dataDir),
        databaseUrl: process.env.DATABASE_URL,
        webDir: existsSync(webDir) ? webDir : undefined,
        print: (line) => console.log(line),
      });
    });
}
