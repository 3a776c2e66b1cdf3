import { addDays, dateOfInstant, daysBetween, type PlainDate, weekdayOf } from "./plain-date";
import type { Drug, Protocol, Weekday } from "./protocol";

/** A recorded administration, as captured: the truth the plan is recomputed from. */
export interface AdministrationRecord {
  drug: "ifn-beta" | "il-2" | "anti-estrogen";
  scheduledDate?: PlainDate | null;
  givenAt?: string | null;
  status: "given" | "skipped" | "delayed";
  reason?: string | null;
}

export interface PlannedDose {
  drug: Drug["code"];
  cycle: number;
  /** Week within the cycle, counted from the cycle's (possibly delayed) day 1. */
  week: number;
  /** Planned date, after the delays recorded before it. */
  date: PlainDate;
  /** What happened: `planned` until something is recorded. */
  status: "planned" | "given" | "skipped" | "delayed";
  givenOn?: PlainDate;
}

export interface SamplingWindow {
  kind: "pre-il2" | "post-il2";
  cycle: number;
  /** First and last calendar day (inclusive) on which the draw fits the rule. */
  from: PlainDate;
  to: PlainDate;
  /** For post-IL-2 windows: the hours after the dose that bound the draw. */
  hoursAfterDose?: [number, number];
  /** For post-IL-2 windows: the date of the IL-2 dose the window follows. */
  doseDate?: PlainDate;
}

export interface ControlVisit {
  cycle: number;
  date: PlainDate;
  windowDays: number;
}

export interface CyclePlan {
  administrations: PlannedDose[];
  samplingWindows: SamplingWindow[];
  controlVisits: ControlVisit[];
  /** Days by which recorded delays have pushed the plan back, in total. */
  delayDays: number;
  stopped?: { date: PlainDate; reason: string };
}

export interface PlanRequest {
  /** Cycle 1 day 1 (the first IFN-β dose in the treated arm). */
  startDate: PlainDate;
  /** Arm code from the protocol; an arm without immunotherapy gets visits only. */
  arm: string;
  cycles: number;
  recorded?: AdministrationRecord[];
  /** Progression, withdrawal or death: nothing is planned from this date on. */
  stop?: { date: PlainDate; reason: string };
}

const weekdayNumbers: Record<Weekday, number> = {
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  sun: 7,
};

/**
 * Lays out a patient's cycles: every cytokine dose with its cycle and week, the pre-IL-2 and
 * post-IL-2 sampling windows, and the control visits.
 *
 * The recorded administrations are the truth and the calendar only the plan. Doses are matched
 * to the plan in order per drug. A dose given late but before the next planned dose moves nothing
 * else; a dose given on or after the day of the next planned dose pushes the rest of the plan
 * back by whole weeks, so that weekdays stay those of the protocol, no drug is given twice on one
 * day, and the rest weeks stay free of cytokines. A stop (progression, withdrawal, death) ends the
 * plan. Complexity O(doses).
 *
 * @example
 * planCycles(seedProtocol, { startDate: "2024-01-01", arm: "treated", cycles: 1 }).administrations[12];
 * // => { drug: "il-2", cycle: 1, week: 5, date: "2024-01-29", status: "planned" }
 */
export function planCycles(protocol: Protocol, request: PlanRequest): CyclePlan {
  const arm = protocol.arms.find((each) => each.code === request.arm);
  if (!arm) {
    throw new RangeError(
      `arm '${request.arm}' is not in the protocol; use ${protocol.arms.map((a) => a.code).join(" or ")}`,
    );
  }
  const cycleDays = protocol.cycle.lengthWeeks * 7;
  const recordedByDrug = groupRecorded(request.recorded ?? []);
  const taken = new Map<string, number>();
  const plan: CyclePlan = {
    administrations: [],
    samplingWindows: [],
    controlVisits: [],
    delayDays: 0,
  };
  for (let cycle = 1; cycle <= request.cycles; cycle++) {
    const cycleStart = addDays(request.startDate, (cycle - 1) * cycleDays + plan.delayDays);
    if (isStopped(request, cycleStart)) break;
    plan.controlVisits.push(...visitsOf(protocol, cycle, cycleStart, request));
    if (!arm.immunotherapy) continue;
    const slots = protocol.drugs
      .flatMap((drug) => slotsOf(drug, cycleStart))
      .sort((a, b) => a.offset - b.offset || a.drug.localeCompare(b.drug));
    const cycleShift = plan.delayDays;
    for (const [index, slot] of slots.entries()) {
      const date = addDays(cycleStart, slot.offset + plan.delayDays - cycleShift);
      if (isStopped(request, date)) break;
      const used = taken.get(slot.drug) ?? 0;
      const record = recordedByDrug.get(slot.drug)?.[used];
      taken.set(slot.drug, used + 1);
      const dose = doseOf(slot, cycle, date, record);
      plan.administrations.push(dose);
      const next = slots[index + 1];
      if (dose.givenOn && next) {
        const nextDate = addDays(cycleStart, next.offset + plan.delayDays - cycleShift);
        const lateBy = daysBetween(nextDate, dose.givenOn);
        if (lateBy >= 0) plan.delayDays += 7 * Math.ceil((lateBy + 1) / 7);
      }
    }
    plan.samplingWindows.push(...windowsOf(protocol, cycle, plan.administrations));
  }
  if (request.stop) plan.stopped = request.stop;
  return plan;
}

