import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";

/**
 * Serves the built browser application (packages/web/dist) at `/`. Any other GET outside `/api`
 * that names no file answers with index.html, so the application's own routes (e.g.
 * `/subjects/P-001`) survive a reload. Without a build, `/` says how to make one.
 *
 * @example
 * app.route("/", webApp("/srv/ciclo/packages/web/dist"));
 */
export function webApp(distDir: string | undefined): Hono {
  const web = new Hono();
  const indexFile = distDir ? join(distDir, "index.html") : undefined;
  if (!distDir || !indexFile || !existsSync(indexFile)) {
    web.get("/", (c) =>
      c.text(
        "Ciclo API is running: the reference is at /api/docs. The web application is not built; run `npm start` from the repository root to build it.",
      ),
    );
    return web;
  }
  web.use("*", serveStatic({ root: distDir }));
  web.get("*", async (c) => c.html(await readFile(indexFile, "utf8")));
  return web;
}
