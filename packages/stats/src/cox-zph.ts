import { chiSquareCdf } from "./chi-square-cdf";
import { quadraticFormInverse } from "./cholesky";
import { type CoxData, type CoxFit, prepareCox } from "./cox-ph";
import { evaluateCox, newEvaluation, type TimeWeightedSums } from "./cox-risk-sets";
import { failure, type Outcome, success } from "./outcome";

/** Scale of time on which the test looks for a trend in the effect, as R's `transform`. */
export type ZphTransform = "km" | "identity" | "rank" | "log";

export interface CoxZphRow {
  /** Covariate name, or "GLOBAL" for the joint test. */
  term: string;
  chisq: number;
  df: number;
  p: number;
}

export interface CoxZph {
  transform: ZphTransform;
  rows: CoxZphRow[];
}

/**
 * Test of proportional hazards: does the effect of a covariate drift with (a transform of) time?
 *
 * Method (R survival ≥ 3.0): the score test, at (β̂, 0), of adding x·g(t) to the model, where
 * g(t) is the transformed time centered on its mean over the deaths. For each covariate the test
 * uses that covariate's time term (1 df; a factor's columns together when given as one term);
 * GLOBAL uses all of them (p df). Equivalent to a test on
 * the scaled Schoenfeld residuals (Grambsch & Therneau 1994). `km` (R's default) uses
 * g(t) = 1 − S(t−) from the Kaplan–Meier curve of all data.
 *
 * Reference: Grambsch & Therneau (1994) Biometrika 81:515–526; Therneau & Grambsch (2000) §6.2.
 * Matches R: `cox.zph(coxph(...), transform = "km")$table`, with strata and (start, stop] data.
 * Complexity: one O(n p²) pass over the risk sets, then O(p⁴) for the tests.
 * Edge cases: a model with aliased (NA) coefficients gives a problem value.
 *
 * @example
 * const fit = coxPh(data);
 * if (fit.ok) coxZph(data, fit.value); // rows: one per covariate, then GLOBAL
 */
export function coxZph(
  data: CoxData,
  fit: CoxFit,
  {
    transform = "km",
    terms = fit.names.map((name, j) => ({ name, columns: [j] })),
  }: {
    transform?: ZphTransform;
    /**
     * Model terms as groups of covariate columns, e.g. the dummy columns of one factor, each
     * tested jointly as R does (`terms = TRUE`); by default each column is its own term.
     */
    terms?: { name: string; columns: number[] }[];
  } = {},
): Outcome<CoxZph> {
  if (fit.coef.some(Number.isNaN)) {
    return failure(
      "aliased",
      "drop the covariates with NA coefficients and refit before testing proportional hazards",
    );
  }
  const prepared = prepareCox(data, fit.ties);
  if (!prepared.ok) return prepared;
  const { design, scale, times } = prepared.value;
  const { n, p, x, status, stopRank, groupStart } = design;
  const transformed =
    transform === "km" && design.startRank
      ? delayedEntryKmTransform(times, design.startRank, stopRank, status)
      : transformTimes(times, stopRank, status, transform);
  let eventMean = 0;
  let events = 0;
  for (let i = 0; i < n; i++) {
    if (status[i] === 1) {
      eventMean += transformed[stopRank[i]];
      events++;
    }
  }
  eventMean /= events;
  const groupCount = groupStart.length - 1;
  const weighted: TimeWeightedSums = {
    weight: new Float64Array(groupCount),
    score: new Float64Array(p),
    cross: new Float64Array(p * p),
    squared: new Float64Array(p * p),
  };
  for (let g = 0; g < groupCount; g++) {
    weighted.weight[g] = transformed[stopRank[groupStart[g]]] - eventMean;
  }
  const beta = Float64Array.from(fit.coef, (b, j) => b / scale[j]);
  const evaluation = newEvaluation(p);
  evaluateCox(design, beta, new Float64Array(n), evaluation, weighted);
  // Score of the time terms: Σ_deaths g(t) x minus the risk-set part accumulated above.
  const timeScore = Float64Array.from(weighted.score);
  for (let i = 0; i < n; i++) {
    if (status[i] !== 1) continue;
    const g = transformed[stopRank[i]] - eventMean;
    for (let j = 0; j < p; j++) timeScore[j] += g * x[j * n + i];
  }
  const size = 2 * p;
  const full = new Float64Array(size * size);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) {
      const [a, b] = j >= k ? [j, k] : [k, j];
      full[j * size + k] = evaluation.information[j * p + k];
      full[j * size + p + k] = weighted.cross[a * p + b];
      full[(p + j) * size + k] = weighted.cross[a * p + b];
      full[(p + j) * size + p + k] = weighted.squared[a * p + b];
    }
  }
  const rows: CoxZphRow[] = terms.map(({ name, columns }) => {
    const indices = [...Array.from({ length: p }, (_, k) => k), ...columns.map((j) => p + j)];
    const m = indices.length;
    const sub = new Float64Array(m * m);
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < m; b++) sub[a * m + b] = full[indices[a] * size + indices[b]];
    }
    const u = new Float64Array(m);
    columns.forEach((j, k) => {
      u[p + k] = timeScore[j];
    });
    const chisq = quadraticFormInverse(sub, m, u, 1e-14);
    const df = columns.length;
    return { term: name, chisq, df, p: chiSquareCdf(chisq, df, { lowerTail: false }) };
  });
  const u = new Float64Array(size);
  u.set(timeScore, p);
  const chisq = quadraticFormInverse(full, size, u, 1e-14);
  rows.push({ term: "GLOBAL", chisq, df: p, p: chiSquareCdf(chisq, p, { lowerTail: false }) });
  return success({ transform, rows });
}

