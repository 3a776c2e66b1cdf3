import type { Random } from "@ciclo/trial";
import {
  addDays,
  daysBetween,
  type PlainDate,
  type Protocol,
  type TrialRecords,
} from "@ciclo/trial";
import { calibratedModel, type PatientModel, type SimulatedArm } from "./patient-model";
import {
  type AdverseEventRecord,
  type PatientRecords,
  patientRecords,
  type VisitRecord,
} from "./patient-records";
import { drawVirtualPatient } from "./virtual-patient";

export interface CohortSpec {
  treated: number;
  controls: number;
  /** Site codes; subjects are spread over them in turn. */
  sites: readonly string[];
  /** Hormone therapy starts uniformly between these dates (the pilot accrued 1992–2001). */
  accrualFrom?: PlainDate;
  accrualTo?: PlainDate;
  /** Nothing after this date is recorded. */
  dataCut?: PlainDate;
  /** False: subjects, progressions and follow-up only (fast; enough for PFS and OS). */
  trajectories?: boolean;
  model?: PatientModel;
  /** Called after each patient, e.g. to move a progress bar. */
  onPatient?: (done: number, total: number) => void;
}

/** A simulated cohort: the trial's records plus the visits and adverse events a site enters. */
export interface SimulatedCohort extends TrialRecords {
  subjects: PatientRecords["subject"][];
  visits: VisitRecord[];
  adverseEvents: AdverseEventRecord[];
  withdrawals: PatientRecords["withdrawals"];
  responseAssessments: PatientRecords["responseAssessments"];
}

/**
 * Simulates a cohort of the pilot: `treated` patients on anti-estrogen + IFN-β/IL-2 (entered in
 * clinical benefit) and `controls` on the anti-estrogen alone, each with every record a site
 * would hold at the data cut. Each patient draws from her own stream split off `rng`, so a
 * patient's records do not depend on how many draws an earlier patient used, and the same
 * seed gives the same cohort.
 *
 * @example
 * const cohort = simulateCohort(seedProtocol, { treated: 42, controls: 95, sites: ["PI", "FI", "SI"] }, seededRandom(1));
 * cohort.subjects.length; // => 137
 */
export function simulateCohort(protocol: Protocol, spec: CohortSpec, rng: Random): SimulatedCohort {
  const {
    accrualFrom = "1992-01-01",
    accrualTo = "2001-12-31",
    dataCut = "2012-12-31",
    trajectories = true,
    model = calibratedModel,
  } = spec;
  const cohort: SimulatedCohort = {
    subjects: [],
    administrations: [],
    labResults: [],
    progressions: [],
    responseAssessments: [],
    followUps: [],
    visits: [],
    adverseEvents: [],
    withdrawals: [],
  };
  const arms: SimulatedArm[] = [
    ...Array<SimulatedArm>(spec.treated).fill("treated"),
    ...Array<SimulatedArm>(spec.controls).fill("control"),
  ];
  const accrualDays = daysBetween(accrualFrom, accrualTo);
  const counters = new Map<string, number>();
  for (const [index, arm] of arms.entries()) {
    const own = rng.split();
    const site = spec.sites[index % spec.sites.length];
    const key = `${site}-${arm === "treated" ? "T" : "C"}`;
    const number = (counters.get(key) ?? 0) + 1;
    counters.set(key, number);
    const start = addDays(accrualFrom, Math.floor(own.uniform() * accrualDays));
    const patient = drawVirtualPatient(model, arm, own, start);
    const records = patientRecords(protocol, model, patient, own, {
      subjectId: `${key}${String(number).padStart(3, "0")}`,
      siteCode: site,
      dataCut,
      trajectories,
    });
    cohort.subjects.push(records.subject);
    for (const kind of [
      "administrations",
      "labResults",
      "progressions",
      "responseAssessments",
      "followUps",
      "visits",
      "adverseEvents",
      "withdrawals",
    ] as const) {
      for (const record of records[kind]) (cohort[kind] as unknown[]).push(record);
    }
    spec.onPatient?.(index + 1, arms.length);
  }
  return cohort;
}
