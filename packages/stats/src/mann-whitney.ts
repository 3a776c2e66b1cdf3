import { midranks, tieCorrection } from "./midranks";
import { normalCdf } from "./normal-cdf";
import { failure, type Outcome, success } from "./outcome";
import {
  type Alternative,
  continuityCorrection,
  normalPValue,
  type RankTestResult,
} from "./rank-test-result";
import { exactPValue, rankSumCounts } from "./wilcoxon-distribution";

export interface MannWhitneyOptions {
  /** Exact p-value; by default exact when both samples have fewer than 50 values and no ties (R's `exact = NULL`). */
  exact?: boolean;
  /** Continuity correction in the normal approximation (R's `correct = TRUE`). */
  correct?: boolean;
  alternative?: Alternative;
  /** Location shift under the null: x − mu is compared with y (R's `mu`). */
  mu?: number;
}

/**
 * Wilcoxon rank-sum (Mann–Whitney) test of two independent samples: R's
 * `wilcox.test(x, y, exact, correct, alternative, mu)`.
 *
 * Statistic: W = Σ ranks of x − nₓ(nₓ+1)/2 in the pooled sample (midranks for ties), the number of
 * pairs with x > y plus half the tied pairs (Mann–Whitney U of x).
 * Exact p (R's `pwilcox`) when requested or by default when nₓ < 50, n_y < 50 and there are no
 * ties; with ties R falls back to the normal approximation and warns "cannot compute exact
 * p-value with ties", and so does this function. Normal approximation:
 * z = (W − nₓn_y/2 − c) / σ, σ² = nₓn_y/12 · (nₓ + n_y + 1 − Σ(t³ − t)/((N)(N − 1))),
 * c = ±½ toward the null when `correct`.
 * Reference: Hollander & Wolfe (1973) Nonparametric Statistical Methods, §4.1.
 * Complexity: O(N) ranks; exact distribution O(N·nₓ·nₓn_y).
 * Edge cases: an empty sample or a non-finite value is refused with a message; all values tied
 * gives σ = 0, which R answers with p = NaN — refused here with a message instead.
 *
 * @example
 * mannWhitney([0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46], [1.15, 0.88, 0.9, 0.74, 1.21]);
 * // => { ok: true, value: { statistic: 35, p: 0.2544122544122544, method: "Wilcoxon rank sum exact test", … } }
 */
export function mannWhitney(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  { exact, correct = true, alternative = "two.sided", mu = 0 }: MannWhitneyOptions = {},
): Outcome<RankTestResult> {
  const problem = checkSample(x, "x") ?? checkSample(y, "y");
  if (problem) return failure("bad_sample", problem);
  const nx = x.length;
  const ny = y.length;
  const pooled = new Float64Array(nx + ny);
  for (let i = 0; i < nx; i++) pooled[i] = x[i] - mu;
  for (let j = 0; j < ny; j++) pooled[nx + j] = y[j];
  const { ranks, tieSizes } = midranks(pooled);
  let rankSum = 0;
  for (let i = 0; i < nx; i++) rankSum += ranks[i];
  const statistic = rankSum - (nx * (nx + 1)) / 2;
  const hasTies = tieSizes.length < nx + ny;
  const wantExact = exact ?? (nx < 50 && ny < 50);
  const warnings: string[] = [];
  if (wantExact && !hasTies) {
    const p = exactPValue(rankSumCounts(nx, ny), statistic, alternative);
    const method = "Wilcoxon rank sum exact test";
    return success({
      statistic,
      p,
      method,
      alternative,
      exact: true,
      z: Number.NaN,
      n: nx + ny,
      warnings,
    });
  }
  if (wantExact) warnings.push("cannot compute exact p-value with ties");
  const total = nx + ny;
  const variance = ((nx * ny) / 12) * (total + 1 - tieCorrection(tieSizes) / (total * (total - 1)));
  if (!(variance > 0)) {
    return failure(
      "all_tied",
      "every value in x and y is the same, so the rank-sum test has no variance; R gives p = NaN here — check the data",
    );
  }
  const centred = statistic - (nx * ny) / 2;
  const correction = correct ? continuityCorrection(centred, alternative) : 0;
  const z = (centred - correction) / Math.sqrt(variance);
  const p = normalPValue(z, alternative, normalCdf);
  const method = `Wilcoxon rank sum test${correct ? " with continuity correction" : ""}`;
  return success({ statistic, p, method, alternative, exact: false, z, n: total, warnings });
}

/** A message naming what is wrong with a sample, or undefined when it can be ranked. */
export function checkSample(values: ArrayLike<number>, name: string): string | undefined {
  if (values.length === 0) return `${name} is empty; give at least one value`;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      return `${name}[${i}] is ${values[i]}; remove missing or infinite values (R's na.omit) before the test`;
    }
  }
  return undefined;
}
