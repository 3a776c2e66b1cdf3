import { findRoot } from "./find-root";
import { checkSample } from "./mann-whitney";
import { midranks, tieCorrection } from "./midranks";
import { normalQuantile } from "./normal-quantile";
import { failure, type Outcome, success } from "./outcome";
import type { Alternative } from "./rank-test-result";
import { rankSumCounts, signedRankCounts } from "./wilcoxon-distribution";

export interface HodgesLehmannOptions {
  /** Confidence level of the interval (R's `conf.level`). */
  confLevel?: number;
  alternative?: Alternative;
  /** Exact interval; by default as the test chooses (R's `exact = NULL`): under 50 values, no ties or zeros. */
  exact?: boolean;
  /** Continuity correction of the normal-approximation interval (R's `correct = TRUE`). */
  correct?: boolean;
  /** The location under the null (R's `mu`); it only decides which differences count as zero. */
  mu?: number;
  /** Tolerance of the root finding in the normal approximation (R's `tol.root`). */
  tolRoot?: number;
}

/** A Hodges–Lehmann estimate with its Wilcoxon confidence interval, as R's `wilcox.test` reports. */
export interface HodgesLehmann {
  /** R's `estimate`: "difference in location" (two samples) or "(pseudo)median" (one or paired). */
  estimate: number;
  lower: number;
  upper: number;
  /** The level achieved: R lowers it (with a warning) when the requested one cannot be reached. */
  confLevel: number;
  /** True when the interval comes from the exact distribution (R's `qwilcox`/`qsignrank`). */
  exact: boolean;
  /** R's warnings about the interval, word for word. */
  warnings: string[];
}

/**
 * Hodges–Lehmann shift of x against y with its confidence interval: R's
 * `wilcox.test(x, y, conf.int = TRUE)$estimate` and `$conf.int`.
 *
 * Exact case (no ties in c(x − mu, y), both samples under 50 by default): the estimate is the
 * median of the nₓn_y differences xᵢ − yⱼ, and the interval runs from the q-th smallest to the
 * (nₓn_y − q + 1)-th, q = R's `qwilcox(α/2, nₓ, n_y)` (at least 1). Otherwise the interval is
 * where the rank-sum z-statistic of x − d against y (tie-corrected, with continuity correction
 * when `correct`) crosses ∓z₁₋α/₂, found by R's `uniroot` steps (`findRoot`, tolerance
 * `tol.root`), and the estimate is where it crosses 0 without correction.
 * Reference: Hodges & Lehmann (1963) Ann. Math. Statist. 34:598–611; Bauer (1972) JASA 67:687–690.
 * Complexity: exact O(nₓn_y log(nₓn_y)) plus the null distribution; normal O(iterations · N log N).
 * Edge cases: an empty sample or a non-finite value is refused with a message; every value tied
 * gives R's warning and NaN limits.
 *
 * @example
 * hodgesLehmannShift([0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46], [1.15, 0.88, 0.9, 0.74, 1.21]);
 * // => { ok: true, value: { estimate: 0.305, lower: -0.15, upper: 0.76, confLevel: 0.95, exact: true, … } }
 */
