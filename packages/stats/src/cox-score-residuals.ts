import type { CoxDesign } from "./cox-risk-sets";

/**
 * Score residuals of a Cox fit: each row's contribution to the score vector, the building block
 * of robust (sandwich) variances and dfbeta.
 *
 * Formula (Breslow): L_i = ∫ (x_i − x̄(t)) (dN_i(t) − Y_i(t) e^{η_i} dΛ(t)) with x̄ = S1/S0 and
 * dΛ = d/S0 at each death time. With Efron ties, the d tied deaths at t split into d steps with
 * denominators S0 − (k/d)·Σ_D e^η (k = 0..d−1); every row at risk takes each step's hazard,
 * each death takes 1/d of each (x − x̄_k) and is charged only (1 − k/d) of step k's hazard.
 *
 * Reference: Therneau, Grambsch & Fleming (1990); Therneau & Grambsch (2000) §4.6.
 * Matches R: `residuals(coxph(...), type = "score")` (coxscore2 / agscore3).
 * Complexity: O(n p) after one pass over the risk sets, plus O(log u) per row for start times.
 *
 * @returns row-major n×p residuals for the rows of `design` (sorted order, design's covariates).
 * @example
 * const residuals = coxScoreResiduals(design, beta); // residuals[i * p + j]
 */
export function coxScoreResiduals(design: CoxDesign, beta: Float64Array): Float64Array {
  const { n, p, x } = design;
  const risk = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += beta[j] * x[j * n + i];
    risk[i] = Math.exp(eta);
  }
  const events = deathTimeTerms(design, risk);
  const residuals = new Float64Array(n * p);
  const { stopRank, status, stratum, startRank } = design;
  // Cumulative hazard and Σ x̄ dΛ up to each event, within its stratum, ascending.
  const m = events.rank.length;
  const cumHazard = new Float64Array(m);
  const cumXHazard = new Float64Array(m * p);
  for (let e = 0; e < m; e++) {
    const continues = e > 0 && events.stratum[e - 1] === events.stratum[e];
    cumHazard[e] = (continues ? cumHazard[e - 1] : 0) + events.hazard[e];
    for (let j = 0; j < p; j++) {
      cumXHazard[e * p + j] =
        (continues ? cumXHazard[(e - 1) * p + j] : 0) + events.xHazard[e * p + j];
    }
  }
  const firstEvent = new Int32Array(stratum.length > 0 ? stratum[n - 1] + 2 : 1).fill(-1);
  for (let e = m - 1; e >= 0; e--) firstEvent[events.stratum[e]] = e;
  let pointer = -1; // last event at or before the current row's stop time
  for (let i = 0; i < n; i++) {
    while (
      pointer + 1 < m &&
      (events.stratum[pointer + 1] < stratum[i] ||
        (events.stratum[pointer + 1] === stratum[i] && events.rank[pointer + 1] <= stopRank[i]))
    ) {
      pointer++;
    }
    const atStop = pointer >= 0 && events.stratum[pointer] === stratum[i] ? pointer : -1;
    const atStart =
      startRank && atStop >= 0
        ? lastEventAtOrBefore(events.rank, firstEvent[stratum[i]], atStop, startRank[i])
        : -1;
    const hazard = (atStop >= 0 ? cumHazard[atStop] : 0) - (atStart >= 0 ? cumHazard[atStart] : 0);
    const r = risk[i];
    const isDeath = status[i] === 1;
    for (let j = 0; j < p; j++) {
      const xij = x[j * n + i];
      const xHazard =
        (atStop >= 0 ? cumXHazard[atStop * p + j] : 0) -
        (atStart >= 0 ? cumXHazard[atStart * p + j] : 0);
      let value = -r * (xij * hazard - xHazard);
      if (isDeath) {
        value +=
          xij -
          events.deathMean[atStop * p + j] +
          r * (xij * events.refund[atStop] - events.refundX[atStop * p + j]);
      }
      residuals[i * p + j] = value;
    }
  }
  return residuals;
}

