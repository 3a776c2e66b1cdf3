/**
 * The inner loop of the Cox partial likelihood: log-likelihood, score and information at one β.
 *
 * Data are prepared by {@link coxDesign}: rows sorted by stratum then stop time, covariates
 * column-major and centered/scaled, rows with the same stratum and time gathered in "tie groups",
 * and for (start, stop] data an order by start time.
 */
export interface CoxDesign {
  n: number;
  /** Number of covariates. */
  p: number;
  /** Column-major covariates in sorted order: x[j·n + i]. */
  x: Float64Array;
  /** Stop-time rank (distinct, merged times) per sorted row. */
  stopRank: Int32Array;
  status: Uint8Array;
  /** Stratum code per sorted row (non-decreasing). */
  stratum: Int32Array;
  /**
   * Tie groups: group g holds sorted rows groupStart[g] … groupStart[g+1] − 1 (same stratum, same
   * time), its deaths first.
   */
  groupStart: Int32Array;
  /** Deaths per tie group. */
  groupDeaths: Int32Array;
  /** Σ over deaths of each covariate: the constant part of the score. */
  deathCovariateSum: Float64Array;
  /** For (start, stop] data: start-time rank per sorted row. */
  startRank?: Int32Array;
  /** For (start, stop] data: sorted rows ordered by stratum, then start rank (ascending). */
  byStart?: Int32Array;
  /** true = Efron's approximation for tied deaths, false = Breslow's. */
  efron: boolean;
}

/**
 * Completes a design from sorted rows: tie groups, deaths per group and the deaths' covariate sums.
 * Within a time, the rows must list deaths before censored rows.
 * Complexity: O(n p).
 */
export function coxDesign(
  rows: Pick<CoxDesign, "n" | "p" | "x" | "stopRank" | "status" | "stratum" | "efron"> &
    Partial<Pick<CoxDesign, "startRank" | "byStart">>,
): CoxDesign {
  const { n, p, x, stopRank, status, stratum } = rows;
  const opensGroup = (i: number) =>
    i === 0 || stopRank[i] !== stopRank[i - 1] || stratum[i] !== stratum[i - 1];
  let groupCount = 0;
  for (let i = 0; i < n; i++) if (opensGroup(i)) groupCount++;
  const groupStart = new Int32Array(groupCount + 1);
  const groupDeaths = new Int32Array(groupCount);
  let g = -1;
  for (let i = 0; i < n; i++) {
    if (opensGroup(i)) groupStart[++g] = i;
    else if (status[i] > status[i - 1])
      throw new Error("a death follows a censored row at one time");
    groupDeaths[g] += status[i];
  }
  groupStart[groupCount] = n;
  const deathCovariateSum = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let sum = 0;
    // Times 0 or 1 rather than a branch on status, which mispredicts on every other row.
    for (let i = 0; i < n; i++) sum += x[j * n + i] * status[i];
    deathCovariateSum[j] = sum;
  }
  return {
    ...rows,
    groupStart,
    groupDeaths,
    deathCovariateSum,
  };
}

/** Work space and results of one evaluation; reused across Newton–Raphson steps. */
export interface CoxEvaluation {
  loglik: number;
  /** Score vector U(β). */
  score: Float64Array;
  /** Information matrix I(β), row-major p×p (full, symmetric). */
  information: Float64Array;
}

/**
 * Extra sums for the test of proportional hazards: the score and information of the covariates
 * times g(t), a function of time given per tie group (see `coxZph`).
 */
export interface TimeWeightedSums {
  /** g(t) per tie group. */
  weight: Float64Array;
  /** −Σ g(t) × (risk-set mean part of the score), p values. */
  score: Float64Array;
  /** Σ g(t) × information contribution, row-major p×p (lower triangle filled). */
  cross: Float64Array;
  /** Σ g(t)² × information contribution, row-major p×p (lower triangle filled). */
  squared: Float64Array;
}

