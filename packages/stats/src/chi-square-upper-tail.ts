function lgamma(x: number): number {
  const g = 7;
  const c = [
    0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531,
    -176.6150291621406, 12.507343278686905, -0.13857109526572012, 0.000009984369578019572,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x < a + 1) {
    let sum = 1 / a,
      del = sum,
      ap = a;
    for (let n = 0; n < 1000; n++) {
      ap++;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-17) break;
    }
    return 1 - sum * Math.exp(-x + a * Math.log(x) - lgamma(a));
  }
  let b = x + 1 - a,
    c = 1e300,
    d = 1 / b,
    h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-17) break;
  }
  return Math.exp(-x + a * Math.log(x) - lgamma(a)) * h;
}
/**
 * Upper tail of the chi-square distribution, P(X > x) for X ~ χ²(df): the p-value of a
 * chi-square statistic.
 *
 * Method: the regularized upper incomplete gamma Q(df/2, x/2), by its series below a + 1 and
 * Lentz's continued fraction above (Numerical Recipes §6.2), with a Lanczos log-gamma.
 * Kept in its own file until the package's distribution functions land; then callers move to those.
 * Complexity: O(√x) iterations at most. Edge cases: x ≤ 0 gives 1; df = 0 is a point mass at 0
 * (as R); df < 0 gives NaN.
 *
 * @example
 * chiSquareUpperTail(3.841458820694124, 1); // => 0.05
 */
export function chiSquareUpperTail(x: number, df: number): number {
  // With 0 df the distribution is a point mass at 0, as R's pchisq treats it.
  if (df === 0) return x > 0 ? 0 : 1;
  if (!(df > 0)) return Number.NaN;
  if (Number.isNaN(x)) return Number.NaN;
  return gammaQ(df / 2, x / 2);
}
