import { chiSquareCdf } from "./chi-square-cdf";
import { choleskyDecompose, choleskyInvert, choleskySolve, quadraticFormInverse } from "./cholesky";
import { type CoxConcordance, coxConcordance } from "./cox-concordance";
import { type CoxDesign, coxDesign, evaluateCox, newEvaluation } from "./cox-risk-sets";
import { coxScoreResiduals } from "./cox-score-residuals";
import { normalQuantile as qnorm } from "./normal-quantile";
import { failure, type Outcome, success } from "./outcome";
import {
  checkSurvivalColumns,
  type FactorCodes,
  factorCodes,
  type SurvivalColumns,
} from "./survival-input";
import { inversePermutation, orderByKey, rankTimes } from "./time-ranks";

export interface CoxData extends SurvivalColumns {
  /** One column per covariate (already coded: use dummy columns for factors). */
  covariates: ArrayLike<number>[];
  /** Covariate names, one per column. */
  names: string[];
  /** Separate baseline hazard per stratum, as R's `strata()`. */
  strata?: ArrayLike<string | number>;
  /** Cluster (e.g. patient) for robust errors, as R's `cluster()`. */
  cluster?: ArrayLike<string | number>;
}

export interface CoxOptions {
  /** Handling of tied death times, as R's `ties`. */
  ties?: "efron" | "breslow";
  /** Newton–Raphson iterations at most, as `coxph.control(iter.max)`. */
  maxIter?: number;
  /** Convergence: relative change of the log-likelihood, as `coxph.control(eps)`. */
  eps?: number;
  /** Pivot tolerance of the Cholesky factorization, as `coxph.control(toler.chol)`. */
  tolerChol?: number;
  /** Threshold of the infinite-coefficient warning, as `coxph.control(toler.inf)`. */
  tolerInf?: number;
  /** Sandwich (robust) variance even without clusters, as `coxph(robust = TRUE)`. */
  robust?: boolean;
  /** Coverage of the hazard-ratio intervals. */
  confLevel?: number;
}

export interface ChiSquareTest {
  statistic: number;
  df: number;
  p: number;
}

export interface CoxFit {
  names: string[];
  /** Coefficients (log hazard ratios); NaN (R's NA) for a covariate aliased with others. */
  coef: number[];
  /** Standard errors: robust when clustered or `robust`, otherwise model-based. */
  se: number[];
  /** Model-based standard errors (inverse information). */
  naiveSe: number[];
  /** Sandwich standard errors, when clustered or `robust`. */
  robustSe?: number[];
  /**
   * Robust score test at β = 0 (R's `fit$rscore`, printed by summary as "Robust"), when clustered
   * or `robust`: Uᵀ(TᵀT)⁻¹U with T the score residuals at β = 0 summed within clusters.
   */
  robustScoreTest?: ChiSquareTest;
  /** Variance matrix of coef (robust when clustered), rows = covariates. */
  variance: number[][];
  z: number[];
  p: number[];
  hazardRatio: number[];
  hazardRatioLower: number[];
  hazardRatioUpper: number[];
  /** Partial log-likelihood at β = 0 and at the estimate. */
  loglik: [number, number];
  waldTest: ChiSquareTest;
  lrTest: ChiSquareTest;
  scoreTest: ChiSquareTest;
  concordance: CoxConcordance;
  /** Covariate means used for centering (0 for covariates coded in {−1, 0, 1}), as R's fit$means. */
  means: number[];
  n: number;
  nEvent: number;
  iterations: number;
  converged: boolean;
  ties: "efron" | "breslow";
  /** R's warnings: non-convergence, possibly infinite coefficients. */
  warnings: string[];
  /** Linear predictors Xβ − Σ β·means, in input order. */
  linearPredictors: Float64Array;
}

