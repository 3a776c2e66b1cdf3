import { midranks } from "./midranks";
import { normalQuantile } from "./normal-quantile";
import { failure, type Outcome, success } from "./outcome";

export interface RocAuc {
  /** Area under the ROC curve: P(case > control) + ½ P(tie), the Mann–Whitney W / (n_case·n_control). */
  auc: number;
  /** DeLong variance of the AUC. */
  variance: number;
  /** auc ± z·√variance, truncated to [0, 1] (pROC's `ci.auc(method = "delong")`). */
  confInt: [number, number];
  confLevel: number;
  nCases: number;
  nControls: number;
  /** DeLong's placement values: for each case, the share of controls below it (ties ½). */
  casePlacements: Float64Array;
  /** For each control, the share of cases above it (ties ½). */
  controlPlacements: Float64Array;
}

/**
 * ROC area under the curve with DeLong's variance and confidence interval, where higher marker
 * values indicate a case: pROC's `ci.auc(roc(outcome, marker, direction = "<"), method = "delong")`.
 *
 * Formula: placements V₁₀(caseᵢ) = (1/n₀) Σⱼ ψ(caseᵢ, controlⱼ) and V₀₁(controlⱼ) = (1/n₁) Σᵢ ψ,
 * ψ = 1 if case > control, ½ if tied, 0 otherwise, computed from midranks (rank among all minus
 * rank within the group); AUC = mean V₁₀; Var = s²(V₁₀)/n₁ + s²(V₀₁)/n₀ with sample variances.
 * Reference: DeLong, DeLong & Clarke-Pearson (1988) Biometrics 44, 837–845; Sun & Xu (2014)
 * IEEE Signal Processing Letters 21, 1389–1393 (the rank form).
 * Complexity: O(n) after the package's radix argsort.
 * Edge cases: no cases or no controls, fewer than 2 of either (variance undefined) and
 * non-finite markers are refused with a message. The direction is fixed (pROC would detect it).
 *
 * @example
 * rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]); // => { ok: true, value: { auc: 0.75, … } }
 */
export function rocAuc(
  marker: ArrayLike<number>,
  isCase: ArrayLike<boolean>,
  { confLevel = 0.95 }: { confLevel?: number } = {},
): Outcome<RocAuc> {
  if (marker.length !== isCase.length) {
    return failure(
      "bad_sample",
      `marker has ${marker.length} values and isCase ${isCase.length}; give one outcome per marker value`,
    );
  }
  for (let i = 0; i < marker.length; i++) {
    if (!Number.isFinite(marker[i])) {
      return failure(
        "bad_sample",
        `marker[${i}] is ${marker[i]}; remove missing values before the ROC analysis`,
      );
    }
  }
  const cases: number[] = [];
  const controls: number[] = [];
  for (let i = 0; i < marker.length; i++) (isCase[i] ? cases : controls).push(marker[i]);
  if (cases.length < 2 || controls.length < 2) {
    return failure(
      "too_few",
      `${cases.length} cases and ${controls.length} controls; DeLong's variance needs at least 2 of each`,
    );
  }
  const { casePlacements, controlPlacements } = placements(cases, controls);
  const auc = mean(casePlacements);
  const variance =
    sampleVariance(casePlacements) / cases.length +
    sampleVariance(controlPlacements) / controls.length;
  const half = normalQuantile(1 - (1 - confLevel) / 2) * Math.sqrt(variance);
  return success({
    auc,
    variance,
    confInt: [Math.max(0, auc - half), Math.min(1, auc + half)],
    confLevel,
    nCases: cases.length,
    nControls: controls.length,
    casePlacements,
    controlPlacements,
  });
}

/** DeLong placement values of cases and controls from midranks. */
export function placements(
  cases: number[],
  controls: number[],
): { casePlacements: Float64Array; controlPlacements: Float64Array } {
  const all = midranks([...cases, ...controls]).ranks;
  const withinCases = midranks(cases).ranks;
  const withinControls = midranks(controls).ranks;
  const casePlacements = Float64Array.from(
    cases,
    (_, i) => (all[i] - withinCases[i]) / controls.length,
  );
  const controlPlacements = Float64Array.from(
    controls,
    (_, j) => 1 - (all[cases.length + j] - withinControls[j]) / cases.length,
  );
  return { casePlacements, controlPlacements };
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Sample covariance (n − 1 denominator); the variance when a = b. */
export function sampleCovariance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const meanA = mean(a);
  const meanB = mean(b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - meanA) * (b[i] - meanB);
  return sum / (a.length - 1);
}

function sampleVariance(values: ArrayLike<number>): number {
  return sampleCovariance(values, values);
}