/**
 * 1 − S(t−) per distinct time from the Kaplan–Meier curve of (start, stop] rows, where the number
 * at risk at t counts rows with start < t ≤ stop.
 */
function delayedEntryKmTransform(
  times: Float64Array,
  startRank: Int32Array,
  stopRank: Int32Array,
  status: Uint8Array,
): Float64Array {
  const u = times.length;
  const entering = new Float64Array(u + 1);
  const leaving = new Float64Array(u + 1);
  const deathsAt = new Float64Array(u);
  for (let i = 0; i < stopRank.length; i++) {
    entering[startRank[i]]++;
    leaving[stopRank[i]]++;
    deathsAt[stopRank[i]] += status[i];
  }
  const out = new Float64Array(u);
  let atRisk = 0;
  let survival = 1;
  for (let k = 0; k < u; k++) {
    out[k] = 1 - survival;
    if (deathsAt[k] > 0) survival *= (atRisk - deathsAt[k]) / atRisk;
    // After time k: rows starting at k join, rows stopping at k leave.
    atRisk += entering[k] - leaving[k];
  }
  return out;
}

/** g(t) per distinct time before centering, as R's cox.zph transforms. */
function transformTimes(
  times: Float64Array,
  stopRank: Int32Array,
  status: Uint8Array,
  transform: ZphTransform,
): Float64Array {
  const u = times.length;
  if (transform === "identity") return Float64Array.from(times);
  if (transform === "log") return times.map(Math.log);
  const atTime = new Float64Array(u);
  const deathsAt = new Float64Array(u);
  for (let i = 0; i < stopRank.length; i++) {
    atTime[stopRank[i]]++;
    deathsAt[stopRank[i]] += status[i];
  }
  const out = new Float64Array(u);
  if (transform === "rank") {
    // Average rank of the rows at each time among all rows, as R's rank().
    let before = 0;
    for (let k = 0; k < u; k++) {
      out[k] = before + (atTime[k] + 1) / 2;
      before += atTime[k];
    }
    return out;
  }
  // km: 1 − S(t−) from the Kaplan–Meier curve of all rows.
  let atRisk = stopRank.length;
  let survival = 1;
  for (let k = 0; k < u; k++) {
    out[k] = 1 - survival;
    if (deathsAt[k] > 0) survival *= (atRisk - deathsAt[k]) / atRisk;
    atRisk -= atTime[k];
  }
  return out;
}
