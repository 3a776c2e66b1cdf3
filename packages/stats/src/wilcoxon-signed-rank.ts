import { checkSample } from "./mann-whitney";
import { midranks, tieCorrection } from "./midranks";
import { normalCdf } from "./normal-cdf";
import { failure, type Outcome, success } from "./outcome";
import {
  type Alternative,
  continuityCorrection,
  normalPValue,
  type RankTestResult,
} from "./rank-test-result";
import { exactPValue, signedRankCounts } from "./wilcoxon-distribution";

export interface SignedRankOptions {
  /** Exact p-value; by default exact when fewer than 50 non-zero differences and no ties or zeros (R's `exact = NULL`). */
  exact?: boolean;
  /** Continuity correction in the normal approximation (R's `correct = TRUE`). */
  correct?: boolean;
  alternative?: Alternative;
  /** The median difference under the null (R's `mu`). */
  mu?: number;
}

/** A signed-rank result with the paired effect size. */
export interface SignedRankResult extends RankTestResult {
  /**
   * Effect size r = z/√n (Rosenthal 1991; n = non-zero differences), from the normal
   * approximation without continuity correction, whatever p-value was reported. In [−1, 1]:
   * about 0.1 small, 0.3 medium, 0.5 large. NaN when every difference is tied.
   */
  effectSize: number;
}

/**
 * Wilcoxon signed-rank test, paired (x − y) or one-sample (x): R's
 * `wilcox.test(x, y, paired = TRUE, exact, correct, alternative, mu)`.
 *
 * Statistic: V = Σ ranks of |d| over d > 0, d = x − y − mu, after dropping zero differences
 * (Wilcoxon's method, as R; not Pratt's). Exact p (R's `psignrank`) when requested or by default
 * when n < 50, with no ties and no zeros; otherwise the normal approximation
 * z = (V − n(n+1)/4 − c)/σ, σ² = n(n+1)(2n+1)/24 − Σ(t³ − t)/48, c = ±½ when `correct`, with
 * R's warnings "cannot compute exact p-value with ties" / "… with zeroes".
 * Reference: Hollander & Wolfe (1973) Nonparametric Statistical Methods, §3.1.
 * Complexity: O(n) ranks; exact distribution O(n³).
 * Edge cases: empty or non-finite input, x and y of different lengths, and all differences zero
 * (R: p = NaN) are refused with a message.
 *
 * @example
 * wilcoxonSignedRank([1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3], [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]);
 * // => { ok: true, value: { statistic: 40, p: 0.0390625, method: "Wilcoxon signed rank exact test", … } }
 */
export function wilcoxonSignedRank(
  x: ArrayLike<number>,
  y?: ArrayLike<number>,
  { exact, correct = true, alternative = "two.sided", mu = 0 }: SignedRankOptions = {},
): Outcome<SignedRankResult> {
  const problem = checkSample(x, "x") ?? (y ? checkSample(y, "y") : undefined);
  if (problem) return failure("bad_sample", problem);
  if (y && y.length !== x.length) {
    return failure(
      "unpaired",
      `x has ${x.length} values and y ${y.length}; a paired test needs one y for every x`,
    );
  }
  const differences: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - (y ? y[i] : 0) - mu;
    if (d !== 0) differences.push(d);
  }
  const hasZeros = differences.length < x.length;
  const n = differences.length;
  if (n === 0) {
    return failure(
      "all_zero",
      "every difference is zero, so the signed-rank test has nothing to rank; R gives p = NaN here — check the pairing",
    );
  }
  const { ranks, tieSizes } = midranks(differences.map(Math.abs));
  let statistic = 0;
  for (let i = 0; i < n; i++) if (differences[i] > 0) statistic += ranks[i];
  const hasTies = tieSizes.length < n;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieCorrection(tieSizes) / 48;
  const centred = statistic - (n * (n + 1)) / 4;
  const effectSize = centred / Math.sqrt(variance) / Math.sqrt(n);
  const wantExact = exact ?? n < 50;
  const warnings: string[] = [];
  if (wantExact && !hasTies && !hasZeros) {
    const p = exactPValue(signedRankCounts(n), statistic, alternative);
    const method = "Wilcoxon signed rank exact test";
    return success({
      statistic,
      p,
      method,
      alternative,
      exact: true,
      z: Number.NaN,
      n,
      warnings,
      effectSize,
    });
  }
  if (wantExact && hasTies) warnings.push("cannot compute exact p-value with ties");
  if (wantExact && hasZeros) warnings.push("cannot compute exact p-value with zeroes");
  const correction = correct ? continuityCorrection(centred, alternative) : 0;
  const z = (centred - correction) / Math.sqrt(variance);
  const p = normalPValue(z, alternative, normalCdf);
  const method = `Wilcoxon signed rank test${correct ? " with continuity correction" : ""}`;
  return success({ statistic, p, method, alternative, exact: false, z, n, warnings, effectSize });
}
