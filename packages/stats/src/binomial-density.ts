import { stirlingCorrection } from "./log-gamma";

const logTwoPi = 1.8378770664093456;

/**
 * log P(X = x) for X ~ Binomial(n, p): R's `dbinom(x, n, p, log = TRUE)`.
 *
 * Formula: Loader's saddle-point form, log f = δ(n) − δ(x) − δ(n−x) − bd0(x, np) − bd0(n−x, nq)
 * − ½ log(2πx(1 − x/n)), where δ is Stirling's correction and bd0 the deviance term
 * ({@link binomialDeviance}). Unlike log C(n,x) + x log p + (n−x) log q it has no cancellation
 * between large terms, so it keeps about 1e-15 relative accuracy for n in the thousands.
 * Reference: Loader, C. (2000) Fast and accurate computation of binomial probabilities.
 * Complexity: O(1). Edge cases: x outside 0..n gives −∞; p = 0 or 1 give the point masses.
 *
 * @example
 * Math.exp(binomialLogDensity(3, 10, 0.2)); // => 0.201326592
 */
export function binomialLogDensity(x: number, n: number, p: number): number {
  if (x < 0 || x > n) return Number.NEGATIVE_INFINITY;
  const q = 1 - p;
  if (p === 0) return x === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (q === 0) return x === n ? 0 : Number.NEGATIVE_INFINITY;
  if (x === 0) return n === 0 ? 0 : n * Math.log1p(-p);
  if (x === n) return n * Math.log(p);
  const saddle =
    stirlingCorrection(n) -
    stirlingCorrection(x) -
    stirlingCorrection(n - x) -
    binomialDeviance(x, n * p) -
    binomialDeviance(n - x, n * q);
  return saddle - 0.5 * (logTwoPi + Math.log(x) + Math.log1p(-x / n));
}

/**
 * bd0(x, μ) = x log(x/μ) + μ − x, summed as a series when x ≈ μ so that it has no cancellation
 * (Loader 2000). Used by the binomial, Poisson and gamma densities.
 */
export function binomialDeviance(x: number, mean: number): number {
  if (Math.abs(x - mean) < 0.1 * (x + mean)) {
    let v = (x - mean) / (x + mean);
    let sum = (x - mean) * v;
    let term = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      term *= v;
      const next = sum + term / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / mean) + mean - x;
}
