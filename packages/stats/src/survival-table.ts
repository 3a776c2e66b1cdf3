import type { KaplanMeierFit } from "./kaplan-meier";
import { commonUpperLimit, restrictedMean } from "./restricted-mean";
import { medianSurvival } from "./survival-quantile";

/** One line of the survival table of a group. */
export interface SurvivalTableRow {
  group: string;
  /** Rows in the group (R's `records`). */
  records: number;
  /** Largest number at risk (R's `n.max`). */
  nMax: number;
  /** Number at risk at the first time (R's `n.start`). */
  nStart: number;
  events: number;
  rmean: number;
  seRmean: number;
  median: number;
  medianLower: number;
  medianUpper: number;
}

/**
 * The per-group table R prints for a survival fit: counts, restricted mean with its error, and
 * the median with its confidence limits (read off the pointwise limits, so the limits depend on
 * the fit's `confType` and `confLevel`).
 *
 * Matches R: `summary(fit, rmean = "common")$table` (the default `upperLimit`, the largest time
 * over all curves) or `summary(fit, rmean = τ)$table`. Complexity: O(m) per group.
 * Edge cases: median and limits are NaN (R's NA) when the curve or limit never reaches 0.5.
 *
 * @example
 * survivalTable(fit)[0]; // => { group: "Maintained", records: 11, …, median: 31, medianLower: 18, medianUpper: NaN }
 */
export function survivalTable(
  fit: KaplanMeierFit,
  { upperLimit = commonUpperLimit(fit.curves) }: { upperLimit?: number } = {},
): SurvivalTableRow[] {
  return fit.curves.map((curve) => {
    const mean = restrictedMean(curve, upperLimit);
    let events = 0;
    let nMax = 0;
    for (let k = 0; k < curve.time.length; k++) {
      events += curve.nEvent[k];
      nMax = Math.max(nMax, curve.nRisk[k]);
    }
    return {
      group: curve.group,
      records: curve.n,
      nMax,
      nStart: curve.nRisk.length > 0 ? curve.nRisk[0] : 0,
      events,
      rmean: mean.rmean,
      seRmean: mean.stdErr,
      median: medianSurvival(curve.time, curve.surv),
      medianLower: medianSurvival(curve.time, curve.lower),
      medianUpper: medianSurvival(curve.time, curve.upper),
    };
  });
}