/**
 * Cox proportional-hazards regression by Newton–Raphson with step-halving, with Efron or Breslow
 * ties, strata, (start, stop] data and robust (sandwich) errors with clusters.
 *
 * Model: h(t | x) = h₀ₛ(t) exp(xᵀβ) in stratum s. β maximizes the partial likelihood (see
 * `evaluateCox`). Iteration as R's coxfit6: covariates are centered and scaled (except those
 * coded in {−1, 0, 1}), β starts at 0, a step that lowers the log-likelihood is halved toward the
 * last good β, and iteration stops when |1 − ℓ_old/ℓ_new| ≤ eps. Variance = I(β̂)⁻¹, with
 * aliased (collinear) covariates reported as NaN. Tests: Wald β̂ᵀV⁻¹β̂, likelihood ratio
 * 2(ℓ(β̂) − ℓ(0)), score U(0)ᵀI(0)⁻¹U(0), each on the number of estimable coefficients.
 * Robust variance: D ᵀD where D sums, per cluster, the score residuals times I⁻¹ (Lin & Wei 1989).
 *
 * Reference: Cox (1972); Efron (1977); Therneau & Grambsch (2000) ch. 3.
 * Matches R: `summary(coxph(Surv(time, status) ~ x1 + … + strata(s) + cluster(c),
 * ties = ties))`, including its warnings "Ran out of iterations and did not converge" and
 * "Loglik converged before variable j; coefficient may be infinite."; R's `summary` rounds the
 * Wald statistic to 2 decimals, this function does not.
 * Complexity: O(n) radix sort, then O(n p²) per iteration; concordance O(n log n).
 * Edge cases: problem values for no events, fewer than two rows, NaN covariates, and when no
 * coefficient is estimable (every covariate constant).
 *
 * @example
 * const fit = coxPh({ time, status, covariates: [age, sex], names: ["age", "sex"] });
 * if (fit.ok) fit.value.hazardRatio; // exp(coef)
 */
export function coxPh(data: CoxData, options: CoxOptions = {}): Outcome<CoxFit> {
  const {
    ties = "efron",
    maxIter = 20,
    eps = 1e-9,
    tolerChol = 2.220446049250313e-16 ** 0.75,
    tolerInf = Math.sqrt(eps),
    confLevel = 0.95,
  } = options;
  const prepared = prepareCox(data, ties);
  if (!prepared.ok) return prepared;
  const { design, order, means, scale, nEvent } = prepared.value;
  const p = design.p;
  const n = design.n;
  const fit = newtonRaphson(design, { maxIter, eps, tolerChol });
  // Back to the original scale of the covariates.
  const beta = Array.from(fit.beta, (b, j) => b * scale[j]);
  const variance = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) variance[j * p + k] = fit.variance[j * p + k] * scale[j] * scale[k];
  }
  const score = Array.from(fit.score, (u, j) => u / scale[j]);
  const aliased = beta.map((_, j) => fit.rank < p && variance[j * p + j] === 0);
  const warnings = [
    ...convergenceWarnings(fit, beta, score, variance, { maxIter, eps, tolerInf }),
    ...data.names
      .filter((_, j) => aliased[j])
      .map(
        (name) =>
          `covariate '${name}' is constant or collinear with the others; its coefficient is not estimable (R reports NA)`,
      ),
  ];
  const coef = beta.map((b, j) => (aliased[j] ? Number.NaN : b));
  const robust = options.robust || data.cluster !== undefined;
  let reported: Float64Array = variance;
  let robustSe: number[] | undefined;
  let robustScoreTest: ChiSquareTest | undefined;
  if (robust) {
    const clusterCodes = data.cluster ? factorCodes(data.cluster) : undefined;
    const robustVariance = sandwich(design, fit.beta, scale, variance, order, clusterCodes);
    robustSe = beta.map((_, j) => Math.sqrt(robustVariance[j * p + j]));
    reported = robustVariance;
    const statistic = robustScoreStatistic(design, order, clusterCodes, tolerChol);
    robustScoreTest = chiSquareTest(statistic, p);
  }
  const naiveSe = beta.map((_, j) => Math.sqrt(variance[j * p + j]));
  const se = beta.map((_, j) => Math.sqrt(reported[j * p + j]));
  const estimable = coef.filter((b) => !Number.isNaN(b)).length;
  const z = qnorm(1 - (1 - confLevel) / 2);
  const linearPredictors = linearPredictor(data.covariates, beta, means, aliased);
  const waldStatistic = waldStatisticOf(coef, reported, p, tolerChol);
  const lrStatistic = 2 * (fit.loglik - fit.initialLoglik);
  return success({
    names: data.names,
    coef,
    se,
    naiveSe,
    ...(robustSe ? { robustSe } : {}),
    ...(robustScoreTest ? { robustScoreTest } : {}),
    variance: Array.from({ length: p }, (_, j) =>
      Array.from(reported.subarray(j * p, (j + 1) * p)),
    ),
    z: coef.map((b, j) => b / se[j]),
    p: coef.map((b, j) => chiSquareCdf((b / se[j]) ** 2, 1, { lowerTail: false })),
    hazardRatio: coef.map(Math.exp),
    hazardRatioLower: coef.map((b, j) => Math.exp(b - z * se[j])),
    hazardRatioUpper: coef.map((b, j) => Math.exp(b + z * se[j])),
    loglik: [fit.initialLoglik, fit.loglik],
    waldTest: chiSquareTest(waldStatistic, estimable),
    lrTest: chiSquareTest(lrStatistic, estimable),
    scoreTest: chiSquareTest(fit.scoreStatistic, estimable),
    concordance: coxConcordance(
      design,
      order,
      linearPredictors,
      data.cluster ? factorCodes(data.cluster).codes : undefined,
    ),
    means,
    n,
    nEvent,
    iterations: fit.iterations,
    converged: fit.converged,
    ties,
    warnings,
    linearPredictors,
  });
}

