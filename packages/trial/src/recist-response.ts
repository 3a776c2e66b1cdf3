import { inTimeOrder } from "./plain-date";
import type { LesionRecord, OverallResponse, ResponseAssessmentRecord } from "./records";
import { type TrialProblem, trialProblem } from "./trial-problem";

/** Response of the target lesions, of the non-target lesions, and overall (RECIST 1.1). */
export type TargetResponse = "CR" | "PR" | "SD" | "PD" | "NE";
export type NonTargetResponse = "CR" | "non-CR/non-PD" | "PD" | "NE";

/** One assessment of a series, evaluated against the baseline and the nadir. */
export interface RecistEvaluation {
  assessedOn: string;
  /** Sum of target diameters, mm (null when a target lesion was not measured). */
  targetSum: number | null;
  /** Smallest sum so far, baseline included, before this assessment. */
  nadir: number;
  targetResponse: TargetResponse | null;
  nonTargetResponse: NonTargetResponse | null;
  newLesions: boolean;
  overallResponse: OverallResponse;
}

export type RecistSeries =
  | { ok: true; baselineSum: number; evaluations: RecistEvaluation[] }
  | TrialProblem;

/**
 * Sum of the diameters of the target lesions: longest diameter, short axis for lymph nodes
 * (RECIST 1.1 §3.1). Null when a target lesion has no measurement (the sum is not evaluable).
 *
 * @example
 * targetSum([{ location: "liver-1", kind: "target", diameterMm: 32 }, { location: "node-1", kind: "target", diameterMm: 15, lymphNode: true }]); // => 47
 */
export function targetSum(lesions: readonly LesionRecord[]): number | null {
  let sum = 0;
  for (const lesion of lesions) {
    if (lesion.kind !== "target") continue;
    if (lesion.diameterMm == null) return null;
    sum += lesion.diameterMm;
  }
  return sum;
}

/**
 * Target-lesion response (RECIST 1.1 §4.3.1):
 * - CR: every non-nodal target gone (0 mm) and every nodal target < 10 mm short axis;
 * - PD: sum ≥ 1.2 × nadir and at least 5 mm above it (nadir = smallest sum, baseline included);
 * - PR: sum ≤ 0.7 × baseline sum (a decrease of at least 30 %);
 * - SD: neither; NE: a target lesion not measured.
 *
 * @example
 * targetResponse({ sum: 60, baselineSum: 50, nadir: 40, lesions }); // => "PD" (60 ≥ 48 and +20 mm)
 */
export function targetResponse(input: {
  sum: number | null;
  baselineSum: number;
  nadir: number;
  lesions: readonly LesionRecord[];
}): TargetResponse {
  const { sum, baselineSum, nadir, lesions } = input;
  if (sum === null) return "NE";
  if (sum >= 1.2 * nadir && sum - nadir >= 5) return "PD";
  const targets = lesions.filter((lesion) => lesion.kind === "target");
  const gone = targets.every((lesion) =>
    lesion.lymphNode ? (lesion.diameterMm ?? 0) < 10 : (lesion.diameterMm ?? 0) === 0,
  );
  if (targets.length > 0 && gone) return "CR";
  if (sum <= 0.7 * baselineSum) return "PR";
  return "SD";
}

/** Non-target response (RECIST 1.1 §4.3.2) from each non-target lesion's status. */
export function nonTargetResponse(lesions: readonly LesionRecord[]): NonTargetResponse | null {
  const nonTargets = lesions.filter((lesion) => lesion.kind === "non-target");
  if (nonTargets.length === 0) return null;
  if (nonTargets.some((lesion) => lesion.status === "progressed")) return "PD";
  if (nonTargets.some((lesion) => lesion.status == null)) return "NE";
  return nonTargets.every((lesion) => lesion.status === "absent") ? "CR" : "non-CR/non-PD";
}

/**
 * Overall response at one time point (RECIST 1.1 Tables 1 and 2). A new lesion or PD in either
 * part is PD. With no target lesions (Table 2) a non-CR/non-PD non-target response is reported
 * as SD, which the clinical-benefit rule then times like any SD.
 *
 * @example
 * combineResponses("CR", "non-CR/non-PD", false); // => "PR"
 */
export function combineResponses(
  target: TargetResponse | null,
  nonTarget: NonTargetResponse | null,
  newLesions: boolean,
): OverallResponse {
  if (newLesions || target === "PD" || nonTarget === "PD") return "PD";
  if (target === null) {
    if (nonTarget === null) return "NE";
    return nonTarget === "CR" ? "CR" : nonTarget === "NE" ? "NE" : "SD";
  }
  if (target === "CR") return nonTarget === "CR" || nonTarget === null ? "CR" : "PR";
  if (target === "NE") return "NE";
  return target;
}

/**
 * Evaluates a subject's RECIST 1.1 assessments in date order: the first is the baseline; each
 * later one gets its target sum, the nadir before it, and the overall response from its target,
 * non-target and new lesions. WHO assessments are refused with a message: WHO measures
 * bidimensional products, which cannot be compared with RECIST sums, so a series must use one
 * criterion; their recorded overall responses still count in `bestOverallResponse`.
 *
 * Complexity O(n · lesions).
 *
 * @example
 * evaluateRecist(assessments).evaluations.map((e) => e.overallResponse); // => ["PR", "PR", "PD"]
 */
export function evaluateRecist(assessments: readonly ResponseAssessmentRecord[]): RecistSeries {
  const series = [...assessments].sort((a, b) => inTimeOrder(a.assessedOn, b.assessedOn));
  const who = series.find((assessment) => assessment.criteria !== "RECIST1.1");
  if (who)
    return trialProblem(
      "not_recist",
      `the assessment of ${who.assessedOn} uses ${who.criteria} criteria; derive responses from RECIST 1.1 assessments only, or keep its recorded overall response`,
    );
  if (series.length === 0)
    return trialProblem("no_baseline_assessment", "record a baseline assessment first");
  const baselineLesions = series[0].lesions ?? [];
  const baselineSum = targetSum(baselineLesions);
  if (baselineSum === null)
    return trialProblem(
      "missing_diameter",
      `a target lesion of the baseline (${series[0].assessedOn}) has no diameter; record every target diameter at baseline`,
    );
  const hasTargets = baselineLesions.some((lesion) => lesion.kind === "target");
  let nadir = baselineSum;
  const evaluations: RecistEvaluation[] = [];
  for (const assessment of series.slice(1)) {
    const lesions = assessment.lesions ?? [];
    const sum = targetSum(lesions);
    const target = hasTargets ? targetResponse({ sum, baselineSum, nadir, lesions }) : null;
    const nonTarget = nonTargetResponse(lesions);
    const newLesions = lesions.some((lesion) => lesion.kind === "new");
    evaluations.push({
      assessedOn: assessment.assessedOn,
      targetSum: sum,
      nadir,
      targetResponse: target,
      nonTargetResponse: nonTarget,
      newLesions,
      overallResponse: combineResponses(target, nonTarget, newLesions),
    });
    if (sum !== null) nadir = Math.min(nadir, sum);
  }
  return { ok: true, baselineSum, evaluations };
}
