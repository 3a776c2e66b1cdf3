import {
  addDays,
  dateOfInstant,
  daysBetween,
  instantAt,
  type PlainDate,
  weekdayOf,
} from "./plain-date";
import { postIl2Windows } from "./post-il2-window";
import type { Arm, Protocol } from "./protocol-schema";
import type { AdministrationRecord, HoldRecord, Instant } from "./records";

/** Why a plan ends early. */
export type PlanStop = { reason: "progression" | "withdrawal" | "death"; date: PlainDate };

/** What the plan is computed from: the start and everything recorded since. */
export interface PlanRequest {
  /** Arm code from the protocol. */
  arm: string;
  /** Cycle 1 day 1: the first IFN-β dose for treated subjects, enrolment for controls. */
  startDate: PlainDate;
  /** Number of cycles to plan (the regimen repeats until progression). */
  cycles: number;
  administrations?: readonly AdministrationRecord[];
  holds?: readonly HoldRecord[];
  /** Progression, withdrawal or death: nothing is planned from that date on. */
  stops?: readonly PlanStop[];
}

export type PlannedStatus = "planned" | "given" | "skipped";

/** One administration of the plan, labelled with its protocol cycle and week. */
export interface PlannedAdministration {
  drug: string;
  cycle: number;
  /** Week of the cycle as the protocol counts it (a delay does not relabel it). */
  cycleWeek: number;
  /** Date it falls on after every recorded delay and hold. */
  date: PlainDate;
  /** Date it would have had with no delay or hold. */
  originalDate: PlainDate;
  dose: number;
  unit: string;
  route: string;
  status: PlannedStatus;
  /** When it was given (recorded) or is planned to be given (protocol's planned time, UTC). */
  at: Instant;
}

export interface PlannedVisit {
  code: string;
  label: string;
  cycle: number;
  cycleWeek: number;
  date: PlainDate;
  /** First and last day the visit is on time. */
  earliest: PlainDate;
  latest: PlainDate;
  panels: string[];
}

/** A window for drawing the pre- or post-IL-2 sample of a cycle. */
export interface SamplingWindow {
  relation: "pre" | "post";
  cycle: number;
  /** The IL-2 administration the window relates to. */
  il2At: Instant;
  opensAt: Instant;
  closesAt: Instant;
  panels: string[];
}

export interface CyclePlan {
  arm: string;
  startDate: PlainDate;
  administrations: PlannedAdministration[];
  visits: PlannedVisit[];
  samplingWindows: SamplingWindow[];
  /** The earliest stop, when one is recorded. */
  stop: PlanStop | null;
  /** The start of an open hold: nothing is planned from it until the hold ends. */
  heldFrom: PlainDate | null;
}

interface Slot {
  offset: number;
  order: number;
  cycle: number;
  week: number;
  visit?: Arm["visits"][number];
  drug?: Arm["drugs"][number];
}

/**
 * The plan of one subject: every administration with its cycle and week, every control visit
 * and every pre/post-IL-2 sampling window, recomputed from what actually happened.
 *
 * How the records move the plan (domain.md §2: the recorded events are the truth):
 * - a dose recorded `delayed` with its `scheduledDate` and the `givenAt` it was finally given
 *   moves itself to the day it was given, and every later dose and visit by the days between the
 *   two; after a delay that is not whole weeks each later dose then goes to the next of its
 *   protocol weekdays (after its drug's previous dose), so doses stay on Mon/Wed/Fri and never
 *   fall on a Sunday; a `delayed` record without `givenAt` means the new date is not known
 *   yet, so the plan stops there, as under an open hold;
 * - a hold from `from` to `to` moves everything on or after `from` by `to − from` days; an open
 *   hold stops the plan at `from`;
 * - a `skipped` dose keeps its place and is marked skipped; a `given` dose keeps its place and
 *   takes its recorded time (an early or late injection without a `delayed` status is a
 *   deviation, not a new plan);
 * - progression, withdrawal and death end the plan: nothing is planned on or after that date.
 *
 * Cycles and weeks are the protocol's labels: the plan counts cycle weeks from each cycle's own
 * start, so a delay lengthens a cycle instead of moving doses into its rest weeks.
 *
 * Complexity O(n log n) in the number of planned items.
 *
 * @example
 * const plan = planCycles(seedProtocol, { arm: "treated", startDate: "1993-02-01", cycles: 1 });
 * plan.administrations[12]; // => { drug: "il-2", cycle: 1, cycleWeek: 5, date: "1993-03-08", … }
 */