interface DeathTimeTerms {
  stratum: Int32Array;
  rank: Int32Array;
  /** Σ over Efron steps of the hazard increment. */
  hazard: Float64Array;
  /** Σ over steps of x̄ × hazard increment (p per event). */
  xHazard: Float64Array;
  /** Mean over steps of x̄ (p per event): what a death's own covariate is compared with. */
  deathMean: Float64Array;
  /** Σ over steps of hazard × k/d: the part of the hazard a death is not charged. */
  refund: Float64Array;
  refundX: Float64Array;
}

/** One backward pass over the risk sets, collecting per death time terms, in ascending order. */
function deathTimeTerms(design: CoxDesign, risk: Float64Array): DeathTimeTerms {
  const { n, p, x, stopRank, status, stratum, efron, startRank, byStart } = design;
  const strata: number[] = [];
  const ranks: number[] = [];
  const hazard: number[] = [];
  const xHazard: number[] = [];
  const deathMean: number[] = [];
  const refund: number[] = [];
  const refundX: number[] = [];
  const sum1 = new Float64Array(p);
  const deathSum1 = new Float64Array(p);
  let sum0 = 0;
  let currentStratum = -1;
  let removal = n - 1;
  let person = n - 1;
  while (person >= 0) {
    if (stratum[person] !== currentStratum) {
      currentStratum = stratum[person];
      sum0 = 0;
      sum1.fill(0);
      if (byStart) while (removal >= 0 && stratum[byStart[removal]] > currentStratum) removal--;
    }
    const rank = stopRank[person];
    let deaths = 0;
    let deathSum0 = 0;
    deathSum1.fill(0);
    while (person >= 0 && stopRank[person] === rank && stratum[person] === currentStratum) {
      const r = risk[person];
      sum0 += r;
      for (let j = 0; j < p; j++) sum1[j] += r * x[j * n + person];
      if (status[person] === 1) {
        deaths++;
        deathSum0 += r;
        for (let j = 0; j < p; j++) deathSum1[j] += r * x[j * n + person];
      }
      person--;
    }
    if (byStart && startRank) {
      while (removal >= 0) {
        const row = byStart[removal];
        if (stratum[row] !== currentStratum || startRank[row] < rank) break;
        sum0 -= risk[row];
        for (let j = 0; j < p; j++) sum1[j] -= risk[row] * x[j * n + row];
        removal--;
      }
    }
    if (deaths === 0) continue;
    const steps = efron ? deaths : 1;
    let stepHazardSum = 0;
    let refundSum = 0;
    const xh = new Float64Array(p);
    const mean = new Float64Array(p);
    const rx = new Float64Array(p);
    for (let k = 0; k < steps; k++) {
      const down = efron ? k / deaths : 0;
      const denominator = sum0 - down * deathSum0;
      const increment = (efron ? 1 : deaths) / denominator;
      stepHazardSum += increment;
      refundSum += increment * down;
      for (let j = 0; j < p; j++) {
        const xbar = (sum1[j] - down * deathSum1[j]) / denominator;
        xh[j] += xbar * increment;
        mean[j] += xbar / steps;
        rx[j] += increment * down * xbar;
      }
    }
    strata.push(currentStratum);
    ranks.push(rank);
    hazard.push(stepHazardSum);
    refund.push(refundSum);
    for (let j = 0; j < p; j++) {
      xHazard.push(xh[j]);
      deathMean.push(mean[j]);
      refundX.push(rx[j]);
    }
  }
  const m = ranks.length;
  const reversed = (values: number[], width: number) => {
    const out = new Float64Array(values.length);
    for (let e = 0; e < m; e++) {
      for (let j = 0; j < width; j++) out[(m - 1 - e) * width + j] = values[e * width + j];
    }
    return out;
  };
  return {
    stratum: Int32Array.from(strata).reverse(),
    rank: Int32Array.from(ranks).reverse(),
    hazard: reversed(hazard, 1),
    xHazard: reversed(xHazard, p),
    deathMean: reversed(deathMean, p),
    refund: reversed(refund, 1),
    refundX: reversed(refundX, p),
  };
}

/** Index in [first, last] of the last event with rank ≤ `rank`, or −1 (binary search). */
function lastEventAtOrBefore(ranks: Int32Array, first: number, last: number, rank: number): number {
  let low = first;
  let high = last;
  let answer = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (ranks[mid] <= rank) {
      answer = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return answer;
}