export function hodgesLehmannShift(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  {
    confLevel = 0.95,
    alternative = "two.sided",
    exact,
    correct = true,
    mu = 0,
    tolRoot = 1e-4,
  }: HodgesLehmannOptions = {},
): Outcome<HodgesLehmann> {
  const problem = checkSample(x, "x") ?? checkSample(y, "y") ?? checkLevel(confLevel);
  if (problem) return failure("bad_sample", problem);
  const nx = x.length;
  const ny = y.length;
  const pooled = Float64Array.from([...Array.from(x, (v) => v - mu), ...Array.from(y)]);
  const hasTies = midranks(pooled).tieSizes.length < nx + ny;
  const wantExact = exact ?? (nx < 50 && ny < 50);
  const alpha = 1 - confLevel;
  const warnings: string[] = [];
  if (wantExact && !hasTies) {
    const differences = new Float64Array(nx * ny);
    for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) differences[i * ny + j] = x[i] - y[j];
    differences.sort();
    const limits = exactLimits(rankSumCounts(nx, ny), differences, alpha, alternative);
    let level = confLevel;
    if (limits.achievedAlpha - alpha > alpha / 2) {
      warnings.push("requested conf.level not achievable");
      level = 1 - limits.achievedAlpha;
    }
    return success({
      estimate: sortedMedian(differences),
      lower: limits.lower,
      upper: limits.upper,
      confLevel: level,
      exact: true,
      warnings,
    });
  }
  if (wantExact) warnings.push("cannot compute exact confidence intervals with ties");
  let xMin = Number.POSITIVE_INFINITY;
  let xMax = Number.NEGATIVE_INFINITY;
  let yMin = Number.POSITIVE_INFINITY;
  let yMax = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < nx; i++) [xMin, xMax] = [Math.min(xMin, x[i]), Math.max(xMax, x[i])];
  for (let j = 0; j < ny; j++) [yMin, yMax] = [Math.min(yMin, y[j]), Math.max(yMax, y[j])];
  const muMin = xMin - yMax;
  const muMax = xMax - yMin;
  const shifted = new Float64Array(nx + ny);
  for (let j = 0; j < ny; j++) shifted[nx + j] = y[j];
  const total = nx + ny;
  // R's W(d): the standardized rank sum of x − d against y.
  const standardized = (d: number, withCorrection: boolean) => {
    for (let i = 0; i < nx; i++) shifted[i] = x[i] - d;
    const { ranks, tieSizes } = midranks(shifted);
    let rankSum = 0;
    for (let i = 0; i < nx; i++) rankSum += ranks[i];
    const centred = rankSum - (nx * (nx + 1)) / 2 - (nx * ny) / 2;
    const correction = withCorrection && correct ? correctionOf(centred, alternative) : 0;
    const sigma = Math.sqrt(
      ((nx * ny) / 12) * (total + 1 - tieCorrection(tieSizes) / (total * (total - 1))),
    );
    return (centred - correction) / sigma;
  };
  const atMin = standardized(muMin, true);
  const atMax = standardized(muMax, true);
  if (!Number.isFinite(atMin) || !Number.isFinite(atMax))
    warnings.push("cannot compute confidence interval when all observations are tied");
  const root = (zq: number) => {
    if (atMin - zq <= 0) return muMin;
    if (atMax - zq >= 0) return muMax;
    return findRoot((d) => standardized(d, true) - zq, muMin, muMax, { tol: tolRoot });
  };
  const { lower, upper } = normalLimits(root, alpha, alternative);
  return success({
    estimate: findRoot((d) => standardized(d, false), muMin, muMax, { tol: tolRoot }),
    lower,
    upper,
    confLevel,
    exact: false,
    warnings,
  });
}

/**
 * Hodges–Lehmann pseudomedian of x (or of the paired differences x − y) with its confidence
 * interval: R's `wilcox.test(x, y, paired = TRUE, conf.int = TRUE)$estimate` and `$conf.int`.
 *
 * Differences equal to `mu` are dropped, as R does. Exact case (no ties, no zeros, under 50 by
 * default): the median of the n(n+1)/2 Walsh averages (dᵢ + dⱼ)/2, i ≤ j, and the interval from
 * the q-th smallest to the (n(n+1)/2 − q + 1)-th, q = R's `qsignrank(α/2, n)` (at least 1).
 * Otherwise the interval is where the signed-rank z-statistic of d − m (zeros of d − m dropped,
 * tie-corrected, with continuity correction when `correct`) crosses ∓z₁₋α/₂, with R's widening
 * of α while a limit lies outside [min d, max d], and the estimate is where it crosses 0 without
 * correction (R's `uniroot`, tolerance `tol.root`).
 * Reference: Hodges & Lehmann (1963); Hollander & Wolfe (1973) §3.2.
 * Complexity: exact O(n² log n); normal O(iterations · n log n).
 * Edge cases: empty or non-finite input and unequal lengths are refused with a message; all
 * differences zero gives NaN limits and estimate, as R.
 *
 * @example
 * hodgesLehmannPseudomedian([1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3], [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]);
 * // => { ok: true, value: { estimate: 0.46, lower: 0.01, upper: 0.786, confLevel: 0.95, exact: true, … } }
 */
