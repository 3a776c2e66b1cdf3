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
