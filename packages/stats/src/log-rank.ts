import { chiSquareCdf } from "./chi-square-cdf";
import { quadraticFormInverse } from "./cholesky";
import { failure, type Outcome, success } from "./outcome";
import { checkSurvivalColumns, factorCodes, type SurvivalColumns } from "./survival-input";
import { orderByKey, rankTimes } from "./time-ranks";

export interface LogRankResult {
  /** Group labels in R's sorted level order. */
  groups: string[];
  /** Rows per group. */
  n: number[];
  /** Weighted observed events per group, summed over strata. */
  observed: number[];
  /** Weighted expected events per group under equal hazards, summed over strata. */
  expected: number[];
  /** Per stratum (rows = groups, columns = strata), when there are strata. */
  observedByStratum?: number[][];
  expectedByStratum?: number[][];
  /** Variance–covariance matrix of observed − expected, rows = groups. */
  variance: number[][];
  chisq: number;
  df: number;
  p: number;
  /** Fleming–Harrington ρ used. */
  rho: number;
}

export interface LogRankOptions {
  /** Fleming–Harrington weight S(t−)^ρ: 0 = log-rank, 1 = Peto & Peto's Wilcoxon. */
  rho?: number;
}

/**
 * The G^ρ family of tests that survival differs between groups (log-rank for ρ = 0), optionally
 * stratified.
 *
 * At each distinct event time t in a stratum, with d deaths among n at risk, n_k at risk and
 * d_k deaths in group k, and weight w = S(t−)^ρ from the Kaplan–Meier curve of the stratum's
 * pooled data (left-continuous):
 *   O_k += w d_k,  E_k += w d n_k / n,
 *   V_jk += w² d (n − d)/(n − 1) · (n_j/n)(δ_jk − n_k/n).
 * Sums run over times and strata. χ² = (O − E)ᵀ V⁻¹ (O − E) over the groups with E > 0, the first
 * of them dropped; df = (number of groups with E > 0) − 1.
 *
 * Reference: Harrington & Fleming (1982); Therneau & Grambsch (2000) §3.3.
 * Matches R: `survdiff(Surv(time, status) ~ group + strata(strata), rho = rho)`, with R's
 * `aeqSurv` merging of near-equal times.
 * Complexity: O(n + u·G²) after one radix sort (u distinct times, G groups).
 * Edge cases: a group without events still counts (its E > 0); fewer than two groups, or no event
 * at all, is a problem value.
 *
 * @example
 * const test = logRank({ time: [1, 2, 3, 4], status: [1, 1, 1, 0], group: ["a", "b", "a", "b"] });
 * if (test.ok) test.value.chisq; // χ² with 1 df
 */
export function logRank(
  data: SurvivalColumns & {
    group: ArrayLike<string | number>;
    strata?: ArrayLike<string | number>;
  },
  { rho = 0 }: LogRankOptions = {},
): Outcome<LogRankResult> {
  const checked = checkSurvivalColumns(data);
  if (!checked.ok) return checked;
  if (checked.value.start) {
    return failure("unsupported", "the log-rank test takes right-censored data; drop start times");
  }
  const { time, status } = checked.value;
  const n = time.length;
  for (const [name, column] of [
    ["group", data.group],
    ["strata", data.strata],
  ] as const) {
    if (column && column.length !== n) {
      return failure(
        "length_mismatch",
        `time has ${n} values but ${name} has ${column.length}; give one ${name} per time`,
      );
    }
  }
  if (!Number.isFinite(rho)) return failure("bad_rho", `rho is ${rho}; give a finite number`);
  const groups = factorCodes(data.group);
  const groupCount = groups.levels.length;
  if (groupCount < 2) {
    return failure(
      "one_group",
      `every row is in group '${groups.levels[0]}'; the test compares at least two groups`,
    );
  }
  let events = 0;
  for (let i = 0; i < n; i++) events += status[i];
  if (events === 0) {
    return failure("no_events", "every observation is censored; the test needs at least one event");
  }
  const strata = data.strata ? factorCodes(data.strata) : undefined;
  const sums = accumulate(time, status, groups.codes, groupCount, strata, rho);
  const observed = rowSums(sums.observed, groupCount);
  const expected = rowSums(sums.expected, groupCount);
  const { chisq, df } = chiSquare(observed, expected, sums.variance, groupCount);
  const size = new Array(groupCount).fill(0);
  for (let i = 0; i < n; i++) size[groups.codes[i]]++;
  return success({
    groups: groups.levels,
    n: size,
    observed,
    expected,
    ...(strata
      ? {
          observedByStratum: sums.observed.map((row) => Array.from(row)),
          expectedByStratum: sums.expected.map((row) => Array.from(row)),
        }
      : {}),
    variance: Array.from({ length: groupCount }, (_, j) =>
      Array.from(sums.variance.subarray(j * groupCount, (j + 1) * groupCount)),
    ),
    chisq,
    df,
    p: df > 0 ? chiSquareCdf(chisq, df, { lowerTail: false }) : Number.NaN,
    rho,
  });
}

interface Sums {
  /** Per group a row of per-stratum values. */
  observed: Float64Array[];
  expected: Float64Array[];
  variance: Float64Array;
}

