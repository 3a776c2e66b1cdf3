/**
 * Cycle arithmetic: with `day` = days since cycle 1 day 1 (0-based) and cycles of `lengthWeeks`
 * weeks, cycle = ⌊day / (7·lengthWeeks)⌋ + 1 and week in cycle = ⌊(day mod 7·lengthWeeks) / 7⌋ + 1.
 *
 * @example
 * cycleWeek(70, 10); // => { cycle: 2, week: 1 }
 * cycleWeek(69, 10); // => { cycle: 1, week: 10 }
 */
export function cycleWeek(day: number, lengthWeeks: number): { cycle: number; week: number } {
  if (!Number.isInteger(day) || day < 0) {
    throw new RangeError(`day ${day} must be a whole number of days since cycle 1 day 1, from 0`);
  }
  const cycleDays = 7 * lengthWeeks;
  return { cycle: Math.floor(day / cycleDays) + 1, week: Math.floor((day % cycleDays) / 7) + 1 };
}
