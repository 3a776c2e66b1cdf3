import { logGamma } from "./log-gamma";

const tiny = 1e-300;

/**
 * Regularized incomplete beta function I_x(a, b), R's `pbeta(x, a, b)`, and its upper tail
 * 1 − I_x(a, b) computed without cancellation.
 *
 * Formula: I_x(a, b) = xᵃ(1−x)ᵇ / (a B(a, b)) · CF, with the continued fraction of Numerical
 * Recipes §6.4 (modified Lentz); when x > (a+1)/(a+b+2) the symmetry I_x(a,b) = 1 − I_{1−x}(b,a)
 * is used so the fraction converges fast and the small tail is summed directly.
 * Reference: Press et al., Numerical Recipes (3rd ed.) §6.4.
 * Accuracy: about 1e-14 relative for a, b up to a few hundred (R uses TOMS 708, which stays exact
 * further out); enough for the t-test p-values the package reports at 1e-9.
 * Complexity: O(√max(a, b)) iterations.
 * Edge cases: x ≤ 0 gives 0, x ≥ 1 gives 1; a or b ≤ 0 gives NaN.
 *
 * @example
 * regularizedBeta(0.5, 2, 3); // => 0.6875
 */
export function regularizedBeta(x: number, a: number, b: number, lowerTail = true): number {
  if (Number.isNaN(x) || !(a > 0) || !(b > 0)) return Number.NaN;
  if (x <= 0) return lowerTail ? 0 : 1;
  if (x >= 1) return lowerTail ? 1 : 0;
  const logFront =
    a * Math.log(x) + b * Math.log1p(-x) - (logGamma(a) + logGamma(b) - logGamma(a + b));
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (Math.exp(logFront) * continuedFraction(x, a, b)) / a;
    return lowerTail ? lower : 1 - lower;
  }
  const upper = (Math.exp(logFront) * continuedFraction(1 - x, b, a)) / b;
  return lowerTail ? 1 - upper : upper;
}

function continuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 100000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return h;
}
