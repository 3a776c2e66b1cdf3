import { argsortFloat64 } from "./argsort-float64";

/** Ranks with ties averaged, and the size of every group of tied values. */
export interface Midranks {
  /** ranks[i] is the rank of values[i], 1-based; tied values share the mean of their ranks. */
  ranks: Float64Array;
  /** One entry per distinct value: how many values share it (R's `table(r)`). */
  tieSizes: number[];
}

/**
 * Ranks of the values with ties given their average rank: R's `rank(x)` (ties.method "average").
 *
 * Used by the rank tests (Mann–Whitney, signed rank), Spearman's correlation and the DeLong
 * ROC components. Values are tied only when exactly equal, as R's `rank`.
 * Complexity: O(n) with the package's radix argsort. Edge cases: NaN must be rejected by the
 * caller.
 *
 * @example
 * midranks([10, 20, 10]).ranks; // => Float64Array [1.5, 3, 1.5]
 */
export function midranks(values: ArrayLike<number>): Midranks {
  const n = values.length;
  const sorted = Float64Array.from(values);
  const order = argsortFloat64(sorted);
  const ranks = new Float64Array(n);
  const tieSizes: number[] = [];
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && sorted[order[end]] === sorted[order[start]]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    tieSizes.push(end - start);
    start = end;
  }
  return { ranks, tieSizes };
}

/** Σ (t³ − t) over tie groups: the tie correction of rank-test variances. */
export function tieCorrection(tieSizes: number[]): number {
  let sum = 0;
  for (const t of tieSizes) sum += t * t * t - t;
  return sum;
}