export function planCycles(protocol: Protocol, request: PlanRequest): CyclePlan {
  const arm = protocol.arms.find((candidate) => candidate.code === request.arm);
  if (!arm)
    throw new RangeError(
      `arm '${request.arm}' is not in protocol ${protocol.id}; use one of ${protocol.arms.map((a) => a.code).join(", ")}`,
    );
  const stop = earliestStop(request.stops ?? []);
  const holds = [...(request.holds ?? [])].sort((a, b) => a.from.localeCompare(b.from));
  // The first record of a drug on a day: its scheduled date, else the day it was given.
  const recordsByDay = new Map<string, AdministrationRecord>();
  for (const record of request.administrations ?? []) {
    const key = `${record.drug}|${record.scheduledDate ?? dateOfGiven(record)}`;
    if (!recordsByDay.has(key)) recordsByDay.set(key, record);
  }
  const administrations: PlannedAdministration[] = [];
  const visits: PlannedVisit[] = [];
  let shift = 0;
  let heldFrom: PlainDate | null = null;
  let holdIndex = 0;
  const lastDateOf = new Map<string, PlainDate>();
  // Days moved by delays alone (a hold moves the plan by exactly its length).
  let delayDays = 0;

  for (const slot of slotsOf(protocol, arm, request.startDate, request.cycles)) {
    let date = addDays(request.startDate, slot.offset + shift);
    while (holdIndex < holds.length && holds[holdIndex].from <= date) {
      const hold = holds[holdIndex++];
      if (!hold.to) {
        heldFrom = hold.from;
        break;
      }
      const length = Math.max(0, daysBetween(hold.from, hold.to));
      shift += length;
      date = addDays(date, length);
    }
    if (heldFrom !== null || (stop && date >= stop.date)) break;
    if (slot.visit) {
      visits.push(visitOf(slot, date));
      continue;
    }
    const drug = slot.drug!;
    // After a delay that is not whole weeks, a dose goes to the next of its weekdays (and after
    // the drug's previous dose), so that no dose lands on a day the protocol does not give it.
    if (delayDays % 7 !== 0) {
      const previous = lastDateOf.get(drug.code);
      while (
        !drug.weekdays.includes(weekdayOf(date)) ||
        (previous !== undefined && date <= previous)
      )
        date = addDays(date, 1);
      if (stop && date >= stop.date) break;
    }
    const record = recordsByDay.get(`${drug.code}|${date}`);
    if (record?.status === "delayed") {
      if (!record.givenAt) {
        heldFrom = date;
        break;
      }
      // A 'delayed' dose given on or before its date moves nothing (validateEvents flags it).
      const moved = Math.max(0, daysBetween(date, dateOfInstant(record.givenAt)));
      shift += moved;
      delayDays += moved;
      date = addDays(date, moved);
      if (stop && date >= stop.date) break;
    }
    lastDateOf.set(drug.code, date);
    administrations.push({
      drug: drug.code,
      cycle: slot.cycle,
      cycleWeek: slot.week,
      date,
      originalDate: addDays(request.startDate, slot.offset),
      dose: drug.dose,
      unit: drug.unit,
      route: drug.route,
      status: record?.status === "skipped" ? "skipped" : record ? "given" : "planned",
      at: record?.givenAt ?? instantAt(date, drug.plannedTime),
    });
  }
  return {
    arm: arm.code,
    startDate: request.startDate,
    administrations,
    visits,
    samplingWindows: samplingWindowsOf(protocol, administrations),
    stop,
    heldFrom,
  };
}

