import {
  addDays,
  daysPerMonth,
  maxDfiMonths,
  type PlainDate,
  type Random,
  type ReceptorStatus,
} from "@ciclo/trial";
import type { PatientModel, SimulatedArm } from "./patient-model";

/**
 * One patient as the model draws her before anything is recorded: baseline factors and the
 * latent times (days from the start of first-line hormone therapy) that the records follow.
 */
export interface VirtualPatient {
  arm: SimulatedArm;
  age: number;
  dfiMonths: number;
  pgrStatus: ReceptorStatus;
  her2Status: ReceptorStatus;
  bone: boolean;
  softTissue: boolean;
  visceral: boolean;
  siteCount: number;
  agent: string;
  biologicalTherapy: boolean;
  hormoneTherapyStart: PlainDate;
  /** Days to clinical benefit and to the first IFN-β dose (treated; controls enter at 0). */
  clinicalBenefitDay: number | null;
  entryDay: number;
  progressionDay: number;
  deathDay: number;
  /** Loss to follow-up, and withdrawal from the cytokines (Infinity when it does not happen). */
  lossDay: number;
  withdrawalDay: number;
  /** Per marker: the day it crosses its cut-off on the way up, or null when it never rises. */
  markerCrossDays: Record<string, number | null>;
  /** Day the Treg count starts to rise (treated: drawn from her survival; controls: before progression). */
  tregRiseDay: number;
}

/**
 * Draws one patient of an arm whose hormone therapy starts on `hormoneTherapyStart`.
 * Progression is Weibull with proportional covariate effects, exp(−(t/scale)^shape · HR); for
 * treated patients it is the time after entry (they had to be in clinical benefit to enter).
 * Death follows progression after a second Weibull time with a share of the same effects.
 *
 * @example
 * const patient = drawVirtualPatient(calibratedModel, "treated", seededRandom(1), "1995-03-01");
 * patient.progressionDay > patient.entryDay; // => true
 */
export function drawVirtualPatient(
  model: PatientModel,
  arm: SimulatedArm,
  rng: Random,
  hormoneTherapyStart: PlainDate,
): VirtualPatient {
  const b = model.baseline;
  const age = Math.min(85, Math.max(35, Math.round(b.ageMean + b.ageSd * rng.normal())));
  const dfiMonths = drawDfiMonths(rng, b.dfiMedianMonths, b.dfiSdLog, age);
  const pgrStatus: ReceptorStatus = rng.bernoulli(b.pgrPositive) ? "positive" : "negative";
  const her2Draw = rng.uniform();
  const her2Status: ReceptorStatus =
    her2Draw < b.her2Positive
      ? "positive"
      : her2Draw < b.her2Positive + b.her2Unknown
        ? "unknown"
        : "negative";
  const visceral = rng.bernoulli(b.visceral);
  let bone = rng.bernoulli(b.bone);
  const softTissue = rng.bernoulli(b.softTissue);
  if (!bone && !softTissue && !visceral) bone = true;
  const siteCount = Number(bone) + Number(softTissue) + Number(visceral) * rng.integer(1, 2);
  const agent = weightedPick(rng, arm === "treated" ? b.treatedAgents : b.controlAgents);
  const biologicalTherapy = arm === "control" && rng.bernoulli(b.controlBiologicalTherapy);

  const hr = model.hazardRatios;
  const logHazard =
    Number(visceral) * Math.log(hr.visceral) +
    Number(dfiMonths < 24) * Math.log(hr.shortDfi) +
    Number(pgrStatus === "negative") * Math.log(hr.pgrNegative) +
    Number(her2Status === "positive") * Math.log(hr.her2Positive) +
    Number(biologicalTherapy) * Math.log(hr.biologicalTherapy);
  // A shared frailty makes a slow disease slow both before and after progression, so that
  // long survivors are mostly long responders (as the Treg figures imply).
  const frailty = model.frailtySdLog * rng.normal();
  const days = (months: number) => Math.max(1, Math.round(months * daysPerMonth));

  const entry = model.entry;
  const clinicalBenefitMonths =
    arm === "treated" ? entry.clinicalBenefitMonths + rng.uniform() * 0.5 : null;
  const entryMonths =
    arm === "treated" && clinicalBenefitMonths !== null
      ? clinicalBenefitMonths +
        entry.firstIfnDelayMonths[0] +
        rng.uniform() * (entry.firstIfnDelayMonths[1] - entry.firstIfnDelayMonths[0])
      : 0;
  const progression = model.progression[arm];
  const progressionMonths =
    entryMonths +
    weibullWithHazardRatio(rng, progression.shape, progression.scale, logHazard + frailty);
  const post = model.postProgression[arm];
  const postMonths = weibullWithHazardRatio(
    rng,
    post.shape,
    post.scale,
    logHazard * model.postProgressionEffectShare + frailty,
  );
  const entryDay = days(entryMonths) * Number(entryMonths > 0);
  const progressionDay = Math.max(entryDay + 1, days(progressionMonths));
  const deathDay = progressionDay + days(postMonths);
  const lossDay = entryDay + days(rng.exponential(model.dropout.lossMeanYears * 12));
  const withdrawalDay =
    arm === "treated" && rng.bernoulli(model.dropout.treatedWithdrawal)
      ? entryDay + Math.round(rng.uniform() * (progressionDay - entryDay))
      : Number.POSITIVE_INFINITY;

  const m = model.markers;
  const markerCrossDays: Record<string, number | null> = {};
  for (const analyte of Object.keys(m.baselineMedian)) {
    const lead = rng.gamma(m.leadShape[arm], m.leadMeanMonths[arm] / m.leadShape[arm]);
    markerCrossDays[analyte] = rng.bernoulli(m.risesProbability[arm])
      ? progressionDay - days(lead)
      : null;
  }
  const tregRiseDay =
    arm === "treated"
      ? entryDay + days(tregRiseMonths(model.treg, rng, (deathDay - entryDay) / daysPerMonth))
      : progressionDay -
        days(
          rng.gamma(
            model.treg.controlLeadShape,
            model.treg.controlLeadMeanMonths / model.treg.controlLeadShape,
          ),
        );

  return {
    arm,
    age,
    dfiMonths,
    pgrStatus,
    her2Status,
    bone,
    softTissue,
    visceral,
    siteCount,
    agent,
    biologicalTherapy,
    hormoneTherapyStart,
    clinicalBenefitDay: clinicalBenefitMonths === null ? null : days(clinicalBenefitMonths),
    entryDay,
    progressionDay,
    deathDay,
    lossDay,
    withdrawalDay,
    markerCrossDays,
    tregRiseDay,
  };
}

