import { describe, expect, it } from "vitest";
import {
  addDays,
  addHours,
  dateOfInstant,
  daysBetween,
  hoursBetween,
  instantAt,
  isPlainDate,
  weekdayOf,
} from "./plain-date";

describe("plain dates", () => {
  it("adds days across month ends and leap days", () => {
    expect(addDays("1992-02-28", 1)).toBe("1992-02-29");
    expect(addDays("1993-02-28", 1)).toBe("1993-03-01");
    expect(addDays("1993-01-01", -1)).toBe("1992-12-31");
    expect(daysBetween("1992-01-06", "1994-01-03")).toBe(728); // 366 + 362
  });
  it("knows weekdays (1993-02-01 was a Monday, 1970-01-01 a Thursday, 1969-12-28 a Sunday)", () => {
    expect(weekdayOf("1993-02-01")).toBe(1);
    expect(weekdayOf("1970-01-01")).toBe(4);
    expect(weekdayOf("1969-12-28")).toBe(7);
  });
  it("counts days as the Date object does, every day from 1800 to 2200", () => {
    // Reference: Date's own day count (ms since 1970 ÷ 86,400,000) and its ISO text.
    const from = Date.UTC(1800, 0, 1) / 86_400_000;
    const to = Date.UTC(2200, 0, 1) / 86_400_000;
    const wrong: string[] = [];
    for (let day = from; day < to; day++) {
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (daysBetween("1970-01-01", date) !== day || addDays("1970-01-01", day) !== date)
        wrong.push(date);
    }
    expect(wrong).toEqual([]);
  });
  it("rolls days past a month's end over as Date.UTC does", () => {
    expect(daysBetween("1992-02-29", "1992-02-30")).toBe(1);
    expect(daysBetween("1993-02-28", "1993-02-31")).toBe(3);
    expect(daysBetween("1993-03-01", "1993-03-00")).toBe(-1);
  });
  it("refuses dates that do not exist", () => {
    expect(isPlainDate("1993-02-29")).toBe(false);
    expect(isPlainDate("1992-02-29")).toBe(true);
    expect(isPlainDate("1992-2-9")).toBe(false);
  });
});

describe("instants", () => {
  it("reads the UTC date of an instant with an offset", () => {
    expect(dateOfInstant("1993-03-01T00:30:00+01:00")).toBe("1993-02-28");
    expect(dateOfInstant("1993-03-01T23:30:00Z")).toBe("1993-03-01");
    expect(dateOfInstant("1993-03-01t23:30:00.250z")).toBe("1993-03-01");
    expect(dateOfInstant("1993-03-01T23:30:00-05:00")).toBe("1993-03-02");
  });
  it("moves instants by hours and measures hours between them", () => {
    expect(addHours(instantAt("1993-03-08", "09:30"), 72)).toBe("1993-03-11T09:30:00Z");
    expect(hoursBetween("1993-03-08T09:00:00Z", "1993-03-09T10:30:00Z")).toBe(25.5);
  });
});
