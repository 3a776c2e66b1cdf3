import { normalQuantile as qnorm } from "./normal-quantile";

/** Scale on which a pointwise survival interval is symmetric, as R's `conf.type`. */
export type ConfType = "log" | "log-log" | "plain" | "none";

export const confTypes: readonly ConfType[] = ["log", "log-log", "plain", "none"];

/**
 * Pointwise confidence interval of a survival curve from the standard error of −log S.
 *
 * With z = Φ⁻¹(1 − (1 − level)/2) and σ = se(−log S):
 * - `log` (R's default): S·exp(∓zσ), upper limit capped at 1;
 * - `log-log`: exp(−exp(log(−log S) ∓ zσ/log S)); NaN where S is 0 or 1;
 * - `plain`: S ∓ zσS, clipped to [0, 1];
 * - `none`: NaN limits.
 *
 * Reference: Kalbfleisch & Prentice (1980); Klein & Moeschberger (2003) eq. 4.3.1–4.3.3.
 * Matches R survival's `survfit_confint(p, se, logse = TRUE, conf.type, conf.int)`.
 * Edge cases: where S = 0 every type gives NaN (R's NA), since σ is infinite there.
 * Complexity: O(m).
 *
 * @example
 * survivalConfidence(Float64Array.of(0.5), Float64Array.of(0.5), "log", 0.95).lower;
 * // => Float64Array [0.1876589287065883]
 */
export function survivalConfidence(
  surv: Float64Array,
  logSurvStdErr: Float64Array,
  confType: ConfType,
  confLevel: number,
): { lower: Float64Array; upper: Float64Array } {
  const m = surv.length;
  const lower = new Float64Array(m);
  const upper = new Float64Array(m);
  const z = qnorm(1 - (1 - confLevel) / 2);
  for (let k = 0; k < m; k++) {
    const s = surv[k];
    const se = logSurvStdErr[k];
    if (confType === "log") {
      const width = z * se;
      lower[k] = s === 0 ? Number.NaN : Math.exp(Math.log(s) - width);
      upper[k] = s === 0 ? Number.NaN : Math.min(Math.exp(Math.log(s) + width), 1);
    } else if (confType === "log-log") {
      const logMinusLog = s === 0 || s === 1 ? Number.NaN : Math.log(-Math.log(s));
      const width = (z * se) / Math.log(s);
      lower[k] = Math.exp(-Math.exp(logMinusLog - width));
      upper[k] = Math.exp(-Math.exp(logMinusLog + width));
    } else if (confType === "plain") {
      const width = se * s * z;
      lower[k] = Number.isNaN(width) ? Number.NaN : Math.max(s - width, 0);
      upper[k] = Number.isNaN(width) ? Number.NaN : Math.min(s + width, 1);
    } else {
      lower[k] = Number.NaN;
      upper[k] = Number.NaN;
    }
  }
  return { lower, upper };
}
