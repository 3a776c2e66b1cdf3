import ical from "ical-generator";
import { addDays } from "./plain-date";
import type { CyclePlan } from "./plan-cycles";
import type { Instant } from "./records";

export interface ICalendarOptions {
  /** Label of the subject in event titles: a pseudonym, never a name. */
  subjectLabel: string;
  /** Stamp written into every event (DTSTAMP); the caller's clock, in UTC. */
  generatedAt: Instant;
  /** Domain used to make event UIDs globally unique, e.g. the site's host name. */
  uidDomain?: string;
}

/**
 * The plan as an iCalendar (RFC 5545) text: one all-day event per planned administration and
 * visit, one timed event per sampling window. UIDs are derived from the plan, so re-exporting
 * after a delay updates the same events in a calendar client.
 *
 * @example
 * planToICalendar(plan, { subjectLabel: "PI-001", generatedAt: "1993-02-01T08:00:00Z" });
 * // => "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…"
 */
export function planToICalendar(plan: CyclePlan, options: ICalendarOptions): string {
  const { subjectLabel, generatedAt, uidDomain = "ciclo.invalid" } = options;
  const calendar = ical({ name: `Ciclo plan ${subjectLabel}`, prodId: "//Ciclo//Cycle plan//EN" });
  const stamp = new Date(generatedAt);
  const uid = (parts: (string | number)[]) => `${subjectLabel}-${parts.join("-")}@${uidDomain}`;
  const allDay = (date: string) => new Date(`${date}T00:00:00Z`);
  for (const administration of plan.administrations) {
    if (administration.status === "skipped") continue;
    const { drug, cycle, cycleWeek, date } = administration;
    calendar.createEvent({
      id: uid([drug, cycle, cycleWeek, administration.originalDate]),
      stamp,
      allDay: true,
      start: allDay(date),
      end: allDay(addDays(date, 1)),
      summary: `${subjectLabel}: ${drug} ${administration.dose} ${administration.unit} ${administration.route} (cycle ${cycle}, week ${cycleWeek})`,
    });
  }
  for (const visit of plan.visits)
    calendar.createEvent({
      id: uid(["visit", visit.code, visit.cycle]),
      stamp,
      allDay: true,
      start: allDay(visit.date),
      end: allDay(addDays(visit.date, 1)),
      summary: `${subjectLabel}: ${visit.label} (cycle ${visit.cycle}; ${visit.earliest} to ${visit.latest})`,
    });
  for (const window of plan.samplingWindows)
    calendar.createEvent({
      id: uid(["sample", window.relation, window.cycle, window.il2At]),
      stamp,
      start: new Date(window.opensAt),
      end: new Date(window.closesAt),
      summary: `${subjectLabel}: ${window.relation}-IL-2 sample (cycle ${window.cycle}): ${window.panels.join(", ")}`,
    });
  return calendar.toString();
}
