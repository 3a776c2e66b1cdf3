import { normalCdf } from "./normal-cdf";
import { failure, type Outcome, success } from "./outcome";
import { rocAuc, sampleCovariance } from "./roc-auc";

export interface DeLongTest {
  /** z = (AUC₁ − AUC₂)/√(Var₁ + Var₂ − 2 Cov). */
  statistic: number;
  /** Two-sided p. */
  p: number;
  /** The two AUCs. */
  estimate: [number, number];
  method: string;
}

/**
 * DeLong's test that two markers measured on the same patients have equal ROC AUCs: pROC's
 * `roc.test(roc1, roc2, method = "delong", paired = TRUE)`.
 *
 * Formula: Cov = cov(V₁₀⁽¹⁾, V₁₀⁽²⁾)/n₁ + cov(V₀₁⁽¹⁾, V₀₁⁽²⁾)/n₀ from the placement values of
 * {@link rocAuc}; z as above, p = 2Φ(−|z|).
 * Reference: DeLong, DeLong & Clarke-Pearson (1988) Biometrics 44, 837–845.
 * Complexity: O(n). Edge cases: as {@link rocAuc}, and markers of different lengths; identical
 * markers (variance of the difference 0) are refused.
 *
 * @example
 * deLongTest(s100b, ndka, poorOutcome); // => { ok: true, value: { statistic: 1.3908, p: 0.1643, … } }
 */
export function deLongTest(
  first: ArrayLike<number>,
  second: ArrayLike<number>,
  isCase: ArrayLike<boolean>,
): Outcome<DeLongTest> {
  const a = rocAuc(first, isCase);
  if (!a.ok) return a;
  const b = rocAuc(second, isCase);
  if (!b.ok) return b;
  const covariance =
    sampleCovariance(a.value.casePlacements, b.value.casePlacements) / a.value.nCases +
    sampleCovariance(a.value.controlPlacements, b.value.controlPlacements) / a.value.nControls;
  const varianceOfDifference = a.value.variance + b.value.variance - 2 * covariance;
  if (!(varianceOfDifference > 0)) {
    return failure(
      "identical_markers",
      "the two markers rank the patients identically, so their AUCs cannot be compared; give two different markers",
    );
  }
  const statistic = (a.value.auc - b.value.auc) / Math.sqrt(varianceOfDifference);
  return success({
    statistic,
    p: 2 * normalCdf(-Math.abs(statistic)),
    estimate: [a.value.auc, b.value.auc],
    method: "DeLong's test for two correlated ROC curves",
  });
}
