import { cutoffRatio } from "./cutoff-ratio";
import { markerValue } from "./marker-value";
import type { Protocol } from "./protocol-schema";
import type { LabResultRecord } from "./records";
import { type Derived, trialProblem } from "./trial-problem";

export type Standardized = Derived<{ value: number }>;

/**
 * A marker value made comparable across markers (domain.md §4). With the protocol's
 * `markers.standardization`:
 * - 'cutoff' (default): value ÷ the cut-off valid on the draw date for its site and assay;
 *   > 1 means above the cut-off, so CEA, CA 15-3 and TPA can be pooled;
 * - 'baseline': value ÷ `baseline`, the patient's own pre-IL-2 value of the same cycle.
 *
 * @example
 * standardizedValue(seedProtocol, { analyte: "CEA", value: 7.5, unit: "ng/mL", drawnAt: "1993-03-08T08:00:00Z", subjectId: "PI-001" });
 * // => { ok: true, value: 1.5 }
 */
export function standardizedValue(
  protocol: Protocol,
  result: LabResultRecord,
  baseline?: LabResultRecord,
): Standardized {
  const value = markerValue(result);
  if (!value.ok) return value;
  if (protocol.markers.standardization === "baseline") {
    if (!baseline)
      return trialProblem(
        "no_baseline",
        `standardization 'baseline' needs the pre-IL-2 ${result.analyte} of the same cycle; record it`,
      );
    const reference = markerValue(baseline);
    if (!reference.ok) return reference;
    if (reference.value <= 0)
      return trialProblem(
        "zero_baseline",
        `the pre-IL-2 ${result.analyte} is 0; a ratio to it is undefined`,
      );
    return { ok: true, value: value.value / reference.value };
  }
  const ratio = cutoffRatio(protocol, result);
  return ratio.ok ? { ok: true, value: ratio.ratio } : ratio;
}
