import type { Random } from "@ciclo/trial";
import {
  type AdministrationRecord,
  addDays,
  addHours,
  analytes,
  dateOfInstant,
  daysBetween,
  type FollowUpRecord,
  instantAt,
  type LabResultRecord,
  type PlainDate,
  type PlannedAdministration,
  type PlanStop,
  type ProgressionRecord,
  type Protocol,
  planCycles,
  type ResponseAssessmentRecord,
  type SampleRelation,
  type SubjectRecord,
  type WithdrawalRecord,
  weekdayOf,
} from "@ciclo/trial";
import type { PatientModel } from "./patient-model";
import { responseAssessments } from "./response-assessments";
import { dateOfPatientDay, type VirtualPatient } from "./virtual-patient";

/** A visit as the store's `visits` import reads it. */
export interface VisitRecord {
  subjectId: string;
  visitDate: PlainDate;
  kind: string;
}

/** An adverse event as the store's `adverse-events` import reads it (CTCAE v5). */
export interface AdverseEventRecord {
  subjectId: string;
  term: string;
  grade: number;
  onsetDate: PlainDate;
  resolutionDate: PlainDate | null;
  serious: boolean;
  relationIfn: "possible" | "probable" | null;
  relationIl2: "possible" | "probable" | null;
}

/** Everything recorded about one virtual patient. */
export interface PatientRecords {
  subject: SubjectRecord & { status: "active" | "progressed" | "withdrawn" | "dead" };
  administrations: AdministrationRecord[];
  visits: VisitRecord[];
  labResults: LabResultRecord[];
  progressions: ProgressionRecord[];
  /** RECIST 1.1 assessments with their lesions (the store's response-assessments and lesions). */
  responseAssessments: ResponseAssessmentRecord[];
  followUps: FollowUpRecord[];
  withdrawals: WithdrawalRecord[];
  adverseEvents: AdverseEventRecord[];
}

export interface PatientRecordsOptions {
  subjectId: string;
  siteCode: string;
  /** The data cut: nothing after it is recorded. */
  dataCut: PlainDate;
  /** False: only the subject, progression, withdrawal and follow-up (the times-only path). */
  trajectories: boolean;
}

const drawTime = "08:00";

/** The flow-cytometry gating recorded with the cell counts that need one (domain.md §3). */
const gatings: Record<string, string> = { TREG: "CD4+CD25+", NK: "CD16+CD56+" };

/**
 * Turns a virtual patient into the records a site would have entered by the data cut:
 * the subject, her administrations (scheduled by the protocol engine, with skips and one-week
 * delays that the engine then recomputes the plan from), visits, draws with marker, immune and
 * cytokine results, adverse events, progression, withdrawal and the last follow-up contact.
 *
 * @example
 * const records = patientRecords(seedProtocol, calibratedModel, patient, seededRandom(2), {
 *   subjectId: "PI-T001", siteCode: "PI", dataCut: "2012-12-31", trajectories: true });
 * records.progressions[0]?.method; // => "imaging"
 */
