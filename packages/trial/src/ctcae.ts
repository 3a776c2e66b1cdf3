import { normalizeUnit } from "./analytes";
import type { LabResultRecord } from "./records";
import { type Derived, trialProblem } from "./trial-problem";

/**
 * CTCAE v5.0 grades of the laboratory adverse events the regimen can cause, from the value and
 * the reference range. Grade 0 means within the range.
 *
 * Thresholds (CTCAE v5.0): neutrophil count decreased < LLN / 1.5 / 1.0 / 0.5 ×10⁹/L;
 * lymphocyte count decreased < LLN / 0.8 / 0.5 / 0.2 ×10⁹/L; ALT and AST increased (normal
 * baseline) > ULN / 3 / 5 / 20 × ULN; blood bilirubin increased > ULN / 1.5 / 3 / 10 × ULN;
 * creatinine increased > ULN / 1.5 / 3 / 6 × ULN.
 *
 * With an abnormal baseline (`baseline` above the ULN), CTCAE v5.0 grades ALT and AST by
 * multiples of the baseline (> 1.5 / 3 / 5 / 20 × baseline) and bilirubin likewise
 * (> 1.0 / 1.5 / 3 / 10 × baseline). Creatinine takes the higher of its ULN grade and its
 * baseline grade (> 1.5 × baseline is grade 2, > 3 × baseline grade 3), whatever the baseline.
 *
 * @example
 * ctcaeGrade("NEUTROPHILS", 0.8, { low: 2.0, high: 7.5 }); // => 3
 * ctcaeGrade("ALT", 130, { low: 0, high: 40 }); // => 2 (3.25 × ULN)
 * ctcaeGrade("ALT", 130, { low: 0, high: 40 }, 60); // => 1 (2.17 × an abnormal baseline of 60)
 */
export function ctcaeGrade(
  analyte: string,
  value: number,
  range: { low: number; high: number },
  baseline?: number,
): 0 | 1 | 2 | 3 | 4 {
  const decreased = decreasingThresholds[analyte];
  if (decreased) {
    if (value >= range.low) return 0;
    const grade = decreased.findIndex((threshold) => value >= threshold);
    return (grade === -1 ? 4 : grade + 1) as 1 | 2 | 3 | 4;
  }
  const multiples = increasingMultiples[analyte];
  if (!multiples)
    throw new RangeError(
      `no CTCAE grading for ${analyte}; grade one of ${gradedAnalytes.join(", ")}`,
    );
  const abnormal = baselineMultiples[analyte];
  if (abnormal && baseline !== undefined && baseline > range.high)
    return gradeByMultiples(value / baseline, abnormal);
  const byUln = gradeByMultiples(value / range.high, [1, ...multiples]);
  if (analyte === "CREATININE" && baseline !== undefined && baseline > 0) {
    const ratio = value / baseline;
    return Math.max(byUln, ratio > 3 ? 3 : ratio > 1.5 ? 2 : 0) as 0 | 1 | 2 | 3 | 4;
  }
  return byUln;
}

/** Grade from a ratio and the lower bounds of grades 1–4 (grade g when ratio > bounds[g−1]). */
function gradeByMultiples(ratio: number, bounds: readonly number[]): 0 | 1 | 2 | 3 | 4 {
  let grade = 0;
  while (grade < bounds.length && ratio > bounds[grade]) grade++;
  return grade as 0 | 1 | 2 | 3 | 4;
}

/** Lower bounds of grades 1–4 as multiples of an abnormal baseline. */
const baselineMultiples: Record<string, number[]> = {
  ALT: [1.5, 3, 5, 20],
  AST: [1.5, 3, 5, 20],
  BILIRUBIN: [1, 1.5, 3, 10],
};

/** Lower bounds of grades 1, 2, 3 (absolute, ×10⁹/L); below the last is grade 4. */
const decreasingThresholds: Record<string, number[]> = {
  NEUTROPHILS: [1.5, 1.0, 0.5],
  LYMPHOCYTES: [0.8, 0.5, 0.2],
};

/** Upper bounds of grades 1, 2, 3 as multiples of the ULN; above the last is grade 4. */
const increasingMultiples: Record<string, number[]> = {
  ALT: [3, 5, 20],
  AST: [3, 5, 20],
  BILIRUBIN: [1.5, 3, 10],
  CREATININE: [1.5, 3, 6],
};

export const gradedAnalytes = [
  ...Object.keys(decreasingThresholds),
  ...Object.keys(increasingMultiples),
];

export type CtcaeGrading = Derived<{ grade: 0 | 1 | 2 | 3 | 4 }>;

/**
 * CTCAE v5.0 grade of a recorded result: the value is brought to the catalogue's unit (the
 * thresholds of counts are in 10⁹/L) and graded against the result's own reference range and,
 * when given, the subject's baseline value (in the catalogue's unit).
 *
 * @example
 * gradeLabResult({ analyte: "NEUTROPHILS", value: 800, unit: "cells/µL", referenceLow: 2, referenceHigh: 7.5, … }); // => { ok: true, grade: 3 }
 */
export function gradeLabResult(result: LabResultRecord, baseline?: number): CtcaeGrading {
  if (!gradedAnalytes.includes(result.analyte))
    return trialProblem(
      "not_graded",
      `no CTCAE grading for ${result.analyte}; grade one of ${gradedAnalytes.join(", ")}`,
    );
  if (result.value === null)
    return trialProblem("missing_value", `${result.analyte} of ${result.drawnAt} is missing`);
  const normalized = normalizeUnit(result.analyte, result.value, result.unit);
  if (!normalized.ok) return normalized;
  const decreasing = result.analyte in decreasingThresholds;
  const bound = decreasing ? result.referenceLow : result.referenceHigh;
  if (bound == null)
    return trialProblem(
      "no_reference_range",
      `${result.analyte} of ${result.drawnAt} has no reference ${decreasing ? "low (LLN)" : "high (ULN)"}; record the laboratory's range`,
    );
  return {
    ok: true,
    grade: ctcaeGrade(
      result.analyte,
      normalized.value,
      { low: result.referenceLow ?? 0, high: result.referenceHigh ?? Number.POSITIVE_INFINITY },
      baseline,
    ),
  };
}
