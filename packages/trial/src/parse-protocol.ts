import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { type Protocol, protocolSchema } from "./protocol-schema";
import { type Derived, trialProblem } from "./trial-problem";

/** Where in a document something is wrong, and what to change. */
export interface ProtocolProblem {
  /** e.g. 'arms[1].drugs[0].weekdays'; '' for the document itself. */
  path: string;
  message: string;
}

export type ParsedProtocol =
  | { ok: true; protocol: Protocol }
  | { ok: false; problems: ProtocolProblem[] };

/**
 * Validates a protocol document given as an object or as JSON or YAML text.
 *
 * @example
 * parseProtocol('{"schemaVersion": 2}');
 * // => { ok: false, problems: [{ path: "schemaVersion", message: "schemaVersion must be 1" }, …] }
 */
export function parseProtocol(document: unknown): ParsedProtocol {
  let value = document;
  if (typeof document === "string") {
    const text = readText(document);
    if (!text.ok) return { ok: false, problems: [{ path: "", message: text.message }] };
    value = text.value;
  }
  const result = protocolSchema.safeParse(value, { reportInput: true });
  if (result.success) return { ok: true, protocol: result.data };
  return { ok: false, problems: result.error.issues.map(toProblem) };
}

/** JSON is YAML, but JSON's own parser gives the better message for a JSON-looking text. */
function readText(text: string): Derived<{ value: unknown }> {
  const trimmed = text.trimStart();
  try {
    if (trimmed.startsWith("{")) return { ok: true, value: JSON.parse(text) };
    return { ok: true, value: parseYaml(text) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return trialProblem(
      "unreadable_document",
      `the document is not valid ${trimmed.startsWith("{") ? "JSON" : "YAML"} (${reason}); fix its syntax`,
    );
  }
}

/** Rewrites zod's generic messages for missing or mistyped keys so they say what to change. */
function toProblem(issue: z.core.$ZodIssue): ProtocolProblem {
  const path = formatPath(issue.path);
  const key = String(issue.path.at(-1) ?? "document");
  if (issue.code === "invalid_type" && issue.input === undefined)
    return { path, message: `add '${key}' (${issue.expected})` };
  if (issue.code === "invalid_type")
    return { path, message: `'${key}' must be ${issue.expected}, not ${describe(issue.input)}` };
  if (issue.code === "unrecognized_keys")
    return {
      path,
      message: `remove or correct the unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}`,
    };
  return { path, message: issue.message };
}

function describe(input: unknown): string {
  if (input === null) return "null";
  if (Array.isArray(input)) return "a list";
  return `${typeof input} ${JSON.stringify(input)}`;
}

/** ['arms', 1, 'drugs', 0, 'weekdays'] → 'arms[1].drugs[0].weekdays'. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) =>
      typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`,
    )
    .join("");
}
