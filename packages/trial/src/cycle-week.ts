import { addDays, daysBetween, type PlainDate } from "./plain-date";

/** Where a date falls in the cycles: cycle 1 starts on cycle 1 day 1. */
export interface CycleWeek {
  /** 1-based cycle number. */
  cycle: number;
  /** 1-based week within the cycle. */
  week: number;
  /** 1-based day within the cycle. */
  day: number;
}

/**
 * The cycle and week of a day, counted from cycle 1 day 1 (`d` = days since then, 0-based):
 * cycle = ⌊d / L⌋ + 1, week = ⌊(d mod L) / 7⌋ + 1, with L the protocol's cycle length
 * (`protocol.cycle.lengthDays`, 70 in the seed protocol). Days before cycle 1 day 1 give cycle 0
 * or less, which callers treat as "before treatment".
 *
 * @example
 * cycleWeek(0, seedProtocol.cycle.lengthDays); // => { cycle: 1, week: 1, day: 1 }
 * cycleWeek(70, 70); // => { cycle: 2, week: 1, day: 1 }
 * cycleWeek(69, 70); // => { cycle: 1, week: 10, day: 70 }
 */
export function cycleWeek(daysSinceStart: number, cycleLengthDays: number): CycleWeek {
  const cycleIndex = Math.floor(daysSinceStart / cycleLengthDays);
  const dayInCycle = daysSinceStart - cycleIndex * cycleLengthDays;
  return { cycle: cycleIndex + 1, week: Math.floor(dayInCycle / 7) + 1, day: dayInCycle + 1 };
}

/**
 * The cycle and week of a calendar date, given cycle 1 day 1.
 *
 * @example
 * cycleWeekOfDate("1993-02-01", "1993-03-08", 70); // => { cycle: 1, week: 6, day: 36 }
 */
export function cycleWeekOfDate(
  cycleOneDayOne: PlainDate,
  date: PlainDate,
  cycleLengthDays: number,
): CycleWeek {
  return cycleWeek(daysBetween(cycleOneDayOne, date), cycleLengthDays);
}

/**
 * The calendar date of a day of a cycle, the inverse of `cycleWeekOfDate` when every cycle
 * keeps its length.
 *
 * @example
 * dateOfCycleDay("1993-02-01", 2, 1, 70); // => "1993-04-12"
 */
export function dateOfCycleDay(
  cycleOneDayOne: PlainDate,
  cycle: number,
  day: number,
  cycleLengthDays: number,
): PlainDate {
  return addDays(cycleOneDayOne, (cycle - 1) * cycleLengthDays + (day - 1));
}
