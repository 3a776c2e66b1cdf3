import { normalCdf } from "./normal-cdf";
import { normalQuantile } from "./normal-quantile";
import { failure, type Outcome, success } from "./outcome";

export interface EventDesignOptions {
  /** Hazard ratio to detect (experimental vs control), ≠ 1. */
  hazardRatio: number;
  /** Two-sided significance level (default 0.05). */
  alpha?: number;
  /** Power, 1 − β (default 0.8). */
  power?: number;
  /** Fraction of patients allocated to the experimental arm (default 0.5). */
  allocation?: number;
}

export interface EventPowerOptions extends Omit<EventDesignOptions, "power"> {
  /** Number of events observed (or planned). */
  events: number;
}

export type EventMethod = "schoenfeld" | "freedman";

/**
 * Number of events a two-arm log-rank comparison needs: Schoenfeld's formula
 * d = (z_{1−α/2} + z_{power})² / (p(1 − p) (log HR)²), p the allocation fraction, or Freedman's
 * d = (z_{1−α/2} + z_{power})² (1 + k·HR)² / (k (1 − HR)²), k = p/(1 − p).
 * Unrounded (take the ceiling for a protocol).
 * References: Schoenfeld, D. (1983) Sample-size formula for the proportional-hazards regression
 * model. Biometrics 39, 499–503; Freedman, L. S. (1982) Tables of the number of patients
 * required in clinical trials using the logrank test. Statistics in Medicine 1, 121–129.
 * R has no base function; this matches the formulas evaluated with R's qnorm in design.json
 * (R: `(qnorm(1 - alpha/2) + qnorm(power))^2 / (p * (1 - p) * log(hr)^2)`).
 * Complexity: O(1). Edge cases: HR ≤ 0 or = 1, alpha, power or allocation outside (0, 1) are
 * refused with a message.
 *
 * @example
 * requiredEvents({ hazardRatio: 0.7, power: 0.8 }, "schoenfeld"); // => { ok: true, value: 246.7871045473584 }
 */
export function requiredEvents(
  { hazardRatio, alpha = 0.05, power = 0.8, allocation = 0.5 }: EventDesignOptions,
  method: EventMethod,
): Outcome<number> {
  const problem = checkDesign(hazardRatio, alpha, allocation) ?? checkProbability("power", power);
  if (problem) return failure("bad_design", problem);
  const zSum = normalQuantile(1 - alpha / 2) + normalQuantile(power);
  return success((zSum * zSum) / effectSquared(hazardRatio, allocation, method));
}

/** {@link requiredEvents} by Schoenfeld's formula. */
export function schoenfeldEvents(options: EventDesignOptions): Outcome<number> {
  return requiredEvents(options, "schoenfeld");
}

/** {@link requiredEvents} by Freedman's formula. */
export function freedmanEvents(options: EventDesignOptions): Outcome<number> {
  return requiredEvents(options, "freedman");
}

/**
 * Power of a two-sided log-rank test at level alpha after `events` events: the inverse of
 * {@link requiredEvents}, Φ(√(d·e²) − z_{1−α/2}) with e² the method's squared standardized effect
 * (the negligible chance of rejecting in the wrong direction is left out, as in the formulas).
 * Complexity: O(1).
 *
 * @example
 * eventPower({ hazardRatio: 0.7, events: 247 }, "schoenfeld"); // => { ok: true, value: ≈ 0.80 }
 */
export function eventPower(
  { hazardRatio, alpha = 0.05, allocation = 0.5, events }: EventPowerOptions,
  method: EventMethod,
): Outcome<number> {
  const problem = checkDesign(hazardRatio, alpha, allocation);
  if (problem) return failure("bad_design", problem);
  if (!(events >= 0))
    return failure("bad_design", `events is ${events}; give a number of events ≥ 0`);
  const drift = Math.sqrt(events * effectSquared(hazardRatio, allocation, method));
  return success(normalCdf(drift - normalQuantile(1 - alpha / 2)));
}

/**
 * Patients to enrol so that the expected number of events reaches `events`: ⌈d / P(event)⌉, with
 * P(event) the probability that a patient's event is observed during the trial (from accrual,
 * follow-up and the survival curve; e.g. 1 − S(minimum follow-up) as a conservative value).
 *
 * @example
 * subjectsForEvents(247, 0.6); // => { ok: true, value: 412 }
 */
export function subjectsForEvents(events: number, eventProbability: number): Outcome<number> {
  if (!(events > 0))
    return failure("bad_design", `events is ${events}; give a number of events > 0`);
  const problem = checkProbability("eventProbability", eventProbability, true);
  if (problem) return failure("bad_design", problem);
  return success(Math.ceil(events / eventProbability));
}

function effectSquared(hazardRatio: number, allocation: number, method: EventMethod): number {
  if (method === "schoenfeld") return allocation * (1 - allocation) * Math.log(hazardRatio) ** 2;
  const ratio = allocation / (1 - allocation);
  return (ratio * (1 - hazardRatio) ** 2) / (1 + ratio * hazardRatio) ** 2;
}

function checkDesign(hazardRatio: number, alpha: number, allocation: number): string | undefined {
  if (!(hazardRatio > 0) || hazardRatio === 1 || !Number.isFinite(hazardRatio)) {
    return `hazardRatio is ${hazardRatio}; give a hazard ratio > 0 and ≠ 1, such as 0.7`;
  }
  return checkProbability("alpha", alpha) ?? checkProbability("allocation", allocation);
}

function checkProbability(name: string, value: number, allowOne = false): string | undefined {
  const ok = value > 0 && (allowOne ? value <= 1 : value < 1);
  return ok
    ? undefined
    : `${name} is ${value}; give a value strictly between 0 and 1${allowOne ? " (or 1)" : ""}`;
}
