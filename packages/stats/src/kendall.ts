import { normalCdf } from "./normal-cdf";
import { failure, type Outcome, success } from "./outcome";
import { normalPValue } from "./rank-test-result";
import { type CorrelationTestOptions, type CorrelationTestResult, checkPairs } from "./spearman";

/**
 * Kendall's rank correlation test: R's `cor.test(x, y, method = "kendall", exact, alternative)`
 * (with R's default `continuity = FALSE`).
 *
 * Estimate τ-b = Σ sign(xᵢ − xⱼ) sign(yᵢ − yⱼ) / √(pairs untied in x · pairs untied in y).
 * Exact (by default when n < 50 and no ties): statistic T = concordant pairs, whose null
 * distribution is that of the number of inversions of a random permutation (Mahonian numbers,
 * R's `ckendall`). Otherwise the normal approximation z = S/√Var(S), S = τ-b·√((T₀ − T₁)(T₀ − T₂)),
 * with the tie-corrected variance of Kendall (1970) ch. 4; R warns "Cannot compute exact p-value
 * with ties" when exact was requested or defaulted.
 * Reference: Kendall, M. G. (1970) Rank Correlation Methods, 4th ed.; Hollander & Wolfe §8.1.
 * Complexity: O(n²) pairs; exact distribution O(n³).
 * Edge cases: as {@link checkPairs}; a constant sample (τ undefined, R gives NA) is refused.
 *
 * @example
 * kendall([44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1], [2.6, 3.1, 2.5, 5, 3.6, 4, 5.2, 2.8, 3.8]);
 * // => { ok: true, value: { estimate: 0.4444, statistic: 26, p: 0.1194389329805996, … } }
 */
export function kendall(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  { alternative = "two.sided", exact }: CorrelationTestOptions = {},
): Outcome<CorrelationTestResult> {
  const problem = checkPairs(x, y);
  if (problem) return failure("bad_sample", problem);
  const n = x.length;
  let score = 0;
  let untiedX = 0;
  let untiedY = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const sx = Math.sign(x[i] - x[j]);
      const sy = Math.sign(y[i] - y[j]);
      score += sx * sy;
      untiedX += sx * sx;
      untiedY += sy * sy;
    }
  }
  if (untiedX === 0 || untiedY === 0) {
    return failure(
      "constant_sample",
      "x or y is constant, so Kendall's tau is undefined (R gives NA); check the columns",
    );
  }
  const tau = score / Math.sqrt(untiedX * untiedY);
  const pairs = (n * (n - 1)) / 2;
  const hasTies = untiedX < pairs || untiedY < pairs;
  const wantExact = exact ?? n < 50;
  const method = "Kendall's rank correlation tau";
  if (wantExact && !hasTies) {
    const concordant = Math.round(((tau + 1) * n * (n - 1)) / 4);
    const p = exactKendallP(concordant, n, alternative);
    return success({
      estimate: tau,
      statistic: concordant,
      statisticName: "T",
      p,
      method,
      alternative,
      exact: true,
      warnings: [],
    });
  }
  const z = score / Math.sqrt(kendallVariance(x, y, n));
  const p = normalPValue(z, alternative, normalCdf);
  const warnings = wantExact ? ["Cannot compute exact p-value with ties"] : [];
  return success({
    estimate: tau,
    statistic: z,
    statisticName: "z",
    p,
    method,
    alternative,
    exact: false,
    warnings,
  });
}

/** Var(S) under the null with ties in x and y (Kendall 1970, eq. 4.3). */
function kendallVariance(x: ArrayLike<number>, y: ArrayLike<number>, n: number): number {
  const tx = tieSizes(x);
  const ty = tieSizes(y);
  const sum = (sizes: number[], f: (t: number) => number) => sizes.reduce((a, t) => a + f(t), 0);
  const v0 = n * (n - 1) * (2 * n + 5);
  const vt = sum(tx, (t) => t * (t - 1) * (2 * t + 5));
  const vu = sum(ty, (t) => t * (t - 1) * (2 * t + 5));
  const v1 = sum(tx, (t) => t * (t - 1)) * sum(ty, (t) => t * (t - 1));
  const v2 = sum(tx, (t) => t * (t - 1) * (t - 2)) * sum(ty, (t) => t * (t - 1) * (t - 2));
  return (v0 - vt - vu) / 18 + v1 / (2 * n * (n - 1)) + v2 / (9 * n * (n - 1) * (n - 2));
}

function tieSizes(values: ArrayLike<number>): number[] {
  const counts = new Map<number, number>();
  for (let i = 0; i < values.length; i++) counts.set(values[i], (counts.get(values[i]) ?? 0) + 1);
  return [...counts.values()].filter((t) => t > 1);
}

/** R's exact Kendall p from the counts of permutations by number of concordant pairs. */
function exactKendallP(
  concordant: number,
  n: number,
  alternative: "two.sided" | "less" | "greater",
): number {
  const counts = inversionCounts(n);
  let total = 0;
  for (const c of counts) total += c;
  const atMost = (q: number) => {
    let sum = 0;
    for (let k = 0; k <= Math.min(q, counts.length - 1); k++) sum += counts[k];
    return sum / total;
  };
  const atLeast = (q: number) => {
    let sum = 0;
    for (let k = Math.max(0, q); k < counts.length; k++) sum += counts[k];
    return sum / total;
  };
  if (alternative === "less") return atMost(concordant);
  if (alternative === "greater") return atLeast(concordant);
  const p = concordant > (n * (n - 1)) / 4 ? atLeast(concordant) : atMost(concordant);
  return Math.min(1, 2 * p);
}

/** counts[k] = permutations of n with k inversions (Mahonian numbers), by adding one element at a time. */
function inversionCounts(n: number): Float64Array {
  const size = (n * (n - 1)) / 2 + 1;
  let counts = new Float64Array(size);
  counts[0] = 1;
  for (let m = 2; m <= n; m++) {
    const next = new Float64Array(size);
    // The m-th element adds 0..m−1 inversions: a running window sum of width m.
    let window = 0;
    for (let k = 0; k < size; k++) {
      window += counts[k];
      if (k - m >= 0) window -= counts[k - m];
      next[k] = window;
    }
    counts = next;
  }
  return counts;
}
