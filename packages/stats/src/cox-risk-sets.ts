/**
 * The inner loop of the Cox partial likelihood: log-likelihood, score and information at one β,
 * walking the risk sets once from the last time to the first.
 *
 * Data are prepared by `coxPh`: rows sorted by stratum then stop time ascending, covariates
 * row-major and centered/scaled, and for (start, stop] data a second order by start time.
 */
export interface CoxDesign {
  n: number;
  /** Number of covariates. */
  p: number;
  /** Row-major covariates in sorted order: x[i·p + j]. */
  x: Float64Array;
  /** Stop-time rank (distinct, merged times) per sorted row. */
  stopRank: Int32Array;
  status: Uint8Array;
  /** Stratum code per sorted row (non-decreasing). */
  stratum: Int32Array;
  /** For (start, stop] data: start-time rank per sorted row. */
  startRank?: Int32Array;
  /** For (start, stop] data: sorted rows ordered by stratum, then start rank (ascending). */
  byStart?: Int32Array;
  /** true = Efron's approximation for tied deaths, false = Breslow's. */
  efron: boolean;
}

/** Work space and results of one evaluation; reused across Newton–Raphson steps. */
export interface CoxEvaluation {
  loglik: number;
  /** Score vector U(β). */
  score: Float64Array;
  /** Information matrix I(β), row-major p×p (full, symmetric). */
  information: Float64Array;
}

export function newEvaluation(p: number): CoxEvaluation {
  return { loglik: 0, score: new Float64Array(p), information: new Float64Array(p * p) };
}

/**
 * Evaluates the partial log-likelihood, score and information at β.
 *
 * For each distinct death time t with death set D (d deaths) and risk set R(t):
 *   Breslow: ℓ += Σ_D η_i − d log S0,  with S0 = Σ_R e^η, S1 = Σ_R e^η x, S2 = Σ_R e^η x xᵀ;
 *   Efron:   the k-th of the d deaths (k = 0..d−1) sees S0 − (k/d) Σ_D e^η (and likewise S1, S2).
 * U += Σ_D x_i − Σ_k S1/S0,  I += Σ_k (S2/S0 − S1 S1ᵀ/S0²).
 *
 * Reference: Efron (1977); Therneau & Grambsch (2000) §3.3; as R survival's coxfit6/agfit4.
 * Complexity: O(n p²) per evaluation. `risk` is scratch of length n.
 */
export function evaluateCox(
  design: CoxDesign,
  beta: Float64Array,
  risk: Float64Array,
  out: CoxEvaluation,
): void {
  const { n, p, x, stopRank, status, stratum, efron, startRank, byStart } = design;
  for (let i = 0; i < n; i++) {
    let eta = 0;
    const offset = i * p;
    for (let j = 0; j < p; j++) eta += beta[j] * x[offset + j];
    risk[i] = Math.exp(eta);
  }
  const score = out.score;
  const information = out.information;
  score.fill(0);
  information.fill(0);
  let loglik = 0;
  const sum1 = new Float64Array(p);
  const sum2 = new Float64Array(p * p);
  const deathSum1 = new Float64Array(p);
  const deathSum2 = new Float64Array(p * p);
  let sum0 = 0;
  let currentStratum = -1;
  let removal = n - 1; // position in byStart, walked backwards
  let person = n - 1;
  while (person >= 0) {
    if (stratum[person] !== currentStratum) {
      currentStratum = stratum[person];
      sum0 = 0;
      sum1.fill(0);
      sum2.fill(0);
      if (byStart) while (removal >= 0 && stratum[byStart[removal]] > currentStratum) removal--;
    }
    const rank = stopRank[person];
    let deaths = 0;
    let deathSum0 = 0;
    while (person >= 0 && stopRank[person] === rank && stratum[person] === currentStratum) {
      const r = risk[person];
      const offset = person * p;
      if (status[person] === 0) {
        sum0 += r;
        for (let j = 0; j < p; j++) {
          const rx = r * x[offset + j];
          sum1[j] += rx;
          for (let k = 0; k <= j; k++) sum2[j * p + k] += rx * x[offset + k];
        }
      } else {
        if (deaths === 0) {
          deathSum1.fill(0);
          deathSum2.fill(0);
        }
        deaths++;
        deathSum0 += r;
        for (let j = 0; j < p; j++) {
          const xj = x[offset + j];
          loglik += beta[j] * xj;
          score[j] += xj;
          const rx = r * xj;
          deathSum1[j] += rx;
          for (let k = 0; k <= j; k++) deathSum2[j * p + k] += rx * x[offset + k];
        }
      }
      person--;
    }
    if (byStart && startRank) {
      // Rows whose interval starts at or after t are not at risk at t.
      while (removal >= 0) {
        const row = byStart[removal];
        if (stratum[row] !== currentStratum) break;
        if (startRank[row] < rank) break;
        const r = risk[row];
        const offset = row * p;
        sum0 -= r;
        for (let j = 0; j < p; j++) {
          const rx = r * x[offset + j];
          sum1[j] -= rx;
          for (let k = 0; k <= j; k++) sum2[j * p + k] -= rx * x[offset + k];
        }
        removal--;
      }
    }
    if (deaths === 0) continue;
    if (!efron || deaths === 1) {
      sum0 += deathSum0;
      for (let j = 0; j < p; j++) {
        sum1[j] += deathSum1[j];
        for (let k = 0; k <= j; k++) sum2[j * p + k] += deathSum2[j * p + k];
      }
      loglik -= deaths * Math.log(sum0);
      for (let j = 0; j < p; j++) {
        const mean = sum1[j] / sum0;
        score[j] -= deaths * mean;
        for (let k = 0; k <= j; k++) {
          information[j * p + k] += (deaths * (sum2[j * p + k] - mean * sum1[k])) / sum0;
        }
      }
    } else {
      for (let step = 0; step < deaths; step++) {
        sum0 += deathSum0 / deaths;
        loglik -= Math.log(sum0);
        for (let j = 0; j < p; j++) {
          sum1[j] += deathSum1[j] / deaths;
          const mean = sum1[j] / sum0;
          score[j] -= mean;
          for (let k = 0; k <= j; k++) {
            sum2[j * p + k] += deathSum2[j * p + k] / deaths;
            information[j * p + k] += (sum2[j * p + k] - mean * sum1[k]) / sum0;
          }
        }
      }
    }
  }
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < j; k++) information[k * p + j] = information[j * p + k];
  }
  out.loglik = loglik;
}
