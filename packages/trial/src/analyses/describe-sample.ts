/** Median, mean and standard deviation of a sample, as the report's tables print them. */
export interface SampleDescription {
  n: number;
  median: number;
  mean: number;
  /** Sample standard deviation (n − 1 denominator, as R's sd); NaN below two values. */
  sd: number;
}

/**
 * Describes a sample: median (mean of the two middle values for an even n, as R's median),
 * mean and sample standard deviation. NaN for an empty sample.
 *
 * @example
 * describeSample([20, 14, 22]); // => { n: 3, median: 20, mean: 18.67, sd: 4.16 }
 */
export function describeSample(values: readonly number[]): SampleDescription {
  const n = values.length;
  if (n === 0) return { n, median: Number.NaN, mean: Number.NaN, sd: Number.NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = n >> 1;
  const median = n % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  const squares = values.reduce((sum, v) => sum + (v - mean) ** 2, 0);
  return { n, median, mean, sd: n > 1 ? Math.sqrt(squares / (n - 1)) : Number.NaN };
}
