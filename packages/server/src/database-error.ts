import type { ApiError } from "./api-error";

/**
 * A database refusal that a client's input caused, as a 4xx answer. The store validates input
 * before writing, but the database has the last word on uniqueness, references and calendar
 * dates; when it refuses, the transaction has already rolled back and nothing was written, so
 * this is the client's mistake, not a bug.
 *
 * Recognized by SQLSTATE (the same on PGlite and PostgreSQL):
 * - 23505 unique violation → 409 `duplicate`
 * - 23503 foreign-key violation → 404 `not_found` (the record referred to does not exist)
 * - 22007/22008 bad date or time, 22P02 bad text form, 22003 number out of range,
 *   23514 check violation → 400 `invalid_request`
 * - 22021 a character the database cannot store (a NUL in text), 22P05 the same in JSON →
 *   400 `invalid_request`; the API refuses such text before, so this is the last line only
 * - 54000 a value too long for an index (a megabyte in a unique code) → 400 `invalid_request`
 *
 * @example
 * databaseRefusal({ code: "23505", detail: "Key (username)=(admin) already exists." });
 * // => { status: 409, error: { code: "duplicate", field: "username", message: "username 'admin' already exists; choose another" } }
 */
export function databaseRefusal(error: unknown): { status: number; error: ApiError } | undefined {
  const { code, detail } = (error ?? {}) as { code?: unknown; detail?: unknown };
  if (typeof code !== "string") return undefined;
  const key = parseKey(typeof detail === "string" ? detail : "");
  switch (code) {
    case "23505":
      return {
        status: 409,
        error: {
          code: "duplicate",
          field: key?.field,
          message: key
            ? `${key.field} '${key.value}' already exists; choose another`
            : "a record with these values already exists",
        },
      };
    case "23503":
      return {
        status: 404,
        error: {
          code: "not_found",
          field: key?.field,
          message: key
            ? `${key.field} '${key.value}' refers to a record that does not exist`
            : "the record refers to one that does not exist, or others still refer to it",
        },
      };
    case "22007":
    case "22008":
      return invalid("a date or time is not on the calendar; check the day, month and hour");
    case "22021":
    case "22P05":
      return invalid(
        "a text contains a NUL character (\\u0000), which cannot be stored; remove it",
      );
    case "54000":
      return invalid("a value is too long to be stored as a key; shorten the codes and names");
    case "22P02":
    case "22003":
    case "23514":
      return invalid("a value has the wrong form or is out of range; check the numbers and codes");
    default:
      return undefined;
  }
}

function invalid(message: string) {
  return { status: 400, error: { code: "invalid_request", message } };
}

/** Reads PostgreSQL's `Key (study_id, pseudonym)=(s1, PI-001) …` detail: the last column and its value. */
function parseKey(detail: string): { field: string; value: string } | undefined {
  const match = /Key \(([^)]*)\)=\((.*)\)/.exec(detail);
  if (!match) return undefined;
  const columns = match[1].split(",").map((column) => column.trim());
  const values = match[2].split(",").map((value) => value.trim());
  const column = columns.at(-1) ?? "";
  const field = column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  return { field, value: values.at(-1) ?? "" };
}
