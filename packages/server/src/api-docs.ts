import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Hono } from "hono";

/**
 * The API reference page at `/api/docs`: Swagger UI served from the installed swagger-ui-dist
 * package, because hospital networks often have no internet access (no CDN).
 *
 * @example
 * app.route("/api/docs", apiDocs("/api/openapi.json"));
 */
export function apiDocs(documentUrl: string): Hono {
  const assetsDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  const assets: Record<string, string> = {
    "swagger-ui.css": "text/css; charset=utf-8",
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
    "favicon-32x32.png": "image/png",
  };
  const docs = new Hono();
  docs.get("/", (c) => c.html(page));
  docs.get("/initializer.js", (c) =>
    c.body(initializer(documentUrl), 200, { "content-type": "text/javascript; charset=utf-8" }),
  );
  docs.get("/:asset", async (c) => {
    const asset = c.req.param("asset");
    const type = assets[asset];
    if (!type) return c.notFound();
    const body = await readFile(join(assetsDir, asset));
    return c.body(body, 200, { "content-type": type, "cache-control": "public, max-age=86400" });
  });
  return docs;
}

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Ciclo API reference</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
  <link rel="icon" href="/api/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script src="/api/docs/swagger-ui-standalone-preset.js"></script>
  <script src="/api/docs/initializer.js"></script>
</body>
</html>`;

// "Try it out" runs in the signed-in browser session: changes need the session's CSRF token,
// which /api/me returns to the page's own origin only.
function initializer(documentUrl: string): string {
  return `let csrfToken = "";
fetch("/api/me", { credentials: "same-origin" })
  .then((response) => (response.ok ? response.json() : {}))
  .then((me) => { csrfToken = me.csrfToken || ""; });
window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(documentUrl)},
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "StandaloneLayout",
  requestInterceptor: (request) => {
    if (csrfToken) request.headers["X-CSRF-Token"] = csrfToken;
    return request;
  },
});
`;
}
