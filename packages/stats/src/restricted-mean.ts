import type { SurvivalCurve } from "./kaplan-meier";

/** Restricted mean survival time up to a limit, with its standard error. */
export interface RestrictedMean {
  /** The upper limit of integration τ. */
  upperLimit: number;
  rmean: number;
  stdErr: number;
}

/**
 * Restricted mean survival time (RMST): the area under the Kaplan–Meier curve from the origin
 * to τ, with its standard error.
 *
 * Formula: RMST = Σ (t_{k+1} − t_k) S(t_k) over the step function cut at τ, from the origin
 * min(0, t_1). Var = Σ_k A_k² d_k / (n_k (n_k − d_k)), where A_k is the area under the curve
 * from t_k to τ (terms with n_k = d_k contribute 0, as R does).
 *
 * Reference: Miller, Survival Analysis (1981) pp. 195–196; Royston & Parmar (2013).
 * Matches R: `print(survfit(…), rmean = τ)` and `summary(fit, rmean = τ)$table[, c("rmean",
 * "se(rmean)")]`; R's `rmean = "common"` is τ = the largest time over all curves (see
 * {@link commonUpperLimit}).
 * Complexity: O(m). Edge cases: τ before the first time gives τ − origin with error 0.
 *
 * @example
 * restrictedMean(curve, 48); // => { upperLimit: 48, rmean: 31.84…, stdErr: 4.53… }
 */
export function restrictedMean(
  curve: Pick<SurvivalCurve, "time" | "surv" | "nRisk" | "nEvent">,
  upperLimit: number,
): RestrictedMean {
  const { time, surv, nRisk, nEvent } = curve;
  const origin = Math.min(0, time.length > 0 ? time[0] : 0);
  let kept = 0;
  while (kept < time.length && time[kept] <= upperLimit) kept++;
  // Rectangles: from origin to t_0 at height 1, then from t_k to t_{k+1} (or τ) at S(t_k).
  const m = kept + 1;
  const width = new Float64Array(m);
  const height = new Float64Array(m);
  const hazardTerm = new Float64Array(m);
  let previousTime = origin;
  for (let k = 0; k < m; k++) {
    const t = k < kept ? time[k] : upperLimit;
    width[k] = t - previousTime;
    height[k] = k === 0 ? 1 : surv[k - 1];
    const atRisk = k < kept ? nRisk[k] : 0;
    const events = k < kept ? nEvent[k] : 0;
    hazardTerm[k] = atRisk - events === 0 ? 0 : events / (atRisk * (atRisk - events));
    previousTime = t;
  }
  let rmean = 0;
  for (let k = 0; k < m; k++) rmean += width[k] * height[k];
  // Area to the right of time k, accumulated from τ backwards.
  let areaAfter = 0;
  let variance = 0;
  for (let k = m - 1; k >= 1; k--) {
    areaAfter += width[k] * height[k];
    variance += areaAfter * areaAfter * hazardTerm[k - 1];
  }
  return { upperLimit, rmean, stdErr: Math.sqrt(variance) };
}

/**
 * R's `rmean = "common"` limit: the largest last time over all curves of a fit.
 *
 * @example
 * commonUpperLimit(fit.curves); // => 161 for the AML data
 */
export function commonUpperLimit(curves: readonly Pick<SurvivalCurve, "time">[]): number {
  let limit = Number.NEGATIVE_INFINITY;
  for (const curve of curves) {
    if (curve.time.length > 0) limit = Math.max(limit, curve.time[curve.time.length - 1]);
  }
  return limit;
}
