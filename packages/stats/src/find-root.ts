/**
 * A root of f in [lower, upper] by Brent's method, with the same steps as R's `uniroot` (the
 * netlib `zeroin` that R's C code R_zeroin2 implements), so estimates R finds with its default
 * tolerance (`.Machine$double.eps^0.25`, about 1.2e-4) are reproduced to rounding, not just to
 * that tolerance.
 *
 * Reference: Brent, R. P. (1973) Algorithms for Minimization without Derivatives, ch. 4.
 * Complexity: at most `maxIter` evaluations of f (R's default 1000).
 * Edge cases: f(lower) and f(upper) must have opposite signs (or one be 0); otherwise NaN.
 *
 * @example
 * findRoot((x) => x * x - 2, 0, 2, { tol: 1e-12 }); // => 1.414213562373095…
 */
export function findRoot(
  f: (x: number) => number,
  lower: number,
  upper: number,
  { tol = 2.220446049250313e-16 ** 0.25, maxIter = 1000 }: { tol?: number; maxIter?: number } = {},
): number {
  let a = lower;
  let b = upper;
  let fa = f(a);
  let fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (fa > 0 === fb > 0) return Number.NaN;
  let c = a;
  let fc = fa;
  for (let iteration = 0; iteration <= maxIter; iteration++) {
    const previousStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolerance = 2 * Number.EPSILON * Math.abs(b) + tol / 2;
    let step = (c - b) / 2;
    if (Math.abs(step) <= tolerance || fb === 0) return b;
    if (Math.abs(previousStep) >= tolerance && Math.abs(fa) > Math.abs(fb)) {
      // Interpolate: secant when only two points are distinct, else inverse quadratic.
      const cb = c - b;
      let p: number;
      let q: number;
      if (a === c) {
        const t1 = fb / fa;
        p = cb * t1;
        q = 1 - t1;
      } else {
        const qa = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1));
        q = (qa - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolerance * q) / 2 && p < Math.abs((previousStep * q) / 2)) {
        step = p / q;
      }
    }
    if (Math.abs(step) < tolerance) step = step > 0 ? tolerance : -tolerance;
    a = b;
    fa = fb;
    b += step;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return b;
}