export interface PreparedCox {
  design: CoxDesign;
  /** order[i] = input row of sorted row i. */
  order: Int32Array;
  means: number[];
  scale: number[];
  nEvent: number;
  /** The distinct (merged) times that the design's ranks index. */
  times: Float64Array;
}

/** Validates, sorts by stratum and time, and centers and scales the covariates as R does. */
export function prepareCox(data: CoxData, ties: "efron" | "breslow"): Outcome<PreparedCox> {
  const checked = checkSurvivalColumns(data);
  if (!checked.ok) return checked;
  const { time, status, start } = checked.value;
  const n = time.length;
  const p = data.covariates.length;
  if (p === 0) return failure("no_covariates", "give at least one covariate");
  if (data.names.length !== p) {
    return failure("bad_names", `${p} covariates but ${data.names.length} names; name each one`);
  }
  for (let j = 0; j < p; j++) {
    const column = data.covariates[j];
    if (column.length !== n) {
      return failure(
        "length_mismatch",
        `covariate '${data.names[j]}' has ${column.length} values but there are ${n} times`,
      );
    }
    const i = firstNonFinite(column);
    if (i >= 0) {
      return failure(
        "bad_covariate",
        `covariate '${data.names[j]}' is ${column[i]} at row ${i}; drop incomplete rows (R's na.omit) or fill them in`,
      );
    }
  }
  for (const [name, column] of [
    ["strata", data.strata],
    ["cluster", data.cluster],
  ] as const) {
    if (column && column.length !== n) {
      return failure(
        "length_mismatch",
        `${name} has ${column.length} values but there are ${n} times`,
      );
    }
  }
  if (n < 2) return failure("one_observation", "a Cox model needs at least two observations");
  let nEvent = 0;
  for (let i = 0; i < n; i++) nEvent += status[i];
  if (nEvent === 0) {
    return failure(
      "no_events",
      "every observation is censored; a Cox model needs at least one event",
    );
  }
  const ranked = start ? rankTimes(concat(start, time)) : rankTimes(time);
  const stopRankInput = start ? ranked.rank.subarray(n) : ranked.rank;
  const strata = data.strata ? factorCodes(data.strata) : undefined;
  // By time, and within a time deaths before censored rows, which the risk-set sums rely on.
  let order = orderByKey(deathsFirstKey(stopRankInput, status), 2 * ranked.times.length);
  if (strata) order = gather(order, orderByKey(gather(strata.codes, order), strata.levels.length));
  const position = inversePermutation(order);
  const stopRank = inSortedOrder(stopRankInput, position, new Int32Array(n));
  const sortedStatus = inSortedOrder(status, position, new Uint8Array(n));
  const stratum = strata
    ? inSortedOrder(strata.codes, position, new Int32Array(n))
    : new Int32Array(n);
  const { x, means, scale } = centeredCovariates(data.covariates, position);
  let startRank: Int32Array | undefined;
  let byStart: Int32Array | undefined;
  if (start) {
    startRank = inSortedOrder(ranked.rank.subarray(0, n), position, new Int32Array(n));
    const byStartAll = orderByKey(startRank, ranked.times.length);
    byStart = strata
      ? gather(byStartAll, orderByKey(gather(stratum, byStartAll), strata.levels.length))
      : byStartAll;
  }
  const design = coxDesign({
    n,
    p,
    x,
    stopRank,
    status: sortedStatus,
    stratum,
    efron: ties === "efron",
    startRank,
    byStart,
  });
  return success({ design, order, means, scale, nEvent, times: ranked.times });
}