/** One pass over rows sorted by stratum, then time, accumulating O, E and V. */
function accumulate(
  time: Float64Array,
  status: Uint8Array,
  group: Int32Array,
  groupCount: number,
  strata: { levels: string[]; codes: Int32Array } | undefined,
  rho: number,
): Sums {
  const n = time.length;
  const ranked = rankTimes(time);
  const strataCount = strata ? strata.levels.length : 1;
  const sums: Sums = {
    observed: Array.from({ length: groupCount }, () => new Float64Array(strataCount)),
    expected: Array.from({ length: groupCount }, () => new Float64Array(strataCount)),
    variance: new Float64Array(groupCount * groupCount),
  };
  if (strataCount * groupCount * ranked.times.length <= 4 * n + 65536) {
    accumulateByTable(
      sums,
      ranked.rank,
      ranked.times.length,
      status,
      group,
      groupCount,
      strata,
      rho,
    );
    return sums;
  }
  let order = ranked.order;
  if (strata) {
    const byStratum = orderByKey(gatherInt(strata.codes, order), strataCount);
    order = gatherInt(order, byStratum);
  }
  const atRisk = new Float64Array(groupCount);
  const deaths = new Float64Array(groupCount);
  let i = 0;
  while (i < n) {
    const stratum = strata ? strata.codes[order[i]] : 0;
    let end = i;
    atRisk.fill(0);
    while (end < n && (strata ? strata.codes[order[end]] : 0) === stratum) {
      atRisk[group[order[end]]]++;
      end++;
    }
    let total = end - i;
    let survival = 1;
    while (i < end) {
      const rank = ranked.rank[order[i]];
      deaths.fill(0);
      let tieEnd = i;
      let d = 0;
      while (tieEnd < end && ranked.rank[order[tieEnd]] === rank) {
        const row = order[tieEnd];
        if (status[row] === 1) {
          deaths[group[row]]++;
          d++;
        }
        tieEnd++;
      }
      if (d > 0) {
        addDeathTime(sums, stratum, atRisk, deaths, total, d, rho === 0 ? 1 : survival ** rho);
        survival *= (total - d) / total;
      }
      for (let t = i; t < tieEnd; t++) atRisk[group[order[t]]]--;
      total -= tieEnd - i;
      i = tieEnd;
    }
  }
  return sums;
}

/**
 * The same sums from a (stratum × group × distinct time) table of rows and deaths filled in one
 * sequential pass: used when that table is small next to the data (times repeat, as days do).
 */
function accumulateByTable(
  sums: Sums,
  rank: Int32Array,
  timeCount: number,
  status: Uint8Array,
  group: Int32Array,
  groupCount: number,
  strata: { levels: string[]; codes: Int32Array } | undefined,
  rho: number,
): void {
  const strataCount = strata ? strata.levels.length : 1;
  const cells = strataCount * groupCount * timeCount;
  const rows = new Int32Array(cells);
  const deathCells = new Int32Array(cells);
  for (let i = 0; i < rank.length; i++) {
    const s = strata ? strata.codes[i] : 0;
    const cell = (s * groupCount + group[i]) * timeCount + rank[i];
    rows[cell]++;
    deathCells[cell] += status[i];
  }
  const atRisk = new Float64Array(groupCount);
  const deaths = new Float64Array(groupCount);
  for (let s = 0; s < strataCount; s++) {
    atRisk.fill(0);
    let total = 0;
    for (let k = 0; k < groupCount; k++) {
      const base = (s * groupCount + k) * timeCount;
      for (let r = 0; r < timeCount; r++) atRisk[k] += rows[base + r];
      total += atRisk[k];
    }
    let survival = 1;
    for (let r = 0; r < timeCount; r++) {
      let d = 0;
      let leaving = 0;
      for (let k = 0; k < groupCount; k++) {
        const cell = (s * groupCount + k) * timeCount + r;
        deaths[k] = deathCells[cell];
        d += deaths[k];
        leaving += rows[cell];
      }
      if (d > 0) {
        addDeathTime(sums, s, atRisk, deaths, total, d, rho === 0 ? 1 : survival ** rho);
        survival *= (total - d) / total;
      }
      if (leaving === 0) continue;
      for (let k = 0; k < groupCount; k++) atRisk[k] -= rows[(s * groupCount + k) * timeCount + r];
      total -= leaving;
    }
  }
}

/** One death time's terms of O, E and V (weight w = S(t−)^ρ). */
function addDeathTime(
  sums: Sums,
  stratum: number,
  atRisk: Float64Array,
  deaths: Float64Array,
  total: number,
  d: number,
  weight: number,
): void {
  const groupCount = atRisk.length;
  for (let k = 0; k < groupCount; k++) {
    sums.observed[k][stratum] += weight * deaths[k];
    sums.expected[k][stratum] += (weight * d * atRisk[k]) / total;
  }
  if (total <= 1) return;
  const w2 = weight * weight;
  for (let j = 0; j < groupCount; j++) {
    const term = (w2 * d * atRisk[j] * (total - d)) / (total * (total - 1));
    sums.variance[j * groupCount + j] += term;
    for (let k = 0; k < groupCount; k++) {
      sums.variance[j * groupCount + k] -= (term * atRisk[k]) / total;
    }
  }
}

/** χ² over the groups with expected > 0, dropping the first of them (R's survdiff). */
function chiSquare(
  observed: number[],
  expected: number[],
  variance: Float64Array,
  groupCount: number,
): { chisq: number; df: number } {
  const used: number[] = [];
  for (let k = 0; k < groupCount; k++) if (expected[k] > 0) used.push(k);
  const df = used.length - 1;
  if (used.length < 2) return { chisq: 0, df };
  const kept = used.slice(1);
  const m = kept.length;
  const difference = Float64Array.from(kept, (k) => observed[k] - expected[k]);
  const v = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) v[a * m + b] = variance[kept[a] * groupCount + kept[b]];
  }
  return { chisq: quadraticFormInverse(v, m, difference), df };
}

function rowSums(rows: Float64Array[], count: number): number[] {
  const sums = new Array(count).fill(0);
  for (let k = 0; k < count; k++) for (const value of rows[k]) sums[k] += value;
  return sums;
}

function gatherInt(values: Int32Array, order: Int32Array): Int32Array {
  const out = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = values[order[i]];
  return out;
}
