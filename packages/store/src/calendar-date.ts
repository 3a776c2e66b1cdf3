import { isPlainDate } from "@ciclo/trial";

/**
 * An ISO 8601 date-time as a UTC instant, or undefined when it is not one (or when its date part
 * is not a calendar date, which `Date.parse` would silently roll over).
 */
export function readInstant(text: string): string | undefined {
  const time = Date.parse(text);
  if (Number.isNaN(time)) return undefined;
  const datePart = /^(\d{4}-\d{2}-\d{2})[T ]/.exec(text)?.[1];
  if (datePart !== undefined && !isPlainDate(datePart)) return undefined;
  return new Date(time).toISOString();
}