/** Sort key of a row: its time rank, then deaths (0) before censored rows (1). */
function deathsFirstKey(stopRank: Int32Array, status: Uint8Array): Int32Array {
  const key = new Int32Array(stopRank.length);
  for (let i = 0; i < key.length; i++) key[i] = 2 * stopRank[i] + 1 - status[i];
  return key;
}

/**
 * The first row whose value is NaN or infinite, or −1. A function of its own, so that the engine
 * compiles the loop for the column's type rather than inside the long `prepareCox`.
 */
function firstNonFinite(column: ArrayLike<number>): number {
  for (let i = 0; i < column.length; i++) if (!Number.isFinite(column[i])) return i;
  return -1;
}

/**
 * Column-major covariates in sorted order, centered and scaled to mean absolute deviation 1, except
 * covariates whose values all lie in {−1, 0, 1} (R's `nocenter`), which are left alone.
 */
function centeredCovariates(
  covariates: ArrayLike<number>[],
  position: Int32Array,
): { x: Float64Array; means: number[]; scale: number[] } {
  const n = position.length;
  const p = covariates.length;
  const x = new Float64Array(n * p);
  const means: number[] = [];
  const scale: number[] = [];
  for (let j = 0; j < p; j++) {
    const column = covariates[j];
    const offset = j * n;
    // Sorted first, then summed in sorted order, as R's coxfit6 does.
    inSortedOrder(column, position, x.subarray(offset, offset + n));
    let sum = 0;
    let indicatorLike = true;
    for (let i = 0; i < n; i++) {
      const v = x[offset + i];
      sum += v;
      if (v !== 0 && v !== 1 && v !== -1) indicatorLike = false;
    }
    const mean = indicatorLike ? 0 : sum / n;
    let absolute = 0;
    for (let i = 0; i < n; i++) absolute += Math.abs(x[offset + i] - mean);
    const factor = indicatorLike ? 1 : absolute > 0 ? n / absolute : 1;
    if (!indicatorLike) for (let i = 0; i < n; i++) x[offset + i] = (x[offset + i] - mean) * factor;
    means.push(mean);
    scale.push(factor);
  }
  return { x, means, scale };
}

interface NewtonResult {
  beta: Float64Array;
  loglik: number;
  initialLoglik: number;
  scoreStatistic: number;
  /** Score at the final β (scaled covariates). */
  score: Float64Array;
  /** Inverse information at the final β (scaled covariates), row-major. */
  variance: Float64Array;
  rank: number;
  iterations: number;
  converged: boolean;
}