export function patientRecords(
  protocol: Protocol,
  model: PatientModel,
  patient: VirtualPatient,
  rng: Random,
  options: PatientRecordsOptions,
): PatientRecords {
  const { subjectId, siteCode } = options;
  const day = (date: PlainDate) => daysBetween(patient.hormoneTherapyStart, date);
  const cutDay = day(options.dataCut);
  const lastContactDay = Math.min(patient.deathDay, patient.lossDay, cutDay);
  const progressed = patient.progressionDay <= lastContactDay;
  const died = patient.deathDay <= Math.min(patient.lossDay, cutDay);
  const withdrawn = patient.withdrawalDay < Math.min(patient.progressionDay, lastContactDay);
  const date = (d: number) => dateOfPatientDay(patient, d);
  const entryDate = date(patient.entryDay);
  // The first IFN-β dose falls on the first protocol weekday on or after entry: cycle 1 day 1
  // is that dose (planCycles), so the subject's first_ifn_date is its date, not the entry day.
  const firstCytokine = protocol.arms
    .find((arm) => arm.code === patient.arm)
    ?.drugs.find((drug) => drug.role === "cytokine" && drug.weeks.includes(1));
  let cycleOneDayOne = entryDate;
  if (firstCytokine)
    while (!firstCytokine.weekdays.includes(weekdayOf(cycleOneDayOne)))
      cycleOneDayOne = addDays(cycleOneDayOne, 1);

  const subject: PatientRecords["subject"] = {
    subjectId,
    arm: patient.arm,
    siteId: siteCode,
    pseudonym: subjectId,
    yearOfBirth: Number(entryDate.slice(0, 4)) - patient.age,
    menopausalStatus: patient.age >= 52 ? "post" : "pre",
    erStatus: "positive",
    pgrStatus: patient.pgrStatus,
    her2Status: patient.her2Status,
    dfiMonths: patient.dfiMonths,
    boneMetastases: patient.bone,
    softTissueMetastases: patient.softTissue,
    visceralMetastases: patient.visceral,
    metastaticSiteCount: patient.siteCount,
    primaryDiagnosisDate: date(-Math.round((patient.dfiMonths * 365.25) / 12) - 30),
    metastasisMarkerDate: null,
    metastasisImagingDate: null,
    hormoneTherapyStart: patient.hormoneTherapyStart,
    hormoneTherapyAgent: patient.agent,
    biologicalTherapy: patient.biologicalTherapy,
    clinicalBenefitDate:
      patient.clinicalBenefitDay !== null ? date(patient.clinicalBenefitDay) : null,
    firstIfnDate: patient.arm === "treated" ? cycleOneDayOne : null,
    enrolmentDate: entryDate,
    status: died ? "dead" : progressed ? "progressed" : withdrawn ? "withdrawn" : "active",
  };
  const progressions: ProgressionRecord[] = progressed
    ? [
        {
          subjectId,
          progressedOn: date(patient.progressionDay),
          method: rng.bernoulli(0.9) ? "imaging" : "clinical",
        },
      ]
    : [];
  const withdrawals: WithdrawalRecord[] = withdrawn
    ? [{ subjectId, withdrawnOn: date(patient.withdrawalDay), reason: "patient's choice" }]
    : [];
  const followUps: FollowUpRecord[] = [
    {
      subjectId,
      contactDate: date(lastContactDay),
      vitalStatus: died ? "dead" : patient.lossDay < cutDay ? "lost" : "alive",
      deathDate: died ? date(patient.deathDay) : null,
      deathCause: died ? "breast cancer" : null,
    },
  ];
  const records: PatientRecords = {
    subject,
    administrations: [],
    visits: [],
    labResults: [],
    progressions,
    responseAssessments: [],
    followUps,
    withdrawals,
    adverseEvents: [],
  };
  // Imaging confirms the metastases 1 to 8 weeks before hormone therapy starts, and the marker
  // signal comes 1 to 4 weeks before the imaging: a fixed interval would make the metastatic
  // diagnosis a copy of the hormone-therapy origin, and an origin sensitivity analysis empty.
  // Drawn last of the subject's dates, so that the times drawn before stay as they were.
  const imagingDay = -rng.integer(7, 56);
  subject.metastasisImagingDate = date(imagingDay);
  subject.metastasisMarkerDate = date(imagingDay - rng.integer(7, 28));
  if (!options.trajectories) return records;

  const stops: PlanStop[] = [{ reason: "death", date: date(lastContactDay) }];
  if (progressed) stops.push({ reason: "progression", date: date(patient.progressionDay) });
  if (withdrawn) stops.push({ reason: "withdrawal", date: date(patient.withdrawalDay) });
  const stopDay = Math.min(lastContactDay, patient.progressionDay, patient.withdrawalDay);
  const cycles = Math.max(
    1,
    Math.ceil((stopDay - patient.entryDay) / protocol.cycle.lengthDays) + 1,
  );
  const schedule = administer(protocol, model, rng, {
    subjectId,
    arm: patient.arm,
    startDate: cycleOneDayOne,
    cycles,
    stops,
  });
  records.administrations = schedule.administrations;
  // A first dose the schedule delayed or skipped moves the first IFN-β date to the dose given.
  const firstGiven = schedule.administrations
    .filter((a) => a.drug === firstCytokine?.code && a.status === "given" && a.givenAt)
    .map((a) => dateOfInstant(a.givenAt as string))
    .sort()[0];
  if (patient.arm === "treated" && firstGiven) subject.firstIfnDate = firstGiven;
  records.adverseEvents = adverseEvents(model, rng, subjectId, schedule.administrations);
  records.visits = schedule.visits.map((visit) => ({
    subjectId,
    visitDate: visit.date,
    kind: "control",
  }));

  const draws: Draw[] = schedule.visits.map((visit) => ({
    at: instantAt(visit.date, drawTime),
    relation: "routine",
    cycle: visit.cycle,
    panels: ["markers", "immune"],
  }));
  for (const window of schedule.samplingWindows) {
    const at =
      window.relation === "pre"
        ? addHours(window.il2At, -1)
        : // Within the protocol's 24–72 h, but before the next IL-2 dose (48 h later) so that
          // the sample relates to one dose.
          addHours(window.il2At, rng.integer(24, 46));
    draws.push({ at, relation: window.relation, cycle: window.cycle, panels: window.panels });
  }
  if (progressed) {
    draws.push({
      at: instantAt(date(patient.progressionDay), drawTime),
      relation: "routine",
      panels: ["markers", "immune"],
    });
    const after = patient.progressionDay + 28;
    if (after < lastContactDay)
      draws.push({
        at: instantAt(date(after), drawTime),
        relation: "routine",
        panels: ["markers"],
      });
    // Survival follow-up of treated patients keeps drawing the immune panel once a cycle length
    // (the immune study timed Treg increases well past progression: 45.5 months in long
    // survivors against a median PFS of about 27 months from the first IFN-β dose).
    if (patient.arm === "treated")
      for (
        let d = patient.progressionDay + protocol.cycle.lengthDays;
        d < lastContactDay;
        d += protocol.cycle.lengthDays
      )
        draws.push({ at: instantAt(date(d), drawTime), relation: "routine", panels: ["immune"] });
  }
  records.responseAssessments = responseAssessments(protocol, model, patient, rng, {
    subjectId,
    untilDay: lastContactDay,
    date,
  });
  const trajectory = patientTrajectory(protocol, model, patient, rng);
  const seen = new Set<string>();
  for (const draw of draws.sort((a, b) => a.at.localeCompare(b.at))) {
    if (seen.has(draw.at)) continue;
    seen.add(draw.at);
    const drawDay = day(draw.at.slice(0, 10));
    for (const result of trajectory(drawDay, draw.relation, draw.panels)) {
      records.labResults.push({
        subjectId,
        drawnAt: draw.at,
        relation: draw.relation,
        cycle: draw.cycle ?? null,
        analyte: result.analyte,
        gating: gatings[result.analyte] ?? null,
        value: result.value,
        unit: analytes[result.analyte].unit,
        belowLimit: result.belowLimit ? true : null,
        siteId: siteCode,
      });
    }
  }
  return records;
}

