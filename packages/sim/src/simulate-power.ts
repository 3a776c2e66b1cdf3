import { coxPh, eventPower, logRank } from "@ciclo/stats";
import type { Random } from "@ciclo/trial";
import { daysPerMonth } from "@ciclo/trial";
import { calibratedModel, type PatientModel, type SimulatedArm } from "./patient-model";
import { drawVirtualPatient } from "./virtual-patient";

export interface PowerDesign {
  perArm: number;
  /** Patients enter uniformly over the accrual period… */
  accrualMonths: number;
  /** …and are followed until this long after the last one entered. */
  followupMonths: number;
  reps: number;
  /** Two-sided level of the log-rank test (default 0.05). */
  alpha?: number;
  /**
   * 'model': PFS of the calibrated patient model from the start of each arm's treatment
   * (covariates and frailty included, so hazards are not exactly proportional);
   * 'exponential': constant hazards with the control median and the hazard ratio below.
   */
  hazards?: "model" | "exponential";
  /** Exponential hazards: control median PFS (default 18 months, domain.md §5). */
  controlMedianMonths?: number;
  /** Exponential hazards: treated vs control (default 18/33, the published medians). */
  hazardRatio?: number;
  model?: PatientModel;
  onReplicate?: (done: number, total: number) => void;
}

export interface PowerEstimate {
  /** Share of replicates whose log-rank test rejected at `alpha`. */
  power: number;
  /** Monte-Carlo standard error √(power (1 − power) / reps). */
  monteCarloError: number;
  /** Mean number of progressions observed per trial. */
  meanEvents: number;
  /** Hazard ratio the Schoenfeld answer uses (treated vs control). */
  hazardRatio: number;
  /** Schoenfeld's power for that hazard ratio and the mean number of events. */
  schoenfeldPower: number;
  reps: number;
}

/**
 * Power of the planned randomized trial (anti-estrogen alone vs anti-estrogen + IFN-β/IL-2) by
 * simulation: each replicate draws `perArm` patients per arm with uniform entry over the
 * accrual period, censors them at the end of follow-up, and tests PFS with the log-rank test of
 * @ciclo/stats. The Schoenfeld answer beside it uses the same hazard ratio and the simulated
 * mean number of events. With the model's hazards, that ratio is the Cox estimate on one large
 * simulated trial of the same design (see `averageHazardRatio`); the arms share one baseline
 * mix, as randomization makes them.
 *
 * @example
 * const estimate = simulatePower({ perArm: 60, accrualMonths: 24, followupMonths: 24, reps: 500 }, seededRandom(1));
 * estimate.value.power; // e.g. 0.83, with estimate.value.monteCarloError ≈ 0.017
 */
export function simulatePower(
  design: PowerDesign,
  rng: Random,
): { ok: true; value: PowerEstimate } | { ok: false; message: string } {
  const {
    perArm,
    accrualMonths,
    followupMonths,
    reps,
    alpha = 0.05,
    hazards = "model",
    controlMedianMonths = 18,
    hazardRatio = 18 / 33,
    model = calibratedModel,
  } = design;
  const problem = checkDesign(design);
  if (problem) return { ok: false, message: problem };
  // Randomized arms share one baseline mix: no arm-specific biological therapy.
  const randomized = { ...model, baseline: { ...model.baseline, controlBiologicalTherapy: 0 } };
  const draw = timeDraw(hazards, randomized, controlMedianMonths, hazardRatio);
  let rejections = 0;
  let events = 0;
  const n = 2 * perArm;
  for (let rep = 0; rep < reps; rep++) {
    const own = rng.split();
    const time = new Float64Array(n);
    const status = new Uint8Array(n);
    const group: string[] = [];
    for (let i = 0; i < n; i++) {
      const arm: SimulatedArm = i < perArm ? "treated" : "control";
      const entry = own.uniform() * accrualMonths;
      const available = accrualMonths + followupMonths - entry;
      const progression = draw(arm, own);
      time[i] = Math.min(progression, available);
      status[i] = progression <= available ? 1 : 0;
      events += status[i];
      group.push(arm);
    }
    const test = logRank({ time, status, group });
    if (test.ok && test.value.p < alpha) rejections++;
    design.onReplicate?.(rep + 1, reps);
  }
  const power = rejections / reps;
  const meanEvents = events / reps;
  const ratio =
    hazards === "exponential" ? hazardRatio : averageHazardRatio(design, draw, rng.split());
  const schoenfeld = eventPower({ hazardRatio: ratio, alpha, events: meanEvents }, "schoenfeld");
  return {
    ok: true,
    value: {
      power,
      monteCarloError: Math.sqrt((power * (1 - power)) / reps),
      meanEvents,
      hazardRatio: ratio,
      schoenfeldPower: schoenfeld.ok ? schoenfeld.value : Number.NaN,
      reps,
    },
  };
}

/**
 * The hazard ratio the model's trial shows: the Cox estimate (treated vs control) on one large
 * trial of 5,000 patients per arm with the design's entry and censoring. Frailty and covariates
 * make the model's hazards non-proportional, so this average ratio, not the conditional one of
 * the Weibull scales, is what Schoenfeld's formula should be given.
 */
function averageHazardRatio(
  design: PowerDesign,
  draw: (arm: SimulatedArm, rng: Random) => number,
  rng: Random,
): number {
  const perArm = 5000;
  const time = new Float64Array(2 * perArm);
  const status = new Uint8Array(2 * perArm);
  const treated = new Float64Array(2 * perArm);
  for (let i = 0; i < 2 * perArm; i++) {
    const arm: SimulatedArm = i < perArm ? "treated" : "control";
    const available =
      design.accrualMonths + design.followupMonths - rng.uniform() * design.accrualMonths;
    const progression = draw(arm, rng);
    time[i] = Math.min(progression, available);
    status[i] = progression <= available ? 1 : 0;
    treated[i] = arm === "treated" ? 1 : 0;
  }
  const fit = coxPh({ time, status, covariates: [treated], names: ["treated"] });
  return fit.ok ? Math.exp(fit.value.coef[0]) : Number.NaN;
}

/** Months from the start of treatment to progression, per arm. */
function timeDraw(
  hazards: "model" | "exponential",
  model: PatientModel,
  controlMedianMonths: number,
  hazardRatio: number,
): (arm: SimulatedArm, rng: Random) => number {
  if (hazards === "exponential") {
    const controlMean = controlMedianMonths / Math.LN2;
    return (arm, rng) =>
      rng.exponential(arm === "control" ? controlMean : controlMean / hazardRatio);
  }
  return (arm, rng) => {
    const patient = drawVirtualPatient(model, arm, rng, "2000-01-01");
    return (patient.progressionDay - patient.entryDay) / daysPerMonth;
  };
}

function checkDesign(design: PowerDesign): string | undefined {
  if (!(Number.isInteger(design.perArm) && design.perArm >= 2))
    return `per-arm is ${design.perArm}; give a whole number of patients ≥ 2`;
  if (!(design.accrualMonths >= 0))
    return `accrual-months is ${design.accrualMonths}; give months ≥ 0`;
  if (!(design.followupMonths > 0))
    return `followup-months is ${design.followupMonths}; give months > 0`;
  if (!(Number.isInteger(design.reps) && design.reps >= 1))
    return `reps is ${design.reps}; give a whole number of replicates ≥ 1`;
  if (design.hazardRatio !== undefined && !(design.hazardRatio > 0 && design.hazardRatio !== 1))
    return `hazard ratio is ${design.hazardRatio}; give a ratio > 0 and ≠ 1, such as 0.55`;
  return undefined;
}
