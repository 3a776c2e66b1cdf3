import { argsortFloat64 } from "./argsort-float64";

/** Distinct times and, for each row, the index of its time among them. */
export interface TimeRanks {
  /** Row numbers in ascending order of time; stable for equal times. */
  order: Int32Array;
  /** For each row, the index of its time in `times`. */
  rank: Int32Array;
  /** The distinct times in ascending order, near-equal times merged into the smallest. */
  times: Float64Array;
}

/**
 * Sorts times once and numbers the distinct ones, treating times that differ only by
 * floating-point noise as tied, as R's `aeqSurv` does by default (`timefix = TRUE`).
 *
 * Rule (R survival `aeqSurv`): with `u` the sorted distinct values, consecutive values are tied
 * when `u[k+1] − u[k] ≤ tol` or `(u[k+1] − u[k]) / mean(|u|) ≤ tol`, `tol = √(machine ε)`.
 * A run of tied values takes the smallest value of the run. So `0.1 + 0.2` and `0.3` are one
 * time, and so are `2` and `2 + 1e-9`.
 *
 * Pass start and stop times of (start, stop] data together (concatenated) so that both share
 * one numbering, as R applies `aeqSurv` to both columns.
 *
 * Complexity: one O(n) radix argsort plus two linear passes.
 *
 * @example
 * rankTimes(Float64Array.of(0.1 + 0.2, 0.3, 1)).rank; // => Int32Array [0, 0, 1]
 */
export function rankTimes(values: Float64Array): TimeRanks {
  const n = values.length;
  const order = argsortFloat64(values);
  const rank = new Int32Array(n);
  if (n === 0) return { order, rank, times: new Float64Array(0) };
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = values[order[i]];
  const tolerance = Math.sqrt(2.220446049250313e-16);
  const meanAbsolute = meanAbsoluteDistinct(sorted);
  const times: number[] = [sorted[0]];
  let previous = sorted[0];
  let current = 0;
  for (let i = 0; i < n; i++) {
    const value = sorted[i];
    if (value !== previous) {
      const gap = value - previous;
      if (!(gap <= tolerance || gap / meanAbsolute <= tolerance)) {
        times.push(value);
        current++;
      }
      previous = value;
    }
    rank[order[i]] = current;
  }
  return { order, rank, times: Float64Array.from(times) };
}

function meanAbsoluteDistinct(sorted: Float64Array): number {
  let sum = 0;
  let count = 0;
  let previous = Number.NaN;
  for (let i = 0; i < sorted.length; i++) {
    const value = sorted[i];
    if (value !== previous) {
      sum += Math.abs(value);
      count++;
      previous = value;
    }
  }
  return sum / count;
}

/**
 * Rows ordered by an integer key in [0, keyCount), stable; a counting sort in O(n + keyCount).
 *
 * @example
 * orderByKey(Int32Array.of(2, 0, 2, 1), 3); // => Int32Array [1, 3, 0, 2]
 */
export function orderByKey(key: Int32Array, keyCount: number): Int32Array {
  const counts = new Int32Array(keyCount + 1);
  for (let i = 0; i < key.length; i++) counts[key[i] + 1]++;
  for (let k = 0; k < keyCount; k++) counts[k + 1] += counts[k];
  const order = new Int32Array(key.length);
  for (let i = 0; i < key.length; i++) order[counts[key[i]]++] = i;
  return order;
}
