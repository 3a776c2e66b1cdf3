import { Temporal } from "@js-temporal/polyfill";

/** A calendar date as the trial writes it: 'YYYY-MM-DD', no time and no time zone. */
export type PlainDate = string;

/**
 * Adds days to a calendar date.
 *
 * @example
 * addDays("2024-02-26", 7); // => "2024-03-04"
 */
export function addDays(date: PlainDate, days: number): PlainDate {
  return Temporal.PlainDate.from(date).add({ days }).toString();
}

/**
 * Whole days from `from` to `to` (negative when `to` is earlier).
 *
 * @example
 * daysBetween("2024-01-01", "2024-03-01"); // => 60
 */
export function daysBetween(from: PlainDate, to: PlainDate): number {
  return Temporal.PlainDate.from(from).until(Temporal.PlainDate.from(to), { largestUnit: "days" })
    .days;
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: PlainDate): number {
  return Temporal.PlainDate.from(date).dayOfWeek;
}

/** The calendar date (UTC) of an instant such as '2024-03-01T09:30:00Z'. */
export function dateOfInstant(instant: string): PlainDate {
  return Temporal.Instant.from(instant).toZonedDateTimeISO("UTC").toPlainDate().toString();
}

/** Average days in a month, for reporting times in months as the trial's publications do. */
export const daysPerMonth = 365.25 / 12;

/**
 * The instant of a time of day (UTC) on a date.
 *
 * @example
 * instantAt("1993-03-08", "09:00"); // => "1993-03-08T09:00:00Z"
 */
export function instantAt(date: PlainDate, timeOfDay: string): string {
  return Temporal.Instant.from(`${date}T${timeOfDay}:00Z`).toString();
}

/**
 * An instant moved by a number of hours, in UTC.
 *
 * @example
 * addHours("1993-03-08T09:00:00Z", 24); // => "1993-03-09T09:00:00Z"
 */
export function addHours(instant: string, hours: number): string {
  return Temporal.Instant.from(instant).add({ hours }).toString();
}

/**
 * Hours from one instant to another (negative when `to` is earlier).
 *
 * @example
 * hoursBetween("1993-03-08T09:00:00Z", "1993-03-10T09:00:00Z"); // => 48
 */
export function hoursBetween(from: string, to: string): number {
  return Temporal.Instant.from(from).until(Temporal.Instant.from(to)).total({ unit: "hours" });
}

/** Whether a text is a calendar date 'YYYY-MM-DD' that exists. */
export function isPlainDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  try {
    Temporal.PlainDate.from(text, { overflow: "reject" });
    return true;
  } catch {
    return false;
  }
}