/** Every dose and visit of the protocol in order, as days from cycle 1 day 1 with no delay. */
function slotsOf(protocol: Protocol, arm: Arm, startDate: PlainDate, cycles: number): Slot[] {
  const slots: Slot[] = [];
  const length = protocol.cycle.lengthDays;
  const firstWeekday = weekdayOf(startDate);
  const dayOfWeekday = (weekday: number) => (weekday - firstWeekday + 7) % 7;
  for (let cycle = 1; cycle <= cycles; cycle++) {
    const cycleStart = (cycle - 1) * length;
    // Visits sort before the doses of their day so that a delayed dose does not move the visit.
    for (const visit of arm.visits) {
      const offset = cycleStart + 7 * (visit.cycleWeek - 1) + dayOfWeekday(visit.weekday);
      slots.push({ offset, order: 0, cycle, week: visit.cycleWeek, visit });
    }
    for (const drug of arm.drugs)
      for (const week of drug.weeks)
        for (const weekday of drug.weekdays) {
          const offset = cycleStart + 7 * (week - 1) + dayOfWeekday(weekday);
          slots.push({ offset, order: 1, cycle, week, drug });
        }
  }
  return slots.sort((a, b) => a.offset - b.offset || a.order - b.order);
}

function visitOf(slot: Slot, date: PlainDate): PlannedVisit {
  const visit = slot.visit!;
  return {
    code: visit.code,
    label: visit.label,
    cycle: slot.cycle,
    cycleWeek: slot.week,
    date,
    earliest: addDays(date, -visit.windowDays),
    latest: addDays(date, visit.windowDays),
    panels: visit.panels,
  };
}

/**
 * Pre window: from `maxDaysBefore` days before the cycle's first IL-2 dose (at midnight UTC) up
 * to that dose. Post windows: `postIl2Windows` over the doses given in each cycle (skipped doses
 * do not count), the definition the validator checks too.
 */
function samplingWindowsOf(
  protocol: Protocol,
  administrations: readonly PlannedAdministration[],
): SamplingWindow[] {
  const { il2Drug, pre, post } = protocol.sampling;
  const windows: SamplingWindow[] = [];
  const il2ByCycle = new Map<number, PlannedAdministration[]>();
  for (const administration of administrations)
    if (administration.drug === il2Drug && administration.status !== "skipped")
      il2ByCycle.set(administration.cycle, [
        ...(il2ByCycle.get(administration.cycle) ?? []),
        administration,
      ]);
  for (const [cycle, doses] of il2ByCycle) {
    const first = doses[0];
    windows.push({
      relation: "pre",
      cycle,
      il2At: first.at,
      opensAt: instantAt(addDays(dateOfInstant(first.at), -pre.maxDaysBefore), "00:00"),
      closesAt: first.at,
      panels: pre.panels,
    });
    const cycleDoses = doses.map((dose) => ({ at: dose.at, cycle }));
    for (const window of postIl2Windows(protocol, cycleDoses))
      windows.push({
        relation: "post",
        cycle,
        il2At: window.il2At,
        opensAt: window.opensAt,
        closesAt: window.closesAt,
        panels: post.panels,
      });
  }
  return windows;
}

function earliestStop(stops: readonly PlanStop[]): PlanStop | null {
  return stops.reduce<PlanStop | null>(
    (earliest, stop) => (earliest === null || stop.date < earliest.date ? stop : earliest),
    null,
  );
}

function dateOfGiven(record: AdministrationRecord): PlainDate | undefined {
  return record.givenAt ? dateOfInstant(record.givenAt) : undefined;
}