export function hodgesLehmannPseudomedian(
  x: ArrayLike<number>,
  y?: ArrayLike<number>,
  {
    confLevel = 0.95,
    alternative = "two.sided",
    exact,
    correct = true,
    mu = 0,
    tolRoot = 1e-4,
  }: HodgesLehmannOptions = {},
): Outcome<HodgesLehmann> {
  const problem =
    checkSample(x, "x") ?? (y ? checkSample(y, "y") : undefined) ?? checkLevel(confLevel);
  if (problem) return failure("bad_sample", problem);
  if (y && y.length !== x.length)
    return failure(
      "unpaired",
      `x has ${x.length} values and y ${y.length}; a paired interval needs one y for every x`,
    );
  const differences: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - (y ? y[i] : 0);
    if (d - mu !== 0) differences.push(d);
  }
  const hasZeros = differences.length < x.length;
  const n = differences.length;
  const alpha = 1 - confLevel;
  const warnings: string[] = [];
  if (n === 0)
    return success({
      estimate: Number.NaN,
      lower: Number.NaN,
      upper: Number.NaN,
      confLevel: 0,
      exact: false,
      warnings,
    });
  const hasTies = midranks(differences.map((d) => Math.abs(d - mu))).tieSizes.length < n;
  const wantExact = exact ?? n < 50;
  if (wantExact && !hasTies && !hasZeros) {
    const walsh = new Float64Array((n * (n + 1)) / 2);
    let k = 0;
    for (let i = 0; i < n; i++)
      for (let j = i; j < n; j++) walsh[k++] = (differences[i] + differences[j]) / 2;
    walsh.sort();
    const limits = exactLimits(signedRankCounts(n), walsh, alpha, alternative);
    let level = confLevel;
    if (limits.achievedAlpha - alpha > alpha / 2) {
      warnings.push("requested conf.level not achievable");
      level = 1 - Number(limits.achievedAlpha.toPrecision(2));
    }
    return success({
      estimate: sortedMedian(walsh),
      lower: limits.lower,
      upper: limits.upper,
      confLevel: level,
      exact: true,
      warnings,
    });
  }
  if (wantExact && hasTies) warnings.push("cannot compute exact confidence interval with ties");
  if (wantExact && hasZeros) warnings.push("cannot compute exact confidence interval with zeroes");
  const muMin = Math.min(...differences);
  const muMax = Math.max(...differences);
  // R's W(d): the standardized signed-rank statistic of the differences minus d, zeros dropped.
  const standardized = (d: number, withCorrection: boolean) => {
    const shifted = differences.map((v) => v - d).filter((v) => v !== 0);
    const m = shifted.length;
    const { ranks, tieSizes } = midranks(shifted.map(Math.abs));
    let positive = 0;
    for (let i = 0; i < m; i++) if (shifted[i] > 0) positive += ranks[i];
    const centred = positive - (m * (m + 1)) / 4;
    const sigma = Math.sqrt((m * (m + 1) * (2 * m + 1)) / 24 - tieCorrection(tieSizes) / 48);
    const correction = withCorrection && correct ? correctionOf(centred, alternative) : 0;
    return (centred - correction) / sigma;
  };
  const atMin = standardized(muMin, true);
  const atMax = Number.isFinite(atMin) ? standardized(muMax, true) : Number.NaN;
  if (!Number.isFinite(atMax)) {
    warnings.push("cannot compute confidence interval when all observations are zero or tied");
    return success({
      estimate: (muMin + muMax) / 2,
      lower: alternative === "less" ? Number.NEGATIVE_INFINITY : Number.NaN,
      upper: alternative === "greater" ? Number.POSITIVE_INFINITY : Number.NaN,
      confLevel: 0,
      exact: false,
      warnings,
    });
  }
  const root = (zq: number) =>
    findRoot((d) => standardized(d, true) - zq, muMin, muMax, { tol: tolRoot });
  // R widens alpha until both limits lie inside [min, max] of the differences.
  let level = alpha;
  const reachable = (a: number) => {
    if (alternative === "two.sided")
      return !(atMin - upperQuantile(a / 2) < 0 || atMax - normalQuantile(a / 2) > 0);
    if (alternative === "greater") return !(atMin - upperQuantile(a) < 0);
    return !(atMax - normalQuantile(a / 2) > 0);
  };
  while (!reachable(level)) level *= 2;
  let achieved = confLevel;
  if (level >= 1 || 1 - confLevel < level * 0.75) {
    achieved = 1 - Math.min(1, level);
    warnings.push("requested conf.level not achievable");
  }
  const median = sortedMedian(Float64Array.from(differences).sort());
  const limits =
    level < 1
      ? normalLimits(root, level, alternative)
      : {
          lower: alternative === "less" ? Number.NEGATIVE_INFINITY : median,
          upper: alternative === "greater" ? Number.POSITIVE_INFINITY : median,
        };
  return success({
    estimate: findRoot((d) => standardized(d, false), muMin, muMax, { tol: tolRoot }),
    lower: limits.lower,
    upper: limits.upper,
    confLevel: achieved,
    exact: false,
    warnings,
  });
}

