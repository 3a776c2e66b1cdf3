import { describe, expect, it } from "vitest";
import { cycleWeek, cycleWeekOfDate, dateOfCycleDay } from "./cycle-week";

describe("cycleWeek", () => {
  // By hand with L = 70: d = 0 → ⌊0/70⌋+1 = 1, ⌊0/7⌋+1 = 1; d = 34 → cycle 1, ⌊34/7⌋+1 = 5 (IL-2 starts);
  // d = 63 → week ⌊63/7⌋+1 = 10; d = 70 → cycle 2 week 1; d = 145 → cycle ⌊145/70⌋+1 = 3, 145 mod 70 = 5 → week 1.
  it.each([
    [0, 1, 1, 1],
    [28, 1, 5, 29],
    [34, 1, 5, 35],
    [63, 1, 10, 64],
    [69, 1, 10, 70],
    [70, 2, 1, 1],
    [145, 3, 1, 6],
  ])("day %i → cycle %i week %i day %i", (d, cycle, week, day) => {
    expect(cycleWeek(d, 70)).toEqual({ cycle, week, day });
  });

  it("uses the protocol's cycle length (56 days: d = 60 → cycle 2, week 1, day 5)", () => {
    expect(cycleWeek(60, 56)).toEqual({ cycle: 2, week: 1, day: 5 });
  });

  it("places a day before cycle 1 day 1 in cycle 0", () => {
    expect(cycleWeek(-1, 70)).toEqual({ cycle: 0, week: 10, day: 70 });
  });
});

describe("dates", () => {
  // 1993-02-01 (Monday) + 35 days = 1993-03-08: cycle 1, week 6, day 36.
  it("finds the cycle week of a date", () => {
    expect(cycleWeekOfDate("1993-02-01", "1993-03-08", 70)).toEqual({ cycle: 1, week: 6, day: 36 });
  });
  // 1993-02-01 + 70 days = 1993-04-12.
  it("finds the date of a cycle day", () => {
    expect(dateOfCycleDay("1993-02-01", 2, 1, 70)).toBe("1993-04-12");
  });
});
