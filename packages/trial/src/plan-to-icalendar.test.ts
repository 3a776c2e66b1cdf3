import { describe, expect, it } from "vitest";
import { planCycles } from "./plan-cycles";
import { planToICalendar } from "./plan-to-icalendar";
import { seedProtocol } from "./seed-protocol";

describe("planToICalendar", () => {
  const plan = planCycles(seedProtocol, { arm: "treated", startDate: "1993-02-01", cycles: 1 });
  const text = planToICalendar(plan, {
    subjectLabel: "PI-001",
    generatedAt: "1993-01-30T08:00:00Z",
  });

  it("writes one event per dose, visit and sampling window (24 + 1 + 2)", () => {
    expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(27);
  });

  it("writes all-day doses on their plan date and windows in UTC, stamped with the given clock", () => {
    expect(text).toContain("DTSTART;VALUE=DATE:19930301");
    expect(text).toContain("SUMMARY:PI-001: il-2 3000000 IU sc (cycle 1\\, week 5)");
    expect(text).toContain("DTSTART:19930302T090000Z");
    expect(text).toContain("DTEND:19930304T090000Z");
    expect(text).toContain("DTSTAMP:19930130T080000Z");
    expect(text).toContain("UID:PI-001-il-2-1-5-1993-03-01@ciclo.invalid");
  });
});