function checkLevel(confLevel: number): string | undefined {
  return confLevel > 0 && confLevel < 1
    ? undefined
    : `conf.level ${confLevel} must lie strictly between 0 and 1, e.g. 0.95`;
}

/** R's continuity correction of the interval's statistic. */
function correctionOf(centred: number, alternative: Alternative): number {
  if (alternative === "greater") return 0.5;
  if (alternative === "less") return -0.5;
  return Math.sign(centred) * 0.5;
}

/** Limits where the statistic crosses the normal quantiles, by the alternative. */
function normalLimits(
  root: (zq: number) => number,
  alpha: number,
  alternative: Alternative,
): { lower: number; upper: number } {
  if (alternative === "greater")
    return { lower: root(upperQuantile(alpha)), upper: Number.POSITIVE_INFINITY };
  if (alternative === "less")
    return { lower: Number.NEGATIVE_INFINITY, upper: root(normalQuantile(alpha)) };
  return { lower: root(upperQuantile(alpha / 2)), upper: root(normalQuantile(alpha / 2)) };
}

/** R's `qnorm(p, lower.tail = FALSE)`, by the normal's symmetry. */
function upperQuantile(p: number): number {
  return -normalQuantile(p);
}

/**
 * The exact interval from sorted differences (or Walsh averages) and the statistic's null counts,
 * as R: q = the `alpha` (two-sided: α/2) quantile of the null (R's `qwilcox`/`qsignrank`, with
 * its 10·ε guard), at least 1; limits the q-th smallest and the (M − q + 1)-th; the achieved
 * alpha is the null probability below q (doubled when two-sided).
 */
function exactLimits(
  counts: Float64Array,
  sorted: Float64Array,
  alpha: number,
  alternative: Alternative,
): { lower: number; upper: number; achievedAlpha: number } {
  let total = 0;
  for (const count of counts) total += count;
  const tail = alternative === "two.sided" ? alpha / 2 : alpha;
  const target = tail - 10 * Number.EPSILON;
  let cumulative = 0;
  let q = 0;
  for (;;) {
    cumulative += counts[q] / total;
    if (cumulative >= target) break;
    q++;
  }
  if (q === 0) q = 1;
  const top = counts.length - 1;
  let below = 0;
  for (let v = 0; v <= q - 1 && v <= top; v++) below += counts[v];
  const probabilityBelow = below / total;
  const lower = sorted[q - 1];
  const upper = sorted[top - q];
  if (alternative === "greater")
    return { lower, upper: Number.POSITIVE_INFINITY, achievedAlpha: probabilityBelow };
  if (alternative === "less")
    return { lower: Number.NEGATIVE_INFINITY, upper, achievedAlpha: probabilityBelow };
  return { lower, upper, achievedAlpha: 2 * probabilityBelow };
}

/** Median of a sorted array (mean of the two middle values for an even length, as R). */
function sortedMedian(sorted: Float64Array): number {
  const n = sorted.length;
  const middle = n >> 1;
  return n % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
