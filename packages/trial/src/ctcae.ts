import { normalizeUnit } from "./analytes";
import type { LabResultRecord } from "./records";

/**
 * CTCAE v5.0 grades of the laboratory adverse events the regimen can cause, from the value and
 * the reference range. Grade 0 means within the range.
 *
 * Thresholds (CTCAE v5.0): neutrophil count decreased < LLN / 1.5 / 1.0 / 0.5 ×10⁹/L;
 * lymphocyte count decreased < LLN / 0.8 / 0.5 / 0.2 ×10⁹/L; ALT and AST increased (normal
 * baseline) > ULN / 3 / 5 / 20 × ULN; blood bilirubin increased > ULN / 1.5 / 3 / 10 × ULN;
 * creatinine increased > ULN / 1.5 / 3 / 6 × ULN.
 *
 * @example
 * ctcaeGrade("NEUTROPHILS", 0.8, { low: 2.0, high: 7.5 }); // => 3
 * ctcaeGrade("ALT", 130, { low: 0, high: 40 }); // => 2 (3.25 × ULN)
 */
export function ctcaeGrade(
  analyte: string,
  value: number,
  range: { low: number; high: number },
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
  if (value <= range.high) return 0;
  const ratio = value / range.high;
  const grade = multiples.findIndex((multiple) => ratio <= multiple);
  return (grade === -1 ? 4 : grade + 1) as 1 | 2 | 3 | 4;
}

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

export type CtcaeGrading = { ok: true; grade: 0 | 1 | 2 | 3 | 4 } | { ok: false; message: string };

/**
 * CTCAE v5.0 grade of a recorded result: the value is brought to the catalogue's unit (the
 * thresholds of counts are in 10⁹/L) and graded against the result's own reference range.
 *
 * @example
 * gradeLabResult({ analyte: "NEUTROPHILS", value: 800, unit: "cells/µL", referenceLow: 2, referenceHigh: 7.5, … }); // => { ok: true, grade: 3 }
 */
export function gradeLabResult(result: LabResultRecord): CtcaeGrading {
  if (!gradedAnalytes.includes(result.analyte))
    return {
      ok: false,
      message: `no CTCAE grading for ${result.analyte}; grade one of ${gradedAnalytes.join(", ")}`,
    };
  if (result.value === null)
    return { ok: false, message: `${result.analyte} of ${result.drawnAt} is missing` };
  const normalized = normalizeUnit(result.analyte, result.value, result.unit);
  if (!normalized.ok) return normalized;
  const decreasing = result.analyte in decreasingThresholds;
  const bound = decreasing ? result.referenceLow : result.referenceHigh;
  if (bound == null)
    return {
      ok: false,
      message: `${result.analyte} of ${result.drawnAt} has no reference ${decreasing ? "low (LLN)" : "high (ULN)"}; record the laboratory's range`,
    };
  return {
    ok: true,
    grade: ctcaeGrade(result.analyte, normalized.value, {
      low: result.referenceLow ?? 0,
      high: result.referenceHigh ?? Number.POSITIVE_INFINITY,
    }),
  };
}