interface Draw {
  at: string;
  relation: SampleRelation;
  cycle?: number;
  panels: readonly string[];
}

interface Schedule {
  administrations: AdministrationRecord[];
  visits: { date: PlainDate; cycle: number }[];
  samplingWindows: ReturnType<typeof planCycles>["samplingWindows"];
}

/**
 * Walks the protocol's plan dose by dose: a dose is given at its planned time, skipped, or (the
 * first dose of a cycle) delayed by a week, after which the protocol engine recomputes the plan
 * from the records so far, exactly as it does for a site.
 */
function administer(
  protocol: Protocol,
  model: PatientModel,
  rng: Random,
  request: {
    subjectId: string;
    arm: string;
    startDate: PlainDate;
    cycles: number;
    stops: PlanStop[];
  },
): Schedule {
  const { subjectId } = request;
  const records: AdministrationRecord[] = [];
  // Only delays move the plan; passing just them keeps each recomputation linear.
  const delays: AdministrationRecord[] = [];
  const replan = () => planCycles(protocol, { ...request, administrations: delays });
  let plan = replan();
  const delayedCycles = new Set<number>();
  const skippedAt = new Set<string>();
  let previousCycle = 1;
  for (let i = 0; i < plan.administrations.length; i++) {
    const dose = plan.administrations[i];
    if (dose.status !== "planned") continue;
    const firstOfCycle = dose.cycle !== previousCycle;
    previousCycle = dose.cycle;
    const record = (
      scheduledDate: string,
      givenAt: string | null,
      status: AdministrationRecord["status"],
      reason?: string,
    ) => administrationRecord(subjectId, dose, { scheduledDate, givenAt, status, reason });
    if (
      firstOfCycle &&
      !delayedCycles.has(dose.cycle) &&
      rng.bernoulli(model.administration.delayPerCycle)
    ) {
      delayedCycles.add(dose.cycle);
      const givenAt = instantAt(addDays(dose.date, 7), dose.at.slice(11, 16));
      const reason = rng.pick(["flu-like symptoms", "patient's holiday", "intercurrent infection"]);
      const delay = record(dose.date, givenAt, "delayed", reason);
      records.push(delay);
      delays.push(delay);
      plan = replan();
      const moved = plan.administrations[i];
      if (!moved) break;
      records.push(record(moved.date, moved.at, "given"));
      continue;
    }
    if (rng.bernoulli(model.administration.skip)) {
      skippedAt.add(dose.at);
      const reason = rng.pick(["fever", "patient's request", "missed appointment"]);
      records.push(record(dose.date, null, "skipped", reason));
    } else {
      records.push(record(dose.date, dose.at, "given"));
    }
  }
  return {
    administrations: records,
    visits: plan.visits.map((visit) => ({ date: visit.date, cycle: visit.cycle })),
    // A post-IL-2 sample after a skipped dose is not drawn.
    samplingWindows: plan.samplingWindows.filter(
      (window) => !(window.relation === "post" && skippedAt.has(window.il2At)),
    ),
  };
}

