import { normalizeUnit } from "./analytes";
import type { LabResultRecord } from "./records";

/**
 * A result's value in the catalogue's unit, or why there is none (missing, or a unit that does
 * not convert).
 *
 * @example
 * markerValue({ analyte: "CEA", value: 4, unit: "µg/L", … }); // => { ok: true, value: 4 }
 */
export function markerValue(
  result: LabResultRecord,
): { ok: true; value: number } | { ok: false; message: string } {
  if (result.value === null)
    return {
      ok: false,
      message: `${result.analyte} of ${result.drawnAt} is missing${result.missingReason ? ` (${result.missingReason})` : ""}`,
    };
  const normalized = normalizeUnit(result.analyte, result.value, result.unit);
  return normalized.ok ? { ok: true, value: normalized.value } : normalized;
}
