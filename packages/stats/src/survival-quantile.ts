import type { SurvivalCurve } from "./kaplan-meier";

const tolerance = Math.sqrt(2.220446049250313e-16);

/**
 * Median survival time as R's `print(survfit)` and `summary(fit)$table` report it: the first
 * time at which the curve is ≤ 0.5. When the curve equals 0.5 (within √ε) on an interval, the
 * median is the midpoint between the time it reaches 0.5 and the time it drops below.
 *
 * Apply it to `surv` for the median, and to `lower` and `upper` for its confidence limits
 * (Brookmeyer & Crowley 1982, as R does). NaN entries (R's NA) are skipped.
 *
 * Matches R survival's `survmean()` (`minmin`). Complexity: O(m).
 * Edge cases: NaN when the curve never reaches 0.5 (median not reached); a curve that stays
 * at exactly 0.5 to its end gives the time it reached 0.5.
 *
 * @example
 * medianSurvival(Float64Array.of(1, 2, 3, 4), Float64Array.of(0.75, 0.5, 0.25, 0)); // => 2.5
 */
export function medianSurvival(time: ArrayLike<number>, values: ArrayLike<number>): number {
  let first = -1;
  for (let k = 0; k < values.length; k++) {
    if (!Number.isNaN(values[k]) && values[k] < 0.5 + tolerance) {
      first = k;
      break;
    }
  }
  if (first < 0) return Number.NaN;
  const level = values[first];
  if (Math.abs(level - 0.5) < tolerance) {
    for (let k = first + 1; k < values.length; k++) {
      if (!Number.isNaN(values[k]) && values[k] < level) return (time[first] + time[k]) / 2;
    }
  }
  return time[first];
}

/** A quantile of survival time and its confidence limits. */
export interface SurvivalQuantile {
  /** Probability of the event by that time (0.5 = median). */
  probability: number;
  quantile: number;
  lower: number;
  upper: number;
}

/**
 * Quantiles of survival time with confidence limits, as R's `quantile(fit, probs)`.
 *
 * The p-quantile is the first time where the distribution 1 − S(t) reaches p; when 1 − S(t)
 * equals p (within √ε) over an interval it is the midpoint of that interval, and when the curve
 * ends at that level, the midpoint up to the last follow-up time. Limits come from the same rule
 * applied to the lower and upper pointwise limits of the curve.
 *
 * Matches R survival's `quantile.survfit` (`findq`). Complexity: O(m) per probability.
 * Edge cases: NaN when the curve (or its limit) never reaches the level; probability 0 gives
 * time 0.
 *
 * @example
 * survivalQuantiles(curve, [0.25, 0.5, 0.75]); // [{ probability: 0.25, quantile: 1.5, … }, …]
 */
export function survivalQuantiles(
  curve: Pick<SurvivalCurve, "time" | "surv" | "lower" | "upper">,
  probabilities: readonly number[] = [0.25, 0.5, 0.75],
): SurvivalQuantile[] {
  return probabilities.map((probability) => ({
    probability,
    quantile: findQuantile(curve.time, curve.surv, probability, probabilities),
    lower: findQuantile(curve.time, curve.lower, probability, probabilities),
    upper: findQuantile(curve.time, curve.upper, probability, probabilities),
  }));
}

/** The first x where the CDF 1 − y reaches p, with R's midpoint rule for flat stretches. */
function findQuantile(
  time: ArrayLike<number>,
  surv: ArrayLike<number>,
  p: number,
  allProbabilities: readonly number[],
): number {
  // The CDF curve starts at (0, 0); repeated levels (censoring rows) are dropped, keeping the
  // first time each level is reached, as R's duplicated() does.
  const xs: number[] = [0];
  const ys: number[] = [0];
  const seen = new Set<number>([0]);
  let maxLevel = 0;
  let sawMissing = false;
  for (let k = 0; k < surv.length; k++) {
    const y = 1 - surv[k];
    const repeated = Number.isNaN(y) ? sawMissing : seen.has(y);
    if (Number.isNaN(y)) sawMissing = true;
    else {
      seen.add(y);
      if (y > maxLevel) maxLevel = y;
    }
    if (!repeated) {
      xs.push(time[k]);
      ys.push(y);
    }
  }
  if (maxLevel < Math.min(...allProbabilities)) return Number.NaN;
  if (p === 0) return xs[0];
  const lastTime = time.length > 0 ? time[time.length - 1] : 0;
  const first = firstAtLeast(ys, tolerance, p);
  const beyond = firstAtLeast(ys, -tolerance, p);
  const lastLevel = ys[ys.length - 1];
  if (!Number.isNaN(lastLevel) && Math.abs(p - lastLevel) < tolerance) {
    return first < 0 ? Number.NaN : (xs[first] + lastTime) / 2;
  }
  return first < 0 || beyond < 0 ? Number.NaN : (xs[first] + xs[beyond]) / 2;
}

/**
 * Index of the smallest level with level + shift ≥ p (NaN levels skipped), or −1 when p lies
 * outside the levels' range: what R's `approx(y + shift, seq_along(y), p, method = "constant",
 * f = 1)` returns, since approx orders the points by level. The pointwise limits of a curve need
 * not be monotone, so this is not always the first such level in time.
 */
function firstAtLeast(levels: number[], shift: number, p: number): number {
  let lowest = Number.POSITIVE_INFINITY;
  let best = -1;
  let bestLevel = Number.POSITIVE_INFINITY;
  for (let k = 0; k < levels.length; k++) {
    const level = levels[k] + shift;
    if (Number.isNaN(level)) continue;
    if (level < lowest) lowest = level;
    if (level >= p && level < bestLevel) {
      bestLevel = level;
      best = k;
    }
  }
  return p < lowest ? -1 : best;
}
