import { binomialDeviance } from "./binomial-density";
import { logGamma, stirlingCorrection } from "./log-gamma";
import type { TailOptions } from "./normal-cdf";

const tiny = 1e-300;
const halfLogTwoPi = 0.9189385332046728;

/**
 * Regularized incomplete gamma function: P(a, x) = γ(a, x)/Γ(a) (lower tail) or
 * Q(a, x) = Γ(a, x)/Γ(a) (upper tail), optionally as a log; R's `pgamma(x, shape = a, lower.tail, log.p)`.
 *
 * Formula: below x = a + 1 the series P = xᵃe⁻ˣ/Γ(a+1) · Σₖ xᵏ/((a+1)…(a+k)); above, Legendre's
 * continued fraction for Q evaluated by the modified Lentz method. Each is computed in the tail
 * where it has no cancellation and the other tail is 1 minus it, so a tiny upper tail (1e-30 and
 * below) keeps full relative accuracy. The prefactor xᵃe⁻ˣ/Γ(a) uses Loader's saddle-point form
 * exp(−δ(a) − bd0(a, x))/√(2πa)·a for a ≥ 10, avoiding the cancellation of a·log x − x − log Γ(a).
 * References: Press et al., Numerical Recipes (3rd ed.) §6.2; Loader, C. (2000) Fast and
 * accurate computation of binomial probabilities.
 * Matches R's pgamma to about 1e-14 relative in the tail computed (see chi-square-cdf.test.ts).
 * Complexity: O(√a + 1) iterations up to about O(a) at worst near x ≈ a.
 * Edge cases: x ≤ 0 gives P = 0; x = ∞ gives P = 1; a ≤ 0 or NaN gives NaN.
 *
 * @example
 * regularizedGamma(0.5, 1.920729410347062); // => 0.95 (the χ²₁ cdf at 3.84)
 */
export function regularizedGamma(
  a: number,
  x: number,
  { lowerTail = true, logP = false }: TailOptions = {},
): number {
  if (Number.isNaN(a) || Number.isNaN(x) || !(a > 0)) return Number.NaN;
  let lower: number;
  let upper: number;
  let logLower: number;
  let logUpper: number;
  if (x <= 0) {
    [lower, upper, logLower, logUpper] = [0, 1, Number.NEGATIVE_INFINITY, 0];
  } else if (x === Number.POSITIVE_INFINITY) {
    [lower, upper, logLower, logUpper] = [1, 0, 0, Number.NEGATIVE_INFINITY];
  } else if (x < a + 1) {
    logLower = logPrefactor(a, x) - Math.log(a) + Math.log(lowerSeries(a, x));
    lower = Math.exp(logLower);
    upper = 1 - lower;
    logUpper = Math.log1p(-lower);
  } else {
    logUpper = logPrefactor(a, x) + Math.log(upperContinuedFraction(a, x));
    upper = Math.exp(logUpper);
    lower = 1 - upper;
    logLower = Math.log1p(-upper);
  }
  if (logP) return lowerTail ? logLower : logUpper;
  return lowerTail ? lower : upper;
}

/** log(xᵃ e⁻ˣ / Γ(a)). */
function logPrefactor(a: number, x: number): number {
  if (a < 10) return a * Math.log(x) - x - logGamma(a);
  // xᵃe⁻ˣ/Γ(a+1) = exp(−δ(a) − bd0(a, x)) / √(2πa) (Loader), times a for Γ(a).
  return (
    -stirlingCorrection(a) - binomialDeviance(a, x) - halfLogTwoPi - 0.5 * Math.log(a) + Math.log(a)
  );
}

/** Σₖ xᵏ a/((a+1)…(a+k)), so that P = prefactor/a · series. */
function lowerSeries(a: number, x: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 100000; k++) {
    term *= x / (a + k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** Continued fraction 1/(x+1−a− 1·(1−a)/(x+3−a− …)) for Q/prefactor (modified Lentz). */
function upperContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return h;
}