/** Newton–Raphson with step-halving, step for step as R's coxfit6. */
function newtonRaphson(
  design: CoxDesign,
  { maxIter, eps, tolerChol }: { maxIter: number; eps: number; tolerChol: number },
): NewtonResult {
  const p = design.p;
  const risk = new Float64Array(design.n);
  const evaluation = newEvaluation(p);
  let beta: Float64Array = new Float64Array(p);
  evaluateCox(design, beta, risk, evaluation);
  const initialLoglik = evaluation.loglik;
  let best = initialLoglik;
  const step = Float64Array.from(evaluation.score);
  let factor = Float64Array.from(evaluation.information);
  let rank = choleskyDecompose(factor, p, tolerChol);
  choleskySolve(factor, p, step);
  let scoreStatistic = 0;
  for (let j = 0; j < p; j++) scoreStatistic += evaluation.score[j] * step[j];
  let newBeta: Float64Array = beta.map((b, j) => b + step[j]);
  let halving = 0;
  for (let iteration = 1; iteration <= maxIter; iteration++) {
    evaluateCox(design, newBeta, risk, evaluation);
    factor = Float64Array.from(evaluation.information);
    rank = choleskyDecompose(factor, p, tolerChol);
    const finite =
      Number.isFinite(evaluation.loglik) &&
      evaluation.score.every(Number.isFinite) &&
      evaluation.information.every(Number.isFinite);
    if (finite && Math.abs(1 - best / evaluation.loglik) <= eps) {
      choleskyInvert(factor, p);
      return {
        beta: newBeta,
        loglik: evaluation.loglik,
        initialLoglik,
        scoreStatistic,
        score: Float64Array.from(evaluation.score),
        variance: factor,
        rank,
        iterations: iteration,
        converged: true,
      };
    }
    if (!finite || evaluation.loglik < best) {
      halving++;
      newBeta = newBeta.map((b, j) => (b + halving * beta[j]) / (halving + 1));
    } else {
      halving = 0;
      best = evaluation.loglik;
      const move = Float64Array.from(evaluation.score);
      choleskySolve(factor, p, move);
      beta = newBeta;
      newBeta = beta.map((b, j) => b + move[j]);
    }
  }
  // Out of iterations: report the last β that improved the likelihood.
  evaluateCox(design, beta, risk, evaluation);
  factor = Float64Array.from(evaluation.information);
  rank = choleskyDecompose(factor, p, tolerChol);
  choleskyInvert(factor, p);
  return {
    beta,
    loglik: evaluation.loglik,
    initialLoglik,
    scoreStatistic,
    score: Float64Array.from(evaluation.score),
    variance: factor,
    rank,
    iterations: maxIter,
    converged: false,
  };
}

/** R's coxph.fit warnings: no convergence, or a coefficient heading to ±∞. */
function convergenceWarnings(
  fit: NewtonResult,
  beta: number[],
  score: number[],
  variance: Float64Array,
  { maxIter, eps, tolerInf }: { maxIter: number; eps: number; tolerInf: number },
): string[] {
  const p = beta.length;
  if (maxIter <= 1) return [];
  // The next Newton step, |U V| per coefficient: large relative to β means β is not settling.
  const nextStep = beta.map((_, k) => {
    let s = 0;
    for (let j = 0; j < p; j++) s += score[j] * variance[j * p + k];
    return Math.abs(s);
  });
  if (!fit.converged) {
    return ["Ran out of iterations and did not converge"];
  }
  const infinite = beta
    .map((b, j) =>
      !Number.isFinite(score[j]) || (nextStep[j] > eps && nextStep[j] > tolerInf * Math.abs(b))
        ? j + 1
        : 0,
    )
    .filter((j) => j > 0);
  return infinite.length > 0
    ? [`Loglik converged before variable ${infinite.join(",")}; coefficient may be infinite.`]
    : [];
}

/** Wald statistic βᵀ V⁻¹ β over the estimable coefficients, as R's coxph.wtest. */
function waldStatisticOf(coef: number[], variance: Float64Array, p: number, tolerChol: number) {
  const kept = coef.map((b, j) => (Number.isNaN(b) ? -1 : j)).filter((j) => j >= 0);
  const m = kept.length;
  const v = new Float64Array(m * m);
  for (let a = 0; a < m; a++)
    for (let b = 0; b < m; b++) v[a * m + b] = variance[kept[a] * p + kept[b]];
  const solved = Float64Array.from(kept, (j) => coef[j]);
  choleskyDecompose(v, m, tolerChol);
  choleskySolve(v, m, solved);
  let sum = 0;
  for (let a = 0; a < m; a++) sum += coef[kept[a]] * solved[a];
  return sum;
}

