import { checkSample } from "./mann-whitney";
import { midranks } from "./midranks";
import { normalCdf } from "./normal-cdf";
import { failure, type Outcome, success } from "./outcome";
import type { Alternative } from "./rank-test-result";
import { studentTCdf } from "./student-t-cdf";

export interface CorrelationTestOptions {
  alternative?: Alternative;
  /** Exact p-value; by default when possible, as R's `exact = NULL`. */
  exact?: boolean;
}

export interface CorrelationTestResult {
  /** Spearman's ρ or Kendall's τ-b (R's `estimate`). */
  estimate: number;
  /** R's statistic: S for Spearman; T (exact) or z for Kendall. */
  statistic: number;
  statisticName: "S" | "T" | "z";
  p: number;
  method: string;
  alternative: Alternative;
  exact: boolean;
  warnings: string[];
}

/**
 * Spearman's rank correlation test: R's `cor.test(x, y, method = "spearman", exact, alternative)`.
 *
 * Estimate ρ = Pearson correlation of the midranks; statistic S = (n³ − n)(1 − ρ)/6.
 * p-value, as R: without ties and with n ≤ 1290 (and `exact` not false) the AS 89 algorithm —
 * the exact permutation distribution of S for n ≤ 9 (all n! orderings), Edgeworth's series
 * beyond; otherwise (ties, or `exact = false`) Student's t with n − 2 df on
 * t = ρ √((n − 2)/(1 − ρ²)). With ties and exact requested R warns "Cannot compute exact p-value
 * with ties", and so does this.
 * Reference: Best, D. J. & Roberts, D. E. (1975) Algorithm AS 89. Applied Statistics 24, 377–379.
 * Complexity: O(n log n); O(n!·n) for the exact distribution at n ≤ 9 (≈ 3e6 steps at n = 9).
 * Edge cases: empty, non-finite, unequal lengths, fewer than 3 pairs, or a constant sample (ρ
 * undefined; R gives NA) are refused with a message.
 *
 * @example
 * spearman([44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1], [2.6, 3.1, 2.5, 5, 3.6, 4, 5.2, 2.8, 3.8]);
 * // => { ok: true, value: { estimate: 0.6, statistic: 48, p: 0.0967978395061728, … } }
 */
export function spearman(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  { alternative = "two.sided", exact }: CorrelationTestOptions = {},
): Outcome<CorrelationTestResult> {
  const problem = checkPairs(x, y);
  if (problem) return failure("bad_sample", problem);
  const n = x.length;
  const rx = midranks(x);
  const ry = midranks(y);
  const rho = pearson(rx.ranks, ry.ranks);
  if (Number.isNaN(rho)) {
    return failure(
      "constant_sample",
      "x or y is constant, so the rank correlation is undefined (R gives NA); check the columns",
    );
  }
  const statistic = ((n * n * n - n) * (1 - rho)) / 6;
  const hasTies = rx.tieSizes.length < n || ry.tieSizes.length < n;
  const wantExact = exact ?? n < 1290;
  const warnings = wantExact && hasTies ? ["Cannot compute exact p-value with ties"] : [];
  const useExact = wantExact && !hasTies && n <= 1290;
  const tail = (lowerTail: boolean) =>
    useExact ? spearmanExactTail(statistic, n, lowerTail) : spearmanTTail(statistic, n, lowerTail);
  let p: number;
  if (alternative === "greater") p = tail(true);
  else if (alternative === "less") p = tail(false);
  else p = Math.min(1, 2 * tail(!(statistic > (n * n * n - n) / 6)));
  return success({
    estimate: rho,
    statistic,
    statisticName: "S",
    p,
    method: "Spearman's rank correlation rho",
    alternative,
    exact: useExact,
    warnings,
  });
}

