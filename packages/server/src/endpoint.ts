import { createRoute, type OpenAPIHono, type RouteConfig, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { type ApiError, ApiErrorSchema } from "./api-error";
import type { AppEnv } from "./app-env";
import { authorize, type Grant, type Guard, requireSession } from "./authorize";

/**
 * An endpoint of the API, as data: its route, its input schemas, the guard that says which
 * action it performs on which resource, and a handler that turns the validated input into an
 * answer. `registerEndpoint` is the one place that validates, authorizes and answers, so no
 * handler can forget a check.
 */
export interface Endpoint<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  method: "get" | "post" | "patch" | "put" | "delete";
  /** OpenAPI path below /api, e.g. `/subjects/{subjectId}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  /** A JSON body, or `"csv"` for a text/csv upload that the handler reads as text. */
  body?: B | "csv";
  /** The success answer: a JSON schema, or `"csv"` for a text/csv download. */
  response: z.ZodType | "csv";
  status?: 200 | 201;
  guard: Guard<EndpointInput<P, Q, B>>;
  handle: (input: EndpointInput<P, Q, B>, grant: Grant, c: Context<AppEnv>) => Promise<Answer>;
}

/** The validated parts of a request. */
export interface EndpointInput<P, Q, B> {
  params: P extends z.ZodType ? z.infer<P> : never;
  query: Q extends z.ZodType ? z.infer<Q> : never;
  /** The validated JSON body, or the bytes of a CSV upload (decoded by the import, strictly). */
  body: B extends z.ZodType ? z.infer<B> : Uint8Array;
}

/** What a handler answers: a JSON value, a CSV text, an error, or a ready response. */
export type Answer =
  | { json: unknown; status?: number }
  | { csv: string; filename: string }
  | { error: ApiError; status: number }
  | { response: Response };

/**
 * Defines an endpoint with its types inferred from the schemas.
 *
 * @example
 * defineEndpoint({ method: "get", path: "/sites", tag: "sites", summary: "List sites",
 *   response: z.array(Site), guard: { action: "read", on: "trial" },
 *   handle: async () => ({ json: await store.sites.list() }) });
 */
export function defineEndpoint<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
>(endpoint: Endpoint<P, Q, B>): Endpoint {
  return endpoint as unknown as Endpoint;
}

const errorResponses = {
  400: "the request is malformed or a field is invalid; the body names the field",
  401: "not signed in, or the session expired",
  403: "signed in, but this role may not do this here (or the CSRF token is missing)",
  404: "no such record, or it belongs to a site you hold no role at",
  409: "the record changed since you read it (stale version), or it is signed and locked",
  422: "the request is well-formed but breaks a trial rule; the body lists every problem",
} as const;

/** Registers an endpoint on the API: OpenAPI description, validation, authorization, answer. */
export function registerEndpoint(api: OpenAPIHono<AppEnv>, endpoint: Endpoint): void {
  const route = createRoute(routeConfig(endpoint));
  const handler = async (c: Context<AppEnv>) => {
    const input = await readInput(c, endpoint);
    const decision = await authorize(c, endpoint.guard, input);
    if ("error" in decision) return c.json(decision.error, decision.status as 401);
    return respond(c, await endpoint.handle(input, decision.grant, c), endpoint.status ?? 200);
  };
  api.openapi(route, handler as never);
}

async function readInput(
  c: Context<AppEnv>,
  endpoint: Endpoint,
): Promise<EndpointInput<unknown, unknown, unknown>> {
  // The validators registered by OpenAPIHono ran before this point.
  const valid = (target: string) => c.req.valid(target as never) as unknown;
  return {
    params: endpoint.params ? valid("param") : {},
    query: endpoint.query ? valid("query") : {},
    body: endpoint.body === "csv" ? await readCsv(c) : endpoint.body ? valid("json") : undefined,
  } as EndpointInput<unknown, unknown, unknown>;
}

async function readCsv(c: Context<AppEnv>): Promise<Uint8Array> {
  const type = c.req.header("content-type") ?? "";
  if (!/^text\/(csv|plain)\b/i.test(type)) {
    throw new HTTPException(415, { message: "send the file with Content-Type: text/csv" });
  }
  // The bytes, not c.req.text(): decoding them here would turn a Latin-1 file into garbled text
  // silently, where the import refuses it with a message.
  return new Uint8Array(await c.req.arrayBuffer());
}

function respond(c: Context<AppEnv>, answer: Answer, successStatus: number): Response {
  if ("response" in answer) return answer.response;
  if ("error" in answer) return c.json(answer.error, answer.status as 400);
  if ("csv" in answer) {
    return c.body(answer.csv, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${answer.filename}"`,
    });
  }
  return c.json(answer.json as never, (answer.status ?? successStatus) as 200);
}

function routeConfig(endpoint: Endpoint): RouteConfig {
  const responses: RouteConfig["responses"] = {
    [endpoint.status ?? 200]: {
      description: endpoint.summary,
      content:
        endpoint.response === "csv"
          ? { "text/csv": { schema: z.string() } }
          : { "application/json": { schema: endpoint.response } },
    },
  };
  for (const [status, description] of Object.entries(errorResponses)) {
    responses[status] = {
      description,
      content: { "application/json": { schema: ApiErrorSchema } },
    };
  }
  const request: RouteConfig["request"] = {};
  if (endpoint.params) request.params = endpoint.params as never;
  if (endpoint.query) request.query = endpoint.query as never;
  if (endpoint.body === "csv") {
    request.body = { required: true, content: { "text/csv": { schema: z.string() } } };
  } else if (endpoint.body) {
    request.body = {
      required: true,
      content: { "application/json": { schema: endpoint.body } },
    };
  }
  return {
    method: endpoint.method,
    path: endpoint.path,
    tags: [endpoint.tag],
    summary: endpoint.summary,
    description: endpoint.description,
    request,
    responses,
    security: endpoint.guard.on === "public" ? [] : [{ session: [] }],
    middleware: [requireSession(endpoint.guard as Guard<unknown>)],
  };
}