function chiSquareTest(statistic: number, df: number): ChiSquareTest {
  // On 0 df (nothing estimable) R's summary(coxph) reports p = 1.
  const p = df === 0 ? 1 : chiSquareCdf(statistic, df, { lowerTail: false });
  return { statistic, df, p };
}

function linearPredictor(
  covariates: ArrayLike<number>[],
  beta: number[],
  means: number[],
  aliased: boolean[],
): Float64Array {
  const n = covariates[0].length;
  const eta = new Float64Array(n);
  for (let j = 0; j < beta.length; j++) {
    if (aliased[j]) continue;
    const column = covariates[j];
    const b = beta[j];
    const shift = b * means[j];
    for (let i = 0; i < n; i++) eta[i] += b * column[i] - shift;
  }
  return eta;
}

/** Score residuals at β = 0 summed within clusters (or rows): T; then Uᵀ(TᵀT)⁻¹U, U = Σ T. */
function robustScoreStatistic(
  design: CoxDesign,
  order: Int32Array,
  clusterCodes: FactorCodes | undefined,
  tolerChol: number,
): number {
  const { p, n } = design;
  const residuals = coxScoreResiduals(design, new Float64Array(p));
  const groupCount = clusterCodes ? clusterCodes.levels.length : n;
  const sums = new Float64Array(groupCount * p);
  for (let i = 0; i < n; i++) {
    const g = clusterCodes ? clusterCodes.codes[order[i]] : i;
    for (let j = 0; j < p; j++) sums[g * p + j] += residuals[i * p + j];
  }
  const u = new Float64Array(p);
  const crossProduct = new Float64Array(p * p);
  for (let g = 0; g < groupCount; g++) {
    for (let j = 0; j < p; j++) {
      u[j] += sums[g * p + j];
      for (let k = 0; k < p; k++) crossProduct[j * p + k] += sums[g * p + j] * sums[g * p + k];
    }
  }
  return quadraticFormInverse(crossProduct, p, u, tolerChol);
}

/** Robust variance D ᵀD from score residuals × I⁻¹ summed within clusters (or rows). */
function sandwich(
  design: CoxDesign,
  scaledBeta: Float64Array,
  scale: number[],
  variance: Float64Array,
  order: Int32Array,
  clusterCodes: FactorCodes | undefined,
): Float64Array {
  const p = design.p;
  const n = design.n;
  const residuals = coxScoreResiduals(design, scaledBeta);
  const groupCount = clusterCodes ? clusterCodes.levels.length : n;
  const sums = new Float64Array(groupCount * p);
  for (let i = 0; i < n; i++) {
    const g = clusterCodes ? clusterCodes.codes[order[i]] : i;
    for (let k = 0; k < p; k++) {
      let dfbeta = 0;
      // Residuals are on the scaled covariates (x − m)·s: divide by s for the original scale.
      for (let j = 0; j < p; j++) dfbeta += (residuals[i * p + j] / scale[j]) * variance[j * p + k];
      sums[g * p + k] += dfbeta;
    }
  }
  const robust = new Float64Array(p * p);
  for (let g = 0; g < groupCount; g++) {
    for (let j = 0; j < p; j++) {
      for (let k = 0; k < p; k++) robust[j * p + k] += sums[g * p + j] * sums[g * p + k];
    }
  }
  return robust;
}

/**
 * Copies input-order values into sorted order: out[position[r]] = values[r]. Reads the input in
 * order; see `inversePermutation` for why this beats out[i] = values[order[i]].
 */
function inSortedOrder<T extends Float64Array | Int32Array | Uint8Array>(
  values: ArrayLike<number>,
  position: Int32Array,
  out: T,
): T {
  for (let r = 0; r < position.length; r++) out[position[r]] = values[r];
  return out;
}

function gather(values: Int32Array, order: Int32Array): Int32Array {
  const out = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = values[order[i]];
  return out;
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const joined = new Float64Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
