import { z } from "@hono/zod-openapi";
import type { Endpoint } from "../src/endpoint";

/** A JSON Schema node as `z.toJSONSchema` writes it, with the parts the tests read. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  default?: unknown;
  additionalProperties?: boolean | JsonSchema;
}

/** The JSON Schema of one part of an endpoint's request, as the client sends it. */
export function inputSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

/** A string field somewhere in a request part: its dotted path and whether it is a list of codes. */
export interface TextField {
  path: string[];
  coded: boolean;
  /** The pattern a date must match, for example. */
  pattern?: string;
}

/** Every string-valued field of a request part, nested objects and the first item of arrays included. */
export function textFields(schema: JsonSchema, path: string[] = []): TextField[] {
  const variants = schema.anyOf ?? [schema];
  const fields: TextField[] = [];
  for (const variant of variants) {
    const types = [variant.type].flat();
    if (types.includes("string"))
      fields.push({ path, coded: variant.enum !== undefined, pattern: variant.pattern });
    for (const [name, property] of Object.entries(variant.properties ?? {})) {
      fields.push(...textFields(property, [...path, name]));
    }
    if (variant.items) fields.push(...textFields(variant.items, [...path, "0"]));
  }
  return fields;
}

/** An object with `value` at `path` (array indices become arrays). */
export function valueAt(path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const inner = valueAt(rest, value);
  return /^\d+$/.test(head) ? [inner] : { [head]: inner };
}

/** The request path of an endpoint with its path parameters filled in. */
export function pathOf(endpoint: Endpoint, values: Record<string, string>): string {
  // A URL cannot carry half a character: a lone surrogate becomes U+FFFD, as a browser sends it.
  const encode = (value: string) => encodeURIComponent(value.replace(/\p{Cs}/gu, "\ufffd"));
  return `/api${endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => encode(values[name] ?? "x"))}`;
}

/** Endpoints that change something: every method but GET. */
export function writeEndpoints(endpoints: Endpoint[]): Endpoint[] {
  return endpoints.filter((endpoint) => endpoint.method !== "get");
}
