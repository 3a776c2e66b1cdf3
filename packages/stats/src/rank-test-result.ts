/** The alternative hypothesis, with R's names. */
export type Alternative = "two.sided" | "less" | "greater";

export const alternatives: readonly Alternative[] = ["two.sided", "less", "greater"];

/** A test's answer with R's names: `statistic` and `p` as R's htest reports them. */
export interface RankTestResult {
  /** R's statistic: W for Mann–Whitney, V for the signed-rank test. */
  statistic: number;
  /** The p-value for the chosen alternative (R's `p.value`). */
  p: number;
  /** R's `method`, e.g. "Wilcoxon rank sum exact test". */
  method: string;
  alternative: Alternative;
  /** True when the p-value comes from the exact permutation distribution. */
  exact: boolean;
  /** The standardized statistic of the normal approximation (with continuity correction if used); NaN when exact. */
  z: number;
  /** Observations used (pairs after dropping zero differences for the signed-rank test). */
  n: number;
  /** R's warnings, word for word (e.g. "cannot compute exact p-value with ties"). */
  warnings: string[];
}

/**
 * p-value of an approximately standard normal statistic z for an alternative, as R's wilcox.test:
 * two-sided 2·min(Φ(z), 1 − Φ(z)).
 */
export function normalPValue(
  z: number,
  alternative: Alternative,
  normalCdf: (x: number, o: { lowerTail: boolean }) => number,
): number {
  if (alternative === "less") return normalCdf(z, { lowerTail: true });
  if (alternative === "greater") return normalCdf(z, { lowerTail: false });
  return 2 * Math.min(normalCdf(z, { lowerTail: true }), normalCdf(z, { lowerTail: false }));
}

/** R's continuity correction: ½ toward the null, its sign set by the alternative and by z. */
export function continuityCorrection(centred: number, alternative: Alternative): number {
  if (alternative === "less") return -0.5;
  if (alternative === "greater") return 0.5;
  return Math.sign(centred) * 0.5;
}
