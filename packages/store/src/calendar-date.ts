/**
 * Dates as the store accepts them. `Date.parse` alone is not enough: it rolls 2024-02-30 over to
 * 1 March, so a date is accepted only when it reads back as the same day.
 */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}

/**
 * An ISO 8601 date-time as a UTC instant, or undefined when it is not one (or when its date part
 * is not a calendar date, which `Date.parse` would silently roll over).
 */
export function readInstant(text: string): string | undefined {
  const time = Date.parse(text);
  if (Number.isNaN(time)) return undefined;
  const datePart = /^(\d{4}-\d{2}-\d{2})[T ]/.exec(text)?.[1];
  if (datePart !== undefined && !isCalendarDate(datePart)) return undefined;
  return new Date(time).toISOString();
}