export function newEvaluation(p: number): CoxEvaluation {
  return { loglik: 0, score: new Float64Array(p), information: new Float64Array(p * p) };
}

/**
 * Evaluates the partial log-likelihood, score and information at β.
 *
 * At a death time with d deaths, risk-set sums S = Σ_R e^η (1, x, x xᵀ) and death sums
 * D = Σ_deaths e^η (1, x, x xᵀ): Efron's k-th step (k = 0 … d−1, a = k/d) uses S − aD; Breslow
 * uses S for all d deaths. Then
 *   ℓ = Σ_deaths η − Σ_steps log(S0 − a D0),
 *   U = Σ_deaths x − Σ_steps (S1 − a D1)/(S0 − a D0),
 *   I = Σ_steps [(S2 − a D2)/(S0 − a D0) − (S1 − a D1)(S1 − a D1)ᵀ/(S0 − a D0)²].
 * The steps enter only through the weights w1 = Σ 1/den, w2 = Σ a/den, v0 = Σ 1/den²,
 * v1 = Σ a/den², v2 = Σ a²/den², so a death time costs O(d + p²) however many deaths tie.
 * One pass from the last time to the first keeps the running sums S, restarting in each stratum
 * and removing (start, stop] rows once the pass reaches their start.
 *
 * Reference: Efron (1977); Therneau & Grambsch (2000) §3.3; the same quantities as R survival's
 * coxfit6 (right-censored) and agfit4 ((start, stop]).
 * Complexity: O(n p²) per evaluation. `risk` is scratch of length n.
 */
export function evaluateCox(
  design: CoxDesign,
  beta: Float64Array,
  risk: Float64Array,
  out: CoxEvaluation,
  timeWeighted?: TimeWeightedSums,
): void {
  const { n, p, x, stratum, groupStart, groupDeaths, efron, deathCovariateSum } = design;
  const { stopRank, startRank, byStart } = design;
  let loglik = 0;
  let deathsLinearPredictor = 0;
  const score = out.score;
  const information = out.information;
  score.set(deathCovariateSum);
  information.fill(0);
  // Running sums, laid out as [S0, S1_0 … S1_{p−1}, S2_00, S2_10, S2_11, S2_20 …] (lower triangle).
  const width = 1 + p + (p * (p + 1)) / 2;
  const sums = new Float64Array(width);
  const deathSums = new Float64Array(width);
  let currentStratum = -1;
  let removal = byStart ? byStart.length - 1 : -1;
  for (let g = groupStart.length - 2; g >= 0; g--) {
    const from = groupStart[g];
    const to = groupStart[g + 1];
    if (stratum[from] !== currentStratum) {
      currentStratum = stratum[from];
      sums.fill(0);
    }
    // Each group's rows are read from memory once: risk scores, then the sums, in cache.
    deathsLinearPredictor += groupRisk(design, beta, from, to, risk);
    const d = groupDeaths[g];
    addGroupSums(design, risk, g, sums, deathSums);
    if (byStart && startRank) {
      // Rows whose interval starts at or after this time are not at risk yet.
      const rank = stopRank[from];
      while (removal >= 0) {
        const row = byStart[removal];
        if (stratum[row] > currentStratum) {
          removal--;
          continue;
        }
        if (stratum[row] < currentStratum || startRank[row] < rank) break;
        const r = risk[row];
        sums[0] -= r;
        let q = 1 + p;
        for (let j = 0; j < p; j++) {
          const v = r * x[j * n + row];
          sums[1 + j] -= v;
          for (let k = 0; k <= j; k++) sums[q++] -= v * x[k * n + row];
        }
        removal--;
      }
    }
    if (d === 0) continue;
    let w1 = 0;
    let w2 = 0;
    let v0 = 0;
    let v1 = 0;
    let v2 = 0;
    if (!efron || d === 1) {
      loglik -= d * Math.log(sums[0]);
      w1 = d / sums[0];
      v0 = d / (sums[0] * sums[0]);
    } else {
      for (let k = 0; k < d; k++) {
        const a = k / d;
        const den = sums[0] - a * deathSums[0];
        loglik -= Math.log(den);
        w1 += 1 / den;
        w2 += a / den;
        const inverseSquare = 1 / (den * den);
        v0 += inverseSquare;
        v1 += a * inverseSquare;
        v2 += a * a * inverseSquare;
      }
    }
    const g2 = timeWeighted ? timeWeighted.weight[g] : 0;
    let q = 1 + p;
    for (let j = 0; j < p; j++) {
      const sj = sums[1 + j];
      const dj = deathSums[1 + j];
      const meanPart = sj * w1 - dj * w2;
      score[j] -= meanPart;
      if (timeWeighted) timeWeighted.score[j] -= g2 * meanPart;
      for (let k = 0; k <= j; k++) {
        const sk = sums[1 + k];
        const dk = deathSums[1 + k];
        const term =
          sums[q] * w1 -
          deathSums[q] * w2 -
          (sj * sk * v0 - (sj * dk + dj * sk) * v1 + dj * dk * v2);
        information[j * p + k] += term;
        if (timeWeighted) {
          timeWeighted.cross[j * p + k] += g2 * term;
          timeWeighted.squared[j * p + k] += g2 * g2 * term;
        }
        q++;
      }
    }
    deathSums.fill(0);
  }
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < j; k++) information[k * p + j] = information[j * p + k];
  }
  out.loglik = deathsLinearPredictor + loglik;
}

