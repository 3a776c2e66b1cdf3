import { type EntityName, type Problem, type Result, statusOf } from "@ciclo/store";
import { z } from "@hono/zod-openapi";
import type { ApiError } from "../api-error";
import type { Grant } from "../authorize";
import type { Answer } from "../endpoint";
import { pseudonymize, readsPseudonymized } from "../policy";

/** Paging of every list: `limit` rows from `offset`. */
export const Paging = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(100)
    .openapi({ description: "rows per page (1–1000)" }),
  offset: z.coerce.number().int().min(0).default(0).openapi({ description: "rows to skip" }),
});

/** One page of a list, with how many records the whole list holds (`total`). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    limit: z.number().int(),
    offset: z.number().int(),
    total: z.number().int().openapi({ description: "records in the whole list, all pages" }),
  });
}

/**
 * A store problem as the API's error body, with the status of the one mapping (`statusOf`).
 * An import's row problems become `problems`.
 *
 * @example
 * problemAnswer({ code: "stale_version", message: "…", field: "version" }); // => { status: 409, error: { … } }
 */
export function problemAnswer(problem: Problem): { error: ApiError; status: number } {
  return {
    status: statusOf(problem),
    error: {
      code: problem.code,
      message: problem.message,
      field: problem.field,
      problems: problem.rows,
    },
  };
}

/** Answers a store result: its value (shaped by `present`) or its problem. */
export function answerResult<T>(
  result: Result<T>,
  present: (value: T) => unknown,
  status = 200,
): Answer {
  return result.ok ? { json: present(result.value), status } : problemAnswer(result.problem);
}

/** A record of `entity` as this actor may see it: pseudonymized for a statistician. */
export function presentRecord<T extends Record<string, unknown>>(
  grant: Grant,
  entity: EntityName,
  record: T,
): T {
  return readsPseudonymized(grant.actor) ? pseudonymize(entity, record) : record;
}