function isStopped(request: PlanRequest, date: PlainDate): boolean {
  return request.stop !== undefined && date >= request.stop.date;
}

function groupRecorded(recorded: AdministrationRecord[]) {
  const byDrug = new Map<string, AdministrationRecord[]>();
  const ordered = [...recorded].sort((a, b) =>
    (a.scheduledDate ?? a.givenAt ?? "").localeCompare(b.scheduledDate ?? b.givenAt ?? ""),
  );
  for (const record of ordered) {
    if (record.drug === "anti-estrogen") continue;
    byDrug.set(record.drug, [...(byDrug.get(record.drug) ?? []), record]);
  }
  return byDrug;
}

interface Slot {
  drug: Drug["code"];
  week: number;
  /** Days from cycle day 1. */
  offset: number;
}

function slotsOf(drug: Drug, cycleStart: PlainDate): Slot[] {
  const startWeekday = weekdayOf(cycleStart);
  const slots: Slot[] = [];
  for (let week = drug.weeks[0]; week <= drug.weeks[1]; week++) {
    for (const day of drug.weekdays) {
      const offsetInWeek = (weekdayNumbers[day] - startWeekday + 7) % 7;
      slots.push({ drug: drug.code, week, offset: (week - 1) * 7 + offsetInWeek });
    }
  }
  return slots;
}

function doseOf(
  slot: Slot,
  cycle: number,
  date: PlainDate,
  record?: AdministrationRecord,
): PlannedDose {
  const dose: PlannedDose = { drug: slot.drug, cycle, week: slot.week, date, status: "planned" };
  if (!record) return dose;
  dose.status = record.status;
  if (record.givenAt && record.status !== "skipped") dose.givenOn = dateOfInstant(record.givenAt);
  return dose;
}

function visitsOf(
  protocol: Protocol,
  cycle: number,
  cycleStart: PlainDate,
  request: PlanRequest,
): ControlVisit[] {
  const visits: ControlVisit[] = [];
  for (let week = 0; week < protocol.cycle.lengthWeeks; week += protocol.controlVisits.everyWeeks) {
    const date = addDays(cycleStart, week * 7);
    if (!isStopped(request, date))
      visits.push({ cycle, date, windowDays: protocol.controlVisits.windowDays });
  }
  return visits;
}

/** The pre-IL-2 window before the cycle's first IL-2 dose, and the post window after it. */
function windowsOf(protocol: Protocol, cycle: number, doses: PlannedDose[]): SamplingWindow[] {
  const firstIl2 = doses.find(
    (dose) => dose.cycle === cycle && dose.drug === "il-2" && dose.status !== "skipped",
  );
  if (!firstIl2) return [];
  const doseDate = firstIl2.givenOn ?? firstIl2.date;
  const { minHours, maxHours } = protocol.sampling.postIl2;
  return [
    {
      kind: "pre-il2",
      cycle,
      from: addDays(doseDate, -protocol.sampling.preIl2.daysBefore),
      to: doseDate,
    },
    {
      kind: "post-il2",
      cycle,
      from: addDays(doseDate, Math.floor(minHours / 24)),
      to: addDays(doseDate, Math.floor(maxHours / 24)),
      hoursAfterDose: [minHours, maxHours],
      doseDate,
    },
  ];
}

export interface DueItems {
  due: PlannedDose[];
  overdue: PlannedDose[];
  visitsDue: ControlVisit[];
  windowsOpen: SamplingWindow[];
}

/**
 * What is due on a date and what is overdue: planned doses of that day, planned doses of earlier
 * days with nothing recorded, control visits whose window contains the date, and open sampling
 * windows.
 */
export function dueOn(plan: CyclePlan, date: PlainDate): DueItems {
  return {
    due: plan.administrations.filter((dose) => dose.status === "planned" && dose.date === date),
    overdue: plan.administrations.filter((dose) => dose.status === "planned" && dose.date < date),
    visitsDue: plan.controlVisits.filter(
      (visit) => Math.abs(daysBetween(visit.date, date)) <= visit.windowDays,
    ),
    windowsOpen: plan.samplingWindows.filter((window) => window.from <= date && date <= window.to),
  };
}
