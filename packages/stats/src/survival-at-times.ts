import type { SurvivalCurve } from "./kaplan-meier";

/** A survival curve read at chosen times: the risk table under a Kaplan–Meier plot. */
export interface SurvivalAtTimes {
  time: Float64Array;
  /** Number still at risk at each time (follow-up ≥ that time). */
  nRisk: Float64Array;
  /** Events since the previous chosen time (up to and including this one). */
  nEvent: Float64Array;
  nCensor: Float64Array;
  surv: Float64Array;
  /** Greenwood standard error of S. */
  stdErr: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

/**
 * Reads a curve at chosen times (ascending): S(t), its error and limits carried forward from the
 * last step at or before t, the number at risk at t, and the events and censorings between
 * consecutive chosen times.
 *
 * Matches R: `summary(fit, times = times, extend = TRUE)`, also for (start, stop] curves (checked on
 * the Stanford heart data). After the last follow-up the number at risk is 0 and S keeps its last
 * value. Complexity: O(m + k).
 *
 * @example
 * survivalAtTimes(curve, [0, 12, 24]).nRisk; // the risk table under the plot
 */
export function survivalAtTimes(curve: SurvivalCurve, times: readonly number[]): SurvivalAtTimes {
  const k = times.length;
  const out: SurvivalAtTimes = {
    time: Float64Array.from(times),
    nRisk: new Float64Array(k),
    nEvent: new Float64Array(k),
    nCensor: new Float64Array(k),
    surv: new Float64Array(k),
    stdErr: new Float64Array(k),
    lower: new Float64Array(k),
    upper: new Float64Array(k),
  };
  const m = curve.time.length;
  let row = 0; // first curve row with time > the current chosen time
  for (let j = 0; j < k; j++) {
    const t = times[j];
    while (row < m && curve.time[row] <= t) {
      out.nEvent[j] += curve.nEvent[row];
      out.nCensor[j] += curve.nCensor[row];
      row++;
    }
    const atOrAfter = row > 0 && curve.time[row - 1] === t ? row - 1 : row;
    out.nRisk[j] = atOrAfter < m ? curve.nRisk[atOrAfter] : 0;
    if (row === 0) {
      out.surv[j] = 1;
      out.stdErr[j] = 0;
      out.lower[j] = 1;
      out.upper[j] = 1;
    } else {
      out.surv[j] = curve.surv[row - 1];
      out.stdErr[j] = curve.stdErr[row - 1];
      out.lower[j] = curve.lower[row - 1];
      out.upper[j] = curve.upper[row - 1];
    }
  }
  return out;
}
