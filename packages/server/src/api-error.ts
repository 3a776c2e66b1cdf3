import { z } from "@hono/zod-openapi";

/**
 * The one shape of every 4xx and 5xx answer:
 * `{ code, message, field?, problems?, warnings? }`. `message` says what to change; `field` names the
 * offending field (a dotted path into the body, or a query/path parameter; `(body)` when the
 * body as a whole is wrong); `problems` lists
 * every problem when there are several (each bad field, each bad CSV row).
 */
export const ApiErrorSchema = z
  .object({
    code: z.string().openapi({ example: "invalid_request" }),
    message: z
      .string()
      .openapi({ example: "version: expected a number; send the version you read" }),
    field: z.string().optional().openapi({ example: "version" }),
    problems: z
      .array(
        z.object({
          row: z.number().int().optional(),
          field: z.string().optional(),
          message: z.string(),
        }),
      )
      .optional(),
    warnings: z
      .array(z.object({ check: z.string(), field: z.string(), message: z.string() }))
      .optional()
      .openapi({
        description:
          "with `confirmation_required`: the soft edit checks' warnings, to confirm with a reason",
      }),
  })
  .openapi("ApiError");

export type ApiError = z.infer<typeof ApiErrorSchema>;

/**
 * Turns zod validation issues into one ApiError naming the first bad field, with every issue in
 * `problems`. `where` says which part of the request was validated (body, query, path).
 *
 * @example
 * apiErrorFromIssues(schema.safeParse(body).error!.issues, "body");
 * // => { code: "invalid_request", message: "yearOfBirth: expected number, received string", field: "yearOfBirth", problems: [...] }
 */
export function apiErrorFromIssues(issues: readonly z.core.$ZodIssue[], where: string): ApiError {
  const problems = issues.map((issue) => {
    const field = issue.path.map(String).join(".");
    return { field: fieldOf(issue, where), message: describeIssue(issue, field, where) };
  });
  const first = problems[0] ?? { field: `(${where})`, message: `invalid ${where}` };
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : "";
  return {
    code: "invalid_request",
    message: `${first.message}${more}`,
    field: first.field,
    problems,
  };
}

/**
 * The field a client corrects: the issue's path; for unknown fields the first of them; for a
 * body (or query) that is wrong as a whole, `(body)`.
 */
function fieldOf(issue: z.core.$ZodIssue, where: string): string {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys" && issue.keys.length > 0) path.push(issue.keys[0]);
  return path.length > 0 ? path.join(".") : `(${where})`;
}

function describeIssue(issue: z.core.$ZodIssue, field: string, where: string): string {
  const subject = field ? `${field}` : `the ${where}`;
  if (issue.code === "unrecognized_keys") {
    return `${subject}: unknown field(s) ${issue.keys.map((key) => `'${key}'`).join(", ")}; remove them`;
  }
  if (issue.code === "invalid_type" && issue.input === undefined) {
    return `${subject}: required; send a ${issue.expected}`;
  }
  return `${subject}: ${issue.message}`;
}