/** Sets risk[i] = e^η for the rows from … to − 1 of one tie group; returns Σ η over its deaths. */
function groupRisk(
  design: CoxDesign,
  beta: Float64Array,
  from: number,
  to: number,
  risk: Float64Array,
): number {
  const { n, p, x, status } = design;
  let deaths = 0;
  for (let i = from; i < to; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += beta[j] * x[j * n + i];
    if (status[i] === 1) deaths += eta;
    risk[i] = Math.exp(eta);
  }
  return deaths;
}

/**
 * Adds the rows of tie group g to the running sums e^η (1, x, x xᵀ), and its deaths (its first
 * rows) to `deathSums`. One tight pass per sum over the deaths, then over the rest, with the
 * accumulator in a register: a group's rows are contiguous and stay in cache across the passes.
 */
function addGroupSums(
  design: CoxDesign,
  risk: Float64Array,
  g: number,
  sums: Float64Array,
  deathSums: Float64Array,
): void {
  const { n, p, x, groupStart, groupDeaths } = design;
  const from = groupStart[g];
  const to = groupStart[g + 1];
  const split = from + groupDeaths[g];
  let dead = sumRange(risk, from, split);
  sums[0] += dead + sumRange(risk, split, to);
  deathSums[0] += dead;
  let q = 1 + p;
  for (let j = 0; j < p; j++) {
    const xj = j * n;
    dead = productSum(risk, x, xj, xj, from, split, false);
    sums[1 + j] += dead + productSum(risk, x, xj, xj, split, to, false);
    deathSums[1 + j] += dead;
    for (let k = 0; k <= j; k++) {
      const xk = k * n;
      dead = productSum(risk, x, xj, xk, from, split, true);
      sums[q] += dead + productSum(risk, x, xj, xk, split, to, true);
      deathSums[q] += dead;
      q++;
    }
  }
}

function sumRange(values: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i];
  return sum;
}

/** Σ risk[i]·x[a + i] (·x[b + i] when `both`) over rows from … to − 1. */
function productSum(
  risk: Float64Array,
  x: Float64Array,
  a: number,
  b: number,
  from: number,
  to: number,
  both: boolean,
): number {
  let sum = 0;
  if (both) for (let i = from; i < to; i++) sum += risk[i] * x[a + i] * x[b + i];
  else for (let i = from; i < to; i++) sum += risk[i] * x[a + i];
  return sum;
}
