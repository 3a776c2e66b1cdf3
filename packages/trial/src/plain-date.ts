/** A calendar date as the trial writes it: 'YYYY-MM-DD', no time and no time zone. */
export type PlainDate = string;

const msPerDay = 86_400_000;

/**
 * Days since 1970-01-01 of a calendar date. Plain-date arithmetic runs on these integers: the
 * scheduler does it for every dose, and Temporal's polyfill is two orders of magnitude slower.
 */
function epochDay(date: PlainDate): number {
  const year = digitsAt(date, 0, 4);
  const month = digitsAt(date, 5, 2);
  const day = digitsAt(date, 8, 2);
  if (date.length === 10 && year >= 0 && month >= 1 && month <= 12 && day >= 0)
    return civilDay(year, month, day);
  return Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / msPerDay;
}

/** The number written by `count` decimal digits from `at`; −1 when one is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date, in integer arithmetic (eras of 400
 * years, the year counted from March so that the leap day comes last), as `Date.UTC` counts
 * them, days past the month's end rolling over likewise, without building the three parts as
 * strings. The analyses read millions of dates.
 */
function civilDay(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * Dates already written, by epoch day. A trial spans a few thousand distinct days while the
 * scheduler and the analyses write millions of dates, and formatting a Date is the slow part.
 */
const writtenDates = new Map<number, PlainDate>();

function fromEpochDay(day: number): PlainDate {
  let date = writtenDates.get(day);
  if (date === undefined) {
    date = new Date(day * msPerDay).toISOString().slice(0, 10);
    if (Number.isInteger(day)) writtenDates.set(day, date);
  }
  return date;
}

/**
 * Adds days to a calendar date.
 *
 * @example
 * addDays("2024-02-26", 7); // => "2024-03-04"
 */
export function addDays(date: PlainDate, days: number): PlainDate {
  return fromEpochDay(epochDay(date) + days);
}

/**
 * Whole days from `from` to `to` (negative when `to` is earlier).
 *
 * @example
 * daysBetween("2024-01-01", "2024-03-01"); // => 60
 */
export function daysBetween(from: PlainDate, to: PlainDate): number {
  return epochDay(to) - epochDay(from);
}

/** ISO weekday, 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(date: PlainDate): number {
  return ((((epochDay(date) + 3) % 7) + 7) % 7) + 1;
}

/**
 * The calendar date (UTC) of an ISO 8601 instant such as '2024-03-01T09:30:00Z' or
 * '2024-03-01T00:30:00+01:00' (→ '2024-02-29').
 */
export function dateOfInstant(instant: string): PlainDate {
  // An instant already in UTC ('Z') carries its date; an offset moves it. The usual form,
  // 'YYYY-MM-DDTHH:MM:SSZ', is told by its length and letters before any pattern is tried.
  if (
    instant.length === 20 &&
    instant.charCodeAt(10) === 84 && // T
    instant.charCodeAt(19) === 90 && // Z
    digitsAt(instant, 0, 4) >= 0 &&
    digitsAt(instant, 5, 2) >= 0 &&
    digitsAt(instant, 8, 2) >= 0
  )
    return instant.slice(0, 10);
  if (/^\d{4}-\d{2}-\d{2}T[^+]*Z$/i.test(instant)) return instant.slice(0, 10);
  return new Date(Date.parse(instant)).toISOString().slice(0, 10);
}

/**
 * Orders ISO dates or UTC instants in time: as text, by code unit. `localeCompare` gives the same
 * order for these digits but is many times slower, and the analyses sort every draw.
 *
 * @example
 * ["1993-03-09", "1993-03-08"].sort(inTimeOrder); // => ["1993-03-08", "1993-03-09"]
 */
export function inTimeOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
  let onDate = writtenInstants.get(date);
  if (onDate === undefined) {
    onDate = new Map();
    writtenInstants.set(date, onDate);
  }
  let instant = onDate.get(timeOfDay);
  if (instant === undefined) {
    // Joined, not concatenated: a concatenation is a rope of its parts, which every later
    // comparison or lookup of the instant must first copy into one piece.
    instant = [date, "T", timeOfDay, ":00Z"].join("");
    onDate.set(timeOfDay, instant);
  }
  return instant;
}

/**
 * Instants already written, by date and time of day: the scheduler writes one per dose and the
 * simulator one per draw, over a few thousand days and a handful of times.
 */
const writtenInstants = new Map<PlainDate, Map<string, string>>();

/**
 * An instant moved by a number of hours, in UTC.
 *
 * @example
 * addHours("1993-03-08T09:00:00Z", 24); // => "1993-03-09T09:00:00Z"
 */
export function addHours(instant: string, hours: number): string {
  return new Date(Date.parse(instant) + hours * 3_600_000).toISOString().replace(/\.000Z$/, "Z");
}

/**
 * Hours from one instant to another (negative when `to` is earlier).
 *
 * @example
 * hoursBetween("1993-03-08T09:00:00Z", "1993-03-10T09:00:00Z"); // => 48
 */
export function hoursBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 3_600_000;
}

/**
 * Whether a text is a calendar date 'YYYY-MM-DD' that exists. `Date.parse` alone would accept
 * 2024-02-30 and roll it over to 1 March, so the date must read back as the same day.
 */
export function isPlainDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}