/** The date `day` days after the start of hormone therapy. */
export function dateOfPatientDay(patient: VirtualPatient, day: number): PlainDate {
  return addDays(patient.hormoneTherapyStart, day);
}

/**
 * Months from the first IFN-β dose to the start of a treated patient's Treg rise: log-normal
 * with a median that grows with her latent survival (months from the same dose to death), so
 * short survivors rise earlier, as the immune study found (domain.md §5: 20 vs 45.5 months).
 */
function tregRiseMonths(treg: PatientModel["treg"], rng: Random, survivalMonths: number): number {
  const median = treg.medianAt5YearsMonths * (survivalMonths / 60) ** treg.survivalExponent;
  return rng.logNormal(median, treg.sdLog);
}

/** Weibull time with hazard multiplied by exp(logHazard): scale · (E / HR)^(1/shape). */
function weibullWithHazardRatio(
  rng: Random,
  shape: number,
  scale: number,
  logHazard: number,
): number {
  return scale * (rng.exponential(1) / Math.exp(logHazard)) ** (1 / shape);
}

/** The youngest age at which the model lets the primary tumour be diagnosed. */
const youngestAtDiagnosis = 20;

/**
 * The disease-free interval, months: log-normal, truncated (by drawing again) to what can have
 * happened: no longer than 50 years (`maxDfiMonths`, the longest a record may hold) and not
 * reaching back before she was 20. The truncated tail is small (about 5% of draws at the
 * youngest age, 35; under 1% from 50 on), so the distribution stays as calibrated.
 */
function drawDfiMonths(rng: Random, median: number, sdLog: number, age: number): number {
  const longest = Math.min(maxDfiMonths, (age - youngestAtDiagnosis) * 12);
  for (;;) {
    const months = Math.round(rng.logNormal(median, sdLog) * 10) / 10;
    if (months <= longest) return months;
  }
}

function weightedPick(rng: Random, items: readonly { agent: string; weight: number }[]): string {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let draw = rng.uniform() * total;
  for (const item of items) {
    draw -= item.weight;
    if (draw < 0) return item.agent;
  }
  return items[items.length - 1].agent;
}
