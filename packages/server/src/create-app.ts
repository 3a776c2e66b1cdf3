import { AuditChainHeadMissing, type Store } from "@ciclo/store";
import { OpenAPIHono } from "@hono/zod-openapi";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { analysisInputCache } from "./analysis-cache";
import { apiDocs } from "./api-docs";
import { apiEndpoints } from "./api-endpoints";
import { apiErrorFromIssues } from "./api-error";
import type { AppDeps, AppEnv } from "./app-env";
import { databaseRefusal } from "./database-error";
import { databaseUnavailable, isDatabaseUnavailable } from "./database-unavailable";
import { demoPasswordOnlyOnTheDemo } from "./demo-password";
import { registerEndpoint } from "./endpoint";
import { authenticate, requireCsrfToken } from "./session";
import { cachedSessionPort } from "./session-cache";
import { storeSessionPort } from "./store-session-port";
import { webApp } from "./web-app";

export interface AppOptions {
  store: Store;
  /** The current instant. Pass a fixed clock in tests. */
  clock?: () => Date;
  /** The built web application (packages/web/dist); without it `/` explains how to build it. */
  webDir?: string;
  /** Where bugs are reported (a 500 answer). Defaults to console.error. */
  logError?: (message: string, error: unknown) => void;
  /** Largest accepted request body, in bytes (CSV imports are the big ones). */
  maxBodyBytes?: number;
}

/**
 * The Ciclo HTTP application: the JSON API under `/api` (its OpenAPI document at
 * `/api/openapi.json`, the reference page at `/api/docs`) and the web application at `/`.
 * It is a function from Request to Response; only `ciclo serve` binds it to a port.
 *
 * @example
 * const app = createApp({ store, clock: () => new Date() });
 * const response = await app.request("/api/openapi.json");
 * response.status; // => 200
 */
export function createApp({
  store,
  clock = () => new Date(),
  webDir,
  logError = (message, error) => console.error(message, error),
  maxBodyBytes = 20 * 1024 * 1024,
}: AppOptions): Hono<AppEnv> {
  const sessions = cachedSessionPort(storeSessionPort(store), store, clock);
  const analysisInputs = analysisInputCache(store);
  const deps: AppDeps = { store, clock, logError, sessions, analysisInputs };
  const onError = (error: Error, c: Context<AppEnv>) => answerError(error, c, deps);

  const api = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const where = result.target === "json" ? "body" : result.target;
        return c.json(apiErrorFromIssues(result.error.issues, where), 400);
      }
    },
  });
  api.onError(onError);
  api.use("*", async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  api.use(
    "*",
    bodyLimit({ maxSize: maxBodyBytes, onError: (c) => c.json(tooLarge(maxBodyBytes), 413) }),
  );
  api.use("*", demoPasswordOnlyOnTheDemo(store));
  api.use("*", authenticate(deps.sessions));
  api.use("*", requireCsrfToken());
  for (const endpoint of apiEndpoints()) registerEndpoint(api, endpoint);
  api.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "ciclo_session",
    description: "Set by POST /api/auth/login. Changes also need the X-CSRF-Token header.",
  });
  api.doc31("/openapi.json", {
    openapi: "3.1.0",
    servers: [{ url: "/api" }],
    info: {
      title: "Ciclo API",
      version: "1.0.0",
      description:
        "The HTTP API of Ciclo, the platform a hormone-immunotherapy trial runs on. Every error is `{ code, message, field?, problems? }`.",
    },
  });

  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.use("*", secureHeaders(securityHeaders));
  app.route("/api/docs", apiDocs("/api/openapi.json"));
  app.route("/api", api);
  app.all("/api/*", (c) => c.json(unknownRoute(c), 404));
  app.route("/", webApp(webDir));
  app.notFound((c) => c.json(unknownRoute(c), 404));
  return app;
}

/**
 * Headers on every answer. The policy allows only Ciclo's own scripts, styles, images and API
 * (no inline or injected script can run), and no other site may frame a page (clickjacking).
 * Inline styles stay allowed: the plots and the self-contained report carry their `<style>`.
 */
const securityHeaders = {
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:"],
    fontSrc: ["'self'", "data:"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  xFrameOptions: "DENY",
  referrerPolicy: "no-referrer",
  xContentTypeOptions: "nosniff",
};

function unknownRoute(c: Context) {
  return {
    code: "unknown_route",
    message: `there is no ${c.req.method} ${c.req.path}; the API is described at /api/docs`,
  };
}

function tooLarge(maxBodyBytes: number) {
  return {
    code: "body_too_large",
    message: `the request body exceeds ${maxBodyBytes} bytes; split the file and send it in parts`,
  };
}

/**
 * Answers a thrown error. HTTP exceptions raised by the framework (malformed JSON, a wrong
 * content type) and database refusals of bad input (a duplicate, a dangling reference, an
 * impossible date) are the client's mistake and become 4xx; anything else is a bug: it is
 * logged and answered with 500 without details.
 */
function answerError(error: Error, c: Context<AppEnv>, deps: AppDeps): Response {
  if (error instanceof HTTPException && error.status < 500) {
    return c.json(clientMistake(error), error.status);
  }
  if (error instanceof AuditChainHeadMissing) {
    deps.logError(`${c.req.method} ${c.req.path} refused`, error);
    return c.json({ code: error.code, message: error.message }, 503);
  }
  const refusal = databaseRefusal(error);
  if (refusal) return c.json(refusal.error, refusal.status as 400);
  if (isDatabaseUnavailable(error)) {
    return c.json(databaseUnavailable, 503, { "retry-after": "5" });
  }
  deps.logError(`${c.req.method} ${c.req.path} failed`, error);
  return c.json(
    { code: "internal_error", message: "the server failed; the error was logged" },
    500,
  );
}

function clientMistake(error: HTTPException) {
  if (error.status === 415) {
    return {
      code: "unsupported_media_type",
      message:
        "set the Content-Type header to application/json (text/csv for imports) and send a body of that type",
      field: "Content-Type",
    };
  }
  if (error.message.startsWith("Malformed JSON")) {
    return {
      code: "malformed_json",
      message: "the body is not valid JSON; check quotes, commas and brackets",
      field: "(body)",
    };
  }
  return { code: "bad_request", message: error.message || "the request is malformed" };
}