/** Flu-like symptoms in IFN-β weeks, fever and injection-site reactions in IL-2 weeks. */
/**
 * One administration record, every field written in one literal of one shape (a missing reason
 * is undefined, which a record's JSON and CSV leave out as if absent). Records built by
 * spreading a shared base take several shapes that V8 reads many times slower, and the
 * analyses and the data snapshot hash read a million of them at 10,000 patients.
 */
function administrationRecord(
  subjectId: string,
  dose: PlannedAdministration,
  given: Pick<AdministrationRecord, "scheduledDate" | "givenAt" | "status" | "reason">,
): AdministrationRecord {
  return {
    subjectId,
    drug: dose.drug,
    dose: dose.dose,
    unit: dose.unit,
    route: dose.route,
    cycle: dose.cycle,
    week: dose.cycleWeek,
    scheduledDate: given.scheduledDate,
    givenAt: given.givenAt,
    status: given.status,
    reason: given.reason,
  };
}

function adverseEvents(
  model: PatientModel,
  rng: Random,
  subjectId: string,
  administrations: readonly AdministrationRecord[],
): AdverseEventRecord[] {
  const events: AdverseEventRecord[] = [];
  const byCycle = new Map<string, AdministrationRecord[]>();
  for (const dose of administrations) {
    if (dose.status !== "given" || !dose.givenAt) continue;
    const key = `${dose.cycle}:${dose.drug}`;
    byCycle.set(key, [...(byCycle.get(key) ?? []), dose]);
  }
  for (const [key, doses] of byCycle) {
    const drug = key.split(":")[1];
    for (const kind of model.adverseEvents) {
      if (kind.drug !== drug || !rng.bernoulli(kind.perCycle)) continue;
      const onsetDate = rng.pick(doses).givenAt!.slice(0, 10);
      const u = rng.uniform();
      const grade = u < kind.grades[0] ? 1 : u < kind.grades[0] + kind.grades[1] ? 2 : 3;
      const relation = grade >= 2 ? "probable" : "possible";
      events.push({
        subjectId,
        term: kind.term,
        grade,
        onsetDate,
        resolutionDate: addDays(onsetDate, rng.integer(...kind.durationDays)),
        serious: grade >= 3 && rng.bernoulli(0.3),
        relationIfn: drug === "ifn-beta" ? relation : null,
        relationIl2: drug === "il-2" ? relation : null,
      });
    }
  }
  // Two events of one term starting the same day are one event.
  const seen = new Set<string>();
  return events.filter((event) => {
    const key = `${event.term}:${event.onsetDate}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

interface DrawnValue {
  analyte: string;
  value: number | null;
  belowLimit: boolean;
}

/**
 * The patient's latent levels as a function of the day and the draw's relation to IL-2, with
 * each draw's within-person variation added. Patient-level baselines are drawn once here.
 */
function patientTrajectory(
  protocol: Protocol,
  model: PatientModel,
  patient: VirtualPatient,
  rng: Random,
): (day: number, relation: SampleRelation, panels: readonly string[]) => DrawnValue[] {
  const m = model.markers;
  const cutoffs = new Map(
    protocol.markers.cutoffs.map((cutoff) => [cutoff.analyte, cutoff.value] as const),
  );
  const markerBase = new Map(
    Object.entries(m.baselineMedian).map(([analyte, median]) => [
      analyte,
      rng.logNormal(median, m.baselineSdLog),
    ]),
  );
  const immune = model.immune;
  const immuneBase = new Map(
    Object.entries(immune.median).map(([analyte, median]) => [
      analyte,
      rng.logNormal(median, immune.betweenSdLog),
    ]),
  );
  const cytokineBase = new Map(
    Object.entries(model.cytokines).map(([analyte, c]) => [
      analyte,
      rng.logNormal(c.median, c.sdLog / 2),
    ]),
  );
  const treated = patient.arm === "treated";
  return (day, relation, panels) => {
    const values: DrawnValue[] = [];
    const inBenefit = day >= patient.entryDay && day < patient.progressionDay - 60;
    if (panels.includes("markers")) {
      for (const [analyte, base] of markerBase) {
        const cutoff = cutoffs.get(analyte) ?? base * 2;
        const sinceEntry = Math.max(0, day - patient.entryDay);
        const fallen =
          base *
          (1 - m.fallDuringBenefit) ** Math.min(1, sinceEntry / ((m.fallMonths * 365.25) / 12));
        const cross = patient.markerCrossDays[analyte];
        let level = fallen;
        let rising = false;
        if (cross !== null && cross !== undefined) {
          const rate =
            Math.log(m.atProgressionTimesCutoff) / Math.max(30, patient.progressionDay - cross);
          const risen = cutoff * Math.exp(rate * (day - cross));
          if (risen > fallen) {
            level = risen;
            rising = true;
          }
        }
        if (treated && relation === "post")
          level *= rising ? m.postIl2AtProgression : m.postIl2InBenefit;
        const cv = level > cutoff ? m.cv[analyte].above : m.cv[analyte].below;
        values.push({ analyte, value: round(rng.logNormal(level, cv), 2), belowLimit: false });
      }
    }
    if (!panels.includes("immune")) return values;
    for (const [analyte, base] of immuneBase) {
      let level = base;
      if (analyte === "TREG") {
        const since = day - patient.tregRiseDay;
        if (since > 0)
          level *= Math.min(
            model.treg.riseTimesBaseline,
            Math.exp((Math.log(model.treg.riseTimesBaseline) * since) / 30),
          );
      } else if (treated && inBenefit) level *= immune.stimulationInBenefit;
      else if (day >= patient.progressionDay) level *= immune.declineAtProgression;
      const digits = analyte === "LYMPHOCYTES" ? 2 : 0;
      values.push({
        analyte,
        value: round(rng.logNormal(level, immune.cv), digits),
        belowLimit: false,
      });
    }
    for (const [analyte, base] of cytokineBase) {
      const c = model.cytokines[analyte];
      const stimulated = treated && inBenefit && (analyte === "IL-12" || analyte === "IFN-G");
      const value = rng.logNormal(base * (stimulated ? 1.4 : 1), c.sdLog);
      values.push(
        value < c.limit
          ? { analyte, value: null, belowLimit: true }
          : { analyte, value: round(value, 1), belowLimit: false },
      );
    }
    const crp = rng.logNormal(inBenefit ? 4 : 3, 0.8);
    values.push({ analyte: "CRP", value: round(crp, 1), belowLimit: false });
    return values;
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
