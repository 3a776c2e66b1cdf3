import type { CyclePlan } from "./scheduler";

/**
 * A patient's plan as an iCalendar (RFC 5545) document: one all-day event per dose, sampling
 * window and control visit, so a site can subscribe to it in any calendar program.
 * `stamp` is the creation instant (the caller's clock).
 */
export function planToICalendar(
  plan: CyclePlan,
  { pseudonym, stamp }: { pseudonym: string; stamp: string },
): string {
  const dtstamp = stamp.replace(/[-:]/g, "").replace(/\.\d+/, "");
  const day = (date: string) => date.replaceAll("-", "");
  const events = [
    ...plan.administrations.map((dose, index) => ({
      uid: `${pseudonym}-dose-${index}`,
      start: dose.date,
      end: dose.date,
      summary: `${pseudonym}: ${dose.drug === "il-2" ? "IL-2" : "IFN-β"} cycle ${dose.cycle} week ${dose.week} (${dose.status})`,
    })),
    ...plan.samplingWindows.map((window, index) => ({
      uid: `${pseudonym}-window-${index}`,
      start: window.from,
      end: window.to,
      summary: `${pseudonym}: ${window.kind === "pre-il2" ? "pre-IL-2" : "post-IL-2 (24–72 h)"} draw, cycle ${window.cycle}`,
    })),
    ...plan.controlVisits.map((visit, index) => ({
      uid: `${pseudonym}-visit-${index}`,
      start: visit.date,
      end: visit.date,
      summary: `${pseudonym}: control visit, cycle ${visit.cycle}`,
    })),
  ];
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Ciclo//Cycle plan//EN",
    "CALSCALE:GREGORIAN",
  ];
  for (const event of events) {
    const endExclusive = new Date(`${event.end}T00:00:00Z`);
    endExclusive.setUTCDate(endExclusive.getUTCDate() + 1);
    lines.push(
      "BEGIN:VEVENT",
      `UID:${event.uid}@ciclo`,
      `DTSTAMP:${dtstamp}`,
      `DTSTART;VALUE=DATE:${day(event.start)}`,
      `DTEND;VALUE=DATE:${day(endExclusive.toISOString().slice(0, 10))}`,
      `SUMMARY:${event.summary.replace(/([,;\\])/g, "\\$1")}`,
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return `${lines.join("\r\n")}\r\n`;
}
