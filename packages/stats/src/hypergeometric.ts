import { binomialLogDensity } from "./binomial-density";

/**
 * log P(X = x) for the hypergeometric distribution: x white balls in k draws without replacement
 * from an urn with m white and n black balls; R's `dhyper(x, m, n, k, log = TRUE)`.
 *
 * Formula: C(m, x) C(n, k − x) / C(m + n, k) written, as R's dhyper does, as
 * b(x; m, p) · b(k − x; n, p) / b(k; m + n, p) with p = k/(m + n) and b the binomial density in
 * Loader's form ({@link binomialLogDensity}), which avoids the cancellation of log-factorials. In a 2×2 table with margins fixed,
 * x is the top-left cell, m and n the column totals and k the first row total (Fisher's test).
 * Complexity: O(1). Edge cases: x outside [max(0, k − n), min(k, m)] gives −∞.
 *
 * @example
 * Math.exp(hypergeometricLogProbability(3, 4, 4, 4)); // => 16/70 (tea tasting, 3 right)
 */
export function hypergeometricLogProbability(x: number, m: number, n: number, k: number): number {
  if (x < Math.max(0, k - n) || x > Math.min(k, m)) return Number.NEGATIVE_INFINITY;
  const p = k / (m + n);
  return (
    binomialLogDensity(x, m, p) + binomialLogDensity(k - x, n, p) - binomialLogDensity(k, m + n, p)
  );
}
