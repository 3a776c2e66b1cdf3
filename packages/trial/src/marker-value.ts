import { normalizeUnit } from "./analytes";
import type { LabResultRecord } from "./records";
import { type Derived, trialProblem } from "./trial-problem";

/**
 * A result's value in the catalogue's unit, or why there is none (missing, or a unit that does
 * not convert).
 *
 * @example
 * markerValue({ analyte: "CEA", value: 4, unit: "µg/L", … }); // => { ok: true, value: 4 }
 */
export function markerValue(result: LabResultRecord): Derived<{ value: number }> {
  if (result.value === null)
    return trialProblem(
      "missing_value",
      `${result.analyte} of ${result.drawnAt} is missing${result.missingReason ? ` (${result.missingReason})` : ""}`,
    );
  const normalized = normalizeUnit(result.analyte, result.value, result.unit);
  return normalized.ok ? { ok: true, value: normalized.value } : normalized;
}
