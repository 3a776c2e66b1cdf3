import { analytes, checkPhysiologicalLimits, normalizeUnit } from "@ciclo/trial";
import type { FieldProblem, RecordCheck } from "./record-check";

const converted = ["value", "referenceLow", "referenceHigh"] as const;

/**
 * A lab result names an analyte of the catalogue, in a unit that converts to the catalogue's
 * unit, with a value a patient can have — or no value, with the reason kept apart from it.
 * The value and its reference limits are stored in the catalogue unit, and the code defaults to
 * the analyte's LOINC code.
 *
 * @example
 * checkLabResult({ analyte: "CRP", value: 1.2, unit: "mg/dL" });
 * // => { ok: true, record: { analyte: "CRP", value: 12, unit: "mg/L", code: "1988-5" } }
 */
export const checkLabResult: RecordCheck = (record) => {
  const { analyte, unit } = record as { analyte?: string; unit?: string };
  if (!analyte || !unit) return { ok: true, record };
  const probe = normalizeUnit(analyte, 0, unit);
  if (!probe.ok) {
    const field = probe.code === "unknown_analyte" ? "analyte" : "unit";
    return { ok: false, problems: [{ field, message: probe.message }] };
  }
  const stored: Record<string, unknown> = {
    ...record,
    unit: probe.unit,
    code: record.code ?? analytes[analyte]?.loinc ?? null,
  };
  for (const field of converted) {
    const value = record[field];
    if (typeof value !== "number") continue;
    const normalized = normalizeUnit(analyte, value, unit);
    if (normalized.ok) stored[field] = normalized.value;
  }
  const problems: FieldProblem[] = [];
  if (typeof stored.value === "number") {
    const impossible = checkPhysiologicalLimits(analyte, stored.value);
    if (impossible) problems.push({ field: "value", message: impossible });
  } else if (!record.missingReason && !record.belowLimit) {
    problems.push({
      field: "value",
      message:
        "value is empty; give the value, or the reason it is missing (missing_reason), or mark it below the limit (below_limit)",
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, record: stored };
};