/** A message naming what is wrong with paired samples, or undefined. */
export function checkPairs(x: ArrayLike<number>, y: ArrayLike<number>): string | undefined {
  const problem = checkSample(x, "x") ?? checkSample(y, "y");
  if (problem) return problem;
  if (x.length !== y.length)
    return `x has ${x.length} values and y ${y.length}; give one y for every x`;
  if (x.length < 3) return `only ${x.length} pairs; a correlation test needs at least 3`;
  return undefined;
}

/** Pearson's correlation by centred sums (NaN when either sample is constant). */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let meanA = 0;
  let meanB = 0;
  for (let i = 0; i < n; i++) {
    meanA += a[i];
    meanB += b[i];
  }
  meanA /= n;
  meanB /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - meanA;
    const db = b[i] - meanB;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa === 0 || sbb === 0 ? Number.NaN : sab / Math.sqrt(saa * sbb);
}

/** R's pspearman without ties: P(S ≤ s) when lowerTail, else P(S ≥ s) (AS 89). */
function spearmanExactTail(s: number, n: number, lowerTail: boolean): number {
  // R passes round(s) + 2·lowerTail and AS 89 answers P(S < that) or P(S ≥ that); S is even.
  const is = Math.round(s) + (lowerTail ? 2 : 0);
  const emptyTail = lowerTail ? 0 : 1;
  if (n <= 1 || is <= 0) return emptyTail;
  const maxS = (n * (n * n - 1)) / 3;
  if (is > maxS) return 1 - emptyTail;
  if (n <= 9) {
    const atLeast = countPermutationsAtLeast(n, is);
    const upper = atLeast / factorial(n);
    return lowerTail ? 1 - upper : upper;
  }
  return edgeworthTail(is, n, lowerTail);
}

/** The number of orderings of 1..n whose Σ(i − π(i))² is ≥ threshold (Heap's algorithm). */
function countPermutationsAtLeast(n: number, threshold: number): number {
  const permutation = Array.from({ length: n }, (_, i) => i);
  const stack = new Array<number>(n).fill(0);
  const sumOfSquares = () => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (i - permutation[i]) ** 2;
    return sum;
  };
  let count = sumOfSquares() >= threshold ? 1 : 0;
  let i = 0;
  while (i < n) {
    if (stack[i] < i) {
      const j = i % 2 === 0 ? 0 : stack[i];
      [permutation[j], permutation[i]] = [permutation[i], permutation[j]];
      if (sumOfSquares() >= threshold) count++;
      stack[i]++;
      i = 0;
    } else {
      stack[i] = 0;
      i++;
    }
  }
  return count;
}

/** AS 89's Edgeworth series for P(S ≥ is), n > 9, clamped to [0, 1]. */
function edgeworthTail(is: number, n: number, lowerTail: boolean): number {
  const b = 1 / n;
  const x = ((6 * (is - 1) * b) / (n * n - 1) - 1) * Math.sqrt(1 / b - 1);
  let y = x * x;
  const u =
    x *
    b *
    (0.2274 +
      b * (0.2531 + 0.1745 * b) +
      y *
        (-0.0758 +
          b * (0.1033 + 0.3932 * b) -
          y *
            b *
            (0.0879 + 0.0151 * b - y * (0.0072 - 0.0831 * b + y * b * (0.0131 - 4.6e-4 * y)))));
  y = u / Math.exp(y / 2);
  const upper = y + normalCdf(x, { lowerTail: false });
  const clamped = Math.min(1, Math.max(0, upper));
  return lowerTail ? 1 - clamped : clamped;
}

/** R's t approximation: P(S ≤ s) when lowerTail (ρ large), else P(S ≥ s). */
function spearmanTTail(s: number, n: number, lowerTail: boolean): number {
  const r = 1 - (6 * s) / (n * (n * n - 1));
  const t = r / Math.sqrt((1 - r * r) / (n - 2));
  return studentTCdf(t, n - 2, { lowerTail: !lowerTail });
}

function factorial(n: number): number {
  let product = 1;
  for (let i = 2; i <= n; i++) product *= i;
  return product;
}
